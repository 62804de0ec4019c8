"""The receipt printer over real TCP to the virtual printer: templates, QR, status, recovery."""

from __future__ import annotations

import os
import sys

import cv2
import pytest
from hypothesis import given, settings, strategies as st

from devices.base import HealthState, PrinterError, ProtocolError
from devices.printer import ReceiptPrinter, templates
from devices.printer.document import display_width, wrap
from devices.printer.escpos import Profile, render
from devices.printer.status import parse_status
from devices.printer.virtual.parser import EscPosParser
from devices.printer.virtual.server import VirtualPrinter
from hallcore.terminal_settings import PrinterSection
from kiosk.i18n import Translator
from tests.factories import make_jobs
from tests.helpers import wait_until

HALL = "示范区公共就业服务大厅"


@pytest.fixture
def vprinter(tmp_path):
    vp = VirtualPrinter(port=0, out_dir=tmp_path / "prints").start()
    yield vp
    vp.stop()


def make_printer(vp, mm=80, profile=None):
    vp.dots = 576 if mm == 80 else 384
    return ReceiptPrinter(PrinterSection(port=vp.port, paper_width_mm=mm, timeout_s=2,
                                         profile=profile or ("TM-T88III" if mm == 80 else "POS-5890")),
                          poll_s=0.1)


def decode_qr(path) -> str:
    from devices.camera.qr import decode_qr
    texts = decode_qr(cv2.imread(str(path)))
    return texts[0] if texts else ""


@pytest.mark.parametrize("mm", [80, 58])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_job_slip_prints_text_and_qr(vprinter, mm, lang, artifacts_dir):
    _ = Translator(lang).gettext
    job = make_jobs(5)[4]
    url = f"http://127.0.0.1:8000/jobs/{job['id']}"
    printer = make_printer(vprinter, mm)
    printer.print_document(templates.job_slip(HALL, job, url, paper_mm=mm, _=_))
    assert vprinter.wait_for_receipts(1)
    receipt = vprinter.receipts[0]
    text = "\n".join(receipt.texts())
    assert HALL in text and job["title"] in text and job["employer"] in text
    assert ("薪资" if lang == "zh_CN" else "Pay") in text
    assert all(display_width(line) <= (48 if mm == 80 else 32) for line in receipt.texts())
    assert decode_qr(vprinter.files[0]) == url
    vprinter.files[0].rename(artifacts_dir / f"slip_job_{mm}_{lang}.png")


@pytest.mark.parametrize("mm", [80, 58])
def test_ticket_and_quiz_result(vprinter, mm, artifacts_dir):
    _ = Translator("zh_CN").gettext
    printer = make_printer(vprinter, mm)
    status_url = "http://127.0.0.1:8000/t/A012-7f3c"
    printer.print_document(templates.ticket(HALL, "求职登记", "A012", ["前面还有 3 人，预计等候约 12 分钟"],
                                            ["居民身份证原件", "学历证明（毕业证书）"], status_url,
                                            paper_mm=mm, _=_))
    from PIL import Image, ImageDraw
    chart = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(chart).polygon([(100, 10), (190, 60), (190, 140), (100, 190), (10, 140), (10, 60)],
                                  outline=0, width=3)
    printer.print_document(templates.quiz_result(HALL, "SEC", {"S": 40, "E": 35, "C": 30, "R": 12,
                                                               "I": 20, "A": 18}, chart,
                                                 ["社会工作者", "人力资源专员"],
                                                 "http://127.0.0.1:8000/q/abc", paper_mm=mm, _=_))
    assert vprinter.wait_for_receipts(2)
    ticket_text = "\n".join(vprinter.receipts[0].texts())
    assert "A012" in ticket_text and "请备好以下材料：" in ticket_text
    assert "前面还有 3 人" in ticket_text and "前面等候人数" not in ticket_text and "居民身份证原件" in ticket_text
    assert decode_qr(vprinter.files[0]) == status_url
    assert "SEC" in "\n".join(vprinter.receipts[1].texts())
    assert any(l.kind == "image" for l in vprinter.receipts[1].lines)
    vprinter.files[0].rename(artifacts_dir / f"slip_ticket_{mm}.png")
    vprinter.files[1].rename(artifacts_dir / f"slip_quiz_{mm}.png")


def test_qr_is_native_or_raster_by_profile():
    doc = templates.ticket(HALL, "x", "A1", [], [], "http://h/t/1")
    assert b"\x1d(k" in render(doc, "TM-T88III")
    cheap = render(doc, "POS-5890")
    assert b"\x1d(k" not in cheap and b"\x1dv0" in cheap
    assert b"\x1dV" not in cheap  # no cutter: feed instead


def test_profiles_agree_with_python_escpos_for_every_model_and_feature():
    """Our JSON reading of escpos's capabilities.json answers as its own profiles do."""
    from escpos.capabilities import CAPABILITIES, get_profile
    features = {f for p in CAPABILITIES["profiles"].values() for f in p["features"]}
    for name in CAPABILITIES["profiles"]:
        theirs = get_profile(name)
        assert {f: Profile(name).supports(f) for f in features} == \
            {f: bool(theirs.supports(f)) for f in features}, name
    assert Profile("no-such-model").supports("qrCode")


def test_chinese_lines_are_gb18030_whole():
    doc = templates.test_page("t1")
    data = render(doc, "TM-T88III")
    assert "中文 GB18030 · English · ￥12.00".encode("gb18030") in data


@pytest.mark.parametrize("flag, reason", [("paper_out", "paper_out"), ("offline", "offline"),
                                          ("cover_open", "cover_open")])
