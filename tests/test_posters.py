"""Wall posters (issue 4): every PDF is read back — sheet size, bleed, fonts, text, QR code,
and the overflow cases (a team of fifteen, a home with many teams) spread over sheets.

Small sheets (A4/A3) keep the time down; one A0 landscape rules poster checks a big sheet.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from sitegen import posters
from sitegen.problems import ContentError
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
MM = 72 / 25.4
BOARDS = ("style", "results", "honors", "rules")

pytestmark = pytest.mark.xdist_group("posters")


# ---------------------------------------------------------------- helpers

def _copy(tmp: Path) -> Path:
    dst = tmp / "content"
    shutil.copytree(MINIMAL, dst, ignore=shutil.ignore_patterns(".sitegen-cache"))
    return dst


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _county(content: Path):
    county, problems = load_county(content)
    assert county is not None and not [p for p in problems if p.severity == "error"], problems
    return county


def _texts(pdf: Path) -> list[str]:
    """Text of each page with all whitespace removed (line breaks fall anywhere in CJK)."""
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(pdf).pages]


def _words(pdf: Path) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    """Per page: (width, height, [(word, xMin, yMin, xMax, yMax)]) in pt, from the media box's
    top-left corner (poppler's pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [(t, float(a), float(b), float(c), float(d)) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            m[3])]
        pages.append((float(m[1]), float(m[2]), words))
    return pages


def _assert_inside_trim(pdf: Path, sheet: posters.Sheet) -> None:
    """No word beyond the trim box, and none straddling the foot's edge (nothing spills)."""
    bleed = sheet.bleed_mm * MM
    trim_w, trim_h = sheet.width_mm * MM, sheet.height_mm * MM
    foot_top = bleed + trim_h - sheet.margin_bottom_mm * MM
    for n, (_w, _h, words) in enumerate(_words(pdf), 1):
        assert words, f"page {n} of {pdf.name} has no text"
        for text, x0, y0, x1, y1 in words:
            assert bleed - 0.5 <= x0 and x1 <= bleed + trim_w + 0.5, (pdf.name, n, text, x0, x1)
            assert bleed - 0.5 <= y0 and y1 <= bleed + trim_h + 0.5, (pdf.name, n, text, y0, y1)
            assert not (y0 < foot_top - 1 < y1 - 2), (pdf.name, n, text, "crosses the foot")


def _qr_texts(pdf: Path, tmp: Path, page: int = 1) -> list[str]:
    import zxingcpp      # a missing decoder fails the test, never skips it
    from PIL import Image
    prefix = tmp / f"qr-{pdf.stem}"
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", str(page), "-l", str(page), str(pdf),
                    str(prefix)], check=True)
    png = sorted(tmp.glob(f"qr-{pdf.stem}*.png"))[0]
    with Image.open(png) as im:
        return [b.text for b in zxingcpp.read_barcodes(im)]


# ---------------------------------------------------------------- the minimal county at A4

@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("posters-a4")
    content = _copy(tmp)
    county = _county(content)
    out = tmp / "out"
    made = posters.make_all(county, out, cache=tmp / "cache", jobs=2, size="A4")
    return {"tmp": tmp, "content": content, "county": county, "out": out, "made": made,
            "sheet": posters.sheet_for(county, "A4")}


def _pdf(ctx, board: str) -> Path:
    return ctx["out"] / "homes" / "demo" / "posters" / f"{board}-A4.pdf"


def test_every_board_written_at_its_stable_path(a4):
    assert int(a4["made"]) == 4
    for board in BOARDS:
        assert _pdf(a4, board).is_file(), board


def test_sheet_is_the_exact_iso_size_plus_bleed(a4):
    bleed = 3 * MM       # minimal site.yaml: bleed_mm 3
    for board in BOARDS:
        for page in PdfReader(_pdf(a4, board)).pages:
            trim, media, bleedbox = page.trimbox, page.mediabox, page.bleedbox
            assert abs(float(trim.width) - 210 * MM) < 0.5 * MM
            assert abs(float(trim.height) - 297 * MM) < 0.5 * MM
            assert abs(float(media.width) - float(trim.width) - 2 * bleed) < 0.5 * MM
            assert abs(float(media.height) - float(trim.height) - 2 * bleed) < 0.5 * MM
            assert abs(float(bleedbox.width) - float(media.width)) < 0.01
            assert abs(float(trim.left) - float(media.left) - bleed) < 0.5 * MM


