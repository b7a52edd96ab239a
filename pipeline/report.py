"""The analyst's view of an output folder: `DIR/report.html`, one page that works offline.

    write_report(Path("data/processed"))

Summary (documents by kind, format, status; OCR share; failures with reasons), charts
drawn here as inline SVG (tasks per lead agency, task counts by status, deadlines per
month, documents per month), a sortable, filterable, paginated task table, and each
document's text with its references, dates, agencies, tasks and counts highlighted by
type, every mark linking to its row. Nothing is fetched from the network. Up to
`INLINE_DOCS` documents are written into the page; beyond that each document's view is
a small script in `report_files/`, loaded when the analyst opens it, so a run of 100,000
documents still gives a page that opens at once.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.tables import publish

INLINE_DOCS = 2000
TOP_AGENCIES = 15

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#16324f;color:#fff;padding:14px 24px}h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1400px}section{background:#fff;border:1px solid #dde2e8;border-radius:6px;
margin:0 0 16px;padding:12px 16px}h2{font-size:16px;margin:4px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #dde2e8;border-radius:6px;padding:8px 12px;min-width:150px}
.card b{display:block;font-size:20px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e6e9ee;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#eef1f5;user-select:none}th.sorted-asc:after{content:" \\25B2"}th.sorted-desc:after{content:" \\25BC"}
tr:target,li:target{background:#fff5c2}input,select{font:inherit;padding:3px 6px}.pager{margin:8px 0}
.pager button{margin-right:4px}.doctext{white-space:pre-wrap;font-family:Georgia,serif;line-height:1.7;
max-height:640px;overflow:auto;border:1px solid #e6e9ee;padding:10px}
mark{padding:1px 2px;border-radius:3px}mark a{color:inherit;text-decoration:none}
mark.reference{background:#c9e4ff}mark.date{background:#ffe3b3}mark.agency{background:#d7f5d0}
mark.count{background:#f3d1f4}span.task{border-bottom:2px solid #d33;background:#fff0f0}
.legend span{margin-right:10px}.bad{color:#b00020}.muted{color:#6b7785}
svg text{font:11px system-ui,sans-serif}
"""


