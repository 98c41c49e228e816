// Offline search (ADR-0120). search-index.js (window.HANDBOOK_SEARCH, loaded as a script, so it
// works from file://) holds every entry and an inverted index of every word of its full text;
// search/text-N.js holds the full texts, loaded only for the snippets of the results shown.
// Every word typed must match a word of the entry: exactly, as a prefix, or (when nothing
// matches) with one typo (two for long words). Ranked: id and title, then keys (tags, paths),
// then body. The header's field on every page: "/" or Ctrl-K focuses it, arrows move through
// the results, Enter opens one; search.html shows every result with its snippet.
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src$="search.js"]');
  var root = script.getAttribute("src").replace(/search\.js$/, "");
  var KIND = {decision: "Decision", landmine: "Landmine", page: "Page", contract: "Contract", file: "File"};

  // --- loading ------------------------------------------------------------------------------
  var loading = null, texts = {}, shardWaiters = {};
  function load(src, done) {
    var s = document.createElement("script");
    s.src = root + src;
    s.onload = done;
    s.onerror = done;
    document.head.appendChild(s);
  }
  function index(done) {
    if (window.HANDBOOK_SEARCH && window.HANDBOOK_SEARCH.docs) { prepare(); done(); return; }
    if (!loading) {
      loading = [];
      load("search-index.js", function () { prepare(); var w = loading; loading = []; w.forEach(function (f) { f(); }); });
    }
    loading.push(done);
  }
  window.HANDBOOK_SEARCH_TEXT = function (shard, list) { texts[shard] = list; };
  function shards(numbers, done) {
    var missing = numbers.filter(function (n) { return !(n in texts); });
    if (!missing.length) { done(); return; }
    var left = missing.length;
    missing.forEach(function (n) {
      if (shardWaiters[n]) { shardWaiters[n].push(step); return; }
      shardWaiters[n] = [step];
      load("search/text-" + n + ".js", function () {
        if (!(n in texts)) texts[n] = [];
        var w = shardWaiters[n]; delete shardWaiters[n]; w.forEach(function (f) { f(); });
      });
    });
    function step() { if (--left === 0) done(); }
  }

  var data = null, terms = null, postingCache = {};
  function prepare() {
    if (data || !window.HANDBOOK_SEARCH) return;
    data = window.HANDBOOK_SEARCH;
    terms = data.terms ? data.terms.split("\n") : [];
  }
  function postings(t) {
    if (postingCache[t] !== undefined) return postingCache[t];
    var parts = data.postings[t].split(","), out = new Array(parts.length), doc = 0;
    for (var i = 0; i < parts.length; i++) { doc += parseInt(parts[i], 36); out[i] = doc; }
    return (postingCache[t] = out);
  }

  // --- matching -----------------------------------------------------------------------------
  function words(text) {
    return text.toLowerCase().split(/[^a-z0-9\u0080-\uffff]+/).filter(Boolean);
  }
  function lowerBound(word) {
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < word) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = [], prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i]; var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        // Two letters swapped is one typo (Damerau).
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  // The index terms a query word stands for, each with a weight: exact 1, prefix .6, typo .3.
  function expand(word) {
    var found = [], i = lowerBound(word);
    if (terms[i] === word) { found.push([i, 1]); i++; }
    for (var n = 0; i < terms.length && terms[i].lastIndexOf(word, 0) === 0 && n < 400; i++, n++) found.push([i, 0.6]);
    if (!found.length && word.length >= 4) {
      var max = word.length >= 8 ? 2 : 1;
      for (var k = 0; k < terms.length; k++) {
        if (Math.abs(terms[k].length - word.length) <= max && distance(word, terms[k], max) <= max) found.push([k, 0.3]);
      }
    }
    return found;
  }
  // The entry's id and title, and its keys, lower-cased once.
  function field(doc, which) {
    var slot = which === 0 ? 5 : 6;
    if (doc[slot] === undefined) doc[slot] = (which === 0 ? doc[1] + " " + doc[2] : doc[4]).toLowerCase();
    return doc[slot];
  }
  function search(query) {
    var qwords = words(query);
    if (!qwords.length || !data) return [];
    var scores = null, matched = [], forms = [];
    for (var q = 0; q < qwords.length; q++) {
      var best = {};
      var expansions = expand(qwords[q]);
      // What stands for this word in a title or key: the word itself, or its typo matches.
      var wordForms = [qwords[q]];
      expansions.forEach(function (e) {
        var term = terms[e[0]];
        matched.push(term);
        if (e[1] < 0.5) wordForms.push(term);
        var list = postings(e[0]);
        for (var i = 0; i < list.length; i++) {
          var d = list[i];
          if (!(d in best) || best[d] < e[1]) best[d] = e[1];
        }
      });
      forms.push(wordForms);
      if (scores === null) { scores = best; continue; }
      var next = {};
      for (var d in scores) if (d in best) next[d] = scores[d] + best[d];
      scores = next;
    }
    // Ranked: a word in the id or title counts ten times, in the keys (tags, paths) four times.
    var phrase = query.trim().toLowerCase();
    var results = Object.keys(scores || {}).map(function (key) {
      var d = +key, doc = data.docs[d], title = field(doc, 0), keys = field(doc, 1), score = 0;
      forms.forEach(function (wordForms, q) {
        var boost = 1;
        for (var f = 0; f < wordForms.length; f++) {
          if (title.indexOf(wordForms[f]) >= 0) { boost = 10; break; }
          if (keys.indexOf(wordForms[f]) >= 0) boost = 4;
        }
        score += boost;
      });
      score *= scores[key] / qwords.length;
      if (doc[1].toLowerCase() === phrase || doc[2].toLowerCase() === phrase) score += 100;
      else if (title.indexOf(phrase) >= 0 || keys.indexOf(phrase) >= 0) score += 5;
      return {doc: d, score: score};
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    results.matched = matched;
    return results;
  }

  // --- showing ------------------------------------------------------------------------------
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // A piece of the entry's text around the first match, the matched words in <mark>.
  function snippet(text, matched, into) {
    if (!text) return false;
    var list = matched.slice().sort(function (a, b) { return b.length - a.length; }).slice(0, 40).map(escapeRegExp);
    if (!list.length) return false;
    var pattern = new RegExp("(^|[^a-z0-9\u0080-\uffff])(" + list.join("|") + ")", "i");
    var found = pattern.exec(text);
    if (!found) return false;
    var at = found.index + found[1].length;
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + 120);
    if (start > 0) { var space = text.indexOf(" ", start); if (space > 0 && space < at) start = space + 1; }
    var piece = text.slice(start, end);
    var marker = new RegExp("(^|[^a-z0-9\u0080-\uffff])(" + list.join("|") + ")", "gi");
    var last = 0, m;
    if (start > 0) into.appendChild(document.createTextNode("… "));
    while ((m = marker.exec(piece))) {
      var begin = m.index + m[1].length;
      into.appendChild(document.createTextNode(piece.slice(last, begin)));
      var mark = document.createElement("mark");
      mark.textContent = m[2];
      into.appendChild(mark);
      last = begin + m[2].length;
      if (m[0].length === 0) marker.lastIndex++;
    }
    into.appendChild(document.createTextNode(piece.slice(last) + (end < text.length ? " …" : "")));
    return true;
  }
  function entryLink(d) {
    var doc = data.docs[d], a = document.createElement("a");
    a.href = root + doc[3];
    var title = document.createElement("span");
    title.className = "result-title";
    title.textContent = (doc[0] === "decision" && doc[1] ? doc[1] + ": " : "") + doc[2];
    var kind = document.createElement("span");
    kind.className = "result-kind kind-" + doc[0];
    kind.textContent = KIND[doc[0]] || doc[0];
    a.appendChild(kind);
    a.appendChild(document.createTextNode(" "));
    a.appendChild(title);
    return a;
  }
  function render(list, results, limit, status, done) {
    list.textContent = "";
    var shown = results.slice(0, limit);
    var needed = {};
    shown.forEach(function (r) { needed[Math.floor(r.doc / data.shardSize)] = true; });
    var items = shown.map(function (r) {
      var li = document.createElement("li");
      li.appendChild(entryLink(r.doc));
      var doc = data.docs[r.doc];
      if (doc[0] !== "decision" && doc[0] !== "file" && doc[1]) {
        var label = document.createElement("span");
        label.className = "result-label";
        label.textContent = " " + doc[1];
        li.appendChild(label);
      }
      list.appendChild(li);
      return li;
    });
    if (status) {
      status.textContent = results.length ? results.length + (results.length === 1 ? " result" : " results")
        + (results.length > limit ? ", the first " + limit + " shown" : "") : "No results.";
    }
    shards(Object.keys(needed).map(Number), function () {
      shown.forEach(function (r, i) {
        var doc = data.docs[r.doc];
        var text = (texts[Math.floor(r.doc / data.shardSize)] || [])[r.doc % data.shardSize] || "";
        var p = document.createElement("p");
        p.className = "snippet";
        if (snippet(text, results.matched, p) || snippet(doc[4], results.matched, p)) items[i].appendChild(p);
      });
      if (done) done();
    });
  }

  // --- the header's field, on every page ----------------------------------------------------
  function header() {
    var form = document.querySelector("form.site-search");
    if (!form) return;
    var input = form.querySelector("input");
    var panel = form.querySelector(".search-panel");
    var list = panel.querySelector("ol");
    var status = form.querySelector(".search-live");
    var timer = null;
    function close() { panel.hidden = true; }
    function update() {
      var q = input.value;
      if (!q.trim()) { close(); status.textContent = ""; return; }
      index(function () {
        if (input.value !== q) return;
        var results = search(q);
        render(list, results, 8, null);
        status.textContent = results.length ? results.length + (results.length === 1 ? " result" : " results") : "No results.";
        var more = panel.querySelector(".search-more");
        more.href = root + "search.html?q=" + encodeURIComponent(q);
        more.textContent = results.length > 8 ? "All " + results.length + " results" : "Open the search page";
        panel.hidden = false;
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 60); });
    input.addEventListener("focus", function () { index(function () {}); if (input.value.trim()) update(); });
    function links() { return Array.prototype.slice.call(panel.querySelectorAll("a")); }
    form.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (panel.hidden || !all.length) return;
        event.preventDefault();
        var next = event.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) input.focus(); else all[Math.min(next, all.length - 1)].focus();
      } else if (event.key === "Enter" && document.activeElement === input) {
        event.preventDefault();
        var first = list.querySelector("a");
        if (first && !panel.hidden) location.href = first.href;
        else if (input.value.trim()) location.href = root + "search.html?q=" + encodeURIComponent(input.value);
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      var typing = tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
      if ((event.key === "/" && !typing) || (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // --- search.html ---------------------------------------------------------------------------
  function page() {
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!input || !list) return;
    var timer = null;
    function update() {
      var q = input.value;
      if (!q.trim()) { list.textContent = ""; status.textContent = "Type to search."; return; }
      index(function () {
        if (input.value !== q) return;
        render(list, search(q), 50, status, function () { list.setAttribute("data-ready", q); });
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 60); });
    var match = /[?&]q=([^&]*)/.exec(location.search);
    if (match) { input.value = decodeURIComponent(match[1].replace(/\+/g, " ")); update(); }
    else status.textContent = "Type to search.";
  }

  window.HandbookSearch = {search: function (q, done) { index(function () { done(search(q)); }); }};
  header();
  page();
})();
