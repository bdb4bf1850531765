"""Maintenance of the translation catalogues in ``safari/locale`` (not used at run time).

Commands (``python -m safari._i18n_tools COMMAND``):

``migrate [FILE ...]``
    Move ``"key": ("Nederlands", "English")`` entries still found in a ``TEXTS = {...}``
    dict into the catalogues, then remove that dict from the file. Without FILE it reads
    ``safari/i18n.py`` (where merged branches add their texts). An entry that was moved
    before, unchanged (see ``locale/migrated-texts.json``), is skipped, so an old copy of a
    text that was rewritten since cannot undo the rewrite. A changed Dutch text marks the
    other languages' translation as *fuzzy* (to be checked), as ``msgmerge`` does. Plural
    entries are written ``"key": (("1 stop", "{n} stops"), ("1 stop", "{n} stops"))``.
    ``--domain participants|organiser`` overrides the domain chosen from the key.
    ``--keep`` leaves the dict in the file. ``--dry-run`` writes nothing.
``compile``
    Write every ``.mo`` from its ``.po`` (and Dutch from the ``.pot``).
``check``
    Report missing or untranslated entries and placeholder mismatches; exit 1 if any.

Catalogue design: Dutch is the source language, so each domain has a template
``locale/DOMAIN.pot`` whose ``msgid`` is the Dutch text and whose ``msgctxt`` is the key
used in the code (``t("map.navigate")``); each other language has
``locale/LANG/LC_MESSAGES/DOMAIN.po``. The Dutch ``.mo`` is compiled from the ``.pot``.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import string
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from babel.messages.catalog import Catalog, Message

__all__ = [
    "DOMAINS",
    "LOCALE",
    "compile_all",
    "domain_of",
    "find_texts",
    "migrate",
    "placeholders",
    "problems",
]

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LEDGER = LOCALE / "migrated-texts.json"

#: participants: what participants, hosts and volunteers see; organiser: the CLI, errors.
DOMAINS = ("participants", "organiser")
#: Languages shipped per domain besides Dutch (the source).
LANGUAGES: dict[str, tuple[str, ...]] = {
    "participants": ("en", "ar", "tr"),
    "organiser": ("en",),
}
#: Translations that a native speaker has not checked yet (said in the PO header too).
AWAITING_REVIEW = ("ar", "tr")

_PUBLIC_PREFIXES = (
    "map.",
    "handout.",
    "form.",
    "template.",
    "time.",
    "sheet.",
    "sheets.",
    "host.",
    "hosts.",
    "page.",
    "leader.",
    "public.",
    "number.",
    "outputs.index.",
)
#: Keys with a public prefix that only the organiser reads (errors, terminal messages).
_ORGANISER_KEYS = frozenset(
    {
        "form.no_streets",
        "form.privacy_missing",
        "form.privacy_part.organiser",
        "form.privacy_part.contact",
        "form.privacy_part.keep_days",
        "form.bad_keep_days",
        "handout.bad_url",
        "handout.no_weasyprint",
        "template.event_without_network",
        "template.no_named_street",
        "handout.no_pdf",
        "map.unknown_basemap",
        "map.npm_missing",
        "map.asset_download_failed",
        "map.asset_bad_hash",
    }
)

#: Translator comments for placeholders (``#. {name}: ...``).
PLACEHOLDER_NOTES: dict[str, str] = {
    "accepted": "the values safari accepts",
    "arrive": "arrival time, like 14:05",
    "budget": "a number of minutes",
    "canonical": "the column name safari uses",
    "catalogue": "a file name (the list of all stops)",
    "changeover": "a number of minutes",
    "choices": "the choices, joined by 'of'",
    "close": "ids that look like the one typed",
    "column": "a column name or number",
    "columns": "column names",
    "count": "a number",
    "crs": "a coordinate system code",
    "day": "a date",
    "depart": "departure time, like 14:25",
    "detail": "a technical detail (often English)",
    "earliest": "a time, like 14:00",
    "end": "a time, like 16:30",
    "example": "an example value",
    "file": "a file name",
    "file_box": "a file name",
    "first": "a value",
    "fits": "a number",
    "fix": "advice how to fix it",
    "folder": "a folder name",
    "found": "what safari found",
    "group": "the group's name, like 'Groep 1'",
    "groups": "a number of groups",
    "high": "a number",
    "hint": "a hint",
    "hours": "a number of hours",
    "id": "the stop's id (do not translate)",
    "ids": "stop ids (do not translate)",
    "kb": "a size in kilobytes",
    "key": "a setting's name (do not translate)",
    "kind": "a kind of place, or an error's name",
    "km": "a distance in kilometres, like 2,4",
    "lat": "latitude, a number",
    "lat_column": "a column name",
    "layer": "a map layer's name",
    "layers": "map layer names",
    "length": "a number of characters",
    "letter": "a letter",
    "limit": "a number",
    "line": "a line number",
    "lon": "longitude, a number",
    "lon_column": "a column name",
    "low": "a number",
    "margin": "a number of minutes",
    "message": "a message (already translated)",
    "meters": "a distance in metres",
    "minutes": "a number of minutes",
    "missing": "what is missing",
    "n": "the number that chooses the plural form",
    "name": "the stop's name",
    "names": "stop names",
    "need": "a number",
    "new": "a value",
    "number": "the stop's number on the route",
    "option": "a command-line option (do not translate)",
    "other": "a value",
    "others": "stop ids",
    "path": "a file name",
    "present": "what is there",
    "problem": "a problem (already translated)",
    "reason": "a reason typed by the organiser",
    "row": "a row number",
    "rows": "row numbers",
    "second": "a value",
    "size": "a size",
    "spec": "a software package name (do not translate)",
    "start": "a time, like 14:00",
    "status": "a status word",
    "stop": "the stop's name",
    "stops": "a number of stops",
    "stops_box": "a file name",
    "suffix": "a file name ending, like .csv",
    "text": "a text",
    "tier": "a priority word",
    "time": "a time, like 14:05",
    "title": "the safari's title",
    "value": "the value that was typed",
    "version": "a version number",
    "visit": "a number of minutes",
    "walk": "a walking time (already translated)",
    "where": "file and row, like 'stops.csv, rij 3'",
    "windows": "opening times",
    "x": "a number",
    "x_column": "a column name",
    "y": "a number",
    "y_column": "a column name",
    "lang": "a language code",
    "organiser": "the organiser's name",
    "contact": "an e-mail address or phone number",
    "days": "a number of days",
    "street": "a street name",
    "address": "an address",
}

_READERS = {"participants": "participants, hosts and volunteers", "organiser": "the organiser"}
_HEADER_DATE = datetime(2026, 1, 1)  # noqa: DTZ001  fixed, so the files do not change on every run


_LANGUAGE_PAIR = 2  # a TEXTS entry: (Dutch, English)


def placeholders(text: str) -> list[str]:
    """The ``{fields}`` of a text, sorted (``{x:.1f}`` counts as ``x``)."""
    names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    return sorted(name.split(".")[0].split("[")[0] for name in names)


def domain_of(key: str) -> str:
    """The domain a new key goes to: participants for what they see, else organiser."""
    if key in _ORGANISER_KEYS:
        return "organiser"
    if key.startswith(_PUBLIC_PREFIXES):
        return "participants"
    return "organiser"


# --- reading TEXTS-style dicts ------------------------------------------------------------


def _texts_dict(node: ast.AST) -> ast.Dict | None:
    """The dict of a ``TEXTS = {...}`` (or ``TEXTS: ... = {...}``) statement, else None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target, value = node.target, node.value
    else:
        return None
    if isinstance(target, ast.Name) and target.id == "TEXTS" and isinstance(value, ast.Dict):
        return value
    return None


