"""`python build.py import ...`: content from the spreadsheets, Word and PDF files staff receive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_options import content_option, slug_callback
from .pipeline import default_as_of

@click.group("import")
def import_group() -> None:
    """Nhập dữ liệu từ bảng tính Excel hoặc bảng trong Word."""


@import_group.command("xlsx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@content_option
@click.option("--force", is_flag=True, help="ghi đè tệp đã có (in khác biệt)")
def import_xlsx_command(file: Path, content: Path, force: bool) -> None:
    """Danh mục thủ tục (Excel) -> tệp thủ tục YAML, và tệp quyết định nếu là phụ lục quyết định."""
    import zipfile

    from openpyxl.utils.exceptions import InvalidFileException

    from .commands.import_xlsx import import_xlsx
    try:
        result = import_xlsx(file, content, force, default_as_of())
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        click.echo(f"lỗi: không đọc được tệp Excel '{file}' ({exc.__class__.__name__}: {exc})", err=True)
        sys.exit(1)
    _finish_import(result)


@import_group.command("docx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@content_option
@click.option("--plan", "slug", default=None, callback=slug_callback, help="tên tệp kế hoạch (mặc định: theo tên tệp Word)")
@click.option("--force", is_flag=True, help="ghi cả vào tệp đã có (in khác biệt từng mục)")
def import_docx_command(file: Path, content: Path, slug: str | None, force: bool) -> None:
    """Quyết định công bố và phụ lục (Word) -> tệp quyết định và tệp thủ tục; hoặc bảng nhiệm vụ
    trong phụ lục kế hoạch -> phụ lục của tệp kế hoạch."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError

    from .commands.import_docx import import_docx
    if slug is None:
        _import_decision(file, content, force, plan_fallback=True)
    try:
        result = import_docx(file, content, slug, force)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        click.echo(f"lỗi: không đọc được tệp Word '{file}' ({exc})", err=True)
        sys.exit(1)
    tasks = sum(len([t for t in a["tasks"] if "content" in t or "lead" in t]) for a in result.appendices)
    click.echo(f"Đọc được {len(result.appendices)} phụ lục, {tasks} nhiệm vụ.")
    _report_import([result.path] if result.path else [], result.skipped, [result.diff] if result.diff else [])
    if result.skipped:
        sys.exit(1)


@import_group.command("pdf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@content_option
@click.option("--force", is_flag=True, help="ghi cả vào tệp thủ tục đã có (in khác biệt từng mục)")
def import_pdf_command(file: Path, content: Path, force: bool) -> None:
    """Quyết định công bố và phụ lục (PDF có lớp chữ) -> tệp quyết định và tệp thủ tục."""
    _import_decision(file, content, force, plan_fallback=False)


def _import_decision(file: Path, content: Path, force: bool, plan_fallback: bool) -> None:
    """Import a publishing decision and exit; return only when a Word file is not one (a plan)."""
    from .annex.blocks import UnreadableFile, read_blocks
    from .annex.sections import parse_annex
    from .commands.import_decision import import_decision, is_annex
    try:
        annex = parse_annex(read_blocks(file))
    except UnreadableFile as exc:
        click.echo(f"lỗi: {file}: {exc}", err=True)
        sys.exit(1)
    if not is_annex(annex):
        if plan_fallback:
            return
        click.echo(f"lỗi: {file}: không thấy Phần I (danh mục) hay Phần II (nội dung từng thủ tục) của một quyết "
                   "định công bố", err=True)
        sys.exit(1)
    _finish_import(import_decision(file, content, force, default_as_of(), annex))


def _finish_import(result) -> None:
    """The report, what was written, what was not and why; exit 0 only when everything was
    taken and the content passes check."""
    from .commands.import_write import describe
    for line in describe(result):
        click.echo(line)
    if result.errors:
        click.echo(f"Chưa ghi gì: nội dung sau khi nhập còn {len(result.errors)} lỗi:", err=True)
        for line in result.errors:
            click.echo(line, err=True)
        sys.exit(1)
    if result.decision:
        click.echo(f"Quyết định: {result.decision}. Đối chiếu số, ngày ký, ngày hiệu lực với văn bản.")
    _report_import(result.written, result.skipped, [])
    if result.unchanged:
        click.echo(f"Không đổi (giống nội dung đã có): {len(result.unchanged)} tệp.")
        for path in result.unchanged:
            click.echo(f"  {path}")
    sys.exit(1 if result.skipped else 0)


def _report_import(written, skipped, diffs) -> None:
    for diff in diffs:
        click.echo(diff)
    click.echo(f"Đã ghi {len(written)} tệp.")
    for path in written:
        click.echo(f"  {path}")
    if skipped:
        click.echo(f"Không nhập được {len(skipped)} dòng/tệp:", err=True)
        for line in skipped:
            click.echo(f"  {line}", err=True)
