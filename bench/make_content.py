"""Synthetic content for benchmarks: N counties of 16 homes x 6 teams x 4 members.

Deterministic from a seed (same seed and scale -> byte-identical tree). Every team has a
team.yaml with four members (each with a photo), a plan for the displayed year with
targets and measures, two results stories with a photo each and an honors file; every
home has rules, a duty rota, a year of activities and honors; the county (or province)
has supervision records. One content folder holds all counties, as a province would.

Photos are small real JPEGs. To keep generation fast they are made from a pool of a few
dozen encoded pictures, each copy made unique by a JPEG comment segment: every file has
its own content hash (so the build derives and caches each one), yet nothing is encoded
per file here.

    python bench/make_content.py --counties 10 --seed 1 --out /tmp/sitegen-bench/c10
"""
from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import struct
import sys
from pathlib import Path

HOMES_PER_COUNTY = 16
TEAMS_PER_HOME = 6
MEMBERS_PER_TEAM = 4
YEAR = 2024

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰志文斌辉玲燕鹏飞宇浩然春雨晓东海波林峰"
VILLAGE_A = "青山白水石桥茶园竹林梅溪枫木红岩黄土金坪龙潭凤凰新寨高坡长冲大田双江清水"
VILLAGE_B = "村"
UNITS = ["县财政局", "县农业农村局", "县交通运输局", "县教育局", "县卫生健康局", "县自然资源局",
         "县人社局", "县水利局", "县林业局", "县住建局", "县供电公司", "县农商银行", "县委组织部",
         "县委宣传部", "县市场监管局", "县文旅广体局"]
ROLES = ["第一书记兼队长", "队员", "队员", "队员"]
KINDS = ["weekly_meeting", "monthly_forum", "quarterly_review", "training", "competition",
         "recreation", "health_talk", "visit", "heart_talk"]
LEVELS = ["national", "provincial", "municipal", "county", "township"]
TARGETS = [("村集体经济收入", "万元", 8, 15), ("返贫监测户", "户", 5, 2), ("新修产业路", "公里", 0, 3),
           ("新增就业", "人", 10, 40), ("油茶种植面积", "亩", 200, 500), ("改厕户数", "户", 20, 80)]
MEASURES = ["发展油茶产业，带动群众增收", "开展防返贫动态监测", "修建产业路和机耕道",
            "组织劳务输出和技能培训", "推进农村人居环境整治", "办好村级集体经济合作社"]
PARAGRAPH = ("工作队坚持每周走访农户，围绕产业发展、基础设施和民生实事，"
             "与村支两委一道研究解决群众急难愁盼问题。")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _village(rng: random.Random, used: set) -> str:
    while True:
        v = rng.choice(VILLAGE_A[::2]) + rng.choice(VILLAGE_A[1::2]) + VILLAGE_B
        if v not in used:
            used.add(v)
            return v


def photo_pool(rng: random.Random, size: int = 24) -> list[bytes]:
    """A few dozen small real JPEGs (240x320 portraits of coloured shapes)."""
    from PIL import Image, ImageDraw
    pool = []
    for _ in range(size):
        im = Image.new("RGB", (240, 320), tuple(rng.randrange(256) for _ in range(3)))
        d = ImageDraw.Draw(im)
        for _ in range(6):
            x, y = rng.randrange(200), rng.randrange(280)
            d.ellipse((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 120)),
                      fill=tuple(rng.randrange(256) for _ in range(3)))
        out = io.BytesIO()
        im.save(out, "JPEG", quality=70)
        pool.append(out.getvalue())
    return pool


