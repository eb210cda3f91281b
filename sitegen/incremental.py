"""Incremental machinery: what changed since the last build, and what may be reused.

One owner for everything a build remembers about the previous one:
- `Files`: the SHA-256 of every content file, kept by stat (a file read only when its stat
  changed; see `cache.py` for the "racy" rule);
- `HomeLoader`: each home's parsed and validated records, cached per home and keyed by
  the digests of its files (and of the photos it names elsewhere), and every home's head
  (its summary) in one file: an unchanged home's record is read only if asked for
  (`Deferred`);
- `PageKeys`: a page's key, a hash of exactly what its HTML depends on;
- the manifest (`Manifest`): per output folder, the key every published file was made
  from, the photos each page shows, and the write stage's record of the files it wrote
  (for the published folder and for the kept previous one; see `write.py`).

Nothing here touches `output/`: the write stage checks the files themselves. Nothing read
back is trusted: every entry comes sealed from `cache.py` and its shape is checked here
before anything uses it (`head_ok`, `Deferred.load`, `Manifest.load`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import stat as statmod
import time
import types
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateNotFound, meta, nodes

from . import beside
from . import cache as C
from . import images
from .cache import RACY_NS, _sha256_of, digest, load, save
from .problems import errors
from . import render

# The model, the facts and pydantic are imported where homes are loaded and pages keyed
# (`load_home`, `head_ok`, `PageKeys`): a build that finds nothing changed needs only
# `Files`, `state_of` and the manifest, and starts in half the time without them (a no-op
# at 16 homes: imports 194–231 ms with them, 80–106 ms without).
if TYPE_CHECKING:
    from . import model as m

# Fewer homes to parse than this: one process. A county's 16 homes parse in two: 186 ms
# against 257–265 ms in one (the validation of a cold build, 3 runs each alternately,
# bench content, 2026-12-02); below 16 it was not measured.
PARALLEL_HOMES = 16


# ------------------------------------------------------------------ the manifest

@dataclass
class Manifest:
    """What the last successful build into one output folder made.

    `media`: page → the photos it shows, as (source, width, sha256); `reads`: page → the
    homes whose records its render read, as (home id, digest of its files) (see
    model.noting_reads); `live`/`kept`: the write stage's records of the published folder
    and of the kept previous one (per output path: the key it was made from, its stat
    identity and digest; see write.py)."""
    state: str = ""
    version: str = ""
    pages: int = 0
    images: int = 0
    posters: int = 0
    page_list: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    media: dict = field(default_factory=dict)
    live: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)
    live_print: dict = field(default_factory=dict)   # write.fingerprint(live): for a no-op
    reads: dict = field(default_factory=dict)
    # the big dicts' shards as read back, and their pickles: a shard equal to the one read
    # is saved as the same bytes (pack)
    packed: dict = field(default_factory=dict, compare=False, repr=False)
    # the shards' files (cache.Shards): those read back are not written again
    store: object = field(default=None, compare=False, repr=False)

    SMALL = ("state", "version", "pages", "images", "posters", "page_list", "problems",
             "live_print")
    FILES = ("media", "reads", "live", "kept")      # the big part (`.files`)

    @staticmethod
    def path(cache: Path, output: Path) -> Path:
        return cache / "build" / f"out-{digest(str(output))[:16]}.pickle"

    def shards(self, cache: Path, output: Path) -> C.Shards:
        """Where the big dicts' shards are kept: a folder beside the entry listing them."""
        if self.store is None:
            self.store = C.Shards(self.path(cache, output).with_suffix(".shards"))
        return self.store

    @classmethod
    def load(cls, cache: Path, output: Path, *, small: bool = False) -> "Manifest":
        """The manifest, or an empty one when absent, damaged or of another shape. With
        `small`, only the summary (a no-op build needs no more)."""
        base = cls.path(cache, output)
        head = load(base, {})
        out = cls()
        if not isinstance(head, dict):
            return out
        try:
            for name in cls.SMALL:
                setattr(out, name, type(getattr(out, name))(head.get(name, getattr(out, name))))
        except (TypeError, ValueError):
            return cls()
        if not small:
            out.load_files(cache, output)
        return out

    def load_files(self, cache: Path, output: Path) -> None:
        body = load(self.path(cache, output).with_suffix(".files"), {})
        if not isinstance(body, dict) or body.get("state") != self.state:
            return                      # from another build than the summary: not used
        shards = self.shards(cache, output)
        for name in self.FILES:
            value = body.get(name)
            if name in ("media", "reads"):
                value = unpack(shards.blobs(value), self.packed, name)
            elif name == "live":
                value = _record_unpacked(value, self.packed, shards)
            else:
                value = kept_whole(value, self.live)
            if isinstance(value, dict):
                setattr(self, name, value)
        # a no-op that checked the files written in the record's last seconds by their
        # bytes dated the fingerprint then (write.intact), saving only the summary: the
        # record is as good as closed at that time (settle_noop)
        at, closed = self.live_print.get("at"), self.live.get("at", 0)
        if type(at) is int and type(closed) is int and closed < at:
            self.live = {**self.live, "at": at}

    def save(self, cache: Path, output: Path) -> None:
        base = self.path(cache, output)
        shards = self.shards(cache, output)
        # the big part first (its shards before it): a summary is only ever found with the
        # files it names, and they with every shard they name
        if save(base.with_suffix(".files"), {
                "state": self.state,
                "media": shards.names(pack(self.media, self.packed, "media")),
                "reads": shards.names(pack(self.reads, self.packed, "reads")),
                "live": _record_packed(self.live, self.packed, shards),
                "kept": kept_delta(self.kept, self.live)}):
            shards.prune()              # the last build's shards that this one changed
        self.save_small(cache, output)

    def save_small(self, cache: Path, output: Path) -> None:
        save(self.path(cache, output), {name: getattr(self, name) for name in self.SMALL})


SHARDS = 256


def pack(value: dict, packed: dict, name: str) -> list[bytes] | dict:
    """A big dict (path -> anything) saved as SHARDS pickles, by a CRC of the path: a
    build that changes a few pages changes a few shards, and every other shard equal to
    the one read back (`unpack`) is saved as the bytes it was read from. Pickling the
    manifest whole was 0.37–0.45 s of a one-record build at 100 counties."""
    if type(value) is not dict:
        return value
    parts: list[dict] = [{} for _ in range(SHARDS)]
    for path, v in value.items():
        parts[zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS][path] = v
    old_parts, old_blobs = packed.get(name, ((), ()))
    return [old_blobs[i] if i < len(old_parts) and part == old_parts[i]
            else pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
            for i, part in enumerate(parts)]


