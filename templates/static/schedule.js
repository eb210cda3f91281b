/* The home page's schedule block: next monthly forum, its duty team and the next quarterly
   review, from today's date (the rule is static/rota.js). */
(function () {
  "use strict";
  var el = document.getElementById("schedule-data");
  if (!el) return;
  var data = JSON.parse(el.textContent);
  var wordsEl = document.getElementById("schedule-words");   // labels from the page
  var WORDS = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  var today = new Date();
  var rota = window.sitegenRota;   // static/rota.js: the rule itself
  var f = rota.nextEvent(today, false);
  var q = rota.nextEvent(today, true);
  function words(e) {
    var values = {year: e.year, month: e.month, mm: (e.month < 10 ? "0" : "") + e.month};
    return String(WORDS.date || "{year}-{mm}").replace(/\{(\w+)\}/g, function (m, k) {
      return values.hasOwnProperty(k) ? String(values[k]) : m;
    });
  }
  var set = function (k, v) { var n = document.querySelector('[data-next="' + k + '"]'); if (n) n.textContent = v; };
  set("forum", words(f));
  var d = rota.duty(data, f.year, f.month);
  if (d) set("duty", (WORDS.names && WORDS.names[d.id]) || d.name);
  set("review", words(q));
})();
