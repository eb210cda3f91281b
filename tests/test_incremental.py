"""Incremental builds: after any edits, a build that reuses its cache and the previous
output gives exactly the tree a clean build gives, and re-renders only what changed."""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.problems import ContentError

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_content  # noqa: E402


from conftest import build_then_print, tree_hash as tree  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """One synthetic county, cut down to 3 homes to keep the tests fast."""
    base = tmp_path_factory.mktemp("synthetic")
    make_content.make(base / "content", 1, seed=7)
    for home in sorted((base / "content" / "homes").iterdir())[3:]:
        shutil.rmtree(home)
    (base / "content" / "supervision.yaml").write_text(
        "checks:\n  - date: 2024-03-05\n    home: c001-h01\n    kind: monthly_check\n"
        "bulletins:\n  - date: 2024-03-28\n    title: 第一季度通报\n    body: 运行良好。\n"
        "  - date: 2024-06-28\n    title: 第二季度通报\n"
        "ratings:\n  - year: 2023\n    home: c001-h02\n    grade: 优秀\n", encoding="utf-8")
    return base / "content"


@pytest.fixture
def content(synthetic, tmp_path) -> Path:
    dst = tmp_path / "site" / "content"
    shutil.copytree(synthetic, dst)
    return dst


def _edits(content: Path, rng: random.Random, n: int) -> list[str]:
    """N random edits of the kinds clerks make: text changed, a record added or removed,
    a photo replaced, a team renamed, a setting changed."""
    done = []
    records = sorted(p for p in content.rglob("*") if p.suffix in (".yaml", ".md"))
    for _ in range(n):
        kind = rng.choice(["text", "text", "add_result", "remove_result", "photo", "site", "motto"])
        if kind == "text":
            path = rng.choice([p for p in records if p.exists() and p.name != "supervision.yaml"])
            text = path.read_text(encoding="utf-8")
            for old, new in (("驻村工作队之家", "工作队之家"), ("工作队", "驻村队"), ("村", "寨"),
                             ("县", "市"), ("第", "第 ")):
                if old in text:
                    path.write_text(text.replace(old, new, 1), encoding="utf-8")
                    break
        elif kind == "add_result":
            team = rng.choice(sorted(content.glob("homes/*/teams/*")))
            (team / "results" / f"2024-12-new{len(done)}.md").write_text(
                f"---\ntitle: 新增成效{len(done)}\ndate: 2024-12-0{1 + len(done) % 9}\n---\n新的故事。\n",
                encoding="utf-8")
        elif kind == "remove_result":
            stories = sorted(content.glob("homes/*/teams/*/results/*.md"))
            if stories:
                rng.choice(stories).unlink()
        elif kind == "photo":
            photo = rng.choice(sorted(content.glob("homes/*/teams/*/photos/m*.jpg")))
            photo.write_bytes(make_content.unique_jpeg(photo.read_bytes(), f"edit{len(done)}"))
        elif kind == "site":
            site = content / "site.yaml"
            site.write_text(site.read_text(encoding="utf-8").replace("示范省", "样板省", 1), encoding="utf-8")
        elif kind == "motto":
            team = rng.choice(sorted(content.glob("homes/*/teams/*/team.yaml")))
            team.write_text(team.read_text(encoding="utf-8").replace("motto: ", "motto: 不忘初心，", 1),
                            encoding="utf-8")
        done.append(kind)
    return done


# The county screen carries every home's slides while they are few (the default limit, 3
# homes), else each home's summary: known from the slide counts kept by key (limit 20) or,
# when even two slides a home are too many, without counting (limit 4).
@pytest.mark.parametrize("seed, limit", [(1, None), (2, None), (3, None), (1, 20), (2, 4)])
def test_incremental_after_random_edits_equals_clean_build(content, tmp_path, seed, limit,
                                                           monkeypatch):
    if limit:
        from sitegen import screen
        monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", limit)
    rng = random.Random(seed)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    for _round in range(3):
        _edits(content, rng, rng.randint(1, 4))
        inc = build(content, out, posters=False, cache=cache, jobs=1)
        clean_out = tmp_path / f"clean{_round}"
        build(content, clean_out, posters=False, cache=tmp_path / f"clean-cache{_round}", jobs=1)
        assert tree(out) == tree(clean_out)
        assert not inc.noop


