// Offline search over window.HANDBOOK_SEARCH (search-index.js, loaded as a script so it works
// from file://). Every word typed must appear in the title, the id, or the indexed text.
(function () {
  var index = window.HANDBOOK_SEARCH || [];
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !results) return;
  var root = document.querySelector('script[src$="search-index.js"]').getAttribute("src").replace(/search-index\.js$/, "");
  function render(query) {
    results.textContent = "";
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) { status.textContent = "Type to search."; return; }
    var found = index.map(function (entry) {
      var title = (entry.t + " " + entry.l).toLowerCase(), text = entry.x.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        if (title.indexOf(words[i]) >= 0) score += 3;
        else if (text.indexOf(words[i]) >= 0) score += 1;
        else return null;
      }
      return {entry: entry, score: score};
    }).filter(Boolean).sort(function (a, b) { return b.score - a.score; }).slice(0, 50);
    status.textContent = found.length ? found.length + (found.length === 1 ? " result" : " results") : "No results.";
    found.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + hit.entry.u;
      a.textContent = (hit.entry.k === "decision" ? hit.entry.l + ": " : "") + hit.entry.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + hit.entry.k + (hit.entry.k !== "decision" && hit.entry.l ? " · " + hit.entry.l : "");
      li.appendChild(a);
      li.appendChild(kind);
      results.appendChild(li);
    });
  }
  input.addEventListener("input", function () { render(input.value); });
  var match = /[?&]q=([^&]*)/.exec(location.search);
  if (match) { input.value = decodeURIComponent(match[1].replace(/\+/g, " ")); render(input.value); }
})();
