"""Settings from the CKAN config, with fallback to the original and the hub's variables."""
from __future__ import annotations

import pytest

from ckanext.jupyternotebook.config import HUB_ONLY_ENV, MIN_TICKET_SECRET_LENGTH, PREFIX, load_config

SECRET = "s" * MIN_TICKET_SECRET_LENGTH
SITE = {"ckan.site_url": "https://data.example.org"}


def test_nothing_configured_means_views_off_and_every_visitor_a_guest():
    cfg = load_config({}, {})
    assert cfg.hub_url is None and cfg.hub_api_url is None
    assert cfg.admin_token is None and not cfg.tickets_enabled
    assert cfg.view_height == 800 and cfg.api_timeout_seconds == 10
    assert any("hub_url" in p for p in cfg.problems)
    assert any("ticket_secret" in p for p in cfg.problems)


def test_the_original_environment_variables_are_enough():
    cfg = load_config(
        SITE,
        {
            "CKAN_JUPYTERNOTEBOOK_URL": "https://your-domain.org/jupyter",
            "CKAN_API_JUPYTERHUB": "http://jupyterhub:6000",
            "CKAN_JUPYTERHUB_TIMEOUT": "1200",
            "CKAN_JUPYTERHUB_USER": "100",
            "CKAN_JUPYTERHUB_PERCENTAGE_CPU": "50",
            "CKAN_JUPYTERHUB_MEMORY_LIMIT": "1g",
            "CKAN_JUPYTERHUB_BASE_URL": "/your-path/jupyter",
            "CKAN_NETWORK": "ckan-net",
            "CKAN_STORAGE_NOTEBOOK": "/srv/notebooks",
        },
    )
    assert cfg.hub_url == "https://your-domain.org/jupyter/"
    assert cfg.hub_api_url == "http://jupyterhub:6000/"
    assert dict(cfg.env_settings) == {
        "idle_timeout_seconds": 1200,
        "max_sessions": 100,
        "cpu_percent": 50,
        "memory_limit": "1G",
    }
    assert not [p for p in cfg.problems if "hub_url" in p or "CKAN_" in p]
    assert set(HUB_ONLY_ENV) == {"CKAN_JUPYTERHUB_BASE_URL", "CKAN_NETWORK", "CKAN_STORAGE_NOTEBOOK"}


def test_ckan_config_keys_win_over_the_environment():
    cfg = load_config(
        {
            **SITE,
            PREFIX + "hub_url": "https://hub.example.org",
            PREFIX + "hub_api_url": "http://hub:8000",
            PREFIX + "admin_token": "from-ini",
            PREFIX + "ticket_secret": "i" * 40,
            PREFIX + "view_height": "900",
            PREFIX + "api_timeout": 5,
        },
        {
            "CKAN_JUPYTERNOTEBOOK_URL": "https://old.example.org/",
            "HUB_PUBLIC_URL": "https://other.example.org/",
            "CKAN_API_JUPYTERHUB": "http://old:6000",
            "HUB_ADMIN_TOKEN": "from-env",
            "HUB_TICKET_SECRET": "e" * 40,
        },
    )
    assert cfg.hub_url == "https://hub.example.org/" and cfg.hub_api_url == "http://hub:8000/"
    assert cfg.admin_token == "from-ini" and cfg.ticket_secret == "i" * 40
    assert cfg.view_height == 900 and cfg.api_timeout_seconds == 5


def test_environment_precedence_follows_the_hub():
    env = {"HUB_PUBLIC_URL": "https://new.example.org/", "CKAN_JUPYTERNOTEBOOK_URL": "https://old.example.org/"}
    assert load_config(SITE, env).hub_url == "https://new.example.org/"
    assert load_config(SITE, {"CKAN_JUPYTERNOTEBOOK_URL": "https://old.example.org/"}).hub_url == "https://old.example.org/"


def test_the_api_url_defaults_to_the_public_url():
    cfg = load_config(SITE, {"CKAN_JUPYTERNOTEBOOK_URL": "https://hub.example.org/x"})
    assert cfg.hub_api_url == "https://hub.example.org/x/"


