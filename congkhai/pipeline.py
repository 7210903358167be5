"""The build, top to bottom, as DESIGN.md's data flow:

    load → validate → model (lifecycle, completeness) → plan routes → render
         → outputs (search index, open data; feed and sitemap are routes) → link check → write

Each stage is a function in congkhai/build/ or congkhai/model/ that takes its input and returns
values. What earlier builds made is reused only through ``reuse`` (incremental/reuse.py),
which only this module asks; a clean build passes NO_REUSE and gets the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
import jinja2.sandbox

from .build.linkcheck import OutputFacts, check_links
from .build.load import UNITS, RawContent, content_stamp, parse_document, read_content, unit_folder
from .build.open_data import open_data_files, procedure_lines
from .build.profiles import PROFILES, Profile
from .build.render import builtin_dir, compile_template, template_loader, template_source
from .build.render_pages import RenderedPages, RenderJob, render_pages
from .build.routes import Route, plan_routes
from .build.search.documents import other_documents, procedure_document, procedure_document_inputs
from .build.search.index import SearchIndex, search_inputs
from .build.validate import validate
from .build.write import MANIFEST, prefix_of, root_of, roots_of, unit_spare, write_output
from .diagnostics import Report, display_path
from .incremental.pages import PageRecord, ProfilePages, fingerprints_now, to_check_again, unchanged_pages
from .incremental.reuse import NO_REUSE, FinishedBuild, FinishedOutput, PreviousOutput, Reuse
from .incremental.store import code_version
from .model.catalogue import Catalogue, make_catalogue
from .model.dependencies import Fingerprints, PageKeys, digest


def default_as_of() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class Target:
    """One profile and the folder it is built into, inside ``root`` (the folder swapped in)."""

    profile: Profile
    folder: Path
    root: Path
    prefix: str  # of the folder's files under ``root``: '' or 'kiosk/'


@dataclass(frozen=True)
class BuildConfig:
    content: Path
    output: Path = Path("output")
    base_url: str | None = None
    profile: str = "web"  # web, kiosk, or all (web to output/, kiosk to kiosk_output)
    as_of: dt.date = field(default_factory=default_as_of)
    kiosk_output: Path | None = None  # with profile "all"; default output/kiosk
    parallel: bool = True  # render in worker processes when there are many pages
    write: bool = True  # False: check only, nothing is written
    in_place: bool = False  # replace changed files one by one: for a folder no one else reads (serve's)
    unit: str | None = None  # one unit of a tree of units (content/units/<unit>/); base_url is then the hub's
    untrusted_templates: bool = False  # content/templates/ rendered in Jinja's sandbox (a unit's always are)

    @property
    def unit_folder(self) -> Path:
        """Where the unit's own templates, theme and forms are: content/, or content/units/<unit>/."""
        return self.content if self.unit is None else unit_folder(self.content, self.unit)

    @property
    def template_dirs(self) -> list[Path]:
        return [self.unit_folder / "templates"]

    def spare_of(self, root: Path) -> Path | None:
        """Where a unit's swapped-out build is kept: beside the tree's output folder, so that
        output/ holds only what is published (None: beside ``root``, the default)."""
        return unit_spare(root.resolve().parent, root.name) if self.unit is not None else None

    @property
    def sandboxed(self) -> bool:
        return self.untrusted_templates or (self.unit is not None and (self.unit_folder / "templates").is_dir())

    def targets(self) -> list[Target]:
        folders = [(PROFILES["web"], self.output), (PROFILES["kiosk"], self.kiosk_output or self.output / "kiosk")] \
            if self.profile == "all" else [(PROFILES[self.profile], self.output)]
        roots = roots_of([f for _, f in folders])
        return [Target(profile, folder, root, prefix_of(folder, root))
                for profile, folder in folders for root in [root_of(folder, roots)]]

    def roots(self) -> list[Path]:
        return list(dict.fromkeys(t.root for t in self.targets()))

    def input_digest(self) -> str:
        """Every input as (path, size, modification and change times, inode), with the settings:
        equal digests mean the last build's output is still right. (The change time moves on
        every write, even when a tool puts the modification time back.)"""
        entries: list[tuple] = []
        skip = str(self.content / UNITS) if self.unit is not None else None
        for folder in (self.content, builtin_dir("templates"), builtin_dir("theme"), *self._unit_tree()):
            _stat_tree(str(folder), entries, skip)
        return digest(code_version(), sorted(entries), self.base_url, self.profile, self.as_of.isoformat(),
                      [(t.profile.name, str(t.folder.resolve())) for t in self.targets()], self.unit,
                      self.untrusted_templates)

    def _unit_tree(self) -> list[Path]:
        return [self.unit_folder] if self.unit is not None else []


