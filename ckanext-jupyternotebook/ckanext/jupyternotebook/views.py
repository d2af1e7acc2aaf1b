"""Flask blueprints: the sysadmin page and the launch link (CKAN glue only).

Decisions live in admin_page.py and notebook_view.py; this module reads the request,
checks CKAN permissions and CSRF tokens, and renders or redirects.
"""
from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timezone
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from flask import Blueprint, redirect

from . import admin_page
from .config import PluginConfig, load_config
from .explore_settings import hub_explore
from .hub_client import HubClient
from .i18n import N_, translate
from .notebook_view import explore_target, launch_target, preview_target
from .urls import UrlError

log = logging.getLogger(__name__)

ADMIN_PATH = "/ckan-admin/jupyternotebook"
NOT_A_NOTEBOOK = N_("This resource cannot be opened as a notebook.")
NOT_EXPLORABLE = N_("This dataset cannot be explored in Jupyter.")
admin = Blueprint("jupyternotebook", __name__)
launch = Blueprint("jupyternotebook_launch", __name__)

_config: Optional[PluginConfig] = None


def set_config(cfg: PluginConfig) -> None:
    global _config
    _config = cfg


def get_config() -> PluginConfig:
    global _config
    if _config is None:
        _config = load_config(tk.config, os.environ)
    return _config


# The config with the hub's runtime explore settings, cached briefly; the CKAN options when
# the hub cannot be asked (explore_settings.py). "Explore in Jupyter" and its route follow it.
def explore_config() -> PluginConfig:
    return hub_explore.effective(get_config())


def current_user_name() -> Optional[str]:
    user = tk.current_user
    if getattr(user, "is_authenticated", False) and getattr(user, "name", ""):
        return user.name
    return None


def can_read_resource(user: Optional[str], resource_id: str) -> bool:
    try:
        tk.check_access("resource_show", {"user": user or ""}, {"id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


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


def portal_url() -> str:
    """CKAN's base URL as browsers reach it (site_url and root path)."""
    return tk.url_for("home.index", qualified=True)


def current_lang() -> str | None:
    try:
        return tk.h.lang()
    except Exception:  # outside a request (CLI): no page language
        return None


def _no_store(response: Any) -> Any:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _redirect_with_ticket(action: str, object_id: str, target: Any, texts: tuple[str, str, str], config: Any = get_config) -> Any:
    # Checks `action` for the current user, then redirects to `target(...)` with a ticket
    # made now. `?run=1` is the launcher's Run asking for a fresh ticket: the hub launches
    # at once; a user who may not read is then sent to the hub without a ticket (its page
    # says why); without `run` such a user gets CKAN's 403. `texts`: 404, 403, cannot open.
    user = current_user_name()
    run = tk.request.args.get("run") == "1"
    try:
        tk.check_access(action, {"user": user or ""}, {"id": object_id})
        can_read = True
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(texts[0]))
    except tk.NotAuthorized:
        if not run:
            return tk.abort(403, tk._(texts[1]))
        can_read = False
    try:
        portal, lang, now = portal_url(), current_lang(), int(time.time())
        url = target(config(), object_id, user=user, now=now, portal=portal, lang=lang, run=run, can_read=can_read)
    except UrlError:
        return tk.abort(404, tk._(texts[2]))
    return _no_store(redirect(url, code=303))


_RESOURCE_TEXTS = (N_("Resource not found"), N_("Unauthorized to read this resource"), NOT_A_NOTEBOOK)
_DATASET_TEXTS = (N_("Dataset not found"), N_("Unauthorized to read this dataset"), NOT_EXPLORABLE)


def launch_notebook(resource_id: str) -> Any:
    """The hub's run page for a notebook resource (see _redirect_with_ticket)."""
    return _redirect_with_ticket("resource_show", resource_id, launch_target, _RESOURCE_TEXTS)


def explore_dataset(dataset_id: str) -> Any:
    """"Explore in Jupyter": the hub's launcher for the whole dataset (package_show)."""
    return _redirect_with_ticket("package_show", dataset_id, explore_target, _DATASET_TEXTS, explore_config)


def preview_notebook(resource_id: str) -> Any:
    """Redirect to the hub's static preview, with a ticket for a user who may read the
    resource (so a member sees a private notebook's preview); a guest or a user who may
    not read it gets the anonymous preview, which CKAN's rules decide."""
    user = current_user_name()
    try:
        tk.check_access("resource_show", {"user": user or ""}, {"id": resource_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Resource not found"))
    except tk.NotAuthorized:
        user = None
    try:
        target = preview_target(get_config(), resource_id, user=user, now=int(time.time()), lang=current_lang())
    except UrlError:
        return tk.abort(404, tk._(NOT_A_NOTEBOOK))
    return _no_store(redirect(target, code=303))


admin.add_url_rule(ADMIN_PATH, endpoint="index", view_func=index, methods=["GET"])
admin.add_url_rule(ADMIN_PATH + "/settings", endpoint="save_settings", view_func=save_settings, methods=["POST"])
admin.add_url_rule(
    ADMIN_PATH + "/sessions/<session_id>/stop", endpoint="stop_session", view_func=stop_session, methods=["POST"]
)
launch.add_url_rule("/jupyternotebook/launch/<resource_id>", endpoint="launch", view_func=launch_notebook, methods=["GET"])
launch.add_url_rule(
    "/jupyternotebook/preview/<resource_id>", endpoint="preview", view_func=preview_notebook, methods=["GET"]
)
launch.add_url_rule(
    "/jupyternotebook/explore/<dataset_id>", endpoint="explore", view_func=explore_dataset, methods=["GET"]
)
