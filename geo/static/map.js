/* The activity map's page: draws the payload (see geo/_mapdata.py) on a folium/Leaflet map.
 *
 * vnamDraw(map, groups, layerControl, dataId) reads the JSON payload from the element `dataId`,
 * builds the boundary layers, the markers, the popups and the search box, and returns the
 * drawing (`vnamap`), which panel.js filters by period, kind and place. Every text of the payload
 * reaches the page through esc() before it becomes HTML.
 */
/* exported vnamDraw */
function vnamDraw(map, G, layerControl, dataId) {
  "use strict";
  performance.mark("draw-start");
  var D = JSON.parse(document.getElementById(dataId).textContent);
  var U = D.u, R = D.r, S = D.S, Q = D.Q || [];
  // Boundaries come as TopoJSON (each border once, quantised and delta-encoded): give every unit
  // its GeoJSON geometry back (x = lon, y = lat).
  function decodeTopology(topo) {
    if (!topo || !topo.arcs) { return; }
    var t = topo.transform;
    var arcs = (typeof topo.arcs === "string" ? JSON.parse(topo.arcs) : topo.arcs).map(function (arc) {
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
  }
  (D.topo || []).forEach(decodeTopology);
  var MAX_IN_POPUP = 200;
  var NO_KIND = "Chưa phân loại";
  // Keep opened popups clear of the layer list and the search box (top) and the corner boxes.
  var POPUP = {autoPanPaddingTopLeft: [20, 135], autoPanPaddingBottomRight: [20, 20], className: "vnam-popup"};
  function popupOptions(extra) { return L.extend({}, POPUP, extra); }
  var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  // Matching key: geo._text.fold, with the letters' table the payload brings from Python.
  var FOLD = D.fold;
  function fold(s) {
    return String(s).normalize("NFC").toLowerCase().replace(/[^\x00-\x7f]/g, function (c) { return FOLD[c] || " "; })
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  var TYPE_PREFIX = new RegExp("^(" + D.types.join("|") + ") ");
  function str(k) { return k == null ? "" : S[k]; }
  function kindOf(r) { return r.k == null ? NO_KIND : S[r.k]; }
  // Vietnamese style (as geo._popup.vi_date and geo._numbers.format_number): 31/03/2017, 1.445, 2,5.
  function viDate(iso) { return iso ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4) : ""; }
  function period(r) { return r.e ? viDate(r.b) + " – " + viDate(r.e) : viDate(r.b); }
  function viNumber(x) {
    var neg = x < 0, text = String(Math.round(Math.abs(x) * 1e6) / 1e6);
    if (text.indexOf("e") >= 0) { text = Math.abs(x).toFixed(0); }
    var parts = text.split("."), whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (neg ? "−" : "") + whole + (parts[1] ? "," + parts[1] : "");
  }
  function row(label, value) {
    return value ? '<div class="vnam-row"><span class="vnam-k">' + esc(label) + ":</span> " + esc(value) + "</div>" : "";
  }
  function validOn(u, day) { return (!u.vf || u.vf <= day) && (!u.vt || day <= u.vt); }
  if (!D.tiles) { L.DomUtil.addClass(map.getContainer(), "vnam-plain"); }
  if (D.attribution) { map.attributionControl.addAttribution(D.attribution); }

  // ---- what the filters leave: set by show(); everything below reads it
  var V = {records: R.map(function () { return true; }), day: D.asof, at: {}, measure: "n", classes: D.classes};
  U.forEach(function (u, i) { if (u.a) { V.at[i] = u.a; } });
  function value(i) {
    var list = V.at[i] || [];
    if (V.measure === "n") { return list.length; }
    var sum = 0;
    list.forEach(function (k) { var r = R[k]; if (r.x != null && str(r.un) === V.measure && !r.w) { sum += r.x; } });
    return sum;
  }
  function fillFor(i) {
    var n = value(i);
    if (!n) { return null; }
    for (var k = 0; k < V.classes.length; k++) {
      if (n >= V.classes[k][0] && n <= V.classes[k][1]) { return V.classes[k][2]; }
    }
    return V.classes.length ? V.classes[V.classes.length - 1][2] : null;
  }

  // ---- boundaries: one GeoJSON layer per level, built from the shared unit table
  var blank = D.tiles ? 0.05 : 0.6;
  var STYLES = {
    communes: function (i) {
      var c = fillFor(i);
      return {color: "#5d5d5d", weight: 0.8, opacity: 0.9, fillColor: c || "#ffffff", fillOpacity: c ? 0.75 : blank};
    },
    districts: function () { return {color: "#262626", weight: 2, opacity: 0.9, fill: false}; },
    provinces: function () { return {color: "#000000", weight: 3.2, opacity: 0.9, fill: false}; },
    other: function (i) {
      var c = fillFor(i);
      return {color: "#b35806", weight: 2, dashArray: "5 4", fillColor: c || "#fdb863", fillOpacity: 0.6};
    },
    today: function () { return {color: "#7b3294", weight: 2.2, dashArray: "7 4", fillColor: "#7b3294", fillOpacity: 0}; }
  };
  var PANES = {communes: "overlayPane", districts: "vnam-outlines", provinces: "vnam-outlines",
               other: "vnam-other", today: "vnam-today"};
  var INTERACTIVE = {communes: true, other: true, today: true};
  var index = {}, layers = {}, parts = {};
  Object.keys(PANES).forEach(function (key) {
    index[key] = {}; parts[key] = [];
    var group = G[key], members = D.layers[key] || [];
    if (!group || !members.length) { return; }
    var layer = L.geoJSON(null, {
      pane: PANES[key], interactive: !!INTERACTIVE[key], className: "vnam-" + key,
      style: function (f) { return STYLES[key](f.properties.i); },
      onEachFeature: function (f, lyr) {
        var i = f.properties.i, u = U[i];
        index[key][u.id] = lyr;
        parts[key].push([i, lyr]);
        lyr.on("add", function () { var el = lyr.getElement(); if (el) { el.setAttribute("data-id", u.id); } });
        if (INTERACTIVE[key]) { lyr.bindTooltip(esc(u.l), {sticky: true, className: "vnam-tip"}); }
        lyr.bindPopup(function () { return unitPopup(i); }, popupOptions({maxWidth: 340, minWidth: 240}));
      }
    });
    members.forEach(function (i) {
      if (U[i].g) { layer.addData({type: "Feature", geometry: U[i].g, properties: {i: i}}); }
    });
    layers[key] = layer;  // put on the map by the first draw(), with the units of its day only
  });
  // The boundaries of the day shown: communes, districts and provinces valid then; the places
  // with activities shown that are not among them, dashed; today's units as they are.
  function drawBoundaries() {
    var drawn = {};
    ["communes", "districts", "provinces"].forEach(function (key) {
      parts[key].forEach(function (p) {
        var on = validOn(U[p[0]], V.day);
        if (on) { drawn[p[0]] = true; }
        toggle(layers[key], p[1], on);
        if (on && key === "communes") { restyle(p[1], STYLES.communes(p[0])); }
      });
    });
    parts.other.forEach(function (p) {
      var on = !drawn[p[0]] && (V.at[p[0]] || []).length > 0;
      toggle(layers.other, p[1], on);
      if (on) { restyle(p[1], STYLES.other(p[0])); }
    });
    Object.keys(layers).forEach(function (key) {
      if (!G[key].hasLayer(layers[key])) { G[key].addLayer(layers[key]); }
    });
  }
  function restyle(lyr, style) {  // only what changed: a path is redrawn on each setStyle
    if (lyr.options.fillColor !== style.fillColor || lyr.options.fillOpacity !== style.fillOpacity) {
      lyr.setStyle(style);
    }
  }
  function toggle(layer, lyr, on) {
    if (on && !layer.hasLayer(lyr)) { layer.addLayer(lyr); }
    if (!on && layer.hasLayer(lyr)) { layer.removeLayer(lyr); }
  }

  function unitPopup(i) {
    var u = U[i], n = (V.at[i] || []).length;
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

  // ---- totals: figures summed by unit noun (ngày công, km...); a figure of several places is
  // counted once (by its shared group, or its record) and said to be shared
  function totals(indexes) {
    var sums = {}, seen = {}, shared = {};
    indexes.forEach(function (k) {
      var r = R[k];
      if (r.x == null) { return; }
      var key = r.g != null ? "g" + r.g : "r" + k;
      if (seen[key]) { return; }
      seen[key] = true;
      var noun = str(r.un), kind = kindOf(r);
      sums[kind] = sums[kind] || {};
      sums[kind][noun] = (sums[kind][noun] || 0) + r.x;
      if (r.w) { shared[kind] = shared[kind] || {}; shared[kind][noun] = (shared[kind][noun] || 0) + r.x; }
    });
    return {sums: sums, shared: shared};
  }
  function figures(byNoun) {
    return Object.keys(byNoun).sort().map(function (noun) { return (viNumber(byNoun[noun]) + " " + noun).trim(); }).join("; ");
  }
  function totalsHtml(t, sharedWord) {
    var kinds = Object.keys(t.sums).sort();
    if (!kinds.length) { return ""; }
    var h = '<table class="vnam-totals"><caption>Tổng số liệu theo loại</caption><tbody>';
    kinds.forEach(function (kind) {
      h += "<tr><th scope=\"row\">" + esc(kind) + "</th><td>" + esc(figures(t.sums[kind]));
      if (t.shared[kind]) { h += '<div class="vnam-sharedsum">' + esc(sharedWord + figures(t.shared[kind])) + "</div>"; }
      h += "</td></tr>";
    });
    return h + "</tbody></table>";
  }

  // ---- markers: one per place with activities shown, popups built when opened
  function sourceHtml(s) {
    if (/^https?:\/\/\S+$/i.test(s)) {
      return '<a href="' + esc(s) + '" target="_blank" rel="noopener noreferrer">' + esc(s) + "</a>";
    }
    return esc(s);
  }
  function recordHtml(k, here) {
    var r = R[k];
    var h = '<div class="vnam-rec" data-record="' + esc(r.id) + '"><div class="vnam-act">' + esc(str(r.t)) + "</div>";
    if (r.f) { h += '<div class="vnam-fig">' + esc(r.f) + "</div>"; }
    if (r.w) {
      var others = r.w.filter(function (j) { return j !== here; }).map(function (j) { return esc(U[j].s || U[j].l); });
      if (others.length) {
        h += '<div class="vnam-shared">Chung với ' + others.join("; ") +
             (r.f ? " — một số liệu cho cả " + (others.length + 1) + " nơi, không cộng riêng từng nơi" : "") + "</div>";
      }
    }
    h += row("Thời gian", period(r)) + row("Đơn vị thực hiện", str(r.a)) + row("Loại", str(r.k));
    if (r.s != null || r.q != null) {
      h += '<div class="vnam-row"><span class="vnam-k">Nguồn:</span> ' + sourceHtml(str(r.s)) +
           (r.sd ? " (" + esc(viDate(r.sd)) + ")" : "") + "</div>";
      if (r.q != null) { h += '<blockquote class="vnam-quote">“' + esc(Q[r.q]) + "”</blockquote>"; }
    }
    h += row("Ghi chú", r.n);
    return h + "</div>";
  }
  function placePopup(i) {
    var u = U[i], list = V.at[i] || [];
    var h = '<div class="vnam-pop vnam-place" data-id="' + esc(u.id) + '"><div class="vnam-title">' + esc(u.l) + "</div>";
    h += '<div class="vnam-path">' + esc(u.p) + "</div>";
    if (u.n) { h += '<div class="vnam-now">' + esc(u.n) + "</div>"; }
    h += '<div class="vnam-count">' + viNumber(list.length) + " hoạt động" +
         (list.length < u.a.length ? " (trong " + viNumber(u.a.length) + ", theo bộ lọc)" : "") + "</div>";
    h += totalsHtml(totals(list), "trong đó chung với nơi khác: ");
    h += '<button type="button" class="vnam-only" data-id="' + esc(u.id) + '">Chỉ xem hoạt động ở nơi này</button>';
    list.slice(0, MAX_IN_POPUP).forEach(function (k) { h += recordHtml(k, i); });
    if (list.length > MAX_IN_POPUP) {
      h += '<div class="vnam-row">… và ' + (list.length - MAX_IN_POPUP) + " hoạt động khác</div>";
    }
    return h + "</div>";
  }
  // Digits in black or white, whichever reads better on the kind's colour (WCAG contrast).
  function luminance(hex) {
    var c = [1, 3, 5].map(function (k) {
      var v = parseInt(hex.slice(k, k + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function ink(hex) { return (luminance(hex) + 0.05) / 0.05 > 1.05 / (luminance(hex) + 0.05) ? "#000" : "#fff"; }
  var markerOf = {}, markerIndex = {};
  function pinIcon(i, n) {
    var u = U[i], kind = D.k[u.mk] || ["", "#7f7f7f"];
    return L.divIcon({
      className: "vnam-pin-wrap", iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -8], tooltipAnchor: [8, 0],
      html: '<div class="vnam-pin" data-id="' + esc(u.id) + '" style="background:' + esc(kind[1]) + ";color:" + ink(kind[1]) + '">' +
            (n > 1 ? n : "") + "</div>"
    });
  }
  D.m.forEach(function (i) {
    var u = U[i];
    var marker = L.marker(u.ll, {icon: pinIcon(i, u.a.length), riseOnHover: true, keyboard: true});
    marker.bindTooltip(function () { return esc(u.l) + " · " + (V.at[i] || []).length + " hoạt động"; },
                       {direction: "right", className: "vnam-tip"});
    marker.bindPopup(function () { return placePopup(i); }, popupOptions({maxWidth: 380, minWidth: 260, maxHeight: 360}));
    marker.on("add", function () {
      var el = marker.getElement();
      if (el) {
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", u.l + ": " + (V.at[i] || []).length + " hoạt động. Nhấn Enter để xem");
      }
    });
    markerOf[u.id] = marker;
    markerIndex[u.id] = i;
  });
  function drawMarkers() {
    if (!G.markers) { return; }
    G.markers.clearLayers();
    var on = [];
    D.m.forEach(function (i) {
      var n = (V.at[i] || []).length, marker = markerOf[U[i].id];
      if (!n) { return; }
      marker.setIcon(pinIcon(i, n));
      on.push(marker);
    });
    if (G.markers.addLayers) { G.markers.addLayers(on); } else { on.forEach(function (m) { G.markers.addLayer(m); }); }
  }
  // A popup asked for by the list opens when the map has shown its pin (after a zoom); if the
  // reader opens another popup meanwhile, the late one is dropped rather than opened over it.
  var asked = 0, ours = false;
  map.on("popupopen", function () { if (!ours) { asked += 1; } });
  function openMarker(i, done) {
    var marker = markerOf[U[i].id];
    if (!marker || !G.markers.hasLayer(marker)) { return false; }
    if (!map.hasLayer(G.markers)) { map.addLayer(G.markers); }
    map.closePopup();
    var ticket = ++asked;
    function open() {
      if (ticket !== asked) { return; }
      ours = true;
      try { marker.openPopup(); } finally { ours = false; }
      if (done) { done(); }
    }
    if (G.markers.zoomToShowLayer) { G.markers.zoomToShowLayer(marker, open); }
    else { map.setView(marker.getLatLng(), Math.max(map.getZoom(), 11), {animate: false}); open(); }
    return true;
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
      // Units of the day shown first.
      found.push([score, validOn(U[e.i], V.day) ? 0 : 1, e.order, e.label.length, e]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]; });
    return found.slice(0, 8).map(function (x) { return x[4]; });
  }
  function openUnit(key, i) {
    var u = U[i], lyr = index[key] && index[key][u.id];
    if (G[key] && !map.hasLayer(G[key])) { map.addLayer(G[key]); }
    map.closePopup();
    if (lyr && layers[key].hasLayer(lyr)) {
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
      list.setAttribute("aria-live", "polite");
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
          var tag = e.key === "today" ? " · hiện nay" : !validOn(u, V.day) ? " · " + u.v : "";
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
    if (PHONE && el.tagName === "DETAILS") { el.open = false; }
    if (!position) { map.getContainer().appendChild(el); return; }
    var Box = L.Control.extend({options: {position: position}, onAdd: function () { return el; }});
    new Box().addTo(map);
  }
  // Phones: the layer list folds into its button (it would cover the title and the search box).
  var PHONE = window.matchMedia("(max-width: 700px)").matches;
  if (layerControl) {
    var link = layerControl.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (link) { link.title = "Lớp bản đồ"; link.setAttribute("aria-label", "Lớp bản đồ"); }
    if (PHONE) { layerControl.collapse(); map.on("click", function () { layerControl.collapse(); }); }
  }
  // The attribution (bottom right) leaves room for the scale bar (bottom left) on narrow maps.
  function fitAttribution() {
    var el = map.attributionControl && map.attributionControl.getContainer();
    if (el) { el.style.maxWidth = Math.max(map.getSize().x - 170, 120) + "px"; }
  }
  map.on("resize", fitAttribution);
  fitAttribution();
  box("vnam-titlebox", null);
  box("vnam-summary", "bottomleft");
  box("vnam-legend", "bottomright");

  // The page's state changes through show() (the records to show, the day of the boundaries) and
  // draw() (the measure of the fill and its classes).
  function show(records, day) {
    V.records = records; V.day = day;
    V.at = {};
    U.forEach(function (u, i) {
      if (u.a) { V.at[i] = u.a.filter(function (k) { return records[k]; }); }
    });
  }
  function draw(measure, classes) {
    V.measure = measure; V.classes = classes;
    map.closePopup();
    drawBoundaries();
    drawMarkers();
  }

  return {map: map, groups: G, control: layerControl, layers: index, markers: markerOf, markerIndex: markerIndex,
          data: D, view: V, openUnit: openUnit, openMarker: openMarker, search: search, show: show, draw: draw, value: value,
          esc: esc, str: str, kindOf: kindOf, viDate: viDate, viNumber: viNumber, period: period,
          totals: totals, totalsHtml: totalsHtml, validOn: validOn, NO_KIND: NO_KIND};
}
