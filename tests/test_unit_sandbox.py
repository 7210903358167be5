"""Trust boundary: a unit's templates (and content/templates/ with --untrusted-templates)
render in Jinja's sandbox. Server-side template injection payloads are each a content error
at the template's file:line, exit 1, nothing executed, output/ unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from congkhai.cli import main

from .conftest import SCRATCH_FILES, tree_digest, write_site
from .unit_tree import write_units

AS_OF = ["--as-of", "2025-12-01"]


def run(*args: str):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def payloads(canary: Path) -> dict[str, str]:
    """Each tries to reach Python internals, a file or a process; if one ran, ``canary`` exists."""
    touch = f"touch {canary}"
    return {
        "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "globals of a filter": "{{ url.__globals__['__builtins__']['open']('" + str(canary) + "', 'w') }}",
        "os through cycler": "{{ cycler.__init__.__globals__.os.popen('" + touch + "').read() }}",
        "os through lipsum": "{{ lipsum.__globals__['os'].system('" + touch + "') }}",
        "format string": "{{ '{0.__class__.__init__.__globals__}'.format(config) }}",
        "template context": "{{ self._TemplateReference__context }}",
        "model internals": "{{ config.__class__.model_validate.__func__.__globals__ }}",
        "attr filter": "{{ ''|attr('__class__')|attr('__mro__') }}",
    }


def page_template(payload: str) -> str:
    return '{% extends "!builtin/page.html" %}\n{% block main %}\n<p>Trang</p>\n' + payload + '\n{% endblock %}\n'


@pytest.mark.parametrize("name", list(payloads(Path("/x"))))
def test_a_units_template_cannot_run_code(tmp_path, name):
    canary = tmp_path / "canary"
    content = write_units(tmp_path / "content", {"units/xa-a/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang.\n"})
    output = tmp_path / "output"
    assert run("build", "--content", str(content), "--output", str(output), *AS_OF).exit_code == 0
    before = tree_digest(output)
    write_site(content, {"units/xa-a/templates/page.html": page_template(payloads(canary)[name])})
    result = run("build", "--content", str(content), "--output", str(output), *AS_OF)
    assert result.exit_code == 1, result.output
    where = f"{content}/units/xa-a/templates/page.html:4:1: lỗi: đơn vị xa-a: mẫu trang page.html"
    assert where in result.output, result.output
    assert "Traceback" not in result.output
    assert not canary.exists()
    assert tree_digest(output) == before


def test_a_units_harmless_template_renders(tmp_path):
    content = write_units(tmp_path / "content", {
        "units/xa-a/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang.\n",
        "units/xa-a/templates/page.html": page_template("<p>{{ config.name|upper }} – {{ site.procedures|length }}</p>")})
    result = run("build", "--content", str(content), "--output", str(tmp_path / "out"), *AS_OF)
    assert result.exit_code == 0, result.output
    assert "UBND XÃ AN PHÚ – 2" in (tmp_path / "out" / "xa-a" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert "UBND XÃ" not in (tmp_path / "out" / "phuong-b" / "index.html").read_text(encoding="utf-8")


def test_untrusted_templates_flag_sandboxes_a_single_unit(tmp_path):
    canary = tmp_path / "canary"
    content = write_site(tmp_path / "content", {**SCRATCH_FILES,
                                               "templates/page.html": page_template(payloads(canary)["os through cycler"])})
    result = run("build", "--content", str(content), "--output", str(tmp_path / "out"), "--untrusted-templates",
                 "--no-cache", *AS_OF)
    assert result.exit_code == 1, result.output
    assert f"{content}/templates/page.html:4:1: lỗi: mẫu trang page.html làm việc không được phép" in result.output
    assert not canary.exists() and not (tmp_path / "out").exists()
    # the same tree, trusted (the default), runs the template: the flag is what protects
    run("build", "--content", str(content), "--output", str(tmp_path / "out2"), "--no-cache", *AS_OF)
    assert canary.exists()


def test_new_unit_scaffolds_a_unit_that_checks(tmp_path):
    content = write_units(tmp_path / "content", {"site.yaml": "# Tỉnh\nname: UBND tỉnh Thử Nghiệm  # tên\nlevel: tinh\n"})
    result = run("new", "unit", "xa-moi", "--content", str(content), "--name", "UBND xã Mới")
    assert result.exit_code == 0, result.output
    agencies = (content / "units/xa-moi/agencies.yaml").read_text(encoding="utf-8")
    assert "- id: ubnd-xa" in agencies and "# Cơ quan của UBND xã Mới" in agencies
    site = (content / "site.yaml").read_text(encoding="utf-8")
    assert "units: true" in site and "# tên" in site  # added, comments kept
    result = run("check", "--content", str(content), *AS_OF)
    assert result.exit_code == 0, result.output
    assert run("new", "unit", "xa-moi", "--content", str(content), "--name", "X").exit_code == 1
    assert run("new", "unit", "Xa Moi", "--content", str(content), "--name", "X").exit_code == 2
