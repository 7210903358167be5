/* congkhai search: a small engine over the index in tim-kiem/chi-muc/ (see docs/tim-kiem.md).
   Classic script, no modules, no WebAssembly, no fetch(): index files are <script>s, so the
   search works opened from disk (file://) and offline. */
(function () {
  "use strict";

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var i = 0; i < 64; i++) DIGIT[B64.charAt(i)] = i;
  var NAME = 1, META = 2, BODY = 4;
  /* Tokens by the rules of congkhai/text/vietnamese.py, shared with site.js (CongkhaiText). */
  function tokens(text) { return window.CongkhaiText.tokens(text); }

  /* ---- loading index files as scripts ------------------------------------------------ */
  var registry = {}, waiting = {}, base = "chi-muc/";
  function load(name, data) {
    registry[name] = data;
    (waiting[name] || []).forEach(function (resolve) { resolve(data); });
    delete waiting[name];
  }
  function need(name, file) {
    if (registry[name] !== undefined) return Promise.resolve(registry[name]);
    return new Promise(function (resolve) {
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var script = document.createElement("script");
      script.src = base + file;
      script.onerror = function () { load(name, null); };
      document.head.appendChild(script);
    });
  }

  function unpack(facet) {
    var values = [], w = facet.w, s = facet.s;
    for (var i = 0; i < s.length; i += w) {
      var v = 0;
      for (var k = 0; k < w; k++) v = v * 64 + DIGIT[s.charAt(i + k)];
      values.push(v);
    }
    return values;
  }

  var core = null, facets = null;
  function getCore() {
    if (core) return Promise.resolve(core);
    return need("core", "core.js").then(function (data) {
      core = data;
      facets = {};
      Object.keys(data.facets).forEach(function (k) { facets[k] = unpack(data.facets[k]); });
      return core;
    });
  }

  function shardKey(term) {
    for (var n = term.length; n > 0; n--) if (core.shards[term.slice(0, n)]) return term.slice(0, n);
    return null;
  }
  function getTerm(term) {
    var key = shardKey(term);
    if (!key) return Promise.resolve(null);
    return need("s:" + key, core.shards[key]).then(function (shard) { return shard && decode(shard, term); });
  }
  var decoded = {};
  function decode(shard, term) {
    if (decoded[term] !== undefined) return decoded[term];
    var entry = shard[term];
    if (!entry) return (decoded[term] = null);
    var variants = entry[0], s = entry[1], docs = [], fields = [], tfs = [], masks = [];
    var i = 0, doc = -1;
    while (i < s.length) {
      var delta = 0, shift = 0, d;
      do { d = DIGIT[s.charAt(i++)]; delta += (d & 31) * Math.pow(2, shift); shift += 5; } while (d >= 32);
      doc += delta + 1;
      var w = DIGIT[s.charAt(i++)];
      var f = w & 7;
      docs.push(doc); fields.push(f); tfs.push(w >> 3);
      masks.push(variants.length && (f & (NAME | META)) ? DIGIT[s.charAt(i++)] : 0);
    }
    return (decoded[term] = { variants: variants, docs: docs, fields: fields, tfs: tfs, masks: masks });
  }
  function getLexicon(letter) { return need("lex:" + letter, "lex-" + letter + ".js"); }

  /* ---- query expansion: exact word, prefix while typing, one typo in long words ------- */
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && i < b.length && a.charAt(i) === b.charAt(i)) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;  // substitution
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    var longer = a.length > b.length ? a : b, shorter = a.length > b.length ? b : a;
    return longer.slice(i + 1) === shorter.slice(i);  // insertion or deletion
  }
  function expand(folded, isPrefix, lexicon) {
    var found = [], exact = false;
    (lexicon || []).forEach(function (entry) {
      var term = entry[0];
      if (term === folded) { exact = true; found.push({ term: term, mult: 1, df: entry[1] }); }
      else if (isPrefix && folded.length >= 1 && term.indexOf(folded) === 0) found.push({ term: term, mult: 0.75, df: entry[1] });
    });
    var prefixes = found.filter(function (c) { return c.mult < 1; }).sort(function (a, b) { return b.df - a.df; }).slice(0, 12);
    var result = found.filter(function (c) { return c.mult === 1; }).concat(prefixes);
    if (!exact && folded.length >= 5) {
      (lexicon || []).filter(function (e) { return oneEditApart(e[0], folded); })
        .sort(function (a, b) { return b[1] - a[1]; }).slice(0, 6)
        .forEach(function (e) { result.push({ term: e[0], mult: 0.6, df: e[1] }); });
    }
    return result;
  }

  /* ---- ranking ----------------------------------------------------------------------- */
  function query(text, filters) {
    filters = filters || {};
    return getCore().then(function () {
      var q = tokens(text);
      if (!q.length) return { total: 0, hits: [], counts: null, words: [] };
      var typing = !/\s$/.test(text);
      var letters = {};
      q.forEach(function (t) { letters[t[1].charAt(0)] = 1; });
      return Promise.all(Object.keys(letters).map(getLexicon)).then(function (lexicons) {
        var byLetter = {};
        Object.keys(letters).forEach(function (l, i) { byLetter[l] = lexicons[i]; });
        var words = q.map(function (t, i) {
          return { exact: t[0], folded: t[1], marked: t[0] !== t[1] && !/^[\d.]+$/.test(t[1]),
                   candidates: expand(t[1], typing && i === q.length - 1, byLetter[t[1].charAt(0)]) };
        });
        var pairs = [];
        for (var p = 0; p + 1 < q.length; p++) pairs.push({ term: q[p][1] + "_" + q[p + 1][1], weight: 1 });
        return completePhrase(q, typing, words, pairs).then(function () {
          return fetchAndRank(words, pairs, filters);
        });
      });
    });
  }

  /* While typing "khai t", complete the last word from the adjacent pairs "khai_t…" that
     the index holds, so the phrase a citizen is typing ranks first. */
  function shardsUnder(prefix) {
    var key = shardKey(prefix), keys = key ? [key] : [];
    Object.keys(core.shards).forEach(function (k) { if (k.length > prefix.length && k.indexOf(prefix) === 0) keys.push(k); });
    return keys;
  }
  function completePhrase(q, typing, words, pairs) {
    if (!typing || q.length < 2) return Promise.resolve();
    var prefix = q[q.length - 2][1] + "_" + q[q.length - 1][1];
    var keys = shardsUnder(prefix);
    return Promise.all(keys.map(function (k) { return need("s:" + k, core.shards[k]); })).then(function (shards) {
      var last = words[words.length - 1], seen = {};
      last.candidates.forEach(function (c) { seen[c.term] = 1; });
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard || {}).forEach(function (term) {
          if (term.indexOf(prefix) === 0 && term !== prefix) found.push([term, shard[term][1].length]);
        });
      });
      found.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      var top = found.length ? found[0][1] : 1;
      found.slice(0, 8).forEach(function (f) {
        // the more documents a completed phrase occurs in, the likelier the citizen means it
        var weight = 0.5 + 0.5 * f[1] / top;
        var word = f[0].slice(f[0].indexOf("_") + 1);
        last.candidates.forEach(function (c) { if (c.term === word) c.mult = Math.max(c.mult, 0.9 * weight); });
        if (!seen[word]) { last.candidates.push({ term: word, mult: 0.9 * weight, df: 0 }); seen[word] = 1; }
        pairs.push({ term: f[0], weight: weight });
      });
    });
  }

  function fetchAndRank(words, pairs, filters) {
    var wanted = {};
    words.forEach(function (w) { w.candidates.forEach(function (c) { wanted[c.term] = 1; }); });
    pairs.forEach(function (pair) { wanted[pair.term] = 1; });
    var names = Object.keys(wanted);
    return Promise.all(names.map(getTerm)).then(function (postings) {
      var lists = {};
      names.forEach(function (n, i) { lists[n] = postings[i]; });
      return rank(words, pairs, lists, filters);
    });
  }

  function idf(df) { return Math.log(1 + (core.count - df + 0.5) / (df + 0.5)); }

  function rank(words, pairs, lists, filters) {
    var score = {}, matched = {}, inName = {};
    words.forEach(function (word, wi) {
      var best = {};
      var own = lists[word.folded];
      var cap = own ? idf(own.docs.length) : Infinity;  // an expansion never outweighs the word itself
      word.candidates.forEach(function (cand) {
        var list = lists[cand.term];
        if (!list) return;
        var weight = Math.min(idf(list.docs.length), cand.term === word.folded ? Infinity : cap) * cand.mult;
        var variant = word.marked ? list.variants.indexOf(word.exact) : -1;
        for (var k = 0; k < list.docs.length; k++) {
          var f = list.fields[k];
          var s = ((f & NAME) ? 10 : 0) + ((f & META) ? 3 : 0) + ((f & BODY) ? 1 + 0.1 * Math.min(list.tfs[k], 7) : 0);
          if (word.marked && (f & (NAME | META))) {
            if (variant >= 0 && (list.masks[k] & (1 << variant))) s *= 1.6;
            else if (list.masks[k] || cand.term === word.folded) s *= 0.85;
          }
          s *= weight;
          var doc = list.docs[k];
          if (!best[doc] || best[doc].s < s) best[doc] = { s: s, name: (f & NAME) !== 0 };
        }
      });
      Object.keys(best).forEach(function (doc) {
        score[doc] = (score[doc] || 0) + best[doc].s;
        matched[doc] = (matched[doc] || 0) + 1;
        if (best[doc].name) inName[doc] = (inName[doc] || 0) + 1;
      });
    });
    pairs.forEach(function (pair) {
      var list = lists[pair.term];
      if (!list) return;
      var bonus = 6 * idf(list.docs.length) * pair.weight;
      list.docs.forEach(function (doc) { if (score[doc] !== undefined) score[doc] += bonus; });
    });
    var hits = [];
    Object.keys(score).forEach(function (key) {
      var doc = +key, s = score[doc], nameLen = facets.namelen[doc];
      if (inName[doc] === words.length && nameLen === words.length) s *= 2;  // the whole name
      else if (inName[doc]) s /= 1 + 0.04 * Math.max(0, nameLen - inName[doc]);  // shorter names first
      if (!facets.current[doc]) s *= 0.5;  // abolished, replaced or not yet applying
      if (facets.kind[doc] !== 0) s *= 0.75;  // citizens look for procedures first
      hits.push({ doc: doc, score: s, words: matched[doc] });
    });
    hits.sort(function (a, b) { return b.words - a.words || b.score - a.score || a.doc - b.doc; });
    var counts = { kind: {}, field: {}, level: {}, online: {} };
    var kept = hits.filter(function (h) {
      var d = h.doc, ok = true;
      var values = { kind: [facets.kind[d]], field: [facets.field[d]], online: [facets.online[d]],
                     level: [0, 1, 2].filter(function (b) { return facets.level[d] & (1 << b); }) };
      Object.keys(values).forEach(function (k) {
        values[k].forEach(function (v) { counts[k][v] = (counts[k][v] || 0) + 1; });
        if (filters[k] !== undefined && filters[k] !== "" && values[k].indexOf(+filters[k]) < 0) ok = false;
      });
      return ok;
    });
    return { total: kept.length, all: hits.length, hits: kept, counts: counts, words: words };
  }

  function documents(ids) {
    var blocks = {};
    ids.forEach(function (id) { blocks[Math.floor(id / core.block)] = 1; });
    var keys = Object.keys(blocks);
    return Promise.all(keys.map(function (k) { return need("d:" + k, "d-" + k + ".js"); })).then(function () {
      return ids.map(function (id) {
        var block = registry["d:" + Math.floor(id / core.block)] || [];
        var row = block[id % core.block] || ["", "", ""];
        return { id: id, title: row[0], url: row[1], snippet: row[2], kind: facets.kind[id] };
      });
    });
  }

  window.CongkhaiSearch = { load: load, tokens: tokens, query: query, documents: documents,
                            setBase: function (b) { base = b; } };

  /* ---- the search page ----------------------------------------------------------------- */
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function highlight(text, words) {
    var folded = words.map(function (w) { return w.folded; });
    return String(text).split(/([\p{L}\p{N}\p{M}]+(?:\.\d+)*)/u).map(function (part, i) {
      if (i % 2 === 0) return escapeHtml(part);
      var t = tokens(part)[0];
      var hit = t && folded.some(function (f) { return t[1] === f || (f.length >= 2 && t[1].indexOf(f) === 0); });
      return hit ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
    }).join("");
  }

  function page() {
    var box = document.getElementById("search-results");
    var input = document.getElementById("q-page");
    if (!box || !input) return;
    if (box.getAttribute("data-index")) base = box.getAttribute("data-index");
    var status = document.getElementById("search-status");
    var filterBox = document.getElementById("search-filters");
    var list = document.createElement("ol");
    list.className = "results";
    box.appendChild(list);
    var more = document.createElement("button");
    more.type = "button"; more.className = "button-secondary"; more.hidden = true; more.textContent = "Xem thêm kết quả";
    box.appendChild(more);
    var web = location.protocol === "http:" || location.protocol === "https:";
    var state = { filters: {}, result: null, shown: 0, run: 0 };
    var timer = null;

    function href(url) { return "../" + url + (web ? "" : "index.html"); }

    function renderFilters(result) {
      if (!result || !result.all) { filterBox.innerHTML = ""; filterBox.hidden = true; return; }
      var groups = [
        ["kind", "Loại", core.kindLabels.map(function (l, i) { return [i, l]; })],
        ["field", "Lĩnh vực", core.fields.map(function (f, i) { return [i + 1, f[1]]; })],
        ["level", "Cấp thực hiện", core.levels.map(function (l, i) { return [i, l[1]]; })],
        ["online", "Dịch vụ công trực tuyến", core.onlines.map(function (o, i) { return [i + 1, o[1]]; })]
      ];
      var html = "";
      groups.forEach(function (g) {
        var options = g[2].filter(function (o) { return result.counts[g[0]][o[0]] || String(state.filters[g[0]]) === String(o[0]); });
        if (options.length < 2 && state.filters[g[0]] === undefined) return;
        html += '<fieldset><legend>' + g[1] + '</legend>';
        var name = "loc-" + g[0];
        html += '<label><input type="radio" name="' + name + '" value=""' + (state.filters[g[0]] === undefined ? " checked" : "") + '> Tất cả</label>';
        options.forEach(function (o) {
          var checked = String(state.filters[g[0]]) === String(o[0]) ? " checked" : "";
          html += '<label><input type="radio" name="' + name + '" value="' + o[0] + '"' + checked + '> ' +
            escapeHtml(o[1]) + ' <span class="count">(' + (result.counts[g[0]][o[0]] || 0) + ')</span></label>';
        });
        html += "</fieldset>";
      });
      filterBox.innerHTML = html;
      filterBox.hidden = !html;
    }

    function renderMore(words) {
      var result = state.result;
      var ids = result.hits.slice(state.shown, state.shown + 10).map(function (h) { return h.doc; });
      state.shown += ids.length;
      var run = state.run;
      return documents(ids).then(function (docs) {
        if (run !== state.run) return;
        docs.forEach(function (d) {
          var li = document.createElement("li");
          li.innerHTML = '<a href="' + escapeHtml(href(d.url)) + '">' + highlight(d.title, words) + '</a>' +
            '<span class="result-kind">' + escapeHtml(core.kindLabels[d.kind]) + (d.kind === 0 ? " · " + escapeHtml(d.url.split("/")[1]) : "") + '</span>' +
            (d.snippet ? '<span class="snippet">' + highlight(d.snippet, words) + '</span>' : "");
          list.appendChild(li);
        });
        more.hidden = state.shown >= result.total;
      });
    }

    function run() {
      var text = input.value;
      var runId = ++state.run;
      if (!text.trim()) {
        list.innerHTML = ""; status.textContent = ""; more.hidden = true; renderFilters(null);
        return Promise.resolve();
      }
      return query(text, state.filters).then(function (result) {
        if (runId !== state.run) return;
        state.result = result; state.shown = 0;
        list.innerHTML = "";
        status.textContent = result.total ? "Tìm thấy " + result.total + " kết quả cho “" + text.trim() + "”."
          : "Không tìm thấy kết quả nào cho “" + text.trim() + "”. Hãy thử từ khác, bỏ bớt từ, hoặc xem danh mục thủ tục.";
        renderFilters(result);
        return renderMore(result.words);
      });
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run();
        try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
      }, 120);
    }

    input.addEventListener("input", schedule);
    input.form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
    filterBox.addEventListener("change", function (e) {
      var key = e.target.name.replace("loc-", "");
      if (e.target.value === "") delete state.filters[key]; else state.filters[key] = e.target.value;
      run();
    });
    more.addEventListener("click", function () { renderMore(state.result.words); });
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
    });
    list.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (e.key === "Escape") { input.focus(); }
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(); }
    box.setAttribute("data-ready", "1");
  }

  // site.js (CongkhaiText) comes after this script in the page: both are deferred, so it has
  // run by DOMContentLoaded.
  if (window.CongkhaiText && document.readyState !== "loading") page();
  else document.addEventListener("DOMContentLoaded", page);
}());
