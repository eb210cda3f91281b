"""Chinese typography (issue 11.5): no join spaces, no lone last character, a number kept
with its unit, roles broken only at 兼 — in Markdown (pages, slides, posters) and on posters."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from sitegen import posters
from sitegen.render import markdown_html

ROOT = Path(__file__).resolve().parent.parent


def test_chinese_source_lines_join_without_a_space():
    assert str(markdown_html("第一行，\n第二行")) == "<p>第一行，第二行</p>"
    assert str(markdown_html("人均收入\n12.5万元")) == "<p>人均收入12.5万元</p>"
    assert str(markdown_html("开展\n“三会一课”")) == "<p>开展“三会一课”</p>"
    assert str(markdown_html("完成\n95%")) == "<p>完成95%</p>"
    # Latin words keep their space (a soft line break), paragraphs stay paragraphs
    assert "hello\nworld" in str(markdown_html("hello\nworld"))
    assert str(markdown_html("第一段。\n\n第二段")) == "<p>第一段。</p>\n<p>第二段</p>"


def test_story_excerpt_joins_paragraphs_without_a_space():
    html = markdown_html("五月，工作队组织采收。\n\n收入比去年增加三成。")
    assert posters.plain_excerpt(html, 200) == "五月，工作队组织采收。收入比去年增加三成。"
    assert posters.plain_excerpt(markdown_html("甲" * 50), 20) == "甲" * 19 + "……"


def test_a_number_keeps_its_unit():
    out = str(posters.keep_units("增收 12.5万元，带动 30 户"))
    assert '<span class="nw">12.5万元</span>' in out and '<span class="nw">30 户</span>' in out
    html = str(posters.keep_units_html('<p>面积 <b>500</b> 亩，增长 15%</p>'))
    assert '<span class="nw">15%</span>' in html and "<b>500</b>" in html   # tags untouched


def test_no_single_character_alone_on_the_last_line():
    out = str(posters.no_orphan("青山村油茶基地喜获丰收"))
    assert out.endswith('<span class="nw">丰收</span>')
    out = str(posters.no_orphan("周例会制度。"))
    assert out.endswith('<span class="nw">制度。</span>')   # closing punctuation goes with them
    assert str(posters.no_orphan("<b>x</b>")) == "&lt;b&gt;x&lt;/b&gt;"    # escaped, short


def test_roles_break_only_at_jian():
    out = str(posters.role_html("第一书记兼队长"))
    assert out == '<span class="nw">第一书记</span><wbr><span class="nw">兼队长</span>'
    assert str(posters.role_html("队员")) == '<span class="nw">队员</span>'


def test_on_the_poster_a_role_is_never_broken_inside_a_post(tmp_path):
    """Read back: every line of the style board's text that holds part of a role holds a
    whole post (第一书记, 兼队长), never "兼队" / "长"."""
    from sitegen.validate import load_county
    county, _p = load_county(ROOT / "content")
    jobs, _pr, _n = posters.plan_posters(county, tmp_path / "cache", homes=["changpu"])
    job = next(j for j in jobs if j.board == "style")
    pdf = tmp_path / "style.pdf"
    pdf.write_bytes(posters.render_job(job)[0])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    cells = [c for ln in text.splitlines() for c in re.split(r"\s{2,}", ln.strip()) if c]
    assert any("第一书记" in c for c in cells)
    for c in cells:        # the text of one card on one line
        assert not c.endswith(("兼队", "兼", "第一书")) and c not in ("长", "记兼队长"), c
