/* The reader's tools beside the map (see map.js for the drawing):
 *
 * - a period control (months, a histogram of activities by year or month) and the kinds shown:
 *   they filter the markers, the fill, the province-wide box, the totals and the list, and the
 *   boundaries follow the period (the units valid on its day nearest to the map's date);
 * - totals of the figures shown, by kind and unit noun, each figure counted once;
 * - the fill by a measure the reader picks (number of activities, or a unit noun), with its legend;
 * - a sortable list of the activities shown, synced with the map both ways; CSV and GeoJSON of it;
 * - the URL hash (#from=YYYY-MM-DD&to=YYYY-MM-DD&kind=...&unit=ID) holds the filters, and a link
 *   with one opens the same view;
 * - window.vnActivityMap: visibleIds() and setFilter({from, to, kinds, units}).
 */
/* exported vnamPanel */
function vnamPanel(app) {
  "use strict";
  performance.mark("panel-start");  // timing marks, read by benchmarks/bench_map_cost.py
  var D = app.data, R = D.r, U = D.u, esc = app.esc, str = app.str, map = app.map;
  var LIST_ROWS = 500;  // rows drawn in the list (the downloads hold every record shown)
  var FILL = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];  // as geo._mapdata.FILL_COLOURS
  var F = {from: null, to: null, kinds: [], units: []};
  var visible = R.map(function () { return true; });
  var sort = {key: "b", dir: 1};
  var COLLATOR = new Intl.Collator("vi");
  var kinds = [], nouns = [];
  R.forEach(function (r) {
    var kind = app.kindOf(r), noun = str(r.un);
    if (kinds.indexOf(kind) < 0) { kinds.push(kind); }
    if (r.x != null && noun && nouns.indexOf(noun) < 0) { nouns.push(noun); }
  });
  kinds.sort(); nouns.sort();
  var firstDay = R.reduce(function (m, r) { return r.b < m ? r.b : m; }, "9999");
  var lastDay = R.reduce(function (m, r) { var e = r.e || r.b; return e > m ? e : m; }, "0000");

  function passes(r) {
    if (F.from && (r.e || r.b) < F.from) { return false; }
    if (F.to && r.b > F.to) { return false; }
    if (F.kinds.length && F.kinds.indexOf(app.kindOf(r)) < 0) { return false; }
    if (F.units.length && !r.o.some(function (i) { return F.units.indexOf(U[i].id) >= 0; })) { return false; }
    return true;
  }
  // The day whose boundaries are drawn: the map's date, or the day of the period nearest to it.
  function day() {
    var d = D.asof;
    if (F.from && d < F.from) { d = F.from; }
    if (F.to && d > F.to) { d = F.to; }
    return d;
  }
  function placeText(r) { return r.o.map(function (i) { return U[i].l; }).join("; "); }

  // ---- the panel
  var panel = L.DomUtil.create("aside", "vnam-panel", document.body);
  panel.id = "vnam-panel";
  panel.setAttribute("aria-label", "Lọc theo thời gian, tổng hợp và danh sách hoạt động");
  var head = L.DomUtil.create("button", "vnam-panel-toggle", panel);
  head.type = "button";
  head.setAttribute("aria-expanded", "false");
  head.setAttribute("aria-controls", "vnam-panel-body");
  var body = L.DomUtil.create("div", "vnam-panel-body", panel);
  body.id = "vnam-panel-body";
  head.onclick = function () {
    var open = !L.DomUtil.hasClass(panel, "vnam-open");
    (open ? L.DomUtil.addClass : L.DomUtil.removeClass)(panel, "vnam-open");
    head.setAttribute("aria-expanded", String(open));
  };
  var monthOf = function (iso) { return iso ? iso.slice(0, 7) : ""; };
  body.innerHTML =
    '<section class="vnam-sec" aria-labelledby="vnam-time-h"><h2 id="vnam-time-h">Thời gian</h2>' +
    '<div class="vnam-hist" id="vnam-hist" role="group" aria-label="Số hoạt động theo thời gian"></div>' +
    '<div class="vnam-range"><label>Từ tháng <input type="month" id="vnam-from"></label>' +
    '<label>đến tháng <input type="month" id="vnam-to"></label>' +
    '<button type="button" id="vnam-all">Mọi thời gian</button></div>' +
    '<fieldset class="vnam-kinds" id="vnam-kinds"><legend>Loại hoạt động</legend></fieldset>' +
    '<p class="vnam-places" id="vnam-places" hidden></p></section>' +
    '<section class="vnam-sec" aria-labelledby="vnam-tot-h"><h2 id="vnam-tot-h">Tổng hợp</h2>' +
    '<div id="vnam-totals" aria-live="polite"></div>' +
    '<label class="vnam-measure">Tô màu xã theo <select id="vnam-measure"></select></label></section>' +
    '<section class="vnam-sec vnam-listsec" aria-labelledby="vnam-list-h"><h2 id="vnam-list-h">Danh sách</h2>' +
    '<div class="vnam-dl"><button type="button" id="vnam-csv">Tải CSV</button>' +
    '<button type="button" id="vnam-geojson">Tải GeoJSON</button></div>' +
    '<div class="vnam-tablewrap"><table id="vnam-list"><caption class="vnam-sr">Các hoạt động đang hiển thị; ' +
    'nhấn vào một hàng để xem trên bản đồ</caption><thead><tr></tr></thead><tbody></tbody></table></div>' +
    '<p class="vnam-more" id="vnam-more" hidden></p></section>';
  // Beside the map, the panel opens with the map's title; on phones the title stays on the map.
  var title = document.getElementById("vnam-titlebox");
  if (title && !window.matchMedia("(max-width: 700px)").matches) {
    panel.insertBefore(title, body);
    L.DomUtil.addClass(title, "vnam-intitle");
  }
  L.DomEvent.disableClickPropagation(panel);
  L.DomEvent.disableScrollPropagation(panel);
  document.documentElement.lang = "vi";
  // The map was made beside the panel already (map.css): no resize, no second layout.
  var from = document.getElementById("vnam-from"), to = document.getElementById("vnam-to");
  from.min = to.min = monthOf(firstDay); from.max = to.max = monthOf(lastDay);
  from.onchange = function () { F.from = from.value ? from.value + "-01" : null; apply(); };
  to.onchange = function () { F.to = to.value ? lastOfMonth(to.value) : null; apply(); };
  document.getElementById("vnam-all").onclick = function () { F.from = F.to = null; apply(); };
  function lastOfMonth(ym) {
    var y = +ym.slice(0, 4), m = +ym.slice(5, 7), d = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return ym + "-" + (d < 10 ? "0" : "") + d;
  }

  // ---- kinds
  var kindBox = document.getElementById("vnam-kinds");
  kinds.forEach(function (kind) {
    var label = L.DomUtil.create("label", "", kindBox), box = L.DomUtil.create("input", "", label);
    box.type = "checkbox"; box.checked = true; box.value = kind;
    label.appendChild(document.createTextNode(" " + kind));
    box.onchange = function () {
      var on = [].slice.call(kindBox.querySelectorAll("input")).filter(function (b) { return b.checked; });
      F.kinds = on.length === kinds.length ? [] : on.map(function (b) { return b.value; });
      apply();
    };
  });

  // ---- histogram: by year, or by month when the records span at most three years
  var byMonth = +lastDay.slice(0, 4) - +firstDay.slice(0, 4) < 3;
  var bins = [];
  (function () {
    var y = +firstDay.slice(0, 4), m = byMonth ? +firstDay.slice(5, 7) : 1;
    var endY = +lastDay.slice(0, 4), endM = byMonth ? +lastDay.slice(5, 7) : 1;
    while (y < endY || (y === endY && m <= endM)) {
      var mm = (m < 10 ? "0" : "") + m;
      bins.push(byMonth ? {from: y + "-" + mm + "-01", to: lastOfMonth(y + "-" + mm), label: mm + "/" + y}
                        : {from: y + "-01-01", to: y + "-12-31", label: String(y)});
      if (byMonth && m < 12) { m += 1; } else { y += 1; m = 1; }
    }
  })();
  var hist = document.getElementById("vnam-hist");
  function drawHistogram() {
    var counts = bins.map(function (b) {
      return R.filter(function (r, k) {
        return (r.b <= b.to && (r.e || r.b) >= b.from) && (!F.kinds.length || F.kinds.indexOf(app.kindOf(r)) >= 0);
      }).length;
    });
    var top = Math.max.apply(null, counts.concat([1]));
    hist.innerHTML = "";
    bins.forEach(function (b, k) {
      var bar = L.DomUtil.create("button", "vnam-bar", hist);
      bar.type = "button";
      var inside = (!F.from || b.to >= F.from) && (!F.to || b.from <= F.to);
      if (inside) { L.DomUtil.addClass(bar, "vnam-in"); }
      bar.setAttribute("aria-label", b.label + ": " + app.viNumber(counts[k]) + " hoạt động");
      bar.setAttribute("aria-pressed", String(F.from === b.from && F.to === b.to));
      bar.title = b.label + ": " + app.viNumber(counts[k]) + " hoạt động";
      bar.innerHTML = '<span style="height:' + Math.round(100 * counts[k] / top) + '%"></span>';
      bar.onclick = function () { F.from = b.from; F.to = b.to; apply(); };
    });
    var ends = L.DomUtil.create("div", "vnam-hist-ends", hist);
    ends.innerHTML = "<span>" + esc(bins[0].label) + "</span><span>" + esc(bins[bins.length - 1].label) + "</span>";
  }

  // ---- the fill's measure and its legend (quantile classes as geo._mapdata.fill_classes)
  var measure = document.getElementById("vnam-measure");
  measure.innerHTML = '<option value="n">số hoạt động</option>' + nouns.map(function (n) {
    return '<option value="' + esc(n) + '">tổng ' + esc(n) + "</option>";
  }).join("");
  measure.onchange = function () { apply(); };
  function classes(values) {
    var ordered = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    if (!ordered.length) { return []; }
    var whole = ordered.every(function (v) { return v === Math.round(v); });
    var q = [0.2, 0.4, 0.6, 0.8].map(function (p) { return ordered[Math.floor(p * (ordered.length - 1))]; });
    var lows = [ordered[0]];
    q.forEach(function (v) { if (v > ordered[0] && lows.indexOf(v) < 0) { lows.push(v); } });
    lows.sort(function (a, b) { return a - b; });
    var palette = lows.length > 1 ? FILL.slice(FILL.length - lows.length) : [FILL[2]];
    return lows.map(function (lo, k) {
      var hi = k + 1 < lows.length ? (whole ? lows[k + 1] - 1 : lows[k + 1]) : ordered[ordered.length - 1];
      var label = lo === hi ? app.viNumber(lo) : app.viNumber(lo) + "–" + app.viNumber(hi);
      return [lo, hi, palette[k], label];
    });
  }
  function drawLegend(cls) {
    var el = document.getElementById("vnam-fill-legend");
    if (!el) { return; }
    var m = measure.value;
    var h = '<div class="vnam-lt">' + (m === "n" ? "Số hoạt động tại mỗi nơi" : "Tổng " + esc(m) + " tại mỗi nơi") + "</div>";
    h += cls.map(function (c) { return '<div><i style="background:' + c[2] + '"></i>' + esc(c[3]) + "</div>"; }).join("");
    if (!cls.length) { h += '<div class="vnam-note">Không có nơi nào có số liệu này trong thời gian đã chọn.</div>'; }
    if (m !== "n") { h += '<div class="vnam-note">Không gồm số liệu chung của nhiều nơi.</div>'; }
    el.innerHTML = h;
  }

  // ---- province-wide records (the summary box): those shown, grouped by kind
  function drawSummary() {
    var box = document.getElementById("vnam-summary");
    if (!box) { return; }
    var n = 0;
    [].forEach.call(box.querySelectorAll("li[data-id]"), function (li) {
      var k = recordOf[li.getAttribute("data-id")], on = k != null && visible[k];
      li.hidden = !on;
      if (on) { n += 1; }
    });
    [].forEach.call(box.querySelectorAll(".vnam-kindgroup"), function (g) {
      g.hidden = !g.querySelector("li[data-id]:not([hidden])");
    });
    var count = box.querySelector(".vnam-count-pw");
    if (count) { count.textContent = String(n); }
  }
  var recordOf = {};
  R.forEach(function (r, k) { recordOf[r.id] = k; });

  // ---- totals of everything shown: each figure once, shared ones said so
  function drawTotals(shown) {
    var t = app.totals(shown);
    var el = document.getElementById("vnam-totals");
    var local = shown.filter(function (k) { return !R[k].pw; }).length;
    var n = app.viNumber;
    var h = "<p>" + n(shown.length) + " hoạt động (" + n(local) + " tại các xã, huyện; " + n(shown.length - local) + " toàn tỉnh)</p>";
    h += app.totalsHtml(t, "gồm số liệu chung của nhiều nơi, tính một lần: ");
    el.innerHTML = h;
  }

  // ---- the list
  var COLUMNS = [["b", "Ngày"], ["p", "Nơi"], ["t", "Hoạt động"], ["f", "Số liệu"], ["s", "Nguồn"]];
  var headRow = document.querySelector("#vnam-list thead tr"), tbody = document.querySelector("#vnam-list tbody");
  COLUMNS.forEach(function (c) {
    var th = L.DomUtil.create("th", "", headRow), button = L.DomUtil.create("button", "", th);
    th.scope = "col";
    button.type = "button";
    button.textContent = c[1];
    button.setAttribute("data-key", c[0]);
    button.onclick = function () {
      sort = {key: c[0], dir: sort.key === c[0] ? -sort.dir : 1};
      drawList();
    };
  });
  function sortValue(k, key) {
    var r = R[k];
    if (key === "p") { return placeText(r); }
    if (key === "f") { return r.x == null ? -Infinity : r.x; }
    if (key === "s") { return str(r.s); }
    if (key === "t") { return str(r.t); }
    return r[key] || "";
  }
  function shownIndexes() { return R.map(function (r, k) { return k; }).filter(function (k) { return visible[k]; }); }
  var placesLine = document.getElementById("vnam-places");
  function drawPlaces() {
    placesLine.hidden = !F.units.length;
    if (!F.units.length) { return; }
    var names = F.units.map(function (id) {
      var i = app.markerIndex[id];
      return i != null ? U[i].l : id;
    });
    placesLine.innerHTML = "Chỉ ở: <b>" + esc(names.join("; ")) + '</b> <button type="button" id="vnam-allplaces">Mọi nơi</button>';
    document.getElementById("vnam-allplaces").onclick = function () { F.units = []; apply(); };
  }
  function drawList() {
    var rows = shownIndexes();
    var key = sort.key, text = key === "p" || key === "t" || key === "s";
    var values = {};
    rows.forEach(function (k) { values[k] = sortValue(k, key); });
    rows.sort(function (a, b) {
      var x = values[a], y = values[b];
      var c = text ? COLLATOR.compare(x, y) : x < y ? -1 : x > y ? 1 : 0;  // dates (ISO) and figures as they are
      return c * sort.dir || a - b;
    });
    [].forEach.call(headRow.querySelectorAll("th"), function (th) {
      var key = th.firstChild.getAttribute("data-key");
      th.setAttribute("aria-sort", key === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none");
    });
    var h = "";
    rows.slice(0, LIST_ROWS).forEach(function (k) {
      var r = R[k];
      h += '<tr tabindex="0" data-record="' + esc(r.id) + '" data-k="' + k + '"><td>' + esc(app.period(r)) + "</td><td>" +
           esc(r.pw ? placeText(r) + " (toàn tỉnh)" : placeText(r)) + "</td><td>" + esc(str(r.t)) + "</td><td>" + esc(r.f || "") +
           "</td><td>" + esc(str(r.s)) + "</td></tr>";
    });
    tbody.innerHTML = h;
    var more = document.getElementById("vnam-more");
    more.hidden = rows.length <= LIST_ROWS;
    more.textContent = "Hiển thị " + app.viNumber(LIST_ROWS) + " trong " + app.viNumber(rows.length) + " hoạt động; tải CSV để có đủ.";
    head.textContent = "Lọc, tổng hợp, danh sách (" + app.viNumber(rows.length) + ")";
  }
  function chooseRow(tr) {
    var k = +tr.getAttribute("data-k"), r = R[k];
    mark([k]);
    if (r.pw) {
      var box = document.getElementById("vnam-summary"), li = box && box.querySelector('li[data-id="' + CSS.escape(r.id) + '"]');
      if (box) { box.open = true; }
      if (li) { li.scrollIntoView({block: "nearest"}); L.DomUtil.addClass(li, "vnam-hl"); }
      return;
    }
    var target = r.o.map(function (i) { return U[i].id; }).filter(function (id) { return app.markerIndex[id] != null; })[0];
    if (target == null) { return; }
    if (window.matchMedia("(max-width: 700px)").matches) { head.click(); }  // phones: show the map
    app.openMarker(app.markerIndex[target], function () {
      var el = document.querySelector('.leaflet-popup-content [data-record="' + CSS.escape(r.id) + '"]');
      if (el) { el.scrollIntoView({block: "nearest"}); L.DomUtil.addClass(el, "vnam-hl"); }
    });
  }
  tbody.addEventListener("click", function (e) { var tr = e.target.closest("tr"); if (tr) { chooseRow(tr); } });
  tbody.addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr");
    if (!tr) { return; }
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); chooseRow(tr); }
    if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
    if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
  });
  function mark(ks) {
    [].forEach.call(tbody.querySelectorAll("tr.vnam-hl"), function (tr) { L.DomUtil.removeClass(tr, "vnam-hl"); });
    var first = null;
    ks.forEach(function (k) {
      var tr = tbody.querySelector('tr[data-k="' + k + '"]');
      if (tr) { L.DomUtil.addClass(tr, "vnam-hl"); tr.setAttribute("aria-current", "true"); first = first || tr; }
    });
    if (first) { first.scrollIntoView({block: "nearest"}); }
  }
  // The map to the list: a place's popup marks its rows, and can keep only that place.
  map.on("popupopen", function (e) {
    var el = e.popup.getElement(), place = el && el.querySelector(".vnam-place");
    if (!place) { return; }
    var only = el.querySelector(".vnam-only");
    if (only) { only.onclick = function () { F.units = [only.getAttribute("data-id")]; apply(); }; }
    var i = app.markerIndex[place.getAttribute("data-id")];
    mark(app.view.at[i] || []);
  });

  // ---- downloads of the records shown, made in the page
  var CSV_COLUMNS = ["id", "place", "unit_ids", "activity", "kind", "actor", "value", "unit", "start", "end",
                     "source", "source_date", "quote"];
  function csvCell(v) {
    var s = v == null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) { s = "'" + s; }  // as the records file
    return /[",\n\r;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function fields(k) {
    var r = R[k];
    return {id: r.id, place: placeText(r), unit_ids: r.o.map(function (i) { return U[i].id; }).join("|"),
            activity: str(r.t), kind: str(r.k), actor: str(r.a), value: r.x == null ? "" : r.x, unit: str(r.un),
            start: r.b, end: r.e || "", source: str(r.s), source_date: r.sd || "", quote: r.q == null ? "" : D.Q[r.q]};
  }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var a = L.DomUtil.create("a", "", document.body);
    a.href = url; a.download = name;
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }
  document.getElementById("vnam-csv").onclick = function () {
    var lines = [CSV_COLUMNS.join(",")];
    shownIndexes().forEach(function (k) {
      var f = fields(k);
      lines.push(CSV_COLUMNS.map(function (c) { return csvCell(f[c]); }).join(","));
    });
    download("hoat_dong.csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
  };
  document.getElementById("vnam-geojson").onclick = function () {
    var features = shownIndexes().map(function (k) {
      var r = R[k], points = r.pw ? [] : r.o.filter(function (i) { return U[i].ll; }).map(function (i) {
        return [U[i].ll[1], U[i].ll[0]];  // GeoJSON: lon, lat
      });
      var geometry = !points.length ? null : points.length === 1 ? {type: "Point", coordinates: points[0]}
        : {type: "MultiPoint", coordinates: points};
      return {type: "Feature", id: r.id, geometry: geometry, properties: fields(k)};
    });
    download("hoat_dong.geojson", "application/geo+json",
             JSON.stringify({type: "FeatureCollection", features: features}));
  };

  // ---- the URL hash
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    F.from = iso.test(p.get("from") || "") ? p.get("from") : null;
    F.to = iso.test(p.get("to") || "") ? p.get("to") : null;
    F.kinds = p.getAll("kind").filter(function (k) { return kinds.indexOf(k) >= 0; });
    F.units = p.getAll("unit");
  }
  function hashText() {
    var p = new URLSearchParams();
    if (F.from) { p.set("from", F.from); }
    if (F.to) { p.set("to", F.to); }
    F.kinds.forEach(function (k) { p.append("kind", k); });
    F.units.forEach(function (u) { p.append("unit", u); });
    var text = p.toString();
    return text ? "#" + text : "";
  }
  window.addEventListener("hashchange", function () { readHash(); apply(); });

  // ---- everything follows the filters
  function apply() {
    visible = R.map(passes);
    var shown = shownIndexes();
    var m = measure.value;
    app.show(visible, day());
    app.view.measure = m;
    // The classes are those of the places with activities shown, by the measure chosen.
    var values = Object.keys(app.view.at).map(function (i) { return app.value(+i); });
    app.draw(m, classes(values));
    drawLegend(app.view.classes);
    from.value = monthOf(F.from); to.value = monthOf(F.to);
    [].forEach.call(kindBox.querySelectorAll("input"), function (b) {
      b.checked = !F.kinds.length || F.kinds.indexOf(b.value) >= 0;
    });
    drawHistogram(); drawPlaces(); drawSummary(); drawTotals(shown); drawList();
    var text = hashText();
    if (text !== location.hash && !(text === "" && (location.hash === "" || location.hash === "#"))) {
      history.replaceState(null, "", text || location.pathname + location.search);
    }
    document.documentElement.setAttribute("data-vnam-shown", String(shown.length));
  }
  readHash();
  performance.mark("panel-built");
  apply();
  performance.mark("panel-applied");
  if (F.units.length) {
    var i = app.markerIndex[F.units[0]];
    if (i != null) { app.openMarker(i); }
  }

  window.vnActivityMap = {
    visibleIds: function () { return shownIndexes().map(function (k) { return R[k].id; }); },
    setFilter: function (f) {
      f = f || {};
      F = {from: f.from || null, to: f.to || null, kinds: (f.kinds || []).slice(), units: (f.units || []).slice()};
      apply();
    },
    getFilter: function () { return {from: F.from, to: F.to, kinds: F.kinds.slice(), units: F.units.slice()}; },
    map: map
  };
}
