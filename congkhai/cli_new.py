"""`python build.py new ...`: new content files from the scaffolds (commands/scaffold.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_options import AsOfDate, code_callback, content_option, slug_callback

@click.group("new")
def new_group() -> None:
    """Tạo tệp nội dung mới có đủ các khóa và chú thích tiếng Việt."""


def _create(content: Path, made) -> None:
    from .commands.scaffold import ScaffoldError, write
    try:
        path = write(content, *made)
    except ScaffoldError as exc:
        click.echo(f"lỗi: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Đã tạo {path}. Điền các mục còn trống rồi chạy: python build.py check")


@new_group.command("procedure")
@content_option
@click.option("--code", prompt="Mã thủ tục (d.dddddd)", callback=code_callback, help="mã thủ tục, ví dụ 1.000656")
@click.option("--name", prompt="Tên thủ tục", help="tên thủ tục")
@click.option("--field", "field_id", prompt="Lĩnh vực (id trong fields.yaml)", help="id lĩnh vực")
@click.option("--agency", prompt="Cơ quan thực hiện (id trong agencies.yaml)", help="id cơ quan thực hiện")
@click.option("--level", type=click.Choice(["tinh", "huyen", "xa"]), default="xa", show_default=True, help="cấp thực hiện")
def new_procedure(content, code, name, field_id, agency, level):
    """Tạo procedures/<mã>.yaml."""
    from .commands import scaffold
    _create(content, scaffold.procedure(code, name, field_id, agency, level))


@new_group.command("decision")
@content_option
@click.option("--slug", prompt="Tên tệp (chữ thường không dấu, ví dụ qd-3582-2025)", callback=slug_callback)
@click.option("--number", prompt="Số quyết định (ví dụ 3582/QĐ-UBND)")
@click.option("--date", "day", prompt="Ngày ký (ví dụ 2025-07-01)", type=AsOfDate())
def new_decision(content, slug, number, day):
    """Tạo decisions/<tên>.yaml."""
    from .commands import scaffold
    _create(content, scaffold.decision(slug, number, day.isoformat()))


@new_group.command("plan")
@content_option
@click.option("--slug", prompt="Tên tệp (ví dụ ke-hoach-12-2025)", callback=slug_callback)
@click.option("--number", prompt="Số kế hoạch (ví dụ 12/KH-UBND)")
@click.option("--date", "day", prompt="Ngày ban hành", type=AsOfDate())
@click.option("--title", prompt="Trích yếu")
def new_plan(content, slug, number, day, title):
    """Tạo plans/<tên>.md."""
    from .commands import scaffold
    _create(content, scaffold.plan(slug, number, day.isoformat(), title))


@new_group.command("feedback")
@content_option
@click.option("--slug", prompt="Tên tệp (ví dụ ubnd-xa-cam-binh)", callback=slug_callback)
@click.option("--agency", prompt="Cơ quan tiếp nhận (id trong agencies.yaml)")
def new_feedback(content, slug, agency):
    """Tạo feedback/<tên>.yaml."""
    from .commands import scaffold
    _create(content, scaffold.feedback(slug, agency))


@new_group.command("page")
@content_option
@click.option("--slug", prompt="Tên tệp (ví dụ huong-dan-nop-ho-so)", callback=slug_callback)
@click.option("--title", prompt="Tiêu đề trang")
def new_page(content, slug, title):
    """Tạo pages/<tên>.md."""
    from .commands import scaffold
    _create(content, scaffold.page(slug, title))


@new_group.command("unit")
@click.argument("unit_id", callback=slug_callback)
@content_option
@click.option("--name", prompt="Tên đơn vị (ví dụ UBND xã Cẩm Bình)", help="tên đơn vị")
@click.option("--level", type=click.Choice(["xa", "tinh"]), default="xa", show_default=True, help="cấp của đơn vị")
def new_unit(unit_id, content, name, level):
    """Tạo units/<mã>/ (site.yaml, agencies.yaml gán các vai trò chung, feedback/)."""
    from .commands.scaffold import ScaffoldError, unit
    from .units.tree import RESERVED
    if unit_id in RESERVED:
        raise click.BadParameter(f"'{unit_id}' là thư mục giao diện của trang chung; chọn mã khác")
    try:
        paths = unit(content, unit_id, name, level)
    except ScaffoldError as exc:
        click.echo(f"lỗi: {exc}", err=True)
        sys.exit(1)
    for path in paths:
        click.echo(f"Đã ghi {path}")
    click.echo("Điền tên, địa chỉ, điện thoại thật của đơn vị rồi chạy: python build.py check")