def test_fonts_are_embedded_subset_cjk_with_unicode_maps(a4):
    for board in BOARDS:
        out = subprocess.run(["pdffonts", str(_pdf(a4, board))], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        assert out, board
        for line in out:
            cols = line.split()
            emb, sub, uni = cols[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), line
            assert re.match(r"[A-Z]{6}\+", cols[0]), line   # subset prefix
        assert any("CJK" in line for line in out), out
        # the prefix is only a name: the font programs themselves must be subsets. A whole
        # Noto CJK face is 19-27 MB (the .ttc on disk); a board's subset is 0.5-0.8 MB.
        programs = _font_programs(_pdf(a4, board))
        assert programs, board
        assert all(0 < len(f) < 3_000_000 for f in programs), (board, [len(f) for f in programs])


def _font_programs(pdf: Path) -> list[bytes]:
    """The embedded font files (FontFile, FontFile2, FontFile3) of every font in the PDF."""
    seen, out = set(), []

    def descriptors(font):
        font = font.get_object()
        yield font.get("/FontDescriptor")
        for d in font.get("/DescendantFonts") or []:
            yield d.get_object().get("/FontDescriptor")

    for page in PdfReader(pdf).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            for desc in descriptors(ref):
                if desc is None:
                    continue
                desc = desc.get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in desc and desc.raw_get(key).idnum not in seen:
                        seen.add(desc.raw_get(key).idnum)
                        out.append(desc[key].get_object().get_data())
    return out


def test_names_and_figures_come_back_as_chinese_text(a4):
    style = "".join(_texts(_pdf(a4, "style")))
    for word in ("风采栏", "示范乡驻村工作队之家", "青山村驻村工作队", "张三", "第一书记兼队长",
                 "示范县农业农村局", "扎根青山，服务群众", "绿水村驻村工作队", "钱七"):
        assert word in style, word
    results = "".join(_texts(_pdf(a4, "results")))
    for word in ("成效榜", "村集体经济收入", "12.5", "15万元", "64.3%", "返贫监测户", "未填报",
                 "青山村油茶基地喜获丰收", "500", "主题座谈会"):
        assert word in results, word
    honors = "".join(_texts(_pdf(a4, "honors")))
    for word in ("荣誉墙", "2023年度优秀第一书记", "张三（青山村驻村工作队）", "市级",
                 "2023年度全县优秀驻村工作队之家", "示范县委组织部"):
        assert word in honors, word
    rules = "".join(_texts(_pdf(a4, "rules")))
    for word in ("周例会制度", "请销假制度", "队员离村须提前向乡驻村办请假，返岗后及时销假。"):
        assert word in rules, word


def test_phone_numbers_stay_off_posters_unless_asked(a4):
    for board in BOARDS:
        assert "0739-1234567" not in "".join(_texts(_pdf(a4, board)))


def test_pdf_metadata_title_author_language(a4):
    reader = PdfReader(_pdf(a4, "style"))
    assert reader.metadata.title == "风采栏 · 示范乡驻村工作队之家"
    assert reader.metadata.author == "示范县驻村办"
    assert str(reader.trailer["/Root"]["/Lang"]) == "zh-CN"


def test_nothing_beyond_the_trim_box(a4):
    for board in BOARDS:
        _assert_inside_trim(_pdf(a4, board), a4["sheet"])


def test_single_sheet_is_unmarked_and_the_qr_code_opens_the_matching_page(a4):
    assert "1/1" not in _texts(_pdf(a4, "style"))[0]     # a board of one sheet is just a board
    base = "http://10.43.0.8/zhucun/homes/demo/"
    # every board's code opens its own page (the rules have none of their own: the home page)
    for board, page in (("style", "style/"), ("results", "results/"), ("honors", "honors/"),
                        ("rules", "")):
        assert _qr_texts(_pdf(a4, board), a4["tmp"]) == [base + page], board


def test_small_photo_is_a_warning_naming_the_file(a4):
    warnings = [p for p in a4["made"].problems if p.code == "photo_low_dpi"]
    assert [p.file for p in warnings] == ["homes/demo/teams/team-a/photos/a.png"]
    assert warnings[0].severity == "warning"
    assert "a.png" in warnings[0].text("zh")[0] and "A4" in warnings[0].text("zh")[0]


def test_unchanged_posters_come_from_the_cache(a4):
    again = a4["tmp"] / "again"
    made = posters.make_all(a4["county"], again, cache=a4["tmp"] / "cache", jobs=2, size="A4")
    assert int(made) == 4 and made.cached == 4 and not made.timings
    for board in BOARDS:
        rel = f"homes/demo/posters/{board}-A4.pdf"
        assert (again / rel).read_bytes() == (a4["out"] / rel).read_bytes()


# ---------------------------------------------------------------- sizes, orientation, marks

def _render_one(county, board: str, size: str, orientation: str, tmp: Path) -> Path:
    jobs, _problems, _notes = posters.plan_posters(county, tmp / "cache", size=size,
                                                   orientation=orientation)
    job = next(j for j in jobs if j.board == board)
    pdf, _seconds, _plan = posters.render_job(job)
    path = tmp / f"{board}-{size}-{orientation}.pdf"
    path.write_bytes(pdf)
    return path


def test_a0_landscape_is_exact_and_type_scales_with_the_sheet(tmp_path):
    county = _county(MINIMAL)
    a0 = _render_one(county, "rules", "A0", "landscape", tmp_path)
    a4 = _render_one(county, "rules", "A4", "landscape", tmp_path)
    trim = PdfReader(a0).pages[0].trimbox
    assert abs(float(trim.width) - 1189 * MM) < 0.5 * MM
    assert abs(float(trim.height) - 841 * MM) < 0.5 * MM
    # the same layout, only bigger: every word sits at the same place relative to the trim box
    bleed = 3 * MM
    big = sorted((w[0].replace("A0", "A4"), *w[1:]) for w in _words(a0)[0][2])
    small = sorted(_words(a4)[0][2])
    assert [w[0] for w in big] == [w[0] for w in small]
    for (t, *b), (_t, *s) in zip(big, small):
        rel_b = [(b[0] - bleed) / (1189 * MM), (b[1] - bleed) / (841 * MM)]
        rel_s = [(s[0] - bleed) / (297 * MM), (s[1] - bleed) / (210 * MM)]
        assert abs(rel_b[0] - rel_s[0]) < 0.01 and abs(rel_b[1] - rel_s[1]) < 0.01, t


def test_crop_marks_when_asked(tmp_path):
    from PIL import Image
    content = _copy(tmp_path)
    _edit_yaml(content / "site.yaml", lambda d: d["poster"].update(crop_marks=True, bleed_mm=8))
    (tmp_path / "marks").mkdir()
    with_marks = _render_one(_county(content), "rules", "A4", "portrait", tmp_path / "marks")
    without = _render_one(_county(MINIMAL), "rules", "A4", "portrait", tmp_path)

    def corner_ink(pdf: Path) -> int:
        prefix = pdf.parent / pdf.stem
        subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-l", "1", str(pdf), str(prefix)],
                       check=True)
        with Image.open(next(pdf.parent.glob(f"{pdf.stem}*.png"))) as im:
            edge = round(8 / 25.4 * 100)                    # the bottom-left bleed corner, 8 mm
            h = im.height                                  # (the header band bleeds at the top)
            box = im.convert("L").crop((0, h - edge - 3, edge - 2, h))   # the mark at the trim line
            return sum(1 for v in box.getdata() if v < 200)
    assert corner_ink(with_marks) > 0
    assert corner_ink(without) == 0


