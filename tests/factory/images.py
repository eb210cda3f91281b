"""The pictures the factory's counties name: drawn placeholders, never photos of anyone.

Each picture is a pure function of its key (string seeds, which Python hashes with
SHA-512, so nothing depends on PYTHONHASHSEED or the clock): the same table always
gives byte-identical files.
"""
from __future__ import annotations

import io
import math
import random
import struct

from PIL import Image, ImageDraw, ImageFilter

SEED = "suining-sample-v1"


def rng_for(*parts) -> random.Random:
    return random.Random("/".join([SEED, *map(str, parts)]))


PASTELS = [(221, 232, 240), (232, 238, 226), (240, 232, 222), (236, 228, 238), (226, 236, 236),
           (242, 236, 220), (228, 230, 244), (238, 242, 234)]
SILHOUETTES = [(96, 108, 128), (110, 118, 132), (88, 100, 112), (120, 112, 124), (100, 116, 118)]


def jpeg(img: Image.Image, quality: int, limit: int) -> bytes:
    """The JPEG at `quality`, lowered in steps of 5 until it fits in `limit` bytes."""
    q = quality
    while True:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q, optimize=True, progressive=False)
        if buf.tell() <= limit or q <= 30:
            break
        q -= 5
    return buf.getvalue()


# 540×720: posters print a portrait about 86 mm wide on A1, and below 150 dpi there (510 px)
# the build warns; a placeholder county must not greet its users with 200 warnings.
PORTRAIT = (540, 720)
LANDSCAPE = (1440, 1080)     # story photos: up to ≈ 240 mm wide on an A1 results board
# certificates: a home with one honor gets it printed ≈ 250 mm wide on an A1 honor wall,
# and 150 dpi there needs ≈ 1,500 px
CERTIFICATE = (1600, 1130)


def portrait(key: str, sex: str) -> bytes:
    """A 3:4 head-and-shoulders silhouette on a soft background; no text; under 12 KB."""
    rng = rng_for("portrait", key)
    s = 2
    w, h = PORTRAIT[0] * s, PORTRAIT[1] * s
    bg = rng.choice(PASTELS)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    # a slightly lighter halo behind the head
    halo = tuple(min(255, c + 10) for c in bg)
    d.ellipse([w * 0.12, h * 0.06, w * 0.88, h * 0.70], fill=halo)
    fg = rng.choice(SILHOUETTES)
    hair = tuple(int(c * 0.62) for c in fg)
    cx = w / 2 + rng.uniform(-6, 6) * s
    hw, hh = w * rng.uniform(0.16, 0.175), h * rng.uniform(0.15, 0.165)
    hy = h * 0.43
    if sex == "f":  # longer hair, falling to the shoulders
        d.rounded_rectangle([cx - hw * 1.25, hy - hh * 1.12, cx + hw * 1.25, hy + hh * 1.55],
                            radius=hw * 1.2, fill=hair)
    # shoulders and neck
    d.ellipse([cx - w * 0.46, h * 0.70, cx + w * 0.46, h * 1.32], fill=fg)
    d.rectangle([cx - w * 0.085, hy + hh * 0.5, cx + w * 0.085, h * 0.76], fill=fg)
    # a white shirt collar (a V) under a dark jacket
    d.polygon([(cx - w * 0.12, h * 0.72), (cx, h * 0.86), (cx + w * 0.12, h * 0.72),
               (cx + w * 0.06, h * 0.71), (cx, h * 0.78), (cx - w * 0.06, h * 0.71)],
              fill=(236, 238, 240))
    # head with hair on top
    if sex == "m":
        d.ellipse([cx - hw * 1.04, hy - hh * 1.1, cx + hw * 1.04, hy + hh * 0.6], fill=hair)
    d.ellipse([cx - hw, hy - hh * (0.92 if sex == "m" else 0.95), cx + hw, hy + hh], fill=fg)
    if sex == "f":  # fringe
        d.chord([cx - hw * 1.02, hy - hh * 1.1, cx + hw * 1.02, hy + hh * 0.1], 180, 360, fill=hair)
    else:
        d.chord([cx - hw * 1.02, hy - hh * 1.08, cx + hw * 1.02, hy - hh * 0.2], 180, 360, fill=hair)
    img = img.resize(PORTRAIT, Image.LANCZOS)
    return jpeg(img, 70, 12000)


