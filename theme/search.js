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

  /* ---- the vocabulary: a query's words read into slots --------------------------------
     The rules of congkhai/text/vocabulary.py (Vocabulary.understand); both sides give the
     vectors of tests/fixtures/query-vectors.json. A slot is a list of alternatives, each a
     list of folded words: the words as typed first, then the other phrases of their group. */
  var MAX_ALTERNATIVES = 10;
  function prepare(data) {
    data = data || {};
    var found = null;  // the phrases some document holds in its name or metadata (core.js)
    if (data.found) {
      found = {};
      data.found.forEach(function (p) { found[exactKey(tokens(p))] = 1; });
    }
    var groups = (data.groups || []).map(function (g) { return g.map(tokens); }), official = {};
    groups.forEach(function (g) { official[exactKey(g[0])] = 1; });  // a group's first phrase
    return { groups: groups, stop: (data.stop || []).map(tokens), found: found, official: official };
  }
  var vocab = null;  // the site's, from core.js
  function vocabulary() { return vocab || (vocab = prepare(core.vocabulary)); }
  function marked(w) { return w[0] !== w[1] && !/^[\d.]+$/.test(w[1]); }
  function same(q, v, alone) {
    if (!alone) return q[1] === v[1];  // a phrase of several words: by the folded forms
    return marked(q) ? q[0] === v[0] : q[1] === v[1] && !marked(v);  // one word: the marks tell apart
  }
  function spells(q, start, phrase) {
    if (!phrase.length || start + phrase.length > q.length) return false;
    for (var k = 0; k < phrase.length; k++) if (!same(q[start + k], phrase[k], phrase.length === 1)) return false;
    return true;
  }
  function exactKey(phrase) { return phrase.map(function (w) { return w[0]; }).join(" "); }
  function folds(phrase) { return phrase.map(function (w) { return w[1]; }); }
  /* [{at, length, alternatives: [[[exact, folded], ...], ...]}, ...] */
  function understand(q, v) {
    var slots = [], i = 0;
    while (i < q.length) {
      var found = [], phrase = null, stop = null;
      v.groups.forEach(function (group, g) {
        group.forEach(function (p) {
          if (!spells(q, i, p)) return;
          found.push([p, g]);
          if (!phrase || p.length > phrase.length) phrase = p;
        });
      });
      v.stop.forEach(function (p) { if (spells(q, i, p) && (!stop || p.length > stop.length)) stop = p; });
      if (stop && (!phrase || stop.length > phrase.length)) { i += stop.length; continue; }
      if (!phrase) { slots.push({ at: i, length: 1, alternatives: [[q[i]]] }); i += 1; continue; }
      var typed = q.slice(i, i + phrase.length), alternatives = [typed], seen = {};
      seen[folds(typed).join(" ")] = 1;
      var key = exactKey(phrase);
      found.forEach(function (f) {
        if (exactKey(f[0]) !== key) return;
        v.groups[f[1]].forEach(function (other) {
          var k = folds(other).join(" ");
          if (!seen[k]) { seen[k] = 1; alternatives.push(other); }
        });
      });
      slots.push({ at: i, length: phrase.length, alternatives: alternatives.slice(0, MAX_ALTERNATIVES) });
      i += phrase.length;
    }
    if (!slots.length) return q.map(function (t, k) { return { at: k, length: 1, alternatives: [[t]] }; });
    return slots;
  }

  /* ---- ranking ----------------------------------------------------------------------- */
  var EXPANSION = 0.7;  // a vocabulary phrase weighs less than the words a citizen typed
  var OTHER = 0.5;  // another phrase of the vocabulary (the group's first is the official term)
  var PHRASE = 1.5;  // the typed words found as a phrase of a name
  function query(text, filters) {
    filters = filters || {};
    return getCore().then(function () {
      var q = tokens(text);
      if (!q.length) return { total: 0, all: 0, hits: [], counts: null, partial: false };
      var typing = !/\s$/.test(text);
      var letters = {};
      q.forEach(function (t) { letters[t[1].charAt(0)] = 1; });
      return Promise.all(Object.keys(letters).map(getLexicon)).then(function (lexicons) {
        var byLetter = {};
        Object.keys(letters).forEach(function (l, i) { byLetter[l] = lexicons[i]; });
        var v = vocabulary();
        var slots = understand(q, v).map(function (slot) {
          // an expansion no document holds where it would count is not fetched
          var alternatives = slot.alternatives.filter(function (alt, a) {
            return a === 0 || !v.found || v.found[exactKey(alt)];
          }).map(function (alt, a) {
            if (a === 0) {
              return { weight: 1, words: q.slice(slot.at, slot.at + slot.length).map(function (t, k) {
                var last = typing && slot.at + k === q.length - 1;
                return { exact: t[0], folded: t[1], marked: marked(t), typed: true, prefix: last,
                         candidates: expand(t[1], last, byLetter[t[1].charAt(0)]) };
              }) };
            }
            // the first phrase of a group is the official term: the others weigh less
            return { weight: v.official[exactKey(alt)] ? EXPANSION : OTHER, words: alt.map(function (w) {
              return { exact: w[0], folded: w[1], marked: marked(w), typed: false, candidates: [{ term: w[1], mult: 1 }] };
            }) };
          });
          return { at: slot.at, length: slot.length, alternatives: alternatives, known: slot.alternatives.length > 1 };
        });
        var pairs = [];
        slots.forEach(function (slot, si) {
          slot.alternatives.forEach(function (alt, a) {
            for (var p = 0; p + 1 < alt.words.length; p++) {
              pairs.push({ term: alt.words[p].folded + "_" + alt.words[p + 1].folded, weight: alt.weight, slot: si, alt: a });
            }
          });
          var next = slots[si + 1];  // typed words of adjacent slots ("khai" "tử"): a phrase of the name
          if (next && next.at === slot.at + slot.length) {
            var a0 = slot.alternatives[0].words, b0 = next.alternatives[0].words;
            pairs.push({ term: a0[a0.length - 1].folded + "_" + b0[0].folded, weight: 1, slot: -1, alt: 0 });
          }
        });
        return completePhrase(q, typing, slots, pairs).then(function () {
          return fetchAndRank(slots, pairs, filters);
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
  function typedWords(slots) {
    var words = [];
    slots.forEach(function (slot) { slot.alternatives[0].words.forEach(function (w) { words.push(w); }); });
    return words;
  }
  function completePhrase(q, typing, slots, pairs) {
    var words = typedWords(slots), last = words[words.length - 1];
    if (!typing || words.length < 2 || !last.prefix) return Promise.resolve();
    var prefix = words[words.length - 2].folded + "_" + last.folded;
    var keys = shardsUnder(prefix);
    return Promise.all(keys.map(function (k) { return need("s:" + k, core.shards[k]); })).then(function (shards) {
      var seen = {};
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
        pairs.push({ term: f[0], weight: weight, slot: -1, alt: 0 });
      });
    });
  }

  function fetchAndRank(slots, pairs, filters) {
    var wanted = {};
    slots.forEach(function (slot) {
      slot.alternatives.forEach(function (alt) {
        alt.words.forEach(function (w) { w.candidates.forEach(function (c) { wanted[c.term] = 1; }); });
      });
    });
    pairs.forEach(function (pair) { wanted[pair.term] = 1; });
    var names = Object.keys(wanted);
    return Promise.all(names.map(getTerm)).then(function (postings) {
      var lists = {};
      names.forEach(function (n, i) { lists[n] = postings[i]; });
      return rank(slots, pairs, lists, filters);
    });
  }

  function idf(df) { return Math.log(1 + (core.count - df + 0.5) / (df + 0.5)); }

  /* doc -> {s, name}: the best score of one word in each document it occurs in. A vocabulary
     word counts only in a name or the metadata: a body mentions too much. */
  function wordScores(word, lists) {
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
        if (!word.typed && !(f & (NAME | META))) continue;
        if (!word.typed && word.marked && !(variant >= 0 && (list.masks[k] & (1 << variant)))) continue;  // "đỏ" is not "do"
        var s = ((f & NAME) ? 10 : 0) + ((f & META) ? 3 : 0) + ((f & BODY) ? 1 + 0.1 * Math.min(list.tfs[k], 7) : 0);
        if (word.marked && (f & (NAME | META))) {
          if (variant >= 0 && (list.masks[k] & (1 << variant))) s *= 1.6;
          else if (list.masks[k] || cand.term === word.folded) s *= 0.85;
        }
        s *= weight;
        var doc = list.docs[k];
        var strong = (f & (NAME | META)) !== 0;
        if (!best[doc]) best[doc] = { s: s, name: (f & NAME) !== 0, strong: strong };
        else if (best[doc].s < s) best[doc] = { s: s, name: (f & NAME) !== 0, strong: strong || best[doc].strong };
        else best[doc].strong = best[doc].strong || strong;
      }
    });
    return best;
  }

  /* doc -> {s, alt, inName, words}: each document that holds every word of some alternative of
     the slot, with the best such alternative. Alternatives are scaled to the typed length, plus
     their own adjacent pairs ("xã_hội"): the longer official phrase a name holds wins. A slot
     the vocabulary knows is a name: when some document holds it in a name or the metadata,
     documents that hold its words only in the body ("số", "do" for "sổ đỏ") do not count. */
  function slotScores(slot, lists, pairs) {
    var best = {}, named = false;
    slot.alternatives.forEach(function (alt, a) {
      var per = alt.words.map(function (w) { return wordScores(w, lists); });
      var scale = alt.weight * slot.length / alt.words.length;
      var pairScale = Math.max(1, slot.length - 1) / Math.max(1, alt.words.length - 1);
      var own = pairs.filter(function (p) { return p.alt === a && lists[p.term]; }).map(function (p) {
        var list = lists[p.term], set = {};
        list.docs.forEach(function (d) { set[d] = 1; });
        return { docs: set, bonus: 6 * idf(list.docs.length) * p.weight * pairScale };
      });
      Object.keys(per[0]).forEach(function (doc) {
        var s = 0, inName = 0;
        for (var k = 0; k < per.length; k++) {
          var hit = per[k][doc];
          if (!hit) return;
          s += hit.s;
          if (hit.name) inName++;
        }
        s *= scale;
        var together = 0;
        own.forEach(function (p) { if (p.docs[doc]) { s += p.bonus; together++; } });
        // found as it is meant: one word in a name or the metadata, several side by side in a name
        var strong = per.length === 1 ? per[0][doc].strong : together === per.length - 1;
        // the words as typed, side by side in a name: the phrase of the official name wins
        if (a === 0 && per.length > 1 && together === per.length - 1) s *= PHRASE;
        named = named || strong;
        var last = best[doc];  // a strong finding beats a weak one; then the higher score
        if (!last || (strong && !last.strong) || (strong === last.strong && last.s < s)) {
          best[doc] = { s: s, alt: a, inName: inName, words: alt.words.length, typedInName: slot.length * inName / alt.words.length,
                        strong: strong };
        }
      });
    });
    if (named && slot.known) {
      Object.keys(best).forEach(function (doc) { if (!best[doc].strong) delete best[doc]; });
    }
    return best;
  }

  function rank(slots, pairs, lists, filters) {
    var score = {}, matched = {}, inName = {}, length = {}, typedInName = {}, chosen = {}, covered = {};
    slots.forEach(function (slot, si) {
      var best = slotScores(slot, lists, pairs.filter(function (p) { return p.slot === si; }));
      var weight = idf(Object.keys(best).length);  // a slot few documents hold says more
      Object.keys(best).forEach(function (doc) {
        covered[doc] = (covered[doc] || 0) + weight;
        var b = best[doc];
        score[doc] = (score[doc] || 0) + b.s;
        matched[doc] = (matched[doc] || 0) + 1;
        inName[doc] = (inName[doc] || 0) + b.inName;
        length[doc] = (length[doc] || 0) + b.words;
        typedInName[doc] = (typedInName[doc] || 0) + b.typedInName;
        (chosen[doc] = chosen[doc] || {})[si] = b.alt;
      });
    });
    pairs.forEach(function (pair) {  // typed words of adjacent slots, or completing the last one
      var list = lists[pair.term];
      if (!list || pair.slot >= 0) return;
      var bonus = 6 * idf(list.docs.length) * pair.weight;
      list.docs.forEach(function (doc) { if (score[doc] !== undefined) score[doc] += bonus; });
    });
    var all = [], most = 0, widest = 0;
    Object.keys(score).forEach(function (key) {
      var doc = +key, s = score[doc], nameLen = facets.namelen[doc];
      if (inName[doc] === length[doc] && nameLen === length[doc]) s *= 2;  // the whole name
      else if (inName[doc]) s /= 1 + 0.04 * Math.max(0, nameLen - typedInName[doc]);  // shorter names first
      if (!facets.current[doc]) s *= 0.5;  // abolished, replaced or not yet applying
      if (facets.kind[doc] !== 0) s *= 0.75;  // citizens look for procedures first
      all.push({ doc: doc, score: s, slots: matched[doc], covered: covered[doc], chosen: chosen[doc] });
      most = Math.max(most, matched[doc]);
      widest = Math.max(widest, covered[doc]);
    });
    // Honest results: the documents that hold every slot. When none does, the partial ones
    // that hold at least half of what the best one holds, slots weighed by how few documents
    // hold them ("nhập khẩu" says more than "nhà"); the page says they are partial.
    var partial = most < slots.length;
    var hits = all.filter(function (h) { return partial ? h.covered >= widest / 2 : h.slots === most; });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
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
    return { total: kept.length, all: hits.length, hits: kept, counts: counts, slots: slots,
             partial: partial && hits.length > 0 };
  }

  /* The words to mark in a result shown: those of the alternative each slot was found by (the
     last typed word as a prefix while typing). Worked out for the results shown only. */
  function marks(slots, chosen) {
    var words = [];
    slots.forEach(function (slot, si) {
      var alt = slot.alternatives[chosen[si] === undefined ? 0 : chosen[si]];
      alt.words.forEach(function (w) { words.push({ folded: w.folded, prefix: !!w.prefix }); });
    });
    return words;
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

  window.CongkhaiSearch = { load: load, tokens: tokens, query: query, documents: documents, core: getCore,
                            /* slots as vocabulary.py gives them; data: {groups, stop}, else the site's */
                            understand: function (text, data) {
                              return understand(tokens(text), data ? prepare(data) : vocabulary())
                                .map(function (slot) { return slot.alternatives.map(folds); });
                            },
                            setBase: function (b) { base = b; } };

  /* ---- the search page ----------------------------------------------------------------- */
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function highlight(text, words) {
    return String(text).split(/([\p{L}\p{N}\p{M}]+(?:\.\d+)*)/u).map(function (part, i) {
      if (i % 2 === 0) return escapeHtml(part);
      var t = tokens(part)[0];
      var hit = t && words.some(function (w) { return t[1] === w.folded || (w.prefix && w.folded.length >= 2 && t[1].indexOf(w.folded) === 0); });
      return hit ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
    }).join("");
  }

  var PARTIAL = "Không có kết quả khớp đủ các từ; các kết quả gần đúng:";
  function statusText(result, text) {
    if (!result.total) return "Không tìm thấy kết quả nào cho “" + text + "”. Hãy thử từ khác, bỏ bớt từ, hoặc xem danh mục thủ tục.";
    if (result.partial) return "Không có kết quả nào khớp đủ các từ của “" + text + "”; " + result.total + " kết quả gần đúng khớp một phần.";
    return "Tìm thấy " + result.total + " kết quả cho “" + text + "”.";
  }

  function page() {
    var box = document.getElementById("search-results");
    var input = document.getElementById("q-page");
    if (!box || !input) return;
    if (box.getAttribute("data-index")) base = box.getAttribute("data-index");
    var status = document.getElementById("search-status");
    var filterBox = document.getElementById("search-filters");
    var filterFold = document.getElementById("search-filter-box") || filterBox;
    // on a phone the filters wait behind one line, so the first result is on the first screen
    if (filterFold.tagName === "DETAILS") filterFold.open = window.matchMedia("(min-width: 56rem)").matches;
    var heading = document.createElement("p");
    heading.className = "partial-heading"; heading.id = "search-partial"; heading.hidden = true;
    heading.textContent = PARTIAL;
    box.appendChild(heading);
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
      if (!result || !result.all) { filterBox.innerHTML = ""; filterFold.hidden = true; return; }
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
      filterFold.hidden = !html;
      var summary = filterFold.querySelector && filterFold.querySelector("summary");
      var active = Object.keys(state.filters).length;
      if (summary) summary.textContent = "Lọc kết quả" + (active ? " (đang lọc theo " + active + " mục)" : "");
    }

    function renderMore() {
      var result = state.result, words = {};
      var ids = result.hits.slice(state.shown, state.shown + 10).map(function (h) { words[h.doc] = marks(result.slots, h.chosen); return h.doc; });
      state.shown += ids.length;
      var run = state.run;
      return documents(ids).then(function (docs) {
        if (run !== state.run) return;
        docs.forEach(function (d) {
          var li = document.createElement("li");
          li.innerHTML = '<a href="' + escapeHtml(href(d.url)) + '">' + highlight(d.title, words[d.id]) + '</a>' +
            '<span class="result-kind">' + escapeHtml(core.kindLabels[d.kind]) + (d.kind === 0 ? " · " + escapeHtml(d.url.split("/")[1]) : "") + '</span>' +
            (d.snippet ? '<span class="snippet">' + highlight(d.snippet, words[d.id]) + '</span>' : "");
          list.appendChild(li);
        });
        more.hidden = state.shown >= result.total;
      });
    }

    function run() {
      var text = input.value;
      var runId = ++state.run;
      if (!text.trim()) {
        list.innerHTML = ""; status.textContent = ""; more.hidden = true; heading.hidden = true; renderFilters(null);
        return Promise.resolve();
      }
      return query(text, state.filters).then(function (result) {
        if (runId !== state.run) return;
        state.result = result; state.shown = 0;
        list.innerHTML = "";
        status.textContent = statusText(result, text.trim());
        heading.hidden = !(result.partial && result.total);
        renderFilters(result);
        return renderMore();
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
    more.addEventListener("click", function () { renderMore(); });
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

  /* ---- the home page box: the top results as you type ------------------------------------
     <input data-suggest="<path to tim-kiem/>" aria-controls="<id of the list's box>">; Enter
     still submits the form to the search page. */
  var SUGGESTIONS = 5;
  function suggest() {
    var input = document.querySelector("input[data-suggest]");
    if (!input) return;
    var page = input.getAttribute("data-suggest");  // "tim-kiem/" from the home page
    var root = page.replace(/tim-kiem\/$/, "");
    var box = document.getElementById(input.getAttribute("aria-controls"));
    base = page + "chi-muc/";
    var web = location.protocol === "http:" || location.protocol === "https:";
    var index = web ? "" : "index.html";
    var status = document.createElement("p");
    status.className = "visually-hidden"; status.setAttribute("role", "status");
    input.parentNode.parentNode.insertBefore(status, box);
    var run = 0, timer = null;
    function hide() { box.hidden = true; box.innerHTML = ""; status.textContent = ""; }
    function show() {
      var text = input.value, id = ++run;
      if (!text.trim()) { hide(); return; }
      query(text, {}).then(function (result) {
        if (id !== run) return null;
        return documents(result.hits.slice(0, SUGGESTIONS).map(function (h) { return h.doc; })).then(function (docs) {
          if (id !== run) return;
          if (!docs.length) { hide(); status.textContent = "Chưa có gợi ý cho “" + text.trim() + "”."; return; }
          var words = {};
          result.hits.slice(0, SUGGESTIONS).forEach(function (h) { words[h.doc] = marks(result.slots, h.chosen); });
          var html = result.partial ? '<p class="partial-heading">' + PARTIAL + "</p>" : "";
          html += '<ol class="results">' + docs.map(function (d) {
            return '<li><a href="' + escapeHtml(root + d.url + index) + '">' + highlight(d.title, words[d.id]) + "</a>" +
              '<span class="result-kind">' + escapeHtml(core.kindLabels[d.kind]) + (d.kind === 0 ? " · " + escapeHtml(d.url.split("/")[1]) : "") + "</span></li>";
          }).join("") + "</ol>";
          var all = page + index + "?q=" + encodeURIComponent(text.trim());
          html += '<p><a class="suggestions-all" href="' + escapeHtml(all) + '">' +
            (result.partial ? "Xem các kết quả gần đúng" : "Xem tất cả " + result.total + " kết quả") + "</a></p>";
          box.innerHTML = html;
          box.hidden = false;
          status.textContent = statusText(result, text.trim());
        });
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 120); });
    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
      else if (e.key === "Escape") { hide(); }
    });
    box.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (e.key === "Escape") { hide(); input.focus(); }
    });
    if (input.value.trim()) show();  // a value the browser restored on going back
  }

  function start() { page(); suggest(); }
  // site.js (CongkhaiText) comes after this script in the page: both are deferred, so it has
  // run by DOMContentLoaded.
  if (window.CongkhaiText && document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
}());
