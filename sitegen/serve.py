"""`sitegen serve`: live preview for the clerk who is editing records.

Builds the site (no posters), serves the output folder on 127.0.0.1, watches `content/` and
the template folders, rebuilds on every change and tells the open browser tab to reload.
While the records have errors, every HTML request gets an overlay page that lists them
(file, line, message, fix — in the interface language) instead of a stale or blank page;
the overlay waits for the next build and returns to the page by itself once it is fixed.

Why not the `livereload` package: it polls for changes every 800 ms (handlers.py,
`PeriodicCallback(poll_tasks, 800)`) unless Linux-only pyinotify is installed, which alone
spends the 300 ms budget from save to reloaded page; and its server injects its script
and serves files itself, but we need the overlay, strict path checks and a synchronous
rebuild hook. The whole protocol here is one long-polled URL, which works in every
browser and needs no WebSocket. Server-Sent Events would gain nothing: the long poll is
answered within ~6 ms of the build's end (bench/serve_reload.py, "notify"), and an event
stream holds one connection per tab just the same. The reload script is added to HTML *as
it is served*; files on disk are never touched, so the output folder stays exactly what
`sitegen build` writes.

Watching uses the operating system's change notifications (inotify, ReadDirectoryChangesW,
FSEvents, through `watchfiles`): a save is seen at once instead of at the next poll, which
was ~0.1 s plus a 0.05 s settle of the 0.44 s from save to reloaded page. There is no settle
before the first build: it starts 5–10 ms after the first event (NOTICE_MS: watchfiles
looks every 5 ms, 0.8 % of a core while idle, 2.6 % at 2 ms), and the wait for an editor's
burst to end is spent building instead. A build is told to the tab only
if nothing arrived while it ran; otherwise — the rest of a multi-step save, a file caught
half-written — the burst is let settle (STEP_MS without news) and built again, and only
that build is told, so the tab never shows the in-between page or a passing error. Polling file
stamps (mtime, size) every 0.1 s is kept for folders whose notifications cannot be trusted:
network drives (a colleague's edit there raises no event here), a missing `watchfiles`, a
failure to set the notifications up (inotify's watch limit), or SITEGEN_WATCH=poll.
Style sheets, scripts and photos carry a content tag (ETag), so a reload asks for them
again but receives "not modified" instead of the bytes; pages are never kept. When only a
page's HTML changed, the tab takes the new page in without a reload (RELOAD_JS: ≈ 6 ms
instead of ≈ 80–90 ms, most of which is the browser making a new document).
"""
from __future__ import annotations

import hashlib
import html
import http.server
import json
import mimetypes
import os
import posixpath
import queue
import re
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import SERVE
from .problems import ContentError, Problem, errors

POLL_SECONDS = 0.1         # polling (network drives, no watchfiles): how often stamps are read
SETTLE_SECONDS = 0.05      # editors write in several steps; wait until stamps hold still
NOTICE_MS = 5              # notifications: hand a batch over once this long passes without news
STEP_MS = 15               # a burst seen during a build: wait until this long passes without news
PEEK_MS = 3                # after a build: how long events already raised may take to come through
CHAIN_SECONDS = 2.0        # saves that never stop (autosave): tell the tab at least this often
DEBOUNCE_MS = 400          # never hold a batch longer than this while changes keep coming
WAKE_MS = 250              # notifications: how often the watcher looks at the stop flag
WATCH_ENV = "SITEGEN_WATCH"   # "poll": poll even where notifications work
WAIT_SECONDS = 20          # long-poll: the browser asks again after this
IDLE_SECONDS = 15          # a connection that sends nothing for this long is closed
MAX_THREADS = 32           # connections served at once; more are told 503 and closed
MAX_URL = 2048             # longer request paths: 414
MAX_SEGMENT = 255          # a longer path segment cannot name a file (NAME_MAX): 404
PREFIX = "/__sitegen/"


# ------------------------------------------------------------------ state

