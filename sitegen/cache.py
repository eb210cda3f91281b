"""The persistent build cache (`.sitegen-cache/` beside the content folder by default).

What is kept, and what it is keyed by:
- `build/files.pickle`: for every file under the content folder, its size, mtime, inode and
  SHA-256. A file whose stat is unchanged (and was not modified in the last seconds before
  it was hashed, the "racy" case git also guards against) keeps its hash without being
  read again; every other file is read and hashed. All keys below are made of these
  *content* hashes, never of times.
- `build/homes/<home>.pickle`: one home's parsed and validated records (the `HomeRecord`
  with its teams, plans, results, honors and activities), keyed by the hashes of every
  file in the home's folder, of the images it names elsewhere, and of the code version.
- `build/out-<output>.pickle`: the manifest of the last successful build into an output
  folder: every file written, the key it was made from (page: a hash of its template and
  of the values its template reads; photo: source hash, width and pipeline version), and
  the photos each page uses. A page whose key is unchanged is not rendered again: the new
  build takes the previous file by hard link.
- `images/`: processed photos, kept by `images.py`.

Deleting the folder is always safe: the next build is a full one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path

FORMAT = "1"
RACY_NS = 2_000_000_000          # files modified this close to hashing are hashed again

_CODE: str | None = None


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


def load(path: Path, default=None):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:        # absent, truncated by a kill, or from another version
        return default


def save(path: Path, value) -> None:
    """Write atomically: a killed build never leaves a half-written cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


class Files:
    """Content hashes of every file under the content folder, kept between builds."""

    def __init__(self, cache: Path, content: Path):
        self.path = cache / "build" / "files.pickle"
        self.content = content
        old = load(self.path, {})
        self.old: dict = old.get(str(content), {}) if isinstance(old, dict) else {}
        self.hashes: dict[str, str] = {}      # rel -> sha256
        self.stats: dict[str, tuple] = {}     # rel -> (size, mtime_ns, ino, sha, hashed_at)
        self.read = 0

    def scan(self) -> dict[str, str]:
        now = time.time_ns()
        root = str(self.content)
        cut = len(root) + 1
        stack = [root]
        old, stats, hashes = self.old, self.stats, self.hashes
        while stack:
            d = stack.pop()
            try:
                it = os.scandir(d)
            except OSError:
                continue
            with it:
                for e in it:
                    name = e.name
                    if name.startswith(".sitegen-cache"):
                        continue
                    try:
                        if e.is_dir():
                            stack.append(e.path)
                            continue
                        st = e.stat()
                    except OSError:
                        continue
                    rel = e.path[cut:].replace(os.sep, "/")
                    prev = old.get(rel)
                    if prev and prev[0] == st.st_size and prev[1] == st.st_mtime_ns and \
                            prev[2] == st.st_ino and prev[4] - st.st_mtime_ns > RACY_NS:
                        stats[rel] = prev
                        hashes[rel] = prev[3]
                        continue
                    try:
                        with open(e.path, "rb") as f:
                            sha = hashlib.sha256(f.read()).hexdigest()
                    except OSError:
                        continue
                    self.read += 1
                    stats[rel] = (st.st_size, st.st_mtime_ns, st.st_ino, sha, now)
                    hashes[rel] = sha
        return hashes

    def changed(self) -> bool:
        return self.read > 0 or set(self.stats) != set(self.old)

    def commit(self) -> None:
        if self.stats != self.old:
            save(self.path, {str(self.content): self.stats})


def tree_digests(hashes: dict[str, str]) -> tuple[dict[str, str], str, str]:
    """(digest per home folder, digest of everything outside `homes/`, digest of all)."""
    per_home: dict[str, list] = {}
    rest = []
    for rel in sorted(hashes):
        if rel.startswith("homes/"):
            parts = rel.split("/", 2)
            if len(parts) == 3:
                per_home.setdefault(parts[1], []).append(f"{parts[2]}:{hashes[rel]}")
                continue
        rest.append(f"{rel}:{hashes[rel]}")
    homes = {hid: digest(*items) for hid, items in per_home.items()}
    outside = digest(*rest)
    everything = digest(outside, *sorted(homes.items()))
    return homes, outside, everything
