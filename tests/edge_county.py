"""An edge-case county written to the contract, generated from tests/cases/good/minimal.

Long names, a team of fifteen members, targets over 100 % and under 0 %, missing actuals,
`direction: down`, honors of every level (with and without certificate images), and a
large phone photo with EXIF orientation and GPS. Used by the page and browser tests.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import yaml
from PIL import Image

MINIMAL = Path(__file__).resolve().parent / "cases" / "good" / "minimal" / "content"

LONG_VILLAGE = "黄桑坪苗族乡上堡侗族古寨新时代乡村振兴示范村"
LONG_UNIT = "中共绥宁县委员会组织部（县委老干部局、县公务员局）机关党支部"
LONG_NAME = "欧阳司马诸葛慕容长孙宇文尉迟皇甫端木澹台"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡"
GIVEN = ["建国", "红梅", "志强", "秀英", "海燕", "立新", "春生", "小龙", "丽华", "卫东",
         "国庆", "晓明", "桂兰", "德胜", "玉珍"]


def phone_photo(width: int = 4032, height: int = 3024, orientation: int = 6) -> bytes:
    """A camera-sized JPEG (noise, so it does not compress away) with EXIF orientation + GPS.

    Stored landscape with orientation 6 ("rotate 90° clockwise"), as phones do for a
    portrait shot: upright it is `height` wide and `width` tall. The top-left quarter of
    the stored image is red, so a test can tell whether it was turned.
    """
    import random
    rnd = random.Random(7)
    noise = bytes(rnd.getrandbits(8) for _ in range(256 * 256 * 3))
    tile = Image.frombytes("RGB", (256, 256), noise)
    im = Image.new("RGB", (width, height), (90, 130, 90))
    for x in range(0, width, 256):
        for y in range(0, height, 256):
            im.paste(tile, (x, y))
    im.paste((230, 20, 20), (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (26.0, 35.0, 12.5), 3: "E", 4: (110.0, 9.0, 30.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    im.save(out, "JPEG", quality=97, exif=exif.tobytes())
    return out.getvalue()


def make_edge_content(dst: Path) -> Path:
    """Write the edge county into `dst` (a `content` folder) and return it."""
    shutil.copytree(MINIMAL, dst)
    home = dst / "homes" / "demo"
    big = home / "teams" / "team-a" / "photos" / "phone.jpg"
    big.write_bytes(phone_photo())

    # A team of fifteen with long names and units; some with photos, some without.
    team_dir = home / "teams" / "team-big"
    (team_dir / "plans").mkdir(parents=True)
    (team_dir / "photos").mkdir()
    shutil.copy(big, team_dir / "photos" / "phone.jpg")
    members = []
    for i in range(15):
        name = LONG_NAME if i == 3 else SURNAMES[i] + GIVEN[i]
        m = {"name": name, "role": "第一书记兼队长" if i == 0 else ("副队长" if i == 1 else "队员")}
        if i % 3 == 0:
            m["photo"] = "photos/phone.jpg"
        if i % 4 == 1:
            m["unit"] = LONG_UNIT + "（借调）"
        if i % 2 == 0:
            m["quote"] = "扎根基层、服务群众，把村里的事当作自己家里的事来办，" * (2 if i == 4 else 1)
        members.append(m)
    (team_dir / "team.yaml").write_text(yaml.safe_dump({
        "village": LONG_VILLAGE, "unit": LONG_UNIT, "since": "2021-06", "until": "2027-06",
        "motto": "不忘初心、牢记使命，驻村一任、造福一方，乡村振兴路上不让一户掉队",
        "members": members}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = {"year": 2024, "title": LONG_VILLAGE + "2024年度驻村帮扶规划（修订版）", "targets": [
        {"name": "村集体经济收入（超额完成）", "unit": "万元", "target": 20, "actual": 61.5, "baseline": 5},
        {"name": "新建高标准农田面积", "unit": "亩", "target": 300, "actual": 120, "baseline": 200},
        {"name": "返贫监测户（越少越好，却增加了）", "unit": "户", "target": 1, "actual": 6, "baseline": 4,
         "direction": "down"},
        {"name": "外出务工人员返乡创业人数", "unit": "人", "target": 12},
        {"name": "农村生活垃圾集中处理率", "unit": "%", "target": 95, "actual": 95},
        {"name": "留守儿童结对帮扶", "unit": "人", "target": 0, "actual": 3},
    ], "measures": ["发展油茶、竹木和中药材产业，成立村级合作社" * 2, "开展防返贫动态监测和帮扶"]}
    (team_dir / "plans" / "2024.md").write_text(
        "---\n" + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False) + "---\n规划正文。\n",
        encoding="utf-8")
    levels = ["national", "provincial", "municipal", "county", "township"]
    honors = [{"title": f"2023年度全国乡村振兴先进集体（{lvl}）" if lvl == "national" else f"{2020 + i}年度优秀驻村工作队",
               "level": lvl, "date": f"{2020 + i}-0{i + 1}", "issuer": "某某表彰机关" * (3 if i == 0 else 1)}
              for i, lvl in enumerate(levels)]
    honors.append({"title": "优秀第一书记", "level": "省级", "date": "2024", "recipient": SURNAMES[0] + GIVEN[0],
                   "image": "photos/phone.jpg"})
    (team_dir / "honors.yaml").write_text(yaml.safe_dump(honors, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    # team-a: use the big phone photo for a member and a result story.
    team_yaml = home / "teams" / "team-a" / "team.yaml"
    text = team_yaml.read_text(encoding="utf-8").replace("photos/a.png", "photos/phone.jpg", 1)
    team_yaml.write_text(text, encoding="utf-8")
    home_yaml = home / "home.yaml"
    data = yaml.safe_load(home_yaml.read_text(encoding="utf-8"))
    data["duty_rota"].append("team-big")
    home_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst
