// Search of the archive, in the browser, over the static index in search/
// (written by package search of the generator). Every file of the index is
// a script that hands its data to window.cablesite: browsers load scripts
// from file:// where they refuse fetch(), so search works from disk as on a
// host. The page needs no server and sends nothing anywhere.
(function () {
  "use strict";

  // ---- Words: the same rules as Tokenize in package search. ----

  var FOLDING = "Àa Áa Âa Ãa Äa Åa Æae Çc Èe Ée Êe Ëe Ìi Íi Îi Ïi Ðd Ñn Òo Óo Ôo Õo Öo Øo Ùu Úu Ûu Üu Ýy Þth ßss àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy Āa āa Ăa ăa Ąa ąa Ćc ćc Ĉc ĉc Ċc ċc Čc čc Ďd ďd Đd đd Ēe ēe Ĕe ĕe Ėe ėe Ęe ęe Ěe ěe Ĝg ĝg Ğg ğg Ġg ġg Ģg ģg Ĥh ĥh Ħh ħh Ĩi ĩi Īi īi Ĭi ĭi Įi įi İi ıi Ĳij ĳij Ĵj ĵj Ķk ķk ĸk Ĺl ĺl Ļl ļl Ľl ľl Ŀl ŀl Łl łl Ńn ńn Ņn ņn Ňn ňn ŉn Ŋn ŋn Ōo ōo Ŏo ŏo Őo őo Œoe œoe Ŕr ŕr Ŗr ŗr Řr řr Śs śs Ŝs ŝs Şs şs Šs šs Ţt ţt Ťt ťt Ŧt ŧt Ũu ũu Ūu ūu Ŭu ŭu Ůu ůu Űu űu Ųu ųu Ŵw ŵw Ŷy ŷy Ÿy Źz źz Żz żz Žz žz ſs";
  var MAX_LETTERS = 40;
  var fold = {};
  FOLDING.split(" ").forEach(function (f) {
    var ch = String.fromCodePoint(f.codePointAt(0));
    fold[ch] = f.slice(ch.length);
  });
  var reWord = /[\p{L}\p{N}]/u;
  var reMark = /\p{M}/u;

  function isWordAt(s, i) {
    if (i >= s.length) { return false; }
    var cp = s.codePointAt(i);
    if (cp < 128) {
      return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57);
    }
    return reWord.test(String.fromCodePoint(cp));
  }

  // tokens returns the words of s with where they are in it:
  // [{w: "us", start: 0, end: 4}], offsets in UTF-16 code units.
  function tokens(s) {
    var out = [], w = "", letters = 0, start = -1, end = 0, i = 0;
    function emit() {
      if (w) { out.push({ w: w, start: start, end: end }); }
      w = ""; letters = 0; start = -1;
    }
    while (i < s.length) {
      var cp = s.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      var next = i + ch.length;
      if (cp < 128) {
        if ((cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57)) {
          // as is
        } else if (cp >= 65 && cp <= 90) {
          ch = String.fromCharCode(cp + 32);
        } else if ((cp === 46 || cp === 39) && letters > 0 && isWordAt(s, next)) {
          i = next; continue;
        } else {
          emit(); i = next; continue;
        }
        if (letters < MAX_LETTERS) { w += ch; }
      } else if (reMark.test(ch)) {
        i = next; continue;
      } else if (reWord.test(ch)) {
        if (letters < MAX_LETTERS) {
          var lc = ch.toLowerCase();
          w += fold[ch] !== undefined ? fold[ch] : fold[lc] !== undefined ? fold[lc] : lc;
        }
      } else if (cp === 0x2019 && letters > 0 && isWordAt(s, next)) {
        i = next; continue;
      } else {
        emit(); i = next; continue;
      }
      if (start < 0) { start = i; }
      letters++;
      end = next;
      i = next;
    }
    emit();
    return out;
  }

  function words(s) { return tokens(s).map(function (t) { return t.w; }); }

  // ---- Keys and paths: as in package search. ----

  var encoder = new TextEncoder();
  function fmix(h) {
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }
  var MAX_TERM_BYTES = 224; // bytes of a term that count (search.MaxTermBytes)
  // keyOf returns the two halves of a term's key.
  function keyOf(term) {
    var b = encoder.encode(term), a = 0x811c9dc5, c = 0x050c5d1f;
    if (b.length > MAX_TERM_BYTES) { b = b.subarray(0, MAX_TERM_BYTES); }
    for (var i = 0; i < b.length; i++) {
      a = Math.imul(a ^ b[i], 0x01000193);
      c = Math.imul(c ^ b[i], 0x5bd1e995);
    }
    return [fmix(a >>> 0), fmix((c ^ b.length) >>> 0)];
  }
  function keyName(k) { return k[0].toString(16) + ":" + k[1].toString(16); }
  function hex(n, width) { var s = n.toString(16); while (s.length < width) { s = "0" + s; } return s; }
  function shardOf(k) { return meta.shardBits ? k[0] >>> (32 - meta.shardBits) : 0; }
  function shardPath(s) { return "search/t/" + hex(s >> 8, 2) + "/" + hex(s & 255, 2) + ".js"; }
  function vocabPath(v) { return "search/v/" + hex(v, 3) + ".js"; }
  var GROUP = 8; // cables a file of cables holds (search.GroupSize)
  function groupPath(g) { return "search/d/" + (g >>> 9) + "/" + (g & 511) + ".js"; }
  // loadMeta loads what the index holds of cable n (from the file of its
  // group): what a result shows, without the text.
  function loadMeta(n) {
    return load(groupPath(Math.floor(n / GROUP))).then(function (group) {
      var d = group[n % GROUP];
      if (!d) { throw new Error("cable " + n + " is missing from " + groupPath(Math.floor(n / GROUP))); }
      return d;
    });
  }
  // loadDoc loads cable n with its text (see loadText).
  function loadDoc(n) { return loadMeta(n).then(loadText); }
  function datesPath(k) { return "search/c/" + k + ".js"; }
  function vocabOf(word) {
    var first = Array.from(word).slice(0, 3).join("");
    return keyOf(first)[0] & (meta.vocab - 1);
  }

  // ---- Loading the index's files with <script> elements. ----

  var files = {};
  var loaded = [];
  function load(url) {
    var f = files[url];
    if (f) { return f.promise; }
    f = files[url] = {};
    f.promise = new Promise(function (resolve, reject) { f.resolve = resolve; f.reject = reject; });
    var el = document.createElement("script");
    el.src = url;
    el.async = true;
    el.onerror = function () { f.reject(new Error("cannot load " + url)); };
    el.onload = function () { if (!f.done) { f.reject(new Error(url + " is not a file of this index")); } };
    document.head.appendChild(el);
    loaded.push(url);
    return f.promise;
  }
  function deliver(url, value) {
    var f = files[url];
    if (f && !f.done) { f.done = true; f.resolve(value); }
  }

  // ---- The text of a cable, read from its page. ----
  //
  // The index does not hold the cables' text, which their pages hold: a
  // hidden frame opens the cable's page, whose script (assets/site.js)
  // sends this page the blocks of its text section. A page may message the
  // page that frames it from file://, where it may not be read.

  var TEXT_WAIT = 2000; // ms after the frame loaded before giving up
  var frames = [];
  function squeeze(s) { return s.replace(/[ \t\n\r\f\v]+/g, " ").replace(/^ | $/g, ""); }
  // loadText resolves to doc with its text, doc.b ([anchor, text] blocks),
  // or with none and doc.noText saying why; doc keeps the promise, so that
  // a cable's page is opened once.
  function loadText(doc) {
    doc.text = doc.text || new Promise(function (resolve, reject) {
      var el = document.createElement("iframe");
      var f = { el: el, id: doc.id, resolve: resolve, timer: 0 };
      el.hidden = true;
      el.tabIndex = -1;
      el.setAttribute("aria-hidden", "true");
      el.onload = function () {
        if (frames.indexOf(f) < 0) { return; }
        f.timer = setTimeout(function () {
          closeFrame(f);
          reject(new Error("the page of " + doc.id + " (" + doc.u + ") sent no text"));
        }, TEXT_WAIT);
      };
      frames.push(f);
      el.src = doc.u;
      document.body.appendChild(el);
      loaded.push(doc.u);
    }).then(function (b) { doc.b = b; return doc; }, function (err) { doc.b = []; doc.noText = err.message; return doc; });
    return doc.text;
  }
  function closeFrame(f) {
    clearTimeout(f.timer);
    frames.splice(frames.indexOf(f), 1);
    f.el.remove();
  }
  window.addEventListener("message", function (ev) {
    var f = frames.find(function (f) { return ev.source === f.el.contentWindow; });
    var m = ev.data;
    if (!f || !m || m.cablesite !== "text" || m.id !== f.id || !Array.isArray(m.b)) { return; }
    closeFrame(f);
    f.resolve(m.b.filter(function (b) {
      return Array.isArray(b) && typeof b[0] === "string" && typeof b[1] === "string";
    }).map(function (b) { return [b[0], squeeze(b[1])]; }).filter(function (b) { return b[1] !== ""; }));
  });

  function bytes(b64) {
    var s = atob(b64), u = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { u[i] = s.charCodeAt(i); }
    return u;
  }
  function Reader(u, p) { this.u = u; this.p = p || 0; }
  Reader.prototype.uv = function () {
    var x = 0, m = 1, b;
    do { b = this.u[this.p++]; x += (b & 127) * m; m *= 128; } while (b & 128);
    return x;
  };

  // parseShard indexes the terms of a shard by key.
  function parseShard(b64) {
    var u = bytes(b64), r = new Reader(u), n = r.uv(), terms = new Map();
    for (var i = 0; i < n; i++) {
      var p = r.p;
      var hi = ((u[p] << 24) | (u[p + 1] << 16) | (u[p + 2] << 8) | u[p + 3]) >>> 0;
      var lo = ((u[p + 4] << 24) | (u[p + 5] << 16) | (u[p + 6] << 8) | u[p + 7]) >>> 0;
      r.p += 8;
      var df = r.uv(), flags = u[r.p++], len = r.uv();
      terms.set(hi.toString(16) + ":" + lo.toString(16), { df: df, flags: flags, off: r.p, len: len, u: u });
      r.p += len;
    }
    return terms;
  }

  // decodeList returns the cables of a term and their weights.
  function decodeList(t) {
    var docs = new Uint32Array(t.df), imp = null, r = new Reader(t.u, t.off), k = 0, i;
    if (t.flags & 1) {
      var nb = r.uv(), base = r.p;
      for (i = 0; i < nb; i++) {
        var b = t.u[base + i];
        while (b) {
          var j = 31 - Math.clz32(b & -b);
          docs[k++] = i * 8 + j;
          b &= b - 1;
        }
      }
      r.p = base + nb;
    } else {
      var prev = -1;
      for (i = 0; i < t.df; i++) { prev = prev + 1 + r.uv(); docs[i] = prev; }
    }
    if (t.flags & 2) {
      imp = new Uint8Array(t.df);
      for (i = 0; i < t.df; i++) { imp[i] = (t.u[r.p + (i >> 1)] >> (4 * (i & 1))) & 15; }
    }
    return { docs: docs, imp: imp, df: t.df };
  }

  function parseRuns(b64) {
    var r = new Reader(bytes(b64)), n = r.uv();
    var runs = { start: new Uint32Array(n + 1), origin: new Uint32Array(n), cls: new Uint32Array(n), year: new Uint32Array(n) };
    var at = 0;
    for (var i = 0; i < n; i++) {
      runs.start[i] = at;
      at += r.uv();
      runs.origin[i] = r.uv(); runs.cls[i] = r.uv(); runs.year[i] = r.uv();
    }
    runs.start[n] = at;
    return runs;
  }

  function parseVocab(text) {
    var f = text ? text.split(" ") : [], out = [];
    for (var i = 0; i + 1 < f.length; i += 2) { out.push({ w: f[i], df: +f[i + 1] }); }
    return out;
  }

  var meta = null, metaResolve;
  var metaReady = new Promise(function (resolve) { metaResolve = resolve; });

  var api = window.cablesite = {
    meta: function (m) { meta = m; metaResolve(m); },
    shard: function (s, b64) { deliver(shardPath(s), parseShard(b64)); },
    vocab: function (v, text) { deliver(vocabPath(v), parseVocab(text)); },
    docs: function (g, group) { deliver(groupPath(g), group); },
    dates: function (k, b64) { deliver(datesPath(k), bytes(b64)); },
    runs: function (_, b64) { deliver("search/runs.js", parseRuns(b64)); },
    tokens: tokens,
    words: words,
    keyOf: keyOf,
    loaded: loaded,
    timing: {}
  };

  // term returns the list of a term, or null when no cable has it.
  function term(t) {
    var k = keyOf(t);
    return load(shardPath(shardOf(k))).then(function (terms) {
      var e = terms.get(keyName(k));
      return e ? decodeList(e) : null;
    });
  }

  // ---- Queries. ----

  var ID_RE = /^\s*(\d\d)\s*([A-Za-z]+(?:\s+[A-Za-z]+)*)\s*(\d+)\s*$/;

  // parse reads a query: words, "phrases", prefix*, -excluded.
  function parse(text) {
    var clauses = [], re = /(-?)"([^"]*)"?|(\S+)/g, m;
    while ((m = re.exec(text)) !== null) {
      var neg = false, raw, prefix = false;
      if (m[2] !== undefined) {
        neg = m[1] === "-";
        raw = m[2];
      } else {
        raw = m[3];
        if (raw.length > 1 && raw[0] === "-") { neg = true; raw = raw.slice(1); }
        if (raw.length > 1 && raw[raw.length - 1] === "*") { prefix = true; raw = raw.replace(/\*+$/, ""); }
      }
      var ws = words(raw);
      if (!ws.length) { continue; }
      if (prefix) {
        var last = ws.pop();
        if (ws.length) { clauses.push({ kind: "phrase", words: ws, neg: neg, text: raw }); }
        clauses.push({ kind: "prefix", words: [last], neg: neg, text: raw + "*" });
      } else if (ws.length > 1) {
        clauses.push({ kind: "phrase", words: ws, neg: neg, text: raw });
      } else {
        clauses.push({ kind: "word", words: ws, neg: neg, text: raw });
      }
    }
    return clauses;
  }

  var PREFIX_TERMS = 24;

  // expand returns the words of the vocabulary that start with a prefix,
  // most common first, and how many there are.
  function expand(prefix) {
    if (Array.from(prefix).length < 3) {
      return Promise.resolve({ words: [], total: 0, short: true });
    }
    return load(vocabPath(vocabOf(prefix))).then(function (vocab) {
      var ws = vocab.filter(function (v) { return v.w.lastIndexOf(prefix, 0) === 0; });
      ws.sort(function (a, b) { return b.df - a.df || (a.w < b.w ? -1 : 1); });
      return { words: ws.slice(0, PREFIX_TERMS).map(function (v) { return v.w; }), total: ws.length };
    });
  }

  function idf(df) { return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5)); }

  // union merges the lists of a prefix's words, keeping the top weight.
  function union(lists) {
    var best = new Map();
    lists.forEach(function (l) {
      if (!l) { return; }
      var w = idf(l.df);
      for (var i = 0; i < l.docs.length; i++) {
        var s = w * (l.imp ? l.imp[i] : 1), d = l.docs[i];
        if (!(best.get(d) >= s)) { best.set(d, s); }
      }
    });
    var docs = Uint32Array.from(best.keys()).sort();
    var score = new Float32Array(docs.length);
    for (var i = 0; i < docs.length; i++) { score[i] = best.get(docs[i]); }
    return { docs: docs, score: score };
  }

  // weighted turns a term's list into cables and scores.
  function weighted(l, weigh) {
    var score = new Float32Array(l.docs.length);
    if (weigh) {
      var w = idf(l.df);
      for (var i = 0; i < l.docs.length; i++) { score[i] = w * (l.imp ? l.imp[i] : 1); }
    }
    return { docs: l.docs, score: score };
  }

  var runsReady = null;
  function runs() { return runsReady || (runsReady = load("search/runs.js")); }

  // evaluate finds the cables of a query: {docs (by number, ascending),
  // score, notes, phrases, excludedPhrases, highlight}.
  function evaluate(q) {
    var clauses = parse(q.text);
    var notes = [];
    var highlight = [], prefixes = [];
    var jobs = clauses.map(function (c) {
      if (!c.neg) {
        if (c.kind === "prefix") { prefixes.push(c.words[0]); } else { highlight = highlight.concat(c.words); }
      }
      if (c.kind === "prefix") {
        return expand(c.words[0]).then(function (ex) {
          if (ex.short) {
            notes.push(c.text + " needs three letters before the *: searched as a word.");
            return term(c.words[0]).then(function (l) { return { c: c, lists: [l ? weighted(l, true) : null] }; });
          }
          if (ex.total > ex.words.length) {
            notes.push(c.text + " matches " + ex.total.toLocaleString("en") + " words; the " + ex.words.length + " most common were searched.");
          }
          if (!ex.words.length) { return { c: c, lists: [null] }; }
          return Promise.all(ex.words.map(term)).then(function (ls) { return { c: c, lists: [union(ls)] }; });
        });
      }
      return Promise.all(c.words.map(term)).then(function (ls) {
        return { c: c, lists: ls.map(function (l) { return l ? weighted(l, true) : null; }) };
      });
    });
    // The filters by tag, month and release day are facet terms.
    [["tag", q.tag], ["month", q.month], ["released", q.released], ["changed", q.changed]].forEach(function (f) {
      if (!f[1]) { return; }
      jobs.push(term(f[0] + ":" + f[1].toLowerCase()).then(function (l) {
        return { c: { kind: f[0], neg: false }, lists: [l ? weighted(l, false) : null] };
      }));
    });
    return Promise.all([runs(), Promise.all(jobs)]).then(function (all) {
      var rs = all[0], got = all[1];
      var required = [], excluded = [], phrases = [], excludedPhrases = [];
      var missing = false;
      got.forEach(function (g) {
        if (g.c.kind === "phrase") { (g.c.neg ? excludedPhrases : phrases).push(g.c.words); }
        if (g.c.neg) {
          // A phrase left out is checked on the cables shown; a word
          // leaves out every cable that has it.
          if (g.c.kind !== "phrase") { g.lists.forEach(function (l) { if (l) { excluded.push(l); } }); }
          return;
        }
        g.lists.forEach(function (l) { if (!l) { missing = true; } else { required.push(l); } });
      });
      var n = meta.slots;
      var docs, score;
      if (missing) {
        docs = new Uint32Array(0); score = new Float32Array(0);
      } else if (required.length) {
        required.sort(function (a, b) { return a.docs.length - b.docs.length; });
        var mark = new Uint8Array(n), acc = new Float32Array(n), i, k;
        for (k = 0; k < required.length; k++) {
          var l = required[k];
          for (i = 0; i < l.docs.length; i++) {
            var d = l.docs[i];
            if (mark[d] === k) { mark[d] = k + 1; acc[d] += l.score[i]; }
          }
        }
        excluded.forEach(function (l) { for (var i = 0; i < l.docs.length; i++) { mark[l.docs[i]] = 0; } });
        var first = required[0].docs, out = [];
        for (i = 0; i < first.length; i++) { if (mark[first[i]] === required.length) { out.push(first[i]); } }
        docs = Uint32Array.from(out);
        score = new Float32Array(docs.length);
        for (i = 0; i < docs.length; i++) { score[i] = acc[docs[i]]; }
      } else if (q.origin || q.cls || q.year) {
        docs = null; // every cable of the runs that the filters keep
      } else {
        return { empty: true, notes: notes };
      }
      // Filters and counts by origin, classification and year, from the runs.
      var origin = q.origin ? meta.origins.findIndex(function (o) { return o[0] === q.origin; }) : -1;
      var cls = q.cls ? meta.classes.findIndex(function (c) { return c[0] === q.cls; }) : -1;
      var year = q.year ? +q.year : 0;
      if ((q.origin && origin < 0) || (q.cls && cls < 0)) { docs = new Uint32Array(0); score = new Float32Array(0); }
      var holes = new Set(meta.holes);
      var keepRun = function (r) {
        return (origin < 0 || rs.origin[r] === origin) && (cls < 0 || rs.cls[r] === cls) && (!year || rs.year[r] === year);
      };
      var counts = newCounts();
      var keptDocs = [], keptScore = [];
      if (docs === null) {
        for (var r = 0; r < rs.origin.length; r++) {
          if (!keepRun(r)) { continue; }
          for (var d2 = rs.start[r]; d2 < rs.start[r + 1]; d2++) {
            if (!holes.has(d2)) { keptDocs.push(d2); keptScore.push(0); addCount(counts, rs, r); }
          }
        }
      } else {
        eachRun(rs, docs, function (j, r) {
          if (holes.has(docs[j]) || !keepRun(r)) { return; }
          keptDocs.push(docs[j]); keptScore.push(score[j]); addCount(counts, rs, r);
        });
      }
      return {
        docs: keptDocs, score: keptScore, counts: counts, notes: notes, runs: rs,
        weighted: required.length > (q.tag ? 1 : 0),
        phrases: phrases, excludedPhrases: excludedPhrases,
        highlight: highlight, prefixes: prefixes
      };
    });
  }

  // order sorts the results: by score, or by date through the dates files.
  function order(res, sort) {
    var idx = res.docs.map(function (_, i) { return i; });
    if (res.weighted && !sort) {
      idx.sort(function (a, b) { return res.score[b] - res.score[a] || res.docs[a] - res.docs[b]; });
      return Promise.resolve(idx.map(function (i) { return res.docs[i]; }));
    }
    var chunks = new Set();
    res.docs.forEach(function (d) { chunks.add(Math.floor(d / meta.dayChunk)); });
    var list = Array.from(chunks);
    return Promise.all(list.map(function (k) { return load(datesPath(k)); })).then(function (got) {
      var days = new Map();
      list.forEach(function (k, i) { days.set(k, got[i]); });
      var day = function (d) {
        var u = days.get(Math.floor(d / meta.dayChunk)), o = 2 * (d % meta.dayChunk);
        return u[o] | (u[o + 1] << 8);
      };
      var dd = res.docs.map(day);
      var sign = sort === "old" ? 1 : -1;
      idx.sort(function (a, b) { return sign * (dd[a] - dd[b]) || res.docs[a] - res.docs[b]; });
      return idx.map(function (i) { return res.docs[i]; });
    });
  }

  // ---- Passages. ----

  function seq(ts, ws) {
    var found = [];
    outer: for (var i = 0; i + ws.length <= ts.length; i++) {
      for (var j = 0; j < ws.length; j++) { if (ts[i + j].w !== ws[j]) { continue outer; } }
      found.push(i);
    }
    return found;
  }

  // hasPhrase reports whether a cable has a phrase (in one paragraph or the
  // subject).
  function hasPhrase(doc, ws) {
    if (seq(tokens(doc.s), ws).length) { return true; }
    return doc.b.some(function (b) { return seq(tokens(b[1]), ws).length > 0; });
  }

  // matches returns the words of text that the query matches, as ranges:
  // [start, end, the word or "\u0000" and the phrase, whether a phrase].
  function matches(text, res) {
    var ts = tokens(text), hit = [], i;
    var want = new Set(res.highlight);
    for (i = 0; i < ts.length; i++) {
      var w = ts[i].w;
      if (want.has(w) || res.prefixes.some(function (p) { return w.lastIndexOf(p, 0) === 0; })) { hit.push(i); }
    }
    var ranges = hit.map(function (i) { return [ts[i].start, ts[i].end, ts[i].w, false]; });
    res.phrases.forEach(function (ws) {
      seq(ts, ws).forEach(function (i) { ranges.push([ts[i].start, ts[i + ws.length - 1].end, "\u0000" + ws.join(" "), true]); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return ranges;
  }

  // passage picks the paragraph that matches most of the query and the
  // stretch of it around the first match.
  function passage(doc, res) {
    var best = null;
    doc.b.forEach(function (b) {
      var ms = matches(b[1], res);
      if (!ms.length) { return; }
      var distinct = new Set(ms.map(function (m) { return m[2]; })).size;
      if (!best || distinct > best.distinct) { best = { anchor: b[0], text: b[1], ms: ms, distinct: distinct }; }
    });
    if (!best) {
      var b0 = doc.b[0] || ["", ""];
      best = { anchor: b0[0], text: b0[1], ms: [] };
    }
    // The passage starts a little before the first phrase of the query in
    // the paragraph, or else its first word.
    var lead = best.ms.find(function (m) { return m[3]; }) || best.ms[0];
    var text = best.text, from = 0, to = Math.min(text.length, 240);
    if (lead && lead[0] > 90) {
      from = text.lastIndexOf(" ", lead[0] - 70) + 1;
      to = Math.min(text.length, from + 240);
    }
    if (to < text.length) {
      var sp = text.lastIndexOf(" ", to);
      if (sp > from + 120) { to = sp; }
    }
    return {
      anchor: best.anchor, text: text.slice(from, to), from: from, cutStart: from > 0, cutEnd: to < text.length,
      ms: best.ms.filter(function (m) { return m[0] >= from && m[1] <= to; }).map(function (m) { return [m[0] - from, m[1] - from]; })
    };
  }

  // ---- The page. ----

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (kids || []).forEach(function (k) { if (k) { e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); } });
    return e;
  }

  // marked returns text with the given ranges in <mark> elements.
  function marked(text, ranges) {
    var frag = document.createDocumentFragment(), at = 0;
    ranges.forEach(function (r) {
      if (r[0] < at) { return; }
      frag.appendChild(document.createTextNode(text.slice(at, r[0])));
      frag.appendChild(el("mark", { text: text.slice(r[0], r[1]) }));
      at = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function readQuery() {
    var p = new URLSearchParams(location.search);
    return {
      text: (p.get("q") || "").trim(),
      origin: (p.get("origin") || "").trim(), cls: (p.get("class") || "").trim(), year: (p.get("year") || "").trim(),
      tag: (p.get("tag") || "").trim().toUpperCase(), sort: p.get("sort") || "",
      month: (p.get("month") || "").trim(), released: (p.get("released") || "").trim(),
      changed: (p.get("changed") || "").trim(),
      page: Math.max(0, (parseInt(p.get("page"), 10) || 1) - 1)
    };
  }

  // href is the address of the search page for q with some fields changed.
  function href(q, change) {
    var v = Object.assign({}, q, change), p = new URLSearchParams();
    if (v.text) { p.set("q", v.text); }
    if (v.origin) { p.set("origin", v.origin); }
    if (v.cls) { p.set("class", v.cls); }
    if (v.year) { p.set("year", v.year); }
    if (v.tag) { p.set("tag", v.tag); }
    if (v.month) { p.set("month", v.month); }
    if (v.released) { p.set("released", v.released); }
    if (v.changed) { p.set("changed", v.changed); }
    if (v.sort) { p.set("sort", v.sort); }
    if (v.page) { p.set("page", String(v.page + 1)); }
    var s = p.toString();
    return "search.html" + (s ? "?" + s : "");
  }

  function fillForm(q) {
    var $ = function (id) { return document.getElementById(id); };
    $("q").value = q.text;
    var options = function (sel, list, label) {
      list.forEach(function (x) {
        sel.appendChild(el("option", { value: String(x[0]), text: label(x) }));
      });
    };
    var byName = meta.origins.slice().sort(function (a, b) { return a[0] < b[0] ? -1 : 1; });
    options($("f-origin"), byName, function (o) { return o[0] + " (" + o[1].toLocaleString("en") + ")"; });
    options($("f-class"), meta.classes, function (c) { return c[0] + " (" + c[1].toLocaleString("en") + ")"; });
    options($("f-year"), meta.years.slice().reverse(), function (y) { return y[0] + " (" + y[1].toLocaleString("en") + ")"; });
    var dl = $("tag-list");
    meta.tags.slice(0, 3000).forEach(function (t) {
      dl.appendChild(el("option", { value: t[0], label: (t[2] ? t[2] + " · " : "") + t[1].toLocaleString("en") }));
    });
    $("f-origin").value = q.origin;
    $("f-class").value = q.cls;
    $("f-year").value = q.year;
    $("f-tag").value = q.tag;
    $("f-sort").value = q.sort;
    // Empty fields stay out of the address.
    $("search-form").addEventListener("submit", function () {
      ["f-origin", "f-class", "f-year", "f-tag", "f-sort"].forEach(function (id) {
        var f = $(id);
        if (!f.value) { f.disabled = true; }
      });
      setTimeout(function () {
        ["f-origin", "f-class", "f-year", "f-tag", "f-sort"].forEach(function (id) { $(id).disabled = false; });
      }, 0);
    });
    ["f-origin", "f-class", "f-year", "f-sort"].forEach(function (id) {
      $(id).addEventListener("change", function () { $("search-form").requestSubmit ? $("search-form").requestSubmit() : $("search-form").submit(); });
    });
  }

  var PAGE = 20;
  // CHECK_LIMIT is the most cables read to check phrases for a page of
  // results: each text comes from the cable's page, in a frame of its own.
  var CHECK_LIMIT = 200;

  function status(text) { document.getElementById("search-status").textContent = text; }

  // newCounts returns empty counts by origin, classification and year;
  // addCount counts a cable of run r in them.
  function newCounts() { return { origin: new Map(), cls: new Map(), year: new Map() }; }
  function addCount(counts, rs, r) {
    counts.origin.set(rs.origin[r], (counts.origin.get(rs.origin[r]) || 0) + 1);
    counts.cls.set(rs.cls[r], (counts.cls.get(rs.cls[r]) || 0) + 1);
    counts.year.set(rs.year[r], (counts.year.get(rs.year[r]) || 0) + 1);
  }
  // eachRun calls fn(j, r) for each cable ns[j] in a run, r being its
  // run; the numbers ns increase.
  function eachRun(rs, ns, fn) {
    var r = 0, runCount = rs.origin.length;
    for (var j = 0; j < ns.length; j++) {
      while (r < runCount && rs.start[r + 1] <= ns[j]) { r++; }
      if (r < runCount) { fn(j, r); }
    }
  }
  // countsOf counts the cables ns, numbers in any order, by their runs.
  function countsOf(rs, ns) {
    var counts = newCounts();
    eachRun(rs, ns.slice().sort(function (a, b) { return a - b; }), function (_, r) { addCount(counts, rs, r); });
    return counts;
  }

  function showFacets(q, res) {
    var aside = document.getElementById("search-facets");
    aside.textContent = "";
    var chips = [];
    if (q.origin) { chips.push(["Origin", q.origin, { origin: "" }]); }
    if (q.cls) { chips.push(["Classification", q.cls, { cls: "" }]); }
    if (q.year) { chips.push(["Year", q.year, { year: "" }]); }
    if (q.tag) { chips.push(["Tag", q.tag, { tag: "" }]); }
    if (q.month) { chips.push(["Month", q.month, { month: "" }]); }
    if (q.released) { chips.push(["Released", q.released, { released: "" }]); }
    if (q.changed) { chips.push(["Changed", q.changed === "any" ? "in any release" : "in release " + q.changed, { changed: "" }]); }
    if (chips.length) {
      aside.appendChild(el("ul", { "class": "chips" }, chips.map(function (c) {
        return el("li", {}, [el("a", { href: href(q, Object.assign({ page: 0 }, c[2])), title: "Remove this filter" }, [c[0] + ": " + c[1] + " ", el("span", { "aria-hidden": "true", text: "✕" })])]);
      })));
    }
    var section = function (title, entries, limit, link) {
      if (!entries.length) { return; }
      var items = entries.map(function (e) {
        return el("li", {}, [el("a", { href: link(e[0]) }, [e[1]]), " ", el("span", { "class": "n", text: e[2].toLocaleString("en") })]);
      });
      var s = el("section", {}, [el("h2", { text: title })]);
      s.appendChild(el("ul", { "class": "facet-list" }, items.slice(0, limit)));
      if (items.length > limit) {
        s.appendChild(el("details", {}, [el("summary", { text: (items.length - limit) + " more" }), el("ul", { "class": "facet-list" }, items.slice(limit))]));
      }
      aside.appendChild(s);
    };
    var sorted = function (m, name) {
      return Array.from(m.entries()).map(function (e) { return [e[0], name(e[0]), e[1]]; })
        .sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1); });
    };
    section("Origin", sorted(res.counts.origin, function (i) { return meta.origins[i][0]; }), 8,
      function (i) { return href(q, { origin: meta.origins[i][0], page: 0 }); });
    section("Year", Array.from(res.counts.year.entries()).sort(function (a, b) { return b[0] - a[0]; })
      .map(function (e) { return [e[0], String(e[0]), e[1]]; }), 12,
      function (y) { return href(q, { year: String(y), page: 0 }); });
    section("Classification", sorted(res.counts.cls, function (i) { return meta.classes[i][0]; }), 8,
      function (i) { return href(q, { cls: meta.classes[i][0], page: 0 }); });
    var tags = el("section", { id: "tag-counts" }, [el("h2", { text: "Tag" })]);
    if (res.unchecked) {
      aside.appendChild(el("p", { "class": "note", text: "Counts of the cables with all the words: phrases are checked on the cables shown." }));
    }
    var button = el("button", { type: "button", "class": "link" }, ["Count by tag"]);
    button.addEventListener("click", function () { countTags(q, res, tags, button); });
    tags.appendChild(button);
    aside.appendChild(tags);
  }

  // countTags counts the results of the most used tags: a list each.
  function countTags(q, res, box, button) {
    button.disabled = true;
    button.textContent = "Counting…";
    var codes = meta.tags.slice(0, 30).map(function (t) { return t[0]; });
    var inResults = new Set(res.checked || res.docs);
    Promise.all(codes.map(function (c) { return term("tag:" + c.toLowerCase()); })).then(function (ls) {
      var rows = [];
      ls.forEach(function (l, i) {
        if (!l) { return; }
        var n = 0;
        for (var j = 0; j < l.docs.length; j++) { if (inResults.has(l.docs[j])) { n++; } }
        if (n) { rows.push([codes[i], n]); }
      });
      rows.sort(function (a, b) { return b[1] - a[1]; });
      button.remove();
      var desc = new Map(meta.tags.map(function (t) { return [t[0], t[2] || ""]; }));
      box.appendChild(el("ul", { "class": "facet-list" }, rows.slice(0, 15).map(function (r) {
        return el("li", {}, [el("a", { href: href(q, { tag: r[0], page: 0 }), title: desc.get(r[0]) }, [r[0]]), " ", el("span", { "class": "n", text: r[1].toLocaleString("en") })]);
      })));
      box.appendChild(el("p", { "class": "note", text: "Among the " + codes.length + " most used tags." }));
    }, function (err) { button.textContent = "Cannot count: " + err.message; });
  }

  // showResults shows a page of results, and returns a promise of their
  // passages: a result whose text is not read yet shows its passage when
  // its page has sent it.
  function showResults(q, res, docs, total, exact, started) {
    var ol = document.getElementById("search-results");
    ol.textContent = "";
    ol.start = q.page * PAGE + 1;
    var passages = docs.map(function (x) {
      var doc = x.doc;
      var li = el("li", { "class": "result" }, [
        el("p", { "class": "r-head" }, [el("a", { href: doc.u, "class": "r-id" }, [doc.id]), " ", el("span", { "class": "r-subject" }, [marked(doc.s, matches(doc.s, res))])]),
        el("p", { "class": "r-meta" }, [doc.d.slice(0, 10) + " · " + doc.o + " · ", el("span", { "class": "r-class", text: doc.c })])
      ]);
      var para = el("p", { "class": "r-passage" }, ["…"]);
      li.appendChild(para);
      ol.appendChild(li);
      return loadDoc(x.n).then(function (d) { fillPassage(para, d, res); });
    });
    var secs = ((performance.now() - started) / 1000).toFixed(2);
    var what = total === 1 ? "1 cable" : total.toLocaleString("en") + " cables";
    status((exact ? what + " match" + (total === 1 ? "es" : "") : "Up to " + what + " match (phrases are checked on the cables shown)") + " · " + secs + " s");
    var nav = document.getElementById("search-pager");
    nav.textContent = "";
    var pages = Math.ceil(total / PAGE);
    if (pages > 1) {
      var links = [];
      if (q.page > 0) { links.push(el("a", { href: href(q, { page: q.page - 1 }), rel: "prev" }, ["← Previous"])); }
      links.push(el("span", { "class": "at", text: "Page " + (q.page + 1) + " of " + pages.toLocaleString("en") }));
      if (q.page + 1 < pages && docs.length === PAGE) { links.push(el("a", { href: href(q, { page: q.page + 1 }), rel: "next" }, ["Next →"])); }
      links.forEach(function (l) { nav.appendChild(l); nav.appendChild(document.createTextNode(" ")); });
    }
    return Promise.all(passages);
  }

  // fillPassage shows in para the passage of doc that res matches best,
  // linked to its paragraph.
  function fillPassage(para, doc, res) {
    para.textContent = "";
    if (doc.noText) {
      para.appendChild(el("span", { "class": "note", text: "The text could not be read: " + doc.noText + "." }));
      return;
    }
    var p = passage(doc, res);
    if (p.anchor) {
      para.appendChild(el("a", { href: doc.u + "#" + p.anchor, "class": "r-par", title: "Go to this paragraph" }, [p.anchor.indexOf("par") === 0 ? "¶" + p.anchor.slice(3) : "¶"]));
      para.appendChild(document.createTextNode(" "));
    }
    para.appendChild(document.createTextNode(p.cutStart ? "…" : ""));
    para.appendChild(marked(p.text, p.ms));
    para.appendChild(document.createTextNode(p.cutEnd ? "…" : ""));
  }

  // page loads the cables of the page of results asked for, checking
  // phrases when the query has some.
  function pageOf(q, res, ordered) {
    var check = res.phrases.length || res.excludedPhrases.length;
    if (!check) {
      var slice = ordered.slice(q.page * PAGE, (q.page + 1) * PAGE);
      return Promise.all(slice.map(function (n) { return loadMeta(n); })).then(function (ds) {
        return { docs: ds.map(function (d, i) { return { n: slice[i], doc: d }; }), exact: true, total: ordered.length };
      });
    }
    var want = (q.page + 1) * PAGE, kept = [], at = 0;
    var ok = function (doc) {
      return res.phrases.every(function (ws) { return hasPhrase(doc, ws); }) &&
        !res.excludedPhrases.some(function (ws) { return hasPhrase(doc, ws); });
    };
    var step = function () {
      if (kept.length >= want || at >= ordered.length || at >= CHECK_LIMIT + want) {
        var exact = at >= ordered.length;
        return {
          docs: kept.slice(q.page * PAGE, want), exact: exact, total: exact ? kept.length : Math.max(kept.length, ordered.length - (at - kept.length)),
          checked: exact ? kept.map(function (k) { return k.n; }) : null
        };
      }
      if (at > 0) {
        status("Checking phrases in the cables' text: " + at + " of " + Math.min(ordered.length, CHECK_LIMIT + want) + " read…");
      }
      var batch = ordered.slice(at, at + PAGE);
      at += batch.length;
      return Promise.all(batch.map(function (n) { return loadDoc(n); })).then(function (ds) {
        ds.forEach(function (d, i) { if (ok(d)) { kept.push({ n: batch[i], doc: d }); } });
        return step();
      });
    };
    return Promise.resolve().then(step);
  }

  // resolveFilters puts the names of the index in place of the filters of
  // q that name an origin or a classification by its address key
  // ("embassy-beijing") or in another case, and returns what the filters
  // name that the index does not have, with the closest names it has.
  function resolveFilters(q) {
    var unknown = [];
    var find = function (list, v) {
      var low = v.toLowerCase();
      for (var i = 0; i < list.length; i++) {
        if (list[i][0] === v) { return list[i][0]; }
      }
      for (i = 0; i < list.length; i++) {
        if (list[i][2] === low || String(list[i][0]).toLowerCase() === low) { return list[i][0]; }
      }
      return null;
    };
    var check = function (field, kind, list) {
      if (!q[field]) { return; }
      var name = find(list, q[field]);
      if (name !== null) { q[field] = String(name); return; }
      var near = closest(list.map(function (x) { return String(x[0]); }), q[field], 3);
      unknown.push("No " + kind + " called “" + q[field] + "”" + (near.length ? "; the closest: " + near.join(", ") + "." : "."));
    };
    check("origin", "origin", meta.origins);
    check("cls", "classification", meta.classes);
    check("year", "year", meta.years);
    check("tag", "tag", meta.tags);
    if (q.month && !/^\d{4}-\d\d$/.test(q.month)) { unknown.push("“" + q.month + "” is not a month: write it YYYY-MM, as 2010-02."); }
    if (q.released && !/^\d{4}-\d\d-\d\d$/.test(q.released)) { unknown.push("“" + q.released + "” is not a day: write it YYYY-MM-DD, as 2010-11-28."); }
    return unknown;
  }

  // closest returns the n names nearest to s, by edit distance of their
  // lower-case forms, nearest first.
  function closest(names, s, n) {
    var a = s.toLowerCase();
    var dist = function (b) {
      b = b.toLowerCase();
      var prev = [], cur = [], i, j;
      for (j = 0; j <= b.length; j++) { prev[j] = j; }
      for (i = 1; i <= a.length; i++) {
        cur = [i];
        for (j = 1; j <= b.length; j++) {
          cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
      }
      return prev[b.length];
    };
    return names.map(function (x) { return [x, dist(x)]; })
      .sort(function (x, y) { return x[1] - y[1] || (x[0] < y[0] ? -1 : 1); })
      .slice(0, n).map(function (x) { return x[0]; });
  }

  function fail(err) {
    status("The search failed: " + err.message + ". The files of the index may be missing; build the site again.");
  }

  function run() {
    var started = performance.now();
    var q = readQuery();
    var unknown = resolveFilters(q);
    fillForm(q);
    if (unknown.length) {
      status(unknown.join(" "));
      document.getElementById("search-results").textContent = "";
      api.timing.done = performance.now();
      return Promise.resolve();
    }
    if (!q.text && !q.origin && !q.cls && !q.year && !q.tag && !q.month && !q.released && !q.changed) {
      status("Search " + meta.docs.toLocaleString("en") + " cables.");
      api.timing.done = performance.now();
      return Promise.resolve();
    }
    document.title = (q.text || "Search") + " · " + document.title;
    status("Searching…");
    var id = q.text.match(ID_RE);
    var direct = id && !q.origin && !q.cls && !q.year && !q.tag && !q.month && !q.released && !q.changed ? term("id:" + (id[1] + id[2].replace(/\s+/g, "") + id[3]).toLowerCase()) : Promise.resolve(null);
    return direct.then(function (l) {
      if (l && l.docs.length) {
        return loadMeta(l.docs[0]).then(function (doc) {
          api.timing.redirect = performance.now();
          try {
            sessionStorage.setItem("cablesite-redirect", JSON.stringify({ ms: api.timing.redirect, loaded: loaded }));
          } catch (e) { /* storage off: nothing to keep */ }
          location.replace(doc.u);
          return "redirect";
        });
      }
    }).then(function (redirected) {
      if (redirected) { return; }
      return evaluate(q).then(function (res) {
        if (res.empty) { status("Type some words, or choose a filter."); return; }
        showFacets(q, res);
        return order(res, q.sort).then(function (ordered) {
          if (!ordered.length) {
            status("No cable matches." + (res.notes.length ? " " + res.notes.join(" ") : ""));
            document.getElementById("search-results").textContent = "";
            api.timing.results = performance.now();
            return;
          }
          return pageOf(q, res, ordered).then(function (pg) {
            if (pg.checked) {
              // Every cable with the words was checked for the phrases:
              // the counts are those of the results.
              res.checked = pg.checked;
              res.counts = countsOf(res.runs, pg.checked);
              showFacets(q, res);
            } else if (res.phrases.length || res.excludedPhrases.length) {
              res.unchecked = true;
              showFacets(q, res);
            }
            var passages = showResults(q, res, pg.docs, pg.total, pg.exact, started);
            if (res.notes.length) {
              document.getElementById("search-status").appendChild(el("span", { "class": "note", text: " " + res.notes.join(" ") }));
            }
            api.timing.results = performance.now();
            return passages.then(function () { api.timing.passages = performance.now(); });
          });
        });
      });
    }).catch(fail).then(function () { api.timing.done = performance.now(); });
  }

  if (document.getElementById("search-results")) {
    metaReady.then(run);
  }
})();
