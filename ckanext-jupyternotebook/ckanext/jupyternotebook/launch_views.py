"""The launch blueprint: /jupyternotebook/launch/<id>, /jupyternotebook/preview/<id> and
/jupyternotebook/explore/<dataset id>. Each checks CKAN's permission for the current
user now, then redirects (303, not stored, no referrer) to the hub with a fresh ticket;
where to is decided by notebook_view.
"""
from __future__ import annotations

import time
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, redirect

from .i18n import N_
from .notebook_view import explore_target, launch_target, preview_target
from .request_context import current_lang, current_user_name, explore_config, get_config, portal_url
from .urls import UrlError

NOT_A_NOTEBOOK = N_("This resource cannot be opened as a notebook.")
NOT_EXPLORABLE = N_("This dataset cannot be explored in Jupyter.")
launch = Blueprint("jupyternotebook_launch", __name__)


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


launch.add_url_rule("/jupyternotebook/launch/<resource_id>", endpoint="launch", view_func=launch_notebook, methods=["GET"])
launch.add_url_rule(
    "/jupyternotebook/preview/<resource_id>", endpoint="preview", view_func=preview_notebook, methods=["GET"]
)
launch.add_url_rule(
    "/jupyternotebook/explore/<dataset_id>", endpoint="explore", view_func=explore_dataset, methods=["GET"]
)
