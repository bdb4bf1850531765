/* safari: numbered stops, the stop sheet, "waar ben ik", now/next and the story language.
 * Our own code; Leaflet is the only library. Texts from the stops file are never parsed
 * here: the sheet shows a copy of the stop's entry in the list (HTML made by the server),
 * and labels from the data go in through textContent and attributes. */
var safari = (function () {
  "use strict";
  var groups = [];
  var texts = {};
  var state = { group: null, index: -1, opener: null, lang: "nl" };
  var sheet, sheetBody, prevButton, nextButton, toastTimer;

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function addGroup(map, layer, data) {
    var group = { map: map, data: data, markers: [] };
    groups.push(group);
    var colour = String(data.colour);
    each(data.stops, function (stop, index) {
      var number = document.createElement("span");
      number.className = "stop-nr";
      number.setAttribute("aria-hidden", "true");
      number.textContent = String(stop.n);
      var marker = L.marker([Number(stop.lat), Number(stop.lon)], {
        icon: L.divIcon({
          className: "stop-marker",
          html: number,
          iconSize: [32, 32],
          iconAnchor: [16 - Number(data.offset || 0), 16]
        }),
        title: String(stop.label),
        keyboard: true,
        riseOnHover: true
      });
      marker.on("add", function () {
        var el = marker.getElement();
        el.setAttribute("aria-label", String(stop.label));
        el.style.setProperty("--group", colour);
      });
      marker.on("click", function () {
        openStop(group, index, marker.getElement());
      });
      marker.on("keypress", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          openStop(group, index, marker.getElement());
        }
      });
      marker.addTo(layer);
      group.markers.push(marker);
    });
    each(data.arrows, function (arrow) {
      var head = document.createElement("span");
      head.className = "arrow";
      head.style.transform = "rotate(" + Number(arrow[2]) + "deg)";
      var marker = L.marker([Number(arrow[0]), Number(arrow[1])], {
        icon: L.divIcon({ className: "route-arrow", html: head, iconSize: [18, 18] }),
        interactive: false,
        keyboard: false
      });
      marker.on("add", function () {
        var el = marker.getElement();
        el.setAttribute("aria-hidden", "true");
        el.style.setProperty("--group", colour);
      });
      marker.addTo(layer);
    });
  }

  function stripIds(node) {
    if (node.nodeType !== 1) return;
    node.removeAttribute("id");
    each(node.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
  }

  function openStop(group, index, opener) {
    var stop = group.data.stops[index];
    var source = stop && document.getElementById(String(stop.target));
    if (!source || !sheet) return;
    sheetBody.textContent = "";
    each(source.children, function (child) {
      var copy = child.cloneNode(true);
      stripIds(copy);
      sheetBody.appendChild(copy);
    });
    var heading = sheetBody.querySelector("h3");
    if (heading) {
      heading.id = "sheet-title";
      heading.tabIndex = -1;
    }
    applyLanguage(sheetBody);
    if (state.group) {
      var old = state.group.markers[state.index];
      if (old && old.getElement()) old.getElement().classList.remove("active");
    }
    state.group = group;
    state.index = index;
    state.opener = opener || state.opener;
    var marker = group.markers[index];
    if (marker.getElement()) marker.getElement().classList.add("active");
    prevButton.disabled = index === 0;
    nextButton.disabled = index === group.data.stops.length - 1;
    sheet.style.setProperty("--group", String(group.data.colour));
    sheet.hidden = false;
    sheet.scrollTop = 0;
    showAboveSheet(group.map, marker.getLatLng());
    if (heading) heading.focus({ preventScroll: true });
  }

  function showAboveSheet(map, latlng) {
    var size = map.getSize();
    var covered = sheet.offsetWidth >= size.x * 0.9 ? sheet.offsetHeight : 0;
    var bar = document.getElementById("now");
    var top = bar && !bar.hidden ? bar.offsetTop + bar.offsetHeight : 0;
    var point = map.latLngToContainerPoint(latlng);
    var target = L.point(size.x / 2, Math.max(top + 30, (size.y - covered + top) / 2));
    map.panBy(point.subtract(target), { animate: true });
  }

  function closeSheet() {
    if (!sheet || sheet.hidden) return;
    sheet.hidden = true;
    if (state.group) {
      var marker = state.group.markers[state.index];
      if (marker && marker.getElement()) {
        marker.getElement().classList.remove("active");
        marker.getElement().focus({ preventScroll: true });
      }
    }
  }

  function step(delta) {
    if (!state.group) return;
    var index = state.index + delta;
    if (index < 0 || index >= state.group.data.stops.length) return;
    openStop(state.group, index, state.group.markers[index].getElement());
  }

  /* Story language: the chosen language first and open, Dutch when a stop has none. */
  function applyLanguage(root) {
    each(root.querySelectorAll(".stories"), function (box) {
      var dutch = box.querySelector(".story-nl");
      var pick = null;
      each(box.querySelectorAll("details[data-lang]"), function (alt) {
        if (alt.getAttribute("data-lang") === state.lang) pick = alt;
      });
      each(box.querySelectorAll("details[data-lang]"), function (alt) {
        alt.open = alt === pick;
        alt.classList.toggle("chosen", alt === pick);
      });
      if (dutch) dutch.hidden = Boolean(pick);
      var first = pick || dutch;
      if (first && box.firstElementChild !== first) box.insertBefore(first, box.firstElementChild);
    });
  }

  function setLanguage(code) {
    state.lang = code;
    each(document.querySelectorAll(".lang-switch button"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === code));
    });
    applyLanguage(document);
    try { window.localStorage.setItem("safari-lang", code); } catch (e) { /* private mode */ }
  }

  function setupLanguages() {
    var bar = document.querySelector(".lang-switch");
    if (!bar) return;
    bar.hidden = false;
    each(bar.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function () {
        setLanguage(button.getAttribute("data-lang"));
      });
    });
    var saved = null;
    try { saved = window.localStorage.getItem("safari-lang"); } catch (e) { saved = null; }
    if (saved && bar.querySelector('button[data-lang="' + saved.replace(/[^a-z]/g, "") + '"]')) {
      setLanguage(saved);
    }
  }

  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () { box.hidden = true; }, 8000);
  }

  var LOCATE_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="4" ' +
    'fill="currentColor"/><circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" ' +
    'stroke-width="2"/><path d="M12 1v4M12 19v4M1 12h4M19 12h4" stroke="currentColor" ' +
    'stroke-width="2"/></svg>';

  function addLocate(map) {
    var here = null;
    var Locate = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control safari-locate");
        var button = L.DomUtil.create("button", "locate-button", bar);
        button.type = "button";
        button.title = texts.locate;
        button.setAttribute("aria-label", texts.locate);
        button.innerHTML = LOCATE_ICON;
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function () {
          map.locate({ setView: true, maxZoom: 17, enableHighAccuracy: true });
        });
        return bar;
      }
    });
    new Locate().addTo(map);
    map.on("locationfound", function (event) {
      if (here) map.removeLayer(here);
      here = L.layerGroup([
        L.circle(event.latlng, { radius: event.accuracy, weight: 1, color: "#1f6fd1",
                                 fillOpacity: 0.12, interactive: false }),
        L.circleMarker(event.latlng, { radius: 8, weight: 3, color: "#fff", fillColor: "#1f6fd1",
                                       fillOpacity: 1, interactive: false })
      ]).addTo(map);
      toast(fmt(texts.you_are_here, { meters: Math.round(event.accuracy) }));
    });
    map.on("locationerror", function () { toast(texts.locate_error); });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* "Volgende stop": where the schedule says the group is now, and what comes next. */
  function updateNow(options) {
    var bar = document.getElementById("now");
    var list = options.schedule || [];
    if (!bar || !list.length) return;
    var text = bar.querySelector("p");
    var show = bar.querySelector("button");
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var minutes = now.getHours() * 60 + now.getMinutes();
    var first = list[0];
    var message = fmt(texts.now_before, { time: first.at, number: first.n, name: first.name });
    var target = 0;
    if (!options.day || options.day === today) {
      if (minutes >= list[list.length - 1].depart) {
        message = texts.now_done;
        target = -1;
      } else {
        for (var i = 0; i < list.length; i++) {
          var stop = list[i];
          if (minutes >= stop.arrive && minutes < stop.depart) {
            message = fmt(texts.now_at, { number: stop.n, name: stop.name, time: stop.until });
            if (list[i + 1]) {
              var next = list[i + 1];
              message += " " + fmt(texts.now_next, { number: next.n, name: next.name, time: next.at });
            }
            target = i;
            break;
          }
          if (minutes < stop.arrive && i > 0) {
            message = fmt(texts.now_next, { number: stop.n, name: stop.name, time: stop.at });
            target = i;
            break;
          }
        }
      }
    }
    text.textContent = message;
    if (target >= 0) {
      show.hidden = false;
      show.textContent = fmt(texts.now_show, { number: list[target].n });
      show.onclick = function () {
        var group = groups[0];
        openStop(group, target, group.markers[target].getElement());
      };
    } else {
      show.hidden = true;
    }
    bar.hidden = false;
  }

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
      var lat = Number(link.getAttribute("data-lat"));
      var lon = Number(link.getAttribute("data-lon"));
      if (isFinite(lat) && isFinite(lon)) {
        link.href = "https://maps.apple.com/?daddr=" + lat + "," + lon + "&dirflg=w";
      }
    });
  }

  function start(map, options) {
    texts = options.texts || {};
    L.control.zoom({ position: "bottomright", zoomInTitle: texts.zoom_in,
                     zoomOutTitle: texts.zoom_out }).addTo(map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    addLocate(map);
    sheet = document.getElementById("sheet");
    if (sheet) {
      sheetBody = sheet.querySelector(".sheet-body");
      prevButton = sheet.querySelector(".sheet-prev");
      nextButton = sheet.querySelector(".sheet-next");
      prevButton.addEventListener("click", function () { step(-1); });
      nextButton.addEventListener("click", function () { step(1); });
      sheet.querySelector(".sheet-close").addEventListener("click", closeSheet);
      sheet.addEventListener("keydown", function (event) {
        if (event.key === "Escape") closeSheet();
      });
    }
    setupLanguages();
    setupPhotos();
    setupNavigation();
    if (options.participant) {
      updateNow(options);
      window.setInterval(function () { updateNow(options); }, 30000);
    }
  }

  return { addGroup: addGroup, start: start, open: function (g, i) { openStop(groups[g], i); } };
})();
