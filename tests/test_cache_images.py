"""Images (issue 13, part 3): every mode a camera, phone or scanner writes is published
with its tones; only JPEG, PNG, WebP and GIF are opened; HEIC, other formats and huge
images get their own message; damaged files get the same located error in check, build
and the dev server."""
from __future__ import annotations

import io
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from conftest import CASES
from sitegen import incremental as I
from sitegen import images
from sitegen.build import build
from sitegen.images import explain
from sitegen.lint import lint
from sitegen.problems import ContentError

MINIMAL = CASES / "good" / "minimal" / "content"
W, H = 256, 64
PHOTO = "homes/demo/teams/team-a/photos/a.png"      # member photo of the minimal county


def _gradient() -> Image.Image:
    """8-bit grey ramp 0..255 left to right: the reference tones."""
    return Image.frombytes("L", (W, H), bytes(x for _y in range(H) for x in range(W)))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png16(colour_type: int, channels: int, value) -> bytes:
    """A 16-bit PNG written by hand (Pillow cannot write 16-bit RGB): grey (0) or RGB (2)."""
    rows = b""
    for _y in range(H):
        rows += b"\0" + b"".join(struct.pack(">" + "H" * channels, *value(x)) for x in range(W))
    ihdr = struct.pack(">IIBBBBB", W, H, 16, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) +
            _png_chunk(b"IDAT", zlib.compress(rows)) + _png_chunk(b"IEND", b""))


def _save(im: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **kw)
    return out.getvalue()


def _published(data: bytes, tmp_path: Path, name: str) -> Image.Image:
    src = tmp_path / name
    src.write_bytes(data)
    out = images.derive(str(src), W, None)
    return Image.open(io.BytesIO(out)).convert("L")


