""""Open in Jupyter" on the dataset page's resource list and the resource page, and the
template helper themes use. The overrides extend CKAN's templates by block; here each
is rendered over a stub parent with the blocks CKAN 2.10 and 2.11 define there."""
from __future__ import annotations

import importlib
import sys

import fake_ckan
import jinja2
import pytest
from conftest import TEMPLATES_DIR
from fake_ckan import World

from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.notebook_view import open_in_jupyter_url

NOTEBOOK = {"id": "nb-1", "format": "ipynb", "name": "Analysis"}
CSV = {"id": "csv-1", "format": "CSV", "name": "Data"}
CFG = PluginConfig(hub_url="https://hub.example.org/")

# The blocks of CKAN 2.10/2.11's package/snippets/resource_item.html and
# package/resource_read.html that the overrides extend (checked against both versions).
PARENTS = {
    "ckan/package/snippets/resource_item.html": (
        '<li class="resource-item">{% block resource_item_explore %}'
        '<div class="dropdown btn-group">Explore</div>{% endblock %}</li>'
    ),
    "ckan/package/resource_read.html": (
        '<div class="actions"><ul>{% block resource_actions_inner %}'
        "<li>Download</li>{% endblock %}</ul></div>"
    ),
}


def _url_for(endpoint, **kw):
    return f"/jupyternotebook/launch/{kw['resource_id']}?run={kw['run']}"


def _render(name: str, **context) -> str:
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    assert text.lstrip().startswith("{% ckan_extends %}")
    text = text.replace("{% ckan_extends %}", '{% extends "ckan/' + name + '" %}', 1)
    env = jinja2.Environment(loader=jinja2.DictLoader({**PARENTS, name: text}), autoescape=True)
    helpers = type("H", (), {})()
    helpers.jupyternotebook_open_url = lambda res: open_in_jupyter_url(CFG, res, _url_for)
    env.globals.update(_=lambda s: s, h=helpers)
    return env.get_template(name).render(**context)


def test_the_helper_links_notebooks_to_the_launch_route_and_nothing_else():
    assert open_in_jupyter_url(CFG, NOTEBOOK, _url_for) == "/jupyternotebook/launch/nb-1?run=1"
    assert open_in_jupyter_url(CFG, CSV, _url_for) == ""
    assert open_in_jupyter_url(CFG, {"format": "ipynb"}, _url_for) == ""
    assert open_in_jupyter_url(PluginConfig(), NOTEBOOK, _url_for) == ""


@pytest.mark.parametrize("res,shown", [(NOTEBOOK, True), (CSV, False)])
def test_the_resource_list_has_the_button_beside_explore(res, shown):
    html = _render("package/snippets/resource_item.html", res=res, url_is_edit=False)
    assert ("Open in Jupyter" in html) is shown
    assert "Explore" in html
    if shown:
        assert 'href="/jupyternotebook/launch/nb-1?run=1"' in html and 'target="_blank"' in html


def test_the_resource_list_in_edit_mode_has_no_button():
    assert "Open in Jupyter" not in _render("package/snippets/resource_item.html", res=NOTEBOOK, url_is_edit=True)


@pytest.mark.parametrize("res,shown", [(NOTEBOOK, True), (CSV, False)])
def test_the_resource_page_has_the_button_among_its_actions(res, shown):
    html = _render("package/resource_read.html", res=res)
    assert ("Open in Jupyter" in html) is shown and "<li>Download</li>" in html
    if shown:
        assert html.index("Open in Jupyter") < html.index("Download")


def test_the_plugin_offers_the_helpers(monkeypatch):
    world = World()
    for name, module in fake_ckan.install(world).items():
        monkeypatch.setitem(sys.modules, name, module)
    fake_ckan.forget_glue()
    try:
        plugin = importlib.import_module("ckanext.jupyternotebook.plugin")
        instance = plugin.JupyterNotebookPlugin()
        world.config["ckanext.jupyternotebook.hub_url"] = "https://hub.example.org/"
        instance.configure(world.config)
        helpers = instance.get_helpers()
        assert helpers["jupyternotebook_open_url"](NOTEBOOK) == "/jupyternotebook_launch.launch/nb-1/1"
        assert helpers["jupyternotebook_open_url"](CSV) == ""
        assert helpers["jupyternotebook_is_notebook"](NOTEBOOK) is True
    finally:
        fake_ckan.forget_glue()