def _stat_tree(folder: str, entries: list[tuple], skip: str | None = None) -> None:
    """Every entry under ``folder`` (but ``skip``'s, the other units of a tree of units)."""
    try:
        listing = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in listing:  # a link stands for what it points to: an edit there is an edit here
        try:
            stat = entry.stat()
        except OSError:  # a broken link
            continue
        if entry.path == skip:
            continue
        entries.append((entry.path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
        if entry.is_dir() and not entry.is_symlink():
            _stat_tree(entry.path, entries, skip)


@dataclass
class BuildResult:
    report: Report
    catalogue: Catalogue | None = None
    files: list[str] = field(default_factory=list)  # every file of the build
    written: list[str] = field(default_factory=list)  # files whose bytes changed (others kept)
    rendered: list[str] = field(default_factory=list)  # pages rendered again (others kept as they were)
    external_links: list[str] = field(default_factory=list)
    unchanged: bool = False  # nothing to do: inputs as in the last build
    summary: str = ""  # the completeness summary

    @property
    def ok(self) -> bool:
        return not self.report.errors


@dataclass
class TargetBuild:
    """One profile's files, ready to write: bytes, or None for a page kept as it was."""

    target: Target
    files: dict[str, bytes | None]
    pages: ProfilePages  # for the next build


def build(config: BuildConfig, reuse: Reuse = NO_REUSE) -> BuildResult:
    """Build the site; with ``config.write`` False (the check command) nothing is written."""
    last = reuse.start(config)
    if last is not None:
        return BuildResult(Report(list(last.warnings)), files=last.files, unchanged=True, summary=last.summary)
    report = Report()
    sources = read_content(config.content, report, config.unit)                                 # load
    documents = [reuse.document(f, partial(parse_document, f, report)) for f in sources.files]
    site = validate(RawContent.of(sources, documents), report)                                  # validate
    if site is None:
        return BuildResult(report)
    catalogue = make_catalogue(site, config.as_of)                                              # model
    result = BuildResult(report, catalogue, summary=catalogue.completeness.summary())
    _warn_without_base_url(config, catalogue, report)
    previous = {root: reuse.previous_output(root, MANIFEST) if config.write else PreviousOutput()
                for root in config.roots()}
    shared: dict[str, bytes] = {}  # the search index and open data: the same for every profile
    builds = []
    for target in config.targets():
        settings = _settings(config, catalogue, target.profile)
        routes = plan_routes(catalogue)                                                         # routes
        keep = _Keep(config, catalogue, target, settings, previous[target.root], routes)
        templates = _compiled_templates(config, target.profile, routes, reuse)
        job = RenderJob(config.template_dirs, catalogue, target.profile, settings, templates, config.sandboxed)
        rendering = render_pages(job, [r for r in routes if r.output_path not in keep.kept], config.parallel)
        shared = shared or _outputs(catalogue, reuse)                              # outputs, while pages render
        pages = rendering.result()                                                              # render
        if pages.error is not None:
            return _template_error(config, pages.error, result)
        files = {**dict.fromkeys(keep.kept), **{p: page.data for p, page in pages.pages.items()}, **shared,
                 **_static_files(config)}
        records = _check_links(target, files, pages, keep, result)                              # link check
        result.rendered += sorted(pages.pages)
        builds.append(TargetBuild(target, files, keep.record(pages, records)))
    if report.errors or not config.write:
        return result
    stamp = _stamp(config, catalogue)
    finished = [_write(root, [b for b in builds if b.target.root == root], previous[root].trusted, stamp,
                       config.in_place, result, config.spare_of(root)) for root in config.roots()]  # write
    trouble = reuse.finish(FinishedBuild(finished, report.warnings, result.summary))
    if trouble is not None:
        report.warning(display_path(config.content), 1, 1, f"không ghi được bộ nhớ đệm ({trouble})",
                       "Lần dựng sau sẽ dựng lại từ đầu; kiểm tra quyền ghi hoặc dùng --cache-dir.")
    return result


def load_catalogue(config: BuildConfig, report: Report) -> Catalogue | None:
    """The first stages alone (load, validate, model), for tools that read the catalogue."""
    sources = read_content(config.content, report, config.unit)
    site = validate(RawContent.of(sources, [parse_document(f, report) for f in sources.files]), report)
    return make_catalogue(site, config.as_of) if site is not None else None


def _settings(config: BuildConfig, catalogue: Catalogue, profile: Profile) -> dict:
    return {"base_url": base_url_of(config, catalogue), "profile": profile.name, "as_of": config.as_of}


def base_url_of(config: BuildConfig, catalogue: Catalogue) -> str:
    """--base-url, else site.yaml's; a unit of a tree of units: its own site.yaml's, else
    the hub's address (config.base_url) followed by the unit's folder."""
    own = catalogue.site.config.base_url
    if config.unit is None:
        base_url = config.base_url or own or ""
    else:
        base_url = own or (config.base_url.rstrip("/") + f"/{config.unit}/" if config.base_url else "")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return base_url


def _warn_without_base_url(config: BuildConfig, catalogue: Catalogue, report: Report) -> None:
    if not (config.base_url or catalogue.site.config.base_url):
        report.warning(display_path(config.unit_folder / "site.yaml"), 1, 1,
                       "chưa khai báo base_url: sitemap.xml không có địa chỉ nào, feed và mã QR thiếu địa chỉ đầy đủ",
                       "Thêm 'base_url: https://.../' vào site.yaml, hoặc dựng với --base-url.")


def global_key(config: BuildConfig, catalogue: Catalogue, settings: dict) -> str:
    """What every page reads: code, templates, the unit's settings and shared files."""
    templates = [(str(p), p.read_bytes()) for folder in (*config.template_dirs, builtin_dir("templates"))
                 if folder.is_dir() for p in sorted(folder.rglob("*")) if p.is_file()]
    site = catalogue.site
    shared = sorted((k, v) for k, v in site.sources.items() if k[0] in ("site", "agencies", "fields", "feedback"))
    return digest(code_version(), templates, shared, sorted(site.forms), settings["base_url"], settings["profile"],
                  config.sandboxed)


class _Keep:
    """Keep or render, for one profile: the pages the last build wrote that are still right."""

    def __init__(self, config: BuildConfig, catalogue: Catalogue, target: Target, settings: dict,
                 previous: PreviousOutput, routes: list[Route]):
        self.prefix, self.fingerprints = target.prefix, Fingerprints(catalogue, settings)
        self.base_key = global_key(config, catalogue, settings)
        self.last = previous.profile(target.profile.name)
        if self.last.base_key != self.base_key:  # code, templates or shared files changed: every page anew
            self.last = ProfilePages()
        page_key = PageKeys(catalogue)
        self.keys = {r.output_path: page_key(r.template, r.context) for r in routes}
        self.changed = self.fingerprints.changed(self.last.fingerprints)
        trusted = frozenset(p[len(self.prefix):] for p in previous.trusted if p.startswith(self.prefix))
        self.kept = unchanged_pages(self.last, self.base_key, self.keys, self.changed, trusted)

    def record(self, pages: RenderedPages, links: dict[str, PageRecord]) -> ProfilePages:
        """The pages' records for the next build: kept ones as they were (with their links
        checked again where that was needed), rendered ones new."""
        records = {p: self.last.pages[p] for p in self.kept}
        records.update(links)
        deps = {path: page.deps for path, page in pages.pages.items()}
        return ProfilePages(self.base_key, records, fingerprints_now(self.last, self.changed, deps, self.fingerprints))


def _compiled_templates(config: BuildConfig, profile: Profile, routes: list[Route], reuse: Reuse) -> dict:
    """The templates the routes render, and those they extend, include or import, compiled;
    each compiled again only when its source changed. One that cannot be compiled is left to
    the page that renders it, which reports the mistake."""
    loader = template_loader(config.template_dirs, profile)
    todo, compiled = {r.template for r in routes}, {}
    while todo:
        name = todo.pop()
        template = template_source(loader, name)
        if template is None:  # reported when a page asks for it
            continue
        key = (name, template.filename, digest(template.source), config.sandboxed)
        try:
            compiled[name] = reuse.derived("template", key, partial(compile_template, template, config.sandboxed))
        except jinja2.TemplateSyntaxError:
            continue
        todo |= set(compiled[name].references) - compiled.keys()
    return compiled


def _outputs(catalogue: Catalogue, reuse: Reuse) -> dict[str, bytes]:
    """The search index and the open data files. Each procedure's search document and open data
    lines are made again only when what they read changed."""
    site, status = catalogue.site, catalogue.lifecycle.statuses
    codes = site.sorted_codes(site.procedures)
    documents = [reuse.derived("search-document", procedure_document_inputs(catalogue, code),
                               partial(procedure_document, catalogue, code)) for code in codes]
    index = reuse.evolved("search", search_inputs(catalogue, documents + other_documents(catalogue)), SearchIndex.of)
    lines = [reuse.derived("open-data", (site.sources.get(("procedure", code)), status[code].state),
                           partial(procedure_lines, catalogue, code)) for code in codes]
    return {**index.files, **open_data_files(catalogue, lines)}


def _template_error(config: BuildConfig, error: tuple[Route, Exception], result: BuildResult) -> BuildResult:
    route, exc = error
    if isinstance(exc, jinja2.TemplateSyntaxError):
        result.report.error(display_path(Path(exc.filename or exc.name or "?")), exc.lineno or 1, 1,
                            f"lỗi cú pháp trong mẫu trang: {exc.message}", "Sửa mẫu trang (template) này.")
        return result
    overrides = config.template_dirs[0]
    where = getattr(exc, "congkhai_where", None)  # a line of the content's own templates
    own = overrides.is_dir() and any(overrides.rglob("*.html"))
    if where is None and not (isinstance(exc, jinja2.TemplateError) and own):
        raise exc  # a built-in template is broken: a bug in congkhai, not a content mistake
    path, line = (display_path(Path(where[0])), where[1]) if where else (display_path(overrides), 1)
    if isinstance(exc, jinja2.sandbox.SecurityError):
        result.report.error(path, line, 1, f"mẫu trang {route.template} làm việc không được phép: {exc}",
                            "Mẫu trang chỉ được đọc dữ liệu của trang (site, catalogue, config…); không được dùng "
                            "thuộc tính bắt đầu bằng '_' hay gọi đến Python, tệp hoặc chương trình trên máy dựng.")
    else:
        result.report.error(path, line, 1, f"mẫu trang {route.template} không dựng được: {exc}",
                            "Kiểm tra các biến dùng trong mẫu trang ghi đè.")
    return result


def _static_files(config: BuildConfig) -> dict[str, bytes]:
    """Theme assets (a unit's own win), forms and source documents, in memory, so that the link
    check sees exactly what will be written."""
    out: dict[str, bytes] = {}
    own = config.unit_folder
    for source, prefix in ((own / "theme", "assets"), (builtin_dir("theme"), "assets"), (own / "forms", "bieu-mau"),
                           (config.content / "forms", "bieu-mau"), (config.content / "documents", "tai-lieu")):
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                rel = f"{prefix}/{path.relative_to(source).as_posix()}"
                if path.is_file() and rel not in out:
                    out[rel] = path.read_bytes()
    return out


def _check_links(target: Target, files: dict, pages: RenderedPages, keep: _Keep, result: BuildResult) -> dict:
    """The link check of the pages rendered, and of kept pages whose links may have broken;
    their records (key, dependencies and links) for the next build. Links that leave the site
    go to ``result``."""
    paths = set(files)
    kept = keep.kept & {p for p in files if p.endswith(".html")}
    check = sorted(p for p in pages.pages if p.endswith(".html"))
    check += to_check_again(keep.last.pages, kept, paths, set(pages.pages))
    facts = OutputFacts(target.folder, {p: page.facts for p, page in pages.pages.items() if page.facts is not None})
    links = check_links(facts, check, paths, result.report, display_path(target.folder))
    result.external_links = sorted({*result.external_links, *links.external})
    records, same = {}, {}
    one = lambda value: same.setdefault(value, value)  # noqa: E731  (equal values as one object: pickled once)
    for path in check:
        old = keep.last.pages.get(path) if path not in pages.pages else None
        key, deps = (old.key, old.deps) if old is not None else (keep.keys[path], pages.pages[path].deps)
        records[path] = PageRecord(key, frozenset(map(one, deps)), frozenset(map(one, links.targets[path])),
                                   frozenset(map(one, links.anchored[path])))
    for path, page in pages.pages.items():
        records.setdefault(path, PageRecord(keep.keys[path], frozenset(map(one, page.deps))))
    return records


def _stamp(config: BuildConfig, catalogue: Catalogue) -> dict | None:
    """What a build is made from, in its manifest for deploy to compare (not for serve's folder)."""
    if config.in_place:
        return None
    stamp = {"content": str(config.content.resolve()), "content_files": content_stamp(config.content, config.unit),
             "as_of": catalogue.lifecycle.as_of.isoformat()}
    return stamp if config.unit is None else {**stamp, "unit": config.unit}


def _write(root: Path, builds: list[TargetBuild], trusted: frozenset[str], stamp: dict | None, in_place: bool,
           result: BuildResult, spare: Path | None = None) -> FinishedOutput:
    """Write the profiles whose folder is ``root`` or inside it, in one swap."""
    files = {b.target.prefix + path: data for b in builds for path, data in b.files.items()}
    staged = write_output(root, files, trusted, in_place, stamp, spare)
    result.files += sorted(staged.files)
    result.written += staged.written
    return FinishedOutput(root, [*staged.files, MANIFEST], {*staged.written, MANIFEST}, MANIFEST,
                          {b.target.profile.name: b.pages for b in builds})
