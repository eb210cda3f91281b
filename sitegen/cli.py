"""Command line: a thin shell around `build.py`. Exit 0 on success, 1 on record errors."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
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


@click.group()
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """sitegen：驻村工作队之家 风采栏、成效榜、荣誉墙 网站、海报和大屏生成器。"""
    _utf8_console()


def _report(problems, lang: str, fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(format_json(problems, lang))
    elif problems:
        click.echo(format_text(problems, lang), err=bool(errors(problems)))


@main.command()
@CONTENT
@LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def check(content: Path, lang: str, fmt: str) -> None:
    """检查记录文件，列出所有错误（文件、行、字段和改法）。"""
    from .build import check as run_check
    problems = run_check(content)
    _report(problems, lang, fmt)
    if errors(problems):
        sys.exit(1)
    if fmt == "text":
        click.echo("检查通过，没有错误。" if lang == "zh" else "No errors.")


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
    try:
        report = run_build(content, output, posters=not no_posters, jobs=jobs or os.cpu_count(),
                           lang=lang)
    except ContentError as err:
        _report(err.problems, lang)
        click.echo("生成失败，原来的输出没有改动。" if lang == "zh"
                   else "Build failed; the previous output is unchanged.", err=True)
        sys.exit(1)
    _report(report.problems, lang)
    index = report.output / "index.html"
    if lang == "zh":
        click.echo(f"已生成 {report.pages} 个页面、{report.images} 张图片、{report.posters} 张海报，"
                   f"用时 {report.seconds:.1f} 秒 → {report.output}")
        click.echo(f"打开：{index.as_uri()}")
    else:
        click.echo(f"Built {report.pages} pages, {report.images} images, {report.posters} posters "
                   f"in {report.seconds:.1f} s → {report.output}")
        click.echo(f"Open: {index.as_uri()}")


if __name__ == "__main__":
    main()
