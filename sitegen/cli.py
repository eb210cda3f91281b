"""Command line: a thin shell around `build.py`. Exit 0 on success, 1 on record errors."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__, heap, vocab
from .i18n import TEXT as _T
from .problems import ContentError, errors, format_json, format_text

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="interface language of messages")
CONTENT = click.option("-c", "--content", type=click.Path(path_type=Path), default=Path("content"),
                       show_default=True, help="content folder")
OUTPUT = click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("output"),
                      show_default=True, help="output folder")


def _utf8_console() -> None:
    """Chinese messages must print on a Windows console or a pipe without crashing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except AttributeError:
            pass


_utf8_console()      # before click prints anything (--help, usage errors), too


class _Commands(click.Group):
    """The command group. Run from the console (no `args`: they come from `sys.argv`), the
    process ends after its command, so it leaves its heap to the operating system instead
    of freeing every object (`heap.exit_now`: ≈ 4 s of a 100-county rebuild of 15 s). Run
    with `args` (click's test runner, a caller in Python), it returns as usual."""

    def main(self, args=None, *rest, **options):
        if args is not None:
            return super().main(args, *rest, **options)
        heap.ONE_SHOT = True
        try:
            super().main(None, *rest, **options)       # standalone: ends in SystemExit
            code = 0
        except SystemExit as done:
            code = done.code
        if isinstance(code, str):                      # sys.exit("text"): print it, as Python does
            click.echo(code, err=True)
        heap.exit_now(code if isinstance(code, int) else 0 if code is None else 1)


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """sitegen：驻村工作队之家 风采栏、成效榜、荣誉墙 网站、海报和大屏生成器。"""
    _utf8_console()


def _report(problems, lang: str, fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(format_json(problems, lang))
    elif problems:
        to_err = bool(errors(problems))
        click.echo(_coloured(format_text(problems, lang), to_err), err=to_err)


def _colour_ok(err: bool) -> bool:
    """Colour only on a terminal that shows it (click.echo strips it elsewhere, too)."""
    stream = sys.stderr if err else sys.stdout
    if os.environ.get("NO_COLOR") or not getattr(stream, "isatty", lambda: False)():
        return False
    if os.name == "nt":
        return _windows_vt()
    return os.environ.get("TERM") != "dumb"


def _windows_vt() -> bool:
    """Turn on ANSI colour in a Windows console (Windows 10+); plain text if that fails."""
    try:
        import ctypes
        kernel = ctypes.windll.kernel32
        ok = True
        for handle_id in (-11, -12):
            handle = kernel.GetStdHandle(handle_id)
            mode = ctypes.c_uint32()
            if not kernel.GetConsoleMode(handle, ctypes.byref(mode)) or \
                    not kernel.SetConsoleMode(handle, mode.value | 0x0004):
                ok = False
        return ok
    except Exception:
        return False


def _coloured(text: str, err: bool = False) -> str:
    """Problem reports with errors in red and warnings in yellow, where colour works."""
    if not _colour_ok(err):
        return text
    out = []
    for line in text.split("\n"):
        if _T["cli.error_mark"] in line or ": error" in line:
            head, sep, rest = line.partition(": ")
            line = click.style(head, bold=True) + sep + click.style(rest, fg="red")
        elif _T["cli.warning_mark"] in line or ": warning" in line:
            head, sep, rest = line.partition(": ")
            line = click.style(head, bold=True) + sep + click.style(rest, fg="yellow")
        elif line.startswith((_T["cli.fix_mark"], "    fix: ")):
            line = click.style(line, fg="green")
        out.append(line)
    return "\n".join(out)


@main.command()
@CONTENT
@LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="warnings count as errors (exit 1), for CI")
@click.option("--home", "homes", multiple=True, metavar="ID",
              help=_T["cli.help_check_home"])
