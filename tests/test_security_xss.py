"""No script from content: hostile text in every field of every record reaches no output
as anything a browser (or PDF reader) would run, and harmless formatting survives.

The payload corpus is data: tests/cases/hostile/xss-payloads.yaml.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build, check
from sitegen.problems import errors, format_text
from sitegen.render import markdown_html

import hostile as H

PAYLOADS = H.payloads()
BODY_OK = [p for p in PAYLOADS if not p.get("body_error")]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(hostile output, harmless output): the same county, payloads vs plain words."""
    root = tmp_path_factory.mktemp("xss")
    cache = root / "cache"
    texts = [p["payload"] for p in PAYLOADS]
    hostile = H.make_county(root / "hostile", texts, [p["payload"] for p in BODY_OK])
    benign = H.make_county(root / "benign", [f"平安文字{i}" for i in range(len(texts))],
                           [f"平安*正文*{i}" for i in range(len(BODY_OK))])
    problems = errors(check(hostile))
    assert not problems, format_text(problems, "en")
    build(hostile, root / "out-hostile", posters=False, cache=cache)
    build(benign, root / "out-benign", posters=False, cache=cache)
    return root / "out-hostile", root / "out-benign"


def test_corpus_has_at_least_50_distinct_payloads():
    ids = [p["id"] for p in PAYLOADS]
    assert len(ids) >= 50 and len(set(ids)) == len(ids)
    assert len({p["payload"] for p in PAYLOADS}) == len(PAYLOADS)


def test_nothing_executable_from_records_in_any_output_file(builds):
    """Every .html/.js/.json/.svg of the site (pages, slides when present, data files):
    no event handler, script, script URL, frame, form, style or remote resource that the
    same site built from harmless words does not have."""
    hostile, benign = builds
    problems = H.compare(hostile, benign)
    assert not problems, "\n".join(problems[:40])
    scanned = [p for p in hostile.rglob("*") if p.suffix in (".html", ".js", ".json", ".svg")]
    assert len(scanned) > len(PAYLOADS)   # one page per bulletin, plus boards, teams, data


