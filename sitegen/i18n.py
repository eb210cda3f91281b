"""Interface words and problem messages, in zh-CN (default) and English.

Messages are templates keyed by problem code, so that tests can assert on the stable
code while users read a sentence in their own language. Every message has a fix: a
clerk should never be told only that something is wrong.
"""
from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape

LANGS = ("zh", "en")

TYPE_NAMES = {
    "zh": {"text": "文字", "int": "整数", "number": "数字", "list": "列表（每项以 “- ” 开头）",
           "map": "字段表（“字段: 值” 的若干行）", "bool": "true 或 false", "date": "日期"},
    "en": {"text": "text", "int": "a whole number", "number": "a number",
           "list": "a list (items starting with '- ')", "map": "a map of 'field: value' lines",
           "bool": "true or false", "date": "a date"},
}

# code -> (zh message, zh fix, en message, en fix)
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "encoding": (
        "文件编码无法识别：第 {offset} 字节（第 {at_line} 行）既不是 UTF-8 也不是 GBK",
        "用记事本打开后“另存为”，编码选 UTF-8；或删掉该处的乱码重新输入",
        "unreadable encoding: byte {offset} (line {at_line}) is neither UTF-8 nor GBK",
        "open the file and save it as UTF-8, or retype the garbled text"),
    "yaml_syntax": (
        "格式错误：{detail}",
        "检查这一行和上一行的缩进（只用半角空格，不用 Tab）、冒号后的空格和引号是否成对",
        "YAML syntax error: {detail_en}",
        "check indentation (spaces only, no tabs), the space after each colon, and matching quotes"),
    "fullwidth_colon": (
        "这里用了全角冒号“：”，字段名后面必须是半角冒号",
        "把“：”改成半角“: ”（冒号后加一个空格），例如 {example}",
        "a full-width colon '：' is used where a key separator belongs",
        "type a half-width ': ' (colon and space) instead, e.g. {example}"),
    "fullwidth_dash": (
        "列表项用了“{char}”开头，列表符号必须是半角减号",
        "把“{char}”改成半角“- ”（减号加一个空格）",
        "a list item starts with '{char}'; the list dash must be a half-width '-'",
        "type '- ' (hyphen and space) instead of '{char}'"),
    "fullwidth_space": (
        "缩进里有全角空格“　”",
        "删掉行首的全角空格，改用半角空格缩进（输入法切到英文状态再按空格）",
        "a full-width space '　' is used in indentation",
        "replace it with half-width spaces"),
    "duplicate_key": (
        "字段“{key}”出现了两次（第一次在第 {first_line} 行）",
        "只保留一个“{key}”，删掉另一个",
        "the field '{key}' appears twice (first on line {first_line})",
        "keep one '{key}' and delete the other"),
    "yaml_limit": (
        "文件过于复杂，无法读取（{what}）",
        "不要使用 & 和 * 引用；嵌套不超过 50 层；单个文件不超过 5 MB",
        "the file is too complex to read ({what})",
        "do not use & and * references; nest at most 50 levels; keep files under 5 MB"),
    "front_matter": (
        "Markdown 文件开头缺少字段区（{what}）",
        "文件第一行写 ---，接着写字段（如 title: …），再用一行 --- 结束，然后写正文",
        "the Markdown file lacks its front matter block ({what})",
        "start the file with a line '---', the fields, then a closing line '---', then the text"),
    "changed_during_build": (
        "{name} 中的文件在构建过程中被修改",
        "等文件保存完毕后重新构建（已发布的网站未改动）",
        "files in {name} changed while the site was being built",
        "build again once the files are saved (the published site was not changed)"),
    "missing_file": (
        "缺少文件 {name}",
        "新建 {name}，可用 sitegen new 生成模板，或参考 docs/content-guide.md 的示例",
        "the file {name} is missing",
        "create {name} (sitegen new writes a skeleton; see docs/content-guide.md)"),
    "bad_id": (
        "文件夹名“{name}”不能用作网址：只能用小写英文字母、数字和 -",
        "把文件夹改名，例如 {suggestion}；中文名称写在文件里的 name/village 字段",
        "the folder name '{name}' cannot be used in addresses: only a-z, 0-9 and '-'",
        "rename the folder, e.g. {suggestion}; put the display name in the record"),
    "missing_field": (
        "缺少必填字段“{name}”",
        "在这一项里加上一行 {name}: …",
        "the required field '{name}' is missing",
        "add a line '{name}: …' to this item"),
    "unknown_field": (
        "不认识的字段“{name}”",
        "{suggestion}",
        "unknown field '{name}'",
        "{suggestion}"),
    "wrong_type": (
        "“{name}”应该是{expected}，这里写的是“{got}”",
        "改成{expected}，例如 {example}",
        "'{name}' must be {expected}, not '{got}'",
        "write {expected}, e.g. {example}"),
    "empty": (
        "“{name}”不能为空",
        "至少填写一项",
        "'{name}' must not be empty",
        "fill in at least one item"),
    "bad_date": (
        "日期“{value}”不对：{why}",
        "写成 {form}，例如 {example}",
        "the date '{value}' is wrong: {why}",
        "write it as {form}, e.g. {example}"),
    "bad_enum": (
        "“{value}”不是“{name}”可用的值",
        "从下面选一个：{allowed}",
        "'{value}' is not an allowed value of '{name}'",
        "choose one of: {allowed}"),
    "out_of_range": (
        "“{name}”的值 {value} 超出范围 {low}–{high}",
        "填写 {low} 到 {high} 之间的数",
        "'{name}' = {value} is outside {low}–{high}",
        "write a number from {low} to {high}"),
    "year_mismatch": (
        "规划年份 year: {year} 与文件名 {file_year}.md 不一致",
        "把 year 改成 {file_year}，或把文件改名为 {year}.md",
        "the plan's year {year} differs from its file name {file_year}.md",
        "set year: {file_year}, or rename the file to {year}.md"),
    "unknown_team": (
        "本工作队之家没有编号为“{team}”的工作队",
        "写 teams 文件夹里已有的工作队编号之一：{known}",
        "this home has no team '{team}'",
        "use one of the team folders of this home: {known}"),
    "unknown_member": (
        "“{name}”不是该工作队的队员",
        "写队员名单里的姓名之一：{known}；如果是整个工作队获奖，删掉 recipient 这一行",
        "'{name}' is not a member of this team",
        "use one of the members: {known}; or delete 'recipient' for an award to the team"),
    "unknown_home": (
        "没有编号为“{home}”的工作队之家",
        "写 homes 文件夹里已有的编号之一：{known}",
        "there is no home '{home}'",
        "use one of the home folders: {known}"),
    "image_missing": (
        "找不到图片 {path}",
        "检查文件名和大小写，路径相对于当前文件所在的文件夹",
        "the image {path} does not exist",
        "check the name and its case; paths are relative to this file's folder"),
    "image_invalid": (
        "图片 {path} 无法打开（文件损坏或不是图片）",
        "换一张 JPG 或 PNG 图片",
        "the image {path} cannot be decoded",
        "use a valid JPG or PNG file"),
    "path_outside": (
        "路径 {path} 指向 content 文件夹以外",
        "把图片放进 content 文件夹里，并写相对于当前文件的路径，例如 photos/zhang.jpg",
        "the path {path} leads outside the content folder",
        "put the image inside content/ and use a relative path such as photos/zhang.jpg"),
    "duplicate": (
        "“{value}”重复出现",
        "删掉重复的一项",
        "'{value}' appears more than once",
        "delete the repeated item"),
    "no_cjk_font": (
        "系统里没有中文字体，海报会印成方框",
        "运行 make site（会自动安装 fonts-noto-cjk），或安装任意中文字体",
        "no CJK font is installed; posters would print boxes",
        "run make site (installs fonts-noto-cjk) or install any CJK font"),
    "photo_low_dpi": (
        "照片 {path} 像素不足：印在 {size} 上只有 {dpi} dpi（至少需要 150 dpi）",
        "换一张更清晰（像素更高）的原始照片",
        "the photo {path} is only {dpi} dpi when printed at {size} (150 dpi needed)",
        "use a larger original photo"),
    # --- sitegen check, beyond the contract (sitegen/lint.py) ---
    "link_broken": (
        "正文里的链接“{target}”指向的文件或页面不存在",
        "检查链接路径：相对于本文件所在的文件夹；站内页面写成 homes/乡镇编号/ 这样的地址；外部网址以 http:// 开头",
        "the link '{target}' in the text leads nowhere",
        "check the path: relative to this file's folder, or a site address such as homes/<home>/"),
    "image_undecodable": (
        "图片 {path} 读不完整（文件损坏或没有传完），网页上会显示不出来",
        "重新拷贝或导出这张照片（JPG 或 PNG）",
        "the image {path} is damaged or incomplete and cannot be shown",
        "copy or export the photo again (JPG or PNG)"),
    "photo_small": (
        "照片 {path} 太小：{width}×{height} 像素，用作{use}至少需要 {need} 像素宽，会显得模糊",
        "换一张原始照片（手机拍的原图即可，不要用微信压缩过的）",
        "the photo {path} is small ({width}×{height} px); {use} needs at least {need} px wide",
        "use the original photo, not a compressed copy"),
    "member_twice": (
        "“{name}”同时出现在另一个工作队：{other}（第 {other_line} 行）",
        "一名队员只能在一个工作队；如果是同名的两个人，可以忽略这条提醒",
        "'{name}' is also listed in another team: {other} (line {other_line})",
        "a member belongs to one team; ignore this if they are two people of the same name"),
    "plan_missing": (
        "工作队没有 {year} 年度规划，成效榜上这个队会是空的",
        "新建 {path}（可运行 sitegen new plan {home} {team} {year} 生成模板）{also_zh}",
        "the team has no plan for {year}; its results board will be empty",
        "create {path} (sitegen new plan {home} {team} {year} writes a skeleton){also_en}"),
    "actual_missing": (
        "{year} 年已经结束，目标“{name}”还没有填写实际完成值 actual",
        "在这个目标下加一行 actual: 实际数字",
        "{year} has ended but the target '{name}' has no 'actual'",
        "add a line 'actual: <number>' to this target"),
    # --- sitegen import (sitegen/importer.py) ---
    "import_bad_value": (
        "工作表“{sheet}”第 {row} 行 {col} 列（{header}）：“{value}”写得不对",
        "改成这样的写法：{example}",
        "sheet '{sheet}', row {row}, column {col} ({header}): '{value}' is not valid",
        "write it like: {example}"),
    "import_missing": (
        "工作表“{sheet}”第 {row} 行 {col} 列（{header}）没有填写，这一列必填",
        "在这一格里填上内容，或者删掉这一整行",
        "sheet '{sheet}', row {row}, column {col} ({header}) is empty but required",
        "fill in the cell or delete the row"),
    "import_unknown_team": (
        "工作表“{sheet}”第 {row} 行 {col} 列（{header}）：没有叫“{value}”的工作队",
        "写本工作队之家已有的工作队编号或村名之一：{known}",
        "sheet '{sheet}', row {row}, column {col} ({header}): no team '{value}' in this home",
        "use one of: {known}"),
    "import_duplicate": (
        "工作表“{sheet}”第 {row} 行：“{value}”与第 {first} 行重名",
        "删掉重复的一行；同名的两个人请在姓名后加以区分",
        "sheet '{sheet}', row {row}: '{value}' repeats row {first}",
        "delete the repeated row"),
    "import_unknown_header": (
        "工作表“{sheet}”第 {row} 行 {col} 列的表头“{header}”不认识，这一列没有导入",
        "能导入的表头：{known}",
        "sheet '{sheet}': the header '{header}' in column {col} is not known; the column was skipped",
        "known headers: {known}"),
    "import_need_team": (
        "表格里有队员名单，但没有说明导入到哪个工作队",
        "加上 --team 工作队编号，例如 sitegen import 名单.xlsx --home {home} --team team-a",
        "the workbook has a roster but no team was given",
        "add --team <team id>"),
    # --- text ---
    "dash_space": (
        "列表项的减号“-”后面少了一个空格，这一行没有被当成新的一项",
        "在“-”后面加一个空格，写成 {example}",
        "the list dash '-' must be followed by a space; this line is not read as a new item",
        "put a space after '-': {example}"),
    "colon_space": (
        "字段名后面的冒号“:”后面少了一个空格，整行被当成了一段文字",
        "在冒号后面加一个空格，写成 {example}",
        "the colon after a field name must be followed by a space; the whole line was read as text",
        "put a space after the colon: {example}"),
    "unclosed_quote": (
        "引号没有配对：从这里开始的 {quote} 没有结束的 {quote}",
        "在值的末尾补上 {quote}，写成 {example}；或者把开头的 {quote} 删掉",
        "unclosed quote: the {quote} that starts here is never closed",
        "close it at the end of the value: {example}; or delete the opening {quote}"),
    "tab_indent": (
        "这一行用 Tab 键缩进了，YAML 只认半角空格",
        "把行首的 Tab 换成 {spaces} 个半角空格，后面接着写 {example}",
        "this line is indented with a Tab; YAML only accepts spaces",
        "replace the Tab with {spaces} spaces, followed by {example}"),
    "wrong_type.cn_numeral": (
        "“{name}”要写阿拉伯数字，这里写的是中文数字“{got}”",
        "改成 {name}: {number}",
        "'{name}' must be written in digits, not the Chinese numeral '{got}'",
        "write {name}: {number}"),
    "wrong_type.with_unit": (
        "“{name}”只能写{expected}，“{got}”里带了单位或符号“{unit}”",
        "写成 {name}: {number}，单位写在 unit 字段里：unit: {unit_field}",
        "'{name}' must be {expected} alone; '{got}' carries the unit or sign '{unit}'",
        "write {name}: {number} and put the unit in the unit field: unit: {unit_field}"),
    "wrong_type.unit_bare": (
        "“{name}”只能写{expected}，“{got}”里带了单位或符号“{unit}”",
        "写成 {name}: {number}（只写数字，不带单位）",
        "'{name}' must be {expected} alone; '{got}' carries the unit or sign '{unit}'",
        "write {name}: {number} (the number only)"),
    "bad_date.write": (
        "日期“{value}”不对：{why}",
        "改成 {example}",
        "the date '{value}' is wrong: {why}",
        "write {example}"),
    "image_missing.near": (
        "找不到图片 {path}",
        "是不是 {suggestion}？（那个文件夹里有：{listing}；路径相对于当前文件所在的文件夹）",
        "the image {path} does not exist",
        "did you mean {suggestion}? (that folder holds: {listing}; paths are relative to this file's folder)"),
    "image_case": (
        "图片 {path} 与文件 {actual} 只有大小写不同：Windows 不区分大小写，县里的 Linux 服务器区分，换一台电脑就可能找不到",
        "把路径改成 {suggestion}，大小写与文件名完全一致",
        "the image {path} differs from the file {actual} only in letter case: Windows ignores case, "
        "the county's Linux server does not",
        "write {suggestion}, with the same case as the file name"),
    "tab_indent.blank": (
        "这一行只有一个 Tab 字符，YAML 只认半角空格",
        "把这一行的 Tab 删掉（留一个空行即可）",
        "this line holds only a Tab; YAML only accepts spaces",
        "delete the Tab (leave the line empty)"),
    "image_missing.escape": (
        "找不到图片 {path}：双引号里的反斜杠“\\”是转义符，不是文件夹分隔符",
        "请用 / 分隔文件夹，写成 {suggestion}（不用加引号）",
        "the image {path} does not exist: in double quotes a backslash '\\' starts an escape, it does not separate folders",
        "use / between folders: {suggestion} (no quotes needed)"),
    "yaml_syntax.escape": (
        "格式错误：双引号里的反斜杠“\\”是转义符（{detail}）",
        "路径里用 / 代替 \\，例如 photos/a.jpg；或者去掉引号",
        "YAML syntax error: in double quotes a backslash '\\' starts an escape ({detail_en})",
        "use / instead of \\ in paths, e.g. photos/a.jpg; or drop the quotes"),
    # --- clerk ---
    "year_not_shown": (
        "全县展板显示的是 {year} 年，本工作队之家已有 {later} 年度规划，成效榜上看不到它",
        "展示哪一年由县驻村办统一设置：请县驻村办把 site.yaml 里的 year: {year} 改成 year: {later}；"
        "在那之前，{later} 年的成效榜在 homes/{home}/results/{later}/ 可以预览",
        "the county shows {year}; this home already has plans for {later}, which the results board does not show",
        "the county office sets the year shown: change year: {year} to year: {later} in site.yaml; "
        "until then the {later} board is at homes/{home}/results/{later}/"),
    "import_formula": (
        "工作表“{sheet}”第 {row} 行 {col} 列（{header}）是公式，但文件里没有保存公式的结果",
        "请在 Excel 里保存一次（用 Excel 或 WPS 打开这个文件，按“保存”），再导入；或把公式改成数值",
        "sheet '{sheet}', row {row}, column {col} ({header}) is a formula with no saved result",
        "open the file in Excel (or WPS) and save it once, then import again; or type the value"),
    "import_photo_missing": (
        "工作表“{sheet}”第 {row} 行 {col} 列（{header}）：照片“{value}”在 {folder}/ 里找不到",
        "{suggestion}；照片路径相对于记录文件所在的文件夹，例如 photos/zhangsan.jpg",
        "sheet '{sheet}', row {row}, column {col} ({header}): the photo '{value}' is not in {folder}/",
        "{suggestion_en}; paths are relative to the record's folder, e.g. photos/zhangsan.jpg"),
    # --- cache ---
    "image_heic": (
        "图片 {path} 是 HEIC 格式（苹果手机的默认格式），网页和海报用不了",
        "请在手机上选择‘兼容性最佳’或转成 JPG：iPhone 设置 → 相机 → 格式 → 兼容性最佳；已拍的照片用微信原图发送或另存为 JPG",
        "the image {path} is HEIC (the iPhone default), which pages and posters cannot use",
        "choose 'Most Compatible' on the phone (Settings → Camera → Formats) or convert it to JPG"),
    "image_format": (
        "图片 {path} 不是 JPG、PNG、WebP 或 GIF（文件内容是 {kind}），为安全起见不打开",
        "用看图软件或画图把它另存为 JPG 或 PNG，再改这里的文件名",
        "the image {path} is not a JPG, PNG, WebP or GIF (it is {kind}); it is not opened",
        "save it as JPG or PNG with an image viewer, then change the file name here"),
    "image_too_big": (
        "图片 {path} 太大：{size} 像素（约 {mp} 百万像素），最多 {limit} 百万像素",
        "把照片缩小后再放进来（例如长边 4000 像素以内），扫描件用 300 dpi 即可",
        "the image {path} is too large: {size} pixels (about {mp} megapixels; at most {limit})",
        "scale it down (e.g. 4000 pixels on the long side); scan at 300 dpi"),
    "special_file": (
        "{path} 不是普通文件（管道、设备或套接字），已跳过，不会读取",
        "删掉它，或换成普通文件",
        "{path} is not a regular file (a pipe, device or socket); it was skipped and not read",
        "delete it or replace it with a regular file"),
    "cache_ignored": (
        "缓存里有 {n} 个文件已损坏、来自旧版本或不是本机本用户生成的（例如 {path}），已忽略并重新生成",
        "不用处理；若每次都出现，可删除缓存文件夹 {folder}",
        "{n} cache file(s) were damaged, from an older version or not made by this user here (e.g. {path}); they were ignored and rebuilt",
        "nothing to do; if it repeats, delete the cache folder {folder}"),
    "cache_unwritable": (
        "这个缓存文件夹无法写入（{reason_zh}），这次没有保存缓存，下次生成会慢一些；网站已正常生成",
        "腾出磁盘空间或检查该文件夹的写入权限",
        "this cache folder cannot be written ({reason}); nothing was cached, the next build will be slower; the site was built",
        "free disk space or check the folder's permissions"),
    "disk_full": (
        "磁盘已满，写不进 {path}；原来的输出没有改动",
        "腾出磁盘空间（删掉不用的文件或旧的输出文件夹）后重新生成，或用 -o 换一个有空间的位置",
        "the disk is full: cannot write {path}; the previous output is unchanged",
        "free disk space and build again, or choose another place with -o"),
    "read_only": (
        "没有权限读写 {path}（{reason_zh}）；原来的输出没有改动",
        "检查这个文件夹是否只读（U 盘写保护、光盘、网络共享只读），或用 -o 换一个可以写入的位置",
        "no permission to write (or read) {path} ({reason}); the previous output is unchanged",
        "check whether the folder is read-only (write-protected stick, network share), or choose another place with -o"),
    "output_not_folder": (
        "输出位置 {path} 是一个文件，不是文件夹；什么都没有改动",
        "用 -o 换一个输出文件夹，或把这个文件改名、移走",
        "the output {path} is a file, not a folder; nothing was changed",
        "choose another output folder with -o, or rename or move that file"),
    "io_error": (
        "读写 {path} 时出错（{reason_zh}）；原来的输出没有改动",
        "检查磁盘或 U 盘是否还连着、是否损坏，然后重新生成",
        "reading or writing {path} failed ({reason}); the previous output is unchanged",
        "check that the disk or stick is still connected and healthy, then build again"),
    # --- readfix ---
    # read.py: a control character pasted in (its {name} and {where} are READ_WORDS'), and the
    # slips of `[ ]` and `{ }` a clerk makes, each with the line to type ({example}).
    "yaml_syntax.control": (
        "格式错误：这一行第 {at_column} 个字的位置有一个看不见的控制字符 {char}（{name}），YAML 文件里不能有",
        "删掉这个字符：它{where}；看不见它时，把这一行的文字删掉重新输入，不要从 Word 里复制粘贴",
        "YAML syntax error: an invisible control character {char} ({name}) is at character {at_column} of this line; YAML files may not contain it",
        "delete it: it sits {where}; if you cannot see it, delete the text of this line and type it again instead of pasting it from Word"),
    "yaml_syntax.bracket_open": (
        "格式错误：这里的“{open}”没有对应的“{close}”",
        "在最后一项后面补上“{close}”，写成 {example}；值里本来就有“{open}”时，请给整个值加上引号",
        "YAML syntax error: the '{open}' here is never closed by a '{close}'",
        "add '{close}' after the last item: {example}; if the value itself holds a '{open}', put quotes around the whole value"),
    "yaml_syntax.bracket_mismatch": (
        "格式错误：“{open}”要用“{close}”结束，这里写成了“{got}”",
        "把“{got}”改成“{close}”，写成 {example}",
        "YAML syntax error: a '{open}' must be closed by '{close}', not by '{got}'",
        "change '{got}' to '{close}': {example}"),
    "yaml_syntax.bracket_stray": (
        "格式错误：多了一个“{close}”，前面没有对应的“{open}”",
        "删掉这个“{close}”，写成 {example}；值里本来就有“{close}”时，请给整个值加上引号",
        "YAML syntax error: a stray '{close}' with no '{open}' before it",
        "delete this '{close}': {example}; if the value itself holds a '{close}', put quotes around the whole value"),
    "yaml_syntax.flow_comma": (
        "格式错误：{pair}里用了全角逗号“，”，各项之间要用半角逗号隔开",
        "把“，”改成半角“, ”（逗号加一个空格），写成 {example}",
        "YAML syntax error: a full-width comma '，' is used between the items of {pair}; items are separated by a half-width comma",
        "type a half-width ', ' (comma and space) instead of '，': {example}"),
    "yaml_syntax.flow_empty": (
        "格式错误：{pair}里有一个空项：两个逗号之间（或“{open}”后面）什么也没写",
        "删掉多余的逗号，写成 {example}",
        "YAML syntax error: an empty item in {pair}: nothing between two commas (or after the '{open}')",
        "delete the extra comma: {example}"),
}


