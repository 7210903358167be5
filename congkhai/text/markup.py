"""Markdown to safe HTML: Python-Markdown renders, nh3 (ammonia) sanitises.

No script, style, iframe, object, SVG, event handler or javascript:/data: URL survives:
nh3 keeps only the tags and attributes listed here and the URL schemes listed here.
"""

from __future__ import annotations

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
_EXTENSIONS = ["tables", "sane_lists"]


class MarkdownRenderer:
    """Renders staff Markdown to sanitised HTML ('#' becomes h2: h1 is the page title).

    One Python-Markdown instance is reset between texts (making one costs more than the
    rendering), and each text is rendered once: the memo belongs to this renderer, which a
    build makes for itself."""

    def __init__(self):
        self._markdown = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
        self._done: dict[str, str] = {}

    def block(self, text: str | None) -> str:
        if not text:
            return ""
        html = self._done.get(text)
        if html is None:
            self._markdown.reset()
            html = self._markdown.convert(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
            html = self._done[text] = sanitize(html)
        return html

    def inline(self, text: str | None) -> str:
        """A one-line value without the surrounding paragraph."""
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html


def render_markdown(text: str | None) -> str:
    """One text, with a renderer of its own (a build renders through one MarkdownRenderer)."""
    return MarkdownRenderer().block(text)


def render_inline(text: str | None) -> str:
    return MarkdownRenderer().inline(text)


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)
