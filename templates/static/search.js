/* Site search: a static index (search-index.js, loaded as a script because fetch is refused
   on file://) matched by substring — any part of Chinese text, e.g. 财政 finds 县财政局.
   Several words separated by spaces must all match. Offline, no server. */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var panel = document.getElementById("search-panel");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var rows = window.SITEGEN_SEARCH || [];
  var root = window.SITEGEN_ROOT || "";
  // Interface words come from the page (labels in site.yaml / --lang), not from this file.
  var wordsEl = document.getElementById("search-words");
  var WORDS = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  var KIND = WORDS.kinds || {};
  var LIMIT = 40;
  if (!input || !list || !panel) return;

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function norm(s) {
    // Full-width Latin letters and digits → half-width; lower case; no spaces.
    return String(s).replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\u3000/g, " ").toLowerCase();
  }
  var haystacks = rows.map(function (r) { return norm(r.t + " " + r.s); });

  function highlight(parent, text, words) {
    var lower = norm(text), i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      for (var w = 0; w < words.length; w++) {
        var at = lower.indexOf(words[w], i);
        if (at !== -1 && (best === -1 || at < best)) { best = at; len = words[w].length; }
      }
      if (best === -1) { parent.appendChild(document.createTextNode(text.slice(i))); return; }
      if (best > i) parent.appendChild(document.createTextNode(text.slice(i, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      parent.appendChild(mark);
      i = best + len;
    }
  }

  function show(query) {
    list.textContent = "";
    var words = norm(query).split(/\s+/).filter(Boolean);
    if (!words.length) { panel.hidden = true; status.textContent = ""; return; }
    var found = 0, total = 0;
    for (var i = 0; i < rows.length; i++) {
      var hay = haystacks[i], ok = true;
      for (var w = 0; w < words.length; w++) if (hay.indexOf(words[w]) === -1) { ok = false; break; }
      if (!ok) continue;
      total++;
      if (found >= LIMIT) continue;
      var r = rows[i];
      var li = document.createElement("li");
      if (r.k && KIND[r.k]) {
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = KIND[r.k];
        li.appendChild(kind);
      }
      var a = document.createElement("a");
      a.href = root + r.u;
      highlight(a, r.t, words);
      var small = document.createElement("small");
      highlight(small, r.s, words);
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
      found++;
    }
    status.textContent = total ? (fill(WORDS.found, {n: total}) + (total > LIMIT ? fill(WORDS.limited, {limit: LIMIT}) : ""))
                               : fill(WORDS.none, {q: query.trim()});
    panel.hidden = false;
  }
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; show(""); }
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".search")) panel.hidden = true;
  });
  input.addEventListener("focus", function () { if (input.value.trim()) show(input.value); });
})();