# ---------------------------------------------------------------- overflow: many sheets

@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """A team of fifteen (with photos and long quotes) and a home with twelve teams."""
    from PIL import Image
    tmp = tmp_path_factory.mktemp("posters-crowded")
    content = _copy(tmp)
    team_a = content / "homes" / "demo" / "teams" / "team-a"
    Image.new("RGB", (900, 1200), (180, 60, 40)).save(team_a / "photos" / "big.jpg")
    members = [{"name": f"队员{chr(0x7532 + i)}{i + 1:02d}" if i else "张三", "role": "队员" if i else "第一书记兼队长",
                "photo": "photos/big.jpg", "quote": f"第{i + 1}号心得：扎根基层，真心实意为群众办实事。"}
               for i in range(15)]
    _edit_yaml(team_a / "team.yaml", lambda d: d.update(members=members))
    # absurd input must not push anything off the sheet: a 900-character quote and a
    # 200-character unbroken unit name (cards are shortened, never clipped)
    _edit_yaml(content / "homes" / "demo" / "teams" / "team-b" / "team.yaml", lambda d: d["members"].append(
        {"name": "孙长话", "role": "队员", "unit": "X" * 200, "quote": "很长的话。" * 180}))
    for k in range(10):
        folder = content / "homes" / "demo" / "teams" / f"extra-{k}"
        (folder / "plans").mkdir(parents=True)
        (folder / "team.yaml").write_text(yaml.safe_dump({
            "village": f"新增{k}号村", "unit": f"示范县第{k}局", "since": "2024-01",
            "members": [{"name": f"新{k}甲", "role": "第一书记兼队长"}, {"name": f"新{k}乙", "role": "队员"}],
        }, allow_unicode=True), encoding="utf-8")
        targets = [{"name": f"指标{k}-{j}", "unit": "万元", "target": 10 + j, "actual": 5 + j}
                   for j in range(6)]
        (folder / "plans" / "2024.md").write_text(
            "---\n" + yaml.safe_dump({"year": 2024, "targets": targets}, allow_unicode=True)
            + "---\n规划正文。\n", encoding="utf-8")
    county = _county(content)
    out = tmp / "out"
    made = posters.make_all(county, out, cache=tmp / "cache", jobs=2, size="A4",
                            homes=["demo"])
    return {"out": out, "made": made, "members": members, "sheet": posters.sheet_for(county, "A4"),
            "county": county, "tmp": tmp}


