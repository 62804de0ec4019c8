"""ID card reader: protocol from documented bytes, fuzzing, and the device over a real pty."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from devices.base import CardError, DeviceError, HealthState, ProtocolError
from devices.idcard.emulator import DEMO_CARDS, IdCardEmulator
from devices.idcard.protocol import (ChecksumError, FrameReader, LengthError, SamStatusError,
                                     check_status, decode_frame, encode_request, encode_response)
from devices.idcard.reader import IdCardReader
from devices.idcard.text import build_read_payload, build_text, id_check_digit, parse_read, parse_text
from hallcore.masking import mask_id_number
from tests.helpers import wait_until

DOCUMENTED = {"find": "AAAAAA96690003200122", "select": "AAAAAA96690003200221",
              "read": "AAAAAA96690003300132", "read_fp": "AAAAAA96690003301023",
              "read_address": "AAAAAA96690003300330", "sam_id": "AAAAAA9669000312FFEE",
              "status": "AAAAAA9669000311FFED"}


@pytest.mark.parametrize("name, hexstr", DOCUMENTED.items())
def test_requests_match_documented_bytes(name, hexstr):
    assert encode_request(name).hex().upper() == hexstr


def test_documented_responses():
    found = decode_frame(bytes.fromhex("AAAAAA9669000800009F0000000097"))
    assert found.sw3 == 0x9F and found.ok
    no_card = decode_frame(bytes.fromhex("AAAAAA9669000400008084"))
    with pytest.raises(SamStatusError) as info:
        check_status(no_card)
    assert info.value.sw3 == 0x80 and "find card failed" in str(info.value)
    assert encode_response(0x9F, b"\x00" * 4).hex().upper() == "AAAAAA9669000800009F0000000097"
    assert encode_response(0x90, b"\x00" * 8).hex().upper() == "AAAAAA9669000C00009000000000000000009C"


def test_base_read_frame_is_1295_bytes():
    payload = build_read_payload(build_text("resident", **_fields(0)), bytes(1024))
    assert len(encode_response(0x90, payload)) == 1295
    assert encode_response(0x90, payload)[:10].hex().upper() == "AAAAAA96690508000090"


def _fields(i):
    return {k: v for k, v in DEMO_CARDS[i].items() if k != "kind"}


def test_text_blocks_of_each_card_type():
    resident = parse_text(build_text("resident", **_fields(0)))
    assert (resident.name, resident.sex, resident.nation) == ("张晓明", "男", "汉")
    assert resident.id_number[-1] == id_check_digit(resident.id_number[:17])
    permit = parse_text(build_text("permit_hmt", **_fields(2)))
    assert permit.kind == "permit_hmt" and permit.extra["pass_number"] == "H12345678"
    foreign = parse_text(build_text("foreign", **_fields(3)))
    assert foreign.kind == "foreign" and foreign.extra["name_en"] == "SMITH, ALICE JANE"
    assert foreign.sex == "女" and foreign.id_number == "USA110088062001"
    assert parse_text(build_text("resident", **_fields(1))).valid_to == "长期"
    assert "张晓明" not in repr(resident)


def test_checksum_and_length_errors():
    good = encode_response(0x90, b"\x01\x02")
    with pytest.raises(ChecksumError):
        decode_frame(good[:-1] + bytes([good[-1] ^ 1]))
    with pytest.raises(LengthError):
        decode_frame(good[:-2])
    with pytest.raises(ProtocolError):
        decode_frame(b"\x00" + good[1:])


def test_frame_reader_resynchronises_on_noise_and_split_chunks():
    frames = [encode_response(0x9F, b"\x00" * 4), encode_response(0x90, b"\x00" * 8)]
    stream = b"\x13\x37\xaa\xaa" + frames[0] + b"\xaa\xaa\xaa\x96\x69\xff\xff" + frames[1]
    reader = FrameReader()
    got = []
    for i in range(0, len(stream), 3):
        reader.feed(stream[i:i + 3])
        while (f := reader.next_frame()) is not None:
            got.append(f)
    assert got == frames


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_decoders_raise_only_own_errors(data):
    for parse in (decode_frame, parse_text, parse_read, lambda d: parse_read(d, True)):
        try:
            parse(data)
        except DeviceError:
            pass
    reader = FrameReader()
    reader.feed(data)
    while reader.next_frame() is not None:
        pass


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 1294), st.integers(0, 255))
def test_fuzz_mutated_read_frames(index, value):
    payload = build_read_payload(build_text("resident", **_fields(0)), bytes(1024))
    frame = bytearray(encode_response(0x90, payload))
    frame[index] = value
    try:
        result = check_status(decode_frame(bytes(frame)))
        parse_read(result.data)
    except DeviceError:
        pass


# -- the device over a real pty ---------------------------------------------------------

@pytest.fixture
def emulator(tmp_path):
    em = IdCardEmulator(link=tmp_path / "idcard").start()
    yield em
    em.stop()


@pytest.fixture
def reader(emulator):
    r = IdCardReader(emulator.port, poll_interval_s=0.05)
    events = []
    r.start(events.append)
    r.events = events
    yield r
    r.stop()


def kinds(reader):
    return [e.kind for e in reader.events if e.kind != "health"]


def test_each_card_type_reads_over_the_pty(emulator):
    r = IdCardReader(emulator.port)
    try:
        for i, card in enumerate(DEMO_CARDS):
            emulator.insert(i)
            text = r.read_card().text
            assert text.id_number == card["id_number"] and text.kind == card["kind"]
    finally:
        r.stop()


def test_insert_and_remove_events(emulator, reader):
    wait_until(lambda: reader.health().state is HealthState.OK, 5)
    emulator.insert(0)
    wait_until(lambda: "card_inserted" in kinds(reader), 5, message="no card_inserted")
    identity = next(e.payload for e in reader.events if e.kind == "card_inserted")
    assert mask_id_number(identity.id_number) == "110***********1233"
    emulator.remove()
    wait_until(lambda: "card_removed" in kinds(reader), 5, message="no card_removed")
    assert kinds(reader).count("card_inserted") == 1


@pytest.mark.parametrize("fault", ["checksum", "truncate", "noise", "silent"])
def test_transient_faults_are_survived(emulator, fault):
    r = IdCardReader(emulator.port)
    try:
        emulator.insert(0)
        emulator.inject(fault)
        if fault == "noise":  # noise before a good frame is skipped: the read works
            assert r.transceive("find").sw3 == 0x9F
        else:
            with pytest.raises(ProtocolError):
                r.transceive("find")
        assert r.read_card().text.name == "张晓明"  # the next exchange is clean
    finally:
        r.stop()


def test_sam_error_gives_card_error_event(emulator, reader):
    emulator.inject("sam_error", sticky=True)
    emulator.insert(0)
    wait_until(lambda: "card_error" in kinds(reader), 8, message="no card_error")
    with pytest.raises(CardError):
        emulator.inject("sam_error", sticky=True)
        IdCardReader(emulator.port).read_card()


def test_unplug_and_replug_recover_within_five_seconds(emulator, reader):
    emulator.insert(0)
    wait_until(lambda: "card_inserted" in kinds(reader), 5)
    emulator.unplug()
    wait_until(lambda: reader.health().state is HealthState.OFFLINE, 5, message="never offline")
    assert "card_removed" in kinds(reader)
    emulator.replug()
    wait_until(lambda: reader.health().state is HealthState.OK, 5, message="did not come back")
    wait_until(lambda: kinds(reader).count("card_inserted") == 2, 5, message="card not re-read")