def test_noop_rebuild_touches_nothing(content, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(content, out, posters=False, cache=cache)
    before = tree(out)
    inode = out.stat().st_ino
    again = build(content, out, posters=False, cache=cache)
    assert again.noop and again.pages == first.pages and again.images == first.images
    assert out.stat().st_ino == inode, "the output folder was not swapped"
    assert tree(out) == before


def test_one_record_rerenders_only_the_pages_that_show_it(content, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(content, out, posters=False, cache=cache)
    assert first.rendered == first.pages
    team = content / "homes/c001-h02/teams/t3/team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("motto: ", "motto: 新的誓言，", 1),
                    encoding="utf-8")
    inodes = {p: p.stat().st_ino for p in out.rglob("*.html")}
    second = build(content, out, posters=False, cache=cache)
    assert 0 < second.rendered < first.pages / 2
    page = (out / "homes/c001-h02/teams/t3/index.html").read_text(encoding="utf-8")
    assert "新的誓言" in page
    other_home = out / "homes/c001-h01/teams/t3/index.html"
    assert "新的誓言" not in other_home.read_text(encoding="utf-8")
    # Unchanged pages are linked from the previous output (same inode); a re-rendered page
    # is a new file. No page of another home — pages or lobby screen — was rendered again.
    rendered = {p.relative_to(out).as_posix() for p, ino in inodes.items()
                if p.exists() and p.stat().st_ino != ino}
    assert len(rendered) == second.rendered
    # the county page shows the homes' summaries, which a motto is not part of: kept too
    others = [r for r in rendered if "c001-h02" not in r and r != "screen/index.html"]
    assert not others, others


def _motto(content: Path, home: str, text: str) -> None:
    team = content / f"homes/{home}/teams/t1/team.yaml"
    old = team.read_text(encoding="utf-8")
    team.write_text(old.replace("motto: ", f"motto: {text}", 1), encoding="utf-8")


def _remade(out: Path, build_again) -> set[str]:
    """The pages a build wrote anew (unchanged ones are linked: the same inode)."""
    inodes = {p: p.stat().st_ino for p in out.rglob("*.html")}
    build_again()
    return {p.relative_to(out).as_posix() for p, ino in inodes.items() if p.stat().st_ino != ino}


def test_the_county_page_stays_through_edits_its_summaries_do_not_show(content, tmp_path):
    """Keyed by the homes' summaries, the county page is kept through edit after edit of
    what it does not show (the kept page carries its record of the homes it read, none),
    and made again, with the new text, by an edit of what it shows."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    again = lambda: build(content, out, posters=False, cache=cache)   # noqa: E731
    again()
    for n, home in enumerate(("c001-h02", "c001-h03", "c001-h02")):
        _motto(content, home, f"第{n}次，")
        remade = _remade(out, again)
        assert f"homes/{home}/teams/t1/index.html" in remade and "index.html" not in remade
    home = content / "homes/c001-h03/home.yaml"
    name = home.read_text(encoding="utf-8").split("\n", 1)[0].split(": ", 1)[1]
    home.write_text(home.read_text(encoding="utf-8").replace(name, "新名字驻村工作队之家", 1),
                    encoding="utf-8")
    assert "index.html" in _remade(out, again)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "新名字驻村工作队之家" in page and name not in page


@pytest.mark.parametrize("reads", [
    "{% for hf in homes %}{% for tf in hf.teams %}<i>{{ tf.record.team.motto }}</i>{% endfor %}{% endfor %}",
    "{% for hf in homes %}<i>{{ hf.record.teams['t1'].team.motto }}</i>{% endfor %}",
    "{% for hf in homes %}{% for t in hf.county.homes.values() %}{% if t.id == hf.id %}"
    "<i>{{ t.teams['t1'].team.motto }}</i>{% endif %}{% endfor %}{% endfor %}",
])
def test_a_county_page_that_reads_the_records_follows_them(content, tmp_path, reads):
    """A site's own county page that shows what only the records hold (through a home's
    teams, its record, or the county itself) is made again whenever one of the records it
    read changes, in the build after it was kept as well as right after it was made."""
    override = content.parent / "templates"
    override.mkdir()
    source = (ROOT / "templates" / "county.html").read_text(encoding="utf-8")
    (override / "county.html").write_text(
        source.replace("{% block main %}", "{% block main %}" + reads, 1), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    again = lambda: build(content, out, posters=False, cache=cache)   # noqa: E731
    again()
    bulletin = content.parent / "templates" / "bulletin.html"         # the county page kept
    bulletin.write_text((ROOT / "templates" / "bulletin.html").read_text(encoding="utf-8") + "\n",
                        encoding="utf-8")
    assert "index.html" not in _remade(out, again)
    for n, home in enumerate(("c001-h02", "c001-h03")):
        _motto(content, home, f"誓言{n}号，")
        assert "index.html" in _remade(out, again)
        assert f"<i>誓言{n}号，" in (out / "index.html").read_text(encoding="utf-8")
    build(content, tmp_path / "clean", posters=False, cache=tmp_path / "cache2")
    assert (out / "index.html").read_bytes() == (tmp_path / "clean" / "index.html").read_bytes()


def test_template_change_rerenders_what_uses_it(content, tmp_path):
    """A site template override (content/../templates) changes only pages that use it."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(content, out, posters=False, cache=cache)
    override = content.parent / "templates"
    override.mkdir()
    source = (ROOT / "templates" / "bulletin.html").read_text(encoding="utf-8")
    (override / "bulletin.html").write_text(source.replace("{% block main %}",
                                            "{% block main %}<p>覆盖模板</p>", 1), encoding="utf-8")
    second = build(content, out, posters=False, cache=cache)
    bulletins = [p for p in first.files if p.startswith("bulletins/")]
    assert second.rendered == len(bulletins) > 0
    assert "覆盖模板" in (out / bulletins[0]).read_text(encoding="utf-8")


