"""Launch tickets against the vectors shared with the hub (test/vectors/launch-tickets.json)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from ckanext.jupyternotebook import tickets
from ckanext.jupyternotebook.tickets import TicketError, issue_ticket, sign_ticket, verify_ticket


def test_the_vectors_cover_every_error_of_the_spec(vectors):
    errors = {v["expect"].get("error") for v in vectors["verify"]}
    assert {"malformed", "bad_signature", "expired", "too_long_lived", "wrong_resource", None} <= errors
    assert vectors["max_lifetime_seconds"] == tickets.MAX_LIFETIME_SECONDS


def _target(vector: dict) -> dict:
    """What the vector launches: {"resource_id": …} or {"dataset_id": …}."""
    return {k: vector[k] for k in ("resource_id", "dataset_id") if k in vector}


def test_every_verify_vector(vectors):
    secret, now = vectors["secret"], vectors["now"]
    for vector in vectors["verify"]:
        expect = vector["expect"]
        if expect["ok"]:
            got = verify_ticket(secret, vector["ticket"], now=now, **_target(vector))
            assert (got.user, got.resource_id, got.dataset_id, got.exp, got.nonce) == (
                expect["user"], expect.get("resource_id"), expect.get("dataset_id"), expect["exp"], expect["nonce"]
            ), vector["name"]
        else:
            with pytest.raises(TicketError) as caught:
                verify_ticket(secret, vector["ticket"], now=now, **_target(vector))
            assert caught.value.code == expect["error"], vector["name"]


def test_a_resource_ticket_never_opens_a_dataset_and_vice_versa(vectors):
    secret, now = vectors["secret"], vectors["now"]
    names = {v["name"] for v in vectors["verify"]}
    assert {"dataset ticket for a resource launch", "resource ticket for a dataset launch"} <= names
    for kind, other in (("resource_id", "dataset_id"), ("dataset_id", "resource_id")):
        ticket = issue_ticket(secret, user="alice", now=now, **{kind: "same-name"})
        assert verify_ticket(secret, ticket, now=now, **{kind: "same-name"}).user == "alice"
        with pytest.raises(TicketError) as caught:
            verify_ticket(secret, ticket, now=now, **{other: "same-name"})
        assert caught.value.code == "wrong_resource"
    for both_or_none in ({}, {"resource_id": "r", "dataset_id": "d"}):
        with pytest.raises(ValueError):
            issue_ticket(secret, user="alice", now=now, **both_or_none)
        with pytest.raises(ValueError):
            verify_ticket(secret, "v1.x.y", now=now, **both_or_none)


def test_every_sign_vector_byte_for_byte(vectors):
    for vector in vectors["sign"]:
        assert sign_ticket(vectors["secret"], **vector["input"]) == vector["ticket"], vector["name"]


def test_signed_payload_is_canonical_json_with_unescaped_non_ascii(vectors):
    ticket = sign_ticket(vectors["secret"], user="zoë-ø", resource_id="r", exp=5, nonce="n" * 16)
    payload = tickets.b64url_decode(ticket.split(".")[1]).decode("utf-8")
    assert payload == '{"exp":5,"nonce":"nnnnnnnnnnnnnnnn","resource_id":"r","user":"zoë-ø"}'


def test_issued_ticket_verifies_for_its_resource_only(vectors):
    secret, now = vectors["secret"], 1_800_000_000
    ticket = issue_ticket(secret, user="alice", resource_id="res-1", now=now)
    got = verify_ticket(secret, ticket, resource_id="res-1", now=now)
    assert got.user == "alice" and got.exp == now + tickets.DEFAULT_LIFETIME_SECONDS
    assert 16 <= len(got.nonce) <= 64
    with pytest.raises(TicketError, match="wrong_resource"):
        verify_ticket(secret, ticket, resource_id="res-2", now=now)
    with pytest.raises(TicketError, match="bad_signature"):
        verify_ticket(secret + "x", ticket, resource_id="res-1", now=now)


def test_issued_tickets_are_unique_and_never_outlive_the_limit():
    seen = {issue_ticket("s" * 32, user="alice", resource_id="r", now=0) for _ in range(50)}
    assert len(seen) == 50
    ticket = issue_ticket("s" * 32, user="alice", resource_id="r", now=100, lifetime_seconds=600)
    assert verify_ticket("s" * 32, ticket, resource_id="r", now=100).exp == 700
    for bad in (0, -5, 601, 3600, 10.0, True):
        with pytest.raises(ValueError):
            issue_ticket("s" * 32, user="alice", resource_id="r", now=100, lifetime_seconds=bad)


def test_new_nonce_matches_the_spec():
    for _ in range(20):
        nonce = tickets.new_nonce()
        assert tickets._NONCE.match(nonce), nonce


@pytest.mark.parametrize(
    "fields",
    [
        {"user": "", "resource_id": "r", "exp": 1, "nonce": "n" * 16},
        {"user": "a", "resource_id": "", "exp": 1, "nonce": "n" * 16},
        {"user": "a", "resource_id": "r", "exp": 1, "nonce": "short"},
        {"user": "a", "resource_id": "r", "exp": 1, "nonce": "n" * 65},
        {"user": "a", "resource_id": "r", "exp": 1, "nonce": "n" * 15 + "!"},
        {"user": "a", "resource_id": "r", "exp": 1.5, "nonce": "n" * 16},
        {"user": "a", "resource_id": "r", "exp": True, "nonce": "n" * 16},
        {"user": "a", "resource_id": "r", "exp": 2**53, "nonce": "n" * 16},
    ],
)
def test_sign_refuses_fields_outside_the_spec(fields):
    with pytest.raises(ValueError):
        sign_ticket("secret", **fields)


def test_sign_refuses_an_empty_secret():
    with pytest.raises(ValueError):
        sign_ticket("", user="a", resource_id="r", exp=1, nonce="n" * 16)


def _forge(secret: str, payload_json: str) -> str:
    """A correctly signed ticket around any payload text."""
    signed = "v1." + base64.urlsafe_b64encode(payload_json.encode()).rstrip(b"=").decode()
    mac = hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()
    return signed + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "payload",
    [
        '{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice","admin":true}',
        '{"exp":true,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}',
        '{"exp":NaN,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}',
        '{"exp":1790000300.5,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}',
        '{"exp":1e400,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}',
        '{"exp":9007199254740992,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}',
        '{"exp":"1790000300","nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}',
        '{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"","user":"alice"}',
        '{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":""}',
        '{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":["r"],"user":"alice"}',
        '{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":null}',
        '["not", "an", "object"]',
    ],
)
def test_well_signed_but_ill_typed_payloads_are_malformed(vectors, payload):
    ticket = _forge(vectors["secret"], payload)
    with pytest.raises(TicketError) as caught:
        verify_ticket(vectors["secret"], ticket, resource_id="r", now=vectors["now"])
    assert caught.value.code == "malformed"


@pytest.mark.parametrize(
    "ticket",
    [None, 42, "v1..", "v1.a.b.c", "v1.!!!.abc", "v1.eyJ9.a", "V1.e30.e30", "v1.e30=.e30", " v1.e30.e30"],
)
def test_garbage_is_malformed_never_a_crash(vectors, ticket):
    with pytest.raises(TicketError) as caught:
        verify_ticket(vectors["secret"], ticket, resource_id="r", now=vectors["now"])
    assert caught.value.code == "malformed"


def test_checks_run_in_the_order_of_the_spec(vectors):
    secret, now = vectors["secret"], vectors["now"]
    # Expired *and* for another resource: expired is reported first.
    expired = sign_ticket(secret, user="a", resource_id="r1", exp=now - 1, nonce="n" * 16)
    with pytest.raises(TicketError, match="expired"):
        verify_ticket(secret, expired, resource_id="r2", now=now)
    # Too long-lived and wrongly signed: the signature is checked first.
    long_lived = sign_ticket("other-secret", user="a", resource_id="r1", exp=now + 601, nonce="n" * 16)
    with pytest.raises(TicketError, match="bad_signature"):
        verify_ticket(secret, long_lived, resource_id="r1", now=now)
    exactly_max = sign_ticket(secret, user="a", resource_id="r1", exp=now + 600, nonce="n" * 16)
    assert verify_ticket(secret, exactly_max, resource_id="r1", now=now).exp == now + 600


def test_canonical_json_matches_the_documented_python_expression():
    payload = {"user": "ü", "exp": 1, "resource_id": "x", "nonce": "y" * 16}
    expected = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert tickets.canonical_json(payload) == expected


# Where JSON or base64url leave room, the verifier decides as the hub's does
# (src/identity/launch-ticket.ts), so both sides agree on every ticket.


def test_an_integral_float_exp_is_an_integer_as_in_javascript(vectors):
    payload = '{"exp":1790000300.0,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}'
    got = verify_ticket(vectors["secret"], _forge(vectors["secret"], payload), resource_id="r", now=vectors["now"])
    assert got.exp == 1790000300 and type(got.exp) is int


def test_a_leading_byte_order_mark_is_ignored_as_by_textdecoder(vectors):
    payload = '\ufeff{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"alice"}'
    got = verify_ticket(vectors["secret"], _forge(vectors["secret"], payload), resource_id="r", now=vectors["now"])
    assert got.user == "alice"


def test_a_non_canonical_spelling_of_the_mac_is_a_bad_signature(vectors):
    valid = next(v for v in vectors["verify"] if v["name"] == "valid")
    assert valid["ticket"].endswith("c")
    # 'c' and 'd' differ only in the two bits a 43-character MAC leaves unused.
    respelled = valid["ticket"][:-1] + "d"
    assert tickets.b64url_decode(respelled.split(".")[2]) == tickets.b64url_decode(valid["ticket"].split(".")[2])
    with pytest.raises(TicketError, match="bad_signature"):
        verify_ticket(vectors["secret"], respelled, resource_id=valid["resource_id"], now=vectors["now"])


def test_a_signature_of_impossible_length_is_a_bad_signature_not_malformed(vectors):
    valid = next(v for v in vectors["verify"] if v["name"] == "valid")
    with pytest.raises(TicketError, match="bad_signature"):
        verify_ticket(vectors["secret"], valid["ticket"] + "A", resource_id=valid["resource_id"], now=vectors["now"])


def test_an_overlong_ticket_is_malformed(vectors):
    payload = '{"exp":1790000300,"nonce":"n0nce-AAAAAAAAAAAAAAAA","resource_id":"r","user":"' + "a" * 4000 + '"}'
    with pytest.raises(TicketError, match="malformed"):
        verify_ticket(vectors["secret"], _forge(vectors["secret"], payload), resource_id="r", now=vectors["now"])
