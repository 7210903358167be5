// The editor's one script: plain JavaScript, no build step, no library. The forms work without
// it (rows are added and saved by the server); it adds checking as you type, the pickers,
// the Markdown preview and form file upload.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }

  // --- the list of files: a filter by name or code, without diacritics -------------------
  var filter = document.getElementById("loc");
  if (filter) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".files li"));
    var said = document.getElementById("loc-so");
    filter.parentNode.hidden = false;
    filter.addEventListener("input", function () {
      var phrase = fold(filter.value).replace(/\s+/g, " ").trim(), shown = 0;
      items.forEach(function (li) {
        var ok = fold(li.textContent).replace(/\s+/g, " ").indexOf(phrase) >= 0;
        li.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      said.textContent = phrase ? shown + " tệp khớp." : "";
    });
  }

  var form = document.querySelector("form.editor");
  if (!form) { return; }
  var token = form.querySelector("input[name=_csrf]").value;
  var unit = form.querySelector("input[name=_don_vi]").value;

  function post(url, body, type) {
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Content-Type": type, "X-Congkhai-Token": token }
    }).then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); });
  }

  // --- checking as you type: check's own messages, next to the field they are about -----
  var timer = null, asked = 0;
  function show(verdict) {
    form.querySelectorAll(".messages").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll(".field.invalid").forEach(function (f) { f.classList.remove("invalid"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (f) { f.removeAttribute("aria-invalid"); });
    var summary = document.getElementById("tom-tat"), general = [];
    function place(table, cls) {
      Object.keys(table).forEach(function (name) {
        var box = name ? document.getElementById("loi-" + name) : null;
        table[name].forEach(function (text) {
          if (!box) { general.push([cls, text]); return; }
          var p = document.createElement("p"); p.className = cls; p.textContent = text; box.appendChild(p);
          var field = box.closest(".field");
          if (field && cls === "bad") {
            field.classList.add("invalid");
            var input = field.querySelector("input,select,textarea");
            if (input) { input.setAttribute("aria-invalid", "true"); }
          }
        });
      });
    }
    place(verdict.errors, "bad");
    place(verdict.warnings, "warn");
    verdict.elsewhere.forEach(function (t) { general.push(["bad", "Lỗi ở tệp khác do thay đổi này: " + t]); });
    summary.textContent = "";
    var count = Object.keys(verdict.errors).reduce(function (n, k) { return n + verdict.errors[k].length; }, 0) + verdict.elsewhere.length;
    var head = document.createElement("p");
    head.className = count ? "bad" : "good";
    head.textContent = count ? "Còn " + count + " lỗi: chưa lưu được." : "Không có lỗi: lưu được.";
    summary.appendChild(head);
    general.forEach(function (g) { var p = document.createElement("p"); p.className = g[0]; p.textContent = g[1]; summary.appendChild(p); });
  }
  function check() {
    var data = new URLSearchParams(new FormData(form));
    data.set("_action", "kiem-tra");
    var mine = ++asked;
    post(form.getAttribute("data-kiem-tra"), data.toString(), "application/x-www-form-urlencoded")
      .then(function (r) { if (mine === asked && r.status === 200) { show(r.data); } })
      .catch(function () {});
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 400); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(check, 100); });

  // --- pickers: search by name without diacritics, choose with the keyboard or a tap -------
  var count = 0;
  form.querySelectorAll("input[data-chon]").forEach(function (input) {
    var list = document.createElement("ul"), id = "chon-" + (++count), active = -1, items = [];
    list.id = id; list.className = "choices"; list.setAttribute("role", "listbox"); list.hidden = true;
    list.setAttribute("aria-label", "Gợi ý");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.insertAdjacentElement("afterend", list);
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function choose(i) {
      input.value = items[i].id; close();
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function mark(i) {
      active = i;
      list.querySelectorAll("li").forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i >= 0) { input.setAttribute("aria-activedescendant", id + "-" + i); }
    }
    function ask() {
      var url = "/__congkhai__/chon/" + input.getAttribute("data-chon") + "?q=" + encodeURIComponent(input.value) +
        (unit ? "&don-vi=" + encodeURIComponent(unit) : "");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (found) {
        items = found; list.textContent = "";
        found.forEach(function (item, i) {
          var li = document.createElement("li");
          li.id = id + "-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
          li.textContent = item.name ? item.name + " (" + item.id + ")" : item.id;
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
          list.appendChild(li);
        });
        list.hidden = !found.length || document.activeElement !== input;
        input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
        active = -1;
      }).catch(function () {});
    }
    input.addEventListener("input", function (e) { if (e.isTrusted) { ask(); } });
    input.addEventListener("focus", ask);
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    if (input.getAttribute("data-chon") === "forms") {
      var label = document.createElement("label"), file = document.createElement("input"), note = document.createElement("p");
      file.type = "file"; file.id = input.id + "-tep"; file.className = "upload";
      label.htmlFor = file.id; label.textContent = "Tải mẫu đơn lên thư mục forms/";
      note.className = "hint"; note.setAttribute("role", "status");
      var wrap = document.createElement("p"); wrap.className = "upload-row";
      wrap.appendChild(label); wrap.appendChild(file); wrap.appendChild(note);
      list.insertAdjacentElement("afterend", wrap);
      file.addEventListener("change", function () {
        if (!file.files.length) { return; }
        var chosen = file.files[0], folder = unit && form.getAttribute("action").indexOf("/units/") >= 0 ? "units/" + unit + "/forms" : "forms";
        var name = chosen.name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
          .replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+/, "");
        note.textContent = "Đang tải lên…";
        fetch("/__congkhai__/tai-len?noi=" + encodeURIComponent(folder) + "&ten=" + encodeURIComponent(name), {
          method: "POST", body: chosen, credentials: "same-origin",
          headers: { "Content-Type": "application/octet-stream", "X-Congkhai-Token": token }
        }).then(function (r) { return r.json(); }).then(function (answer) {
          if (answer.ten) { input.value = answer.ten; note.textContent = "Đã tải lên: " + answer.ten; input.dispatchEvent(new Event("input", { bubbles: true })); }
          else { note.textContent = answer.loi; }
        }).catch(function () { note.textContent = "Không tải lên được."; });
      });
    }
  });

  // --- Markdown preview ----------------------------------------------------------------
  form.querySelectorAll("textarea[data-markdown]").forEach(function (area) {
    var button = document.createElement("button"), view = document.createElement("div");
    button.type = "button"; button.className = "small"; button.textContent = "Xem trước";
    button.setAttribute("aria-controls", area.id + "-xem");
    view.id = area.id + "-xem"; view.className = "preview"; view.hidden = true;
    view.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", view);
    area.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      post("/__congkhai__/xem-truoc", area.value, "text/plain; charset=utf-8").then(function (r) {
        view.innerHTML = r.data.html;  // sanitised by the server, as on the public pages
        view.hidden = false;
      });
    });
  });
}());
