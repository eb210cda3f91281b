"""The sample county (绥宁县, 16 homes) from its tables in tests/factory/sample/.

The facts are data: one row per home, team, member, target, activity, honor, check and
rating (CSV), the prose (rules, plan narratives, stories, bulletins) in YAML, the
clerk's notes in `layouts.yaml`. This module only puts rows into records; the writer
(writer.py) turns the records into YAML. Activity kinds and honor levels are written in
whichever spelling the table holds (the sample mixes 月座谈 and monthly_forum on
purpose), and a team id carries the village as an end-of-line note, as clerks write it.
"""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

from . import images
from .writer import Noted, Tree, read_csv, read_yaml, record

TABLES = Path(__file__).resolve().parent / "sample"
IMAGE_NOTE = "证书或奖牌的照片"   # what a clerk writes after a certificate's path


def tables(folder: Path = TABLES) -> dict:
    """Every table of the county, read: CSV files as rows, YAML files as data."""
    out = {p.stem: read_csv(p) for p in sorted(folder.glob("*.csv"))}
    out.update({p.stem: read_yaml(p) for p in sorted(folder.glob("*.yaml"))})
    return out


def by(rows, *keys) -> dict:
    """Rows grouped by the values of `keys` (in table order)."""
    out = defaultdict(list)
    for row in rows:
        out[tuple(row.get(k) for k in keys)].append(row)
    return out


def _honors(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        h = record(row)
        if "image" in h:
            h["image"] = Noted(h["image"], IMAGE_NOTE)
        out.append(h)
    return out


def write_sample(content: Path, t: dict | None = None) -> dict:
    """(Re)write the sample county into `content`; returns what was written."""
    t = t or tables()
    lay = t["layouts"]
    if content.exists():
        shutil.rmtree(content)
    tree = Tree(content)
    stats = dict(portraits=0, landscapes=0, certificates=0)
    tree.yaml("site.yaml", t["county"]["site"], lay["site"])

    teams_of = by(t["teams"], "@home")
    members_of = by(t["members"], "@home", "@team")
    contacts_of = by(t["contacts"], "@home")
    acts_of = by(t["activities"], "@home")
    honors_of = by(t["honors"], "@home", "@team")
    targets_of = by(t["targets"], "@home", "@team", "@year")
    stories_of = by(t["stories"], "home", "team")
    townships = {}
    for h in t["homes"]:
        hid = h["@home"]
        townships[hid] = h["township"]
        base = f"homes/{hid}"
        village = {row["@team"]: row["village"] for row in teams_of[(hid,)]}
        tree.yaml(f"{base}/home.yaml", {
            **record(h),
            "office": {"rooms": h["@rooms"], "equipment": h["@equipment"]},
            "contacts": [record(c) for c in contacts_of[(hid,)]],
            "rules": [{"title": title, "body": t["rules"][title]} for title in h["@rules"]],
            "duty_rota": [Noted(tid, village[tid]) for tid in h["@duty_rota"]],
        }, lay["home"])
        tree.yaml(f"{base}/activities.yaml", [
            {**a, "host_team": Noted(a["host_team"], village[a["host_team"]])} if "host_team" in a else a
            for a in map(record, acts_of[(hid,)])], lay["activities"], name=h["name"])
        if honors_of.get((hid, None)):
            rows = honors_of[(hid, None)]
            tree.yaml(f"{base}/honors.yaml", _honors(rows), lay["home_honors"])
            for i, row in enumerate(rows):
                if "image" in row:
                    tree.write(f"{base}/{row['image']}", images.certificate(f"{hid}-{i}"))
                    stats["certificates"] += 1
        for team in teams_of[(hid,)]:
            tid = team["@team"]
            tbase = f"{base}/teams/{tid}"
            members = members_of[(hid, tid)]
            tree.yaml(f"{tbase}/team.yaml", {**record(team), "members": [record(m) for m in members]},
                      lay["team"])
            for m in members:
                if "photo" in m:
                    stem = Path(m["photo"]).stem
                    tree.write(f"{tbase}/{m['photo']}", images.portrait(stem, m["@sex"]))
                    stats["portraits"] += 1
            for plan in (p for p in t["plans"] if (p["home"], p["team"]) == (hid, tid)):
                year = plan["year"]
                front = {"year": year, **({"title": plan["title"]} if "title" in plan else {}),
                         "targets": [record(r) for r in targets_of[(hid, tid, year)]],
                         "measures": plan["measures"]}
                tree.markdown(f"{tbase}/plans/{year}.md", front, "\n" + plan["body"], lay["plan"])
            for story in stories_of[(hid, tid)]:
                front = {k: v for k, v in story.items() if k not in ("home", "team", "file", "body")}
                tree.markdown(f"{tbase}/results/{story['file']}.md", front, "\n" + story["body"], lay["story"])
                for ph in story.get("photos", []):
                    stem = Path(ph["src"]).stem
                    tree.write(f"{tbase}/photos/{stem}.jpg", images.landscape(f"{tid}-{stem}"))
                    stats["landscapes"] += 1
            rows = honors_of.get((hid, tid))
            if rows:
                tree.yaml(f"{tbase}/honors.yaml", _honors(rows), lay["team_honors"])
                for i, row in enumerate(rows):
                    if "image" in row:
                        tree.write(f"{tbase}/{row['image']}", images.certificate(f"{tid}-{i}"))
                        stats["certificates"] += 1
    tree.yaml("supervision.yaml", {
        "checks": t["checks"],
        "bulletins": t["bulletins"],
        "ratings": [{**r, "home": Noted(r["home"], townships[r["home"]])} for r in t["ratings"]],
    }, lay["supervision"])
    stats["files"] = tree.files
    return stats
