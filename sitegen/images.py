"""Photos for pages, slides and posters: resized, upright, and stripped of EXIF.

Team members send phone photos of several megabytes, turned by an EXIF flag and carrying
GPS positions. None of that may reach the intranet: every published image is decoded,
turned upright, scaled to the size the page uses and saved anew without metadata. The
result is named by a hash of the source bytes and the size, so it is deterministic and
cached between builds (`.sitegen-cache/images/`, sealed: see `cache.py`).

What is opened, and why so little: a clerk's file reaches Pillow, whose plugins include
EPS (which starts Ghostscript where it is installed), PDF, TGA, ICO and dozens more.
Only JPEG, PNG, WebP and GIF (its first frame) are accepted, recognised by their first
bytes *before* Pillow sees the file, and Pillow is told to try only that one format.
HEIC (what iPhones send) gets its own message, and so does an image of more than
`MAX_PIXELS` (a 12000×12000 PNG took 51 s and 1.2 GB; a decompression bomb far more).

Tones: scanners and some cameras write 16-bit greyscale (`I;16`), 32-bit integer or float
pixels; Pillow's plain `convert("RGB")` clips those at 255, which published scanned
certificates almost white. `to_rgb` scales them to 8 bits first.
"""
from __future__ import annotations

import io
import math
import os
import re
import stat as statmod
import warnings
from pathlib import Path

from . import cache as C

# Pillow is imported where an image is opened (open_image, and what works on what it
# opened): a rebuild whose photos were all checked before opens none (`trust`), and
# skips the import (≈ 10 ms, and 5 ms more for its format plugins).

PIPELINE_VERSION = "4"
MAX_ASPECT = 2.0   # a derived image is at most twice as tall as wide (long screenshots, panoramas)
JPEG_QUALITY = 82
MAX_PIXELS = 50_000_000
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")

_hashes: dict[tuple, str] = {}


class Refused(Exception):
    """An image that is not opened or not decoded: `code` names the problem message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


_known: list = ["", {}]      # (content folder and a separator, rel -> sha256): know_hashes
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def _known_sha(path: str) -> str | None:
    """The sha256 the build's content scan has for a photo at `path`, if any."""
    top, hashes = _known
    if top and path.startswith(top) and path.lower().endswith(PHOTO_SUFFIXES):
        return hashes.get(path[len(top):].replace(os.sep, "/"))
    return None


def source_hash(path: str) -> str:
    known = _known_sha(path)
    if known is not None:
        return known
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        _hashes[key] = C.file_sha256(path)
    return _hashes[key]


def know_hashes(root: Path, hashes: dict) -> None:
    """Take the content hashes this build already has (`incremental.Files.hashes`: sha256
    per content-relative path, found at the start of the build), so photos are neither
    read nor stat-ed again to be named. Looked up by path when asked (`_known_sha`): one
    path joined per photo of 110,402 files made this 0.15 s of every build."""
    _known[:] = [os.path.join(str(root), ""), hashes]


def forget_hashes() -> None:
    """The end of a build: the next one (the dev server's) takes its own."""
    _known[:] = ["", {}]


def media_path(path: str, width: int) -> str:
    """Output path of the derived image of `path` at `width` pixels wide."""
    return _media_name(source_hash(path), width)


def _media_name(sha: str, width: int) -> str:
    return f"media/{sha[:20]}-{width}.jpg"


def _rel_hash(rel: str, path: str) -> str:
    """`source_hash(path)`, looked up by `rel` in the scan's hashes when `path` is the
    content folder's `rel` (57,600 photos named at 100 counties: no path cut and
    lower-cased for each)."""
    top, hashes = _known
    if top and path == top + rel.replace("/", os.sep):
        known = hashes.get(rel)
        if known is not None:
            return known
    return source_hash(path)


_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
                b"avif", b"avis")


