"""The benchmark county: N counties of 16 homes x 6 teams x 4 members, from a seed.

Its pools and sizes are a table (bench.yaml); this module draws from them in a fixed
order, so the same seed and scale give a byte-identical tree. Every team has four
members with photos, a plan for the displayed year with targets and measures, two
stories with a photo each and an honors file; every home has rules, a duty rota, a year
of activities and honors; the county (or province) has supervision records. One
content folder holds all counties, as a province would.

Photos are small real JPEGs from a pool of a few dozen pictures, each copy made unique
by a JPEG comment: every file has its own hash (so the build derives and caches each
one), yet nothing is encoded per file.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from .images import photo_pool, unique_jpeg
from .writer import Tree, read_yaml

PARAMS = read_yaml(Path(__file__).resolve().parent / "bench.yaml")


def _name(rng: random.Random, p: dict) -> str:
    return rng.choice(p["surnames"]) + "".join(rng.choice(p["given"]) for _ in range(rng.choice((1, 2))))


def _place(rng: random.Random, p: dict) -> str:
    return rng.choice(p["places"][::2]) + rng.choice(p["places"][1::2])


def _village(rng: random.Random, p: dict, used: set) -> str:
    while True:
        v = _place(rng, p) + "村"
        if v not in used:
            used.add(v)
            return v


def write_bench(out: Path, counties: int, seed: int = 1, p: dict = PARAMS) -> dict:
    rng = random.Random(seed)
    pool = photo_pool(random.Random(seed))
    if out.exists():
        shutil.rmtree(out)
    tree = Tree(out, clerk=False)
    year, para = p["year"], p["paragraph"]
    n_teams, n_members = p["teams_per_home"], p["members_per_team"]
    site = {k: v.format(counties=counties) for k, v in p["site"].items()}
    tree.yaml("site.yaml", {"title": site["title"], "county": site["county"], "office": site["office"],
                            "year": year, "since": dt.date(2023, 1, 1), "base_url": site["base_url"]})
    home_ids, photos, teams = [], 0, 0
    for c in range(counties):
        for h in range(p["homes_per_county"]):
            hid = f"c{c + 1:03d}-h{h + 1:02d}"
            home_ids.append(hid)
            township = _place(rng, p) + "乡"
            team_ids = [f"t{t + 1}" for t in range(n_teams)]
            opened = f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            rooms = rng.randint(2, 5)
            tree.yaml(f"homes/{hid}/home.yaml", {
                "name": f"{township}驻村工作队之家", "township": township,
                "address": f"{township}人民政府院内", "opened": dt.date.fromisoformat(opened),
                "office": {"rooms": rooms, "equipment": ["电脑", "打印机"]},
                "contacts": [{"name": _name(rng, p), "role": "乡驻村办主任",
                              "phone": f"0739-{rng.randint(1000000, 9999999)}"}],
                "rules": [{"title": title, "body": para} for title in p["rules"]],
                "duty_rota": team_ids})
            acts = []
            for month in range(1, 13):
                for y in (2023, 2024):
                    acts.append({"date": dt.date(y, month, rng.randint(22, 28)), "kind": "monthly_forum",
                                 "title": f"{month}月主题座谈", "host_team": team_ids[(month + y) % n_teams],
                                 "attendance": rng.randint(8, 30)})
                kind = rng.choice(p["kinds"])
                acts.append({"date": dt.date(2024, month, rng.randint(1, 20)), "kind": kind,
                             "title": f"{kind}活动", "attendance": rng.randint(5, 40)})
            tree.yaml(f"homes/{hid}/activities.yaml", acts)
            tree.yaml(f"homes/{hid}/honors.yaml", [
                {"title": "2023年度优秀驻村工作队之家", "level": rng.choice(p["levels"]), "date": "2024-01",
                 "issuer": "示范县驻村办"}])
            used: set = set()
            for tid in team_ids:
                teams += 1
                base = f"homes/{hid}/teams/{tid}"
                village, unit = _village(rng, p, used), rng.choice(p["units"])
                members = []
                for i in range(n_members):
                    tree.write(f"{base}/photos/m{i + 1}.jpg", unique_jpeg(rng.choice(pool), f"{base}/m{i}"))
                    photos += 1
                    members.append({"name": _name(rng, p), "role": p["roles"][i], "photo": f"photos/m{i + 1}.jpg",
                                    "since": f"2023-{rng.randint(1, 12):02d}"})
                    if i == 0:
                        members[-1]["quote"] = "村里的事就是自己的事。"
                tree.yaml(f"{base}/team.yaml", {"village": village, "unit": unit, "since": "2023-03",
                                                "until": "2026-03", "motto": f"扎根{village}，服务群众",
                                                "members": members})
                targets = []
                for name, u, baseline, target in rng.sample(p["targets"], 3):
                    actual = round(baseline + (target - baseline) * rng.uniform(0.3, 1.3), 1)
                    targets.append({"name": name, "unit": u, "target": target, "actual": actual,
                                    "baseline": baseline, "direction": "down" if baseline > target else "up"})
                tree.markdown(f"{base}/plans/{year}.md", {
                    "year": year, "title": f"{village}{year}年度驻村帮扶规划", "targets": targets,
                    "measures": rng.sample(p["measures"], 3)}, f"今年重点围绕**产业发展**开展工作。\n\n{para}\n")
                for r in range(2):
                    tree.write(f"{base}/photos/r{r + 1}.jpg", unique_jpeg(rng.choice(pool), f"{base}/r{r}"))
                    photos += 1
                    month = rng.randint(1, 12)
                    tree.markdown(f"{base}/results/{year}-{month:02d}-story{r + 1}.md", {
                        "title": f"{village}第{r + 1}件实事", "date": dt.date(year, month, rng.randint(1, 28)),
                        "figures": [{"label": "带动农户增收", "value": rng.randint(1, 90) / 10, "unit": "万元"}],
                        "photos": [{"src": f"../photos/r{r + 1}.jpg", "caption": "工作队在现场"}]},
                        f"{para}\n\n{para}\n")
                tree.yaml(f"{base}/honors.yaml", [
                    {"title": "2023年度优秀驻村工作队", "level": rng.choice(p["levels"]),
                     "date": dt.date(2024, 1, 15)},
                    {"title": "2023年度优秀第一书记", "level": "county", "date": "2024-02",
                     "recipient": members[0]["name"]}])
    checks = [{"date": dt.date(2024, rng.randint(1, 12), rng.randint(1, 28)), "home": hid,
               "kind": rng.choice(p["check_kinds"])} for hid in home_ids for _ in range(3)]
    bulletins = [{"date": dt.date(2024, q * 3, 28), "title": f"2024年第{q}季度驻村工作队之家督查通报",
                  "body": para} for q in range(1, 5)]
    ratings = [{"year": 2023, "home": hid, "grade": rng.choice(p["grades"])} for hid in home_ids]
    tree.yaml("supervision.yaml", {"checks": checks, "bulletins": bulletins, "ratings": ratings})
    return {"counties": counties, "homes": len(home_ids), "teams": teams,
            "members": teams * n_members, "photos": photos, "files": tree.files}
