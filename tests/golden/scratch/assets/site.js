/* congkhai: small enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Links carry an explicit index.html so that pages opened from disk (file://) work.
  // On the portal, drop it again so that the address bar shows clean URLs.
  function cleanLinks() {
    if (location.protocol !== "http:" && location.protocol !== "https:") return;
    var clean = function (url) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.charAt(0) === "#") return url;
      return url.replace(/(^|\/)index\.html(?=$|[?#])/, "$1") || "./";
    };
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      a.setAttribute("href", clean(a.getAttribute("href")));
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[action]"), function (f) {
      f.setAttribute("action", clean(f.getAttribute("action")));
    });
  }

  function enablePrint() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Same folding as congkhai.vietnamese.fold: lower case, no marks, đ -> d.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  function catalogueFilters() {
    var form = document.getElementById("bo-loc");
    var table = document.getElementById("danh-muc");
    if (!form || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-key]"));
    var text = document.getElementById("loc-chu");
    var count = document.getElementById("so-ket-qua");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.getAttribute("data-param"));
      if (wanted && s.querySelector('option[value="' + wanted.replace(/"/g, "") + '"]')) s.value = wanted;
    });
    if (params.get("q")) text.value = params.get("q");
    rows.forEach(function (row) { row.setAttribute("data-text", fold(row.cells[0].textContent + " " + row.cells[1].textContent)); });

    function apply() {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || (row.getAttribute("data-" + s.getAttribute("data-key")) || "").split(" ").indexOf(s.value) >= 0;
        }) && words.every(function (w) { return row.getAttribute("data-text").indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Đang hiện " + shown + " trên " + rows.length + " thủ tục.";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  cleanLinks();
  enablePrint();
  catalogueFilters();
}());