def message(code: str, params: dict, lang: str = "zh") -> tuple[str, str]:
    zh_msg, zh_fix, en_msg, en_fix = MESSAGES.get(
        code, ("{code}", "", "{code}", ""))
    msg, fix = (zh_msg, zh_fix) if lang == "zh" else (en_msg, en_fix)
    values = _Defaults(params, code=code)
    expected = params.get("expected")
    if expected:
        values["expected"] = TYPE_NAMES[lang].get(expected, expected)
    return msg.format_map(values), fix.format_map(values)


class _Defaults(dict):
    def __missing__(self, key):
        return ""


# Interface words; site.yaml `labels` overrides any of them (docs/labels.md lists them all).
# Placeholders in braces ({n}, {year}, …) are filled by the templates through `fill()`;
# an override may move or drop them. Activity kinds, honor levels and check kinds are named
# by kind_*, unit_*, level_*, check_* (their ids and accepted spellings are sitegen/vocab.py's).
LABELS = {
    "zh": {
        "style_board": "风采栏", "results_board": "成效榜", "honor_wall": "荣誉墙",
        "rules": "制度上墙", "home": "工作队之家", "county_overview": "全县概览",
        "team": "工作队", "members": "队员", "village": "驻村", "unit": "派驻单位",
        "term": "驻村时间", "motto": "驻村誓言", "plan": "年度驻村帮扶规划",
        "targets": "目标", "measures": "措施", "results": "成效", "honors": "荣誉",
        "activities": "活动", "supervision": "督导", "bulletins": "通报", "ratings": "年度考评",
        "contacts": "联系人", "office": "办公之家", "care": "关爱之家",
        "next_forum": "下次月座谈", "next_review": "下次季讲评", "duty_team": "轮值工作队",
        "posters": "海报", "screen": "大屏轮播", "search": "搜索", "since": "自",
        "first_secretary": "第一书记", "baseline": "基数", "actual": "实际", "target": "目标值",
        "met": "达成", "not_met": "未达成", "not_reported": "未填报", "ranking": "目标达成排名",
        "to_present": "至今", "times": "次", "home_link": "首页",
        # --- page frame and search (base.html, search.js)
        "skip_to_content": "跳到正文", "search_placeholder": "搜索：姓名、工作队、村、单位",
        "search_found": "找到 {n} 条", "search_limited": "，显示前 {limit} 条",
        "search_none": "没有找到“{q}”", "member": "队员", "breadcrumbs": "位置",
        "back_to": "返回{page}",
        # --- small formats
        "field": "{name}：{value}", "paren": "（{text}）", "list_sep": "、",
        "sentence_sep": "，", "year_n": "{year}年度", "since_year": "{year}年以来",
        "team_name": "{village}驻村工作队", "n_people": "{n} 名", "n_members": "{n} 名队员",
        "count_items": "{n} 项", "unit_honors": "项",
        # --- key figures (county and home pages)
        "figure_homes": "个驻村工作队之家", "figure_teams": "支驻村工作队",
        "figure_members": "名驻村干部", "figure_checks": "次督导", "figure_activities": "次活动",
        "figure_honors": "项荣誉",
        # --- county page
        "county_activities_heading": "{since}全县驻村工作队之家开展活动",
        "county_chart": "{since}全县活动次数：{items}",
        "county_summary": "{since}，县驻村办累计开展工作督导 {total} 次（{monthly_check} {monthly} 次、"
                          "{quarterly_supervision} {quarterly} 次），下发“驻村工作队之家”工作通报 {bulletins} 期。",
        "homes_heading": "各乡镇驻村工作队之家", "homes_caption": "各工作队之家主要数据",
        "activities_total": "活动合计", "county_total": "全县合计",
        "ratings_caption": "各工作队之家历年考评等次",
        "screen_county": "全县{screen}（1920×1080 全屏轮播）",
        # --- home page
        "opened_on": "{date}建成", "showcase": "展示之家",
        "tile_style_note": "工作队、队员与驻村誓言", "tile_results_note": "{year}年度目标、措施与成效",
        "tile_honors_note": "各级荣誉 {n} 项", "schedule": "工作日程",
        "forum_when": "每月第四周（22—28日）", "review_when": "每季度最后一个月的第四周",
        "rota_turns": "{teams} 轮值", "rota_order": "轮值顺序",
        "schedule_note": "每周召开例会并举办驻村讲堂；每月第四周召开主题座谈会，由轮值工作队确定主题；"
                         "每季度最后一个月第四周召开讲评会，由乡镇驻村办组织。",
        "schedule_date": "{year}年{month}月22日—28日（第四周）",
        "office_teams": "驻村工作队 {teams} 支，驻村干部 {members} 名", "office_rooms": "办公用房 {n} 间",
        "office_equipment": "办公设备：{items}", "address": "地址：{text}",
        "no_care_records": "暂无谈心谈话、走访慰问记录。", "teams_heading": "驻村工作队",
        "activities_heading": "{since}开展活动", "no_activities": "暂无活动记录。",
        "posters_and_screen": "{posters}与{screen}", "screen_home": "{screen}（1920×1080 全屏轮播）",
        "poster_link": "{board}{posters}（{size} PDF）",
        # --- style board and team page
        "style_note": "{township} · 驻村工作队 {teams} 支 · 驻村干部 {members} 名",
        "teams_on_page": "本页工作队", "photo_of": "{name}的照片", "member_since": "{date}驻村",
        "plan_title": "{year}年度驻村帮扶规划", "no_measures": "本年度规划未列措施。",
        "targets_year": "{year}年度{targets}",
        # --- results board
        "results_note": "{year}年度 · 驻村帮扶目标、措施与成效", "ranking_heading": "{year}年度{ranking}",
        "ranking_caption": "{year}年度各工作队目标达成情况（按达成率排序，同率按达成项数、再按队伍顺序）",
        "col_rank": "名次", "col_met_of": "达成/目标", "col_reported": "已填报", "col_share": "达成率",
        "col_progress": "进度", "col_percent": "完成度", "col_status": "状态",
        "less_is_better": "越少越好", "no_targets": "无目标",
        "targets_summary": "{total} 项目标：{met_word} {met} 项，{not_met_word} {not_met} 项，"
                           "{not_reported_word} {not_reported} 项。",
        "no_targets_in_plan": "{title}未列目标。", "no_plan": "{year}年度尚未制定帮扶规划。",
        # --- honor wall
        "honors_note": "工作队之家、驻村工作队和队员获得的荣誉，共 {n} 项",
        "honor_counts_heading": "各级荣誉数量", "no_honors": "暂无荣誉记录。",
        "certificate_alt": "{title}（{recipient}）证书", "recipient_in_team": "{name}（{team}）",
        # --- the vocabulary's words (sitegen/vocab.py): kind_*, unit_*, level_*, check_*
        "kind_weekly_meeting": "周例会", "unit_weekly_meeting": "次",
        "kind_monthly_forum": "主题座谈会", "unit_monthly_forum": "次",
        "kind_quarterly_review": "工作讲评交流", "unit_quarterly_review": "次",
        "kind_training": "学习培训", "unit_training": "次",
        "kind_competition": "“岗位练兵、业务比武”活动", "unit_competition": "期",
        "kind_recreation": "文娱活动", "unit_recreation": "次",
        "kind_health_talk": "健康讲座", "unit_health_talk": "期",
        "kind_visit": "走访慰问", "unit_visit": "次",
        "kind_heart_talk": "谈心谈话", "unit_heart_talk": "次",
        "level_national": "国家级", "level_provincial": "省级", "level_municipal": "市级",
        "level_county": "县级", "level_township": "乡镇级",
        "check_monthly_check": "月查", "check_quarterly_supervision": "季督",
    },
    "en": {
        "style_board": "Style board", "results_board": "Results board", "honor_wall": "Honor wall",
        "rules": "Rules", "home": "Work-team home", "county_overview": "County overview",
        "team": "Team", "members": "Members", "village": "Village", "unit": "Dispatching unit",
        "term": "Term", "motto": "Pledge", "plan": "Annual plan",
        "targets": "Targets", "measures": "Measures", "results": "Results", "honors": "Honors",
        "activities": "Activities", "supervision": "Supervision", "bulletins": "Bulletins",
        "ratings": "Annual ratings", "contacts": "Contacts", "office": "Office home",
        "care": "Care home", "next_forum": "Next monthly forum", "next_review": "Next quarterly review",
        "duty_team": "Duty team", "posters": "Posters", "screen": "Lobby screen", "search": "Search",
        "since": "since", "first_secretary": "First secretary", "baseline": "Baseline",
        "actual": "Actual", "target": "Target", "met": "Met", "not_met": "Not met",
        "not_reported": "Not reported", "ranking": "Ranking by targets met",
        "to_present": "present", "times": "times", "home_link": "Home",
        "skip_to_content": "Skip to content", "search_placeholder": "Search: name, team, village, unit",
        "search_found": "{n} found", "search_limited": ", showing the first {limit}",
        "search_none": "Nothing found for “{q}”", "member": "Member", "breadcrumbs": "You are here",
        "back_to": "Back to {page}",
        "field": "{name}: {value}", "paren": " ({text})", "list_sep": ", ",
        "sentence_sep": "; ", "year_n": "{year}", "since_year": "since {year}",
        "team_name": "{village} work team", "n_people": "{n}", "n_members": "{n} members",
        "count_items": "{n}", "unit_honors": "",
        "figure_homes": "work-team homes", "figure_teams": "village work teams",
        "figure_members": "stationed cadres", "figure_checks": "supervision visits",
        "figure_activities": "activities", "figure_honors": "honors",
        "county_activities_heading": "Activities in all work-team homes {since}",
        "county_chart": "Activities in the county {since}: {items}",
        "county_summary": "The county office has carried out {total} supervisions {since} "
                          "({monthly_check}: {monthly}; {quarterly_supervision}: {quarterly}) "
                          "and issued {bulletins} bulletins on the work-team homes.",
        "homes_heading": "Work-team homes by township", "homes_caption": "Key figures of each work-team home",
        "activities_total": "All activities", "county_total": "County total",
        "ratings_caption": "Annual grades of each work-team home",
        "screen_county": "Lobby screen for the whole county (1920×1080 full-screen slideshow)",
        "opened_on": "opened {date}", "showcase": "Showcase home",
        "tile_style_note": "Teams, members and their pledges",
        "tile_results_note": "Targets, measures and results {year}",
        "tile_honors_note": "{n} honors at all levels", "schedule": "Schedule",
        "forum_when": "4th week of each month (days 22–28)",
        "review_when": "4th week of the last month of each quarter",
        "rota_turns": "In turn: {teams}", "rota_order": "Duty rota",
        "schedule_note": "A weekly meeting with a village lecture; a monthly forum in the 4th week, "
                         "its theme chosen by the duty team; a quarterly review in the 4th week of the "
                         "quarter's last month, run by the township office.",
        "schedule_date": "{year}-{mm}-22 to {year}-{mm}-28 (4th week)",
        "office_teams": "{teams} village work teams, {members} stationed cadres",
        "office_rooms": "{n} office rooms", "office_equipment": "Equipment: {items}",
        "address": "Address: {text}",
        "no_care_records": "No heart-to-heart talks or visits recorded yet.",
        "teams_heading": "Village work teams",
        "activities_heading": "Activities {since}", "no_activities": "No activities recorded yet.",
        "posters_and_screen": "{posters} and {screen}",
        "screen_home": "{screen} (1920×1080 full-screen slideshow)",
        "poster_link": "{board} poster ({size} PDF)",
        "style_note": "{township} · {teams} village work teams · {members} stationed cadres",
        "teams_on_page": "Teams on this page", "photo_of": "Photo of {name}",
        "member_since": "In the village since {date}",
        "plan_title": "Annual plan {year}", "no_measures": "This year's plan lists no measures.",
        "targets_year": "{targets} {year}",
        "results_note": "{year} · targets, measures and results", "ranking_heading": "{ranking}, {year}",
        "ranking_caption": "Targets met by each team in {year} (by share met; ties by number met, "
                           "then by team order)",
        "col_rank": "Rank", "col_met_of": "Met / targets", "col_reported": "Reported",
        "col_share": "Share met", "col_progress": "Progress", "col_percent": "Completion",
        "col_status": "Status", "less_is_better": "lower is better", "no_targets": "no targets",
        "targets_summary": "{total} targets: {met_word} {met}, {not_met_word} {not_met}, "
                           "{not_reported_word} {not_reported}.",
        "no_targets_in_plan": "{title} lists no targets.", "no_plan": "No plan for {year} yet.",
        "honors_note": "Honors won by the home, its teams and their members: {n} in all",
        "honor_counts_heading": "Honors by level", "no_honors": "No honors recorded yet.",
        "certificate_alt": "Certificate: {title} ({recipient})", "recipient_in_team": "{name} ({team})",
        "kind_weekly_meeting": "Weekly meetings", "kind_monthly_forum": "Monthly forums",
        "kind_quarterly_review": "Quarterly reviews", "kind_training": "Trainings",
        "kind_competition": "Skill competitions", "kind_recreation": "Cultural and sports events",
        "kind_health_talk": "Health talks", "kind_visit": "Visits",
        "kind_heart_talk": "Heart-to-heart talks",
        "unit_weekly_meeting": "", "unit_monthly_forum": "", "unit_quarterly_review": "",
        "unit_training": "", "unit_competition": "", "unit_recreation": "", "unit_health_talk": "",
        "unit_visit": "", "unit_heart_talk": "",
        "level_national": "National", "level_provincial": "Provincial", "level_municipal": "Municipal",
        "level_county": "County", "level_township": "Township",
        "check_monthly_check": "Monthly checks", "check_quarterly_supervision": "Quarterly supervisions",
    },
}


