"""The persistent build cache (`.sitegen-cache/` beside the content folder by default).

What is kept, and what it is keyed by (`incremental.py` decides what to keep; this module
only seals, reads and writes):
- `build/files.pickle`: for every file under the content folder, its size, mtime, inode and
  SHA-256, kept per unit (each home folder, and the rest) with a signature of the unit's
  stats and its digest. A file whose stat is unchanged (and was not modified in the last
  seconds before it was hashed, the "racy" case git also guards against) keeps its hash
  without being read again; every other file is read and hashed; a unit whose signature
  is unchanged and whose files are all past that window is taken whole. The units' per-file
  stats are not in the file itself but in 256 shards of their own in `build/files.shards/`
  (`Shards`), so that a no-op reads only the list. All keys below are made of these
  *content* hashes, never of times.
- `build/homes/<home>.pickle`: one home's parsed and validated records (the `HomeRecord`
  with its teams, plans, results, honors and activities), keyed by the hashes of every
  file in the home's folder, of the images it names elsewhere, and of the code version;
  `build/summaries.pickle`: every home's head under the same key (its summary, problems
  and the photos it names), read at once so that a build reads the records of only the
  homes it needs (`incremental.HomeLoader`), in 256 shards (`incremental.pack`).
- `build/supervision.pickle`: `supervision.yaml` validated, kept only when it had no
  problem, under the code, the file's hash and the home folders, with the hashes of the
  photos its bulletins show (`incremental.SupervisionLoader`).
- `build/out-<output>.pickle` and `.files`: the manifest of the last successful build into
  an output folder: a summary (enough for a no-op), and per published file the key it was
  made from (page: a hash of its template and of the values its template reads; photo:
  source hash, width and pipeline version), its stat identity and SHA-256 as the write
  stage recorded them, for the published folder and for the kept previous one
  (`write.py` reuses a file only when it still matches), the photos each page uses, and
  the homes whose records each page read, with their digests (`model.noting_reads`). The
  kept folder's record is saved as its difference from the published one
  (`incremental.kept_delta`), the others in 256 shards each (`incremental.pack`), kept
  as sealed files of their own in `build/out-<output>.shards/` and named in `.files` by a
  hash of their bytes (`Shards`): a build writes the shards it changed, not 37 MB.
- `images/`: processed photos, kept by `images.py`, and `images/opened.pickle`: which
  photos opened (sha256 -> `unscaled_from` bound), believed only from this code version;
  `jinja/`: compiled templates;
  `posters/`: poster PDFs and print-size photos, and `known.pickle`: each home's posters
  under a digest of what they are made from (`posters.Known`).

Nothing read back is trusted (docs/security.md has the threat model). Every file here is
*sealed*: `SGC2`, then an HMAC-SHA256 over what the entry is (its kind and name, e.g.
`homes/hsp` or the key of a photo) and its bytes, then the bytes. The HMAC key is a secret
of this user (`~/.config/sitegen/cache.key`), so an entry is used only if this user's
sitegen wrote exactly these bytes under exactly this name: a flipped bit, a truncated or
zeroed file, an entry copied under another name or written by someone else is *rejected*
(ignored, rebuilt, and one warning line says so), and a pickle is unpickled only after its
seal checked. The pickles inside a sealed file (a content folder's units in
`files.pickle`, a shard) are covered by its seal, and their shape is checked before use
like any value read back. Cached values hold no absolute paths (homes keep
content-relative image paths), so two content folders sharing one cache, or a renamed
folder, never see each other's files. A cache that cannot be written (read-only, full) only makes the next build
slower: the build itself goes on and says so once.

Deleting the folder is always safe: the next build is a full one.
"""
from __future__ import annotations

import hashlib
import io
import hmac
import os
import pickle
import re
import secrets
import stat as statmod
import threading
from pathlib import Path

import jinja2

FORMAT = "2"
RACY_NS = 2_000_000_000          # files modified this close to hashing are hashed again
MAGIC = b"SGC2"
CHUNK = 1 << 20                  # files are hashed in pieces: a 1.5 GB stray file costs 1 MB

_CODE: str | None = None
_KEY: bytes | None = None
try:
    KEY_PATH: Path | None = Path.home() / ".config" / "sitegen" / "cache.key"
except (RuntimeError, KeyError, OSError):     # a service account without a home folder
    KEY_PATH = None

# What this process found wrong with the cache since `reset_notes()` (the build reports it).
rejected: list[str] = []          # cache files ignored: damaged, foreign or unreadable
unwritable: list[tuple[str, str, int | None]] = []   # (folder, reason, errno) of failed writes


def reset_notes() -> None:
    rejected.clear()
    unwritable.clear()


def code_version() -> str:
    """Hash of sitegen's own source: any code change invalidates records and pages."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256(FORMAT.encode())
        here = Path(__file__).parent
        for path in sorted(here.glob("*.py")):
            h.update(path.name.encode())
            h.update(path.read_bytes())
        _CODE = h.hexdigest()[:16]
    return _CODE


def digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:24]


def file_sha256(path, size_hint: int | None = None) -> str:
    """SHA-256 of a file read in 1 MB pieces (memory stays flat whatever its size)."""
    with open(path, "rb", buffering=0) as f:
        return _sha256_of(f)


_buffers = threading.local()      # one read buffer per thread, kept: see _sha256_of


def _sha256_of(f) -> str:
    """Read into one reused buffer: no allocation per piece, so memory cannot creep up
    however the allocator treats many 1 MB blocks. The buffer is the thread's, made once:
    a fresh 1 MB buffer per file was two thirds of hashing a content folder of small files
    (110,402 files at 100 counties: 3.34–3.49 s, now 1.27–1.53 s)."""
    h = hashlib.sha256()
    buf = getattr(_buffers, "buf", None)
    if buf is None:
        buf = _buffers.buf = bytearray(CHUNK)
    view = memoryview(buf)
    while n := f.readinto(buf):
        h.update(view[:n])
    return h.hexdigest()


def _key() -> bytes:
    """This user's secret for sealing cache entries, made on first use.

    Kept outside the cache folder on purpose: whoever can write into a shared cache
    folder cannot read it, so cannot forge an entry. Where the home folder cannot keep
    it, a per-process key is used: the cache is then never reused across runs (slower,
    never wrong)."""
    global _KEY
    if _KEY is None:
        try:
            _KEY = _read_key()
        except (OSError, ValueError, UnicodeDecodeError):
            _KEY = _make_key()
    return _KEY


def _read_key() -> bytes:
    if KEY_PATH is None:
        raise OSError("no home folder")
    key = bytes.fromhex(KEY_PATH.read_text(encoding="ascii").strip())
    if len(key) < 16:
        raise ValueError("short key")
    return key


def _make_key() -> bytes:
    """A new key, stored only if no other process stored one first (two first builds at
    once must agree on one key, or each would refuse the other's entries)."""
    key = secrets.token_bytes(32)
    if KEY_PATH is None:
        return key
    tmp = KEY_PATH.with_name(f"{KEY_PATH.name}.tmp{os.getpid()}")
    try:
        KEY_PATH.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key.hex())
        try:
            os.link(tmp, KEY_PATH)            # creates it only if absent
        except FileExistsError:
            try:
                return _read_key()            # another process was first: use its key
            except (OSError, ValueError, UnicodeDecodeError):
                os.replace(tmp, KEY_PATH)     # a damaged key file: replaced
        except OSError:
            os.replace(tmp, KEY_PATH)         # no hard links on this file system
    except OSError:
        pass
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return key


def _mac(kind: str, data) -> bytes:
    """The seal of `data` as `kind`: the MAC of `kind + "\0" + data`, without copying the
    data to join them (the manifest's 37 MB at 100 counties: 55 ms joined, 33 ms so)."""
    h = hmac.new(_key(), kind.encode("utf-8") + b"\0", hashlib.sha256)
    h.update(data)
    return h.digest()


def seal(kind: str, data: bytes) -> bytes:
    return MAGIC + _mac(kind, data) + data


def unseal(kind: str, blob: bytes) -> bytes | None:
    """The bytes of a sealed entry, or None when the seal does not match."""
    data = blob[36:]
    return data if _sealed(blob[:36], kind, data) else None


def _sealed(head: bytes, kind: str, data: bytes) -> bool:
    return len(head) == 36 and head[:4] == MAGIC and hmac.compare_digest(head[4:], _mac(kind, data))


def read_sealed(path: Path, kind: str) -> bytes | None:
    """A sealed entry's bytes; None when absent, and also (noted) when damaged or foreign.

    The seal and the bytes are read apart, unbuffered: the bytes come straight from the
    file, not copied out of it whole (the manifest's 37 MB at 100 counties: 18 ms)."""
    try:
        with open(path, "rb", buffering=0) as f:
            head = f.read(36)
            data = f.read()
    except FileNotFoundError:
        return None
    except OSError:
        rejected.append(str(path))
        return None
    if not _sealed(head, kind, data):
        rejected.append(str(path))
        return None
    return data


def write_sealed(path: Path, kind: str, data: bytes) -> bool:
    """Write atomically (a killed build never leaves half a file); False if the cache
    cannot be written (noted once per build, the build goes on)."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:           # seal(kind, data), without copying data
            f.write(MAGIC)
            f.write(_mac(kind, data))
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        unwritable.append((str(path.parent), err.strerror or type(err).__name__, err.errno))
        return False


def _kind(path: Path) -> str:
    """What a pickle entry is, from its name under `build/`: sealed into its MAC, so an
    entry copied under another name is refused."""
    return "pickle:" + "/".join(path.parts[-2:])


def load(path: Path, default=None):
    """A cached value, unpickled only after its seal checked; `default` otherwise."""
    data = read_sealed(path, _kind(path))
    if data is None:
        return default
    try:
        return pickle.loads(data)
    except Exception:        # sealed by an older sitegen whose classes changed
        rejected.append(str(path))
        return default


def save(path: Path, value) -> bool:
    return write_sealed(path, _kind(path), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class Shards:
    """The shards of a big value (`incremental.pack`) kept as files of their own, in a
    folder beside the entry that lists them: each named by a hash of its bytes and sealed
    under that name, so a build that changes a few shards writes a few files, not the
    whole value again (the manifest of 100 counties: 37 MB written by every build that
    made a page). Read back like any entry (sealed, then unpickled by the caller); a
    shard named but missing or damaged makes the whole list unusable (`blobs`: None).

    The entry is saved after its shards and the folder is pruned after the entry (`prune`):
    a build killed in between leaves the last entry with every shard it names, and files
    no entry names, which the next prune removes."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._known: dict[int, tuple[bytes, str]] = {}   # id(blob) -> (blob, name): read or written
        self._named: set[str] = set()                    # names handed out by `names`

    def _kind(self, name: str) -> str:
        return f"shard:{self.folder.name}/{name}"

    def blobs(self, names) -> list[bytes] | None:
        """The shards `names` lists, read back; None unless every one is there and whole."""
        if type(names) is not list or not all(type(n) is str and _SHARD_NAME.fullmatch(n)
                                              for n in names):
            return None
        read: dict[str, bytes] = {}     # equal shards have one file: read once
        for name in names:
            if name not in read:
                blob = read_sealed(self.folder / name, self._kind(name))
                if blob is None:
                    return None
                self._known[id(blob)] = (blob, name)
                read[name] = blob
        return [read[name] for name in names]

    def names(self, blobs):
        """The names of `blobs`, each written unless it is one read or written already
        (`pack` hands back the bytes of an unchanged shard as they were read). Anything
        but a list of bytes (a value `pack` left as it was) is returned as it is."""
        if type(blobs) is not list or not all(type(b) is bytes for b in blobs):
            return blobs
        out = []
        for blob in blobs:
            hit = self._known.get(id(blob))
            if hit is not None and hit[0] is blob:
                name = hit[1]
            else:
                name = hashlib.sha256(blob).hexdigest()[:40]
                if name not in self._named:         # (equal shards: one file)
                    write_sealed(self.folder / name, self._kind(name), blob)
                self._known[id(blob)] = (blob, name)
            self._named.add(name)
            out.append(name)
        return out

    def keep(self, names) -> None:
        """Shards another entry names (read back, not written by this build): not pruned."""
        if type(names) is list:
            self._named.update(n for n in names if type(n) is str and _SHARD_NAME.fullmatch(n))

    def prune(self) -> None:
        """Remove every file of the folder that `names` did not hand out: the shards of
        earlier builds, and the pieces of a write that was cut short."""
        try:
            found = os.listdir(self.folder)
        except OSError:
            return
        for name in found:
            if name not in self._named:
                try:
                    os.unlink(self.folder / name)
                except OSError:
                    pass


_SHARD_NAME = re.compile(r"[0-9a-f]{40}")


def scan_tree(root: Path | str, *, follow_links: bool = False, skip_dir=None):
    """(relative path with `/`, os.DirEntry) of every entry below `root` that is not a
    folder, by stat only (nothing is opened). Unreadable folders and entries are passed
    over; `skip_dir(name)` prunes folders, `follow_links` descends into linked ones."""
    root = str(root)
    cut = len(root) + 1
    stack = [root]
    while stack:
        try:
            it = os.scandir(stack.pop())
        except OSError:
            continue
        with it:
            for e in it:
                try:
                    if e.is_dir(follow_symlinks=follow_links):
                        if not (skip_dir and skip_dir(e.name)):
                            stack.append(e.path)
                        continue
                except OSError:
                    continue
                yield e.path[cut:].replace(os.sep, "/"), e


def special_files(content: Path) -> list[str]:
    """Content-relative paths of FIFOs, devices and sockets under `content` (only stat,
    nothing opened): for `sitegen check`, which must not hang on one either."""
    found = []
    for rel, e in scan_tree(content, follow_links=True,
                            skip_dir=lambda name: name.startswith(".sitegen-cache")):
        try:
            if not statmod.S_ISREG(e.stat().st_mode):
                found.append(rel)
        except OSError:
            continue
    return sorted(found)


class JinjaCache(jinja2.BytecodeCache):
    """Jinja's compiled templates, sealed like every cache file.

    Jinja's own file cache unmarshals whatever it finds: a flipped bit published
    `<html lang-"zh-CN"` or made every build crash in the interpreter (exit 139) until the
    cache was deleted. Here the bytes are checked before `marshal` sees them; the check
    costs one HMAC over ~10 kB per template."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket) -> None:
        data = read_sealed(self._path(bucket), "jinja:" + bucket.key)
        if data is not None:
            bucket.load_bytecode(io.BytesIO(data))   # also checks the template's checksum

    def dump_bytecode(self, bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        write_sealed(self._path(bucket), "jinja:" + bucket.key, out.getvalue())
