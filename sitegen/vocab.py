"""The one vocabulary: every closed set of values a record may hold, with its spellings.

A record says `kind: monthly_forum` or `kind: 月座谈`; both mean the same activity kind.
Each set is defined here once — its English ids, the other spellings a clerk may type, and
the order the report lists them in — and everything else reads it: the model's validators,
the import and the workbook's drop-down lists, the facts' totals, the pages, slides and
posters. What a value is *called* on a page is not here: display words are labels
(`i18n.LABELS`, key `<prefix><id>`, e.g. `kind_monthly_forum`), which site.yaml may override
and `--lang en` translates. So adding an activity kind is one line below and one label in
each of the two label tables (docs/architecture.md, "Adding an activity kind").

The Chinese words here are input, not interface text: they are what the parser accepts,
and they must not change when a county renames a label. They are the only Chinese outside
`i18n.py`, which tests/test_vocab_no_cjk.py checks.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vocabulary:
    """A closed set of values: `ids` in the contract's order (the order the error message
    lists them in), `spellings` the other words accepted for an id, `order` the order the
    report shows them in (default: `ids`), `label` the prefix of their display labels."""
    name: str
    spellings: dict[str, tuple[str, ...]]
    order: tuple[str, ...] = ()
    label: str = ""
    table: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        order = self.order or tuple(self.spellings)
        if sorted(order) != sorted(self.spellings):
            raise ValueError(f"{self.name}: the display order must list every id once")
        object.__setattr__(self, "order", order)
        table = {eng: eng for eng in self.spellings}
        for eng, words in self.spellings.items():
            for word in words:
                table[word.strip()] = eng
        object.__setattr__(self, "table", table)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.spellings)

    def __iter__(self):
        return iter(self.spellings)

    def __contains__(self, value) -> bool:
        return value in self.spellings

    def __len__(self) -> int:
        return len(self.spellings)

    def read(self, value: str) -> str | None:
        """The English id a spelling stands for (None if it is not one)."""
        return self.table.get(str(value).strip())

    def words(self) -> list[str]:
        """Every accepted spelling, the other words first (drop-down lists offer these)."""
        return [w for words in self.spellings.values() for w in words] + list(self.spellings)

    def label_keys(self) -> list[str]:
        return [self.label + eng for eng in self.order]


# Activity kinds: contract order; `order` is the report's ("115 themed forums" first).
KIND = Vocabulary("kind", {
    "weekly_meeting": ("周例会",), "monthly_forum": ("月座谈",), "quarterly_review": ("季讲评",),
    "training": ("学习培训",), "competition": ("岗位练兵", "业务比武"), "recreation": ("文娱活动",),
    "health_talk": ("健康讲座",), "visit": ("走访慰问",), "heart_talk": ("谈心谈话",),
}, order=("monthly_forum", "training", "quarterly_review", "competition", "recreation",
          "health_talk", "weekly_meeting", "visit", "heart_talk"), label="kind_")
# Labels `unit_<kind>` hold the measure word of each kind (次, 期).
KIND_UNIT_LABEL = "unit_"

LEVEL = Vocabulary("level", {
    "national": ("国家级",), "provincial": ("省级",), "municipal": ("市级",),
    "county": ("县级",), "township": ("乡镇级",),
}, label="level_")

CHECK_KIND = Vocabulary("kind", {"monthly_check": ("月查",), "quarterly_supervision": ("季督",)},
                        label="check_")

DIRECTION = Vocabulary("direction", {"up": (), "down": ()})
SIZE = Vocabulary("size", {s: () for s in ("A0", "A1", "A2", "A3", "A4")})
ORIENTATION = Vocabulary("orientation", {"portrait": (), "landscape": ()})
PDF_VARIANT = Vocabulary("pdf_variant", {"pdf/x-4": (), "pdf/x-1a": ()})   # what print shops ask for

ALL = (KIND, LEVEL, CHECK_KIND, DIRECTION, SIZE, ORIENTATION, PDF_VARIANT)


# ------------------------------------------------------------------ what clerks type for numbers and dates

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
# A date written the Chinese or the spreadsheet way (model.guess_date).
LOOSE_DATE = (
    r"(\d{4})(?:\s*(?:年|[./\\\-])\s*(\d{1,2})(?:\s*(?:月|[./\\\-])\s*(\d{1,2})\s*[日号]?|\s*月)?|\s*年)"
    r"|(\d{4})(\d{2})(\d{2})")


# ------------------------------------------------------------------ spreadsheet headers (sitegen import)

# canonical field -> header words a clerk may write (after normalising)
MEMBER_HEADERS = {
    "name": ["姓名", "名字", "队员姓名", "队员"],
    "role": ["职务", "职位", "角色", "身份", "驻村职务"],
    "unit": ["派驻单位", "单位", "工作单位", "原单位", "派出单位", "选派单位"],
    "photo": ["照片", "相片", "照片文件", "照片文件名", "照片路径"],
    "since": ["驻村时间", "进驻时间", "驻村开始时间", "到村时间", "入驻时间", "驻村起始时间"],
    "quote": ["寄语", "驻村寄语", "个人寄语", "格言", "感言", "誓言"],
}
ACTIVITY_HEADERS = {
    "date": ["日期", "时间", "活动日期", "活动时间"],
    "kind": ["类型", "活动类型", "类别", "活动类别"],
    "title": ["主题", "活动主题", "名称", "活动名称", "标题"],
    "host_team": ["主办工作队", "主办", "主办单位", "轮值工作队", "承办工作队"],
    "attendance": ["参加人数", "人数", "参会人数", "参与人数"],
    "note": ["备注", "说明"],
}
IGNORED_HEADERS = {"序号", "编号", "no", "no.", "#"}


# ------------------------------------------------------------------ what an input method types instead

FULLWIDTH_SPACE = "\u3000"
FULLWIDTH_COLON = "\uff1a"       # typed where a key's ":" belongs
FULLWIDTH_DASHES = "－—–·•、"     # typed where a list's "- " belongs
# a key followed by a full-width colon ("name：张三"), read.scan_fullwidth
FULLWIDTH_COLON_KEY = r"^(\s*(?:-\s+)?)([^\s:#'\"\-][^:：#]*?)\s*："
# a header's note in brackets (派驻单位（全称）) and what else is dropped before comparing
HEADER_NOTE = r"[(\[（【].*?[)\]）】]"
HEADER_JUNK = r"[\s\u3000*＊:：]+"

# cells of a spreadsheet, as clerks fill them in
CELL_DATE = r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(?:(\d{1,2})\s*日?)?)?"   # 2024年3月5日
CELL_YEAR = r"(\d{4})\s*年?"                                                          # 2024年
CELL_COUNT = r"(\d+)\s*(人|名)?"                                                      # 12人
TEAM_SUFFIX = r"(驻村)?工作队$"         # 青山村驻村工作队 names the team of 青山村