def test_empty_values_count_as_unset():
    cfg = load_config({**SITE, PREFIX + "hub_url": "  ", PREFIX + "admin_token": ""}, {
        "CKAN_JUPYTERNOTEBOOK_URL": "https://hub.example.org/", "HUB_ADMIN_TOKEN": "tok"})
    assert cfg.hub_url == "https://hub.example.org/" and cfg.admin_token == "tok"


def test_secrets_from_files(tmp_path):
    (tmp_path / "token").write_text("file-token\n")
    (tmp_path / "secret").write_text(SECRET + "\n")
    cfg = load_config(SITE, {
        "HUB_ADMIN_TOKEN_FILE": str(tmp_path / "token"),
        "HUB_TICKET_SECRET_FILE": str(tmp_path / "secret"),
    })
    assert cfg.admin_token == "file-token" and cfg.ticket_secret == SECRET


def test_an_unreadable_secret_file_is_a_problem_not_a_crash(tmp_path):
    cfg = load_config(SITE, {"HUB_ADMIN_TOKEN_FILE": str(tmp_path / "missing")})
    assert cfg.admin_token is None
    assert any("HUB_ADMIN_TOKEN_FILE" in p for p in cfg.problems)


def test_a_short_ticket_secret_turns_tickets_off():
    cfg = load_config(SITE, {"HUB_TICKET_SECRET": "short-secret"})
    assert not cfg.tickets_enabled
    assert any("shorter than 32" in p for p in cfg.problems)
    assert all("short-secret" not in p for p in cfg.problems)


def test_an_admin_token_that_cannot_be_a_header_is_refused():
    cfg = load_config(SITE, {"HUB_ADMIN_TOKEN": "has space"})
    assert cfg.admin_token is None and any("HUB_ADMIN_TOKEN" in p for p in cfg.problems)
    assert all("has space" not in p for p in cfg.problems)


def test_secrets_never_appear_in_the_repr():
    cfg = load_config(SITE, {"HUB_ADMIN_TOKEN": "tok-123", "HUB_TICKET_SECRET": SECRET})
    assert "tok-123" not in repr(cfg) and SECRET not in repr(cfg)


@pytest.mark.parametrize("url", ["https://data.example.org/jupyter/", "https://DATA.example.org:443/hub"])
def test_a_hub_in_ckans_own_origin_is_refused(url):
    cfg = load_config(SITE, {"CKAN_JUPYTERNOTEBOOK_URL": url})
    assert cfg.hub_url is None
    assert any("same origin" in p for p in cfg.problems)


def test_a_subdomain_or_another_port_is_another_origin():
    subdomain = load_config(SITE, {"CKAN_JUPYTERNOTEBOOK_URL": "https://hub.data.example.org/"})
    assert subdomain.hub_url and not [p for p in subdomain.problems if "host name" in p]
    port = load_config(SITE, {"CKAN_JUPYTERNOTEBOOK_URL": "https://data.example.org:8443/"})
    assert port.hub_url == "https://data.example.org:8443/"
    assert any("only the port differs" in p for p in port.problems)  # a warning, still on


@pytest.mark.parametrize("url", ["hub.example.org", "javascript:alert(1)", "https://u:p@hub.example.org/"])
def test_an_invalid_hub_url_is_a_problem(url):
    cfg = load_config(SITE, {"CKAN_JUPYTERNOTEBOOK_URL": url})
    assert cfg.hub_url is None and any("CKAN_JUPYTERNOTEBOOK_URL" in p for p in cfg.problems)


@pytest.mark.parametrize("value", ["abc", "10", "99999", "-1"])
def test_out_of_range_view_height_falls_back_to_the_default(value):
    cfg = load_config({PREFIX + "view_height": value}, {})
    assert cfg.view_height == 800 and any("view_height" in p for p in cfg.problems)


def test_invalid_original_settings_are_reported():
    cfg = load_config(SITE, {"CKAN_JUPYTERHUB_TIMEOUT": "2", "CKAN_JUPYTERHUB_MEMORY_LIMIT": "1T"})
    assert dict(cfg.env_settings) == {}
    assert any("CKAN_JUPYTERHUB_TIMEOUT" in p for p in cfg.problems)
    assert any("CKAN_JUPYTERHUB_MEMORY_LIMIT" in p for p in cfg.problems)
