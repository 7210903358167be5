"""Link agency names inside free text (a plan's lead and partner cells) to agency pages."""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup, escape


class AgencyLinker:
    """Finds every agency name or alias in a text, longest first, ignoring case."""

    def __init__(self, agencies: Mapping):
        """``agencies``: id -> an agency (anything with ``name`` and ``aliases``)."""
        names = {}
        for agency_id, agency in agencies.items():
            for name in [agency.name, *agency.aliases]:
                names.setdefault(name.casefold(), agency_id)
        self._ids = names
        ordered = sorted(names, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(n) for n in ordered), re.IGNORECASE) if ordered else None

    def link(self, text: str | None, href_for) -> Markup:
        """``text`` as HTML with each known agency name wrapped in a link from ``href_for(id)``."""
        if not text:
            return Markup("")
        if self._pattern is None:
            return escape(text)
        parts, last = [], 0
        for match in self._pattern.finditer(text):
            agency_id = self._ids[match.group(0).casefold()]
            parts.append(escape(text[last:match.start()]))
            parts.append(Markup('<a href="{}">{}</a>').format(href_for(agency_id), match.group(0)))
            last = match.end()
        parts.append(escape(text[last:]))
        return Markup("").join(parts)
