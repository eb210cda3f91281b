"""Photos: no camera-sized, sideways or GPS-tagged image may reach a published page."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from edge_county import make_edge_content, phone_photo
from sitegen import cache as C
from sitegen import images
from sitegen.build import build


@pytest.fixture(scope="module")
def phone(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("phone") / "IMG_0001.jpg"
    path.write_bytes(phone_photo())
    return path


def _open(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_phone_photo_fixture_is_what_a_phone_sends(phone):
    """The test input really is large, sideways-flagged and carries GPS."""
    assert phone.stat().st_size > 8 * 1024 * 1024
    with Image.open(phone) as im:
        exif = im.getexif()
        assert im.size == (4032, 3024)
        assert exif[0x0112] == 6
        assert exif.get_ifd(0x8825)[2] == (26.0, 35.0, 12.5)


@pytest.mark.parametrize("width", [240, 480, 960])
def test_derived_photo_is_upright_small_and_without_metadata(phone, tmp_path, width):
    data = images.derive(str(phone), width, tmp_path)
    im = _open(data)
    assert im.format == "JPEG"
    # Upright: the stored 4032×3024 landscape with orientation 6 is a portrait.
    assert im.size == (width, width * 4 // 3)
    # The red quarter (stored top-left) is top-right once turned 90° clockwise.
    r, g, b = im.getpixel((im.width - 3, 3))[:3]
    assert r > 180 and g < 80 and b < 80
    r, g, b = im.getpixel((3, 3))[:3]
    assert not (r > 180 and g < 80)
    # No EXIF at all (so no GPS, no orientation flag to turn it twice), no XMP/ICC.
    assert not im.getexif()
    assert "exif" not in im.info and "xmp" not in im.info and "icc_profile" not in im.info
    assert b"GPS" not in data and b"Exif" not in data
    assert len(data) < 400 * 1024


def test_photos_are_cached_by_content_hash(phone, tmp_path):
    first = images.derive(str(phone), 240, tmp_path)
    cached = list((tmp_path / "images").glob("*.jpg"))
    assert len(cached) == 1
    assert cached[0].name.startswith(images.source_hash(str(phone)))
    # A cache hit returns the stored bytes without decoding the photo again: an entry
    # sealed by this user for this key (see cache.py) is used as it is...
    key = cached[0].stem
    cached[0].write_bytes(C.seal("image:" + key, b"from-cache"))
    assert images.derive(str(phone), 240, tmp_path) == b"from-cache"
    # The same bytes under another name share the cache entry and the published name.
    twin = tmp_path / "copy.jpg"
    twin.write_bytes(phone.read_bytes())
    assert images.derive(str(twin), 240, tmp_path) == b"from-cache"
    assert images.media_path(str(twin), 240) == images.media_path(str(phone), 240)
    # ...while raw bytes, or an entry sealed for another key, are rejected and rebuilt.
    C.reset_notes()
    cached[0].write_bytes(b"from-cache")
    assert images.derive(str(phone), 240, tmp_path) == first
    assert C.rejected == [str(cached[0])]
    cached[0].write_bytes(C.seal("image:other-key", b"from-cache"))
    assert images.derive(str(phone), 240, tmp_path) == first
    cached[0].unlink()
    assert images.derive(str(phone), 240, tmp_path) == first


def test_tall_images_are_bounded(tmp_path):
    src = tmp_path / "scroll.png"
    Image.new("RGB", (600, 6000), "white").save(src)
    im = _open(images.derive(str(src), 300, None))
    assert im.size == (60, 600)


def test_small_images_are_not_enlarged(tmp_path):
    src = tmp_path / "small.png"
    Image.new("RGBA", (100, 80), (200, 0, 0, 128)).save(src)
    im = _open(images.derive(str(src), 480, None))
    assert im.size == (100, 80) and im.mode == "RGB"


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edge-img")
    content = make_edge_content(root / "content")
    out = root / "output"
    build(content, out, posters=False, cache=root / "cache")
    return out


def test_no_camera_sized_photo_reaches_a_page(edge_site):
    """Pages get photos of at most 1280 px and 400 KB; the lobby screens' story and
    certificate photos are 1600 px wide (about half a 3840×2160 screen) and stay well under a
    camera original even for this noise photo, JPEG's worst case. None keeps EXIF."""
    import re
    media = sorted((edge_site / "media").glob("*.jpg"))
    assert media, "the edge county has photos"
    on_pages = set()
    for html in edge_site.rglob("*.html"):
        if html.relative_to(edge_site).parts[0] != "screen":
            on_pages |= set(re.findall(r"media/([\w.-]+\.jpg)", html.read_text(encoding="utf-8")))
    assert on_pages
    for path in media:
        data = path.read_bytes()
        im = _open(data)
        assert not im.getexif(), path.name
        if path.name in on_pages:
            assert len(data) < 400 * 1024 and max(im.size) <= 1280, path.name
        else:
            assert len(data) < 1536 * 1024 and im.width <= 1600, path.name   # width-bound
    big = phone_photo()
    assert all(p.stat().st_size != len(big) for p in edge_site.rglob("*") if p.is_file())


def test_every_page_image_has_a_1x_and_2x_size(edge_site):
    """A sharper 2x file wherever the photo has the pixels for one; where it has not, the
    one file is the photo at its own size, and no srcset names it twice."""
    # Intranet pages (the lobby screens of issue 5 size their photos for the TV).
    pages = [p for p in edge_site.rglob("index.html") if not p.relative_to(edge_site).as_posix().startswith("screen/")]
    seen = doubled = single = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<img\b[^>]*>", html):
            seen += 1
            src = re.search(r'src="([^"]+)"', tag)[1]
            assert "media/" in src and src.endswith(".jpg"), tag
            assert re.search(r'alt="[^"]+"', tag), tag
            shown = int(re.search(r'width="(\d+)"', tag)[1])
            w1 = int(re.search(r"-(\d+)\.jpg$", src)[1])
            with Image.open(page.parent / src) as im:
                got1 = im.size[0]
            assert w1 <= shown <= 480 and got1 <= w1
            found = re.search(r'srcset="([^"]+)"', tag)
            if found is None:       # one file: the photo at its own size, narrower than 2x
                single += 1
                assert got1 < 2 * shown, tag
                continue
            doubled += 1
            one, two = [part.strip().split(" ") for part in found[1].split(",")]
            assert one == [src, "1x"] and two[1] == "2x" and two[0] != src
            assert w1 == shown, tag            # 1x at the size shown, when a 2x exists
            w2 = int(re.search(r"-(\d+)\.jpg$", two[0])[1])
            with Image.open(page.parent / two[0]) as im:
                got2 = im.size[0]
            assert shown < w2 <= 2 * shown and got1 < got2 <= w2, tag
    assert seen >= 10 and doubled >= 5 and single >= 1, (doubled, single)
