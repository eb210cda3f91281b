/* Lobby slideshow, built to run unattended for weeks.
   - One timer: a single setTimeout loop (about once a second) drives the clock, the slide
     changes, the burn-in drift and the check for a newer build. Nothing else schedules.
   - No DOM growth: every slide is rendered at build time; showing one only moves classes;
     text changes reuse the existing text node.
   - Change without two slides' text at once and without a blank frame: the header and
     footer stay; the outgoing body fades out completely (CSS), then the next one (its
     photos already loaded) fades in. prefers-reduced-motion cuts.
   - Slides fill the screen: each slide's .fit box is scaled (CSS zoom, never below 1, so
     the legibility floor holds) to the largest size that fits under its heading, measured
     after layout, each time the slide is shown (a few layouts of one slide).
   - Screen shape: slides paged for landscape or portrait carry data-orient; only those of
     the screen's shape (and those without) are shown.
   - County loop: the homes' slides carry data-group (cycle number); each cycle shows the
     county's own slides and one group, chosen from the clock when the cycle starts:
     group = floor(minutes since midnight / cycle_minutes) mod groups, or the one after it
     when that group has just been shown (a cycle shorter than its period).
   - Dates (clock, today, next forum/review, duty team) come from the browser's clock and
     data embedded at build time, so a build stays right for weeks.
   - Newer build: version.json is fetched every few minutes (not from file://); only when
     it was fetched and differs is the new page preloaded in a hidden frame, then the page
     reloads. Failures change nothing on screen.
   Test hook: window.sitegenScreen (next, prev, go, pause, resume, fastForward, checkVersion, state). */