def find_texts(source: str) -> tuple[dict[str, Any], list[tuple[int, int]]]:
    """Every entry of every ``TEXTS = {...}`` dict literal in ``source``.

    Returns the entries and the (first, last) line numbers of each dict (1-based,
    inclusive, with the comment lines directly above it).
    """
    tree = ast.parse(source)
    entries: dict[str, Any] = {}
    spans: list[tuple[int, int]] = []
    lines = source.splitlines()
    for node in ast.walk(tree):
        value = _texts_dict(node)
        if value is None or not isinstance(node, ast.stmt):
            continue
        entries.update(ast.literal_eval(value))
        first = node.lineno
        while first > 1 and lines[first - 2].lstrip().startswith("#"):
            first -= 1
        spans.append((first, node.end_lineno or node.lineno))
    for key, pair in entries.items():
        if not (isinstance(key, str) and isinstance(pair, tuple) and len(pair) == _LANGUAGE_PAIR):
            msg = f"TEXTS entry {key!r}: expected (Dutch, English), got {pair!r}"
            raise ValueError(msg)
    return entries, spans


def _remove_spans(source: str, spans: list[tuple[int, int]]) -> str:
    lines = source.splitlines(keepends=True)
    for first, last in sorted(spans, reverse=True):
        del lines[first - 1 : last]
    return re.sub(r"\n{4,}", "\n\n\n", "".join(lines))


