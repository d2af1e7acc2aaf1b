"""Verifying a ticket against the spec's checks, in the spec's order (`verify_ticket`);
kept so the shared vectors can be checked from Python. The replay check (a nonce
accepted twice) is the hub's job.
"""
from __future__ import annotations

import hmac
import json
from dataclasses import dataclass

from .codec import (
    _BASE64URL,
    _SHAPES,
    MAX_LIFETIME_SECONDS,
    MAX_TICKET_LENGTH,
    VERSION,
    _check_fields,
    _claim,
    _json_integer,
    _signature,
    b64url_decode,
    b64url_encode,
)


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
