"""Markdown to safe HTML: Python-Markdown renders, nh3 (ammonia) sanitises.

No script, style, iframe, object, SVG, event handler or javascript:/data: URL survives:
nh3 keeps only the tags and attributes listed here and the URL schemes listed here.
"""

from __future__ import annotations

import functools

import markdown
import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str | None) -> str:
    """Render staff Markdown to sanitised HTML (h1 is kept for the page title: '#' becomes h2)."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize(html)


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def render_inline(text: str | None) -> str:
    """Render a one-line Markdown value without the surrounding paragraph."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