@dataclass
class State:
    """What the server knows about the last build. `generation` grows with every build;
    `shown` only with those that change what a page shows (the output, or the error list):
    the open tab reloads on `shown`, so a save that changes nothing (saved twice, a burst
    whose last events find the work done) costs the clerk no reload and no scroll position."""
    generation: int = 0
    shown: int = 0
    problems: list[Problem] = field(default_factory=list)
    failure: str | None = None          # an unexpected error (template bug, …), as text
    seconds: float = 0.0
    built_at: float = 0.0
    noticed_at: float = 0.0             # when the watcher first saw the change (wall clock)
    started_at: float = 0.0             # when the rebuild began, after the settle
    changed: list[str] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)

    @property
    def broken(self) -> bool:
        return self.failure is not None or bool(errors(self.problems))

    def publish(self, problems, failure, seconds, changed, noticed_at=0.0, started_at=0.0,
                same_output: bool = False) -> None:
        """`same_output`: the build found nothing to do (`BuildReport.noop`)."""
        with self.cond:
            was_broken = self.broken
            self.problems, self.failure, self.seconds = problems, failure, seconds
            self.changed = changed
            self.noticed_at, self.started_at = noticed_at, started_at
            self.built_at = time.time()
            self.generation += 1
            if not (same_output and not was_broken and not self.broken and self.shown):
                self.shown += 1
            self.cond.notify_all()

    def wait_newer(self, shown: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.shown != shown, timeout=timeout)
            return self.shown


@dataclass
class Built:
    """One build's outcome, before the tab is told."""
    problems: list[Problem]
    failure: str | None
    seconds: float
    started_at: float
    noop: bool


def _say(key: str, lang: str, **values) -> str:
    return SERVE["zh" if lang == "zh" else "en"][key].format(**values)


# ------------------------------------------------------------------ watching

NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph",
              "fuse.rclone", "davfs", "fuse.davfs2", "glusterfs", "lustre", "virtiofs",
              "fuse.vmhgfs-fuse", "vboxsf", "prl_fs", "drvfs"}


def polling_reason(folders: list[Path], lang: str = "zh") -> str | None:
    """Why notifications cannot be trusted for these folders (told on the console), or None
    when they can. A network drive reports only the changes made on this machine, and some
    none at all: an edit saved from a colleague's PC would never show."""
    if os.environ.get(WATCH_ENV, "").strip().lower() == "poll":
        return _say("reason_asked", lang)
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return _say("reason_missing", lang)
    for folder in folders:
        if folder.is_dir() and on_network_drive(folder):
            return _say("reason_remote", lang, folder=folder)
    return None


