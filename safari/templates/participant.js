/* safari: the participant's page. Reads ONE JSON data block (#safari-data) and draws the
 * map (drawn basemap, optional tiles, route, numbered stops), the stop sheet, "Waar ben
 * ik?", the now bar and the language switch. Texts from the stops file are never parsed
 * here: the sheet shows a copy of the stop's entry in the list (HTML made by safari), and
 * labels from the data go in through textContent and attributes only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("safari-data").textContent);
  var root = document.documentElement;
  root.classList.remove("no-js");
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var state = { index: -1, opener: null, lang: data.lang, now: null, message: null };
  var texts = data.ui[data.lang] || data.ui.nl;
  var map, markers = [], sheet, sheetBody, prevButton, nextButton, toastTimer, here = null;
  var stops = data.stops;

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function text(key, values) { return fmt(texts[key] || data.ui.nl[key] || key, values || {}); }

  /* --- the map ------------------------------------------------------------------------ */
  function buildMap() {
    map = L.map("map", {
      zoomControl: false,
      zoomSnap: 0.25,
      maxZoom: 19,
      minZoom: 12,
      zoomAnimation: !reduce,
      fadeAnimation: !reduce,
      markerZoomAnimation: !reduce,
      inertia: !reduce,
      attributionControl: true
    });
    map.attributionControl.setPrefix(false);
    var points = stops.map(function (s) { return [s.lat, s.lon]; }).concat(data.route || []);
    var bar = document.getElementById("now");
    var top = bar && !bar.hidden ? bar.offsetTop + bar.offsetHeight + 20 : 24;
    map.fitBounds(points, { paddingTopLeft: [24, top], paddingBottomRight: [60, 24],
                            animate: false, maxZoom: 17 });
    if (data.basemap) {
      safariBasemap.layer(data.basemap).addTo(map);
      map.attributionControl.addAttribution(data.credit.basemap);
    }
    if (data.tiles) {
      L.tileLayer(data.tiles.url, {
        maxZoom: data.tiles.maxZoom,
        attribution: data.tiles.attribution,
        crossOrigin: true
      }).addTo(map);
    }
    var colour = data.colour;
    if (data.route && data.route.length > 1) {
      L.polyline(data.route, { color: colour, weight: 5, opacity: 1, interactive: false,
                               className: "route" }).addTo(map);
    }
    each(data.arrows, function (arrow) {
      var head = document.createElement("span");
      head.className = "arrow";
      head.style.transform = "rotate(" + Number(arrow[2]) + "deg)";
      L.marker([arrow[0], arrow[1]], {
        icon: L.divIcon({ className: "route-arrow", html: head, iconSize: [18, 18] }),
        interactive: false, keyboard: false
      }).addTo(map).getElement().setAttribute("aria-hidden", "true");
    });
    each(stops, function (stop, index) {
      if (stop.area) {
        L.circle([stop.lat, stop.lon], { radius: stop.area, color: colour, weight: 2,
                                          dashArray: "6 4", fillColor: colour, fillOpacity: 0.15,
                                          interactive: false, className: "private-area" }).addTo(map);
      }
      var number = document.createElement("span");
      number.className = "stop-nr";
      number.setAttribute("aria-hidden", "true");
      number.textContent = String(stop.n);
      var marker = L.marker([stop.lat, stop.lon], {
        icon: L.divIcon({ className: "stop-marker" + (stop.area ? " area" : ""), html: number,
                          iconSize: [32, 32], iconAnchor: [16, 16] }),
        title: String(stop.label), keyboard: true, riseOnHover: true
      });
      marker.on("click", function () { openStop(index, marker.getElement()); });
      marker.on("keypress", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          openStop(index, marker.getElement());
        }
      });
      marker.addTo(map);
      var el = marker.getElement();
      el.setAttribute("aria-label", String(stop.label));
      el.setAttribute("data-n", String(stop.n));
      markers.push(marker);
    });
    map.on("zoomend", spread);
    spread();
  }

  /* Stops that share a spot at this zoom are set around it, so that none is hidden. */
  function spread() {
    var size = 34;
    var pts = markers.map(function (m) { return map.latLngToLayerPoint(m.getLatLng()); });
    var parent = pts.map(function (p, i) { return i; });
    function find(i) { while (parent[i] !== i) i = parent[i] = parent[parent[i]]; return i; }
    for (var i = 0; i < pts.length; i++) {
      for (var j = i + 1; j < pts.length; j++) {
        if (pts[i].distanceTo(pts[j]) < size) parent[find(j)] = find(i);
      }
    }
    var groups = {};
    pts.forEach(function (p, i) { (groups[find(i)] = groups[find(i)] || []).push(i); });
    Object.keys(groups).forEach(function (key) {
      var members = groups[key], k = members.length;
      var cx = 0, cy = 0;
      members.forEach(function (i) { cx += pts[i].x / k; cy += pts[i].y / k; });
      var radius = k > 1 ? Math.max(size / 2 + 2, (size / 2 + 2) / Math.sin(Math.PI / k)) : 0;
      members.forEach(function (i, pos) {
        var el = markers[i].getElement();
        var dx = 0, dy = 0;
        if (k > 1) {
          var angle = -Math.PI / 2 + 2 * Math.PI * pos / k;
          dx = cx + radius * Math.cos(angle) - pts[i].x;
          dy = cy + radius * Math.sin(angle) - pts[i].y;
        }
        el.style.marginLeft = Math.round(dx - 16) + "px";
        el.style.marginTop = Math.round(dy - 16) + "px";
        el.classList.toggle("spread", k > 1);
      });
    });
  }

  /* --- the sheet ---------------------------------------------------------------------- */
  function stripIds(node) {
    if (node.nodeType !== 1) return;
    node.removeAttribute("id");
    each(node.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
  }

  function setUnderneath(off) {
    var covered = off && sheet.offsetWidth >= map.getSize().x * 0.9;
    each(document.querySelectorAll("#map, #now"), function (el) {
      if (covered) el.setAttribute("inert", ""); else el.removeAttribute("inert");
    });
  }

  function openStop(index, opener) {
    var stop = stops[index];
    var source = stop && document.getElementById(String(stop.target));
    if (!source || !sheet) return;
    sheetBody.textContent = "";
    each(source.children, function (child) {
      var copy = child.cloneNode(true);
      stripIds(copy);
      sheetBody.appendChild(copy);
    });
    var heading = sheetBody.querySelector("h3");
    if (heading) { heading.id = "sheet-title"; heading.tabIndex = -1; }
    applyStoryLanguage(sheetBody);
    if (state.index >= 0 && markers[state.index]) markers[state.index].getElement().classList.remove("active");
    state.index = index;
    if (opener) state.opener = opener;
    var marker = markers[index];
    marker.getElement().classList.add("active");
    prevButton.disabled = index === 0;
    nextButton.disabled = index === stops.length - 1;
    sheet.hidden = false;
    sheet.scrollTop = 0;
    setUnderneath(true);
    showAboveSheet(marker.getLatLng());
    if (heading) heading.focus({ preventScroll: true });
  }

  function showAboveSheet(latlng) {
    var size = map.getSize();
    var covered = sheet.offsetWidth >= size.x * 0.9 ? sheet.offsetHeight : 0;
    var bar = document.getElementById("now");
    var top = bar && !bar.hidden ? bar.offsetTop + bar.offsetHeight : 0;
    var point = map.latLngToContainerPoint(latlng);
    var target = L.point(size.x / 2, Math.max(top + 30, (size.y - covered + top) / 2));
    map.panBy(point.subtract(target), { animate: !reduce });
  }

  function closeSheet() {
    if (!sheet || sheet.hidden) return;
    sheet.hidden = true;
    setUnderneath(false);
    var marker = markers[state.index];
    if (marker) {
      marker.getElement().classList.remove("active");
      marker.getElement().focus({ preventScroll: true });
    }
  }

  function step(delta) {
    var index = state.index + delta;
    if (index < 0 || index >= stops.length) return;
    openStop(index, markers[index].getElement());
  }

  /* --- languages: the page's texts and the stories ------------------------------------ */
  function applyStoryLanguage(box) {
    each(box.querySelectorAll(".stories"), function (stories) {
      var dutch = stories.querySelector(".story-nl");
      var pick = null;
      each(stories.querySelectorAll("details[data-lang]"), function (alt) {
        if (alt.getAttribute("data-lang") === state.lang) pick = alt;
      });
      each(stories.querySelectorAll("details[data-lang]"), function (alt) {
        alt.open = alt === pick;
        alt.classList.toggle("chosen", alt === pick);
      });
      if (dutch) dutch.hidden = Boolean(pick);
      var first = pick || dutch;
      if (first && stories.firstElementChild !== first) stories.insertBefore(first, stories.firstElementChild);
    });
  }

  function applyTexts() {
    each(document.querySelectorAll("[data-t]"), function (el) {
      if (el.closest(".sheet-body")) return;
      var values = {};
      try { values = JSON.parse(el.getAttribute("data-v") || "{}"); } catch (e) { values = {}; }
      var value = text(el.getAttribute("data-t"), values);
      var attr = el.getAttribute("data-t-attr");
      if (attr) el.setAttribute(attr, value); else el.textContent = value;
    });
    each(document.querySelectorAll("[data-t-html]"), function (el) {
      el.innerHTML = text(el.getAttribute("data-t-html"));  // safari's own texts only
    });
    // the tab's title is the heading and the group's name, as the page was written
    var heading = document.querySelector(".page-head h1");
    var groupName = document.querySelector(".page-head .group-name");
    if (heading) document.title = heading.textContent + (groupName ? " · " + groupName.textContent : "");
    if (map) {
      var zoom = document.querySelector(".leaflet-control-zoom-in");
      if (zoom) { zoom.title = text("zoom_in"); zoom.setAttribute("aria-label", text("zoom_in")); }
      var out = document.querySelector(".leaflet-control-zoom-out");
      if (out) { out.title = text("zoom_out"); out.setAttribute("aria-label", text("zoom_out")); }
      var locate = document.querySelector(".locate-button");
      if (locate) { locate.title = text("locate"); locate.setAttribute("aria-label", text("locate")); }
      markers.forEach(function (m, i) {
        var s = stops[i];
        var label = text("marker_label", { number: s.n, name: s.name, time: s.at });
        m.getElement().setAttribute("aria-label", label);
        m.getElement().title = label;
      });
    }
  }

  function setLanguage(code) {
    state.lang = code;
    texts = data.ui[code] || data.ui.nl;
    var ui = data.ui[code] ? code : "nl";
    root.lang = ui;
    root.dir = data.rtl.indexOf(ui) >= 0 ? "rtl" : "ltr";
    each(document.querySelectorAll(".lang-switch button"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === code));
    });
    applyTexts();
    applyStoryLanguage(document);
    if (sheet && !sheet.hidden) openStop(state.index);
    state.message = null;
    updateNow(true);
    try { window.localStorage.setItem("safari-lang", code); } catch (e) { /* private mode */ }
  }

  function setupLanguages() {
    var bar = document.querySelector(".lang-switch");
    if (!bar) return;
    bar.hidden = false;
    each(bar.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function () { setLanguage(button.getAttribute("data-lang")); });
    });
    var saved = null;
    try { saved = window.localStorage.getItem("safari-lang"); } catch (e) { saved = null; }
    if (saved && bar.querySelector('button[data-lang="' + saved.replace(/[^a-z]/g, "") + '"]')) {
      setLanguage(saved);
    }
  }

  /* --- "Waar ben ik?" ----------------------------------------------------------------- */
  function toast(message) {
    var box = document.getElementById("toast");
    box.textContent = message;
    box.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () { box.hidden = true; }, 10000);
  }

  var LOCATE_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="4" ' +
    'fill="currentColor"/><circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" ' +
    'stroke-width="2"/><path d="M12 1v4M12 19v4M1 12h4M19 12h4" stroke="currentColor" ' +
    'stroke-width="2"/></svg>';

  function bearing(from, to) {
    var f1 = from.lat * Math.PI / 180, f2 = to.lat * Math.PI / 180;
    var dl = (to.lng - from.lng) * Math.PI / 180;
    var y = Math.sin(dl) * Math.cos(f2);
    var x = Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl);
    return (Math.atan2(y, x) * 180 / Math.PI + 360) % 360;
  }

  function addLocate() {
    var Locate = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control safari-locate");
        var button = L.DomUtil.create("button", "locate-button", bar);
        button.type = "button";
        button.title = text("locate");
        button.setAttribute("aria-label", text("locate"));
        button.innerHTML = LOCATE_ICON;
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function () {
          map.locate({ setView: false, enableHighAccuracy: true });
        });
        return bar;
      }
    });
    new Locate().addTo(map);
    map.on("locationfound", function (event) {
      if (here) map.removeLayer(here);
      var layers = [
        L.circle(event.latlng, { radius: event.accuracy, weight: 1, color: "#1f6fd1",
                                 fillOpacity: 0.12, interactive: false }),
        L.circleMarker(event.latlng, { radius: 8, weight: 3, color: "#fff", fillColor: "#1f6fd1",
                                       fillOpacity: 1, interactive: false, className: "you" })
      ];
      var message = fmt(text("you_are_here"), { meters: Math.round(event.accuracy) });
      var target = state.now && state.now.target >= 0 ? stops[state.now.target] : null;
      if (target) {
        var to = L.latLng(target.lat, target.lon);
        var metres = Math.round(event.latlng.distanceTo(to) / 10) * 10;
        var angle = bearing(event.latlng, to);
        var words = text("directions").split(",");
        var word = words[Math.round(angle / 45) % 8] || "";
        layers.push(L.polyline([event.latlng, to], { color: "#1f6fd1", weight: 3, dashArray: "4 6",
                                                     interactive: false, className: "to-next" }));
        message += " " + text("to_next", { number: target.n, meters: metres, direction: word });
        var head = document.createElement("span");
        head.className = "arrow";
        head.style.transform = "rotate(" + Math.round(angle) + "deg)";
        layers.push(L.marker(event.latlng, { icon: L.divIcon({ className: "you-arrow", html: head,
                                             iconSize: [40, 40] }), interactive: false, keyboard: false }));
      }
      here = L.layerGroup(layers).addTo(map);
      map.setView(event.latlng, Math.max(map.getZoom(), 16), { animate: !reduce });
      toast(message);
    });
    map.on("locationerror", function () { toast(text("locate_error")); });
  }

  /* --- now: what the participant needs at this moment ---------------------------------- */
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function moment() {
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var minutes = now.getHours() * 60 + now.getMinutes();
    var list = stops, first = list[0], last = list[list.length - 1];
    var end = data.end !== null && data.end !== undefined ? data.end : last.depart;
    var result = { target: 0, states: list.map(function () { return ""; }) };
    var day = data.day;
    if (day && today < day) {
      var when = day;
      try {
        when = new Intl.DateTimeFormat(root.lang, { weekday: "long", day: "numeric", month: "long",
                                                    year: "numeric" }).format(new Date(day + "T12:00:00"));
      } catch (e) { when = day; }
      result.message = text("now_before_day", { date: when, time: first.at, name: first.name });
      result.states[0] = "next";
    } else if ((day && today > day) || minutes >= end) {
      result.message = text("now_done");
      result.target = -1;
      result.states = list.map(function () { return "visited"; });
    } else if (minutes < first.arrive) {
      result.message = text("now_today", { time: first.at, name: first.name });
      result.states[0] = "next";
    } else {
      for (var i = 0; i < list.length; i++) {
        var stop = list[i], next = list[i + 1];
        if (minutes >= stop.arrive && minutes < stop.depart) {
          result.message = text("now_at", { number: stop.n, name: stop.name, time: stop.until });
          if (next) result.message += " " + text("now_next", { number: next.n, name: next.name, time: next.at });
          result.target = next ? i + 1 : i;
          break;
        }
        if (next && minutes >= stop.depart && minutes < next.arrive) {
          result.message = text("now_walking", { number: next.n, name: next.name, time: next.at });
          result.target = i + 1;
          break;
        }
      }
      if (!result.message) {
        result.message = text("now_back", { time: data.end_at || last.until, name: first.name });
        result.target = -1;
      }
      for (var j = 0; j < list.length; j++) {
        if (minutes >= list[j].depart) result.states[j] = "visited";
        else if (minutes >= list[j].arrive) result.states[j] = "current";
      }
      if (result.target >= 0 && result.states[result.target] === "") result.states[result.target] = "next";
    }
    return result;
  }

  function updateNow(force) {
    var bar = document.getElementById("now");
    if (!bar || !stops.length) return;
    var now = moment();
    state.now = now;
    markers.forEach(function (m, i) {
      var el = m.getElement();
      ["visited", "current", "next"].forEach(function (c) { el.classList.toggle(c, now.states[i] === c); });
    });
    each(document.querySelectorAll("ol.stop-list > li"), function (li, i) {
      li.classList.toggle("visited", now.states[i] === "visited");
      li.classList.toggle("next", now.states[i] === "next" || now.states[i] === "current");
    });
    if (now.message !== state.message || force) {
      state.message = now.message;
      bar.querySelector("p").textContent = now.message;  // the live region: only on a change
    }
    var show = bar.querySelector("button");
    if (now.target >= 0) {
      show.hidden = false;
      show.textContent = text("now_show", { number: stops[now.target].n });
      show.onclick = function () { openStop(now.target, show); };
    } else {
      show.hidden = true;
    }
    bar.hidden = false;
  }

  /* --- the rest --------------------------------------------------------------------------- */
  function setupPhotos() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-photo]") : null;
      if (!link || link.protocol !== "https:") return;
      event.preventDefault();
      var img = document.createElement("img");
      img.className = "photo-img";
      img.alt = link.getAttribute("data-alt") || "";
      img.src = link.href;
      link.parentNode.replaceChild(img, link);
    });
  }

  function setupNavigation() {
    var apple = /iPhone|iPad|iPod|Macintosh/.test(navigator.userAgent) && "ontouchend" in document;
    if (!apple) return;
    each(document.querySelectorAll("a.nav-link"), function (link) {
      var lat = Number(link.getAttribute("data-lat")), lon = Number(link.getAttribute("data-lon"));
      if (isFinite(lat) && isFinite(lon)) link.href = "https://maps.apple.com/?daddr=" + lat + "," + lon + "&dirflg=w";
    });
  }

  function setupServiceWorker() {
    if (!/^https?:$/.test(location.protocol) || !navigator.serviceWorker) return;
    navigator.serviceWorker.register("sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) registration.active.postMessage({ cache: [location.href] });
    }).catch(function () { /* the page works without it */ });
  }

  updateNow(true);  // first: the map is fitted below the bar
  buildMap();
  L.control.zoom({ position: "bottomright", zoomInTitle: text("zoom_in"), zoomOutTitle: text("zoom_out") }).addTo(map);
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  addLocate();
  sheet = document.getElementById("sheet");
  sheetBody = sheet.querySelector(".sheet-body");
  prevButton = sheet.querySelector(".sheet-prev");
  nextButton = sheet.querySelector(".sheet-next");
  prevButton.addEventListener("click", function () { step(-1); });
  nextButton.addEventListener("click", function () { step(1); });
  sheet.querySelector(".sheet-close").addEventListener("click", closeSheet);
  sheet.addEventListener("keydown", function (event) { if (event.key === "Escape") closeSheet(); });
  setupLanguages();
  setupPhotos();
  setupNavigation();
  updateNow(true);
  window.setInterval(function () { updateNow(false); }, 30000);
  setupServiceWorker();
  window.safari = { map: map, markers: markers, now: function () { return state.now; }, update: updateNow };
})();