(function () {
  "use strict";
  var root = document.getElementById("screen");
  var dataEl = document.getElementById("screen-data");
  if (!root || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  if (!slides.length) return;
  var orientOf = [], groupOf = [];
  for (var a = 0; a < slides.length; a++) {
    orientOf.push(slides[a].getAttribute("data-orient") || "");
    groupOf.push(slides[a].hasAttribute("data-group") ? +slides[a].getAttribute("data-group") : -1);
  }
  var GROUPS = data.groups || 0, CYCLE_MIN = data.cycle_minutes || 20, MAX_ZOOM = 2.4;
  var active = [], n = 0, group = 0, shape = "";
  var SLIDE_MS = data.seconds * 1000, POLL_MS = data.poll_seconds * 1000;
  var SHIFT_MS = 60000, FADE_MS = 1400, IMG_WAIT_MS = 10000, FIRST_POLL_MS = 5000;
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var framed = window.top !== window.self;   // preloaded by a screen taking in a new build

  var offset = 0;
  function now() { return Date.now() + offset; }

  var current = 0, shownEl = null, leavingEl = null, leavingUntil = 0, paused = false, waitingSince = 0, shows = 0;
  var dueAt = now() + SLIDE_MS, shiftAt = now() + SHIFT_MS, pollAt = now() + FIRST_POLL_MS;
  var shiftStep = 0, baseVersion = null, checking = null, frame = null, timer = 0;
  var lastMinute = "", lastDay = "", starting = 0;

  var whereEl = document.getElementById("where"), countEl = document.getElementById("count");
  var clockEls = Array.prototype.slice.call(root.querySelectorAll("#clock, [data-clock]"));
  var dateEls = Array.prototype.slice.call(root.querySelectorAll("#date"));
  var todayEls = Array.prototype.slice.call(root.querySelectorAll("[data-today]"));
  var versionUrl = root.getAttribute("data-version");

  /* Set text without creating nodes when the element holds one text node already. */
  function setText(el, s) {
    if (!el) return;
    var t = el.firstChild;
    if (t && t.nodeType === 3 && !t.nextSibling) { if (t.nodeValue !== s) t.nodeValue = s; }
    else el.textContent = s;
  }
  function pad(x) { return x < 10 ? "0" + x : "" + x; }
  var WEEK_ZH = "日一二三四五六", WEEK_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  function dayWords(d, long) {
    if (zh) return (long ? d.getFullYear() + "年" : "") + (d.getMonth() + 1) + "月" + d.getDate() + "日 " +
      (long ? "星期" : "周") + WEEK_ZH.charAt(d.getDay());
    return WEEK_EN[d.getDay()] + " " + d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function clock(t) {
    var d = new Date(t);
    var hm = pad(d.getHours()) + ":" + pad(d.getMinutes());
    if (hm !== lastMinute) {
      lastMinute = hm;
      for (var i = 0; i < clockEls.length; i++) setText(clockEls[i], hm);
    }
    var day = d.getFullYear() + "-" + d.getMonth() + "-" + d.getDate();
    if (day !== lastDay) {
      lastDay = day;
      for (var j = 0; j < dateEls.length; j++) setText(dateEls[j], dayWords(d, false));
      for (var k = 0; k < todayEls.length; k++) setText(todayEls[k], dayWords(d, true));
      schedules(d);
    }
  }

  /* ---- next monthly forum and quarterly review with the duty team: static/rota.js */
  var duty = window.sitegenRota.duty, nextEvent = window.sitegenRota.nextEvent;
  function eventWords(e, today) {
    var s = zh ? e.year + "年" + e.month + "月22日—28日" : e.year + "-" + pad(e.month) + "-22 – 28";
    var running = today.getFullYear() === e.year && today.getMonth() + 1 === e.month && today.getDate() >= 22;
    return running ? s + (data.words.this_week || "") : s;
  }
  function schedules(today) {
    for (var i = 0; i < slides.length; i++) {
      var slide = slides[i];
      if (slide.className.indexOf("kind-schedule") < 0) continue;
      var sch = data.schedules[slide.getAttribute("data-home")];
      if (!sch) continue;
      var f = nextEvent(today, false), q = nextEvent(today, true);
      setText(slide.querySelector('[data-next="forum"]'), eventWords(f, today));
      setText(slide.querySelector('[data-next="review"]'), eventWords(q, today));
      var d = duty(sch, f.year, f.month);
      if (d) setText(slide.querySelector('[data-next="duty"]'), d.name);
      var items = slide.querySelectorAll("[data-rota]");
      for (var k = 0; k < items.length; k++) {
        var y = f.year, m = f.month + k;
        while (m > 12) { m -= 12; y += 1; }
        var r = duty(sch, y, m);
        if (r) setText(items[k], (zh ? m + "月 · " : y + "-" + pad(m) + " · ") + r.name);
      }
    }
  }

  /* ---- photos: loaded just before their slide, never unloaded (no refetch when the
     server is down); a failed photo gives way to the member's initial. */
  var imgs = [];
  for (var s = 0; s < slides.length; s++) imgs.push(Array.prototype.slice.call(slides[s].querySelectorAll("img[data-src]")));
  function onImg(e) {
    var img = e.target;
    if (e.type === "error") img.classList.add("broken"); else img.classList.remove("broken");
  }
  root.addEventListener("load", onImg, true);
  root.addEventListener("error", onImg, true);
  function load(i) {
    var list = imgs[i];
    for (var k = 0; k < list.length; k++) {
      var img = list[k];
      if (!img.getAttribute("src") || img.classList.contains("broken")) img.setAttribute("src", img.getAttribute("data-src"));
    }
  }
  function ready(i) {
    var list = imgs[i];
    for (var k = 0; k < list.length; k++) if (!list[k].complete) return false;
    return true;
  }

  /* ---- which slides this screen shows: its shape, and in the county loop one group */
  function pickGroup(t) {
    if (!GROUPS) return 0;
    var d = new Date(t);
    return Math.floor((d.getHours() * 60 + d.getMinutes()) / CYCLE_MIN) % GROUPS;
  }
  function select() {
    shape = window.innerHeight > window.innerWidth ? "port" : "land";
    active.length = 0;
    for (var i = 0; i < slides.length; i++) {
      if ((orientOf[i] === "" || orientOf[i] === shape) && (groupOf[i] < 0 || groupOf[i] === group)) active.push(i);
    }
    n = active.length;
  }

  /* ---- scale a slide's content to fill its box (largest zoom that fits, 1 at least) */
  function fits(slide, box, area, k) {
    box.style.zoom = k;
    var r = box.getBoundingClientRect(), b = area.getBoundingClientRect();
    return r.height <= b.height + 0.5 && r.width <= b.width + 0.5 &&
      box.scrollWidth <= box.clientWidth && slide.scrollHeight <= slide.clientHeight &&
      slide.scrollWidth <= slide.clientWidth;
  }
  var fitKey = "";
  /* A line of fields (a team's unit · term) that wrapped at the zoom found: one field a
     line, without the separator left dangling at the end of the first (same height). */
  function split(box, on) {
    var metas = box.querySelectorAll(".team-meta");
    for (var i = 0; i < metas.length; i++) {
      var f = metas[i].querySelectorAll(".fld");
      metas[i].classList.toggle("split", on && f.length > 1 && f[f.length - 1].offsetTop > f[0].offsetTop);
    }
  }
  function fit(a) {
    fitKey = window.innerWidth + "x" + window.innerHeight;
    var slide = slides[a], box = slide.querySelector(".fit");
    if (!box) return;
    split(box, false);
    scale(slide, box);
    split(box, true);
  }
  function scale(slide, box) {
    var area = box.parentNode, lo = 1, hi = MAX_ZOOM;
    if (fits(slide, box, area, hi)) return;
    if (!fits(slide, box, area, lo)) { box.style.zoom = "1"; return; }
    for (var k = 0; k < 8; k++) {
      var mid = (lo + hi) / 2;
      if (fits(slide, box, area, mid)) lo = mid; else hi = mid;
    }
    lo = Math.floor(lo * 1000) / 1000;           // rounding up could cross a line break
    while (lo > 1 && !fits(slide, box, area, lo)) lo = Math.max(1, lo - 0.02);
    box.style.zoom = String(lo);
  }

  var pendingWhere = null;
  function setWhere() {
    if (pendingWhere !== null) { setText(whereEl, pendingWhere); pendingWhere = null; }
  }
  root.addEventListener("transitionend", function (e) {
    if (e.target === leavingEl && e.propertyName === "opacity" &&
        parseFloat(getComputedStyle(leavingEl).opacity) < 0.05) setWhere();
  });

  function show(i, t) {
    i = ((i % n) + n) % n;
    dueAt = t + SLIDE_MS;
    waitingSince = 0;
    var el = slides[active[i]];
    current = i;
    if (el !== shownEl) {
      if (leavingEl) leavingEl.classList.remove("is-leaving");
      leavingEl = null;
      if (shownEl) {
        shownEl.classList.remove("is-current");
        shownEl.classList.add("is-leaving");
        leavingEl = shownEl;
        leavingUntil = t + FADE_MS;
      }
      fit(active[i]);
      load(active[i]);
      el.classList.add("is-current");
      shownEl = el;
      // the header names the new home once the old body has gone (transitionend, or the timer)
      pendingWhere = el.getAttribute("data-where") || "";
      if (!leavingEl || getComputedStyle(leavingEl).transitionDuration === "0s") setWhere();
      shows += 1;
    }
    setText(countEl, (i + 1) + " / " + n);
    load(active[(i + 1) % n]);
  }
  /* The screen changed size (or turned; checked on the timer, not on resize events, so a
     passing resize is measured only once it has settled): slides of its shape, refitted. */
  function reshape() {
    var was = shape;
    select();
    if (shape === was) { if (shownEl) fit(slides.indexOf(shownEl)); return; }
    show(0, now());
  }

  function shift(t) {
    shiftAt = t + SHIFT_MS;
    shiftStep += 1;
    root.style.setProperty("--sx", String(Math.round(6 * Math.sin(shiftStep * 0.37))));
    root.style.setProperty("--sy", String(Math.round(5 * Math.sin(shiftStep * 0.23 + 1))));
  }

  /* ---- newer build */
  function poll(t) {
    pollAt = t + POLL_MS;
    if (framed || !versionUrl || location.protocol === "file:" || !window.fetch || checking) return checking;
    checking = fetch(versionUrl, {cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.json();
    }).then(function (j) {
      checking = null;
      var v = j && j.version;
      if (typeof v !== "string" || !v) return "bad";
      if (baseVersion === null) { baseVersion = v; return "first"; }
      if (v === baseVersion) return "same";
      takeIn(v);
      return "changed";
    }, function () { checking = null; return "failed"; });
    return checking;
  }
  /* Load the new page (and so its styles, script and first photos) in a hidden frame;
     swap only when it arrived whole. The browser keeps the old page painted until the
     reloaded one can paint, so the screen never goes blank. */
  function takeIn(v) {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%;border:0;visibility:hidden;pointer-events:none;";
    frame.onload = function () {
      var ok = false;
      try { ok = !!(frame.contentDocument && frame.contentDocument.getElementById("screen-data")); } catch (e) { ok = false; }
      if (ok) { location.reload(); return; }
      dropFrame();
    };
    frame.onerror = dropFrame;
    var here = location.href.split("#")[0].split("?")[0];
    frame.src = here + "?preload=" + encodeURIComponent(v);
    document.body.appendChild(frame);
  }
  function dropFrame() {
    if (!frame) return;
    frame.onload = frame.onerror = null;
    if (frame.parentNode) frame.parentNode.removeChild(frame);
    frame = null;
  }

  function step(t) {
    clock(t);
    if (starting && t - starting > 500) { root.classList.remove("is-starting"); starting = 0; }
    if (window.innerWidth + "x" + window.innerHeight !== fitKey) reshape();
    if (leavingEl && t >= leavingUntil) { leavingEl.classList.remove("is-leaving"); leavingEl = null; setWhere(); }
    if (!paused && t >= dueAt) {
      if (current + 1 >= n && GROUPS > 1 && !waitingSince) {     // a new cycle of the county loop
        var g = pickGroup(t);
        if (g === group) g = (g + 1) % GROUPS;   // a short cycle ended inside its own period
        group = g; select(); current = -1;
      }
      var next = (current + 1) % n;
      load(active[next]);
      if (slides[active[next]] === shownEl) dueAt = t + SLIDE_MS;
      else if (ready(active[next]) || (waitingSince && t - waitingSince >= IMG_WAIT_MS)) show(next, t);
      else if (!waitingSince) waitingSince = t;
    }
    if (t >= shiftAt) shift(t);
    if (t >= pollAt) poll(t);
  }
  function loop() {
    timer = 0;
    step(now());
    timer = setTimeout(loop, 1020 - (Date.now() % 1000));
  }

  function manual(delta) { show(current + delta, now()); }
  function setPaused(p) {
    paused = p;
    root.classList.toggle("is-paused", p);
    dueAt = now() + SLIDE_MS;
  }
  document.addEventListener("keydown", function (e) {
    var k = e.key;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown") manual(1);
    else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp") manual(-1);
    else if (k === " " || k === "Spacebar") setPaused(!paused);
    else return;
    e.preventDefault();
  });

  window.sitegenScreen = {
    next: function () { manual(1); return current; },
    prev: function () { manual(-1); return current; },
    go: function (i) { show(i, now()); return current; },
    /* Show group g of the county loop from its first slide (tests, and staff with a keyboard). */
    setGroup: function (g) { group = g; select(); show(0, now()); return n; },
    pause: function () { setPaused(true); },
    resume: function () { setPaused(false); },
    /* Move the show's clock forward by ms and run one step, as the timer would. */
    fastForward: function (ms) { offset += ms; step(now()); return current; },
    checkVersion: function () { return Promise.resolve(poll(now())); },
    state: function () {
      return {index: current, count: n, paused: paused, shows: shows, version: baseVersion,
              timer: timer !== 0, leaving: leavingEl ? slides.indexOf(leavingEl) : -1, preloading: !!frame,
              group: group, groups: GROUPS, cycleMinutes: CYCLE_MIN, shape: shape,
              kind: shownEl ? shownEl.className.replace(/^.*kind-(\S+).*$/, "$1") : ""};
    }
  };

  root.classList.add("is-starting");             // the first slide appears at once, no fade
  starting = now();
  group = pickGroup(now());
  select();
  for (var c = 0; c < slides.length; c++) slides[c].classList.remove("is-current");
  clock(now());                                   // dates in place before the first fit
  show(0, now());
  /* Commit the first slide's style now, while is-starting holds its fade off. On a slow box
     the first frame can come after the timer has taken is-starting off, and the slide,
     never drawn before, would then fade in from an empty body. */
  if (shownEl) void getComputedStyle(shownEl).opacity;
  shows = 0;
  if (!framed) loop();
})();