# --- catalogues -----------------------------------------------------------------------------


def _pot_path(domain: str) -> Path:
    return LOCALE / f"{domain}.pot"


def _po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def _mo_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.mo"


def _new_catalog(domain: str, lang: str | None) -> Catalog:
    from babel.messages.catalog import Catalog

    review = lang in AWAITING_REVIEW
    catalog = Catalog(
        locale=lang,
        domain=domain,
        project="safari",
        version="0.1",
        copyright_holder="the safari authors",
        msgid_bugs_address="",
        creation_date=_HEADER_DATE,
        revision_date=_HEADER_DATE,
        last_translator=(
            "AWAITING REVIEW BY A NATIVE SPEAKER (first version, not yet checked)"
            if review
            else "safari"
        ),
        language_team=f"{lang or 'nl'} <safari>",
        header_comment=(
            f"# safari: texts for {_READERS[domain]} ({domain}).\n"
            "# Source language: Dutch (nl). Keys are in msgctxt; do not change them."
            + (
                "\n# STATUS: awaiting review by a native speaker. Please check every entry."
                if review
                else ""
            )
        ),
    )
    catalog.fuzzy = False
    return catalog


def _read(path: Path, domain: str, lang: str | None) -> Catalog:
    from babel.messages.pofile import read_po

    if not path.exists():
        return _new_catalog(domain, lang)
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain=domain)
    catalog.creation_date = catalog.revision_date = _HEADER_DATE
    return catalog


def _write_po(catalog: Catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=False)
    data = buffer.getvalue()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def load_all() -> dict[str, dict[str | None, Any]]:
    """``{domain: {None: template, lang: catalog}}`` as stored."""
    out: dict[str, dict[str | None, Any]] = {}
    for domain in DOMAINS:
        out[domain] = {None: _read(_pot_path(domain), domain, None)}
        for lang in LANGUAGES[domain]:
            out[domain][lang] = _read(_po_path(lang, domain), domain, lang)
    return out


def _notes(nl: str | tuple[str, str]) -> list[str]:
    texts = nl if isinstance(nl, tuple) else (nl,)
    names = sorted({name for text in texts for name in placeholders(text)})
    return [
        f"{{{name}}}: {PLACEHOLDER_NOTES.get(name, 'filled in by safari; keep it as it is')}"
        for name in names
    ]


def _key_of(message: Message) -> str:
    return str(message.context)


def _find(catalog: Catalog, key: str) -> Message | None:
    for message in catalog:
        if message.id and message.context == key:
            return message
    return None


def _save_all(catalogs: Mapping[str, Mapping[str | None, Any]]) -> None:
    for domain, by_lang in catalogs.items():
        for lang, catalog in by_lang.items():
            _write_po(catalog, _pot_path(domain) if lang is None else _po_path(lang, domain))


def migrate(
    entries: Mapping[str, Any],
    *,
    domain: str | None = None,
    dry_run: bool = False,
    seen: Mapping[str, Any] | None = None,
) -> dict[str, list[str]]:
    """Move ``(nl, en)`` entries into the catalogues; return what happened, by kind.

    The ledger (``locale/migrated-texts.json``) keeps every version of every entry that was
    migrated (and ``seen``: older versions that must not come back); an entry equal to one
    of them is skipped.
    """
    ledger: dict[str, Any] = json.loads(LEDGER.read_text("utf-8")) if LEDGER.exists() else {}
    catalogs = load_all()
    report: dict[str, list[str]] = {"added": [], "changed": [], "skipped": [], "to_translate": []}
    for key, (nl_given, en_given) in entries.items():
        nl = tuple(nl_given) if isinstance(nl_given, (tuple, list)) else nl_given
        en = tuple(en_given) if isinstance(en_given, (tuple, list)) else en_given
        record = [
            list(nl) if isinstance(nl, tuple) else nl,
            list(en) if isinstance(en, tuple) else en,
        ]
        if record in ledger.get(key, []):
            report["skipped"].append(key)
            continue
        where = next((d for d in DOMAINS if _find(catalogs[d][None], key) is not None), None)
        chosen = domain or where or domain_of(key)
        if where is not None and where != chosen:  # moved to another domain
            for catalog in catalogs[where].values():
                old = _find(catalog, key)
                if old is not None:
                    catalog.delete(old.id, context=key)
            where = None
        old = _find(catalogs[chosen][None], key)
        if old is None:
            _add_entry(catalogs[chosen], key, nl, en, report=report)
        else:
            _update_entry(catalogs[chosen], key, nl, en, source_changed=old.id != nl, report=report)
        ledger.setdefault(key, []).append(record)
    for key, pair in (seen or {}).items():  # older versions of a text: never migrate them again
        older = [list(x) if isinstance(x, (tuple, list)) else x for x in pair]
        if older not in ledger.setdefault(key, []):
            ledger[key].insert(0, older)
    if not dry_run:
        _save_all(catalogs)
        LEDGER.write_text(
            json.dumps(dict(sorted(ledger.items())), ensure_ascii=False, indent=0) + "\n",
            "utf-8",
        )
        compile_all()
    return report