def on_network_drive(folder: Path, mountinfo: str | None = None) -> bool:
    """Is `folder` on a network (or host-shared) file system? Windows: a UNC path or a
    mapped drive (GetDriveTypeW = DRIVE_REMOTE); Linux: the type of its mount in
    /proc/self/mountinfo. Elsewhere notifications are assumed to work."""
    path = os.path.realpath(folder)
    if os.name == "nt":
        if path.startswith("\\\\?\\"):             # \\?\C:\… is local, \\?\UNC\… is not
            path = path[4:]
            if path.upper().startswith("UNC\\"):
                return True
        elif path.startswith(("\\\\", "//")):    # \\server\share
            return True
        import ctypes
        root = os.path.splitdrive(path)[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(root) == 4   # type: ignore[attr-defined]
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    lines = mountinfo.splitlines()
    best, kind = "", ""
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, rest = left.split(), right.split()
        if len(fields) < 5 or not rest:
            continue
        point = fields[4].replace("\\040", " ")
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, rest[0]
    return kind in NETWORK_FS


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under the folders; hidden files and caches ignored."""
    stamps: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            for name in filenames:
                if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                stamps[path] = (st.st_mtime_ns, st.st_size)
    return stamps


def changes(old: dict, new: dict) -> list[str]:
    return sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))


def _take(batches: queue.SimpleQueue, into: set[str], wait: float = 0.0) -> bool:
    """Add the batches already queued (or, with `wait`, arriving within it) to `into`:
    whether there was any. The end mark (None) is put back for the loop that waits on it."""
    got = False
    while True:
        try:
            item = batches.get(timeout=wait) if wait and not got else batches.get_nowait()
        except queue.Empty:
            return got
        if item is None:
            batches.put(None)
            return got
        into |= item[1]
        got = True


class Preview:
    """The build-and-watch loop, independent of HTTP so it can be tested on its own."""

    def __init__(self, content: Path, output: Path, lang: str = "zh", echo=print,
                 watch: list[Path] | None = None):
        from . import render
        self.content, self.output, self.lang = Path(content).resolve(), Path(output).resolve(), lang
        self.echo = echo
        self.state = State()
        self.watch = watch or [self.content, *render.template_dirs(self.content)]
        self.watch_mode = ""      # "notify" or "poll" once watching
        self._stop = threading.Event()

    def build_once(self, changed: list[str] | None = None, noticed_at: float = 0.0) -> None:
        self._tell(self._build(), changed or [], noticed_at)

    def _build(self) -> "Built":
        from .build import build
        started_at = time.time()
        started = time.perf_counter()
        problems, failure, same = [], None, False
        try:
            report = build(self.content, self.output, posters=False, lang=self.lang)
            problems, same = report.problems, report.noop
        except ContentError as err:
            problems = err.problems
        except Exception:  # a template or program error: show it, keep serving
            failure = traceback.format_exc()
        return Built(problems, failure, time.perf_counter() - started, started_at, same)

    def _tell(self, built: "Built", changed: list[str], noticed_at: float,
              same_output: bool | None = None) -> None:
        """Publish a build to the open tabs and the console. `same_output`: every build since
        the last one told found nothing to do (default: this one did)."""
        from .problems import format_text
        problems, failure, seconds = built.problems, built.failure, built.seconds
        self.state.publish(problems, failure, seconds, changed, noticed_at or built.started_at,
                           built.started_at, built.noop if same_output is None else same_output)
        if failure:
            self.echo(_say("crashed", self.lang) + failure)
        elif errors(problems):
            self.echo(format_text(problems, self.lang))
            self.echo(_say("broken", self.lang))
        else:
            self.echo(_say("rebuilt", self.lang, ms=f"{seconds * 1000:.0f}") +
                      (_say("changed", self.lang, files=", ".join(self._short(changed)))
                       if changed else ""))

    def _short(self, paths: list[str]) -> list[str]:
        out = []
        for p in paths[:3]:
            try:
                out.append(Path(p).relative_to(self.content).as_posix())
            except ValueError:
                out.append(Path(p).name)
        return out + (["…"] if len(paths) > 3 else [])

    def watch_forever(self) -> None:
        """Change notifications where they can be trusted, polling where they cannot."""
        why = polling_reason(self.watch, self.lang)
        if why is None:
            try:
                self._watch_notified()
                return
            except Exception as err:    # inotify watch limit, a folder gone at start, …
                why = f"{type(err).__name__}: {err}"
        self.echo(_say("watch_polling", self.lang, reason=why))
        self._watch_polled()

    def _watch_notified(self) -> None:
        """OS change notifications through `watchfiles` (inotify, FSEvents,
        ReadDirectoryChangesW), read by a thread of their own into a queue, so that after a
        build the queue says at once whether anything arrived while it ran."""
        import watchfiles
        folders = [str(f) for f in self.watch if f.is_dir()]
        batches: queue.SimpleQueue = queue.SimpleQueue()
        ready, failed = threading.Event(), []

        def listen() -> None:
            # An empty batch every WAKE_MS: the first one says the notifications are set
            # up, so `watch_mode` (and /__sitegen/status) reads "notify" only once a save
            # would be seen.
            try:
                for batch in watchfiles.watch(*folders, watch_filter=self._wanted,
                                              debounce=DEBOUNCE_MS, step=NOTICE_MS,
                                              stop_event=self._stop, rust_timeout=WAKE_MS,
                                              yield_on_timeout=True, raise_interrupt=False,
                                              force_polling=False):
                    ready.set()
                    if batch:
                        batches.put((time.time(), {path for _change, path in batch}))
            except Exception as err:    # inotify watch limit, a folder gone at start, …
                failed.append(err)
            finally:
                ready.set()
                batches.put(None)       # the builder below stops waiting

        threading.Thread(target=listen, daemon=True, name="sitegen-notify").start()
        ready.wait()
        if not failed:
            self.watch_mode = "notify"
        while True:
            item = batches.get()
            if item is None:
                if failed:
                    raise failed[0]     # watch_forever goes on by polling
                return
            self._build_until_quiet(batches, *item)

    def _build_until_quiet(self, batches: queue.SimpleQueue, noticed_at: float,
                           changed: set[str]) -> None:
        """Build at once; build again while saves keep arriving during the builds; tell the
        tab the last build only (or one every CHAIN_SECONDS if they never stop)."""
        same = True
        told_at = time.monotonic()
        while True:
            _take(batches, changed)                     # whatever came in meanwhile
            built = self._build()
            same = same and built.noop
            if not _take(batches, changed, PEEK_MS / 1000):
                break
            # Part of a burst: the editor is still writing. Let it hold still, then again.
            while _take(batches, changed, STEP_MS / 1000):
                pass
            if self._stop.is_set():
                break
            if time.monotonic() - told_at > CHAIN_SECONDS:
                self._tell(built, sorted(changed), noticed_at, same)
                told_at, same = time.monotonic(), True
        self._tell(built, sorted(changed), noticed_at, same)

    def _wanted(self, _change, path: str) -> bool:
        """What `snapshot` would see: no hidden files or folders, no editor backups, nothing
        of the output folder or the cache should they lie inside a watched folder."""
        if path == str(self.output) or path.startswith(str(self.output) + os.sep):
            return False
        for root in self.watch:
            root_s = str(root)
            if path.startswith(root_s + os.sep):
                rel = path[len(root_s) + 1:].split(os.sep)
                name = rel[-1]
                if any(part.startswith(".") or part == "__pycache__" for part in rel):
                    return False
                return not name.endswith(("~", ".swp", ".tmp"))
        return True

    def _watch_polled(self) -> None:
        stamps = snapshot(self.watch)
        self.watch_mode = "poll"     # only once the stamps a save is compared with are taken
        while not self._stop.wait(POLL_SECONDS):
            new = snapshot(self.watch)
            changed = changes(stamps, new)
            if not changed:
                continue
            noticed_at = time.time()
            # Let a multi-step save finish before building.
            while True:
                time.sleep(SETTLE_SECONDS)
                later = snapshot(self.watch)
                if later == new:
                    break
                changed = sorted(set(changed) | set(changes(new, later)))
                new = later
            stamps = new
            self.build_once(changed, noticed_at)

    def stop(self) -> None:
        self._stop.set()


# ------------------------------------------------------------------ HTTP

# At the top of <head>, before any script of the page: notes the listeners the page's
# scripts put on window and document, and their timers, so that a page taken in without a
# reload (below) can drop them as a reload would. A script that waits for "load" or
# "DOMContentLoaded", or writes with document.write, makes the page reload instead: run
# again after a swap, it would never see those.
TRACK_JS = """(function () {
  var t = window.__sitegenTrack = {on: [], timers: [], late: false,
    setTimeout: window.setTimeout.bind(window), clearTimeout: window.clearTimeout.bind(window),
    clearInterval: window.clearInterval.bind(window)};
  [window, document].forEach(function (target) {
    var add = target.addEventListener;
    target.addEventListener = function (type, fn, opts) {
      t.on.push([target, type, fn, opts]);
      if (/^(load|DOMContentLoaded|readystatechange|pageshow)$/.test(type)) { t.late = true; }
      return add.call(this, type, fn, opts);
    };
  });
  ['setTimeout', 'setInterval'].forEach(function (name) {
    var real = window[name];
    window[name] = function () { var id = real.apply(window, arguments); t.timers.push(id); return id; };
  });
  ['write', 'writeln'].forEach(function (name) {
    var real = document[name];
    document[name] = function () { t.late = true; return real.apply(document, arguments); };
  });
  // Work that outlives a swap and cannot be called back (a request in flight, an open
  // socket): such a page (the lobby screen's version check) always reloads.
  t.fetch = window.fetch && window.fetch.bind(window);
  [[window, 'fetch'], [window, 'EventSource'],
   [window, 'WebSocket'], [window.XMLHttpRequest && XMLHttpRequest.prototype, 'open']].forEach(function (pair) {
    var owner = pair[0], real = owner && owner[pair[1]];
    if (!real) { return; }
    owner[pair[1]] = function () {
      t.late = true;
      return new.target ? new (Function.prototype.bind.apply(real, [null].concat([].slice.call(arguments))))()
                        : real.apply(this, arguments);
    };
  });
})();"""

# Before </body>: waits for the next build (long poll), then brings the new page in. A
# reload costs the browser a new document (≈ 50 of the 90 ms from reload to "load" here,
# before a byte of the page is parsed: docs/benchmarks.md); when nothing but the page's
# own HTML changed, the new <body> is put in place of the old one and its scripts run again,
# in order, which is what a reload does minus the new document. Anything else reloads: a
# different <head> (other than the title), a different digest of the files the page uses
# (style sheets, scripts, photos; computed by the server as it serves the page, from the
# bytes), the error page, a page that is not HTML, a script that could not run twice, any
# failure on the way.
RELOAD_JS = """(function () {
  var gen = %(gen)d, assets = "%(assets)s", t = window.__sitegenTrack;
  var later = t ? t.setTimeout : setTimeout, get = (t && t.fetch) || window.fetch;
  var S = window.__sitegen = window.__sitegen || {};
  function key(head) {
    var copy = head.cloneNode(true);
    [].forEach.call(copy.querySelectorAll('title, link[data-sitegen-preload]'), function (n) { n.remove(); });
    return copy.innerHTML;
  }
  function preload() {
    // The scripts run again after a swap, one after the other, each asked for again (304)
    // when its turn comes: 27–37 ms here. They are asked for beforehand instead, all at
    // once, as soon as the page is in (and again after each swap), so they are at hand
    // when the next build comes. Safe: a page is taken in only if the files it uses are the
    // bytes they were when the shown page was served (the digest), and a script changed
    // after that makes the digests differ, so the page reloads instead.
    return [].map.call(document.querySelectorAll('script[src]'), function (s) {
      var link = document.createElement('link');
      link.rel = 'preload'; link.as = 'script'; link.setAttribute('href', s.getAttribute('src'));
      link.setAttribute('data-sitegen-preload', '');
      if (s.crossOrigin !== null) { link.crossOrigin = s.crossOrigin; }
      document.head.appendChild(link);
      return link;
    });
  }
  var head = document.head ? key(document.head) : null;
  if (t && !S.links && document.head) { S.links = preload(); }   // after a swap: made there
  function now() { return performance.timeOrigin + performance.now(); }
  function run(scripts, i, done) {
    if (i >= scripts.length) { return done(); }
    var old = scripts[i], s = document.createElement('script');
    for (var k = 0; k < old.attributes.length; k++) { s.setAttribute(old.attributes[k].name, old.attributes[k].value); }
    var external = s.src && (!s.type || /javascript|^module$/i.test(s.type));
    if (external) {
      s.async = false;
      s.onload = s.onerror = function () { run(scripts, i + 1, done); };
    }
    s.text = old.text;
    old.parentNode.replaceChild(s, old);
    if (!external) { run(scripts, i + 1, done); }
  }
  function shown(done) {
    var pics = [].filter.call(document.images, function (img) {
      if (img.complete) { return false; }
      var r = img.getBoundingClientRect();
      return img.loading !== 'lazy' || (r.bottom >= 0 && r.top <= innerHeight);
    }), left = pics.length;
    if (!left) { return done(); }
    pics.forEach(function (img) { img.addEventListener('load', end); img.addEventListener('error', end); });
    function end() { if (--left === 0) { done(); } }
  }
  function swap(doc, next, started, fetched, links) {
    t.on.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
    t.timers.forEach(function (id) { t.clearTimeout(id); t.clearInterval(id); });
    t.on = []; t.timers = [];
    document.title = doc.title;
    var body = document.adoptNode(doc.body);
    document.body.replaceWith(body);
    var placed = now();
    run([].slice.call(body.querySelectorAll('script')), 0, function () {
      var ran = now();
      links.forEach(function (link) { link.remove(); });
      S.links = preload();
      shown(function () {
        S.swapped = {gen: next, start: started, fetched: fetched, placed: placed, ran: ran, end: now()};
      });
    });
  }
  function refresh(next, page) {
    var started = now();
    S.swapping = next;
    if (!t || t.late || !head || document.getElementById('sitegen-errors') || !window.DOMParser) {
      return location.reload();
    }
    var links = S.links || [];
    // The answer to the long poll carries the new page when the server could serve it (an
    // HTML file, no errors): one request fewer between the build and the new page.
    (typeof page === 'string' ? Promise.resolve(page) : get(location.href, {cache: 'no-store'}).then(function (r) {
      if (!r.ok || !/^text\\/html/.test(r.headers.get('content-type') || '')) { throw new Error('page'); }
      return r.text();
    })).then(function (text) {
      var fetched = now(), doc = new DOMParser().parseFromString(text, 'text/html');
      var mark = doc.querySelector('script[data-sitegen-assets]');
      if (!mark || mark.getAttribute('data-sitegen-assets') !== assets || !assets || !doc.head ||
          !doc.body || key(doc.head) !== head || doc.getElementById('sitegen-errors') ||
          doc.documentElement.cloneNode(false).outerHTML !== document.documentElement.cloneNode(false).outerHTML) {
        return location.reload();
      }
      swap(doc, next, started, fetched, links);
    }).catch(function () { location.reload(); });
  }
  function wait() {
    get('%(prefix)swait?gen=' + gen + '&page=' + encodeURIComponent(location.pathname),
          {cache: 'no-store'}).then(function (r) { return r.json(); })
      .then(function (d) { if (d.generation !== gen) { refresh(d.generation, d.page); } else { wait(); } })
      .catch(function () { later(wait, 1000); });
  }
  wait();
})();"""


def reload_script(generation: int, assets: str = "") -> str:
    return (f'<script data-sitegen-assets="{html.escape(assets)}">' +
            RELOAD_JS % {"gen": generation, "prefix": PREFIX, "assets": assets} + "</script>")


_HEAD = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)


def inject(page: bytes, generation: int, assets: str = "") -> bytes:
    """The tracker at the top of <head> (no <head>: none, and the page always reloads) and
    the reload script before </body> (or at the end) of a served page."""
    head = _HEAD.search(page)
    if head:
        page = page[:head.end()] + b"<script>" + TRACK_JS.encode() + b"</script>" + page[head.end():]
    script = reload_script(generation, assets).encode()
    lower = page.lower()
    at = lower.rfind(b"</body>")
    if at < 0:
        return page + script
    return page[:at] + script + page[at:]


_USES = re.compile(rb"""<(?:link|script|img|source|video|audio|iframe|embed|object|input)\b[^>]*>""",
                   re.IGNORECASE)
_ATTR = re.compile(rb"""\b(src|href|srcset|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
                   re.IGNORECASE)
_CSS_URL = re.compile(rb"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)


def asset_digest(root: Path, page_url: str, page: bytes) -> str:
    """A digest of the bytes of every local file the page loads (style sheets and what they
    name in url(), scripts, photos, icons), read now: equal digests of the page the tab shows
    and the new one mean the browser already holds every file the new page needs, so it
    may be taken in without a reload. Links to other pages are not part of it."""
    h = hashlib.blake2b(digest_size=12)
    seen: set[str] = set()

    def add(ref: str, base: str) -> bytes | None:
        ref = ref.strip().split("#", 1)[0].split("?", 1)[0]
        if not ref or ref.startswith(("data:", "blob:", "javascript:", "mailto:")) or "//" in ref[:8]:
            return None
        url = posixpath.normpath(posixpath.join(posixpath.dirname(base), ref)) if not ref.startswith("/") else ref
        if url in seen:
            return None
        seen.add(url)
        try:
            target = safe_path(root, url)
            data = target.read_bytes() if target is not None else b""
        except (OSError, UnicodeDecodeError, ValueError):
            data = b"\0missing"
        h.update(url.encode("utf-8", "surrogateescape") + b"\0" + str(len(data)).encode() + b"\0" + data)
        return data

    for tag in _USES.finditer(page):
        is_link = tag.group(0)[:5].lower() == b"<link"
        for attr in _ATTR.finditer(tag.group(0)):
            name = attr.group(1).lower()
            value = (attr.group(2) or attr.group(3) or attr.group(4) or b"").decode("utf-8", "replace")
            value = html.unescape(value)
            if name == b"href" and not is_link:
                continue
            refs = [part.split()[0] for part in value.split(",") if part.split()] if name == b"srcset" else [value]
            for ref in refs:
                data = add(ref, page_url)
                if data and is_link and ref.split("?", 1)[0].lower().endswith(".css"):
                    css_url = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), ref.split("?", 1)[0]))
                    for found in _CSS_URL.finditer(data):
                        inner = (found.group(1) or found.group(2) or found.group(3) or b"").decode("utf-8", "replace")
                        add(inner, css_url)
    return h.hexdigest()