def _read(out_dir: Path, name: str) -> list[dict]:
    path = out_dir / f"{name}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def _iso(v) -> str | None:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def bar_chart(title: str, items: list[tuple[str, int]], width: int = 460, horizontal: bool = True) -> str:
    """An SVG bar chart: horizontal bars (labels left) or vertical columns (labels below)."""
    esc = html.escape
    if not items:
        return f'<figure class="chart"><figcaption>{esc(title)}</figcaption><p class="muted">no data</p></figure>'
    top = max(v for _, v in items) or 1
    if horizontal:
        row, label_w = 20, 210
        h = row * len(items) + 10
        bars = []
        for i, (k, v) in enumerate(items):
            w = max(1, round((width - label_w - 50) * v / top))
            y = 5 + i * row
            short = k if len(k) <= 32 else k[:31] + "…"
            bars.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{esc(short)}</text>'
                        f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 6}" fill="#3a78b5">'
                        f'<title>{esc(k)}: {v}</title></rect>'
                        f'<text x="{label_w + w + 4}" y="{y + 14}">{v}</text>')
    else:
        h, base = 190, 150
        col = max(4, (width - 40) // len(items))
        bars = []
        for i, (k, v) in enumerate(items):
            bh = max(1, round(120 * v / top))
            x = 30 + i * col
            bars.append(f'<rect x="{x}" y="{base - bh}" width="{max(2, col - 3)}" height="{bh}" fill="#3a78b5">'
                        f'<title>{esc(k)}: {v}</title></rect>')
            if len(items) <= 16 or i % max(1, len(items) // 12) == 0:
                bars.append(f'<text x="{x}" y="{base + 14}" transform="rotate(40 {x} {base + 14})">{esc(k)}</text>')
    return (f'<figure class="chart"><figcaption>{esc(title)}</figcaption>'
            f'<svg role="img" width="{width}" height="{h}" viewBox="0 0 {width} {h}">{"".join(bars)}</svg></figure>')


def _month(v) -> str | None:
    v = _iso(v)
    if not v:
        return None
    if "-Q" in v:  # a quarter counts in its last month
        y, q = v.split("-Q")
        return f"{y}-{int(q) * 3:02d}"
    return v[:7] if len(v) >= 7 else None


def _doc_payload(doc: dict, text: str, rows: dict[str, list[dict]]) -> dict:
    """One document's view: its text and the spans to highlight, each with its row id."""
    did = doc["doc_id"]
    spans = []
    for kind, table, label in (("reference", "references", "ref"), ("date", "dates", "value"),
                               ("agency", "agencies", "name"), ("count", "counts", "text"),
                               ("task", "tasks", "lead")):
        for i, r in enumerate(rows.get(table, [])):
            if r.get("start") is None or r.get("end") is None:
                continue
            spans.append([r["start"], r["end"], kind, f"{table}-{did}-{i}", str(r.get(label) or "")])
    return {"id": did, "source": doc["source"], "title": doc.get("title"), "kind": doc.get("kind"),
            "text": text, "spans": spans,
            "rows": {t: [_row_view(t, did, i, r) for i, r in enumerate(rows.get(t, []))]
                     for t in ("references", "dates", "agencies", "counts")}}


def _row_view(table: str, did: str, i: int, r: dict) -> list[str]:
    cols = {"references": ("ref", "doc_type", "issued_date", "role"), "dates": ("value", "granularity", "role", "text"),
            "agencies": ("name", "level", "surface"), "counts": ("count", "unit", "status", "of_total")}[table]
    return [f"{table}-{did}-{i}"] + ["" if r.get(c) is None else str(_iso(r.get(c))) for c in cols]


def _group(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["doc_id"], []).append(r)
    return out


def build_report(out_dir: Path) -> tuple[str, dict[str, str]]:
    """The page, and the lazily loaded document scripts (name -> content) for large runs."""
    docs = _read(out_dir, "documents")
    texts = {r["doc_id"]: r["text"] for r in _read(out_dir, "texts")}
    per_table = {t: _group(_read(out_dir, t)) for t in ("references", "dates", "agencies", "tasks", "counts")}
    tasks_all = [r for rows in per_table["tasks"].values() for r in rows]
    n = len(docs)
    esc = html.escape

    def counts(col: str) -> str:
        c = Counter(str(d.get(col) or "-") for d in docs)
        return ", ".join(f"{esc(k)} {v}" for k, v in sorted(c.items()))

    pdf_pages = sum(d.get("n_pages") or 0 for d in docs if d.get("format") == "pdf")
    ocr_pages = sum(len(d.get("ocr_pages") or []) for d in docs)
    failures = [d for d in docs if d.get("status") == "failed"]
    summary = (
        '<div class="cards">'
        f'<div class="card"><b>{n}</b>documents</div>'
        f'<div class="card"><b>{len(tasks_all)}</b>tasks</div>'
        f'<div class="card"><b>{sum(len(v) for v in per_table["agencies"].values())}</b>agency mentions</div>'
        f'<div class="card"><b>{sum(len(v) for v in per_table["references"].values())}</b>references</div>'
        f'<div class="card"><b>{(100 * ocr_pages / pdf_pages) if pdf_pages else 0:.0f}%</b>of PDF pages OCR\'d '
        f'({ocr_pages}/{pdf_pages})</div></div>'
        f'<p>by kind: {counts("kind")}<br>by format: {counts("format")}<br>by status: {counts("status")}</p>')
    if failures:
        summary += "<h3>Failures</h3><ul>" + "".join(
            f'<li class="bad">{esc(d["source"])}: {esc(d.get("error") or "")}</li>' for d in failures[:200]) + "</ul>"
        if len(failures) > 200:
            summary += f"<p>... and {len(failures) - 200} more (documents.csv)</p>"

    leads = Counter(t["lead"] for t in tasks_all if t.get("lead")).most_common(TOP_AGENCIES)
    status = Counter()
    for rows in per_table["counts"].values():
        for c in rows:
            if c.get("unit") == "nhiệm vụ":
                status[c.get("status") or "unspecified"] += c["count"]
    deadlines = sorted(Counter(m for t in tasks_all if (m := _month(t.get("deadline")))).items())
    per_month = sorted(Counter(m for d in docs if (m := _month(d.get("published_date")))).items())
    charts = "".join([
        bar_chart("Tasks per lead agency (top 15)", leads),
        bar_chart("Task counts by status (nhiệm vụ, summed over documents)", status.most_common()),
        bar_chart("Task deadlines per month", deadlines, horizontal=False),
        bar_chart("Documents per month (published)", per_month, horizontal=False),
    ])

    by_id = {d["doc_id"]: d for d in docs}
    task_rows = []
    for did, rows in per_table["tasks"].items():
        d = by_id.get(did, {})
        for i, t in enumerate(rows):
            task_rows.append([f"tasks-{did}-{i}", t.get("description") or "", t.get("lead") or "",
                              "; ".join(t.get("co") or []), _iso(t.get("deadline")) or "",
                              d.get("source") or did, did])
    doc_list = [[d["doc_id"], d["source"], d.get("kind") or "", d.get("status") or "",
                 _iso(d.get("published_date")) or "", d.get("title") or ""] for d in docs]
    lazy = n > INLINE_DOCS
    payloads: dict[str, dict] = {}
    files: dict[str, str] = {}
    for d in docs:
        if d.get("status") != "ok" or d["doc_id"] not in texts:
            continue
        rows = {t: per_table[t].get(d["doc_id"], []) for t in per_table}
        p = _doc_payload(d, texts[d["doc_id"]], rows)
        if lazy:
            files[f"doc-{d['doc_id']}.js"] = "vanbanDoc(" + json.dumps(p, ensure_ascii=False) + ");\n"
        else:
            payloads[d["doc_id"]] = p
    data = {"tasks": task_rows, "docs": doc_list, "inline": payloads, "lazy": lazy}
    page = _PAGE.format(
        css=_CSS, generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), folder=esc(str(out_dir)),
        summary=summary, charts=charts,
        data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"), js=_JS)
    return page, files


def write_report(out_dir: Path) -> Path:
    page, files = build_report(out_dir)
    if files:
        folder = out_dir / "report_files"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
    path = out_dir / "report.html"
    fd, tmp = tempfile.mkstemp(prefix=".report.", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(page)
    publish(tmp, path)
    return path



_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>vanban report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>
<body><header><h1>vanban report</h1><div>{folder} &middot; generated {generated}</div></header>
<main>
<section id="summary"><h2>Summary</h2>{summary}</section>
<section id="charts"><h2>Charts</h2><div class="charts">{charts}</div></section>
<section id="tasks"><h2>Tasks</h2>
<input id="task-filter" type="search" placeholder="filter: words in any column" size="40">
<span id="task-count" class="muted"></span>
<table id="task-table"><thead><tr><th data-col="1">Description</th><th data-col="2">Lead</th>
<th data-col="3">Co-operating</th><th data-col="4">Deadline</th><th data-col="5">Document</th></tr></thead>
<tbody></tbody></table><div class="pager" id="task-pager"></div></section>
<section id="documents"><h2>Documents</h2>
<input id="doc-filter" type="search" placeholder="filter documents" size="40">
<select id="doc-select"></select> <span id="doc-count" class="muted"></span>
<p class="legend"><span><mark class="reference">reference</mark></span><span><mark class="date">date</mark></span>
<span><mark class="agency">agency</mark></span><span><mark class="count">count</mark></span>
<span><span class="task">task</span></span></p>
<div id="doc-view"></div></section>
</main>
<script id="vanban-data" type="application/json">{data}</script>
<script>{js}</script>
</body></html>
"""

_JS = r"""
"use strict";
window.vanbanErrors = [];
window.addEventListener("error", e => { window.vanbanErrors.push(String(e.message)); document.body.dataset.errors = window.vanbanErrors.length; });
const DATA = JSON.parse(document.getElementById("vanban-data").textContent);
const PAGE = 100;
const esc = s => String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));

// -- task table: filter, sort, paginate --------------------------------------------------
let taskRows = DATA.tasks, sortCol = null, sortDir = 1, taskPage = 0;
function drawTasks() {
  const q = document.getElementById("task-filter").value.toLowerCase();
  let rows = q ? DATA.tasks.filter(r => r.slice(1, 6).join(" ").toLowerCase().includes(q)) : DATA.tasks.slice();
  if (sortCol !== null) rows.sort((a, b) => a[sortCol].localeCompare(b[sortCol], "vi") * sortDir);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  taskPage = Math.min(taskPage, pages - 1);
  const body = rows.slice(taskPage * PAGE, (taskPage + 1) * PAGE).map(r =>
    `<tr id="${esc(r[0])}"><td title="${esc(r[1])}">${esc(r[1].length > 280 ? r[1].slice(0, 280) + "…" : r[1])}</td><td>${esc(r[2])}</td><td>${esc(r[3])}</td><td>${esc(r[4])}</td>` +
    `<td><a href="#doc/${esc(r[6])}" data-doc="${esc(r[6])}">${esc(r[5])}</a></td></tr>`).join("");
  document.querySelector("#task-table tbody").innerHTML = body;
  document.getElementById("task-count").textContent = `${rows.length} of ${DATA.tasks.length} tasks`;
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
  const a = e.target.closest("a[data-doc]"); if (a) { e.preventDefault(); showDoc(a.dataset.doc); } });

