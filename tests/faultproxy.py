"""A TCP proxy that injects network faults between the terminal and the central service.

Modes (switch at any time, also for connections already open):
  pass       forward both ways
  delay      hold each chunk ``delay_s`` before forwarding
  trickle    forward one byte every ``trickle_s``
  blackhole  accept and read, never forward or answer (a hung service or a dead route)
  reset      new connections are reset at once (RST); open ones are reset on their next chunk
  drop       new connections are closed at once (FIN, no answer)
"""

from __future__ import annotations

import socket
import struct
import threading
import time

__all__ = ["FaultProxy", "MODES"]

MODES = ("pass", "delay", "trickle", "blackhole", "reset", "drop")


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, delay_s: float = 2.0, trickle_s: float = 0.05):
        self.target = (target_host, target_port)
        self.delay_s, self.trickle_s = delay_s, trickle_s
        self.mode = "pass"
        self.faults: dict[str, int] = dict.fromkeys(MODES, 0)  # connections or chunks hit per mode
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> "FaultProxy":
        threading.Thread(target=self._accept, name="faultproxy", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            for s in list(self._sockets):
                _close(s)

    def set(self, mode: str) -> None:
        assert mode in MODES, mode
        self.mode = mode

    # -- plumbing ------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            mode = self.mode
            if mode in ("reset", "drop"):
                self.faults[mode] += 1
                if mode == "reset":
                    _reset(client)
                else:
                    _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                data = src.recv(65536)
                if not data:
                    break
                mode = self.mode
                if mode == "blackhole":
                    self.faults[mode] += 1
                    continue  # swallowed: the other side waits for ever
                if mode == "reset":
                    self.faults[mode] += 1
                    _reset(src)
                    _reset(dst)
                    return
                if mode == "delay":
                    self.faults[mode] += 1
                    time.sleep(self.delay_s)
                if mode == "trickle":
                    self.faults[mode] += 1
                    for i in range(len(data)):
                        dst.sendall(data[i:i + 1])
                        time.sleep(self.trickle_s)
                    continue
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                _close(s)
                with self._lock:
                    self._sockets.discard(s)


def _close(s: socket.socket) -> None:
    try:
        s.close()
    except OSError:
        pass


def _reset(s: socket.socket) -> None:
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    _close(s)
