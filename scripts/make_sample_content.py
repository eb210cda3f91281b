#!/usr/bin/env python3
"""Write the sample county (绥宁县, 16 work-team homes) into ``content/``.

The records follow /work/shared/CONTENT-FORMAT.md (version 1). Everything is
deterministic: fixed random seeds (string seeds, which Python hashes with SHA-512, so
they do not depend on PYTHONHASHSEED), no dates from the clock, no iteration over sets.
Running the script twice writes byte-identical files.

The YAML is written as text, the way a township clerk would type it (with Chinese
comments), not with ``yaml.dump``. After writing, the script reloads every record with
PyYAML and asserts the county totals the county report quotes:

    monthly_forum 115, training 53, quarterly_review 32, competition 16,
    recreation 52, health_talk 23; 48 supervision checks; 3 bulletins.

Usage::

    .venv/bin/python scripts/make_sample_content.py            # (re)write content/ and check it
    .venv/bin/python scripts/make_sample_content.py --check    # only check an existing tree
    .venv/bin/python scripts/make_sample_content.py -o /tmp/c  # write somewhere else

All people, villages (except the real township names), phone numbers and events are
fictional; the portraits are drawn placeholders, not photos of anyone.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

SEED = "suining-sample-v1"
ROOT = Path(__file__).resolve().parents[1]
SINCE = dt.date(2023, 1, 1)
END = dt.date(2024, 10, 31)          # the records run up to here ("截至10月底")
SITE_YEAR = 2024

# The county report's figures (since 2023), which the records must add up to exactly.
EXPECTED_TOTALS = {"monthly_forum": 115, "training": 53, "quarterly_review": 32,
                   "competition": 16, "recreation": 52, "health_talk": 23}
EXPECTED_CHECKS = 48
EXPECTED_BULLETINS = 3

KIND_ZH = {"weekly_meeting": "周例会", "monthly_forum": "月座谈", "quarterly_review": "季讲评",
           "training": "学习培训", "competition": "岗位练兵", "recreation": "文娱活动",
           "health_talk": "健康讲座", "visit": "走访慰问", "heart_talk": "谈心谈话"}
KIND_ALIASES = {**{k: k for k in KIND_ZH}, **{v: k for k, v in KIND_ZH.items()},
                "业务比武": "competition"}
LEVEL_ZH = {"national": "国家级", "provincial": "省级", "municipal": "市级",
            "county": "县级", "township": "乡镇级"}
LEVEL_ALIASES = {**{k: k for k in LEVEL_ZH}, **{v: k for k, v in LEVEL_ZH.items()}}
CHECK_ALIASES = {"monthly_check": "monthly_check", "月查": "monthly_check",
                 "quarterly_supervision": "quarterly_supervision", "季督": "quarterly_supervision"}


def rng_for(*parts) -> random.Random:
    return random.Random("/".join([SEED, *map(str, parts)]))


# ====================================================================== YAML text helpers

def ys(value) -> str:
    """One YAML scalar as a clerk would type it: plain when that reads back the same."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return num(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s            # a date, written the way clerks write it
    try:
        plain = (s == s.strip() and "\n" not in s
                 and yaml.safe_load(f"k: {s}\n") == {"k": s}
                 and yaml.safe_load(f"- {s}\n") == [s])
    except yaml.YAMLError:
        plain = False
    return s if plain else json.dumps(s, ensure_ascii=False)


def num(x) -> str:
    if isinstance(x, int):
        return str(x)
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def block(text: str, indent: int) -> str:
    """A Markdown body as a YAML literal block (`|`), indented by `indent` spaces."""
    pad = " " * indent
    lines = text.strip("\n").split("\n")
    return "|\n" + "\n".join(pad + ln if ln else "" for ln in lines)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    path.write_bytes(text.encode("utf-8"))


# ====================================================================== names

SURNAMES = [("杨", "yang")] * 4 + [("龙", "long")] * 3 + [("李", "li")] * 3 + [("刘", "liu")] * 3 + [
    ("王", "wang"), ("王", "wang"), ("吴", "wu"), ("吴", "wu"), ("陈", "chen"), ("陈", "chen"),
    ("黄", "huang"), ("唐", "tang"), ("蒋", "jiang"), ("张", "zhang"), ("赵", "zhao"),
    ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
    ("何", "he"), ("罗", "luo"), ("林", "lin"), ("谢", "xie"), ("邓", "deng"), ("肖", "xiao"),
    ("彭", "peng"), ("谭", "tan"), ("曾", "zeng"), ("袁", "yuan"), ("石", "shi"), ("阳", "yang"),
    ("蒲", "pu"), ("粟", "su"), ("向", "xiang"), ("伍", "wu"), ("滕", "teng"), ("舒", "shu"),
    ("邹", "zou"), ("廖", "liao"), ("易", "yi"), ("雷", "lei"), ("戴", "dai"), ("姚", "yao"),
    ("段", "duan"), ("苏", "su"), ("夏", "xia"), ("贺", "he"), ("莫", "mo")]
MALE = [("建", "jian"), ("国", "guo"), ("志", "zhi"), ("明", "ming"), ("军", "jun"), ("伟", "wei"),
        ("勇", "yong"), ("强", "qiang"), ("斌", "bin"), ("涛", "tao"), ("辉", "hui"), ("鹏", "peng"),
        ("华", "hua"), ("文", "wen"), ("海", "hai"), ("平", "ping"), ("东", "dong"), ("峰", "feng"),
        ("刚", "gang"), ("德", "de"), ("荣", "rong"), ("新", "xin"), ("安", "an"), ("永", "yong"),
        ("世", "shi"), ("光", "guang"), ("宏", "hong"), ("学", "xue"), ("俊", "jun"), ("杰", "jie"),
        ("亮", "liang"), ("清", "qing"), ("松", "song"), ("立", "li"), ("家", "jia"), ("祥", "xiang"),
        ("成", "cheng"), ("益", "yi"), ("振", "zhen"), ("兴", "xing"), ("湘", "xiang"), ("宇", "yu"),
        ("昌", "chang"), ("武", "wu"), ("先", "xian"), ("正", "zheng"), ("和", "he"), ("林", "lin"),
        ("春", "chun"), ("远", "yuan"), ("发", "fa"), ("忠", "zhong"), ("胜", "sheng"),
        ("超", "chao"), ("波", "bo"), ("乐", "le"), ("金", "jin")]
FEMALE = [("丽", "li"), ("芳", "fang"), ("秀", "xiu"), ("英", "ying"), ("玉", "yu"), ("兰", "lan"),
          ("梅", "mei"), ("红", "hong"), ("燕", "yan"), ("霞", "xia"), ("敏", "min"), ("静", "jing"),
          ("娟", "juan"), ("艳", "yan"), ("琴", "qin"), ("慧", "hui"), ("婷", "ting"), ("雪", "xue"),
          ("翠", "cui"), ("桂", "gui"), ("凤", "feng"), ("莲", "lian"), ("萍", "ping"), ("蓉", "rong"),
          ("晓", "xiao"), ("珍", "zhen"), ("春", "chun"), ("娜", "na"), ("琳", "lin"), ("菊", "ju"),
          ("群", "qun"), ("露", "lu"), ("佳", "jia"), ("欣", "xin"), ("颖", "ying"), ("倩", "qian")]

# Names of well-known people that the generator must never produce.
FAMOUS = set("""
刘德华 张国荣 周杰 李娜 杨丽萍 黄晓明 刘涛 李静 王刚 陈红 李勇 王志 朱军 张杰 李玉刚 陈建斌 林俊杰
王杰 陈明 罗文 朱德 刘华清 胡春华 李强 王勇 周强 孙春兰 胡和平 李鹏 黄兴 雷锋 雷峰 刘翔 姚明 李宁
王菲 杨澜 周迅 赵薇 孙俪 杨幂 刘强 马云 李兰 刘伟 王军 张伟 李伟 王伟 刘洋 张勇 王平 李平 张华
刘华 王华 李明 张明 刘明 王明 李军 张军 刘军 王芳 李芳 张芳 刘芳 王静 李静 张静 刘静 王丽 李丽
张丽 刘丽 王敏 李敏 张敏 刘敏 王艳 李艳 张艳 刘艳 杨洋 杨勇 杨华 陈静 陈伟 陈刚 周涛 朱军 李咏
王楠 张怡宁 邓亚萍 林丹 孔令辉 刘国梁 马龙 郭晶晶 李小鹏 杨威 杨扬 王濛 张宁 陈中 李婷 孙甜甜
谢军 韩红 孙楠 宋祖英 彭丽媛 董卿 白岩松 倪萍 王小丫 周立波 刘晓庆 杨紫 吴京 邓超 黄渤 雷军 李健
汪峰 毛宁 杨坤 胡彦斌 周华健 谭咏麟 黎明 张学友 郭富城 刘欢 那英 韩磊 蒋大为 阎维文 李谷一 郁钧剑
""".split())


