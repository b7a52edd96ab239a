"""The analyst's view of an output folder: `DIR/report.html`, one page that works offline.

    write_report(Path("data/processed"))             # in Vietnamese
    write_report(Path("data/processed"), lang="en")  # in English

Summary (documents by kind, format, status; OCR share; failures with reasons), charts
drawn here as inline SVG (tasks per lead agency; for each report or news article with task
counts its total / completed / overdue, newest first; deadlines and documents per month, or
per quarter or year when the months would not fit), a sortable, filterable, paginated task
table, a view per agency (what it leads and co-operates on, overdue first), and each
document's text with its references, dates, agencies, tasks and counts highlighted by
type, every mark linking to its row. Every word shown comes from `pipeline/labels.py`, in
the page's language; dates read `dd/mm/yyyy` in Vietnamese, ISO in English. Charts scale
to their box (viewBox, `max-width:100%`); a name too long for its label is wrapped onto two
lines and cut, the whole name in its tooltip; bar counts are bounded. Nothing is fetched
from the network. Up to `INLINE_DOCS` documents are written into the page; beyond that each
document's view is a small script in `report_files/`, loaded when the analyst opens it, so
a run of 100,000 documents still gives a page that opens at once.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.labels import LANGS, label, labels_for, value_label
from pipeline.tables import publish
from pipeline.xlsx import last_day

INLINE_DOCS = 2000
TOP_AGENCIES = 15
TOP_RESULT_DOCS = 20   # documents in the results chart
MAX_COLUMNS = 48       # columns of a time chart before months become quarters, then years
CHART_W = 460
LABEL_CHARS = 30       # characters on one line of a bar's label (11 px text in a 200 px box)
COMPLETED = ("completed", "completed_on_time", "completed_late")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_CSS = """
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
"""


def _read(out_dir: Path, name: str) -> list[dict]:
    path = out_dir / f"{name}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def _iso(v) -> str | None:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def show_date(v, lang: str) -> str:
    """An ISO value as the page shows it: `dd/mm/yyyy`, `mm/yyyy`, `Quý III/2024`, `yyyy` in
    Vietnamese; the ISO value itself in English."""
    v = _iso(v)
    if not v:
        return ""
    if lang == "en":
        return v
    if "-Q" in v:
        y, q = v.split("-Q")
        return label("quarter", lang, y=y, q=q, roman=_ROMAN.get(int(q), q))
    parts = v.split("-")
    return "/".join(reversed(parts))


def _number(n: int, lang: str) -> str:
    """1700 -> `1.700` in Vietnamese, `1,700` in English."""
    s = f"{n:,}"
    return s.replace(",", ".") if lang == "vi" else s


def wrap_label(text: str, chars: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """A name on at most `lines` lines of at most `chars` characters, cut with `…`."""
    out: list[str] = []
    words = text.split()
    line = ""
    for i, w in enumerate(words):
        if len(w) > chars:
            w = w[:chars - 1] + "…"
        if not line or len(line) + 1 + len(w) <= chars:
            line = f"{line} {w}" if line else w
            continue
        out.append(line)
        line = w
        if len(out) == lines:
            break
    else:
        if line:
            out.append(line)
        return out
    last = out[-1]
    out[-1] = (last if len(last) < chars else last[:chars - 1]) + "…"
    return out


def _figure(title: str, svg: str) -> str:
    return f'<figure class="chart"><figcaption>{html.escape(title)}</figcaption>{svg}</figure>'


def _svg(width: int, height: int, body: str) -> str:
    return (f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="xMinYMin meet">{body}</svg>')


def _no_data(title: str, lang: str) -> str:
    return _figure(title, f'<p class="muted">{html.escape(label("no_data", lang))}</p>')


def _name_lines(x: float, y: float, name: str) -> str:
    """A name right-aligned at x, on one or two lines centred on y, its whole text in a tooltip."""
    esc = html.escape
    lines = wrap_label(name)
    first = y + 4 - 6.5 * (len(lines) - 1)
    spans = "".join(f'<tspan x="{x}" y="{first + 13 * i:.1f}">{esc(s)}</tspan>' for i, s in enumerate(lines))
    return f'<text text-anchor="end"><title>{esc(name)}</title>{spans}</text>'


def bar_chart(title: str, items: list[tuple[str, int]], lang: str, width: int = CHART_W) -> str:
    """Horizontal bars, a name on the left of each (wrapped, cut, tooltip), its value after it."""
    if not items:
        return _no_data(title, lang)
    esc = html.escape
    row, label_w, value_w = 32, 200, 56
    top = max(v for _, v in items) or 1
    h = row * len(items) + 8
    parts = []
    for i, (k, v) in enumerate(items):
        w = max(1, round((width - label_w - value_w - 6) * v / top))
        y = 4 + i * row
        parts.append(_name_lines(label_w - 6, y + row / 2, k)
                     + f'<rect x="{label_w}" y="{y + 7}" width="{w}" height="{row - 14}" fill="#3a78b5">'
                     f'<title>{esc(k)}: {_number(v, lang)}</title></rect>'
                     f'<text x="{label_w + w + 4}" y="{y + row / 2 + 4}">{_number(v, lang)}</text>')
    return _figure(title, _svg(width, h, "".join(parts)))


_SEGMENTS = (("completed", "#2e8b57"), ("overdue", "#c62828"), ("rest", "#b0bec5"))


def stacked_chart(title: str, rows: list[tuple[str, dict[str, int]]], lang: str, width: int = CHART_W) -> str:
    """One bar per row, its segments completed / overdue / the rest, the total after it."""
    if not rows:
        return _no_data(title, lang)
    esc = html.escape
    row, label_w, value_w, legend_h = 34, 200, 56, 22
    top = max(max(r["total"], r["completed"] + r["overdue"]) for _, r in rows) or 1
    scale = (width - label_w - value_w - 6) / top
    parts, x = [], 4
    for key, colour in _SEGMENTS:  # legend
        name = label(f"seg.{key}", lang)
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"></rect>'
                     f'<text x="{x + 16}" y="14">{esc(name)}</text>')
        x += 24 + 7 * len(name)
    for i, (name, r) in enumerate(rows):
        y = legend_h + i * row
        tip = esc(f'{name}: {label("seg.total", lang)} {_number(r["total"], lang)}, '
                  f'{label("seg.completed", lang)} {_number(r["completed"], lang)}, '
                  f'{label("seg.overdue", lang)} {_number(r["overdue"], lang)}')
        parts.append(_name_lines(label_w - 6, y + row / 2, name))
        x = float(label_w)
        for key, colour in _SEGMENTS:
            w = r[key] * scale
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 7}" width="{max(w, 1):.1f}" height="{row - 14}" '
                             f'fill="{colour}"><title>{tip}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + row / 2 + 4}">{_number(r["total"], lang)}</text>')
    return _figure(title, _svg(width, legend_h + row * len(rows) + 6, "".join(parts)))


def column_chart(title: str, items: list[tuple[str, int]], lang: str, width: int = CHART_W) -> str:
    """Vertical columns over time; at most 16 labels under them, turned 45°, with room kept
    below and to the left so that none is cut."""
    if not items:
        return _no_data(title, lang)
    esc = html.escape
    longest = max(len(k) for k, _ in items)
    slant = math.ceil(longest * 6.2 * 0.71)  # a turned label's reach down and to the left
    left, bottom, plot_h, top_pad = max(34, slant + 6), slant + 18, 120, 16
    base = top_pad + plot_h
    col = (width - left - 8) / len(items)
    top = max(v for _, v in items) or 1
    step = max(1, math.ceil(len(items) / 16))
    parts = [f'<line x1="{left - 2}" y1="{base + 0.5}" x2="{width - 4}" y2="{base + 0.5}" stroke="#9aa5b1"></line>',
             f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{_number(top, lang)}</text>']
    for i, (k, v) in enumerate(items):
        bh = max(1, round(plot_h * v / top)) if v else 0
        x = left + i * col
        if bh:
            parts.append(f'<rect x="{x + col * 0.1:.1f}" y="{base - bh}" width="{max(col * 0.8, 1):.1f}" '
                         f'height="{bh}" fill="#3a78b5"><title>{esc(k)}: {_number(v, lang)}</title></rect>')
        if i % step == 0:
            cx, ly = x + col / 2, base + 12
            parts.append(f'<text x="{cx:.1f}" y="{ly}" text-anchor="end" '
                         f'transform="rotate(-45 {cx:.1f} {ly})">{esc(k)}</text>')
    return _figure(title, _svg(width, base + bottom, "".join(parts)))


def _month(v) -> tuple[int, int] | None:
    """(year, month) of an ISO value; a quarter counts in its last month; a bare year is left out."""
    v = _iso(v)
    if not v or len(v) < 7:
        return None
    try:
        if "-Q" in v:
            y, q = v.split("-Q")
            return int(y), int(q) * 3
        return int(v[:4]), int(v[5:7])
    except ValueError:
        return None


def time_buckets(values: list, lang: str) -> tuple[str, list[tuple[str, int]]]:
    """Counts over time, every period of the range shown (empty ones too): by month, or by
    quarter or year when there would be more than MAX_COLUMNS columns."""
    months = Counter(m for v in values if (m := _month(v)))
    if not months:
        return "month", []
    (y0, m0), (y1, m1) = min(months), max(months)
    span = (y1 - y0) * 12 + m1 - m0 + 1
    if span <= MAX_COLUMNS:
        bucket, key = "month", lambda y, m: (y, m)
        name = (lambda y, m: f"{m:02d}/{y}") if lang == "vi" else (lambda y, m: f"{y}-{m:02d}")
    elif span <= MAX_COLUMNS * 3:
        bucket, key = "quarter", lambda y, m: (y, (m - 1) // 3 + 1)
        name = lambda y, q: show_date(f"{y}-Q{q}", lang)  # noqa: E731
    else:
        bucket, key = "year", lambda y, m: (y, 0)
        name = lambda y, _: str(y)  # noqa: E731
    counts: Counter = Counter()
    for (y, m), n in months.items():
        counts[key(y, m)] += n
    out, seen = [], set()
    for i in range(span):
        y, m = divmod(m0 - 1 + i, 12)
        k = key(y0 + y, m + 1)
        if k not in seen:
            seen.add(k)
            out.append((name(*k), counts.get(k, 0)))
    return bucket, out


def task_results(docs: list[dict], counts: dict[str, list[dict]], numbers: dict[str, str],
                 lang: str) -> list[tuple[str, dict[str, int]]]:
    """For each report or news article with task counts (`nhiệm vụ`): its total, completed
    (on time and late) and overdue tasks, newest first. Of several counts of one status the
    largest stands (a scope's count is part of the document's)."""
    out = []
    for d in docs:
        if d.get("status") != "ok" or d.get("kind") not in ("report", "news"):
            continue
        by: dict[str, int] = {}
        for c in counts.get(d["doc_id"], []):
            if c.get("unit") == "nhiệm vụ" and c.get("status"):
                by[c["status"]] = max(by.get(c["status"], 0), c["count"] or 0)
        completed = by.get("completed") or by.get("completed_on_time", 0) + by.get("completed_late", 0)
        overdue = by.get("overdue", 0)
        total = by.get("total") or completed + overdue + by.get("in_progress", 0) + by.get("not_completed", 0)
        if not (total or completed or overdue):
            continue
        when = _iso(d.get("published_date")) or ""
        name = " · ".join(x for x in (show_date(when, lang), numbers.get(d["doc_id"]) or d.get("title")
                                      or d["source"]) if x)
        out.append((when, name, {"total": total, "completed": completed, "overdue": overdue,
                                 "rest": max(total - completed - overdue, 0)}))
    out.sort(key=lambda r: r[0], reverse=True)
    return [(name, r) for _, name, r in out[:TOP_RESULT_DOCS]]


def _doc_payload(doc: dict, text: str, rows: dict[str, list[dict]], lang: str) -> dict:
    """One document's view: its text and the spans to highlight, each with its row id."""
    did = doc["doc_id"]
    spans = []
    for kind, table, shown in (("reference", "references", "ref"), ("date", "dates", "value"),
                               ("agency", "agencies", "name"), ("count", "counts", "text"),
                               ("task", "tasks", "lead")):
        for i, r in enumerate(rows.get(table, [])):
            if r.get("start") is None or r.get("end") is None:
                continue
            spans.append([r["start"], r["end"], kind, f"{table}-{did}-{i}", str(r.get(shown) or "")])
    return {"id": did, "source": doc["source"], "title": doc.get("title"),
            "kind": value_label("kind", doc.get("kind"), lang), "text": text, "spans": spans,
            "rows": {t: [_row_view(t, did, i, r, lang) for i, r in enumerate(rows.get(t, []))]
                     for t in ("references", "dates", "agencies", "counts")}}


