"""The ticket's wire format shared by signing and verifying: base64url without padding,
canonical JSON, the HMAC and the field rules (see the package docstring). Pure, no state.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re

VERSION = "v1"
MAX_LIFETIME_SECONDS = 600
# Half the maximum: a ticket outlives the page render by minutes, and a CKAN clock up
# to five minutes ahead of the hub's still produces tickets the hub accepts.
DEFAULT_LIFETIME_SECONDS = 300
# JavaScript numbers are exact only up to 2**53 - 1; the hub parses exp as one.
_MAX_SAFE_INTEGER = 2**53 - 1
MAX_TICKET_LENGTH = 4096  # as the hub: longer input is malformed without being parsed

_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*\Z")
_CLAIMS = ("resource_id", "dataset_id")
_SHAPES = {claim: frozenset({"exp", "nonce", claim, "user"}) for claim in _CLAIMS}


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict unpadded base64url: raises ValueError on any other character or length."""
    if not _BASE64URL.match(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


def canonical_json(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _signature(secret: str, signed_part: str) -> bytes:
    if not secret:
        raise ValueError("the ticket secret is empty")
    return hmac.new(secret.encode("utf-8"), signed_part.encode("ascii"), hashlib.sha256).digest()


def _valid_exp(value: object) -> bool:
    # bool is an int in Python but `true` is not a number in JSON.
    return type(value) is int and -_MAX_SAFE_INTEGER <= value <= _MAX_SAFE_INTEGER


def _json_integer(value: object) -> object:
    """JSON has numbers, not integers: like the hub's Number.isSafeInteger, 1790000300.0
    is the integer 1790000300. Anything else is returned unchanged (and then refused)."""
    if type(value) is float and value.is_integer() and abs(value) <= _MAX_SAFE_INTEGER:
        return int(value)
    return value


def _claim(resource_id: object, dataset_id: object) -> tuple[str, object] | None:
    """("resource_id" or "dataset_id", its value) when exactly one is given."""
    if (resource_id is None) == (dataset_id is None):
        return None
    return ("resource_id", resource_id) if dataset_id is None else ("dataset_id", dataset_id)


def _check_fields(user: object, target_id: object, exp: object, nonce: object) -> bool:
    return (
        isinstance(user, str)
        and user != ""
        and isinstance(target_id, str)
        and target_id != ""
        and _valid_exp(exp)
        and isinstance(nonce, str)
        and _NONCE.match(nonce) is not None
    )