def make_name(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    """(name, pinyin file stem, sex) — fictional, unique in the county."""
    for _ in range(1000):
        s, sp = rng.choice(SURNAMES)
        sex = "m" if rng.random() < 0.62 else "f"
        pool = MALE if sex == "m" else FEMALE
        if rng.random() < 0.18:
            g, gp = rng.choice(pool)
            name, stem = s + g, f"{sp}-{gp}"
        else:
            (g1, p1), (g2, p2) = rng.sample(pool, 2)
            name, stem = s + g1 + g2, f"{sp}-{p1}{p2}"
        if name in used or name in FAMOUS or s in name[1:]:
            continue
        used.add(name)
        return name, stem, sex
    raise RuntimeError("ran out of names")


V_FIRST = [("杉", "shan"), ("竹", "zhu"), ("枫", "feng"), ("茶", "cha"), ("桂", "gui"), ("梅", "mei"),
           ("松", "song"), ("石", "shi"), ("龙", "long"), ("凤", "feng"), ("牛", "niu"), ("鹿", "lu"),
           ("云", "yun"), ("月", "yue"), ("青", "qing"), ("白", "bai"), ("金", "jin"), ("银", "yin"),
           ("花", "hua"), ("兰", "lan"), ("樟", "zhang"), ("楠", "nan"), ("柳", "liu"), ("桃", "tao"),
           ("新", "xin"), ("大", "da"), ("上", "shang"), ("下", "xia"), ("高", "gao"), ("岩", "yan"),
           ("雁", "yan"), ("鹤", "he"), ("荷", "he"), ("杏", "xing"), ("栗", "li"), ("桐", "tong"),
           ("麻", "ma"), ("芦", "lu"), ("獭", "ta"), ("油", "you")]
V_MID = [("木", "mu"), ("家", "jia"), ("子", "zi"), ("树", "shu"), ("林", "lin"), ("水", "shui")]
V_LAST = [("溪", "xi"), ("坪", "ping"), ("冲", "chong"), ("坳", "ao"), ("塘", "tang"), ("湾", "wan"),
          ("岭", "ling"), ("田", "tian"), ("坡", "po"), ("桥", "qiao"), ("寨", "zhai"), ("团", "tuan"),
          ("洞", "dong"), ("垅", "long"), ("江", "jiang"), ("源", "yuan"), ("山", "shan"), ("界", "jie")]


def make_village(rng: random.Random, used_names: set[str], used_ids: set[str]) -> tuple[str, str]:
    for _ in range(1000):
        a, ap = rng.choice(V_FIRST)
        c, cp = rng.choice(V_LAST)
        if rng.random() < 0.22:
            b, bp = rng.choice(V_MID)
            name, vid = a + b + c, ap + bp + cp
        else:
            name, vid = a + c, ap + cp
        if len(set(name)) < len(name) or name in used_names or vid in used_ids:
            continue
        used_names.add(name)
        used_ids.add(vid)
        return name + "村", vid
    raise RuntimeError("ran out of village names")


# ====================================================================== the county

HOMES = [  # id, township, number of teams
    ("huangsangping", "黄桑坪苗族乡", 6), ("guanxia", "关峡苗族乡", 5),
    ("changpu", "长铺子苗族侗族乡", 5), ("wuyang", "武阳镇", 4), ("lixiqiao", "李熙桥镇", 5),
    ("hongyan", "红岩镇", 4), ("wawutang", "瓦屋塘镇", 6), ("jinwutang", "金屋塘镇", 3),
    ("zhaishi", "寨市苗族侗族乡", 5), ("tangjiafang", "唐家坊镇", 4), ("matang", "麻塘苗族瑶族乡", 5),
    ("shuikou", "水口乡", 4), ("egongling", "鹅公岭侗族苗族乡", 5), ("hekou", "河口苗族乡", 6),
    ("leanpu", "乐安铺苗族侗族乡", 4), ("dongshan", "东山侗族乡", 4),
]
BIG_TEAM_HOME = "wuyang"     # its first team has 8 members, to exercise layouts

UNITS = ["县财政局", "县人民医院", "县农业农村局", "县委组织部", "县教育局", "县林业局",
         "县交通运输局", "县水利局", "县自然资源局", "县住房和城乡建设局", "县卫生健康局",
         "县人力资源和社会保障局", "县民政局", "县市场监督管理局", "县发展和改革局",
         "县文化旅游广电体育局", "县委宣传部", "县审计局", "县统计局", "县税务局", "县供销合作社",
         "县农村商业银行", "县中医医院", "县公安局", "县司法局", "县应急管理局", "县商务局",
         "县科技和工业信息化局", "县融媒体中心", "县委统战部", "县委政法委", "县纪委监委",
         "县总工会", "共青团绥宁县委", "县妇联", "县人大常委会办公室", "县政协办公室", "县委办公室",
         "县人民政府办公室", "县医疗保障局", "县退役军人事务局", "县档案馆", "县气象局",
         "县城市管理和综合执法局", "县畜牧水产事务中心", "县疾病预防控制中心", "县妇幼保健院",
         "县第一中学", "县职业中专学校", "国网绥宁县供电公司", "县烟草专卖局", "县邮政分公司"]
SIDE_UNITS = ["县农村商业银行", "县农业农村局", "县林业局", "县供销合作社", "县邮政分公司",
              "县卫生健康局", "县人力资源和社会保障局"]

MOTTOS = ["驻村为民，实干兴村", "把村当家，把民当亲", "沉下身子，干出样子", "一心为民，一心兴村",
          "不负青山，不负乡亲", "驻在村里，干在实处", "带着感情驻村，带着责任帮扶",
          "村里的事就是我们的事", "俯下身子听民声，甩开膀子干实事", "脚上有泥，心中有光",
          "真帮实驻，久久为功", "驻村一任，造福一方", "扎根山乡，助村兴旺", "群众满意是最好的考评",
          "心往村里想，劲往村里使", "同吃同住同劳动，共谋共建共发展", "以心换心，以诚待人",
          "接续奋斗，久久为功", "让山里的日子红火起来", "干一件成一件，办一件好一件"]
QUOTES = ["把村里的事当成自家的事来办。", "群众的笑脸，是我最好的“考评表”。",
          "多走一户，就多一分了解。", "路修通了，心也就连通了。", "一年四季，走遍每一户。",
          "能为乡亲们办成一件实事，就值了。", "驻村不是镀金，是来干事的。",
          "先当学生，再当先生。", "村里的路，要一步一步走熟。", "在村里的每一天都算数。",
          "老百姓的小事，就是我们的大事。", "脚下沾多少泥土，心里就沉淀多少真情。",
          "把政策讲明白，把好事办扎实。", "守好防返贫这条底线。", "让老人吃上热饭，让孩子有人陪。",
          "山货能卖出去，日子就有奔头。", "到村里来，就是村里人。", "干在实处，走在前列。",
          "为乡亲们多跑一趟腿。", "每一户的难处，我都记在本子上。"]

TEAM_SINCE = ["2021-06", "2021-06", "2021-06", "2021-09", 2021, "2022-03", "2022-07",
              "2023-01", "2023-03", 2023]
TEAM_UNTIL = [None, None, None, "2024-12", 2025, "2026-06", 2026, "2027-06"]
MEMBER_SINCE = ["2022-03", "2022-09", "2023-03", "2023-09", "2024-01", "2024-03"]


def dkey(p) -> tuple[int, ...]:
    """Sort key of a partial date: 2024 < 2024-01 < 2024-01-15."""
    return tuple(int(x) for x in str(p).split("-"))


def pkey(p) -> tuple[int, int]:
    """Sort key of a partial date written as 2024 or '2024-06'."""
    s = str(p)
    return (int(s[:4]), int(s[5:7]) if len(s) > 4 else 0)


@dataclass
class Member:
    name: str
    stem: str
    sex: str
    role: str
    unit: str | None = None
    photo: str | None = None
    since: object = None
    quote: str | None = None


@dataclass
class Team:
    id: str
    village: str
    unit: str
    since: object
    until: object
    motto: str | None
    members: list[Member]
    themes: list[str]
    plans: dict = field(default_factory=dict)


@dataclass
class HomeData:
    id: str
    township: str
    name: str
    address: str
    opened: dt.date
    teams: list[Team]
    rota: list[str]
    lang: str                 # zh | en | mixed: how activity kinds and honor levels are written
    activities: list[dict] = field(default_factory=list)


def party_committee(township: str) -> str:
    return f"中共{township}委员会"


def township_gov(township: str) -> str:
    return f"{township}人民政府"


# ====================================================================== images

PASTELS = [(221, 232, 240), (232, 238, 226), (240, 232, 222), (236, 228, 238), (226, 236, 236),
           (242, 236, 220), (228, 230, 244), (238, 242, 234)]
SILHOUETTES = [(96, 108, 128), (110, 118, 132), (88, 100, 112), (120, 112, 124), (100, 116, 118)]


def save_jpeg(img: Image.Image, path: Path, quality: int, limit: int) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    q = quality
    while True:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q, optimize=True, progressive=False)
        if buf.tell() <= limit or q <= 30:
            break
        q -= 5
    path.write_bytes(buf.getvalue())
    return buf.tell()


# 540×720: posters print a portrait about 86 mm wide on A1, and below 150 dpi there (510 px)
# the build warns; a placeholder county must not greet its users with 200 warnings.
PORTRAIT = (540, 720)
LANDSCAPE = (1440, 1080)     # story photos: up to ≈ 240 mm wide on an A1 results board
# certificates: a home with one honor gets it printed ≈ 250 mm wide on an A1 honor wall,
# and 150 dpi there needs ≈ 1,500 px
CERTIFICATE = (1600, 1130)


def portrait(path: Path, key: str, sex: str) -> None:
    """A 3:4 head-and-shoulders silhouette on a soft background; no text; under 12 KB."""
    rng = rng_for("portrait", key)
    s = 2
    w, h = PORTRAIT[0] * s, PORTRAIT[1] * s
    bg = rng.choice(PASTELS)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    # a slightly lighter halo behind the head
    halo = tuple(min(255, c + 10) for c in bg)
    d.ellipse([w * 0.12, h * 0.06, w * 0.88, h * 0.70], fill=halo)
    fg = rng.choice(SILHOUETTES)
    hair = tuple(int(c * 0.62) for c in fg)
    cx = w / 2 + rng.uniform(-6, 6) * s
    hw, hh = w * rng.uniform(0.16, 0.175), h * rng.uniform(0.15, 0.165)
    hy = h * 0.43
    if sex == "f":  # longer hair, falling to the shoulders
        d.rounded_rectangle([cx - hw * 1.25, hy - hh * 1.12, cx + hw * 1.25, hy + hh * 1.55],
                            radius=hw * 1.2, fill=hair)
    # shoulders and neck
    d.ellipse([cx - w * 0.46, h * 0.70, cx + w * 0.46, h * 1.32], fill=fg)
    d.rectangle([cx - w * 0.085, hy + hh * 0.5, cx + w * 0.085, h * 0.76], fill=fg)
    # a white shirt collar (a V) under a dark jacket
    d.polygon([(cx - w * 0.12, h * 0.72), (cx, h * 0.86), (cx + w * 0.12, h * 0.72),
               (cx + w * 0.06, h * 0.71), (cx, h * 0.78), (cx - w * 0.06, h * 0.71)],
              fill=(236, 238, 240))
    # head with hair on top
    if sex == "m":
        d.ellipse([cx - hw * 1.04, hy - hh * 1.1, cx + hw * 1.04, hy + hh * 0.6], fill=hair)
    d.ellipse([cx - hw, hy - hh * (0.92 if sex == "m" else 0.95), cx + hw, hy + hh], fill=fg)
    if sex == "f":  # fringe
        d.chord([cx - hw * 1.02, hy - hh * 1.1, cx + hw * 1.02, hy + hh * 0.1], 180, 360, fill=hair)
    else:
        d.chord([cx - hw * 1.02, hy - hh * 1.08, cx + hw * 1.02, hy - hh * 0.2], 180, 360, fill=hair)
    img = img.resize(PORTRAIT, Image.LANCZOS)
    save_jpeg(img, path, 70, 12000)


def landscape(path: Path, key: str) -> None:
    """800×600 placeholder scene: sky, sun, layered green hills, terraces."""
    rng = rng_for("landscape", key)
    w, h = 800, 600
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    top, bottom = (150 + rng.randint(-15, 15), 190, 230), (226, 236, 240)
    for y in range(h):
        t = y / h
        d.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    sx, sy = rng.randint(120, 680), rng.randint(60, 140)
    d.ellipse([sx - 34, sy - 34, sx + 34, sy + 34], fill=(252, 244, 214))
    greens = [(150, 186, 150), (112, 160, 112), (78, 136, 86), (52, 108, 64)]
    for i, g in enumerate(greens):
        base = 250 + i * 85
        amp = rng.uniform(25, 60)
        f1, f2 = rng.uniform(0.004, 0.012), rng.uniform(0.012, 0.025)
        p1, p2 = rng.uniform(0, 6.28), rng.uniform(0, 6.28)
        pts = [(x, base - amp * math.sin(f1 * x + p1) - amp * 0.4 * math.sin(f2 * x + p2))
               for x in range(0, w + 10, 10)]
        d.polygon(pts + [(w, h), (0, h)], fill=g)
        if i == len(greens) - 1:  # terraces on the nearest hill
            for k in range(1, 6):
                yy = [(x, y + k * 22) for x, y in pts]
                d.line(yy, fill=(96, 146, 90), width=3)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    save_jpeg(img.resize(LANDSCAPE, Image.LANCZOS), path, 60, 70000)


def certificate(path: Path, key: str) -> None:
    """A certificate-like placeholder (red border, gold line, grey bars instead of text)."""
    rng = rng_for("certificate", key)
    w, h = 600, 424
    img = Image.new("RGB", (w, h), (176, 28, 32))
    d = ImageDraw.Draw(img)
    d.rectangle([18, 18, w - 19, h - 19], fill=(250, 244, 226))
    d.rectangle([28, 28, w - 29, h - 29], outline=(214, 170, 72), width=3)
    d.rectangle([w / 2 - 90, 60, w / 2 + 90, 86], fill=(190, 40, 40))       # title
    for i in range(rng.randint(3, 4)):
        y = 130 + i * 34
        d.rectangle([90, y, w - 90 - rng.randint(0, 120), y + 12], fill=(150, 150, 150))
    d.rectangle([w - 250, h - 100, w - 90, h - 88], fill=(150, 150, 150))     # issuer
    d.ellipse([w - 200, h - 150, w - 110, h - 60], outline=(200, 40, 40), width=5)  # seal
    d.ellipse([w - 165, h - 115, w - 145, h - 95], fill=(200, 40, 40))
    save_jpeg(img.filter(ImageFilter.GaussianBlur(0.6)).resize(CERTIFICATE, Image.LANCZOS),
              path, 65, 80000)


