"""What the commands share: the options and parameter checks of the command line, and how a
report is printed."""

from __future__ import annotations

import re
from pathlib import Path

import click

from .diagnostics import Report
from .text.vietnamese import parse_date, slugify

CONTENT_HELP = "thư mục nội dung (mặc định: ./content)"


class AsOfDate(click.ParamType):
    name = "NGÀY"

    def convert(self, value, param, ctx):
        try:
            return parse_date(value)
        except ValueError:
            self.fail(f"'{value}' không phải ngày hợp lệ (viết 2025-07-01 hoặc 01/07/2025)", param, ctx)


def base_url_callback(ctx, param, value: str | None) -> str | None:
    if value is not None and not re.match(r"^https?://\S+$", value):
        raise click.BadParameter(f"'{value}' không phải địa chỉ web (phải bắt đầu bằng https://)",
                                 ctx=ctx, param=param)
    return value


def content_dir_callback(ctx, param, value: Path) -> Path:
    if not value.is_dir():
        raise click.BadParameter(f"không tìm thấy thư mục nội dung '{value}'", ctx=ctx, param=param)
    return value


content_option = click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, callback=content_dir_callback, help=CONTENT_HELP)


def print_report(report: Report) -> None:
    for diagnostic in report.sorted():
        click.echo(diagnostic.format(), err=True)
    errors = len(report.errors)
    if errors:
        click.echo(f"Có {errors} lỗi cần sửa; chưa ghi gì ra thư mục kết quả "
                   "(bản dựng trước vẫn giữ nguyên).", err=True)


def slug_callback(ctx, param, value):
    if value is not None and not re.match(r"^[a-z0-9][a-z0-9-]*$", value):
        raise click.BadParameter(f"'{value}' phải gồm chữ thường không dấu, số và '-' (ví dụ '{slugify(value) or 'ten-tep'}')")
    return value


def code_callback(ctx, param, value):
    if value is not None and not re.match(r"^\d\.\d{6}$", value):
        raise click.BadParameter(f"mã thủ tục '{value}' không đúng dạng d.dddddd (ví dụ 1.000656)")
    return value