def _add_entry(
    catalogs: dict[str | None, Catalog],
    key: str,
    nl: str | tuple[str, str],
    en: str | tuple[str, str],
    *,
    report: dict[str, list[str]],
) -> None:
    """A new key: the Dutch text in the template, English filled in, the others to translate."""
    notes = _notes(nl)
    flags: set[str] = {"python-brace-format"} if notes else set()
    catalogs[None].add(nl, "", context=key, auto_comments=notes, flags=flags)
    for lang, catalog in catalogs.items():
        if lang is None:
            continue
        text = en if lang == "en" else ("", "") if isinstance(nl, tuple) else ""
        catalog.add(nl, text, context=key, auto_comments=notes, flags=flags)
        if lang != "en":
            report["to_translate"].append(f"{lang}:{key}")
    report["added"].append(key)


def _update_entry(
    catalogs: dict[str | None, Catalog],
    key: str,
    nl: str | tuple[str, str],
    en: str | tuple[str, str],
    *,
    source_changed: bool,
    report: dict[str, list[str]],
) -> None:
    """A known key: new texts; a translation of a changed Dutch text is marked fuzzy."""
    from babel.messages.catalog import Message

    notes = _notes(nl)
    flags: set[str] = {"python-brace-format"} if notes else set()
    for lang, catalog in catalogs.items():
        message = _find(catalog, key)
        string_: str | tuple[str, ...] | list[str] | None
        if lang == "en":
            string_ = en
        elif message is not None:
            string_ = message.string
        else:
            string_ = ("", "") if isinstance(nl, tuple) else ""
        fresh = Message(
            nl,
            "" if lang is None else string_,
            context=key,
            auto_comments=notes,
            flags=set(flags)
            | ({"fuzzy"} if source_changed and lang not in (None, "en") else set()),
        )
        if message is not None:
            catalog.delete(message.id, context=key)
        catalog[nl] = fresh  # stored under (id, context=key)
        if lang not in (None, "en") and source_changed:
            report["to_translate"].append(f"{lang}:{key}")
    report["changed"].append(key)


def move(keys: Iterable[str], domain: str) -> list[str]:
    """Move entries (with their translations) to ``domain``; return the keys moved."""
    catalogs = load_all()
    moved = []
    for key in keys:
        found = next(
            ((d, m) for d in DOMAINS if (m := _find(catalogs[d][None], key)) is not None), None
        )
        if found is None or found[0] == domain:
            continue
        where, source = found
        strings = {lang: _find(cat, key) for lang, cat in catalogs[where].items()}
        for catalog in catalogs[where].values():
            catalog.delete(source.id, context=key)
        for lang, catalog in catalogs[domain].items():
            old = strings.get(lang)
            empty = ("", "") if isinstance(source.id, tuple) else ""
            text = "" if lang is None else (old.string if old is not None else empty)
            catalog.add(
                source.id,
                text,
                context=key,
                auto_comments=source.auto_comments,
                flags=set(source.flags),
            )
        moved.append(key)
    _save_all(catalogs)
    compile_all()
    return moved


def dutch_catalog(domain: str) -> Catalog:
    """The Dutch catalogue of ``domain``: the template with msgstr = msgid."""
    from babel.messages.catalog import Catalog

    template = _read(_pot_path(domain), domain, None)
    dutch = Catalog(
        locale="nl", domain=domain, creation_date=_HEADER_DATE, revision_date=_HEADER_DATE
    )
    for message in template:
        if message.id:
            dutch.add(message.id, message.id, context=message.context)
    return dutch


