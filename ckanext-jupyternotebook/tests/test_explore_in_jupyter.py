""""Explore in Jupyter" on the dataset page: which datasets get it, where it links (the
hub's dataset launcher straight away for a guest on a public dataset, else the plugin's
explore route, which checks package_show and signs a ticket for the dataset), the
template over a stub of CKAN's package/read.html, the helpers and the two options."""
from __future__ import annotations

import importlib
import time
from urllib.parse import parse_qs, urlsplit

import jinja2
import pytest
from conftest import TEMPLATES_DIR
from fake_ckan import Abort, User

from ckanext.jupyternotebook.config import DEFAULT_EXPLORE_FORMATS, PluginConfig, load_config
from ckanext.jupyternotebook.notebook_view import can_explore, explore_url, is_explorable_resource
from ckanext.jupyternotebook.tickets import verify_ticket
from ckanext.jupyternotebook.urls import UrlError, dataset_run_url

HUB = "https://hub.example.org/"
SECRET = "k" * 40
CFG = PluginConfig(hub_url=HUB, ticket_secret=SECRET)
DID = "d5a3c0e1-0000-4000-8000-000000000001"
CSV = {"id": "r1", "format": "CSV"}
HTML = {"id": "r2", "format": "HTML", "url": "https://example.org/page"}
NOTEBOOK = {"id": "r3", "format": "ipynb"}
DATASTORE_ONLY = {"id": "r4", "format": "", "url_type": "datastore", "datastore_active": True}
PUBLIC = {"id": DID, "name": "city-air-quality", "private": False, "resources": [HTML, CSV]}
PRIVATE = {**PUBLIC, "name": "private-air", "private": True}


def _url_for(endpoint, **kw):
    return f"/{endpoint}/{kw['dataset_id']}?run={kw['run']}"


@pytest.mark.parametrize(
    "resource,explorable",
    [
        (CSV, True),
        ({"format": "csv"}, True),
        ({"format": ".TSV"}, True),
        ({"format": " xlsx "}, True),
        ({"format": "XLS"}, False),
        ({"format": "JSON"}, True),
        ({"format": "GeoJSON"}, True),
        ({"format": "Parquet"}, False),
        (DATASTORE_ONLY, True),
        (HTML, False),
        (NOTEBOOK, False),
        ({"format": "PDF", "datastore_active": False}, False),
        ({}, False),
    ],
)
def test_which_resources_the_hub_can_load(resource, explorable):
    assert is_explorable_resource(CFG, resource) is explorable


def test_a_dataset_is_explorable_with_one_loadable_resource_when_the_feature_is_on():
    assert can_explore(CFG, PUBLIC) and can_explore(CFG, PRIVATE)
    assert can_explore(CFG, {**PUBLIC, "resources": [DATASTORE_ONLY]})
    assert not can_explore(CFG, {**PUBLIC, "resources": [HTML, NOTEBOOK]})
    assert not can_explore(CFG, {**PUBLIC, "resources": []})
    assert not can_explore(CFG, {"name": "no-id", "resources": [CSV]})
    assert not can_explore(PluginConfig(), PUBLIC)  # no hub
    assert not can_explore(PluginConfig(hub_url=HUB, explore_datasets=False), PUBLIC)
    assert not can_explore(PluginConfig(hub_url=HUB, explore_formats=frozenset({"xlsx"})), PUBLIC)
    assert not can_explore(CFG, None)  # type: ignore[arg-type]


def test_a_guest_on_a_public_dataset_goes_straight_to_the_hub():
    url = explore_url(CFG, PUBLIC, _url_for, user=None, portal="https://data.example.org", lang="de")
    assert url == HUB + "run/ckan-dataset/" + DID + "?portal=https%3A%2F%2Fdata.example.org%2F&lang=de&run=1"
    assert "ticket" not in url


