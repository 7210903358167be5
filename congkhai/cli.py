"""The command line: parses options and calls library functions, nothing more."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from .build.write import OutputError
from .cli_import import import_group
from .cli_new import new_group
from .cli_options import AsOfDate, base_url_callback, content_option, print_report
from .diagnostics import Report
from .incremental.cache import BuildCache
from .incremental.reuse import NO_REUSE
from .incremental.store import default_cache_dir
from .pipeline import BuildConfig, BuildResult, build, default_as_of

def tune_garbage_collector() -> None:
    """A one-shot build keeps its whole catalogue alive: Python's cyclic collector, walking every
    live object on each full pass, then makes parsing and validation grow faster than the
    content (benchmarks/linear.py shows it). Rarer collections keep them linear. The command
    line owns its process and sets this when it starts a build or a check; the library and the
    long-running preview server leave the collector as it is."""
    gc.set_threshold(50_000, *gc.get_threshold()[1:])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="congkhai")
def main() -> None:
    """congkhai: dựng trang công khai thủ tục hành chính từ tệp YAML và Markdown."""


@main.command("build")
@content_option
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="thư mục kết quả")
@click.option("--base-url", default=None, callback=base_url_callback, help="địa chỉ gốc khi đăng lên cổng, ví dụ https://.../tthc/")
@click.option("--profile", type=click.Choice(["web", "kiosk", "all"]), default="web", show_default=True,
              help="web (cổng thông tin), kiosk (màn hình cảm ứng) hoặc all (cả hai)")
@click.option("--kiosk-output", type=click.Path(path_type=Path), default=None,
              help="với --profile all: thư mục cho bản kiosk (mặc định: <output>/kiosk)")
@click.option("--as-of", "as_of", type=AsOfDate(), default=None,
              help="dựng theo tình trạng thủ tục tại ngày này (mặc định: hôm nay)")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="thư mục bộ nhớ đệm để dựng lại nhanh (mặc định: .congkhai-cache/<tên thư mục kết quả> cạnh thư mục kết quả)")
@click.option("--no-cache", is_flag=True, help="dựng lại từ đầu, không dùng và không ghi bộ nhớ đệm")
@click.option("--unit", "units", multiple=True, help="nội dung nhiều đơn vị: chỉ dựng đơn vị này (ghi nhiều lần được)")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="nội dung nhiều đơn vị: số tiến trình dựng song song (mặc định: số nhân máy)")
@click.option("--untrusted-templates", is_flag=True,
              help="dựng mẫu trang trong content/templates/ trong hộp cát (mẫu do người khác viết)")
def build_command(content: Path, output: Path, base_url: str | None, profile: str, kiosk_output, as_of,
                  cache_dir: Path | None, no_cache: bool, units: tuple[str, ...], jobs: int | None,
                  untrusted_templates: bool) -> None:
    """Dựng trang web vào thư mục kết quả."""
    tune_garbage_collector()
    if kiosk_output is not None and profile != "all":
        raise click.UsageError("--kiosk-output chỉ dùng cùng --profile all")
    if no_cache and cache_dir is not None:
        raise click.UsageError("--no-cache và --cache-dir không dùng cùng nhau")
    config = BuildConfig(content=content, output=output, base_url=base_url, profile=profile,
                         as_of=as_of or default_as_of(), kiosk_output=kiosk_output,
                         untrusted_templates=untrusted_templates)
    cache = None if no_cache else (cache_dir or default_cache_dir(output))
    if _unit_tree(content, units):
        _build_units(config, list(units) or None, cache, jobs)
        return
    reuse = NO_REUSE if cache is None else BuildCache.on_disk(cache)
    try:
        result = build(config, reuse)
    except OutputError as exc:
        click.echo(f"lỗi: {exc}", err=True)
        sys.exit(2)
    if result.unchanged:
        _finish(result, f"Không có gì thay đổi từ lần dựng trước; {output}/ vẫn đúng ({len(result.files)} tệp).")
    else:
        _finish(result, f"Đã dựng {len(result.files)} tệp vào {output}/: dựng lại {len(result.rendered)} trang, "
                        f"ghi {len(result.written)} tệp có thay đổi.")


def _unit_tree(content: Path, units: tuple[str, ...]) -> bool:
    """Whether ``content`` holds many units; --unit must name some of them."""
    from .units.tree import is_unit_tree, unit_ids
    if not is_unit_tree(content):
        if units:
            raise click.UsageError(f"'{content}' chỉ có một đơn vị (không có thư mục units/): bỏ --unit")
        return False
    known = unit_ids(content)
    for unit in units:
        if unit not in known:
            raise click.UsageError(f"không có đơn vị '{unit}' trong {content}/units/ (có: {', '.join(known) or 'chưa có'})")
    if not known:
        raise click.UsageError(f"thư mục {content}/units/ chưa có đơn vị nào: tạo bằng 'python build.py new unit <mã>'")
    return True


def _build_units(config: BuildConfig, units: list[str] | None, cache: Path | None, jobs: int | None) -> None:
    from .units.build import build_units
    reuse_for = (lambda unit: NO_REUSE) if cache is None else (lambda unit: BuildCache.on_disk(cache / unit))
    try:
        result = build_units(config, units, reuse_for, jobs)
    except OutputError as exc:
        click.echo(f"lỗi: {exc}", err=True)
        sys.exit(2)
    print_report(result.report)
    for outcome in result.outcomes:
        state = ("không có gì thay đổi" if outcome.unchanged else
                 f"{outcome.files} tệp, dựng lại {outcome.rendered} trang, ghi {outcome.written} tệp có thay đổi") \
            if outcome.ok else "có lỗi, bản dựng trước giữ nguyên"
        click.echo(f"{outcome.unit}: {state}" + (f". {outcome.summary}" if outcome.summary and config.write else ""))
    if not result.ok:
        sys.exit(1)
    if config.write:
        for unit in result.removed:
            click.echo(f"Đã xóa {config.output}/{unit}/: đơn vị không còn trong {config.content}/units/.")
        hub = f"; trang chung {result.hub}" if result.hub else ""
        click.echo(f"Đã dựng {len(result.outcomes)} đơn vị vào {config.output}/<đơn vị>/{hub}.")
    else:
        click.echo(f"Nội dung của {len(result.outcomes)} đơn vị hợp lệ.")


@main.command("check")
@content_option
@click.option("--as-of", "as_of", type=AsOfDate(), default=None,
              help="kiểm tra theo tình trạng thủ tục tại ngày này (mặc định: hôm nay)")
@click.option("--unit", "units", multiple=True, help="nội dung nhiều đơn vị: chỉ kiểm tra đơn vị này")
@click.option("--untrusted-templates", is_flag=True, help="dựng thử mẫu trang trong hộp cát")
def check_command(content: Path, as_of, units: tuple[str, ...], untrusted_templates: bool) -> None:
    """Kiểm tra nội dung, không ghi gì; báo mọi lỗi và mức độ công khai đầy đủ."""
    tune_garbage_collector()
    config = BuildConfig(content=content, as_of=as_of or default_as_of(), write=False,
                         untrusted_templates=untrusted_templates)
    if _unit_tree(content, units):
        _build_units(config, list(units) or None, None, None)
        return
    result = build(config)
    if result.external_links:
        click.echo(f"Liên kết ra ngoài trang (không tải về để kiểm tra): {len(result.external_links)}")
        for url in result.external_links:
            click.echo(f"  {url}")
    _finish(result, "Nội dung hợp lệ.")


@main.command("units")
@content_option
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="thư mục kết quả (mỗi đơn vị vào <output>/<mã đơn vị>/)")
@click.option("--json", "as_json", is_flag=True, help="in dạng JSON (cho ma trận CI hoặc trình chạy việc)")
def units_command(content: Path, output: Path, as_json: bool) -> None:
    """Liệt kê các đơn vị của nội dung nhiều đơn vị (mỗi đơn vị dựng riêng: build --unit <mã>)."""
    import json

    from .units.tree import is_unit_tree, unit_infos
    infos = unit_infos(content) if is_unit_tree(content) else []
    if as_json:
        click.echo(json.dumps([info.as_json(output) for info in infos], ensure_ascii=False, indent=1))
        return
    if not infos:
        click.echo(f"'{content}' không có thư mục units/: chỉ có một đơn vị.")
        return
    for info in infos:
        click.echo(f"{info.id}\t{info.level_label}\t{info.name}")


@main.command("serve")
@content_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="cổng trên 127.0.0.1 (0: tự chọn cổng trống)")
def serve_command(content: Path, port: int) -> None:
    """Xem trước trên máy: dựng lại khi lưu tệp và tải lại trình duyệt."""
    from .commands.serve import serve
    try:
        serve(content, port, lambda line: click.echo(line, err=line.startswith(("content", "lỗi")) or ": lỗi:" in line))
    except OSError as exc:
        click.echo(f"lỗi: không mở được cổng {port} ({exc.strerror}); chọn cổng khác bằng --port", err=True)
        sys.exit(2)


@main.command("deploy")
@click.argument("target", required=True)
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="thư mục bản dựng cần đăng")
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True,
              help="thư mục nội dung, kiểm tra lại trước khi đăng (bỏ qua nếu không có)")
@click.option("--keep", type=click.IntRange(1, 100), default=5, show_default=True, help="số bản đăng giữ lại")
@click.option("--rollback", is_flag=True, help="quay lại bản đăng trước")
@click.option("--dry-run", is_flag=True, help="chỉ liệt kê những gì sẽ thay đổi")
@click.option("--ssh", "ssh_command", default=None, help="lệnh ssh, ví dụ \"ssh -p 2222 -i khoa\"")
@click.option("--unit", "units", multiple=True,
              help="nội dung nhiều đơn vị: đăng đơn vị này (ghi nhiều lần được; 'all': mọi đơn vị đã dựng). "
                   "Đích có {unit} thì mỗi đơn vị một đích; nhiều đơn vị mà đích không có {unit}: TARGET/<mã>/")
def deploy_command(target: str, output: Path, content: Path, keep: int, rollback: bool, dry_run: bool,
                   ssh_command: str | None, units: tuple[str, ...]) -> None:
    """Đăng bản dựng lên thư mục web của cổng (thư mục, hoặc user@máy:/đường/dẫn qua SSH)."""
    from .units.hub import built_units
    from .units.tree import is_unit_tree
    if not units:  # one site, or a whole tree of units as one release (the hub and a folder per unit)
        if content.is_dir() and is_unit_tree(content) and not built_units(output):
            raise click.UsageError(f"'{output}' chưa có bản dựng đủ mọi đơn vị: chạy 'python build.py build' (không "
                                   "có --unit), hoặc đăng từng đơn vị bằng --unit <mã>")
        _deploy(target, output, content, keep, rollback, dry_run, ssh_command, None)
        return
    chosen = built_units(output) if units == ("all",) else list(units)
    if not chosen:
        raise click.UsageError(f"'{output}' chưa có bản dựng nhiều đơn vị: chạy 'python build.py build' trước")
    for unit in chosen:
        spec = target.replace("{unit}", unit) if "{unit}" in target else \
            target if len(chosen) == 1 else f"{target.rstrip('/')}/{unit}"
        click.echo(f"Đơn vị {unit}:")
        _deploy(spec, output / unit, content, keep, rollback, dry_run, ssh_command, unit)


def _deploy(target: str, output: Path, content: Path, keep: int, rollback: bool, dry_run: bool,
            ssh_command: str | None, unit: str | None) -> None:
    from .commands import deploy
    destination = deploy.open_target(target, ssh_command)
    try:
        if rollback:
            if dry_run:
                click.echo(f"Sẽ quay lại bản trước bản đang chạy ({destination.current()}).")
                return
            click.echo(f"Đã quay lại bản {deploy.rollback(destination)} trên {destination.describe()}.")
            return
        report = Report()
        manifest = deploy.preflight(output, content, report, unit=unit)
        if report.errors:
            print_report(report)
            click.echo("Không đăng: bản dựng hoặc nội dung còn lỗi.", err=True)
            sys.exit(1)
        plan = deploy.plan_changes(manifest, destination.live_manifest())
        if dry_run:
            click.echo(f"Sẽ đăng lên {destination.describe()}: thêm {len(plan.added)}, sửa {len(plan.changed)}, "
                       f"xóa {len(plan.removed)} tệp.")
            for label, items in (("+", plan.added), ("~", plan.changed), ("-", plan.removed)):
                for item in items:
                    click.echo(f"  {label} {item}")
            return
        rid = deploy.publish(destination, output, manifest, keep)
        click.echo(f"Đã đăng bản {rid} lên {destination.describe()} (thêm {len(plan.added)}, sửa {len(plan.changed)}, "
                   f"xóa {len(plan.removed)} tệp).")
    except deploy.DeployError as exc:
        click.echo(f"lỗi: {exc}", err=True)
        sys.exit(1)


def _finish(result: BuildResult, success: str) -> None:
    print_report(result.report)
    if result.summary:
        click.echo(result.summary)
    if not result.ok:
        sys.exit(1)
    click.echo(success)


main.add_command(new_group)
main.add_command(import_group)


if __name__ == "__main__":
    main()