def sniff(head: bytes) -> str:
    """The format of a file by its first bytes: one of FORMATS, "HEIC", or "".

    Signatures, not names: an EPS named `.jpg` is an EPS."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC"
    return ""


def open_image(path: str) -> Image.Image:
    """Open (header only) an accepted image, or raise `Refused` saying why not."""
    try:
        st = os.stat(path)
        if not statmod.S_ISREG(st.st_mode):
            raise Refused("image_invalid")
        with open(path, "rb") as f:
            head = f.read(32)
    except OSError as err:
        raise Refused("image_invalid") from err
    from PIL import Image
    kind = sniff(head)
    if kind == "HEIC":
        raise Refused("image_heic")
    if not kind:
        raise Refused("image_format", kind=_describe(head))
    try:
        with warnings.catch_warnings():     # Pillow warns from 89 MP on; we refuse at 50
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path, formats=[kind])
    except Image.DecompressionBombError as err:
        found = re.search(r"\((\d+) pixels\)", str(err))
        pixels = int(found.group(1)) if found else 0
        raise Refused("image_too_big", size=f"{pixels / 1e6:.0f}", mp=f"{pixels / 1e6:.0f}",
                      limit=MAX_PIXELS // 1_000_000) from err
    except Exception as err:   # Pillow raises many kinds for damaged headers
        raise Refused("image_invalid") from err
    if im.width * im.height > MAX_PIXELS:
        w, h = im.size
        im.close()
        raise Refused("image_too_big", size=f"{w}×{h}", mp=f"{w * h / 1e6:.0f}",
                      limit=MAX_PIXELS // 1_000_000)
    return im


def _describe(head: bytes) -> str:
    """A word for what the file is instead (shown in the message)."""
    for sig, name in ((b"%!PS", "EPS/PostScript"), (b"\xc5\xd0\xd3\xc6", "EPS"), (b"%PDF", "PDF"),
                      (b"BM", "BMP"), (b"II*\0", "TIFF"), (b"MM\0*", "TIFF"), (b"\0\0\1\0", "ICO"),
                      (b"8BPS", "PSD"), (b"<svg", "SVG"), (b"<?xml", "SVG/XML"), (b"PK\3\4", "ZIP/Office")):
        if head.startswith(sig):
            return name
    return "?"


def to_rgb(im: Image.Image) -> Image.Image:
    """Any Pillow mode → 8-bit RGB with the tones the photo shows (transparency on white).

    16-bit and 32-bit greyscale are scaled by their range (16-bit: /256; float in 0–1:
    ×255), not clipped at 255 as Pillow's own conversion does."""
    mode = im.mode
    if mode.startswith("I;16"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode in ("I", "F"):
        lo, hi = im.getextrema()
        if mode == "F" and hi <= 1.0:
            scale = 255.0
        elif hi <= 255:
            scale = 1.0
        elif hi <= 65535:
            scale = 1 / 256
        else:
            scale = 255.0 / hi
        im = im.point(lambda v: v * scale).convert("L")
    if im.mode == "La":                 # premultiplied: Pillow converts only to LA
        im = im.convert("LA")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "P") or "transparency" in im.info:
        from PIL import Image
        im = im.convert("RGBA")
        background = Image.new("RGB", im.size, "white")
        background.paste(im, mask=im.split()[-1])
        return background
    if im.mode != "RGB":
        im = im.convert("RGB")
    return im


def _strict_decode():
    """Pillow's LOAD_TRUNCATED_IMAGES off for one decode (WeasyPrint turns it on globally
    when imported, which would publish a truncated photo as grey)."""
    from PIL import ImageFile

    class Strict:
        def __enter__(self):
            self.lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False

        def __exit__(self, *exc):
            ImageFile.LOAD_TRUNCATED_IMAGES = self.lenient
    return Strict()


def _cache_key(path: str, width: int) -> str:
    return f"{source_hash(path)}-{width}-{PIPELINE_VERSION}"


def cached_path(cache_dir: Path, path: str, width: int) -> Path:
    """Where the derived photo is kept in the cache (the one place that names it)."""
    return cache_dir / "images" / f"{_cache_key(path, width)}.jpg"


def derive(path: str, width: int, cache_dir: Path | None) -> bytes:
    """JPEG bytes of the photo, upright, at most `width` wide, without metadata.

    Raises `Refused` for a file that is not an accepted image or does not decode whole."""
    key = _cache_key(path, width)
    cached = cached_path(cache_dir, path, width) if cache_dir else None
    if cached:
        data = C.read_sealed(cached, "image:" + key)
        if data is not None:
            return data
    try:
        data = _encode(path, width)
    except Refused as refused:
        refused.path = path
        raise
    if cached:
        C.write_sealed(cached, "image:" + key, data)
    return data