def unique_jpeg(base: bytes, tag: str) -> bytes:
    """`base` with a COM segment after SOI: same picture, its own bytes and hash."""
    text = tag.encode()
    return base[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + base[2:]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Writer:
    def __init__(self, root: Path):
        self.root = root
        self.made: set[str] = set()
        self.files = 0

    def __call__(self, rel: str, data: str | bytes) -> None:
        parent = os.path.dirname(rel)
        if parent not in self.made:
            os.makedirs(self.root / parent, exist_ok=True)
            self.made.add(parent)
        with open(self.root / rel, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        self.files += 1


def make(out: Path, counties: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    pool = photo_pool(random.Random(seed))
    if out.exists():
        shutil.rmtree(out)
    w = Writer(out)
    w("site.yaml", f"title: 示范省驻村工作队之家（{counties}县）\ncounty: 示范省\noffice: 示范省驻村办\n"
                   f"year: {YEAR}\nsince: 2023-01-01\nbase_url: http://10.43.0.8/zhucun/\n")
    home_ids, photos, teams = [], 0, 0
    for c in range(counties):
        for h in range(HOMES_PER_COUNTY):
            hid = f"c{c + 1:03d}-h{h + 1:02d}"
            home_ids.append(hid)
            township = rng.choice(VILLAGE_A[::2]) + rng.choice(VILLAGE_A[1::2]) + "乡"
            team_ids = [f"t{t + 1}" for t in range(TEAMS_PER_HOME)]
            rules = "".join(f"  - title: {title}\n    body: {_q(PARAGRAPH)}\n"
                            for title in ("周例会制度", "请销假制度", "谈心谈话制度"))
            w(f"homes/{hid}/home.yaml",
              f"name: {township}驻村工作队之家\ntownship: {township}\naddress: {township}人民政府院内\n"
              f"opened: 2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
              f"office:\n  rooms: {rng.randint(2, 5)}\n  equipment:\n    - 电脑\n    - 打印机\n"
              f"contacts:\n  - name: {_name(rng)}\n    role: 乡驻村办主任\n    phone: \"0739-{rng.randint(1000000, 9999999)}\"\n"
              f"rules:\n{rules}duty_rota:\n" + "".join(f"  - {t}\n" for t in team_ids))
            acts = []
            for month in range(1, 13):
                for year in (2023, 2024):
                    acts.append(f"- date: {year}-{month:02d}-{rng.randint(22, 28)}\n  kind: monthly_forum\n"
                                f"  title: {month}月主题座谈\n  host_team: {team_ids[(month + year) % TEAMS_PER_HOME]}\n"
                                f"  attendance: {rng.randint(8, 30)}\n")
                kind = rng.choice(KINDS)
                acts.append(f"- date: 2024-{month:02d}-{rng.randint(1, 20):02d}\n  kind: {kind}\n"
                            f"  title: {kind}活动\n  attendance: {rng.randint(5, 40)}\n")
            w(f"homes/{hid}/activities.yaml", "".join(acts))
            w(f"homes/{hid}/honors.yaml",
              f"- title: 2023年度优秀驻村工作队之家\n  level: {rng.choice(LEVELS)}\n  date: 2024-01\n  issuer: 示范县驻村办\n")
            used: set = set()
            for tid in team_ids:
                teams += 1
                base = f"homes/{hid}/teams/{tid}"
                village, unit = _village(rng, used), rng.choice(UNITS)
                members = []
                for i in range(MEMBERS_PER_TEAM):
                    w(f"{base}/photos/m{i + 1}.jpg", unique_jpeg(rng.choice(pool), f"{base}/m{i}"))
                    photos += 1
                    members.append(f"  - name: {_name(rng)}\n    role: {ROLES[i]}\n    photo: photos/m{i + 1}.jpg\n"
                                   f"    since: 2023-{rng.randint(1, 12):02d}\n"
                                   + (f"    quote: 村里的事就是自己的事。\n" if i == 0 else ""))
                w(f"{base}/team.yaml", f"village: {village}\nunit: {unit}\nsince: 2023-03\nuntil: 2026-03\n"
                                       f"motto: 扎根{village}，服务群众\nmembers:\n" + "".join(members))
                targets = ""
                for name, u, baseline, target in rng.sample(TARGETS, 3):
                    direction = "down" if baseline > target else "up"
                    actual = round(baseline + (target - baseline) * rng.uniform(0.3, 1.3), 1)
                    targets += (f"  - name: {name}\n    unit: {u}\n    target: {target}\n    actual: {actual}\n"
                                f"    baseline: {baseline}\n    direction: {direction}\n")
                measures = "".join(f"  - {m}\n" for m in rng.sample(MEASURES, 3))
                w(f"{base}/plans/{YEAR}.md", f"---\nyear: {YEAR}\ntitle: {village}{YEAR}年度驻村帮扶规划\n"
                                             f"targets:\n{targets}measures:\n{measures}---\n"
                                             f"今年重点围绕**产业发展**开展工作。\n\n{PARAGRAPH}\n")
                for r in range(2):
                    w(f"{base}/photos/r{r + 1}.jpg", unique_jpeg(rng.choice(pool), f"{base}/r{r}"))
                    photos += 1
                    month = rng.randint(1, 12)
                    w(f"{base}/results/{YEAR}-{month:02d}-story{r + 1}.md",
                      f"---\ntitle: {village}第{r + 1}件实事\ndate: {YEAR}-{month:02d}-{rng.randint(1, 28):02d}\n"
                      f"figures:\n  - label: 带动农户增收\n    value: {rng.randint(1, 90) / 10}\n    unit: 万元\n"
                      f"photos:\n  - src: ../photos/r{r + 1}.jpg\n    caption: 工作队在现场\n---\n"
                      f"{PARAGRAPH}\n\n{PARAGRAPH}\n")
                w(f"{base}/honors.yaml",
                  f"- title: 2023年度优秀驻村工作队\n  level: {rng.choice(LEVELS)}\n  date: 2024-01-15\n"
                  f"- title: 2023年度优秀第一书记\n  level: county\n  date: 2024-02\n  recipient: "
                  + members[0].split("name: ", 1)[1].split("\n", 1)[0] + "\n")
    checks = "".join(f"  - date: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n    home: {hid}\n"
                     f"    kind: {rng.choice(['monthly_check', 'quarterly_supervision'])}\n"
                     for hid in home_ids for _ in range(3))
    bulletins = "".join(f"  - date: 2024-{q * 3:02d}-28\n    title: 2024年第{q}季度驻村工作队之家督查通报\n"
                        f"    body: {_q(PARAGRAPH)}\n" for q in range(1, 5))
    ratings = "".join(f"  - year: 2023\n    home: {hid}\n    grade: {rng.choice(['优秀', '良好', '合格'])}\n"
                      for hid in home_ids)
    w("supervision.yaml", f"checks:\n{checks}bulletins:\n{bulletins}ratings:\n{ratings}")
    return {"counties": counties, "homes": len(home_ids), "teams": teams,
            "members": teams * MEMBERS_PER_TEAM, "photos": photos, "files": w.files}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--counties", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="folder to (re)create; use /tmp")
    args = ap.parse_args(argv)
    stats = make(args.out, args.counties, args.seed)
    print(" ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
