"""Hub URLs: normalised bases, encoded ids, nothing outside the hub."""
from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

import pytest

from ckanext.jupyternotebook.urls import (
    UrlError,
    admin_api_url,
    is_within,
    normalise_base_url,
    origin_of,
    preview_url,
    run_url,
)

HUB = "https://hub.example.org/jupyter/"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://hub.example.org", "https://hub.example.org/"),
        ("https://hub.example.org/", "https://hub.example.org/"),
        ("  https://hub.example.org/jupyter  ", "https://hub.example.org/jupyter/"),
        ("HTTPS://Hub.Example.ORG:8443/Jupyter/", "https://hub.example.org:8443/Jupyter/"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x/"),
    ],
)
def test_base_urls_are_normalised_with_a_trailing_slash(raw, expected):
    assert normalise_base_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        None,
        "hub.example.org",
        "//hub.example.org/",
        "/jupyter/",
        "javascript:alert(1)",
        "ftp://hub.example.org/",
        "file:///etc/passwd",
        "https://user:pass@hub.example.org/",
        "https://token@hub.example.org/",
        "https://hub.example.org/?next=https://evil",
        "https://hub.example.org/#x",
        "https://hub.example.org/a/../b/",
        "https://hub.example.org/a/%2e%2E/b/",
        "https://hub.example.org//evil.org/",
        "https://hub.example.org\\@evil.org/",
        "https://hub.example.org/a b/",
        "https://hub.exa\nmple.org/",
        "https://hub.example.org/a\tb/",
        "https://hub.example.org:99999/",
        "https:///nohost/",
    ],
)
def test_unsafe_or_relative_base_urls_are_refused(raw):
    with pytest.raises(UrlError):
        normalise_base_url(raw)


def test_run_and_preview_urls():
    rid = "b1c0e3d2-0000-4000-8000-000000000001"
    assert run_url(HUB, rid) == HUB + "run/ckan/" + rid
    assert run_url(HUB, rid, "v1.abc.def") == HUB + "run/ckan/" + rid + "?ticket=v1.abc.def"
    assert preview_url(HUB, rid) == HUB + "preview/ckan/" + rid


HOSTILE_IDS = [
    "../../admin",
    "..%2f..%2fadmin",
    "%2e%2e",
    "a/b",
    "a\\b",
    "x?ticket=forged",
    "x#frag",
    "x&ticket=forged",
    "//evil.org",
    "https://evil.org/",
    "@evil.org",
    "javascript:alert(1)",
    "zoë ø",
    "<script>",
    "%00",
    "...",
]


@pytest.mark.parametrize("rid", HOSTILE_IDS)
def test_hostile_resource_ids_stay_one_encoded_segment_under_the_hub(rid):
    for url in (run_url(HUB, rid, "v1.t.s"), preview_url(HUB, rid)):
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("https", "hub.example.org")
        prefix = "/jupyter/run/ckan/" if "/run/" in parts.path else "/jupyter/preview/ckan/"
        assert parts.path.startswith(prefix)
        segment = parts.path[len(prefix):]
        assert "/" not in segment and "\\" not in segment and "?" not in segment
        assert unquote(segment) == rid
        # a browser-like resolution does not climb out either
        assert urljoin(url, ".").startswith(HUB)
        assert is_within(HUB, url)
    assert urlsplit(run_url(HUB, rid, "v1.t.s")).query == "ticket=v1.t.s"


@pytest.mark.parametrize("rid", ["", ".", "..", None, 42, "x" * 201, "a\nb", "a\x00b", "a\x7fb"])
def test_ids_that_cannot_be_a_segment_are_refused(rid):
    with pytest.raises(UrlError):
        run_url(HUB, rid)
    with pytest.raises(UrlError):
        preview_url(HUB, rid)


def test_the_ticket_is_encoded_as_a_query_value():
    url = run_url(HUB, "r", "a&b=c#d")
    assert urlsplit(url).query == "ticket=a%26b%3Dc%23d" and urlsplit(url).fragment == ""


def test_admin_api_urls_encode_every_segment():
    api = "http://hub:8000/base/"
    assert admin_api_url(api, "sessions") == "http://hub:8000/base/api/admin/sessions"
    assert admin_api_url(api, "sessions", "a/../b") == "http://hub:8000/base/api/admin/sessions/a%2F..%2Fb"
    with pytest.raises(UrlError):
        admin_api_url(api, "sessions", "..")


def test_is_within_compares_origin_and_path():
    assert is_within(HUB, HUB + "run/ckan/x")
    assert not is_within(HUB, "https://hub.example.org/other/")
    assert not is_within(HUB, "https://hub.example.org.evil.org/jupyter/")
    assert not is_within(HUB, "http://hub.example.org/jupyter/")
    assert not is_within(HUB, HUB + "../x")
    assert not is_within(HUB, HUB + "%2E%2E/x")


def test_origins_ignore_default_ports_and_case():
    assert origin_of("https://A.org:443/x") == origin_of("https://a.org/y") == "https://a.org"
    assert origin_of("http://a.org:80/") == "http://a.org"
    assert origin_of("http://a.org:8080/") == "http://a.org:8080"
    assert origin_of("https://a.org/") != origin_of("http://a.org/")
