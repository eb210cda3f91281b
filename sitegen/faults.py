"""Faults and refusals told as located problems: a disk that is full or read-only, a cache
that was ignored, a FIFO where a record belongs, a photo that does not decode whole.

The build (build.py) and the commands (cli.py) report these like record problems: which
path, and what to do about it.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from . import cache as C
from . import images
from .i18n import OS_REASONS_ZH
from .problems import ContentError, Problem


class BuildFault(ContentError, OSError):
    """A fault of the disk (full, read-only, unreadable) told as a located problem; still
    an OSError for callers that handle those, a ContentError for those that show problems."""

    def __init__(self, problems: list[Problem], err: OSError):
        ContentError.__init__(self, problems)
        self.errno, self.strerror, self.filename = err.errno, err.strerror, err.filename


def fault(err: OSError, output: Path | None = None) -> Problem:
    """A disk fault as a located problem: which path, and what to do about it."""
    import errno

    from .problems import problem
    path = str(err.filename or "")
    if output is not None:       # the staging folder is ours: name the output folder
        stage = f"{output.parent}{os.sep}.{output.name}.tmp-"
        if path.startswith(stage):
            path = str(output / path[len(stage):].partition(os.sep)[2])
    reason = err.strerror or type(err).__name__
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        code = "disk_full"
    elif err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        code = "read_only"
    else:
        code = "io_error"
    if err.errno == errno.ENOTDIR and output is not None and path == str(output):
        code = "output_not_folder"
    return problem(code, path or str(output or ""), path=path or str(output or ""), reason=reason,
                   reason_zh=_reason_zh(err.errno, reason))


@contextlib.contextmanager
def told(content: Path, output: Path, cache: Path):
    """Whatever a build raises, told as located problems with this build's cache notes:
    record problems (photos that do not open explained precisely), and a fault of the disk
    as a `BuildFault` that names the output path, not the staging folder."""
    C.reset_notes()
    try:
        yield
    except ContentError as err:
        err.problems = images.explain(err.problems, content) + _cache_notes(cache)
        raise
    except OSError as err:
        raise BuildFault([fault(err, output)] + _cache_notes(cache), err) from err


def _reason_zh(number: int | None, fallback: str) -> str:
    import errno
    return {getattr(errno, name): text for name, text in OS_REASONS_ZH.items()}.get(number, fallback)


def _cache_notes(cache: Path) -> list[Problem]:
    """One line for whatever was wrong with the cache this build (never an error)."""
    from .problems import WARNING, problem
    notes = []
    if C.rejected:
        first = sorted(set(C.rejected))[0]
        try:
            first = Path(first).relative_to(cache).as_posix()
        except ValueError:
            pass
        notes.append(problem("cache_ignored", str(cache), severity=WARNING, n=len(set(C.rejected)),
                             path=first, folder=str(cache)))
    if C.unwritable:
        where, reason, number = C.unwritable[0]
        notes.append(problem("cache_unwritable", where, severity=WARNING, path=where,
                             reason=reason, reason_zh=_reason_zh(number, reason)))
    C.reset_notes()
    return notes


RECORD_SUFFIXES = (".yaml", ".yml", ".md")


def special_problems(rels: list[str]) -> list[Problem]:
    """FIFOs, devices and sockets under content/: never read (a FIFO blocks for ever).
    Where a record belongs, it is an error (the record cannot be read); elsewhere a warning."""
    from .problems import ERROR, WARNING, problem
    return [problem("special_file", rel, severity=ERROR if rel.lower().endswith(RECORD_SUFFIXES)
                    else WARNING, path=rel) for rel in rels]


def _undecodable(county, refused: images.Refused) -> list[Problem]:
    """The problem `sitegen check` gives for a photo that opens but does not decode whole
    (truncated, header only): the same file, line and field, found the same way."""
    import datetime

    from .lint import lint_county
    from .problems import problem
    found = [p for p in lint_county(county, datetime.date.today())
             if p.code in ("image_undecodable", "image_invalid") or p.code == refused.code]
    if found:
        return images.explain(found, county.root)
    path = getattr(refused, "path", "")
    rel = next((r for r, a in county.images.items() if a == path), path)
    return [problem(refused.code if refused.code != "image_invalid" else "image_undecodable",
                    rel, path=rel, **refused.params)]