def _marks_ok(pages: list[str]) -> None:
    n = len(pages)
    for i, text in enumerate(pages, 1):
        assert f"{i}/{n}" in text, (i, n)


def test_team_of_fifteen_continues_on_marked_sheets_without_splitting_a_card(crowded):
    pdf = crowded["out"] / "homes" / "demo" / "posters" / "style-A4.pdf"
    pages = _texts(pdf)
    # twelve teams, one of fifteen: solved onto few sheets, each marked
    assert 2 <= len(pages) <= 4, len(pages)
    _marks_ok(pages)
    # the team of fifteen is not split: it fits one sheet
    assert len({n for n, text in enumerate(pages) for mem in crowded["members"]
                if mem["name"] in text}) == 1
    for i, mem in enumerate(crowded["members"]):
        where = [n for n, text in enumerate(pages) if mem["name"] in text]
        assert len(where) == 1, (mem["name"], where)
        assert mem["quote"] in pages[where[0]], mem["name"]     # the card is whole on its sheet
    assert sum("孙长话" in text for text in pages) == 1
    # every sheet is complete in itself: board and home on each
    for text in pages:
        assert "风采栏" in text and "示范乡驻村工作队之家" in text
    # each photo placed once, whole (15 big photos + none split into pieces)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    placed = [line for line in listing if line.split()[2] == "image"]
    assert len(placed) == 15 + 0   # team-a's 15 members; nobody else has a photo
    _assert_inside_trim(pdf, crowded["sheet"])


def test_landscape_style_board_puts_cards_beside_the_heading_and_still_never_splits(crowded):
    pdf = _render_one(crowded["county"], "style", "A4", "landscape", crowded["tmp"])
    pages = _texts(pdf)
    assert 2 <= len(pages) <= 4, len(pages)
    _marks_ok(pages)
    for mem in crowded["members"]:
        where = [n for n, text in enumerate(pages) if mem["name"] in text]
        assert len(where) == 1 and mem["quote"] in pages[where[0]], mem["name"]
    for k in range(10):      # a team is never split across sheets
        assert sum(f"新增{k}号村驻村工作队" in text for text in pages) == 1, k
    _assert_inside_trim(pdf, posters.sheet_for(crowded["county"], "A4", "landscape"))


def test_home_with_many_teams_spreads_its_results_over_marked_sheets(crowded):
    pdf = crowded["out"] / "homes" / "demo" / "posters" / "results-A4.pdf"
    pages = _texts(pdf)
    assert 2 <= len(pages) <= 4, len(pages)
    _marks_ok(pages)
    joined = "".join(pages)
    for k in range(10):
        assert f"新增{k}号村驻村工作队" in joined
        for j in range(6):
            # a table row is never split: the target's name and its figures share a sheet
            row = [text for text in pages if f"指标{k}-{j}" in text]
            assert len(row) == 1 and f"{10 + j}万元" in row[0], (k, j)
    _assert_inside_trim(pdf, crowded["sheet"])


def test_photo_at_print_resolution_is_not_reported(crowded):
    assert not [p for p in crowded["made"].problems if p.file.endswith("big.jpg")]


# ---------------------------------------------------------------- base_url, fonts, command line

def test_without_base_url_no_qr_code_and_a_note(tmp_path, capsys):
    content = _copy(tmp_path)
    _edit_yaml(content / "site.yaml", lambda d: d.pop("base_url"))
    made = posters.make_all(_county(content), tmp_path / "out", cache=tmp_path / "cache", jobs=1,
                            size="A4", homes=["demo"])
    assert made.notes and "base_url" in capsys.readouterr().err
    pdf = tmp_path / "out" / "homes" / "demo" / "posters" / "rules-A4.pdf"
    assert _qr_texts(pdf, tmp_path) == []
    assert "http" not in "".join(_texts(pdf))


