// The workbench's other screens: review (table + map), article, spreadsheet, history, build.
"use strict";

(() => {
  const { el, api, say, vnNumber, vnDate, fold, fileAsBase64, onShow, showProblems, formFields } = WB;
  const FIELDS = ["place", "activity", "kind", "actor", "value", "unit", "qualifier", "start", "end", "source", "note"];
  const LABELS = {
    place: "Địa điểm", activity: "Hoạt động", kind: "Loại", actor: "Đơn vị thực hiện", value: "Số liệu",
    unit: "Đơn vị tính", qualifier: "Độ chính xác", start: "Ngày bắt đầu", end: "Ngày kết thúc",
    source: "Nguồn", note: "Ghi chú",
  };

  // --- review: table, filters, sort, map, problems, correct, withdraw -----------------------
  const state = { rows: [], sort: { key: "line", dir: 1 }, markers: new Map(), fresh: null, map: null, layer: null };

  function reviewMap() {
    if (!state.map) {
      state.map = WB.smallMap("records-map");
      state.outlines = L.featureGroup().addTo(state.map);
      state.drawn = new Set();
      state.layer = L.featureGroup().addTo(state.map);
    }
    return state.map;
  }

  // The outline of each province with records: the map's only background (it works offline).
  async function drawProvinces(rows) {
    const ids = new Set(rows.flatMap((r) => r.units.map((u) => u.province_id)));
    for (const id of ids) {
      if (state.drawn.has(id)) continue;
      state.drawn.add(id);
      const { ok, data } = await api("GET", `/api/boundary?id=${encodeURIComponent(id)}`);
      if (ok && data.geometry) {
        L.geoJSON(data, { interactive: false, style: { color: "#7a7580", weight: 1.5, fill: true, fillColor: "#ffffff", fillOpacity: 0.7 } })
          .addTo(state.outlines);
      }
    }
  }

  async function loadRecords() {
    const { ok, data } = await api("GET", "/api/records");
    if (!ok) { say(data.error, "bad"); return; }
    state.rows = data.rows;
    document.getElementById("records-file").textContent = `(${data.file})`;
    const kinds = new Set(data.rows.map((r) => r.values.kind).filter(Boolean));
    const select = document.getElementById("filter-kind");
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "", text: "(tất cả)" }),
      ...Array.from(kinds).sort().map((k) => el("option", { value: k, text: k })));
    select.value = chosen;
    const list = document.getElementById("problems");
    list.replaceChildren(...data.problems.map((p) => el("li", { "data-line": p.line ?? "" },
      el("strong", { text: p.line ? `Dòng ${p.line}` : "—" }), ` ${p.field}: ${p.message}; ${p.fix}`)));
    if (!data.problems.length) list.append(el("li", { class: "ok", text: "Không có lỗi." }));
    renderRecords();
    reviewMap();
    drawProvinces(data.rows);
  }

  function sortValue(row, key) {
    if (key === "line") return row.line;
    if (key === "value") return row.values.value === "" ? -Infinity : Number(row.values.value);
    return fold(row.values[key]);
  }

  function visibleRows() {
    const place = fold(document.getElementById("filter-place").value.trim());
    const from = document.getElementById("filter-from").value.trim();
    const to = document.getElementById("filter-to").value.trim();
    const kind = document.getElementById("filter-kind").value;
    const withdrawn = document.getElementById("filter-withdrawn").checked;
    const { key, dir } = state.sort;
    return state.rows.filter((r) => {
      const v = r.values;
      if (r.withdrawn && !withdrawn) return false;
      if (place && !fold(v.place).includes(place)) return false;
      if (kind && v.kind !== kind) return false;
      if (from && (v.end || v.start) < from) return false;
      if (to && v.start > to) return false;
      return true;
    }).sort((a, b) => {
      const x = sortValue(a, key), y = sortValue(b, key);
      return (x < y ? -1 : x > y ? 1 : a.line - b.line) * dir;
    });
  }

  function renderRecords() {
    const map = reviewMap();
    const rows = visibleRows();
    const body = document.querySelector("#records tbody");
    body.replaceChildren();
    state.layer.clearLayers();
    state.markers.clear();
    for (const row of rows) {
      const v = row.values;
      const status = row.withdrawn ? "đã rút" : row.problems.length ? `${row.problems.length} lỗi` : "ổn";
      const tr = el("tr", { "data-line": row.line, class: [row.withdrawn ? "withdrawn" : "", row.line === state.fresh ? "fresh" : ""].join(" ").trim() },
        el("td", { text: row.line }),
        el("td", { text: v.place }),
        el("td", { text: v.activity }),
        el("td", { text: v.kind }),
        el("td", { class: "num", text: `${vnNumber(v.value)} ${v.unit}`.trim() }),
        el("td", { class: "date", text: v.end ? `${vnDate(v.start)} –\n${vnDate(v.end)}` : vnDate(v.start) }),
        el("td", { class: row.problems.length ? "bad" : "", text: status,
          title: row.problems.map((p) => `${p.field}: ${p.message}; ${p.fix}`).join("\n") }),
        el("td", { class: "row-actions" },
          el("button", { type: "button", class: "edit", text: "Sửa", "aria-label": `Sửa dòng ${row.line}` }),
          row.withdrawn ? null : el("button", { type: "button", class: "withdraw", text: "Rút", "aria-label": `Rút dòng ${row.line}` })));
      tr.querySelector(".edit").addEventListener("click", () => openEdit(row));
      const w = tr.querySelector(".withdraw");
      if (w) w.addEventListener("click", () => openWithdraw(row));
      tr.tabIndex = 0;
      tr.addEventListener("focus", () => focusMarker(row.line));
      tr.addEventListener("click", () => focusMarker(row.line));
      body.append(tr);
      const unit = row.units.find((u) => u.lat !== null);
      if (!unit || row.withdrawn) continue;
      const icon = L.divIcon({ className: "wb-pin", iconSize: [14, 14] });
      const marker = L.marker([unit.lat, unit.lon], { icon, keyboard: false, title: `${v.activity} — ${unit.path}` });
      const popup = el("div", {}, el("strong", { text: v.activity }), el("br"), unit.path, el("br"),
        `${vnNumber(v.value)} ${v.unit}`.trim(), el("br"), v.end ? `${vnDate(v.start)} – ${vnDate(v.end)}` : vnDate(v.start));
      marker.bindPopup(popup);
      marker.on("click", () => highlightRow(row.line));
      marker.addTo(state.layer);
      marker.getElement().setAttribute("data-line", String(row.line));
      state.markers.set(row.line, marker);
    }
    document.getElementById("records-count").textContent = `${rows.length} / ${state.rows.length} dòng`;
    for (const th of document.querySelectorAll("#records th[data-sort]")) {
      th.setAttribute("aria-sort", th.dataset.sort === state.sort.key ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
    }
    if (state.layer.getLayers().length) map.fitBounds(state.layer.getBounds(), { maxZoom: 11, padding: [20, 20] });
  }

  function focusMarker(line) {
    const marker = state.markers.get(line);
    if (!marker) return;
    state.map.setView(marker.getLatLng(), Math.max(state.map.getZoom(), 10));
    marker.openPopup();
  }

  function highlightRow(line) {
    for (const tr of document.querySelectorAll("#records tbody tr")) tr.classList.toggle("picked", tr.dataset.line === String(line));
    const tr = document.querySelector(`#records tbody tr[data-line="${line}"]`);
    if (tr) tr.scrollIntoView({ block: "nearest" });
  }

  for (const th of document.querySelectorAll("#records th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      renderRecords();
    });
  }
  for (const id of ["filter-place", "filter-from", "filter-to", "filter-kind", "filter-withdrawn"]) {
    document.getElementById(id).addEventListener("input", renderRecords);
  }
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());

  onShow["tab-review"] = async () => {
    await loadRecords();
    setTimeout(() => { state.map.invalidateSize(); if (state.fresh) { focusMarker(state.fresh); highlightRow(state.fresh); } }, 0);
  };

  WB.afterSave = (line) => {
    state.fresh = line;
    WB.showTab(document.getElementById("tab-review"));
  };

  // Correct: the same fields as the add form, filled with the row (figures shown the Vietnamese way).
  const editDialog = document.getElementById("edit-dialog");
  const editForm = document.getElementById("edit-form");
  let editing = null;
  function openEdit(row) {
    editing = row;
    document.getElementById("edit-title").textContent = `Sửa dòng ${row.line} (${row.values.id})`;
    const box = editForm.querySelector(".edit-fields");
    box.replaceChildren(...FIELDS.map((name) => {
      const value = name === "value" ? vnNumber(row.values.value) : row.values[name];
      return el("div", { class: "field", "data-field": name },
        el("label", { for: `edit-${name}`, text: `${LABELS[name]} ` }, el("code", { text: name })),
        el("input", { id: `edit-${name}`, name, type: "text", value }));
    }));
    WB.clearProblems(editForm);
    editDialog.showModal();
    editForm.elements.place.focus();
  }
  editForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok, status, data } = await api("POST", `/api/records/${editing.line}/correct`,
      { seen: editing.values, fields: formFields(editForm) });
    if (status === 422 && data.problems) { showProblems(editForm, data.problems); return; }
    if (!ok) { showProblems(editForm, { place: data.error }); return; }
    editDialog.close();
    state.fresh = data.line;
    await loadRecords();
    say(`Đã sửa dòng ${data.line}; bản cũ được giữ trong lịch sử.`, "ok");
  });

  const withdrawDialog = document.getElementById("withdraw-dialog");
  const withdrawForm = document.getElementById("withdraw-form");
  let withdrawing = null;
  function openWithdraw(row) {
    withdrawing = row;
    document.getElementById("withdraw-title").textContent = `Rút dòng ${row.line} (${row.values.id})`;
    withdrawForm.querySelector(".error").textContent = "";
    document.getElementById("withdraw-reason").value = "";
    withdrawDialog.showModal();
    document.getElementById("withdraw-reason").focus();
  }
  withdrawForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = document.getElementById("withdraw-reason").value;
    const { ok, data } = await api("POST", `/api/records/${withdrawing.line}/withdraw`, { seen: withdrawing.values, reason });
    if (!ok) { withdrawForm.querySelector(".error").textContent = data.error; return; }
    withdrawDialog.close();
    await loadRecords();
    say(`Đã rút dòng ${data.line}: vẫn ở trong tệp, đánh dấu “đã rút”, và có trong lịch sử.`, "ok");
  });
  for (const dialog of [editDialog, withdrawDialog]) {
    dialog.querySelector(".cancel").addEventListener("click", () => dialog.close());
  }

  // --- from an article -----------------------------------------------------------------------
  const articleForm = document.getElementById("article-form");
  const proposalsForm = document.getElementById("proposals-form");
  let proposals = [];
  articleForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = document.getElementById("article-file").files[0];
    const body = {
      date: document.getElementById("article-date").value.trim() || null,
      url: document.getElementById("article-url").value.trim() || null,
    };
    if (file) {
      body.file_name = file.name;
      body.file_b64 = await fileAsBase64(file);
    } else {
      body.text = document.getElementById("article-text").value;
    }
    say("Đang đọc bài…");
    const { ok, data } = await api("POST", "/api/article", body);
    const summary = document.getElementById("article-summary");
    if (!ok) { summary.replaceChildren(el("p", { class: "error", role: "alert", text: data.error })); say(""); return; }
    say("");
    proposals = data.proposals;
    summary.replaceChildren(...[
      el("p", { text: `Ngày: ${data.date ? vnDate(data.date) : "không thấy"} (${data.date_source}); tỉnh: ${data.province || "?"}; ${proposals.length} đề xuất.` }),
      data.date ? null : el("p", { class: "error", role: "alert",
        text: "Bài không có ngày: ghi ngày của sự việc ở ô trên rồi đọc lại." }),
      ...data.warnings.map((w) => el("p", { class: "warning", text: w }))].filter(Boolean));
    const list = document.getElementById("proposals");
    list.replaceChildren(...proposals.map((p, i) => proposalItem(p, i)));
    proposalsForm.hidden = !proposals.length;
  });

  function proposalItem(proposal, i) {
    const f = proposal.fields;
    const editable = ["place", "activity", "value", "unit", "start", "end", "kind", "note"];
    const item = el("li", { class: "proposal", "data-index": i },
      el("label", { class: "check" }, el("input", { type: "checkbox", class: "accept", "aria-label": `Nhận đề xuất ${i + 1}` }), ` Nhận đề xuất ${i + 1}`),
      el("blockquote", { text: proposal.row.quote }),
      el("div", { class: "record-form" }, ...editable.map((name) => el("div", { class: "field", "data-field": name },
        el("label", { for: `p${i}-${name}`, text: `${LABELS[name]} ` }, el("code", { text: name })),
        el("input", { id: `p${i}-${name}`, name, type: "text", value: f[name] })))));
    return item;
  }

  proposalsForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const items = Array.from(document.querySelectorAll("#proposals .proposal"));
    const chosen = items.filter((item) => item.querySelector(".accept").checked);
    const body = { proposals: chosen.map((item) => {
      const p = proposals[Number(item.dataset.index)];
      return { row: p.row, fields: { ...p.fields, ...formFields(item) } };
    }) };
    const { ok, status, data } = await api("POST", "/api/article/accept", body);
    for (const item of items) WB.clearProblems(item);
    if (status === 422 && data.problems) {
      for (const [index, problems] of Object.entries(data.problems)) showProblems(chosen[Number(index)], problems);
      say("Chưa thêm gì: sửa các ô được đánh dấu.", "bad");
      return;
    }
    if (!ok) { say(data.error, "bad"); return; }
    say(`Đã thêm ${data.added.length} bản ghi (dòng ${data.added.join(", ")}); ${data.skipped} đã có sẵn.`, "ok");
  });

  // --- from a spreadsheet ----------------------------------------------------------------------
  let sheetBody = null;
  document.getElementById("sheet-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = document.getElementById("sheet-file").files[0];
    if (!file) { say("Chọn một tệp .xlsx hoặc .csv.", "bad"); return; }
    sheetBody = { file_name: file.name, file_b64: await fileAsBase64(file) };
    showSheet(await api("POST", "/api/sheet", sheetBody));
  });
  document.getElementById("sheet-append").addEventListener("click", async () => {
    const answer = await api("POST", "/api/sheet", { ...sheetBody, append: true });
    showSheet(answer);
    if (answer.ok) {
      say(`Đã thêm ${answer.data.added.length} dòng không lỗi (dòng ${answer.data.added.join(", ")}); các dòng lỗi không được thêm.`, "ok");
      document.getElementById("sheet-append").hidden = true;
    }
  });
  function showSheet({ ok, data }) {
    const summary = document.getElementById("sheet-summary");
    const table = document.getElementById("sheet-rows");
    if (!ok && !data.rows) {
      summary.replaceChildren(el("p", { class: "error", role: "alert", text: data.error }));
      table.hidden = true;
      return;
    }
    const bad = data.rows.length - data.good;
    summary.replaceChildren(el("p", { text: `${data.name}: ${data.rows.length} dòng, ${data.good} không lỗi, ${bad} có lỗi. Chưa có gì được ghi.` }));
    table.querySelector("tbody").replaceChildren(...data.rows.map((r) => el("tr", { class: r.problems.length ? "bad" : "", "data-line": r.line },
      el("td", { text: r.line }), el("td", { text: r.values.id }), el("td", { text: r.values.place }),
      el("td", { text: r.values.activity }), el("td", { class: "num", text: `${vnNumber(r.values.value)} ${r.values.unit}`.trim() }),
      el("td", { text: vnDate(r.values.start) }), el("td", { class: "problems", text: r.problems.join("\n") || "—" }))));
    table.hidden = false;
    const button = document.getElementById("sheet-append");
    button.textContent = `Thêm ${data.good} dòng không lỗi`;
    button.hidden = !data.good || Boolean(data.added);
  }

  // --- history -----------------------------------------------------------------------------------
  const ACTIONS = { add: "thêm", correct: "sửa", withdraw: "rút", "add from article": "thêm từ bài báo",
    unreadable: "không đọc được" };
  // "add from bang.xlsx" (a spreadsheet's rows) → "thêm từ bang.xlsx".
  const action = (name) => ACTIONS[name] || String(name || "").replace(/^add from /, "thêm từ ");
  onShow["tab-history"] = async () => {
    const { ok, data } = await api("GET", "/api/history");
    const list = document.getElementById("history");
    if (!ok) { list.replaceChildren(el("li", { class: "error", text: data.error })); return; }
    list.replaceChildren(...data.entries.map((e) => {
      const changed = FIELDS.concat(["id"]).filter((k) => e.before && e.after && e.before[k] !== e.after[k]);
      return el("li", { "data-action": e.action, "data-line": e.line ?? "" },
        el("strong", { text: `${e.time ? new Date(e.time).toLocaleString("vi-VN") : ""} — ${action(e.action)} dòng ${e.line ?? "?"} (${e.id || ""})` }),
        ...changed.map((k) => el("div", { class: "change" }, el("code", { text: k }), `: “${e.before[k]}” → “${e.after[k]}”`)),
        !e.before && e.after ? el("div", { class: "change", text: `${e.after.place} — ${e.after.activity}` }) : null);
    }));
    if (!data.entries.length) list.append(el("li", { text: "Chưa có thay đổi nào." }));
  };

  // --- build the readers' map ------------------------------------------------------------------
  document.getElementById("build").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    say("Đang dựng bản đồ…");
    const { ok, data } = await api("POST", "/api/build", {});
    button.disabled = false;
    if (!ok) { say(`Chưa dựng được bản đồ: ${data.error}`, "bad"); return; }
    say("");
    const status = document.getElementById("status");
    status.replaceChildren(`Đã dựng bản đồ ${data.name}. `, el("a", { href: data.url, target: "_blank", rel: "noopener", text: "Mở bản đồ" }));
    status.dataset.kind = "ok";
    window.open(data.url, "_blank", "noopener");
  });
})();