_ROW_COLUMNS = {"references": ("ref", "doc_type", "issued_date", "role"),
                "dates": ("value", "granularity", "role", "text"),
                "agencies": ("name", "level", "surface"),
                "counts": ("count", "unit", "status", "of_total")}
_VALUE_FIELDS = {"role": "role", "granularity": "granularity", "level": "level", "status": "count_status"}


def _row_view(table: str, did: str, i: int, r: dict, lang: str) -> list[str]:
    out = [f"{table}-{did}-{i}"]
    for c in _ROW_COLUMNS[table]:
        v = r.get(c)
        if v is None:
            out.append("")
        elif c in ("issued_date", "value"):
            out.append(show_date(v, lang))
        elif c in _VALUE_FIELDS:
            out.append(value_label(_VALUE_FIELDS[c], v, lang))
        else:
            out.append(str(v))
    return out


def _group(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["doc_id"], []).append(r)
    return out


def build_report(out_dir: Path, lang: str = "vi") -> tuple[str, dict[str, str]]:
    """The page, and the lazily loaded document scripts (name -> content) for large runs."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: the report speaks {', '.join(LANGS)}")
    docs = _read(out_dir, "documents")
    texts = {r["doc_id"]: r["text"] for r in _read(out_dir, "texts")}
    per_table = {t: _group(_read(out_dir, t)) for t in ("references", "dates", "agencies", "tasks", "counts")}
    tasks_all = [r for rows in per_table["tasks"].values() for r in rows]
    numbers = {did: next((r["ref"] for r in rows if r.get("role") == "self"), None)
               for did, rows in per_table["references"].items()}
    n = len(docs)
    esc = html.escape
    L = lambda key, **kw: esc(label(key, lang, **kw))  # noqa: E731

    def by(col: str, field: str | None = None) -> str:
        c = Counter(d.get(col) for d in docs)
        shown = sorted((value_label(field, k, lang) if field else str(k or "-"), v) for k, v in c.items())
        return ", ".join(f"{esc(k or '-')} {_number(v, lang)}" for k, v in shown)

    pdf_pages = sum(d.get("n_pages") or 0 for d in docs if d.get("format") == "pdf")
    ocr_pages = sum(len(d.get("ocr_pages") or []) for d in docs)
    failures = [d for d in docs if d.get("status") == "failed"]
    summary = (
        '<div class="cards">'
        f'<div class="card"><b>{_number(n, lang)}</b>{L("card.documents")}</div>'
        f'<div class="card"><b>{_number(len(tasks_all), lang)}</b>{L("card.tasks")}</div>'
        f'<div class="card"><b>{_number(sum(len(v) for v in per_table["agencies"].values()), lang)}</b>'
        f'{L("card.agencies")}</div>'
        f'<div class="card"><b>{_number(sum(len(v) for v in per_table["references"].values()), lang)}</b>'
        f'{L("card.references")}</div>'
        f'<div class="card"><b>{(100 * ocr_pages / pdf_pages) if pdf_pages else 0:.0f}%</b>'
        f'{L("card.ocr", ocr=ocr_pages, pages=pdf_pages)}</div></div>'
        f'<p>{L("by_kind")}: {by("kind", "kind")}<br>{L("by_format")}: {by("format")}<br>'
        f'{L("by_status")}: {by("status", "status")}</p>')
    if failures:
        summary += f"<h3>{L('failures_h')}</h3><ul>" + "".join(
            f'<li class="bad">{esc(d["source"])}: {esc(d.get("error") or "")}</li>' for d in failures[:200]) + "</ul>"
        if len(failures) > 200:
            summary += f"<p>{L('more_failures', n=len(failures) - 200)}</p>"

    leads = Counter(t["lead"] for t in tasks_all if t.get("lead")).most_common(TOP_AGENCIES)
    results = task_results(docs, per_table["counts"], numbers, lang)
    d_bucket, deadlines = time_buckets([t.get("deadline") for t in tasks_all], lang)
    p_bucket, published = time_buckets([d.get("published_date") for d in docs], lang)
    charts = "".join([
        bar_chart(label("chart_leads", lang, n=TOP_AGENCIES), leads, lang),
        stacked_chart(label("chart_results", lang), results, lang),
        column_chart(label("chart_deadlines", lang, bucket=label(f"bucket.{d_bucket}", lang)), deadlines, lang),
        column_chart(label("chart_published", lang, bucket=label(f"bucket.{p_bucket}", lang)), published, lang),
    ])

    by_id = {d["doc_id"]: d for d in docs}
    task_rows = []
    for did, rows in per_table["tasks"].items():
        d = by_id.get(did, {})
        doc_name = numbers.get(did) or d.get("source") or did
        for i, t in enumerate(rows):
            day = last_day(t.get("deadline"))
            task_rows.append([f"tasks-{did}-{i}", t.get("description") or "", t.get("lead") or "",
                              "; ".join(t.get("co") or []), show_date(t.get("deadline"), lang), doc_name, did,
                              day.isoformat() if day else ""])
    doc_list = [[d["doc_id"], d["source"], value_label("kind", d.get("kind"), lang),
                 value_label("status", d.get("status"), lang), show_date(d.get("published_date"), lang),
                 d.get("title") or ""] for d in docs]
    lazy = n > INLINE_DOCS
    payloads: dict[str, dict] = {}
    files: dict[str, str] = {}
    for d in docs:
        if d.get("status") != "ok" or d["doc_id"] not in texts:
            continue
        rows = {t: per_table[t].get(d["doc_id"], []) for t in per_table}
        p = _doc_payload(d, texts[d["doc_id"]], rows, lang)
        if lazy:
            files[f"doc-{d['doc_id']}.js"] = "vanbanDoc(" + json.dumps(p, ensure_ascii=False) + ");\n"
        else:
            payloads[d["doc_id"]] = p
    data = {"tasks": task_rows, "docs": doc_list, "inline": payloads, "lazy": lazy, "lang": lang,
            "L": labels_for(lang)}
    now = dt.datetime.now()
    when = now.strftime("%d/%m/%Y %H:%M") if lang == "vi" else now.strftime("%Y-%m-%d %H:%M")
    labels = {k: esc(v) for k, v in labels_for(lang).items()}
    page = _PAGE.format(
        lang=lang, css=_CSS, L=labels, folder=esc(str(out_dir)), generated=L("generated", when=when),
        summary=summary, charts=charts,
        data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"), js=_JS)
    return page, files


def write_report(out_dir: Path, lang: str = "vi") -> Path:
    page, files = build_report(out_dir, lang)
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
<html lang="{lang}"><head><meta charset="utf-8"><title>{L[title]}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>
<body><header><h1>{L[title]}</h1><div>{folder} &middot; {generated}</div></header>
<main>
<section id="summary"><h2>{L[summary_h]}</h2>{summary}</section>
<section id="charts"><h2>{L[charts_h]}</h2><div class="charts">{charts}</div></section>
<section id="tasks"><h2>{L[tasks_h]}</h2>
<input id="task-filter" type="search" placeholder="{L[filter_tasks]}" size="40">
<span id="task-count" class="muted"></span>
<table id="task-table"><thead><tr><th data-col="1">{L[col.description]}</th><th data-col="2">{L[col.lead]}</th>
<th data-col="3">{L[col.co]}</th><th data-col="4">{L[col.deadline]}</th><th data-col="5">{L[col.document]}</th></tr></thead>
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

_JS = r"""
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
  let rows = q ? DATA.tasks.filter(r => r.slice(1, 6).join(" ").toLowerCase().includes(q)) : DATA.tasks.slice();
  if (sortCol !== null) rows.sort((a, b) => sortKey(a, sortCol).localeCompare(sortKey(b, sortCol), "vi") * sortDir);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  taskPage = Math.min(taskPage, pages - 1);
  const body = rows.slice(taskPage * PAGE, (taskPage + 1) * PAGE).map(r =>
    `<tr id="${esc(r[0])}"><td title="${esc(r[1])}">${esc(r[1].length > 280 ? r[1].slice(0, 280) + "…" : r[1])}</td><td>${esc(r[2])}</td><td>${esc(r[3])}</td>` +
    `<td${overdue(r) ? ' class="bad"' : ""}>${esc(r[4])}</td>` +
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
    `<option value="${esc(d[0])}">${esc(d[1])} (${esc(d[2])}, ${esc(d[3])})</option>`).join("");
  document.getElementById("doc-count").textContent = t("n_shown_docs", {n: docs.length, m: DATA.docs.length});
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
    inline.forEach(s => { seg = `<mark class="${s[2]}" title="${esc(t("mark." + s[2]) + ": " + s[4])}"><a href="#${esc(s[3])}">${seg}</a></mark>`; });
    const task = over.find(s => s[2] === "task");
    if (task) seg = `<span class="task" title="${esc(t("mark.task") + ": " + task[4])}" data-row="${esc(task[3])}">${seg}</span>`;
    out += seg;
  }
  return out;
}
function rowsTable(key, rows, head) {
  if (!rows.length) return "";
  return `<h3>${esc(t(key))}</h3><table><tr>${head.map(h => `<th>${esc(t(h))}</th>`).join("")}</tr>` +
    rows.map(r => `<tr id="${esc(r[0])}">${r.slice(1).map(c => `<td>${esc(c)}</td>`).join("")}</tr>`).join("") + "</table>";
}
function renderDoc(p) {
  document.getElementById("doc-view").innerHTML =
    `<h3>${esc(p.source)}</h3><p class="muted">${esc(p.kind || "")} &middot; ${esc(p.title || "")}</p>` +
    `<div class="doctext">${highlight(p.text, p.spans)}</div>` +
    rowsTable("h.references", p.rows.references, ["th.number", "th.type", "th.issued", "th.role"]) +
    rowsTable("h.dates", p.rows.dates, ["th.value", "th.granularity", "th.role", "th.text"]) +
    rowsTable("h.agencies", p.rows.agencies, ["th.name", "th.level", "th.surface"]) +
    rowsTable("h.counts", p.rows.counts, ["th.count", "th.unit", "th.status", "th.of_total"]);
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
  if (!DATA.lazy) { document.getElementById("doc-view").innerHTML = `<p class="muted">${esc(t("no_text"))}</p>`; return; }
  const s = document.createElement("script");
  s.src = "report_files/doc-" + id + ".js";
  s.onerror = () => { document.getElementById("doc-view").innerHTML = `<p class="bad">${esc(t("missing_files"))}</p>`; };
  document.body.appendChild(s);
}
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
