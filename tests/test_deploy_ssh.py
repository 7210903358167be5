"""Deploy over SSH for real: Debian's OpenSSH server on 127.0.0.1, started and stopped here.

Under CI=true a missing sshd or rsync fails the test instead of skipping it.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import release_files, require, run_cli

pytestmark = pytest.mark.slow  # starts an sshd of its own

SSHD = Path("/usr/sbin/sshd")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    require(SSHD.exists(), "no sshd: apt-get install openssh-server")
    require(shutil.which("rsync") is not None, "no rsync: apt-get install rsync")
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    shutil.copy(folder / "client.pub", folder / "authorized_keys")
    port, user = free_port(), getpass.getuser()
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no", f"PidFile {folder / 'sshd.pid'}",
        "PermitRootLogin prohibit-password", f"AllowUsers {user}", ""]), encoding="utf-8")
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # privilege separation folder
    server = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    ssh = (f"ssh -p {port} -i {folder / 'client'} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
           "-o BatchMode=yes -o LogLevel=ERROR")
    deadline = time.monotonic() + 20
    while subprocess.run([*ssh.split(), f"{user}@127.0.0.1", "true"], capture_output=True).returncode != 0:
        assert server.poll() is None, server.stderr.read().decode()
        assert time.monotonic() < deadline, "sshd did not come up"
        time.sleep(0.2)
    yield user, ssh
    server.terminate()
    server.wait(timeout=10)


def test_deploy_redeploy_and_rollback_over_ssh(sshd, scratch, tmp_path):
    user, ssh = sshd
    first, second, www = tmp_path / "b1", tmp_path / "b2", tmp_path / "www"
    assert run_cli("build", "--content", str(scratch), "--output", str(first)).returncode == 0
    target = f"{user}@127.0.0.1:{www}"
    r = run_cli("deploy", target, "--output", str(first), "--content", str(scratch), "--ssh", ssh)
    assert r.returncode == 0, r.stderr
    expected_first = release_files(first)
    assert release_files(www / "current") == expected_first
    page = scratch / "pages" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Trang giới thiệu.", "Bản mới."), encoding="utf-8")
    assert run_cli("build", "--content", str(scratch), "--output", str(second)).returncode == 0
    dry = run_cli("deploy", target, "--output", str(second), "--content", str(scratch), "--ssh", ssh, "--dry-run")
    assert dry.returncode == 0 and "  ~ gioi-thieu/index.html" in dry.stdout
    r = run_cli("deploy", target, "--output", str(second), "--content", str(scratch), "--ssh", ssh)
    assert r.returncode == 0, r.stderr
    assert "Bản mới." in (www / "current/gioi-thieu/index.html").read_text(encoding="utf-8")
    releases = sorted(p.name for p in (www / "releases").iterdir())
    assert len(releases) == 2 and os.readlink(www / "current") == f"releases/{releases[1]}"
    # unchanged files are hard links to the previous release (rsync --link-dest), not copies
    assert os.stat(www / "releases" / releases[0] / "assets/style.css").st_ino == \
        os.stat(www / "releases" / releases[1] / "assets/style.css").st_ino
    r = run_cli("deploy", target, "--rollback", "--ssh", ssh)
    assert r.returncode == 0, r.stderr
    assert release_files(www / "current") == expected_first


def test_unreachable_server_is_a_clear_error(sshd, scratch, tmp_path):
    user, ssh = sshd
    assert run_cli("build", "--content", str(scratch), "--output", str(tmp_path / "b")).returncode == 0
    bad = ssh.replace("-p ", "-p 1 -o ConnectTimeout=3 -p ")  # first -p wins: port 1, nothing listens
    r = run_cli("deploy", f"{user}@127.0.0.1:{tmp_path / 'www'}", "--output", str(tmp_path / "b"),
                "--content", str(scratch), "--ssh", bad)
    assert r.returncode == 1 and "lỗi:" in r.stderr and "Traceback" not in r.stderr
