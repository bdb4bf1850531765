/* safari: the basemap drawn on a canvas from the page's own data (safari/basemap.py).
 * Lines and rings come as polyline strings of integer units (data.unit metres) around
 * data.origin [lon, lat]; no tile and no request. The canvas tells how many features of
 * each layer it drew last (data-drawn-* attributes), so tests can check what is shown. */
var safariBasemap = (function () {
  "use strict";
  var R = 6371008.8 * Math.PI / 180;

  function decode(text) {
    var out = [], x = 0, y = 0, i = 0, n = text.length, first = true, value, shift, b;
    while (i < n) {
      value = 0; shift = 0;
      do { b = text.charCodeAt(i++) - 63; value |= (b & 31) << shift; shift += 5; } while (b >= 32);
      value = value & 1 ? ~(value >> 1) : value >> 1;
      if (first) { x += value; } else { y += value; out.push(x, y); }
      first = !first;
    }
    return out;
  }

  /* World pixels at zoom 0 (EPSG:3857 as Leaflet), from local units. */
  function project(data) {
    var lon0 = data.origin[0], lat0 = data.origin[1], unit = data.unit;
    var kx = R * Math.cos(lat0 * Math.PI / 180);
    return function (flat) {
      var out = new Float64Array(flat.length);
      for (var i = 0; i < flat.length; i += 2) {
        var lon = lon0 + flat[i] * unit / kx;
        var lat = lat0 + flat[i + 1] * unit / R;
        var s = Math.sin(lat * Math.PI / 180);
        out[i] = 256 * (lon + 180) / 360;
        out[i + 1] = 128 - 128 * Math.log((1 + s) / (1 - s)) / (2 * Math.PI);
      }
      return out;
    };
  }

  function bounds(parts) {
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    parts.forEach(function (p) {
      for (var i = 0; i < p.length; i += 2) {
        if (p[i] < b[0]) b[0] = p[i];
        if (p[i] > b[2]) b[2] = p[i];
        if (p[i + 1] < b[1]) b[1] = p[i + 1];
        if (p[i + 1] > b[3]) b[3] = p[i + 1];
      }
    });
    return b;
  }

  /* Widths in metres (lines) per layer; drawn at least minPx wide. */
  var STYLE = {
    green: { fill: "green" },
    water: { fill: "water" },
    buildings: { fill: "buildings", edge: "building_edge", minZoom: 14 },
    waterway: { stroke: "waterway", metres: 6, minPx: 1.5 },
    rail: { stroke: "rail", metres: 2, minPx: 1, dash: [6, 3] },
    paths: { stroke: "paths", metres: 2.5, minPx: 1, edge: "street_edge", edgeZoom: 16 },
    streets: { stroke: "streets", metres: 7, minPx: 1.5, edge: "street_edge", edgeZoom: 13 },
    roads: { stroke: "roads", metres: 10, minPx: 2, edge: "street_edge", edgeZoom: 13 }
  };

  var Layer = L.Layer.extend({
    initialize: function (data, options) {
      L.setOptions(this, options);
      this._data = data;
      var toWorld = project(data);
      var layers = {};
      Object.keys(data.layers).forEach(function (name) {
        layers[name] = data.layers[name].map(function (feature) {
          var parts = feature.split(" ").map(function (s) { return toWorld(decode(s)); });
          return { parts: parts, box: bounds(parts) };
        });
      });
      this._layers = layers;
      this._labels = data.labels.map(function (l) {
        var p = toWorld([l[0], l[1]]);
        return { x: p[0], y: p[1], angle: l[2] * Math.PI / 180, name: String(l[3]) };
      });
      this._pxPerMetreAtZ0 = 256 / (40075016.686 * Math.cos(data.origin[1] * Math.PI / 180));
    },

    onAdd: function (map) {
      var pane = map.getPane("basemap") || map.createPane("basemap");
      pane.style.zIndex = 150;
      this._canvas = L.DomUtil.create("canvas", "safari-basemap leaflet-zoom-animated", pane);
      this._canvas.setAttribute("aria-hidden", "true");
      map.on("moveend zoomend resize viewreset", this._draw, this);
      if (map.options.zoomAnimation) map.on("zoomanim", this._animate, this);
      this._draw();
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._draw, this);
      map.off("zoomanim", this._animate, this);
      L.DomUtil.remove(this._canvas);
    },

    _animate: function (e) {
      var map = this._map;
      if (!this._center) return;
      var scale = map.getZoomScale(e.zoom, this._zoom);
      var offset = this._half.multiplyBy(-scale).add(map.project(this._center, e.zoom))
        .subtract(map._getNewPixelOrigin(e.center, e.zoom));
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    _draw: function () {
      var map = this._map;
      if (!map) return;
      var size = map.getSize();
      var pad = Math.round(Math.max(size.x, size.y) * 0.25);
      var topLeft = map.containerPointToLayerPoint([-pad, -pad]).round();
      var w = size.x + 2 * pad, h = size.y + 2 * pad;
      this._center = map.getCenter();
      this._zoom = map.getZoom();
      this._half = L.point(w / 2, h / 2);
      var ratio = window.devicePixelRatio || 1;
      var canvas = this._canvas;
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      canvas.style.width = w + "px";
      canvas.style.height = h + "px";
      L.DomUtil.setPosition(canvas, topLeft);
      var zoom = map.getZoom();
      var scale = Math.pow(2, zoom);
      var abs = topLeft.add(map.getPixelOrigin());
      var ox = abs.x, oy = abs.y;
      var view = [ox / scale, oy / scale, (ox + w) / scale, (oy + h) / scale];
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var colours = this._data.colours;
      ctx.fillStyle = colours.land;
      ctx.fillRect(0, 0, w, h);
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      var pxm = this._pxPerMetreAtZ0 * scale;
      var drawn = {};
      var self = this;

      function visible(box) {
        return !(box[2] < view[0] || box[0] > view[2] || box[3] < view[1] || box[1] > view[3]);
      }
      function trace(parts, close) {
        parts.forEach(function (p) {
          ctx.moveTo(p[0] * scale - ox, p[1] * scale - oy);
          for (var i = 2; i < p.length; i += 2) ctx.lineTo(p[i] * scale - ox, p[i + 1] * scale - oy);
          if (close) ctx.closePath();
        });
      }

      var order = ["green", "water", "waterway", "buildings", "rail", "paths", "streets", "roads"];
      // line casings first, so crossings join cleanly
      order.forEach(function (name) {
        var style = STYLE[name], features = self._layers[name] || [];
        drawn[name] = 0;
        if (style.minZoom && zoom < style.minZoom) return;
        var shown = features.filter(function (f) { return visible(f.box); });
        drawn[name] = shown.length;
        if (!shown.length) return;
        ctx.beginPath();
        shown.forEach(function (f) { trace(f.parts, Boolean(style.fill)); });
        if (style.fill) {
          ctx.fillStyle = colours[style.fill];
          ctx.fill("evenodd");
          if (style.edge && zoom >= 16) {
            ctx.strokeStyle = colours[style.edge];
            ctx.lineWidth = 0.8;
            ctx.setLineDash([]);
            ctx.stroke();
          }
          return;
        }
        var width = Math.max(style.minPx, style.metres * pxm);
        ctx.setLineDash(style.dash || []);
        if (style.edge && zoom >= style.edgeZoom) {
          ctx.strokeStyle = colours[style.edge];
          ctx.lineWidth = width + 1.5;
          ctx.stroke();
        }
        ctx.strokeStyle = colours[style.stroke];
        ctx.lineWidth = width;
        ctx.stroke();
      });
      ctx.setLineDash([]);
      drawn.labels = zoom >= 16 ? this._drawLabels(ctx, scale, ox, oy, w, h) : 0;
      Object.keys(drawn).forEach(function (name) {
        canvas.setAttribute("data-drawn-" + name, String(drawn[name]));
      });
      canvas.setAttribute("data-zoom", String(zoom));
    },

    _drawLabels: function (ctx, scale, ox, oy, w, h) {
      var placed = [], count = 0;
      ctx.font = "600 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#4a4540";
      this._labels.forEach(function (label) {
        var x = label.x * scale - ox, y = label.y * scale - oy;
        if (x < 0 || y < 0 || x > w || y > h) return;
        var half = ctx.measureText(label.name).width / 2 + 4;
        var box = [x - half, y - half, x + half, y + half];
        for (var i = 0; i < placed.length; i++) {
          var o = placed[i];
          if (box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]) return;
        }
        placed.push(box);
        ctx.save();
        ctx.translate(x, y);
        ctx.rotate(label.angle);
        ctx.strokeText(label.name, 0, 0);
        ctx.fillText(label.name, 0, 0);
        ctx.restore();
        count += 1;
      });
      return count;
    }
  });

  return { layer: function (data, options) { return new Layer(data, options); }, decode: decode };
})();
