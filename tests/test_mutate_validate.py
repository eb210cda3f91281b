"""The validate stage's walk (sitegen/validate.py): which files it reads, which checks it
runs on each and in what order, and the county it hands on.

Each case is a small edit of the minimal county (tests/cases/good/minimal) as a clerk
would make it; the table pins every problem `sitegen check` reports for it (code, file,
line, column, field and what the fix names), so a check left out, run on the wrong file or
placed at the wrong value shows. The second half pins the county itself: the order of
teams, activities and stories, the images to publish, the bodies and positions kept. A
mutation run (scripts/mutate.py, docs/testing.md) asked for these: the folder cases hold
one mistake each and check no county.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.read import Body
from sitegen.validate import load_county, load_home

MINIMAL = Path(__file__).resolve().parent / "cases" / "good" / "minimal" / "content"
H = "homes/demo/"
A = H + "teams/team-a/"
PNG = (MINIMAL / A / "photos/a.png").read_bytes()


def rep(old: str, new: str):
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return change


def app(more: str):
    return lambda text: text + more


def county(tmp_path: Path, edits: dict) -> Path:
    """A copy of the minimal county with `edits`: rel → None (delete), bytes, a text, or a
    function of the old text."""
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    for rel, change in edits.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if change is None:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        elif callable(change):
            path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif isinstance(change, bytes):
            path.write_bytes(change)
        else:
            path.write_text(change, encoding="utf-8")
    return root


SHOWN = ("name", "path", "team", "home", "known", "suggestion", "suggestion_en")


def told(problems) -> list[tuple]:
    """The label keys' suggestion lists every label: tests/test_mutate_rules.py pins it."""
    return [(p.code, p.file, p.line, p.column, p.field,
             {k: v for k, v in p.params if k in SHOWN and not (p.field.startswith("labels.") and k != "name")})
            for p in problems]


LOGO = "  crop_marks: false\n"
PLAN = (MINIMAL / A / "plans/2024.md").read_text(encoding="utf-8")
OUT = "../../../../../../y"
STORY = A + "results/2024-05-story.md"

