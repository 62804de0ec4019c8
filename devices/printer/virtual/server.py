"""A TCP receipt printer on 127.0.0.1 (port 9100 by default) for tests and the demo.

Each connection is parsed as ESC/POS; every cut receipt is rendered to a PNG in
``out_dir`` and kept (parsed) in ``receipts``. Status queries are answered from
the switchable state (paper out or low, offline, cover open). While paper is
out, cover open or offline, received jobs are not printed, as on a real printer.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from devices.printer.virtual.parser import EscPosParser, Receipt
from devices.printer.virtual.render import render_receipt

__all__ = ["VirtualPrinter"]


class VirtualPrinter:
    IDLE_END_S = 0.4
    def __init__(self, host: str = "127.0.0.1", port: int = 9100, out_dir: str | Path = "var/prints",
                 dots: int = 576):
        self.host, self.port, self.dots = host, port, dots
        self.out_dir = Path(out_dir)
        self.paper_out = self.paper_low = self.offline = self.cover_open = False
        #: fault: the paper runs out after this many more bytes of print data (mid-job)
        self.paper_runs_out_after: int | None = None
        self.receipts: list[Receipt] = []
        self.files: list[Path] = []
        self.bytes_received = 0
        self.last_byte_at = 0.0
        self._printed = threading.Condition()
        self._sock: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._running = False

    # -- life cycle ------------------------------------------------------------------
    def start(self) -> "VirtualPrinter":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(8)
        self.port = sock.getsockname()[1]
        self._sock, self._running = sock, True
        t = threading.Thread(target=self._accept, name="virtual-printer", daemon=True)
        t.start()
        self._threads = [t]
        return self

    def stop(self) -> None:
        self._running = False
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._sock.close()
            self._sock = None
        for conn in list(self._conns):
            try:
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            except OSError:
                pass
        for t in self._threads:
            t.join(timeout=2)

    @property
    def address(self) -> tuple[str, int]:
        return self.host, self.port

    # -- state -----------------------------------------------------------------------
    def status_byte(self, n: int) -> int:
        if n == 1:
            return 0x12 | (0x08 if (self.offline or self.cover_open or self.paper_out) else 0)
        if n == 2:
            return 0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)
        if n == 4:
            return 0x12 | (0x0C if self.paper_low else 0) | (0x60 if self.paper_out else 0)
        return 0x12

    def wait_for_receipts(self, count: int, timeout: float = 5.0) -> bool:
        with self._printed:
            return self._printed.wait_for(lambda: len(self.receipts) >= count, timeout)

    # -- serving ---------------------------------------------------------------------
    def _accept(self) -> None:
        while self._running:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._conns.add(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        parser = EscPosParser()
        conn.settimeout(self.IDLE_END_S)
        try:
            while self._running:
                try:
                    data = conn.recv(65536)
                except socket.timeout:
                    receipt = parser.flush()  # a job with no cut ends when the bytes stop
                    if receipt is not None:
                        self._print(receipt)
                    continue
                if not data:
                    receipt = parser.flush()
                    if receipt is not None:
                        self._print(receipt)
                    return
                self.bytes_received += len(data)
                self.last_byte_at = time.perf_counter()
                if self.paper_runs_out_after is not None:
                    self.paper_runs_out_after -= len(data)
                    if self.paper_runs_out_after <= 0:
                        self.paper_out, self.paper_runs_out_after = True, None
                receipts, queries = parser.feed(data)
                for n in queries:
                    conn.sendall(bytes([self.status_byte(n)]))
                for receipt in receipts:
                    self._print(receipt)
        except OSError:
            return
        finally:
            self._conns.discard(conn)
            conn.close()

    def _print(self, receipt: Receipt) -> None:
        if self.paper_out or self.offline or self.cover_open:
            return
        image = render_receipt(receipt, self.dots)
        path = self.out_dir / f"receipt-{time.strftime('%Y%m%d-%H%M%S')}-{len(self.files) + 1:04d}.png"
        image.save(path)
        with self._printed:
            self.receipts.append(receipt)
            self.files.append(path)
            self._printed.notify_all()