def landscape(key: str) -> bytes:
    """800×600 placeholder scene: sky, sun, layered green hills, terraces."""
    rng = rng_for("landscape", key)
    w, h = 800, 600
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    top, bottom = (150 + rng.randint(-15, 15), 190, 230), (226, 236, 240)
    for y in range(h):
        t = y / h
        d.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    sx, sy = rng.randint(120, 680), rng.randint(60, 140)
    d.ellipse([sx - 34, sy - 34, sx + 34, sy + 34], fill=(252, 244, 214))
    greens = [(150, 186, 150), (112, 160, 112), (78, 136, 86), (52, 108, 64)]
    for i, g in enumerate(greens):
        base = 250 + i * 85
        amp = rng.uniform(25, 60)
        f1, f2 = rng.uniform(0.004, 0.012), rng.uniform(0.012, 0.025)
        p1, p2 = rng.uniform(0, 6.28), rng.uniform(0, 6.28)
        pts = [(x, base - amp * math.sin(f1 * x + p1) - amp * 0.4 * math.sin(f2 * x + p2))
               for x in range(0, w + 10, 10)]
        d.polygon(pts + [(w, h), (0, h)], fill=g)
        if i == len(greens) - 1:  # terraces on the nearest hill
            for k in range(1, 6):
                yy = [(x, y + k * 22) for x, y in pts]
                d.line(yy, fill=(96, 146, 90), width=3)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    return jpeg(img.resize(LANDSCAPE, Image.LANCZOS), 60, 70000)


def certificate(key: str) -> bytes:
    """A certificate-like placeholder (red border, gold line, grey bars instead of text)."""
    rng = rng_for("certificate", key)
    w, h = 600, 424
    img = Image.new("RGB", (w, h), (176, 28, 32))
    d = ImageDraw.Draw(img)
    d.rectangle([18, 18, w - 19, h - 19], fill=(250, 244, 226))
    d.rectangle([28, 28, w - 29, h - 29], outline=(214, 170, 72), width=3)
    d.rectangle([w / 2 - 90, 60, w / 2 + 90, 86], fill=(190, 40, 40))       # title
    for i in range(rng.randint(3, 4)):
        y = 130 + i * 34
        d.rectangle([90, y, w - 90 - rng.randint(0, 120), y + 12], fill=(150, 150, 150))
    d.rectangle([w - 250, h - 100, w - 90, h - 88], fill=(150, 150, 150))     # issuer
    d.ellipse([w - 200, h - 150, w - 110, h - 60], outline=(200, 40, 40), width=5)  # seal
    d.ellipse([w - 165, h - 115, w - 145, h - 95], fill=(200, 40, 40))
    return jpeg(img.filter(ImageFilter.GaussianBlur(0.6)).resize(CERTIFICATE, Image.LANCZOS), 65, 80000)


def photo_pool(rng: random.Random, size: int = 24) -> list[bytes]:
    """A few dozen small real JPEGs (240x320 portraits of coloured shapes)."""
    pool = []
    for _ in range(size):
        im = Image.new("RGB", (240, 320), tuple(rng.randrange(256) for _ in range(3)))
        d = ImageDraw.Draw(im)
        for _ in range(6):
            x, y = rng.randrange(200), rng.randrange(280)
            d.ellipse((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 120)),
                      fill=tuple(rng.randrange(256) for _ in range(3)))
        out = io.BytesIO()
        im.save(out, "JPEG", quality=70)
        pool.append(out.getvalue())
    return pool


def unique_jpeg(base: bytes, tag: str) -> bytes:
    """`base` with a COM segment after SOI: same picture, its own bytes and hash."""
    text = tag.encode()
    return base[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + base[2:]


def phone_photo(width: int = 4032, height: int = 3024, orientation: int = 6) -> bytes:
    """A camera-sized JPEG (noise, so it does not compress away) with EXIF orientation + GPS.

    Stored landscape with orientation 6 ("rotate 90° clockwise"), as phones do for a
    portrait shot: upright it is `height` wide and `width` tall. The top-left quarter of
    the stored image is red, so a test can tell whether it was turned.
    """
    rnd = random.Random(7)
    noise = bytes(rnd.getrandbits(8) for _ in range(256 * 256 * 3))
    tile = Image.frombytes("RGB", (256, 256), noise)
    im = Image.new("RGB", (width, height), (90, 130, 90))
    for x in range(0, width, 256):
        for y in range(0, height, 256):
            im.paste(tile, (x, y))
    im.paste((230, 20, 20), (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (26.0, 35.0, 12.5), 3: "E", 4: (110.0, 9.0, 30.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    im.save(out, "JPEG", quality=97, exif=exif.tobytes())
    return out.getvalue()


def solid_png(color, size=(300, 400)) -> bytes:
    """A plain PNG of one colour (the screen county's portraits)."""
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()
