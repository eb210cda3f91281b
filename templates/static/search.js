/* Site search: a static index (search-index.js) matched by substring, offline, no server. */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var rows = window.SITEGEN_SEARCH || [];
  var root = window.SITEGEN_ROOT || "";
  if (!input || !list) return;
  function show(query) {
    list.textContent = "";
    query = query.trim().toLowerCase();
    if (!query) return;
    var found = 0;
    for (var i = 0; i < rows.length && found < 30; i++) {
      var r = rows[i];
      if ((r.t + " " + r.s).toLowerCase().indexOf(query) === -1) continue;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + r.u;
      a.textContent = r.t;
      var small = document.createElement("small");
      small.textContent = " " + r.s;
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
      found++;
    }
    if (!found) {
      var none = document.createElement("li");
      none.textContent = "没有找到“" + query + "”";
      list.appendChild(none);
    }
  }
  input.addEventListener("input", function () { show(input.value); });
})();
