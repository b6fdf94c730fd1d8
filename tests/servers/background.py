"""Runs a ``socketserver`` server on a background thread: the start, stop, address and
quiet error handling every loopback test server (``speed_server``, ``replay_server``)
shares."""

from __future__ import annotations

import socketserver
import threading
from typing import Any, Self


class QuietServer(socketserver.ThreadingMixIn):
    """A threading server with a web server's queue that does not print client aborts."""

    daemon_threads = True
    request_queue_size = 128  # a web server's queue (socketserver's default is 5)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients abort streams at their deadline; that is not an error here


class BackgroundServer:
    """Serves ``self._server`` on a daemon thread; use as a context manager.

    Subclasses create ``self._server`` and set ``self.closing``, which the request
    handlers watch so that ``close`` also ends long answers.
    """

    _server: socketserver.BaseServer
    closing: threading.Event
    _thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])  # type: ignore[index]

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])  # type: ignore[index]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self.closing.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(2)
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
