"""The build, top to bottom: load → validate → lifecycle → routes → render → write."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import completeness, lifecycle
from .diagnostics import Report, display_path
from .linkcheck import check_links
from .loader import load_content
from .profiles import PROFILES, Profile
from .render import builtin_dir, make_environment, render_open_data_csv, render_open_data_json, render_route
from .routes import Catalogue, plan_routes
from .search_index import build_search_index
from .validate import validate
from .writer import StagedOutput


def default_as_of() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class BuildConfig:
    content: Path
    output: Path = Path("output")
    base_url: str | None = None
    profile: str = "web"  # web, kiosk, or all (web to output/, kiosk to kiosk_output)
    as_of: dt.date = field(default_factory=default_as_of)
    kiosk_output: Path | None = None  # with profile "all"; default output/kiosk

    def targets(self) -> list[tuple[Profile, Path]]:
        """Each profile to build and the folder it goes to."""
        if self.profile == "all":
            return [(PROFILES["web"], self.output), (PROFILES["kiosk"], self.kiosk_output or self.output / "kiosk")]
        return [(PROFILES[self.profile], self.output)]


@dataclass
class BuildResult:
    report: Report
    catalogue: Catalogue | None = None
    files: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.errors


def load_catalogue(config: BuildConfig, report: Report) -> Catalogue | None:
    """Load and validate the content; None when the report holds errors."""
    site = validate(load_content(config.content, report), report)
    if site is None:
        return None
    states = lifecycle.compute(site, config.as_of)
    return Catalogue(site, states, completeness.measure(site, states))


def _settings(config: BuildConfig, catalogue: Catalogue, profile: Profile) -> dict:
    base_url = config.base_url or catalogue.site.config.base_url or ""
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return {"base_url": base_url, "profile": profile.name, "as_of": config.as_of}


def render_site(config: BuildConfig, catalogue: Catalogue, report: Report,
                profile: Profile = PROFILES["web"], search_files: dict[str, bytes] | None = None
                ) -> dict[str, bytes] | None:
    """Every output file of one profile as bytes, keyed by its path under that output root."""
    env = make_environment([config.content / "templates"], catalogue, profile)
    settings = _settings(config, catalogue, profile)
    files: dict[str, bytes] = {}
    for route in plan_routes(catalogue):
        try:
            files[route.output_path] = render_route(env, route, catalogue, settings)
        except jinja2.TemplateSyntaxError as exc:
            report.error(display_path(Path(exc.filename or exc.name or "?")), exc.lineno or 1, 1,
                         f"lỗi cú pháp trong mẫu trang: {exc.message}", "Sửa mẫu trang (template) này.")
            return None
        except jinja2.TemplateError as exc:
            overrides = config.content / "templates"
            if not (overrides.is_dir() and any(overrides.rglob("*.html"))):
                raise  # a built-in template is broken: a bug in congkhai, not a content mistake
            report.error(display_path(config.content / "templates"), 1, 1,
                         f"mẫu trang {route.template} không dựng được: {exc}",
                         "Kiểm tra các biến dùng trong mẫu trang ghi đè.")
            return None
    files["du-lieu/thu-tuc.json"] = render_open_data_json(catalogue)
    files["du-lieu/thu-tuc.csv"] = render_open_data_csv(catalogue)
    files.update(search_files if search_files is not None else build_search_index(catalogue))
    return files


def build(config: BuildConfig, write: bool = True) -> BuildResult:
    """Build the site; with ``write=False`` (the check command) nothing touches the disk."""
    report = Report()
    catalogue = load_catalogue(config, report)
    result = BuildResult(report, catalogue)
    if catalogue is None:
        return result
    if not (config.base_url or catalogue.site.config.base_url):
        report.warning(display_path(config.content / "site.yaml"), 1, 1,
                       "chưa khai báo base_url: sitemap.xml không có địa chỉ nào, feed và mã QR thiếu địa chỉ đầy đủ",
                       "Thêm 'base_url: https://.../' vào site.yaml, hoặc dựng với --base-url.")
    rendered = []
    search_files = build_search_index(catalogue)  # the same for every profile
    for profile, folder in config.targets():
        files = render_site(config, catalogue, report, profile, search_files)
        if files is None:
            return result
        files = _with_static_files(files, config)
        result.external_links = sorted(set(result.external_links) | set(
            check_links(files, report, display_path(folder))))
        rendered.append((folder, files))
    if report.errors or not write:
        return result
    # A profile whose folder lies inside another's is written in the same atomic swap.
    roots = [folder for folder, _ in rendered if not any(_inside(folder, other) for other, _ in rendered if other != folder)]
    for root in roots:
        staged = StagedOutput(root)
        try:
            for folder, files in rendered:
                if folder == root or _inside(folder, root):
                    prefix = folder.resolve().relative_to(root.resolve()).as_posix()
                    prefix = "" if prefix == "." else prefix + "/"
                    for path in sorted(files):
                        staged.write(prefix + path, files[path])
            staged.commit()
        except BaseException:
            staged.abort()
            raise
        result.files += sorted(staged.files)
    return result


def _inside(folder: Path, other: Path) -> bool:
    return folder.resolve() != other.resolve() and folder.resolve().is_relative_to(other.resolve())


def _with_static_files(files: dict[str, bytes], config: BuildConfig) -> dict[str, bytes]:
    """The rendered files plus theme assets (a unit's own win) and forms, all in memory,
    so that the link check sees exactly what will be written."""
    out = dict(files)
    for source, prefix in ((config.content / "theme", "assets"), (builtin_dir("theme"), "assets"),
                           (config.content / "forms", "bieu-mau")):
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                rel = f"{prefix}/{path.relative_to(source).as_posix()}"
                if path.is_file() and rel not in out:
                    out[rel] = path.read_bytes()
    return out
