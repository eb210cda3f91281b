"""No broken poster link (issue 11.7): a board with nothing to show has no poster and no
link to one — the home page says so — and every link from any page to a poster resolves."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from sitegen import posters
from sitegen.build import build
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"

pytestmark = pytest.mark.xdist_group("posters")


def _poster_links(site: Path) -> dict[str, set[str]]:
    """Every link to a PDF from every page: page → targets (output-relative)."""
    out = {}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        targets = set()
        for href in re.findall(r'href="([^"#?]+\.pdf)"', html):
            targets.add((page.parent / href).resolve().relative_to(site.resolve()).as_posix())
        if targets:
            out[page.relative_to(site).as_posix()] = targets
    return out


def test_home_without_honors_or_rules_has_no_such_poster_and_says_so(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content, ignore=shutil.ignore_patterns(".sitegen-cache"))
    home = content / "homes" / "demo"
    (home / "honors.yaml").unlink()
    (home / "teams" / "team-a" / "honors.yaml").unlink()
    data = yaml.safe_load((home / "home.yaml").read_text(encoding="utf-8"))
    data.pop("rules")
    (home / "home.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site_yaml = content / "site.yaml"
    site = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    site["poster"]["size"] = "A4"
    site_yaml.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")

    report = build(content, tmp_path / "site", jobs=2, cache=tmp_path / "cache")
    made = sorted(p.name for p in (tmp_path / "site" / "homes" / "demo" / "posters").iterdir())
    assert made == ["results-A4.pdf", "style-A4.pdf"] and report.posters == 2
    links = _poster_links(tmp_path / "site")
    assert links, "the home page links to its posters"
    for page, targets in links.items():
        for target in targets:
            assert (tmp_path / "site" / target).is_file(), (page, target)
    page = (tmp_path / "site" / "homes" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "honors-A4.pdf" not in page and "rules-A4.pdf" not in page
    assert page.count("暂无内容，不印海报") == 2        # honor wall and rules, said in words


def test_every_poster_link_of_the_sample_county_names_a_poster_that_is_made(tmp_path):
    """Pages built without posters (fast); their poster links are exactly the posters the
    poster stage makes for the county (planned, not rendered)."""
    build(ROOT / "content", tmp_path / "site", posters=False, jobs=2, cache=tmp_path / "cache")
    county, _problems = load_county(ROOT / "content")
    jobs, _p, _n = posters.plan_posters(county, tmp_path / "cache")
    made = {j.rel for j in jobs}
    linked = set().union(*_poster_links(tmp_path / "site").values())
    assert linked == made
    assert len(made) == 64
