"""Every translatable message of the plugin, found as Babel finds them (setup.py's
message_extractors, setup.cfg's keywords): `_`, `N_` and `Msg` in the Python modules,
`_('…')` in the templates (CKAN's template extractor needs CKAN; the templates only use
literal `_('…')` calls, which this reads directly)."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract

PACKAGE = Path(__file__).resolve().parent.parent / "ckanext" / "jupyternotebook"
KEYWORDS = {"_": None, "N_": None, "Msg": (1,)}
_TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\)""")


def plugin_messages() -> dict[str, list[str]]:
    """msgid → where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        with path.open("rb") as source:
            for lineno, message, _comments, _context in extract("python", source, keywords=KEYWORDS):
                if isinstance(message, str) and message:
                    found.setdefault(message, []).append(f"{path.name}:{lineno}")
    for path in sorted((PACKAGE / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in _TEMPLATE_CALL.finditer(text):
            message = match.group(1) if match.group(1) is not None else match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(message.replace("\\'", "'"), []).append(f"{path.relative_to(PACKAGE)}:{line}")
    return found
