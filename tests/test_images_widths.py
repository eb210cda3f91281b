"""One file for the widths that are the same bytes (images.unscaled_from, published_width).

A page asks for a photo at 240, 480, 640, 960 or 1600 px; a photo narrower than that is
published at its own size, so several of those widths were the same JPEG, written (and
checked on every build) once per width. Now a page links one file for all of them. What
must hold: the file a page links is byte for byte what the width it asked for would have
made; a width the photo is scaled to keeps its own file; and a published site holds no two
files of one photo with the same bytes.
"""
from __future__ import annotations

import hashlib
import io
from collections import defaultdict

import pytest
from PIL import Image

from sitegen import images

WIDTHS = (120, 240, 319, 320, 321, 480, 640, 960, 1600)


def _noise(size) -> Image.Image:
    """A photo-like image (no two rows alike), so a resize always changes the bytes."""
    w, h = size
    return Image.frombytes("RGB", size, bytes((x * 7 + y * 13 + (x * y) % 251) % 256
                                              for y in range(h) for x in range(w) for _ in range(3)))


def _photo(tmp_path, name, size, fmt="JPEG", orientation=None) -> str:
    im = _noise(size)
    out = io.BytesIO()
    kw = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        kw["exif"] = exif.tobytes()
    im.save(out, fmt, **kw)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return str(path)


CASES = [
    ("portrait.jpg", (240, 320), "JPEG", None, 240),      # as wide as it is: 240 on
    ("wide.jpg", (320, 180), "JPEG", None, 320),
    ("tall.jpg", (100, 500), "JPEG", None, 250),          # at most twice as tall as wide
    ("turned.jpg", (320, 240), "JPEG", 6, 240),           # EXIF: shown upright, 240 wide
    ("mirror-turned.jpg", (400, 100), "JPEG", 5, 200),    # upright 100 × 400: height bounds it
    ("plain.png", (240, 320), "PNG", None, 320),          # EXIF may follow the pixels: max side
]


@pytest.mark.parametrize("name,size,fmt,orientation,bound", CASES)
def test_the_linked_width_is_the_same_bytes_as_the_width_asked(tmp_path, name, size, fmt,
                                                                orientation, bound):
    path = _photo(tmp_path, name, size, fmt, orientation)
    assert images.unscaled_from(path) == bound
    made = {w: images.derive(path, w, None) for w in WIDTHS}
    for w in WIDTHS:
        shown = images.published_width(bound, w)
        assert shown == min(w, bound)
        assert images.derive(path, shown, None) == made[w], (name, w, shown)
    # below the bound, a width of its own (for a JPEG, whose bound is exact, a scaled one)
    below = [w for w in WIDTHS if w < bound]
    assert below
    for w in below:
        assert images.published_width(bound, w) == w
        assert fmt != "JPEG" or made[w] != made[max(WIDTHS)]
    if fmt == "JPEG":           # the JPEG bound is the narrowest: one pixel less is scaled
        with Image.open(io.BytesIO(images.derive(path, bound - 1, None))) as im:
            scaled = im.size
        with Image.open(io.BytesIO(made[max(WIDTHS)])) as im:
            full = im.size
        assert scaled != full and scaled[0] <= bound - 1


def test_a_photo_that_does_not_open_has_no_bound_and_keeps_every_width(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert images.unscaled_from(str(bad)) is None
    assert images.unscaled_from(str(tmp_path / "missing.jpg")) is None
    assert [images.published_width(None, w) for w in WIDTHS] == list(WIDTHS)


def test_a_changed_photo_gets_its_new_bound(tmp_path):
    path = _photo(tmp_path, "p.jpg", (240, 320))
    assert images.unscaled_from(path) == 240
    im = _noise((1200, 900))
    im.save(path, "JPEG")
    import os
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert images.unscaled_from(path) == 1200


def test_no_two_published_files_of_one_photo_are_the_same_bytes(sample_site):
    """Each photo's published files differ from one another, and a photo shown wider
    than it is (the sample county's 540 × 720 portraits on the 640 px screen slides, its
    1440 × 1080 story photos at 1600) is one file named by its own width."""
    by_photo = defaultdict(dict)
    for f in (sample_site / "media").iterdir():
        prefix, width = f.stem.rsplit("-", 1)
        by_photo[prefix][int(width)] = hashlib.sha256(f.read_bytes()).hexdigest()
    files = sum(len(v) for v in by_photo.values())
    for prefix, widths in by_photo.items():
        assert len(set(widths.values())) == len(widths), (prefix, widths)
    assert files >= len(by_photo) >= 100
    # photos shown wider than they are: one file, named by the photo's own width
    asked = {240, 480, 640, 960, 1600}
    assert sum(any(w not in asked for w in ws) for ws in by_photo.values()) >= 100
    assert not any(len(set(ws) - asked) > 1 for ws in by_photo.values())
