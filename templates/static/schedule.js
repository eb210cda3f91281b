/* Next monthly forum (4th week: days 22–28) and quarterly review, from today's date.
   Computed in the browser so a page built weeks ago still shows the right dates. */
(function () {
  "use strict";
  var el = document.getElementById("schedule-data");
  if (!el) return;
  var data = JSON.parse(el.textContent);
  var wordsEl = document.getElementById("schedule-words");   // labels from the page
  var WORDS = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  function duty(year, month) {
    var rota = data.rota;
    if (!rota.length) return null;
    var a = data.anchor;
    var idx = a ? a.index + (year * 12 + month) - (a.year * 12 + a.month) : (year * 12 + month - 1);
    return rota[((idx % rota.length) + rota.length) % rota.length];
  }
  function next(today, pred) {
    var y = today.getFullYear(), m = today.getMonth() + 1;
    for (var i = 0; i < 24; i++) {
      var end = new Date(y, m - 1, 28);
      if (pred(m) && end >= new Date(today.getFullYear(), today.getMonth(), today.getDate())) {
        return {year: y, month: m};
      }
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
  }
  var today = new Date();
  var f = next(today, function () { return true; });
  var q = next(today, function (m) { return m % 3 === 0; });
  function words(e) {
    var values = {year: e.year, month: e.month, mm: (e.month < 10 ? "0" : "") + e.month};
    return String(WORDS.date || "{year}-{mm}").replace(/\{(\w+)\}/g, function (m, k) {
      return values.hasOwnProperty(k) ? String(values[k]) : m;
    });
  }
  var set = function (k, v) { var n = document.querySelector('[data-next="' + k + '"]'); if (n) n.textContent = v; };
  set("forum", words(f));
  var d = duty(f.year, f.month);
  if (d) set("duty", (WORDS.names && WORDS.names[d.id]) || d.name);
  set("review", words(q));
})();
