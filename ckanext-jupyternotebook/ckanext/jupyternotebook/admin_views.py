"""The sysadmin page's blueprint (/ckan-admin/jupyternotebook): sysadmins only, CSRF
checked on every POST; the page's data and outcomes come from admin_page.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from flask import Blueprint

from . import admin_page
from .config import PluginConfig
from .explore_settings import hub_explore
from .hub_client import HubClient
from .i18n import translate
from .request_context import get_config

ADMIN_PATH = "/ckan-admin/jupyternotebook"
admin = Blueprint("jupyternotebook", __name__)


def _client(cfg: PluginConfig) -> HubClient:
    return HubClient(cfg.hub_api_url, cfg.admin_token, timeout=cfg.api_timeout_seconds)


@admin.before_request
def _sysadmins_only() -> Any:
    try:
        tk.check_access("sysadmin", {"user": tk.current_user.name, "auth_user_obj": tk.current_user})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Need to be system administrator to administer"))
    return None


def _require_csrf_token() -> None:
    # CKAN exempts extension blueprints from its CSRF check unless
    # ckan.csrf_protection.ignore_extensions = false, so these forms check it themselves.
    from flask_wtf.csrf import ValidationError, validate_csrf

    field_name = tk.config.get("WTF_CSRF_FIELD_NAME") or "_csrf_token"
    try:
        validate_csrf(tk.request.form.get(field_name))
    except ValidationError:
        tk.abort(400, tk._("The form expired or was not sent from this site. Reload the page and try again."))


def _render(outcome: Optional[admin_page.SaveOutcome] = None) -> str:
    cfg = get_config()
    page = admin_page.page_state(_client(cfg), cfg, now=datetime.now(timezone.utc), outcome=outcome)
    return tk.render("jupyternotebook/admin.html", extra_vars={"page": page})


def index() -> str:
    return _render()


def save_settings() -> Any:
    _require_csrf_token()
    outcome = admin_page.save_settings(_client(get_config()), tk.request.form)
    hub_explore.forget()  # dataset pages follow the change at once, in this process
    if outcome.ok:
        tk.h.flash_success(translate(outcome.message, tk._))
        return tk.redirect_to("jupyternotebook.index")
    return _render(outcome)


def stop_session(session_id: str) -> Any:
    _require_csrf_token()
    category, message = admin_page.stop_session(_client(get_config()), session_id)
    flash = {"success": tk.h.flash_success, "notice": tk.h.flash_notice}.get(category, tk.h.flash_error)
    flash(translate(message, tk._))
    return tk.redirect_to("jupyternotebook.index")


admin.add_url_rule(ADMIN_PATH, endpoint="index", view_func=index, methods=["GET"])
admin.add_url_rule(ADMIN_PATH + "/settings", endpoint="save_settings", view_func=save_settings, methods=["POST"])
admin.add_url_rule(
    ADMIN_PATH + "/sessions/<session_id>/stop", endpoint="stop_session", view_func=stop_session, methods=["POST"]
)
