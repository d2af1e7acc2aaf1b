"""Packaging and structure: the entry point, declared settings, Python 3.9 syntax,
and no CKAN import outside the glue."""
from __future__ import annotations

import ast
import re
import tomllib

import pytest
from conftest import PACKAGE_DIR, PLUGIN_ROOT

from ckanext.jupyternotebook.config import PREFIX, SOURCES

PY_FILES = sorted(PACKAGE_DIR.rglob("*.py"))
GLUE = {"plugin.py", "views.py", "request_context.py", "admin_views.py", "launch_views.py", "cli.py"}


def test_the_entry_point_keeps_the_original_plugin_name():
    project = tomllib.loads((PLUGIN_ROOT / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["ckan.plugins"] == {"jupyternotebook": "ckanext.jupyternotebook.plugin:JupyterNotebookPlugin"}
    assert project["requires-python"] == ">=3.9"


def test_templates_and_the_declaration_are_packaged():
    manifest = (PLUGIN_ROOT / "MANIFEST.in").read_text()
    assert "recursive-include ckanext/jupyternotebook/templates *.html" in manifest
    assert "include ckanext/jupyternotebook/config_declaration.yaml" in manifest


def _declared_options() -> dict[str, dict[str, str]]:
    """The options of config_declaration.yaml: {key: {field: value}} for its flat
    `- key:` items (read without PyYAML, which Debian's test set-up does not install)."""
    text = (PACKAGE_DIR / "config_declaration.yaml").read_text()
    assert text.startswith("version: 1\n")
    options: dict[str, dict[str, str]] = {}
    for block in re.split(r"\n\s*- key: ", text)[1:]:
        key, _, rest = block.partition("\n")
        options[key.strip()] = dict(re.findall(r"^\s{8}(\w+): ?(.*)$", rest, re.MULTILINE))
    return options


def test_every_setting_is_declared_for_ckan_and_nothing_else():
    options = _declared_options()
    assert set(options) == {key for key, _ in SOURCES.values()}
    assert all(key.startswith(PREFIX) for key in options)
    for secret in ("admin_token", "ticket_secret"):
        assert "default" not in options[PREFIX + secret] and "example" not in options[PREFIX + secret]
    assert options[PREFIX + "view_height"]["type"] == "int" and options[PREFIX + "view_height"]["default"] == "800"
    assert all(o.get("description") for o in options.values())


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: p.name)
def test_python_3_9_syntax(path):
    ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=(3, 9))


@pytest.mark.parametrize("path", [p for p in PY_FILES if p.name not in GLUE], ids=lambda p: p.name)
def test_pure_modules_import_neither_ckan_nor_flask(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"ckan", "flask", "flask_wtf", "requests"}, imported


def test_the_glue_stays_thin():
    for name in GLUE:
        lines = [l for l in (PACKAGE_DIR / name).read_text().splitlines() if l.strip() and not l.strip().startswith("#")]
        assert len(lines) < 150, f"{name} has {len(lines)} lines: move logic into a pure module"
