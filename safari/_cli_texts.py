"""The command line's own texts (click inside typer) in the user's language.

typer carries its own copy of click, whose texts ("Usage:", "Show this message and exit.",
"Error: Missing option ...") are English literals, and typer asks ``gettext`` for a few
more ("Options", "default: {default}"). :func:`install` puts the organiser catalogue's
``click.*`` texts in their place: typer's ``gettext`` calls are answered from the
catalogue, the help page and usage line are translated as they are made, and errors are
shown by our own ``show``. Only ``safari.cli`` calls it.
"""

from __future__ import annotations

import contextlib
import re
from functools import cache
from typing import IO, TYPE_CHECKING, Any

from safari.i18n import TEXTS, language, raw, set_language, use_language

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer._click.core import Command, Context
    from typer._click.exceptions import ClickException, UsageError
    from typer.core import TyperArgument, TyperOption

__all__ = [
    "choose_language",
    "event_language",
    "install",
    "language_list",
    "quiet_other_programs",
    "translate_help",
    "translate_message",
]

_installed = False
_language_given = False


def early_language(argv: list[str]) -> None:
    """``--language`` before the CLI's help texts are made, so ``--help`` is one language."""
    from safari._errors import SafariError

    for i, arg in enumerate(argv[1:], start=1):
        value = arg.split("=", 1)[1] if arg.startswith("--language=") else None
        if arg == "--language" and i + 1 < len(argv):
            value = argv[i + 1]
        if value:
            with contextlib.suppress(SafariError):  # the option says so, in the callback
                set_language(value)
            return


def choose_language(code: str | None) -> None:
    """``--language``: for the rest of the run (a SafariError names the known ones)."""
    global _language_given  # noqa: PLW0603  one setting for the whole run
    set_language(code)
    _language_given = code is not None


def event_language(code: str | None) -> None:
    """The event file's ``taal`` is the default; ``--language`` wins."""
    if code and not _language_given:
        set_language(code)


