/* congkhai kiosk: on-screen Vietnamese keyboard, idle reset, no way off the site. */
(function () {
  "use strict";
  var TONES = { "huyền": "\u0300", "hỏi": "\u0309", "ngã": "\u0303", "sắc": "\u0301", "nặng": "\u0323" };
  var TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323";
  var VOWELS = "aăâeêioôơuưy";

  /* Where the tone goes in a syllable (letters only, tone already removed). */
  function tonePosition(word) {
    var w = word.toLowerCase(), start = 0;
    if (/^qu/.test(w)) start = 2;
    else if (/^gi[aăâeêioôơuưy]/.test(w)) start = 2;
    var i = start;
    while (i < w.length && VOWELS.indexOf(w.charAt(i)) < 0) i++;
    if (i >= w.length) return /^gi$/.test(w) ? 1 : -1;
    var j = i;
    while (j < w.length && VOWELS.indexOf(w.charAt(j)) >= 0) j++;
    var cluster = w.slice(i, j), marked = -1;
    for (var k = 0; k < cluster.length; k++) if ("ăâêôơư".indexOf(cluster.charAt(k)) >= 0) marked = k;
    if (marked >= 0) return i + marked;          // ê, ơ, ... carry the tone (ươ: ơ)
    if (cluster.length === 1) return i;
    if (j < w.length || cluster.length === 3) return i + 1;  // toán, hoạch, ngoài
    return i;                                      // hòa, thủy (open syllable)
  }

  /* Apply (or, pressed again, remove) a tone on the last word. */
  function applyTone(text, mark) {
    var m = text.match(/^(.*?)([^\s]*)$/);
    var before = m[1], word = m[2].normalize("NFD"), current = "", letters = "";
    for (var i = 0; i < word.length; i++) {
      var c = word.charAt(i);
      if (TONE_MARKS.indexOf(c) >= 0) current = c; else letters += c;
    }
    letters = letters.normalize("NFC");
    if (current === mark) return before + letters;
    var pos = tonePosition(letters);
    if (pos < 0) return text;
    return before + (letters.slice(0, pos) + letters.charAt(pos) + mark + letters.slice(pos + 1)).normalize("NFC");
  }

  var ROWS = [
    "1234567890".split(""),
    "qwertyuiop".split(""),
    "asdfghjklđ".split(""),
    "zxcvbnmăâê".split(""),
    ["ô", "ơ", "ư", "-", "."]
  ];
  var keyboard = null, target = null;

  function type(apply) {
    if (!target) return;
    target.value = apply(target.value);
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function button(label, onPress, cls, aria) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (cls) b.className = cls;
    if (aria) b.setAttribute("aria-label", aria);
    b.addEventListener("pointerdown", function (e) { e.preventDefault(); });  // keep focus in the box
    b.addEventListener("click", function () { onPress(); if (target) target.focus(); });
    return b;
  }

  function buildKeyboard() {
    keyboard = document.createElement("div");
    keyboard.className = "kiosk-keyboard";
    keyboard.setAttribute("role", "group");
    keyboard.setAttribute("aria-label", "Bàn phím tiếng Việt");
    keyboard.hidden = true;
    ROWS.forEach(function (keys) {
      var row = document.createElement("div");
      row.className = "row";
      keys.forEach(function (k) { row.appendChild(button(k, function () { type(function (v) { return v + k; }); })); });
      keyboard.appendChild(row);
    });
    var tones = document.createElement("div");
    tones.className = "row";
    var label = document.createElement("span");
    label.className = "label";
    label.textContent = "Dấu:";
    tones.appendChild(label);
    [["huyền", "à"], ["hỏi", "ả"], ["ngã", "ã"], ["sắc", "á"], ["nặng", "ạ"]].forEach(function (t) {
      tones.appendChild(button(t[1], function () { type(function (v) { return applyTone(v, TONES[t[0]]); }); }, "tone", "dấu " + t[0]));
    });
    keyboard.appendChild(tones);
    var actions = document.createElement("div");
    actions.className = "row";
    actions.appendChild(button("Xóa hết", function () { type(function () { return ""; }); }, "action", "Xóa hết"));
    actions.appendChild(button("Dấu cách", function () { type(function (v) { return v + " "; }); }, "wide", "Dấu cách"));
    actions.appendChild(button("⌫", function () { type(function (v) { return Array.from(v).slice(0, -1).join(""); }); }, "action", "Xóa một chữ"));
    actions.appendChild(button("Tìm", function () {
      if (target && target.form) { if (target.form.requestSubmit) target.form.requestSubmit(); else target.form.submit(); }
    }, "action", "Tìm"));
    actions.appendChild(button("Ẩn bàn phím", hideKeyboard, "action", "Ẩn bàn phím"));
    keyboard.appendChild(actions);
    (document.getElementById("noi-dung") || document.body).appendChild(keyboard);  // inside a landmark
  }

  function showKeyboard(input) {
    target = input;
    if (!keyboard) buildKeyboard();
    keyboard.hidden = false;
    document.body.classList.add("keyboard-open");
  }
  function hideKeyboard() {
    if (keyboard) keyboard.hidden = true;
    document.body.classList.remove("keyboard-open");
  }

  function setupKeyboard() {
    Array.prototype.forEach.call(document.querySelectorAll("input[type=search]"), function (input) {
      input.setAttribute("inputmode", "none");  // no system keyboard: ours types Vietnamese
      input.addEventListener("focus", function () { showKeyboard(input); });
    });
  }

  /* Idle reset: after data-idle seconds without a touch, count down, then go home. */
  function setupIdle() {
    var idle = parseInt(document.body.getAttribute("data-idle"), 10) || 90;
    var countdown = Math.min(10, Math.max(3, Math.floor(idle / 3)));
    var dialog = document.getElementById("kiosk-idle"), count = document.getElementById("kiosk-idle-count");
    var home = document.body.getAttribute("data-home");
    var waitTimer = null, tickTimer = null, left = 0;
    function goHome() {
      Array.prototype.forEach.call(document.querySelectorAll("input[type=search]"), function (i) { i.value = ""; });
      try { sessionStorage.clear(); } catch (e) { /* storage may be off */ }
      location.href = home;
    }
    function tick() {
      if (left <= 0) { goHome(); return; }
      count.textContent = String(left);
      left -= 1;
      tickTimer = setTimeout(tick, 1000);
    }
    function start() {
      clearTimeout(waitTimer); clearTimeout(tickTimer);
      dialog.hidden = true;
      waitTimer = setTimeout(function () { left = countdown; dialog.hidden = false; tick(); }, idle * 1000);
    }
    ["pointerdown", "keydown", "touchstart", "input", "wheel"].forEach(function (name) {
      document.addEventListener(name, start, { passive: true, capture: true });
    });
    document.getElementById("kiosk-idle-stay").addEventListener("click", start);
    start();
  }

  function setupBack() {
    var back = document.querySelector("[data-back]");
    if (back && history.length > 1) {
      back.hidden = false;
      back.addEventListener("click", function () { history.back(); });
    }
  }

  document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
  window.CongkhaiKiosk = { applyTone: applyTone, tonePosition: tonePosition };
  setupKeyboard();
  setupIdle();
  setupBack();
}());
