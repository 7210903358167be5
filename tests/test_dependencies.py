"""The dependency records a page leaves and the keep-or-render decision, one rule at a time, so
that a failure names the dependency that went wrong (test_incremental.py compares whole trees)."""

from __future__ import annotations

import datetime as dt

import pytest

from congkhai.diagnostics import Report
from congkhai.incremental.pages import (
    PageRecord,
    ProfilePages,
    fingerprints_now,
    to_check_again,
    unchanged_pages,
)
from congkhai.model.dependencies import ALL, CatalogueView, Fingerprints, PageKeys
from congkhai.pipeline import BuildConfig, load_catalogue

from .conftest import write_site

DAY = dt.date(2025, 1, 1)
SETTINGS = {"base_url": "https://example.gov.vn/tthc/", "profile": "web", "as_of": DAY}


def catalogue_of(content, as_of=DAY):
    report = Report()
    catalogue = load_catalogue(BuildConfig(content=content, as_of=as_of), report)
    assert catalogue is not None, [d.format() for d in report.errors]
    return catalogue


def edit(content, rel, old, new):
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- what reading records --------------------------------------------------------------

def test_reading_a_listed_attribute_records_the_summary_and_any_other_the_whole_procedure(scratch):
    deps: set = set()
    view = CatalogueView(catalogue_of(scratch), deps)
    procedure = view.site.procedures["1.000656"]
    assert procedure.name == "Đăng ký khai tử"
    assert deps == {("summary", "1.000656")}
    assert procedure.steps
    assert deps == {("summary", "1.000656"), ("procedure", "1.000656")}


@pytest.mark.parametrize("read, recorded", [
    (lambda v: v.lifecycle.statuses["1.000656"], {("status", "1.000656")}),
    (lambda v: list(v.lifecycle.statuses), {("status", "*")}),
    (lambda v: len(v.site.procedures), {("summary", "*")}),
    (lambda v: v.site.by_field.get("ho-tich"), {("by_field", "ho-tich")}),
    (lambda v: v.completeness.labels("2.000815"), {("missing", "2.000815")}),
    (lambda v: v.completeness.summary(), {("missing", "*"), ("status", "*")}),
    (lambda v: v.current_codes(["1.000656"]), {("summary", "1.000656"), ("status", "1.000656")}),
    (lambda v: v.lifecycle.as_of, {("as_of",)}),
    (lambda v: v.lifecycle.changes, {("changes",)}),
    (lambda v: v.site.decisions["qd-1"], {("decision", "qd-1")}),
    (lambda v: v.lifecycle.listed, {ALL}),  # no finer rule: depends on everything
])
def test_each_kind_of_read_records_its_dependency(scratch, read, recorded):
    deps: set = set()
    read(CatalogueView(catalogue_of(scratch), deps))
    assert deps == recorded


# --- what changes the value of a dependency -----------------------------------------------

def changed_after(content, change, as_of=DAY, read=None) -> set:
    """The dependencies whose value differs after ``change`` (every dependency a page of the
    scratch site can record, as far as ``read`` names them)."""
    before = catalogue_of(content)
    deps = read or [(k, c) for k in ("procedure", "summary", "status", "missing") for c in before.site.procedures] + [
        (k, "*") for k in ("procedure", "summary", "status", "missing", "decision", "plan", "page")] + [
        ("decision", "qd-1"), ("decision", "qd-2"), ("as_of",), ("changes",), ("by_field", "ho-tich"),
        ("by_agency", "ubnd-xa"), ("by_level", "xa"), ALL]
    then = Fingerprints(before, SETTINGS)
    known = {dep: then(dep) for dep in deps}
    change()
    return Fingerprints(catalogue_of(content, as_of), SETTINGS).changed(known)


def test_a_step_changes_the_procedure_but_not_its_summary(scratch):
    changed = changed_after(scratch, lambda: edit(scratch, "procedures/1.000656.yaml", "Nộp hồ sơ tại", "Nộp tại"))
    assert changed == {("procedure", "1.000656"), ("procedure", "*"), ALL}


def test_a_name_changes_the_summary_too(scratch):
    changed = changed_after(scratch, lambda: edit(scratch, "procedures/1.000656.yaml",
                                                  "name: Đăng ký khai tử", "name: Khai tử"))
    assert changed == {("procedure", "1.000656"), ("procedure", "*"), ("summary", "1.000656"), ("summary", "*"), ALL}


def test_a_removed_element_changes_what_is_missing(scratch):
    changed = changed_after(scratch, lambda: edit(scratch, "procedures/1.000656.yaml",
                                                  "result: Trích lục khai tử\n", ""))
    assert {("missing", "1.000656"), ("missing", "*")} <= changed
    assert ("summary", "1.000656") not in changed and ("missing", "2.000815") not in changed


def test_a_decision_date_changes_the_status_of_the_procedures_it_names_only(scratch):
    changed = changed_after(scratch, lambda: edit(scratch, "decisions/qd-1.yaml",
                                                  "effective: 2020-04-01", "effective: 2025-06-01"))
    assert {("status", "1.000656"), ("status", "2.000815"), ("decision", "qd-1"), ("changes",)} <= changed
    assert ("status", "1.001193") not in changed and ("decision", "qd-2") not in changed
    assert not {dep for dep in changed if dep[0] in ("procedure", "summary", "missing")}


