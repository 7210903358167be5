"""Render many routes, across the machine's cores when there are many.

Worker processes are forked, so each inherits the loaded catalogue; each renders every n-th
route with a Jinja environment of its own and streams the pages back through a pipe. Every
page comes back with what it read (its dependency records) and its link facts.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..model.catalogue import Catalogue
from .linkcheck import PageFacts, page_facts
from .profiles import Profile
from .render import CompiledTemplate, make_environment, render_route
from .routes import Route

PARALLEL_FROM = 48  # pages to render before worker processes pay for themselves
BATCH = 32  # pages a worker sends at once


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

    def environment(self) -> jinja2.Environment:
        return make_environment(self.template_dirs, self.catalogue, self.profile, self.compiled)

    def render(self, env: jinja2.Environment, route: Route) -> RenderedPage | Exception:
        deps: set = set()
        try:
            data = render_route(env, route, self.catalogue, self.settings, deps)
        except Exception as exc:  # reported by the caller, with the route it came from
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
            for first in range(workers):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=self._work, args=(first, workers, send), daemon=True)
                process.start()
                send.close()
                self._workers.append((process, receive))

    def result(self) -> RenderedPages:
        if not self._workers:
            return self._collect(self._render(range(len(self.routes))))
        return self._collect(self._receive())

    def _render(self, indexes):
        env = self.job.environment()
        for index in indexes:
            yield index, self.job.render(env, self.routes[index])

    def _work(self, first: int, step: int, send) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent to handle
        batch = []
        for index, page in self._render(range(first, len(self.routes), step)):
            batch.append((index, _picklable(page) if isinstance(page, Exception) else page))
            if len(batch) == BATCH:
                send.send(batch)
                batch = []
        send.send(batch)
        send.send(None)
        send.close()

    def _receive(self):
        open_pipes = {receive: process for process, receive in self._workers}
        try:
            while open_pipes:
                for receive in multiprocessing.connection.wait(list(open_pipes)):
                    try:
                        batch = receive.recv()
                    except EOFError:
                        batch = None
                        if open_pipes[receive].exitcode not in (0, None):
                            raise RuntimeError("một tiến trình dựng trang dừng giữa chừng") from None
                    if batch is None:
                        open_pipes.pop(receive).join()
                    else:
                        yield from batch
        finally:
            for process in open_pipes.values():
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
