"""The identity key is its own, versioned secret (issue 15, section 6), and the rate limiter
counts in the database every replica shares (section 6, second bullet)."""

from __future__ import annotations

import uuid

import pytest

from central.db import Database
from central.models.identity import PersonCard, RateCount
from central.models.queue import Person
from central.schemas.tickets import CardProofIn
from central.services import ratelimit
from central.services.identity import CardCheck, IdentityKeys, check_card, find_person
from central.settings import CentralSettings, load_central_settings

OLD = IdentityKeys({1: "old-identity-key-0001"}, 1)
ROTATED = IdentityKeys({1: "old-identity-key-0001", 2: "new-identity-key-0002"}, 2)
RETIRED = IdentityKeys({2: "new-identity-key-0002"}, 2)
CARD = CardProofIn(source="smartcard", card_number="A01234567")


def test_rotation_rekeys_a_person_and_their_card_when_they_come_back(central):
    number = f"1101011990{uuid.uuid4().int % 10**8:08d}"
    with central.db.session() as s:
        person = find_person(s, OLD, number, "王五")
        assert check_card(s, OLD, person, number, CARD) is CardCheck.recorded
        s.commit()
        old_hash = person.id_hash
    with central.db.session() as s:
        again = find_person(s, ROTATED, number, create=False)
        assert again is not None and again.id_key_version == 2 and again.id_hash != old_hash
        assert check_card(s, ROTATED, again, number, CARD) is CardCheck.match
        s.commit()
        card = s.query(PersonCard).filter_by(person_id=again.id).one()
        assert card.key_version == 2
    with central.db.session() as s:   # once re-keyed, the old key can go
        kept = find_person(s, RETIRED, number, create=False)
        assert kept is not None and check_card(s, RETIRED, kept, number, CARD) is CardCheck.match
        assert check_card(s, RETIRED, kept, number,
                          CardProofIn(source="smartcard", card_number="B0")) is CardCheck.mismatch
        assert s.query(Person).filter(Person.id_hash == old_hash).count() == 0


def test_the_identity_key_is_not_the_csrf_secret():
    settings = CentralSettings.model_validate({"server": {"environment": "development"}, "security": {
        "secret_key": "s" * 32, "identity_keys": {"1": "i" * 32, "2": "j" * 32},
        "identity_key_version": 2}})
    keys = IdentityKeys.from_settings(settings.security)
    assert keys.current == 2 and keys.versions() == [2, 1] and "s" * 32 not in keys.ring.values()
    # unset, version 1 is the old secret: records hashed before the split stay reachable
    legacy = IdentityKeys.from_settings(CentralSettings.model_validate(
        {"server": {"environment": "development"}, "security": {"secret_key": "s" * 32}}).security)
    assert legacy.ring == {1: "s" * 32} and legacy.current == 1


@pytest.mark.parametrize("text, key", [
    ('[server]\nenvironment = "production"\n[security]\nsecret_key = "0123456789abcdef0123"\n',
     "security.identity_keys"),
    ('[server]\nenvironment = "development"\n[security]\nidentity_key_version = 3\n[security.identity_keys]\n1 = "0123456789abcdef"\n',
     "security.identity_key_version"),
])
def test_identity_key_settings_are_checked(tmp_path, text, key):
    from hallcore.config import ConfigError
    path = tmp_path / "central.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_central_settings(path, env={})
    assert err.value.key == key


def test_two_replicas_count_into_one_limit(central):
    """Two engines on one database stand for two replicas: their hits add up."""
    limit = ratelimit.Limit("test:replicas", 5, 3600)
    who = uuid.uuid4().hex
    other = Database(central.db_url)
    try:
        counts = []
        for n in range(6):
            with (central.db if n % 2 else other).session() as s:
                counts.append(ratelimit.hit(s, limit, who, now=1_000_000.0))
                s.commit()
        assert counts == [1, 2, 3, 4, 5, 6]
        with other.session() as s:
            assert not ratelimit.allowed(s, limit, who, now=1_000_000.0)
            # the next window still counts the one before: no doubled burst at a boundary
            assert not ratelimit.allowed(s, limit, who, now=1_000_000.0 + 3600)
            assert ratelimit.allowed(s, limit, who, now=1_000_000.0 + 7200)
            assert ratelimit.purge(s, now=1_000_000.0 + 7200) >= 1
            s.commit()
            assert s.query(RateCount).filter(RateCount.key.like("test:replicas:%")).count() == 0
    finally:
        other.dispose()


def test_long_or_personal_keys_are_hashed_to_fit():
    key = ratelimit.key("login:user", "x" * 500)
    assert len(key) <= RateCount.key.type.length and key.startswith("login:user:#")
