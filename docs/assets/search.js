/*
 * 档案全文搜索：drives the search box in the header (overrides/partials/archive-search.html) with the index that
 * hooks/studyarchive/search/search.py writes into search/. No framework and nothing from outside the site.
 *
 * A query is cut into terms at spaces; a material matches when it contains every term, and the results list
 * its problems, causes, measures and paragraphs that contain a term. A term of up to four characters is looked
 * up in the list of its n-gram (which records contain it); a longer one in the 4-gram lists with positions
 * (4-grams at offsets 0, 4, 8 … and len-4 that follow each other). Python does the same in studyarchive/search/searchindex.py (the tests
 * compare both). The files are scripts that call __archiveSearch.put(name, data), so that search also works
 * when the site is opened from a folder (file://), where fetch() is not allowed.
 */
(function () {
  "use strict";

  var ROOT = new URL("..", document.currentScript.src).href; // assets/search.js → the site's root
  var FROM_FILE = location.protocol === "file:";
  var FORMAT = 2; // of the index files (studyarchive.search.search.FORMAT)
  var PAGE = 10; // materials shown at a time (each loads its texts for the snippets)
  var SHOWN = 3; // records shown per material before "另有 N 处"
  var KIND = { title: 0, member: 1, problem: 2, cause: 3, measure: 4, text: 5, line: 6 };
  var KIND_WORD = { 2: ["问题", "个"], 3: ["原因", "条"], 4: ["措施", "条"] };
  var SCOPES = [["", "全部内容"], ["2", "问题"], ["3", "原因"], ["4", "措施"], ["0,1", "标题和党员姓名"], ["5,6", "其他段落"]];

  // --- text: the same normalization as searchindex.normalize ---------------------------------------------
  function normalize(text) {
    return text.replace(/[\uFF01-\uFF5E\u3000A-Z]/g, function (c) {
      var code = c.charCodeAt(0);
      if (code === 0x3000) return " ";
      return (code >= 0xff01 ? String.fromCharCode(code - 0xfee0) : c).toLowerCase();
    });
  }

  function terms(query) {
    var seen = {};
    return normalize(query).split(/\s+/).filter(function (t) {
      if (!t || seen[t]) return false;
      return (seen[t] = true);
    });
  }

  // --- numbers: VLQ digits, as searchindex.vlq writes them -----------------------------------------------
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var VALUE = new Int8Array(128);
  for (var i = 0; i < 64; i++) VALUE[DIGITS.charCodeAt(i)] = i;

  function unvlq(text) {
    var out = new Int32Array(text.length), n = 0, value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var d = VALUE[text.charCodeAt(i)];
      value |= (d & 31) << shift; // every number in the index is below 2^31
      if (d & 32) shift += 5;
      else { out[n++] = value; value = 0; shift = 0; }
    }
    return out.subarray(0, n);
  }

  function presence(text) {
    var nums = unvlq(text), record = -1;
    for (var i = 0; i < nums.length; i++) nums[i] = record += nums[i] + 1;
    return nums;
  }

  // The records of a list with positions, without them (a query that is exactly one 4-gram).
  function recordsOnly(text) {
    var nums = unvlq(text), out = [], record = -1;
    for (var i = 0; i < nums.length; i += 2 + nums[i + 1] + 1) out.push(record += nums[i] + 1);
    return out;
  }

  function positions(text) {
    var nums = unvlq(text), recs = [], starts = [], pos = [], record = -1, i = 0;
    while (i < nums.length) {
      record += nums[i] + 1;
      var count = nums[i + 1] + 1, p = 0;
      recs.push(record);
      starts.push(pos.length);
      for (var j = 0; j < count; j++) pos.push(p += nums[i + 2 + j]);
      i += 2 + count;
    }
    starts.push(pos.length);
    return { recs: recs, starts: starts, pos: pos };
  }

  // --- loading the index's files -------------------------------------------------------------------------
  var loaded = {}, waiting = {}, build = "";
  // ``state``: the last query's results once they are shown (the browser tests read it); ``normalize`` and
  // ``hash`` for them too (they must agree with Python's).
  window.__archiveSearch = {
    put: function (name, data) {
      if (waiting[name]) waiting[name](data);
      delete waiting[name];
    },
    normalize: normalize,
    hash: function (gram) { return hash(Array.from(gram)); },
    state: null
  };

  function load(name) {
    if (!loaded[name]) {
      loaded[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        waiting[name] = resolve;
        script.src = ROOT + "search/" + name + ".js" + (build ? "?v=" + build : "");
        script.async = true;
        script.onload = script.onerror = function () {
          script.remove();
          if (waiting[name]) { // the file did not call put(): missing or broken
            delete waiting[name];
            delete loaded[name];
            reject(new Error(name));
          }
        };
        document.head.appendChild(script);
      });
    }
    return loaded[name];
  }

  // meta.js says which build the other files belong to: over HTTP it is asked for again on every page
  // (a cheap "not modified" when nothing changed), so a rebuilt site never mixes old and new files.
  function loadMeta() {
    if (FROM_FILE) return load("meta");
    return fetch(ROOT + "search/meta.js", { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("meta " + response.status);
      return response.text();
    }).then(function (text) {
      return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")));
    });
  }

  var index = null;
  function ready() {
    if (!index) {
      index = loadMeta().then(function (meta) {
        if (meta.format !== FORMAT) throw new Error("format " + meta.format);
        build = meta.build;
        return decodeMeta(meta);
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  function decodeMeta(meta) {
    var d = meta.docs, n = meta.n, k = meta.kinds.length;
    var counts = unvlq(d.counts), areas = unvlq(d.area);
    var first = new Int32Array(n + 1), problems = new Int32Array(n + 1);
    for (var i = 0; i < n; i++) {
      var sum = 0;
      for (var j = 0; j < k; j++) sum += counts[i * k + j];
      first[i + 1] = first[i] + sum;
      problems[i + 1] = problems[i] + counts[i * k + KIND.problem];
    }
    return {
      meta: meta, n: n, k: k, counts: counts, areas: areas, first: first, problems: problems,
      campaign: unvlq(d.campaign), member: unvlq(d.member), branch: unvlq(d.branch), type: unvlq(d.type),
      year: unvlq(d.year), date: unvlq(d.date)
    };
  }

  // (kind, number within the kind) of a record of material ``doc``.
  function kindOf(ix, doc, record) {
    var at = record - ix.first[doc];
    for (var kind = 0; kind < ix.k; kind++) {
      var count = ix.counts[doc * ix.k + kind];
      if (at < count) return [kind, at];
      at -= count;
    }
    return [ix.k - 1, 0];
  }

  // --- matching ----------------------------------------------------------------------------------------
  function hash(gram) {
    var h = 0x811c9dc5;
    for (var i = 0; i < gram.length; i++) h = Math.imul(h ^ gram[i].codePointAt(0), 0x01000193) >>> 0;
    return h;
  }

  var N = 4; // the gram length with positions (searchindex.POSITIONAL)
  function gramsFor(chars) {
    if (chars.length <= N) return [[0, chars]];
    var offsets = [];
    for (var o = 0; o + N <= chars.length; o += N) offsets.push(o);
    if (offsets[offsets.length - 1] !== chars.length - N) offsets.push(chars.length - N);
    return offsets.map(function (o) { return [o, chars.slice(o, o + N)]; });
  }

  // Sorted record numbers of the records that contain ``term``.
  function matchTerm(ix, term) {
    var chars = Array.from(term);
    var checks = gramsFor(chars);
    return Promise.all(checks.map(function (check) {
      var gram = check[1], prefix = "ubtq"[gram.length - 1];
      return load(prefix + "/" + (hash(gram) & (ix.meta.shards[prefix] - 1))).then(function (shard) {
        var key = gram.join("");
        return Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : undefined;
      });
    })).then(function (lists) {
      if (lists.some(function (l) { return l === undefined; })) return [];
      if (chars.length < N) return Array.from(presence(lists[0]));
      if (checks.length === 1) return recordsOnly(lists[0]);
      return follow(checks.map(function (c, i) { return { offset: c[0], list: positions(lists[i]) }; }));
    });
  }

  // Records where every 4-gram occurs at its offset from one start.
  function follow(grams) {
    grams.sort(function (a, b) { return a.list.recs.length - b.list.recs.length; });
    var lead = grams[0], others = grams.slice(1), at = others.map(function () { return 0; }), found = [];
    for (var r = 0; r < lead.list.recs.length; r++) {
      var record = lead.list.recs[r], spans = [], ok = true;
      for (var g = 0; g < others.length && ok; g++) {
        var recs = others[g].list.recs;
        while (at[g] < recs.length && recs[at[g]] < record) at[g]++;
        ok = at[g] < recs.length && recs[at[g]] === record;
        if (ok) spans.push([others[g].list.starts[at[g]], others[g].list.starts[at[g] + 1]]);
      }
      if (!ok) continue;
      for (var p = lead.list.starts[r]; p < lead.list.starts[r + 1]; p++) {
        var start = lead.list.pos[p] - lead.offset, all = true;
        for (g = 0; g < others.length && all; g++) {
          all = others[g].list.pos.slice(spans[g][0], spans[g][1]).indexOf(start + others[g].offset) >= 0;
        }
        if (all) { found.push(record); break; }
      }
    }
    return found;
  }

  // The query's results: materials (sorted) and their matching records, after the filters.
  function search(ix, query, filter) {
    var words = terms(query);
    return Promise.all(words.map(function (t) { return matchTerm(ix, t); })).then(function (lists) {
      var hits = new Map(); // doc → {records: [], terms: count}
      lists.forEach(function (records) {
        var doc = 0, last = -1;
        for (var i = 0; i < records.length; i++) {
          var record = records[i];
          while (ix.first[doc + 1] <= record) doc++; // both sorted: walk, no search
          var entry = hits.get(doc);
          if (!entry) hits.set(doc, entry = { records: [], terms: 0 });
          if (doc !== last) entry.terms++;
          last = doc;
          entry.records.push(record);
        }
      });
      var docs = [], totals = {};
      hits.forEach(function (entry, doc) {
        if (entry.terms < words.length || !keepDoc(ix, doc, filter)) return;
        var records = entry.records;
        if (words.length > 1) records = records.sort(function (a, b) { return a - b; }).filter(function (r, i, all) { return !i || r !== all[i - 1]; });
        records = records.filter(function (r) { return keepRecord(ix, doc, r, filter); });
        if (!records.length) return;
        var kinds = records.map(function (r) { return kindOf(ix, doc, r)[0]; });
        kinds.forEach(function (kind) { totals[kind] = (totals[kind] || 0) + 1; });
        docs.push({ doc: doc, records: records, kinds: kinds, named: kinds[0] <= KIND.member });
      });
      docs.sort(function (a, b) { return (b.named - a.named) || (ix.date[b.doc] - ix.date[a.doc]) || (a.doc - b.doc); });
      return { query: query, terms: words, docs: docs, totals: totals };
    });
  }

  function keepDoc(ix, doc, f) {
    return (!f.campaign || ix.campaign[doc] === +f.campaign) && (!f.year || ix.year[doc] + 1900 === +f.year) &&
      (!f.member || ix.member[doc] === +f.member) && (f.type === "" || f.type === undefined || ix.type[doc] === +f.type) &&
      (f.branch === "" || f.branch === undefined || ix.branch[doc] === +f.branch);
  }

  function keepRecord(ix, doc, record, f) {
    var at = kindOf(ix, doc, record), kind = at[0];
    if (f.area) return kind === KIND.problem && ix.areas[ix.problems[doc] + at[1]] === +f.area;
    return !f.scope || f.scope.split(",").indexOf(String(kind)) >= 0;
  }

  // --- the search box ----------------------------------------------------------------------------------
  var box = document.querySelector("[data-archive-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) { highlightPage(); return; }
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var note = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var filterBox = box.querySelector(".ar-search-filters");
  var filters = {};
  var current = 0, timer = 0, composing = false, typedAt = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) { note.textContent = text; }

  function failed() {
    say(FROM_FILE
      ? "从本地文件夹打开网站时无法加载搜索数据。请通过网站地址访问（例如 http://…），或者运行 make serve 预览。"
      : "搜索数据加载失败。请检查网络后刷新页面重试；如果一直失败，请告诉网站管理员。");
    list.textContent = "";
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    ready().then(showFilters, failed);
  }

  function run() {
    var query = input.value.trim(), id = ++current;
    window.__archiveSearch.state = null;
    if (!query) { say("输入要查找的文字，例如：一岗双责"); list.textContent = ""; return; }
    say("正在搜索……");
    ready().then(function (ix) {
      return search(ix, query, filters).then(function (result) {
        if (id !== current) return;
        summary(ix, result);
        list.textContent = "";
        return more(ix, result, 0, id).then(function () {
          return sitePages(result, id);
        }).then(function () {
          if (id !== current) return;
          result.ms = Math.round(performance.now() - typedAt); // from the last keystroke to the results on screen
          window.__archiveSearch.state = result;
        });
      });
    }).catch(function () { if (id === current) failed(); });
  }

  function summary(ix, result) {
    var n = result.docs.length;
    if (!n) { say("没有找到包含“" + result.terms.join(" ") + "”的材料"); return; }
    var parts = [];
    [2, 3, 4].forEach(function (kind) {
      if (result.totals[kind]) parts.push(KIND_WORD[kind][0] + " " + result.totals[kind] + " " + KIND_WORD[kind][1]);
    });
    var text = "找到 " + n + " 份材料" + (parts.length ? "，其中" + parts.join("、") : "");
    if (result.terms.some(function (t) { return Array.from(t).length === 1; })) text += "。只输入一个字时结果很多，多输入几个字可以查得更准";
    say(text);
  }

  // A material's records: d/<n>.js, or in a preview (mkdocs serve) entry n % k of d/<n / k>.js (meta.docs_per_file).
  function docOf(ix, n) {
    var per = ix.meta.docs_per_file || 1;
    if (per === 1) return load("d/" + n);
    return load("d/" + Math.floor(n / per)).then(function (group) { return group[n % per]; });
  }

  function more(ix, result, from, id) {
    var chunk = result.docs.slice(from, from + PAGE);
    return Promise.all(chunk.map(function (hit) { return docOf(ix, hit.doc); })).then(function (data) {
      if (id !== current) return;
      var old = list.querySelector(".ar-search-more");
      if (old) old.remove();
      var group = list.querySelector(".ar-search-pages"); // the site's pages stay after every material
      chunk.forEach(function (hit, i) { list.insertBefore(item(ix, result, hit, data[i]), group); });
      var rest = result.docs.length - from - chunk.length;
      if (rest > 0) {
        var li = el("li", "md-search-result__item ar-search-more");
        var button = el("button", "md-search-result__more ar-search-more__button", "显示更多（还有 " + rest + " 份材料）");
        button.type = "button";
        button.addEventListener("click", function () { button.disabled = true; more(ix, result, from + PAGE, id); });
        li.appendChild(button);
        list.insertBefore(li, group);
      }
    });
  }

  // The site's own pages (guides, indexes, ledgers): one small file (search/pages.js), read at the first search,
  // searched here for every term exactly as the materials are (the same normalization). A group after the
  // materials; none while a filter is set, since these pages belong to no campaign, member or year.
  var PAGES_SHOWN = 10;
  function sitePages(result, id) {
    var filtered = Object.keys(filters).some(function (k) { return filters[k]; });
    if (filtered) { result.pages = []; return Promise.resolve(); }
    return load("pages").then(function (pages) {
      if (id !== current) return;
      var terms = result.terms;
      var found = pages.filter(function (p) {
        var text = normalize(p[1] + "\n" + p[3]);
        return terms.every(function (t) { return text.indexOf(t) >= 0; });
      });
      var titled = function (p) { return terms.every(function (t) { return normalize(p[1] + p[2]).indexOf(t) >= 0; }) ? 0 : 1; };
      found = found.map(function (p, i) { return [titled(p), i, p]; })
        .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).map(function (x) { return x[2]; });
      result.pages = found.map(function (p) { return p[0]; });
      if (!found.length) return;
      var head = el("li", "md-search-result__item ar-search-pages");
      head.appendChild(el("h2", "ar-search-pages__title", "网站页面（使用指南、索引、整改台账）：" + found.length + " 个"));
      list.appendChild(head);
      found.slice(0, PAGES_SHOWN).forEach(function (p) {
        var li = el("li", "md-search-result__item ar-search-page");
        var a = link(ROOT + p[0] + (FROM_FILE && /\/$/.test(p[0]) ? "index.html" : ""), p[1]);
        a.dataset.kind = "page";
        a.firstChild.appendChild(el("div", "md-search-result__icon md-icon"));
        a.firstChild.appendChild(marked("h1", p[1], terms));
        var text = p[3].indexOf("\n") >= 0 ? p[3].slice(p[3].indexOf("\n") + 1) : p[3];
        var p2 = snippet(text, terms);
        p2.insertBefore(document.createTextNode(p[2] + " · "), p2.firstChild);
        a.firstChild.appendChild(p2);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (found.length > PAGES_SHOWN) list.appendChild(el("li", "md-search-result__item ar-search-page", "另有 " + (found.length - PAGES_SHOWN) + " 个网站页面，请多输入几个字"));
      if (!result.docs.length) say("没有找到包含“" + terms.join(" ") + "”的材料；网站页面中找到 " + found.length + " 个，列在下面");
    }, function () { result.pages = null; }); // the materials are shown; a missing pages.js only hides this group
  }

  function href(data, anchor, result) {
    var url = ROOT + data.u + (FROM_FILE && /\/$/.test(data.u) ? "index.html" : "") + "?h=" + encodeURIComponent(result.query);
    return url + (anchor ? "#" + anchor : "");
  }

  function item(ix, result, hit, data) {
    var li = el("li", "md-search-result__item");
    var who = data.h.split(" · ").slice(0, 2).join(" · ");
    var head = link(href(data, "", result), data.h);
    var article = head.firstChild;
    article.appendChild(el("div", "md-search-result__icon md-icon"));
    article.appendChild(marked("h1", data.h, result.terms));
    var line = [data.t !== data.h ? data.t : "", dateText(ix.date[hit.doc]), ix.meta.types[ix.type[hit.doc]][1]];
    article.appendChild(marked("p", line.filter(Boolean).join(" · "), result.terms));
    li.appendChild(head);
    var shown = [];
    var plain = hit.kinds.some(function (k) { return k >= KIND.problem && k < KIND.line; });
    hit.records.forEach(function (record, i) {
      var kind = hit.kinds[i];
      if (kind <= KIND.member || (kind === KIND.line && plain)) return; // shown in the heading / already shown
      var entry = data.r[record - ix.first[hit.doc]];
      var title = entry[1];
      var a = link(href(data, entry[0], result), (data.h === data.t ? data.t : who) + " · " + title);
      a.dataset.kind = ix.meta.kinds[kind];
      a.firstChild.appendChild(marked("h2", title, result.terms));
      a.firstChild.appendChild(snippet(entry[2], result.terms));
      shown.push(a);
    });
    shown.slice(0, SHOWN).forEach(function (a) { li.appendChild(a); });
    if (shown.length > SHOWN) {
      var details = el("details", "md-search-result__more");
      var summaryEl = el("summary");
      summaryEl.tabIndex = -1;
      summaryEl.appendChild(el("div", "", "另有 " + (shown.length - SHOWN) + " 处"));
      details.appendChild(summaryEl);
      shown.slice(SHOWN).forEach(function (a) { details.appendChild(a); });
      li.appendChild(details);
    }
    return li;
  }

  function link(url, title) {
    var a = el("a", "md-search-result__link");
    a.href = url;
    a.title = title;
    a.tabIndex = -1;
    a.appendChild(el("article", "md-search-result__article md-typeset"));
    return a;
  }

  function dateText(days) {
    var d = new Date(Date.UTC(2000, 0, 1) + days * 86400000);
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日";
  }

  // Where the terms occur in ``text`` (normalized alike, so offsets are the same): sorted [start, end) pairs.
  function occurrences(text, words) {
    var norm = normalize(text), found = [];
    words.forEach(function (t) {
      for (var at = norm.indexOf(t); at >= 0; at = norm.indexOf(t, at + 1)) found.push([at, at + t.length]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  function marked(tag, text, words, ranges) {
    var node = el(tag);
    var at = 0;
    (ranges || occurrences(text, words)).forEach(function (r) {
      node.appendChild(document.createTextNode(text.slice(at, r[0])));
      node.appendChild(el("mark", "", text.slice(r[0], r[1])));
      at = r[1];
    });
    node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }

  // About 90 characters of the record around its first occurrence, every occurrence marked.
  function snippet(text, words) {
    text = text.replace(/\s*\n\s*/g, " ");
    var ranges = occurrences(text, words);
    var first = ranges.length ? ranges[0][0] : 0;
    var from = Math.max(0, first - 30), to = Math.min(text.length, from + 90);
    var cut = text.slice(from, to);
    var inside = ranges.filter(function (r) { return r[0] >= from && r[1] <= to; }).map(function (r) { return [r[0] - from, r[1] - from]; });
    var p = marked("p", cut, words, inside);
    if (from > 0) p.insertBefore(document.createTextNode("…"), p.firstChild);
    if (to < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // --- filters -----------------------------------------------------------------------------------------
  function showFilters(ix) {
    if (!filterBox.hidden || filterBox.childNodes.length) return;
    var m = ix.meta, zh = new Intl.Collator("zh-CN");
    var years = {};
    for (var i = 0; i < ix.n; i++) years[ix.year[i] + 1900] = true;
    var campaigns = m.campaigns.map(function (c, i) { return [String(i + 1), c[1], c[2] || 0]; })
      .sort(function (a, b) { return b[2] - a[2] || zh.compare(a[1], b[1]); });
    var add = function (name, label, options) {
      if (options.length < 2 && name !== "scope") return;
      var select = el("select", "ar-search-filter");
      select.name = name;
      select.title = label;
      select.setAttribute("aria-label", label);
      select.appendChild(new Option(label + "：全部", ""));
      options.forEach(function (o) { select.appendChild(new Option(o[1], o[0])); });
      select.addEventListener("change", function () { filters[name] = select.value; typedAt = performance.now(); run(); });
      filterBox.appendChild(select);
    };
    add("campaign", "批次", campaigns);
    add("year", "年度", Object.keys(years).sort().reverse().map(function (y) { return [y, y + "年度"]; }));
    add("member", "党员", m.members.map(function (name, i) { return [String(i + 1), name]; }).sort(function (a, b) { return zh.compare(a[1], b[1]); }));
    add("area", "检视方面", m.areas.map(function (a, i) { return [String(i + 1), a]; }).sort(function (a, b) { return zh.compare(a[1], b[1]); }));
    add("type", "文档类型", m.types.map(function (t, i) { return [String(i), t[1]]; }));
    add("branch", "支部", m.branches.map(function (b, i) { return [String(i), b[1]]; }));
    add("scope", "范围", SCOPES.slice(1));
    filterBox.hidden = false;
  }

  // --- events ------------------------------------------------------------------------------------------
  input.addEventListener("focus", open);
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; schedule(); });
  input.addEventListener("input", function (e) { if (!composing && !e.isComposing) schedule(); });
  function schedule() { typedAt = performance.now(); clearTimeout(timer); timer = setTimeout(run, 30); }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { input.focus(); } else { input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    var typing = e.target instanceof HTMLElement && (e.target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName));
    if (toggle.checked) {
      if (e.key === "Escape") { toggle.checked = false; input.blur(); return; }
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
        var at = links.indexOf(document.activeElement);
        var next = e.key === "ArrowDown" ? at + 1 : (at < 0 ? links.length - 1 : at - 1);
        if (next >= 0 && next < links.length) { e.preventDefault(); links[next].focus(); }
        else if (next < 0) { e.preventDefault(); input.focus(); }
      }
    } else if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "/" || e.key === "s" || e.key === "f")) {
      e.preventDefault();
      open();
      input.focus();
    }
  });
  // ?q=… opens the search with a query (a link from elsewhere, or a bookmark).
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; open(); run(); }

  // --- on the page a result leads to: mark the occurrences ---------------------------------------------
  function highlightPage() {
    var h = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!h || !article) return;
    var words = terms(h), blocks = new Map();
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var block = node.parentElement.closest("p,li,h1,h2,h3,h4,h5,h6,td,th,dt,dd,pre,blockquote") || article;
      if (!blocks.has(block)) blocks.set(block, []);
      blocks.get(block).push(node);
    }
    var marks = [];
    blocks.forEach(function (nodes) {
      var text = nodes.map(function (n) { return n.data; }).join("");
      occurrences(text, words).reverse().forEach(function (r) {
        // Wrap the part of each text node inside [r0, r1), from the last node back.
        var start = 0;
        var spans = nodes.map(function (n) { var s = start; start += n.data.length; return [n, s, start]; });
        spans.reverse().forEach(function (span) {
          var from = Math.max(r[0], span[1]), to = Math.min(r[1], span[2]);
          if (from >= to) return;
          var target = span[0];
          if (to - span[1] < target.data.length) target.splitText(to - span[1]);
          var piece = from > span[1] ? target.splitText(from - span[1]) : target;
          var mark = el("mark", "ar-search-hit");
          piece.parentNode.replaceChild(mark, piece);
          mark.appendChild(piece);
          marks.push(mark);
        });
      });
    });
    if (!location.hash && marks.length) {
      marks.sort(function (a, b) { return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
      marks[0].scrollIntoView({ block: "center" });
    }
  }
  highlightPage();
})();
