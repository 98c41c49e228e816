// The files index: a filter box (every file whose path contains the text shows, with its
// folders opened) and expand/collapse all. Without JavaScript the tree works as it is.
(function () {
  "use strict";
  var tools = document.querySelector(".file-tools");
  var tree = document.querySelector(".file-tree");
  if (!tools || !tree) return;
  tools.hidden = false;
  var input = document.getElementById("file-filter");
  var status = document.getElementById("file-filter-status");
  var files = Array.prototype.slice.call(tree.querySelectorAll("li.file"));
  var folders = Array.prototype.slice.call(tree.querySelectorAll("li.folder"));
  var initial = folders.map(function (f) { return f.firstElementChild.open; });
  function apply() {
    var q = input.value.trim().toLowerCase();
    if (!q) {
      files.forEach(function (f) { f.hidden = false; });
      folders.forEach(function (f, i) { f.hidden = false; f.firstElementChild.open = initial[i]; });
      status.textContent = "";
      return;
    }
    var shown = 0;
    files.forEach(function (f) {
      var hit = f.getAttribute("data-path").toLowerCase().indexOf(q) >= 0;
      f.hidden = !hit;
      if (hit) shown++;
    });
    folders.slice().reverse().forEach(function (f) {
      var any = f.querySelector("li.file:not([hidden])") !== null;
      f.hidden = !any;
      f.firstElementChild.open = any;
    });
    status.textContent = shown + (shown === 1 ? " file matches." : " files match.");
  }
  input.addEventListener("input", apply);
  tools.addEventListener("click", function (event) {
    var value = event.target.getAttribute("data-expand");
    if (value === null) return;
    folders.forEach(function (f) { f.firstElementChild.open = value === "true"; });
  });
  var match = /[?&]filter=([^&]*)/.exec(location.search);
  if (match) { input.value = decodeURIComponent(match[1]); apply(); }
})();
