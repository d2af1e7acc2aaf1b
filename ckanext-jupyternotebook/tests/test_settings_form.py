"""The admin settings form validates like the hub and sends only what changed."""
from __future__ import annotations

import pytest

from ckanext.jupyternotebook.settings_form import (
    FIELD_NAMES,
    FieldError,
    changed_settings,
    clean_message,
    form_values,
    map_hub_errors,
    parse_settings_form,
    parse_value,
)

HUB_SETTINGS = {
    "max_sessions": 100,
    "max_guest_sessions": 100,
    "idle_timeout_seconds": 1200,
    "max_lifetime_seconds": 7200,
    "cpu_percent": 50,
    "memory_limit": "1G",
    "explore_datasets": True,
    "explore_formats": ["csv", "tsv", "xlsx", "xls", "json", "geojson", "parquet"],
}


def _form(**changes: str) -> dict[str, str]:
    form = form_values(HUB_SETTINGS)
    form.update({"orig_" + k: v for k, v in form_values(HUB_SETTINGS).items()})
    form.update(changes)
    return form


def test_the_form_has_every_hub_setting():
    assert set(FIELD_NAMES) == set(HUB_SETTINGS)


@pytest.mark.parametrize(
    "name, raw, expected",
    [
        ("idle_timeout_seconds", "5", 5),
        ("idle_timeout_seconds", " 1200 ", 1200),
        ("idle_timeout_seconds", "007", 7),
        ("max_sessions", "1", 1),
        ("max_guest_sessions", "1", 1),
        ("max_guest_sessions", "0", 0),  # the same as max_sessions
        ("max_lifetime_seconds", "5", 5),
        ("cpu_percent", "1", 1),
        ("cpu_percent", "100", 100),
        ("memory_limit", "512M", "512M"),
        ("memory_limit", "1g", "1G"),
        ("memory_limit", " 2G ", "2G"),
        ("memory_limit", "10240m", "10240M"),
    ],
)
def test_values_the_hub_accepts(name, raw, expected):
    assert parse_value(name, raw) == expected


@pytest.mark.parametrize(
    "name, raw",
    [
        ("idle_timeout_seconds", "4"),
        ("idle_timeout_seconds", "0"),
        ("idle_timeout_seconds", "-5"),
        ("idle_timeout_seconds", "5.0"),
        ("idle_timeout_seconds", "1e3"),
        ("idle_timeout_seconds", "+5"),
        ("idle_timeout_seconds", "٥٥"),  # Arabic-Indic digits: int() takes them, the hub does not
        ("idle_timeout_seconds", "５"),  # full-width digit
        ("idle_timeout_seconds", "12 00"),
        ("idle_timeout_seconds", ""),
        ("idle_timeout_seconds", "9007199254740992"),  # 2**53: not a safe integer
        ("idle_timeout_seconds", "9" * 5000),  # must not hit Python's digit limit
        ("max_sessions", "0"),
        ("max_sessions", "-1"),
        ("max_guest_sessions", "-1"),
        ("max_lifetime_seconds", "4"),
        ("cpu_percent", "0"),
        ("cpu_percent", "101"),
        ("cpu_percent", "50%"),
        ("memory_limit", "0G"),
        ("memory_limit", "01G"),
        ("memory_limit", "1"),
        ("memory_limit", "1GB"),
        ("memory_limit", "1K"),
        ("memory_limit", "1.5G"),
        ("memory_limit", "-1G"),
        ("memory_limit", "G"),
        ("memory_limit", "１G"),
        ("memory_limit", ""),
    ],
)
def test_values_the_hub_refuses(name, raw):
    with pytest.raises(FieldError):
        parse_value(name, raw)


def test_messages_use_the_hubs_wording():
    with pytest.raises(FieldError, match="^must be an integer ≥ 5$"):
        parse_value("idle_timeout_seconds", "3")
    with pytest.raises(FieldError, match="^must be an integer from 1 to 100$"):
        parse_value("cpu_percent", "200")
    with pytest.raises(FieldError, match="M or G"):
        parse_value("memory_limit", "lots")


