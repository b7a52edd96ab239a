"""The analyst's view of an output folder: `DIR/report.html`, one page that works offline.

    write_report(Path("data/processed"))             # in Vietnamese
    write_report(Path("data/processed"), lang="en")  # in English

Summary (documents by kind, format, status; OCR share; failures with reasons), charts
drawn here as inline SVG (tasks per lead agency; for each report or news article with task
counts its total / completed / overdue, newest first; deadlines and documents per month,
or per quarter or year when the months would not fit), a sortable, filterable, paginated
task table (each task with its part of the document, `tasks.section`), a view per agency
(what it leads and co-operates on, overdue first), the OCR'd pages of the lowest
confidence (worth a human look), and each document's text with its references, dates,
agencies, tasks and counts highlighted by type, every mark linking to its row; beside the
text its outline (`sections`, indented by depth, each part linking to its place), above it
the documents it cites and that cite it (`references.target_doc_id`) and its copies.
Counts count each document once: the readable rows that are no copy of another (`same_as`
null), whose tasks alone fill the task table and the charts. Every word shown comes from
`pipeline/labels.py`, in the page's language; dates read `dd/mm/yyyy` in Vietnamese, ISO
in English. Charts scale to their box (viewBox, `max-width:100%`); a name too long for its
label is wrapped onto two lines and cut, the whole name in its tooltip; bar counts are
bounded. Nothing is fetched from the network. The page's template and script are in
`pipeline/report_page.py`. Up to `INLINE_DOCS` documents are written into the page; beyond
that each document's view is a small script in `report_files/`, loaded when the analyst
opens it, so a run of 100,000 documents still gives a page that opens at once.
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
from pipeline.report_page import CSS as _CSS
from pipeline.report_page import JS as _JS
from pipeline.report_page import PAGE as _PAGE
from pipeline.tables import publish
from pipeline.xlsx import last_day

INLINE_DOCS = 2000
OCR_LOWEST = 25        # OCR'd pages listed, lowest confidence first
LOW_CONFIDENCE = 60    # a page's mean word confidence below this is shown in red
TOP_AGENCIES = 15
TOP_RESULT_DOCS = 20   # documents in the results chart
MAX_COLUMNS = 48       # columns of a time chart before months become quarters, then years
CHART_W = 460
LABEL_CHARS = 30       # characters on one line of a bar's label (11 px text in a 200 px box)
COMPLETED = ("completed", "completed_on_time", "completed_late")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}



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


def _doc_payload(doc: dict, text: str, rows: dict[str, list[dict]], lang: str,
                 links: dict[str, list] | None = None) -> dict:
    """One document's view: its text and the spans to highlight, each with its row id; its
    outline (each part anchored at its place in the text); `links`: what it cites, what
    cites it, its copies (`_links`)."""
    did = doc["doc_id"]
    spans = []
    for kind, table, shown in (("reference", "references", "ref"), ("date", "dates", "value"),
                               ("agency", "agencies", "name"), ("count", "counts", "text"),
                               ("task", "tasks", "lead")):
        for i, r in enumerate(rows.get(table, [])):
            if r.get("start") is None or r.get("end") is None:
                continue
            spans.append([r["start"], r["end"], kind, f"{table}-{did}-{i}", str(r.get(shown) or "")])
    outline, anchors = [], []
    for i, r in enumerate(rows.get("sections", [])):
        if r.get("start") is None:
            continue
        anchor = section_anchor(did, i)
        heading = r.get("heading") or ""
        outline.append([anchor, show_path(r.get("path"), lang), heading[:100] + ("…" if len(heading) > 100 else ""),
                        r.get("depth") or 0])
        anchors.append([r["start"], anchor])
    return {"id": did, "source": doc["source"], "title": doc.get("title"),
            "kind": value_label("kind", doc.get("kind"), lang), "text": text, "spans": spans,
            "outline": outline, "anchors": anchors, **(links or {"cites": [], "cited_by": [], "copies": [],
                                                                 "copy_of": None}),
            "rows": {t: [_row_view(t, did, i, r, lang) for i, r in enumerate(rows.get(t, []))]
                     for t in ("references", "dates", "agencies", "counts")}}


def show_path(path: str | None, lang: str) -> str:
    """An outline path as the page shows it: a part named by its kind (`recipients > -2`)
    in words (`Nơi nhận > -2` in Vietnamese)."""
    return " > ".join(value_label("part", step, lang) for step in path.split(" > ")) if path else ""


def section_anchor(did: str, i: int) -> str:
    """The id of the place in a document's highlighted text where its i-th section starts."""
    return f"sec-{did}-{i}"


def _decimal(x: float, lang: str) -> str:
    """62.5 -> `62,5` in Vietnamese, `62.5` in English."""
    s = f"{x:.1f}"
    return s.replace(".", ",") if lang == "vi" else s


