"""Build profiles: the portal (web) and the touch kiosks at the service centre.

A profile is data, not conditionals spread through the code: the template folders it puts
first and how a link that leaves the site is shown (a link on the web; on a kiosk, where a
citizen must not leave the site, a QR code to scan with a phone, or plain text).
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape

from .routes import relative_url


def _target(ctx, url: str) -> str:
    """A site path (/bieu-mau/x.docx) as a relative link; web addresses unchanged."""
    return relative_url(ctx["page_url"], url) if url.startswith("/") else url


def _public(ctx, url: str) -> str | None:
    """The public address of ``url``: itself, or base_url + path for a file of the site."""
    if not url.startswith("/"):
        return url
    base = ctx["settings"]["base_url"]
    return base + url.lstrip("/") if base else None


@jinja2.pass_context
def web_link_out(ctx, url: str, label: str, kind: str = "web", css: str = "") -> Markup:
    href = {"mail": f"mailto:{url}", "tel": "tel:" + "".join(c for c in url if c.isdigit() or c == "+")}.get(kind)
    href = href or _target(ctx, url)
    cls = Markup(' class="{}"').format(css) if css else ""
    return Markup('<a href="{}"{}>{}</a>').format(href, cls, label)


@jinja2.pass_context
def kiosk_link_out(ctx, url: str, label: str, kind: str = "web", css: str = "") -> Markup:
    if kind in ("mail", "tel"):
        return Markup('<span class="out-text">{}</span>').format(url)
    public = _public(ctx, url)
    if public is None:
        return Markup('<span class="out-text">{} (có tại Bộ phận Một cửa)</span>').format(label)
    # the QR code's title is text: a label with markup (a visually hidden part) gives its words
    title = label.striptags() if isinstance(label, Markup) else str(label)
    qr = ctx.environment.filters["qr_svg"](public, f"Mã QR: {title}")
    return Markup('<figure class="qr-out"><div class="qr-out-code">{}</div><figcaption><strong>{}</strong>'
                  '<br>Quét mã bằng điện thoại để mở: <span class="qr-url">{}</span></figcaption></figure>'
                  ).format(qr, label, escape(public))


@dataclass(frozen=True)
class Profile:
    name: str
    template_folder: str | None  # a folder of the built-in (and the unit's) templates put first
    link_out: object  # Jinja global that shows a link leaving the site


WEB = Profile("web", None, web_link_out)
KIOSK = Profile("kiosk", "kiosk", kiosk_link_out)
PROFILES = {p.name: p for p in (WEB, KIOSK)}