# ====================================================================== plans

# name -> (unit, kind, decimals, first, step); kinds: level (has baseline), flow (no baseline),
# down (less is better, has baseline), zero (less is better, target 0)
TARGETS = {
    "村集体经济收入": ("万元", "level", 1, (5, 18), (3, 10)),
    "脱贫人口人均纯收入": ("元", "level", -1, (10500, 14500), (700, 1600)),
    "返贫致贫风险户": ("户", "down", 0, (4, 12), (1, 5)),
    "村级债务": ("万元", "down", 1, (8, 40), (2, 8)),
    "新增返贫致贫人口": ("人", "zero", 0, (0, 0), (0, 0)),
    "新增就业人数": ("人", "flow", 0, (8, 40), (0, 0)),
    "危房改造": ("户", "flow", 0, (2, 8), (0, 0)),
    "技能培训": ("人次", "flow", 0, (30, 150), (0, 0)),
    "小额信贷发放": ("万元", "flow", 1, (20, 120), (0, 0)),
}
GENERAL_TARGETS = ["脱贫人口人均纯收入", "返贫致贫风险户", "新增就业人数", "危房改造", "技能培训",
                   "小额信贷发放", "村级债务", "新增返贫致贫人口"]

THEMES = {}  # filled below: slug -> Theme


@dataclass
class Theme:
    slug: str
    focus: str
    target: tuple            # (name, unit, kind, decimals, first, step)
    measures: list[str]
    title: str
    figures: list[tuple]     # (label, unit, (lo, hi), decimals)
    paragraphs: list[str]
    caption: str


def theme(*args):
    t = Theme(*args)
    THEMES[t.slug] = t


theme("tea-garden", "茶旅融合",
      ("茶园面积", "亩", "level", 0, (200, 800), (50, 200)),
      ["新建标准化茶园，推广“公司+合作社+农户”模式", "邀请县茶叶站技术员开展修剪、采摘培训"],
      "{village}新建高山茶园{f0}亩",
      [("新建茶园", "亩", (60, 300), 0), ("带动务工", "人", (20, 90), 0),
       ("务工人均增收", "元", (1500, 5000), -2)],
      ["{village}地处高山，云雾多、昼夜温差大，适合种茶。过去村里零星种着一些老茶树，产量低、卖不上价。",
       "工作队进驻后，和村“两委”一起上门做工作，流转撂荒山地{f0}亩，引进茶叶企业，采取“公司+合作社+农户”模式新建标准化茶园。{unit}协调资金修通了茶园便道。",
       "茶园建设和管护期间，带动{f1}名村民在家门口务工，人均增收{f2}元。“在家门口就能挣钱，还能照顾老人孩子。”村民们说。",
       "下一步，工作队将邀请县茶叶站技术员开展修剪、采摘培训，争取三年后茶园全面投产。"],
      "{village}新建的高山茶园")
theme("bamboo-road", "楠竹林下经济",
      ("新修林道", "公里", "flow", 1, (2, 8), (0, 0)),
      ["争取林业项目资金修建楠竹林道", "引进竹木加工企业，就地收购楠竹"],
      "楠竹林道修通，{village}竹农不再肩挑背扛",
      [("新修林道", "公里", (2, 9), 1), ("受益农户", "户", (60, 260), 0)],
      ["{village}有楠竹林上万亩，是村民的“绿色银行”。可竹林大多在半山腰，砍下的楠竹全靠人扛下山，运费就占了一半。",
       "第一书记{leader}带着队员跑遍了每一片竹林，绘出林道规划图，向县林业局争取到林道建设项目。",
       "历时四个月，{f0}公里林道全线贯通，三轮车可以直接开进竹林，{f1}户竹农受益。"],
      "新修的楠竹林道")
theme("rice-fish", "稻渔综合种养",
      ("稻渔综合种养面积", "亩", "level", 0, (60, 300), (30, 120)),
      ["推广“稻花鱼”稻渔综合种养", "统一购苗、统一技术、统一销售"],
      "稻花鱼游进{village}农家田",
      [("稻渔综合种养", "亩", (50, 260), 0), ("亩均增收", "元", (800, 2000), -2)],
      ["“一田两用、一水两收”，今年{village}推广稻渔综合种养{f0}亩。",
       "工作队联系县畜牧水产事务中心，统一购买鱼苗、统一技术指导，帮助农户加高加固田埂、开挖鱼沟。",
       "秋收时节，稻谷金黄，鱼儿肥美，算下来亩均增收{f1}元。不少在外务工的年轻人也打电话回来，打听明年能不能跟着一起养。"],
      "稻田里放养的稻花鱼")
theme("huangjing", "林下中药材",
      ("黄精种植面积", "亩", "level", 0, (30, 150), (20, 80)),
      ["利用林下空地种植黄精，村集体统一育苗", "与药企签订保底收购协议"],
      "林下黄精成了{village}的“金疙瘩”",
      [("黄精种植", "亩", (40, 200), 0), ("村集体经济增收", "万元", (3, 12), 1),
       ("带动农户", "户", (20, 80), 0)],
      ["{village}山多地少，林下空地却不少。工作队请来县林业局专家实地查看，认为这里的土壤和气候适合种植黄精。",
       "村集体牵头成立合作社，统一育苗、统一种植，与药材企业签订保底收购协议，解决了群众“怕种了卖不掉”的顾虑。",
       "目前全村林下种植黄精{f0}亩，带动{f2}户农户参与，村集体经济增收{f1}万元。"],
      "林下套种的黄精")
theme("homestay", "苗侗民宿乡村游",
      ("接待游客", "人次", "level", -2, (3000, 20000), (1000, 6000)),
      ["依托苗侗古寨发展民宿，培训民宿经营户", "策划民俗节会活动引客入村"],
      "{village}古寨民宿迎客来",
      [("开业民宿", "家", (4, 15), 0), ("接待游客", "人次", (3000, 20000), -2),
       ("旅游收入", "万元", (30, 200), 0)],
      ["{village}保存着成片的木质吊脚楼，青石板路、风雨桥和古树相映成趣。",
       "工作队邀请专业团队编制乡村旅游规划，组织有意愿的农户外出学习，先后有{f0}家民宿开门迎客。",
       "“四八姑娘节”期间，寨子里游客络绎不绝，全年接待游客{f1}人次，实现旅游收入{f2}万元。",
       "{leader}说：“要让古寨留得住乡愁，也留得住年轻人。”"],
      "古寨里的吊脚楼民宿")
theme("water", "补齐基础设施短板",
      ("饮水安全提升受益人口", "人", "flow", 0, (300, 1200), (0, 0)),
      ["实施饮水安全巩固提升工程，新建蓄水池", "建立村级供水管护制度"],
      "{village}饮水安全巩固提升工程完工",
      [("新建蓄水池", "座", (2, 6), 0), ("铺设管网", "公里", (3, 15), 1),
       ("受益群众", "人", (300, 1400), 0)],
      ["{village}几个村民小组地势较高，一到旱季就缺水，群众只能到山下挑水。",
       "工作队把解决饮水难题作为“头号工程”，协调水利部门新建蓄水池{f0}座，铺设管网{f1}公里。",
       "工程完工后，{f2}名群众喝上了放心水。村里还成立了管水小组，制定了管护公约。"],
      "新建的蓄水池")
theme("ecommerce", "电商助农",
      ("农产品线上销售额", "万元", "level", 1, (10, 60), (5, 30)),
      ["建设村级电商服务站，培养“村播”带货员", "统一包装，打造村级农产品品牌"],
      "“村播”带货，{village}山货卖出大山",
      [("线上销售额", "万元", (10, 80), 1), ("带动农户", "户", (30, 150), 0)],
      ["腊肉、竹笋、茶油……{village}的山货品质好，过去却只能等商贩上门收购，价格压得很低。",
       "工作队在村部建起电商服务站，请县里的电商讲师来培训，培养了几名“村播”带货员。派驻单位{unit}发动干部职工以购代帮。",
       "一年下来，线上销售额达到{f0}万元，带动{f1}户农户增收。"],
      "村级电商服务站")
theme("elderly-canteen", "一老一小关爱服务",
      ("幸福食堂就餐老人", "人", "level", 0, (20, 40), (5, 15)),
      ["办好幸福食堂，为高龄老人提供助餐服务", "组织志愿者开展助餐送餐"],
      "{village}幸福食堂开张了",
      [("就餐老人", "人", (15, 45), 0), ("每餐收费", "元", (3, 5), 0)],
      ["{village}有不少留守老人，年纪大了做饭不方便，有的一顿饭吃两天。",
       "工作队和村“两委”商量，利用闲置的村小学校舍改建幸福食堂，{unit}捐赠了厨房设备。",
       "食堂开张后，{f0}名高龄、独居老人每餐只需交{f1}元，就能吃上热乎的两菜一汤。志愿者每天给行动不便的老人送餐上门。"],
      "幸福食堂里的午餐")
theme("solar", "光伏+村集体经济",
      ("光伏发电收益", "万元", "level", 1, (3, 10), (1, 4)),
      ["利用村部屋顶建设分布式光伏电站", "光伏收益用于公益岗位和村级公益事业"],
      "{village}村部屋顶光伏并网发电",
      [("装机容量", "千瓦", (60, 300), 0), ("年收益", "万元", (3, 12), 1)],
      ["{village}村部屋顶朝南、没有遮挡，工作队请电力部门现场勘查后，决定建设分布式光伏电站。",
       "电站装机容量{f0}千瓦，于当月并网发电，预计年收益{f1}万元，全部计入村集体经济收入。",
       "光伏收益将主要用于设置公益岗位、奖励人居环境整治先进户。"],
      "村部屋顶的光伏板")
theme("employment", "家门口就业",
      ("就业帮扶车间吸纳务工", "人", "level", 0, (15, 40), (5, 20)),
      ["引进来料加工企业，建设就业帮扶车间", "开发护林、保洁等公益岗位"],
      "就业帮扶车间让{f0}名村民在家门口上班",
      [("吸纳务工", "人", (15, 60), 0), ("月均工资", "元", (2200, 3600), -2)],
      ["{village}青壮年大多外出务工，留在家里的多是需要照顾老小的妇女。",
       "工作队引进一家来料加工企业，利用村里闲置厂房建起就业帮扶车间，主要加工竹制品和电子配件。",
       "车间现已吸纳{f0}名村民务工，其中脱贫人口占一半以上，月均工资{f1}元。",
       "“上班近，时间活，孩子放学我就能回家。”在车间做工的一位村民说。"],
      "就业帮扶车间")
theme("bees", "中蜂养殖",
      ("中蜂养殖", "箱", "level", 0, (150, 600), (50, 250)),
      ["成立中蜂养殖合作社，统一提供蜂箱和技术", "注册蜂蜜商标，拓宽销售渠道"],
      "中蜂养殖甜了{village}",
      [("蜂箱", "箱", (150, 700), 0), ("产蜂蜜", "公斤", (1000, 5000), -2),
       ("参与农户", "户", (15, 60), 0)],
      ["{village}森林覆盖率高，野花多，养中蜂有天然优势。",
       "工作队牵头成立中蜂养殖合作社，统一提供蜂箱、统一技术培训、统一收购销售，{f2}户农户参与养殖。",
       "今年全村中蜂达到{f0}箱，产蜂蜜{f1}公斤。工作队还帮助注册了商标，蜂蜜走进了县城超市。"],
      "山坡上的中蜂蜂箱")