def test_no_cjk_font_stops_with_a_clear_error(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><cachedir>{tmp_path}/fc</cachedir></fontconfig>")
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "sitegen", "posters", "-c", str(MINIMAL),
                          "-o", str(tmp_path / "out"), "--size", "A4"], cwd=ROOT, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 1
    assert "没有中文字体" in run.stdout + run.stderr
    assert not (tmp_path / "out").exists()


def test_no_cjk_font_error_code(monkeypatch):
    monkeypatch.setattr(posters, "cjk_fonts", lambda: ())
    with pytest.raises(ContentError) as err:
        posters.make_all(_county(MINIMAL), Path("/nonexistent-out"), cache=None)
    assert [p.code for p in err.value.problems] == ["no_cjk_font"]


def test_command_line_writes_the_posters(tmp_path):
    content = _copy(tmp_path)
    run = subprocess.run([sys.executable, "-m", "sitegen", "posters", "-c", str(content), "-o",
                          str(tmp_path / "out"), "--size", "A3", "--orientation", "landscape",
                          "--home", "demo", "-j", "1"], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    assert "已生成 4 张海报" in run.stdout
    assert "photos/a.png" in run.stdout and "警告" in run.stdout      # the small photo, named
    pdf = tmp_path / "out" / "homes" / "demo" / "posters" / "honors-A3.pdf"
    trim = PdfReader(pdf).pages[0].trimbox
    assert abs(float(trim.width) - 420 * MM) < 0.5 * MM     # landscape: the long side across


def test_build_writes_the_posters_and_reports_the_small_photo(tmp_path):
    from sitegen.build import build
    content = _copy(tmp_path)
    _edit_yaml(content / "site.yaml", lambda d: d["poster"].update(size="A4"))
    report = build(content, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    assert report.posters == 4
    assert (tmp_path / "site" / "homes" / "demo" / "posters" / "style-A4.pdf").is_file()
    assert any(p.code == "photo_low_dpi" for p in report.problems)


def test_a_site_can_restyle_a_poster_template(tmp_path):
    content = _copy(tmp_path)
    override = content / "templates" / "posters"
    override.mkdir(parents=True)
    (override / "rules.html").write_text(
        '{% extends "posters/_base.html" %}{% block main %}<p>本乡自定义制度海报</p>'
        '{% for r in home.home.rules %}<h2>{{ r.title }}</h2>{% endfor %}{% endblock %}',
        encoding="utf-8")
    pdf = _render_one(_county(content), "rules", "A4", "portrait", tmp_path)
    text = "".join(_texts(pdf))
    assert "本乡自定义制度海报" in text and "请销假制度" in text
    assert "返岗后及时销假" not in text      # the default template's rule bodies are gone


def test_phone_numbers_print_when_asked(tmp_path):
    content = _copy(tmp_path)
    _edit_yaml(content / "site.yaml", lambda d: d["poster"].update(show_phones=True))
    pdf = _render_one(_county(content), "rules", "A4", "portrait", tmp_path)
    assert "0739-1234567" in "".join(_texts(pdf))


def test_interface_words_follow_the_language(tmp_path):
    made = posters.make_all(_county(MINIMAL), tmp_path / "out", cache=tmp_path / "cache", jobs=2,
                            size="A4", lang="en")
    assert int(made) == 4
    folder = tmp_path / "out" / "homes" / "demo" / "posters"
    results = "".join(_texts(folder / "results-A4.pdf"))
    assert "Resultsboard" in results and "Rank" in results and "成效榜" not in results
    assert "村集体经济收入" in results            # the records stay as written
    assert PdfReader(folder / "style-A4.pdf").trailer["/Root"]["/Lang"] == "en"


def test_a_team_that_fits_a_sheet_is_never_split_across_sheets(tmp_path):
    """Each sheet hangs on its own: a team's heading, cards and measures stay together.

    长铺子's five teams at A1 once left a team's measures starting at the foot of one
    sheet and ending on the next, without the team's name."""
    county, _problems = load_county(ROOT / "content")
    home = county.homes["changpu"]
    posters.make_all(county, tmp_path / "out", cache=tmp_path / "cache", jobs=1, size="A1",
                     homes=["changpu"])
    pages = _texts(tmp_path / "out" / "homes" / "changpu" / "posters" / "style-A1.pdf")
    # ... and not one team per sheet either: its five teams of 2–4 share 3 sheets
    assert len(pages) <= 3, len(pages)
    for team in home.teams.values():
        where = [n for n, text in enumerate(pages) if f"{team.team.village}驻村工作队" in text]
        assert len(where) == 1, (team.id, where)
        plan = team.plans.get(county.year)
        for measure in plan.plan.measures if plan else []:
            assert measure[:12] in re.sub(r"\s", "", pages[where[0]]), (team.id, measure)
