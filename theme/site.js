/* congkhai: small enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* Vietnamese text, by the rules of congkhai/text/vietnamese.py: ``fold`` (lower case, no
     marks, đ -> d) and ``tokens`` (search_tokens: [[exact, folded], ...], the tone of the
     exact form as a trailing digit). Shared with search.js as CongkhaiText. */
  var TONE = { "\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5" };
  var LETTER_MARK = { "\u0306": 1, "\u0302": 1, "\u031b": 1 };
  var FINAL_Y = /(?:[^aeiouy]|^qu)y$/;  // a final y after a consonant or qu is spelt i as well
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
      var exact = letters.normalize("NFC"), folded = fold(t);
      if (FINAL_Y.test(folded)) { exact = exact.slice(0, -1) + "i"; folded = folded.slice(0, -1) + "i"; }  // "ký" = "kí"
      return [exact + tone, folded];
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
  // The filters are written to the address (replaceState): Back to this page, or a link
  // someone shares, shows the same rows. Text matches whole words of the folded name or code
  // ("khai tu" does not match "thủ tục"); digits match inside a code ("000656").
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}.]+/u).map(function (w) {
      w = w.replace(/^\.+|\.+$/g, "");
      return FINAL_Y.test(w) ? w.slice(0, -1) + "i" : w;  // "đăng kí" finds "Đăng ký", as search does
    }).filter(Boolean);
  }

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
    var clear = document.getElementById("bo-loc-xoa");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.getAttribute("data-param"));
      if (wanted && s.querySelector('option[value="' + wanted.replace(/"/g, "") + '"]')) s.value = wanted;
    });
    if (params.get("q")) text.value = params.get("q");
    var rowWords = rows.map(function (row) { return words(row.cells[0].textContent + " " + row.cells[1].textContent); });

    function matches(index, wanted) {
      var have = rowWords[index];
      return wanted.every(function (w) {
        var digits = /^[\d.]+$/.test(w);
        return have.some(function (h) { return h === w || (digits && h.indexOf(w) >= 0); });
      });
    }

    function remember(active) {
      var next = new URLSearchParams(location.search);
      next.delete("q");
      if (text.value.trim()) next.set("q", text.value.trim());
      selects.forEach(function (s) {
        if (s.value) next.set(s.getAttribute("data-param"), s.value);
        else next.delete(s.getAttribute("data-param"));
      });
      var query = next.toString();
      try {
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      } catch (e) { /* a page opened from disk may not rewrite its address: the filters still work */ }
      clear.hidden = !active;
    }

    function apply() {
      var wanted = words(text.value);
      var active = wanted.length > 0 || selects.some(function (s) { return s.value; });
      var shown = 0;
      rows.forEach(function (row, index) {
        var ok = selects.every(function (s) {
          return !s.value || (row.getAttribute("data-" + s.getAttribute("data-key")) || "").split(" ").indexOf(s.value) >= 0;
        }) && matches(index, wanted);
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
      remember(active);
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    clear.addEventListener("click", function () {
      text.value = "";
      selects.forEach(function (s) { s.value = ""; });
      groups.forEach(function (group) { group.open = false; });
      apply();
      text.focus();
    });
    form.hidden = false;
    apply();
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }

  // The footer is long on a phone: folded there to its summary line, which keeps the feedback
  // address one tap away. Open on a wider screen and without JavaScript.
  function foldFooter() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 40rem)").matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-small]"), function (d) { d.open = false; });
  }

  cleanLinks();
  enablePrint();
  foldFooter();
  catalogueFilters();
}());