theme("cattle", "黄牛养殖",
      ("黄牛存栏", "头", "level", 0, (60, 300), (20, 100)),
      ["发展黄牛适度规模养殖", "推行“合作社+农户”托养分红"],
      "{village}黄牛合作社年底分红",
      [("黄牛存栏", "头", (60, 320), 0), ("分红金额", "万元", (5, 30), 1),
       ("分红农户", "户", (40, 180), 0)],
      ["{village}草场资源丰富，工作队引导成立黄牛养殖合作社，推行“合作社+农户”托养模式。",
       "合作社现有黄牛存栏{f0}头，聘请了专职防疫员，养殖技术由县畜牧水产事务中心上门指导。",
       "年底，合作社拿出{f1}万元给{f2}户入股农户分红，村民们领到红包，个个笑逐颜开。"],
      "合作社的牛棚")
theme("lights", "美丽乡村建设",
      ("安装太阳能路灯", "盏", "flow", 0, (30, 120), (0, 0)),
      ["实施亮化工程，主干道安装太阳能路灯", "建立路灯管护责任制"],
      "{f0}盏太阳能路灯点亮{village}夜路",
      [("太阳能路灯", "盏", (30, 150), 0), ("覆盖村民小组", "个", (4, 12), 0)],
      ["过去{village}一到晚上就漆黑一片，老人走夜路容易摔倒。",
       "工作队向{unit}争取资金，在主干道和村民集中居住点安装太阳能路灯{f0}盏，覆盖{f1}个村民小组。",
       "路灯亮了，晚饭后到广场跳舞、散步的村民多了起来。"],
      "村道旁的太阳能路灯")
theme("environment", "人居环境整治",
      ("农村改厕", "户", "flow", 0, (20, 80), (0, 0)),
      ["推进农村改厕和生活污水治理", "每月开展人居环境“红黑榜”评比"],
      "{village}人居环境整治见成效",
      [("完成改厕", "户", (20, 90), 0), ("清理垃圾", "吨", (20, 120), 0)],
      ["工作队把人居环境整治作为凝聚人心的切入点，组织党员、志愿者开展“清垃圾、清沟渠、清杂物”行动，共清理垃圾{f1}吨。",
       "结合农村改厕项目，{village}完成改厕{f0}户。村里每月评比“美丽庭院”，结果在村务公开栏张榜公布。",
       "如今的{village}，房前屋后干净整洁，村民们说：“住得舒心了，心情也好了。”"],
      "整治后的村容村貌")
theme("youcha", "油茶提质增效",
      ("低产油茶林改造", "亩", "flow", 0, (100, 500), (0, 0)),
      ["开展低产油茶林垦复改造", "建设油茶加工坊，就近加工茶油"],
      "低产油茶林变身“摇钱树”",
      [("改造油茶林", "亩", (100, 600), 0), ("茶油产量", "公斤", (2000, 12000), -2)],
      ["{village}有上千亩老油茶林，树老、林密、产量低，不少已经荒了。",
       "工作队联系县林业局，争取低产油茶林改造项目，组织村民垦复、修枝、施肥，完成改造{f0}亩。",
       "改造后的油茶林挂果明显增多，今年全村产茶油{f1}公斤。工作队还帮助建起了榨油坊，村民就近加工。"],
      "改造后的油茶林")

GENERAL_MEASURES = [
    "落实防止返贫动态监测，每月走访监测户",
    "用好小额信贷政策，帮助脱贫户发展产业",
    "开展“技能培训+劳务输出”，稳定务工就业",
    "推行村级事务“积分制”管理，激发群众内生动力",
    "盘活闲置村部和校舍，发展村集体经济",
    "组织党员户挂牌，党员带头联系群众",
    "对接县城学校、医院食堂，建立农产品直供渠道",
    "完善村规民约，推进移风易俗",
]


def rnd(rng: random.Random, lo, hi, dec: int):
    """A random value in [lo, hi]; dec: decimals (>0), whole numbers (0), round to 10**-dec (<0)."""
    x = rng.uniform(lo, hi)
    return round_to(x, dec)


def round_to(x: float, dec: int):
    if dec > 0:
        return round(x, dec)
    if dec == 0:
        return int(round(x))
    step = 10 ** (-dec)
    return int(round(x / step) * step)


def achievement(rng: random.Random) -> float:
    """Share of the way to target: mostly met, a few well over, a few short."""
    r = rng.random()
    if r < 0.12:
        return rng.uniform(0.55, 0.92)
    if r < 0.30:
        return rng.uniform(1.2, 1.6)
    return rng.uniform(1.0, 1.18)


def make_plans(team: Team) -> None:
    rng = rng_for("plans", team.id)
    main = THEMES[team.themes[0]]
    extra = [n for n in GENERAL_TARGETS if n != "新增返贫致贫人口" or rng.random() < 0.5]
    rng.shuffle(extra)
    n = rng.randint(3, 6)
    names = ["村集体经济收入", main.target[0]] + extra[: n - 2]
    defs = {**{k: (k, *v) for k, v in TARGETS.items()}, main.target[0]: main.target}
    measures = main.measures + rng.sample(GENERAL_MEASURES, rng.randint(1, 3))
    measures.append(f"联系{team.unit}落实帮扶资金和项目")
    prev_actual: dict[str, float] = {}
    for year in (2023, 2024):
        targets = []
        for name in names:
            _, unit, kind, dec, first, step = defs[name]
            t = {"name": name, "unit": unit}
            if kind == "level":
                base = prev_actual.get(name, rnd(rng, *first, dec))
                goal = round_to(base + rng.uniform(*step), dec)
                actual = round_to(base + (goal - base) * achievement(rng), dec)
                t.update(baseline=base, target=goal, actual=actual)
            elif kind == "down":
                base = prev_actual.get(name, rnd(rng, *first, dec))
                goal = max(0, round_to(base - rng.uniform(*step), dec))
                actual = max(0, round_to(base - (base - goal) * achievement(rng), dec))
                t.update(baseline=base, target=goal, actual=actual, direction="down")
            elif kind == "zero":
                t.update(target=0, actual=0 if rng.random() < 0.9 else 1, direction="down")
            else:
                goal = rnd(rng, *first, dec)
                t.update(target=goal, actual=round_to(goal * achievement(rng), dec))
            if year == 2024 and rng.random() < 0.35:
                del t["actual"]          # not yet reported
            if "actual" in t:
                prev_actual[name] = t["actual"]
            targets.append(t)
        # a few notes, as clerks add them
        for t in targets:
            if "actual" in t and rng.random() < 0.12:
                met = t["actual"] >= t["target"] if t.get("direction") != "down" else t["actual"] <= t["target"]
                t["note"] = rng.choice(["超额完成", "提前完成", "已通过乡镇验收"]) if met else rng.choice(
                    ["受汛期影响，项目延后", "部分资金未到位", "市场价格下跌，收入减少"])
            elif "actual" not in t and rng.random() < 0.3:
                t["note"] = "年底统计后填报"
        year_measures = measures if year == 2023 else measures[1:] + [rng.choice(GENERAL_MEASURES)]
        team.plans[year] = {"targets": targets, "measures": list(dict.fromkeys(year_measures))[:5]}


ZH_NUM = "零一二三四五六七八九十"


def hard_wrap(rng: random.Random, para: str) -> str:
    """Break a line in the middle of the first sentence, the way clerks hard-wrap text."""
    end = para.find("。")
    end = end if end > 16 else len(para) // 2
    punct = "，。、；：“”（）《》！？…"
    spots = [i for i in range(8, end - 2) if para[i - 1] in "队村标路" and para[i] not in punct]
    spots = spots or [i for i in range(8, end - 4) if para[i] not in punct and para[i - 1] not in punct]
    i = rng.choice(spots)
    return para[:i] + "\n" + para[i:]


def plan_body(team: Team, home: HomeData, year: int, plan: dict) -> str:
    rng = rng_for("plan-body", team.id, year)
    focus = THEMES[team.themes[0]].focus
    names = [t["name"] for t in plan["targets"]]
    k = year - pkey(team.since)[0] + 1
    first = rng.choice([
        f"{year}年是工作队进驻{team.village}的第{ZH_NUM[k]}年。工作队坚持党建引领，围绕“{focus}”这条主线，"
        f"把{names[0]}、{names[1]}作为年度主攻方向，逐项明确责任人和完成时限，做到月月有进度、季季有讲评。",
        f"围绕“{focus}”的发展思路，工作队与村“两委”反复商量，确定了{year}年{len(names)}项帮扶目标。"
        f"派驻单位{team.unit}在项目、资金和人才上给予支持，工作队每月在{home.township}驻村工作队之家月座谈上通报进度。",
    ])
    reported = [t for t in plan["targets"] if "actual" in t]

    def met(t):
        return t["actual"] >= t["target"] if t.get("direction") != "down" else t["actual"] <= t["target"]
    if year == 2023:
        short = [t["name"] for t in reported if not met(t)]
        second = f"截至{year}年底，{len(names)}项目标中完成或超额完成{len(reported) - len(short)}项。"
        second += (f"{'、'.join(short)}未达预期，原因已在季讲评上分析，{year + 1}年继续攻坚。"
                   if short else "各项目标全部完成，群众满意度明显提升。")
    else:
        pending = [t["name"] for t in plan["targets"] if "actual" not in t]
        second = (f"截至10月底，已报送{len(reported)}项目标的完成情况，{'、'.join(pending)}等指标待年底统计后填报。"
                  if pending else f"截至10月底，{len(names)}项目标已全部报送完成情况。")
        second += "工作队将继续落实“周例会、月座谈、季讲评”制度，主动接受群众监督。"
    return hard_wrap(rng, first) + "\n\n" + second + "\n"


def write_plan(path: Path, team: Team, home: HomeData, year: int) -> None:
    plan = team.plans[year]
    rng = rng_for("plan-title", team.id, year)
    out = ["---",
           "# 年度驻村帮扶规划（成效榜）。两行 --- 之间是数据，下面是规划正文。",
           f"year: {year}"]
    r = rng.random()
    if r < 0.4:
        out.append(f"title: {ys(f'{team.village}{year}年度驻村帮扶规划')}")
    elif r < 0.6:
        out.append(f"title: {ys(f'{year}年度驻村帮扶规划（{team.village}）')}")
    else:
        out.append("# title 不写时显示“<年份>年度驻村帮扶规划”")
    out += ["",
            "# 目标：name 名称，unit 单位，baseline 基数（上年数），target 目标值，actual 实际完成",
            "# （还没统计出来就不写 actual）；direction: down 表示越少越好，如风险户",
            "targets:"]
    for t in plan["targets"]:
        out.append(f"  - name: {ys(t['name'])}")
        out.append(f"    unit: {ys(t['unit'])}")
        for key in ("baseline", "target", "actual"):
            if key in t:
                out.append(f"    {key}: {num(t[key])}")
        if t.get("direction"):
            out.append(f"    direction: {t['direction']}")
        if t.get("note"):
            out.append(f"    note: {ys(t['note'])}")
    out += ["", "# 主要措施，一条一行", "measures:"]
    out += [f"  - {ys(m)}" for m in plan["measures"]]
    out += ["---", "", plan_body(team, home, year, plan)]
    write_text(path, "\n".join(out))


# ====================================================================== results

