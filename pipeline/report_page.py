"""The report page's template, style sheet and script (`pipeline/report.py` fills them).

`PAGE` is a `str.format` template: `{L[key]}` are labels of `pipeline/labels.py`, in the page's
language; the script reads its data (tasks, documents, each document's text, outline and
links) from the JSON in `#vanban-data` and every word it shows through `t(key)`.
"""
from __future__ import annotations

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#16324f;color:#fff;padding:14px 24px}h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1400px}section{background:#fff;border:1px solid #dde2e8;border-radius:6px;
margin:0 0 16px;padding:12px 16px}h2{font-size:16px;margin:4px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #dde2e8;border-radius:6px;padding:8px 12px;min-width:150px}
.card b{display:block;font-size:20px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:16px}
figure.chart{margin:0;min-width:0;overflow:hidden}figure.chart svg{display:block;max-width:100%;height:auto}
figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e6e9ee;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#eef1f5;user-select:none}th.sorted-asc:after{content:" \\25B2"}th.sorted-desc:after{content:" \\25BC"}
tr:target,li:target{background:#fff5c2}input,select{font:inherit;padding:3px 6px;max-width:100%}.pager{margin:8px 0}
.pager button{margin-right:4px}.doctext{white-space:pre-wrap;font-family:Georgia,serif;line-height:1.7;
max-height:640px;overflow:auto;border:1px solid #e6e9ee;padding:10px}
mark{padding:1px 2px;border-radius:3px}mark a{color:inherit;text-decoration:none}
mark.reference{background:#c9e4ff}mark.date{background:#ffe3b3}mark.agency{background:#d7f5d0}
mark.count{background:#f3d1f4}span.task{border-bottom:2px solid #d33;background:#fff0f0}
.legend span{margin-right:10px}.bad{color:#b00020}.muted{color:#6b7785}
#agency-table{max-width:900px}#agency-table td:nth-child(n+2){text-align:right;width:90px}
.agency-list{max-height:360px;overflow:auto;margin-bottom:10px}#task-table td:nth-child(4){white-space:nowrap}
svg text{font:11px system-ui,sans-serif;fill:#1d2733}
.docbody{display:flex;gap:12px;align-items:flex-start}.docbody .doctext{flex:1 1 0;min-width:0;position:relative}
nav.outline{flex:0 0 300px;max-height:640px;overflow:auto;border:1px solid #e6e9ee;padding:6px 8px;font-size:13px}
nav.outline h4{margin:2px 0 6px}nav.outline ol{list-style:none;margin:0;padding:0}
nav.outline li{margin:1px 0;overflow-wrap:anywhere}nav.outline li.current{background:#fff5c2}
nav.outline a{color:inherit;text-decoration:none}nav.outline a:hover{text-decoration:underline}
nav.outline .path{color:#3a78b5;font-weight:600;margin-right:4px}
.doclinks{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,280px),1fr));gap:8px 16px;margin:6px 0}
.doclinks h4{margin:4px 0}.doclinks ul{margin:0;padding-left:18px}
@media (max-width:800px){.docbody{flex-direction:column;align-items:stretch}nav.outline{flex:none;max-height:240px}}
"""

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{L[title]}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>
<body><header><h1>{L[title]}</h1><div>{folder} &middot; {generated}</div></header>
<main>
<section id="summary"><h2>{L[summary_h]}</h2>{summary}</section>
<section id="charts"><h2>{L[charts_h]}</h2><div class="charts">{charts}</div></section>
<section id="ocr"><h2>{L[ocr_h]}</h2>{ocr}</section>
<section id="tasks"><h2>{L[tasks_h]}</h2>
<input id="task-filter" type="search" placeholder="{L[filter_tasks]}" size="40">
<span id="task-count" class="muted"></span>
<table id="task-table"><thead><tr><th data-col="1">{L[col.description]}</th><th data-col="2">{L[col.lead]}</th>
<th data-col="3">{L[col.co]}</th><th data-col="4">{L[col.deadline]}</th><th data-col="8">{L[col.section]}</th>
<th data-col="5">{L[col.document]}</th></tr></thead>
<tbody></tbody></table><div class="pager" id="task-pager"></div></section>
<section id="agencies"><h2>{L[agencies_h]}</h2>
<input id="agency-filter" type="search" placeholder="{L[filter_agencies]}" size="40">
<span id="agency-count" class="muted"></span>
<div class="agency-list"><table id="agency-table"><thead><tr><th>{L[col.agency]}</th><th>{L[col.leads]}</th>
<th>{L[col.cos]}</th><th>{L[col.overdue]}</th></tr></thead><tbody></tbody></table></div>
<div id="agency-view"><p class="muted">{L[agency_pick]}</p></div></section>
<section id="documents"><h2>{L[documents_h]}</h2>
<input id="doc-filter" type="search" placeholder="{L[filter_docs]}" size="40">
<select id="doc-select"></select> <span id="doc-count" class="muted"></span>
<p class="legend"><span><mark class="reference">{L[mark.reference]}</mark></span><span><mark class="date">{L[mark.date]}</mark></span>
<span><mark class="agency">{L[mark.agency]}</mark></span><span><mark class="count">{L[mark.count]}</mark></span>
<span><span class="task">{L[mark.task]}</span></span></p>
<div id="doc-view"></div></section>
</main>
<script id="vanban-data" type="application/json">{data}</script>
<script>{js}</script>
</body></html>
"""

JS = r"""
"use strict";
window.vanbanErrors = [];
window.addEventListener("error", e => { window.vanbanErrors.push(String(e.message)); document.body.dataset.errors = window.vanbanErrors.length; });
const DATA = JSON.parse(document.getElementById("vanban-data").textContent);
const PAGE = 100;
const esc = s => String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const t = (key, vars) => (DATA.L[key] || key).replace(/\{(\w+)\}/g, (m, k) => vars && k in vars ? vars[k] : m);
const TODAY = new Date().toISOString().slice(0, 10);
const overdue = r => r[7] !== "" && r[7] < TODAY;   // r[7]: the last day the deadline allows, ISO

// -- task table: filter, sort, paginate --------------------------------------------------
let sortCol = null, sortDir = 1, taskPage = 0;
const sortKey = (r, col) => col === 4 ? r[7] : r[col];   // deadlines sort by their day, not as shown
function drawTasks() {
  const q = document.getElementById("task-filter").value.toLowerCase();
  let rows = q ? DATA.tasks.filter(r => [...r.slice(1, 6), r[8]].join(" ").toLowerCase().includes(q)) : DATA.tasks.slice();
  if (sortCol !== null) rows.sort((a, b) => sortKey(a, sortCol).localeCompare(sortKey(b, sortCol), "vi") * sortDir);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  taskPage = Math.min(taskPage, pages - 1);
  const body = rows.slice(taskPage * PAGE, (taskPage + 1) * PAGE).map(r =>
    `<tr id="${esc(r[0])}"><td title="${esc(r[1])}">${esc(r[1].length > 280 ? r[1].slice(0, 280) + "…" : r[1])}</td><td>${esc(r[2])}</td><td>${esc(r[3])}</td>` +
    `<td${overdue(r) ? ' class="bad"' : ""}>${esc(r[4])}</td>` +
    `<td class="section">${r[8] ? `<a href="#doc/${esc(r[6])}" data-doc="${esc(r[6])}" data-sec="${esc(r[9])}">${esc(r[8])}</a>` : ""}</td>` +
    `<td><a href="#doc/${esc(r[6])}" data-doc="${esc(r[6])}">${esc(r[5])}</a></td></tr>`).join("");
  document.querySelector("#task-table tbody").innerHTML = body;
  document.getElementById("task-count").textContent = t("n_of_m_tasks", {n: rows.length, m: DATA.tasks.length});
  let pager = "";
  if (pages > 1) for (let i = 0; i < pages && i < 200; i++)
    pager += `<button data-page="${i}"${i === taskPage ? " disabled" : ""}>${i + 1}</button>`;
  document.getElementById("task-pager").innerHTML = pager;
}
function showTask(id) {  // the task table page that holds a row, then the row itself
  document.getElementById("task-filter").value = "";
  sortCol = null;
  const i = DATA.tasks.findIndex(r => r[0] === id);
  if (i < 0) return;
  taskPage = Math.floor(i / PAGE);
  drawTasks();
  location.hash = id;
}
document.getElementById("task-filter").addEventListener("input", () => { taskPage = 0; drawTasks(); });
document.getElementById("task-pager").addEventListener("click", e => {
  if (e.target.dataset.page) { taskPage = +e.target.dataset.page; drawTasks(); } });
document.querySelectorAll("#task-table th").forEach(th => th.addEventListener("click", () => {
  const col = +th.dataset.col;
  sortDir = sortCol === col ? -sortDir : 1; sortCol = col;
  document.querySelectorAll("#task-table th").forEach(h => h.className = "");
  th.className = sortDir > 0 ? "sorted-asc" : "sorted-desc";
  drawTasks();
}));
document.querySelector("#task-table tbody").addEventListener("click", e => {
  const a = e.target.closest("a[data-doc]"); if (a) { e.preventDefault(); showDoc(a.dataset.doc, a.dataset.sec); } });
document.getElementById("ocr").addEventListener("click", e => {
  const a = e.target.closest("a[data-doc]"); if (a) { e.preventDefault(); showDoc(a.dataset.doc); } });

// -- agencies: what each leads and co-operates on, overdue first -------------------------
const AGENCIES = new Map();  // name -> {lead: [task rows], co: [task rows]}
for (const r of DATA.tasks) {
  const roles = [["lead", r[2] ? [r[2]] : []], ["co", r[3] ? r[3].split("; ") : []]];  // names hold no ';' (the CSV joins with it)
  for (const [role, names] of roles) for (const name of names) {
    if (!AGENCIES.has(name)) AGENCIES.set(name, {lead: [], co: []});
    AGENCIES.get(name)[role].push(r);
  }
}
const agencyNames = [...AGENCIES.keys()].sort((a, b) => {
  const x = AGENCIES.get(a), y = AGENCIES.get(b);
  return (y.lead.length + y.co.length) - (x.lead.length + x.co.length) || a.localeCompare(b, "vi"); });
const nOverdue = a => a.lead.filter(overdue).length + a.co.filter(overdue).length;
function drawAgencies() {
  const q = document.getElementById("agency-filter").value.toLowerCase();
  const names = agencyNames.filter(n => !q || n.toLowerCase().includes(q));
  document.querySelector("#agency-table tbody").innerHTML = names.slice(0, 300).map(n => {
    const a = AGENCIES.get(n), late = nOverdue(a);
    return `<tr><td><a href="#agency/${encodeURIComponent(n)}" data-agency="${esc(n)}">${esc(n)}</a></td>` +
      `<td>${a.lead.length}</td><td>${a.co.length}</td><td${late ? ' class="bad"' : ""}>${late}</td></tr>`; }).join("");
  document.getElementById("agency-count").textContent = t("n_of_m_agencies", {n: names.length, m: agencyNames.length});
}
function showAgency(name) {
  const a = AGENCIES.get(name);
  if (!a) return;
  const rank = r => overdue(r) ? 0 : r[7] ? 1 : 2;
  const rows = [...a.lead.map(r => ["lead", r]), ...a.co.map(r => ["co", r])]
    .sort((x, y) => rank(x[1]) - rank(y[1]) || x[1][7].localeCompare(y[1][7]));
  document.getElementById("agency-view").innerHTML =
    `<h3 id="agency-name">${esc(name)}</h3><p>${esc(t("agency_summary", {lead: a.lead.length, co: a.co.length, overdue: nOverdue(a)}))}</p>` +
    `<table id="agency-tasks"><tr><th>${esc(t("col.role"))}</th><th>${esc(t("col.description"))}</th>` +
    `<th>${esc(t("col.deadline"))}</th><th>${esc(t("col.state"))}</th><th>${esc(t("col.document"))}</th></tr>` +
    rows.map(([role, r]) => {
      const state = overdue(r) ? "overdue" : r[7] ? "due" : "none";
      return `<tr class="state-${state}"><td>${esc(t("role." + role))}</td><td><a href="#${esc(r[0])}" data-task="${esc(r[0])}">${esc(r[1])}</a></td>` +
        `<td>${esc(r[4])}</td><td${state === "overdue" ? ' class="bad"' : ""}>${esc(t("state." + state))}</td>` +
        `<td><a href="#doc/${esc(r[6])}" data-doc="${esc(r[6])}">${esc(r[5])}</a></td></tr>`; }).join("") + "</table>";
  document.getElementById("agency-view").scrollIntoView();
}
document.getElementById("agency-filter").addEventListener("input", drawAgencies);
document.querySelector("#agency-table tbody").addEventListener("click", e => {
  const a = e.target.closest("a[data-agency]"); if (a) { showAgency(a.dataset.agency); } });
document.getElementById("agency-view").addEventListener("click", e => {
  const d = e.target.closest("a[data-doc]"); if (d) { e.preventDefault(); showDoc(d.dataset.doc); return; }
  const k = e.target.closest("a[data-task]"); if (k) { e.preventDefault(); showTask(k.dataset.task); } });

// -- documents: a list, and one document's highlighted text ------------------------------
function drawDocList() {
  const q = document.getElementById("doc-filter").value.toLowerCase();
  const docs = DATA.docs.filter(d => !q || d.join(" ").toLowerCase().includes(q)).slice(0, 1000);
  document.getElementById("doc-select").innerHTML = docs.map(d =>
    `<option value="${esc(d[0])}">${esc(d[1])} (${esc(d[2])}, ${esc(d[3])}${d[6] ? ", " + esc(t("n_copies", {n: d[6]})) : ""})</option>`).join("");
  document.getElementById("doc-count").textContent = t("n_shown_docs", {n: docs.length, m: DATA.docs.length});
}
function highlight(text, spans, anchors) {
  // boundaries of every span; a segment between two boundaries carries the spans over it;
  // an outline part's anchor (an empty span with its id) opens the segment where it starts
  const cuts = new Set([0, text.length]);
  spans.forEach(s => { cuts.add(s[0]); cuts.add(s[1]); });
  const at = new Map();
  (anchors || []).forEach(([pos, id]) => { cuts.add(pos); if (!at.has(pos)) at.set(pos, []); at.get(pos).push(id); });
  const pts = [...cuts].filter(p => p >= 0 && p <= text.length).sort((a, b) => a - b);
  let out = "";
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    let seg = esc(text.slice(a, b));
    const over = spans.filter(s => s[0] <= a && s[1] >= b);
    const inline = over.filter(s => s[2] !== "task").sort((x, y) => (y[1] - y[0]) - (x[1] - x[0]));
    inline.forEach(s => { seg = `<mark class="${s[2]}" title="${esc(t("mark." + s[2]) + ": " + s[4])}"><a href="#${esc(s[3])}">${seg}</a></mark>`; });
    const task = over.find(s => s[2] === "task");
    if (task) seg = `<span class="task" title="${esc(t("mark.task") + ": " + task[4])}" data-row="${esc(task[3])}">${seg}</span>`;
    out += (at.get(a) || []).map(id => `<span class="sec-anchor" id="${esc(id)}"></span>`).join("") + seg;
  }
  return out;
}
function rowsTable(key, rows, head) {
  if (!rows.length) return "";
  return `<h3>${esc(t(key))}</h3><table><tr>${head.map(h => `<th>${esc(t(h))}</th>`).join("")}</tr>` +
    rows.map(r => `<tr id="${esc(r[0])}">${r.slice(1).map(c => `<td>${esc(c)}</td>`).join("")}</tr>`).join("") + "</table>";
}
function outlineNav(p) {
  const items = (p.outline || []).map(([id, path, heading, depth]) =>
    `<li style="padding-left:${depth * 14}px" data-sec="${esc(id)}"><a href="#${esc(id)}" data-sec="${esc(id)}" title="${esc(path)}">` +
    `<span class="path">${esc(path)}</span>${esc(heading)}</a></li>`).join("");
  return `<nav class="outline"><h4>${esc(t("outline_h"))}</h4>` +
    (items ? `<ol>${items}</ol>` : `<p class="muted">${esc(t("no_outline"))}</p>`) + "</nav>";
}
function docLinks(key, docs) {  // [doc_id, number, title, source]
  if (!docs.length) return "";
  return `<div><h4>${esc(t(key, {n: docs.length}))}</h4><ul>` + docs.map(d =>
    `<li><a href="#doc/${esc(d[0])}" data-doc="${esc(d[0])}">${esc(d[1] || d[3])}</a> ${esc(d[2])}</li>`).join("") + "</ul></div>";
}
function relations(p) {
  const copies = (p.copies || []).map(c => [c[0], c[1], c[2], c[1]]);
  const parts = [docLinks("cites_h", p.cites || []), docLinks("cited_by_h", p.cited_by || [])];
  if (p.copy_of) parts.push(`<div><h4>${esc(t("copy_of"))}</h4><ul><li><a href="#doc/${esc(p.copy_of[0])}" data-doc="${esc(p.copy_of[0])}">` +
    `${esc(p.copy_of[3])}</a> ${esc(p.copy_of[1])}</li></ul></div>`);
  if (copies.length) parts.push(`<div><h4>${esc(t("copies_h", {n: copies.length}))}</h4><ul>` +
    copies.map(c => `<li>${esc(c[1])} <span class="muted">(${esc(t("v.status." + c[2]))})</span></li>`).join("") + "</ul></div>");
  const shown = parts.filter(x => x);
  return shown.length ? `<div class="doclinks">${shown.join("")}</div>` : "";
}
function showSection(id) {  // scroll the text to an outline part's place, and mark it in the outline
  const anchor = document.getElementById(id);
  if (!anchor) return;
  const box = anchor.closest(".doctext");
  box.scrollTop = anchor.offsetTop - 4;
  document.querySelectorAll("nav.outline li.current, .sec-anchor.current").forEach(x => x.classList.remove("current"));
  anchor.classList.add("current");
  const li = document.querySelector(`nav.outline li[data-sec="${CSS.escape(id)}"]`);
  if (li) { li.classList.add("current"); }
}
function renderDoc(p) {
  document.getElementById("doc-view").innerHTML =
    `<h3>${esc(p.source)}</h3><p class="muted">${esc(p.kind || "")} &middot; ${esc(p.title || "")}</p>` + relations(p) +
    `<div class="docbody">${outlineNav(p)}<div class="doctext">${highlight(p.text, p.spans, p.anchors)}</div></div>` +
    rowsTable("h.references", p.rows.references, ["th.number", "th.type", "th.issued", "th.role"]) +
    rowsTable("h.dates", p.rows.dates, ["th.value", "th.granularity", "th.role", "th.text"]) +
    rowsTable("h.agencies", p.rows.agencies, ["th.name", "th.level", "th.surface"]) +
    rowsTable("h.counts", p.rows.counts, ["th.count", "th.unit", "th.status", "th.of_total"]);
  document.querySelectorAll("#doc-view span.task").forEach(s => s.addEventListener("click", e => {
    if (e.target.closest("mark")) return;
    showTask(s.dataset.row); }));
}
const loaded = {};
let pendingSection = null;  // the part to show once a lazily loaded document arrives
function openDoc(p, sec) { renderDoc(p); if (sec) showSection(sec); }
window.vanbanDoc = p => { loaded[p.id] = p; openDoc(p, pendingSection); pendingSection = null; };
function showDoc(id, sec) {
  document.getElementById("doc-select").value = id;
  if (DATA.inline[id]) return openDoc(DATA.inline[id], sec);
  if (loaded[id]) return openDoc(loaded[id], sec);
  pendingSection = sec || null;
  if (!DATA.lazy) { document.getElementById("doc-view").innerHTML = `<p class="muted">${esc(t("no_text"))}</p>`; return; }
  const s = document.createElement("script");
  s.src = "report_files/doc-" + id + ".js";
  s.onerror = () => { document.getElementById("doc-view").innerHTML = `<p class="bad">${esc(t("missing_files"))}</p>`; };
  document.body.appendChild(s);
}
document.getElementById("doc-view").addEventListener("click", e => {
  const d = e.target.closest("a[data-doc]"); if (d) { e.preventDefault(); showDoc(d.dataset.doc); return; }
  const s = e.target.closest("a[data-sec]"); if (s) { e.preventDefault(); showSection(s.dataset.sec); } });
document.getElementById("doc-filter").addEventListener("input", drawDocList);
document.getElementById("doc-select").addEventListener("change", e => showDoc(e.target.value));

drawTasks();
drawAgencies();
drawDocList();
const hash = decodeURIComponent(location.hash);
if (hash.startsWith("#agency/")) showAgency(hash.slice(8));
const first = (hash.startsWith("#doc/") && hash.slice(5)) ||
  (DATA.docs.find(d => DATA.inline[d[0]]) || DATA.docs.find(d => d[3] === t("v.status.ok")) || [null])[0];
if (first) showDoc(first);
if (hash.startsWith("#agency/")) document.getElementById("agency-view").scrollIntoView();
document.body.dataset.ready = "1";
"""