# Words of the wall posters (sitegen/posters.py).
LABELS["zh"].update({"poster_scan": "扫码查看网页版", "poster_no_qr": "未设置 base_url（site.yaml），海报上不印二维码。",
    "poster_marks_need_bleed": "裁切线印在出血区里：crop_marks 需要 bleed_mm 大于 0（例如 3）。"})
LABELS["en"].update({"poster_scan": "Scan for the web page",
    "poster_no_qr": "base_url is not set in site.yaml: posters carry no QR code.",
    "poster_marks_need_bleed": "crop marks are drawn in the bleed: set bleed_mm above 0 (e.g. 3)."})
# --- screens ---
LABELS["zh"].update({"screen_measures_year": "{year}年度{measures}", "screen_continued": "（续）",
    "screen_homes_compared": "{year}年度各工作队之家比一比", "screen_col_home": "工作队之家",
    "screen_col_share": "目标达成率", "screen_col_activities": "开展活动",
    "screen_col_rating": "最近考评", "screen_unit_activities": "次", "screen_story": "成效故事"})
LABELS["en"].update({"screen_measures_year": "{measures} {year}", "screen_continued": " (continued)",
    "screen_homes_compared": "Homes compared, {year}", "screen_col_home": "Home",
    "screen_col_share": "Targets met", "screen_col_activities": "Activities",
    "screen_col_rating": "Latest rating", "screen_unit_activities": "", "screen_story": "Results story"})

