"""Benchmark runner: build times, CPU and peak memory at 1, 10 and 100 counties.

For each scale it generates synthetic content (bench/make_content.py, into /tmp), then
times with `/usr/bin/time -v` (falling back to getrusage of the children):
- full build, photos cold (no cache at all; small scales only: it is photo work),
- full build, HTML + photos cached (no output, no record or page cache, photo cache kept),
- no-op rebuild (nothing changed),
- one-record rebuild (one team.yaml edited),
and posters separately on a one-home sample. Figures are medians of --runs runs; the
table goes to docs/benchmarks.md together with the machine it ran on.

    python bench/run.py                      # 1, 10, 100 counties, 3 runs
    python bench/run.py --scales 1 10 --runs 5
    python bench/run.py --scales 100 --rebuilds --base bench-run   # the rebuilds only
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_content  # noqa: E402

SITEGEN = [str(ROOT / ".venv" / "bin" / "sitegen")] if (ROOT / ".venv/bin/sitegen").exists() \
    else [sys.executable, "-m", "sitegen"]
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def measure(args: list[str], cwd: Path | None = None) -> dict:
    """Wall seconds, CPU seconds (user+sys, all processes) and peak RSS (MB) of one run."""
    if TIME:
        proc = subprocess.run([TIME, "-v", *args], capture_output=True, text=True, cwd=cwd)
        if proc.returncode:
            raise SystemExit(f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        err = proc.stderr
        user = float(re.search(r"User time \(seconds\): ([\d.]+)", err)[1])
        system = float(re.search(r"System time \(seconds\): ([\d.]+)", err)[1])
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)[1]) / 1024
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
        wall = int(m[1] or 0) * 3600 + int(m[2]) * 60 + float(m[3])
        return {"wall": wall, "cpu": user + system, "rss": rss}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss": after.ru_maxrss / 1024}


def compile_sitegen(log) -> None:
    """Bytecode for the sitegen that the runs will import (the one PYTHONPATH names, if
    any), written once here so that no measured run compiles a module from source."""
    import compileall
    python = str(Path(SITEGEN[0]).with_name("python")) if SITEGEN[0].endswith("sitegen") else SITEGEN[0]
    folder = subprocess.run([python, "-c", "import os, sitegen; print(os.path.dirname(sitegen.__file__))"],
                            capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    compileall.compile_dir(folder, quiet=1)
    log(f"sitegen from {folder} (bytecode compiled)")


def median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


EDITED = Path("homes") / "c001-h01" / "teams" / "t1" / "team.yaml"   # the one-record edit's record


def edit_one_record(content: Path, n: int) -> None:
    team = content / EDITED
    text = team.read_text(encoding="utf-8")
    text = re.sub(r"motto: .*", f"motto: 扎根基层，第{n}次修改", text, count=1)
    team.write_text(text, encoding="utf-8")


def bench_scale(counties: int, base: Path, runs: int, cold_photos: bool, log) -> list[tuple]:
    folder = base / f"c{counties}"
    content, out, cache = folder / "content", folder / "output", folder / ".sitegen-cache"
    stats = make_content.make(content, counties, seed=1)
    time.sleep(2.5)      # past the cache's "racy" window: stats of fresh files are trusted
    build = [*SITEGEN, "build", "-c", str(content), "-o", str(out), "--no-posters"]
    rows = []

    def row(name, results):
        med = median(results)
        rows.append((counties, stats, name, med, len(results)))
        log(f"{counties:>3} counties  {name:<34} wall {med['wall']:7.2f} s  cpu {med['cpu']:7.2f} s"
            f"  peak {med['rss']:7.0f} MB  (median of {len(results)})")

    kept = out.parent / f".{out.name}.kept"      # the write stage's kept previous build

    def no_output():
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)

    if cold_photos:
        no_output()
        shutil.rmtree(cache, ignore_errors=True)
        row("full build, photos cold", [measure(build)])
    else:
        subprocess.run(build, check=True, capture_output=True)    # fill the photo cache
    full = []
    for _ in range(runs):
        no_output()
        shutil.rmtree(cache / "build", ignore_errors=True)
        full.append(measure(build))
    row("full build (HTML, photos cached)", full)
    full_warm = []
    for _ in range(runs):
        no_output()
        full_warm.append(measure(build))
    row("full build, records cached", full_warm)
    noop = [measure(build) for _ in range(runs)]
    row("no-op rebuild", noop)
    edit_one_record(content, 99)              # so that the runs below start from a kept folder
    subprocess.run(build, check=True, capture_output=True)
    one = []
    for n in range(runs):
        edit_one_record(content, n)
        one.append(measure(build))
    row("one-record rebuild", one)
    return rows


def _generator_digest() -> str:
    return hashlib.sha256(Path(make_content.__file__).read_bytes()).hexdigest()[:16]


def content_for(folder: Path, counties: int, log) -> tuple[Path, dict]:
    """The scale's records under `folder`, made once and reused while the generator is
    unchanged (a stamp records its digest: `--rebuilds` and compare_hugo.py measure on the
    same records); the record the rebuild edits is put back to what the generator wrote."""
    content, stamp_file, orig = folder / "content", folder / "content.stamp.json", folder / "edited.orig"
    want = {"counties": counties, "seed": 1, "generator": _generator_digest()}
    stamp = json.loads(stamp_file.read_text()) if stamp_file.is_file() else {}
    if {k: stamp.get(k) for k in want} != want or not (content / "site.yaml").is_file() \
            or not orig.is_file():
        log(f"{counties:>3} counties: making content ...")
        start = time.perf_counter()
        stamp_file.unlink(missing_ok=True)
        stats = make_content.make(content, counties, seed=1)
        orig.write_bytes((content / EDITED).read_bytes())
        stamp = {**want, "stats": stats}
        stamp_file.write_text(json.dumps(stamp))
        log(f"{counties:>3} counties: content made in {time.perf_counter() - start:.1f} s ({stats})")
        time.sleep(2.5)      # past the cache's "racy" window: stats of fresh files are trusted
    else:
        (content / EDITED).write_bytes(orig.read_bytes())
    return content, stamp["stats"]


def bench_rebuilds(counties: int, base: Path, runs: int, log) -> list[tuple]:
    """Only the rebuilds (the targets of issue 15 at 100 counties, where a full build takes
    minutes): the records are made once and kept while the generator is unchanged, as is
    the output, so a second run measures at once. One unmeasured rebuild after an edit
    first, so that the runs start from a kept folder and a changed sitegen (every page
    made again) is not counted; then one-record rebuilds and no-ops, in turn."""
    folder = base / f"c{counties}"
    folder.mkdir(parents=True, exist_ok=True)
    content, stats = content_for(folder, counties, log)
    out = folder / "output"
    build = [*SITEGEN, "build", "-c", str(content), "-o", str(out), "--no-posters"]
    edit_one_record(content, 999)
    subprocess.run(build, check=True, capture_output=True)
    rows, one, noop = [], [], []
    for n in range(runs):
        edit_one_record(content, n)
        one.append(measure(build))
        noop.append(measure(build))
    for name, results in (("no-op rebuild", noop), ("one-record rebuild", one)):
        med = median(results)
        rows.append((counties, stats, name, med, len(results)))
        log(f"{counties:>3} counties  {name:<34} wall {med['wall']:7.2f} s  cpu {med['cpu']:7.2f} s"
            f"  peak {med['rss']:7.0f} MB  (median of {len(results)}: "
            f"{', '.join('%.2f' % r['wall'] for r in results)} s)")
    return rows


def bench_posters(base: Path, runs: int, log) -> list[tuple]:
    folder = base / "posters"
    content = folder / "content"
    make_content.make(content, 1, seed=1)
    for home in sorted((content / "homes").iterdir())[1:]:
        shutil.rmtree(home)
    (content / "supervision.yaml").unlink()
    out, cache = folder / "output", folder / ".sitegen-cache"
    cmd = [*SITEGEN, "build", "-c", str(content), "-o", str(out)]
    results = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        results.append(measure(cmd))
    pdfs = len(list(out.rglob("*.pdf")))
    med = median(results)
    log(f"posters sample (1 home, {pdfs} PDFs, cold): wall {med['wall']:.2f} s cpu {med['cpu']:.2f} s "
        f"peak {med['rss']:.0f} MB")
    return [(pdfs, med, len(results))]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, TypeError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def write_doc(rows, posters, runs_note: str, path: Path) -> None:
    lines = ["| counties | homes | teams | photos | run | wall s | CPU s | peak MB |",
             "|---:|---:|---:|---:|---|---:|---:|---:|"]
    for counties, stats, name, med, n in rows:
        lines.append(f"| {counties} | {stats['homes']} | {stats['teams']} | {stats['photos']} | {name} "
                     f"| {med['wall']:.2f} | {med['cpu']:.2f} | {med['rss']:.0f} |")
    table = "\n".join(lines)
    poster_line = ""
    for pdfs, med, n in posters:
        poster_line = (f"\nPosters, measured separately on a one-home sample (6 teams, {pdfs} PDFs, "
                       f"no cache): wall {med['wall']:.2f} s, CPU {med['cpu']:.2f} s, peak "
                       f"{med['rss']:.0f} MB (median of {n}).\n")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = (f"{start}\nMachine: {machine()}. {runs_note}\n\n{table}\n{poster_line}{end}")
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--base", type=Path, default=Path("/tmp/sitegen-bench"))
    ap.add_argument("--no-posters", action="store_true")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--rebuilds", action="store_true",
                    help="only the no-op and one-record rebuilds, from kept records and output "
                         "(prints the rows; the doc's table is left as it is)")
    args = ap.parse_args(argv)
    args.base.mkdir(parents=True, exist_ok=True)
    log = lambda s: print(s, flush=True)  # noqa: E731
    if args.rebuilds:
        compile_sitegen(log)
        for counties in args.scales:
            bench_rebuilds(counties, args.base, args.runs, log)
        return
    rows = []
    for counties in args.scales:
        rows += bench_scale(counties, args.base, args.runs, cold_photos=counties <= 10, log=log)
    posters = [] if args.no_posters else bench_posters(args.base, args.runs, log)
    write_doc(rows, posters, f"Each figure is the median of {args.runs} runs "
              f"(`bench/run.py --runs {args.runs}`), `-j` default (all cores), `--no-posters`.",
              args.doc)
    log(f"written {args.doc}")


if __name__ == "__main__":
    main()