def test_a_valid_form_gives_typed_values_and_no_errors():
    parsed = parse_settings_form(_form(cpu_percent="75", memory_limit="2g"))
    assert parsed.ok
    assert parsed.values["cpu_percent"] == 75 and parsed.values["memory_limit"] == "2G"


def test_every_invalid_field_gets_its_own_error():
    parsed = parse_settings_form(_form(idle_timeout_seconds="1", max_sessions="0", cpu_percent="x", memory_limit="1T"))
    assert set(parsed.errors) == {"idle_timeout_seconds", "max_sessions", "cpu_percent", "memory_limit"}
    assert parsed.raw["cpu_percent"] == "x"  # shown again as typed
    assert "max_lifetime_seconds" in parsed.values


def test_only_changed_fields_are_sent():
    assert changed_settings(parse_settings_form(_form())) == {}
    assert changed_settings(parse_settings_form(_form(cpu_percent="60"))) == {"cpu_percent": 60}
    # the same value written differently is not a change
    assert changed_settings(parse_settings_form(_form(memory_limit="1g", idle_timeout_seconds=" 01200"))) == {}


def test_a_field_the_admin_left_alone_does_not_overwrite_a_concurrent_change():
    # The form was rendered with cpu 50; another admin has since set the hub to 80.
    # This admin changes only the memory: the PUT must not send cpu_percent.
    parsed = parse_settings_form(_form(memory_limit="2G"))
    assert changed_settings(parsed) == {"memory_limit": "2G"}


def test_a_field_without_a_readable_original_is_sent():
    form = _form()
    del form["orig_cpu_percent"]
    form["orig_memory_limit"] = "garbage"
    assert changed_settings(parse_settings_form(form)) == {"cpu_percent": 50, "memory_limit": "1G"}


def test_a_field_missing_from_the_post_is_left_unchanged():
    form = _form(cpu_percent="60")
    del form["memory_limit"]
    parsed = parse_settings_form(form)
    assert parsed.ok and changed_settings(parsed) == {"cpu_percent": 60}


def test_one_field_error_of_the_hub_maps_to_that_field():
    fields, general = map_hub_errors(
        {"error": "setting_invalid", "message": "must be an integer ≥ 5", "field": "idle_timeout_seconds"}
    )
    assert fields == {"idle_timeout_seconds": "must be an integer ≥ 5"} and general == []


def test_several_field_errors_of_the_hub_map_to_their_fields():
    fields, general = map_hub_errors(
        {
            "error": "setting_invalid",
            "message": "several",
            "fields": {"cpu_percent": "too high", "memory_limit": "too much", "gpu": "no such setting"},
        }
    )
    assert fields == {"cpu_percent": "too high", "memory_limit": "too much"}
    assert general == ["gpu: no such setting"]


def test_hub_errors_without_a_known_field_go_to_the_whole_form():
    assert map_hub_errors({"error": "setting_invalid", "message": "max_guest_sessions exceeds max_sessions"}) == (
        {},
        ["max_guest_sessions exceeds max_sessions"],
    )
    assert map_hub_errors({"error": "setting_invalid"}) == ({}, ["The hub refused the settings."])
    assert map_hub_errors("not json") == ({}, ["The hub refused the settings."])
    assert map_hub_errors({"field": "cpu_percent", "message": None}) == ({"cpu_percent": "is not valid"}, [])


def test_hub_messages_are_cleaned_and_bounded():
    assert clean_message("a\nb\x1b[31mc") == "a b [31mc"
    assert len(clean_message("x" * 1000)) == 300
    fields, _ = map_hub_errors({"field": "cpu_percent", "message": "<b>bad</b>\r\n" + "y" * 500})
    assert fields["cpu_percent"].startswith("<b>bad</b>") and len(fields["cpu_percent"]) == 300


def test_the_hubs_actual_400_shows_each_fields_own_message_once():
    body = {
        "error": "setting_invalid",
        "message": "cpu_percent: must be an integer from 1 to 100; gpu: unknown setting",
        "field": "cpu_percent",
        "fields": {"cpu_percent": "must be an integer from 1 to 100", "gpu": "unknown setting"},
    }
    assert map_hub_errors(body) == ({"cpu_percent": "must be an integer from 1 to 100"}, ["gpu: unknown setting"])
