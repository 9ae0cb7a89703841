// The workbench's page: shared helpers, the tabs, and the form that adds an activity.
// Every value from the server is put into the page with textContent, never as HTML.
"use strict";

const WB = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 20 });

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else if (key in node) node[key] = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function api(method, url, body) {
    const options = { method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    if (method !== "GET") options.headers["X-CSRF-Token"] = csrf;
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      return { ok: false, status: 0, data: { error: "Không kết nối được máy chủ của bàn làm việc: nó còn chạy không?" } };
    }
    let data;
    try {
      data = await response.json();
    } catch (err) {
      data = { error: `Máy chủ trả lời không đọc được (mã ${response.status}).` };
    }
    return { ok: response.ok, status: response.status, data };
  }

  function say(message, kind = "info") {
    const status = document.getElementById("status");
    status.textContent = message;
    status.dataset.kind = kind;
  }

  // "1445" → "1.445", "2.5" → "2,5": how the records' machine numbers are shown.
  function vnNumber(text) {
    if (text === "" || text === null || text === undefined) return "";
    const n = Number(text);
    return Number.isFinite(n) ? numberFormat.format(n) : String(text);
  }

  // "2017-06-01" → "01/06/2017": a date shown to a person (the fields still take YYYY-MM-DD).
  function vnDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    return m ? `${m[3]}/${m[2]}/${m[1]}` : String(iso || "");
  }

  // Diacritics folded for matching only (đ → d), never for display.
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function fileAsBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  // --- tabs (arrow keys move between them, as the ARIA tabs pattern) ------------------------
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  const onShow = {};
  function showTab(tab) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    const hook = onShow[tab.id];
    if (hook) hook();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => showTab(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      showTab(next);
    });
  });

  // --- problems shown next to their field, in the command line's words ----------------------
  function clearProblems(form) {
    for (const p of form.querySelectorAll(".error")) p.remove();
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  function showProblems(form, problems) {
    clearProblems(form);
    let first = null;
    for (const [field, message] of Object.entries(problems)) {
      const box = form.querySelector(`[data-field="${CSS.escape(field)}"]`) || form.querySelector(".actions");
      const input = box.querySelector("input, select, textarea");
      const id = `${form.id}-${field}-error`;
      const p = el("p", { class: "error", id, role: "alert", text: message });
      box.append(p);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", id);
        first = first || input;
      }
    }
    if (first) first.focus();
  }

  function formFields(form) {
    const fields = {};
    for (const input of form.querySelectorAll("input[name], select[name], textarea[name]")) {
      fields[input.name] = input.value;
    }
    return fields;
  }

  // --- a small map (Leaflet from the installed package, no tiles: it works offline) -----------
  function smallMap(id) {
    const map = L.map(id, { zoomControl: true, attributionControl: false }).setView([16.0, 106.0], 5);
    return map;
  }

  // --- the place picker: suggestions as one types, resolved on the start date ---------------
  function placePicker(input, list, chosenLine, dateInput, onPick) {
    let timer = null;
    let options = [];
    let active = -1;
    let asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const items = list.querySelectorAll('[role="option"]');
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(index) {
      const option = options[index];
      if (!option) return;
      input.value = option.path;
      input.dataset.unitId = option.id;
      close();
      const today = option.valid_to && option.current.length
        ? ` — nay thuộc ${option.current.map((c) => `${c.type} ${c.name}`).join(", ")}` : "";
      const code = option.code ? ` (mã ${option.code})` : "";
      chosenLine.textContent = `Đã chọn: ${option.path}${code}${today}`;
      onPick(option);
    }

    function render(day) {
      list.replaceChildren();
      options.forEach((option, i) => {
        const later = option.valid_to && option.current.length
          ? `không còn từ ${vnDate(option.valid_to)}; nay thuộc ${option.current
            .map((c) => `${c.type} ${c.name} (${Math.round(c.share * 100)}%)`).join(", ")}`
          : "";
        const item = el("li", { role: "option", id: `${list.id}-${i}`, "data-unit-id": option.id },
          el("span", { class: "path", text: option.path }),
          later ? el("span", { class: "later", text: later }) : null);
        item.addEventListener("mousedown", (event) => { event.preventDefault(); pick(i); });
        list.append(item);
      });
      if (!options.length) {
        list.append(el("li", { class: "none", text: `Không có đơn vị nào như vậy vào ngày ${day}.` }));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(options.length ? 0 : -1);
    }

    async function ask() {
      const text = input.value.trim();
      if (text.length < 2) { close(); return; }
      const day = /^\d{4}-\d{2}-\d{2}$/.test(dateInput.value.trim()) ? dateInput.value.trim() : today();
      const mine = ++asked;
      const url = `/api/places?q=${encodeURIComponent(text)}&date=${encodeURIComponent(day)}`;
      const { ok, data } = await api("GET", url);
      if (mine !== asked) return; // an older answer arriving after a newer one
      if (!ok) { // a start date that is not a real day: the start field says so when the form is saved
        close();
        chosenLine.textContent = String(data.code || "").startsWith("date.")
          ? DATE_HINT : data.error || "";
        return;
      }
      options = ranked(pickable(data, day), text);
      render(day);
    }

    const DATE_HINT = "Sửa ngày bắt đầu (start) để có gợi ý địa điểm.";
    dateInput.addEventListener("input", () => {
      if (chosenLine.textContent === DATE_HINT) chosenLine.textContent = "";
    });
    input.addEventListener("input", () => {
      delete input.dataset.unitId;
      chosenLine.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) {
        if (event.key === "ArrowDown") { ask(); event.preventDefault(); }
        return;
      }
      if (event.key === "ArrowDown") { highlight(Math.min(active + 1, options.length - 1)); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(Math.max(active - 1, 0)); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { pick(active); event.preventDefault(); }
      else if (event.key === "Escape") { close(); event.preventDefault(); }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  // Units whose parents match the parts typed after the first comma ("xuan mai, van q") first.
  function ranked(options, text) {
    const parts = text.split(",").slice(1).map((p) => fold(p).trim()).filter(Boolean);
    const score = (o) => parts.filter((p) => fold(o.path).split(",").slice(1).some((n) => n.includes(p))).length;
    return options.map((o, i) => [score(o), i, o]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map((t) => t[2]);
  }

  // The units one can pick: the kept candidates of every answer that exist on the day, once each.
  function pickable(answers, day) {
    const seen = new Map();
    for (const answer of answers) {
      for (const c of answer.candidates) {
        const valid = (c.valid_from || "") <= day && day <= (c.valid_to || "9999");
        if (c.kept && valid && !seen.has(c.id)) seen.set(c.id, c);
      }
    }
    return Array.from(seen.values());
  }

  async function drawBoundary(map, layerHolder, unitId) {
    const { ok, data } = await api("GET", `/api/boundary?id=${encodeURIComponent(unitId)}`);
    for (const name of ["layer", "context"]) {
      if (layerHolder[name]) { map.removeLayer(layerHolder[name]); layerHolder[name] = null; }
    }
    if (!ok) return;
    const provinceId = data.properties.province_id;
    if (provinceId && provinceId !== unitId) { // the province's outline around it, for bearings
      api("GET", `/api/boundary?id=${encodeURIComponent(provinceId)}`).then((province) => {
        if (!province.ok || !province.data.geometry || !layerHolder.layer) return;
        layerHolder.context = L.geoJSON(province.data, { interactive: false,
          style: { color: "#7a7580", weight: 1.5, fillColor: "#ffffff", fillOpacity: 0.7 } }).addTo(map);
        layerHolder.context.bringToBack();
      });
    }
    if (data.geometry) {
      layerHolder.layer = L.geoJSON(data, { style: { color: "#b3261e", weight: 2, fillOpacity: 0.15 } }).addTo(map);
      map.fitBounds(layerHolder.layer.getBounds(), { maxZoom: 12, padding: [60, 60] });
      layerHolder.layer.getLayers().forEach((l) => l.getElement && l.getElement() && l.getElement().setAttribute("data-unit-id", unitId));
    } else if (data.properties.lat !== null) {
      layerHolder.layer = L.circleMarker([data.properties.lat, data.properties.lon], { radius: 8 }).addTo(map);
      map.setView([data.properties.lat, data.properties.lon], 11);
    }
  }

  // --- the add form --------------------------------------------------------------------------
  function setUpAdd() {
    const form = document.getElementById("add-form");
    const map = smallMap("add-map");
    const holder = { layer: null };
    const placeInput = document.getElementById("add-place");
    placePicker(placeInput, document.getElementById("add-place-list"),
      form.querySelector(".chosen"), document.getElementById("add-start"),
      (option) => drawBoundary(map, holder, option.id));
    onShow["tab-add"] = () => setTimeout(() => map.invalidateSize(), 0);

    const valueInput = document.getElementById("add-value");
    const readAs = form.querySelector(".read-as");
    let valueTimer = null;
    valueInput.addEventListener("input", () => {
      clearTimeout(valueTimer);
      valueTimer = setTimeout(async () => {
        const text = valueInput.value.trim();
        if (!text) { readAs.textContent = ""; return; }
        const { ok, data } = await api("GET", `/api/number?text=${encodeURIComponent(text)}`);
        readAs.textContent = ok ? `Đọc là: ${data.shown}` : data.error;
        readAs.dataset.kind = ok ? "ok" : "bad";
      }, 150);
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      say("Đang lưu…");
      const { ok, status, data } = await api("POST", "/api/records", formFields(form));
      button.disabled = false;
      if (status === 422 && data.problems) {
        showProblems(form, data.problems);
        say("Chưa lưu: sửa các ô được đánh dấu (tệp bản ghi không bị thay đổi).", "bad");
        return;
      }
      if (!ok) {
        showProblems(form, { place: data.error || "Lỗi." });
        say(`Chưa lưu: ${data.error}`, "bad");
        return;
      }
      clearProblems(form);
      const read = data.read_as && data.read_as.value ? ` (${data.read_as.value})` : "";
      say(`Đã lưu: dòng ${data.line}, ${data.row.id}${read}.`, "ok");
      for (const name of ["place", "activity", "value", "note"]) form.elements[name].value = "";
      form.querySelector(".chosen").textContent = "";
      readAs.textContent = "";
      WB.afterSave(data.line);
    });
  }

  return { el, api, say, vnNumber, vnDate, fold, today, fileAsBase64, showTab, onShow, clearProblems,
    showProblems, formFields, smallMap, placePicker, drawBoundary, setUpAdd, afterSave: () => {} };
})();

WB.setUpAdd();
