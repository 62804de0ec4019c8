"""Sealing a record with a terminal's key: it opens with that key only, and not at all once
changed; the token shows nothing of what it holds."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from hallcore import sealing
from hallcore.sealing import SealError, new_key, seal

PERSON = {"id_number": "110101199003071234", "name": "张晓明", "source": "idcard"}


def test_a_sealed_record_opens_with_its_key_and_shows_nothing():
    key = new_key()
    token = seal(key, PERSON)
    assert token.startswith("s1.") and "110101" not in token and "张" not in token
    assert sealing.open(key, token) == PERSON
    assert seal(key, PERSON) != token   # a new nonce each time


def test_another_key_or_a_changed_token_does_not_open():
    key = new_key()
    token = seal(key, PERSON)
    with pytest.raises(SealError):
        sealing.open(new_key(), token)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(SealError):
        sealing.open(key, flipped)


@pytest.mark.parametrize("key", ["", "short", "!" * 44, 12345, None])
def test_what_is_not_a_key_is_refused(key):
    with pytest.raises(SealError):
        seal(key, PERSON)


@given(st.text(max_size=200))
def test_any_token_from_outside_is_refused_or_opened_never_crashes(token):
    try:
        sealing.open(new_key(), token)
    except SealError:
        pass
