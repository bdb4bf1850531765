"""The stop columns: their names (Dutch, with aliases), kinds, statuses, limits and privacy.

One place for what a stop is made of. :data:`COLUMNS` is the order of the columns;
:func:`canonical_column` maps what a user wrote (``Name``, ``Lat``, ``verhaal (EN)``) to
it; :func:`is_public_column` is the whitelist of columns a public output may show:
contact fields, the submitter, the consent record and the review history are for
organisers only.
"""

from __future__ import annotations

import logging
import re
import unicodedata

log = logging.getLogger(__name__)

# --- columns ------------------------------------------------------------------------------

#: Output columns in this order (``verhaal_<taal>`` columns follow ``verhaal``).
COLUMNS = (
    "id",
    "naam",
    "soort",
    "verhaal",
    "foto",
    "audio",
    "website",
    "bezoekduur",
    "beschikbaar",
    "capaciteit",
    "gespreksvragen",  # issue 17: what the host would like to be asked (a story column)
    "rolstoel",
    "contactpersoon",
    "telefoon",
    "email",
    "status",
    "ingediend_door",
    "toestemming",
)
_NUMBER_COLUMNS = frozenset({"bezoekduur", "capaciteit"})
_COORDINATE_COLUMNS = ("lat", "lon", "x", "y")
_LINK_COLUMNS = ("foto", "audio", "website")
_RESERVED = frozenset({"geometry", "bron_rij"})

#: Column names people use (lower case, spaces and hyphens as ``_``) -> canonical name.
ALIASES: dict[str, str] = {
    **{name: name for name in (*COLUMNS, *_COORDINATE_COLUMNS, "adres")},
    "name": "naam",
    "kind": "soort",
    "category": "soort",
    "categorie": "soort",
    "story": "verhaal",
    "description": "verhaal",
    "beschrijving": "verhaal",
    "photo": "foto",
    "image": "foto",
    "afbeelding": "foto",
    "url": "website",
    "webadres": "website",
    "visit_minutes": "bezoekduur",
    "visit_duration": "bezoekduur",
    "duur": "bezoekduur",
    "opening_hours": "beschikbaar",
    "openingstijden": "beschikbaar",
    "availability": "beschikbaar",
    "capacity": "capaciteit",
    "questions": "gespreksvragen",
    "vragen": "gespreksvragen",
    "wheelchair": "rolstoel",
    "rolstoeltoegankelijk": "rolstoel",
    "contact": "contactpersoon",
    "contact_person": "contactpersoon",
    "phone": "telefoon",
    "telephone": "telefoon",
    "telefoonnummer": "telefoon",
    "e_mail": "email",
    "mail": "email",
    "submitted_by": "ingediend_door",
    "latitude": "lat",
    "breedtegraad": "lat",
    "longitude": "lon",
    "lng": "lon",
    "long": "lon",
    "lengtegraad": "lon",
    "address": "adres",
    "consent": "toestemming",
    "publicatie": "toestemming",
    "toestemming_publicatie": "toestemming",
}
_STORY_LANGUAGE = re.compile(r"^(?:verhaal|story)_([a-z]{2,3})$")

