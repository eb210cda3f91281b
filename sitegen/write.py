"""Write stage: the only code that touches the output folder.

A build is assembled in a folder beside the output (`.output.tmp-<pid>`, the *stage*) and
only when everything succeeded is that folder swapped in. On Linux the swap is one
`renameat2` call with RENAME_EXCHANGE, so there is no instant at which `output/` is missing
or half written, even if the process is killed.

Where that call does not exist (Windows, macOS, old kernels) or the file system refuses it
(FAT32/exFAT USB sticks, some network shares), the swap is two renames: output → `.old`,
stage → output. Between them `output/` is missing for an instant; a build killed right
there leaves the previous build in `.<output>.old-<pid>`, which the next build puts back
before anything else (`clean_stale`). If the second rename fails, the first is undone.

A write whose cost follows the change: the folder the swap moves out (the build before
the published one) is not deleted but kept as `.<output>.kept`, and the next build starts
from it, bringing it up to date with only what differs. Nothing in it is trusted: it is
input, checked file by file against the record this stage made when it wrote each file
(`Record`: the key the file was made from, its stat identity — mode, size, mtime, inode,
ctime — and its SHA-256). A file is reused only if its stat identity is the recorded one
(and, when it was written in the last seconds before the record was closed, if its bytes
hash to the recorded digest); anything else — edited, replaced by a symlink or a folder,
chmod'ed, deleted, added — is removed and written anew. What the kept folder lacks is
taken from the published folder (checked the same way) by hard link, or rendered. Links
only ever join two outputs of this stage, never the cache (whose files can change under
a published one), and a linked file is never written in place: `write_file` unlinks
first. FAT32/exFAT have no hard links (`os.link` raises): the file is copied instead, and
after the first refusal this build stops trying.

A failed build puts its stage back as the kept folder (it is checked file by file like
any); leftover folders of killed builds are removed at the start of the next build.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import io
import os
import pickle
import shutil
import stat as statmod
import time
from pathlib import Path

from . import beside

RACY_NS = 2_000_000_000      # written this close to the record's closing: check the bytes too
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = None
_UMASK = os.umask(0o022)
os.umask(_UMASK)
DIR_MODE = 0o777 & ~_UMASK


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


def kept_dir(output: Path) -> Path:
    return output.parent / f".{output.name}.kept"


def staging_dir(output: Path, reuse: bool = False) -> tuple[Path, bool]:
    """The folder to build into, beside `output`: the kept previous build when `reuse`
    and there is one (True), else a fresh empty folder (False)."""
    output = output.resolve()
    if os.path.lexists(output) and not output.is_dir():      # told before any work is done
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    stage = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if os.path.lexists(stage):
        _remove(stage)
    kept = kept_dir(output)
    if reuse and os.path.isdir(kept) and not os.path.islink(kept):
        try:
            os.rename(kept, stage)
            return stage, True
        except OSError:
            pass
    if os.path.lexists(kept):
        _remove(kept)
    stage.mkdir()
    return stage, False


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
            _remove(path)


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


def swap_in(stage: Path, output: Path, keep: Path | None = None) -> bool:
    """Make `stage` the new `output`. The old output is moved to `keep` (True), or deleted
    when `keep` is None or the move fails (False)."""
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise FileExistsError(f"{output} exists and is not a folder")
    if not output.exists():
        os.rename(stage, output)
        return False
    if _exchange(stage, output):
        old = stage                  # stage now holds the old build
    else:
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.rename(output, old)
        try:
            os.rename(stage, output)
        except BaseException:
            os.rename(old, output)        # undo: the previous output stays published
            raise
    if keep is not None:
        try:
            if os.path.lexists(keep):
                _remove(keep)
            os.rename(old, keep)
            return True
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)
    return False


def _remove(path: Path) -> None:
    """Delete a file, link or folder (a folder made unwritable by hand too)."""
    if os.path.isdir(path) and not os.path.islink(path):
        def unlock(fn, p, _exc):
            try:
                os.chmod(os.path.dirname(p), DIR_MODE)
                os.chmod(p, DIR_MODE) if os.path.isdir(p) and not os.path.islink(p) else None
                fn(p)
            except OSError:
                pass
        shutil.rmtree(path, onerror=unlock)
    else:
        try:
            os.unlink(path)
        except (FileNotFoundError, NotADirectoryError):     # (below a file: not there either)
            pass


def stamp(st: os.stat_result) -> tuple:
    """A file's stat identity: any write, chmod, rename onto it or replacement changes it
    (ctime is set by the kernel and cannot be set back by a user)."""
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def write_file(root: Path, rel: str, data: bytes | str) -> tuple[tuple, str]:
    """Write a new file at `root/rel` (whatever was there — file, link, folder — removed
    first, never written through); its stat identity and SHA-256.

    A new file, never an old one opened for writing: an old one may be a hard link to a
    published file, which writing into would change. The common case (nothing there yet,
    its folder made) costs one `open`; the rest is found from what `open` says."""
    path = os.path.join(root, rel)
    if isinstance(data, str):
        data = data.encode("utf-8")
    for attempt in range(4):
        try:
            fd = os.open(path, _FLAGS, 0o666)
            break
        except FileNotFoundError:                    # its folder is not there yet
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
            except (FileExistsError, NotADirectoryError, FileNotFoundError):
                _unblock(Path(root), rel)        # (a dangling link: FileNotFoundError)
        except NotADirectoryError:                   # a file where a folder of it belongs
            _unblock(Path(root), rel)
        except (FileExistsError, IsADirectoryError, OSError) as err:
            if attempt == 3 or not os.path.lexists(path):
                raise
            if isinstance(err, PermissionError) and not os.path.isdir(path):
                raise
            _remove(Path(path))                      # a file, a link or a folder: gone
    else:
        fd = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        st = os.fstat(fd)              # after the last write: the identity it keeps
    finally:
        os.close(fd)
    return stamp(st), hashlib.sha256(data).hexdigest()


def _unblock(root: Path, rel: str) -> None:
    """A file or link where a folder of `rel` belongs (a changed layout, or by hand): removed."""
    here = root
    for part in rel.split("/")[:-1]:
        here = here / part
        if os.path.lexists(here) and (os.path.islink(here) or not os.path.isdir(here)):
            os.unlink(here)
            return


def new_record() -> dict:
    return {"at": 0, "files": {}}


def _record(rec) -> tuple[int, dict]:
    """(closing time, files) of a record read back from the cache, or an empty one if
    it is not of the shape this stage writes (nothing read back is trusted)."""
    try:
        at, files = rec["at"], rec["files"]
        if isinstance(at, int) and isinstance(files, dict):
            return at, files
    except (TypeError, KeyError):
        pass
    return 0, {}


def _relinked(rec) -> tuple[int, frozenset]:
    """(closing time, paths) of the files a kept record's stage linked (see
    `Stage.kept_record`); none if not of that shape, so that they are checked against the
    record's own, earlier, closing time: hashed."""
    try:
        at, files = rec["relinked"]["at"], rec["relinked"]["files"]
        if isinstance(at, int) and isinstance(files, list) and all(isinstance(f, str) for f in files):
            return at, frozenset(files)
    except (TypeError, KeyError):
        pass
    return 0, frozenset()


