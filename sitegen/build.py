"""The build: read → validate → plan → render → write, as one function.

The CLI and the dev server call `build()`; nothing else knows the order of the stages.
A build with errors raises `ContentError` before anything is written, and a build that
fails later (or is killed) never touches the published folder: see `write.py`.

Incremental and parallel (see `cache.py` for what is kept between builds):
- every content file is hashed once (unchanged stat → the recorded hash); when nothing
  changed since the last build into this output, the build stops there (no-op);
- homes are parsed and validated independently, from their cache when none of their files
  changed, the rest spread over `jobs` processes when there are many;
- every page gets a key: its template (with everything it extends, imports and includes),
  the page's own context, and only those shared values its templates read (found by
  Jinja's static analysis; anything unknown makes the page depend on everything). A page
  whose key is unchanged is taken from the previous output by hard link into the stage;
  the others are rendered, over `jobs` processes when there are many;
- the stage is then swapped in atomically as before, so the output is always a complete
  build, byte-identical to a clean one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import time
import types
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta
from pydantic import BaseModel

from . import cache as C
from . import facts, images, plan, render
from . import model as m
from .i18n import OS_REASONS_ZH
from .problems import ContentError, Problem, errors
from .validate import content_path, load_county, load_home

PARALLEL_PAGES = 400     # fewer pages to render than this: one process (forking costs more)
PARALLEL_HOMES = 48      # fewer homes to parse than this: one process
PARALLEL_IMAGES = 64


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
    C.reset_notes()
    try:
        report = _build(content, output, posters, jobs, lang, cache, progress)
    except ContentError as err:
        err.problems = images.explain(err.problems, content) + _cache_notes(cache)
        raise
    except OSError as err:
        raise BuildFault([fault(err, output)] + _cache_notes(cache), err) from err
    report.problems = list(report.problems) + _cache_notes(cache)
    return report


class BuildFault(ContentError, OSError):
    """A fault of the disk (full, read-only, unreadable) told as a located problem; still
    an OSError for callers that handle those, a ContentError for those that show problems."""

    def __init__(self, problems: list[Problem], err: OSError):
        ContentError.__init__(self, problems)
        self.errno, self.strerror, self.filename = err.errno, err.strerror, err.filename


def fault(err: OSError, output: Path | None = None) -> Problem:
    """A disk fault as a located problem: which path, and what to do about it."""
    import errno

    from .problems import problem
    path = str(err.filename or "")
    if output is not None:       # the staging folder is ours: name the output folder
        stage = f"{output.parent}{os.sep}.{output.name}.tmp-"
        if path.startswith(stage):
            path = str(output / path[len(stage):].partition(os.sep)[2])
    reason = err.strerror or type(err).__name__
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        code = "disk_full"
    elif err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        code = "read_only"
    else:
        code = "io_error"
    if err.errno == errno.ENOTDIR and output is not None and path == str(output):
        code = "output_not_folder"
    return problem(code, path or str(output or ""), path=path or str(output or ""), reason=reason,
                   reason_zh=_reason_zh(err.errno, reason))


def _reason_zh(number: int | None, fallback: str) -> str:
    import errno
    return {getattr(errno, name): text for name, text in OS_REASONS_ZH.items()}.get(number, fallback)


def _cache_notes(cache: Path) -> list[Problem]:
    """One line for whatever was wrong with the cache this build (never an error)."""
    from .problems import WARNING, problem
    notes = []
    if C.rejected:
        first = sorted(set(C.rejected))[0]
        try:
            first = Path(first).relative_to(cache).as_posix()
        except ValueError:
            pass
        notes.append(problem("cache_ignored", str(cache), severity=WARNING, n=len(set(C.rejected)),
                             path=first, folder=str(cache)))
    if C.unwritable:
        where, reason, number = C.unwritable[0]
        notes.append(problem("cache_unwritable", where, severity=WARNING, path=where,
                             reason=reason, reason_zh=_reason_zh(number, reason)))
    C.reset_notes()
    return notes


def _build(content: Path, output: Path, posters: bool, jobs: int | None, lang: str,
           cache: Path, progress) -> BuildReport:
    started = time.perf_counter()
    jobs = max(1, jobs or os.cpu_count() or 1)

    files = C.Files(cache, content)
    hashes = files.scan()
    specials = _special_files(files)
    home_tree, _outside, everything = C.tree_digests(hashes)
    dirs = render.template_dirs(content)
    tversion = render.template_version(dirs)
    manifest_path = cache / "build" / f"out-{C.digest(str(output))[:16]}.pickle"
    old = C.load(manifest_path, {})
    if not isinstance(old, dict):
        old = {}
    state = C.digest(C.code_version(), everything, tversion, lang, bool(posters), *files.special)
    previous_ok = _output_is(output, old)
    published = _stats(output) if previous_ok else {}
    if previous_ok and old.get("state") == state and published == old.get("stats"):
        files.commit()
        report = BuildReport(output=output, pages=old["pages"], images=old["images"],
                             posters=old["posters"], files=list(old["page_list"]), noop=True)
        report.problems = old.get("problems", [])
        report.seconds = time.perf_counter() - started
        return report

    if errors(specials):             # a FIFO where a record belongs: reading it would hang
        files.commit()
        raise ContentError(specials)
    loader = _HomeLoader(cache, hashes, home_tree, jobs)
    county, problems = load_county(content, load_homes=loader)
    problems = problems + specials
    if county is None or errors(problems):
        files.commit()
        raise ContentError(problems)
    report = BuildReport(output=output, problems=problems)

    # Imported here: the write stage is the only one that touches the output folder.
    from .write import link_file, staging_dir, swap_in, write_file

    stage = staging_dir(output)
    try:
        env = render.make_env(dirs, cache)
        pages, base = plan.plan_site(county, lang)
        collector: list = []
        _install_globals(env, county, collector)
        keyer = _PageKeys(env, base, county, loader.digests, everything, lang, tversion)
        analysed_path = cache / "build" / "templates.pickle"
        keyer.analysed = C.load(analysed_path, {}) or {}
        known = len(keyer.analysed)
        keys = [keyer.key(p) for p in pages]
        if len(keyer.analysed) != known:
            C.save(analysed_path, keyer.analysed)

        # A published file is reused only if it is still the very file the last build
        # wrote (same size and time): one edited or deleted by hand is made anew.
        was = old.get("stats") or {}
        reuse = {rel: key for rel, key in old.get("files", {}).items()
                 if rel in published and published[rel] == was.get(rel)} if previous_ok else {}
        old_media = old.get("page_media", {}) if previous_ok else {}
        new_files: dict[str, str] = {}
        page_media: dict[str, list] = {}
        todo = []
        for i, (page, key) in enumerate(zip(pages, keys)):
            new_files[page.path] = key
            used = old_media.get(page.path)
            # Every photo the page shows must still be the same file (by content hash):
            # a photo named in a bulletin body is not among the values the key reads.
            if reuse.get(page.path) == key and used is not None and \
                    all(src in county.images and hashes.get(src) == sha for src, _w, sha in used):
                link_file(output / page.path, stage, page.path)
                page_media[page.path] = used
                if progress:
                    progress("page", page.path)
            else:
                todo.append(i)
        for i, used in _render_pages(env, base, pages, todo, stage, collector, jobs, progress):
            page_media[pages[i].path] = [(src, w, hashes.get(src)) for src, w in used]
        report.rendered = len(todo)
        report.pages = len(pages)
        report.files = [p.path for p in pages]

        search_key = C.digest("search", C.code_version(), everything, lang)
        new_files["search-index.js"] = search_key
        if reuse.get("search-index.js") == search_key:
            link_file(output / "search-index.js", stage, "search-index.js")
        else:
            write_file(stage, "search-index.js", _search_js(county, base["labels"]))
        static = _copy_static(dirs, stage)

        media: dict[str, tuple[str, int]] = {}
        for used in page_media.values():
            for src, width, _sha in used:
                absolute = county.images[src]
                media[images.media_path(absolute, width)] = (absolute, width)
        try:
            report.images = _write_media(media, reuse, new_files, output, stage, cache, jobs)
        except images.Refused as refused:   # found only by decoding every pixel
            raise ContentError(_undecodable(county, refused)) from refused

        version = _version_json(new_files, static)
        write_file(stage, "version.json", version)
        if posters:
            try:
                report.posters = _make_posters(county, stage, cache, jobs, lang, progress)
            except images.Refused as refused:    # a photo shown only on a poster
                raise ContentError(_undecodable(county, refused)) from refused
            report.problems += getattr(report.posters, "problems", [])  # photo_low_dpi warnings
        else:
            report.posters = _keep_posters(output, stage, county, link_file)
        swap_in(stage, output)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    # Published. What follows only saves the cache; its failures are warnings (C.unwritable).
    files.commit()
    C.save(manifest_path, {
        "state": state, "files": new_files, "page_media": page_media, "version": version,
        "stats": _stats(output), "pages": report.pages, "images": report.images,
        "posters": int(report.posters or 0), "page_list": report.files,
        "problems": report.problems})
    report.seconds = time.perf_counter() - started
    return report


RECORD_SUFFIXES = (".yaml", ".yml", ".md")


def _special_files(files: C.Files) -> list[Problem]:
    return special_problems(files.special)


def special_problems(rels: list[str]) -> list[Problem]:
    """FIFOs, devices and sockets under content/: never read (a FIFO blocks for ever).
    Where a record belongs, it is an error (the record cannot be read); elsewhere a warning."""
    from .problems import ERROR, WARNING, problem
    return [problem("special_file", rel, severity=ERROR if rel.lower().endswith(RECORD_SUFFIXES)
                    else WARNING, path=rel) for rel in rels]


def _undecodable(county, refused: images.Refused) -> list[Problem]:
    """The problem `sitegen check` gives for a photo that opens but does not decode whole
    (truncated, header only): the same file, line and field, found the same way."""
    import datetime

    from .lint import lint_county
    from .problems import problem
    found = [p for p in lint_county(county, datetime.date.today())
             if p.code in ("image_undecodable", "image_invalid") or p.code == refused.code]
    if found:
        return images.explain(found, county.root)
    path = getattr(refused, "path", "")
    rel = next((r for r, a in county.images.items() if a == path), path)
    return [problem(refused.code if refused.code != "image_invalid" else "image_undecodable",
                    rel, path=rel, **refused.params)]


def _stats(root: Path) -> dict[str, tuple]:
    """(size, mtime) of every file under the output folder. Not the inode: FAT sticks and
    Windows give files no stable one."""
    out: dict[str, tuple] = {}
    for rel, e in C.scan_tree(root):
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        out[rel] = (st.st_size, st.st_mtime_ns)
    return out


def _output_is(output: Path, old: dict) -> bool:
    """Is the output folder still the one the manifest describes (ours, untouched)?"""
    if not old.get("version"):
        return False
    try:
        return (output / "version.json").read_text(encoding="utf-8") == old["version"]
    except OSError:
        return False


# ------------------------------------------------------------------ loading homes

_MEMORY: dict = {}     # (cache, home) -> entry: the dev server keeps homes in memory


def _load_home_job(args):
    root, home_dir = args
    return load_home(root, home_dir)


class _HomeLoader:
    """`load_county`'s home loader: cached homes as they were, the others parsed anew."""

    def __init__(self, cache: Path, hashes: dict, home_tree: dict, jobs: int):
        self.dir, self.hashes, self.tree, self.jobs = cache / "build" / "homes", hashes, home_tree, jobs
        self.digests: dict[str, str] = {}      # home id -> digest of all its inputs
        self.parsed = 0

    def __call__(self, root: Path, home_dirs: list[Path]):
        """Cached entries hold image paths relative to the content folder, made absolute
        here under *this* folder: a cache shared by two folders, or kept across a rename,
        never points a page at another folder's photo."""
        code = C.code_version()
        out: list = [None] * len(home_dirs)
        misses = []
        for i, d in enumerate(home_dirs):
            hid = d.name
            key = C.digest(code, hid, self.tree.get(hid, ""))
            entry = _MEMORY.get((self.dir, hid))
            if not entry or entry["key"] != key:
                entry = C.load(self.dir / f"{hid}.pickle")
            if _entry_ok(entry, key, self.hashes):
                _MEMORY[(self.dir, hid)] = entry
                record, problems, rels = entry["value"]
                out[i] = (record, problems, {r: str(root / r) for r in rels})
                self.digests[hid] = C.digest(key, sorted(entry["ext"].items()))
            else:
                misses.append((i, d, key))
        if len(misses) >= PARALLEL_HOMES and self.jobs > 1:
            with _pool(self.jobs) as pool:
                results = list(pool.map(_load_home_job, [(root, d) for _i, d, _k in misses],
                                        chunksize=max(1, len(misses) // (self.jobs * 8))))
        else:
            results = [load_home(root, d) for _i, d, _k in misses]
        self.parsed = len(misses)
        for (i, d, key), value in zip(misses, results):
            hid = d.name
            out[i] = value
            record, problems, imgs = value
            prefix = f"homes/{hid}/"
            ext = {r: self.hashes.get(r) for r in imgs if not r.startswith(prefix)}
            self.digests[hid] = C.digest(key, sorted(ext.items()))
            if record is not None and not errors(problems):
                entry = {"key": key, "ext": ext, "value": (record, problems, sorted(imgs))}
                _MEMORY[(self.dir, hid)] = entry
                C.save(self.dir / f"{hid}.pickle", entry)
        return out


def _entry_ok(entry, key: str, hashes: dict) -> bool:
    """A cached home entry of the expected shape, for these inputs (the seal was checked
    when it was read; the shape is checked too, so nothing below can trip on it)."""
    try:
        record, problems, rels = entry["value"]
        return entry["key"] == key and isinstance(record, m.HomeRecord) and \
            isinstance(problems, list) and all(isinstance(r, str) and r in hashes for r in rels) and \
            isinstance(entry["ext"], dict) and \
            all(hashes.get(r) == s for r, s in entry["ext"].items())
    except (TypeError, KeyError, ValueError):
        return False


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one: they share the loaded model and templates."""
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:           # no fork (Windows): spawn works, just slower to start
        ctx = None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


# ------------------------------------------------------------------ page keys

class _PageKeys:
    """What a page's HTML depends on, as one hash."""

    def __init__(self, env, base: dict, county: m.County, home_digests: dict, everything: str,
                 lang: str, tversion: str = ""):
        self.env, self.base, self.county = env, base, county
        self.home_digests, self.everything, self.lang = home_digests, everything, lang
        self.year, self.since = county.year, facts.since_date(county)
        self.templates: dict[str, tuple[str, frozenset | None]] = {}
        self.base_digests: dict[str, str] = {}
        self.code = C.code_version()
        self.tversion = tversion       # every template: what a computed include may pull in
        self.analysed: dict = {}       # template source hash -> (names, referenced templates)

    def template(self, name: str) -> tuple[str, frozenset | None]:
        """(hash of the template and all it pulls in, top-level names it reads or None)."""
        if name in self.templates:
            return self.templates[name]
        self.templates[name] = (C.digest("cycle", name), frozenset())   # guards recursion
        source, _filename, _uptodate = self.env.loader.get_source(self.env, name)
        sha = hashlib.sha256(source.encode()).hexdigest()
        if sha not in self.analysed:                 # Jinja's analysis compiles: keep it
            ast = self.env.parse(source)
            self.analysed[sha] = (set(meta.find_undeclared_variables(ast)),
                                  list(meta.find_referenced_templates(ast)))
        found, refs = self.analysed[sha]     # (templates.pickle is sealed, see cache.py)
        names: set | None = set(found)
        parts = [source]
        for ref in refs:
            if ref is None:       # a template chosen at render time: it may be any of them
                names = None
                parts.append("ALL-TEMPLATES" + self.tversion)
                continue
            sub_hash, sub_names = self.template(ref)
            parts.append(sub_hash)
            if names is not None:
                names = None if sub_names is None else names | sub_names
        result = (C.digest(*parts), None if names is None else frozenset(names))
        self.templates[name] = result
        return result

    def key(self, page) -> str:
        thash, names = self.template(page.template)
        shared = sorted(self.base) if names is None else sorted(n for n in names if n in self.base)
        return C.digest(self.code, thash, page.path, page.template, page.title, self.lang,
                        *[f"{n}={self.base_digest(n)}" for n in shared],
                        self.value(page.context))

    def base_digest(self, name: str) -> str:
        if name not in self.base_digests:
            self.base_digests[name] = self.value(self.base[name])
        return self.base_digests[name]

    def home(self, hid: str) -> str:
        return "H" + self.home_digests.get(hid, self.everything)

    def value(self, v, depth: int = 0) -> str:
        """A digest-ready text that changes whenever `v` (as a template sees it) changes."""
        if v is None or isinstance(v, (str, int, float, bool, dt.date)):
            return repr(v)
        if depth > 12:
            return self.everything
        if isinstance(v, (list, tuple)):
            return "[" + ",".join(self.value(x, depth + 1) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ",".join(f"{self.value(k, depth + 1)}:{self.value(x, depth + 1)}"
                                  for k, x in v.items()) + "}"
        if isinstance(v, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(x, depth + 1) for x in v)) + "}"
        if isinstance(v, m.County):
            return "ALL" + self.everything
        if isinstance(v, m.HomeRecord):
            return self.home(v.id)
        if isinstance(v, m.TeamRecord):
            return self.home(v.home_id) + "/" + v.id
        if isinstance(v, (plan.HomeFacts, plan.TeamFacts)):
            hid = v.record.id if isinstance(v, plan.HomeFacts) else v.record.home_id
            return f"{type(v).__name__}{self.home(hid)}/{v.record.id}@{self.year}@{self.since}"
        if isinstance(v, BaseModel):
            return repr(v)
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return type(v).__name__ + self.value(
                {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}, depth + 1)
        if isinstance(v, (types.ModuleType, types.FunctionType, type)):
            return getattr(v, "__name__", "?")      # code: part of the code version
        return "ALL" + self.everything               # unknown: depends on everything


# ------------------------------------------------------------------ rendering

_JOB: dict = {}


def _render_one(env, base, page, stage, collector) -> list:
    from .write import write_file
    collector.clear()
    html = env.get_template(page.template).render(
        **base, **page.context, page_path=page.path, page_title=page.title)
    write_file(stage, page.path, html)
    return sorted(set(collector))


def _render_chunk(indices: list[int]) -> list:
    j = _JOB
    return [(i, _render_one(j["env"], j["base"], j["pages"][i], j["stage"], j["collector"]))
            for i in indices]


def _render_pages(env, base, pages, todo, stage, collector, jobs, progress):
    if len(todo) < PARALLEL_PAGES or jobs < 2:
        for i in todo:
            yield i, _render_one(env, base, pages[i], stage, collector)
            if progress:
                progress("page", pages[i].path)
        return
    for name in {pages[i].template for i in todo}:
        env.get_template(name)                   # compile once, before forking
    _JOB.update(env=env, base=base, pages=pages, stage=stage, collector=collector)
    size = max(8, len(todo) // (jobs * 6))
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    try:
        with _pool(jobs) as pool:
            for done in pool.map(_render_chunk, chunks):
                for i, used in done:
                    yield i, used
                    if progress:
                        progress("page", pages[i].path)
    finally:
        _JOB.clear()


def _install_globals(env: jinja2.Environment, county, collector: list) -> None:
    names: dict[tuple[str, str, int], tuple[str, str]] = {}   # one build: files do not change

    @jinja2.pass_context
    def photo(ctx, record_rel: str, src: str | None, width: int = 480) -> str | None:
        """URL of a photo (named in `record_rel`) resized for the page; None if no photo."""
        if not src:
            return None
        key = (record_rel, src, width)
        if key not in names:
            rel = content_path(record_rel, src)
            names[key] = (rel, images.media_path(county.images[rel], width))
        rel, out_rel = names[key]
        collector.append((rel, width))
        return render.relative(out_rel, ctx["page_path"])

    env.globals.update(url=render.url, photo=photo)


# ------------------------------------------------------------------ photos, static, search

def _derive_job(args):
    src, width, cache = args
    try:
        images.derive(src, width, cache)
    except Exception:     # told again, located, when the main process derives it
        pass


def _write_media(media: dict, reuse: dict, new_files: dict, output: Path, stage: Path,
                 cache: Path, jobs: int) -> int:
    from .write import link_file, write_file
    todo = []
    for out_rel, (src, width) in sorted(media.items()):
        key = f"{out_rel}@{images.PIPELINE_VERSION}"
        new_files[out_rel] = key
        if reuse.get(out_rel) == key:
            link_file(output / out_rel, stage, out_rel)
        else:
            todo.append((out_rel, src, width))
    missing = [(src, width, cache) for _o, src, width in todo
               if not _cached_image(cache, src, width).is_file()]
    if len(missing) >= PARALLEL_IMAGES and jobs > 1:
        with _pool(jobs) as pool:
            list(pool.map(_derive_job, missing, chunksize=16))
    for out_rel, src, width in todo:
        # Written anew from the verified cache entry, never linked to it: a published file
        # that is a hard link into the cache changes whenever the cache file does (a new
        # file costs ~1 ms here against 0.02 ms for a link: see docs/benchmarks.md).
        write_file(stage, out_rel, images.derive(src, width, cache))
    return len(media)


def _cached_image(cache: Path, src: str, width: int) -> Path:
    return cache / "images" / f"{images.source_hash(src)}-{width}-{images.PIPELINE_VERSION}.jpg"


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


def _copy_bytes(src: Path, dst: Path, ignore) -> None:
    """copytree, bytes only: not copy2's times and modes, which FAT sticks and some network
    shares refuse (ENOSYS, EPERM) and the output needs neither."""
    for folder, subdirs, names in os.walk(src, followlinks=True):
        skip = ignore(folder, subdirs + names)
        subdirs[:] = sorted(d for d in subdirs if d not in skip)
        target = dst / os.path.relpath(folder, src)
        target.mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            if name not in skip:
                shutil.copyfile(os.path.join(folder, name), target / name)


def _copy_static(dirs: list[Path], stage: Path) -> dict[str, str]:
    """Static assets (CSS, JS, icons): site overrides win over the defaults."""
    for d in reversed(dirs):
        static = d / "static"
        if static.is_dir():
            _copy_bytes(static, stage / "static", _links_leaving(static))
    out = {}
    root = stage / "static"
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                out[path.relative_to(stage).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _keep_posters(output: Path, stage: Path, county, link_file) -> int:
    """`--no-posters` skips making posters, but keeps those of the previous build.

    The pages link to the posters; a quick pages-only rebuild (or the dev server) must
    not delete the PDFs a print shop is about to be sent. They are as of the last build
    with posters, which `sitegen build` or `sitegen posters` brings up to date.
    """
    kept = 0
    for pdf in sorted(output.glob("homes/*/posters/*.pdf")):
        rel = pdf.relative_to(output).as_posix()
        if rel.split("/")[1] in county.homes:
            link_file(pdf, stage, rel)
            kept += 1
    return kept


def _search_js(county, labels: dict) -> str:
    """The search index as a script (not JSON): `fetch` is refused from file://."""
    rows = plan.search_entries(county, labels)
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.SITEGEN_SEARCH={data};\n"


def _version_json(files: dict[str, str], static: dict[str, str]) -> str:
    """A fingerprint of the build, polled by lobby screens to notice a new one: a hash of
    every file's path and key (the key of a page or photo changes whenever its bytes may)."""
    h = hashlib.sha256()
    for rel, key in sorted({**files, **static}.items()):
        h.update(f"{rel}\0{key}\n".encode())
    return json.dumps({"version": h.hexdigest()[:16]}) + "\n"


def _make_posters(county, stage: Path, cache: Path, jobs, lang, progress) -> int:
    try:
        from . import posters
    except ImportError:
        return 0
    return posters.make_all(county, stage, cache=cache, jobs=jobs, lang=lang, progress=progress)