# Words of the lobby screens (sitegen/screen.py).
LABELS["zh"].update({"screen_teams": "驻村工作队", "screen_members": "驻村干部", "screen_homes": "工作队之家",
    "screen_unit_teams": "支", "screen_unit_members": "名", "screen_unit_homes": "个",
    "screen_unit_items": "项", "screen_schedule": "工作日程", "screen_totals": "活动开展情况",
    "screen_paused": "已暂停", "screen_fourth_week": "每月第四周（22—28日）",
    "screen_review_rule": "每季度最后一个月的第四周", "screen_rota": "轮值顺序",
    "screen_no_targets": "尚无规划目标", "screen_no_honors": "暂无荣誉记录",
    "screen_progress": "进度", "screen_met_count": "项达成", "screen_down": "越少越好",
    "screen_host": "主办：乡镇驻村办", "screen_this_week": "（本周）"})
LABELS["en"].update({"screen_teams": "Teams", "screen_members": "Cadres", "screen_homes": "Homes",
    "screen_unit_teams": "", "screen_unit_members": "", "screen_unit_homes": "",
    "screen_unit_items": "", "screen_schedule": "Schedule", "screen_totals": "Activities",
    "screen_paused": "Paused", "screen_fourth_week": "4th week of each month (days 22–28)",
    "screen_review_rule": "4th week of each quarter's last month", "screen_rota": "Rota",
    "screen_no_targets": "No targets yet", "screen_no_honors": "No honors recorded",
    "screen_progress": "Progress", "screen_met_count": "met", "screen_down": "less is better",
    "screen_host": "Run by the township office", "screen_this_week": " (this week)"})

