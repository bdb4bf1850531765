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

__all__ = [
    "as_plain",
    "is_invisible",
    "plain_text",
    "sanitise_story",
    "sanitise_text",
    "strip_controls",
    "tel_link",
]

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
# Issue 14: what must never reach a terminal or a file raw. C0 (tab and newline are
# handled by the caller), DEL, C1 (ESC's 8-bit twin CSI is U+009B), the bidi controls
# (embeddings, overrides, isolates, marks: U+202E turns text around) and the line and
# paragraph separators (they break a terminal line like a newline would).
_TERMINAL_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Zero-width characters: invisible; a name of only these is no name (issue 14).
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
_BLOCK_MARKUP = re.compile(r"<\s*(p|br|ul|ol|li)\b", re.IGNORECASE)


def strip_controls(text: str, *, newlines: bool = False) -> str:
    r"""Remove control characters (C0, C1, bidi controls) from already decoded text.

    Parameters
    ----------
    text : str
        Plain (decoded) text.
    newlines : bool
        Keep newlines and tabs (a story). Otherwise they become a space: a name, a kind
        or a link is one line.

    Returns
    -------
    str
        The text without a character that a terminal would act on.

    Examples
    --------
    >>> strip_controls("a\x1b[2Jb\u202ec\nd")
    'a[2Jbc d'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return _TERMINAL_CONTROL.sub("", text)


def plain_text(text: str) -> str:
    """Untrusted one-line text as plain text: tags removed, entities decoded, controls gone.

    For values that are never put into HTML unescaped, such as ids (issue 14: an id
    like ``sant'egidio`` stays as it was written, so ``safari stops approve`` finds it).

    Examples
    --------
    >>> plain_text("sant'egidio &#27;<b>x</b>")
    "sant'egidio x"
    """
    return strip_controls(html.unescape(_TEXT_CLEANER.clean(_CONTROL.sub("", text)))).strip()


def is_invisible(text: str) -> bool:
    """True when the text shows nothing: only spaces and zero-width characters."""
    return not _ZERO_WIDTH.sub("", text).strip()


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
    # Controls are removed AFTER decoding: "&#27;" must not come back as a raw ESC.
    plain = html.unescape(_TEXT_CLEANER.clean(_CONTROL.sub("", text)))
    plain = strip_controls(plain, newlines=True)
    return html.escape(plain, quote=True).translate(_TEMPLATE_LITERAL)


def sanitise_story(text: str) -> str:
    r"""Make an untrusted story safe to show in a map, keeping simple markup.

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
    >>> sanitise_story("Welkom!\n<strong>Koffie</strong> <script>alert(1)</script>")
    'Welkom!<br><strong>Koffie</strong> '
    """
    text = (
        strip_controls(_CONTROL.sub("", text), newlines=True)
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .strip()
    )
    if "\n" in text and not _BLOCK_MARKUP.search(text):
        paragraphs = [part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
        lines = [part.replace("\n", "<br>") for part in paragraphs]
        text = lines[0] if len(lines) == 1 else "".join(f"<p>{line}</p>" for line in lines)
    # nh3 writes "&#27;" back as the character itself: remove controls after it.
    return strip_controls(_STORY_CLEANER.clean(text), newlines=True).translate(_TEMPLATE_LITERAL)


class _PlainText(HTMLParser):
    """Collect the text of an HTML fragment; line breaks for ``br``, ``p`` and ``li``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002  HTMLParser's signature
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
    r"""Turn stored (sanitised) text back into plain text, for a terminal, GPX or CSV.

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
    'Café & co\n$5'
    """
    parser = _PlainText()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def tel_link(phone: str) -> str:
    """A phone number as a ``tel:`` link: ``06-12345678`` -> ``tel:0612345678`` ("" if none)."""
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if digits else ""
