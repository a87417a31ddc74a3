"""Who may use the desk: only this computer, only through the address printed at launch.

- The server listens on 127.0.0.1 only (``serve``).
- A secret made at each launch is in the printed address; the first visit trades it for a cookie (HttpOnly,
  SameSite=Strict) and every later request must carry it: another local user or a web page cannot drive the desk.
- The Host header must name 127.0.0.1 or localhost at the desk's port (a foreign name pointed at 127.0.0.1, DNS
  rebinding, is refused), and a request sent by another page (Origin, Sec-Fetch-Site: even another port of
  127.0.0.1, which browsers count as the same site) is refused; only the desk's own page and an address typed
  or opened from the terminal get through.
"""
from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.responses import HTMLResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE_PREFIX = "anquanyue_desk_"  # one cookie per port: two desks on one computer keep apart
KEY_PARAM = "key"
LOCAL_NAMES = ("127.0.0.1", "localhost")

REFUSED_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>安全月 · 无法打开</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.7">
<h1>无法打开汇总台</h1><p>{reason}</p>
<p>请使用启动汇总台时终端（命令行窗口）里显示的完整地址打开，地址中带有本次启动的密钥。</p></body></html>"""


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    """ASGI middleware: checks Host, Origin and the secret before any route runs."""

    def __init__(self, app: ASGIApp, secret: str, port: int) -> None:
        self.app = app
        self.secret = secret
        self.port = port
        self.cookie = f"{COOKIE_PREFIX}{port}"

    def allowed_hosts(self) -> set[str]:
        return {f"{name}:{self.port}" for name in LOCAL_NAMES}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        reason = self.refusal(scope, headers)
        if reason is not None:
            await HTMLResponse(REFUSED_PAGE.format(reason=reason), status_code=403)(scope, receive, send)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if KEY_PARAM in query:  # the printed address: set the cookie, then show the same page without the key
            rest = urlencode({k: v for k, v in query.items() if k != KEY_PARAM})
            response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(self.cookie, self.secret, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope, headers: dict[str, str]) -> str | None:
        if headers.get("host", "").lower() not in self.allowed_hosts():
            return "地址中的主机名不对：汇总台只接受 127.0.0.1 或 localhost 的访问。"
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in {f"http://{host}" for host in self.allowed_hosts()}:
            return "请求来自其他网站，已拒绝。"
        if headers.get("sec-fetch-site", "none") not in ("same-origin", "none"):  # a link or form on another page
            return "请求来自其他网站，已拒绝。"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if KEY_PARAM in query:
            if secrets.compare_digest(query[KEY_PARAM].encode(), self.secret.encode()):
                return None
            return "地址中的密钥不对（每次启动汇总台都会换一个新密钥）。"
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header is simply no cookie
            cookie = SimpleCookie()
        given = cookie[self.cookie].value if self.cookie in cookie else ""
        if not secrets.compare_digest(given.encode(), self.secret.encode()):
            return "缺少本次启动的密钥。"
        return None