def test_payloads_are_shown_as_text_not_dropped(builds):
    """Escaping, not deletion: a member called `<script>…` is listed under that name."""
    hostile, _ = builds
    team = (hostile / "homes" / "a" / "teams" / "t0" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in team
    assert "{{ 7*7 }}" in team and "49" not in team.split("{{ 7*7 }}")[0][-20:]
    assert "&#34; onmouseover=&#34;alert(1)" in team or "&quot; onmouseover=&quot;alert(1)" in team


def test_screen_slides_are_scanned_when_they_exist(builds):
    hostile, _ = builds
    slides = list((hostile / "screen").rglob("*.html")) if (hostile / "screen").is_dir() else []
    assert slides, "the build made no lobby-screen slides (screen/ missing)"
    features, errors_ = H.scan_output(hostile)
    assert any(rel.startswith("screen/") for rel in features)


def test_scanner_catches_an_unsafe_render(builds, tmp_path, monkeypatch):
    """The scan has teeth: with autoescape off and Markdown unsanitised it reports plenty."""
    import markdown
    from markupsafe import Markup

    from sitegen import render
    hostile, benign = builds
    original = render.make_env

    def unsafe_env(dirs, cache=None):
        env = original(dirs, cache)
        env.autoescape = False
        env.filters["markdown"] = lambda text: Markup(markdown.markdown(str(text or "")))
        return env
    monkeypatch.setattr(render, "make_env", unsafe_env)
    content = tmp_path / "county"
    H.make_county(content, [p["payload"] for p in PAYLOADS[:30]], [p["payload"] for p in BODY_OK[:30]])
    build(content / "content", tmp_path / "out", posters=False, cache=tmp_path / "cache")
    found = "\n".join(H.compare(tmp_path / "out", benign))
    for kind in ("'handler'", "'url'", "'inline-script'", "'tag', 'iframe'", "'remote'"):
        assert kind in found, kind


@pytest.mark.parametrize("entry", PAYLOADS, ids=[p["id"] for p in PAYLOADS])
def test_markdown_sanitiser(entry, tmp_path):
    """Each payload as a Markdown body, rendered alone: nothing risky survives."""
    html = str(markdown_html(entry["payload"]))
    scan = H._Scan("page.html", tmp_path)
    scan.feed(f"<div>{html}</div>")
    scan.close()
    assert scan.features == set() and not scan.errors, (html, scan.features, scan.errors)


@pytest.mark.parametrize("entry", [p for p in PAYLOADS if p.get("body_error")],
                         ids=[p["id"] for p in PAYLOADS if p.get("body_error")])
def test_body_payload_refused_with_located_error(entry, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(H.MINIMAL, content)
    story = content / "homes/demo/teams/team-a/results/2024-05-story.md"
    lines = story.read_text(encoding="utf-8").split("\n")
    story.write_text("\n".join(lines + ["", "开头", entry["payload"]]), encoding="utf-8")
    problems = errors(check(content))
    assert [(p.code, p.file, p.line) for p in problems] == [
        (entry["body_error"], "homes/demo/teams/team-a/results/2024-05-story.md", len(lines) + 3)]


def test_harmless_formatting_survives(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(H.MINIMAL, content)
    story = content / "homes/demo/teams/team-a/results/2024-05-story.md"
    story.write_text(story.read_text(encoding="utf-8") + """
**加粗** 和 *强调*

- 第一项
- 第二项

1. 一
2. 二

| 项目 | 数量 |
|---|---:|
| 油茶 | 500 |

见[县政府网站](https://www.example.gov.cn/zhucun) 与 [邮件](mailto:office@example.gov.cn)，
另见[绿水村](../../team-b/team.yaml)。

![油茶基地](../photos/a.png "基地")
""", encoding="utf-8")
    out = tmp_path / "output"
    build(content, out, posters=False, cache=tmp_path / "cache")
    page = (out / "homes/demo/teams/team-a/index.html").read_text(encoding="utf-8")
    for fragment in ("<strong>加粗</strong>", "<em>强调</em>", "<li>第一项</li>", "<ol>", "<table>",
                     "500</td>", 'href="https://www.example.gov.cn/zhucun"',
                     'href="mailto:office@example.gov.cn"', 'href="../../team-b/team.yaml"'):
        assert fragment in page, fragment
    import re
    body_img = re.search(r'<img alt="油茶基地" src="([^"]+)" title="基地">', page)
    assert body_img, "the image from content is kept"
    published = (out / "homes/demo/teams/team-a" / body_img.group(1)).resolve()
    assert published.is_file() and published.is_relative_to(out.resolve())
    assert published.read_bytes()[:3] == b"\xff\xd8\xff"   # re-encoded JPEG, not the source PNG


def _pdf_actions(path: Path) -> list[str]:
    """Everything in a PDF's object graph that runs or launches something."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
    reader = PdfReader(str(path))
    found, seen = [], set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in ("/JS", "/JavaScript", "/OpenAction", "/Launch", "/AA", "/SubmitForm",
                           "/ImportData", "/RichMedia", "/EmbeddedFile"):
                    found.append(key)
                if key == "/S" and value in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData"):
                    found.append(f"/S {value}")
                if key == "/URI" and not str(value).lower().startswith(("http://", "https://")):
                    found.append(f"/URI {value}")
                if key != "/Parent":
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return found


@pytest.mark.slow
def test_posters_contain_no_scripts_or_actions(tmp_path):
    content = H.make_county(tmp_path / "county", [p["payload"] for p in PAYLOADS[:5]],
                            [p["payload"] for p in BODY_OK[:5]])
    out = tmp_path / "output"
    build(content, out, posters=True, jobs=1, cache=tmp_path / "cache")
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs, "posters were built"
    for pdf in pdfs:
        assert _pdf_actions(pdf) == [], pdf


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "data:text/html,<script>alert(1)</script>",
                                 "file:///etc/passwd", "vbscript:msgbox(1)", "10.43.0.8/zhucun"])
def test_base_url_must_be_a_web_address(url, tmp_path):
    """base_url becomes a QR code on every poster: nothing but http(s) may go there."""
    content = tmp_path / "content"
    shutil.copytree(H.MINIMAL, content)
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8").replace("base_url: http://10.43.0.8/zhucun/",
                                                     "base_url: '" + url + "'")
    site.write_text(text, encoding="utf-8")
    line = next(i + 1 for i, x in enumerate(text.split("\n")) if x.startswith("base_url"))
    assert [(p.code, p.file, p.line, p.field) for p in errors(check(content))] == [
        ("wrong_type", "site.yaml", line, "base_url")]
