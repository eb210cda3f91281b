"""`sitegen new …`: commented skeleton records, written where the build looks for them.

Every skeleton is valid as written (it passes `sitegen check`), so a clerk can build at
once and then replace the example values. Comments (`# …`) explain each field in Chinese.
Existing files are never overwritten; `new honor` adds an entry to the end of an existing
honors.yaml instead, leaving what is there byte for byte.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .read import decode
from .validate import ID_RE


class ScaffoldError(Exception):
    """A request that cannot be done; the message is for the clerk (Chinese)."""


def _check_id(kind: str, value: str) -> None:
    if not ID_RE.match(value):
        slug = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "example-1"
        raise ScaffoldError(f"{kind}编号“{value}”不能用：只能用小写英文字母、数字和 -，例如 {slug}。"
                            "中文名称写在文件里。")


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"文件已存在，没有覆盖：{path}。如需重写，请先把它改名或删除。")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path


def _home_dir(content: Path, home: str) -> Path:
    _check_id("工作队之家", home)
    d = content / "homes" / home
    if not (d / "home.yaml").is_file():
        raise ScaffoldError(f"没有工作队之家“{home}”（找不到 {d / 'home.yaml'}）。"
                            f"先运行：sitegen new home {home}")
    return d


def _team_dir(content: Path, home: str, team: str) -> Path:
    d = _home_dir(content, home) / "teams" / team
    _check_id("工作队", team)
    if not (d / "team.yaml").is_file():
        raise ScaffoldError(f"没有工作队“{team}”（找不到 {d / 'team.yaml'}）。"
                            f"先运行：sitegen new team {home} {team}")
    return d


SITE = """\
# 全县设置。以 # 开头的行是说明，不影响网站。
title: 某某县驻村工作队之家        # 网站标题
county: 某某县                    # 县名
office: 某某县驻村办              # 县驻村办（可删）
# year: {year}                    # 各展板显示的年度；不写则取最新一年的规划
"""

HOME = """\
# 工作队之家（一个乡镇一个）。以 # 开头的行是说明，不影响网站。
# 改好下面的示例内容后保存，运行 sitegen check 检查。
name: 某某乡驻村工作队之家          # 全称（必填）
township: 某某乡                  # 乡镇名（必填）
address: 某某乡人民政府院内         # 地址（可删）
opened: {today}                 # 建成日期：年-月-日（可删）
office:                          # 办公之家（可删）
  rooms: 2                       # 房间数
  equipment:                     # 设备，每行一项，以“- ”开头
    - 电脑
    - 打印机
contacts:                        # 联系人（可删）
  - name: 联系人姓名
    role: 乡驻村办主任
    phone: "0000-0000000"        # 电话号码要加英文双引号
rules:                           # 上墙制度：每条有标题和正文
  - title: 周例会制度
    body: 每周一上午召开例会，各工作队轮流主讲驻村讲堂。
duty_rota: []                    # 月座谈轮值顺序：写工作队编号，例如 [team-a, team-b]
"""

TEAM = """\
# 驻村工作队及队员名单。以 # 开头的行是说明，不影响网站。
# 队员较多时，可以用 Excel 填写名单，再用 sitegen import 导入（见 docs/authoring.md）。
village: 某某村                   # 驻在哪个村（必填）
unit: 某某县某某局                 # 派驻单位（必填）
since: {month}                    # 进驻时间：年-月，例如 2024-03（必填）
# until: 2027-03                 # 期满时间（可删）
motto: 扎根基层，服务群众          # 驻村誓言（可删）
members:                         # 队员，按展示顺序；每人以“- name:”开头
  - name: 队员姓名                 # 姓名（必填）
    role: 第一书记兼队长            # 职务（必填）：第一书记、队长、队员……
    # unit: 某某县某某局            # 派驻单位，和工作队不同时才写
    # photo: photos/name.jpg       # 照片，路径相对于本文件所在文件夹
    since: {month}                # 驻村时间：年-月
    # quote: 村里的事就是自己的事。  # 个人寄语
"""

PLAN = """\
---
# {year} 年度驻村帮扶规划。两行 --- 之间是字段，下面是正文。
year: {year}                     # 年度，必须和文件名一致
title: {year}年度驻村帮扶规划      # 标题（可删，默认就是这个）
targets:                         # 目标：每项有名称、单位、目标值；年底填实际值
  - name: 村集体经济收入
    unit: 万元
    baseline: 0                  # 上年基数（可删）
    target: 10                   # 目标值（必填，数字）
    # actual: 12                 # 实际完成，年底或季度末填写
    # direction: down            # 越少越好的指标（如返贫户数）写 down
measures:                        # 措施，每行一项
  - 发展特色产业，带动群众增收