def check(content: Path, lang: str, fmt: str, strict: bool, homes: tuple[str, ...]) -> None:
    """检查记录文件，列出所有错误和警告（文件、行、字段和改法）。"""
    import dataclasses

    from .faults import special_problems
    from .cache import special_files
    from .images import explain
    from .lint import lint
    if homes:
        folders = sorted(d.name for d in (content / "homes").iterdir() if d.is_dir()) \
            if (content / "homes").is_dir() else []
        unknown = [h for h in homes if h not in folders]
        if unknown:
            click.echo((_T["cli.no_such_home"] if lang == "zh" else "No such home: ") + _T["punct.list_sep"].join(unknown)
                       + ((_T["cli.known_homes"] if lang == "zh" else "; known: ") + _T["punct.list_sep"].join(folders)
                          if folders else ""), err=True)
            sys.exit(1)
    odd = special_problems(special_files(Path(content)))    # FIFOs: reading one would hang
    if homes:   # another township's odd file is not this clerk's problem
        odd = [p for p in odd if not p.file.startswith("homes/")
               or any(p.file.startswith(f"homes/{h}/") for h in homes)]
    problems = odd if errors(odd) else odd + explain(lint(content, homes=list(homes) or None), content)
    if strict:
        problems = [dataclasses.replace(p, severity="error") for p in problems]
    _report(problems, lang, fmt)
    if fmt == "text" and problems:
        click.echo(_per_home(problems, lang), err=bool(errors(problems)))
    if errors(problems):
        sys.exit(1)
    if fmt == "text":
        n_warn = len(problems)
        if lang == "zh":
            click.echo(_T["cli.check_ok"] if not n_warn else
                       _T["cli.check_ok_warnings"].format(n_warn=n_warn))
        else:
            click.echo("No errors." if not n_warn else f"No errors; {n_warn} warning(s).")


def _per_home(problems, lang: str) -> str:
    """One line per home with its counts: a clerk finds their own home among 16."""
    from .lint import home_of
    counts: dict[str, list[int]] = {}
    for p in set(problems):
        tally = counts.setdefault(home_of(p), [0, 0])
        tally[0 if p.severity == "error" else 1] += 1
    parts = []
    for home in sorted(counts, key=lambda h: (h == "", h)):
        n_err, n_warn = counts[home]
        name = home or (_T["cli.county_files"] if lang == "zh" else "county files")
        if lang == "zh":
            parts.append(_T["cli.home_counts"].format(name=name, n_err=n_err, n_warn=n_warn))
        else:
            parts.append(f"{name}: {n_err} error(s), {n_warn} warning(s)")
    return (_T["cli.by_home"] if lang == "zh" else "By home: ") + (
        _T["punct.semicolon"] if lang == "zh" else "; ").join(parts)


WEASYPRINT_WINDOWS = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#windows"