def unpack(blobs, packed: dict, name: str) -> dict | None:
    """`pack` undone, or None when `blobs` is not SHARDS pickles of dicts keyed by text
    (nothing read back is trusted: the shards' entries are checked where they are used).
    The shards and their bytes are kept in `packed[name]` for the next `pack`."""
    if type(blobs) is not list or len(blobs) != SHARDS or \
            not all(type(b) is bytes for b in blobs):
        return None
    try:
        parts = [pickle.loads(b) for b in blobs]
    except Exception:
        return None
    if not all(type(p) is dict for p in parts):
        return None
    whole: dict = {}
    for part in parts:
        whole.update(part)
    if not all(type(k) is str for k in whole):
        return None
    packed[name] = (parts, blobs)
    return whole


def _record_packed(record, packed: dict, shards: C.Shards):
    if type(record) is dict and type(record.get("files")) is dict:
        return {**record, "files": shards.names(pack(record["files"], packed, "live"))}
    return record


def _record_unpacked(stored, packed: dict, shards: C.Shards):
    if type(stored) is dict and "files" in stored:
        files = unpack(shards.blobs(stored["files"]), packed, "live")
        return None if files is None else {**stored, "files": files}
    return stored


_NONE = object()


def kept_delta(kept, live):
    """The kept folder's record as it differs from the published one's: the kept folder
    is the output published before, so all but the files this build made differently are
    the same entries. Saved whole, the two were 13.5 MB each at 100 counties (76,815
    files), pickled and unpickled every build; the difference is a few entries."""
    try:
        lf, kf = live["files"], kept["files"]
    except (TypeError, KeyError):
        return kept
    if type(lf) is not dict or type(kf) is not dict:
        return kept
    get = lf.get
    rest = {k: v for k, v in kept.items() if k != "files"}
    return {**rest, "delta": {rel: e for rel, e in kf.items() if get(rel, _NONE) != e},
            "gone": [rel for rel in lf if rel not in kf]}


def kept_whole(stored, live):
    """`kept_delta` undone against the published record read back with it; None when
    either is not of that shape (the kept folder's files are then not reused). A record
    without files was saved as it was, and is read so."""
    if type(stored) is not dict or "delta" not in stored:
        return stored
    delta, gone = stored["delta"], stored.get("gone")
    lf = live.get("files") if type(live) is dict else None
    if type(delta) is not dict or type(gone) is not list or type(lf) is not dict or \
            not all(type(rel) is str for rel in gone):
        return None
    files = {**lf, **delta}
    for rel in gone:
        files.pop(rel, None)
    return {**{k: v for k, v in stored.items() if k not in ("delta", "gone")}, "files": files}


def state_of(files: "Files", everything: str, tversion: str, lang: str, posters: bool) -> str:
    """One digest of every input of a build: equal to the last build's means a no-op."""
    return digest(C.code_version(), everything, tversion, lang, bool(posters), *files.special)


def settle_noop(files: "Files", last: "Manifest", cache: Path, output: Path, racy: bool) -> None:
    """Nothing to build: keep the content hashes. With `racy` (files the last build wrote
    within the racy window, which write.intact has just checked by their bytes and cleared
    from the fingerprint) the fingerprint, dated now, is saved, so later no-ops check by
    stat alone; the record of every file (28 MB at 100 counties: 0.4 s to read and write
    again) takes that date when it is next read (Manifest.load_files)."""
    files.commit()
    if racy:
        last.save_small(cache, output)


def reusable(pages: list, keys: list[str], last: "Manifest", county: m.County, hashes: dict,
             homes, stage, progress=None) -> tuple[dict, dict, list[int]]:
    """(photos and reads of each page kept from the last build, indices of the pages to
    render): a page is kept when the stage can reuse its file under its key, its photos
    are the same files and the homes whose records it read are unchanged (`homes`: home
    id -> digest of its files now, PageKeys.read_digest)."""
    media, reads, todo = {}, {}, []
    last_media, last_reads = last.media, last.reads
    for i, (page, key) in enumerate(zip(pages, keys)):
        used, read = last_media.get(page.path), last_reads.get(page.path)
        if media_ok(used, county, hashes) and reads_ok(read, homes) and \
                stage.reuse(page.path, filed_key(key, read)):
            media[page.path], reads[page.path] = used, read
            if progress:
                progress("page", page.path)
        else:
            todo.append(i)
    return media, reads, todo


def media_of(used: list, hashes: dict) -> list:
    """A rendered page's photos as the manifest keeps them: (source, width, sha256)."""
    return [(src, w, hashes.get(src)) for src, w in used]


def reads_of(read: set, homes) -> list:
    """A rendered page's reads as the manifest keeps them: (home id, its digest), sorted."""
    return sorted((hid, homes(hid)) for hid in read)


def filed_key(key: str, read: list) -> str:
    """What the write stage files a page under: its key, and the homes its render read
    with their digests. The stage reuses a file from the kept folder (the build before
    the last) as well as from the published one, and a page's key alone no longer says
    which records it showed: a county screen kept from two builds ago has the key of the
    last one, but showed a motto since edited (tests/test_pipeline_write.py)."""
    return digest(key, *[f"{hid}={d}" for hid, d in read]) if read else key


def reads_ok(read, homes) -> bool:
    """Every home whose record a reused page read has the files it had then: a page is
    keyed by the summaries of the homes it shows (PageKeys.value), not by their records."""
    if type(read) is not list:
        return False
    for r in read:              # (a plain loop: once for each of the 19,206 pages of 100 counties)
        if not (type(r) is tuple and len(r) == 2 and type(r[0]) is str and type(r[1]) is str and
                homes(r[0]) == r[1]):
            return False
    return True


def media_ok(used, county: m.County, hashes: dict) -> bool:
    """Every photo a reused page shows is still the same file (by content hash): a photo
    named in a bulletin body is not among the values a page key reads."""
    # a plain loop: all() over a generator took 2.4 times as long (the 192,000 photos of
    # the 19,206 pages of 100 counties, measured side by side)
    images, now = county.images, hashes.get
    try:
        for src, _w, sha in used:
            if src not in images or now(src) != sha:
                return False
        return True
    except (TypeError, ValueError):     # (None, or not a list of triples: not reusable)
        return False


# ------------------------------------------------------------------ content files