---
在这里写规划正文（可以分段；**加粗**用两个星号）。
"""

RESULT = """\
---
# 成效故事。两行 --- 之间是字段，下面是正文。
title: 成效标题                   # 标题（必填）
date: {today}                   # 日期：年-月-日（必填）
figures:                         # 亮点数字（可删）
  - label: 带动农户增收
    value: 1.5                   # 数字
    unit: 万元
# photos:                        # 照片（可删），路径相对于本文件所在文件夹
#   - src: ../photos/example.jpg
#     caption: 照片说明
---
在这里写成效故事正文。
"""

HONOR = """\
# 荣誉：每项以“- title:”开头。以 # 开头的行是说明，不影响网站。
"""

HONOR_ITEM = """\
- title: {year}年度优秀驻村工作队     # 荣誉名称（必填）
  level: 县级                     # 级别（必填）：国家级、省级、市级、县级、乡镇级
  date: {today}                 # 获得时间：年、年-月 或 年-月-日（必填）
  issuer: 某某县委组织部             # 颁发单位（可删）
{recipient}  # image: photos/certificate.jpg  # 证书或奖牌照片（可删）
"""


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def new_home(content: Path, home: str, today: dt.date | None = None) -> list[Path]:
    _check_id("工作队之家", home)
    day = _today(today)
    written = []
    if not (content / "site.yaml").exists():
        written.append(_write_new(content / "site.yaml", SITE.format(year=day.year)))
    d = content / "homes" / home
    if (d / "home.yaml").exists():
        raise ScaffoldError(f"文件已存在，没有覆盖：{d / 'home.yaml'}")
    written.append(_write_new(d / "home.yaml", HOME.format(today=day.isoformat())))
    return written


def new_team(content: Path, home: str, team: str, today: dt.date | None = None) -> list[Path]:
    d = _home_dir(content, home)
    _check_id("工作队", team)
    day = _today(today)
    return [_write_new(d / "teams" / team / "team.yaml", TEAM.format(month=f"{day:%Y-%m}"))]


def shown_year(content: Path) -> int | None:
    """The year the county's boards show (site.yaml → year), if it is written there."""
    from .read import read_yaml_file
    path = Path(content) / "site.yaml"
    if not path.is_file():
        return None
    raw = read_yaml_file(path, "site.yaml")
    data = raw.located.data if raw.located else None
    value = data.get("year") if isinstance(data, dict) else None
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def plan_year_note(content: Path, home: str, year: int) -> str | None:
    """Said after `new plan` for a year the boards do not show: the clerk's year trap."""
    shown = shown_year(content)
    if shown is None or shown == year:
        return None
    return (f"注意：全县展板现在显示 {shown} 年（site.yaml 里的 year，由县驻村办设置）。"
            f"这份 {year} 年规划会出现在团队页和 homes/{home}/results/{year}/ 上；"
            f"要让成效榜首页显示 {year} 年，请县驻村办把 site.yaml 里的 year 改成 {year}。")


def new_plan(content: Path, home: str, team: str, year: int,
             today: dt.date | None = None) -> list[Path]:
    d = _team_dir(content, home, team)
    if not 1949 <= year <= 2200:
        raise ScaffoldError(f"年度“{year}”不对：写四位年份，例如 {_today(today).year}。")
    return [_write_new(d / "plans" / f"{year}.md", PLAN.format(year=year))]


def new_result(content: Path, home: str, team: str, slug: str,
               today: dt.date | None = None) -> list[Path]:
    d = _team_dir(content, home, team)
    _check_id("成效文件", slug)
    day = _today(today)
    name = slug if re.match(r"^\d{4}-\d{2}", slug) else f"{day:%Y-%m}-{slug}"
    return [_write_new(d / "results" / f"{name}.md", RESULT.format(today=day.isoformat()))]


def new_honor(content: Path, home: str, team: str | None = None,
              today: dt.date | None = None) -> list[Path]:
    """A new honor entry: a new honors.yaml, or one more entry at the end of the file."""
    d = _team_dir(content, home, team) if team else _home_dir(content, home)
    day = _today(today)
    recipient = ("  # recipient: 队员姓名           # 获奖队员；整个工作队获奖时不写\n" if team else "")
    item = HONOR_ITEM.format(year=day.year - 1, today=day.isoformat(), recipient=recipient)
    path = d / "honors.yaml"
    if not path.exists():
        return [_write_new(path, HONOR + item)]
    data = path.read_bytes()
    text, prob = decode(data, str(path))
    if prob is not None:
        raise ScaffoldError(f"{path} 的编码无法识别，没有改动它。请先另存为 UTF-8。")
    if text.strip() in ("", "[]"):
        path.write_text(HONOR + item, encoding="utf-8", newline="\n")
        return [path]
    # Append in the file's own encoding and line ends, touching nothing before.
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    addition = ("\n" if not text.endswith("\n") else "") + item
    with open(path, "ab") as f:
        f.write(addition.replace("\n", newline.decode()).encode(encoding))
    return [path]
