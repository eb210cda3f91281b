"""Photo checks and derivation (sitegen/images.py): the tables a mutation run asked for.

What the clerk reads about a photo that is refused (the code, and the words: which format
it is instead, how many pixels, the limit), which problems get told more precisely, and
what the published JPEG is: upright dimensions, size bounds, exact tones of 16-bit and
float scans, transparency on white, progressive and without metadata, cached and sealed.
See docs/testing.md for the mutants each test kills.
"""
from __future__ import annotations

import hashlib
import io
import re
from types import SimpleNamespace

import pytest
from PIL import Image, ImageFile

from sitegen import images
from sitegen.problems import WARNING, problem


def _png(im: Image.Image, **kw) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG", **kw)
    return out.getvalue()


def _jpeg(im: Image.Image, **kw) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", **kw)
    return out.getvalue()


def _file(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# ------------------------------------------------------------------ what a file is instead

OTHER = [
    (b"%!PS-Adobe-3.0 EPSF-3.0\n", "EPS/PostScript"), (b"\xc5\xd0\xd3\xc6" + b"\0" * 28, "EPS"),
    (b"%PDF-1.4\n", "PDF"), (b"BM" + b"\0" * 30, "BMP"), (b"II*\0" + b"\0" * 28, "TIFF"),
    (b"MM\0*" + b"\0" * 28, "TIFF"), (b"\0\0\1\0\1\0" + b"\0" * 26, "ICO"), (b"8BPS\0\1", "PSD"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"), (b"<?xml version='1.0'?><svg/>", "SVG/XML"),
    (b"PK\3\4" + b"\0" * 28, "ZIP/Office"), (b"hello, not an image", "?"), (b"", "?"),
    (b"RIFF\0\0\0\0WAVEfmt ", "?"),                   # RIFF, but a sound
    (b"\0\0\0\x18ftypisom\0\0\0\0", "?"),              # an MP4 video, not HEIF
    (b"\0\0\0\x18abcdheic\0\0\0\0", "?"),              # a HEIF brand without `ftyp`
    (b"\xff\xd8", "?"), (b"\x89PNG\r\n", "?"), (b"GIF88a", "?"),
]


@pytest.mark.parametrize("data, kind", OTHER, ids=[f"{i}-{k}" for i, (_d, k) in enumerate(OTHER)])
def test_another_format_is_named(tmp_path, data, kind):
    path = _file(tmp_path, "photo.jpg", data)
    why = images.check(path)
    assert (why.code, why.params) == ("image_format", {"kind": kind})
    assert str(why) == "image_format"


@pytest.mark.parametrize("data, kind", [
    (b"\xff\xd8\xff\xe0", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "WEBP"), (b"\0\0\0\x18ftypheic", "HEIC"), (b"\0\0\0\x18ftypavif", "HEIC"),
    (b"\0\0\0\x18ftypmif1", "HEIC"), (b"RIFF", ""), (b"", ""),
], ids=lambda x: "" if isinstance(x, bytes) else x or "none")
def test_sniff(data, kind):
    assert images.sniff(data) == kind


def test_heic_has_its_own_code(tmp_path):
    path = _file(tmp_path, "IMG_0001.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 100)
    assert (images.check(path).code, images.check(path).params) == ("image_heic", {})


@pytest.mark.parametrize("what", ["folder", "dangling link", "missing", "damaged header"])
def test_what_cannot_be_opened_is_invalid(tmp_path, what):
    path = tmp_path / "a.jpg"
    if what == "folder":
        path.mkdir()
    elif what == "dangling link":
        path.symlink_to(tmp_path / "gone.jpg")
    elif what == "damaged header":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0garbage" * 8)
    with pytest.raises(images.Refused) as caught:
        images.open_image(str(path))
    assert (caught.value.code, str(caught.value)) == ("image_invalid", "image_invalid")
    assert images.check(str(path)).code == "image_invalid"
    assert images.opens(str(path)) is False


# ------------------------------------------------------------------ too many pixels

def test_pixel_limit_counts_width_times_height(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    ok = _file(tmp_path, "ok.png", _png(Image.new("1", (1000, 1000))))
    assert images.check(ok) is None                      # exactly at the limit
    big = _file(tmp_path, "big.png", _png(Image.new("1", (1500, 1000))))
    why = images.check(big)
    assert (why.code, why.params) == ("image_too_big", {"size": "1500×1000", "mp": "2", "limit": 1})
    text = " ".join(problem(why.code, "a.yaml", **why.params).text("en"))
    assert "1500×1000 pixels (about 2 megapixels; at most 1)" in text


def test_a_decompression_bomb_is_told_in_megapixels(tmp_path, monkeypatch):
    """Beyond twice Pillow's own limit, Pillow refuses the header itself."""
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500_000)
    path = _file(tmp_path, "bomb.png", _png(Image.new("1", (1500, 1000))))
    with pytest.raises(images.Refused) as caught:
        images.open_image(path)
    assert (caught.value.code, caught.value.params) == ("image_too_big", {"size": "2", "mp": "2", "limit": 1})
    assert "(about 2 megapixels; at most 1)" in " ".join(problem("image_too_big", "a.yaml", **caught.value.params).text("en"))


# ------------------------------------------------------------------ quick and full checks

@pytest.fixture
def truncated(tmp_path) -> str:
    data = _jpeg(Image.effect_noise((400, 300), 60).convert("RGB"), quality=90)
    return _file(tmp_path, "cut.jpg", data[: len(data) // 2])


def test_a_truncated_photo_passes_the_quick_check_only(truncated):
    assert images.check(truncated) is None and images.opens(truncated) is True
    assert images.check(truncated, full=True).code == "image_undecodable"
    assert images.opens(truncated, full=True) is False
    with pytest.raises(images.Refused) as caught:
        images.derive(truncated, 200, None)
    assert caught.value.code == "image_undecodable" and caught.value.path == truncated


def test_decoding_is_strict_even_when_weasyprint_made_pillow_lenient(truncated, tmp_path, monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(images.Refused):
        images.derive(truncated, 200, None)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True          # and it is given back as it was
    good = _file(tmp_path, "good.png", _png(Image.new("RGB", (20, 10), "red")))
    images.derive(good, 200, None)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_refused_photo_names_its_file(tmp_path):
    path = _file(tmp_path, "a.jpg", b"not an image")
    with pytest.raises(images.Refused) as caught:
        images.derive(path, 200, None)
    assert caught.value.path == path and caught.value.code == "image_format"


# ------------------------------------------------------------------ problems told precisely

@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    photos = root / "homes" / "a" / "teams" / "t" / "photos"
    photos.mkdir(parents=True)
    (photos / "phone.jpg").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 100)
    (photos / "scan.jpg").write_bytes(b"%PDF-1.4\n" + b"\0" * 40)
    (photos / "noise.jpg").write_bytes(b"just some bytes, nothing known")
    (photos / "folder.jpg").mkdir()
    data = _jpeg(Image.effect_noise((200, 100), 60).convert("RGB"))
    (photos / "cut.jpg").write_bytes(data[: len(data) // 2])
    return root


REL = "homes/a/teams/t/team.yaml"
EXPLAIN = [
    ("HEIC", "image_invalid", "photos/phone.jpg", "image_heic", {"path": "photos/phone.jpg"}),
    ("PDF", "image_invalid", "photos/scan.jpg", "image_format", {"path": "photos/scan.jpg", "kind": "PDF"}),
    ("undecodable HEIC", "image_undecodable", "photos/phone.jpg", "image_heic", {"path": "photos/phone.jpg"}),
    ("unknown bytes stay damaged", "image_invalid", "photos/noise.jpg", "image_invalid", {"path": "photos/noise.jpg"}),
    ("a folder stays invalid", "image_invalid", "photos/folder.jpg", "image_invalid", {"path": "photos/folder.jpg"}),
    ("truncated stays undecodable", "image_undecodable", "photos/cut.jpg", "image_undecodable", {"path": "photos/cut.jpg"}),
    ("other codes are left alone", "image_missing", "photos/phone.jpg", "image_missing", {"path": "photos/phone.jpg"}),
]


@pytest.mark.parametrize("code, src, told, params", [r[1:] for r in EXPLAIN], ids=[r[0] for r in EXPLAIN])
def test_explain(content, code, src, told, params):
    p = problem(code, REL, 7, 12, "members[0].photo", WARNING, path=src)
    (out,) = images.explain([p], content)
    assert (out.code, out.file, out.line, out.column, out.field, out.severity, dict(out.params)) == (
        told, REL, 7, 12, "members[0].photo", WARNING, params)


def test_explain_leaves_problems_without_a_path(content):
    p = problem("image_invalid", REL, 3, 1, "photo")
    assert images.explain([p], content) == [p] and dict(images.explain([p], content)[0].params) == {}


# ------------------------------------------------------------------ the published JPEG

@pytest.mark.parametrize("orientation, size", [(1, (300, 200)), (2, (300, 200)), (3, (300, 200)), (4, (300, 200)),
                                               (5, (200, 300)), (6, (200, 300)), (7, (200, 300)), (8, (200, 300))])
def test_dimensions_are_upright(tmp_path, orientation, size):
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _file(tmp_path, "p.jpg", _jpeg(Image.new("RGB", (300, 200)), exif=exif.tobytes()))
    assert images.dimensions(path) == size


def test_dimensions_without_exif(tmp_path):
    assert images.dimensions(_file(tmp_path, "p.png", _png(Image.new("RGB", (30, 20))))) == (30, 20)


@pytest.mark.parametrize("size, width, out", [
    ((4000, 10), 100, (100, 1)),          # a sliver stays one pixel high
    ((10, 4000), 100, (1, 200)),          # and one pixel wide, at most twice as tall as wide
    ((800, 600), 400, (400, 300)), ((400, 300), 400, (400, 300)), ((100, 50), 400, (100, 50)),
])
def test_fit(size, width, out):
    im = Image.effect_noise(size, 50).convert("RGB")
    got = images.fit(im, width)
    assert got.size == out
    if out == size:
        assert got is im                  # never scaled up, nor copied
    else:
        assert got.tobytes() == im.resize(out, Image.Resampling.LANCZOS).tobytes()


@pytest.mark.parametrize("mode, values, expected", [
    ("I;16", [0, 25600, 65535], [0, 100, 255]),          # 16-bit grey: /256
    ("I", [0, 256, 25600], [0, 1, 100]),                  # 32-bit grey up to 65535: /256
    ("I", [0, 100, 255], [0, 100, 255]),                  # already 8-bit tones: kept
    ("I", [0, 128, 256], [0, 0, 1]),                      # 256 is a 16-bit tone already
    ("I", [0, 25600, 65535], [0, 100, 255]),              # up to 65535 included
    ("I", [0, 25600, 65536], [0, 99, 255]),               # beyond 16 bits: scaled by its maximum
    ("I", [0, 50000, 100000], [0, 127, 255]),
    ("F", [0.0, 0.5, 1.0], [0, 127, 255]),                # float in 0–1: ×255
    ("F", [0.0, 1.5, 100.0], [0, 1, 100]),                # float tones beyond 1: kept
    ("F", [0.0, 1.5], [0, 1]),
])
def test_tones_of_scans_exactly(mode, values, expected):
    im = Image.new(mode, (len(values), 1))
    im.putdata(values)
    out = images.to_rgb(im)
    assert out.mode == "RGB"
    assert [px[0] for px in out.getdata()] == expected


def test_transparency_of_a_grey_or_rgb_png_goes_on_white(tmp_path):
    grey = Image.new("L", (4, 1))
    grey.putdata([0, 0, 80, 200])
    rgb = Image.new("RGB", (4, 1), (10, 20, 30))
    for im, transparent in ((grey, 0), (rgb, (10, 20, 30))):
        reopened = Image.open(io.BytesIO(_png(im, transparency=transparent)))
        assert "transparency" in reopened.info
        out = images.to_rgb(reopened)
        assert out.mode == "RGB" and out.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("mode", ["L", "1", "P", "CMYK", "RGB"])
def test_published_photo_is_rgb(tmp_path, mode):
    im = Image.new("RGB", (40, 30), (200, 100, 50)).convert(mode)
    data = _jpeg(im) if mode == "CMYK" else _png(im)
    out = Image.open(io.BytesIO(images.derive(_file(tmp_path, "p", data), 20, None)))
    assert (out.format, out.mode, out.size) == ("JPEG", "RGB", (20, 15))


def test_published_jpeg_is_progressive_at_quality_82(tmp_path):
    src = Image.effect_noise((300, 200), 40).convert("RGB")
    data = images.derive(_file(tmp_path, "p.png", _png(src)), 300, None)
    out = Image.open(io.BytesIO(data))
    assert out.info.get("progressive") == 1 or out.info.get("progression") == 1
    plain = io.BytesIO()
    src.save(plain, "JPEG", quality=82, progressive=True)
    assert out.quantization == Image.open(plain).quantization       # quality 82
    baseline = io.BytesIO()
    src.save(baseline, "JPEG", quality=82)
    assert len(data) < len(baseline.getvalue())


@pytest.mark.parametrize("mode, drafted", [("RGB", True), ("L", True), ("CMYK", False)])
def test_camera_jpeg_is_decoded_at_a_reduced_scale(tmp_path, monkeypatch, mode, drafted):
    """A 12-megapixel JPEG is decoded at 1/2–1/8 scale when that is still wide enough."""
    from PIL import JpegImagePlugin
    calls = []
    real = JpegImagePlugin.JpegImageFile.draft
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft",
                        lambda self, m, size: (calls.append((m, size)), real(self, m, size))[1])
    im = Image.new("RGB", (1600, 1200), (30, 60, 90)).convert(mode)
    images.derive(_file(tmp_path, "cam.jpg", _jpeg(im)), 200, None)
    assert calls == ([("RGB", (200, 200))] if drafted else [])
    calls.clear()
    images.derive(_file(tmp_path, "p.png", _png(Image.new("RGB", (400, 300)))), 200, None)
    assert calls == []                     # PNGs have no draft mode


def test_cached_photo_is_not_encoded_again(tmp_path, monkeypatch):
    path = _file(tmp_path, "p.png", _png(Image.new("RGB", (40, 30), "blue")))
    first = images.derive(path, 20, tmp_path / "cache")
    assert list((tmp_path / "cache" / "images").glob("*.jpg"))
    monkeypatch.setattr(images, "_encode", lambda *a: pytest.fail("encoded again"))
    assert images.derive(path, 20, tmp_path / "cache") == first


def test_media_path_is_named_by_content(tmp_path):
    a = _file(tmp_path, "a.png", _png(Image.new("RGB", (4, 4), "red")))
    b = _file(tmp_path, "b.png", _png(Image.new("RGB", (4, 4), "green")))
    same = _file(tmp_path, "c.png", _png(Image.new("RGB", (4, 4), "red")))
    assert re.fullmatch(r"media/[0-9a-f]{20}-480\.jpg", images.media_path(a, 480))
    assert images.media_path(a, 480) != images.media_path(b, 480)
    assert images.media_path(a, 480) == images.media_path(same, 480) != images.media_path(a, 960)


# ------------------------------------------------------------------ the photo stage (m16inc)

class _Stage:
    """A write stage that holds nothing yet and records what it is given: the bytes given
    to it, or the bytes a worker wrote under its root (`record`)."""

    def __init__(self, root=None):
        self.written: dict = {}
        self.root = root

    def reuse(self, rel, key):
        return False

    def write(self, rel, key, data):
        assert rel not in self.written, f"{rel} written twice"
        self.written[rel] = (key, data)

    def record(self, rel, key, written):
        data = (self.root / rel).read_bytes()
        assert written[1] == hashlib.sha256(data).hexdigest()
        self.write(rel, key, data)


class _Pool:
    def __init__(self):
        self.calls = []

    def map(self, fn, items, chunksize=1):
        items = list(items)
        self.calls.append((fn, items, chunksize))
        return [fn(x) for x in items]


class _Workers:
    """The build's `Workers.pool`: starting the pool forks processes, so it is counted."""

    def __init__(self):
        self.started, self.pool = 0, _Pool()

    def __call__(self):
        self.started += 1
        return self.pool


def _photos(tmp_path, n: int) -> dict[str, str]:
    out = {}
    for i in range(n):
        im = Image.new("RGB", (48, 32), (i * 3 % 256, 255 - i * 2, i * 41 % 256))
        out[f"photos/p{i}.jpg"] = _file(tmp_path, f"p{i}.jpg", _jpeg(im))
    return out


@pytest.mark.parametrize("many", [images.PARALLEL_IMAGES, images.PARALLEL_IMAGES + 3])
def test_write_media_derives_many_photos_over_the_pool_into_the_cache(tmp_path, monkeypatch, many):
    """From PARALLEL_IMAGES photos to write on, the build's pool derives them into the
    cache and writes them into the stage; none is encoded again here."""
    srcs = _photos(tmp_path, many)
    county = SimpleNamespace(images=srcs)
    cache = tmp_path / "cache"
    workers, stage = _Workers(), _Stage(tmp_path / "stage")
    real = images._encode
    encoded = []
    monkeypatch.setattr(images, "_encode", lambda p, w: (encoded.append((p, len(workers.pool.calls))), real(p, w))[1])
    n = images.write_media(county, {"p.html": [(rel, 240, "s") for rel in srcs]}, stage, cache, workers)
    assert n == many and workers.started == 1
    ((fn, items, chunksize),) = workers.pool.calls
    order = sorted(srcs.values(), key=lambda p: images.media_path(p, 240))
    assert fn is images._publish_job and chunksize == 32
    assert items == [(str(stage.root), images.media_path(p, 240), p, 240, cache) for p in order]
    assert sorted(encoded) == sorted((p, 1) for p in srcs.values())   # each once, inside the pool's map
    assert len(stage.written) == many
    monkeypatch.setattr(images, "_encode", lambda *a: pytest.fail("not in the cache"))
    for p in srcs.values():
        key, data = stage.written[images.media_path(p, 240)]
        assert key == f"{images.media_path(p, 240)}@{images.PIPELINE_VERSION}"
        assert data == images.derive(p, 240, cache)
        assert Image.open(io.BytesIO(data)).size == (48, 32)


@pytest.mark.parametrize("few", [0, 1, images.PARALLEL_IMAGES - 1])
def test_write_media_starts_no_pool_for_few_photos(tmp_path, few):
    srcs = _photos(tmp_path, few)
    workers, stage = _Workers(), _Stage()
    n = images.write_media(SimpleNamespace(images=srcs), {"p.html": [(r, 240, "s") for r in srcs]},
                           stage, tmp_path / "cache", workers)
    assert n == few and workers.started == 0 and len(stage.written) == few


def test_write_media_keeps_what_it_derived_for_the_next_build(tmp_path, monkeypatch):
    """Photos derived in this process go into the cache too: the next build (or a stage
    that lost them) reads them back instead of decoding the camera photo again."""
    srcs = _photos(tmp_path, 3)
    county = SimpleNamespace(images=srcs)
    media = {"p.html": [(r, 240, "s") for r in srcs]}
    cache = tmp_path / "cache"
    first = _Stage()
    images.write_media(county, media, first, cache)
    assert all(images.cached_path(cache, p, 240).is_file() for p in srcs.values())
    monkeypatch.setattr(images, "_encode", lambda *a: pytest.fail("encoded again"))
    again = _Stage()
    images.write_media(county, media, again, cache)
    assert again.written == first.written


# ------------------------------------------------------------------ which photos opened before

@pytest.fixture
def clean_trust():
    """`trust` and `know_hashes` are the build's module state: given back empty."""
    yield
    images.trust({})
    images.forget_hashes()


def _opens_counted(monkeypatch) -> list:
    seen = []
    real = images.open_image
    monkeypatch.setattr(images, "open_image", lambda path: (seen.append(path), real(path))[1])
    return seen


SHA_A, SHA_B = "a" * 64, "b" * 64


def test_what_opened_is_kept_where_the_next_build_reads_it(tmp_path):
    """The table sits beside the derivatives, at the name cache.py documents: a table left
    there by the last build (this code) is what the next one trusts."""
    from sitegen import cache as C
    cache = tmp_path / "cache"
    C.save(cache / "images" / "opened.pickle", (C.code_version(), {SHA_A: 240}))
    assert images.known_to_open(cache) == {SHA_A: 240}
    images.remember_opened(cache, {SHA_A: 240}, {SHA_B: 1}, {SHA_A, SHA_B})
    assert C.load(cache / "images" / "opened.pickle") == (C.code_version(), {SHA_A: 240, SHA_B: 1})
    assert sorted(p.name for p in (cache / "images").iterdir()) == ["opened.pickle"]


def test_remember_opened_keeps_only_present_photos_and_writes_only_a_change(tmp_path, monkeypatch):
    from sitegen import cache as C
    cache = tmp_path / "cache"
    images.remember_opened(cache, {}, {SHA_A: 300, SHA_B: 8}, {SHA_A})      # b is gone from the content
    assert images.known_to_open(cache) == {SHA_A: 300}
    saved = []
    monkeypatch.setattr(C, "save", lambda path, value: saved.append(value))
    images.remember_opened(cache, {SHA_A: 300}, {SHA_A: 300}, {SHA_A, SHA_B})
    assert saved == []                                   # nothing new: not written again
    images.remember_opened(cache, {SHA_A: 300}, {}, set())
    assert saved == [(C.code_version(), {})]             # every photo gone: written empty


@pytest.mark.parametrize("value, believed", [
    ("ours", True),
    ("other code", False),
    ("not a dict", False),
    ("short hash", False),
    ("bytes hash", False),
    ("float bound", False),
    ("zero bound", False),
    ("one pixel bound", True),
    ("not a pair", False),
])
def test_known_to_open_believes_only_this_codes_table_in_shape(tmp_path, value, believed):
    from sitegen import cache as C
    cache = tmp_path / "cache"
    ours = {SHA_A: 240, SHA_B: 8}
    table = {
        "ours": ours,
        "other code": ours,
        "not a dict": [(SHA_A, 240)],
        "short hash": {**ours, "c" * 63: 240},
        "bytes hash": {**ours, b"c" * 64: 240},
        "float bound": {**ours, "c" * 64: 2.5},
        "zero bound": {**ours, "c" * 64: 0},
        "one pixel bound": {**ours, "c" * 64: 1},
        "not a pair": None,
    }[value]
    code = "0" * 16 if value == "other code" else C.code_version()
    C.save(cache / "images" / "opened.pickle", ours if value == "not a pair" else (code, table))
    assert images.known_to_open(cache) == (table if believed else {})


def test_known_to_open_without_a_table(tmp_path):
    assert images.known_to_open(tmp_path / "cache") == {}


def test_a_trusted_photo_is_not_opened_and_gives_its_bound(tmp_path, monkeypatch, clean_trust):
    """A photo whose bytes (by the scan's hash) opened before: the quick check answers
    without opening it, and its bound is the trusted one (no second open to find it)."""
    root = tmp_path / "content"
    (root / "photos").mkdir(parents=True)
    path = _file(root / "photos", "p.jpg", _jpeg(Image.new("RGB", (100, 300))))
    images.know_hashes(root, {"photos/p.jpg": SHA_A})
    images.trust({SHA_A: 150})
    seen = _opens_counted(monkeypatch)
    assert images.check(path) is None
    assert images.unscaled_from(path) == 150 and seen == []
    assert images.check(path, full=True) is None and seen == [path]      # `full` opens it all the same


def test_a_trusted_hash_is_no_reason_to_skip_the_full_check(tmp_path, clean_trust, truncated):
    root = tmp_path
    images.know_hashes(root, {"cut.jpg": SHA_A})
    images.trust({SHA_A: 400})
    assert images.check(truncated) is None
    assert images.check(truncated, full=True).code == "image_undecodable"


def test_a_photo_the_scan_did_not_hash_is_opened(tmp_path, monkeypatch, clean_trust):
    root = tmp_path / "content"
    root.mkdir()
    path = _file(root, "p.jpg", b"not a photo at all")
    images.know_hashes(root, {"other.jpg": SHA_A})
    images.trust({SHA_A: 150})
    seen = _opens_counted(monkeypatch)
    assert images.check(path).code == "image_format" and seen == [path]


def test_the_quick_check_finds_the_bound_with_the_header(tmp_path, monkeypatch):
    """One open for both: the check, and the width from which the photo is left unscaled."""
    path = _file(tmp_path, "p.jpg", _jpeg(Image.new("RGB", (100, 300))))
    seen = _opens_counted(monkeypatch)
    assert images.check(path) is None
    assert images.unscaled_from(path) == 150 and seen == [path]


# ------------------------------------------------------------------ the width a photo stops scaling

def _oriented(size, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _jpeg(Image.effect_noise(size, 40).convert("RGB"), exif=exif.tobytes())


@pytest.mark.parametrize("name, data, bound", [
    ("tall jpeg", _jpeg(Image.new("RGB", (100, 300))), 150),       # at most twice as tall as wide
    ("wide jpeg", _jpeg(Image.new("RGB", (300, 100))), 300),
    ("turned jpeg", _oriented((300, 100), 6), 150),                 # upright: 100 × 300
    ("tall png", _png(Image.new("RGB", (100, 300))), 300),           # EXIF maybe after the pixels
])
def test_unscaled_from_is_where_the_derivative_stops_changing(tmp_path, name, data, bound):
    path = _file(tmp_path, name.replace(" ", "-"), data)
    assert images.unscaled_from(path) == bound
    at = Image.open(io.BytesIO(images.derive(path, bound, None))).size
    assert images.derive(path, bound + 50, None) == images.derive(path, bound, None)
    if name != "tall png":
        assert Image.open(io.BytesIO(images.derive(path, bound - 1, None))).size != at    # scaled below it


def test_unscaled_from_by_stat_per_photo(tmp_path, monkeypatch):
    tall = _file(tmp_path, "tall.jpg", _jpeg(Image.new("RGB", (100, 300))))
    wide = _file(tmp_path, "wide.jpg", _jpeg(Image.new("RGB", (300, 100))))
    seen = _opens_counted(monkeypatch)
    assert (images.unscaled_from(tall), images.unscaled_from(wide)) == (150, 300)
    assert (images.unscaled_from(tall), images.unscaled_from(wide)) == (150, 300)
    assert seen == [tall, wide]                            # each opened once
    assert images.unscaled_from(str(tmp_path / "gone.jpg")) is None
    assert images.unscaled_from(_file(tmp_path, "x.jpg", b"%PDF-1.4")) is None


def test_a_jpeg_whose_exif_cannot_be_read_still_opens(tmp_path, monkeypatch):
    """Pillow may raise reading a damaged EXIF block: the photo is then bounded by its
    longer side (either orientation left unscaled) and the check does not refuse it."""
    from PIL import JpegImagePlugin
    path = _file(tmp_path, "p.jpg", _jpeg(Image.new("RGB", (100, 300))))

    def damaged(self):
        raise SyntaxError("corrupt EXIF")
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "getexif", damaged)
    assert images.check(path) is None
    assert images.unscaled_from(path) == 300


@pytest.mark.parametrize("bound, width, published", [
    (None, 480, 480),             # a photo that does not open: as asked
    (240, 480, 240), (240, 960, 240),      # narrower than asked: its own size, one file
    (240, 200, 200),
])
def test_published_width(bound, width, published):
    assert images.published_width(bound, width) == published


# ------------------------------------------------------------------ the pool's workers

def test_publish_job_gives_back_only_the_cache_files_it_found_damaged(tmp_path):
    from sitegen import cache as C
    path = _file(tmp_path, "p.png", _png(Image.new("RGB", (40, 30), "red")))
    cache, stage = tmp_path / "cache", tmp_path / "stage"
    stage.mkdir()
    C.rejected.append("an earlier note")
    try:
        written, notes = images._publish_job((str(stage), "media/a-20.jpg", path, 20, cache))
        assert notes == [] and written[1] == hashlib.sha256((stage / "media/a-20.jpg").read_bytes()).hexdigest()
        cached = images.cached_path(cache, path, 20)
        cached.write_bytes(b"damaged")
        written, notes = images._publish_job((str(stage), "media/b-20.jpg", path, 20, cache))
        assert notes == [str(cached)] and written is not None
        bad = _file(tmp_path, "bad.jpg", b"not a photo")
        assert images._publish_job((str(stage), "media/c-20.jpg", bad, 20, cache)) == (None, [])
    finally:
        C.rejected.remove("an earlier note")


def test_write_media_tells_a_photo_the_pool_could_not_derive(tmp_path, truncated):
    """A worker gives back None for a photo that does not decode: the others are taken
    as written, and that one is derived again here, where it is told with its path."""
    srcs = _photos(tmp_path, images.PARALLEL_IMAGES)
    srcs["photos/cut.jpg"] = truncated
    workers, stage = _Workers(), _Stage(tmp_path / "stage")
    recorded = []
    real = stage.record
    stage.record = lambda rel, key, written: (recorded.append(rel), real(rel, key, written))
    with pytest.raises(images.Refused) as caught:
        images.write_media(SimpleNamespace(images=srcs), {"p.html": [(r, 240, "s") for r in srcs]},
                           stage, tmp_path / "cache", workers)
    assert caught.value.path == truncated and caught.value.code == "image_undecodable"
    good = {images.media_path(p, 240) for r, p in srcs.items() if r != "photos/cut.jpg"}
    assert set(recorded) == good == set(stage.written)     # the pool's files, recorded, none written again