def _posters_missing(lang: str, building: bool = True) -> str | None:
    """Why posters cannot be made on this PC (WeasyPrint's libraries — Pango — missing, as
    on a Windows PC where only Python was installed), or None when they can."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as err:
        if lang == "zh":
            return (_T["cli.no_weasyprint"].format(detail=str(err)[:80])
                    + (_T["cli.pages_still_made"] if building else "")
                    + _T["cli.weasyprint_windows"].format(WEASYPRINT_WINDOWS=WEASYPRINT_WINDOWS))
        return (f"Posters cannot be made on this computer: WeasyPrint's libraries are missing "
                f"({str(err)[:80]}). See WeasyPrint's documentation, Installation → Windows "
                f"({WEASYPRINT_WINDOWS}), or leave posters to the county office.")
    return None


@main.command()
@CONTENT
@OUTPUT
@LANG
@click.option("--no-posters", is_flag=True, help="skip the PDF posters")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="processes to use (default: all cores)")
def build(content: Path, output: Path, lang: str, no_posters: bool, jobs: int | None) -> None:
    """生成网站（以及海报），写入输出文件夹；出错时保留原来的输出不动。"""
    from .build import build as run_build
    missing = None if no_posters else _posters_missing(lang)
    if missing:                       # the site still builds; posters are the county's job
        click.echo(_coloured(f"{_T['cli.warning'] if lang == 'zh' else 'warning'}: {missing}"), err=True)
        no_posters = True
    try:
        progress = Progress(lang)
        try:
            report = run_build(content, output, posters=not no_posters,
                               jobs=jobs or os.cpu_count(), lang=lang, progress=progress)
        finally:
            progress.done()
    except ContentError as err:
        _report(err.problems, lang)
        click.echo(_T["cli.build_failed"] if lang == "zh"
                   else "Build failed; the previous output is unchanged.", err=True)
        sys.exit(1)
    _report(report.problems, lang)
    index = report.output / "index.html"
    if lang == "zh":
        made = (_T["cli.posters_made"].format(posters=report.posters) if not no_posters else
                _T["cli.posters_kept"].format(posters=report.posters))
        click.echo(_T["cli.built"].format(pages=report.pages, images=report.images, made=made,
                                          seconds=report.seconds, output=report.output))
        click.echo(_T["cli.open"].format(uri=index.as_uri()))
    else:
        made = (f"{report.posters} posters" if not no_posters else
                f"no posters (kept {report.posters} from the last build)")
        click.echo(f"Built {report.pages} pages, {report.images} images, {made} "
                   f"in {report.seconds:.1f} s → {report.output}")
        click.echo(f"Open: {index.as_uri()}")


class Progress:
    """Counts what a long command makes (pages, images, posters). On a terminal it shows
    one line that updates in place (stderr); in a pipe or a log it stays quiet, so the
    output there is just the summary."""

    WORDS = {"zh": {"page": _T["cli.progress_page"], "image": _T["cli.progress_image"],
                    "poster": _T["cli.progress_poster"], "slide": _T["cli.progress_slide"]},
             "en": {"page": "pages", "image": "images", "poster": "posters", "slide": "slides"}}

    def __init__(self, lang: str = "zh"):
        self.lang = lang
        self.counts: dict[str, int] = {}
        self.live = getattr(sys.stderr, "isatty", lambda: False)()
        self.shown = 0.0

    def __call__(self, kind: str, path: str = "", *args) -> None:
        import time
        self.counts[kind] = self.counts.get(kind, 0) + 1
        now = time.monotonic()
        if self.live and now - self.shown > 0.1:
            self.shown = now
            words = self.WORDS[self.lang]
            text = (_T["cli.progress_made"] if self.lang == "zh" else "Made ") + _T["punct.comma"].join(
                f"{n} {words.get(k, k)}" for k, n in self.counts.items())
            click.echo("\r" + text[:100] + " " * 4, nl=False, err=True)

    def done(self) -> None:
        if self.live and self.shown:
            click.echo("\r" + " " * 104 + "\r", nl=False, err=True)


@main.command()
@CONTENT
@OUTPUT
@LANG
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on (0.0.0.0 lets other computers see the preview)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(content: Path, output: Path, lang: str, host: str, port: int) -> None:
    """预览：生成网站并在浏览器里打开，修改记录保存后自动刷新；记录有错时页面显示错误清单。"""
    from .serve import serve as run_serve
    heap.ONE_SHOT = False            # it builds for weeks: every build's memory is freed
    if not content.is_dir():
        click.echo((_T["cli.no_content"].format(content=content) if lang == "zh" else f"No content folder {content}"),
                   err=True)
        sys.exit(1)
    try:
        run_serve(content, output, host=host, port=port, lang=lang,
                  echo=lambda text: click.echo(_coloured(text)))
    except OSError as err:
        click.echo(_T["cli.port_busy"].format(host=host, port=port, strerror=err.strerror,
                                              next_port=port + 1) if lang == "zh" else
                   f"Cannot listen on {host}:{port} ({err.strerror}); try --port {port + 1}", err=True)
        sys.exit(1)


NEW_CONTENT = click.option("-c", "--content", type=click.Path(path_type=Path), default=None,
                           help="content folder [default: content]")


@main.group()
@NEW_CONTENT
@click.pass_context
def new(ctx, content: Path | None) -> None:
    """新建记录文件的模板（带中文说明），不会覆盖已有文件。"""
    ctx.obj = content


def _scaffold(fn, content: Path | None, *args) -> None:
    from .scaffold import ScaffoldError
    content = content or click.get_current_context().obj or Path("content")
    try:
        written = fn(content, *args)
    except ScaffoldError as err:
        text = _T["cli.new_error"].format(err=err)
        click.echo(click.style(text, fg="red") if _colour_ok(True) else text, err=True)
        sys.exit(1)
    for path in written:
        click.echo(_T["cli.new_made"].format(path=path))
    click.echo(_T["cli.new_next"])


@new.command("home")
@NEW_CONTENT
@click.argument("home_id")
def new_home(content: Path, home_id: str) -> None:
    """新建工作队之家：homes/HOME_ID/home.yaml（没有 site.yaml 时一并新建）。"""
    from .scaffold import new_home as fn
    _scaffold(fn, content, home_id)


@new.command("team")
@NEW_CONTENT
@click.argument("home_id")
@click.argument("team_id")
def new_team(content: Path, home_id: str, team_id: str) -> None:
    """新建工作队：homes/HOME_ID/teams/TEAM_ID/team.yaml。"""
    from .scaffold import new_team as fn
    _scaffold(fn, content, home_id, team_id)


@new.command("plan")
@NEW_CONTENT
@click.argument("home_id")
@click.argument("team_id")
@click.argument("year", type=int)
def new_plan(content: Path, home_id: str, team_id: str, year: int) -> None:
    """新建年度规划：…/teams/TEAM_ID/plans/YEAR.md。"""
    from .scaffold import new_plan as fn
    from .scaffold import plan_year_note
    _scaffold(fn, content, home_id, team_id, year)
    note = plan_year_note(content or click.get_current_context().obj or Path("content"), home_id, year)
    if note:
        click.echo(note)


@new.command("result")
@NEW_CONTENT
@click.argument("home_id")
@click.argument("team_id")
@click.argument("slug")
def new_result(content: Path, home_id: str, team_id: str, slug: str) -> None:
    """新建成效故事：…/teams/TEAM_ID/results/年-月-SLUG.md。"""
    from .scaffold import new_result as fn
    _scaffold(fn, content, home_id, team_id, slug)


@new.command("honor")
@NEW_CONTENT
@click.argument("home_id")
@click.argument("team_id", required=False)
def new_honor(content: Path, home_id: str, team_id: str | None) -> None:
    """新建一项荣誉：写入工作队之家（或工作队）的 honors.yaml，已有文件则加在末尾。"""
    from .scaffold import new_honor as fn
    _scaffold(fn, content, home_id, team_id)


@main.command("import")
@CONTENT
@LANG
@click.argument("xlsx", type=click.Path(path_type=Path))
@click.option("--home", "home_id", required=True, help=_T["cli.help_home"])
@click.option("--team", "team_id", default=None, help=_T["cli.help_team"])
@click.option("--village", default=None, help=_T["cli.help_village"])
@click.option("--unit", default=None, help=_T["cli.help_unit"])
@click.option("--dry-run", is_flag=True, help=_T["cli.help_dry_run"])
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def import_(content: Path, lang: str, xlsx: Path, home_id: str, team_id: str | None,
            village: str | None, unit: str | None, dry_run: bool, fmt: str) -> None:
    """从 Excel 表格（.xlsx）导入：sitegen export 导出的工作簿，或队员名单、活动记录表；写入或更新 YAML 记录。"""
    from .importer import ImportError_, import_workbook
    try:
        report = import_workbook(xlsx, content, home_id, team_id, village=village, unit=unit,
                                 dry_run=dry_run)
    except ImportError_ as err:
        if fmt == "json":
            click.echo(json.dumps({"ok": False, "error": str(err)}, ensure_ascii=False))
        else:
            click.echo(_coloured(_T["cli.import_error"].format(name=xlsx.name, err=err), True), err=True)
        sys.exit(1)
    failed = bool(errors(report.problems))
    if fmt == "json":
        click.echo(json.dumps({
            "ok": not failed, "sheets": report.sheets, "added": report.added,
            "updated": report.updated, "unchanged": report.unchanged, "kept": report.kept,
            "written": [str(p) for p in report.written] if not dry_run else [],
            "problems": [p.as_dict(lang) for p in sorted(set(report.problems))]},
            ensure_ascii=False, indent=2))
        sys.exit(1 if failed else 0)
    _report(report.problems, lang)
    if failed:
        click.echo(_T["cli.import_failed"] if lang == "zh" else
                   "The workbook has errors; nothing was written.", err=True)
        sys.exit(1)
    verb = _T["cli.import_will_write"] if dry_run else _T["cli.import_written"]
    for path in report.written:
        click.echo(f"{verb} {path}" if lang == "zh" else f"{'Would write' if dry_run else 'Wrote'} {path}")
    if report.kept:
        click.echo((_T["cli.import_kept"] if lang == "zh" else "Kept (not in the sheet): ")
                   + _T["punct.list_sep"].join(report.kept))
    if dry_run:
        if lang == "zh":
            click.echo(_T["cli.import_dry_run"].format(
                sheets=_T["punct.list_sep"].join(report.sheets), added=report.added,
                updated=report.updated, unchanged=report.unchanged))
        else:
            click.echo(f"Dry run: nothing was written. {', '.join(report.sheets)}: would add "
                       f"{report.added}, update {report.updated}, {report.unchanged} unchanged.")
    elif lang == "zh":
        click.echo(_T["cli.import_done"].format(
            sheets=_T["punct.list_sep"].join(report.sheets), added=report.added,
            updated=report.updated, unchanged=report.unchanged))
    else:
        click.echo(f"Imported {', '.join(report.sheets)}: {report.added} added, "
                   f"{report.updated} updated, {report.unchanged} unchanged.")


@main.command("export")
@CONTENT
@LANG
@click.option("--home", "home_id", required=True, help=_T["cli.help_home"])
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=None,
              help=_T["cli.help_export_out"])
def export(content: Path, lang: str, home_id: str, out: Path | None) -> None:
    """把一个工作队之家的记录导出成一本 Excel 工作簿（队员名单、年度目标、措施、活动台账、荣誉）。"""
    from .importer import ImportError_
    from .workbook import export_home
    out = out or Path(f"{home_id}.xlsx")
    try:
        counts = export_home(content, home_id, out)
    except ImportError_ as err:
        click.echo(_coloured(f"{_T['cli.error'] if lang == 'zh' else 'error'}: {err}", True), err=True)
        sys.exit(1)
    except OSError as err:
        click.echo((_T["cli.export_unwritable"].format(out=out, strerror=err.strerror)
                    if lang == "zh" else f"Cannot write {out} ({err.strerror}); is it open in Excel?"),
                   err=True)
        sys.exit(1)
    if lang == "zh":
        click.echo(_T["cli.exported"].format(out=out) + _T["punct.comma"].join(
            _T["cli.export_rows"].format(k=k, n=n) for k, n in counts.items()))
        click.echo(_T["cli.export_next"].format(out=out, home_id=home_id))
    else:
        click.echo(f"Wrote {out}: " + ", ".join(f"{k} {n} rows" for k, n in counts.items()))


@main.command()
@CONTENT
@OUTPUT
@LANG
@click.option("--home", "homes", multiple=True, metavar="ID",
              help="only this home (may be given several times; default: all homes)")
@click.option("--size", type=click.Choice(list(vocab.SIZE)), default=None,
              help="sheet size (default: site.yaml poster.size, else A1)")
@click.option("--orientation", type=click.Choice(list(vocab.ORIENTATION)), default=None,
              help="default: site.yaml poster.orientation, else portrait")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="processes to use (default: all cores)")
def posters(content: Path, output: Path, lang: str, homes: tuple[str, ...], size: str | None,
            orientation: str | None, jobs: int | None) -> None:
    """生成海报 PDF（风采栏、成效榜、荣誉墙、制度上墙），写入 输出/homes/<编号>/posters/。"""
    import time

    missing = _posters_missing(lang, building=False)
    if missing:
        click.echo(_coloured(f"{_T['cli.error'] if lang == 'zh' else 'error'}: {missing}", True), err=True)
        sys.exit(1)
    from . import posters as poster_mod
    from .validate import load_county
    started = time.perf_counter()
    county, problems = load_county(content)
    if county is None or errors(problems):
        _report(problems, lang)
        sys.exit(1)
    unknown = [h for h in homes if h not in county.homes]
    if unknown:
        click.echo((_T["cli.no_such_home"] if lang == "zh" else "No such home: ") + _T["punct.list_sep"].join(unknown)
                   + (_T["cli.available_homes"] if lang == "zh" else "; known: ")
                   + _T["punct.list_sep"].join(county.homes), err=True)
        sys.exit(1)
    progress = Progress(lang)
    try:
        made = poster_mod.make_all(county, output, cache=Path(content).resolve().parent / ".sitegen-cache",
                                   jobs=jobs or os.cpu_count(), lang=lang, progress=progress,
                                   homes=list(homes) or None, size=size, orientation=orientation)
    except ContentError as err:
        progress.done()
        _report(err.problems, lang)
        sys.exit(1)
    except (OSError, poster_mod.images.Refused) as err:   # a full disk, a damaged photo
        from .faults import _undecodable, fault
        progress.done()
        _report([fault(err, Path(output).resolve())] if isinstance(err, OSError)
                else _undecodable(county, err), lang)
        sys.exit(1)
    progress.done()
    from .faults import _cache_notes
    _report(problems + made.problems + _cache_notes(Path(content).resolve().parent / ".sitegen-cache"),
            lang)   # damaged poster cache entries: one line
    seconds = time.perf_counter() - started
    if lang == "zh":
        click.echo(_T["cli.posters_done"].format(n=int(made), cached=made.cached, seconds=seconds,
                                                 folder=Path(output).resolve() / "homes"))
    else:
        click.echo(f"Made {int(made)} posters ({made.cached} unchanged, from the cache) in {seconds:.1f} s"
                   f" → {Path(output).resolve() / 'homes'}")


if __name__ == "__main__":
    main()