class Files:
    """Content hashes of every file under the content folder, kept between builds.

    Kept per *unit*: each home folder (`homes/<id>`) is one, everything else is the unit
    "". A unit's entry holds a signature of its files' stats (path, size, mtime, inode,
    mode, in the order the folder lists them), its digest (`tree_digests`' for that part),
    its special files and, pickled apart, each file's (size, mtime_ns, ino, sha256,
    hashed_at). When a unit's signature is the one recorded and every file in it was
    hashed well after its last change, the entry is taken whole: nothing of it is
    unpickled, hashed or digested again. A no-op build at 100 counties (110,402 files in
    1,601 units) then pays for the stats alone (docs/benchmarks.md, twelfth round). Any
    other unit is checked file by file as before, and only what changed is read.

    The entries are saved in `files.pickle` without their files' stats, which are kept in
    SHARDS shards of their own (`files.shards/`, cache.Shards, by a CRC of the unit): a
    no-op reads the list alone (0.15 MB, not 15.5 MB at 100 counties), and a build that
    changed one home writes one shard, not every unit's stats again. A shard missing or
    damaged leaves the units it held without stats: they are read again file by file.

    Only regular files are read: a FIFO would block the build for ever, a device file
    could be endless. They (and sockets) are listed in `special` and skipped."""

    KEEP_ROOTS = 8            # content folders sharing one cache keep their own hashes

    def __init__(self, cache: Path, content: Path):
        self.path = cache / "build" / "files.pickle"
        self.content = content
        old = load(self.path, {})
        # content folder -> its units pickled: only this folder's are unpickled, and the
        # others are saved again as the bytes they were read as
        self.all: dict = old if isinstance(old, dict) else {}
        self.shards = C.Shards(self.path.with_suffix(".shards"))
        self.packed: dict = {}                # the stats' shards as read (pack, unpack)
        self._names, self.old = _units_read(self.all.get(str(content)))
        self.units: dict[str, tuple] = {}     # unit -> (sig, digest, settled, special, blob)
        self.special: list[str] = []          # rel of FIFOs, devices, sockets: never read
        self.read = 0
        self._blobs: dict | None = None
        self._hashes: dict[str, str] | None = None
        self._stats: dict[str, tuple] | None = None
        self._walked: dict[str, list] = {}

    def scan(self, fork: bool = False) -> None:
        """Every unit's stats, compared with the record. The homes are shared between this
        process and, when `fork`, a forked one (beside.py: a walk is system calls under the
        interpreter's lock, which threads would take in turns): each walks its half, and
        the other hands back only a signature for each unit it found as recorded."""
        now = time.time_ns()
        root = str(self.content)
        with beside.Beside(_scan_half, root, 1, self.old, fork=fork) as other:
            walked, troubled = _walk_units(root, 0)
            theirs, their_troubles = other.result()
        self._walked = walked
        sigs = {unit: _signature(ents) for unit, ents in walked.items()}
        for unit, (sig, ents) in theirs.items():
            sigs[unit] = sig
            if ents is not None:
                walked[unit] = ents
        troubled |= their_troubles
        old, units = self.old, self.units
        for unit in sorted(sigs):
            sig, prev = sigs[unit], old.get(unit)
            if _taken_whole(unit, sig, prev, troubled):
                units[unit] = prev
            else:
                units[unit] = self._rescan(unit, self._ents(unit), sig, prev, now, unit in troubled)
        for entry in units.values():
            self.special.extend(entry[3])
        self.special.sort()

    def _ents(self, unit: str) -> list:
        """A unit's stats as walked, walked again here for a unit of the other process's
        half that it did not send (it found the unit as recorded, and its stats turned out
        damaged when asked for); [] for a unit gone since."""
        if unit not in self._walked:
            self._walked.update(_walk_units(str(self.content), unit_part(unit))[0])
        return self._walked.get(unit, [])

    def _rescan(self, unit: str, ents: list, sig: bytes, prev, now: int, troubled: bool) -> tuple:
        """A unit checked file by file: a file whose size, mtime and inode are recorded,
        and that was hashed well after that mtime, keeps its hash; the others are read."""
        old = _stats_of(prev, self._blob(unit, prev)) or {}
        stats: dict[str, tuple] = {}
        special: list[str] = []
        root = str(self.content)
        for rel, size, mtime, ino, mode in ents:
            if not statmod.S_ISREG(mode):
                special.append(rel)
                continue
            p = old.get(rel)
            if type(p) is tuple and len(p) == 5 and p[0] == size and p[1] == mtime and \
                    p[2] == ino and type(p[3]) is str and p[4] - mtime > RACY_NS:
                stats[rel] = p
                continue
            try:
                # O_NONBLOCK: should the file have become a FIFO since the stat,
                # opening it does not wait for a writer.
                fd = os.open(os.path.join(root, rel), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) |
                             getattr(os, "O_BINARY", 0))   # Windows: no CRLF translation
                with os.fdopen(fd, "rb", buffering=0) as f:
                    if not statmod.S_ISREG(os.fstat(f.fileno()).st_mode):
                        special.append(rel)
                        continue
                    sha = _sha256_of(f)
            except OSError:     # unreadable: validation reports the record or photo
                troubled = True
                continue
            self.read += 1
            stats[rel] = (size, mtime, ino, sha, now)
        return unit_entry(unit, sig, stats, special, troubled)

    @property
    def stats(self) -> dict[str, tuple]:
        """rel -> (size, mtime_ns, ino, sha256, hashed_at) of every regular file read.

        A unit taken whole is unpickled here, and only here its stats are checked: one
        that is not what `unit_entry` pickles is checked again file by file (and its
        digest with it: `digests` is asked again after this, see build.py)."""
        if self._stats is None:
            stats: dict[str, tuple] = {}
            for unit, entry in list(self.units.items()):
                got = _stats_of(entry, self._blob(unit, entry))
                if got is None:
                    entry = self.units[unit] = self._rescan(
                        unit, self._ents(unit), entry[0], None, time.time_ns(), True)
                    got = _stats_of(entry, entry[4]) or {}
                stats.update(got)
            self._stats = stats
        return self._stats

    @property
    def hashes(self) -> dict[str, str]:
        """rel -> sha256 of every regular file read (unpickled on first use: a no-op
        build never asks)."""
        if self._hashes is None:
            self._hashes = {rel: st[3] for rel, st in self.stats.items()}
        return self._hashes

    def digests(self) -> tuple[dict[str, str], str, str]:
        """`tree_digests(self.hashes)`, from the units' digests."""
        homes = {unit[6:]: e[1] for unit, e in sorted(self.units.items())
                 if unit and e[1] != _NO_FILES}
        outside = self.units[""][1] if "" in self.units else digest()
        return homes, outside, _everything(homes, outside)

    def changed(self) -> bool:
        return self.read > 0 or self.units != self.old

    def _blob(self, unit: str, entry) -> bytes | None:
        """A unit's stats pickled: in its entry when made by this build, else in the shards
        (read at the first unit that needs them: a no-op build reads none)."""
        if type(entry) is tuple and len(entry) == 5 and entry[4] is not None:
            return entry[4]
        if self._blobs is None:
            self._blobs = unpack(self.shards.blobs(self._names), self.packed, "files") or {}
        return self._blobs.get(unit)

    def commit(self) -> None:
        """Saved when a unit changed: the stats' shards that changed (the others are the
        files read), then the list (files.pickle, the other content folders' as read),
        then the shards nobody names are pruned (cache.Shards)."""
        if self.units != self.old:
            keep = {k: v for k, v in self.all.items()
                    if k != str(self.content) and type(v) is bytes}
            keep = dict(list(keep.items())[-(self.KEEP_ROOTS - 1):])
            for other in keep.values():         # the other folders' shards stay
                self.shards.keep(_units_read(other)[0])
            light = {unit: e[:4] for unit, e in self.units.items()}
            blobs = {unit: self._blob(unit, e) for unit, e in self.units.items()}
            names = self.shards.names(pack(blobs, self.packed, "files"))
            keep[str(self.content)] = pickle.dumps((light, names), protocol=pickle.HIGHEST_PROTOCOL)
            if save(self.path, keep):
                self.shards.prune()


