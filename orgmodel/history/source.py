"""One entry point for every history source: a repository, a log file, a ``gh`` export, or bytes.

Refusals name what is wrong (`InputError`, exit status 2 in the CLI): a binary file, another
tool's output, a file over the size cap, a path that is not a repository, an empty repository, a
shallow clone (its oldest commits lie about their parents), a log cut in the middle of a commit.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from orgmodel.errors import InputError
from orgmodel.history.flows import Changes, classify
from orgmodel.history.ghexport import looks_like_gh_export, read_gh_export
from orgmodel.history.gitlog import read_log_chunks
from orgmodel.history.people import Mailmap, resolve_people

__all__ = [
    "GIT_LOG_ARGS",
    "GIT_TIMEOUT_SECONDS",
    "MAX_LOG_BYTES",
    "MAX_UPLOAD_BYTES",
    "read_history",
    "read_history_bytes",
]

GIT_LOG_ARGS = ("log", "--format=fuller", "--date=iso-strict", "--parents", "--no-decorate", "--no-color",
                "--no-show-signature", "--encoding=UTF-8")
MAX_LOG_BYTES = 2 << 30
"""Largest log file the CLI reads (2 GiB; a million commits with messages is about 0.5 GiB)."""
MAX_UPLOAD_BYTES = 200 << 20
"""Largest log or export the app accepts as an upload (200 MiB)."""
GIT_TIMEOUT_SECONDS = 600.0
_READ_BYTES = 4 << 20


def _check_head(head: bytes, source: str) -> str:
    """``log`` or ``gh`` from the first bytes, else a refusal naming what was found."""
    if b"\x00" in head:
        raise InputError(["a binary file (it holds NUL bytes), not a text log; expected the output of "
                          "`git log --format=fuller --date=iso-strict --parents` or a `gh pr list` JSON export"],
                         source)
    if looks_like_gh_export(head):
        return "gh"
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    if not text.strip():
        raise InputError(["empty: no commits in it"], source)
    if not text.startswith("commit "):
        first = text.splitlines()[0][:80]
        raise InputError([f"line 1 is {first!r}: not git's log format; expected 'commit <sha> <parents>' "
                          "as `git log --format=fuller --date=iso-strict --parents` prints it"], source)
    return "log"


def _pieces(stream: BinaryIO, first: bytes) -> Iterator[bytes]:
    yield first.removeprefix(b"\xef\xbb\xbf")
    while block := stream.read(_READ_BYTES):
        yield block


def _from_stream(stream: BinaryIO, source: str, mailmap: Mailmap | None, exclude: tuple[str, ...]) -> Changes:
    head = stream.read(_READ_BYTES)
    kind = _check_head(head[:8192], source)
    if kind == "gh":
        rest = head + stream.read()
        return read_gh_export(rest.decode("utf-8", errors="replace"), source, mailmap, exclude)
    log = read_log_chunks(_pieces(stream, head), source)
    if len(log) > 1 and not log.parents.any():
        raise InputError([f"none of its {len(log):,} commits has a parent: the log was made without --parents; "
                          "run `git log --format=fuller --date=iso-strict --parents`"], source)
    return classify(log, resolve_people(log.identities, mailmap, exclude))


def read_history_bytes(data: bytes, source: str, mailmap: Mailmap | None = None,
                       exclude: tuple[str, ...] = (), max_bytes: int = MAX_UPLOAD_BYTES) -> Changes:
    """A log or export held in memory (an upload), refused over ``max_bytes``."""
    if len(data) > max_bytes:
        raise InputError([f"{len(data):,} bytes is over the {max_bytes:,}-byte cap for a history upload"], source)
    import io

    return _from_stream(io.BytesIO(data), source, mailmap, exclude)


def _git(path: Path, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(path), *args], capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise InputError(["git is not installed: give a log file made by `git log --format=fuller "
                          "--date=iso-strict --parents` instead"], str(path)) from None
    except subprocess.TimeoutExpired:
        problem = f"`git {' '.join(args)}` took over {timeout:g} s; give a log file instead"
        raise InputError([problem], str(path)) from None


def _read_repository(path: Path, mailmap: Mailmap | None, exclude: tuple[str, ...], timeout: float) -> Changes:
    inside = _git(path, "rev-parse", "--is-inside-work-tree", "--is-bare-repository")
    if inside.returncode != 0:
        raise InputError(["not a git repository (git rev-parse refused it); give a repository or a log file"],
                         str(path))
    shallow = _git(path, "rev-parse", "--is-shallow-repository").stdout.strip()
    if shallow == b"true":
        raise InputError(["a shallow clone: its oldest commits have no parents, so times to land would be wrong; "
                          "run `git fetch --unshallow` first"], str(path))
    if _git(path, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        raise InputError(["an empty repository: no commits yet"], str(path))
    done = _git(path, *GIT_LOG_ARGS, timeout=timeout)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()[:1]
        raise InputError([f"git log failed: {message[0] if message else done.returncode}"], str(path))
    import io

    return _from_stream(io.BytesIO(done.stdout), str(path), mailmap, exclude)


def read_history(path: str | Path, mailmap: Mailmap | None = None, exclude: tuple[str, ...] = (),
                 max_bytes: int = MAX_LOG_BYTES, timeout: float = GIT_TIMEOUT_SECONDS) -> Changes:
    """Reviewed changes of a repository (``git log`` run with ``timeout`` seconds), a log file or a gh export."""
    p = Path(path)
    if p.is_dir():
        return _read_repository(p, mailmap, exclude, timeout)
    if not p.is_file():
        raise InputError(["no such file or directory"], str(path))
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError([f"{size:,} bytes is over the {max_bytes:,}-byte cap for a log file"], str(path))
    with p.open("rb") as stream:
        return _from_stream(stream, p.name, mailmap, exclude)