def _encode(path: str, width: int) -> bytes:
    from PIL import ImageOps
    with open_image(path) as im, _strict_decode():
        try:
            if im.format == "JPEG" and im.mode in ("RGB", "L"):
                # Decode a camera JPEG at 1/2, 1/4 or 1/8 scale when that is still at least
                # `width` on its short side: several times faster on 12-megapixel photos.
                im.draft("RGB", (width, width))
            im.load()
            im = ImageOps.exif_transpose(im)
            im = fit(to_rgb(im), width)
        except Refused:
            raise
        except Exception as err:   # truncated, header only, damaged data
            raise Refused("image_undecodable") from err
        # Pillow writes back what it read (JPEG comments, ICC, XMP) unless told not to:
        # a comment can carry a name or a place, so nothing of the source's info goes out.
        im.info = {}
        out = io.BytesIO()
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def fit(im: Image.Image, width: int) -> Image.Image:
    """Scale down (never up) to at most `width` wide and `MAX_ASPECT * width` tall."""
    scale = min(1.0, width / im.width, width * MAX_ASPECT / im.height)
    if scale >= 1.0:
        return im
    size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    from PIL import Image
    return im.resize(size, Image.Resampling.LANCZOS)


_opens: dict[tuple, Refused | None] = {}
_bounds: dict[tuple, int] = {}       # (path, size, mtime_ns) -> unscaled_from's answer
_trusted: dict[str, int] = {}        # sha256 -> bound of a photo that opened (see `trust`)


def trust(opened: dict[str, int]) -> None:
    """Photos known to open, by content hash, with their `unscaled_from` bound (what
    earlier validations found: `known_to_open`). While homes are validated, `check`
    answers for these from the hash this build's content scan gave the path
    (`know_hashes`) instead of opening the file: an edit of one record re-validates its
    home without opening its 30 photos, and a build whose record cache is gone opens none
    of the photos that opened before. A path the scan did not hash is opened as before;
    `trust({})` ends it."""
    _trusted.clear()
    _trusted.update(opened)


def _opened_path(cache: Path) -> Path:
    return cache / "images" / "opened.pickle"


def known_to_open(cache: Path) -> dict[str, int]:
    """Photos (sha256 -> bound) that earlier validations opened, kept beside the
    derivatives (a fact about the bytes, like them): read back sealed, and believed only
    from this code and in shape; else none (every photo is opened)."""
    try:
        made_by, opened = C.load(_opened_path(cache), None)
        if made_by != C.code_version() or type(opened) is not dict:
            return {}
        for k, v in opened.items():         # (a plain loop: 57,600 photos at 100 counties)
            if not (type(k) is str and len(k) == 64 and type(v) is int and v > 0):
                return {}
        return opened
    except (TypeError, ValueError):
        pass
    return {}


def remember_opened(cache: Path, known: dict[str, int], found: dict[str, int], present) -> None:
    """Keep what this build's validations found opening (`found`) with what was `known`,
    for the photos still `present` (the content's hashes): written only when it changes."""
    new = {sha: b for sha, b in {**known, **found}.items() if sha in present}
    if new != known:
        C.save(_opened_path(cache), (C.code_version(), new))


def unscaled_from(path: str) -> int | None:
    """The narrowest width at which `derive` leaves the photo at its own size (None: it
    does not open). At that width and at every wider one the derivative is the same
    bytes: no draft scale, no resize, the same encoder settings. A page asking for a
    480 px version of a 320 px photo is given that one file (`published_width`) instead of
    a copy per width: the benchmark's 240 × 320 photos were three identical files each
    (-480, -960, -1600; now one, -240). The sample county's 540 × 720 member photos keep
    their number of files: the screens' -640.jpg, which held the 540 px photo, is named
    -540.jpg. Known from the header, which validation opens anyway (cached by stat, with
    `check`)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (path, st.st_size, st.st_mtime_ns)
    if key not in _bounds:
        try:
            with open_image(path) as im:
                _bounds[key] = _unscaled_from(im)
        except Exception:       # Refused, or a header Pillow cannot read: told by `check`
            return None
    return _bounds[key]


def _unscaled_from(im: Image.Image) -> int:
    if im.format == "JPEG":
        # A JPEG's EXIF comes before its pixels, so the orientation `derive` will apply
        # (ImageOps.exif_transpose) is the one read with the header.
        try:
            w, h = _upright(im)
        except Exception:
            return max(im.size)
        return max(w, math.ceil(h / MAX_ASPECT))     # `fit`: scale 1 from here on
    # Other formats may place their EXIF after the pixels: either orientation is possible,
    # and max(w, h) leaves both unscaled.
    return max(im.size)


def published_width(bound: int | None, width: int) -> int:
    """The width whose derivative a page showing the photo at `width` links: `width`, or
    the photo's own `unscaled_from` bound when that is narrower (the same bytes)."""
    return width if bound is None or width < bound else bound


