"""Privacy: published photos carry no EXIF (GPS position, device, time) in pages, slides or
posters; contact phone numbers appear on intranet pages but stay off posters and lobby
screens unless site.yaml says `poster.show_phones` / `screen.show_phones`."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen.build import build

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"
MAKER = "SecretPhoneMakerXYZ"
MODEL = "Model-GPS-Leak-42"
WHEN = "2024:05:20 08:31:07"
PHONE = "0739-1234567"
COMMENT = b"COMMENT-FROM-PHONE-APP"


def gps_jpeg(path: Path) -> None:
    """A camera-like JPEG: GPS position, maker, model, time, a comment and rotation."""
    im = Image.new("RGB", (900, 600), (40, 120, 60))
    for x in range(0, 900, 30):
        im.paste((200, 180, 40), (x, 0, x + 10, 600))
    exif = Image.Exif()
    exif[0x010F] = MAKER            # Make
    exif[0x0110] = MODEL            # Model
    exif[0x0132] = WHEN             # DateTime
    exif[0x0112] = 6                # Orientation: rotate
    exif[0x8825] = {1: "N", 2: (26.0, 34.0, 51.0), 3: "E", 4: (110.0, 9.0, 20.0)}   # GPS IFD
    exif.get_ifd(0x8769)[0x9003] = WHEN   # DateTimeOriginal
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
           b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
           b'exif:GPSLatitude="26,34.85N" exif:GPSLongitude="110,9.33E"/></rdf:RDF></x:xmpmeta>')
    im.save(path, "JPEG", exif=exif.tobytes(), xmp=xmp, comment=COMMENT)
    with Image.open(path) as check:          # the fixture really carries what we test for
        assert check.getexif().get_ifd(0x8825)


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    photo = content / "homes/demo/teams/team-a/photos/a.png"
    photo.unlink()
    gps_jpeg(content / "homes/demo/teams/team-a/photos/gps.jpg")
    for rel in ("homes/demo/teams/team-a/team.yaml", "homes/demo/teams/team-a/results/2024-05-story.md"):
        path = content / rel
        path.write_text(path.read_text(encoding="utf-8").replace("photos/a.png", "photos/gps.jpg"),
                        encoding="utf-8")
    story = content / "homes/demo/teams/team-a/results/2024-05-story.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![现场](../photos/gps.jpg)\n", encoding="utf-8")
    return content


def _set(content: Path, section: str, value: bool) -> None:
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^{section}:\n", f"{section}:\n  show_phones: {'true' if value else 'false'}\n", text)
    site.write_text(text, encoding="utf-8")


def _no_metadata(data: bytes, where: str) -> None:
    for marker in (MAKER.encode(), MODEL.encode(), WHEN.encode(), b"Exif\x00\x00", b"GPSLatitude"):
        assert marker not in data, f"{where} carries {marker!r}"


def test_published_photos_carry_no_exif(site, tmp_path):
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    photos = [p for p in out.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]
    assert photos, "the member, result and body photos are published"
    for path in photos:
        data = path.read_bytes()
        _no_metadata(data, str(path.relative_to(out)))
        with Image.open(io.BytesIO(data)) as im:
            assert not im.getexif(), path
            assert "exif" not in im.info and "xmp" not in im.info, path
            assert im.width <= im.height or im.width <= 1920   # turned upright by the EXIF flag
    # Nothing else in the output carries the metadata either (e.g. copied originals).
    for path in out.rglob("*"):
        if path.is_file():
            _no_metadata(path.read_bytes(), str(path.relative_to(out)))


def test_jpeg_comments_are_not_published(site, tmp_path):
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    for path in (out / "media").glob("*.jpg"):
        assert COMMENT not in path.read_bytes(), path


def test_exif_turns_portrait_photos_upright(site, tmp_path):
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    sizes = []
    for path in (out / "media").glob("*.jpg"):
        with Image.open(path) as im:
            sizes.append(im.size)
    assert sizes and all(h > w for w, h in sizes)      # 900x600 with orientation 6 → portrait


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _screen_html(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (out / "screen").rglob("*.html")) \
        if (out / "screen").is_dir() else ""


@pytest.mark.slow
def test_phones_on_intranet_not_on_posters_or_screens_by_default(site, tmp_path):
    out = tmp_path / "output"
    build(site, out, posters=True, jobs=1, cache=tmp_path / "cache")
    home = (out / "homes/demo/index.html").read_text(encoding="utf-8")
    assert PHONE in home
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        data = pdf.read_bytes()
        _no_metadata(data, pdf.name)                    # poster photos are stripped too
        text = _pdf_text(pdf)
        assert PHONE not in text and "1234567" not in text, pdf.name
        assert "刘芳" not in text or PHONE not in text
    screen = _screen_html(out)
    assert "slide" in screen, "the build made no lobby-screen slides"
    assert "1234567" not in screen
    assert "1234567" not in (out / "version.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_phones_shown_when_site_yaml_asks(site, tmp_path):
    _set(site, "poster", True)
    _set(site, "screen", True)
    out = tmp_path / "output"
    build(site, out, posters=True, jobs=1, cache=tmp_path / "cache")
    assert any(PHONE in _pdf_text(pdf).replace(" ", "") for pdf in out.rglob("*.pdf"))
    screen = _screen_html(out)
    assert "slide" in screen, "the build made no lobby-screen slides"
    assert PHONE in screen
