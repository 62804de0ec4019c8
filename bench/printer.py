"""Printer: slip build time (document -> ESC/POS bytes) and tap-to-last-byte at the virtual
printer, against python-escpos's Dummy building the same lines, alternated in one run."""

from __future__ import annotations

import tempfile
import time

from bench.harness import alternate, median
from devices.printer import ReceiptPrinter, templates
from devices.printer.escpos import Profile, render
from devices.printer.virtual.server import VirtualPrinter
from hallcore.terminal_settings import PrinterSection
from kiosk.i18n import Translator
from tests.factories import make_jobs


def run(quick: bool = False) -> dict:
    runs = 15 if quick else 101
    _ = Translator("zh_CN").gettext
    job = make_jobs(3)[2]
    url = f"http://127.0.0.1:8000/jobs/{job['id']}"
    profile = Profile("TM-T88III")
    doc = templates.job_slip("示范区公共就业服务大厅", job, url, paper_mm=80, _=_)

    def ours() -> float:
        t0 = time.perf_counter()
        render(templates.job_slip("示范区公共就业服务大厅", job, url, paper_mm=80, _=_), profile)
        return (time.perf_counter() - t0) * 1000

    def escpos_dummy() -> float:
        from escpos.printer import Dummy
        t0 = time.perf_counter()
        p = Dummy(profile="TM-T88III")
        for line in doc.plain_text().splitlines():
            p.textln(line)
        p.qr(url, native=True)
        p.cut()
        p.output
        return (time.perf_counter() - t0) * 1000

    build, baseline = alternate(ours, escpos_dummy, runs)
    with tempfile.TemporaryDirectory() as tmp:
        vp = VirtualPrinter(port=0, out_dir=tmp).start()
        printer = ReceiptPrinter(PrinterSection(port=vp.port, paper_width_mm=80))
        last = []
        for i in range(max(5, runs // 5)):
            t0 = time.perf_counter()
            printer.print_document(doc)
            vp.wait_for_receipts(i + 1, timeout=5)
            last.append((vp.last_byte_at - t0) * 1000)
        printer.stop()
        vp.stop()
    return {"figures": {"build_ms": round(median(build), 3),
                        "escpos_dummy_ms": round(median(baseline), 3),
                        "build_ratio": round(median(build) / median(baseline), 3),
                        "last_byte_ms": round(median(last), 3)},
            "targets": {"build_ms": "< 20", "last_byte_ms": "< 150"}, "runs": runs}
