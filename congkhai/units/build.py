"""Build or check the units of a tree of units, each one as its own build (pipeline.build with
``config.unit``) into output/<unit>/, in parallel processes; then the hub page.

Each unit is an independent job: ``--unit ID`` builds one, so a CI matrix or any job runner
can spread a province over machines (``python build.py units --json`` lists them). On one
machine the units are shared among forked worker processes. Every message names its unit.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build.load import UNITS
from ..diagnostics import ERROR, Diagnostic, Report, display_path
from ..incremental.reuse import NO_REUSE, Reuse, SharedDocuments
from ..pipeline import BuildConfig, BuildResult, build
from ..text.vietnamese import slugify
from .hub import remove_gone_units, write_hub, write_tree_manifest
from .tree import RESERVED, UNIT_ID, read_site, unit_ids

UNIT_ONLY = ("feedback", "pages", "plans", "templates", "theme")  # each unit's own, not read at the top


@dataclass(frozen=True)
class UnitOutcome:
    """What one unit's build says, small enough to send back from a worker process."""

    unit: str
    # (path, line, col, message, hint, severity) of each Diagnostic: plain tuples pickle, travel
    # and group several times faster (a unit of 400 incomplete procedures has 2,400 warnings)
    diagnostics: tuple[tuple, ...]
    files: int = 0
    rendered: int = 0
    written: int = 0
    unchanged: bool = False
    summary: str = ""
    external_links: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(d[5] == ERROR for d in self.diagnostics)


@dataclass
class UnitsResult:
    outcomes: list[UnitOutcome]
    report: Report = field(default_factory=Report)  # every message, naming its units
    hub: Path | None = None  # output/index.html, when every unit was built
    removed: list[str] = field(default_factory=list)  # folders of units no longer in the tree

    @property
    def ok(self) -> bool:
        return not self.report.errors and all(o.ok for o in self.outcomes)


def unit_config(config: BuildConfig, unit: str) -> BuildConfig:
    """The build of one unit: into output/<unit>/ (and kiosk/<unit>/ with profile all)."""
    kiosk = config.kiosk_output / unit if config.kiosk_output is not None else None
    return replace(config, unit=unit, output=config.output / unit, kiosk_output=kiosk)


def build_units(config: BuildConfig, units: list[str] | None = None,
                reuse_for: Callable[[str], Reuse] = lambda unit: NO_REUSE, jobs: int | None = None) -> UnitsResult:
    """Build (or, with config.write False, check) ``units`` (default: all) of the tree at
    config.content. The hub page is written when every unit was built without a mistake."""
    every = unit_ids(config.content)
    wrong = [unit for unit in every if not UNIT_ID.match(unit) or unit in RESERVED]
    every = [unit for unit in every if unit not in wrong]
    chosen = every if units is None else [unit for unit in units if unit not in wrong]
    workers = min(jobs or os.cpu_count() or 1, len(chosen))
    if workers > 1:  # the cores go to the units: each renders its pages in its worker
        config = replace(config, parallel=False)
    if config.base_url is None:  # each unit under the publisher's address, but for its own
        publisher = read_site(config.content / "site.yaml")
        config = replace(config, base_url=publisher.base_url if publisher else None)
    common: dict = {}  # each worker's own after the fork: the common documents it has parsed
    outcomes = _run(lambda unit: _one(unit_config(config, unit), SharedDocuments(reuse_for(unit), common)),
                    chosen, workers)
    result = UnitsResult(outcomes, named_report(outcomes, len(every)))
    for folder in UNIT_ONLY:
        path = config.content / folder
        if path.is_dir() and any(f.is_file() for f in path.rglob("*")):
            result.report.warning(display_path(path), 1, 1, f"nội dung nhiều đơn vị không dùng thư mục {folder}/ ở trên "
                                  "cùng: mỗi đơn vị có của riêng mình", f"Chuyển các tệp vào units/<mã đơn vị>/{folder}/.")
    for unit in wrong:
        result.report.error(display_path(config.content / UNITS / unit), 1, 1,
                            f"tên thư mục đơn vị '{unit}' không dùng được làm địa chỉ trang",
                            f"Đổi tên thư mục thành '{slugify(unit) or 'ma-don-vi'}' (chữ thường không dấu, số, dấu '-'; "
                            "không dùng 'assets', thư mục giao diện của trang chung).")
    if config.write and result.ok and units is None:
        result.hub = write_hub(config.content, config.output, every)
        result.removed = remove_gone_units(config.output, every)
        write_tree_manifest(config.content, config.output, every, config.as_of.isoformat())
    return result


def _one(config: BuildConfig, reuse: Reuse) -> UnitOutcome:
    return outcome_of(config.unit, build(config, reuse))


def outcome_of(unit: str, result: BuildResult) -> UnitOutcome:
    return UnitOutcome(unit, plain(result.report), len(result.files), len(result.rendered), len(result.written),
                       result.unchanged, result.summary, tuple(result.external_links))


def plain(report: Report) -> tuple[tuple, ...]:
    """The report's diagnostics as plain tuples, for UnitOutcome."""
    return tuple((d.path, d.line, d.col, d.message, d.hint, d.severity) for d in report.diagnostics)


def _run(work: Callable[[str], UnitOutcome], units: list[str], workers: int) -> list[UnitOutcome]:
    """``work`` for every unit, in ``workers`` forked processes when there are several; outcomes
    in the units' order."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(unit) for unit in units]
    context = multiprocessing.get_context("fork")
    todo, done = context.SimpleQueue(), context.SimpleQueue()
    for unit in units:
        todo.put(unit)
    for _ in range(workers):
        todo.put(None)

    def worker() -> None:  # forked: inherits ``work`` and what it closes over, nothing is pickled
        while (unit := todo.get()) is not None:
            try:
                done.put(work(unit))
            except BaseException as exc:  # noqa: BLE001  (sent back and raised in the parent)
                done.put((unit, exc))

    processes = [context.Process(target=worker, daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    outcomes: dict[str, UnitOutcome] = {}
    try:
        for _ in units:
            outcome = done.get()
            if isinstance(outcome, tuple):
                raise outcome[1]
            outcomes[outcome.unit] = outcome
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    return [outcomes[unit] for unit in units]


def named_report(outcomes: list[UnitOutcome], every: int) -> Report:
    """One message for each mistake, naming the units it was found in: a mistake in the
    common catalogue is found by every unit that publishes the procedure, said once."""
    where: dict[tuple, list[str]] = {}
    for outcome in outcomes:
        for diagnostic in outcome.diagnostics:
            where.setdefault(diagnostic, []).append(outcome.unit)
    report = Report()
    for (path, line, col, message, hint, severity), units in where.items():
        report.diagnostics.append(Diagnostic(path, line, col, f"{unit_names(units, every)}: {message}", hint, severity))
    return report


def unit_names(units: list[str], every: int) -> str:
    if len(units) == every and every > 1:
        return "mọi đơn vị"
    shown = ", ".join(units[:3])
    return f"đơn vị {shown}" + (f" và {len(units) - 3} đơn vị khác" if len(units) > 3 else "")
