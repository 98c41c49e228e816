// Status filter for the decisions table: progressive enhancement; without it every row shows.
(function () {
  var form = document.querySelector("form.filter");
  var rows = document.querySelectorAll("table.decisions tbody tr");
  if (!form || !rows.length) return;
  form.hidden = false;
  function apply(status) {
    rows.forEach(function (row) { row.hidden = status !== "" && row.getAttribute("data-status") !== status; });
    var radio = form.querySelector('input[value="' + status + '"]');
    if (radio) radio.checked = true;
  }
  form.addEventListener("change", function (event) {
    var status = event.target.value;
    history.replaceState(null, "", status ? "#status-" + status : location.pathname);
    apply(status);
  });
  var match = /^#status-(.+)$/.exec(location.hash);
  apply(match ? decodeURIComponent(match[1]) : "");
})();
