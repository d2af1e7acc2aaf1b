"""`ckan jupyternotebook check`: each check's verdict and wording (check.py), and the
click command (cli.py) through the fake toolkit. test/ckan/plugin-check.test.ts runs the
same checks against a real hub."""
from __future__ import annotations

import importlib
import json
import sys

import pytest
from click.testing import CliRunner

from ckanext.jupyternotebook.check import CHECK_RESOURCE, run_checks
from ckanext.jupyternotebook.config import PluginConfig, load_config
from ckanext.jupyternotebook.hub_client import HubError
from ckanext.jupyternotebook.tickets import verify_ticket

SECRET = "s" * 40
HUB = "https://hub.example.org/"
SITE = "https://data.example.org"
NOW = 1_800_000_000
CFG = PluginConfig(hub_url=HUB, hub_api_url=HUB, admin_token="tok", ticket_secret=SECRET)
GOOD_CSP = "default-src 'self'; frame-ancestors 'self' https://data.example.org"


class StubHub:
    """Answers like the hub: healthz, the index page's CSP, the admin API."""

    def __init__(self, *, health=(200, {"status": "ok", "spawner": "docker"}), csp=GOOD_CSP, secret=SECRET, token_ok=True):
        self.health, self.csp, self.secret, self.token_ok = health, csp, secret, token_ok
        self.checked: list[str] = []

    def fetch(self, url: str, timeout: float):
        if url == HUB + "healthz":
            return self.health[0], {"content-type": "application/json"}, json.dumps(self.health[1]).encode()
        assert url == HUB
        return 200, {"content-security-policy": self.csp}, b"<html>"

    def get_settings(self):
        if not self.token_ok:
            raise HubError("unauthorized", "The hub refused the admin token (HTTP 401).")
        return {}

    def check_ticket(self, ticket, resource_id):
        self.checked.append(ticket)
        if not self.token_ok:
            raise HubError("unauthorized", "The hub refused the admin token (HTTP 401).")
        if self.secret is None:
            return {"ok": False, "reason": "no_secret"}
        try:
            verify_ticket(self.secret, ticket, resource_id=resource_id, now=NOW)
        except Exception as exc:
            return {"ok": False, "reason": getattr(exc, "code", "bad_signature")}
        return {"ok": True, "user": "jupyternotebook-check"}


def _lines(cfg=CFG, site=SITE, hub=None):
    hub = hub or StubHub()
    return [r.line() for r in run_checks(cfg, site, now=NOW, fetch=hub.fetch, client=hub)]


def test_a_good_set_up_passes_every_check_one_line_each():
    hub = StubHub()
    lines = _lines(hub=hub)
    assert [l.split(":")[0] for l in lines] == [
        "OK   hub answers",
        "OK   admin token works",
        "OK   ticket secret matches",
        "OK   frame-ancestors include ckan.site_url",
        "OK   hub is not on CKAN's origin",
    ]
    assert verify_ticket(SECRET, hub.checked[0], resource_id=CHECK_RESOURCE, now=NOW)


def test_each_failure_is_named():
    assert _lines(hub=StubHub(health=(503, {"status": "degraded", "spawner": "docker", "message": "engine down"})))[0] == (
        "FAIL hub answers: https://hub.example.org/ answers but cannot start sessions: engine down (spawner docker)"
    )
    lines = _lines(hub=StubHub(token_ok=False))
    assert lines[1].startswith("FAIL admin token works: The hub refused the admin token")
    assert lines[2].startswith("FAIL ticket secret matches: could not ask the hub")
    assert _lines(hub=StubHub(secret="o" * 40))[2] == (
        "FAIL ticket secret matches: the hub's HUB_TICKET_SECRET is not this ticket_secret"
    )
    assert _lines(hub=StubHub(secret=None))[2] == "FAIL ticket secret matches: the hub has no HUB_TICKET_SECRET"
    assert _lines(hub=StubHub(csp="frame-ancestors 'self' https://other.org"))[3] == (
        "FAIL frame-ancestors include ckan.site_url: the hub lets only 'self' https://other.org frame it; "
        "add https://data.example.org to the hub's HUB_FRAME_ANCESTORS"
    )


def test_nothing_answering_and_nothing_configured():
    def refused(url, timeout):
        raise OSError("Connection refused")

    hub = StubHub()
    hub.fetch = refused
    lines = _lines(hub=hub)
    assert lines[0] == "FAIL hub answers: nothing answers at https://hub.example.org/ (Connection refused)"
    results = run_checks(PluginConfig(), None, now=NOW, fetch=refused)
    assert [r.ok for r in results] == [False] * 5
    assert "not configured" in results[1].detail


def test_a_hub_on_ckans_origin_fails():
    cfg = load_config({"ckan.site_url": SITE, "ckanext.jupyternotebook.hub_url": SITE + "/hub/"}, {})
    assert _lines(cfg=cfg)[-1].startswith("FAIL hub is not on CKAN's origin: the hub URL https://data.example.org/hub/")


@pytest.fixture
def cli(world):
    sys.modules.pop("ckanext.jupyternotebook.cli", None)
    yield world, importlib.import_module("ckanext.jupyternotebook.cli")
    sys.modules.pop("ckanext.jupyternotebook.cli", None)


def test_the_command_prints_the_lines_and_exits_non_zero_on_failure(cli):
    world, module = cli
    world.config.update({"ckan.site_url": SITE, "ckanext.jupyternotebook.hub_url": "http://127.0.0.1:9/"})
    result = CliRunner().invoke(module.jupyternotebook, ["check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 5 and lines[0].startswith("FAIL hub answers: nothing answers at http://127.0.0.1:9/")


def test_the_plugin_registers_the_command(cli):
    plugin = importlib.import_module("ckanext.jupyternotebook.plugin")
    (group,) = plugin.JupyterNotebookPlugin().get_commands()
    assert group.name == "jupyternotebook" and "check" in group.commands
