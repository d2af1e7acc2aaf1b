"""The compose deployment (deploy/compose/) keeps the promises the READMEs make, read as
text (PyYAML is not part of the Debian test set-up). The hub's compose test runs it for
real (test/compose/compose-deployment.test.ts)."""
from __future__ import annotations

import re

from conftest import PLUGIN_ROOT, REPO_ROOT

from ckanext.jupyternotebook.urls import origin_of

DEPLOY = REPO_ROOT / "deploy" / "compose"
COMPOSE = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
ENV_EXAMPLE = (DEPLOY / ".env.example").read_text(encoding="utf-8")
DOCKERFILE_CKAN = (PLUGIN_ROOT / "examples" / "Dockerfile.ckan").read_text(encoding="utf-8")


def _top_level_keys() -> list[str]:
    return re.findall(r"^(\w[\w-]*):", COMPOSE, re.MULTILINE)


def _services() -> dict[str, str]:
    body = COMPOSE.split("\nservices:\n", 1)[1].split("\nnetworks:\n", 1)[0]
    parts = re.split(r"^  (\w+):\n", body, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def _env(block: str, name: str) -> str:
    match = re.search(rf"^\s+{name}: (\S+)", block, re.MULTILINE)
    assert match, name
    return match.group(1).strip('"')


def _dotenv(name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", ENV_EXAMPLE, re.MULTILINE)
    assert match, name
    return match.group(1).strip('"')


def test_ckan_docker_2_11_layout():
    services = _services()
    assert set(services) == {"ckan", "datapusher", "db", "solr", "redis", "hub"}
    assert "image: ckan/ckan-solr:${SOLR_IMAGE_VERSION:-2.11-solr9}" in services["solr"]
    assert _dotenv("SOLR_IMAGE_VERSION") == "2.11-solr9"
    assert "FROM ckan/ckan-base:2.11" in DOCKERFILE_CKAN
    assert "examples/Dockerfile.ckan" in services["ckan"]
    assert "env_file:\n      - .env" in services["ckan"]
    assert "jupyternotebook" in _dotenv("CKAN__PLUGINS").split()
    assert "jupyternotebook" in _dotenv("CKAN__VIEWS__DEFAULT_VIEWS").split()


def test_compose_1_29_accepts_the_file():
    # docker-compose 1.29 refuses a top-level `name:`; `version:` is obsolete in v2.
    assert _top_level_keys() == ["services", "networks", "secrets", "volumes"]


def test_the_hub_owns_the_session_network_and_its_firewall():
    hub = _services()["hub"]
    assert "network_mode: host" in hub
    assert re.search(r"cap_add:\n\s+- NET_ADMIN", hub)
    assert "privileged" not in COMPOSE
    # The compose file declares no session network: the hub creates (and labels) its own.
    declared = COMPOSE.split("\nnetworks:\n", 1)[1].split("\nsecrets:\n", 1)[0]
    assert set(re.findall(r"^  (\w+):", declared, re.MULTILINE)) == {"ckannet", "solrnet", "dbnet", "redisnet"}
    assert _env(hub, "HUB_DOCKER_NETWORK") == "${HUB_DOCKER_NETWORK:-ckan-notebook-hub-sessions}"
    for internal in ("solrnet", "dbnet", "redisnet"):
        assert re.search(rf"^  {internal}:\n    internal: true$", declared, re.MULTILINE), internal


def test_only_the_hub_gets_the_docker_socket():
    services = _services()
    assert [n for n, block in services.items() if "docker.sock" in block] == ["hub"]


def test_the_hub_may_be_framed_by_the_ckan_origin_browsers_see_and_only_by_it():
    services = _services()
    assert _env(services["hub"], "HUB_FRAME_ANCESTORS").startswith("${CKAN_SITE_URL:?")
    assert _env(services["ckan"], "CKAN_JUPYTERNOTEBOOK_URL").startswith("${HUB_PUBLIC_URL:?")
    assert _env(services["hub"], "HUB_PUBLIC_URL").startswith("${HUB_PUBLIC_URL:?")
    site, hub_public = _dotenv("CKAN_SITE_URL"), _dotenv("HUB_PUBLIC_URL")
    assert "*" not in site
    assert origin_of(hub_public) != origin_of(site)


def test_secrets_come_from_files_not_from_the_compose_file_or_env():
    services = _services()
    for block in (services["ckan"], services["hub"]):
        assert _env(block, "HUB_ADMIN_TOKEN_FILE").startswith("/run/secrets/")
        assert _env(block, "HUB_TICKET_SECRET_FILE").startswith("/run/secrets/")
    for text in (COMPOSE, ENV_EXAMPLE):
        assert not re.search(r"^\s*(HUB_ADMIN_TOKEN|HUB_TICKET_SECRET|CKAN_API_TOKEN)[:=]", text, re.MULTILINE)
    ignored = (DEPLOY / ".gitignore").read_text().split()
    assert "secrets/" in ignored and ".env" in ignored
