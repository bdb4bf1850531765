/* safari reflections (issue 15): a participant writes a few lines after each stop and at the
 * end. Everything stays on the phone (localStorage) until the participant saves it as a file
 * or shares it. Anonymous unless a name is filled in. No network is used. Our own code. */
;(function () {
  "use strict";
  var root = document.getElementById("reflections");
  if (!root) return;
  var ui = {};
  try { ui = JSON.parse(document.getElementById("safari-data").textContent).ui || {}; }
  catch (e) { ui = {}; }
  var storeKey = "safari-reflecties:" + root.getAttribute("data-reflect-page");
  var memory = null; // when localStorage is not allowed: kept while the page is open

  function fmt(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  // The page's texts in its current language (the switch sets <html lang>; participant.js).
  function text(key) {
    var lang = document.documentElement.lang;
    return (ui[lang] && ui[lang][key]) || (ui.nl && ui.nl[key]) || "";
  }

  // A message in the count line; data-t and data-v let the language switch redo it.
  function say(key, values) {
    var box = root.querySelector(".reflect-count");
    box.setAttribute("data-t", key);
    if (values) box.setAttribute("data-v", JSON.stringify(values)); else box.removeAttribute("data-v");
    box.textContent = fmt(text(key), values || {});
  }

  function load() {
    if (memory) return memory;
    var data = null;
    try { data = JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { data = null; }
    if (!data || typeof data !== "object") data = {};
    if (!data.kenmerk) {
      // a random mark, so that a file sent twice is counted once; it says nothing about the person
      var bytes = new Uint8Array(8);
      (window.crypto || window.msCrypto).getRandomValues(bytes);
      data.kenmerk = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    }
    if (!data.teksten || typeof data.teksten !== "object") data.teksten = {};
    if (!data.namen || typeof data.namen !== "object") data.namen = {};
    if (typeof data.naam !== "string") data.naam = "";
    return data;
  }

  function save(data) {
    try { window.localStorage.setItem(storeKey, JSON.stringify(data)); memory = null; }
    catch (e) { memory = data; }
  }

  function fields() { return document.querySelectorAll("textarea[data-reflect]"); }

  function fill(scope) {
    var data = load();
    Array.prototype.forEach.call((scope || document).querySelectorAll("textarea[data-reflect]"), function (box) {
      var key = box.getAttribute("data-reflect");
      if (document.activeElement !== box) box.value = data.teksten[key] || "";
    });
    var signer = root.querySelector("[data-reflect-signer]");
    if (signer && document.activeElement !== signer) signer.value = data.naam;
    count(data);
  }

  function count(data) {
    var n = Object.keys(data.teksten).filter(function (k) { return String(data.teksten[k]).trim(); }).length;
    if (n) say("reflect.js.count", { count: n }); else say("reflect.js.none");
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.getAttribute) return;
    var data = load();
    if (target.hasAttribute("data-reflect")) {
      var key = target.getAttribute("data-reflect");
      data.teksten[key] = target.value;
      data.namen[key] = target.getAttribute("data-reflect-name") || "";
      save(data);
      Array.prototype.forEach.call(fields(), function (box) {
        if (box !== target && box.getAttribute("data-reflect") === key) box.value = target.value;
      });
      count(data);
    } else if (target.hasAttribute("data-reflect-signer")) {
      data.naam = target.value;
      save(data);
    }
  });

  // The stop sheet shows a copy of the stop's entry: fill its text box when it appears.
  var body = document.querySelector("#sheet .sheet-body");
  if (body && window.MutationObserver) {
    new MutationObserver(function () {
      Array.prototype.forEach.call(body.querySelectorAll("details.reflect"), function (box) {
        box.hidden = false;
      });
      fill(body);
    }).observe(body, { childList: true });
  }

  function collect() {
    var data = load();
    var list = [];
    var seen = {};
    Array.prototype.forEach.call(fields(), function (box) {
      var key = box.getAttribute("data-reflect");
      if (seen[key]) return;
      seen[key] = true;
      var text = String(data.teksten[key] || "").trim();
      if (!text) return;
      var item = { stop: key, naam: box.getAttribute("data-reflect-name") || "", tekst: text };
      var nr = Number(box.getAttribute("data-reflect-nr"));
      if (nr > 0) item.nr = nr;
      list.push(item);
    });
    var doc = {
      safari: { reflecties: 1 },
      kaart: root.getAttribute("data-reflect-map"),
      groep: root.getAttribute("data-reflect-group"),
      dag: root.getAttribute("data-reflect-day"),
      kenmerk: data.kenmerk,
      reflecties: list
    };
    var signer = String(data.naam || "").trim();
    if (signer) doc.ondertekend = signer;
    return doc;
  }

  function asText(doc) {
    var lines = ["safari-reflecties 1", "kaart: " + doc.kaart, "groep: " + doc.groep, "dag: " + doc.dag, "kenmerk: " + doc.kenmerk];
    if (doc.ondertekend) lines.push("ondertekend: " + doc.ondertekend);
    doc.reflecties.forEach(function (r) {
      lines.push("", "## " + r.stop + (r.nr ? " " + r.nr : "") + " | " + r.naam);
      lines.push(r.tekst);
    });
    return lines.join("\n") + "\n";
  }

  function empty(doc) {
    if (doc.reflecties.length) return false;
    say("reflect.js.nothing");
    return true;
  }

  root.querySelector("[data-reflect-save]").addEventListener("click", function () {
    var doc = collect();
    if (empty(doc)) return;
    var blob = new Blob([JSON.stringify(doc, null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "reflecties-" + String(doc.groep || "groep").toLowerCase().replace(/[^a-z0-9]+/g, "-") + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say("reflect.js.saved");
  });

  root.querySelector("[data-reflect-share]").addEventListener("click", function () {
    var doc = collect();
    if (empty(doc)) return;
    var text = asText(doc);
    var fallback = root.querySelector("[data-reflect-fallback]");
    function showText() {
      fallback.value = text;
      fallback.hidden = false;
      fallback.focus();
      fallback.select();
      say("reflect.js.copy");
    }
    if (navigator.share) {
      navigator.share({ title: text("reflect.js.share_title"), text: text }).catch(function (error) {
        if (!error || error.name !== "AbortError") showText();
      });
    } else {
      showText();
    }
  });

  fill(document);
})();