# --- posters ---
LABELS["zh"].update({"poster_as_of": "截至{date}", "poster_none": "暂无内容，不印海报",
    "poster_own_honors": "本家荣誉", "poster_team_honors": "工作队及队员荣誉",
    "poster_targets_met": "目标达成", "poster_share_met": "达成率", "poster_teams": "工作队",
    "poster_members": "驻村干部", "poster_rate": "达成率", "poster_continued": "（续）"})
LABELS["en"].update({"poster_as_of": "as of {date}", "poster_none": "nothing to show, no poster",
    "poster_own_honors": "The home's honors", "poster_team_honors": "Teams' and members' honors",
    "poster_targets_met": "Targets met", "poster_share_met": "Share met", "poster_teams": "Teams",
    "poster_members": "Cadres", "poster_rate": "Rate", "poster_continued": " (continued)"})


def fill(label, /, **values) -> Markup:
    """A label with its {placeholders} filled: the label is escaped (site.yaml is user text),
    values are escaped unless they are Markup (e.g. `strong(n)`). Unknown placeholders stay."""
    out = escape(label)
    for key, value in values.items():
        out = out.replace("{" + key + "}", escape("" if value is None else value))
    return out


def strong(value) -> Markup:
    """A figure in bold, to pass into `fill()`."""
    return Markup("<strong>{}</strong>").format(value)


