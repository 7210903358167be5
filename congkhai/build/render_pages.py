"""Render many routes, across the machine's cores when there are many.

Worker processes are forked, so each inherits the loaded catalogue; each renders every n-th
route with a Jinja environment of its own and streams the pages back through a pipe. Every
page comes back with what it read (its dependency records) and its link facts.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import signal
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..model.catalogue import Catalogue
from .linkcheck import PageFacts, page_facts
from .profiles import Profile
from .render import CompiledTemplate, make_environment, render_route, template_position
from .routes import Route

PARALLEL_FROM = 48  # pages to render before worker processes pay for themselves
BATCH = 32  # pages a worker puts in the queue at once


@dataclass(frozen=True)
class RenderedPage:
    data: bytes
    deps: frozenset  # what the page read (model/dependencies.py)
    facts: PageFacts | None  # its links and ids, for an HTML page


@dataclass
class RenderedPages:
    pages: dict[str, RenderedPage] = field(default_factory=dict)  # by output path
    error: tuple[Route, Exception] | None = None  # the first template that failed


@dataclass(frozen=True)
class RenderJob:
    template_dirs: list[Path]
    catalogue: Catalogue
    profile: Profile
    settings: dict
    compiled: dict[str, CompiledTemplate] = field(default_factory=dict)  # templates compiled beforehand
    sandboxed: bool = False  # templates someone else wrote: Jinja's sandbox

    def environment(self) -> jinja2.Environment:
        return make_environment(self.template_dirs, self.catalogue, self.profile, self.compiled, self.sandboxed)

    def render(self, env: jinja2.Environment, route: Route) -> RenderedPage | Exception:
        deps: set = set()
        try:
            data = render_route(env, route, self.catalogue, self.settings, deps)
        except Exception as exc:  # reported by the caller, with the route it came from
            exc.congkhai_where = template_position(exc, self.template_dirs)  # kept when pickled
            return exc
        facts = page_facts(data) if route.output_path.endswith(".html") else None
        return RenderedPage(data, frozenset(deps), facts)


class Rendering:
    """Pages being rendered: ``result()`` waits for them. Worker processes start at once, so
    the caller may do other work meanwhile."""

    def __init__(self, job: RenderJob, routes: list[Route], parallel: bool):
        self.job, self.routes = job, routes
        workers = min(os.cpu_count() or 1, 8)
        self._workers: list = []
        if (parallel and len(routes) >= PARALLEL_FROM and workers >= 2
                and "fork" in multiprocessing.get_all_start_methods()):
            context = multiprocessing.get_context("fork")  # workers inherit the loaded catalogue
            # A queue's feeder thread sends in the background: a worker renders on while the
            # caller is busy with other work and not yet reading.
            self._queue = context.Queue()
            for first in range(workers):
                process = context.Process(target=self._work, args=(first, workers, self._queue), daemon=True)
                process.start()
                self._workers.append(process)

    def result(self) -> RenderedPages:
        if not self._workers:
            return self._collect(self._render(range(len(self.routes))))
        return self._collect(self._receive())

    def _render(self, indexes):
        env = self.job.environment()
        for index in indexes:
            yield index, self.job.render(env, self.routes[index])

    def _work(self, first: int, step: int, queue) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent to handle
        batch = []
        for index, page in self._render(range(first, len(self.routes), step)):
            batch.append((index, _picklable(page) if isinstance(page, Exception) else page))
            if len(batch) == BATCH:
                queue.put(batch)
                batch = []
        queue.put(batch)
        queue.put(None)  # this worker is done
        queue.close()
        queue.join_thread()

    def _receive(self):
        running = len(self._workers)
        try:
            while running:
                try:
                    batch = self._queue.get(timeout=5)
                except queue_module.Empty:
                    if any(p.exitcode not in (0, None) for p in self._workers):
                        raise RuntimeError("một tiến trình dựng trang dừng giữa chừng") from None
                    continue
                if batch is None:
                    running -= 1
                else:
                    yield from batch
        finally:
            for process in self._workers:
                if running:
                    process.kill()
                process.join()

    def _collect(self, done) -> RenderedPages:
        result, failed = RenderedPages(), []
        for index, page in done:
            if isinstance(page, Exception):
                failed.append((index, page))
            else:
                result.pages[self.routes[index].output_path] = page
        if failed:  # the first in route order, whichever worker met it first
            index, exc = min(failed, key=lambda pair: pair[0])
            result.error = (self.routes[index], exc)
        return result


def render_pages(job: RenderJob, routes: list[Route], parallel: bool = True) -> Rendering:
    """Start rendering ``routes`` (in worker processes when ``parallel`` and there are many)."""
    return Rendering(job, routes, parallel)


def _picklable(exc: Exception) -> Exception:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return jinja2.TemplateSyntaxError(exc.message or "", exc.lineno, exc.name, exc.filename)
    if isinstance(exc, jinja2.TemplateError):
        return type(exc)(str(exc)) if type(exc) is not jinja2.TemplateNotFound else jinja2.TemplateError(str(exc))
    return RuntimeError(f"{type(exc).__name__}: {exc}")
