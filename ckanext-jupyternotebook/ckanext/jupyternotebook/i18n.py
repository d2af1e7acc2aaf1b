"""Translatable messages from the modules that do not import CKAN.

`Msg` is the English text (a `str`, so it works wherever a message did) that also
remembers its msgid and parameters, so the glue and the templates can show it in
CKAN's current language: `Msg("Session {id} stopped.", id=x).translate(tk._)`. `N_`
marks a constant for extraction; the template translates it. Babel extracts both
(setup.cfg: keywords `Msg` and `N_`).
"""
from __future__ import annotations

from typing import Any, Callable


class Msg(str):
    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> "Msg":
        text = super().__new__(cls, msgid.format(**params) if params else msgid)
        text.msgid = msgid
        text.params = params
        return text

    def translate(self, gettext: Callable[[str], str]) -> str:
        translated = gettext(self.msgid)
        return translated.format(**self.params) if self.params else translated


def N_(msgid: str) -> str:
    return msgid


def translate(value: object, gettext: Callable[[str], str]) -> str:
    """A Msg or a marked constant in the current language; anything else as it is."""
    if isinstance(value, Msg):
        return value.translate(gettext)
    if isinstance(value, str) and value:
        return gettext(value)
    return "" if value is None else str(value)
