"""The plugin's translations: every user-facing message is in the catalogue, the German
catalogue translates every one of them (no empty, fuzzy or copied entry, the same
placeholders), the compiled .mo says what the .po says, and the CKAN view and the admin
page render in German."""
from __future__ import annotations

import gettext
import re
from datetime import datetime, timezone

import jinja2
import pytest
from babel.messages.pofile import read_po
from conftest import PACKAGE_DIR, PLUGIN_ROOT, TEMPLATES_DIR
from i18n_messages import plugin_messages

from ckanext.jupyternotebook import admin_page
from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.i18n import Msg, translate
from ckanext.jupyternotebook.notebook_view import build_view

I18N = PACKAGE_DIR / "i18n"
DOMAIN = "ckanext-jupyternotebook"
PO = I18N / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
# Identical in German on purpose (units and placeholders only).
SAME_IN_GERMAN = {"{minutes} min {seconds} s", "{seconds} s"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _catalog(path):
    with path.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def german() -> gettext.GNUTranslations:
    return gettext.translation(DOMAIN, localedir=str(I18N), languages=["de"])


def test_the_template_catalogue_lists_exactly_the_messages_in_use():
    pot = {m.id for m in _catalog(I18N / f"{DOMAIN}.pot") if m.id}
    assert pot == set(plugin_messages())


def test_every_message_has_a_german_translation():
    po = {m.id: m for m in _catalog(PO) if m.id}
    problems = []
    for msgid, where in plugin_messages().items():
        entry = po.get(msgid)
        if entry is None or not entry.string:
            problems.append(f"untranslated: {msgid!r} ({where[0]})")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif entry.string == msgid and msgid not in SAME_IN_GERMAN:
            problems.append(f"copied, not translated: {msgid!r}")
        elif set(_PLACEHOLDER.findall(entry.string)) != set(_PLACEHOLDER.findall(msgid)):
            problems.append(f"placeholders differ: {msgid!r}")
    assert problems == []


def test_the_compiled_catalogue_matches_the_po_file(german):
    for entry in _catalog(PO):
        if entry.id:
            assert german.gettext(entry.id) == entry.string, entry.id


def test_babel_extraction_is_configured():
    setup_cfg = (PLUGIN_ROOT / "setup.cfg").read_text()
    assert "[extract_messages]" in setup_cfg and "keywords = Msg N_" in setup_cfg
    assert "message_extractors" in (PLUGIN_ROOT / "setup.py").read_text()
    assert "ckanext/jupyternotebook/i18n" in (PLUGIN_ROOT / "MANIFEST.in").read_text()


def test_messages_with_parameters_translate_then_fill_in(german):
    message = Msg("Session {id} stopped.", id="abc")
    assert str(message) == "Session abc stopped."
    assert translate(message, german.gettext) == "Sitzung abc beendet."
    assert translate("Memory limit", german.gettext) == "Speichergrenze"


def _env(german) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({"admin/base.html": "{% block primary_content_inner %}{% endblock %}"
                                "{% block secondary_content %}{% endblock %}"}),
             jinja2.FileSystemLoader(str(TEMPLATES_DIR))]
        ),
        autoescape=True,
    )
    helpers = type("H", (), {})()
    helpers.csrf_input = lambda: ""
    helpers.url_for = lambda endpoint, **kw: "/" + endpoint
    helpers.jupyternotebook_text = lambda message: translate(message, german.gettext)
    env.globals.update(_=german.gettext, h=helpers)
    return env


def test_the_ckan_view_renders_in_german(german):
    cfg = PluginConfig(hub_url="https://hub.example.org/")
    view = build_view(
        cfg, {"id": "r1", "format": "ipynb"}, {"private": False}, user=None, can_read=lambda: True,
        launch_url="/l", preview_link="/p", portal=None, lang="de", now=0, _=german.gettext,
    )
    html = _env(german).get_template("jupyternotebook/view.html").render(jupyternotebook=view)
    assert "In neuem Tab öffnen" in html and "Statische Vorschau" in html
    assert "Open in a new tab" not in html
    refused = build_view(
        cfg, {"id": "r1", "format": "ipynb"}, {"private": True}, user=None, can_read=lambda: True,
        launch_url="/l", preview_link="/p", portal=None, lang="de", now=0, _=german.gettext,
    )
    assert refused["message"] == "Melden Sie sich an, um dieses Notebook auszuführen."


class _Hub:
    def list_sessions(self):
        now = datetime(2030, 1, 1, tzinfo=timezone.utc).isoformat()
        return [{"id": "s1", "state": "ready", "created_at": now, "expires_at": "2030-01-01T00:05:00Z",
                 "idle_deadline": "2030-01-01T00:03:00Z", "visitor_kind": "guest"}]

    def get_settings(self):
        return {"max_sessions": 4, "max_guest_sessions": 2, "idle_timeout_seconds": 600,
                "max_lifetime_seconds": 3600, "cpu_percent": 50, "memory_limit": "1G"}


def test_the_admin_page_renders_in_german(german):
    outcome = admin_page.save_settings(_Hub(), {"max_sessions": "x", "orig_max_sessions": "4"})
    page = admin_page.page_state(
        _Hub(), PluginConfig(hub_url="https://hub.example.org/"), now=datetime(2030, 1, 1, tzinfo=timezone.utc),
        outcome=outcome,
    )
    html = _env(german).get_template("jupyternotebook/admin.html").render(page=page)
    for text in ("Laufende Sitzungen", "Höchstzahl gleichzeitiger Sitzungen", "muss eine ganze Zahl ≥ 1 sein",
                 "Einstellungen speichern", "3 min 00 s", "Beenden"):
        assert text in html, text
    for english in ("Live sessions", "Maximum concurrent sessions", "must be an integer", "Save settings"):
        assert english not in html, english
