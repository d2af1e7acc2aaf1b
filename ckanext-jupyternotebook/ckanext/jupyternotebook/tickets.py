"""Launch tickets: how the plugin vouches for a logged-in CKAN user to the hub.

The format is fixed by docs/launch-ticket.md and shared with the hub's TypeScript
verifier through test/vectors/launch-tickets.json:

    ticket      = "v1." + payload64 + "." + signature64
    payload64   = base64url_nopad(canonical_json(payload))
    signature64 = base64url_nopad(HMAC-SHA256(UTF-8(secret), ASCII("v1." + payload64)))
    payload     = {"exp": int, "nonce": 16-64 of [A-Za-z0-9_-], "resource_id": str, "user": str}
                  or the same with "dataset_id" instead of "resource_id" (a dataset launch);
                  a ticket of one kind never opens the other

The plugin only signs; `verify_ticket` exists so the shared vectors can be checked from
Python too. The stateful replay check (a nonce accepted twice) is the hub's job.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass

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


class TicketError(ValueError):
    """A ticket failed verification; `code` is the error name of docs/launch-ticket.md."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Ticket:
    user: str
    resource_id: str | None  # a resource launch; None for a dataset's ticket
    exp: int
    nonce: str
    dataset_id: str | None = None  # a dataset launch (its id or name, as launched)


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


def sign_ticket(
    secret: str, *, user: str, exp: int, nonce: str, resource_id: str | None = None, dataset_id: str | None = None
) -> str:
    """The exact ticket for these fields (deterministic; used by the vectors). Exactly one
    of `resource_id` (a notebook resource) and `dataset_id` (a dataset launch)."""
    claim = _claim(resource_id, dataset_id)
    if claim is None or not _check_fields(user, claim[1], exp, nonce):
        raise ValueError(
            "ticket fields out of range: need user, one of resource_id/dataset_id, integer exp, 16-64 char nonce"
        )
    payload = {"exp": exp, "nonce": nonce, claim[0]: claim[1], "user": user}
    signed_part = VERSION + "." + b64url_encode(canonical_json(payload))
    return signed_part + "." + b64url_encode(_signature(secret, signed_part))


def new_nonce() -> str:
    """192 random bits, 32 characters of [A-Za-z0-9_-]."""
    return secrets.token_urlsafe(24)


def issue_ticket(
    secret: str,
    *,
    user: str,
    now: int,
    resource_id: str | None = None,
    dataset_id: str | None = None,
    lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS,
    nonce: str | None = None,
) -> str:
    """A fresh single-use ticket for `user` and `resource_id` (or `dataset_id`), valid
    `lifetime_seconds`."""
    if type(lifetime_seconds) is not int or not 1 <= lifetime_seconds <= MAX_LIFETIME_SECONDS:
        raise ValueError(f"ticket lifetime must be 1-{MAX_LIFETIME_SECONDS} seconds")
    return sign_ticket(
        secret,
        user=user,
        resource_id=resource_id,
        dataset_id=dataset_id,
        exp=int(now) + lifetime_seconds,
        nonce=nonce if nonce is not None else new_nonce(),
    )


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _parse(ticket: object) -> tuple[str, str, Ticket]:
    if not isinstance(ticket, str) or len(ticket) > MAX_TICKET_LENGTH:
        raise TicketError("malformed")
    parts = ticket.split(".")
    if len(parts) != 3 or parts[0] != VERSION or not _BASE64URL.match(parts[2]):
        raise TicketError("malformed")
    try:
        # utf-8-sig: the hub's TextDecoder drops a leading byte-order mark too.
        text = b64url_decode(parts[1]).decode("utf-8-sig")
        payload = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError):
        raise TicketError("malformed") from None
    if not isinstance(payload, dict) or set(payload) not in _SHAPES.values():
        raise TicketError("malformed")
    fields = Ticket(
        user=payload["user"],
        resource_id=payload.get("resource_id"),
        dataset_id=payload.get("dataset_id"),
        exp=_json_integer(payload["exp"]),  # type: ignore[arg-type]
        nonce=payload["nonce"],
    )
    target_id = fields.dataset_id if fields.resource_id is None else fields.resource_id
    if not _check_fields(fields.user, target_id, fields.exp, fields.nonce):
        raise TicketError("malformed")
    return parts[0] + "." + parts[1], parts[2], fields


def verify_ticket(
    secret: str, ticket: object, *, now: int, resource_id: str | None = None, dataset_id: str | None = None
) -> Ticket:
    """The ticket's fields, or TicketError naming the first failed check of the spec, for
    a launch of `resource_id` or of `dataset_id` (a ticket of the other kind is
    wrong_resource)."""
    if _claim(resource_id, dataset_id) is None:
        raise ValueError("say what is launched: resource_id or dataset_id")
    signed_part, signature64, fields = _parse(ticket)
    # Comparing the encoded MAC (as the hub does) also refuses non-canonical spellings.
    expected64 = b64url_encode(_signature(secret, signed_part))
    if not hmac.compare_digest(signature64.encode("ascii"), expected64.encode("ascii")):
        raise TicketError("bad_signature")
    if fields.exp <= now:
        raise TicketError("expired")
    if fields.exp > now + MAX_LIFETIME_SECONDS:
        raise TicketError("too_long_lived")
    if (fields.resource_id, fields.dataset_id) != (resource_id, dataset_id):
        raise TicketError("wrong_resource")
    return fields