// -- documents: a list, and one document's highlighted text ------------------------------
function drawDocList() {
  const q = document.getElementById("doc-filter").value.toLowerCase();
  const docs = DATA.docs.filter(d => !q || d.join(" ").toLowerCase().includes(q)).slice(0, 1000);
  document.getElementById("doc-select").innerHTML = docs.map(d =>
    `<option value="${esc(d[0])}">${esc(d[1])} (${esc(d[2])}, ${esc(d[3])})</option>`).join("");
  document.getElementById("doc-count").textContent = `${docs.length} shown of ${DATA.docs.length}`;
}
function highlight(text, spans) {
  // boundaries of every span; a segment between two boundaries carries the spans over it
  const cuts = new Set([0, text.length]);
  spans.forEach(s => { cuts.add(s[0]); cuts.add(s[1]); });
  const pts = [...cuts].filter(p => p >= 0 && p <= text.length).sort((a, b) => a - b);
  let out = "";
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    let seg = esc(text.slice(a, b));
    const over = spans.filter(s => s[0] <= a && s[1] >= b);
    const inline = over.filter(s => s[2] !== "task").sort((x, y) => (y[1] - y[0]) - (x[1] - x[0]));
    inline.forEach(s => { seg = `<mark class="${s[2]}" title="${esc(s[2] + ": " + s[4])}"><a href="#${esc(s[3])}">${seg}</a></mark>`; });
    const task = over.find(s => s[2] === "task");
    if (task) seg = `<span class="task" title="${esc("task: " + task[4])}" data-row="${esc(task[3])}">${seg}</span>`;
    out += seg;
  }
  return out;
}
function rowsTable(name, rows, head) {
  if (!rows.length) return "";
  return `<h3>${name}</h3><table><tr>${head.map(h => `<th>${h}</th>`).join("")}</tr>` +
    rows.map(r => `<tr id="${esc(r[0])}">${r.slice(1).map(c => `<td>${esc(c)}</td>`).join("")}</tr>`).join("") + "</table>";
}
function renderDoc(p) {
  document.getElementById("doc-view").innerHTML =
    `<h3>${esc(p.source)}</h3><p class="muted">${esc(p.kind || "")} &middot; ${esc(p.title || "")}</p>` +
    `<div class="doctext">${highlight(p.text, p.spans)}</div>` +
    rowsTable("References", p.rows.references, ["number", "type", "issued", "role"]) +
    rowsTable("Dates", p.rows.dates, ["value", "granularity", "role", "text"]) +
    rowsTable("Agencies", p.rows.agencies, ["name", "level", "as written"]) +
    rowsTable("Counts", p.rows.counts, ["count", "unit", "status", "of total"]);
  document.querySelectorAll("#doc-view span.task").forEach(s => s.addEventListener("click", e => {
    if (e.target.closest("mark")) return;
    showTask(s.dataset.row); }));
}
const loaded = {};
window.vanbanDoc = p => { loaded[p.id] = p; renderDoc(p); };
function showDoc(id) {
  document.getElementById("doc-select").value = id;
  if (DATA.inline[id]) return renderDoc(DATA.inline[id]);
  if (loaded[id]) return renderDoc(loaded[id]);
  if (!DATA.lazy) { document.getElementById("doc-view").innerHTML = '<p class="muted">no text for this document</p>'; return; }
  const s = document.createElement("script");
  s.src = "report_files/doc-" + id + ".js";
  s.onerror = () => { document.getElementById("doc-view").innerHTML = '<p class="bad">report_files is missing</p>'; };
  document.body.appendChild(s);
}
document.getElementById("doc-filter").addEventListener("input", drawDocList);
document.getElementById("doc-select").addEventListener("change", e => showDoc(e.target.value));

drawTasks();
drawDocList();
const first = (location.hash.startsWith("#doc/") && location.hash.slice(5)) ||
  (DATA.docs.find(d => DATA.inline[d[0]]) || DATA.docs.find(d => d[3] === "ok") || [null])[0];
if (first) showDoc(first);
document.body.dataset.ready = "1";
"""