# edits, every problem (code, file, line, column, field, the params that name things)
CASES = [
    ("no site.yaml", {"site.yaml": None},
     [("missing_file", "site.yaml", 0, 0, "", {"name": "site.yaml"})]),
    ("a site.yaml with errors still has its label keys told", {
        "site.yaml": lambda t: t.replace("county: 示范县\n", "") + "  stlye_board: x\n"},
     [("missing_field", "site.yaml", 1, 1, "county", {"name": "county"}),
      ("unknown_field", "site.yaml", 15, 3, "labels.stlye_board", {"name": "stlye_board"})]),
    ("a key twice in a site.yaml that validates", {"site.yaml": app("county: 示范县\n")},
     [("duplicate_key", "site.yaml", 16, 1, "county", {})]),
    ("a base_url that is no web address", {"site.yaml": rep("base_url: http://10.43.0.8/zhucun/", "base_url: ftp://10.43.0.8/")},
     [("wrong_type", "site.yaml", 6, 1, "base_url", {"name": "base_url"})]),
    ("a missing logo", {"site.yaml": rep(LOGO, LOGO + "  logo: logo/county.png\n")},
     [("image_missing", "site.yaml", 12, 3, "poster.logo", {"path": "logo/county.png"})]),
    ("a logo that is no picture", {"site.yaml": rep(LOGO, LOGO + "  logo: logo.png\n"), "logo.png": b"not a png"},
     [("image_invalid", "site.yaml", 12, 3, "poster.logo", {"path": "logo.png"})]),
    ("a site.yaml that cannot be read", {"site.yaml": app("poster: [\n")},
     [("yaml_syntax", "site.yaml", 16, 9, "", {})]),
    ("files the root does not know", {"sites.yaml": "a: 1\n", "notes.YML": "a: 1\n", "readme.txt": "x",
                                      "old.yaml/a.txt": "x"},
     [("unknown_field", "notes.YML", 0, 0, "", {
         "name": "notes.YML", "suggestion": "这里可用的文件：site.yaml、supervision.yaml",
         "suggestion_en": "Files known here: site.yaml, supervision.yaml"}),
      ("unknown_field", "sites.yaml", 0, 0, "", {
          "name": "sites.yaml", "suggestion": "是不是想把文件命名为“site.yaml”？这里可用的文件：site.yaml、supervision.yaml",
          "suggestion_en": "did you mean to name the file 'site.yaml'? Files known here: site.yaml, supervision.yaml"})]),
    ("a home folder that is no address", {"homes/Demo_2/home.yaml": "name: x\n"},
     [("bad_id", "homes/Demo_2", 0, 0, "", {"name": "Demo_2", "suggestion": "demo-2"})]),
    ("a home without home.yaml", {H + "home.yaml": None},
     [("missing_file", H + "home.yaml", 0, 0, "", {"name": H + "home.yaml"})]),
    ("a home with errors still has its teams checked", {
        H + "home.yaml": rep("township: 示范乡\n", ""), A + "team.yaml": rep("village: 青山村\n", "")},
     [("missing_field", H + "home.yaml", 1, 1, "township", {"name": "township"}),
      ("missing_field", A + "team.yaml", 1, 1, "village", {"name": "village"})]),
    ("a file the home does not know", {H + "honor.yaml": "- a\n"},
     [("unknown_field", H + "honor.yaml", 0, 0, "", {
         "name": "honor.yaml",
         "suggestion": "是不是想把文件命名为“honors.yaml”？这里可用的文件：activities.yaml、home.yaml、honors.yaml",
         "suggestion_en": "did you mean to name the file 'honors.yaml'? Files known here: activities.yaml, home.yaml, "
                          "honors.yaml"})]),
    ("a link out of the folder in a rule", {
        H + "home.yaml": rep("      返岗后及时销假。\n", "      返岗后及时销假，\n      详见[请假单](../../../x.doc)。\n")},
     [("path_outside", H + "home.yaml", 21, 15, "rules[1].body", {"path": "../../../x.doc"})]),
    ("a link in a rule whose title names it too: placed in the body", {H + "home.yaml": lambda t: t.replace(
        "  - title: 请销假制度\n", "  - title: 请销假制度（../../../x.doc）\n").replace(
        "      返岗后及时销假。\n", "      返岗后及时销假，\n      详见[请假单](../../../x.doc)。\n")},
     [("path_outside", H + "home.yaml", 21, 15, "rules[1].body", {"path": "../../../x.doc"})]),
    ("a missing image in a rule, relative to home.yaml", {
        H + "home.yaml": rep("      返岗后及时销假。\n", "      返岗后及时销假，\n      ![](photos/none.png)\n")},
     [("image_missing", H + "home.yaml", 21, 11, "rules[1].body", {"path": "photos/none.png"})]),
    ("a host team that is no team folder", {H + "activities.yaml": rep("  host_team: team-b\n", "  host_team: team-c\n")},
     [("unknown_team", H + "activities.yaml", 9, 3, "[1].host_team", {"team": "team-c", "known": "team-a、team-b"})]),
    ("an empty activities.yaml", {H + "activities.yaml": ""}, []),
    ("an activities.yaml that cannot be read", {H + "activities.yaml": "- date: [\n"},
     [("yaml_syntax", H + "activities.yaml", 1, 9, "", {})]),
    ("a home honor's missing certificate", {H + "honors.yaml": app("  image: photos/award.png\n")},
     [("image_missing", H + "honors.yaml", 5, 3, "[0].image", {"path": "photos/award.png"})]),
    ("an empty honors.yaml", {H + "honors.yaml": ""}, []),
    ("a duty rota naming no team folder", {H + "home.yaml": rep("  - team-b\n", "  - team-c\n")},
     [("unknown_team", H + "home.yaml", 23, 5, "duty_rota[1]", {"team": "team-c", "known": "team-a、team-b"})]),
    ("a team folder that is no address", {H + "teams/Team_C/team.yaml": "village: x\n"},
     [("bad_id", H + "teams/Team_C", 0, 0, "", {"name": "Team_C", "suggestion": "team-c"})]),
    ("a team without team.yaml", {H + "teams/team-b/team.yaml": None},
     [("missing_file", H + "teams/team-b/team.yaml", 0, 0, "", {"name": H + "teams/team-b/team.yaml"})]),
    ("a file the team does not know", {A + "plan.yaml": "a: 1\n"},
     [("unknown_field", A + "plan.yaml", 0, 0, "", {
         "name": "plan.yaml", "suggestion": "是不是想把文件命名为“team.yaml”？这里可用的文件：honors.yaml、team.yaml",
         "suggestion_en": "did you mean to name the file 'team.yaml'? Files known here: honors.yaml, team.yaml"})]),
    ("a member's missing photo", {A + "team.yaml": rep("    photo: photos/a.png\n", "    photo: photos/b.png\n")},
     [("image_missing", A + "team.yaml", 9, 5, "members[0].photo", {"path": "photos/b.png", "suggestion": "photos/a.png"})]),
    ("a member's photo that is no picture", {
        A + "team.yaml": rep("    photo: photos/a.png\n", "    photo: photos/c.png\n"), A + "photos/c.png": b"xx"},
     [("image_invalid", A + "team.yaml", 9, 5, "members[0].photo", {"path": "photos/c.png"})]),
    ("a plan under another year's name: its body is not checked", {A + "plans/2025.md": PLAN + f"[x]({OUT})\n"},
     [("year_mismatch", A + "plans/2025.md", 2, 1, "year", {})]),
    ("a link out of the folder in a plan", {A + "plans/2024.md": app(f"详见[x]({OUT})\n")},
     [("path_outside", A + "plans/2024.md", 25, 7, "body", {"path": OUT})]),
    ("a link on a plan's first body line, named in its front matter too", {A + "plans/2024.md": lambda t: t.replace(
        "title: 青山村2024年度驻村帮扶规划\n", f"title: 青山村2024年度驻村帮扶规划 {OUT}\n").replace(
        "今年重点围绕", f"[x]({OUT}) 今年重点围绕")},
     [("path_outside", A + "plans/2024.md", 24, 5, "body", {"path": OUT})]),
    ("a link on a story's first body line, named in its front matter too", {STORY: lambda t: t.replace(
        "title: 青山村油茶基地喜获丰收\n", f"title: 青山村油茶基地喜获丰收 {OUT}\n").replace(
        "五月，", f"[x]({OUT}) 五月，")},
     [("path_outside", STORY, 15, 5, "body", {"path": OUT})]),
    ("a plan that cannot be read, then one with a slip: both told", {
        A + "plans/2023.md": "---\nyear: [\n---\n", A + "plans/2024.md": app(f"详见[x]({OUT})\n")},
     [("yaml_syntax", A + "plans/2023.md", 2, 7, "", {}),
      ("path_outside", A + "plans/2024.md", 25, 7, "body", {"path": OUT})]),
    ("a plan under another year's name, then one with a slip: both told", {
        A + "plans/2023.md": PLAN, A + "plans/2024.md": app(f"详见[x]({OUT})\n")},
     [("year_mismatch", A + "plans/2023.md", 2, 1, "year", {}),
      ("path_outside", A + "plans/2024.md", 25, 7, "body", {"path": OUT})]),
    ("a story with errors, then one with a slip: both told", {
        A + "results/2024-04-x.md": "---\ndate: 2024-04-01\n---\n", STORY: app(f"\n[x]({OUT})\n")},
     [("missing_field", A + "results/2024-04-x.md", 2, 1, "title", {"name": "title"}),
      ("path_outside", STORY, 17, 5, "body", {"path": OUT})]),
    ("a plan that cannot be read", {A + "plans/2023.md": "---\nyear: [\n---\n"},
     [("yaml_syntax", A + "plans/2023.md", 2, 7, "", {})]),
    ("a story's missing photo", {A + "results/2024-05-story.md": rep("  - src: ../photos/a.png\n", "  - src: ../photos/z.png\n")},
     [("image_missing", A + "results/2024-05-story.md", 12, 5, "photos[0].src",
       {"path": "../photos/z.png", "suggestion": "../photos/a.png"})]),
    ("a story's missing photo written after its caption", {STORY: rep(
        "  - src: ../photos/a.png\n    caption: 工作队在油茶基地\n", "  - caption: 工作队在油茶基地\n    src: ../photos/z.png\n")},
     [("image_missing", STORY, 13, 5, "photos[0].src", {"path": "../photos/z.png", "suggestion": "../photos/a.png"})]),
    ("a link out of the folder in a story", {A + "results/2024-05-story.md": app(f"\n[x]({OUT})\n")},
     [("path_outside", A + "results/2024-05-story.md", 17, 5, "body", {"path": OUT})]),
    ("a story with errors", {A + "results/2024-06-x.md": "---\ndate: x\n---\n"},
     [("missing_field", A + "results/2024-06-x.md", 2, 1, "title", {"name": "title"}),
      ("bad_date", A + "results/2024-06-x.md", 2, 1, "date", {"name": "date"})]),
    ("a recipient who is no member", {A + "honors.yaml": rep("  recipient: 张三\n", "  recipient: 王五\n")},
     [("unknown_member", A + "honors.yaml", 8, 3, "[1].recipient", {"name": "王五", "known": "张三、李四、王红"})]),
    ("a team honor's missing certificate", {A + "honors.yaml": app("  image: ../photos/none.png\n")},
     [("image_missing", A + "honors.yaml", 9, 3, "[1].image", {"path": "../photos/none.png"})]),
    ("recipients are not checked against a team with errors", {
        A + "honors.yaml": rep("  recipient: 张三\n", "  recipient: 王五\n"), A + "team.yaml": rep("village: 青山村\n", "")},
     [("missing_field", A + "team.yaml", 1, 1, "village", {"name": "village"})]),
    ("an empty supervision.yaml: no supervision yet", {"supervision.yaml": ""}, []),
    ("a supervision.yaml of comments only", {"supervision.yaml": "# 还没有督查\n"}, []),
    ("a check of a home that is no home folder", {
        "supervision.yaml": rep("    home: demo\n    kind: 季督\n", "    home: dmeo\n    kind: 季督\n")},
     [("unknown_home", "supervision.yaml", 7, 5, "checks[1].home", {"home": "dmeo", "known": "demo"})]),
    ("a link out of the folder in a bulletin", {
        "supervision.yaml": rep("**示范乡**做法值得推广。\n", "**示范乡**做法值得推广，见[附件](../x.doc)。\n")},
     [("path_outside", "supervision.yaml", 12, 44, "bulletins[0].body", {"path": "../x.doc"})]),
    ("a bulletin's missing image, its URL also in a finding and the title above", {"supervision.yaml": lambda t: t.replace(
        "findings: 台账齐全，值班到位。", "findings: 台账见 photos/q2.png。").replace(
        "督查通报\n", "督查通报（附 photos/q2.png）\n").replace(
        "**示范乡**做法值得推广。\n", "**示范乡**做法值得推广。![](photos/q2.png)\n")},
     [("image_missing", "supervision.yaml", 12, 42, "bulletins[0].body", {"path": "photos/q2.png"})]),
    ("a supervision.yaml that cannot be read", {"supervision.yaml": app("checks: [\n")},
     [("yaml_syntax", "supervision.yaml", 17, 9, "", {})]),
    ("a file among the home folders is no home", {"homes/说明.txt": "x", H + "teams/说明.txt": "x"}, []),
    ("an unknown label key alone is a warning: the county builds", {"site.yaml": app("  stlye_board: x\n")},
     [("unknown_field", "site.yaml", 16, 3, "labels.stlye_board", {"name": "stlye_board"})]),
    ("a host team whose team.yaml has errors is still a team folder", {
        H + "teams/team-b/team.yaml": rep("village: 绿水村\n", "")},
     [("missing_field", H + "teams/team-b/team.yaml", 1, 1, "village", {"name": "village"})]),
    ("no homes folder: supervision names none", {"homes": None},
     [("unknown_home", "supervision.yaml", 3, 5, "checks[0].home", {"home": "demo", "known": ""}),
      ("unknown_home", "supervision.yaml", 7, 5, "checks[1].home", {"home": "demo", "known": ""}),
      ("unknown_home", "supervision.yaml", 15, 5, "ratings[0].home", {"home": "demo", "known": ""})]),
]