def write_results(tdir: Path, team: Team, home: HomeData, with_photos: bool) -> int:
    rng = rng_for("results", team.id)
    count = rng.choice([1, 1, 2, 2, 2, 3])
    themes = team.themes[:count]
    months = sorted(rng.sample([(y, m) for y in (2023, 2024) for m in range(1, 13)
                                if dt.date(y, m, 1) >= dt.date(2023, 4, 1)
                                and dt.date(y, m, 1) <= END], count))
    photos_written = 0
    for si, (slug, (y, m)) in enumerate(zip(themes, months)):
        th = THEMES[slug]
        day = rng.randint(3, 28)
        date = dt.date(y, m, day)
        figs = [rnd(rng, *f[2], f[3]) for f in th.figures]
        ctx = {"village": team.village, "unit": team.unit, "leader": team.members[0].name,
               **{f"f{i}": num(v) for i, v in enumerate(figs)}}
        title = th.title.format(**ctx)
        nfig = rng.randint(1, len(th.figures))
        paras = th.paragraphs[:1] + sorted(rng.sample(th.paragraphs[1:], min(len(th.paragraphs) - 1,
                                                                               rng.randint(1, 3))),
                                           key=th.paragraphs.index)
        fname = f"{y}-{m:02d}-{slug}"
        out = ["---", f"# 成效故事：{title}", f"title: {ys(title)}", f"date: {date.isoformat()}",
               "# 亮点数字：label 名称，value 数值（只写数字），unit 单位",
               "figures:"]
        for (label, unit, _, _), v in list(zip(th.figures, figs))[:nfig]:
            out += [f"  - label: {ys(label)}", f"    value: {num(v)}", f"    unit: {ys(unit)}"]
        if with_photos and si == count - 1:   # the team's latest story has photos
            n = rng.choice([1, 2])
            out += ["# 照片放在工作队的 photos 文件夹，路径从本文件算起（../ 表示上一级文件夹）",
                    "photos:"]
            for i in range(1, n + 1):
                img = f"{fname}-{i}.jpg"
                landscape(tdir / "photos" / img, f"{team.id}-{fname}-{i}")
                photos_written += 1
                cap = th.caption.format(**ctx) + ("" if n == 1 else f"（{i}）")
                out += [f"  - src: ../photos/{img}", f"    caption: {ys(cap)}"]
        body = "\n\n".join(p.format(**ctx) for p in paras)
        out += ["---", "", body, ""]
        write_text(tdir / "results" / f"{fname}.md", "\n".join(out))
    return photos_written


# ====================================================================== honors

def honor_level_word(level: str, style: str, rng: random.Random) -> str:
    if style == "en":
        return level
    if style == "zh":
        return LEVEL_ZH[level]
    return rng.choice([level, LEVEL_ZH[level]])


def team_honors(team: Team, home: HomeData, special: str | None) -> list[dict]:
    rng = rng_for("honors", team.id)
    leader = team.members[0].name
    others = [m.name for m in team.members[1:]]
    pool = [
        dict(title="2023年度优秀驻村工作队", level="county", date=rng.choice(["2024-01", "2024-02-06", 2024]),
             issuer="中共绥宁县委、绥宁县人民政府"),
        dict(title="2023年度优秀驻村第一书记", level="county", date="2024-01",
             issuer="中共绥宁县委组织部", recipient=leader),
        dict(title=f"{home.township}2023年度驻村帮扶工作先进集体", level="township",
             date=rng.choice(["2023-12", "2024-01-12", 2024]), issuer=party_committee(home.township)),
        dict(title="“岗位练兵、业务比武”知识竞赛一等奖", level="township",
             date=rng.choice(["2023-11-24", "2024-05"]), issuer=township_gov(home.township)),
        dict(title="邵阳市2023年度优秀驻村工作队", level="municipal", date="2024-03",
             issuer="中共邵阳市委农村工作领导小组办公室"),
        dict(title="邵阳市优秀驻村第一书记", level="municipal", date=rng.choice([2023, "2023-12"]),
             issuer="中共邵阳市委组织部", recipient=leader),
        dict(title="湖南省乡村振兴工作先进集体", level="provincial", date="2024-04-18",
             issuer="湖南省乡村振兴局"),
        dict(title="2022年度优秀驻村工作队", level="county", date=2023,
             issuer="中共绥宁县委、绥宁县人民政府"),
    ]
    if others:
        pool.append(dict(title="2023年度优秀驻村干部", level="county", date="2024-01",
                         issuer="中共绥宁县委组织部", recipient=rng.choice(others)))
        pool.append(dict(title="“我的驻村故事”主题演讲比赛二等奖", level="township",
                         date="2024-06-21", issuer=township_gov(home.township),
                         recipient=rng.choice(others)))
    weights = {"county": 6, "township": 5, "municipal": 2, "provincial": 0.6}
    picked = []
    n = rng.choice([1, 1, 2, 2, 2, 3])
    cands = list(pool)
    while cands and len(picked) < n:
        w = [weights[c["level"]] for c in cands]
        c = rng.choices(cands, weights=w)[0]
        cands.remove(c)
        if c["title"] in {p["title"] for p in picked}:
            continue
        picked.append(c)
    if special == "national":
        picked.append(dict(title="全国乡村振兴先进个人", level="national", date="2024-09-26",
                           issuer="农业农村部", recipient=leader))
    if special == "provincial" and not any(p["level"] == "provincial" for p in picked):
        picked.append(pool[6])
    picked.sort(key=lambda h: dkey(h["date"]))
    return picked


HOME_HONORS = [
    dict(title="全县“驻村工作队之家”建设示范点", level="county", date="2023-09",
         issuer="中共绥宁县委组织部"),
    dict(title="2023年度“驻村工作队之家”考评优秀", level="county", date="2024-02-20",
         issuer="绥宁县驻村办"),
    dict(title="邵阳市驻村工作队管理服务创新示范点", level="municipal", date=2024,
         issuer="中共邵阳市委组织部"),
    dict(title="全省驻村帮扶工作典型案例", level="provincial", date="2024-01",
         issuer="湖南省乡村振兴局"),
    dict(title="全县“岗位练兵、业务比武”优秀组织奖", level="county", date="2023-12-15",
         issuer="绥宁县驻村办"),
]


def write_honors(path: Path, honors: list[dict], style: str, key: str, for_home: bool,
                 image_dir: str, images: list[str]) -> int:
    rng = rng_for("honor-words", key)
    if for_home:
        head = ["# 荣誉墙：工作队之家（本乡镇）获得的集体荣誉，一项一条，按时间先后排列"]
    else:
        head = ["# 荣誉墙：本工作队和队员获得的荣誉，一项一条，按时间先后排列",
                "# recipient 不写表示整个工作队获奖；写队员姓名表示个人荣誉（姓名要和 team.yaml 一致）"]
    head += ["# level 级别：national 国家级 / provincial 省级 / municipal 市级 / county 县级 / township 乡镇级",
             "# date 日期：可以只写年（2023）或年月（2023-12）",
             ""]
    out = list(head)
    written = 0
    for i, h in enumerate(honors):
        out.append(f"- title: {ys(h['title'])}")
        out.append(f"  level: {honor_level_word(h['level'], style, rng)}")
        out.append(f"  date: {ys(h['date'])}")
        if h.get("issuer"):
            out.append(f"  issuer: {ys(h['issuer'])}")
        if h.get("recipient"):
            out.append(f"  recipient: {ys(h['recipient'])}")
        if i in images:
            img = f"{image_dir}/honor-{i + 1}.jpg"
            certificate(path.parent / img, f"{key}-{i}")
            written += 1
            out.append(f"  image: {img}   # 证书或奖牌的照片")
    write_text(path, "\n".join(out))
    return written


# ====================================================================== activities

FORUM_THEMES = ["村集体经济发展难点", "“村企联建”发展新模式", "“强村+弱村”盘活壮大村集体经济",
                "防止返贫动态监测帮扶", "产业项目联农带农机制", "人居环境整治长效管护",
                "乡村治理“积分制”推广", "驻村干部作风建设", "农产品销售渠道拓展", "小额信贷风险防控",
                "稳岗就业与劳务输出", "冬春农田水利建设", "茶叶产业提质增效", "楠竹产业链延伸",
                "林下经济发展", "乡村旅游与民宿经营", "“一老一小”关爱服务", "村级财务规范管理",
                "森林防火责任落实", "汛期地质灾害防范", "高素质农民培育", "村规民约修订",
                "矛盾纠纷排查化解", "农村电商发展", "移风易俗与文明乡风"]
TRAININGS = ["防止返贫动态监测帮扶政策解读", "农村集体“三资”管理", "驻村工作公文写作",
             "乡村振兴统计数据填报", "茶叶修剪与采摘实用技术", "应急救护知识", "森林防火和地质灾害防治",
             "农村基层党建实务", "农村土地承包法律知识", "小额信贷政策与操作", "防范电信网络诈骗",
             "网络直播带货技巧", "群众工作方法", "项目资金管理与审计要点", "“四议两公开”工作法"]
COMPETITIONS = [("岗位练兵", "乡村振兴政策知识竞赛"), ("业务比武", "“我的驻村故事”主题演讲比赛"),
                ("岗位练兵", "防返贫监测业务测试"), ("业务比武", "村级档案规范整理评比"),
                ("岗位练兵", "入户走访情景模拟")]
RECREATIONS = {None: ["气排球赛", "登山健身活动", "拔河比赛", "篮球友谊赛", "晨跑打卡活动", "乒乓球赛",
                      "趣味运动会", "羽毛球赛", "象棋比赛", "环村健步走"],
               3: ["“三八”节健步走"], 6: ["“庆七一”歌咏会"], 7: ["“庆七一”歌咏会"],
               9: ["中秋茶话会"], 1: ["迎新春联欢会"], 2: ["元宵节猜灯谜"]}
HEALTH = ["心理健康与压力调适", "高血压、糖尿病防治知识", "夏季防中暑与防溺水", "颈椎腰椎保健",
          "常见传染病预防", "合理膳食与健康体重", "急救常识与心肺复苏", "慢性病用药常识"]
WEEKLY = ["传达学习县委农村工作会议精神", "解读中央一号文件", "防汛抗旱工作部署", "产业奖补政策申报",
          "春耕备耕工作安排", "秋收秋种与森林防火", "低收入人口常态化帮扶", "村级集体经济项目申报"]
VISITS = {1: "春节前慰问驻村干部家属", 2: "春节前慰问驻村干部家属", 6: "端午节慰问一线驻村干部",
          9: "中秋节走访驻村工作队", None: ["看望生病住院的驻村队员", "看望家中遇困的驻村干部",
                                          "高温天气慰问一线驻村干部"]}
HEART_TALKS = ["新进驻队员岗前谈话", "季度思想动态谈话", "乡党委书记与第一书记集体谈话",
               "了解队员工作生活困难"]
FORUM_NOTES = ["会后形成问题清单{n}条，交乡镇驻村办跟踪办理", "驻村队员发言{n}人次",
               "邀请县农业农村局专家参加", "{n}条建议被乡党委采纳"]
QUARTER_ZH = {3: "一", 6: "二", 9: "三", 12: "四"}


