"""The build: read → validate → plan → render → write, in this order and nothing else.

The CLI and the dev server call `build()` (and `sitegen posters` calls `make_posters()`);
nothing else knows the order of the stages, and each stage has one owner:

    content/ ──read+validate (validate.py; cached per home: incremental.py)──▶ County
    County ──plan.py──▶ pages, slides (screen.py), posters: every output, with its context
    pages ──render.py (Jinja, one process pool)──▶ HTML;  posters ──posters.py (WeasyPrint)──▶ PDF
    photos ──images.py──▶ derivatives;  keys and the manifest ──incremental.py
    all of it ──write.py (the only one that touches output/)──▶ stage ──atomic swap──▶ output/

A build with errors raises `ContentError` before anything is written, and a build that
fails later (or is killed) never touches the published folder (see `write.py`).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import beside, heap, images, render, write
from . import incremental as I
from .faults import _cache_notes, _undecodable, special_problems, told
from .problems import ContentError, Problem, errors

# The stages that need the model (validate, plan) are imported once there is something to
# build: a build that finds nothing changed is done before them (incremental.py says why).


@dataclass
class BuildReport:
    output: Path
    pages: int = 0
    images: int = 0
    posters: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rendered: int = 0          # pages rendered this time (the rest reused unchanged)
    noop: bool = False         # nothing changed: the output was left as it was


def check(content: Path) -> list[Problem]:
    from .validate import load_county
    _county, problems = load_county(content)
    return problems


def build(content: Path, output: Path, *, posters: bool = True, jobs: int | None = None,
          lang: str = "zh", cache: Path | None = None, progress=None) -> BuildReport:
    """Build, or raise `ContentError` (record problems, or a fault of the disk: full,
    read-only, unreadable) having changed nothing in the output folder.

    A fault after the new output is in place (saving the cache) is only a warning: the
    build is published, the next one is slower."""
    content, output = Path(content).resolve(), Path(output).resolve()
    cache = Path(cache).resolve() if cache else content.parent / ".sitegen-cache"
    with told(content, output, cache), heap.collector_paused():
        try:
            report = _build(content, output, posters, max(1, jobs or os.cpu_count() or 1),
                            lang, cache, progress)
        finally:
            images.forget_hashes()      # the scan's hashes are this build's only
    report.problems = list(report.problems) + _cache_notes(cache)
    return report


def _build(content: Path, output: Path, posters: bool, jobs: int, lang: str, cache: Path,
           progress) -> BuildReport:
    started = time.perf_counter()
    last = I.Manifest.load(cache, output, small=True)
    racy = bool(last.live_print.get("racy"))        # write.intact clears it once checked
    big = beside.worth(last.live_print.get("n"))
    files = I.Files(cache, content)                 # what changed since the last build
    files.scan(fork=big)                            # (each walk shared by the two cores)
    home_tree, outside, everything = files.digests()
    dirs = render.template_dirs(content)
    tversion = render.template_version(dirs)
    state = I.state_of(files, everything, tversion, lang, posters)
    # Nothing changed: is the published folder as recorded?
    checked = write.intact_print(output, last.live_print, fork=big) if last.state == state else None
    if checked is not None:                                            # nothing to do
        last.live_print = checked
        I.settle_noop(files, last, cache, output, racy)
        return BuildReport(output, last.pages, last.images, last.posters,
                           time.perf_counter() - started, last.problems, last.page_list, noop=True)
    from . import plan
    # The kept folder is walked beside the loading, planning and keying (beside.py).
    with beside.Beside(write.walk_kept, output, fork=big) as walked:
        images.know_hashes(content, files.hashes)      # photos named and checked by these hashes
        home_tree, outside, everything = files.digests()   # (a unit read again: its own)
        last.load_files(cache, output)

        loader = I.HomeLoader(cache, files.hashes, home_tree, jobs)    # read + validate
        county, problems = _load(content, files, loader, I.SupervisionLoader(cache, files.hashes))
        report = BuildReport(output=output, problems=problems)

        env = render.make_env(dirs, cache)                             # plan, and the keys
        pages, base = plan.plan_site(county, lang)
        collector: list = []
        render.install_globals(env, county, collector)
        keyer = I.PageKeys(env, base, county, loader.digests, everything, lang, tversion, outside)
        keys = keyer.keys(pages, cache)
        screens = I.SlideCounts(cache)
        screens.fill(pages, keys)
        pieces = I.KeptSlides(cache)
        pieces.fill(screens, county, files.hashes)

        stage = write.Stage(output, last.live, last.kept, walked=walked)   # render into the stage
    workers = render.Workers(jobs, env=env, base=base, pages=pages, root=stage.root, collector=collector)
    try:
        if posters:
            from .posters import PosterRun
            run = PosterRun(county, stage, cache, lang=lang, progress=progress,
                            inputs=I.home_inputs(loader.digests, outside, tversion))
            run.submit(workers)                     # PDFs render while the pages do
        media, reads, todo = I.reusable(pages, keys, last, county, files.hashes,
                                        keyer.read_digest, stage, progress)
        for i, used, read, written in render.render_pages(todo, workers, progress):
            path = pages[i].path
            reads[path] = I.reads_of(read, keyer.read_digest)
            stage.record(path, I.filed_key(keys[i], reads[path]), written)
            media[path] = I.media_of(used, files.hashes)
        report.rendered, report.pages, report.files = len(todo), len(pages), [p.path for p in pages]
        render.write_search(stage, county, base["labels"])
        stage.static(dirs)
        report.images = images.write_media(county, media, stage, cache, workers.pool)
        if posters:
            report.posters = run.finish()
            report.problems += report.posters.problems          # photo_low_dpi warnings
        else:        # pages only (the dev server): the last build's posters stay published
            report.posters = stage.carry(lambda rel: plan.is_poster_of(rel, county.homes))
        version = render.write_version(stage)   # of every file: the same whatever was kept
        record = stage.swap()                                          # publish
    except images.Refused as refused:       # found only by decoding every pixel
        stage.abort()
        raise ContentError(_undecodable(county, refused)) from refused
    except BaseException:
        stage.abort()
        raise
    finally:
        workers.close()
    # Published. What follows only saves the cache; its failures are warnings (cache.unwritable).
    files.commit()
    screens.keep()
    pieces.keep(files.hashes)
    I.Manifest(state, version, report.pages, report.images, int(report.posters or 0), report.files,
               report.problems, media, record, stage.kept_record(), write.fingerprint(record),
               reads, last.packed, last.store).save(cache, output)
    report.seconds = time.perf_counter() - started
    heap.leave(county, pages, keys, media, reads, last, files, loader, record, stage, env)
    return report


def _load(content: Path, files: I.Files, loader: I.HomeLoader, supervision: I.SupervisionLoader):
    """The validated county, or `ContentError` with every problem of the run."""
    from .validate import load_county
    specials = special_problems(files.special)       # a FIFO where a record belongs: it would hang
    county, problems = load_county(content, load_homes=loader, load_supervision=supervision) \
        if not errors(specials) else (None, [])
    problems = problems + specials
    if county is None or errors(problems):
        files.commit()
        raise ContentError(problems)
    return county, problems


def make_posters(county, output: Path, *, cache: Path | None = None, jobs: int | None = None,
                 lang: str = "zh", progress=None, homes: list[str] | None = None,
                 size: str | None = None, orientation: str | None = None):
    """`sitegen posters`: the posters asked for, through the same stage and swap as a
    build; everything else the last build published stays as it was (checked, linked)."""
    output = Path(output).resolve()
    cache = Path(cache).resolve() if cache else Path(county.root).parent / ".sitegen-cache"
    from . import plan
    from .posters import PosterRun, require_cjk_font
    require_cjk_font()                               # told before the output is touched
    last = I.Manifest.load(cache, output)
    stage = write.Stage(output, last.live, last.kept)
    workers = render.Workers(jobs or os.cpu_count() or 1)
    try:
        run = PosterRun(county, stage, cache, lang=lang, progress=progress, homes=homes,
                        size=size, orientation=orientation)
        run.submit(workers)
        made = run.finish()
        stage.carry(lambda rel: True)
        record = stage.swap()
    except BaseException:
        stage.abort()
        raise
    finally:
        workers.close()
    last.state, last.live, last.kept = "posters", record, stage.kept_record()  # next build: not a no-op
    last.live_print = write.fingerprint(record)
    last.posters = sum(plan.is_poster_of(rel, county.homes) for rel in record["files"])
    last.save(cache, output)
    return made
