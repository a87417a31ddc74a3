"""The desk (汇总台): a local web page for the clerk who does not use a terminal.

``serve`` starts it on 127.0.0.1 only, with a secret made at each launch (``safety.py``); ``app.py`` has the
routes, ``state.py`` what is chosen and read, ``views.py`` what the page shows, ``files.py`` what may be saved
where. Starlette + uvicorn + Jinja2; every asset is in ``static/`` and ``templates/`` inside the package.
"""
from __future__ import annotations

import errno
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from anquanyue.desk.files import DeskError
from anquanyue.issues import os_error_text

DEFAULT_PORT = 8765
HOST = "127.0.0.1"


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1: at ``port``, or at 8765 or any free port when none is asked for."""
    tries = [port] if port else [DEFAULT_PORT, 0]
    for number in tries:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no other program may bind the same port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # the port of the last launch is free again at once (not held by its closed connections)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, number))
        except OSError as exc:
            sock.close()
            if number == tries[-1]:
                taken = exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), errno.EACCES)
                why = "已被其他程序占用" if taken else f"无法使用（{os_error_text(exc)}）"
                raise DeskError(f"端口 {number} {why}，请换一个端口（--port），或不写 --port 自动选择。") from None
            continue
        sock.listen(128)
        return sock
    raise AssertionError("unreachable")  # pragma: no cover


def address(sock: socket.socket, secret: str) -> str:
    return f"http://{HOST}:{sock.getsockname()[1]}/?key={secret}"


def serve(inbox: str | Path | None = None, *, port: int | None = None, open_browser: bool = True,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Run the desk until interrupted (Ctrl-C). ``on_ready`` is given the address with its secret."""
    import uvicorn

    from anquanyue.desk.app import create_app
    from anquanyue.desk.safety import new_secret
    from anquanyue.desk.state import DeskState

    state = DeskState()
    if inbox is not None:
        state.set_inbox(str(inbox))
    sock = bind(port)
    secret = new_secret()
    url = address(sock, secret)
    app = create_app(state, secret, sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            if on_ready is not None:
                on_ready(url)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
