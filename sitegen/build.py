"""The build: read → validate → plan → render → write, as one function.

The CLI and the dev server call `build()`; nothing else knows the order of the stages.
A build with errors raises `ContentError` before anything is written, and a build that
fails later (or is killed) never touches the published folder: see `write.py`.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import images, plan, render
from .problems import ContentError, Problem, errors
from .validate import content_path, load_county


@dataclass
class BuildReport:
    output: Path
    pages: int = 0
    images: int = 0
    posters: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def check(content: Path) -> list[Problem]:
    _county, problems = load_county(content)
    return problems


def build(content: Path, output: Path, *, posters: bool = True, jobs: int | None = None,
          lang: str = "zh", cache: Path | None = None, progress=None) -> BuildReport:
    started = time.perf_counter()
    content, output = Path(content).resolve(), Path(output).resolve()
    county, problems = load_county(content)
    if county is None or errors(problems):
        raise ContentError(problems)
    cache = cache or content.parent / ".sitegen-cache"
    report = BuildReport(output=output, problems=problems)

    # Imported here: the write stage is the only one that touches the output folder.
    from .write import staging_dir, swap_in, write_file

    stage = staging_dir(output)
    try:
        dirs = render.template_dirs(content)
        env = render.make_env(dirs)
        pages, base = plan.plan_site(county, lang)
        media: dict[str, tuple[str, int]] = {}
        _install_globals(env, county, media)
        for page in pages:
            html = env.get_template(page.template).render(
                **base, **page.context, page_path=page.path, page_title=page.title)
            write_file(stage, page.path, html)
            report.files.append(page.path)
            if progress:
                progress("page", page.path)
        report.pages = len(pages)
        write_file(stage, "search-index.js", _search_js(county))
        _copy_static(dirs, stage)
        for out_rel, (src, width) in sorted(media.items()):
            write_file(stage, out_rel, images.derive(src, width, cache))
        report.images = len(media)
        write_file(stage, "version.json", _version_json(stage))
        if posters:
            report.posters = _make_posters(county, stage, cache, jobs, lang, progress)
            report.problems += getattr(report.posters, "problems", [])  # photo_low_dpi warnings
        swap_in(stage, output)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


def _install_globals(env: jinja2.Environment, county, media: dict) -> None:
    @jinja2.pass_context
    def photo(ctx, record_rel: str, src: str | None, width: int = 480) -> str | None:
        """URL of a photo (named in `record_rel`) resized for the page; None if no photo."""
        if not src:
            return None
        absolute = county.images[content_path(record_rel, src)]
        out_rel = images.media_path(absolute, width)
        media[out_rel] = (absolute, width)
        return render.relative(out_rel, ctx["page_path"])

    env.globals.update(url=render.url, photo=photo)


def _links_leaving(top: Path):
    """copytree `ignore`: skip symlinks that lead out of `top` (security: nothing from
    outside the site's folders is published)."""
    real_top = os.path.realpath(top)

    def ignore(folder, names):
        skip = set()
        for name in names:
            real = os.path.realpath(os.path.join(folder, name))
            if os.path.commonpath([real, real_top]) != real_top:
                skip.add(name)
        return skip
    return ignore


def _copy_static(dirs: list[Path], stage: Path) -> None:
    """Static assets (CSS, JS, icons): site overrides win over the defaults."""
    for d in reversed(dirs):
        static = d / "static"
        if static.is_dir():
            shutil.copytree(static, stage / "static", dirs_exist_ok=True,
                            ignore=_links_leaving(static))


def _search_js(county) -> str:
    """The search index as a script (not JSON): `fetch` is refused from file://."""
    rows = plan.search_entries(county)
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.SITEGEN_SEARCH={data};\n"


def _version_json(stage: Path) -> str:
    """A fingerprint of the build, polled by lobby screens to notice a new one."""
    import hashlib
    h = hashlib.sha256()
    for path in sorted(stage.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(stage).as_posix().encode())
            h.update(path.read_bytes())
    return json.dumps({"version": h.hexdigest()[:16]}) + "\n"


def _make_posters(county, stage: Path, cache: Path, jobs, lang, progress) -> int:
    try:
        from . import posters
    except ImportError:
        return 0
    return posters.make_all(county, stage, cache=cache, jobs=jobs, lang=lang, progress=progress)
