"""The Jinja templates: CSRF input in every form, no secret, escaping, field errors."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser

import jinja2
import pytest
from conftest import TEMPLATES_DIR
from markupsafe import Markup

from ckanext.jupyternotebook import admin_page
from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.settings_form import ParsedForm

TEMPLATES = sorted(TEMPLATES_DIR.rglob("*.html"))
CSRF_MARK = '<input type="hidden" name="_csrf_token" value="CSRF-TEST"/>'
SANDBOX = "allow-scripts allow-same-origin allow-forms allow-downloads allow-popups"


def test_there_are_templates():
    names = {p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES}
    assert {"jupyternotebook/view.html", "jupyternotebook/admin.html", "admin/base.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_form_carries_the_csrf_input(path):
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"<form\b", text, re.IGNORECASE)]
    for start in starts:
        end = text.lower().index("</form>", start)
        assert "{{ h.csrf_input() }}" in text[start:end], f"{path.name}: a form at {start} has no CSRF input"
    if path.name == "admin.html":
        assert len(starts) == 2  # stop a session; save settings


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_references_a_secret(path):
    text = path.read_text(encoding="utf-8").lower()
    for word in ("admin_token", "ticket_secret", "token", "config.get", "h.config"):
        assert word not in text, f"{path.name} mentions {word}"


class _H:
    def csrf_input(self):
        return Markup(CSRF_MARK)

    def url_for(self, endpoint, **kw):
        suffix = "".join(f"/{v}" for v in kw.values())
        return f"/url/{endpoint}{suffix}"

    def jupyternotebook_text(self, message):
        return self.gettext(message) if message else ""

    gettext = staticmethod(lambda s: s)

    def build_nav_icon(self, endpoint, label, icon=None):
        return Markup(f'<li><a href="/url/{endpoint}">{label}</a></li>')


def _env(stubs: dict[str, str] | None = None) -> jinja2.Environment:
    loaders = [jinja2.DictLoader(stubs)] if stubs else []
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders + [jinja2.FileSystemLoader(str(TEMPLATES_DIR))]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(_=lambda s: s, h=_H())
    return env


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _render_view(jn: dict) -> str:
    return _env().get_template("jupyternotebook/view.html").render(jupyternotebook=jn)


def test_the_view_frames_the_hub_with_the_agreed_sandbox():
    src = "https://hub.example.org/run/ckan/r1?ticket=v1.a.b&x=1"
    html = _render_view({"ok": True, "iframe_src": src, "open_url": "/jupyternotebook/launch/r1",
                         "preview_url": "https://hub.example.org/preview/ckan/r1", "height": 640})
    tags = _tags(html)
    (iframe,) = [a for t, a in tags if t == "iframe"]
    assert iframe["src"] == src and iframe["sandbox"] == SANDBOX and iframe["height"] == "640"
    assert "&amp;x=1" in html  # the attribute is escaped, the URL is intact
    links = {a["href"]: a for t, a in tags if t == "a"}
    assert links["/jupyternotebook/launch/r1"]["target"] == "_blank"
    assert "noopener" in links["/jupyternotebook/launch/r1"]["rel"]
    assert "noopener" in links["https://hub.example.org/preview/ckan/r1"]["rel"]
    assert "Open in a new tab" in html


def test_the_view_escapes_hostile_values():
    html = _render_view({"ok": True, "iframe_src": 'https://h/"><script>alert(1)</script>',
                         "open_url": "javascript:x", "preview_url": "https://h/p", "height": 1})
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html


def test_the_view_shows_the_message_when_unavailable():
    html = _render_view({"ok": False, "message": "Log in <b>now</b>."})
    assert "<iframe" not in html and "Log in &lt;b&gt;now&lt;/b&gt;." in html


ADMIN_BASE_STUB = (
    "<title>{% block subtitle %}Administration{% endblock %}</title>"
    "<nav>{% block content_primary_nav %}{% endblock %}</nav>"
    "<main>{% block primary_content_inner %}{% endblock %}</main>"
    "<aside>{% block secondary_content %}{% endblock %}</aside>"
)


def _render_admin(page: dict) -> str:
    return _env({"admin/base.html": ADMIN_BASE_STUB}).get_template("jupyternotebook/admin.html").render(page=page)


class _StubClient:
    def __init__(self, settings=None, sessions=None):
        self.settings = settings or {
            "max_sessions": 100, "max_guest_sessions": 100, "idle_timeout_seconds": 1200,
            "max_lifetime_seconds": 7200, "cpu_percent": 50, "memory_limit": "1G",
        }
        self.sessions = sessions or []

    def list_sessions(self):
        return self.sessions

    def get_settings(self):
        return self.settings


TOKEN = "very-secret-admin-token-value"
CFG = PluginConfig(hub_url="https://hub.example.org/", hub_api_url="http://hub:8000/", admin_token=TOKEN,
                   ticket_secret="x" * 40, problems=("a <problem>",))
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _forms(html: str) -> list[str]:
    return re.findall(r"<form\b.*?</form>", html, re.DOTALL)


def test_the_admin_page_renders_a_csrf_input_in_every_form_and_never_the_token():
    sessions = [{"id": "s-1", "state": "ready", "created_at": "2026-01-01T00:00:00Z"},
                {"id": "s-2", "state": "ready"}]
    html = _render_admin(admin_page.page_state(_StubClient(sessions=sessions), CFG, now=NOW))
    forms = _forms(html)
    assert len(forms) == 3  # two stop buttons, the settings form
    assert all(CSRF_MARK in form for form in forms)
    assert 'action="/url/jupyternotebook.stop_session/s-1"' in html
    assert 'action="/url/jupyternotebook.save_settings"' in html
    assert TOKEN not in html and CFG.ticket_secret not in html
    assert "a &lt;problem&gt;" in html


def test_field_errors_are_rendered_next_to_their_own_field():
    submitted = ParsedForm(raw={"cpu_percent": "<150>"}, originals={"cpu_percent": "50"})
    outcome = admin_page.SaveOutcome(False, submitted=submitted,
                                     field_errors={"cpu_percent": "must be an integer from 1 to 100"},
                                     general_errors=["gpu: unknown <setting>"])
    html = _render_admin(admin_page.page_state(_StubClient(), CFG, now=NOW, outcome=outcome))
    groups = re.findall(r'<div class="form-group.*?</small>', html, re.DOTALL)
    assert len(groups) == 6
    (cpu,) = [g for g in groups if 'name="cpu_percent"' in g]
    assert "error" in cpu.split('"')[1] and 'aria-invalid="true"' in cpu
    assert '<span class="error-block" id="field-cpu-percent-error">must be an integer from 1 to 100</span>' in cpu
    assert 'value="&lt;150&gt;"' in cpu and 'name="orig_cpu_percent" value="50"' in cpu
    assert all("error-block" not in g for g in groups if g is not cpu)
    assert "gpu: unknown &lt;setting&gt;" in html


def test_hub_errors_replace_the_table_and_the_form():
    class Down(_StubClient):
        def list_sessions(self):
            from ckanext.jupyternotebook.hub_client import HubError
            raise HubError("unreachable", "The hub is unreachable at http://hub:8000/ (Connection refused).")

        get_settings = list_sessions

    html = _render_admin(admin_page.page_state(Down(), CFG, now=NOW))
    assert html.count("The hub is unreachable") == 2 and "<form" not in html


def test_the_admin_tab_extends_ckans_admin_nav():
    text = (TEMPLATES_DIR / "admin" / "base.html").read_text(encoding="utf-8")
    assert text.lstrip().startswith("{% ckan_extends %}")
    assert "{{ super() }}" in text and "h.build_nav_icon('jupyternotebook.index'" in text
