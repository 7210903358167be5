"""Render what changed: decide from the dependency graph which pages must be rendered
again, and render them, across the machine's cores when there are many.

A page is kept (the file in output/ is still right) when the build's global key (templates,
code, settings, the files every page reads) is the last build's, its template and own
context are as they were, and none of the dependencies its last render recorded (deps.py)
changed fingerprint. The last build's fingerprints of every recorded dependency are kept,
so one comparison per dependency finds the changed ones; a page then needs only a set
disjointness test. Otherwise it is rendered again and its new dependencies recorded.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .cache import OutputState
from .deps import Fingerprints, stable_context
from .linkcheck import PageFacts, page_facts
from .profiles import Profile
from .render import QrCodes, make_environment, render_route
from .routes import Catalogue, Route

PARALLEL_FROM = 48  # pages to render before a process pool pays for itself


@dataclass
class Rendered:
    """The outcome for one profile: new bytes, kept pages and the dependency graph."""

    files: dict[str, bytes] = field(default_factory=dict)  # rendered in this run
    kept: set[str] = field(default_factory=set)  # unchanged: the file in output/ stays
    pages: dict[str, tuple] = field(default_factory=dict)  # path -> (deps, key), for the cache
    fingerprints: dict[tuple, str | None] = field(default_factory=dict)  # dependency -> as now
    base_key: str = ""
    changed: set = field(default_factory=set)  # dependencies whose value differs from the last build's
    routes: dict = field(default_factory=dict)  # URL -> the route rendered or kept
    facts: dict[str, PageFacts] = field(default_factory=dict)  # link facts of rendered pages
    error: tuple[Route, Exception] | None = None


@dataclass
class RenderJob:
    template_dirs: list[Path]
    catalogue: Catalogue
    profile: Profile
    settings: dict
    qr_codes: QrCodes
    bytecode_dir: Path | None = None
    parallel: bool = True  # False where forking is unsafe (a process with other threads running)

    def environment(self) -> jinja2.Environment:
        return make_environment(self.template_dirs, self.catalogue, self.profile, self.qr_codes, self.bytecode_dir)


def sources_by_id(catalogue: Catalogue) -> dict[int, str]:
    """Model objects -> digest of their file, so a route's context digests cheaply."""
    site, sources = catalogue.site, catalogue.site.sources
    known = {}
    for kind, table in (("procedure", site.procedures), ("decision", site.decisions)):
        for key, obj in table.items():
            known[id(obj)] = sources[(kind, key)]
    for kind, table, inner in (("plan", site.plans, "plan"), ("page", site.pages, "page")):
        for key, doc in table.items():
            known[id(doc)] = known[id(getattr(doc, inner))] = sources[(kind, key)]
    return known


def render_pages(job: RenderJob, routes: list[Route], base_key: str, previous: OutputState,
                 reusable: set[str], fingerprints: Fingerprints) -> Rendered:
    """Render the routes that changed since ``previous`` (the last build's state of this output);
    ``reusable`` are the paths present in output/ with the bytes it wrote (only those can be kept).
    When ``previous`` holds the catalogue it was built from, only dependencies on what differs
    from it are looked at (Fingerprints.changed)."""
    by_id: dict | None = None  # made when a route needs it
    result = Rendered(base_key=base_key, routes={route.url: route for route in routes})
    if previous.base_key == base_key:
        known = previous.fingerprints
        changed = result.changed = fingerprints.changed(known, previous.catalogue)
        result.fingerprints = dict(known)
        for dep in changed:
            del result.fingerprints[dep]
    else:
        known, changed = {}, set()
    todo: list[tuple[Route, tuple]] = []
    for route in routes:
        path = route.output_path
        old = previous.pages.get(path)
        if old is not None and previous.routes.get(route.url) is route:
            key = old[1]  # the very route of the last build (routes.plan_routes): same template and context
        else:
            by_id = sources_by_id(job.catalogue) if by_id is None else by_id
            key = (route.template, stable_context(route.context, by_id))
        if (previous.base_key == base_key and old is not None and old[1] == key and path in reusable
                and changed.isdisjoint(old[0])):
            result.kept.add(path)
            result.pages[path] = old
        else:
            todo.append((route, key))
    for index, data, deps, facts in _render_all(job, [r for r, _ in todo]):
        if isinstance(data, Exception):
            result.error = (todo[index][0], data)
            return result
        route, key = todo[index]
        result.files[route.output_path] = data
        result.facts[route.output_path] = facts
        result.pages[route.output_path] = (deps, key)
        for dep in deps:
            if dep not in result.fingerprints:
                result.fingerprints[dep] = fingerprints(dep)
    return result


def _render_all(job: RenderJob, routes: list[Route]):
    workers = min(os.cpu_count() or 1, 8)
    if (not job.parallel or len(routes) < PARALLEL_FROM or workers < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        env = job.environment()
        for index, route in enumerate(routes):
            yield (index, *_render_one(env, job, route))
        return
    chunks = [list(range(i, len(routes), workers * 4)) for i in range(workers * 4)]
    context = multiprocessing.get_context("fork")  # workers inherit the loaded catalogue
    with context.Pool(workers, initializer=_start_worker, initargs=(job, routes)) as pool:
        for done, new_qr in pool.imap_unordered(_work, chunks):
            job.qr_codes.new.update(new_qr)
            yield from done


def _render_one(env, job: RenderJob, route: Route):
    deps: set = set()
    try:
        data = render_route(env, route, job.catalogue, job.settings, deps)
    except Exception as exc:  # reported by the caller, with the route it came from
        return exc, (), None
    facts = page_facts(data) if route.output_path.endswith(".html") else None
    return data, frozenset(deps), facts


def in_background(function, *args):
    """Start ``function(*args)`` in a forked process and go on; returns a function that waits
    for the result (the search index is built while the pages render). Where fork is missing,
    the call simply happens here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        value = function(*args)
        return lambda: value
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send((True, function(*args)))
        except BaseException as exc:  # reported in the parent
            send.send((False, f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    outcome: list = []

    def wait():
        if not outcome:
            ok, value = receive.recv()
            process.join()
            if not ok:
                raise RuntimeError(f"dựng chỉ mục tìm kiếm thất bại: {value}")
            outcome.append(value)
        return outcome[0]

    return wait


_WORKER: dict = {}  # per worker process only: its job, routes and Jinja environment


def _start_worker(job: RenderJob, routes: list[Route]) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool stops its workers with SIGTERM
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent to handle
    _WORKER.update(job=job, routes=routes, env=job.environment())


def _work(indexes: list[int]):
    job, routes, env = _WORKER["job"], _WORKER["routes"], _WORKER["env"]
    done = []
    for index in indexes:
        data, deps, facts = _render_one(env, job, routes[index])
        if isinstance(data, Exception):
            data = _picklable(data)
        done.append((index, data, deps, facts))
    new_qr, job.qr_codes.new = job.qr_codes.new, {}
    return done, new_qr


def _picklable(exc: Exception) -> Exception:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return jinja2.TemplateSyntaxError(exc.message or "", exc.lineno, exc.name, exc.filename)
    if isinstance(exc, jinja2.TemplateError):
        return type(exc)(str(exc)) if type(exc) is not jinja2.TemplateNotFound else jinja2.TemplateError(str(exc))
    return RuntimeError(f"{type(exc).__name__}: {exc}")