def language_list(text: str | None) -> tuple[str, ...]:
    """``nl,ar`` -> ``("nl", "ar")``; each must have a catalogue."""
    if not text:
        return ()
    codes = tuple(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    for code in codes:
        with use_language(code):  # says which languages exist when one does not
            pass
    return codes


def quiet_other_programs() -> None:
    """No log lines or warnings of other packages (they are English) without --verbose."""
    import logging
    import warnings

    logging.basicConfig(level=logging.CRITICAL + 1)
    logging.captureWarnings(capture=True)
    warnings.simplefilter("ignore")


@cache
def _english_to_key() -> dict[str, str]:
    """``{English text: key}`` of every ``click.*`` entry."""
    return {TEXTS[key][1]: key for key in TEXTS if key.startswith("click.")}


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each English text with placeholders as a pattern, longest first."""
    out = []
    for english, key in _english_to_key().items():
        if "{" not in english:
            continue
        pattern = re.escape(english)
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", pattern)
        out.append((re.compile(f"^{pattern}$", re.DOTALL), key))
    return sorted(out, key=lambda item: -len(item[0].pattern))


def _dutch() -> bool:
    return language() != "en"


def _text(key: str, **values: object) -> str:
    return raw(key).format(**values)


def gettext(message: str) -> str:
    """Typer's ``gettext``: the catalogue's text for one of click's English texts."""
    if not _dutch():
        return message
    key = _english_to_key().get(message)
    return raw(key) if key else message


_METAVARS = {
    "str": "click.metavar.text",
    "text": "click.metavar.text",
    "int": "click.metavar.integer",
    "integer": "click.metavar.integer",
    "float": "click.metavar.float",
    "path": "click.metavar.path",
    "file": "click.metavar.file",
}


def translate_help(text: str) -> str:
    """A help page or usage line made by click, in the user's language."""
    if not _dutch():
        return text
    text = text.replace("Usage: ", raw("click.usage") + " ")
    text = text.replace("[OPTIONS]", raw("click.options_metavar"))
    text = text.replace("COMMAND [ARGS]...", raw("click.command_metavar"))
    text = text.replace("[ARGS]...", raw("click.command_metavar").split(" ", 1)[-1])
    for heading, key in (
        ("Options", "click.options"),
        ("Arguments", "click.arguments"),
        ("Commands", "click.commands"),
    ):
        text = re.sub(rf"(?m)^{heading}:$", raw(key) + ":", text)
    return text


def _inner(message: str) -> str:
    """The reason typer gives for a bad value, in plain words."""
    if "valid integer" in message:
        return raw("click.not_integer")
    if "valid number" in message or "valid float" in message:
        return raw("click.not_number")
    if re.search(r"\b(should|valid|does not|is not|must|cannot|exist)\b", message):
        return raw("click.value_hint")
    return message


def translate_message(exc: ClickException) -> str:
    """The message of one of click's errors, in the user's language."""
    from typer._click import exceptions as errors

    message = exc.format_message()
    if not _dutch():
        return str(message)
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None)
    if hint is None and param is not None:
        hint = param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(str(h) for h in hint)
    if isinstance(exc, errors.MissingParameter):
        kind = getattr(exc, "param_type", None) or (param.param_type_name if param else "")
        key = {"option": "click.missing_option", "argument": "click.missing_argument"}.get(
            str(kind), "click.missing_parameter"
        )
        return _text(key, name=hint or "")
    if isinstance(exc, errors.NoSuchOption):
        text = _text("click.no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += " " + _text("click.possible_options", names=", ".join(exc.possibilities))
        return text
    if isinstance(exc, errors.BadParameter):
        if hint:
            return _text("click.invalid_value", name=hint, message=_inner(str(exc.message)))
        return _text("click.invalid_value_plain", message=_inner(str(exc.message)))
    for pattern, key in _patterns():
        found = pattern.match(str(message))
        if found:
            return _text(key, **found.groupdict())
    return str(message)


def _show_usage_error(self: UsageError, file: IO[Any] | None = None) -> None:
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    file = file or get_text_stderr()
    color = None
    if self.ctx is not None:
        color = self.ctx.color
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            command = f"{self.ctx.command_path} {self.ctx.help_option_names[0]}"
            hint = (
                _text("click.try_help", command=command)
                if _dutch()
                else (f"Try '{command}' for help.")
            )
        echo(f"{self.ctx.get_usage()}\n{hint}\n", file=file, color=color)
    echo(_error_line(self), file=file, color=color)


def _show_error(self: ClickException, file: IO[Any] | None = None) -> None:
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    echo(_error_line(self), file=file or get_text_stderr(), color=self.show_color)


def _error_line(exc: ClickException) -> str:
    message = translate_message(exc)
    return _text("click.error", message=message) if _dutch() else f"Error: {message}"


def _wrap_text(method: Callable[..., str]) -> Callable[..., str]:
    def wrapped(*args: object, **kwargs: object) -> str:
        return translate_help(method(*args, **kwargs))

    wrapped.__wrapped__ = method  # type: ignore[attr-defined]
    return wrapped


def _type_name(text: str) -> str:
    """``<int>`` -> ``<getal>``, ``<path>`` -> ``<bestand>``."""
    if not _dutch():
        return text
    text = re.sub(r"list\[(\w+)\]", r"\1...", text)
    return re.sub(
        r"\b(str|text|int|integer|float|path|file)\b",
        lambda m: raw(_METAVARS[m.group(1).lower()]),
        text,
        flags=re.IGNORECASE,
    )


#: Argument names (Python identifiers) as the help shows them in Dutch.
_ARGUMENTS = {"source": "BESTAND", "files": "BESTANDEN", "ids": "ID", "file": "BESTAND"}


def _argument_name(self: TyperArgument) -> str:
    if self.metavar is not None:
        return str(self.metavar)
    if _dutch() and self.name in _ARGUMENTS:
        return _ARGUMENTS[self.name]
    return str(self.name)


def _wrap_type(method: Callable[..., str | None]) -> Callable[..., str | None]:
    def wrapped(*args: object, **kwargs: object) -> str | None:
        found = method(*args, **kwargs)
        return _type_name(found) if found else found

    return wrapped


def install(argv: list[str] | None = None) -> None:
    """Answer click's and typer's texts from the catalogue (once per process).

    With ``argv``, a ``--language`` in it is chosen now, before the help texts are made.
    """
    global _installed  # noqa: PLW0603  click's texts are patched once a process
    if argv is not None:
        early_language(argv)
    if _installed:
        return
    _installed = True
    import typer.core
    import typer.rich_utils
    from typer._click import core, exceptions

    # typer looks its texts up through a module-level `_`; it is not part of its typed API.
    setattr(typer.core, "_", gettext)  # noqa: B010  mypy: not typed API (see above)
    setattr(typer.rich_utils, "_", gettext)  # noqa: B010  mypy: not typed API (see above)
    # typer has no public hook for the type names in its help (`<int>` -> `<getal>`).
    parameter = typer.core._TyperParameter  # noqa: SLF001  see the line above
    parameter.display_type = _wrap_type(  # type: ignore[method-assign,assignment]
        parameter.display_type
    )
    typer.core.TyperArgument.display_name_raw = property(_argument_name)  # type: ignore[method-assign,assignment]
    core.Context.get_usage = _wrap_text(core.Context.get_usage)  # type: ignore[method-assign]
    core.Context.get_help = _wrap_text(core.Context.get_help)  # type: ignore[method-assign]
    exceptions.ClickException.show = _show_error  # type: ignore[method-assign]
    exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]

    original = core.Command.get_help_option

    def get_help_option(self: Command, ctx: Context) -> TyperOption | None:
        option = original(self, ctx)
        if option is not None and _dutch():
            option.help = raw("click.help")
        return option

    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