def overlay_page(state: State, lang: str, path: str, content: Path) -> bytes:
    """The page shown instead of any HTML page while the records have errors."""
    zh = lang == "zh"
    rows = []
    for p in sorted(set(state.problems)):
        if p.severity != "error":
            continue
        msg, fix = p.text(lang)
        where = p.file + (_say("where_line", lang, line=p.line) if p.line else "")
        if p.line and p.column:
            where += _say("where_column", lang, column=p.column)
        if p.field:
            where += _say("where_field", lang, field=p.field)
        rows.append(
            f'<li><div class="where">{html.escape(where)}</div>'
            f'<div class="msg">{html.escape(msg)}</div>'
            + (f'<div class="fix">{_say("fix", lang)}{html.escape(fix)}</div>' if fix else "")
            + "</li>")
    if state.failure:
        rows.append(f'<li><div class="msg">{_say("crash_title", lang)}'
                    f'</div><pre>{html.escape(state.failure)}</pre></li>')
    n = len(rows)
    title = _say("title", lang, n=n)
    hint = _say("hint", lang)
    doc = f"""<!doctype html>
<html lang="{'zh-CN' if zh else 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body{{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;background:#fff5f5;color:#222}}
main{{max-width:60rem;margin:0 auto;padding:1.5rem}}
h1{{color:#b00020;font-size:1.6rem;margin:.2rem 0 .5rem}}
.hint{{color:#555;margin:0 0 1rem}} .folder{{color:#777;font-size:.9rem}}
ol{{padding-left:1.5rem}} li{{background:#fff;border-left:4px solid #b00020;margin:.6rem 0;padding:.6rem .9rem}}
.where{{font-family:Consolas,"Noto Sans Mono CJK SC",monospace;color:#444}}
.msg{{font-size:1.15rem;margin:.2rem 0}} .fix{{color:#0b6b2b}} pre{{white-space:pre-wrap;font-size:.8rem}}
</style></head>
<body><main id="sitegen-errors" data-generation="{state.generation}">
<h1>{html.escape(title)}</h1>
<p class="hint">{html.escape(hint)}</p>
<p class="folder">{html.escape(_say("folder", lang) + str(content))}</p>
<ol>{''.join(rows)}</ol>
</main></body></html>"""
    return inject(doc.encode("utf-8"), state.shown)