def _close(a: Image.Image, b: Image.Image, tol: float) -> None:
    sa, sb = ImageStat.Stat(a), ImageStat.Stat(b)
    assert abs(sa.mean[0] - sb.mean[0]) < tol, (sa.mean, sb.mean)
    assert abs(sa.stddev[0] - sb.stddev[0]) < tol, (sa.stddev, sb.stddev)
    # and the ramp runs the same way: left quarter dark, right quarter light
    left, right = a.crop((0, 0, W // 4, H)), a.crop((3 * W // 4, 0, W, H))
    ref_left, ref_right = b.crop((0, 0, W // 4, H)), b.crop((3 * W // 4, 0, W, H))
    assert abs(ImageStat.Stat(left).mean[0] - ImageStat.Stat(ref_left).mean[0]) < tol
    assert abs(ImageStat.Stat(right).mean[0] - ImageStat.Stat(ref_right).mean[0]) < tol


def _on_white(grey: Image.Image, alpha: Image.Image) -> Image.Image:
    """The reference composite, computed pixel by pixel (not by Pillow's paste)."""
    g, a = grey.tobytes(), alpha.tobytes()
    return Image.frombytes("L", grey.size, bytes(round(v * t / 255 + 255 * (1 - t / 255))
                                                 for v, t in zip(g, a)))


def _alpha() -> Image.Image:
    return Image.frombytes("L", (W, H), bytes((255 if x < W // 2 else 60) for _y in range(H)
                                              for x in range(W)))


FILE_MODES = {
    # mode: (file bytes, reference L image, tolerance)
    "1": lambda g: (_save(g.convert("1")), g.convert("1").convert("L"), 4),
    "L": lambda g: (_save(g), g, 2),
    "LA": lambda g: (_save(Image.merge("LA", (g, _alpha()))), _on_white(g, _alpha()), 2),
    "P": lambda g: (_save(g.convert("RGB").quantize(64)),
                    g.convert("RGB").quantize(64).convert("L"), 2),
    "RGB": lambda g: (_save(g.convert("RGB")), g, 2),
    "RGBA": lambda g: (_save(Image.merge("RGBA", (g, g, g, _alpha()))), _on_white(g, _alpha()), 2),
    "CMYK": lambda g: (_save(g.convert("RGB").convert("CMYK"), "JPEG", quality=95), g, 4),
    "I;16": lambda g: (_save(Image.frombytes("I;16", (W, H), b"".join(
        struct.pack("<H", v * 257) for v in g.tobytes()))), g, 2),
    "I;16B": lambda g: (_save(Image.frombytes("I;16B", (W, H), b"".join(
        struct.pack(">H", v * 257) for v in g.tobytes()))), g, 2),
    "16-bit grey (scanner PNG)": lambda g: (_png16(0, 1, lambda x: (x * 257,)), g, 2),
    "16-bit RGB": lambda g: (_png16(2, 3, lambda x: (x * 257, x * 257, x * 257)), g, 2),
    "GIF (first frame)": lambda g: (_save(g, "GIF"), g, 2),
    "WebP": lambda g: (_save(g.convert("RGB"), "WEBP", lossless=True), g, 2),
}


@pytest.mark.parametrize("mode", list(FILE_MODES))
def test_every_mode_is_published_with_its_tones(mode, tmp_path):
    data, reference, tol = FILE_MODES[mode](_gradient())
    published = _published(data, tmp_path, "in.img")
    assert published.size == (W, H)
    _close(published, reference, tol)


@pytest.mark.parametrize("mode, make", [
    ("I", lambda g: g.convert("I").point(lambda v: v * 257)),             # 16-bit range in I
    ("I 8-bit range", lambda g: g.convert("I")),
    ("F 0-1", lambda g: g.convert("F").point(lambda v: v / 255)),
    ("F 0-255", lambda g: g.convert("F")),
])
def test_integer_and_float_modes(mode, make):
    """Modes no accepted file format stores, reached through Pillow's own conversions."""
    im = make(_gradient())
    _close(images.to_rgb(im).convert("L"), _gradient(), 2)


def test_animated_gif_publishes_its_first_frame(tmp_path):
    frames = [Image.new("P", (W, H), 0), Image.new("P", (W, H), 1)]
    frames[0].putpalette([200, 30, 30, 30, 30, 200] + [0] * 762)
    frames[1].putpalette([200, 30, 30, 30, 30, 200] + [0] * 762)
    data = _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    src = tmp_path / "anim.gif"
    src.write_bytes(data)
    r, g, b = Image.open(io.BytesIO(images.derive(str(src), W, None))).getpixel((10, 10))
    assert r > 150 and b < 80


# ------------------------------------------------------------------ refused by signature

EPS = (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
       b"%%EndComments\n0 0 moveto (x) show showpage\n%%EOF\n")
HEIC = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 200


@pytest.mark.parametrize("name, data, code", [
    ("eps", EPS, "image_format"),
    ("pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"\0" * 64, "image_format"),
    ("ico", _save(Image.new("RGB", (16, 16)), "ICO"), "image_format"),
    ("bmp", _save(Image.new("RGB", (16, 16)), "BMP"), "image_format"),
    ("tiff", _save(Image.new("RGB", (16, 16)), "TIFF"), "image_format"),
    ("tga", _save(Image.new("RGB", (16, 16)), "TGA"), "image_format"),
    ("heic", HEIC, "image_heic"),
])
def test_other_formats_are_refused_before_any_plugin_runs(name, data, code, tmp_path, monkeypatch):
    from PIL import Image as PILImage
    seen = []
    real_open = PILImage.open

    def spy(fp, mode="r", formats=None):
        seen.append(formats)
        return real_open(fp, mode, formats)
    monkeypatch.setattr(PILImage, "open", spy)
    path = tmp_path / "photo.jpg"           # named .jpg, as the probe did
    path.write_bytes(data)
    with pytest.raises(images.Refused) as caught:
        images.open_image(str(path))
    assert caught.value.code == code
    assert seen == []                       # Pillow never saw the file
    assert images.check(str(path)).code == code


def test_accepted_formats_are_opened_by_their_own_plugin_only(tmp_path, monkeypatch):
    seen = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open",
                        lambda fp, mode="r", formats=None: (seen.append(formats), real_open(fp, mode, formats))[1])
    for fmt in ("JPEG", "PNG", "WEBP", "GIF"):
        path = tmp_path / f"x.{fmt}"
        path.write_bytes(_save(Image.new("RGB", (8, 8), "red"), fmt))
        images.open_image(str(path)).close()
    assert seen == [["JPEG"], ["PNG"], ["WEBP"], ["GIF"]]


def test_pixel_budget(tmp_path):
    """A 12000×12000 PNG (51 s and 1.2 GB before) is refused from its header, with its size."""
    path = tmp_path / "scan.png"
    path.write_bytes(_save(Image.new("1", (12000, 12000), 1), optimize=False))
    started = time.perf_counter()
    why = images.check(str(path), full=True)
    assert time.perf_counter() - started < 2
    assert why.code == "image_too_big" and why.params["size"] == "12000×12000"
    # and a bomb beyond Pillow's own limit (only a header: no data needed)
    ihdr = struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IEND", b""))
    why = images.check(str(bomb))
    assert why.code == "image_too_big" and why.params["mp"] == "1600"


# ------------------------------------------------------------------ located, everywhere


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, content)
    I.MEMORY.clear()
    return content


def _truncated_jpeg() -> bytes:
    data = _save(Image.effect_noise((800, 600), 60).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) // 2]


def _header_only_png() -> bytes:
    return _save(Image.new("RGB", (640, 480), "red"))[:33] + _png_chunk(b"IEND", b"")


BAD = {
    "truncated JPEG": (_truncated_jpeg, None),
    "PNG header without data": (_header_only_png, None),
    "EPS named .png": (lambda: EPS, "不是 JPG、PNG、WebP 或 GIF"),
    "HEIC named .png": (lambda: HEIC, "请在手机上选择‘兼容性最佳’或转成 JPG"),
    "12000×12000": (lambda: _save(Image.new("1", (12000, 12000), 1)), "12000×12000"),
}


def _located(problems) -> set:
    return {(p.code, p.file, p.line, p.field, p.severity) for p in problems
            if p.code.startswith("image_")}


@pytest.mark.parametrize("case", list(BAD))
def test_same_located_error_in_check_build_and_serve(case, site, tmp_path):
    make, words = BAD[case]
    (site / PHOTO).write_bytes(make())
    checked = _located(explain(lint(site), site))
    assert checked, "check must report it"
    assert all(p[1] and p[2] for p in checked)          # a file and a line
    with pytest.raises(ContentError) as built:
        build(site, tmp_path / "out", posters=False, jobs=1)
    assert _located(built.value.problems) == checked
    assert not (tmp_path / "out").exists()
    from sitegen.serve import Preview
    preview = Preview(site, tmp_path / "served", echo=lambda *_: None)
    preview.build_once()
    assert preview.state.failure is None                  # no traceback page
    assert _located(preview.state.problems) == checked
    if words:
        from sitegen.problems import format_text
        assert words in format_text(built.value.problems, "zh")


def test_cli_build_with_a_damaged_photo_has_no_traceback(site, tmp_path):
    from conftest import run_sitegen
    (site / PHOTO).write_bytes(_truncated_jpeg())
    done = run_sitegen("build", "-c", str(site), "-o", str(tmp_path / "out"), "--no-posters")
    assert done.returncode == 1
    text = done.stdout + done.stderr
    assert "Traceback" not in text
    assert "homes/demo/teams/team-a/team.yaml" in text and "读不完整" in text


@pytest.mark.parametrize("mode", ["La", "PA", "RGBa", "RGBX", "YCbCr", "HSV"])
def test_rarer_modes_convert(mode):
    """Modes Pillow makes internally: opaque grey stays grey, transparency turns white."""
    g = _gradient()
    if mode == "La":                    # premultiplied grey, built channel by channel
        a = _alpha()
        pre = Image.frombytes("L", g.size, bytes(v * t // 255 for v, t in zip(g.tobytes(), a.tobytes())))
        im, ref, tol = Image.merge("La", (pre, a)), _on_white(g, a), 4
    elif mode in ("PA", "RGBa"):
        im = Image.merge("LA", (g, _alpha())).convert("RGBA").convert(mode)
        ref, tol = _on_white(g, _alpha()), 4    # premultiplied storage rounds see-through pixels
    else:
        im, ref, tol = g.convert("RGB").convert(mode), g, 3
    _close(images.to_rgb(im).convert("L"), ref, tol)
