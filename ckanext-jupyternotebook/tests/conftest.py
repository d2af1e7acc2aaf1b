"""Test set-up: the package is imported from this checkout; no CKAN is needed (the
`world` fixture stands in for it where the glue is tested)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import fake_ckan
import pytest

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
REPO_ROOT = PLUGIN_ROOT.parent
sys.path.insert(0, str(PLUGIN_ROOT))

VECTORS_PATH = REPO_ROOT / "test" / "vectors" / "launch-tickets.json"
PACKAGE_DIR = PLUGIN_ROOT / "ckanext" / "jupyternotebook"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


@pytest.fixture(scope="session")
def vectors() -> dict:
    return json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def world(monkeypatch):
    """A fake CKAN (fake_ckan.World) installed as `ckan` & co. for one test; the plugin's
    glue modules are forgotten before and after, so they import it afresh."""
    w = fake_ckan.World()
    for name, module in fake_ckan.install(w).items():
        monkeypatch.setitem(sys.modules, name, module)
    fake_ckan.forget_glue()
    yield w
    fake_ckan.forget_glue()
