"""The docker-compose example keeps the promises the README makes (read as text:
PyYAML is not part of the Debian test set-up)."""
from __future__ import annotations

import re

from conftest import PLUGIN_ROOT

from ckanext.jupyternotebook.urls import origin_of

EXAMPLES = PLUGIN_ROOT / "examples"
COMPOSE = (EXAMPLES / "docker-compose.yml").read_text(encoding="utf-8")


def _services() -> dict[str, str]:
    body = COMPOSE.split("\nservices:\n", 1)[1].split("\nnetworks:\n", 1)[0]
    parts = re.split(r"^  (\w+):\n", body, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def _env(block: str, name: str) -> str:
    match = re.search(rf"^\s+{name}: (\S+)", block, re.MULTILINE)
    assert match, name
    return match.group(1).strip('"')


def _networks(block: str) -> set[str]:
    section = block.split("    networks:\n", 1)[1]
    return set(re.findall(r"^      - (\S+)$", section.split("\n    restart:", 1)[0], re.MULTILINE))


def test_the_services_next_to_ckans_official_images():
    services = _services()
    assert set(services) == {"ckan", "db", "solr", "redis", "hub"}
    assert "image: ckan/ckan-solr:2.10" in services["solr"]
    assert "FROM ckan/ckan-base:2.10" in (EXAMPLES / "Dockerfile.ckan").read_text()
    assert "jupyternotebook" in re.search(r'"ckan\.plugins = ([^"]+)"', (EXAMPLES / "Dockerfile.ckan").read_text()).group(1)


def test_sessions_are_kept_off_ckans_network():
    services = _services()
    assert _networks(services["hub"]) == {"ckan", "sessions"}
    for name in ("ckan", "db", "solr", "redis"):
        assert _networks(services[name]) == {"ckan"}, name
    assert "name: ckan-notebook-hub-sessions" in COMPOSE.split("\nnetworks:\n", 1)[1]
    assert _env(services["hub"], "HUB_DOCKER_NETWORK") == "ckan-notebook-hub-sessions"


def test_only_the_hub_gets_the_docker_socket():
    services = _services()
    assert [n for n, block in services.items() if "docker.sock" in block] == ["hub"]


def test_the_hub_may_be_framed_by_the_ckan_origin_browsers_see_and_only_by_it():
    services = _services()
    site = _env(services["ckan"], "CKAN_SITE_URL")
    ancestors = _env(services["hub"], "HUB_FRAME_ANCESTORS")
    assert ancestors == site and "*" not in ancestors
    hub_public = _env(services["ckan"], "CKAN_JUPYTERNOTEBOOK_URL")
    assert hub_public == _env(services["hub"], "HUB_PUBLIC_URL")
    assert origin_of(hub_public) != origin_of(site)


def test_secrets_come_from_files_not_from_the_compose_file():
    services = _services()
    for block in (services["ckan"], services["hub"]):
        assert _env(block, "HUB_ADMIN_TOKEN_FILE").startswith("/run/secrets/")
        assert _env(block, "HUB_TICKET_SECRET_FILE").startswith("/run/secrets/")
    assert not re.search(r"^\s+(HUB_ADMIN_TOKEN|HUB_TICKET_SECRET|CKAN_API_TOKEN):", COMPOSE, re.MULTILINE)
    assert "secrets/" in (EXAMPLES / ".gitignore").read_text()
