"""Render: one route to bytes with Jinja, reading the catalogue through recording views.

Templates are looked up in the unit's folder first, then the built-in one (also reachable as
'!builtin/...'); a profile's folder (templates/kiosk/) comes before each of them, and
'!web/...' names a template as the web profile finds it (the kiosk base extends the web base).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
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


def make_environment(template_dirs: list[Path], catalogue: Catalogue | None = None,
                     profile: Profile = WEB) -> jinja2.Environment:
    """The Jinja environment of one build and profile (its Markdown and QR memos live as long)."""
    web = [str(f) for f in template_folders(template_dirs, WEB)]
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(f) for f in template_folders(template_dirs, profile)]),
        jinja2.PrefixLoader({"!builtin": jinja2.FileSystemLoader(str(builtin_dir("templates"))),
                             "!web": jinja2.FileSystemLoader(web)}),
    ])
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    markdown = MarkdownRenderer()
    env.globals.update(url=_url, link_out=profile.link_out, LEVELS=model.LEVELS, METHODS=model.METHODS,
                       ONLINE=model.ONLINE, ACTIONS=model.ACTIONS, LABELS=model.LABELS, NO_INFO=model.NO_INFORMATION,
                       FEED_ENTRIES=FEED_ENTRIES)
    env.filters.update(date_vn=format_date, short_date=format_short_date, vi_key=collation_key, slug=slugify,
                       markdown=lambda text: Markup(markdown.block(text)),
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