def _sha(path: Path) -> str | None:
    try:
        with open(path, "rb", buffering=0) as f:
            h = hashlib.sha256()
            while chunk := f.read(1 << 20):
                h.update(chunk)
            return h.hexdigest()
    except OSError:
        return None


def _same(root: str, rel: str, entry, found: tuple | None, at: int) -> bool:
    """Is the file `root/rel` (stat identity `found`) provably the one `entry` records?"""
    try:
        _key, recorded, sha = entry
        if found is None or found != tuple(recorded) or not statmod.S_ISREG(found[0]):
            return False
        if found[4] >= at - RACY_NS:      # a change in the same clock tick would not show
            return isinstance(sha, str) and _sha(os.path.join(root, rel)) == sha
        return True
    except (TypeError, ValueError, IndexError):
        return False


SPLIT = ("homes", "media")     # the output's big folders, whose entries two halves share


def part_of(rel: str) -> int:
    """Which half of the output (`_walk`'s `part`) holds the file `rel`: an entry of a
    SPLIT folder by its name (beside.half), everything else the first."""
    head, sep, rest = rel.partition("/")
    if sep and head in SPLIT:
        name, _sep, _rest = rest.partition("/")
        return beside.half(name)
    return 0


def _walk(root: Path, part: int | None = None) -> tuple[dict[str, tuple], list[str], list[str]]:
    """(stat identity of every regular file, every folder, everything else) below `root`,
    never following a link; folders made unreadable or unwritable by hand are given back
    the mode a build makes them with, so that what is in them can be checked or replaced.

    `part` 0 or 1: only that half of it (`part_of`), for two processes to share the walk:
    both list the top and the SPLIT folders, each stats and descends into its entries."""
    files: dict[str, tuple] = {}
    dirs: list[str] = []
    odd: list[str] = []
    top = str(root)
    cut = len(top) + 1
    stack = [(top, 0)]        # (folder, 0: the top, 1: a SPLIT folder, 2: below an entry taken)
    while stack:
        d, level = stack.pop()
        try:
            it = os.scandir(d)
        except PermissionError:
            try:
                os.chmod(d, DIR_MODE)
                it = os.scandir(d)
            except OSError:
                continue
        except OSError:
            continue
        with it:
            for e in it:
                below = 2
                if part is not None and level < 2:
                    if level == 1:
                        if beside.half(e.name) != part:
                            continue
                    elif e.name in SPLIT and _is_folder(e):
                        below = 1                       # listed by both halves
                    elif part != 0:
                        continue
                rel = e.path[cut:].replace(os.sep, "/")
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    odd.append(rel)
                    continue
                if statmod.S_ISDIR(st.st_mode):
                    if statmod.S_IMODE(st.st_mode) != DIR_MODE:
                        try:
                            os.chmod(e.path, DIR_MODE)
                        except OSError:
                            pass
                    if below == 2 or part == 0:
                        dirs.append(rel)
                    stack.append((e.path, below))
                elif statmod.S_ISREG(st.st_mode):
                    files[rel] = stamp(st)
                else:
                    odd.append(rel)
    return files, dirs, odd