def _units_read(stored) -> tuple[list | None, dict]:
    """(the names of its stats' shards, unit -> entry with its stats left in the shards)
    of a content folder's part of files.pickle; (None, {}) for anything else."""
    try:
        light, names = pickle.loads(stored) if type(stored) is bytes else (None, None)
    except Exception:
        return None, {}
    if type(light) is not dict:
        return None, {}
    return names, {unit: (*e, None) for unit, e in light.items()
                   if type(unit) is str and type(e) is tuple and len(e) == 4}


_NO_FILES = None          # the digest of a unit without regular files: not a home


def _walk_units(root: str, part: int | None = None) -> tuple[dict[str, list], set[str]]:
    """(unit -> [(rel, size, mtime_ns, ino, mode) of every file in it], units where a
    folder or an entry could not be read). Links are followed, as a reader would;
    `.sitegen-cache*` entries are passed over. This loop is most of a no-op build: it does
    the least per file it can (no path joined, no string replaced, no attribute read twice).

    `part` 0 or 1: the units of that half only (`unit_part`); both halves list the
    content folder and `homes/`."""
    units: dict[str, list] = {}
    troubled: set[str] = set()
    half = beside.half
    stack = [(root, "", "")]
    while stack:
        d, pre, unit = stack.pop()
        ents = units.get(unit)
        if ents is None:
            ents = units[unit] = []
        try:
            it = os.scandir(d)
        except OSError:
            troubled.add(unit)
            continue
        add = ents.append
        with it:
            for e in it:
                name = e.name
                if name.startswith(".sitegen-cache"):
                    continue
                try:
                    if e.is_dir():
                        # a half passes over the other half's homes, and the second
                        # over every folder outside homes/ (the first half's)
                        if part is not None and not unit and (
                                half(name) != part if pre == "homes/" else
                                part != 0 and (pre or name != "homes")):
                            continue
                        stack.append((e.path, f"{pre}{name}/",
                                      f"homes/{name}" if pre == "homes/" else unit))
                        continue
                    if part and not unit:
                        continue                # the files outside the homes: the first half's
                    st = e.stat()
                except OSError:
                    troubled.add(unit)
                    continue
                add((pre + name, st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode))
    if part:            # (a listing of the folders both halves list that failed stays told)
        units.pop("", None)
    return units, troubled


def unit_part(unit: str) -> int:
    """Which half (`_walk_units`' `part`) walks a unit: a home by its folder's name."""
    return beside.half(unit[6:]) if unit else 0


def _signature(ents: list) -> bytes:
    # pickled, not repr'd: the same bytes for the same stats, at a third of the cost
    # (110,402 files: 0.08 s -> 0.027 s of every build)
    return hashlib.sha256(pickle.dumps(ents, protocol=5)).digest()


def _taken_whole(unit: str, sig: bytes, prev, troubled: set) -> bool:
    """Is the unit as recorded, its files hashed well after their last change?"""
    return unit not in troubled and _entry_ok(prev) and prev[0] == sig and prev[2]


def _scan_half(root: str, part: int, old: dict) -> tuple[dict, set]:
    """One half of `Files.scan`'s walk, as the other process hands it back: unit ->
    (signature, its stats, or None for a unit taken whole), and the units in trouble."""
    walked, troubled = _walk_units(root, part)
    out = {}
    for unit, ents in walked.items():
        sig = _signature(ents)
        out[unit] = (sig, None if _taken_whole(unit, sig, old.get(unit), troubled) else ents)
    return out, troubled


def unit_entry(unit: str, sig: bytes, stats: dict, special, troubled: bool) -> tuple:
    """What `Files` keeps of a unit: (signature, digest, settled, special files, stats
    pickled). Settled: every file was hashed more than the racy window after its mtime,
    and nothing in the unit was unreadable, so the next scan may take the entry whole."""
    settled = not troubled and all(s[4] - s[1] > RACY_NS for s in stats.values())
    return (sig, unit_digest(unit, {rel: st[3] for rel, st in stats.items()}), settled, tuple(special),
            pickle.dumps(stats, protocol=pickle.HIGHEST_PROTOCOL))


def _entry_ok(entry) -> bool:
    """A unit entry of the right shape (its stats, pickled, checked apart: `_stats_of`)."""
    return type(entry) is tuple and len(entry) == 5 and type(entry[0]) is bytes and \
        (entry[1] is _NO_FILES or type(entry[1]) is str) and type(entry[2]) is bool and \
        type(entry[3]) is tuple and all(type(s) is str for s in entry[3])


def _stats_of(entry, blob) -> dict | None:
    """A unit entry's per-file stats (`blob`: them pickled), or None for anything that is
    not one (every file of the unit is then read again)."""
    if not _entry_ok(entry) or type(blob) is not bytes:
        return None
    try:
        stats = pickle.loads(blob)
    except Exception:
        return None
    if type(stats) is not dict or not all(
            type(k) is str and type(v) is tuple and len(v) == 5 and type(v[3]) is str
            for k, v in stats.items()):
        return None
    return stats


