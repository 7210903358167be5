"""Render: one route to bytes with Jinja, reading the catalogue through recording views.

Templates are looked up in the unit's folder first, then the built-in one (also reachable as
'!builtin/...'); a profile's folder (templates/kiosk/) comes before each of them, and
'!web/...' names a template as the web profile finds it (the kiosk base extends the web base).
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.sandbox
from markupsafe import Markup

from ..model import content as model
from ..model.catalogue import Catalogue
from ..model.dependencies import CatalogueView, TrackedMapping
from ..text.linking import AgencyLinker
from ..text.markup import MarkdownRenderer
from ..text.vietnamese import collation_key, format_date, format_short_date, slugify
from .profiles import WEB, Profile
from .qr import QrCodes
from .routes import Route, relative_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FEED_ENTRIES = 200  # changes in feed.xml, newest first


def builtin_dir(name: str) -> Path:
    """templates/ or theme/: inside the package when installed, beside it in a checkout."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


@jinja2.pass_context
def _url(ctx, target: str) -> str:
    return relative_url(ctx["page_url"], target)


def template_folders(template_dirs: list[Path], profile: Profile) -> list[Path]:
    """The folders templates are looked up in, in order, for ``profile``."""
    folders = []
    for folder in [*(d for d in template_dirs if d.is_dir()), builtin_dir("templates")]:
        if profile.template_folder and (folder / profile.template_folder).is_dir():
            folders.append(folder / profile.template_folder)
        folders.append(folder)
    return folders


def template_loader(template_dirs: list[Path], profile: Profile) -> jinja2.BaseLoader:
    web = [str(f) for f in template_folders(template_dirs, WEB)]
    return jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(f) for f in template_folders(template_dirs, profile)]),
        jinja2.PrefixLoader({"!builtin": jinja2.FileSystemLoader(str(builtin_dir("templates"))),
                             "!web": jinja2.FileSystemLoader(web)}),
    ])


def _environment(loader: jinja2.BaseLoader, sandboxed: bool = False) -> jinja2.Environment:
    """An environment with every filter templates may use: Jinja checks the names, and how each
    is called, when it compiles a template. Those that need the build's data are stand-ins here,
    replaced by ``make_environment``. Templates someone else wrote (a unit's, or with
    --untrusted-templates) run in Jinja's sandbox: no attribute starting with '_', no Python
    internals, no unsafe call; a breach raises jinja2.sandbox.SecurityError."""
    kind = jinja2.sandbox.SandboxedEnvironment if sandboxed else jinja2.Environment
    env = kind(loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(date_vn=format_date, short_date=format_short_date, vi_key=collation_key, slug=slugify,
                       markdown=_stand_in, inline=_stand_in, qr_svg=_stand_in, link_agencies=_stand_in_with_context)
    return env


def _stand_in(*args):
    raise jinja2.TemplateRuntimeError("bộ lọc này chỉ dùng được khi dựng trang")


@jinja2.pass_context
def _stand_in_with_context(ctx, *args):
    raise jinja2.TemplateRuntimeError("bộ lọc này chỉ dùng được khi dựng trang")


@dataclass(frozen=True)
class TemplateSource:
    name: str  # as templates name it, e.g. "base.html" or "!builtin/page.html"
    filename: str
    source: str


@dataclass(frozen=True)
class CompiledTemplate:
    filename: str
    code: bytes  # the compiled module, marshalled
    references: tuple[str, ...]  # the templates it extends, includes or imports by a fixed name


def template_source(loader: jinja2.BaseLoader, name: str) -> TemplateSource | None:
    """The source of template ``name`` as ``loader`` finds it; None when there is none."""
    try:
        source, filename, _ = loader.get_source(_environment(loader), name)
    except jinja2.TemplateNotFound:
        return None
    return TemplateSource(name, filename or name, source)


def compile_template(template: TemplateSource, sandboxed: bool = False) -> CompiledTemplate:
    """Compile one template (raises jinja2.TemplateSyntaxError)."""
    env = _environment(jinja2.DictLoader({}), sandboxed)
    names = jinja2.meta.find_referenced_templates(env.parse(template.source, template.name, template.filename))
    code = env.compile(template.source, template.name, template.filename)
    return CompiledTemplate(template.filename, marshal.dumps(code), tuple(sorted(n for n in names if n)))


class _CompiledLoader(jinja2.BaseLoader):
    """Serves the templates compiled beforehand; any other is compiled from ``fallback``."""

    def __init__(self, compiled: dict[str, CompiledTemplate], fallback: jinja2.BaseLoader):
        self.compiled, self.fallback = compiled, fallback

    def get_source(self, environment, template):
        return self.fallback.get_source(environment, template)

    def load(self, environment, name, globals=None):
        compiled = self.compiled.get(name)
        if compiled is None:
            return self.fallback.load(environment, name, globals)
        return environment.template_class.from_code(environment, marshal.loads(compiled.code),
                                                    environment.make_globals(globals), lambda: True)


def make_environment(template_dirs: list[Path], catalogue: Catalogue | None = None, profile: Profile = WEB,
                     compiled: dict[str, CompiledTemplate] | None = None, sandboxed: bool = False) -> jinja2.Environment:
    """The Jinja environment of one build and profile (its Markdown and QR memos live as long);
    ``compiled`` are templates compiled beforehand (``compile_template``), by name."""
    loader = template_loader(template_dirs, profile)
    env = _environment(_CompiledLoader(compiled or {}, loader), sandboxed)
    markdown = MarkdownRenderer()
    env.globals.update(url=_url, link_out=profile.link_out, LEVELS=model.LEVELS, METHODS=model.METHODS,
                       ONLINE=model.ONLINE, ONLINE_PLAIN=model.ONLINE_PLAIN, ACTIONS=model.ACTIONS, LABELS=model.LABELS, NO_INFO=model.NO_INFORMATION,
                       EXPLICIT_NONE=model.EXPLICIT_NONE,
                       FEED_ENTRIES=FEED_ENTRIES)
    env.filters.update(markdown=lambda text: Markup(markdown.block(text)),
                       inline=lambda text: Markup(markdown.inline(text)), qr_svg=QrCodes())
    if catalogue is not None:
        linker = AgencyLinker(catalogue.site.agencies)

        @jinja2.pass_context
        def link_agencies(ctx, text):
            return linker.link(text, lambda agency_id: relative_url(ctx["page_url"], f"/co-quan/{agency_id}/"))

        env.filters["link_agencies"] = link_agencies
    return env


def render_route(env: jinja2.Environment, route: Route, catalogue: Catalogue, settings: dict,
                 deps: set | None = None) -> bytes:
    """One page; what its templates read from the catalogue is recorded into ``deps``."""
    deps = set() if deps is None else deps
    view = CatalogueView(catalogue, deps)
    template = env.get_template(route.template)
    context = {"site": view.site, "config": catalogue.site.config, "lifecycle": view.lifecycle,
               "completeness": view.completeness, "statuses": view.lifecycle.statuses,
               "catalogue": view, "page_url": route.url, "settings": TrackedMapping("setting", settings, deps),
               **route.context}
    return template.render(context).encode("utf-8")


def template_position(exc: BaseException, folders: list[Path]) -> tuple[str, int] | None:
    """The file and line, in one of ``folders``, of the template that raised ``exc``: Jinja
    puts template lines in the traceback."""
    import traceback
    roots = [str(f.resolve()) for f in folders if f.is_dir()]
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        filename = str(Path(frame.filename).resolve()) if frame.filename else ""
        if any(filename.startswith(root + "/") for root in roots):
            found = (frame.filename, frame.lineno or 1)
    return found
