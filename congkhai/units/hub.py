"""The hub page of a tree of units: output/index.html, listing the units with links and a
search over their names; with its style sheet and script in output/assets/."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import jinja2

from ..build.load import content_stamp
from ..build.render import builtin_dir
from ..build.write import MANIFEST, manifest_bytes, put_file, read_manifest, unit_spare
from .tree import read_site, unit_infos

UNITS_LIST = ".congkhai-units.json"  # beside the hub: the units built into this folder
HUB_FILES = ("index.html", "assets/style.css", "assets/hub.js", UNITS_LIST)


def render_hub(content: Path, units: list[str]) -> bytes:
    publisher = read_site(content / "site.yaml")
    infos = [info for info in unit_infos(content) if info.id in units]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(builtin_dir("templates"))),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    page = env.get_template("hub.html").render(publisher=publisher.name if publisher else "Các đơn vị", units=infos)
    return page.encode("utf-8")


def write_hub(content: Path, output: Path, units: list[str]) -> Path:
    """Write the hub page, its assets and the list of units, each file replaced in one step."""
    theme = builtin_dir("theme")
    files = {"index.html": render_hub(content, units), "assets/style.css": (theme / "style.css").read_bytes(),
             "assets/hub.js": (theme / "hub.js").read_bytes(),
             UNITS_LIST: json.dumps({"units": units}, ensure_ascii=False, indent=1).encode("utf-8")}
    for rel, data in files.items():
        _replace(output / rel, data)
    return output / "index.html"


def write_tree_manifest(content: Path, output: Path, units: list[str], as_of: str) -> None:
    """The manifest of the whole tree (the hub, its list of units and every unit's files), so
    that deploy can publish output/ as one release: the hub at the top, a folder per unit."""
    files = {rel: hashlib.sha256((output / rel).read_bytes()).hexdigest() for rel in HUB_FILES}
    for unit in units:
        files.update({f"{unit}/{rel}": sha for rel, sha in read_manifest(output / unit).items()})
        files[f"{unit}/{MANIFEST}"] = hashlib.sha256((output / unit / MANIFEST).read_bytes()).hexdigest()
    stamp = {"content": str(content.resolve()), "content_files": content_stamp(content), "as_of": as_of, "units": units}
    _replace(output / MANIFEST, manifest_bytes(files, stamp))


def built_units(output: Path) -> list[str]:
    """The units the last full build wrote into ``output`` (empty when none)."""
    try:
        return list(json.loads((output / UNITS_LIST).read_text(encoding="utf-8"))["units"])
    except (OSError, ValueError, KeyError):
        return []


def _replace(path: Path, data: bytes) -> None:
    """``path`` holds ``data``: left alone when it does already, else replaced in one rename."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    put_file(path, data)


def remove_gone_units(output: Path, units: list[str]) -> list[str]:
    """Remove the folders (and spares) of units built here before but no longer in the tree:
    only folders with congkhai's manifest, which a build of a unit wrote."""
    gone = []
    for folder in sorted(output.iterdir()) if output.is_dir() else []:
        if folder.name.startswith(".") or folder.name in units or not folder.is_dir() or folder.is_symlink():
            continue
        if (folder / MANIFEST).is_file():
            shutil.rmtree(folder)
            shutil.rmtree(unit_spare(output, folder.name), ignore_errors=True)
            gone.append(folder.name)
    return gone
