"""For the print shop (issue 11.6) and reproducibility (issue 13.6): PDF/X variants with
their output intent, TrimBox and BleedBox; an optional logo; the same poster bytes
whatever folder it is built in."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

from sitegen import posters
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
MM = 72 / 25.4

pytestmark = pytest.mark.xdist_group("posters")


def _content(dst: Path, **poster) -> Path:
    shutil.copytree(MINIMAL, dst, ignore=shutil.ignore_patterns(".sitegen-cache"))
    site = yaml.safe_load((dst / "site.yaml").read_text(encoding="utf-8"))
    site["poster"].update(poster)
    (dst / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    return dst


def _make(content: Path, out: Path, cache: Path, size: str = "A4"):
    county, problems = load_county(content)
    assert county is not None, problems
    return posters.make_all(county, out, cache=cache, jobs=1, size=size, homes=["demo"])


@pytest.mark.parametrize("variant,version", [("pdf/x-4", "PDF/X-4"), ("pdf/x-1a", "PDF/X-1a:2003")])
def test_pdf_x_variant_carries_its_output_intent_and_page_boxes(variant, version, tmp_path):
    content = _content(tmp_path / "content", pdf_variant=variant, bleed_mm=5)
    _make(content, tmp_path / "out", tmp_path / "cache")
    pdf = tmp_path / "out" / "homes" / "demo" / "posters" / "rules-A4.pdf"
    reader = PdfReader(pdf)
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFX"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert version in xmp or reader.metadata.get("/GTS_PDFXVersion") == version
    if variant == "pdf/x-1a":
        assert reader.metadata["/GTS_PDFXVersion"] == version
    for page in reader.pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert abs(float(trim.width) - 210 * MM) < 0.5 * MM
        assert abs(float(trim.height) - 297 * MM) < 0.5 * MM
        assert abs(float(trim.left) - float(media.left) - 5 * MM) < 0.1 * MM
        # the whole bleed is the BleedBox (WeasyPrint alone stops it 10 pt from the trim)
        assert [float(v) for v in bleed] == [float(v) for v in media]


def test_default_is_a_plain_pdf_without_output_intent(tmp_path):
    _make(MINIMAL, tmp_path / "out", tmp_path / "cache")
    reader = PdfReader(tmp_path / "out" / "homes" / "demo" / "posters" / "rules-A4.pdf")
    assert "/OutputIntents" not in reader.trailer["/Root"]


def test_pdf_variant_outside_the_offer_is_a_located_error(tmp_path):
    content = _content(tmp_path / "content", pdf_variant="pdf/a-3b")
    _county, problems = load_county(content)
    errors = [p for p in problems if p.severity == "error"]
    assert errors and errors[0].file == "site.yaml" and "pdf_variant" in errors[0].field


def test_logo_is_printed_in_the_header_band_and_none_by_default(tmp_path):
    content = _content(tmp_path / "content", logo="logo.png")
    Image.new("RGB", (400, 400), (200, 30, 30)).save(content / "logo.png")
    _make(content, tmp_path / "with", tmp_path / "cache")
    _make(MINIMAL, tmp_path / "without", tmp_path / "cache2")

    def images(folder):
        pdf = folder / "homes" / "demo" / "posters" / "rules-A4.pdf"
        out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        return [ln for ln in out if ln.split()[2] == "image"]
    assert len(images(tmp_path / "with")) == 1 and images(tmp_path / "without") == []


def test_missing_logo_is_a_located_error(tmp_path):
    content = _content(tmp_path / "content", logo="nowhere.png")
    _county, problems = load_county(content)
    assert [(p.code, p.file, p.field) for p in problems if p.severity == "error"] == [
        ("image_missing", "site.yaml", "poster.logo")]


def test_the_same_posters_whatever_folder_they_are_built_in(tmp_path):
    """Issue 13.6: two folders (different path lengths), each with its own cache."""
    one = _content(tmp_path / "a" / "content")
    two = _content(tmp_path / "a-much-longer-folder-name" / "deeper" / "content")
    _make(one, tmp_path / "a" / "out", one.parent / ".sitegen-cache")
    _make(two, tmp_path / "b-out", two.parent / ".sitegen-cache")
    for board in ("style", "results", "honors", "rules"):
        rel = f"homes/demo/posters/{board}-A4.pdf"
        assert (tmp_path / "a" / "out" / rel).read_bytes() == (tmp_path / "b-out" / rel).read_bytes(), board