def test_a_private_dataset_or_a_logged_in_user_goes_through_the_explore_route():
    route = f"/jupyternotebook_launch.explore/{DID}?run=1"
    assert explore_url(CFG, PRIVATE, _url_for, user=None) == route
    assert explore_url(CFG, PUBLIC, _url_for, user="alice") == route
    assert explore_url(CFG, {**PUBLIC, "resources": [HTML]}, _url_for, user="alice") == ""


def test_the_dataset_launcher_url_encodes_the_reference():
    assert dataset_run_url(HUB, "a/b?c") == HUB + "run/ckan-dataset/a%2Fb%3Fc"
    assert dataset_run_url(HUB, "x", "t", run=True) == HUB + "run/ckan-dataset/x?ticket=t&run=1"
    with pytest.raises(UrlError):
        dataset_run_url(HUB, "..")


# CKAN 2.10/2.11's package/read.html: the resource list sits in block package_resources.
PARENT = (
    "<h1>{{ pkg.name }}</h1>{% block package_resources %}"
    '<section id="dataset-resources">Data and Resources</section>{% endblock %}'
)


def _render(pkg, user=None, **context) -> str:
    name = "package/read.html"
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    assert text.lstrip().startswith("{% ckan_extends %}")
    text = text.replace("{% ckan_extends %}", '{% extends "ckan/' + name + '" %}', 1)
    env = jinja2.Environment(loader=jinja2.DictLoader({"ckan/" + name: PARENT, name: text}), autoescape=True)
    helpers = type("H", (), {})()
    helpers.jupyternotebook_explore_url = lambda p: explore_url(CFG, p, _url_for, user=user, portal=None, lang="en")
    env.globals.update(_=lambda s: s, h=helpers)
    return env.get_template(name).render(pkg=pkg, **context)


def test_the_dataset_page_has_the_button_above_the_resources():
    html = _render(PUBLIC)
    assert "Explore in Jupyter" in html and html.index("Explore in Jupyter") < html.index("Data and Resources")
    assert f'href="{HUB}run/ckan-dataset/{DID}?lang=en&amp;run=1"' in html and 'target="_blank"' in html
    assert f'href="/jupyternotebook_launch.explore/{DID}?run=1"' in _render(PUBLIC, user="alice")
    assert f'href="/jupyternotebook_launch.explore/{DID}?run=1"' in _render(PRIVATE)


def test_no_button_without_loadable_data_or_on_an_activity_archive():
    html = _render({**PUBLIC, "resources": [HTML, NOTEBOOK]})
    assert "Explore in Jupyter" not in html and "Data and Resources" in html
    assert "Explore in Jupyter" not in _render(PUBLIC, is_activity_archive=True)


def test_the_options_switch_the_feature_and_choose_the_formats():
    base = {"ckanext.jupyternotebook.hub_url": HUB}
    cfg = load_config(base, {})
    assert cfg.explore_datasets is True and cfg.explore_formats == frozenset(DEFAULT_EXPLORE_FORMATS)
    assert set(DEFAULT_EXPLORE_FORMATS) == {"csv", "tsv", "xlsx", "json", "geojson"}
    for off in ("false", "no", "off", "0", False):
        assert load_config({**base, "ckanext.jupyternotebook.explore_datasets": off}, {}).explore_datasets is False
    assert load_config({**base, "ckanext.jupyternotebook.explore_datasets": True}, {}).explore_datasets is True
    bad = load_config({**base, "ckanext.jupyternotebook.explore_datasets": "maybe"}, {})
    assert bad.explore_datasets is True
    assert any("explore_datasets must be true or false" in p for p in bad.problems)
    chosen = load_config({**base, "ckanext.jupyternotebook.explore_formats": "CSV, .xlsx  GeoJSON"}, {})
    assert chosen.explore_formats == frozenset({"csv", "xlsx", "geojson"})
    empty = load_config({**base, "ckanext.jupyternotebook.explore_formats": " , . "}, {})
    assert empty.explore_formats == frozenset(DEFAULT_EXPLORE_FORMATS)
    assert any("explore_formats lists no format" in p for p in empty.problems)


