"""Photos for pages, slides and posters: resized, upright, and stripped of EXIF.

Team members send phone photos of several megabytes, turned by an EXIF flag and carrying
GPS positions. None of that may reach the intranet: every published image is decoded,
turned upright, scaled to the size the page uses and saved anew without metadata. The
result is named by a hash of the source bytes and the size, so it is deterministic and
cached between builds (`.sitegen-cache/images/`).
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from PIL import Image, ImageOps

PIPELINE_VERSION = "3"
MAX_ASPECT = 2.0   # a derived image is at most twice as tall as wide (long screenshots, panoramas)
JPEG_QUALITY = 82

_hashes: dict[tuple, str] = {}


def source_hash(path: str) -> str:
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _hashes[key]


def media_path(path: str, width: int) -> str:
    """Output path of the derived image of `path` at `width` pixels wide."""
    return f"media/{source_hash(path)[:20]}-{width}.jpg"


def derive(path: str, width: int, cache_dir: Path | None) -> bytes:
    """JPEG bytes of the photo, upright, at most `width` wide, without metadata."""
    key = f"{source_hash(path)}-{width}-{PIPELINE_VERSION}.jpg"
    cached = cache_dir / "images" / key if cache_dir else None
    if cached and cached.is_file():
        return cached.read_bytes()
    with Image.open(path) as im:
        if im.format == "JPEG":
            # Decode a camera JPEG at 1/2, 1/4 or 1/8 scale when that is still at least
            # `width` on its short side: several times faster on 12-megapixel photos.
            im.draft("RGB", (width, width))
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "P"):
            im = im.convert("RGBA")
            background = Image.new("RGB", im.size, "white")
            background.paste(im, mask=im.split()[-1])
            im = background
        elif im.mode != "RGB":
            im = im.convert("RGB")
        im = fit(im, width)
        # Pillow writes back what it read (JPEG comments, ICC, XMP) unless told not to:
        # a comment can carry a name or a place, so nothing of the source's info goes out.
        im.info = {}
        out = io.BytesIO()
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    data = out.getvalue()
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, cached)
    return data


def fit(im: Image.Image, width: int) -> Image.Image:
    """Scale down (never up) to at most `width` wide and `MAX_ASPECT * width` tall."""
    scale = min(1.0, width / im.width, width * MAX_ASPECT / im.height)
    if scale >= 1.0:
        return im
    size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    return im.resize(size, Image.Resampling.LANCZOS)


_opens: dict[tuple, bool] = {}


def opens(path: str, full: bool = False) -> bool:
    """Does the image file open? `full` decodes every pixel, which also catches a truncated
    file that `verify()` (the quick check of the contract) lets through. Cached by stat.

    WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES when it is imported (posters, or
    any earlier build in this process), which would make a truncated photo decode "fine";
    the full check turns it off for its own decode."""
    from PIL import ImageFile
    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns, full)
    if key not in _opens:
        lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            with Image.open(path) as im:
                im.load() if full else im.verify()
            _opens[key] = True
        except Exception:  # Pillow raises many kinds for damaged files
            _opens[key] = False
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return _opens[key]


def dimensions(path: str) -> tuple[int, int]:
    """Upright width and height of the source image."""
    with Image.open(path) as im:
        w, h = im.size
        orientation = im.getexif().get(0x0112, 1)
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)