def unit_digest(unit: str, hashes: dict[str, str]) -> str | None:
    """A unit's part of `tree_digests` (from rel -> sha256 of its files): None for a home
    folder without regular files."""
    if unit:
        if not hashes:
            return _NO_FILES
        cut = len(unit) + 1
        return digest(*sorted(f"{rel[cut:]}:{sha}" for rel, sha in hashes.items()))
    return digest(*sorted(f"{rel}:{sha}" for rel, sha in hashes.items()))


def _everything(homes: dict[str, str], outside: str) -> str:
    return digest(outside, *sorted(homes.items()))


def tree_digests(hashes: dict[str, str]) -> tuple[dict[str, str], str, str]:
    """(digest per home folder, digest of everything outside `homes/`, digest of all).

    Each digest hashes its `path:sha256` texts in sorted order (any fixed order of the
    set would do), each home's sorted on their own. `Files.digests` gives the same from
    the digests it keeps per unit; this is its definition, for any set of hashes."""
    per_home: dict[str, dict] = {}
    rest = {}
    for rel, sha in hashes.items():
        if rel.startswith("homes/"):
            parts = rel.split("/", 2)
            if len(parts) == 3:
                per_home.setdefault(parts[1], {})[rel] = sha
                continue
        rest[rel] = sha
    homes = {hid: unit_digest(f"homes/{hid}", items) for hid, items in sorted(per_home.items())}
    outside = unit_digest("", rest)
    return homes, outside, _everything(homes, outside)



def home_inputs(home_digests: dict[str, str], outside: str, tversion: str) -> dict[str, str]:
    """Per home, a digest of every file an output of that home alone can be made from:
    the code, every template, everything outside `homes/`, the home's own files and the
    photos it names elsewhere (what the posters of a home are kept by: posters.Known)."""
    shared = digest(C.code_version(), tversion, outside)
    return {hid: digest(shared, d) for hid, d in home_digests.items()}


# ------------------------------------------------------------------ homes

# (cache, home) -> its head, and its record once parsed: the dev server keeps them in memory
MEMORY: dict = {}


def load_home(root: Path, home_dir: Path):
    """`validate.load_home` (imported on first use: it brings the model and pydantic)."""
    from .validate import load_home as load
    return load(root, home_dir)


def load_home_job(args):
    root, home_dir = args
    return load_home(root, home_dir)