@pytest.mark.parametrize("edits, want", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_what_check_reports(tmp_path, edits, want):
    root = county(tmp_path, edits)
    got, problems = load_county(root)
    assert told(problems) == [(c, f, line, col, field, {k: v for k, v in params.items()})
                              for c, f, line, col, field, params in want]
    assert (got is None) == any(p.severity == "error" for p in problems)


def test_every_problem_of_the_county_in_one_run(tmp_path):
    root = county(tmp_path, {
        "site.yaml": rep("county: 示范县\n", ""), H + "home.yaml": rep("  - team-b\n", "  - team-c\n"),
        A + "team.yaml": rep("    photo: photos/a.png\n", "    photo: photos/b.png\n"),
        "supervision.yaml": rep("    home: demo\n    kind: 季督\n", "    home: dmeo\n    kind: 季督\n")})
    _, problems = load_county(root)
    assert [(p.code, p.file) for p in problems] == [
        ("missing_field", "site.yaml"), ("image_missing", A + "team.yaml"),
        ("unknown_team", H + "home.yaml"), ("unknown_home", "supervision.yaml")]


# ------------------------------------------------------------------ the county handed on

STORY = A + "results/2024-05-story.md"


def test_the_county(tmp_path):
    root = county(tmp_path, {
        H + "home.yaml": lambda t: t.replace("  - team-a\n  - team-b\n", "  - team-b\n  - team-a\n").replace(
            "      返岗后及时销假。\n", "      返岗后及时销假。\n      ![](teams/team-a/photos/a.png)\n"),
        A + "results/2024-06-走访.md": "---\ntitle: 走访\ndate: 2024-06-01\n---\n![](../photos/a.png)\n",
        A + "results/2024-05-Visit Two.md": "---\ntitle: 走访二\ndate: 2024-05-20\n---\n正文\n",
        A + "results/入户.md": "---\ntitle: 入户\ndate: 2024-05-20\n---\n",
        A + "plans/2023.md": "---\nyear: 2023\ntitle: 旧规划\n---\n去年\n![](../photos/a.png)\n",
        H + "honors.yaml": app("  image: ../../logo.png\n"), "logo.png": PNG,
        A + "honors.yaml": app("  image: photos/a.png\n"),
        "site.yaml": rep(LOGO, LOGO + "  logo: homes/demo/teams/team-a/photos/a.png\n"),
    })
    got, problems = load_county(root)
    assert problems == []
    assert got.root == str(root.resolve())
    home = got.homes["demo"]
    assert (home.id, home.rel, home.honors_rel) == ("demo", H + "home.yaml", H + "honors.yaml")
    assert list(home.teams) == ["team-b", "team-a"]                      # the duty rota's order
    assert [a.date.isoformat() for a in home.activities] == ["2024-04-18", "2024-05-06", "2024-05-23", "2024-06-25"]
    team = home.teams["team-a"]
    assert (team.id, team.home_id, team.rel, team.honors_rel) == ("team-a", "demo", A + "team.yaml", A + "honors.yaml")
    assert home.teams["team-b"].honors_rel is None and home.teams["team-b"].honors == []
    assert [(r.slug, r.rel) for r in team.results] == [                # newest first, then by slug, backwards
        ("2024-06", A + "results/2024-06-走访.md"), ("story", A + "results/入户.md"),
        ("2024-05-visit-two", A + "results/2024-05-Visit Two.md"), ("2024-05-story", STORY)]
    assert sorted(team.plans) == [2023, 2024]
    plan = team.plans[2024]
    assert (plan.rel, plan.body_line, plan.plan.year) == (A + "plans/2024.md", 24, 2024)
    assert isinstance(plan.body, Body) and plan.body.rel == A + "plans/2024.md"
    assert plan.body == "今年重点围绕**油茶产业**和防返贫监测开展工作。\n"
    story = team.results[-1]
    assert (story.body_line, story.body.rel) == (15, STORY)
    assert story.body == "五月，工作队组织村民采收油茶，收入比去年增加三成。\n"
    rules = home.home.rules
    assert [(type(r.body), r.body.rel) for r in rules] == [(Body, H + "home.yaml")] * 2
    bulletin = got.supervision.bulletins[0]
    assert (type(bulletin.body), bulletin.body.rel) == (Body, "supervision.yaml")
    assert bulletin.body == "各乡镇工作队之家运行良好，**示范乡**做法值得推广。"
    assert [str(r.body) for r in rules] == ["每周一上午召开例会，各工作队轮流主讲驻村讲堂。",
                                            "队员离村须提前向乡驻村办请假，\n返岗后及时销假。\n![](teams/team-a/photos/a.png)"]
    photo = str(root.resolve() / A / "photos/a.png")
    assert got.images == {A + "photos/a.png": photo, "logo.png": str(root.resolve() / "logo.png")}


def test_the_positions_kept_for_check(tmp_path):
    got, problems = load_county(county(tmp_path, {}))
    assert problems == []
    assert got.position("site.yaml", "base_url") == (6, 1)                 # the key, not the value
    assert got.position("site.yaml", "poster", "size") == (8, 3)
    assert got.position("supervision.yaml", "bulletins", 0, "body") == (12, 5)
    home = got.homes["demo"]
    assert home.position(H + "home.yaml", "duty_rota", 1) == (23, 5)
    assert home.position(H + "activities.yaml", 1, "host_team") == (9, 3)
    assert home.position(H + "honors.yaml", 0, "issuer") == (4, 3)
    team = home.teams["team-a"]
    assert team.position(A + "team.yaml", "members", 1, "unit") == (14, 5)
    assert team.position(A + "honors.yaml", 1, "recipient") == (8, 3)
    assert team.plans[2024].position(A + "plans/2024.md", "targets", 1, "direction") == (15, 5)
    assert team.results[0].position(STORY, "photos", 0, "src") == (12, 5)


def test_a_team_without_honors_and_a_home_with_an_empty_honors_file(tmp_path):
    got, problems = load_county(county(tmp_path, {H + "honors.yaml": ""}))
    assert problems == []
    home = got.homes["demo"]
    assert (home.honors, home.honors_rel) == ([], H + "honors.yaml")
    assert home.position(H + "honors.yaml", 0, "title") == (1, 1)


def test_the_homes_loader_is_handed_the_home_folders_in_order(tmp_path):
    root = county(tmp_path, {})
    shutil.copytree(root / "homes/demo", root / "homes/another")
    asked = []

    def loader(at, dirs):
        asked.append((at, [d.name for d in dirs]))
        return [load_home(at, d) for d in dirs]

    got, problems = load_county(root, load_homes=loader)
    assert asked == [(root.resolve(), ["another", "demo"])]
    assert problems == [] and list(got.homes) == ["another", "demo"]
    assert got.homes["another"].rel == "homes/another/home.yaml"


def test_a_home_alone(tmp_path):
    root = county(tmp_path, {A + "team.yaml": rep("    photo: photos/a.png\n", "    photo: photos/b.png\n")}).resolve()
    record, problems, images = load_home(root, root / "homes/demo")
    assert record.id == "demo" and list(record.teams) == ["team-a", "team-b"]   # kept, to tell more
    assert [(p.code, p.file, p.line) for p in problems] == [("image_missing", A + "team.yaml", 9)]
    assert images == {A + "photos/a.png": str(root / A / "photos/a.png")}     # the story's photo
    root2 = county(tmp_path / "2", {}).resolve()
    record, problems, images = load_home(root2, root2 / "homes/demo")
    assert problems == [] and record.id == "demo"
    assert images == {A + "photos/a.png": str(root2 / A / "photos/a.png")}


def test_a_content_folder_that_is_not_there(tmp_path):
    got, problems = load_county(tmp_path / "nothing")
    assert got is None
    assert told(problems) == [("missing_file", "site.yaml", 0, 0, "", {"name": "site.yaml"})]


def test_a_bulletins_image_is_published(tmp_path):
    root = county(tmp_path, {"supervision.yaml": rep(
        "**示范乡**做法值得推广。\n", "**示范乡**做法值得推广。![](homes/demo/teams/team-a/photos/a.png)\n")})
    got, problems = load_county(root)
    assert problems == []
    assert got.images == {A + "photos/a.png": str(root.resolve() / A / "photos/a.png")}


def test_a_bulletin_without_a_body_keeps_none(tmp_path):
    root = county(tmp_path, {"supervision.yaml": rep(
        "    body: 各乡镇工作队之家运行良好，**示范乡**做法值得推广。\n", "")})
    got, problems = load_county(root)
    assert problems == [] and got.supervision.bulletins[0].body is None


def test_a_home_keeps_what_loaded_when_parts_have_errors(tmp_path):
    """load_home hands back the home with the parts that loaded (the build caches it;
    check tells the problems): a team with errors, a plan under another year's name and
    an honors.yaml that cannot be read are left out."""
    root = county(tmp_path, {
        H + "teams/team-b/team.yaml": rep("village: 绿水村\n", ""),
        A + "plans/2025.md": PLAN, H + "honors.yaml": "- title: [\n"}).resolve()
    record, problems, _ = load_home(root, root / "homes/demo")
    assert [(p.code, p.file) for p in problems] == [         # in the order the folders are walked
        ("year_mismatch", A + "plans/2025.md"), ("missing_field", H + "teams/team-b/team.yaml"),
        ("yaml_syntax", H + "honors.yaml")]
    assert list(record.teams) == ["team-a"]
    assert sorted(record.teams["team-a"].plans) == [2024]
    assert (record.honors, record.honors_rel) == ([], H + "honors.yaml")


def test_a_home_with_errors_is_no_record(tmp_path):
    root = county(tmp_path, {H + "home.yaml": rep("township: 示范乡\n", "")}).resolve()
    record, problems, _ = load_home(root, root / "homes/demo")
    assert record is None and [p.code for p in problems] == ["missing_field"]


def test_a_home_without_activities_or_honors_files(tmp_path):
    got, problems = load_county(county(tmp_path, {H + "activities.yaml": None, H + "honors.yaml": None}))
    assert problems == []
    home = got.homes["demo"]
    assert (home.activities, home.honors, home.honors_rel) == ([], [], None)
    assert home.position(H + "activities.yaml", 0, "kind") == (1, 1)


@pytest.mark.parametrize("rota, order", [
    ("  - team-b\n", ["team-b", "team-a"]), ("  - team-a\n", ["team-a", "team-b"]), ("", ["team-a", "team-b"]),
])
def test_teams_not_in_the_rota_follow_by_folder(tmp_path, rota, order):
    root = county(tmp_path, {H + "home.yaml": rep("duty_rota:\n  - team-a\n  - team-b\n",
                                                   "duty_rota:\n" + rota if rota else "")})
    got, problems = load_county(root)
    assert problems == [] and list(got.homes["demo"].teams) == order
