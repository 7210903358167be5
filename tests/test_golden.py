"""Golden output of the scratch site: any change to what is written shows up as a diff.

After an intended change, regenerate and review the diff before committing:

    CONGKHAI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from congkhai.cli import main

from .conftest import tree_digest

GOLDEN = Path(__file__).resolve().parent / "golden" / "scratch"
# Copied verbatim from theme/ (and the manifest of hashes): no signal in a golden tree, only churn.
SKIP = ("assets/", ".congkhai-manifest.json")


def generated(root: Path) -> dict[str, str]:
    return {k: v for k, v in tree_digest(root).items() if not k.startswith(SKIP)}
ARGS = ["build", "--content", "content", "--output", "out", "--as-of", "2025-01-01"]


def test_scratch_site_matches_golden(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ARGS)
    assert result.exit_code == 0, result.output
    built = tmp_path / "out"
    if os.environ.get("CONGKHAI_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(built, GOLDEN, ignore=lambda folder, names: [n for n in names if n in ("assets", ".congkhai-manifest.json")])
    assert GOLDEN.is_dir(), "no golden tree: run CONGKHAI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    expected, actual = generated(GOLDEN), generated(built)
    assert sorted(actual) == sorted(expected), "files added or missing"
    for rel in sorted(expected):
        if expected[rel] != actual[rel]:
            diff = difflib.unified_diff((GOLDEN / rel).read_text(encoding="utf-8").splitlines(),
                                        (built / rel).read_text(encoding="utf-8").splitlines(),
                                        f"golden/{rel}", f"built/{rel}", lineterm="", n=2)
            raise AssertionError("\n".join(list(diff)[:80]))
