"""Signing: the exact ticket for given fields (`sign_ticket`, deterministic, used by the
shared vectors) and a fresh single-use one (`issue_ticket`, what the plugin hands out).
"""
from __future__ import annotations

import secrets

from .codec import (
    DEFAULT_LIFETIME_SECONDS,
    MAX_LIFETIME_SECONDS,
    VERSION,
    _check_fields,
    _claim,
    _signature,
    b64url_encode,
    canonical_json,
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
