"""Untrusted text is sanitised here, once, when a stops file is read, and nowhere else.

- short text fields (names, kinds, contact fields, links, unknown columns) become
  plain text, HTML-escaped (:func:`sanitise_text`);
- stories (``verhaal`` and ``verhaal_<taal>``) keep a small allow-list of markup
  (:func:`sanitise_story`).

Both then encode a backslash, a backtick and ``$`` as HTML entities, because Folium
places popup HTML inside a JavaScript template literal. Stored text is therefore
HTML: put it in a page as it is, and use :func:`as_plain` for a terminal, GPX or CSV.
"""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser

import nh3

log = logging.getLogger(__name__)

__all__ = ["as_plain", "sanitise_story", "sanitise_text"]

# --- sanitising ---------------------------------------------------------------------------

#: Markup a story may keep; everything else is removed (its text stays).
STORY_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "img"})
STORY_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
STORY_URL_SCHEMES = frozenset({"https", "mailto", "tel"})

_STORY_CLEANER = nh3.Cleaner(
    tags=set(STORY_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in STORY_ATTRIBUTES.items()},
    url_schemes=set(STORY_URL_SCHEMES),
    url_relative="deny",
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_TEXT_CLEANER = nh3.Cleaner(
    tags=set(), clean_content_tags={"script", "style"}, attributes={}, strip_comments=True
)
# Folium puts popup HTML in a JavaScript template literal: `...${...}...`.
_TEMPLATE_LITERAL = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})
# C0 control characters except tab, newline and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_MARKUP = re.compile(r"<\s*(p|br|ul|ol|li)\b", re.IGNORECASE)


def sanitise_text(text: str) -> str:
    """Make untrusted short text safe to show in a map: plain text, no tags at all.

    Tags are removed (the content of ``<script>`` and ``<style>`` too), the remaining
    text is HTML-escaped (also quotes), and a backslash, backtick and ``$`` are encoded
    as ``&#92;``, ``&#96;`` and ``&#36;`` so the text is safe inside a JavaScript
    template literal.

    Parameters
    ----------
    text : str
        Text as the user wrote it.

    Returns
    -------
    str
        HTML-safe text. Use :func:`as_plain` to get the plain text back.

    Examples
    --------
    >>> sanitise_text("Café <b>De Brug</b> & co `${x}`")
    'Café De Brug &amp; co &#96;&#36;{x}&#96;'
    """
    plain = html.unescape(_TEXT_CLEANER.clean(_CONTROL.sub("", text)))
    return html.escape(plain, quote=True).translate(_TEMPLATE_LITERAL)


def sanitise_story(text: str) -> str:
    """Make an untrusted story safe to show in a map, keeping simple markup.

    Allowed: ``p br strong em ul ol li a img``, with ``a[href]`` and ``img[src alt]``;
    links only with ``https:``, ``mailto:`` or ``tel:`` (relative links are removed);
    links get ``rel="noopener noreferrer"``. A story without paragraph or line-break
    markup gets its newlines turned into markup first: a blank line starts a new
    paragraph (``<p>``), a single newline becomes ``<br>``. After cleaning, a
    backslash, backtick and ``$`` are encoded as HTML entities (see
    :func:`sanitise_text`).

    Parameters
    ----------
    text : str
        The story as the user wrote it (plain text or HTML).

    Returns
    -------
    str
        A safe HTML fragment.

    Examples
    --------
    >>> sanitise_story("Welkom!\\n<strong>Koffie</strong> <script>alert(1)</script>")
    'Welkom!<br><strong>Koffie</strong> '
    """
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" in text and not _BLOCK_MARKUP.search(text):
        paragraphs = [part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
        lines = [part.replace("\n", "<br>") for part in paragraphs]
        text = lines[0] if len(lines) == 1 else "".join(f"<p>{line}</p>" for line in lines)
    return _STORY_CLEANER.clean(text).translate(_TEMPLATE_LITERAL)


class _PlainText(HTMLParser):
    """Collect the text of an HTML fragment; line breaks for ``br``, ``p`` and ``li``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in {"p", "ul", "ol"}:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "ul", "ol"}:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def as_plain(value: str) -> str:
    """Turn stored (sanitised) text back into plain text, for a terminal, GPX or CSV.

    Tags are removed (``<br>``, ``<p>`` and ``<li>`` become line breaks) and entities
    are decoded, so ``as_plain(sanitise_text(s)) == s`` for text without tags.

    Parameters
    ----------
    value : str
        Text from a stops GeoDataFrame (output of :func:`sanitise_text` or
        :func:`sanitise_story`).

    Returns
    -------
    str
        Plain text. Do not put it into HTML without escaping it again.

    Examples
    --------
    >>> as_plain("Caf&eacute; &amp; co<br>&#36;5")
    'Café & co\\n$5'
    """
    parser = _PlainText()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
