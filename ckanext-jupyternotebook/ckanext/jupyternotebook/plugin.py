"""The CKAN plugin `jupyternotebook` (glue only; the logic is in the plain modules).

- IConfigurer: the templates, including the admin tab (templates/admin/base.html).
- IConfigurable: reads the settings once (config/) and logs every problem.
- IResourceView: ipynb resources show the hub's run page in a sandboxed frame.
- IBlueprint: /ckan-admin/jupyternotebook (sysadmins), /jupyternotebook/launch/<id> and
  /jupyternotebook/explore/<dataset id>.
- ITemplateHelpers: h.jupyternotebook_open_url(resource), h.jupyternotebook_is_notebook(resource)
  for themes ("Open in Jupyter" on the dataset and resource pages uses the first);
  h.jupyternotebook_explore_url(pkg_dict), h.jupyternotebook_can_explore(pkg_dict)
  ("Explore in Jupyter" on the dataset page uses the first).
- IClick: `ckan jupyternotebook check` (cli.py, check.py).
- ITranslation: the catalogues in i18n/ (DefaultTranslation), domain ckanext-jupyternotebook.
- IConfigDeclaration: config_declaration.yaml, through the blanket decorator.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import views
from .config import load_config
from .i18n import translate
from .notebook_view import build_view, can_explore, explore_url, is_notebook_resource, open_in_jupyter_url

log = logging.getLogger(__name__)


@tk.blanket.config_declarations
class JupyterNotebookPlugin(p.SingletonPlugin, tk.DefaultTranslation):
    p.implements(p.IConfigurer, inherit=True)
    p.implements(p.IConfigurable, inherit=True)
    p.implements(p.IResourceView, inherit=True)
    p.implements(p.IBlueprint, inherit=True)
    p.implements(p.ITemplateHelpers, inherit=True)
    p.implements(p.IClick, inherit=True)
    # The German (and any later) catalogue in i18n/<locale>/LC_MESSAGES/ckanext-jupyternotebook.mo;
    # DefaultTranslation finds it next to this module.
    p.implements(p.ITranslation)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        # The admin tab is added by templates/admin/base.html: CKAN 2.11 removed
        # toolkit.add_ckan_admin_tab, and extending the nav block works on 2.10 too.
        tk.add_template_directory(config, "templates")

    # IConfigurable

    def configure(self, config: Any) -> None:
        cfg = load_config(config, os.environ)
        for problem in cfg.problems:
            log.warning("jupyternotebook: %s", problem)
        views.set_config(cfg)

    # IResourceView

    def info(self) -> dict[str, Any]:
        return {
            "name": "jupyternotebook",
            "title": tk._("Jupyter Notebook"),
            "default_title": tk._("Jupyter Notebook"),
            "icon": "book",
            # The view renders its own frame to the hub; a CKAN frame around it would
            # only add a second scroll bar.
            "iframed": False,
            "always_available": False,
        }

    def can_view(self, data_dict: dict[str, Any]) -> bool:
        return is_notebook_resource(data_dict.get("resource") or {})

    def view_template(self, context: Any, data_dict: dict[str, Any]) -> str:
        return "jupyternotebook/view.html"

    def setup_template_variables(self, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
        resource = data_dict.get("resource") or {}
        resource_id = str(resource.get("id") or "")
        user = views.current_user_name()
        return {
            "jupyternotebook": build_view(
                views.get_config(),
                resource,
                data_dict.get("package") or {},
                user=user,
                can_read=lambda: views.can_read_resource(user, resource_id),
                launch_url=tk.url_for("jupyternotebook_launch.launch", resource_id=resource_id) if resource_id else "",
                preview_link=tk.url_for("jupyternotebook_launch.preview", resource_id=resource_id) if resource_id else "",
                portal=views.portal_url(),
                lang=views.current_lang(),
                now=int(time.time()),
                _=tk._,
            )
        }

    # IBlueprint

    def get_blueprint(self) -> list[Any]:
        return [views.admin, views.launch]

    # ITemplateHelpers

    def get_helpers(self) -> dict[str, Any]:
        return {
            "jupyternotebook_open_url": lambda resource: open_in_jupyter_url(views.get_config(), resource, tk.url_for),
            "jupyternotebook_is_notebook": lambda resource: is_notebook_resource(resource or {}),
            # Both follow the hub's runtime explore settings (views.explore_config).
            "jupyternotebook_explore_url": lambda pkg_dict: explore_url(
                views.explore_config(),
                pkg_dict or {},
                tk.url_for,
                user=views.current_user_name(),
                portal=views.portal_url(),
                lang=views.current_lang(),
            ),
            "jupyternotebook_can_explore": lambda pkg_dict: can_explore(views.explore_config(), pkg_dict or {}),
            # Messages of the plain modules (i18n.Msg and N_-marked constants) in CKAN's language.
            "jupyternotebook_text": lambda message: translate(message, tk._),
        }

    # IClick

    def get_commands(self) -> list[Any]:
        from . import cli  # click is CKAN's; imported only when CKAN asks for commands

        return cli.get_commands()
