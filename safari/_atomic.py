"""Write a file so that readers see the whole old or the whole new version, never a part."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["atomic_folder", "atomic_path", "atomic_write", "remove_stale", "temp_prefix"]

# Issue 14: a temporary name holds the writer's process id, so the next run can tell a
# leftover of a killed run (its process is gone) from a file another run is writing now.
_TMP_MARK = ".safari-tmp-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its files alone
    return True


def remove_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove temporary files and folders left in ``folder`` by a run that was killed.

    Only names made here (``.<name>.safari-tmp-<pid>-…``) whose process no longer runs
    are removed; the files of a run that is still writing stay. Returns what was removed.
    """
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        head, mark, rest = entry.name.partition(_TMP_MARK)
        if not mark or not head.startswith("."):
            continue
        pid_text = rest.split("-", 1)[0]
        if not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def temp_prefix(final: Path) -> str:
    """The start of a temporary name beside ``final`` that :func:`remove_stale` knows."""
    return f".{final.name}{_TMP_MARK}{os.getpid()}-"


@contextlib.contextmanager
def atomic_folder(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success its files move into ``target``.

    Everything is written into the temporary folder first; only when all of it is written
    are the files moved (``os.replace``, on the same disk) into ``target``. A full disk or
    any other error while writing leaves ``target`` as it was (no partial set of files)
    and removes the temporary folder. Leftovers of a killed run are removed first.
    """
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(final.parent)
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(final), dir=final.parent))
    try:
        yield tmp
        final.mkdir(exist_ok=True)
        _move_into(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _sync_folder(final)


def _move_into(source: Path, target: Path) -> None:
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and not entry.is_symlink():
            destination.mkdir(exist_ok=True)
            _move_into(entry, destination)
        else:
            entry.replace(destination)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    The temporary file is flushed to disk (``fsync``) before ``os.replace`` and the folder
    is synced after it, so a crash or ``SIGKILL`` at any moment leaves either the old file
    or the new one. On an error the temporary file is removed and ``target`` is untouched.
    """
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(final.parent)  # issue 14: a killed run's copy (maybe with contact details)
    fd, name = tempfile.mkstemp(prefix=temp_prefix(final), suffix=".tmp", dir=final.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(final.parent)


def atomic_write(target: str | os.PathLike[str], data: bytes, *, mode: int = 0o644) -> Path:
    """Write ``data`` to ``target`` atomically (see :func:`atomic_path`); return the path."""
    with atomic_path(target, mode=mode) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