class HomeLoader:
    """`load_county`'s home loader: the homes whose files changed parsed anew, the others
    deferred (model.Homes): their record is read from the cache only if something asks.

    Per home the cache keeps two things under the same key (the code, the home's files,
    the photos it names elsewhere): its record (`homes/<id>.pickle`), and its head (what
    the build needs of every home: the summary the county-wide outputs are made from, its
    problems, the photos it names), all homes' heads in one file (`summaries.pickle`),
    read at once: unpickling 1,600 records was 1.4 s of every build at 100 counties."""

    def __init__(self, cache: Path, hashes: dict, home_tree: dict, jobs: int):
        self.cache, self.hashes, self.tree, self.jobs = cache, hashes, home_tree, jobs
        self.dir = cache / "build" / "homes"
        self.heads_path = cache / "build" / "summaries.pickle"
        self.packed: dict = {}          # the heads' shards as read (pack, unpack)
        self.digests: dict[str, str] = {}      # home id -> digest of all its inputs
        self.parsed = 0

    def __call__(self, root: Path, home_dirs: list[Path]):
        """(record or deferred record, problems, images, summary) per home folder.

        Cached entries hold image paths relative to the content folder, made absolute
        here under *this* folder: a cache shared by two folders, or kept across a rename,
        never points a page at another folder's photo."""
        code = C.code_version()
        under = os.path.join(str(root), "")     # "/x/" (and "/" for the root folder)
        out: list = [None] * len(home_dirs)
        misses = []
        heads = None
        for i, d in enumerate(home_dirs):
            hid = d.name
            key = C.digest(code, hid, self.tree.get(hid, ""))
            entry = MEMORY.get((self.dir, hid))
            if not head_ok(entry, key, self.hashes, hid):
                if heads is None:
                    heads = self._heads()
                entry = heads.get(hid)
                if not head_ok(entry, key, self.hashes, hid):
                    misses.append((i, d, key))
                    continue
                MEMORY[(self.dir, hid)] = entry
            record = entry.get("record") or Deferred(hid, str(self.dir / f"{hid}.pickle"), key,
                                                     str(root), str(d), entry["summary"])
            # rels are keys of the content scan (checked above), so plain text joins
            # give what `str(root / r)` would, at a twentieth of its cost (59,000
            # photos at 100 counties: 0.99 s → 0.05 s profiled)
            out[i] = (record, entry["problems"],
                      {r: under + r.replace("/", os.sep) for r in entry["rels"]}, entry["summary"])
            self.digests[hid] = C.digest(key, sorted(entry["ext"].items()))
        opened = images.known_to_open(self.cache) if misses else {}
        images.trust(opened)            # (forked workers inherit it)
        try:
            if len(misses) >= PARALLEL_HOMES and self.jobs > 1:
                with render.pool(self.jobs) as workers:
                    results = list(workers.map(load_home_job, [(root, d) for _i, d, _k in misses],
                                            chunksize=max(1, len(misses) // (self.jobs * 8))))
            else:
                results = [load_home(root, d) for _i, d, _k in misses]
        finally:
            images.trust({})
        self.parsed = len(misses)
        found: dict[str, int] = {}      # photo sha256 -> bound, of the homes validated now
        new_heads = {}
        for (i, d, key), (record, problems, imgs) in zip(misses, results):
            hid = d.name
            prefix = f"homes/{hid}/"
            ext = {r: self.hashes.get(r) for r in imgs if not r.startswith(prefix)}
            self.digests[hid] = C.digest(key, sorted(ext.items()))
            if record is None or errors(problems):
                out[i] = (record, problems, imgs)
                continue
            from .facts import summarize        # (every photo of it opened)
            summary = summarize(record)
            out[i] = (record, problems, imgs, summary)
            found.update((self.hashes[r], b) for r, b in record.photo_bounds.items() if r in self.hashes)
            head = {"key": key, "ext": ext, "rels": sorted(imgs), "problems": problems,
                    "summary": summary}
            MEMORY[(self.dir, hid)] = {**head, "record": record}
            C.save(self.dir / f"{hid}.pickle", {"key": key, "record": record})
            new_heads[hid] = head
        if misses:
            images.remember_opened(self.cache, opened, found, set(self.hashes.values()))
        self._keep_heads(heads, new_heads, {d.name for d in home_dirs})
        return out

    def _heads(self) -> dict:
        """Every home's head, saved in shards (`pack`): an edit of one home pickles one
        shard, not 1,600 summaries (6 MB, 0.24 s at 100 counties)."""
        heads = unpack(C.load(self.heads_path), self.packed, "heads")
        return heads if heads is not None else {}

    def _keep_heads(self, heads: dict | None, new: dict, current: set) -> None:
        """The heads file, with the homes parsed now and without the homes gone."""
        if heads is None and not new:
            return                      # every home from memory (the dev server): as it was
        heads = self._heads() if heads is None else heads
        kept = {hid: h for hid, h in heads.items() if hid in current and hid not in new}
        kept.update(new)
        if kept.keys() != heads.keys() or new:
            C.save(self.heads_path, pack(kept, self.packed, "heads"))


class SupervisionLoader:
    """`load_county`'s reader of `supervision.yaml` (validate.read_supervision), kept in
    the cache (`supervision.pickle`) under the code, the file's hash and the home folders
    its checks and ratings may name: at 100 counties (4,800 checks, 1,600 ratings) it is
    read and validated in ≈ 0.3 s, and a build that edits a home's records need not.

    Only a supervision without problems is kept: a problem may depend on files the key
    does not hold (an image a bulletin names that is missing, or does not open), and
    every problem must be told again each run anyway. The images its bulletins show are
    kept with their hashes and must be the same files; the entry is checked whole (its
    shape, its key, the file hashed again after reading) before it is used or kept."""

    def __init__(self, cache: Path, hashes: dict):
        self.path = cache / "build" / "supervision.pickle"
        self.hashes = hashes
        self.parsed = False

    def key(self, home_dirs: list[str]) -> str:
        return C.digest(C.code_version(), self.hashes.get("supervision.yaml"), *home_dirs)

    def __call__(self, root: Path, home_dirs: list[str]):
        from . import model as m
        from .validate import read_supervision
        key = self.key(home_dirs)
        entry = C.load(self.path)
        if _supervision_ok(entry, key, self.hashes, m):
            under = os.path.join(str(root), "")
            return (entry["supervision"], entry["where"], [],
                    {r: under + r.replace("/", os.sep) for r in entry["ext"]})
        self.parsed = True
        supervision, where, problems, imgs = read_supervision(root, home_dirs)
        rels = {r: self.hashes.get(r) for r in imgs}
        if not problems and all(rels.values()) and \
                C.file_sha256(root / "supervision.yaml") == self.hashes.get("supervision.yaml"):
            C.save(self.path, {"key": key, "supervision": supervision, "where": where, "ext": rels})
        return supervision, where, problems, imgs


def _supervision_ok(entry, key: str, hashes: dict, m) -> bool:
    """A kept supervision as SupervisionLoader files it, under `key`, its images unchanged."""
    try:
        return type(entry) is dict and entry["key"] == key and \
            type(entry["supervision"]) is m.Supervision and type(entry["where"]) is m.Where and \
            type(entry["ext"]) is dict and \
            all(type(r) is str and type(h) is str and hashes.get(r) == h for r, h in entry["ext"].items())
    except (TypeError, KeyError):
        return False


@dataclass
class Deferred:
    """A home's record left in the cache until something asks for it (model.Homes): the
    entry under `key` when it is there and whole, else the home parsed anew from its
    folder, which must give the summary the build already used (else the files changed
    during the build, and the build stops rather than publish a page made of both)."""
    id: str
    path: str
    key: str
    root: str
    folder: str
    summary: object

    def load(self):
        from .model import HomeRecord
        entry = C.load(Path(self.path))
        try:
            record = entry["record"]
            if entry["key"] == self.key and isinstance(record, HomeRecord) and record.id == self.id:
                return record
        except (TypeError, KeyError):
            pass
        from .facts import summarize
        record, problems, _imgs = load_home(Path(self.root), Path(self.folder))
        if record is None or errors(problems) or summarize(record) != self.summary:
            from .problems import ContentError, problem
            rel = f"homes/{self.id}"
            raise ContentError([problem("changed_during_build", rel, name=rel)])
        return record


def head_ok(head, key: str, hashes: dict, hid: str | None = None) -> bool:
    """A home's cached head of the expected shape, for these inputs (the seal was checked
    when it was read; the shape is checked too, so nothing below can trip on it)."""
    from .facts import summary_ok
    from .problems import Problem
    try:
        if not (head["key"] == key and summary_ok(head["summary"]) and
                (hid is None or head["summary"].id == hid) and
                type(head["problems"]) is list and type(head["rels"]) is list and
                type(head["ext"]) is dict):
            return False
        for p in head["problems"]:
            if type(p) is not Problem:
                return False
        for r in head["rels"]:      # (plain loops: 59,000 photos at 100 counties, every build)
            if type(r) is not str or r not in hashes:
                return False
        now = hashes.get
        for r, sha in head["ext"].items():
            if now(r) != sha:
                return False
        return True
    except (TypeError, KeyError, ValueError):
        return False


# ------------------------------------------------------------------ slide counts

SCREENS: dict = {}    # cache -> {page key: context}: the dev server's last build's home screens


class SlideCounts:
    """How many slides each home's lobby screen has, by that screen page's key.

    The county screen carries every home's slides only while they are few together
    (screen.COUNTY_FULL_LIMIT); to know, it would make every home's slides on every edit.
    A home screen's key changes whenever its slides may (it hashes what they are made
    from), so the count kept under the key is the count those slides have. Read back
    from the sealed cache, a count is used only as a positive int under the page's key.

    In a process that builds again (the dev server), the home screens made by the last
    build are kept in memory by key too (`SCREENS`), so a county screen that shows every
    slide makes only the edited home's again."""

    def __init__(self, cache: Path):
        self.path = cache / "build" / "slides.pickle"
        self.cache = cache
        self.county = None          # the county screen's context maker (screen.CountyScreen)
        self.key_of: dict = {}      # output path -> page key

    def fill(self, pages: list, keys: list[str]) -> None:
        from . import screen
        self.county = county = next((p.make for p in pages if isinstance(p.make, screen.CountyScreen)), None)
        if county is None:
            return
        self.key_of = key_of = {p.path: k for p, k in zip(pages, keys)}
        memory = SCREENS.get(self.cache, {})
        for page in county.homes.values():
            made = memory.get(key_of[page.path])
            if made is not None:
                page.adopt(made)
        if len(county.homes) * screen.MIN_HOME_SLIDES > screen.COUNTY_FULL_LIMIT:
            return                      # surely too many slides: no counts needed
        old = C.load(self.path, {})
        old = old if isinstance(old, dict) else {}
        new = {}
        for hid, page in county.homes.items():
            key = key_of[page.path]
            n = old.get(key)
            if type(n) is not int or n < screen.MIN_HOME_SLIDES:
                n = len(page.context["slides"])
            new[key] = county.counts[hid] = n
        if new != old:
            C.save(self.path, new)

    def keep(self) -> None:
        """After rendering: the home screens made in this process, for the next build."""
        homes = self.county.homes.values() if self.county else ()
        SCREENS[self.cache] = {self.key_of[p.path]: p.context for p in homes if p.made}


class KeptSlides:
    """Each home's slides as the county screen last rendered them (screen.Piece), kept
    under that home screen's page key and the screen's mode, so that an edit of one home
    neither makes nor renders the other homes' slides again.

    The key hashes everything the home's slides are made from and the template that
    renders them, with the same shared values; the county screen's path is fixed. Read
    back from the sealed cache, a home's pieces are used only whole, in shape (a list of
    text fields and photo triples, of the home they are filed under), and only while
    every photo they show is still the same file; anything else is made again. (A home
    filed under a key is the home of that key: the key hashes the home screen's path.)
    Each piece keeps the homes whose records making and rendering it read, which the
    county screen notes again when it carries the piece (screen.CountyScreen.per_home)."""

    def __init__(self, cache: Path):
        self.path = cache / "build" / "pieces.pickle"
        self.old: dict = {}
        self.screens: SlideCounts | None = None

    def fill(self, screens: SlideCounts, county: m.County, hashes: dict) -> None:
        from . import screen
        self.screens = screens
        cs = screens.county
        if cs is None:
            return
        old = C.load(self.path, {})
        self.old = old if isinstance(old, dict) else {}
        for hid, page in cs.homes.items():
            for mode in ("full", "summary"):
                entry = self.old.get((screens.key_of[page.path], mode))
                if _pieces_ok(entry) and media_ok([t for p in entry for t in p[4]], county, hashes):
                    cs.kept[(mode, hid)] = [screen.Piece(kind, where, orient, hid, body,
                                                         tuple((src, w) for src, w, _sha in media),
                                                         reads)
                                            for kind, where, orient, body, media, reads in entry]

    def keep(self, hashes: dict) -> None:
        """After rendering: the pieces of this build's homes, under their current keys."""
        cs = self.screens.county if self.screens else None
        if cs is None:
            return
        key_of = self.screens.key_of
        current = {key_of[p.path] for p in cs.homes.values()}
        new = {k: v for k, v in self.old.items() if k[0] in current}
        for hid, rendered in cs.rendered.items():
            made = cs.made_reads.get(hid, set())
            new[(key_of[cs.homes[hid].path], cs.mode)] = [
                (kind, where, orient, body, media_of(list(used), hashes), tuple(sorted(made | set(read))))
                for kind, where, orient, body, used, read in rendered]
        if new != self.old:
            C.save(self.path, new)


def _pieces_ok(entry) -> bool:
    """A home's pieces as KeptSlides files them: a non-empty list of (kind, where,
    orient, body, photos, reads), texts all, photos as (source, width, sha256), reads a
    tuple of home ids."""
    if type(entry) is not list or not entry:
        return False
    for piece in entry:
        if type(piece) is not tuple or len(piece) != 6 or \
                not all(type(x) is str for x in piece[:4]) or type(piece[4]) is not list or \
                type(piece[5]) is not tuple or not all(type(x) is str for x in piece[5]):
            return False
        for photo in piece[4]:
            if type(photo) is not tuple or len(photo) != 3 or type(photo[0]) is not str or \
                    type(photo[1]) is not int or type(photo[2]) is not str:
                return False
    return True


# ------------------------------------------------------------------ page keys

class PageKeys:
    """What a page's HTML depends on, as one hash."""

    def __init__(self, env, base: dict, county: m.County, home_digests: dict, everything: str,
                 lang: str, tversion: str = "", outside: str | None = None):
        self.env, self.base, self.county = env, base, county
        self.home_digests, self.everything, self.lang = home_digests, everything, lang
        self.outside = everything if outside is None else outside   # files outside homes/
        from pydantic import BaseModel

        from . import facts
        from . import model as m
        self.kinds = (m.County, m.HomeRecord, m.TeamRecord, facts.HomeFacts, facts.TeamFacts,
                      facts.HomeFiles, facts.CountyFiles, BaseModel)
        self.year, self.since = county.year, facts.since_date(county)
        self.templates: dict[str, tuple[str, frozenset | None]] = {}
        self.code = C.code_version()
        self.tversion = tversion       # every template: what a computed include may pull in
        self.analysed: dict = {}       # template source hash -> (names, referenced templates)
        self.shared: dict = {}         # id -> (value, its text): see shared_value
        self.heads: dict = {}          # template -> (its hash, the shared values it reads)
        self.every = m.EVERY_HOME
        self.files_of_home = facts.HomeFiles
        self.reads: dict = {}          # home id -> read_digest(home id), made once

    def template(self, name: str) -> tuple[str, frozenset | None]:
        """(hash of the template and all it pulls in, top-level names it reads or None)."""
        if name in self.templates:
            return self.templates[name]
        self.templates[name] = (C.digest("cycle", name), frozenset())   # guards recursion
        try:
            source, _filename, _uptodate = self.env.loader.get_source(self.env, name)
        except TemplateNotFound:
            # `{% include "x.html" ignore missing %}` of a template no folder has renders
            # nothing (one that must exist fails at render, with Jinja's error); the day
            # it appears, `tversion` (every template file) changes, and with it this hash
            self.templates[name] = (C.digest("missing", name, self.tversion), frozenset())
            return self.templates[name]
        sha = hashlib.sha256(source.encode()).hexdigest()
        if sha not in self.analysed:                 # Jinja's analysis compiles: keep it
            ast = self.env.parse(source)
            self.analysed[sha] = (_names_read(ast), list(meta.find_referenced_templates(ast)))
        found, refs = self.analysed[sha]     # (templates.pickle is sealed, see cache.py)
        names: set | None = set(found)
        parts = [source]
        for ref in refs:
            if ref is None:       # a template chosen at render time: it may be any of them
                names = None
                parts.append("ALL-TEMPLATES" + self.tversion)
                continue
            sub_hash, sub_names = self.template(ref)
            parts.append(sub_hash)
            if names is not None:
                names = None if sub_names is None else names | sub_names
        result = (C.digest(*parts), None if names is None else frozenset(names))
        self.templates[name] = result
        return result

    def keys(self, pages: list, cache: Path) -> list[str]:
        """Every page's key; Jinja's analysis of each template source is kept in the cache
        (`templates.pickle`, sealed; its shape checked before use)."""
        path = cache / "build" / "templates.pickle"
        analysed = C.load(path, {})
        self.analysed = {k: v for k, v in analysed.items() if _analysis_ok(v)} \
            if isinstance(analysed, dict) else {}
        known = len(self.analysed)
        out = [self.key(p) for p in pages]
        if len(self.analysed) != known:
            C.save(path, self.analysed)
        return out

    def key(self, page) -> str:
        head = self.heads.get(page.template)
        if head is None:        # the same for every page of a template, this build
            thash, names = self.template(page.template)
            shared = sorted(self.base) if names is None else sorted(n for n in names if n in self.base)
            head = self.heads[page.template] = (thash, [f"{n}={self.base_digest(n)}" for n in shared])
        thash, shared = head
        # a page made on demand (render.Page.make) is keyed by what its context is made from
        own = self.value(page.context) if page.make is None else \
            "deps[" + ",".join(self.shared_value(d) for d in page.deps) + "]"
        return C.digest(self.code, thash, page.path, page.template, page.title, self.lang,
                        *shared, own)

    def shared_value(self, v) -> str:
        """A digest of `value(v)` for a value many pages name (the labels every screen is
        made with): valued once per build, by identity (the object is held, so its id stays
        its own), and short, since it is hashed into each of those pages' keys."""
        t = type(v)
        if t in _SCALARS:
            return repr(v)
        if t is self.files_of_home:    # made anew for each page: valued without a digest
            return self.home(v.id)
        hit = self.shared.get(id(v))
        if hit is None or hit[0] is not v:
            hit = self.shared[id(v)] = (v, C.digest(self.value(v)))
        return hit[1]

    def base_digest(self, name: str) -> str:
        """A shared value of every template, valued once like any value many pages name."""
        return self.shared_value(self.base[name])

    def home(self, hid: str) -> str:
        return "H" + self.home_digests.get(hid, self.everything)

    def read_digest(self, hid: str) -> str:
        """What a page that read home `hid`'s record depends on (model.noting_reads): one
        text per home a build, so the manifest's pickle writes it once for all its pages."""
        found = self.reads.get(hid)
        if found is None:
            found = self.reads[hid] = "ALL" + self.everything if hid == self.every else self.home(hid)
        return found

    def value(self, v, depth: int = 0) -> str:
        """A digest-ready text that changes whenever `v` (as a template sees it) changes.

        Runs for every value of every page (half a million calls at 10 counties): the
        common exact types go first, without the chain of isinstance checks."""
        t = type(v)
        if t in _SCALARS:
            return repr(v)
        if depth > 12:
            return self.everything
        if t is list or t is tuple:
            d = depth + 1
            return "[" + ",".join([self.value(x, d) for x in v]) + "]"
        if t is dict:
            d = depth + 1
            return "{" + ",".join([f"{self.value(k, d)}:{self.value(x, d)}" for k, x in v.items()]) + "}"
        names = _FIELDS.get(t)
        if names is not None:                  # a plain dataclass (not the facts below)
            d = depth + 1
            return t.__name__ + "{" + ",".join(
                [f"{n!r}:{self.value(getattr(v, n), d)}" for n in names]) + "}"
        if v is None or isinstance(v, (str, int, float, bool, dt.date)):
            return repr(v)
        if isinstance(v, (list, tuple)):
            return "[" + ",".join(self.value(x, depth + 1) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ",".join(f"{self.value(k, depth + 1)}:{self.value(x, depth + 1)}"
                                  for k, x in v.items()) + "}"
        if isinstance(v, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(x, depth + 1) for x in v)) + "}"
        County, HomeRecord, TeamRecord, HomeFacts, TeamFacts, HomeFiles, CountyFiles, Model = self.kinds
        if isinstance(v, County):
            return "ALL" + self.everything
        if isinstance(v, HomeRecord):
            return self.home(v.id)
        if isinstance(v, TeamRecord):
            return self.home(v.home_id) + "/" + v.id
        if isinstance(v, HomeFacts):    # by their summary; what a page reads of the record
            return (f"HomeFacts{v.summary.digest}/{self.shared_value(v.labels)}"  # is noted
                    f"@{v.year}@{v.since}")
        if isinstance(v, HomeFiles):
            return self.home(v.id)
        if isinstance(v, CountyFiles):
            return "OUT" + self.outside
        if isinstance(v, TeamFacts):
            return f"TeamFacts{self.home(v.record.home_id)}/{v.record.id}@{self.year}@{self.since}"
        if isinstance(v, Model):
            return repr(v)
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            if t not in (HomeFacts, TeamFacts):
                _FIELDS[t] = tuple(f.name for f in dataclasses.fields(v))
                return self.value(v, depth)
            return type(v).__name__ + self.value(
                {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}, depth + 1)
        if isinstance(v, (types.ModuleType, types.FunctionType, type)):
            return getattr(v, "__name__", "?")      # code: part of the code version
        return "ALL" + self.everything               # unknown: depends on everything


_SCALARS = frozenset({type(None), str, int, float, bool, dt.date})
_FIELDS: dict[type, tuple[str, ...]] = {}     # dataclass type -> its field names


def _names_read(ast) -> set[str]:
    """Every name the template reads: a superset of Jinja's undeclared variables (a name
    it sets or loops over and then reads is counted too, which only makes a key depend on
    more), found by walking the parsed template instead of compiling it as
    `meta.find_undeclared_variables` does (half a cold build's keying)."""
    return {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}


def _analysis_ok(v) -> bool:
    try:
        names, refs = v
        return isinstance(names, set) and all(isinstance(n, str) for n in names) and \
            isinstance(refs, list) and all(r is None or isinstance(r, str) for r in refs)
    except (TypeError, ValueError):
        return False