def month_add(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def weekday_in(rng: random.Random, y: int, m: int, lo: int, hi: int, avoid=()) -> dt.date:
    days = [dt.date(y, m, d) for d in range(lo, hi + 1)
            if dt.date(y, m, d).weekday() < 5 and dt.date(y, m, d) not in avoid]
    return rng.choice(days)


def spread(total: int, n: int, lo: int, hi: int, rng: random.Random) -> list[int]:
    counts = [lo] * n
    left = total - lo * n
    assert 0 <= left <= (hi - lo) * n
    while left:
        i = rng.randrange(n)
        if counts[i] < hi:
            counts[i] += 1
            left -= 1
    return counts


def random_day(rng: random.Random, start: dt.date, end: dt.date, taken: set, weekday=True) -> dt.date:
    span = (end - start).days
    for _ in range(1000):
        d = start + dt.timedelta(days=rng.randint(0, span))
        if d not in taken and (not weekday or d.weekday() < 5):
            taken.add(d)
            return d
    raise RuntimeError("no free day")


def make_activities(homes: list[HomeData]) -> None:
    crng = rng_for("county-activities")
    n = len(homes)
    forum_counts = [7] * n
    for i in crng.sample(range(n), EXPECTED_TOTALS["monthly_forum"] - 7 * n):
        forum_counts[i] += 1
    trainings = spread(EXPECTED_TOTALS["training"], n, 3, 4, crng)
    competitions = spread(EXPECTED_TOTALS["competition"], n, 0, 2, crng)
    recreations = spread(EXPECTED_TOTALS["recreation"], n, 2, 5, crng)
    healths = spread(EXPECTED_TOTALS["health_talk"], n, 1, 2, crng)
    for idx, home in enumerate(homes):
        rng = rng_for("activities", home.id)
        members = sum(len(t.members) for t in home.teams)
        acts: list[dict] = []
        taken: set[dt.date] = set()
        # monthly forums: consecutive months, 4th week, duty team by the rota
        start = dt.date(2023, 7 + rng.randint(0, 5), 1)
        start = max(start, dt.date(*month_add(home.opened.year, home.opened.month, 1), 1))
        themes = rng.sample(FORUM_THEMES, forum_counts[idx])
        forum_months = [month_add(start.year, start.month, k) for k in range(forum_counts[idx])]
        for k, (y, m) in enumerate(forum_months):
            d = weekday_in(rng, y, m, 22, 28)
            taken.add(d)
            a = dict(date=d, kind="monthly_forum", title=f"月座谈：{themes[k]}",
                     host_team=home.rota[k % len(home.rota)],
                     attendance=members - rng.randint(0, 3) + rng.randint(2, 4))
            if rng.random() < 0.35:
                a["note"] = rng.choice(FORUM_NOTES).format(n=rng.randint(3, 9))
            acts.append(a)
        # quarterly reviews: two per home, 4th week of the quarter's last month
        qmonths = [(y, m) for (y, m) in forum_months if m in (3, 6, 9, 12)]
        for (y, m) in sorted(rng.sample(qmonths, 2)):
            d = weekday_in(rng, y, m, 22, 28, avoid=taken)
            taken.add(d)
            a = dict(date=d, kind="quarterly_review",
                     title=f"季讲评：{y}年第{QUARTER_ZH[m]}季度工作讲评交流会",
                     attendance=members + rng.randint(3, 6),
                     note=rng.choice(["乡镇驻村办组织，通报季度督查考核情况",
                                      "评出季度“红旗工作队”1个",
                                      "听取工作队意见建议，交流帮扶经验做法"]))
            acts.append(a)
        first = home.opened + dt.timedelta(days=7)
        for title in rng.sample(TRAININGS, trainings[idx]):
            d = random_day(rng, first, END, taken)
            a = dict(date=d, kind="training", title=f"学习培训：{title}",
                     attendance=members + rng.randint(-2, 6))
            if rng.random() < 0.4:
                a["host_team"] = rng.choice(home.teams).id
            acts.append(a)
        for kind_zh, title in rng.sample(COMPETITIONS, competitions[idx]):
            d = random_day(rng, first, END, taken)
            acts.append(dict(date=d, kind="competition", zh=kind_zh, title=f"{kind_zh}：{title}",
                             attendance=members + rng.randint(0, 8),
                             note=rng.choice(["评出一等奖1名、二等奖2名、三等奖3名",
                                              "各工作队全员参加", "县驻村办派员观摩"])))
        used_rec: list[str] = []
        for _ in range(recreations[idx]):
            d = random_day(rng, first, END, taken, weekday=False)
            special = [t for t in RECREATIONS.get(d.month, []) if t not in used_rec]
            title = special[0] if special and rng.random() < 0.7 else rng.choice(
                [t for t in RECREATIONS[None] if t not in used_rec])
            used_rec.append(title)
            acts.append(dict(date=d, kind="recreation", title=title,
                             attendance=rng.randint(12, 40)))
        for title in rng.sample(HEALTH, healths[idx]):
            d = random_day(rng, first, END, taken)
            acts.append(dict(date=d, kind="health_talk", title=f"健康讲座：{title}",
                             attendance=rng.randint(15, 45),
                             note=rng.choice(["邀请县人民医院医生主讲", "邀请县疾病预防控制中心专家主讲",
                                              "邀请县中医医院医生主讲并义诊"])))
        # a few of the everyday records: weekly meetings, visits, heart talks
        for topic in rng.sample(WEEKLY, rng.randint(3, 5)):
            d = random_day(rng, first, END, taken)
            d -= dt.timedelta(days=d.weekday())  # Monday of that week
            if d in taken or d < first:
                continue
            taken.add(d)
            acts.append(dict(date=d, kind="weekly_meeting", title=f"周例会（驻村讲堂）：{topic}",
                             attendance=members - rng.randint(0, 2)))
        for _ in range(rng.randint(1, 3)):
            d = random_day(rng, first, END, taken)
            t = VISITS.get(d.month) or rng.choice(VISITS[None])
            acts.append(dict(date=d, kind="visit", title=f"走访慰问：{t}",
                             attendance=rng.randint(3, 8)))
        for title in rng.sample(HEART_TALKS, rng.randint(1, 3)):
            d = random_day(rng, first, END, taken)
            a = dict(date=d, kind="heart_talk", title=f"谈心谈话：{title}",
                     attendance=rng.randint(2, 6))
            if rng.random() < 0.5:
                a["note"] = rng.choice(["收集困难和意见3条，已逐一答复", "谈话情况已记入台账"])
            acts.append(a)
        acts.sort(key=lambda a: a["date"])
        home.activities = acts


def kind_word(a: dict, lang: str, rng: random.Random) -> str:
    k = a["kind"]
    use_zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.5)
    if not use_zh:
        return k
    return a.get("zh", KIND_ZH[k])


def write_activities(path: Path, home: HomeData) -> None:
    rng = rng_for("activity-words", home.id)
    names = {t.id: t.village for t in home.teams}
    out = [f"# {home.name} 活动记录（一项活动一条，按日期先后排列）",
           "# date 日期（年-月-日）  kind 活动类别  title 名称  host_team 主持/轮值工作队（写工作队文件夹名）",
           "# attendance 参加人数（只写数字）  note 备注",
           "# kind 可写中文或英文：周例会 weekly_meeting，月座谈 monthly_forum，季讲评 quarterly_review，",
           "#   学习培训 training，岗位练兵/业务比武 competition，文娱活动 recreation，健康讲座 health_talk，",
           "#   走访慰问 visit，谈心谈话 heart_talk",
           "# 月座谈在每月第四周（22～28日）召开，按 home.yaml 里 duty_rota 的顺序轮值；",
           "# 季讲评在3、6、9、12月的第四周召开。"]
    year = None
    for a in home.activities:
        if a["date"].year != year:
            year = a["date"].year
            out += ["", f"# ---------- {year}年 ----------"]
        out.append(f"- date: {a['date'].isoformat()}")
        out.append(f"  kind: {kind_word(a, home.lang, rng)}")
        out.append(f"  title: {ys(a['title'])}")
        if a.get("host_team"):
            out.append(f"  host_team: {a['host_team']}   # {names[a['host_team']]}")
        out.append(f"  attendance: {a['attendance']}")
        if a.get("note"):
            out.append(f"  note: {ys(a['note'])}")
    write_text(path, "\n".join(out))


# ====================================================================== homes

RULES = {
    "日常管理制度": """驻村工作队之家由乡镇驻村办统一管理，保持整洁、有序。

1. 驻村干部每周在村不少于5天，因事离村须向乡镇驻村办请假。
2. 电脑、打印机等办公设备登记使用，用后及时关机。
3. 活动台账由当月轮值工作队记录，月底交乡镇驻村办归档。
4. 节约水电，最后离开的同志关灯、关窗、锁门。""",
    "谈心谈话制度": """乡镇党委书记、驻村办主任定期与驻村干部谈心谈话，了解思想、工作和生活情况。

1. 每季度至少开展1次谈心谈话；新进驻队员到岗一周内谈话。
2. 队员家庭遇到困难、工作出现波动时，随时谈话。
3. 谈话情况简要记录，反映的问题**限期答复**。""",
    "走访慰问制度": """1. 驻村干部生病住院、家中遇到重大变故的，乡镇及时走访慰问。
2. 春节、端午、中秋等节日前，走访慰问驻村干部及其家属。
3. 派驻单位每半年至少到村看望1次驻村干部，帮助解决实际困难。""",
    "周例会学习制度": """每周召开1次例会，结合“驻村讲堂”开展学习。

1. 传达学习上级最新精神和政策文件。
2. 邀请专业人员授课，解答产业发展、政策落实中的难题。
3. 各工作队交流本周工作和下周安排。
4. 不定期开展业务技能测试。""",
    "月座谈轮值制度": """每月第四周召开主题座谈会，各工作队按轮值顺序轮流主持。

1. 轮值工作队结合驻村工作重点、难点确定主题，提前三天报乡镇驻村办。
2. 驻村队员谈想法、提意见、出主意，会后形成问题清单。
3. 座谈记录由轮值工作队整理归档。""",
    "季讲评制度": """每季度最后一个月的第四周，由乡镇驻村办组织召开工作讲评交流会。

1. 通报季度工作开展和督查考核情况。
2. 听取、收集工作队的意见建议。
3. 总结交流驻村帮扶经验做法。""",
    "考勤请销假制度": """1. 驻村干部实行日考勤，由第一书记负责登记。
2. 请假1天以内由第一书记批准，1天以上报乡镇党委批准，并报派驻单位备案。
3. 假满及时销假，**不得**无故超假。""",
}
EQUIPMENT = ["台式电脑 {n} 台", "打印复印一体机 1 台", "投影仪 1 台", "会议桌椅 1 套", "文件柜 {n} 个",
             "饮水机 1 台", "图书角 1 个", "医药箱 1 个", "空调 {n} 台", "洗衣机 1 台"]
PLACES = ["人民政府综合楼二楼", "人民政府院内东侧平房", "便民服务中心三楼", "党建活动中心二楼",
          "人民政府大院老办公楼一楼"]
ROLES = [("驻村办主任", 1.0), ("党委副书记", 0.4), ("驻村办联络员", 0.8)]


def make_homes() -> list[HomeData]:
    used_names: set[str] = set()
    used_vnames: set[str] = set(["关峡", "黄桑", "武阳", "水口", "河口", "东山", "红岩", "寨市"])
    used_vids: set[str] = set(h[0] for h in HOMES)
    homes = []
    theme_slugs = list(THEMES)
    for hid, township, nteams in HOMES:
        rng = rng_for("home", hid)
        opened = dt.date(2023, rng.randint(3, 6), rng.randint(1, 28))
        while opened.weekday() >= 5:
            opened += dt.timedelta(days=1)
        address = township + rng.choice(PLACES)
        if township.endswith("镇") and rng.random() < 0.6:
            address = f"{township}{rng.choice(['建设路', '新街', '文化路', '河街'])}{rng.randint(2, 88)}号（镇人民政府院内）"
        teams = []
        for ti in range(nteams):
            trng = rng_for("team", hid, ti)
            village, vid = make_village(trng, used_vnames, used_vids)
            unit = UNITS[(len(homes) * 7 + ti * 11 + trng.randint(0, 3)) % len(UNITS)]
            since = trng.choice(TEAM_SINCE)
            until = trng.choice(TEAM_UNTIL)
            size = 8 if (hid == BIG_TEAM_HOME and ti == 0) else trng.choice([2, 3, 3, 3, 4, 4, 4, 5])
            members = []
            for mi in range(size):
                name, stem, sex = make_name(trng, used_names)
                m = Member(name, stem, sex, "第一书记兼队长" if mi == 0 else "队员")
                if mi > 0 and trng.random() < 0.22:
                    m.unit = trng.choice([township_gov(township)] + [u for u in SIDE_UNITS if u != unit])
                if mi > 0 and trng.random() < 0.25:
                    later = [s for s in MEMBER_SINCE if pkey(s) > pkey(since)]
                    if later:
                        m.since = trng.choice(later)
                if trng.random() < 0.4:
                    m.quote = trng.choice(QUOTES)
                if trng.random() < 0.86:
                    m.photo = f"photos/{stem}.jpg"
                members.append(m)
            themes = trng.sample(theme_slugs, 3)
            motto = trng.choice([m for m in MOTTOS if m not in {t.motto for t in teams}])
            motto = motto if trng.random() < 0.85 else None
            teams.append(Team(vid, village, unit, since, until, motto, members, themes))
        rota = [t.id for t in teams]
        rng.shuffle(rota)
        lang = ["zh", "en"][len(homes) % 2] if len(homes) != 5 else "mixed"
        homes.append(HomeData(hid, township, f"{township}驻村工作队之家", address, opened,
                              teams, rota, lang))
    return homes