def test_another_day_changes_the_day_and_nothing_else_here(scratch):
    changed = changed_after(scratch, lambda: None, as_of=DAY + dt.timedelta(days=1))
    assert changed == {("as_of",), ALL}


def test_a_new_procedure_changes_every_whole_kind_it_is_part_of(scratch):
    def add():
        text = (scratch / "procedures/1.001193.yaml").read_text(encoding="utf-8")
        text = text.replace('"1.001193"', '"1.999999"').replace("decision: qd-2\n", "")
        (scratch / "procedures/1.999999.yaml").write_text(text, encoding="utf-8")
    changed = changed_after(scratch, add)
    assert {("procedure", "*"), ("summary", "*"), ("status", "*"), ("missing", "*"), ("by_field", "ho-tich"),
            ("by_agency", "ubnd-xa"), ("by_level", "xa")} <= changed
    # the other procedures' own values are as they were
    assert not {dep for dep in changed if dep[0] in ("procedure", "summary", "status", "missing") and dep[1] != "*"}


def test_a_summary_is_not_worked_out_again_while_its_file_is_the_same(scratch):
    """``changed`` trusts the procedure's file digest for the values that come from it alone."""
    catalogue = catalogue_of(scratch)
    fingerprints = Fingerprints(catalogue, SETTINGS)
    known = {("procedure", "1.000656"): fingerprints(("procedure", "1.000656")), ("summary", "1.000656"): "stale"}
    assert Fingerprints(catalogue, SETTINGS).changed(known) == set()
    known[("procedure", "1.000656")] = "another digest"
    assert Fingerprints(catalogue, SETTINGS).changed(known) == set(known)


# --- page keys --------------------------------------------------------------------------

def test_a_page_key_names_the_model_by_its_file_and_keeps_plain_values(scratch):
    catalogue = catalogue_of(scratch)
    keys = PageKeys(catalogue)
    procedure = catalogue.site.procedures["1.000656"]
    key = keys("procedure.html", {"code": "1.000656", "procedure": procedure, "codes": ["a", "b"]})
    assert key == ("procedure.html", [("code", "1.000656"),
                                      ("procedure", ("source", catalogue.site.sources[("procedure", "1.000656")])),
                                      ("codes", ["a", "b"])])
    assert keys("procedure.html", {"procedure": procedure}) != keys("other.html", {"procedure": procedure})


# --- keep or render ---------------------------------------------------------------------

RECORD = PageRecord(key=("page.html", []), deps=frozenset({("summary", "1"), ("status", "1")}))
LAST = ProfilePages(base_key="base", pages={"a/index.html": RECORD})


@pytest.mark.parametrize("why, base_key, key, changed, trusted, kept", [
    ("nothing changed", "base", RECORD.key, set(), {"a/index.html"}, True),
    ("a dependency it did not read changed", "base", RECORD.key, {("summary", "2")}, {"a/index.html"}, True),
    ("a dependency it read changed", "base", RECORD.key, {("status", "1")}, {"a/index.html"}, False),
    ("its template or context changed", "base", ("page.html", ["other"]), set(), {"a/index.html"}, False),
    ("the file in the output folder is not as that build left it", "base", RECORD.key, set(), set(), False),
    ("code, templates or shared files changed", "another", RECORD.key, set(), {"a/index.html"}, False),
])
def test_keep_or_render(why, base_key, key, changed, trusted, kept):
    result = unchanged_pages(LAST, base_key, {"a/index.html": key, "b/index.html": key}, changed, frozenset(trusted))
    assert (result == {"a/index.html"}) is kept, why
    assert "b/index.html" not in result  # never written by the last build


def test_a_kept_page_is_checked_again_when_what_it_links_to_went_away_or_changed():
    records = {
        "a.html": PageRecord(("t",), frozenset(), targets=frozenset({"b.html", "c.html"})),
        "b.html": PageRecord(("t",), frozenset(), targets=frozenset({"a.html"}), anchored=frozenset({"a.html"})),
        "d.html": PageRecord(("t",), frozenset(), targets=frozenset({"a.html"})),
    }
    kept = {"a.html", "b.html", "d.html"}
    assert to_check_again(records, kept, {"a.html", "b.html", "d.html"}, set()) == ["a.html"]  # c.html is gone
    assert to_check_again(records, kept, {"a.html", "b.html", "c.html", "d.html"}, {"a.html"}) == ["b.html"]


def test_fingerprints_for_the_next_build_drop_what_changed_and_add_what_pages_read_now():
    last = ProfilePages("base", {}, {("status", "1"): "old", ("summary", "1"): "same"})
    now = {("status", "1"): "new", ("summary", "1"): "same", ("as_of",): "2025-01-01"}
    values = fingerprints_now(last, {("status", "1")}, {"p.html": frozenset({("status", "1"), ("as_of",)})}, now.get)
    assert values == now


def test_records_survive_pickling_as_the_disk_cache_keeps_them():
    import pickle
    assert pickle.loads(pickle.dumps(LAST)) == LAST
    assert RECORD._replace(targets=frozenset({"x"})) != RECORD


@pytest.fixture
def scratch(tmp_path):
    from .conftest import SCRATCH_FILES
    return write_site(tmp_path / "content", SCRATCH_FILES)
