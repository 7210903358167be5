// The hub page of a tree of units: filter the list of units by name, whatever marks are typed.
(function () {
  "use strict";
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").replace(/đ/g, "d").replace(/\s+/g, " ").trim();
  }
  var input = document.getElementById("tim-don-vi");
  var list = document.getElementById("danh-sach-don-vi");
  if (!input || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  var status = document.getElementById("so-don-vi");
  var none = document.getElementById("khong-co-don-vi");
  function filter() {
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var name = fold(li.getAttribute("data-name"));
      var match = words.every(function (w) { return name.indexOf(w) >= 0; });
      li.hidden = !match;
      if (match) shown++;
    });
    status.textContent = shown + " đơn vị" + (words.length ? " khớp với “" + input.value.trim() + "”" : "");
    none.hidden = shown > 0;
  }
  input.addEventListener("input", filter);
  input.form.addEventListener("submit", function (e) { e.preventDefault(); filter(); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  filter();
})();