def test_blocking_states_refuse_the_job_before_sending(vprinter, flag, reason):
    printer = make_printer(vprinter)
    setattr(vprinter, flag, True)
    before = vprinter.bytes_received
    with pytest.raises(PrinterError) as info:
        printer.print_document(templates.test_page("t1"))
    assert info.value.reason == reason
    assert vprinter.bytes_received - before == 9  # only the three status queries went out
    assert printer.health().state is HealthState.OFFLINE and printer.health().reason == reason


def test_paper_running_out_mid_job_is_reported_not_taken_for_printed(vprinter):
    printer = make_printer(vprinter)
    vprinter.paper_runs_out_after = 40  # the status check passes, then the roll ends mid-job
    with pytest.raises(PrinterError) as info:
        printer.print_document(templates.test_page("t1"))
    assert info.value.reason == "paper_out"
    assert not vprinter.receipts and printer.jobs_printed == 0
    assert printer.health().reason == "paper_out"
    vprinter.paper_out = False  # a new roll
    printer.print_document(templates.test_page("t1"))
    assert vprinter.wait_for_receipts(1) and printer.health().state is HealthState.OK


def test_paper_low_prints_and_degrades(vprinter):
    printer = make_printer(vprinter)
    vprinter.paper_low = True
    printer.print_document(templates.test_page("t1"))
    assert vprinter.wait_for_receipts(1)
    assert printer.health().state is HealthState.DEGRADED and printer.health().reason == "paper_low"


def test_printer_goes_offline_and_comes_back_by_itself(tmp_path):
    vp = VirtualPrinter(port=0, out_dir=tmp_path).start()
    port = vp.port
    printer = make_printer(vp)
    events = []
    printer.start(events.append)
    wait_until(lambda: printer.health().state is HealthState.OK, 5)
    vp.stop()
    wait_until(lambda: printer.health().state is HealthState.OFFLINE, 5, message="never offline")
    with pytest.raises(PrinterError) as info:
        printer.print_document(templates.test_page("t1"))
    assert info.value.reason == "offline"
    vp2 = VirtualPrinter(port=port, out_dir=tmp_path).start()
    try:
        wait_until(lambda: printer.health().state is HealthState.OK, 5, message="never came back")
        printer.print_document(templates.test_page("t1"))
        assert vp2.wait_for_receipts(1)
    finally:
        printer.stop()
        vp2.stop()
    assert [e.payload.state for e in events if e.kind == "health"][-2:] == [HealthState.OFFLINE, HealthState.OK]


def test_status_bytes():
    s = parse_status(b"\x12", b"\x12", b"\x12")
    assert s.reason == ""
    assert parse_status(b"\x12", b"\x12", b"\x1e").reason == "paper_low"
    assert parse_status(b"\x1a", b"\x32", b"\x72").reason == "paper_out"
    assert parse_status(b"\x1a", b"\x16", b"\x12").reason == "cover_open"
    assert parse_status(b"\x1a", b"\x12", b"\x12").reason == "offline"
    for bad in (b"\x00", b"\xff", b"", b"\x12\x12"):
        with pytest.raises(ProtocolError):
            parse_status(bad, b"\x12", b"\x12")


@given(st.binary(min_size=0, max_size=2), st.binary(max_size=2), st.binary(max_size=2))
def test_status_parser_fuzz(a, b, c):
    try:
        parse_status(a, b, c)
    except ProtocolError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_escpos_parser_never_crashes_on_garbage(chunks):
    parser = EscPosParser()
    for chunk in chunks:
        parser.feed(chunk)
    parser.flush()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.sampled_from([58, 80]))
def test_any_text_roundtrips_through_render_and_parse(text, mm):
    from devices.printer.document import Document, Text
    doc = Document(mm).add(Text(text))
    receipts, _ = EscPosParser().feed(render(doc, "TM-T88III"))
    printed = "".join(receipts[0].texts())
    expected = "".join(wrap(text.replace("\r", ""), 48 if mm == 80 else 32))
    ok = [c for c in expected if c.isprintable() and c.encode("gb18030", "replace") != b"?"]
    assert all(c in printed for c in ok)
    assert len(receipts) == 1 and not any(l.kind in ("qr", "image") for l in receipts[0].lines)


def test_control_characters_in_text_cannot_inject_commands():
    from devices.printer.document import Document, Text
    evil = "会计\x1dV\x00\x1b@\x10\x04\x01\x1d(k\x03\x001Q0"
    data = render(Document(80).add(Text(evil)), "TM-T88III")
    receipts, queries = EscPosParser().feed(data)
    assert len(receipts) == 1 and queries == []


def test_usb_path_keeps_the_escpos_capability_cache_between_starts(tmp_path, monkeypatch):
    from devices.printer import transport
    monkeypatch.delitem(sys.modules, "escpos.capabilities", raising=False)
    monkeypatch.delenv("ESCPOS_CAPABILITIES_PICKLE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    transport._keep_escpos_capabilities()
    cache = tmp_path / "hallkiosk" / "escpos"
    assert os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] == str(cache) and cache.is_dir()
    monkeypatch.setenv("ESCPOS_CAPABILITIES_PICKLE_DIR", "/operator/choice")
    transport._keep_escpos_capabilities()
    assert os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] == "/operator/choice"


@given(st.text(alphabet=st.sampled_from(list("前面还有人，预计等候约分钟、 abc12;")), max_size=120),
       st.sampled_from([32, 48]))
def test_wrapped_lines_fit_the_paper_and_keep_every_character(text, columns):
    from devices.printer.document import wrap
    lines = wrap(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_full_line_breaks_after_its_comma():
    from devices.printer.document import wrap
    assert wrap("前面还有 3 人，预计等候约 12 分钟", 32) == ["前面还有 3 人，", "预计等候约 12 分钟"]
