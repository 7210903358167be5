"""Who may use the editor: a page served by this preview server in this browser session.

- Host: the request must name 127.0.0.1 or localhost on the serve port (a page of another
  site whose name was made to point at 127.0.0.1, "DNS rebinding", names its own host).
- Origin: a request that changes anything must come from a page of this server (browsers
  send Origin with every POST; Referer is the fallback).
- CSRF: each browser session gets a random cookie (HttpOnly, SameSite=Strict) and every form
  and script sends the token derived from it; another site can send neither.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie

COOKIE = "congkhai_phien"


class Guard:
    def __init__(self, port: int):
        self.port = port
        self._secret = secrets.token_bytes(32)

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(f"http://{host}:{self.port}" for host in ("127.0.0.1", "localhost"))

    def host_ok(self, host: str | None) -> bool:
        return (host or "").lower() in {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def origin_ok(self, origin: str | None, referer: str | None) -> bool:
        if origin:
            return origin.lower() in self.origins
        return bool(referer) and any(referer.lower().startswith(o + "/") for o in self.origins)

    def session(self, cookie_header: str | None) -> tuple[str, str | None]:
        """The session id from the cookie, or a new one with the Set-Cookie value to send."""
        cookie = SimpleCookie()
        try:
            cookie.load(cookie_header or "")
        except Exception:  # noqa: BLE001 (a malformed cookie header: a new session)
            cookie = SimpleCookie()
        if COOKIE in cookie and len(cookie[COOKIE].value) >= 32:
            return cookie[COOKIE].value, None
        sid = secrets.token_urlsafe(32)
        return sid, f"{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Strict"

    def token(self, sid: str) -> str:
        return hmac.new(self._secret, sid.encode("ascii", "replace"), hashlib.sha256).hexdigest()

    def token_ok(self, cookie_header: str | None, token: str | None) -> bool:
        sid, new = self.session(cookie_header)
        return new is None and bool(token) and hmac.compare_digest(self.token(sid).encode(), token.encode("utf-8", "replace"))
