"""Procedure status comes from decisions and the --as-of date."""

import datetime as dt
import textwrap

from click.testing import CliRunner

from congkhai.cli import main
from congkhai.diagnostics import Report
from congkhai.pipeline import BuildConfig, load_catalogue


def text_of(html: str) -> str:
    """The visible text of a page, tags removed and spaces folded."""
    import re
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def catalogue_at(content, day):
    report = Report()
    catalogue = load_catalogue(BuildConfig(content=content, as_of=day), report)
    assert catalogue is not None, [d.format() for d in report.errors]
    return catalogue


def add_future_decision(content):
    (content / "decisions" / "qd-3.yaml").write_text(textwrap.dedent("""\
        number: 3/QĐ-UBND
        date: 2026-11-10
        effective: 2027-01-01
        changes:
          - code: "1.000656"
            action: amended
          - code: "1.001193"
            action: abolished
            effective: 2027-03-01
        """), encoding="utf-8")


def test_replacement_before_and_after_its_effective_date(scratch):
    # qd-2 (effective 2024-07-01): 1.001193 replaces 2.000815.
    before = catalogue_at(scratch, dt.date(2024, 6, 30)).lifecycle.statuses
    assert before["2.000815"].state == "current"
    assert before["1.001193"].state == "upcoming" and before["1.001193"].since == dt.date(2024, 7, 1)
    after = catalogue_at(scratch, dt.date(2024, 7, 1)).lifecycle.statuses
    assert after["2.000815"].state == "replaced"
    assert after["2.000815"].replaced_by == ("1.001193",)
    assert after["1.001193"].state == "current" and after["1.001193"].replaces == ("2.000815",)


def test_nothing_is_current_before_the_first_decision(scratch):
    statuses = catalogue_at(scratch, dt.date(2020, 3, 31)).lifecycle.statuses
    assert {s.state for s in statuses.values()} == {"upcoming"}
    assert catalogue_at(scratch, dt.date(2020, 4, 1)).current_codes() == ["2.000815", "1.000656"]


def test_future_changes_do_not_alter_the_current_catalogue(scratch):
    add_future_decision(scratch)
    now = catalogue_at(scratch, dt.date(2026, 12, 31))
    assert set(now.current_codes()) == {"1.000656", "1.001193"}
    assert [e.action for e in now.lifecycle.statuses["1.000656"].upcoming] == ["amended"]
    assert [(e.code, e.upcoming) for e in now.lifecycle.changes if e.decision == "qd-3"] == [
        ("1.001193", True), ("1.000656", True)]
    between = catalogue_at(scratch, dt.date(2027, 1, 1))
    assert between.lifecycle.statuses["1.000656"].state == "current"
    assert between.lifecycle.statuses["1.000656"].upcoming == ()
    assert between.lifecycle.statuses["1.001193"].state == "current"
    later = catalogue_at(scratch, dt.date(2027, 3, 1))
    assert later.lifecycle.statuses["1.001193"].state == "abolished"
    assert later.current_codes() == ["1.000656"]


def test_abolished_and_replaced_procedures_keep_their_page(scratch, tmp_path, monkeypatch):
    add_future_decision(scratch)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out", "--as-of", "2027-03-01"])
    assert result.exit_code == 0, result.output
    replaced = (tmp_path / "out/thu-tuc/2.000815/index.html").read_text(encoding="utf-8")
    assert "đã được thay thế từ ngày 01 tháng 07 năm 2024" in text_of(replaced)
    assert 'href="../1.001193/index.html"' in replaced
    abolished = (tmp_path / "out/thu-tuc/1.001193/index.html").read_text(encoding="utf-8")
    assert "đã bị bãi bỏ từ ngày 01 tháng 03 năm 2027" in text_of(abolished)
    catalogue = (tmp_path / "out/thu-tuc/index.html").read_text(encoding="utf-8")
    table = catalogue.split("<table", 1)[1].split("</table>", 1)[0]
    assert "1.000656" in table and "1.001193" not in table and "2.000815" not in table


def test_upcoming_procedure_page_says_from_when(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out", "--as-of", "2024-06-30"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out/thu-tuc/1.001193/index.html").read_text(encoding="utf-8")
    assert "áp dụng từ ngày 01 tháng 07 năm 2024" in text_of(page)
    changes = (tmp_path / "out/thay-doi/index.html").read_text(encoding="utf-8")
    assert "sắp có hiệu lực" in changes


def test_sample_content_lifecycle():
    from pathlib import Path
    content = Path(__file__).resolve().parent.parent / "content"
    before = catalogue_at(content, dt.date(2026, 12, 31)).lifecycle.statuses
    after = catalogue_at(content, dt.date(2027, 3, 1)).lifecycle.statuses
    assert before["2.002622"].state == "replaced" and before["2.002622"].replaced_by == ("2.002913",)
    assert before["1.010077"].state == "upcoming" and after["1.010077"].state == "current"
    assert before["2.000843"].state == "current" and after["2.000843"].state == "abolished"
