"""Time from saving one record to the reloaded page in the browser, under `sitegen serve`.

    .venv/bin/python bench/serve_reload.py [content] [runs] [base]

Copies the content folder to a temporary folder under `base` (default bench/out/, next to
the project: the clerk's records are on an ordinary disk, and this machine's /tmp creates
and deletes files and folders many times slower), starts `sitegen serve` there, opens one
team page in headless Chromium (Debian's, via Playwright), then repeatedly changes that
team's motto in team.yaml and waits until the page shows the new words. Prints each time,
the median and p90, and where each one went:

    poll    save → the server notices the change     (server's clock: `noticed_at`)
    settle  noticed → the rebuild starts              (`started_at`)
    build   the rebuild itself, in the warm server    (`built_at`)
    notify  built → the browser starts reloading      (the new page's `performance.timeOrigin`)
    reload  the browser's request and load of the page (navigation timing, `loadEventEnd`)

A page taken in without a reload (only its HTML changed: sitegen/serve.py, RELOAD_JS) has no
navigation; its own stamps are used instead: "notify" ends when the long poll's answer is in
the tab, "reload" is from there to the end of the swap (new body placed, its scripts run, the
photos in view loaded), split into fetch, parse+place, scripts and photos on its own line.
    observe page loaded → the benchmark sees the text  (Playwright's polling; not the clerk's)

The headline is save → `loadEventEnd` of the reloaded page; the time until Playwright has
seen the text is printed too (it was the headline before: it adds the "observe" row).
With change notifications the "poll" row holds the settle step as well (watchfiles hands
changes over only after it), and "settle" is empty.

All stamps are wall-clock times of the same machine, so they can be subtracted across the
server process, the browser and this script.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    content = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    base = Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT / "bench" / "out"
    base.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy)
        team = sorted(copy.glob("homes/*/teams/*/team.yaml"))[0]
        rel = team.parent.relative_to(copy).as_posix()
        proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-c", str(copy),
                                 "-o", str(Path(tmp) / "output"), "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                start_new_session=True)
        url = None
        for line in proc.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if found:
                url = found.group(1)
                break
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        times, loads, parts, swaps, steps = [], [], [], 0, []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                            args=["--no-sandbox", "--disable-gpu",
                                                  "--disable-background-networking",
                                                  "--disable-component-update", "--no-first-run"])
                page = browser.new_page()
                page.goto(url + rel + "/index.html")
                original = team.read_text(encoding="utf-8")
                for i in range(runs):
                    words = f"测量第{i}次驻村誓言"
                    text = re.sub(r"(?m)^motto:.*$", f"motto: {words}", original)
                    if "motto:" not in original:
                        text = original.replace("members:", f"motto: {words}\nmembers:", 1)
                    saved = time.time()
                    started = time.perf_counter()
                    team.write_text(text, encoding="utf-8")
                    page.wait_for_function(f"document.body.innerText.includes('{words}')",
                                           timeout=60000, polling="raf")
                    page.wait_for_load_state("load")
                    page.wait_for_function(SETTLED, timeout=60000, polling="raf")
                    times.append((time.perf_counter() - started) * 1000)
                    seen = time.time()
                    status = json.load(urllib.request.urlopen(url + "__sitegen/status"))
                    nav = page.evaluate(STAMPS)
                    swapped = nav["swapped"] and nav["swapped"]["gen"] == status["shown"]
                    if swapped:            # taken in without a reload: the page's own stamps
                        sw = nav["swapped"]
                        begun, loaded = sw["start"] / 1000, sw["end"] / 1000
                        swaps += 1
                        steps.append({"fetch": sw["fetched"] - sw["start"], "parse+place": sw["placed"] - sw["fetched"],
                                      "scripts": sw["ran"] - sw["placed"], "photos": sw["end"] - sw["ran"]})
                    else:
                        begun, loaded = nav["origin"] / 1000, (nav["origin"] + nav["load"]) / 1000
                    loads.append((loaded - saved) * 1000)
                    parts.append({
                        "poll": status["noticed_at"] - saved,
                        "settle": status["started_at"] - status["noticed_at"],
                        "build": status["built_at"] - status["started_at"],
                        "notify": begun - status["built_at"],
                        "reload": loaded - begun,
                        "observe": seen - loaded,
                    })
                    time.sleep(0.5)
                browser.close()
        finally:                          # the server and any worker it forked
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
    print("save → reloaded page, loaded by the browser's clock (ms):",
          ", ".join(f"{t:.0f}" for t in loads))
    print(f"median {statistics.median(loads):.0f} ms, p90 {p90(loads):.0f} ms; "
          f"runs {runs}; content {content}; under {base}; load average {os.getloadavg()[0]:.1f}")
    print(f"pages taken in without a reload: {swaps} of {runs}" + (
        "; of their reload, median ms: " + ", ".join(
            f"{k} {statistics.median(st[k] for st in steps):.1f}" for k in steps[0]) if steps else ""))
    print(f"save → new text seen by this benchmark (Playwright): median "
          f"{statistics.median(times):.0f} ms, p90 {p90(times):.0f} ms")
    print("where it went, median (p90) ms:")
    for key in ("poll", "settle", "build", "notify", "reload", "observe"):
        values = [part[key] * 1000 for part in parts]
        print(f"  {key:8s}{statistics.median(values):6.0f} ({p90(values):.0f})")


# The page is done: loaded, and not in the middle of taking in a new build without a reload.
SETTLED = """() => document.readyState === 'complete' && !(window.__sitegen && window.__sitegen.swapping
    && !(window.__sitegen.swapped && window.__sitegen.swapped.gen === window.__sitegen.swapping))"""
STAMPS = """() => { const n = performance.getEntriesByType('navigation')[0];
    return {origin: performance.timeOrigin, load: n.loadEventEnd,
            swapped: (window.__sitegen && window.__sitegen.swapped) || null}; }"""


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
