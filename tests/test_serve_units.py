"""The preview server on a tree of units: the hub at /, each unit at /<unit>/, and a save in one
unit's folder rebuilds that unit only (a save in the common catalogue, every unit)."""

from __future__ import annotations

import threading
import time

import pytest

from .test_serve import get, launch
from .unit_tree import write_units


@pytest.fixture
def server(tmp_path):
    content = write_units(tmp_path / "content")
    proc, address, lines = launch(content)
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    yield address, content, lines
    proc.terminate()
    proc.wait(timeout=10)


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_hub_and_units_are_served_and_a_unit_edit_rebuilds_that_unit(server):
    address, content, lines = server
    assert 'href="xa-a/index.html"' in get(address)
    assert "UBND xã An Phú" in get(address + "xa-a/")
    assert "0239 222 002" in get(address + "phuong-b/co-quan/ubnd-xa/")
    start = len(lines)
    path = content / "units" / "phuong-b" / "agencies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("0239 222 002", "0239 777 002"), encoding="utf-8")
    wait_for(lambda: "0239 777 002" in get(address + "phuong-b/co-quan/ubnd-xa/"))
    rebuilt = wait_for(lambda: [line for line in lines[start:] if line.startswith("Đơn vị dựng lại")])
    assert rebuilt == ["Đơn vị dựng lại: phuong-b.\n"], lines[start:]
    start = len(lines)
    shared = content / "procedures" / "1.000001.yaml"
    shared.write_text(shared.read_text(encoding="utf-8").replace("Giấy khai sinh", "Bản chính Giấy khai sinh"),
                      encoding="utf-8")
    wait_for(lambda: "Bản chính Giấy khai sinh" in get(address + "xa-a/thu-tuc/1.000001/"))
    wait_for(lambda: "Bản chính Giấy khai sinh" in get(address + "phuong-b/thu-tuc/1.000001/"))
    rebuilt = wait_for(lambda: [line for line in lines[start:] if line.startswith("Đơn vị dựng lại")])
    assert rebuilt == ["Đơn vị dựng lại: phuong-b, xa-a.\n"], lines[start:]