def _is_folder(entry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _identity(path) -> tuple | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if statmod.S_ISDIR(st.st_mode) else None


def walk_kept(output: Path) -> tuple | None:
    """(the kept folder's identity, then `_walk` of it), or None if there is no folder to
    walk there (a link is not one: `staging_dir` will not reuse it, nor is it followed)."""
    kept = kept_dir(Path(output).resolve())
    ident = _identity(kept)
    return None if ident is None else (ident, *_walk(kept))


class Stage:
    """The next output, assembled beside the published one and swapped in whole.

    `live` and `kept` are this stage's records (see `Record` above) of the published folder
    and of the kept one, as the last build left them; they are only ever believed for a
    file whose stat identity (or bytes) still match. `reuse(rel, key)` makes the stage hold
    the file made from `key` without making it again, where it provably can; `write` puts
    new bytes; `swap` deletes whatever nobody planned and publishes."""

    def __init__(self, output: Path, live: dict | None = None, kept: dict | None = None,
                 reuse: bool = True, walked=None):
        self.output = Path(output).resolve()
        self.live_at, self.live = _record(live or new_record())
        # `walked`: `walk_kept` started earlier, beside other work (beside.py); taken before
        # the kept folder is renamed, used only if the folder renamed is the one it walked
        walk = walked.result() if walked is not None else None
        self.root, self.reused = staging_dir(self.output, reuse)
        self._root, self._output = str(self.root), str(self.output)
        self.kept_at, self.kept = _record(kept or new_record()) if self.reused else (0, {})
        self.kept_relinked_at, self.kept_relinked = _relinked(kept) if self.reused else (0, frozenset())
        self.relinked: set[str] = set()        # published files this stage linked (ctime moved)
        self.closed_at = 0
        self.made: dict[str, tuple] = {}       # this build's record: rel -> (key, stamp, sha)
        self.found: dict[str, tuple] = {}
        self.dirs: list[str] = []
        self.linked = 0
        if self.reused:
            if walk is not None and walk[0] == _identity(self.root):
                _ident, self.found, self.dirs, odd = walk
            else:
                self.found, self.dirs, odd = _walk(self.root)
            # Links, devices, and files no record knows: never trusted, gone before any write.
            for rel in odd + [r for r in self.found if r not in self.kept]:
                _remove(self.root / rel)
                self.found.pop(rel, None)

    # ------------------------------------------------------------ filling

    def reuse(self, rel: str, key: str) -> bool:
        entry = self.kept.get(rel)
        at = self.kept_relinked_at if rel in self.kept_relinked else self.kept_at
        if entry is not None and entry[0] == key and \
                _same(self._root, rel, entry, self.found.get(rel), at):
            self.made[rel] = entry
            return True
        entry = self.live.get(rel)
        if entry is None or entry[0] != key:
            return False
        src = os.path.join(self._output, rel)
        try:
            found = stamp(os.lstat(src))
        except OSError:
            return False
        if not _same(self._output, rel, entry, found, self.live_at):
            return False
        src = Path(src)
        link_file(src, self.root, rel)
        new = stamp(os.lstat(self.root / rel))
        self.made[rel] = (key, new, entry[2])
        if new[3] == found[3]:          # a link: the published file's ctime moved with it
            self.live[rel] = (key, new, entry[2])
            self.relinked.add(rel)
        self.linked += 1
        return True

    def write(self, rel: str, key: str, data: bytes | str) -> None:
        st, sha = write_file(self.root, rel, data)
        self.made[rel] = (key, st, sha)

    def record(self, rel: str, key: str, written: tuple[tuple, str]) -> None:
        """A file a worker process wrote into the stage (`write_file`'s result)."""
        self.made[rel] = (key, *written)

    def carry(self, keep) -> int:
        """Take every published file for which `keep(rel)` holds, as it is (its record's key)."""
        n = 0
        live = self.live
        for rel in sorted(r for r in live if r not in self.made and keep(r)):
            if self.reuse(rel, live[rel][0]):
                n += 1
        return n

    def static(self, dirs: list[Path]) -> dict[str, str]:
        """Static assets (CSS, JS, icons) under `static/`: site overrides win over the
        defaults; links that lead out of a static folder are not followed (nothing from
        outside the site's folders is published). Keyed by their bytes."""
        sources: dict[str, str] = {}
        for d in reversed(dirs):
            top = d / "static"
            if not top.is_dir():
                continue
            real_top = os.path.realpath(top)
            for folder, subdirs, names in os.walk(top, followlinks=True):
                inside = [n for n in subdirs + names if os.path.commonpath(
                    [os.path.realpath(os.path.join(folder, n)), real_top]) == real_top]
                subdirs[:] = sorted(n for n in subdirs if n in inside)
                for name in sorted(n for n in names if n in inside):
                    path = os.path.join(folder, name)
                    rel = "static/" + Path(os.path.relpath(path, top)).as_posix()
                    sources[rel] = path
        out = {}
        for rel, path in sorted(sources.items()):
            with open(path, "rb") as f:
                data = f.read()
            sha = hashlib.sha256(data).hexdigest()
            out[rel] = sha
            if not self.reuse(rel, "static:" + sha):
                self.write(rel, "static:" + sha, data)
        return out

    # ------------------------------------------------------------ publishing

    def swap(self) -> dict:
        """Delete what nobody planned, publish the stage; the record of the new output."""
        needed = {""}
        for rel in self.made:              # every folder above a file made
            d = rel.rpartition("/")[0]
            while d not in needed:
                needed.add(d)
                d = d.rpartition("/")[0]
        for rel in self.found:             # (a file found where a folder is made now: kept)
            if rel not in self.made and rel not in needed:
                _remove(self.root / rel)
        for rel in sorted(self.dirs, key=len, reverse=True):
            if rel not in needed and rel not in self.made:
                _remove(self.root / rel)
        record = {"at": time.time_ns(), "files": self.made}
        self.closed_at = record["at"]
        self.kept_now = swap_in(self.root, self.output, kept_dir(self.output))
        return record

    def kept_record(self) -> dict | None:
        """After `swap`: the record of the folder now kept (the output published before).

        Its files that this stage linked were stamped again during this build, after the
        record's closing time: they are checked against this stage's closing instead
        (`relinked`), like the files it wrote, so that only those linked in its last
        seconds are hashed again, not every one (19,192 files after the site's title
        changed, at 100 counties)."""
        if not self.kept_now:
            return None
        rec = {"at": self.live_at, "files": self.live}
        if self.relinked:
            rec["relinked"] = {"at": self.closed_at, "files": sorted(self.relinked)}
        return rec

    def abort(self) -> None:
        """A failed build (the published output was never touched): the stage is kept for
        the next build, which checks every file in it anyway; deleted if it cannot be."""
        kept = kept_dir(self.output)
        try:
            if not os.path.lexists(kept):
                os.rename(self.root, kept)
                return
        except OSError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


def fingerprint(record: dict | None) -> dict:
    """What a no-op build checks the published folder against, small enough to read
    without the whole record: per half of the folder (`part_of`, the halves `intact`
    walks side by side) the number of files and a digest of their paths and stat
    identities, and the digests of the files written too close to the record's closing
    to trust by stat."""
    at, files = _record(record or new_record())
    racy = {}
    halves: tuple[list, list] = ([], [])
    for rel in sorted(files):
        _key, st, sha = files[rel]
        halves[part_of(rel)].append((rel, tuple(st)))
        if st[4] >= at - RACY_NS:
            racy[rel] = sha
    return {"at": at, "n": len(files), "racy": racy,
            "parts": [[len(pairs), _stats_digest(pairs)] for pairs in halves]}


def _stats_digest(pairs: list) -> str:
    """SHA-256 of (path, stat identity) pairs, pickled without a memo: the same bytes for
    the same values however the objects are shared (recorded, or found by `_walk`), at
    half the cost of hashing a text per file (76,815 files at 100 counties: 0.125 s ->
    0.07 s, made by every build that publishes and checked by every no-op)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True
    pickler.dump(pairs)
    return hashlib.sha256(buf.getbuffer()).hexdigest()


def intact(output: Path, print_: dict | None, fork: bool = False) -> bool:
    """Is the published folder exactly what its record says (a no-op build leaves it)?
    Every entry is stat-ed and compared (through `fingerprint`, half by half: the second
    half in a forked process when `fork`, see beside.py); links, devices, extra or missing
    files mean no.

    When files written just before the record was closed had to be checked by their
    bytes, the fingerprint is then dated now (`print_["at"]`, its `racy` emptied; the
    caller saves it): they are provably as recorded at this moment."""
    started = time.time_ns()
    try:
        n, racy = int(print_["n"]), dict(print_["racy"])
        parts = [(int(count), str(digest)) for count, digest in print_["parts"]]
    except (TypeError, KeyError, ValueError):
        return False
    if not n or len(parts) != 2:
        return False
    with beside.Beside(_half_print, output, 1, fork=fork) as other:
        if _half_print(output, 0) != parts[0] or other.result() != parts[1]:
            return False
    root = str(output)
    for rel, sha in racy.items():
        if not (isinstance(sha, str) and _sha(os.path.join(root, rel)) == sha):
            return False
    if racy:
        print_.update(at=started, racy={})
    return True


def _half_print(output: Path, part: int) -> tuple[int, str] | None:
    """(files, digest) of one half of the folder as `fingerprint` makes them; None if
    anything in it is not a folder or a regular file."""
    found, _dirs, odd = _walk(Path(output), part)
    if odd:
        return None
    return len(found), _stats_digest([(rel, found[rel]) for rel in sorted(found)])


def intact_print(output: Path, print_: dict | None, fork: bool = False) -> dict | None:
    """`intact` as a value: the fingerprint as `intact` leaves it when the folder is
    intact, else None."""
    mine = dict(print_ or {})
    return mine if intact(output, mine, fork) else None


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
        _remove(path)                  # a file, a link, or a folder where the file belongs
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
