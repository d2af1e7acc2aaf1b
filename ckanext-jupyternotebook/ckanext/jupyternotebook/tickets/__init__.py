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

from .codec import (
    _NONCE,
    DEFAULT_LIFETIME_SECONDS,
    MAX_LIFETIME_SECONDS,
    MAX_TICKET_LENGTH,
    VERSION,
    b64url_decode,
    b64url_encode,
    canonical_json,
)
from .sign import issue_ticket, new_nonce, sign_ticket
from .verify import Ticket, TicketError, verify_ticket

__all__ = [
    "DEFAULT_LIFETIME_SECONDS",
    "MAX_LIFETIME_SECONDS",
    "MAX_TICKET_LENGTH",
    "VERSION",
    "Ticket",
    "TicketError",
    "_NONCE",
    "b64url_decode",
    "b64url_encode",
    "canonical_json",
    "issue_ticket",
    "new_nonce",
    "sign_ticket",
    "verify_ticket",
]