@pass_context
def date_text(ctx, value) -> str:
    """A date in the page's language: 2024年6月15日 (zh, as `zh_date`), 2024-06-15 (en)."""
    if value is None:
        return ""
    if ctx.get("lang", "zh") == "zh":
        if hasattr(value, "zh"):
            return value.zh()
        if hasattr(value, "year"):
            return f"{value.year}年{value.month}月{value.day}日"
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def labels_markdown() -> str:
    """The table of docs/labels.md (key → zh default → en default), from LABELS itself.

    Regenerate with: python -c "from sitegen.i18n import labels_markdown; print(labels_markdown())"
    """
    def cell(text: str) -> str:
        if not text:
            return "*(empty)*"
        text = text.replace("|", "\\|")
        return f"`{text}`" if text.strip() != text else text   # show leading/trailing spaces
    rows = ["| key | zh（默认） | en (`--lang en`) |", "|---|---|---|"]
    for key in LABELS["zh"]:
        rows.append(f"| `{key}` | {cell(LABELS['zh'][key])} | {cell(LABELS['en'][key])} |")
    return "\n".join(rows) + "\n"

# --- clerk ---
# Words of the year switcher (results board, team page): every year's board at results/<year>/.
LABELS["zh"].update({"year_switch": "年度", "year_item": "{year}年",
    "year_shown": "（全县展示）", "year_results_link": "{year}年度{board}"})
LABELS["en"].update({"year_switch": "Year", "year_item": "{year}",
    "year_shown": "(shown county-wide)", "year_results_link": "{board} {year}"})

# --- validate ---
# Words that validate and its parts (translate.py, paths.py, bodies.py, rules.py) and
# lint.py put into a problem's params: listings, suggestions, the shape a value had.
# Moved here from the code unchanged (issue 15), so the messages read as before.
CHECK_WORDS = {
    "zh": {
        "list_sep": "、",
        "field_close": "是不是想写“{close}”？可用的字段：{listing}",
        "field_known": "删掉这一行，或改成可用的字段之一：{listing}",
        "file_close": "是不是想把文件命名为“{close}”？",
        "file_known": "这里可用的文件：{listing}",
        "got_map": "字段表",
        "got_list": "列表",
        "markdown_deep": "Markdown 嵌套层数过多",
        "expected_url": "http(s) URL / 以 http:// 或 https:// 开头的网址",
        "no_teams": "（还没有工作队）",
        "use_member": "队员照片",
        "use_result": "成效照片",
        "use_honor": "荣誉证书照片",
        "plan_years": "；这个队已有 {years} 年度规划：要让展板显示别的年份，"
                      "请县驻村办修改 site.yaml 里的 year（现在是 {year}）",
        "report_error": "错误",
        "report_warning": "警告",
        "report_fix": "    改法：",
        "report_count": "共 {errors} 个错误，{warnings} 个警告。",
    },
    "en": {
        "list_sep": ", ",
        "field_close": "did you mean '{close}'? Known fields: {listing}",
        "field_known": "delete this line, or use one of the known fields: {listing}",
        "file_close": "did you mean to name the file '{close}'? ",
        "file_known": "Files known here: {listing}",
        "got_map": "a map",
        "got_list": "a list",
        "markdown_deep": "Markdown nesting too deep",
        "no_teams": "(no teams yet)",
        "plan_years": "; the team has plans for {years}: to show another year, the county "
                      "office changes year in site.yaml (now {year})",
        "use_member": "a member photo",
        "use_result": "a results photo",
        "use_honor": "an honor certificate photo",
        "report_error": "error",
        "report_warning": "warning",
        "report_fix": "    fix: ",
        "report_count": "{errors} error(s), {warnings} warning(s).",
        # --- mutval ---
        "expected_url": "an http:// or https:// address",
    },
}
# The value a wrong-type fix shows, by the type the field wants (the same in both languages).
TYPE_EXAMPLES = {"map": "name: 张三", "list": "- 张三", "text": "县财政局", "int": "20",
                 "number": "23.5", "bool": "true"}

# --- vocab ---
# Words the record model hands to its problem messages (sitegen/model.py).
MODEL_TEXT = {
    "text_example": "县财政局",
    "date_form": "YYYY-MM-DD（年-月-日，用半角减号）", "partial_date_form": "YYYY、YYYY-MM 或 YYYY-MM-DD",
    "year": "{year}年", "month": "{month}月", "day": "{day}日",   # PartialDate.zh()
}
# Why a date is wrong: key -> (zh, en).
DATE_WHY = {
    "form": ("格式应为 年-月-日", "it must be year-month-day"),
    "no_day": ("没有这一天", "there is no such day"),
    "no_month_day": ("没有这个月份或日期", "there is no such month or day"),
    "partial_form": ("格式应为 年、年-月 或 年-月-日（四位年份）",
                     "it must be year, year-month or year-month-day (four-digit year)"),
    "dash": ("年、月、日之间要用半角减号“-”", "year, month and day are separated by '-'"),
    "need_day": ("要写到日", "the day is needed too"),
    "no_year0": ("没有 0000 年", "there is no year 0000"),
}
# How bad_enum lists the allowed values: `county（县级）、national（国家级）…`.
ENUM_CHOICE = {"item": "{id}（{words}）", "sep": "、"}
# Why the system refused a file operation, by errno name (build.py, write.py).
OS_REASONS_ZH = {"ENOSPC": "磁盘已满", "EROFS": "只读的文件系统", "EACCES": "没有权限",
                 "EPERM": "不允许的操作", "EIO": "磁盘读写错误", "ENOENT": "文件或文件夹不存在",
                 "EEXIST": "已经存在", "ENOTDIR": "不是文件夹"}
# A full date in Chinese (render.zh_date).
ZH_DATE = "{year}年{month}月{day}日"
# Chinese typesetting rules (posters, screens): which characters go together on a line.
TYPESET = {
    # units a number is never parted from at a line end ("12.5 / 万元"); a regex alternation
    "units": ("万元|亿元|千元|元|万人|人次|人|户|次|个|项|名|家|场|篇|件|亩|吨|公斤|千克|斤|公里|千米|"
              "平方米|立方米|米|小时|天|周|年|月|日|期|批|台|套|头|只|株|棵|条|座|所|间|%|％|kg|km|m²|㎡"),
    "closing": "）」』”’。，、！？：；…》",     # punctuation that stays with the word before it
    "role_join": "兼",                          # 第一书记兼队长 may break before 兼
    "no_space_after": "，。；：！？、）”",       # joined paragraphs: no space after these
    "sentence_end": "。！？!?；",               # a slide's text is cut after these
}
# Sample texts the lobby screens measure to plan their layout (screen.py; never shown).
MEASURE = {"team_header": "{unit}：{team_unit} · {term}：0000年00月—0000年00月",
           "down": "（越少越好）", "status": "未达成", "badge": "一二三四"}
