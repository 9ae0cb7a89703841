"""The page side of the activity map: one script that draws the payload, its CSS, and the element
that puts both (and the payload as JSON) into a folium figure.

Nothing here goes through jinja: folium's ``MacroElement`` re-parses its rendered output as a
template, so a record containing ``{{`` would break the page or, worse, run as a template.
:class:`MapApp` adds plain text elements instead. Every text from the payload reaches the page
through ``esc()`` (HTML-escaping) before it becomes HTML; the payload itself sits in a
``<script type="application/json">`` block with ``</`` written ``<\\/`` so it cannot end the block.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from branca.element import Element, MacroElement

if TYPE_CHECKING:
    import folium

DATA_ELEMENT_ID = "vnam-data"

CSS = """
.leaflet-container{font:13px/1.4 "Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
.leaflet-container.vnam-plain{background:#dbe5ea}
.vnam-box{background:rgba(255,255,255,.95);border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.35);padding:6px 10px}
.vnam-titlebox{position:absolute;top:10px;left:50%;transform:translateX(-50%);z-index:800;max-width:46%;text-align:center;padding:4px 10px}
.vnam-titlebox h1{font-size:15px;margin:0;line-height:1.25}
.vnam-titlebox p{margin:2px 0 0;font-size:12px;color:#444}
.vnam-search{background:#fff;width:240px}
.vnam-search input{width:100%;box-sizing:border-box;border:0;border-radius:4px;padding:6px 8px;font:inherit}
.vnam-results{list-style:none;margin:0;padding:0;max-height:50vh;overflow:auto}
.vnam-results li{padding:4px 8px;cursor:pointer;border-top:1px solid #e4e4e4}
.vnam-results li:hover,.vnam-results li:focus{background:#e8f1fb;outline:none}
.vnam-results li span{display:block;font-size:11px;color:#555}
.vnam-results li.vnam-none{cursor:default;color:#777}
.vnam-pin-wrap{background:none;border:0}
.vnam-pin{width:16px;height:16px;border-radius:50%;border:2px solid #fff;box-shadow:0 0 0 1px rgba(0,0,0,.55),0 1px 4px rgba(0,0,0,.5);color:#fff;font:bold 10px/16px Arial,sans-serif;text-align:center}
.vnam-pop{font-size:13px}
.vnam-pop .vnam-title{font-weight:700;font-size:14px}
.vnam-pop .vnam-path{color:#555;font-size:12px}
.vnam-pop .vnam-now{color:#6a2c8a;margin:2px 0 4px}
.vnam-pop .vnam-count{font-weight:600;margin-top:4px}
.vnam-rec{border-top:1px solid #ddd;padding:6px 0 4px}
.vnam-act{font-weight:600}
.vnam-fig{font-size:15px;font-weight:700;color:#a50f15}
.vnam-shared{background:#fff3cd;border-radius:3px;padding:2px 5px;margin:2px 0;font-size:12px}
.vnam-row .vnam-k,.vnam-k{color:#555}
.vnam-quote{margin:4px 0 0;padding-left:7px;border-left:3px solid #bbb;font-style:italic;font-size:12px;color:#333}
.vnam-cmd{white-space:pre-wrap;word-break:break-word;background:#f3f3f3;border:1px solid #ddd;border-radius:3px;padding:4px 6px;margin:3px 0;font:11px/1.35 Consolas,"DejaVu Sans Mono",monospace;user-select:all}
.vnam-copy{font:inherit;font-size:12px;cursor:pointer;padding:2px 8px}
.vnam-legend{max-width:230px;font-size:12px}
.vnam-legend .vnam-lt{font-weight:700;margin:4px 0 2px}
.vnam-legend summary+.vnam-lt{margin-top:2px}
.vnam-legend i{display:inline-block;width:14px;height:11px;margin-right:6px;vertical-align:-1px;border:1px solid #888}
.vnam-legend i.vnam-dot{width:11px;border-radius:50%;border:1px solid #fff;box-shadow:0 0 0 1px #555}
.vnam-legend i.vnam-line{height:0;width:18px;border:0;border-top:2px solid #2b2b2b;vertical-align:3px}
.vnam-legend .vnam-note{color:#555;font-size:11px;margin-top:4px}
.vnam-summary{max-width:300px;max-height:36vh;overflow:auto;font-size:12px}
.vnam-summary summary{cursor:pointer;font-weight:700;font-size:13px}
.vnam-summary ul{margin:4px 0 0;padding-left:16px}
.vnam-summary li{margin:3px 0}
.vnam-summary .vnam-sub{color:#555;font-size:11px}
.vnam-summary .vnam-sub details summary{font-weight:400;font-size:11px;color:#0b5394}
.leaflet-control-layers-expanded{font-size:12px;padding:4px 8px}
.leaflet-container .leaflet-control-attribution{max-width:min(640px,60vw);font-size:11px;line-height:1.35}
.vnam-legend summary{cursor:pointer;font-weight:700;font-size:13px}
"""

# Placeholders __MAP__, __GROUPS__ and __DATA_ID__ are replaced in Python (not a template).
SCRIPT = r"""
(function () {
  "use strict";
  var map = __MAP__;
  var G = __GROUPS__;
  var D = JSON.parse(document.getElementById("__DATA_ID__").textContent);
  var U = D.u, R = D.r, S = D.S;
  // Boundaries come as TopoJSON (each border once, quantised and delta-encoded): give every unit
  // its GeoJSON geometry back (x = lon, y = lat).
  (function decodeTopology(topo) {
    if (!topo || !topo.arcs) { return; }
    var t = topo.transform;
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (!t) { return [p[0], p[1]]; }
        x += p[0]; y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
    function ring(ids) {
      var out = [];
      ids.forEach(function (id, k) {
        var a = id < 0 ? arcs[~id].slice().reverse() : arcs[id];
        out = out.concat(k ? a.slice(1) : a);
      });
      return out;
    }
    topo.objects.data.geometries.forEach(function (g) {
      var i = g.properties && g.properties.i;
      if (g.type === "Polygon") { U[i].g = {type: "Polygon", coordinates: g.arcs.map(ring)}; }
      else if (g.type === "MultiPolygon") {
        U[i].g = {type: "MultiPolygon", coordinates: g.arcs.map(function (p) { return p.map(ring); })};
      }
    });
  })(D.topo);
  var MAX_IN_POPUP = 200;
  // Keep opened popups clear of the title box (top) and the corner boxes.
  var POPUP = {autoPanPaddingTopLeft: [20, 80], autoPanPaddingBottomRight: [20, 20], className: "vnam-popup"};
  function popupOptions(extra) { return L.extend({}, POPUP, extra); }
  var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  // Matching key: lower case, no diacritics, đ -> d (as geo._text.fold).
  function fold(s) {
    return String(s).toLowerCase().replace(/đ/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
  }
  var TYPE_PREFIX = /^(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh) /;
  function str(k) { return k == null ? "" : S[k]; }
  function count(u) { return u.a ? u.a.length : 0; }
  function fillFor(n) {
    for (var k = 0; k < D.classes.length; k++) {
      if (n >= D.classes[k][0] && n <= D.classes[k][1]) { return D.classes[k][2]; }
    }
    return null;
  }
  function row(label, value) {
    return value ? '<div class="vnam-row"><span class="vnam-k">' + esc(label) + ":</span> " + esc(value) + "</div>" : "";
  }
  if (!D.tiles) { L.DomUtil.addClass(map.getContainer(), "vnam-plain"); }
  if (D.attribution) { map.attributionControl.addAttribution(D.attribution); }

  // ---- boundaries: one GeoJSON layer per level, built from the shared unit table
  var blank = D.tiles ? 0.05 : 0.6;
  var STYLES = {
    communes: function (u) {
      var c = fillFor(count(u));
      return {color: "#5d5d5d", weight: 0.8, opacity: 0.9, fillColor: c || "#ffffff", fillOpacity: c ? 0.75 : blank};
    },
    districts: function () { return {color: "#262626", weight: 2, opacity: 0.9, fill: false}; },
    provinces: function () { return {color: "#000000", weight: 3.2, opacity: 0.9, fill: false}; },
    other: function (u) {
      var c = fillFor(count(u));
      return {color: "#b35806", weight: 2, dashArray: "5 4", fillColor: c || "#fdb863", fillOpacity: 0.6};
    },
    today: function () { return {color: "#7b3294", weight: 2.2, dashArray: "7 4", fillColor: "#7b3294", fillOpacity: 0}; }
  };
  var PANES = {communes: "overlayPane", districts: "vnam-outlines", provinces: "vnam-outlines",
               other: "vnam-other", today: "vnam-today"};
  var INTERACTIVE = {communes: true, other: true, today: true};
  var index = {};
  Object.keys(PANES).forEach(function (key) {
    index[key] = {};
    var group = G[key], members = D.layers[key] || [];
    if (!group || !members.length) { return; }
    var features = [];
    members.forEach(function (i) {
      if (U[i].g) { features.push({type: "Feature", geometry: U[i].g, properties: {i: i}}); }
    });
    var layer = L.geoJSON(features, {
      pane: PANES[key], interactive: !!INTERACTIVE[key], className: "vnam-" + key,
      style: function (f) { return STYLES[key](U[f.properties.i]); },
      onEachFeature: function (f, lyr) {
        var i = f.properties.i, u = U[i];
        index[key][u.id] = lyr;
        lyr.on("add", function () { var el = lyr.getElement(); if (el) { el.setAttribute("data-id", u.id); } });
        if (INTERACTIVE[key]) { lyr.bindTooltip(esc(u.l), {sticky: true, className: "vnam-tip"}); }
        lyr.bindPopup(function () { return unitPopup(i); }, popupOptions({maxWidth: 340, minWidth: 240}));
      }
    });
    group.addLayer(layer);
  });

  function unitPopup(i) {
    var u = U[i], n = count(u);
    var h = '<div class="vnam-pop vnam-unit" data-id="' + esc(u.id) + '"><div class="vnam-title">' + esc(u.l) + "</div>";
    h += '<div class="vnam-path">' + esc(u.p) + "</div>";
    h += row("Mã", u.c || "không có trong dữ liệu") + row("Thời gian tồn tại", u.v);
    if (u.n) { h += '<div class="vnam-now">' + esc(u.n) + "</div>"; }
    if (n && markerOf[u.id]) {
      h += '<div class="vnam-row"><b>' + n + ' hoạt động</b> · <a href="#" class="vnam-open" data-i="' + i + '">xem</a></div>';
    }
    if (u.pl) {
      h += '<div class="vnam-k">Lệnh thêm hoạt động ở đây:</div><pre class="vnam-cmd">' + esc(u.pl) + "</pre>";
      h += '<button type="button" class="vnam-copy">Sao chép lệnh</button>';
    }
    return h + "</div>";
  }

  // ---- markers: one per place with activities, popups built when opened
  function sourceHtml(s) {
    if (/^https?:\/\/\S+$/i.test(s)) {
      return '<a href="' + esc(s) + '" target="_blank" rel="noopener noreferrer">' + esc(s) + "</a>";
    }
    return esc(s);
  }
  function recordHtml(r, here) {
    var h = '<div class="vnam-rec"><div class="vnam-act">' + esc(r.t) + "</div>";
    if (r.f) { h += '<div class="vnam-fig">' + esc(r.f) + "</div>"; }
    if (r.w) {
      var others = r.w.filter(function (j) { return j !== here; }).map(function (j) { return esc(U[j].s || U[j].l); });
      if (others.length) {
        h += '<div class="vnam-shared">Chung với ' + others.join("; ") +
             (r.f ? " — một số liệu cho cả " + (others.length + 1) + " nơi, không cộng riêng từng nơi" : "") + "</div>";
      }
    }
    h += row("Thời gian", r.d) + row("Đơn vị thực hiện", str(r.a)) + row("Loại", str(r.k));
    if (r.s != null || r.q) {
      h += '<div class="vnam-row"><span class="vnam-k">Nguồn:</span> ' + sourceHtml(str(r.s)) +
           (r.sd ? " (" + esc(r.sd) + ")" : "") + "</div>";
      if (r.q) { h += '<blockquote class="vnam-quote">“' + esc(r.q) + "”</blockquote>"; }
    }
    h += row("Ghi chú", r.n);
    return h + "</div>";
  }
  function placePopup(i) {
    var u = U[i];
    var h = '<div class="vnam-pop vnam-place" data-id="' + esc(u.id) + '"><div class="vnam-title">' + esc(u.l) + "</div>";
    h += '<div class="vnam-path">' + esc(u.p) + "</div>";
    if (u.n) { h += '<div class="vnam-now">' + esc(u.n) + "</div>"; }
    h += '<div class="vnam-count">' + u.a.length + " hoạt động</div>";
    u.a.slice(0, MAX_IN_POPUP).forEach(function (ri) { h += recordHtml(R[ri], i); });
    if (u.a.length > MAX_IN_POPUP) {
      h += '<div class="vnam-row">… và ' + (u.a.length - MAX_IN_POPUP) + " hoạt động khác</div>";
    }
    return h + "</div>";
  }
  var markerOf = {};
  var markers = D.m.map(function (i) {
    var u = U[i], n = count(u), kind = D.k[u.mk] || ["", "#7f7f7f"];
    var icon = L.divIcon({
      className: "vnam-pin-wrap", iconSize: [20, 20], iconAnchor: [10, 10], popupAnchor: [0, -8], tooltipAnchor: [8, 0],
      html: '<div class="vnam-pin" data-id="' + esc(u.id) + '" style="background:' + esc(kind[1]) + '">' + (n > 1 ? n : "") + "</div>"
    });
    var marker = L.marker(u.ll, {icon: icon, riseOnHover: true});
    marker.bindTooltip(esc(u.l) + " · " + n + " hoạt động", {direction: "right", className: "vnam-tip"});
    marker.bindPopup(function () { return placePopup(i); }, popupOptions({maxWidth: 380, minWidth: 260, maxHeight: 360}));
    markerOf[u.id] = marker;
    return marker;
  });
  if (G.markers) {
    if (G.markers.addLayers) { G.markers.addLayers(markers); } else { markers.forEach(function (m) { G.markers.addLayer(m); }); }
  }
  function openMarker(i) {
    var marker = markerOf[U[i].id];
    if (!marker) { return; }
    if (!map.hasLayer(G.markers)) { map.addLayer(G.markers); }
    map.closePopup();
    if (G.markers.zoomToShowLayer) { G.markers.zoomToShowLayer(marker, function () { marker.openPopup(); }); }
    else { marker.openPopup(); }
  }

  // ---- popups: copy button (clipboard, else select the text) and "xem" links
  function selectText(node) {
    var range = document.createRange(); range.selectNodeContents(node);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  }
  function copyCommand(pre, button) {
    function fallback() {
      selectText(pre);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      button.textContent = ok ? "Đã sao chép" : "Đã chọn lệnh: nhấn Ctrl+C";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = "Đã sao chép"; selectText(pre);
      }, fallback);
    } else { fallback(); }
  }
  map.on("popupopen", function (e) {
    var el = e.popup.getElement();
    if (!el) { return; }
    var button = el.querySelector(".vnam-copy"), pre = el.querySelector(".vnam-cmd");
    if (button && pre) { button.onclick = function () { copyCommand(pre, button); }; }
    var link = el.querySelector(".vnam-open");
    if (link) { link.onclick = function (ev) { ev.preventDefault(); openMarker(+link.getAttribute("data-i")); }; }
  });

  // ---- search: any drawn commune or district, diacritics optional
  var entries = [], seen = {};
  ["communes", "districts", "other", "today"].forEach(function (key, order) {
    (D.layers[key] || []).forEach(function (i) {
      var u = U[i];
      if (seen[u.id]) { return; }
      seen[u.id] = true;
      var label = fold(u.l);
      entries.push({i: i, key: key, order: order, label: label, name: label.replace(TYPE_PREFIX, ""), path: fold(u.p)});
    });
  });
  function search(text) {
    var q = fold(text);
    if (!q) { return []; }
    var found = [];
    entries.forEach(function (e) {
      var score;
      if (e.name === q || e.label === q) { score = 0; }
      else if (e.name.indexOf(q) === 0 || e.label.indexOf(q) === 0) { score = 1; }
      else if ((" " + e.label).indexOf(" " + q) >= 0) { score = 2; }
      else if (e.label.indexOf(q) >= 0) { score = 3; }
      else if (e.path.indexOf(q) >= 0) { score = 4; }
      else { return; }
      found.push([score, e.order, e.label.length, e]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.slice(0, 8).map(function (x) { return x[3]; });
  }
  function openUnit(key, i) {
    var u = U[i], lyr = index[key] && index[key][u.id];
    if (G[key] && !map.hasLayer(G[key])) { map.addLayer(G[key]); }
    map.closePopup();
    if (lyr) {
      map.fitBounds(lyr.getBounds(), {maxZoom: 13, padding: [30, 30], animate: false});
      lyr.openPopup(u.ll ? L.latLng(u.ll) : lyr.getBounds().getCenter());
    } else if (u.ll) {
      map.setView(u.ll, 13, {animate: false});
      L.popup(popupOptions({maxWidth: 340})).setLatLng(u.ll).setContent(unitPopup(i)).openOn(map);
    }
  }
  var SearchControl = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function () {
      var box = L.DomUtil.create("div", "vnam-search leaflet-bar");
      var input = L.DomUtil.create("input", "", box);
      input.type = "search";
      input.placeholder = "Tìm xã, phường, huyện…";
      input.setAttribute("aria-label", "Tìm xã, phường, huyện theo tên (không cần dấu)");
      var list = L.DomUtil.create("ul", "vnam-results", box);
      var shown = [];
      function choose(e) {
        // After the click has finished: Leaflet looks up the clicked element's ancestors to tell a
        // click on a control from a click on the map (which closes popups); a removed <li> has none.
        setTimeout(function () { list.innerHTML = ""; input.value = U[e.i].l; openUnit(e.key, e.i); }, 0);
      }
      function update() {
        shown = search(input.value);
        list.innerHTML = "";
        if (input.value.trim() && !shown.length) { list.innerHTML = '<li class="vnam-none">Không tìm thấy</li>'; }
        shown.forEach(function (e) {
          var u = U[e.i], li = L.DomUtil.create("li", "vnam-result", list);
          var where = u.p.slice(u.l.length + 2);
          var tag = e.key === "today" ? " · hiện nay" : e.key === "other" ? " · " + u.v : "";
          li.innerHTML = "<b>" + esc(u.l) + "</b><span>" + esc(where + tag) + "</span>";
          li.setAttribute("data-id", u.id);
          li.tabIndex = 0;
          L.DomEvent.on(li, "click", function () { choose(e); });
          L.DomEvent.on(li, "keydown", function (ev) { if (ev.key === "Enter") { choose(e); } });
        });
      }
      L.DomEvent.on(input, "input", update);
      L.DomEvent.on(input, "keydown", function (ev) {
        if (ev.key === "Enter" && shown.length) { choose(shown[0]); }
        if (ev.key === "Escape") { input.value = ""; list.innerHTML = ""; }
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });
  new SearchControl().addTo(map);

  // ---- boxes written in the page (title, summary, legend) become map controls
  function box(id, position) {
    var el = document.getElementById(id);
    if (!el) { return; }
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    el.hidden = false;
    var below = +el.getAttribute("data-collapse-below");
    if (below && map.getSize().y < below) { el.open = false; }  // small screens: start folded
    if (!position) { map.getContainer().appendChild(el); return; }
    var Box = L.Control.extend({options: {position: position}, onAdd: function () { return el; }});
    new Box().addTo(map);
  }
  box("vnam-titlebox", null);
  box("vnam-summary", "bottomleft");
  box("vnam-legend", "bottomright");

  window.vnamap = {map: map, groups: G, layers: index, markers: markerOf, data: D,
                   openUnit: openUnit, openMarker: openMarker, search: search};
})();
"""


class _Text(Element):
    """Text put into the page as it is (no jinja: record texts may contain ``{{``)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self._text = text

    def render(self, **kwargs: object) -> str:
        return self._text


def json_for_script(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: ``</`` → ``<\\/``, ``<!--`` → ``\\u003c!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


class MapApp(MacroElement):
    """Adds the payload, the page script, the CSS and the boxes (HTML) to the map's figure.

    ``groups`` maps the payload's layer keys (and ``"markers"``) to the folium layers the script
    fills; ``boxes`` is ready, escaped HTML (title, summary, legend). Add it to the map after the
    layers and after the ``LayerControl``, so that its boxes stack below the layer list.
    """

    def __init__(self, data: dict[str, Any], groups: dict[str, folium.map.Layer], boxes: str) -> None:
        super().__init__()
        self._name = "VnActivityMap"
        self.data = data
        self.groups = groups
        self.boxes = boxes

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        groups = "{" + ",".join(f"{json.dumps(k)}:{v.get_name()}" for k, v in self.groups.items()) + "}"
        script = (
            SCRIPT.replace("__MAP__", self._parent.get_name())
            .replace("__GROUPS__", groups)
            .replace("__DATA_ID__", DATA_ELEMENT_ID)
        )
        data = f'<script type="application/json" id="{DATA_ELEMENT_ID}">{json_for_script(self.data)}</script>'
        figure.header.add_child(_Text(f"<style>{CSS}</style>"), name=self.get_name() + "_css")
        figure.html.add_child(_Text(self.boxes + data), name=self.get_name() + "_html")
        figure.script.add_child(_Text(script), name=self.get_name() + "_script")
