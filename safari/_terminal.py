"""The terminal, for the command line only: its consoles, plain lines, and errors as messages.

The library never prints (DESIGN): :mod:`safari.cli` and :mod:`safari.cli_stops` talk to the
terminal through these few functions.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from safari._errors import SafariError, WriteError
from safari.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

out = Console()
err = Console(stderr=True, soft_wrap=True)

OpenOption = Annotated[bool, typer.Option("--open", help=t("cli.opt.open_file"))]


@contextmanager
def for_people() -> Iterator[None]:
    """Turn errors into a plain message and an exit code; never a traceback for bad input."""
    try:
        yield
    except SafariError as exc:
        err.print(t("cli.error", message=exc.message), markup=False, highlight=False)
        for problem in exc.problems:
            err.print(f"- {problem}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    except OSError as exc:  # issue 14: a full disk or a read-only folder is no bug
        err.print(t("cli.error", message=write_error(exc).message), markup=False, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print(t("cli.interrupted"))
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: say so plainly, keep the details for a bug report
        if os.environ.get("SAFARI_DEBUG"):
            raise
        err.print(t("cli.bug", kind=type(exc).__name__, detail=str(exc)), markup=False)
        raise typer.Exit(2) from None


def say(text: str) -> None:
    """A plain line on standard output (no markup, no highlighting)."""
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def warn(text: str) -> None:
    """A warning for the organiser on standard error."""
    err.print(t("cli.warning", message=text), markup=False, highlight=False)


def open_file(path: Path) -> None:
    """Open ``path`` with the program the computer uses for it (browser, spreadsheet)."""
    typer.launch(str(path.resolve()))


#: errno -> the text key that explains it (issue 14: one place for every write failure).
_OS_TEXTS = {
    errno.ENOSPC: "os.disk_full",
    errno.EDQUOT: "os.disk_full",
    errno.EFBIG: "os.disk_full",
    errno.EROFS: "os.read_only",
    errno.EACCES: "os.read_only",
    errno.EPERM: "os.read_only",
    errno.ENOTDIR: "os.not_a_folder",
    errno.EEXIST: "os.not_a_folder",
}


def write_error(error: OSError, path: object = None) -> WriteError:
    """The plain Dutch explanation of an :class:`OSError` met while writing files.

    Parameters
    ----------
    error : OSError
        What the operating system said (``errno`` picks the sentence).
    path : object, optional
        The folder or file safari tried to write; by default the error's own file name.

    Returns
    -------
    WriteError
        A :class:`SafariError` for the command line (exit 1, no traceback).

    Examples
    --------
    >>> import errno
    >>> str(write_error(OSError(errno.ENOSPC, "No space left on device"), "kaarten"))[:44]
    'safari kan niet schrijven in kaarten: de sch'
    """
    where = path if path is not None else (error.filename or "?")
    key = _OS_TEXTS.get(error.errno or 0, "os.other")
    reason = error.strerror or type(error).__name__
    result = WriteError(t(key, path=str(where), reason=reason))
    result.__cause__ = error
    return result
