"""Render routes to bytes with Jinja; open data is rendered here too, from the model."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jinja2
import zxingcpp
from markupsafe import Markup, escape

from . import model
from .deps import CatalogueView, TrackedMapping
from .linking import AgencyLinker
from .markup import render_inline, render_markdown
from .profiles import WEB, Profile
from .routes import Catalogue, Route, relative_url
from .vietnamese import collation_key, format_date, format_short_date, slugify

PACKAGE_DIR = Path(__file__).resolve().parent
FEED_ENTRIES = 200  # changes in feed.xml, newest first


def builtin_dir(name: str) -> Path:
    """templates/ or theme/: inside the package when installed, beside it in a checkout."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


@jinja2.pass_context
def _url(ctx, target: str) -> str:
    return relative_url(ctx["page_url"], target)


def _markdown(text):
    return Markup(render_markdown(text))


def _inline(text):
    return Markup(render_inline(text))


def draw_qr(url: str, label: str = "", scale: int = 3, border: int = 2) -> str:
    """A QR code of ``url`` as inline SVG (deterministic, no external request). zxing-cpp
    encodes it (error correction M, the mask chosen by the standard's penalty rules, in C++);
    each run of dark modules becomes one stroke, drawn relative to the last."""
    symbol = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = memoryview(symbol.to_image(add_quiet_zones=False))
    size, data = modules.shape[1], modules.tobytes()  # one byte a module: 0 is dark
    strokes, pen = [], None
    for y in range(size):
        for run in DARK_RUN.finditer(data, y * size, (y + 1) * size):
            x, length = run.start() - y * size + border, run.end() - run.start()
            if pen is None:
                strokes.append(f"M{x} {y + border}.5h{length}")
            else:
                strokes.append(f"m{x - pen[0]} {y + border - pen[1]}h{length}")
            pen = (x + length, y + border)
    width = (size + 2 * border) * scale
    return (f'<svg width="{width}" height="{width}" class="qr"><title>{escape(label or url)}</title>'
            f'<path transform="scale({scale})" stroke="#000" d="{"".join(strokes)}"/></svg>')


DARK_RUN = re.compile(rb"\x00+")


class QrCodes:
    """QR codes drawn so far (``known``, from the build cache) and those new in this run."""

    def __init__(self, known=None):
        self._known = known  # a dict, or a function giving one (the cache reads it on first use)
        self.new: dict[tuple[str, str], str] = {}

    def __call__(self, url: str, label: str = "") -> Markup:
        key = (url, label)
        if callable(self._known):
            self._known = self._known()
        svg = self.new.get(key) or (self._known or {}).get(key)
        if svg is None:
            svg = self.new[key] = draw_qr(url, label)
        return Markup(svg)


def make_environment(template_dirs: list[Path], catalogue: Catalogue | None = None,
                     profile: Profile = WEB, qr_codes: QrCodes | None = None,
                     bytecode_dir: Path | None = None) -> jinja2.Environment:
    """Unit overrides first, then the built-in templates (also reachable as '!builtin/...');
    a profile's folder (templates/kiosk/) comes before each of them."""
    builtin = builtin_dir("templates")
    folders = []
    for folder in [*(d for d in template_dirs if d.is_dir()), builtin]:
        if profile.template_folder and (folder / profile.template_folder).is_dir():
            folders.append(str(folder / profile.template_folder))
        folders.append(str(folder))
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(folders),
        jinja2.PrefixLoader({"!builtin": jinja2.FileSystemLoader(str(builtin))}),
    ])
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True,
                             bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode_dir)) if bytecode_dir else None)
    env.globals.update(url=_url, link_out=profile.link_out, LEVELS=model.LEVELS, METHODS=model.METHODS, ONLINE=model.ONLINE,
                       ACTIONS=model.ACTIONS, LABELS=model.LABELS, NO_INFO=model.NO_INFORMATION,
                       FEED_ENTRIES=FEED_ENTRIES)
    env.filters.update(date_vn=format_date, short_date=format_short_date, markdown=_markdown,
                       inline=_inline, vi_key=collation_key, slug=slugify, qr_svg=qr_codes or QrCodes())
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


OPEN_DATA_VERSION = "1.0"
CSV_COLUMNS = ["code", "name", "field", "level", "agency", "status", "online", "time", "fee", "decision", "updated", "url"]


def open_data_record(catalogue: Catalogue, code: str) -> dict:
    proc = catalogue.site.procedures[code]
    record = proc.model_dump(mode="json", by_alias=True, exclude_none=True)
    record["status"] = catalogue.lifecycle.statuses[code].state
    record["url"] = f"thu-tuc/{code}/"
    return record


def open_data_records(catalogue: Catalogue) -> list[dict]:
    site = catalogue.site
    return [open_data_record(catalogue, code) for code in site.sorted_codes(site.procedures)]


def _csv_line(*rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _csv_cells(record: dict) -> list[str]:
    methods = record.get("methods", [])
    row = dict(record, level=";".join(record["level"]),
               time=" | ".join(m.get("time", "") for m in methods),
               fee=" | ".join(m.get("fee", "") for m in methods))
    return [row.get(col, "") for col in CSV_COLUMNS]


class OpenDataRows:
    """Each procedure's JSON line and CSV line, in catalogue order. A record is made from the
    procedure's file and its status only, so ``known`` (code -> (source digest, status, JSON,
    CSV), from an earlier build) spares remaking those whose file and status are the same;
    ``fresh`` holds the entries for the next build."""

    def __init__(self, catalogue: Catalogue, known: dict | None = None):
        site, statuses = catalogue.site, catalogue.lifecycle.statuses
        known = known or {}
        self.fresh: dict[str, tuple] = {}
        for code in site.sorted_codes(site.procedures):
            key = (site.sources.get(("procedure", code)), statuses[code].state)
            entry = known.get(code)
            if entry is None or entry[:2] != key or key[0] is None:
                record = open_data_record(catalogue, code)
                entry = (*key, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                         _csv_line(_csv_cells(record)).encode("utf-8"))
            self.fresh[code] = entry
        self.catalogue = catalogue

    def json(self) -> bytes:
        """One procedure per line: quick to write and easy to compare between days."""
        catalogue = self.catalogue
        head = {"as_of": catalogue.lifecycle.as_of.isoformat(), "schema_version": OPEN_DATA_VERSION,
                "unit": catalogue.site.config.name}
        text = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "procedures": [\n'
        return text.encode("utf-8") + b",\n".join(e[2] for e in self.fresh.values()) + b"\n]}\n"

    def csv(self) -> bytes:
        head = ("\ufeff" + _csv_line(CSV_COLUMNS)).encode("utf-8")  # BOM: Excel opens UTF-8 correctly
        return head + b"".join(e[3] for e in self.fresh.values())


def render_open_data_json(catalogue: Catalogue) -> bytes:
    return OpenDataRows(catalogue).json()


def render_open_data_csv(catalogue: Catalogue) -> bytes:
    return OpenDataRows(catalogue).csv()