def write_home_yaml(path: Path, home: HomeData) -> None:
    rng = rng_for("home-yaml", home.id)
    used: set[str] = set()
    contacts = []
    for role, p in ROLES:
        if rng.random() < p:
            name, _, _ = make_name(rng, used)
            prefix = "乡" if home.township.endswith("乡") else "镇"
            contacts.append((name, (prefix + role) if role != "党委副书记" else role,
                             f"0739-7{rng.randint(100000, 999999)}"))
    titles = ["日常管理制度", "谈心谈话制度", "走访慰问制度"]
    others = ["周例会学习制度", "月座谈轮值制度", "季讲评制度", "考勤请销假制度"]
    titles += rng.sample(others, rng.randint(0, 2))
    equipment = [e.format(n=rng.randint(2, 6)) for e in
                 EQUIPMENT[:2] + rng.sample(EQUIPMENT[2:], rng.randint(2, 5))]
    names = {t.id: t.village for t in home.teams}
    out = [f"# {home.name} —— 基本情况（由乡镇驻村办填写）",
           "# 冒号、减号一律用英文半角，冒号后空一格；缩进用空格，不要用 Tab。",
           "",
           "# 名称：显示在页面和海报的标题上",
           f"name: {ys(home.name)}",
           "# 所在乡镇",
           f"township: {ys(home.township)}",
           "# 地址",
           f"address: {ys(home.address)}",
           "# 建成启用日期（年-月-日）",
           f"opened: {home.opened.isoformat()}",
           "",
           "# 办公之家：房间数（rooms）和办公设备（equipment）",
           "office:",
           f"  rooms: {rng.randint(1, 3)}",
           "  equipment:"]
    out += [f"    - {ys(e)}" for e in equipment]
    out += ["", "# 联系人：姓名、职务、电话", "contacts:"]
    for name, role, phone in contacts:
        out += [f"  - name: {ys(name)}", f"    role: {ys(role)}", f"    phone: {ys(phone)}"]
    out += ["",
            "# 上墙制度：每条有标题（title）和正文（body）。",
            "# 正文写在 body: | 的下一行起，每行比 body 多缩进两格；空一行表示分段。",
            "rules:"]
    for t in titles:
        out += [f"  - title: {ys(t)}", f"    body: {block(RULES[t], 6)}"]
    out += ["",
            "# 月座谈轮值顺序：写工作队的文件夹名（teams 下面的文件夹），按轮值先后排列，",
            "# 本乡镇的工作队一般都列上，每个队只写一次。",
            "duty_rota:"]
    width = max(len(t) for t in home.rota)
    out += [f"  - {tid.ljust(width)}   # {names[tid]}" for tid in home.rota]
    write_text(path, "\n".join(out))


def write_team_yaml(path: Path, team: Team) -> int:
    out = [f"# {team.village}驻村工作队 —— 风采栏",
           "# 驻村所在的村",
           f"village: {ys(team.village)}",
           "# 派驻单位",
           f"unit: {ys(team.unit)}",
           "# 进驻时间、任期到：可以只写年（2021）或年-月（2021-06）",
           f"since: {ys(team.since)}"]
    if team.until is not None:
        out.append(f"until: {ys(team.until)}")
    if team.motto:
        out += ["# 驻村誓言", f"motto: {ys(team.motto)}"]
    out += ["",
            "# 队员名单，按展示顺序；第一位一般是第一书记兼队长",
            "# photo：照片位置，从本文件所在文件夹算起，如 photos/zhang-san.jpg；没有照片就不写这一行",
            "# unit：队员单位与派驻单位不同时才写；since：后来加入的队员写加入时间；quote：队员的话",
            "members:"]
    photos = 0
    for m in team.members:
        out += [f"  - name: {ys(m.name)}", f"    role: {ys(m.role)}"]
        if m.unit:
            out.append(f"    unit: {ys(m.unit)}")
        if m.photo:
            out.append(f"    photo: {m.photo}")
            portrait(path.parent / m.photo, m.stem, m.sex)
            photos += 1
        if m.since:
            out.append(f"    since: {ys(m.since)}")
        if m.quote:
            out.append(f"    quote: {ys(m.quote)}")
    write_text(path, "\n".join(out))
    return photos


# ====================================================================== site, supervision

SITE_YAML = """\
# 绥宁县驻村工作队之家 —— 全县设置（由县驻村办维护）
# 每行“字段: 值”，冒号用英文半角，冒号后空一格；# 号后面是说明，不影响内容。

# 网站标题，显示在每一页最上方
title: 绥宁县驻村工作队之家
# 县名
county: 绥宁县
# 县驻村办名称
office: 绥宁县驻村办
# 活动次数从哪一天开始统计（“2023年以来”）
since: 2023-01-01
# 展板显示哪一年的规划和成效
year: 2024
# 网站在内网上的地址，只用于海报上的二维码
base_url: http://intranet.suining.example/zhucun/

# 海报：size 纸张 A0～A4；orientation 方向，portrait 竖版、landscape 横版
poster:
  size: A1
  orientation: portrait
  # bleed_mm: 3        # 出血（毫米，0～10），印刷厂要求时再填
  # crop_marks: true   # 加裁切线

# 大厅屏幕：每页停留的秒数（5～300）
screen:
  slide_seconds: 15

# 界面上的用词可以改。需要时删掉下面几行行首的“# ”，再改冒号后面的字：
# labels:
#   style_board: 队员风采
#   results_board: 成效榜
#   honor_wall: 荣誉墙
"""

GOOD_FINDINGS = ["台账规范，月座谈、季讲评按期召开", "制度上墙到位，展示栏内容更新及时",
                 "驻村干部在岗在位，活动开展丰富", "“三个之家”功能齐全，使用率高",
                 "成效榜数据与规划一致，群众评价好"]
BAD_FINDINGS = ["周例会记录不够完整，已现场督促整改", "成效榜数据未及时更新，要求一周内完成",
                "个别队员请假手续不规范，已责成补办", "办公设备摆放凌乱，已要求整改",
                "谈心谈话记录较简单，要求细化", "荣誉墙内容较少，要求补充完善"]


def make_supervision(homes: list[HomeData]) -> dict:
    rng = rng_for("supervision")
    ids = [h.id for h in homes]
    checks = []
    # 一月一查: one home drawn at random each month, 2023-07 .. 2024-10
    for k in range(16):
        y, m = month_add(2023, 7, k)
        checks.append(dict(date=weekday_in(rng, y, m, 5, 20), home=rng.choice(ids),
                           kind=rng.choice(["月查", "monthly_check"]),
                           findings=rng.choice(GOOD_FINDINGS) + "；" + rng.choice(BAD_FINDINGS)))
    # 一季一督: every home, 2023 Q4 and 2024 Q2
    for (y, m, word) in ((2023, 12, "季督"), (2024, 6, "quarterly_supervision")):
        for hid in ids:
            f = rng.choice(GOOD_FINDINGS)
            if rng.random() < 0.45:
                f += "；" + rng.choice(BAD_FINDINGS)
            checks.append(dict(date=weekday_in(rng, y, m, 3, 20), home=hid, kind=word, findings=f))
    checks.sort(key=lambda c: (c["date"], ids.index(c["home"])))
    # 一年一评: 2023 grades from the year's activity records and check findings
    score = {}
    for h in homes:
        acts = [a for a in h.activities if a["date"].year == 2023]
        bad = sum(1 for c in checks if c["home"] == h.id and c["date"].year == 2023
                  and "；" in c["findings"])
        score[h.id] = len(acts) - 2 * bad + rng.random()
    order = sorted(ids, key=lambda i: -score[i])
    grades = {hid: ("优秀" if r < 5 else "良好" if r < 13 else "合格") for r, hid in enumerate(order)}
    return dict(checks=checks, grades=grades)


def bulletins(homes: list[HomeData], sup: dict) -> list[dict]:
    byid = {h.id: h for h in homes}

    def names(ids):
        return "、".join(byid[i].name for i in ids)

    def count(kind, until):
        return sum(1 for h in homes for a in h.activities if a["kind"] == kind and a["date"] <= until)

    out = []
    for (y, m, date, qname) in ((2023, 12, dt.date(2024, 1, 10), "2023年第四季度"),
                                (2024, 6, dt.date(2024, 7, 8), "2024年第二季度")):
        round_ = [c for c in sup["checks"] if c["date"].year == y and c["date"].month == m
                  and c["kind"] in ("季督", "quarterly_supervision")]
        good = [c["home"] for c in round_ if "；" not in c["findings"]][:4]
        bad = [c for c in round_ if "；" in c["findings"]][:3]
        forums, trainings = count("monthly_forum", date), count("training", date)
        body = f"""各乡镇党委、人民政府，县直有关单位：

{y}年{m}月，县驻村办对全县16个乡镇“驻村工作队之家”{qname}工作开展情况进行了全覆盖督导。现将有关情况通报如下。

**一、总体情况**

各乡镇高度重视“驻村工作队之家”建设，周例会、月座谈、季讲评等制度总体落实较好。截至{date.month}月{date.day}日，全县共组织开展主题座谈会{forums}次、学习培训{trainings}次。{names(good) + "等工作队之家台账规范、活动丰富，值得学习借鉴。" if good else ""}

**二、存在问题**

"""
        for i, c in enumerate(bad, 1):
            body += f"{i}. {byid[c['home']].name}：{c['findings'].split('；')[1]}。\n"
        body += """
**三、下步要求**

各乡镇要对照问题清单，于15日内完成整改，整改情况报县驻村办。县驻村办将把整改落实情况纳入年度考评。"""
        out.append(dict(date=date, title=f"关于{qname}“驻村工作队之家”督导情况的通报", body=body))
    g = sup["grades"]
    best = [h.id for h in homes if g[h.id] == "优秀"]
    body = f"""各乡镇党委、人民政府，县直有关单位：

根据平时检查、季度督导和通报情况，县驻村办对全县16个乡镇“驻村工作队之家”2023年度运行管理情况进行了考核评定，现将结果通报如下。

**一、考评结果**

评定{names(best)}等{len(best)}个为“优秀”，{sum(1 for v in g.values() if v == '良好')}个为“良好”，{sum(1 for v in g.values() if v == '合格')}个为“合格”。

**二、结果运用**

考评结果作为乡镇乡村振兴实绩考核的重要内容，作为年度驻村工作队和驻村干部年度考核等次的重要依据。

希望受到表扬的乡镇再接再厉；其他乡镇要找准差距，推动“驻村工作队之家”作用发挥得更好。"""
    out.insert(1, dict(date=dt.date(2024, 2, 20), title="关于2023年度“驻村工作队之家”考评结果的通报",
                       body=body))
    return out


