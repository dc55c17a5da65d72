"""Run the app with uvicorn on a socket bound beforehand, so a busy port is one clear error.

`serve` is the blocking call the command uses; `BackgroundServer` runs the same server on a
thread, for the browser tests and the benchmark.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.applications import Starlette

from toolkit.errors import PolicykitError


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free one), or a one-line error."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM
        )[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise PolicykitError(f"cannot listen on {host}:{port}: {exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise PolicykitError(f"cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The address people type into a browser for this socket."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def config(app: Starlette) -> uvicorn.Config:
    """Quiet (the command prints its own lines), with bounded connections and keep-alive."""
    return uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        limit_concurrency=100,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=3,
        server_header=False,
    )


def serve(app: Starlette, sock: socket.socket) -> None:
    """Serve until Ctrl-C (or SIGTERM); uvicorn finishes the requests in flight, then returns."""
    server = uvicorn.Server(config(app))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the signal it caught once it has shut down
        pass
    finally:
        sock.close()


class BackgroundServer:
    """The app served on a thread at 127.0.0.1 and a free port, for tests and benchmarks."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1") -> None:
        self.sock = bind(host, 0)
        self.url = url_of(self.sock)
        self.server = uvicorn.Server(config(app))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