_STATUS = {
    "ingediend": "ingediend",
    "submitted": "ingediend",
    "goedgekeurd": "goedgekeurd",
    "approved": "goedgekeurd",
    "afgewezen": "afgewezen",
    "rejected": "afgewezen",
    "voorstel": "voorstel",
    "suggested": "voorstel",
    "suggestion": "voorstel",
    "ingetrokken": "ingetrokken",  # issue 10: the group took its stop back
    "withdrawn": "ingetrokken",
}
#: Kinds of venue (``soort``); other text is allowed and shown as ``overig``'s icon.
KINDS = (
    "migrantenorganisatie",
    "buurthuis",
    "gebedshuis",
    "bibliotheek",
    "ondernemer",
    "zorg",
    "sport",
    "school",
    "overig",
)
#: Kinds as people write them in English (issue 17) -> the Dutch kind.
KIND_ALIASES = {
    "migrant organisation": "migrantenorganisatie",
    "migrant organization": "migrantenorganisatie",
    "community centre": "buurthuis",
    "community center": "buurthuis",
    "place of worship": "gebedshuis",
    "mosque": "gebedshuis",
    "church": "gebedshuis",
    "library": "bibliotheek",
    "business": "ondernemer",
    "shop": "ondernemer",
    "entrepreneur": "ondernemer",
    "care": "zorg",
    "health": "zorg",
    "sports": "sport",
    "other": "overig",
}
#: Review statuses, in the order of the review.
STATUSES = ("voorstel", "ingediend", "goedgekeurd", "afgewezen", "ingetrokken")
_CONSENT_UNKNOWN = ("onbekend", "unknown", "?")  # issue 10: not stated, so no consent
_CONSENT = {
    **dict.fromkeys(("ja", "yes", "j", "y", "true", "1", "x", "waar", "akkoord"), True),
    **dict.fromkeys(("nee", "no", "n", "false", "0", "onwaar"), False),
    **dict.fromkeys(_CONSENT_UNKNOWN, False),
}

#: Columns that may appear in a public output (participant map, GPX, handout, public
#: export), besides ``verhaal_<taal>`` and the geometry. Everything else is internal.
PUBLIC_COLUMNS = COLUMNS[: COLUMNS.index("rolstoel") + 1]  # the first ones, up to rolstoel

# Limits that keep a hostile file from exhausting memory or time. A safari has tens of
# stops; these are far above any real stops file.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL_CHARS = 500_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # XLSX (a zip): all parts together, unpacked
MAX_PLAN_STOPS = 1_000  # issue 14: stops to route between (a matrix of n x n distances)
MAX_PHOTO_CHARS = 300_000  # a photo from the form, as a data: URL (about 200 kB)
_PHOTO_DATA_URL = re.compile(r"data:image/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}")
_WHEELCHAIR = {
    **dict.fromkeys(("ja", "yes", "j", "y", "true", "1", "wel"), "yes"),
    **dict.fromkeys(("beperkt", "limited", "deels", "gedeeltelijk"), "limited"),
    **dict.fromkeys(("nee", "no", "n", "false", "0", "niet"), "no"),
}

# The Netherlands, generously; RD New's usable range.
NL_LAT = (50.7, 53.7)
NL_LON = (3.2, 7.3)
RD_X = (0.0, 300_000.0)
RD_Y = (300_000.0, 625_000.0)


MAX_SLUG_CHARS = 60  # an id made from a name is cut at a word before this


def canonical_column(name: str) -> str | None:
    """Canonical Dutch column name for a column as the user wrote it, or ``None``.

    Case and surrounding spaces are ignored; spaces and hyphens inside count as ``_``
    (``"Visit minutes"`` -> ``bezoekduur``, ``"Story_EN"`` -> ``verhaal_en``).
    """
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name)  # "verhaal_ar (Arabisch)", issue 17
    key = re.sub(r"[\s\-]+", "_", name.strip().casefold())
    if key in ALIASES:
        return ALIASES[key]
    match = _STORY_LANGUAGE.match(key)
    return f"verhaal_{match.group(1)}" if match else None


def slug(name: str) -> str:
    """A short id made from a name: ``Buurthuis De Brug`` -> ``buurthuis-de-brug``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > MAX_SLUG_CHARS:
        text = text[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    return text or "plek"


def is_public_column(name: str) -> bool:
    """True for a column that may be published (whitelist): see :data:`PUBLIC_COLUMNS`."""
    return name in PUBLIC_COLUMNS or name == "geometry" or bool(_PUBLIC_STORY.match(name))


_PUBLIC_STORY = re.compile(r"^verhaal_[a-z]{2,3}$")