# The workbook of `sitegen export` / `sitegen import` (workbook.py): sheet names and column
# headers are written on export and recognised on import, so they are this table's only.
WORKBOOK = {
    "sheets": {"members": "队员名单", "targets": "年度目标", "measures": "措施", "activities": "活动台账",
               "honors": "荣誉"},
    "headers": {"team": "工作队", "ref": "记录号", "name": "姓名", "role": "职务", "unit": "派驻单位",
                "photo": "照片", "since": "驻村时间", "quote": "寄语", "year": "年度",
                "target_name": "目标名称", "target_unit": "单位", "baseline": "基数", "target": "目标值",
                "actual": "实际", "direction": "方向", "note": "备注", "measure": "措施", "date": "日期",
                "kind": "类型", "title": "主题", "host_team": "主办工作队", "attendance": "参加人数",
                "honor_title": "荣誉名称", "level": "级别", "issuer": "颁发单位", "recipient": "获奖者",
                "image": "证书照片"},
    "notes": [
        '本工作簿由 sitegen export 生成，一个工作队之家一本：队员名单、年度目标、措施、活动台账、荣誉。',
        '改好后交县驻村办导入：sitegen import 本文件.xlsx --home 乡镇编号（先加 --dry-run 只检查不写入）。',
        '“记录号”是这一行对应的记录，不要改；新增一行时“记录号”留空。表里删掉的行，记录不会被删除。',
        '“工作队”写工作队编号（下拉选择）；荣誉表里“工作队”留空表示授予工作队之家本身。',
        '日期写 2024-05-06 或 Excel 日期；驻村时间、荣誉日期可以只写 2024-03 或 2024。',
        '方向：up 表示越多越好（默认），down 表示越少越好。级别、类型从下拉里选。',
        '照片、证书照片写相对路径，例如 photos/zhangsan.jpg（照片文件要放进工作队文件夹）。',
        '清空一格会删掉这个字段；必填的格（姓名、职务、目标名称、目标值、日期、类型、荣誉名称、级别）不能空。',
    ],
}
# How read.py explains a YAML syntax error: (words of PyYAML's message, zh explanation).
YAML_SYNTAX_ZH = [
    ("flow sequence", "方括号“[”没有对应的“]”；值里有方括号时，请给整个值加上引号"),
    ("flow mapping", "花括号“{”没有对应的“}”；值里有花括号时，请给整个值加上引号"),
    ("end of stream", "引号没有配对：从这里开始的引号没有结束"),
    ("mapping values are not allowed", "这里不能出现冒号；值里含有“: ”时，请给整个值加上引号"),
    ("could not find expected ':'", "缺少冒号：字段名后面要有半角冒号和空格"),
    ("'\\t'", "有 Tab 字符：请改用空格缩进"),
    ("expected <block end>", "缩进不一致：同一层的字段要对齐"),
    ("expected <block mapping start>", "缩进不一致：同一层的字段要对齐"),
    ("found undefined alias", "用了未定义的 * 引用"),
    ("did not find expected key", "缩进不一致，或少了冒号"),
    ("did not find expected '-'", "列表项要以“- ”开头，并且对齐"),
    # --- readfix ---
    ("while parsing a flow node", "方括号“[ ]”或花括号“{ }”里的内容不完整"),
    ("while parsing a block node expected the node content", "这里缺了一个值"),
    ("unknown escape character", "“\\”后面的字母不是 YAML 认得的转义"),
]


READ_TEXT = {"no_opening": "第一行不是 ---", "no_closing": "没有结束的 ---"}   # front_matter's {what}

# Chinese text of the command line and the clerk tools, by module; keys are <module>.<function>[.n].
# The messages are filled with str.format (placeholders in braces). English versions, where a
# command has them, are still beside the call.
TEXT = {
    # --- punctuation between items
    "punct.list_sep": "、",
    "punct.semicolon": "；",
    "punct.comma": "，",
    # --- shared by sitegen new, import and export
    "clerk.no_home": "没有工作队之家“{home}”（找不到 {file}）。先运行：sitegen new home {home}",
    "clerk.no_teams": "（还没有工作队）",
    "clerk.undecodable": "{path} 的编码无法识别：请用记事本另存为 UTF-8 后再导入。",
    "clerk.bad_yaml": "{path} 有格式错误，先运行 sitegen check 改好它再导入（{err}）",
    # --- the command line (cli.py)
    "cli.error_mark": ": 错误",
    "cli.warning_mark": ": 警告",
    "cli.fix_mark": "    改法：",
    "cli.no_such_home": "没有这个工作队之家：",
    "cli.known_homes": "；有：",
    "cli.check_ok": "检查通过，没有错误。",
    "cli.check_ok_warnings": "检查通过，没有错误；有 {n_warn} 个警告，建议改正。",
    "cli.help_check_home": "只检查这个工作队之家（可写多次）及全县设置的错误 / only this home (repeatable)",
    "cli.county_files": "全县设置",
    "cli.home_counts": "{name} {n_err} 个错误、{n_warn} 个警告",
    "cli.by_home": "按工作队之家：",
    "cli.no_weasyprint": "这台电脑做不了海报：缺少 WeasyPrint 需要的程序库（{detail}）。",
    "cli.pages_still_made": "网页照常生成。",
    "cli.weasyprint_windows": "要在这台电脑上做海报，按 WeasyPrint 文档“Installation → Windows”一节安装（{WEASYPRINT_WINDOWS}）；或者把海报交给县驻村办做。",
    "cli.build_failed": "生成失败，原来的输出没有改动。",
    "cli.posters_made": "{posters} 张海报",
    "cli.posters_kept": "未做海报（保留上次的 {posters} 张）",
    "cli.built": "已生成 {pages} 个页面、{images} 张图片、{made}，用时 {seconds:.1f} 秒 → {output}",
    "cli.open": "打开：{uri}",
    "cli.progress_page": "页面",
    "cli.progress_image": "图片",
    "cli.progress_poster": "海报",
    "cli.progress_slide": "大屏页",
    "cli.progress_made": "已生成 ",
    "cli.no_content": "找不到内容文件夹 {content}",
    "cli.port_busy": "无法在 {host}:{port} 上启动预览（{strerror}）：端口可能被占用，换一个，例如 --port {next_port}",
    "cli.new_error": "错误：{err}",
    "cli.new_made": "已新建 {path}",
    "cli.new_next": "用记事本打开上面的文件，按 # 后的说明改写，保存后运行 sitegen check 检查。",
    "cli.import_error": "{name}: 错误: {err}",
    "cli.import_failed": "表格有错误，没有写入任何文件。改好表格后再导入。",
    "cli.import_will_write": "将写入",
    "cli.import_written": "已写入",
    "cli.import_kept": "表格里没有、文件里保留未动的队员：",
    "cli.import_dry_run": "只检查（--dry-run），没有写入任何文件：工作表 {sheets}；将新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条。去掉 --dry-run 再运行一次才会写入。",
    "cli.import_done": "导入完成：工作表 {sheets}；新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条。下一步：sitegen check",
    "cli.help_home": "工作队之家编号 / home id",
    "cli.help_team": "队员名单导入到哪个工作队 / team id (rosters)",
    "cli.help_village": "新建工作队时的村名 / village, for a new team",
    "cli.help_unit": "新建工作队时的派驻单位 / unit, for a new team",
    "cli.help_dry_run": "只检查表格，不写文件 / check only",
    "cli.export_unwritable": "无法写入 {out}（{strerror}）：文件是否正在 Excel 里打开？关掉后再试。",
    "cli.exported": "已导出 {out}：",
    "cli.export_rows": "{k} {n} 行",
    "cli.export_next": "填好后导入：sitegen import {out} --home {home_id}（先加 --dry-run 只检查）",
    "cli.help_export_out": "写到哪个文件（默认：当前文件夹下的 编号.xlsx）/ output file [default: ID.xlsx]",
    "cli.available_homes": "；可用：",
    "cli.posters_done": "已生成 {n} 张海报（{cached} 张未变、取自缓存），用时 {seconds:.1f} 秒 → {folder}",
    "cli.warning": "警告",
    "cli.error": "错误",
    # --- sitegen new (scaffold.py): the skeleton files and their messages
    "scaffold.bad_id": "{kind}编号“{value}”不能用：只能用小写英文字母、数字和 -，例如 {slug}。中文名称写在文件里。",
    "scaffold.exists": "文件已存在，没有覆盖：{path}。如需重写，请先把它改名或删除。",
    "scaffold.kind_home": "工作队之家",
    "scaffold.kind_team": "工作队",
    "scaffold.no_team": "没有工作队“{team}”（找不到 {file}）。先运行：sitegen new team {home} {team}",
    "scaffold.site": """\
# 全县设置。以 # 开头的行是说明，不影响网站。
title: 某某县驻村工作队之家        # 网站标题
county: 某某县                    # 县名
office: 某某县驻村办              # 县驻村办（可删）
# year: {year}                    # 各展板显示的年度；不写则取最新一年的规划
""",
    "scaffold.home": """\
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
""",
    "scaffold.team": """\
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
""",
    "scaffold.plan": """\
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
""",
    "scaffold.result": """\
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
""",
    "scaffold.honor": "# 荣誉：每项以“- title:”开头。以 # 开头的行是说明，不影响网站。\n",
    "scaffold.honor_item": """\
- title: {year}年度优秀驻村工作队     # 荣誉名称（必填）
  level: 县级                     # 级别（必填）：国家级、省级、市级、县级、乡镇级
  date: {today}                 # 获得时间：年、年-月 或 年-月-日（必填）
  issuer: 某某县委组织部             # 颁发单位（可删）
{recipient}  # image: photos/certificate.jpg  # 证书或奖牌照片（可删）
""",
    "scaffold.exists_short": "文件已存在，没有覆盖：{path}",
    "scaffold.plan_year_note": "注意：全县展板现在显示 {shown} 年（site.yaml 里的 year，由县驻村办设置）。这份 {year} 年规划会出现在团队页和 homes/{home}/results/{year}/ 上；要让成效榜首页显示 {year} 年，请县驻村办把 site.yaml 里的 year 改成 {year}。",
    "scaffold.bad_year": "年度“{year}”不对：写四位年份，例如 {this_year}。",
    "scaffold.kind_result": "成效文件",
    "scaffold.honor_recipient": "  # recipient: 队员姓名           # 获奖队员；整个工作队获奖时不写\n",
    "scaffold.undecodable": "{path} 的编码无法识别，没有改动它。请先另存为 UTF-8。",
    # --- sitegen import (importer.py)
    "importer.placeholder_name": "队员姓名",
    "importer.example_name": "张三",
    "importer.example_role": "队员",
    "importer.example_unit": "某某县财政局",
    "importer.example_kind": "月座谈",
    "importer.team_choice": "{tid}（{village}）",
    "importer.photo_near": "文件夹里有 {name}，是不是这张？",
    "importer.photo_put": "把照片放进 {shown}/，或改正文件名",
    "importer.no_workbook": "找不到表格文件 {xlsx}",
    "importer.not_xlsx": "{xlsx} 不是能打开的 .xlsx 文件（{name}）。请在 Excel 或 WPS 里“另存为” Excel 工作簿 (.xlsx)。",
    "importer.no_sheet": "{book} 里没有认得的工作表：队员名单要有“姓名”和“职务”两列，活动记录要有“日期”和“类型”两列（表头写在前 10 行里）。见 docs/authoring.md。",
    "importer.bad_team_id": "工作队编号“{team}”不能用：只能用小写英文字母、数字和 -。",
    "importer.team_not_map": "{path} 不是“字段: 值”格式的工作队文件，先改好再导入。",
    "importer.no_team_file": "工作队文件 {path} 还不存在：请加上 --village 村名（如 --village 青山村），或先运行 sitegen new team {name} {team}",
    "importer.unit_wanted": "（请填写派驻单位）",
    "importer.activities_not_list": "{path} 应该是活动列表（每项以“- date:”开头），先改好再导入。",
    # --- sitegen export / import of the home workbook (workbook.py)
    "workbook.no_front_matter": "{path} 开头缺少 --- 字段区，先运行 sitegen check 改好它再导入。",
    "workbook.plan_doc": """\
---
{year}年度驻村帮扶规划。
""",
    "workbook.pick_from_list": "请从下拉列表里选择",
    "workbook.whole_number": "请填写整数",
    "workbook.notes_sheet": "填写说明",
    "workbook.home_mark": "工作队之家编号：{id}（只能导入到这个工作队之家）",
    "workbook.example_ref": "留空（新增）或原来的记录号",
    "workbook.example_number": "15 或 12.5",
    "workbook.example_pdate": "2024-03 或 2024-03-05",
    "workbook.other_home": "这本工作簿是从工作队之家“{owner}”导出的，不能导入到“{home_id}”（记录号对应的是 {owner} 的记录）。请用 --home {owner}，或先运行 sitegen export --home {home_id} 导出它自己的工作簿。",
    "workbook.no_sheet": "{book} 里没有认得的工作表。",
    "workbook.ref_range": "1～{n_seq}，或留空表示新增",
    "workbook.ref_blank": "留空表示新增",
}

