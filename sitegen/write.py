"""Write stage: put a finished build in place of the old one, all at once.

A build renders into a fresh folder beside the output (`.output.tmp-<pid>`), and only when
everything succeeded is that folder swapped in. On Linux the swap is one `renameat2`
call with RENAME_EXCHANGE, so there is no instant at which `output/` is missing or half
written, even if the process is killed.

Where that call does not exist (Windows, macOS, old kernels) or the file system refuses it
(FAT32/exFAT USB sticks, some network shares), the swap is two renames: output → `.old`,
stage → output. Between them `output/` is missing for an instant; a build killed right
there leaves the previous build in `.<output>.old-<pid>`, which the next build puts back
before anything else (`clean_stale`). If the second rename fails, the first is undone.

Unchanged files are taken from the previous output by hard link. FAT32/exFAT have no hard
links (`os.link` raises): the file is copied instead, and after the first refusal this
build stops trying. Leftover temporary folders of killed builds are removed at the start
of the next build.
"""
from __future__ import annotations

import ctypes
import errno
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
    if os.path.lexists(output) and not output.is_dir():      # told before any work is done
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    stage = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    return stage


def clean_stale(output: Path) -> None:
    """Remove temporary folders left by builds that were killed; first, if a build was
    killed between the two renames of the fallback swap, put the previous output back."""
    if not os.path.lexists(output):
        olds = sorted(output.parent.glob(f".{output.name}.old-*"), key=lambda p: p.stat().st_mtime)
        for old in reversed(olds):
            pid = old.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            os.rename(old, output)
            break
    for pattern in (f".{output.name}.tmp-*", f".{output.name}.old-*"):
        for path in output.parent.glob(pattern):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue   # another build is running right now
            shutil.rmtree(path, ignore_errors=True)


_WINDOWS = os.name == "nt"


def _alive(pid: int) -> bool:
    """Is process `pid` running? Never `os.kill(pid, 0)` on Windows: there it *terminates*
    the process (TerminateProcess with exit code 0) instead of probing it."""
    if _WINDOWS:
        return _alive_windows(pid, ctypes.windll.kernel32)   # type: ignore[attr-defined]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _alive_windows(pid: int, kernel32) -> bool:
    handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259
    finally:                                            # 259: STILL_ACTIVE
        kernel32.CloseHandle(handle)


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
    try:
        os.rename(stage, output)
    except BaseException:
        os.rename(old, output)        # undo: the previous output stays published
        raise
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


_NO_LINKS: set = set()     # devices (st_dev) whose file system refused a hard link


def link_file(src: Path, root: Path, rel: str) -> None:
    """Put `src` at `root/rel` as a hard link (a copy where links are impossible).

    Only for files that are never written in place afterwards (see `write_file`), and
    never for files of the cache (see build.py): only from one output to the next."""
    path = root / rel
    if _NO_LINKS and _dev(root) in _NO_LINKS:
        path.parent.mkdir(parents=True, exist_ok=True)
        _copy(src, path)
        return
    try:
        os.link(src, path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(src, root, path)
    except FileExistsError:
        os.unlink(path)
        _link_or_copy(src, root, path)
    except OSError:
        _no_links(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        _copy(src, path)


def _link_or_copy(src: Path, root: Path, path: Path) -> None:
    try:
        os.link(src, path)
    except FileNotFoundError:
        raise
    except OSError:
        _no_links(root)
        _copy(src, path)


def _dev(root: Path):
    try:
        return os.stat(root).st_dev
    except OSError:
        return None


def _no_links(root: Path) -> None:
    _NO_LINKS.add(_dev(root))


def _copy(src: Path, path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    shutil.copyfile(src, path)
