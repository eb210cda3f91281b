/* Lobby slideshow, built to run unattended for weeks.
   - One timer: a single setTimeout loop (about once a second) drives the clock, the slide
     changes, the burn-in drift and the check for a newer build. Nothing else schedules.
   - No DOM growth: every slide is rendered at build time; showing one only moves classes;
     text changes reuse the existing text node.
   - Change without two slides' text at once and without a blank frame: the header and
     footer stay; the outgoing body fades out completely (CSS), then the next one (its
     photos already loaded) fades in. prefers-reduced-motion cuts.
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
  var n = slides.length;
  if (!n) return;
  var SLIDE_MS = data.seconds * 1000, POLL_MS = data.poll_seconds * 1000;
  var SHIFT_MS = 60000, FADE_MS = 1400, IMG_WAIT_MS = 10000, FIRST_POLL_MS = 5000;
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var framed = window.top !== window.self;   // preloaded by a screen taking in a new build

  var offset = 0;
  function now() { return Date.now() + offset; }

  var current = 0, leaving = -1, leavingUntil = 0, paused = false, waitingSince = 0, shows = 0;
  var dueAt = now() + SLIDE_MS, shiftAt = now() + SHIFT_MS, pollAt = now() + FIRST_POLL_MS;
  var shiftStep = 0, baseVersion = null, checking = null, frame = null, timer = 0;
  var lastMinute = "", lastDay = "";

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
  for (var s = 0; s < n; s++) imgs.push(Array.prototype.slice.call(slides[s].querySelectorAll("img[data-src]")));
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

  function show(i, t) {
    i = ((i % n) + n) % n;
    dueAt = t + SLIDE_MS;
    waitingSince = 0;
    if (i === current) return;
    if (leaving >= 0) slides[leaving].classList.remove("is-leaving");
    var prev = slides[current];
    prev.classList.remove("is-current");
    prev.classList.add("is-leaving");
    leaving = current;
    leavingUntil = t + FADE_MS;
    current = i;
    load(i);
    slides[i].classList.add("is-current");
    setText(whereEl, slides[i].getAttribute("data-where") || "");
    setText(countEl, (i + 1) + " / " + n);
    shows += 1;
    load((i + 1) % n);
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
    if (leaving >= 0 && t >= leavingUntil) { slides[leaving].classList.remove("is-leaving"); leaving = -1; }
    if (!paused && n > 1 && t >= dueAt) {
      var next = (current + 1) % n;
      load(next);
      if (ready(next) || (waitingSince && t - waitingSince >= IMG_WAIT_MS)) show(next, t);
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
    pause: function () { setPaused(true); },
    resume: function () { setPaused(false); },
    /* Move the show's clock forward by ms and run one step, as the timer would. */
    fastForward: function (ms) { offset += ms; step(now()); return current; },
    checkVersion: function () { return Promise.resolve(poll(now())); },
    state: function () {
      return {index: current, count: n, paused: paused, shows: shows, version: baseVersion,
              timer: timer !== 0, leaving: leaving, preloading: !!frame};
    }
  };

  setText(countEl, "1 / " + n);
  load(0);
  load(1 % n);
  clock(now());
  if (!framed) loop();
})();
