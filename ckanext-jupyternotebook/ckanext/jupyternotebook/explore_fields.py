"""The parsers of the two explore settings, exactly as the hub parses them
(src/config/fields.ts `bool` and `listOf`, with the formats of src/starter/reader-for.ts),
so the admin form shows the hub's own message before anything is sent.

- `explore_datasets`: true/false, or "1/true/yes/on" / "0/false/no/off" in any case.
- `explore_formats`: a list of strings or one comma-separated string; each a known
  loadable format (any case, with or without a dot, or an alias such as text/csv);
  duplicates dropped, the result in KNOWN_FORMATS order.
"""
from __future__ import annotations

import json

from .i18n import Msg

# The hub's loadable formats (src/starter/reader-for.ts), in its order.
KNOWN_FORMATS: tuple[str, ...] = ("csv", "tsv", "xlsx", "xls", "ods", "json", "geojson", "parquet")
_ALIASES = {
    "text/csv": "csv",
    "tab": "tsv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/geo+json": "geojson",
}
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
# What JavaScript's String.prototype.trim removes that str.strip does not.
_EXTRA_TRIM = "\ufeff"


class FieldError(ValueError):
    pass


def _trim(raw: str) -> str:
    return raw.strip().strip(_EXTRA_TRIM).strip()


def canonical_format(raw: str) -> str | None:
    key = _trim(raw).lower()
    key = key[1:] if key.startswith(".") else key
    key = _ALIASES.get(key, key)
    return key if key in KNOWN_FORMATS else None


def parse_switch(raw: object) -> bool:
    if type(raw) is bool:
        return raw
    if isinstance(raw, str):
        value = _trim(raw).lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    raise FieldError(Msg("must be true or false"))


def parse_formats(raw: object) -> list[str]:
    if isinstance(raw, (list, tuple)) and all(isinstance(v, str) for v in raw):
        items = [_trim(v) for v in raw]
    elif isinstance(raw, str):
        items = [_trim(v) for v in raw.split(",")]
    else:
        raise FieldError(Msg("must be a list of strings"))
    items = [v for v in items if v]
    unknown = [v for v in items if canonical_format(v) is None]
    if unknown:
        names = ", ".join(json.dumps(v, ensure_ascii=False) for v in unknown)
        known = ", ".join(KNOWN_FORMATS)
        if len(unknown) == 1:
            raise FieldError(Msg("{names} is not a known format; choose from {known}", names=names, known=known))
        raise FieldError(Msg("{names} are not known formats; choose from {known}", names=names, known=known))
    chosen = {canonical_format(v) for v in items}
    return [f for f in KNOWN_FORMATS if f in chosen]
