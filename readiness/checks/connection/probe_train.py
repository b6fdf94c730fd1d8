"""Trains of small probes for round trip, jitter and packet loss, run when no bulk transfer is.

Both trains send probes at a steady pace (400 over 2.5 s by default) and keep the
answers in the order the probes went out:

- TCP connect train: each probe is a new connection (SYN out, SYN-ACK back), closed
  at once with a reset. It needs nothing but the server's open port. A lost SYN or
  SYN-ACK is only retried after the system's first retransmission timeout (1 s on
  Linux, macOS and Windows), so a probe not answered within ``late_s`` (under 1 s) is
  counted lost. A refusal (RST) is an answer too.
- UDP echo train: numbered datagrams to an echo service the agency runs, like a
  voice call's packets; a datagram not echoed within ``late_s`` is lost.

The connection attempts are handled by the system, not by the server program, so the
round trips are not held up by a busy web server.
"""

from __future__ import annotations

import contextlib
import errno
import selectors
import socket
import struct
import threading
import time
from dataclasses import dataclass

_IN_PROGRESS = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035}  # 10035: Windows
_ANSWERED = {0, errno.ECONNREFUSED, 10061}  # 10061: Windows' refusal


@dataclass(frozen=True)
class TrainStats:
    """Round trips (ms) of the answered probes, in sending order, and how many went out."""

    method: str
    rtts_ms: tuple[float, ...]
    sent: int

    @property
    def lost(self) -> int:
        return self.sent - len(self.rtts_ms)


def _reset_on_close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def tcp_connect_train(
    address: str,
    port: int,
    *,
    count: int,
    duration_s: float,
    late_s: float,
    stop: threading.Event,
) -> TrainStats:
    """Opens ``count`` connections to ``address``:``port`` evenly over ``duration_s``.

    Raises ``OSError`` when the network refuses to send at all (no route, network down).
    """
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    interval = duration_s / max(count, 1)
    selector = selectors.DefaultSelector()
    pending: dict[socket.socket, tuple[int, float]] = {}
    answered: dict[int, float] = {}
    sent = 0
    next_send = time.perf_counter()
    try:
        while not stop.is_set():
            now = time.perf_counter()
            if sent < count and now >= next_send:
                sock = socket.socket(family, socket.SOCK_STREAM)
                _reset_on_close(sock)
                sock.setblocking(False)
                code = sock.connect_ex((address, port))
                if code in _ANSWERED:
                    answered[sent] = (time.perf_counter() - now) * 1000
                    sock.close()
                elif code in _IN_PROGRESS:
                    pending[sock] = (sent, now)
                    selector.register(sock, selectors.EVENT_WRITE)
                else:
                    sock.close()
                    raise OSError(code, f"cannot send probes to {address}:{port}")
                sent += 1
                next_send += interval
                continue
            for sock, (_seq, sent_at) in list(pending.items()):
                if now - sent_at > late_s:  # lost: retrying would take the system a second
                    selector.unregister(sock)
                    del pending[sock]
                    sock.close()
            if sent >= count and not pending:
                break
            wait = (next_send - now) if sent < count else 0.05
            for key, _events in selector.select(min(max(wait, 0.0), 0.05)):
                sock = key.fileobj  # type: ignore[assignment]
                seq, sent_at = pending.pop(sock)
                selector.unregister(sock)
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) in _ANSWERED:
                    answered[seq] = (time.perf_counter() - sent_at) * 1000
                sock.close()
    finally:
        for sock in pending:
            sock.close()
        selector.close()
    return TrainStats("tcp-connect", tuple(answered[seq] for seq in sorted(answered)), sent)


def udp_echo_train(
    address: str,
    port: int,
    *,
    count: int,
    duration_s: float,
    late_s: float,
    stop: threading.Event,
) -> TrainStats:
    """Sends ``count`` numbered datagrams to an echo service evenly over ``duration_s``."""
    import select

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    interval = duration_s / max(count, 1)
    rtts: dict[int, float] = {}
    sent_at: dict[int, float] = {}
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        sock.connect((address, port))
        token = time.monotonic_ns() & 0xFFFFFFFF
        next_send = time.perf_counter()
        last_send = next_send + count * interval
        while not stop.is_set():
            now = time.perf_counter()
            if len(sent_at) < count and now >= next_send:
                seq = len(sent_at)
                sent_at[seq] = now
                with contextlib.suppress(OSError):
                    sock.send(struct.pack("!II", token, seq) + b"\0" * 56)
                next_send += interval
                continue
            if len(sent_at) >= count and (now > last_send + late_s or len(rtts) >= count):
                break
            wait = max(0.0, min(next_send - now, 0.05)) if len(sent_at) < count else 0.05
            readable, _w, _x = select.select([sock], [], [], wait)
            if readable:
                _collect(sock, token, sent_at, rtts, late_s)
    return TrainStats("udp-echo", tuple(rtts[seq] for seq in sorted(rtts)), len(sent_at))


def _collect(
    sock: socket.socket,
    token: int,
    sent_at: dict[int, float],
    rtts: dict[int, float],
    late_s: float,
) -> None:
    while True:
        try:
            data = sock.recv(2048)
        except (BlockingIOError, ConnectionRefusedError):
            return
        if len(data) >= 8:
            got_token, seq = struct.unpack("!II", data[:8])
            if got_token == token and seq in sent_at and seq not in rtts:
                elapsed = time.perf_counter() - sent_at[seq]
                if elapsed <= late_s:  # later than that counts as lost, as for TCP
                    rtts[seq] = elapsed * 1000