# --- serve ---
# The dev server's console lines and its error page (sitegen/serve.py), `{name}` filled by
# `str.format`. "changed" is appended to "rebuilt" when the watcher knows which files changed.
SERVE = {
    "zh": {
        "crashed": "生成出错（程序或模板错误）：\n",
        "broken": "记录有错误，浏览器里显示错误清单；改好保存后会自动刷新。",
        "rebuilt": "已更新（{ms} 毫秒）",
        "changed": "：{files}",
        "ready": "预览地址：{url}  （修改 {content} 里的文件并保存，浏览器自动刷新；按 Ctrl+C 停止）",
        "watch_polling": "改用定时检查文件（每 0.1 秒）：{reason}",
        "reason_asked": "环境变量 SITEGEN_WATCH=poll",
        "reason_missing": "没有安装 watchfiles",
        "reason_remote": "{folder} 在网络驱动器上，收不到修改通知",
        "where_line": "，第 {line} 行",
        "where_column": "第 {column} 列",
        "where_field": "（{field}）",
        "fix": "改法：",
        "crash_title": "生成时出现程序错误",
        "title": "记录有 {n} 处错误，网页暂时无法生成",
        "hint": "用记事本改好文件并保存，本页会自动回到正常页面。",
        "folder": "内容文件夹：",
    },
    "en": {
        "crashed": "Build crashed:\n",
        "broken": "The records have errors; the browser shows them until they are fixed.",
        "rebuilt": "Rebuilt in {ms} ms",
        "changed": "：{files}",
        "ready": "Preview: {url}  (edit files under {content} and save; Ctrl+C stops)",
        "watch_polling": "Checking files for changes every 0.1 s instead: {reason}",
        "reason_asked": "SITEGEN_WATCH=poll is set",
        "reason_missing": "watchfiles is not installed",
        "reason_remote": "{folder} is on a network drive, which sends no change notifications",
        "where_line": ", line {line}",
        "where_column": ", column {column}",
        "where_field": " ({field})",
        "fix": "Fix: ",
        "crash_title": "The build crashed",
        "title": "{n} error(s) in the records",
        "hint": "Fix the files and save; this page returns to the site by itself.",
        "folder": "Content folder: ",
    },
}

# --- readfix ---
# Words read.py puts into its problems, zh and en: the names of the control characters a
# clerk pastes in without seeing them (keyed by code point; "" for any other), where one
# sits on its line, the example of a line that becomes empty, and the reason of a YAML
# syntax error PyYAML words in a way no entry of YAML_SYNTAX_ZH explains.
READ_WORDS = {
    "zh": {
        "U+0000": "空字符 NUL",
        "U+0007": "响铃符 BEL，常见于从 Word 表格里复制的文字",
        "U+0008": "退格符 BS",
        "U+000B": "垂直制表符 VT，是 Word 里的手动换行（Shift+回车）复制过来的",
        "U+000C": "换页符 FF，是 Word 里的分页符复制过来的",
        "U+001B": "Esc 字符",
        "U+001E": "Word 里的不间断连字符",
        "U+001F": "Word 里的可选连字符",
        "U+007F": "删除符 DEL",
        "": "控制字符",
        "after": "紧跟在“{text}”后面",
        "before": "在“{text}”前面",
        "alone": "是这一行唯一的字符",
        "empty_line": "空行",
        "pair[": "方括号“[ ]”",
        "pair{": "花括号“{ }”",
        "syntax_other": "YAML 读不懂这里的写法",
    },
    "en": {
        "U+0000": "NUL, the null character",
        "U+0007": "BEL, often in text copied from a Word table",
        "U+0008": "BS, backspace",
        "U+000B": "VT, a vertical tab: Word's manual line break (Shift+Enter) copied as text",
        "U+000C": "FF, a form feed: Word's page break copied as text",
        "U+001B": "ESC, escape",
        "U+001E": "Word's non-breaking hyphen",
        "U+001F": "Word's optional hyphen",
        "U+007F": "DEL, delete",
        "": "a control character",
        "after": "right after '{text}'",
        "before": "right before '{text}'",
        "alone": "alone on its line",
        "empty_line": "an empty line",
        "pair[": "the brackets '[ ]'",
        "pair{": "the braces '{ }'",
        "syntax_other": "YAML cannot read what is written here",
    },
}