def safe_path(root: Path, url_path: str) -> Path | None:
    """The file under `root` that a URL path names, or None if it would leave `root`.

    Decodes percent-escapes once, then refuses `..`, backslashes, NUL and drive letters in
    any segment, and finally checks the real path (symlinks resolved) is inside `root`.
    """
    path = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0], errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." or ":" in p for p in parts):
        return None
    target = root.joinpath(*parts) if parts else root
    real_root = os.path.realpath(root)
    real = os.path.realpath(target)
    if real != real_root and not real.startswith(real_root + os.sep):
        return None
    return target


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "sitegen-serve"
    preview: Preview  # set on the subclass made by make_server
    timeout = IDLE_SECONDS    # socket timeout: an idle or slow client is dropped, not kept

    def log_message(self, *args):  # the console is for the clerk's build messages
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        preview, state = self.preview, self.preview.state
        if len(self.path) > MAX_URL:
            return self._send(414, b"414 URI too long", "text/plain; charset=utf-8", head)
        raw_path = urllib.parse.urlsplit(self.path).path
        if raw_path.startswith(PREFIX):
            return self._internal(raw_path[len(PREFIX):], head)
        try:
            target = safe_path(preview.output, raw_path)
        except UnicodeDecodeError:
            target = None
        if target is None:
            return self._send(403, b"403 forbidden", "text/plain; charset=utf-8", head)
        if any(len(os.fsencode(part)) > MAX_SEGMENT for part in target.parts):
            return self._send(404, b"404 not found", "text/plain; charset=utf-8", head)
        try:
            is_dir = target.is_dir()
        except OSError:      # ENAMETOOLONG, ELOOP, EACCES: no such page
            return self._send(404, b"404 not found", "text/plain; charset=utf-8", head)
        if is_dir:
            if not raw_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", raw_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        is_html = target.suffix.lower() in (".html", ".htm")
        if is_html and state.broken:
            return self._send(200, overlay_page(state, preview.lang, raw_path, preview.content),
                              "text/html; charset=utf-8", head)
        try:
            data = target.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return self._send(404, b"404 not found", "text/plain; charset=utf-8", head)
        except OSError:
            return self._send(403, b"403 forbidden", "text/plain; charset=utf-8", head)
        if is_html:
            data = inject(data, state.shown, asset_digest(preview.output, raw_path, data))
            ctype = "text/html; charset=utf-8"
        else:
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
                ctype += "; charset=utf-8"
            # Style sheets, scripts and photos: the browser keeps them and asks whether they
            # changed (304) instead of fetching them again on every reload. The tag is the
            # content's digest, never the file's time: nothing read back is trusted.
            tag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
            if tag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
                return self._send(304, b"", ctype, head=True, etag=tag)
            return self._send(200, data, ctype, head, etag=tag)
        self._send(200, data, ctype, head)

    def _internal(self, name: str, head: bool):
        state = self.preview.state
        if name == "wait":
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            try:
                gen = int(query.get("gen", ["-1"])[0])
            except ValueError:
                gen = -1
            now = state.wait_newer(gen, WAIT_SECONDS)
            answer: dict = {"generation": now}
            page = query.get("page", [""])[0]
            if page and now != gen:
                served = self._page(page, now)
                if served is not None:
                    answer["page"] = served
            return self._send(200, json.dumps(answer, ensure_ascii=False).encode(),
                              "application/json; charset=utf-8", head)
        if name == "status":
            body = {"generation": state.generation, "shown": state.shown, "broken": state.broken,
                    "errors": [p.as_dict(self.preview.lang) for p in errors(state.problems)],
                    "failure": state.failure, "seconds": round(state.seconds, 4),
                    "built_at": state.built_at, "noticed_at": state.noticed_at,
                    "started_at": state.started_at, "watch": self.preview.watch_mode}
            return self._send(200, json.dumps(body, ensure_ascii=False).encode(),
                              "application/json; charset=utf-8", head)
        return self._send(404, b"404 not found", "text/plain; charset=utf-8", head)

    def _page(self, url_path: str, shown: int) -> str | None:
        """The page at `url_path` exactly as a GET of it now would serve it, as text; None
        where that would be anything but a page of the output (a folder without its
        slash, no such file, the error page, bytes that are not UTF-8): the tab asks then."""
        preview = self.preview
        if preview.state.broken or len(url_path) > MAX_URL:
            return None
        try:
            target = safe_path(preview.output, url_path)
            if target is None or any(len(os.fsencode(p)) > MAX_SEGMENT for p in target.parts):
                return None
            if target.is_dir():
                if not url_path.endswith("/"):
                    return None
                target = target / "index.html"
            if target.suffix.lower() not in (".html", ".htm"):
                return None
            data = target.read_bytes()
            return inject(data, shown, asset_digest(preview.output, url_path, data)).decode("utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            return None

    def _send(self, status: int, body: bytes, ctype: str, head: bool = False, etag: str = ""):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "no-cache")     # keep, but ask every time
        else:
            self.send_header("Cache-Control", "no-store")     # pages: the script knows the build
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass


class _Server(http.server.ThreadingHTTPServer):
    """One thread per connection, at most MAX_THREADS: a page opened in many tabs, or a
    scanner on the office network, cannot make the preview start hundreds of threads."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args, **kwargs):
        self.slots = threading.BoundedSemaphore(MAX_THREADS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                b"Retry-After: 1\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        pass      # a client that went away is not the clerk's problem: no traceback


def make_server(preview: Preview, host: str = "127.0.0.1", port: int = 8000) -> _Server:
    handler = type("BoundHandler", (Handler,), {"preview": preview})
    return _Server((host, port), handler)


def serve(content: Path, output: Path, host: str = "127.0.0.1", port: int = 8000,
          lang: str = "zh", echo=print, ready=None) -> None:
    """Build, serve and watch until interrupted (Ctrl+C)."""
    preview = Preview(content, output, lang, echo)
    preview.build_once()
    server = make_server(preview, host, port)
    watcher = threading.Thread(target=preview.watch_forever, daemon=True, name="sitegen-watch")
    watcher.start()
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    url = f"http://{shown}:{server.server_address[1]}/"
    echo(_say("ready", lang, url=url, content=preview.content))
    if ready:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        server.server_close()
