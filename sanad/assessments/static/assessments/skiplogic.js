// Skip logic for Sanad's assessment forms, without a round trip to the server.
// The server parsed each XLSForm expression once (sanad/assessments/expressions.py) and sends the
// ASTs as JSON; this file evaluates the same ODK XPath subset to hide irrelevant questions, fill
// notes such as "Score: ${score}" and keep a draft of a non-sensitive form in sessionStorage.
// The server stays authoritative: it recomputes relevance, calculations and validation on submit.
(function () {
  "use strict";

  function NodeSet(values) { this.values = values; }
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

  function westernDigits(text) {
    return String(text).replace(ARABIC_DIGITS, function (d) {
      var code = d.charCodeAt(0);
      return String(code >= 0x06F0 ? code - 0x06F0 : code - 0x0660);
    });
  }
  function scalar(v) { return v instanceof NodeSet ? (v.values.length ? v.values[0] : "") : v; }
  function toNumber(v) {
    v = scalar(v);
    if (typeof v === "boolean") { return v ? 1 : 0; }
    if (typeof v === "number") { return v; }
    if (v === null || v === undefined) { return NaN; }
    var text = String(v).trim();
    if (DATE.test(text)) {
      var t = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10));
      return isNaN(t) ? NaN : Math.round(t / 86400000);
    }
    if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) { return NaN; }
    return parseFloat(text);
  }
  function toString(v) {
    v = scalar(v);
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") {
      if (isNaN(v)) { return "NaN"; }
      if (!isFinite(v)) { return v > 0 ? "Infinity" : "-Infinity"; }
      return String(v);
    }
    return v === null || v === undefined ? "" : String(v);
  }
  function toBool(v) {
    if (v instanceof NodeSet) { return v.values.length > 0; }
    if (typeof v === "boolean") { return v; }
    if (typeof v === "number") { return !(v === 0 || isNaN(v)); }
    return v !== null && v !== undefined && String(v).length > 0;
  }
  function compare(op, a, b) {
    if (a instanceof NodeSet || b instanceof NodeSet) {
      var as = a instanceof NodeSet ? a.values : [a], bs = b instanceof NodeSet ? b.values : [b];
      for (var i = 0; i < as.length; i++) { for (var j = 0; j < bs.length; j++) { if (compare(op, as[i], bs[j])) { return true; } } }
      return false;
    }
    if (op === "=" || op === "!=") {
      var equal;
      if (typeof a === "boolean" || typeof b === "boolean") { equal = toBool(a) === toBool(b); }
      else if (typeof a === "number" || typeof b === "number") { equal = toNumber(a) === toNumber(b); }
      else { equal = toString(a) === toString(b); }
      return op === "=" ? equal : !equal;
    }
    var x, y;
    if (typeof a === "string" && typeof b === "string" && DATE.test(a) && DATE.test(b)) { x = a; y = b; }
    else { x = toNumber(a); y = toNumber(b); }
    if (op === "<") { return x < y; }
    if (op === "<=") { return x <= y; }
    if (op === ">") { return x > y; }
    return x >= y;
  }
  function arith(op, a, b) {
    var x = toNumber(a), y = toNumber(b);
    if (op === "+") { return x + y; }
    if (op === "-") { return x - y; }
    if (op === "*") { return x * y; }
    if (op === "div") { return y === 0 ? (x === 0 || isNaN(x) ? NaN : (x > 0) === (1 / y > 0) ? Infinity : -Infinity) : x / y; }
    if (y === 0 || !isFinite(x) || isNaN(y)) { return NaN; }
    return x % y;
  }
  function selectedList(v) {
    v = scalar(v);
    return toString(v).split(/\s+/).filter(function (s) { return s.length > 0; });
  }
  function numbers(args) {
    var out = [];
    args.forEach(function (a) { if (a instanceof NodeSet) { a.values.forEach(function (v) { out.push(toNumber(v)); }); } else { out.push(toNumber(a)); } });
    return out;
  }
  function roundHalfUp(n, digits) {
    if (!isFinite(n)) { return n; }
    var f = Math.pow(10, digits || 0);
    return Math.floor(n * f + 0.5) / f;
  }

  function evaluate(node, ctx) {
    var tag = node[0];
    if (tag === "num") { return node[1]; }
    if (tag === "str") { return node[1]; }
    if (tag === "ref") { return ctx.lookup(node[1]); }
    if (tag === "cur") { return ctx.current; }
    if (tag === "neg") { return -toNumber(evaluate(node[1], ctx)); }
    if (tag === "op") {
      var op = node[1];
      if (op === "or") { return toBool(evaluate(node[2], ctx)) || toBool(evaluate(node[3], ctx)); }
      if (op === "and") { return toBool(evaluate(node[2], ctx)) && toBool(evaluate(node[3], ctx)); }
      var l = evaluate(node[2], ctx), r = evaluate(node[3], ctx);
      if (["=", "!=", "<", "<=", ">", ">="].indexOf(op) >= 0) { return compare(op, l, r); }
      return arith(op, l, r);
    }
    if (tag === "call") { return call(node[1], node[2], ctx); }
    return "";
  }

  function call(name, argNodes, ctx) {
    if (name === "if") { return evaluate(toBool(evaluate(argNodes[0], ctx)) ? argNodes[1] : argNodes[2], ctx); }
    if (name === "true") { return true; }
    if (name === "false") { return false; }
    if (name === "today") { var d = new Date(); return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2); }
    var a = argNodes.map(function (n) { return evaluate(n, ctx); });
    var n;
    switch (name) {
      case "not": return !toBool(a[0]);
      case "boolean": return toBool(a[0]);
      case "string": return toString(a[0]);
      case "number": return toNumber(a[0]);
      case "int": n = toNumber(a[0]); return isFinite(n) ? Math.trunc(n) : n;
      case "round": return roundHalfUp(toNumber(a[0]), a.length > 1 ? (toNumber(a[1]) || 0) : 0);
      case "floor": return Math.floor(toNumber(a[0]));
      case "ceiling": return Math.ceil(toNumber(a[0]));
      case "abs": return Math.abs(toNumber(a[0]));
      case "pow": return Math.pow(toNumber(a[0]), toNumber(a[1]));
      case "selected": return selectedList(a[0]).indexOf(toString(a[1]).trim()) >= 0;
      case "count-selected": return selectedList(a[0]).length;
      case "selected-at": var items = selectedList(a[0]); n = toNumber(a[1]); return n >= 0 && n < items.length ? items[Math.floor(n)] : "";
      case "coalesce": var first = toString(a[0]); return first !== "" && first !== "NaN" ? a[0] : a[1];
      case "string-length": return toString(a.length ? a[0] : ctx.current).length;
      case "normalize-space": return toString(a.length ? a[0] : ctx.current).replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");
      case "sum": return (a[0] instanceof NodeSet ? a[0].values : [a[0]]).reduce(function (s, v) { return s + toNumber(v); }, 0);
      case "count": return a[0] instanceof NodeSet ? a[0].values.length : (toString(a[0]) !== "" ? 1 : 0);
      case "min": case "max":
        var ns = numbers(a);
        if (!ns.length || ns.some(isNaN)) { return NaN; }
        return name === "min" ? Math.min.apply(null, ns) : Math.max.apply(null, ns);
      case "concat": return a.map(function (v) { return v instanceof NodeSet ? v.values.map(toString).join(" ") : toString(v); }).join("");
      case "regex": try { return new RegExp(toString(a[1])).test(toString(a[0])); } catch (e) { return false; }
      case "contains": return toString(a[0]).indexOf(toString(a[1])) >= 0;
      case "starts-with": return toString(a[0]).indexOf(toString(a[1])) === 0;
      case "ends-with": var s = toString(a[0]), t = toString(a[1]); return s.slice(s.length - t.length) === t;
      case "substr": var text = toString(a[0]), b = Math.max(0, Math.floor(toNumber(a[1]))); return a.length > 2 ? text.slice(b, Math.max(b, Math.floor(toNumber(a[2])))) : text.slice(b);
    }
    return "";
  }

  function init(form) {
    var logic = JSON.parse(document.getElementById(form.getAttribute("data-logic")).textContent);
    var wrappers = Array.prototype.slice.call(form.querySelectorAll(".sanad-q[data-path]"));
    var values = {};  // path -> current value (blank when not relevant)
    var relevance = {};  // path -> bool

    function readValue(wrapper, kind) {
      var name = "q-" + wrapper.getAttribute("data-path");
      var inputs = form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
      if (kind === "select_multiple") {
        return Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return i.value; }).join(" ");
      }
      var value = "";
      Array.prototype.forEach.call(inputs, function (i) {
        if ((i.type === "radio" || i.type === "checkbox")) { if (i.checked) { value = i.value; } }
        else { value = i.value; }
      });
      if (kind === "integer" || kind === "decimal") {
        var n = toNumber(westernDigits(value).trim());
        return isNaN(n) ? "" : n;
      }
      return value;
    }

    function resolve(name, scope) {
      var field = logic[name];
      if (!field) { return ""; }
      var repeats = field.repeats || [];
      var prefix = "", i;
      for (i = 0; i < repeats.length; i++) {
        if (!(repeats[i] in scope)) { break; }
        prefix += repeats[i] + "." + scope[repeats[i]] + ".";
      }
      if (i === repeats.length) { var v = values[prefix + name]; return v === undefined ? "" : v; }
      // Outside the repeat: every entry's value (for sum() and count()).
      var out = [];
      Object.keys(values).forEach(function (path) {
        if (path.indexOf(prefix) === 0) {
          var parts = path.slice(prefix.length).split(".");
          if (parts[parts.length - 1] === name && parts.length === 2 * (repeats.length - i) + 1) { out.push(values[path]); }
        }
      });
      return new NodeSet(out);
    }

    function run(ast, scope, current) {
      try { return evaluate(ast, { lookup: function (n) { return resolve(n, scope); }, current: current === undefined ? "" : current }); }
      catch (e) { return ""; }
    }

    function calculate() {
      Object.keys(logic).forEach(function (name) {
        var field = logic[name];
        if (field.kind !== "calculate") { return; }
        var repeats = field.repeats || [];
        if (repeats.length === 1) {
          // A calculation inside a (top-level) repeat: one value per entry.
          var counter = form.querySelector('input[name="n-' + repeats[0] + '"]');
          var count = counter ? parseInt(counter.value, 10) || 0 : 0;
          for (var i = 0; i < count; i++) {
            var scope = {};
            scope[repeats[0]] = i;
            var live = relevance[repeats[0]] !== false && (!field.relevant || toBool(run(field.relevant, scope)));
            values[repeats[0] + "." + i + "." + name] = live && field.calculation ? run(field.calculation, scope) : "";
          }
          return;
        }
        if (repeats.length) { return; }  // deeper nesting: the server computes it on submit
        var ok = (field.parents || []).every(function (p) { return relevance[p] !== false; });
        if (ok && field.relevant) { ok = toBool(run(field.relevant, {})); }
        values[name] = ok && field.calculation ? run(field.calculation, {}) : "";
      });
    }

    function refresh() {
      for (var pass = 0; pass < 4; pass++) {
        var before = JSON.stringify([values, relevance]);
        calculate();
        wrappers.forEach(function (wrapper) {
          var path = wrapper.getAttribute("data-path"), name = wrapper.getAttribute("data-name");
          var field = logic[name] || {};
          var scope = JSON.parse(wrapper.getAttribute("data-scope") || "{}");
          var parent = wrapper.parentElement && wrapper.parentElement.closest(".sanad-q[data-path]");
          var ok = !parent || relevance[parent.getAttribute("data-path")] !== false;
          if (ok && field.relevant) { ok = toBool(run(field.relevant, scope)); }
          relevance[path] = ok;
          if (["group", "repeat", "note"].indexOf(field.kind) < 0) { values[path] = ok ? readValue(wrapper, field.kind) : ""; }
        });
        if (JSON.stringify([values, relevance]) === before) { break; }
      }
      wrappers.forEach(function (wrapper) {
        var path = wrapper.getAttribute("data-path");
        wrapper.hidden = relevance[path] === false;
        var template = wrapper.getAttribute("data-template");
        if (template) {
          var scope = JSON.parse(wrapper.getAttribute("data-scope") || "{}");
          wrapper.textContent = template.replace(/\$\{\s*([A-Za-z_][\w.\-]*)\s*\}/g, function (m, n) {
            var v = resolve(n, scope);
            return v instanceof NodeSet ? v.values.map(toString).join(" ") : (v === "" ? "" : toString(v));
          });
        }
      });
    }

    // Drafts of non-sensitive forms survive a dropped connection or a closed tab.
    var draftKey = form.hasAttribute("data-keep-draft") ? "sanad-form:" + location.pathname + ":assessment" : null;
    function saveDraft() {
      if (!draftKey) { return; }
      var draft = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name.indexOf("q-") !== 0) { return; }
        if (el.type === "radio" || el.type === "checkbox") { if (el.checked) { (draft[el.name] = draft[el.name] || []).push(el.value); } }
        else if (el.value) { draft[el.name] = [el.value]; }
      });
      try { sessionStorage.setItem(draftKey, JSON.stringify(draft)); } catch (e) { /* storage full or disabled */ }
    }
    function restoreDraft() {
      if (!draftKey || document.querySelector("[data-testid=form-errors]")) { return; }
      var draft;
      try { draft = JSON.parse(sessionStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
      if (!draft) { return; }
      Array.prototype.forEach.call(form.elements, function (el) {
        var saved = draft[el.name];
        if (!saved) { return; }
        if (el.type === "radio" || el.type === "checkbox") { el.checked = saved.indexOf(el.value) >= 0; }
        else if (!el.value) { el.value = saved[0]; }
      });
    }

    restoreDraft();
    refresh();
    form.addEventListener("input", function () { refresh(); saveDraft(); });
    form.addEventListener("change", function () { refresh(); saveDraft(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-logic]").forEach(init);
  });
  window.SanadSkipLogic = { evaluate: evaluate, NodeSet: NodeSet };
})();