def write_supervision(path: Path, homes: list[HomeData], sup: dict) -> None:
    out = ["# 县驻村办督导记录（由县驻村办维护）",
           "# checks 检查：date 日期，home 工作队之家编号（homes 下的文件夹名），",
           "#   kind 类别：月查 monthly_check / 季督 quarterly_supervision，findings 检查发现",
           "# bulletins 通报：date 日期，title 标题，body 正文（写在 body: | 的下一行起，多缩进两格）",
           "# ratings 年度考评：year 年份，home 编号，grade 等次（优秀 / 良好 / 合格）",
           "",
           "checks:"]
    for c in sup["checks"]:
        out += [f"  - date: {c['date'].isoformat()}", f"    home: {c['home']}",
                f"    kind: {c['kind']}", f"    findings: {ys(c['findings'])}"]
    out += ["", "bulletins:"]
    for b in bulletins(homes, sup):
        out += [f"  - date: {b['date'].isoformat()}", f"    title: {ys(b['title'])}",
                f"    body: {block(b['body'], 6)}"]
    out += ["", "# 2023年度考评结果", "ratings:"]
    for h in homes:
        out += [f"  - year: 2023", f"    home: {h.id}   # {h.township}",
                f"    grade: {sup['grades'][h.id]}"]
    write_text(path, "\n".join(out))


# ====================================================================== main

def generate(content: Path) -> dict:
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    homes = make_homes()
    for h in homes:
        for t in h.teams:
            make_plans(t)
    make_activities(homes)
    write_text(content / "site.yaml", SITE_YAML)
    stats = dict(portraits=0, landscapes=0, certificates=0)
    special = {homes[2].teams[1].id: "national", homes[6].teams[2].id: "provincial",
               homes[11].teams[0].id: "provincial"}
    photo_teams = [h.teams[0].id for h in homes[::2]]   # a few landscape photos, spread out
    for hi, home in enumerate(homes):
        hdir = content / "homes" / home.id
        write_home_yaml(hdir / "home.yaml", home)
        write_activities(hdir / "activities.yaml", home)
        style = {"zh": "zh", "en": "en", "mixed": "mixed"}[home.lang]
        if hi % 3 == 0:   # home-level honors for some homes
            hr = rng_for("home-honors", home.id)
            honors = sorted(hr.sample(HOME_HONORS, hr.randint(1, 3)), key=lambda h: dkey(h["date"]))
            imgs = [0] if hi in (0, 9) else []
            stats["certificates"] += write_honors(hdir / "honors.yaml", honors, style, home.id, True,
                                                  "images", imgs)
        for ti, team in enumerate(home.teams):
            tdir = hdir / "teams" / team.id
            stats["portraits"] += write_team_yaml(tdir / "team.yaml", team)
            for year in (2023, 2024):
                write_plan(tdir / "plans" / f"{year}.md", team, home, year)
            stats["landscapes"] += write_results(tdir, team, home, team.id in photo_teams)
            hr = rng_for("team-has-honors", team.id)
            if hr.random() < 0.72 or team.id in special:
                honors = team_honors(team, home, special.get(team.id))
                tstyle = style if not (hi == 1 and ti == 0) else "mixed"
                imgs = [0] if hr.random() < 0.08 else []
                stats["certificates"] += write_honors(tdir / "honors.yaml", honors, tstyle, team.id,
                                                      False, "photos", imgs)
    sup = make_supervision(homes)
    write_supervision(content / "supervision.yaml", homes, sup)
    return stats


# ====================================================================== self-check

FM = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def load_yaml(path: Path):
    return yaml.safe_load(path.read_bytes().decode("utf-8"))


def front_matter(path: Path):
    m = FM.match(path.read_bytes().decode("utf-8"))
    assert m, f"{path}: no front matter"
    return yaml.safe_load(m.group(1)), m.group(2)


def pdate(v) -> tuple[int, ...]:
    s = str(v)
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s), f"bad partial date {v!r}"
    parts = tuple(int(x) for x in s.split("-"))
    dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return parts


def self_check(content: Path) -> dict:
    root = content.resolve()

    def image_ok(base: Path, rel: str) -> Path:
        p = (base / rel).resolve()
        assert p.is_relative_to(root), f"{base}: {rel} leaves content/"
        assert p.is_file(), f"{base}: {rel} missing"
        with Image.open(p) as im:
            im.verify()
        return p

    for p in root.rglob("*"):
        if p.is_file() and p.suffix in (".yaml", ".md"):
            raw = p.read_bytes()
            assert not raw.startswith(b"\xef\xbb\xbf"), f"{p}: BOM"
            assert b"\r" not in raw and b"\t" not in raw, f"{p}: CR or tab"
            raw.decode("utf-8")
    site = load_yaml(root / "site.yaml")
    assert site["title"] == "绥宁县驻村工作队之家" and site["year"] == SITE_YEAR
    since = site["since"]
    assert since == SINCE
    totals = {k: 0 for k in KIND_ZH}
    counts = dict(homes=0, teams=0, members=0, member_photos=0, plans=0, results=0,
                  result_photos=0, honors=0, honor_images=0, activities=0)
    levels_seen, level_spellings = set(), set()
    home_ids = []
    for hdir in sorted((root / "homes").iterdir()):
        home = load_yaml(hdir / "home.yaml")
        home_ids.append(hdir.name)
        counts["homes"] += 1
        assert re.fullmatch(r"[a-z0-9-]+", hdir.name)
        assert home["name"].endswith("驻村工作队之家") and home["township"]
        assert 3 <= len(home["rules"]) <= 5
        team_ids = sorted(p.name for p in (hdir / "teams").iterdir())
        assert 3 <= len(team_ids) <= 6
        rota = home["duty_rota"]
        assert sorted(rota) == team_ids, f"{hdir.name}: rota"
        members_by_team = {}
        for tid in team_ids:
            tdir = hdir / "teams" / tid
            team = load_yaml(tdir / "team.yaml")
            counts["teams"] += 1
            assert team["village"].endswith("村")
            pdate(team["since"])
            ms = team["members"]
            assert 2 <= len(ms) <= 8 and ms[0]["role"] == "第一书记兼队长"
            members_by_team[tid] = {m["name"] for m in ms}
            for m in ms:
                counts["members"] += 1
                if "photo" in m:
                    p = image_ok(tdir, m["photo"])
                    assert p.stat().st_size <= 12000, f"{p} too big"
                    with Image.open(p) as im:
                        assert im.size == PORTRAIT
                    counts["member_photos"] += 1
                if "since" in m:
                    pdate(m["since"])
            for year in (2023, 2024):
                fm, body = front_matter(tdir / "plans" / f"{year}.md")
                counts["plans"] += 1
                assert fm["year"] == year and 3 <= len(fm["targets"]) <= 6
                assert 3 <= len(fm["measures"]) <= 5
                for t in fm["targets"]:
                    assert isinstance(t["target"], (int, float)) and t["name"]
                    assert t.get("direction", "up") in ("up", "down")
                    if year == 2023:
                        assert "actual" in t
                assert body.strip().count("\n\n") == 1
            results = sorted((tdir / "results").glob("*.md"))
            assert 1 <= len(results) <= 3
            for r in results:
                fm, body = front_matter(r)
                counts["results"] += 1
                assert fm["title"] and isinstance(fm["date"], dt.date)
                assert SINCE <= fm["date"] <= END
                assert 1 <= len(fm["figures"]) <= 3
                for f in fm["figures"]:
                    assert f["label"] and isinstance(f["value"], (int, float))
                for ph in fm.get("photos", []):
                    p = image_ok(r.parent, ph["src"])
                    assert p.stat().st_size <= 30 * 1024
                    counts["result_photos"] += 1
                assert 2 <= body.strip().count("\n\n") + 1 <= 4
            if (tdir / "honors.yaml").exists():
                for h in load_yaml(tdir / "honors.yaml"):
                    counts["honors"] += 1
                    level_spellings.add(h["level"])
                    levels_seen.add(LEVEL_ALIASES[h["level"]])
                    pdate(h["date"])
                    if "recipient" in h:
                        assert h["recipient"] in members_by_team[tid], h
                    if "image" in h:
                        image_ok(tdir, h["image"])
                        counts["honor_images"] += 1
        if (hdir / "honors.yaml").exists():
            for h in load_yaml(hdir / "honors.yaml"):
                counts["honors"] += 1
                level_spellings.add(h["level"])
                levels_seen.add(LEVEL_ALIASES[h["level"]])
                pdate(h["date"])
                if "image" in h:
                    image_ok(hdir, h["image"])
                    counts["honor_images"] += 1
        acts = load_yaml(hdir / "activities.yaml")
        assert [a["date"] for a in acts] == sorted(a["date"] for a in acts)
        forums = []
        for a in acts:
            counts["activities"] += 1
            kind = KIND_ALIASES[a["kind"]]
            assert isinstance(a["date"], dt.date) and SINCE <= a["date"] <= END
            if a.get("host_team"):
                assert a["host_team"] in team_ids
            if a["date"] >= since:
                totals[kind] += 1
            if kind == "monthly_forum":
                assert 22 <= a["date"].day <= 28, a
                forums.append(a)
            if kind == "quarterly_review":
                assert 22 <= a["date"].day <= 28 and a["date"].month in (3, 6, 9, 12), a
        for k, a in enumerate(forums):   # consecutive months, duty team follows the rota
            y0, m0 = forums[0]["date"].year, forums[0]["date"].month
            assert (a["date"].year, a["date"].month) == month_add(y0, m0, k), a
            assert a["host_team"] == rota[k % len(rota)], (hdir.name, a)
    assert levels_seen == set(LEVEL_ZH), levels_seen
    assert level_spellings & set(LEVEL_ZH) and level_spellings & set(LEVEL_ZH.values())
    sup = load_yaml(root / "supervision.yaml")
    checks = [c for c in sup["checks"] if c["date"] >= since]
    assert all(c["home"] in home_ids for c in sup["checks"])
    check_kinds = {}
    for c in checks:
        k = CHECK_ALIASES[c["kind"]]
        check_kinds[k] = check_kinds.get(k, 0) + 1
    assert {r["home"] for r in sup["ratings"] if r["year"] == 2023} == set(home_ids)
    assert all(r["grade"] in ("优秀", "良好", "合格") for r in sup["ratings"])
    for k, v in EXPECTED_TOTALS.items():
        assert totals[k] == v, f"{k}: {totals[k]} != {v}"
    assert len(checks) == EXPECTED_CHECKS, len(checks)
    assert len(sup["bulletins"]) == EXPECTED_BULLETINS
    assert counts["homes"] == 16
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert size < 4 * 1024 * 1024, size
    return dict(totals=totals, checks=check_kinds, bulletins=len(sup["bulletins"]),
                ratings=len(sup["ratings"]), counts=counts, bytes=size)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "content",
                    help="content folder to (re)write (default: content/ of the repo)")
    ap.add_argument("--check", action="store_true", help="only check an existing tree")
    args = ap.parse_args(argv)
    if not args.check:
        stats = generate(args.out)
        print("images written:", stats)
    r = self_check(args.out)
    print("activity totals since", SINCE.isoformat() + ":")
    for k, v in r["totals"].items():
        print(f"  {k:17s} {v}")
    print("supervision checks:", sum(r["checks"].values()), r["checks"],
          "| bulletins:", r["bulletins"], "| ratings:", r["ratings"])
    print("counts:", r["counts"])
    print(f"content size: {r['bytes'] / 1024:.0f} KiB (file bytes)")
    print("self-check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
