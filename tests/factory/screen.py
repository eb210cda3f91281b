"""The screen county: hard on the lobby screens (issue 5), from screen.yaml.

The texts are the table's; what is here is only how often they repeat: every activity
kind thirteen times, eight home honors of every level in turn, a team of fifteen with
twelve targets, nine measures and twenty-four honors, eleven small teams, and a home
with a team of one. The slide-planning and browser tests page through it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .edge import NAMES
from .images import solid_png
from .writer import Tree, read_yaml

TABLE = read_yaml(Path(__file__).resolve().parent / "screen.yaml")
KINDS = ["weekly_meeting", "monthly_forum", "quarterly_review", "training", "competition",
         "recreation", "health_talk", "visit", "heart_talk"]
LEVELS = ["national", "provincial", "municipal", "county", "township"]


def write_screen(dst: Path, *, show_phones: bool = False, slide_seconds: int = 10) -> Path:
    """Write the county into `dst/content` and return that folder."""
    t, surnames, given = TABLE, NAMES["surnames"], NAMES["given"]
    content = dst / "content"
    tree = Tree(content)
    tree.yaml("site.yaml", {**t["site"], "screen": {"slide_seconds": slide_seconds,
                                                    "show_phones": show_phones}})
    big, f = "homes/big", t["fifteen"]
    team_ids = [f["id"]] + [f"t{i:02d}" for i in range(1, t["small_teams"] + 1)]
    tree.yaml(f"{big}/home.yaml", {
        **t["home"], "contacts": [{**c, "phone": t["phone"]} for c in t["home"]["contacts"]],
        "duty_rota": team_ids})
    tree.yaml(f"{big}/activities.yaml", [
        {"date": dt.date(2024, i % 12 + 1, i % 27 + 1), "kind": k, "title": f"活动{i}"}
        for i, k in enumerate(KINDS * t["activity_rounds"])] + [t["extra_activity"]])
    h = t["home_honors"]
    tree.yaml(f"{big}/honors.yaml", [
        {"title": h["title"].format(year=2015 + i, n=i + 1), "level": LEVELS[i % 5],
         "date": f"{2015 + i}-12", "issuer": h["issuer"]} for i in range(h["count"])])

    fifteen = f"{big}/teams/{f['id']}"
    members = []
    for i in range(15):
        m = {"name": t["long_name"] if i == 3 else surnames[i] + given[i],
             "role": f["leader_role"] if i == 0 else "队员", "since": f["since"]}
        if i % 4 == 1:
            m["unit"] = NAMES["long_unit"]
        if i % 3 == 0:
            m["photo"] = f"photos/m{i}.png"
            tree.write(f"{fifteen}/{m['photo']}", solid_png((40 + i * 10, 90, 140)))
        members.append(m)
    tree.yaml(f"{fifteen}/team.yaml", {
        "village": t["long_village"] + "村", "unit": NAMES["long_unit"], "since": f["since"],
        "until": f["until"], "motto": f["motto"], "members": members})
    targets = [{**f["target"], "name": f["target"]["name"].format(n=i + 1),
                "target": 100 + i, "actual": 50 + i * 9} for i in range(f["targets"])]
    targets[1].update(f["down_target"])
    del targets[2]["actual"]
    tree.markdown(f"{fifteen}/plans/2024.md", {
        "year": 2024, "targets": targets,
        "measures": [f["measure"].format(n=i + 1) for i in range(f["measures"])]}, "正文。")
    tree.yaml(f"{fifteen}/honors.yaml", [
        {**f["honor"], "title": f["honor"]["title"].format(year=2000 + i), "date": f"{2000 + i}-06",
         "recipient": members[i % 15]["name"]} for i in range(f["honors"])])

    s = t["small_team"]
    for k, tid in enumerate(team_ids[1:], start=1):
        tree.yaml(f"{big}/teams/{tid}/team.yaml", {
            "village": f"第{k}示范村", "unit": s["unit"], "since": s["since"],
            "members": [{"name": surnames[k] + "一", "role": "第一书记兼队长"},
                        {"name": surnames[k] + "二", "role": "队员"}]})
        tree.markdown(f"{big}/teams/{tid}/plans/2024.md",
                      {"year": 2024, "targets": [{**s["target"], "actual": k % 4}]}, "")
    small = t["small_home"]
    tree.yaml(f"homes/{small['id']}/home.yaml", small["home"])
    tree.yaml(f"homes/{small['id']}/teams/{small['team_id']}/team.yaml", small["team"])
    return content
