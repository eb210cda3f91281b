"""The content factory (issue 15, item 4): one writer, counties from tables, a real self-check.

- the sample county's tables write exactly the committed content/ (byte for byte), and
  sitegen reads from it the figures the table expects; a wrong expectation is caught;
- the writer keeps YAML 1.1's traps as text in every text field, in both its styles;
- the benchmark, edge and screen counties have their shapes and load without errors.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from conftest import CONTENT, tree_hash
from factory import writer
from factory.check import Mismatch, check, figures
from factory.sample import tables, write_sample
from sitegen.validate import load_county
from test_text_yaml11 import TRAPS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_content  # noqa: E402  (the benchmarks' entry point, kept for bench/run.py)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    t = tables()
    content = tmp_path_factory.mktemp("sample") / "content"
    write_sample(content, t)
    return content, t


def test_the_tables_write_the_committed_sample_county_byte_for_byte(sample):
    content, _ = sample
    assert tree_hash(content) == tree_hash(CONTENT)


def test_the_self_check_reads_the_tables_figures_through_sitegen(sample):
    content, t = sample
    got = check(content, t["county"]["expect"])
    assert got["totals"]["monthly_forum"] == 115 and got["checks"]["quarterly_supervision"] == 32
    assert got["problems"] == 0


@pytest.mark.parametrize("key, sub, wrong", [
    ("totals", "monthly_forum", 116),            # the county report's figure, off by one
    ("checks", "monthly_check", 15),
    ("progress", 2024, {"met": 208, "not_met": 22, "not_reported": 112}),
    ("rankings", "wuyang", ["1 niuzhai 3/5", "2 jinzhai 4/4", "3 maping 2/5", "4 niuxi 1/3"]),
    ("bulletins", None, 4),
])
def test_a_wrong_expectation_in_the_table_fails_the_self_check(sample, key, sub, wrong):
    content, t = sample
    expect = copy.deepcopy(t["county"]["expect"])
    if sub is None:
        expect[key] = wrong
    else:
        expect[key][sub] = wrong
    with pytest.raises(Mismatch) as e:
        check(content, expect)
    assert str(e.value).startswith(f"{key}" + (f".{sub}" if sub is not None else ""))
    assert len(str(e.value).splitlines()) == 1      # only the figure that is wrong


def test_a_figure_the_table_leaves_out_is_reported(sample):
    content, t = sample
    expect = copy.deepcopy(t["county"]["expect"])
    del expect["totals"]["heart_talk"]
    with pytest.raises(Mismatch, match=r"totals.heart_talk: sitegen shows 32, the table expects none"):
        check(content, expect)


def test_a_broken_record_fails_the_self_check_with_its_problem(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    team = content / "homes" / "wuyang" / "teams" / "jinzhai" / "team.yaml"
    team.write_text(team.read_text("utf-8").replace("village:", "vilage:"), "utf-8")
    with pytest.raises(Mismatch, match="team.yaml"):
        figures(content)


# ------------------------------------------------------------------ the writer and text

def _county(style_clerk: bool, trap: str, root: Path) -> Path:
    """A one-home county with `trap` in every text field, written by the factory's writer."""
    tree = writer.Tree(root, clerk=style_clerk)
    tree.yaml("site.yaml", {"title": trap, "county": trap, "office": trap, "year": 2024,
                            "since": dt.date(2023, 1, 1), "labels": {"style_board": trap}})
    tree.yaml("homes/demo/home.yaml", {
        "name": trap, "township": trap, "address": trap,
        "office": {"rooms": 2, "equipment": [trap]},
        "contacts": [{"name": trap, "role": trap, "phone": trap}],
        "rules": [{"title": trap, "body": trap}], "duty_rota": ["team-a"]})
    tree.yaml("homes/demo/activities.yaml", [{"date": dt.date(2024, 5, 6), "kind": "training",
                                              "title": trap, "note": trap}])
    tree.yaml("homes/demo/honors.yaml", [{"title": trap, "level": "county", "date": "2024-01",
                                          "issuer": trap}])
    tree.yaml("homes/demo/teams/team-a/team.yaml", {
        "village": trap, "unit": trap, "since": "2023-03", "motto": trap,
        "members": [{"name": trap, "role": trap, "unit": trap, "quote": trap}]})
    tree.markdown("homes/demo/teams/team-a/plans/2024.md", {
        "year": 2024, "title": trap, "targets": [{"name": trap, "unit": trap, "target": 3, "note": trap}],
        "measures": [trap]}, "正文。")
    tree.markdown("homes/demo/teams/team-a/results/2024-05-story.md", {
        "title": trap, "date": dt.date(2024, 5, 6), "figures": [{"label": trap, "value": 1.5, "unit": trap}]},
        "故事。")
    tree.yaml("supervision.yaml", {
        "checks": [{"date": dt.date(2024, 5, 14), "home": "demo", "kind": "monthly_check", "findings": trap}],
        "bulletins": [{"date": dt.date(2024, 7, 1), "title": trap, "body": trap}],
        "ratings": [{"year": 2023, "home": "demo", "grade": trap}]})
    return root


