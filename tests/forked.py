"""Real ``safari`` processes without starting Python each time: a fork server for tests.

The crash-safety tests need many real processes: each is killed with SIGKILL while it
writes, or runs at the same time as others. Starting Python and importing safari takes
about a second per process, more than the command itself. The server below imports
safari's command line once and forks a child for each command. Every child is a real,
separate process (its own pid, its own files, killed by a real SIGKILL), and runs the
command as ``python -m safari`` does: ``app(prog_name="safari")`` with the arguments.

The server is single-threaded, so forking it is safe (forking pytest itself is not: it
has threads). Its standard output carries only the answers to the test, one JSON line
per request; a child's standard output goes to ``/dev/null`` and its standard error to
a file the test reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

SERVER = r"""
import json, os, signal, sys, traceback

for name in sys.argv[1:]:
    __import__(name)
from safari.cli import app

codes = {}


def reap(pid, flags=0):
    if pid not in codes:
        done, status = os.waitpid(pid, flags)
        if done:
            codes[pid] = os.waitstatus_to_exitcode(status)
    return codes.get(pid)


def child(args, stderr):
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), 2)
        app(prog_name="safari", args=args)
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


for line in sys.stdin:
    request = json.loads(line)
    if "run" in request:
        pid = os.fork()
        if pid == 0:
            child(request["run"], request["stderr"])
        answer = pid
    elif "poll" in request:
        answer = reap(request["poll"], os.WNOHANG)
    elif "wait" in request:
        answer = reap(request["wait"])
    else:  # kill: was it still running when it was killed?
        pid = request["kill"]
        alive = reap(pid, os.WNOHANG) is None
        if alive:
            os.kill(pid, signal.SIGKILL)
        answer = [alive, reap(pid)]
    print(json.dumps(answer), flush=True)
"""


class Forker:
    """A server with safari imported that runs each command in a forked child."""

    def __init__(self, env: Mapping[str, str], preload: Sequence[str] = ()) -> None:
        self._server = subprocess.Popen(
            [sys.executable, "-c", SERVER, *preload],
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _ask(self, request: dict[str, object]) -> object:
        assert self._server.stdin is not None
        assert self._server.stdout is not None
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        return json.loads(self._server.stdout.readline())

    def run(self, args: Sequence[str], *, stderr: Path) -> Child:
        """Start ``safari ARGS`` in a new process; its standard error goes to ``stderr``."""
        stderr.write_bytes(b"")
        pid = self._ask({"run": list(args), "stderr": str(stderr)})
        assert isinstance(pid, int)
        return Child(self, pid, stderr)

    def close(self) -> None:
        """Stop the server (its children have all been waited for)."""
        assert self._server.stdin is not None
        self._server.stdin.close()
        self._server.wait(timeout=30)
        assert self._server.stdout is not None
        self._server.stdout.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Child:
    """One forked ``safari`` process."""

    def __init__(self, forker: Forker, pid: int, stderr: Path) -> None:
        self._forker, self.pid, self.stderr = forker, pid, stderr

    def poll(self) -> int | None:
        """Its exit code, or None while it runs."""
        code = self._forker._ask({"poll": self.pid})
        return code if isinstance(code, int) else None

    def wait(self) -> int:
        """Wait until it ends; its exit code (minus the signal number when killed)."""
        code = self._forker._ask({"wait": self.pid})
        assert isinstance(code, int)
        return code

    def kill(self) -> bool:
        """SIGKILL it and wait; whether it was still running when the signal was sent."""
        answer = self._forker._ask({"kill": self.pid})
        assert isinstance(answer, list)
        return bool(answer[0])

    def wait_for(self, text: str, *, timeout: float = 120) -> None:
        """Return as soon as its standard error shows ``text`` (fail if it ends first)."""
        deadline = time.monotonic() + timeout
        while text not in self.stderr.read_text(encoding="utf-8", errors="replace"):
            code = self.poll()
            if code is not None and text not in self.stderr.read_text(encoding="utf-8"):
                msg = f"the process ended ({code}) without {text!r}: {self.stderr.read_text()}"
                raise AssertionError(msg)
            if time.monotonic() > deadline:
                msg = f"no {text!r} after {timeout} s"
                raise AssertionError(msg)
            time.sleep(0.001)