def test_failed_incremental_build_leaves_output_identical(content, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache)
    before = tree(out)
    team = content / "homes/c001-h01/teams/t1/team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("village:", "vilage:"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, out, posters=False, cache=cache)
    assert tree(out) == before


def test_killed_incremental_build_leaves_output_identical(content, tmp_path, monkeypatch):
    """A crash after some pages were re-written into the (hard-linked) stage must not
    have changed a single published byte."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache)
    before = tree(out)
    for team in content.glob("homes/*/teams/*/team.yaml"):
        team.write_text(team.read_text(encoding="utf-8").replace("motto: ", "motto: 改，", 1),
                        encoding="utf-8")
    import sitegen.render as b

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(b, "version_json", crash)
    with pytest.raises(KeyboardInterrupt):
        build(content, out, posters=False, cache=cache)
    assert tree(out) == before
    assert not list(tmp_path.glob(".out.tmp-*")) + list(tmp_path.glob(".out.old-*"))


def test_a_noop_build_imports_neither_the_model_nor_pydantic(content, tmp_path):
    """Nothing changed: the build is done before the stages that need the model (half a
    no-op's time at 16 homes); an edit after it still builds what a clean build does."""
    out = tmp_path / "out"
    build(content, out, posters=False, jobs=1)      # the cache beside the content, as the CLI's
    loaded = "sorted(m for m in ('pydantic', 'sitegen.model', 'sitegen.validate', 'sitegen.plan') if m in sys.modules)"
    assert build_then_print(content, out, loaded, tmp_path) == "[]"
    team = next((content / "homes").glob("*/teams/*/team.yaml"))
    team.write_text(team.read_text(encoding="utf-8").replace("motto: ", "motto: 改", 1), encoding="utf-8")
    assert "pydantic" in build_then_print(content, out, loaded, tmp_path)   # an edit: the model is loaded
    shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
    build(content, tmp_path / "clean", posters=False, jobs=1, cache=tmp_path / "clean-cache")
    assert tree(out) == tree(tmp_path / "clean")


def test_supervision_is_read_again_only_when_it_changes(content, tmp_path, monkeypatch):
    """The validated supervision is kept (incremental.SupervisionLoader): an edit of a home
    reads and validates no supervision.yaml, an edit of it does, and either build is the
    clean build of the same records."""
    from sitegen import validate
    calls = []
    real = validate.read_supervision
    monkeypatch.setattr(validate, "read_supervision", lambda *a: calls.append(a) or real(*a))
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache)
    assert len(calls) == 1
    _motto(content, "c001-h02", "又一次，")
    build(content, out, posters=False, cache=cache)
    assert len(calls) == 1
    sup = content / "supervision.yaml"
    sup.write_text(sup.read_text(encoding="utf-8").replace("第二季度通报", "第二季度情况通报"),
                   encoding="utf-8")
    build(content, out, posters=False, cache=cache)
    assert len(calls) == 2
    assert "第二季度情况通报" in (out / "index.html").read_text(encoding="utf-8")
    build(content, tmp_path / "clean", posters=False, cache=tmp_path / "cache2")
    assert tree(out) == tree(tmp_path / "clean")
