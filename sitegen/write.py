"""Write stage: put a finished build in place of the old one, all at once.

A build renders into a fresh folder beside the output (`.output.tmp-<pid>`), and only when
everything succeeded is that folder swapped in. On Linux the swap is one `renameat2`
call with RENAME_EXCHANGE, so there is no instant at which `output/` is missing or half
written, even if the process is killed; elsewhere it falls back to two renames. Leftover
temporary folders of killed builds are removed at the start of the next build.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux); False where the system cannot."""
    global _libc
    if os.name != "posix":
        return False
    try:
        if _libc is None:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = _libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def staging_dir(output: Path) -> Path:
    """A fresh, empty folder beside `output` to build into."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    stage = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    return stage


def clean_stale(output: Path) -> None:
    """Remove temporary folders left by builds that were killed."""
    for pattern in (f".{output.name}.tmp-*", f".{output.name}.old-*"):
        for path in output.parent.glob(pattern):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue   # another build is running right now
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(stage: Path, output: Path) -> None:
    """Make `stage` the new `output`; the old output is deleted afterwards."""
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise FileExistsError(f"{output} exists and is not a folder")
    if not output.exists():
        os.rename(stage, output)
        return
    if _exchange(stage, output):
        shutil.rmtree(stage, ignore_errors=True)   # stage now holds the old build
        return
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    os.rename(output, old)
    os.rename(stage, output)
    shutil.rmtree(old, ignore_errors=True)


def write_file(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        # An incremental build fills the stage with hard links to the published files:
        # writing into one in place would change the live output. Unlink, then write anew.
        os.unlink(path)
    except FileNotFoundError:
        pass
    path.write_bytes(data)


def link_file(src: Path, root: Path, rel: str) -> None:
    """Put `src` at `root/rel` as a hard link (a copy where links are impossible).

    Only for files that are never written in place afterwards (see `write_file`)."""
    path = root / rel
    try:
        os.link(src, path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(src, path)
    except FileExistsError:
        os.unlink(path)
        _link_or_copy(src, path)
    except OSError:
        shutil.copyfile(src, path)


def _link_or_copy(src: Path, path: Path) -> None:
    try:
        os.link(src, path)
    except OSError:
        shutil.copyfile(src, path)
