/* Intervention History handouts: charts, self-checks, written tasks and chart data, offline.
   No framework, no network. The page's Content-Security-Policy allows this script by its hash. */
(function () {
  "use strict";
  var doc = document;
  var enc = new TextEncoder();

  /* ---------------------------------------------------------------- the page's words */
  var strings = null;  // the page's language (a data block the build writes), else English
  function msg(key, fallback, values) {
    if (strings === null) {
      var block = doc.getElementById("ih-strings");
      try { strings = block ? JSON.parse(block.textContent) : {}; } catch (e) { strings = {}; }
    }
    var text = typeof strings[key] === "string" && strings[key] ? strings[key] : fallback;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  /* ---------------------------------------------------------------- the chart library */
  function b64bytes(text) {
    var raw = atob(text.replace(/\s+/g, "")), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  var vegaPromise = null;
  function loadVega() {
    if (!vegaPromise) vegaPromise = startVega();
    return vegaPromise;
  }
  function startVega() {
    if (window.vega) return Promise.resolve(window.vega);
    var packed = doc.getElementById("ih-vega-packed");
    if (!packed) return Promise.reject(new Error("no chart library in this page"));
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot unpack the chart library " +
        "(it needs DecompressionStream: Chrome 80, Firefox 113, Safari 16.4 or newer)"));
    }
    return unpack(packed).then(function (code) {
      var script = doc.createElement("script");
      script.textContent = code;  // allowed by its hash in the page's CSP
      doc.head.appendChild(script);
      return new Promise(function (resolve, reject) {  // the bundle may start on a later tick
        var waited = 0;
        (function poll() {
          if (window.vega) return resolve(window.vega);
          if ((waited += 10) > 5000) return reject(new Error("the chart library did not start"));
          setTimeout(poll, 10);
        })();
      });
    });
  }

  var B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
  function b85bytes(text) {
    /* RFC 1924 base85 as Python's base64.b85encode writes it (the last group short): a
       quarter less than base64 for the search index. */
    var digit = {}, i, j, k;
    for (i = 0; i < B85.length; i++) digit[B85.charAt(i)] = i;
    text = text.replace(/\s+/g, "");
    var pad = (5 - text.length % 5) % 5, n = text.length + pad, out = new Uint8Array(n / 5 * 4);
    for (i = 0, j = 0; i < n; i += 5, j += 4) {
      var v = 0;
      for (k = 0; k < 5; k++) v = v * 85 + (i + k < text.length ? digit[text.charAt(i + k)] : 84);
      for (k = 3; k >= 0; k--) { out[j + k] = v % 256; v = Math.floor(v / 256); }
    }
    return out.subarray(0, out.length - pad);
  }

  function unpack(element) {
    var bytes = element.getAttribute("data-encoding") === "base85" ? b85bytes(element.textContent)
      : b64bytes(element.textContent);
    var stream = new Blob([bytes]).stream()
      .pipeThrough(new DecompressionStream(element.getAttribute("data-format") || "deflate"));
    return new Response(stream).text();
  }

  var specs = null;  // chart id -> spec, once unpacked
  function loadSpecs() {
    if (specs) return Promise.resolve(specs);
    var packed = doc.getElementById("ih-specs-packed");
    var found = {};
    doc.querySelectorAll('script[type="application/json"][id$="-spec"]').forEach(function (s) {
      found[s.id] = JSON.parse(s.textContent);
    });
    if (!packed) { specs = found; return Promise.resolve(specs); }
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("no DecompressionStream"));
    return unpack(packed).then(function (text) {
      var all = JSON.parse(text);
      Object.keys(found).forEach(function (k) { all[k] = found[k]; });
      specs = all;
      return specs;
    });
  }

  function drawCharts() {
    var holders = doc.querySelectorAll(".ih-vega[data-ih-spec]");
    if (!holders.length) return;
    Promise.all([loadVega(), loadSpecs()]).then(function (loaded) {
      var vega = loaded[0], pending = [];
      window.__ihVegaReadyAt = performance.now();
      holders.forEach(function (el) {
        var spec = loaded[1][el.getAttribute("data-ih-spec")];
        // With the expression interpreter, Vega runs without eval (the page's CSP forbids it).
        var interpret = !!vega.expressionInterpreter;
        var runtime = interpret ? vega.parse(spec, null, {ast: true}) : vega.parse(spec);
        var options = {renderer: "svg", container: el, hover: true};
        if (interpret) options.expr = vega.expressionInterpreter;
        var view = new vega.View(runtime, options);
        (window.__ihViews = window.__ihViews || {})[el.getAttribute("data-ih-spec")] = view;
        pending.push(view.runAsync().then(function () {
          el.setAttribute("data-ih-drawn", "true");
        }).catch(function (e) { el.textContent = msg("chartFailed", "This chart could not be drawn: {error}", {error: e.message}); }));
      });
      return Promise.all(pending).then(function () {
        window.__ihChartsDrawnAt = performance.now();
        showHit();  // the drawn charts moved the page: bring a search hit back into view
      });
    }).catch(function (e) {
      holders.forEach(function (el) {
        el.setAttribute("data-ih-drawn", "failed");
        el.textContent = msg("chartCannot", "The chart cannot be drawn here: {error}. Its data, " +
          "sources and a download are in the box below.", {error: e.message});
      });
    });
  }

  /* ---------------------------------------------------------------- chart data as CSV */
  var PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    var text = String(value);
    if (typeof value === "string") {
      // A date at midnight is a date: 1989-12-01, not 1989-12-01T00:00:00.
      text = text.replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z?$/, "$1");
      // CSV injection (OWASP): a cell a spreadsheet would read as a formula starts with a
      // quote; numbers, negative ones too, stay numbers.
      if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = "'" + text;
    }
    return /[",\n\r\t]/.test(text) || text.charAt(0) === "'" ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function chartRows(spec, name) {
    if (spec.datasets) return spec.datasets[name] || [];
    var found = (spec.data || []).filter(function (d) { return d.name === name; })[0];
    return found && found.values ? found.values : [];
  }

  function toCsv(rows) {
    var columns = [];
    rows.forEach(function (row) {
      Object.keys(row).forEach(function (k) {
        if (k.charAt(0) !== "_" && columns.indexOf(k) < 0) columns.push(k);
      });
    });
    var lines = [columns.map(csvCell).join(",")];
    rows.forEach(function (row) {
      lines.push(columns.map(function (c) { return csvCell(row[c]); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function wireDownloads() {
    doc.querySelectorAll("a.ih-csv").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!specs) {  // not unpacked yet: unpack, then click again
          event.preventDefault();
          loadSpecs().then(function () { link.click(); });
          return;
        }
        var csv = toCsv(chartRows(specs[link.getAttribute("data-ih-spec")], link.getAttribute("data-ih-dataset")));
        if (link.href && link.href.indexOf("blob:") === 0) URL.revokeObjectURL(link.href);
        link.href = URL.createObjectURL(new Blob([csv], {type: "text/csv;charset=utf-8"}));
      });
    });
  }
  /* Issue 28: beside each download, the chart's rows as a table on the page, for a reader
     whose screen is too narrow for a chart of several panels (or who prefers the numbers). */
  function wireTables() {
    doc.querySelectorAll("a.ih-csv").forEach(function (link) {
      var button = doc.createElement("button"), holder = doc.createElement("div");
      button.type = "button";
      button.className = "ih-table-toggle";
      button.setAttribute("aria-expanded", "false");
      button.textContent = msg("showTable", "Show these rows as a table");
      holder.className = "ih-chart-table ih-screen-only";
      holder.hidden = true;
      link.parentNode.appendChild(doc.createTextNode(" "));
      link.parentNode.appendChild(button);
      link.parentNode.parentNode.insertBefore(holder, link.parentNode.nextSibling);
      button.addEventListener("click", function () {
        var open = holder.hidden;
        holder.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? msg("hideTable", "Hide the table") : msg("showTable", "Show these rows as a table");
        if (!open || holder.firstChild) return;
        loadSpecs().then(function (all) {
          var rows = chartRows(all[link.getAttribute("data-ih-spec")], link.getAttribute("data-ih-dataset"));
          var columns = [];
          rows.forEach(function (row) {
            Object.keys(row).forEach(function (k) { if (k.charAt(0) !== "_" && columns.indexOf(k) < 0) columns.push(k); });
          });
          var table = doc.createElement("table"), head = table.createTHead().insertRow(), body = table.createTBody();
          columns.forEach(function (c) { var th = doc.createElement("th"); th.scope = "col"; th.textContent = c; head.appendChild(th); });
          rows.forEach(function (row) {
            var tr = body.insertRow();
            columns.forEach(function (c) {
              var value = row[c];
              tr.insertCell().textContent = value === null || value === undefined ? "" :
                String(value).replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z?$/, "$1");
            });
          });
          holder.appendChild(table);
        });
      });
    });
  }
  window.ihChartCsv = function (specId, dataset) {  // for tests and curious readers
    return loadSpecs().then(function (all) { return toCsv(chartRows(all[specId], dataset)); });
  };

  /* ---------------------------------------------------------------- reading answers */
  /* The same readings as helpers/answers.py and helpers/exercises.py (check()). */
  var lang = (doc.documentElement.getAttribute("lang") || "en").slice(0, 2).toLowerCase();
  var COMMA = lang === "es" || lang === "pt";          // editions that write 37,5 and 1.300
  var AND = {en: ["and"], es: ["and", "y"], pt: ["and", "e"]}[lang] || ["and"];

  function normalise(value) {
    var text = String(value).normalize("NFKD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "");
    text = text.toLowerCase().replace(/["'`\u2019\u2018\u201c\u201d.,;:!?()\u00bf\u00a1]/g, " ");
    return text.split(/\s+/).filter(Boolean).join(" ");
  }

  function FormError(message) { this.message = message; }
  function quoted(text) { return text.length <= 60 ? text : text.slice(0, 60) + "..."; }
  function showNumber(value) {
    var text = String(Math.round(value * 1e6) / 1e6);
    return COMMA ? text.replace(".", ",") : text;
  }

  var NUMBER = /[-+]?\s?(?:\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(?:[.,]\d+)*/g;
  var READ_AS = {
    "": ["readAs", "(I read your answer as {number}.)"],
    "decimal comma": ["readComma", "(I read your answer as {number}, with the comma as the decimal mark.)"],
    "decimal point": ["readPoint", "(I read your answer as {number}, with the point as the decimal mark; " +
                      "for a number of thousands, write it without the point.)"],
    "thousands comma": ["readThousandsComma", "(I read your answer as {number}, with the comma separating " +
                        "thousands; for a decimal, write {decimal}.)"],
    "thousands point": ["readThousandsPoint", "(I read your answer as {number}, with the point separating " +
                        "thousands, since the question asks for a whole number.)"],
    "thousands comma count": ["readThousandsCommaCount", "(I read your answer as {number}, with the comma " +
                              "separating thousands, since the question asks for a whole number.)"]
  };
  function readNumber(text, count) {
    /* {value, note}: the number, and how it was read when that needed interpreting. */
    var cleaned = text.replace(/[\u2212\u2012\u2013\u2014\u2010\u2011\ufe63\uff0d]/g, "-").replace(/%/g, " ");
    var found = (cleaned.match(NUMBER) || []).map(function (m) { return m.trim(); });
    if (found.length > 1) throw new FormError(msg("twoNumbers", "You wrote '{text}', which holds more than one " +
      "number ({numbers}). Give just one number, like 42.",
      {text: quoted(text), numbers: found.slice(0, 4).join(", ") + (found.length > 4 ? ", ..." : "")}));
    if (!found.length) throw new FormError(msg("notNumber", "You wrote text ('{text}'); this question wants " +
      "a number, like 42 or 3.5.", {text: quoted(text)}));
    var raw = found[0], sign = raw.charAt(0) === "-" ? -1 : 1;
    var digits = raw.replace(/^[+-]/, "").trim();
    var groups = digits.split(/[.,\u00a0 ]/), marks = digits.match(/[.,\u00a0 ]/g) || [];
    var value, how = "", last = marks[marks.length - 1];
    var kinds = marks.filter(function (m, i) { return marks.indexOf(m) === i; });
    if (!marks.length) value = parseFloat(digits);
    else if (kinds.length === 1 && /[\u00a0 ]/.test(kinds[0])) value = parseFloat(groups.join(""));
    else if (kinds.length > 1) value = parseFloat(groups.slice(0, -1).join("") + "." + groups[groups.length - 1]);
    else if (marks.length > 1) value = parseFloat(groups.join(""));
    else if (groups[1].length !== 3) {
      value = parseFloat(groups[0] + "." + groups[1]);
      how = last === "," ? "decimal comma" : "";
    } else if (count) {
      value = parseFloat(groups.join(""));
      how = last === "." ? "thousands point" : "thousands comma count";
    } else if (COMMA) {
      value = parseFloat(groups[0] + "." + groups[1]);
      how = last === "," ? "decimal comma" : "decimal point";
    } else if (last === ",") {
      value = parseFloat(groups.join(""));
      how = "thousands comma";
    } else value = parseFloat(digits);
    value = sign * value;
    var note = "";
    if (how || raw.replace(/ /g, "") !== text.trim().replace(/ /g, "")) {
      note = msg(READ_AS[how][0], READ_AS[how][1], {number: showNumber(value),
        decimal: how ? showNumber(parseFloat(groups[0] + "." + groups[1])) : ""});
    }
    return {value: value, note: note};
  }

  function readItems(text, letters, count) {
    /* Items separated by commas, semicolons, new lines or the edition's "and" ("b y c", "b e c");
       in Portuguese "e" is also option (e): then only commas separate. */
    var commas = /[;,\n]/.test(text), parts = [];
    text.replace(/[\[\]{}]/g, " ").split(/[;,\n]/).forEach(function (part) {
      var tokens = part.split(/\s+/).filter(Boolean), start = 0;
      tokens.forEach(function (t, i) {
        if (i === 0 || i === tokens.length - 1 || AND.indexOf(t.toLowerCase()) < 0) return;
        if (t.toLowerCase() === "e" && letters && !commas && count >= 5) {
          throw new FormError(msg("commasForE", "Separate the letters with commas, like b, c, e: here 'e' " +
            "is also an option's letter."));
        }
        parts.push(tokens.slice(start, i).join(" "));
        start = i + 1;
      });
      parts.push(tokens.slice(start).join(" "));
    });
    var items = parts.map(normalise).filter(Boolean);
    if (letters && items.length === 1 && items[0].indexOf(" ") > 0 &&
        items[0].split(" ").every(function (p) { return p.length === 1; })) items = items[0].split(" ");
    if (letters && items.some(function (i) { return i.length > 1 && /^[a-z]+$/.test(i); }) &&
        items.every(function (i) { return i.length <= 8 && /^[a-z]+$/.test(i); })) {
      throw new FormError(msg("letterItems", "Give each letter as its own item, like a, c."));
    }
    if (!items.length) throw new FormError(msg("emptyList", "Your list is empty; this question wants a list like a, b."));
    return items;
  }

  /* Words a name may carry that do not change who it is (helpers/exercises.py TITLES): an answer
     is right when it is an accepted form once these are dropped, never because it contains one. */
  var TITLES = ("the of mr mrs ms dr gen general president vice minister secretary defence defense interior " +
    "foreign chief commander colonel admiral senator el la los las lo de del da do das dos e y " +
    "sr sra senor senora don dona presidente presidenta vicepresidente vicepresidenta ministro " +
    "ministra secretario secretaria comandante coronel almirante senador senadora jefe").split(" ");
  var NEGATIONS = "not no never nor nunca ni nao nem jamais".split(" ");
  function stripTitles(text) {
    var kept = text.split(" ").filter(function (w) { return TITLES.indexOf(w) < 0; });
    return kept.length ? kept.join(" ") : text;
  }
  function typoVariants(text) {
    /* One slip away (exercises.typo_variants): a letter dropped, two swapped, one doubled, a vowel for another. */
    if (text.length < 5 || text.length > 24 ||
        text.split(" ").some(function (w) { return NEGATIONS.indexOf(w) >= 0; })) return [];
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      out.push(text.slice(0, i) + text.slice(i + 1));
      out.push(text.slice(0, i) + c + text.slice(i));
      if (i + 1 < text.length) out.push(text.slice(0, i) + text.charAt(i + 1) + c + text.slice(i + 2));
      if ("aeiou".indexOf(c) >= 0) "aeiou".split("").forEach(function (v) {
        if (v !== c) out.push(text.slice(0, i) + v + text.slice(i + 1));
      });
    }
    return out.filter(function (v, k) { return v && v !== text && out.indexOf(v) === k; });
  }

  /* ---------------------------------------------------------------- Web Crypto */
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function digest(salt, text) {
    var data = new Uint8Array(salt.length + enc.encode(text).length);
    data.set(salt); data.set(enc.encode(text), salt.length);
    return crypto.subtle.digest("SHA-256", data).then(function (d) { return hex(d).slice(0, 24); });
  }
  function derive(secret, salt, iterations, bits) {
    return crypto.subtle.importKey("raw", enc.encode(secret), "PBKDF2", false, ["deriveBits"])
      .then(function (key) {
        return crypto.subtle.deriveBits({name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations}, key, bits);
      });
  }
  function mac(base, text) {  /* HMAC-SHA256 under a derived base, as selfcheck.mac() */
    return crypto.subtle.importKey("raw", base, {name: "HMAC", hash: "SHA-256"}, false, ["sign"])
      .then(function (key) { return crypto.subtle.sign("HMAC", key, enc.encode(text)); })
      .then(function (sig) { return new Uint8Array(sig); });
  }
  var TAG = 12;
  function slowBase(ex, secret) {
    /* The slow step (PBKDF2, ex.it rounds), once per secret and page: as selfcheck.derive(). */
    var memo = ex.__bases || (ex.__bases = {});
    if (!memo[secret]) memo[secret] = derive(secret, b64bytes(ex.salt), ex.it, 256);
    return memo[secret];
  }
  function slowSecret(ex, form) {
    /* A number is stretched by the bin of ex.w0 values it falls in (selfcheck.slow_secret). */
    if (ex.type !== "number" || form.indexOf("n:") !== 0) return form;
    var parts = form.split(":");
    return "nb:" + parts[1] + ":" + ex.w0 + ":" + Math.floor(Number(parts[2]) / ex.w0);
  }
  function itemDigest(ex, item) {  /* selfcheck.item_digest(item_base(...)): slow */
    return slowBase(ex, "i:" + item).then(function (base) { return mac(base, "i"); })
      .then(function (m) { return hex(m.slice(0, TAG)); });
  }
  function positionDigest(ex, item, position) {
    return slowBase(ex, "i:" + item).then(function (base) { return mac(base, "p:" + position); })
      .then(function (m) { return hex(m.slice(0, TAG)); });
  }
  function decrypt(keyBytes, packed) {
    var data = b64bytes(packed);
    return crypto.subtle.importKey("raw", keyBytes, "AES-GCM", false, ["decrypt"]).then(function (key) {
      return crypto.subtle.decrypt({name: "AES-GCM", iv: data.slice(0, 12)}, key, data.slice(12));
    });
  }

  /* ---------------------------------------------------------------- judging */
  function forms(ex, text) {
    /* The normalised forms to try, as selfcheck.accepted_forms() builds them. */
    var t = ex.type;
    if (t === "number") {
      var read = readNumber(text, ex.count);
      var scaled = Math.floor(read.value * Math.pow(10, ex.dp) + 0.5);
      return Promise.resolve({value: read.value, note: read.note, scaled: scaled, forms: ["n:" + ex.dp + ":" + scaled]});
    }
    if (t === "text") {  // as written or without titles; then one slip away from either
      var given = normalise(text), exact = [given, stripTitles(given)], slips = [];
      if (given.length > 400) exact = [];
      exact.forEach(function (c) { slips = slips.concat(typoVariants(c)); });
      exact = exact.filter(function (c, i) { return exact.indexOf(c) === i; });
      slips = slips.filter(function (c, i) { return exact.indexOf(c) < 0 && slips.indexOf(c) === i; });
      return Promise.resolve({forms: exact.concat(slips).map(function (c) { return "t:" + c; }),
                              exact: exact.length});
    }
    if (t === "choice") {
      var g = normalise(text), letters = ex.options.map(function (o, i) { return String.fromCharCode(97 + i); });
      var index = letters.indexOf(g) >= 0 ? letters.indexOf(g) : ex.options.indexOf(g);
      if (index < 0) (ex.words || []).forEach(function (words, i) { if (index < 0 && words.indexOf(g) >= 0) index = i; });
      if (index < 0) throw new FormError(msg("choiceLetters", "Answer with one of the letters {letters} " +
        "(or the option's text).", {letters: letters.map(function (l) { return "'" + l + "'"; }).join(", ")}));
      return Promise.resolve({forms: ["c:" + index]});
    }
    if (t === "yesno") {
      var y = normalise(text);
      if (["yes", "y", "true", "si", "sim", "1"].indexOf(y) >= 0) return Promise.resolve({forms: ["y:yes"]});
      if (["no", "n", "false", "nao", "0"].indexOf(y) >= 0) return Promise.resolve({forms: ["y:no"]});
      throw new FormError(msg("yesNo", "You wrote '{text}'; this question wants yes or no.", {text: text}));
    }
    if (t === "set" || t === "order") {
      var items = readItems(text, ex.letters, ex.nl || ex.n || 0);
      return Promise.all(items.map(function (item) {
        if (!(ex.aliases || []).length) return item;
        return itemDigest(ex, item).then(function (h) {
          var alias = ex.aliases.filter(function (a) { return a.h === h; })[0];
          if (!alias) return item;
          return slowBase(ex, "i:" + item).then(function (base) { return mac(base, "a"); }).then(function (key) {
            return decrypt(key, alias.c);
          }).then(function (plain) { return new TextDecoder().decode(plain); });
        });
      })).then(function (mapped) {
        if (t === "set") {
          var unique = mapped.filter(function (m, i) { return mapped.indexOf(m) === i; }).sort();
          return {items: unique, forms: ["s:" + unique.join("|")]};
        }
        return {items: mapped, forms: ["o:" + mapped.join("|")]};
      });
    }
    throw new FormError(msg("unsupported", "This exercise type is not supported in the handout."));
  }

  function unlock(ex, candidates, exact) {
    /* Try each form; on a match, unwrap the content key and decrypt the explanation. The forms
       after the first `exact` ones are slips of the answer (typo tolerance). */
    var i = 0;
    function next() {
      if (i >= candidates.length) return Promise.resolve(null);
      var form = candidates[i++], base;
      return slowBase(ex, slowSecret(ex, form)).then(function (bits) {
        base = bits;
        return mac(base, "t:" + form);
      }).then(function (m) {
        var tag = hex(m.slice(0, TAG));
        var entry = ex.keys.filter(function (k) { return k.t === tag; })[0];
        if (!entry) return next();
        return mac(base, "w:" + form).then(function (key) { return decrypt(key, entry.w); }).then(function (contentKey) {
          var explanation = ex.ex[entry.e];
          return decrypt(new Uint8Array(contentKey), explanation.c).then(function (plain) {
            return {explanation: new TextDecoder().decode(plain), note: explanation.note,
                    defensible: entry.e > 0, slip: exact !== undefined && i > exact};
          });
        });
      });
    }
    return next();
  }

  function direction(ex, scaled) {
    /* 'low' or 'high', as check() says, from the digests of the answer's bins (ex.w0 * 10**j
       values wide: none finer than the tolerance, so inside it there is no direction). */
    var salt = b64bytes(ex.salt), level = 0, top = ex.bins.length - 1;
    function bin(j, v) { return Math.floor(v / (ex.w0 * Math.pow(10, j))); }
    function step() {
      if (level >= ex.bins.length) return Promise.resolve("close");  // in the finest bin, outside the margin
      var j = top - level, mine = bin(j, scaled);
      return digest(salt, "b:" + j + ":" + mine).then(function (h) {
        if (h === ex.bins[level]) { level++; return step(); }
        var tries = [];
        for (var d = 1; d <= 20; d++) tries.push(d, -d);
        return Promise.all(tries.map(function (d) { return digest(salt, "b:" + j + ":" + (mine + d)); }))
          .then(function (hashes) {
            var k = hashes.indexOf(ex.bins[level]);
            return k < 0 ? null : (tries[k] > 0 ? "low" : "high");
          });
      });
    }
    return step();
  }

  function judgeWrong(ex, read) {
    /* The status and message check() gives for a wrong answer. */
    var h = ex.hints;
    if (ex.type === "number") {
      return direction(ex, read.scaled).then(function (way) {
        if (way === "close") return ["incorrect", msg("nearly", "Close, but not the key's figure. Check exactly " +
          "which rows you used or counted (their dates, the definition) and any rounding.")];
        return ["incorrect", way ? h[way] : msg("notWithin", "Not this figure. Look at the data again: which " +
          "rows, which columns and which calculation does the question ask for?")];
      });
    }
    if (ex.type === "set") {
      return Promise.all(read.items.map(function (it) { return itemDigest(ex, it); })).then(function (hs) {
        var right = hs.filter(function (x) { return ex.items.indexOf(x) >= 0; }).length;
        var missing = ex.items.length - right, extra = hs.length - right;
        var parts = [hs.length > 1 ? msg("setRightMany", "{right} of your {n} choices are right", {right: right, n: hs.length})
                                   : (right ? msg("setRightOne", "your choice is right") : msg("setNotRight", "your choice is not right"))];
        if (missing) parts.push(missing === 1 ? msg("missingOne", "1 right choice is missing")
                                              : msg("missingMany", "{n} right choices are missing", {n: missing}));
        if (extra) parts.push(extra === 1 ? msg("extraOne", "1 choice does not belong")
                                          : msg("extraMany", "{n} choices do not belong", {n: extra}));
        var detail = parts.join("; ") + ".";
        detail = detail.charAt(0).toUpperCase() + detail.slice(1);
        var key = missing && !extra ? "missing" : extra && !missing ? "extra" : "wrong";
        return [right ? "partial" : "incorrect", detail + " " + h[key]];
      });
    }
    if (ex.type === "order") {
      return Promise.all(read.items.map(function (it) { return itemDigest(ex, it); })).then(function (hs) {
        var sorted = hs.slice().sort();
        if (hs.length !== ex.n || sorted.join() !== ex.items.join()) {
          throw new FormError(msg("orderAll", "Put every one of the {n} letters in order, once each, like a, b, c.", {n: ex.n}));
        }
        return Promise.all(read.items.map(function (it, i) { return positionDigest(ex, it, i); }))
          .then(function (ps) {
            var placed = ps.filter(function (p, i) { return p === ex.pos[i]; }).length;
            return [placed ? "partial" : "incorrect",
                    (placed === 1 ? msg("placedOne", "1 event is in the right place.")
                                  : msg("placedMany", "{n} events are in the right place.", {n: placed})) + " " + h.wrong];
          });
      });
    }
    return Promise.resolve(["incorrect", h.wrong]);
  }

  var ICONS = {correct: "\u2714", defensible: "\u2714", partial: "\u25d0", incorrect: "\u2718", missing: "\u2026",
               invalid: "\u26a0", short: "\u270e", compare: "\u270e"};
  var STATUS = {correct: "Correct", defensible: "Defensible", partial: "Partly right", incorrect: "Not yet",
                missing: "No answer yet", invalid: "Check the form of your answer", short: "Keep writing",
                compare: "Compare yours with a model answer"};

  function show(box, status, message, explanation) {
    var out = box.querySelector(".ih-feedback");
    out.className = "ih-feedback ih-" + status;
    out.textContent = "";
    var strong = doc.createElement("strong");
    strong.textContent = ICONS[status] + " " + msg(status, STATUS[status]);
    out.appendChild(strong);
    out.appendChild(doc.createTextNode(" " + message));
    if (explanation) {
      var why = doc.createElement("p");
      why.className = "ih-why";
      why.textContent = explanation;
      out.appendChild(why);
    }
    out.hidden = false;
  }

  function wireExercise(box) {
    var ex = JSON.parse(doc.getElementById(box.getAttribute("data-ih-check")).textContent);
    var form = box.querySelector("form"), field = box.querySelector(".ih-answer-field");
    var wrong = 0;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = field.value.trim();
      if (!text) { show(box, "missing", msg("typeFirst", "Type your answer in the field, then press Check.")); return; }
      box.setAttribute("data-ih-busy", "true");
      var read;
      Promise.resolve().then(function () { return forms(ex, text); }).then(function (r) {
        read = r;
        return unlock(ex, r.forms, r.exact);
      }).then(function (found) {
        if (found) {
          wrong = 0;
          var said = [found.note || ex.praise, read.note || "",
                      found.slip ? msg("nearlyExact", "(Check the spelling: it is nearly exact.)") : ""];
          show(box, found.defensible ? "defensible" : "correct",
               said.filter(Boolean).join(" "), found.explanation);
          return;
        }
        return judgeWrong(ex, read).then(function (verdict) {
          wrong++;
          var message = (read.note ? read.note + " " : "") + verdict[1];
          if (wrong >= 2) message += " " + msg("secondWrong", "The explanation opens once your answer is right. " +
            "Stuck? Re-read the rows and the hint above, or talk it through with a partner; the " +
            "facilitator edition of this page has the answer sheet.");
          show(box, verdict[0], message);
        });
      }).catch(function (e) {
        if (e instanceof FormError) show(box, "invalid", (e.message + " " + (ex.hints.form || "")).trim());
        else show(box, "invalid", msg("notChecked", "Your answer could not be checked here ({error}).", {error: e.message}));
      }).then(function () { box.setAttribute("data-ih-busy", "false"); });
    });
  }

  function wireWrittenTask(box) {
    var form = box.querySelector("form"), field = box.querySelector("textarea");
    var rubric = box.querySelector(".ih-rubric-after"), note = box.querySelector(".ih-task-note");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var words = field.value.trim().split(/\s+/).filter(Boolean).length;
      if (words < 25) {
        note.textContent = msg("writeFirst", "Write your paragraph first ({words} words so far; aim for 80-200), " +
          "then compare it with the rubric.", {words: words});
        return;
      }
      note.textContent = msg("rubricNow", "Now read your paragraph against the rubric: which level does it reach, " +
        "and what would lift it one level?");
      rubric.hidden = false;
      rubric.classList.add("ih-shown");
    });
  }


  /* ---------------------------------------------------------------- search (issue 28)
     Every page has a search box that opens the edition's search page (search.html or
     search.facilitator.html) with ?q=. That page holds the index as a packed data block (the
     build's site.py): every place of the edition's pages with its words. Searching folds
     case and accents (Glifosato, glifosato; Panamá, Panama) and lists every place that holds
     the words, each linked to the place; arriving there, the words are marked. Contributed
     text only ever reaches the page as text (textContent), never as markup. */
  var foldCache = {};
  function fold(text) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) {
      lower = text.split("").map(function (c) { var l = c.toLowerCase(); return l.length === 1 ? l : c; }).join("");
    }
    return lower.replace(/[^\x00-\x7f]/g, function (c) {
      var f = foldCache[c];
      if (f === undefined) {
        f = c.normalize("NFD").charAt(0);
        if (f.length !== 1) f = c;
        foldCache[c] = f;
      }
      return f;
    });
  }
  function queryOf(text) {
    var words = fold(String(text || "")).split(/[\s"“”«»]+/).filter(Boolean);
    return {words: words, phrase: words.join(" ")};
  }
  function occurrences(haystack, needle) {
    var count = 0, at = haystack.indexOf(needle);
    while (needle && at >= 0) { count++; at = haystack.indexOf(needle, at + needle.length); }
    return count;
  }
  function matchPlace(folded, query) {
    if (!query.words.length) return 0;
    var phrase = occurrences(folded, query.phrase);
    if (phrase || query.words.length === 1) return phrase;
    var least = Infinity;
    query.words.forEach(function (w) { least = Math.min(least, occurrences(folded, w)); });
    return least === Infinity ? 0 : least;
  }
  function searchParam() {
    try { return new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { return ""; }
  }
  function hitLink(file, query, anchor) {
    return file + "?q=" + encodeURIComponent(query) + (anchor ? "#" + anchor : "");
  }
  function snippet(text, folded, query) {
    var needles = folded.indexOf(query.phrase) >= 0 ? [query.phrase] : query.words;
    var first = Infinity;
    needles.forEach(function (n) { var i = folded.indexOf(n); if (i >= 0 && i < first) first = i; });
    if (first === Infinity) first = 0;
    var start = Math.max(0, first - 80), end = Math.min(text.length, first + 140);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < first) start = sp + 1; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > first) end = ep; }
    var p = doc.createElement("p"), part = folded.slice(start, end), at = 0;
    p.className = "ih-snippet";
    if (start > 0) p.appendChild(doc.createTextNode("… "));
    while (at < part.length) {
      var next = -1, size = 0;
      needles.forEach(function (n) { var i = part.indexOf(n, at); if (i >= 0 && (next < 0 || i < next)) { next = i; size = n.length; } });
      if (next < 0) { p.appendChild(doc.createTextNode(text.slice(start + at, end))); break; }
      if (next > at) p.appendChild(doc.createTextNode(text.slice(start + at, start + next)));
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(start + next, start + next + size);
      p.appendChild(mark);
      at = next + size;
    }
    if (end < text.length) p.appendChild(doc.createTextNode(" …"));
    return p;
  }

  var searchIndex = null;
  function loadIndex() {
    if (searchIndex) return Promise.resolve(searchIndex);
    var packed = doc.getElementById("ih-search-packed");
    if (!packed) return Promise.reject(new Error("no search index in this page"));
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("it needs DecompressionStream: Chrome 80, Firefox 113, Safari 16.4 or newer"));
    }
    return unpack(packed).then(function (text) {
      var data = JSON.parse(text), folded = data.blocks.map(fold);
      // a place: [page, id, label, its words, its words folded]
      data.places = data.places.map(function (place) {
        return [place[0], place[1], place[2],
                place[3].map(function (b) { return data.blocks[b]; }).join(" "),
                place[3].map(function (b) { return folded[b]; }).join(" ")];
      });
      searchIndex = data;
      return data;
    });
  }

  function runSearch(raw) {
    var box = doc.getElementById("ih-search-results");
    if (!box) return;
    var query = queryOf(raw), text = String(raw || "").trim();
    box.textContent = "";
    var head = doc.createElement("p");
    head.className = "ih-search-summary";
    box.appendChild(head);
    if (!query.words.length) { head.textContent = msg("searchEmpty", "Type a word or a name, then press Enter."); return; }
    loadIndex().then(function (data) {
      var started = performance.now(), groups = [], byPage = {}, total = 0;
      data.places.forEach(function (place) {
        var count = matchPlace(place[4], query);
        if (!count) return;
        total++;
        if (!byPage[place[0]]) { byPage[place[0]] = []; groups.push(place[0]); }
        byPage[place[0]].push({place: place, count: count});
      });
      head.textContent = !total ? msg("searchNone", "No place in these handouts holds “{query}”.", {query: text})
        : total === 1 ? msg("searchOne", "1 place holds “{query}”.", {query: text})
        : msg("searchMany", "{count} places in {pages} pages hold “{query}”.", {count: total, pages: groups.length, query: text});
      groups.forEach(function (number) {
        var page = data.pages[number], section = doc.createElement("section"), h2 = doc.createElement("h2");
        var title = doc.createElement("a"), list = doc.createElement("ol");
        section.className = "ih-search-page";
        title.href = hitLink(page[0], text, "");
        title.textContent = page[1];
        h2.appendChild(title);
        section.appendChild(h2);
        byPage[number].forEach(function (hit) {
          var li = doc.createElement("li"), link = doc.createElement("a"), count = doc.createElement("span");
          link.href = hitLink(page[0], text, hit.place[1]);
          link.className = "ih-hit-link";
          link.setAttribute("data-ih-count", String(hit.count));
          link.textContent = hit.place[2] || page[1];
          count.className = "ih-count";
          count.textContent = " (" + msg("searchTimes", "{count} times", {count: hit.count}) + ")";
          li.appendChild(link);
          if (hit.count > 1) li.appendChild(count);
          li.appendChild(snippet(hit.place[3], hit.place[4], query));
          list.appendChild(li);
        });
        section.appendChild(list);
        box.appendChild(section);
      });
      window.__ihSearchMs = performance.now() - started;
      box.setAttribute("data-ih-searched", text);
    }).catch(function (e) {
      head.textContent = msg("searchCannot", "The search cannot run in this browser: {error}.", {error: e.message});
      box.setAttribute("data-ih-searched", "failed");
    });
  }

  function wireSearch() {
    var onSearchPage = !!doc.getElementById("ih-search-packed"), query = searchParam();
    doc.querySelectorAll("form.ih-search-form").forEach(function (form) {
      var field = form.querySelector("input[type=search]");
      if (onSearchPage && field) field.value = query;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = field ? field.value.trim() : "";
        window.location.href = hitLink(form.getAttribute("data-ih-search") || "search.html", text, "");
      });
      if (onSearchPage && field) {
        var timer = null;
        field.addEventListener("input", function () {
          clearTimeout(timer);
          timer = setTimeout(function () { runSearch(field.value); }, 150);
        });
      }
    });
    if (onSearchPage) { runSearch(query); return; }
    if (query) markHits(queryOf(query));
  }

  var hitTarget = null;
  function markHits(query) {
    if (!query.words.length) return;
    var root = doc.querySelector("main") || doc.body, nodes = [];
    var walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: function (node) {
      var el = node.parentElement;
      if (!el || el.closest("script, style, svg, nav, textarea, select, button, details.ih-code, .ih-print-only, [hidden]")) {
        return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }});
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var needles = query.words.length > 1 ? [query.phrase].concat(query.words) : query.words;
    nodes.forEach(function (node) {
      var folded = fold(node.data), spans = [];
      needles.forEach(function (n) {
        var at = folded.indexOf(n);
        while (at >= 0) {
          var clash = spans.some(function (s) { return at < s[1] && at + n.length > s[0]; });
          if (!clash) spans.push([at, at + n.length]);
          at = folded.indexOf(n, at + n.length);
        }
      });
      spans.sort(function (a, b) { return b[0] - a[0]; }).forEach(function (span) {  // from the end
        var hit = node.splitText(span[0]);
        hit.splitText(span[1] - span[0]);
        var mark = doc.createElement("mark");
        mark.className = "ih-hit";
        hit.parentNode.replaceChild(mark, hit);
        mark.appendChild(hit);
      });
    });
    var id = window.location.hash.slice(1), target = null;
    if (id) {
      target = doc.getElementById(id);
      if (!target) { try { target = doc.getElementById(decodeURIComponent(id)); } catch (e) { target = null; } }
    }
    var marks = Array.prototype.slice.call(doc.querySelectorAll("mark.ih-hit"));
    hitTarget = marks.filter(function (m) {
      return !target || target.contains(m) || (target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
    })[0] || marks[0] || null;
    if (hitTarget) {
      for (var up = hitTarget.parentElement; up; up = up.parentElement) if (up.tagName === "DETAILS") up.open = true;
      hitTarget.classList.add("ih-hit-current");
      showHit();
      // the browser scrolls to the #place once the page has loaded: bring the word back
      window.addEventListener("load", function () { setTimeout(showHit, 0); });
    }
  }
  function showHit() {
    if (hitTarget) hitTarget.scrollIntoView({block: "center"});
  }

  function openContents() {
    var toc = doc.querySelector("nav.ih-site details.ih-toc");
    if (toc && window.matchMedia && window.matchMedia("(min-width: 80rem)").matches) toc.open = true;
  }

  /* A short written answer: its model answer and rubric line open once the reader has
     written enough words (as check() counts them); there is never a tick. */
  function countWords(text) {
    return (text.match(/[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu) || []).length;
  }
  function wireWrittenAnswer(box) {
    var data = JSON.parse(doc.getElementById(box.getAttribute("data-ih-written")).textContent);
    var form = box.querySelector("form"), field = box.querySelector("textarea");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = field.value.trim(), words = countWords(text);
      if (!text || text === "..." || text === "\u2026") {
        show(box, "missing", msg("writtenFirst", "Write your answer in the box, then press the button."));
        return;
      }
      if (words < data.min) {
        show(box, "short", msg("writeMore", "Write two or three sentences (at least {n} words; you have " +
          "{words} so far).", {n: data.min, words: words}));
        return;
      }
      var hidden = JSON.parse(new TextDecoder().decode(b64bytes(data.x)));
      show(box, "compare", msg("compareNow", "Compare yours with this model answer: which of its points " +
        "does yours make, and what would you add or change?"));
      var out = box.querySelector(".ih-feedback");
      [["ih-why", msg("modelAnswer", "Model answer:"), hidden.m],
       ["ih-rubric-line", msg("goodAnswer", "What a good answer does:"), hidden.r]].forEach(function (part) {
        var p = doc.createElement("p"), label = doc.createElement("strong");
        p.className = part[0];
        label.textContent = part[1];
        p.appendChild(label);
        p.appendChild(doc.createTextNode(" " + part[2]));
        out.appendChild(p);
      });
    });
  }

  function start() {
    openContents();
    wireSearch();
    drawCharts();
    wireDownloads();
    wireTables();
    doc.querySelectorAll("[data-ih-check]").forEach(wireExercise);
    doc.querySelectorAll(".ih-written").forEach(wireWrittenTask);
    doc.querySelectorAll("[data-ih-written]").forEach(wireWrittenAnswer);
    doc.documentElement.classList.add("ih-js");
  }
  // The packed library sits before this script: start unpacking it while the body loads.
  if (doc.getElementById("ih-vega-packed")) loadVega().catch(function () {});
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
})();