@pytest.fixture
def glue(world):
    plugin = importlib.import_module("ckanext.jupyternotebook.plugin")
    views = importlib.import_module("ckanext.jupyternotebook.views")
    world.config.update({
        "ckan.site_url": "https://data.example.org",
        "ckanext.jupyternotebook.hub_url": HUB,
        "ckanext.jupyternotebook.ticket_secret": SECRET,
    })
    instance = plugin.JupyterNotebookPlugin()
    instance.configure(world.config)
    return instance, views


def test_the_explore_route_signs_a_ticket_for_the_dataset_after_package_show(glue, world):
    _, views = glue
    world.user = User("alice", is_authenticated=True)
    world.lang = "de"
    response = views.explore_dataset("private-air")
    assert response.status_code == 303 and response.headers["Cache-Control"] == "no-store"
    assert response.location.startswith(HUB + "run/ckan-dataset/private-air?ticket=")
    query = parse_qs(urlsplit(response.location).query)
    assert query["portal"] == ["https://data.example.org/"] and query["lang"] == ["de"]
    # The claim names the dataset exactly as requested (here its name), as the hub compares it.
    ticket = verify_ticket(SECRET, query["ticket"][0], dataset_id="private-air", now=int(time.time()))
    assert ticket.user == "alice"
    assert world.access_calls == [("package_show", {"user": "alice"}, {"id": "private-air"})]


def test_the_explore_route_for_guests_and_for_forbidden_or_missing_datasets(glue, world):
    _, views = glue
    response = views.explore_dataset(DID)
    assert response.location == HUB + "run/ckan-dataset/" + DID + "?portal=https%3A%2F%2Fdata.example.org%2F&lang=en"
    world.user = User("bob", is_authenticated=True)
    world.readable = lambda user, ref: False
    with pytest.raises(Abort) as caught:
        views.explore_dataset(DID)
    assert caught.value.status == 403
    world.args["run"] = "1"  # the hub's Run asking for a fresh ticket: the hub says why
    response = views.explore_dataset(DID)
    query = parse_qs(urlsplit(response.location).query)
    assert "ticket" not in query and query["run"] == ["1"]
    world.missing.add("gone")
    with pytest.raises(Abort) as caught:
        views.explore_dataset("gone")
    assert caught.value.status == 404


def test_the_explore_route_is_off_with_the_feature(glue, world):
    instance, views = glue
    world.config["ckanext.jupyternotebook.explore_datasets"] = "false"
    instance.configure(world.config)
    world.user = User("alice", is_authenticated=True)
    with pytest.raises(Abort) as caught:
        views.explore_dataset(DID)
    assert caught.value.status == 404


def test_the_plugin_offers_the_explore_helpers_and_the_route(glue, world):
    instance, views = glue
    helpers = instance.get_helpers()
    assert helpers["jupyternotebook_can_explore"](PUBLIC) is True
    assert helpers["jupyternotebook_can_explore"]({**PUBLIC, "resources": [HTML]}) is False
    assert helpers["jupyternotebook_can_explore"](None) is False
    assert helpers["jupyternotebook_explore_url"](PUBLIC).startswith(HUB + "run/ckan-dataset/" + DID + "?portal=")
    assert helpers["jupyternotebook_explore_url"](PRIVATE) == f"/jupyternotebook_launch.explore/{DID}/1"
    world.user = User("alice", is_authenticated=True)
    assert helpers["jupyternotebook_explore_url"](PUBLIC) == f"/jupyternotebook_launch.explore/{DID}/1"
    rule, view, methods = views.launch.rules["jupyternotebook_launch.explore"]
    assert rule == "/jupyternotebook/explore/<dataset_id>" and view is views.explore_dataset and methods == ("GET",)