def lowest_ocr_pages(docs: list[dict], n: int = OCR_LOWEST) -> tuple[int, int, list[tuple[dict, int, float]]]:
    """(pages read by OCR, files with such pages, the `n` pages of the lowest mean word
    confidence as (document row, page, confidence), lowest first)."""
    pages: list[tuple[float, str, int, dict]] = []
    files = 0
    for d in docs:
        if d.get("status") != "ok" or not d.get("ocr_pages"):
            continue
        files += 1
        confs = d.get("ocr_page_confidences") or []
        for k, page in enumerate(d["ocr_pages"]):
            conf = confs[k] if k < len(confs) else None
            if conf is not None:
                pages.append((conf, d["source"], page, d))
    total = sum(len(d.get("ocr_pages") or []) for d in docs if d.get("status") == "ok")
    pages.sort(key=lambda x: x[:3])
    return total, files, [(d, page, conf) for conf, _, page, d in pages[:n]]


def _ocr_section(docs: list[dict], lang: str) -> str:
    """The OCR'd pages of the lowest confidence, each linking to its document's view."""
    esc = html.escape
    LOW = ' class="bad"'  # noqa: N806
    total, files, lowest = lowest_ocr_pages(docs)
    if not total:
        return f'<p class="muted">{esc(label("ocr_none", lang))}</p>'
    head = "".join(f"<th>{esc(label(k, lang))}</th>" for k in ("col.file", "col.page", "col.page_conf", "col.doc_conf"))
    body = "".join(
        f'<tr><td><a href="#doc/{esc(d["doc_id"])}" data-doc="{esc(d["doc_id"])}">{esc(d["source"])}</a></td>'
        f'<td>{page}</td><td{LOW if conf < LOW_CONFIDENCE else ""}>{_decimal(conf, lang)}</td>'
        f'<td>{_decimal(d["ocr_confidence"], lang) if d.get("ocr_confidence") is not None else ""}</td></tr>'
        for d, page, conf in lowest)
    return (f'<p>{esc(label("ocr_intro", lang, pages=_number(total, lang), docs=_number(files, lang), n=len(lowest)))}'
            f'</p><table id="ocr-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def _links(docs: list[dict], refs: dict[str, list[dict]], numbers: dict[str, str]) -> dict[str, dict]:
    """For each readable document: what it cites and what cites it (`references.target_doc_id`;
    a copy cites as its first copy does), its other copies, the copy it is one of."""
    by_id = {d["doc_id"]: d for d in docs if d.get("status") == "ok"}
    name = lambda did: [did, numbers.get(did) or "", (by_id.get(did) or {}).get("title") or "",  # noqa: E731
                        (by_id.get(did) or {}).get("source") or did]
    files: dict[str, list[dict]] = {}
    for d in docs:
        if d.get("status") in ("ok", "duplicate"):
            files.setdefault(d.get("same_as") or d["doc_id"], []).append(d)
    cites: dict[str, dict[str, None]] = {}
    cited_by: dict[str, dict[str, None]] = {}
    for did, rows in refs.items():
        group = (by_id.get(did) or {}).get("same_as") or did
        for r in rows:
            target = r.get("target_doc_id")
            if target and target in by_id:
                cites.setdefault(did, {})[target] = None
                cited_by.setdefault(target, {})[group] = None
    out = {}
    for did, d in by_id.items():
        group = d.get("same_as") or did
        others = [f for f in files.get(group, []) if f is not d]
        out[did] = {"cites": [name(t) for t in cites.get(did, {})],
                    "cited_by": [name(c) for c in cited_by.get(group, {}) if c != did],
                    "copies": [[f["doc_id"], f["source"], f.get("status") or ""] for f in others],
                    "copy_of": name(group) if group != did else None}
    return out


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
    per_table = {t: _group(_read(out_dir, t))
                 for t in ("references", "dates", "agencies", "tasks", "counts", "sections")}
    # each document once: the readable rows that are no copy of another (`same_as` null)
    unique = [d for d in docs if d.get("status") == "ok" and not d.get("same_as")]
    unique_ids = {d["doc_id"] for d in unique}
    readable = [d for d in docs if d.get("status") in ("ok", "duplicate")]
    n_dup = sum(d.get("status") == "duplicate" for d in docs)
    tasks_all = [r for did, rows in per_table["tasks"].items() if did in unique_ids for r in rows]
    numbers = {did: next((r["ref"] for r in rows if r.get("role") == "self"), None)
               for did, rows in per_table["references"].items()}
    n = len(docs)
    esc = html.escape
    L = lambda key, **kw: esc(label(key, lang, **kw))  # noqa: E731

    def by(col: str, field: str | None = None, rows: list[dict] = docs) -> str:
        c = Counter(d.get(col) for d in rows)
        shown = sorted((value_label(field, k, lang) if field else str(k or "-"), v) for k, v in c.items())
        return ", ".join(f"{esc(k or '-')} {_number(v, lang)}" for k, v in shown)

    def rows_of_unique(table: str) -> int:
        return sum(len(v) for k, v in per_table[table].items() if k in unique_ids)

    files_line = L("card.files", files=_number(len(readable), lang), dup=_number(n_dup, lang),
                   other=_number(len(readable) - len(unique) - n_dup, lang))
    pdf_pages = sum(d.get("n_pages") or 0 for d in docs if d.get("format") == "pdf")
    ocr_pages = sum(len(d.get("ocr_pages") or []) for d in docs)
    failures = [d for d in docs if d.get("status") == "failed"]
    summary = (
        '<div class="cards">'
        f'<div class="card" id="card-documents"><b>{_number(len(unique), lang)}</b>{L("card.documents")}'
        f'<div class="muted">{files_line}</div></div>'
        f'<div class="card"><b>{_number(len(tasks_all), lang)}</b>{L("card.tasks")}</div>'
        f'<div class="card"><b>{_number(rows_of_unique("agencies"), lang)}</b>{L("card.agencies")}</div>'
        f'<div class="card"><b>{_number(rows_of_unique("references"), lang)}</b>{L("card.references")}</div>'
        f'<div class="card"><b>{(100 * ocr_pages / pdf_pages) if pdf_pages else 0:.0f}%</b>'
        f'{L("card.ocr", ocr=ocr_pages, pages=pdf_pages)}</div></div>'
        f'<p>{L("by_kind")}: {by("kind", "kind", unique)}<br>{L("by_format")}: {by("format")}<br>'
        f'{L("by_status")}: {by("status", "status")}</p>')
    if failures:
        summary += f"<h3>{L('failures_h')}</h3><ul>" + "".join(
            f'<li class="bad">{esc(d["source"])}: {esc(d.get("error") or "")}</li>' for d in failures[:200]) + "</ul>"
        if len(failures) > 200:
            summary += f"<p>{L('more_failures', n=len(failures) - 200)}</p>"

    leads = Counter(t["lead"] for t in tasks_all if t.get("lead")).most_common(TOP_AGENCIES)
    results = task_results(unique, per_table["counts"], numbers, lang)
    d_bucket, deadlines = time_buckets([t.get("deadline") for t in tasks_all], lang)
    p_bucket, published = time_buckets([d.get("published_date") for d in unique], lang)
    charts = "".join([
        bar_chart(label("chart_leads", lang, n=TOP_AGENCIES), leads, lang),
        stacked_chart(label("chart_results", lang), results, lang),
        column_chart(label("chart_deadlines", lang, bucket=label(f"bucket.{d_bucket}", lang)), deadlines, lang),
        column_chart(label("chart_published", lang, bucket=label(f"bucket.{p_bucket}", lang)), published, lang),
    ])

    by_id = {d["doc_id"]: d for d in docs}
    task_rows = []
    for did, rows in per_table["tasks"].items():
        if did not in unique_ids:  # a copy's tasks are its first copy's: listed once
            continue
        d = by_id.get(did, {})
        doc_name = numbers.get(did) or d.get("source") or did
        anchor_of = {}  # a section's path -> its anchor in the text (the first part of that path)
        for i, sec in enumerate(per_table["sections"].get(did, [])):
            anchor_of.setdefault(sec.get("path"), section_anchor(did, i))
        for i, t in enumerate(rows):
            day = last_day(t.get("deadline"))
            task_rows.append([f"tasks-{did}-{i}", t.get("description") or "", t.get("lead") or "",
                              "; ".join(t.get("co") or []), show_date(t.get("deadline"), lang), doc_name, did,
                              day.isoformat() if day else "", show_path(t.get("section"), lang),
                              anchor_of.get(t.get("section"), "")])
    links = _links(docs, per_table["references"], numbers)
    doc_list = [[d["doc_id"], d["source"], value_label("kind", d.get("kind"), lang),
                 value_label("status", d.get("status"), lang), show_date(d.get("published_date"), lang),
                 d.get("title") or "", len(links[d["doc_id"]]["copies"]) if d["doc_id"] in links else 0]
                for d in docs]
    lazy = n > INLINE_DOCS
    payloads: dict[str, dict] = {}
    files: dict[str, str] = {}
    for d in docs:
        if d.get("status") != "ok" or d["doc_id"] not in texts:
            continue
        rows = {t: per_table[t].get(d["doc_id"], []) for t in per_table}
        p = _doc_payload(d, texts[d["doc_id"]], rows, lang, links.get(d["doc_id"]))
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
        summary=summary, charts=charts, ocr=_ocr_section(docs, lang),
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
