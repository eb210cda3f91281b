"""Time from saving one record to the reloaded page in the browser, under `sitegen serve`.

    .venv/bin/python bench/serve_reload.py [content] [runs]

Copies the content folder to a temporary place, starts `sitegen serve` there, opens one
team page in headless Chromium (Debian's, via Playwright), then repeatedly changes that
team's motto in team.yaml and waits until the page shows the new words. Prints each time,
the median, and the server's own build time for the last rebuild.
"""
from __future__ import annotations

import json
import os
import re
import shutil
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
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy)
        team = sorted(copy.glob("homes/*/teams/*/team.yaml"))[0]
        rel = team.parent.relative_to(copy).as_posix()
        proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-c", str(copy),
                                 "-o", str(Path(tmp) / "output"), "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1"})
        url = None
        for line in proc.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if found:
                url = found.group(1)
                break
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        times, builds = [], []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                            args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                page.goto(url + rel + "/index.html")
                original = team.read_text(encoding="utf-8")
                for i in range(runs):
                    words = f"测量第{i}次驻村誓言"
                    text = re.sub(r"(?m)^motto:.*$", f"motto: {words}", original)
                    if "motto:" not in original:
                        text = original.replace("members:", f"motto: {words}\nmembers:", 1)
                    started = time.perf_counter()
                    team.write_text(text, encoding="utf-8")
                    page.wait_for_function(f"document.body.innerText.includes('{words}')",
                                           timeout=60000)
                    page.wait_for_load_state("load")
                    times.append((time.perf_counter() - started) * 1000)
                    status = json.load(urllib.request.urlopen(url + "__sitegen/status"))
                    builds.append(status["seconds"] * 1000)
                    time.sleep(0.3)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(10)
    print("save → reloaded page (ms):", ", ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms; build alone median "
          f"{statistics.median(builds):.0f} ms; runs {runs}; content {content}")


if __name__ == "__main__":
    main()