def compile_all() -> list[Path]:
    """Write every ``.mo`` file; Dutch from the templates (msgstr = msgid)."""
    from babel.messages.mofile import write_mo

    written: list[Path] = []
    for domain in DOMAINS:
        by_lang = {"nl": dutch_catalog(domain)}
        for lang in LANGUAGES[domain]:
            by_lang[lang] = _read(_po_path(lang, domain), domain, lang)
        for lang, catalog in by_lang.items():
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            path = _mo_path(lang, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != buffer.getvalue():
                path.write_bytes(buffer.getvalue())
            written.append(path)
    return written


def _strings(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value or "",)


def problems(*, languages: Iterable[str] | None = None) -> list[str]:
    """Every missing, untranslated, fuzzy or mismatched entry, as readable lines."""
    out: list[str] = []
    wanted = set(languages) if languages is not None else None
    for domain in DOMAINS:
        template = _read(_pot_path(domain), domain, None)
        source = {_key_of(m): m for m in template if m.id}
        for lang in LANGUAGES[domain]:
            if wanted is not None and lang not in wanted:
                continue
            catalog = _read(_po_path(lang, domain), domain, lang)
            found = {_key_of(m): m for m in catalog if m.id}
            out.extend(
                f"{domain}/{lang}: {key} is not in the template"
                for key in sorted(set(found) - set(source))
            )
            for key, message in source.items():
                other = found.get(key)
                if other is None:
                    out.append(f"{domain}/{lang}: {key} is missing")
                    continue
                if other.id != message.id:
                    out.append(f"{domain}/{lang}: {key} translates an older Dutch text")
                if other.fuzzy:
                    out.append(f"{domain}/{lang}: {key} is fuzzy (check the translation)")
                strings = _strings(other.string)
                if message.pluralizable:
                    forms = catalog.num_plurals
                    if len(strings) != forms:
                        out.append(f"{domain}/{lang}: {key} needs {forms} plural forms")
                if not all(strings):
                    out.append(f"{domain}/{lang}: {key} is not translated")
                    continue
                expected = set(placeholders("".join(_strings(message.id))))
                # A plural form may leave out the number (Arabic "one" and "two" forms).
                optional = {"n", "count"} if message.pluralizable else set()
                for text in strings:
                    got = set(placeholders(text))
                    if got - expected or (expected - optional) - got:
                        out.append(
                            f"{domain}/{lang}: {key} has placeholders {sorted(got)},"
                            f" Dutch has {sorted(expected)}"
                        )
    return out


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m safari._i18n_tools")
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("migrate", help="move TEXTS entries into the catalogues")
    m.add_argument("files", nargs="*", type=Path, help="default: safari/i18n.py")
    m.add_argument("--domain", choices=DOMAINS)
    m.add_argument("--keep", action="store_true", help="leave the TEXTS dict in the file")
    m.add_argument("--dry-run", action="store_true")
    mv = sub.add_parser("move", help="move entries to another domain")
    mv.add_argument("domain", choices=DOMAINS)
    mv.add_argument("keys", nargs="+")
    sub.add_parser("compile", help="write the .mo files")
    sub.add_parser("check", help="report incomplete catalogues")
    args = parser.parse_args(argv)
    if args.command == "compile":
        for path in compile_all():
            print(path.relative_to(PACKAGE.parent))
        return 0
    if args.command == "move":
        for key in move(args.keys, args.domain):
            print(f"moved {key} to {args.domain}")
        return 0
    if args.command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)")
        return 1 if found else 0
    files = args.files or [PACKAGE / "i18n.py"]
    entries: dict[str, Any] = {}
    sources: dict[Path, tuple[str, list[tuple[int, int]]]] = {}
    for path in files:
        text = path.read_text("utf-8")
        found_entries, spans = find_texts(text)
        entries.update(found_entries)
        sources[path] = (text, spans)
    report = migrate(entries, domain=args.domain, dry_run=args.dry_run)
    if not args.keep and not args.dry_run:
        for path, (text, spans) in sources.items():
            if spans:
                path.write_text(_remove_spans(text, spans), "utf-8")
                print(f"removed the TEXTS dict from {path}")
    for kind, keys in report.items():
        print(
            f"{kind}: {len(keys)}" + (f" ({', '.join(keys)})" if keys and kind != "skipped" else "")
        )
    if report["to_translate"]:
        print("Translate these (or they show in Dutch): python -m safari._i18n_tools check")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
