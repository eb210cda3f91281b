"""Path policy: which file a record's path names, and whether it may be published.

Records name photos relative to themselves and are written on Windows, so a path may use
`\\`, the wrong letter case, or lead anywhere on the disk. Everything published must be a
file inside the content folder (no absolute paths, no `..` out, no symlink out, no URL to
load from elsewhere), because the output goes on a government intranet. When the file is
not there, the fix names the file the clerk most likely meant (same name, other case or
extension, or the nearest spelling), which is what the clerk needs to correct it.
"""
from __future__ import annotations

import difflib
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from .i18n import CHECK_WORDS
from .problems import Problem, problem
from .read import leaves

# A home or team folder name becomes part of every web address under it.
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")   # \Z: `$` would let a name end in a newline


def bad_id(name: str, rel: str) -> Problem:
    """`bad_id` for a folder name, suggesting the nearest name that is allowed."""
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "home-1"
    return problem("bad_id", rel, 0, 0, "", name=name, suggestion=slug)


def content_path(record_rel: str, src: str) -> str:
    """Content-relative path of an image named in a record (relative to that record)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(record_rel), src.replace("\\", "/")))


def find_image(root: Path, record_rel: str, src: str, where: tuple[int, int],
               field: str) -> tuple[str, Path] | Problem:
    """The file an image path in a record names: (its content path, the file on disk),
    or the problem with it. Whether the file decodes is asked by validate: images.py
    takes `content_path` from here, so this module must not import images.py."""
    line, col = where
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src) or "://" in src or \
            src.lower().startswith(("data:", "javascript:")):
        return problem("path_outside", record_rel, line, col, field, path=src)
    rel = content_path(record_rel, src)
    if rel == ".." or rel.startswith("../"):
        return problem("path_outside", record_rel, line, col, field, path=src)
    path = root / rel
    if os.path.lexists(path) and leaves(root, path):
        return problem("path_outside", record_rel, line, col, field, path=src)
    if not path.is_file():
        # A name that differs only in case works on the clerk's Windows PC; read the
        # file it means here too (sitegen check warns, see lint.py), else suggest one.
        actual = exact_case(root, rel)
        if actual is None:
            return _image_missing(root, record_rel, rel, src, (line, col), field)
        path = root / actual
        if leaves(root, path):
            return problem("path_outside", record_rel, line, col, field, path=src)
    return rel, path


def exact_case(root: Path, rel: str) -> str | None:
    """`rel` spelt with the letter case of the names on disk, when exactly one file
    matches it ignoring case; None otherwise. Equal to `rel` when the case is right."""
    cur, parts = root, []
    for part in rel.split("/"):
        try:
            names = os.listdir(cur)
        except OSError:
            return None
        if part not in names:
            same = [n for n in names if n.casefold() == part.casefold()]
            if len(same) != 1:
                return None
            part = same[0]
        parts.append(part)
        cur = cur / part
    return "/".join(parts) if cur.is_file() else None


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic")


def _closest(want: str, names: list[str]) -> str | None:
    """The name a clerk most likely meant: same stem (`li-ming.JPG`, `liming.jpeg` for
    `liming.jpg`), else the nearest spelling."""
    def stem(n: str) -> str:
        return re.sub(r"[-_\s.]+", "", posixpath.splitext(n)[0].casefold())
    same = [n for n in names if stem(n) == stem(want)]
    if same:
        return same[0]
    lowered = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(want.casefold(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _image_missing(root: Path, record_rel: str, rel: str, src: str, where: tuple[int, int],
                   field: str) -> Problem:
    """`image_missing`, naming the nearest existing file (or folder) when there is one."""
    line, col = where
    if any(ch in _ESCAPED for ch in src):
        # "photos\a.png" in double quotes: YAML read `\a` as a control character
        fixed = "".join("/" + _ESCAPED[ch] if ch in _ESCAPED else ch for ch in src).replace("\\", "/")
        return problem("image_missing", record_rel, line, col, field, path=repr(src)[1:-1],
                       variant="escape", suggestion=fixed)
    cur, parts = root, rel.split("/")
    found = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        try:
            names = sorted(n for n in os.listdir(cur) if ((cur / n).is_file() if last else (cur / n).is_dir()))
        except OSError:
            names = []
        if part in names:
            hit = part
        else:
            if last:
                pictures = [n for n in names if n.casefold().endswith(IMAGE_SUFFIXES)]
                names = pictures or names
            hit = _closest(part, names)
        if hit is None:
            return problem("image_missing", record_rel, line, col, field, path=src)
        found.append(hit)
        cur = cur / hit
        if last:
            more = "…" if len(names) > 8 else ""
            listing = CHECK_WORDS["zh"]["list_sep"].join(names[:8]) + more
            listing_en = CHECK_WORDS["en"]["list_sep"].join(names[:8]) + more
    suggestion = posixpath.relpath("/".join(found), posixpath.dirname(record_rel) or ".")
    return problem("image_missing", record_rel, line, col, field, path=src, variant="near",
                   suggestion=suggestion, listing=listing, listing_en=listing_en)


_ESCAPED = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
            "\x1b": "e", "\0": "0"}


# ------------------------------------------------------------------ links in bodies

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_ELSEWHERE = ("file", "http", "https", "ftp", "smb")


def scheme(target: str) -> str | None:
    """The URL scheme of a target, lower case; None for a path (`C:\\…` is a path)."""
    match = _SCHEME.match(target)
    return match.group(1).lower() if match and not _DRIVE.match(target) else None


def image_elsewhere(target: str) -> bool:
    """An image a page would load from outside the site: nothing is loaded from elsewhere.
    (`data:` and `javascript:` need no error: the sanitiser drops them when rendering.)"""
    return scheme(target) in _ELSEWHERE or target.startswith("//")


def link_leaves(record_rel: str, target: str) -> bool:
    """A link that points at a file outside the content folder (`file:`, an absolute or
    drive path, `..` out of it). Web and mail links and in-page anchors are fine."""
    kind = scheme(target)
    if kind == "file":
        return True
    if kind is not None or not target or target.startswith("#"):
        return False
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        return True
    rel = content_path(record_rel, path) if path else "."
    return rel == ".." or rel.startswith("../")
