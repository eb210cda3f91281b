/* The rhythm of a work-team home, computed from today's date in the browser so that a page
   or lobby screen built weeks ago stays right: the monthly forum is in the 4th week of
   each month (days 22–28), the quarterly review in the 4th week of March, June,
   September and December, and the duty team continues the home's rota from the last
   recorded forum's host. Shared by the home pages (schedule.js) and the lobby screens
   (screen.js); its data (rota and anchor) comes from sitegen/facts.py (schedule_data); tested for
   every day of a leap and a common year in tests/test_schedule_browser.py. */
(function (root) {
  "use strict";
  /* The team on duty for the forum of `month` (1–12) of `year`; null without a rota. */
  function duty(schedule, year, month) {
    var rota = schedule.rota;
    if (!rota.length) return null;
    var a = schedule.anchor;
    var idx = a ? a.index + (year * 12 + month) - (a.year * 12 + a.month) : (year * 12 + month - 1);
    return rota[((idx % rota.length) + rota.length) % rota.length];
  }
  /* The next forum (or, with `quarterly`, review) whose week has not ended by `today`. */
  function nextEvent(today, quarterly) {
    var y = today.getFullYear(), m = today.getMonth() + 1;
    var start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    for (var i = 0; i < 24; i++) {
      if ((!quarterly || m % 3 === 0) && new Date(y, m - 1, 28) >= start) return {year: y, month: m};
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    return {year: y, month: m};
  }
  root.sitegenRota = {duty: duty, nextEvent: nextEvent};
})(window);
