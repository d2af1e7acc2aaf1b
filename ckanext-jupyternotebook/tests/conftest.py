"""Test set-up: the package is imported from this checkout; no CKAN is needed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

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