@pytest.mark.parametrize("clerk", [True, False], ids=["clerk", "data"])
@pytest.mark.parametrize("trap", TRAPS)
def test_the_writer_keeps_yaml_1_1_traps_as_text(tmp_path, clerk, trap):
    content = _county(clerk, trap, tmp_path / "content")
    county, problems = load_county(content)
    assert county is not None, problems
    home = county.homes["demo"]
    team = home.teams["team-a"]
    sup = county.supervision
    texts = [county.site.title, county.site.county, county.site.office, home.home.name,
             home.home.township, home.home.address, home.home.office.equipment[0],
             home.home.contacts[0].phone, home.home.rules[0].title, home.activities[0].title,
             home.activities[0].note, home.honors[0].title, team.team.village, team.team.motto,
             team.team.members[0].name, team.team.members[0].quote, team.plans[2024].plan.title,
             team.plans[2024].plan.targets[0].name, team.plans[2024].plan.measures[0],
             team.results[0].result.title, team.results[0].result.figures[0].label, sup.checks[0].findings, sup.bulletins[0].title, sup.ratings[0].grade]
    assert texts == [trap] * len(texts)
    # and any YAML reader, 1.1 (PyYAML) or 1.2 (ruamel), reads the same characters
    raw = (content / "homes" / "demo" / "home.yaml").read_text("utf-8")
    assert yaml.safe_load(raw)["contacts"][0]["phone"] == trap
    assert YAML(typ="safe", pure=True).load(io.StringIO(raw))["contacts"][0]["phone"] == trap


def test_text_is_quoted_only_where_a_reader_would_take_it_for_something_else():
    assert writer.dump({"phone": "0739-7969581", "since": "2023-03", "v": "073122334455"}) == (
        'phone: 0739-7969581\nsince: 2023-03\nv: "073122334455"\n')
    assert writer.dump({"d": dt.date(2024, 1, 2), "t": "2024-01-02", "n": 62.6, "i": 2024}) == (
        'd: 2024-01-02\nt: "2024-01-02"\nn: 62.6\ni: 2024\n')


def test_notes_are_aligned_three_spaces_after_the_longest_value():
    doc = {"duty_rota": [writer.Noted("niuzhai", "牛寨村"), writer.Noted("maping", "麻坪村")],
           "home": writer.Noted("wuyang", "武阳镇")}
    assert writer.dump(doc) == ("duty_rota:\n  - niuzhai   # 牛寨村\n  - maping    # 麻坪村\n"
                                "home: wuyang   # 武阳镇\n")


def test_a_layout_puts_the_clerks_notes_between_the_fields():
    layout = ["# {village}驻村工作队", "village", {"key": "motto", "before": ["# 驻村誓言"]},
              {"key": "title", "absent": ["# title 不写时显示默认标题"]}, "", "members"]
    text = writer.render({"village": "金寨村", "members": [{"name": "贺玉"}]}, layout)
    assert text == ("# 金寨村驻村工作队\nvillage: 金寨村\n# title 不写时显示默认标题\n\n"
                    "members:\n  - name: 贺玉\n")


# ------------------------------------------------------------------ the other counties

def test_the_bench_county_keeps_its_shape_and_is_deterministic(tmp_path):
    a = make_content.make(tmp_path / "a", 1, seed=1)
    assert a == {"counties": 1, "homes": 16, "teams": 96, "members": 384, "photos": 576, "files": 1106}
    make_content.make(tmp_path / "b", 1, seed=1)
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")
    county, problems = load_county(tmp_path / "a")
    assert county is not None and not problems
    assert [len(h.teams) for h in county.homes.values()] == [6] * 16
    assert {len(t.team.members) for h in county.homes.values() for t in h.teams.values()} == {4}


def test_the_edge_and_screen_counties_load_without_errors(tmp_path):
    from edge_county import LONG_NAME, make_edge_content
    from factory.screen import write_screen
    edge, problems = load_county(make_edge_content(tmp_path / "edge"))
    assert edge is not None, problems
    big = edge.homes["demo"].teams["team-big"]
    assert len(big.team.members) == 15 and big.team.members[3].name == LONG_NAME
    assert edge.homes["demo"].home.duty_rota[-1] == "team-big"
    screen, problems = load_county(write_screen(tmp_path / "screen"))
    assert screen is not None, problems
    assert len(screen.homes["big"].teams) == 12 and len(screen.homes["big"].activities) == 118
