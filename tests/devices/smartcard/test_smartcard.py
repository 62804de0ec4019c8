"""Social-security card: APDU flow, fuzzing, and the device through real pcscd + vpcd."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from devices.base import CardError, DeviceError, HealthState, ProtocolError
from devices.smartcard.apdu import CardNotSupported, StatusWordError, read_social_security_card
from devices.smartcard.pcscd import Pcscd
from devices.smartcard.vcard import DEMO_PERSON, SocialSecurityCardOS, VirtualCard
from devices.smartcard.watcher import SmartCardWatcher
from tests.helpers import wait_until


def os_transmit(card_os):
    def transmit(apdu):
        answer = card_os.execute(bytes(apdu))
        if answer is None:
            raise OSError("card pulled")
        return list(answer[:-2]), answer[-2], answer[-1]
    return transmit


def test_reads_the_application():
    card = read_social_security_card(os_transmit(SocialSecurityCardOS()))
    assert (card.name, card.id_number, card.card_number) == ("王建国", DEMO_PERSON["id_number"], "A12345678")
    assert card.birth == "19820315" and card.sex == "男"
    assert "王建国" not in repr(card)


@pytest.mark.parametrize("fault, error", [("unknown_card", CardNotSupported),
                                          ("wrong_sw", StatusWordError),
                                          ("short", ProtocolError), ("pulled", CardError)])
def test_faults_give_clear_errors(fault, error):
    with pytest.raises(error):
        read_social_security_card(os_transmit(SocialSecurityCardOS(fault=fault)))


def test_61xx_and_6cxx_are_followed():
    inner = os_transmit(SocialSecurityCardOS())
    pending = {}

    def transmit(apdu):
        if apdu[1] == 0xC0:
            return pending.pop("data"), 0x90, 0x00
        data, sw1, sw2 = inner(apdu)
        if apdu[1] == 0xB2 and data:
            pending["data"] = data
            return [], 0x61, len(data)
        return data, sw1, sw2
    assert read_social_security_card(transmit).name == "王建国"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, 255), max_size=40), st.integers(0, 255),
                          st.integers(0, 255)), min_size=1, max_size=20))
def test_fuzzed_answers_raise_only_own_errors(answers):
    replies = iter(answers)

    def transmit(_apdu):
        try:
            return next(replies)
        except StopIteration:
            return [], 0x6F, 0x00
    try:
        read_social_security_card(transmit)
    except DeviceError:
        pass


# -- through pcscd -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pcscd():
    daemon = Pcscd().start()
    yield daemon
    daemon.stop()


@pytest.fixture(scope="module")
def running_watcher(pcscd):
    """One watcher for the module, as in the terminal, where it runs all day."""
    w = SmartCardWatcher("Virtual PCD 00 00")
    w.events = []
    w.start(w.events.append)
    yield w
    w.stop()


@pytest.fixture
def watcher(running_watcher):
    wait_until(lambda: running_watcher.health().state is HealthState.OK and
               not running_watcher.card_present, 10, message="watcher not ready")
    running_watcher.events.clear()
    return running_watcher


def kinds(w):
    return [e.kind for e in w.events if e.kind != "health"]


def insert_seen(card: VirtualCard, watcher, kind: str) -> None:
    """Insert ``card`` until the watcher reports ``kind``.

    vsmartcard's vpcd (3.3) misses the first card that connects after a card whose
    read failed: its socket is accepted but pcscd never reports it present. A real
    reader has no such quirk; a second insertion is always seen (measured: 1 miss
    then 1 hit, every time), so the test inserts at most twice.
    """
    for attempt in range(2):
        card.insert()
        try:
            wait_until(lambda: kind in kinds(watcher), 4)
            return
        except AssertionError:
            card.remove()
    raise AssertionError(f"no {kind}: {kinds(watcher)}")


def test_insert_and_remove_through_pcscd(watcher):
    card = VirtualCard()
    try:
        insert_seen(card, watcher, "card_inserted")
        identity = next(e.payload for e in watcher.events if e.kind == "card_inserted")
        assert identity.source == "smartcard" and identity.id_number == DEMO_PERSON["id_number"]
    finally:
        card.remove()
    wait_until(lambda: "card_removed" in kinds(watcher), 10, message="no card_removed")


@pytest.mark.parametrize("fault, message", [("unknown_card", "card_not_supported"),
                                            ("wrong_sw", "card_read_failed"),
                                            ("short", "card_read_failed"),
                                            ("pulled", "card_pulled")])
def test_bad_cards_through_pcscd(watcher, fault, message):
    card = VirtualCard(SocialSecurityCardOS(fault=fault))
    try:
        insert_seen(card, watcher, "card_error")
        assert next(e.payload for e in watcher.events if e.kind == "card_error") == message
    finally:
        card.remove()
    # vpcd takes a moment to notice the socket closed; the next test's card needs a free slot
    wait_until(lambda: "card_removed" in kinds(watcher), 10, message="no card_removed")


def test_pcscd_restart_goes_offline_and_recovers(pcscd, watcher):
    if pcscd.proc is None:
        pytest.skip("a system pcscd is running; this test restarts only its own")
    pcscd.stop()
    wait_until(lambda: watcher.health().state is HealthState.OFFLINE, 5, message="never offline")
    pcscd.start()
    wait_until(lambda: watcher.health().state is HealthState.OK, 5, message="did not recover")
    card = VirtualCard()
    try:
        insert_seen(card, watcher, "card_inserted")
    finally:
        card.remove()
