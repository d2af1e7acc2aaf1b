"""`ckan jupyternotebook …` commands (IClick glue; the checks are in check.py)."""
from __future__ import annotations

import os
import time

import click
import ckan.plugins.toolkit as tk

from .check import run_checks
from .config import load_config


@click.group(name="jupyternotebook", short_help="Run dataset notebooks on a ckan-notebook-hub.")
def jupyternotebook() -> None:
    """Commands of the jupyternotebook plugin."""


@jupyternotebook.command(name="check")
def check() -> None:
    """Check the set-up with the hub: one line per check; exit status 1 on any failure."""
    cfg = load_config(tk.config, os.environ)
    results = run_checks(cfg, tk.config.get("ckan.site_url"), now=int(time.time()))
    for result in results:
        click.echo(result.line())
    if not all(r.ok for r in results):
        raise SystemExit(1)


def get_commands() -> list:
    return [jupyternotebook]
