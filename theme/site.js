/* congkhai: small enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* Vietnamese text, by the rules of congkhai/text/vietnamese.py: ``fold`` (lower case, no
     marks, đ -> d) and ``tokens`` (search_tokens: [[exact, folded], ...], the tone of the
     exact form as a trailing digit). Shared with search.js as CongkhaiText. */
  var TONE = { "\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5" };
  var LETTER_MARK = { "\u0306": 1, "\u0302": 1, "\u031b": 1 };
  var isMark = function (c) { return /\p{Mn}/u.test(c); };
  var isWordChar = function (c) { return /[\p{L}\p{N}]/u.test(c); };

  function fold(text) {
    return String(text).toLowerCase().replace(/ð/g, "đ").normalize("NFD").replace(/\p{Mn}/gu, "").replace(/đ/g, "d");
  }

  function tokens(text) {
    var s = String(text).toLowerCase().replace(/ð/g, "đ").normalize("NFD");
    var out = [], cur = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if (isWordChar(c) || (cur && isMark(c))) cur += c;
      else if (c === "." && cur && /^\d+$/.test(cur) && /\d/.test(s.charAt(i + 1))) cur += c;
      else { if (cur) out.push(cur); cur = ""; }
    }
    if (cur) out.push(cur);
    return out.map(function (t) {
      var letters = "", tone = "";
      for (var j = 0; j < t.length; j++) {
        var ch = t.charAt(j);
        if (TONE[ch]) tone = TONE[ch];
        else if (!isMark(ch) || LETTER_MARK[ch]) letters += ch;
      }
      return [letters.normalize("NFC") + tone, fold(t)];
    });
  }

  window.CongkhaiText = { fold: fold, tokens: tokens };

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

  // The catalogue is grouped by field in <details> (closed: a phone shows the list of fields);
  // a filter shows the matching rows, opens the groups that have some and hides the others.
  function catalogueFilters() {
    var form = document.getElementById("bo-loc");
    var list = document.getElementById("danh-muc");
    if (!form || !list) return;
    var rows = Array.prototype.slice.call(list.querySelectorAll("tbody tr"));
    var groups = Array.prototype.slice.call(list.querySelectorAll("details.field-group"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-key]"));
    var text = document.getElementById("loc-chu");
    var count = document.getElementById("so-ket-qua");
    var none = document.getElementById("khong-co-ket-qua");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.getAttribute("data-param"));
      if (wanted && s.querySelector('option[value="' + wanted.replace(/"/g, "") + '"]')) s.value = wanted;
    });
    if (params.get("q")) text.value = params.get("q");
    rows.forEach(function (row) { row.setAttribute("data-text", fold(row.cells[0].textContent + " " + row.cells[1].textContent)); });

    function apply() {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var active = words.length > 0 || selects.some(function (s) { return s.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || (row.getAttribute("data-" + s.getAttribute("data-key")) || "").split(" ").indexOf(s.value) >= 0;
        }) && words.every(function (w) { return row.getAttribute("data-text").indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        var visible = group.querySelectorAll("tbody tr:not([hidden])").length;
        var label = group.querySelector("summary .count"), total = label.getAttribute("data-total");
        group.hidden = visible === 0;
        label.textContent = active ? visible + " trên " + total + " thủ tục" : total + " thủ tục";
        if (active) group.open = visible > 0;
      });
      none.hidden = shown > 0;
      count.textContent = "Đang hiện " + shown + " trên " + rows.length + " thủ tục.";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }

  cleanLinks();
  enablePrint();
  catalogueFilters();
}());