def check(path: str, full: bool = False) -> Refused | None:
    """Why the image would not be published (None: it opens). `full` decodes every pixel,
    which also catches a truncated file that `verify()` (the quick check of the contract)
    lets through. Cached by stat."""
    try:
        st = os.stat(path)
    except OSError:
        return Refused("image_invalid")
    key = (path, st.st_size, st.st_mtime_ns, full)
    if key not in _opens:
        bound = None if full else _trusted.get(_known_sha(path) or "")
        if bound is not None:           # opened before, same bytes (see `trust`)
            _bounds.setdefault(key[:3], bound)
            return None
        result = None
        try:
            with open_image(path) as im, _strict_decode():
                if not full:        # the header is open: unscaled_from need not open it again
                    _bounds.setdefault(key[:3], _unscaled_from(im))
                im.load() if full else im.verify()
        except Refused as refused:
            result = refused
        except Exception:  # Pillow raises many kinds for damaged files
            result = Refused("image_undecodable" if full else "image_invalid")
        _opens[key] = result
    return _opens[key]


def opens(path: str, full: bool = False) -> bool:
    """Does the image file open? (see `check` for why not)."""
    return check(path, full) is None


def explain(problems: list, root) -> list:
    """`image_invalid` / `image_undecodable` problems told precisely when the reason is
    one the clerk fixes differently: HEIC, another format, too many pixels."""
    from .problems import problem
    from .paths import content_path
    out = []
    for p in problems:
        params = dict(p.params)
        if p.code in ("image_invalid", "image_undecodable") and params.get("path"):
            why = check(str(Path(root) / content_path(p.file, params["path"])))
            if why is not None and why.code not in ("image_invalid", "image_undecodable") and \
                    why.params.get("kind") != "?":     # unknown bytes: "damaged or not an image"
                p = problem(why.code, p.file, p.line, p.column, p.field, p.severity,
                            path=params["path"], **why.params)
        out.append(p)
    return out


def dimensions(path: str) -> tuple[int, int]:
    """Upright width and height of the source image."""
    with open_image(path) as im:
        return _upright(im)


def _upright(im: Image.Image) -> tuple[int, int]:
    """Width and height of an opened image once its EXIF orientation is applied."""
    w, h = im.size
    return (h, w) if im.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (w, h)


PARALLEL_IMAGES = 64     # fewer photos to write than this: in this process


def _publish_job(args) -> tuple:
    """In a worker: one photo derived (read back from its sealed cache entry, or encoded
    and kept there) and written into the stage. Returns (`write_file`'s record, or None
    for a photo that does not decode: the main process derives it again and tells it,
    located; the cache files found damaged here, for the build's note)."""
    root, out_rel, src, width, cache = args
    from .write import write_file
    before = len(C.rejected)
    try:
        written = write_file(root, out_rel, derive(src, width, cache))
    except Refused:
        written = None
    return written, C.rejected[before:]


def write_media(county, page_media: dict, stage, cache: Path, pool=None) -> int:
    """Every photo the pages show, at each width they show it, into the stage: taken from
    the stage when it already holds it (checked by the write stage), else derived (from
    the sealed cache entry when there is one). `pool()` gives the build's process pool:
    from PARALLEL_IMAGES photos on, its workers derive and write them (reading back,
    checking and writing 57,600 cached photos took 11.5 s in this process alone).

    Written anew from the verified cache entry, never linked to it: a published file that
    is a hard link into the cache changes whenever the cache file does."""
    # each (photo, width) once: pages share photos (326,000 uses of 173,000 at 100 counties)
    pairs = dict.fromkeys((src, width) for used in page_media.values() for src, width, _sha in used)
    wanted: dict[str, tuple[str, int]] = {}
    for src, width in pairs:
        absolute = county.images[src]
        wanted[_media_name(_rel_hash(src, absolute), width)] = (absolute, width)
    todo = []
    for out_rel, (src, width) in sorted(wanted.items()):
        key = f"{out_rel}@{PIPELINE_VERSION}"
        if not stage.reuse(out_rel, key):
            todo.append((out_rel, key, src, width))
    executor = pool() if len(todo) >= PARALLEL_IMAGES and pool is not None else None
    if executor is not None:              # (None: a build of one process)
        root = str(stage.root)
        done = executor.map(_publish_job, [(root, o, src, w, cache) for o, _k, src, w in todo],
                          chunksize=32)
        left = []
        for item, (written, notes) in zip(todo, done):
            C.rejected.extend(notes)
            if written is None:
                left.append(item)
            else:
                stage.record(item[0], item[1], written)
        todo = left
    for out_rel, key, src, width in todo:
        stage.write(out_rel, key, derive(src, width, cache))
    return len(wanted)
