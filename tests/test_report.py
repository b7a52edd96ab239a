"""The analyst's view: report.html in Vietnamese and English (opened in headless Chromium:
no console errors, every chart inside its box, screenshots in build/) and vanban.duckdb."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import report as report_mod
from pipeline.batch import run_batch
from pipeline.config import RAW_DIR, ROOT
from pipeline.duck import write_duckdb
from pipeline.labels import LABELS
from pipeline.models import SCHEMAS
from pipeline.report import lowest_ocr_pages, show_path, task_results, time_buckets, wrap_label, write_report
from pipeline.tables import write_tables

SAMPLES = sorted(p for p in RAW_DIR.iterdir() if p.suffix in (".txt", ".html"))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    run_batch(SAMPLES, out)
    write_duckdb(out)
    write_report(out)
    return out


@pytest.fixture(scope="module")
def out_en(out, tmp_path_factory) -> Path:
    en = tmp_path_factory.mktemp("report-en") / "out"
    shutil.copytree(out, en)
    write_report(en, lang="en")
    return en


LONG_NAMES = [f"Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp số {i} thuộc "
              f"Ủy ban nhân dân huyện Hướng Hóa và các xã vùng biên giới" for i in range(40)]


@pytest.fixture(scope="module")
def out_big(tmp_path_factory) -> Path:
    """Made-up tables at a size the samples never reach: 40 agencies with very long names,
    deadlines over 15 years, 30 news articles with task counts, documents over 10 years."""
    out = tmp_path_factory.mktemp("report-big")
    chunk = {name: {c: [] for c in s.names} for name, s in SCHEMAS.items()}

    def add(table: str, **row) -> None:
        for c, values in chunk[table].items():
            values.append(row.get(c))

    for d in range(60):
        did = f"{d:016x}"
        kind = "news" if d < 30 else "decision"
        scanned = 30 <= d < 40  # three pages read by OCR, one of them unreadable (no confidence)
        add("documents", doc_id=did, source=f"doc-{d:02d}.{'pdf' if scanned else 'txt'}",
            format="pdf" if scanned else "txt", status="ok", kind=kind,
            title=f"Tin số {d} về kết quả thực hiện nhiệm vụ của các cơ quan chuyên môn thuộc tỉnh",
            published_date=f"{2015 + d % 10}-{d % 12 + 1:02d}-15", n_chars=20, schema_version="1.0",
            n_pages=3 if scanned else None, ocr_pages=[1, 2, 3] if scanned else [],
            ocr_confidence=(91.0 + (d - 30) * 0.5) / 2 + 20 if scanned else None,
            ocr_page_confidences=[91.0, 40.0 + d, None] if scanned else [])
        add("texts", doc_id=did, text="văn bản")
        add("references", doc_id=did, ref=f"{d + 1}/QĐ-UBND", number=d + 1, role="self", start=0, end=1,
            text="x", rule="r")
        if kind == "news":
            for status, n in (("total", 100 + d * 40), ("completed", 60 + d * 20), ("overdue", d % 7)):
                add("counts", doc_id=did, count=n, unit="nhiệm vụ", status=status, qualifier="exact",
                    text="x", start=0, end=1, rule="r")
        for i in range(8):
            add("tasks", doc_id=did, description=f"nhiệm vụ {i} " * 20, lead=LONG_NAMES[(d + i) % 40],
                co=[LONG_NAMES[(d + i + 1) % 40], "Sở Tài chính"],
                deadline=f"{2012 + (d * 8 + i) % 16}-{(d + i) % 12 + 1:02d}", source="text", start=0, end=1,
                rule="r")
    write_tables(out, [chunk])
    return out


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        pytest.skip("Chromium is not installed (make setup installs Debian's chromium)")
    return exe


def _browse(url: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    """Headless Chromium with the flags this machine's closed network needs."""
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=5000", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line and re.search(r"Uncaught|Error", line)]


# After the page has run: every chart's box, its SVG's and every mark and label inside it,
# as the browser laid them out; whatever sticks out of its container is listed.
_LAYOUT_CHECK = r"""<script>
window.addEventListener("load", () => {
  const out = [], inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 &&
                                     a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  const section = document.getElementById("charts").getBoundingClientRect();
  document.querySelectorAll("figure.chart").forEach((fig, i) => {
    const f = fig.getBoundingClientRect(), svg = fig.querySelector("svg");
    if (!inside(f, section)) out.push(`chart ${i} outside its section`);
    if (!svg) return;
    const s = svg.getBoundingClientRect();
    if (!inside(s, f)) out.push(`chart ${i}: svg ${s.width}x${s.height} outside its figure ${f.width}x${f.height}`);
    svg.querySelectorAll("text, rect, line").forEach(el => {
      const r = el.getBoundingClientRect();
      if (r.width && !inside(r, s)) out.push(`chart ${i}: ${el.tagName} '${el.textContent.slice(0, 30)}' outside the chart`);
    });
  });
  const pre = document.createElement("pre");
  pre.id = "layout-check";
  pre.textContent = JSON.stringify({charts: document.querySelectorAll("figure.chart svg").length, problems: out});
  document.body.appendChild(pre);
});
</script></body>"""


def _layout(page: Path, tmp: Path, width: int) -> dict:
    checked = page.with_name("checked.html")
    checked.write_text(page.read_text(encoding="utf-8").replace("</body>", _LAYOUT_CHECK), encoding="utf-8")
    res = _browse(checked.as_uri(), tmp, "--dump-dom", f"--window-size={width},2000")
    m = re.search(r'<pre id="layout-check">(.*?)</pre>', res.stdout, re.S)
    assert m, res.stderr[-2000:]
    assert not _console_errors(res.stderr) and "data-errors" not in res.stdout
    return json.loads(m[1].replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def test_page_is_self_contained(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"https?:", page), "nothing may load from a network"
    assert page.count("<svg") == 4  # the four charts are drawn into the page
    assert "Sở Nội vụ" in page


def test_report_is_in_vietnamese_by_default_with_dd_mm_yyyy_dates(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "<h1>Báo cáo vanban</h1>" in page
    for heading in ("Tổng quan", "Biểu đồ", "Nhiệm vụ", "Cơ quan", "Văn bản"):
        assert f"<h2>{heading}</h2>" in page
    assert ">Cơ quan chủ trì</th>" in page and ">Thời hạn</th>" in page
    assert "Nhiệm vụ theo cơ quan chủ trì" in page and "Kết quả thực hiện nhiệm vụ" in page
    assert "theo loại: Kế hoạch 1, Quyết định 1, Tin bài 1" in page
    assert '"30/09/2024"' in page and '"Quý III/2024"' in page  # the task table's deadlines
    for english in (">Summary<", ">Tasks<", ">Deadline<", ">Lead<", "no data", "summed over documents"):
        assert english not in page


def test_report_in_english_has_english_labels_and_iso_dates(out_en):
    page = (out_en / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h2>Summary</h2>" in page and ">Deadline</th>" in page
    assert "Tasks per lead agency (top 15)" in page and '"2024-09-30"' in page and '"2024-Q3"' in page
    assert "Tổng quan" not in page and ">Cơ quan chủ trì</th>" not in page


def test_every_label_has_both_languages():
    assert all(len(v) == 2 and v[0] and v[1] for v in LABELS.values())
    page_keys = set(re.findall(r"\{L\[([\w.]+)\]\}", report_mod._PAGE))
    script_keys = set(re.findall(r'\bt\("([\w.]*\w)"', report_mod._JS))  # not the prefixes of `"role." + role`
    assert page_keys and script_keys and page_keys | script_keys <= set(LABELS)
    built = ["role.lead", "role.co", "state.overdue", "state.due", "state.none"] + [
        f"mark.{k}" for k in ("reference", "date", "agency", "count", "task")]  # keys the script puts together
    assert set(built) <= set(LABELS)


def test_report_renders_charts_tasks_and_highlights_in_chromium(out, out_en, tmp_path):
    res = _browse((out / "report.html").as_uri(), tmp_path, "--dump-dom")
    dom = res.stdout
    assert 'data-ready="1"' in dom, res.stderr[-2000:]
    assert "data-errors" not in dom and not _console_errors(res.stderr)
    assert len(re.findall(r'<rect [^>]*fill="#3a78b5"', dom)) >= 4
    task_rows = re.findall(r'<tr id="tasks-', dom)
    assert len(task_rows) >= 5
    n = _tasks_once(out)
    assert n >= 19 and f"{n} / {n} nhiệm vụ" in dom  # every task of the run, in the list
    for kind in ("reference", "date", "agency", "count"):
        assert f'<mark class="{kind}"' in dom, f"no {kind} highlighted"
    assert '<span class="task"' in dom
    marks = re.findall(r'<mark class="agency"[^>]*><a href="#(agencies-[^"]+)"', dom)
    assert marks and all(f'id="{m}"' in dom for m in marks), "every highlight links to its row"

    shots = ROOT / "build"
    shots.mkdir(exist_ok=True)
    for lang, folder in (("vi", out), ("en", out_en)):
        shot = shots / f"report-{lang}.png"
        shot.unlink(missing_ok=True)
        res = _browse((folder / "report.html").as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1300,2400")
        assert shot.stat().st_size > 20_000 and not _console_errors(res.stderr), lang


def test_results_chart_stacks_each_news_articles_total_completed_and_overdue(out):
    import pyarrow.parquet as pq

    docs = pq.read_table(out / "documents.parquet").to_pylist()
    counts: dict[str, list] = {}
    for c in pq.read_table(out / "counts.parquet").to_pylist():
        counts.setdefault(c["doc_id"], []).append(c)
    rows = task_results(docs, counts, {}, "vi")
    # the sample article: over 650 tasks, 412 on time + 37 late, 15 overdue; the plan and the decision are no reports
    assert rows == [("05/04/2024 · UBND tỉnh đánh giá kết quả thực hiện nhiệm vụ quý I/2024",
                     {"total": 650, "completed": 449, "overdue": 15, "rest": 186})]


def test_time_charts_turn_to_quarters_then_years_when_months_would_not_fit():
    assert time_buckets(["2024-01-05", "2024-03", "2024-Q2"], "vi") == (
        "month", [("01/2024", 1), ("02/2024", 0), ("03/2024", 1), ("04/2024", 0), ("05/2024", 0), ("06/2024", 1)])
    bucket, items = time_buckets(["2020-01-01", "2027-12-31"], "en")
    assert bucket == "quarter" and len(items) == 32 and items[0] == ("2020-Q1", 1)
    bucket, items = time_buckets(["2000-01-01", "2030-06-30"], "vi")
    assert bucket == "year" and len(items) == 31 and items[-1] == ("2030", 1)


def test_long_names_wrap_onto_two_lines_and_are_cut():
    lines = wrap_label(LONG_NAMES[0])
    assert len(lines) == 2 and all(len(s) <= 30 for s in lines) and lines[-1].endswith("…")
    assert wrap_label("Sở Nội vụ") == ["Sở Nội vụ"]


@pytest.mark.parametrize("width", [1300, 480])
def test_every_chart_stays_inside_its_box_with_many_long_names_and_a_long_time_range(out_big, tmp_path, width):
    for lang in ("vi", "en"):
        page = write_report(out_big, lang=lang)
        layout = _layout(page, tmp_path, width)
        assert layout["charts"] == 4 and layout["problems"] == [], (lang, width, layout["problems"][:10])


def test_layout_check_sees_a_label_that_sticks_out_of_its_chart(out, tmp_path):
    page = tmp_path / "broken.html"
    html = (out / "report.html").read_text(encoding="utf-8")
    page.write_text(html.replace("<svg role=\"img\"", "<svg role=\"img\" overflow=\"visible\"", 1)
                    .replace("</svg>", '<text x="-60" y="10">cắt mất</text></svg>', 1), encoding="utf-8")
    problems = _layout(page, tmp_path, 1300)["problems"]
    assert problems == ["chart 0: text 'cắt mất' outside the chart"]


def test_sample_report_charts_stay_inside_their_boxes(out, out_en, tmp_path):
    for folder in (out, out_en):
        layout = _layout(folder / "report.html", tmp_path, 1300)
        assert layout["charts"] == 4 and layout["problems"] == [], layout["problems"][:10]


def test_agency_view_lists_what_it_leads_and_co_operates_on_overdue_first(out, tmp_path):
    res = _browse((out / "report.html").as_uri() + "#agency/" + "S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5",
                  tmp_path, "--dump-dom")
    dom = res.stdout
    assert not _console_errors(res.stderr)
    assert '<h3 id="agency-name">Sở Nội vụ</h3>' in dom
    view = dom[dom.index('id="agency-tasks"'):]
    view = view[:view.index("</table>")]
    states = re.findall(r'<tr class="state-(\w+)"><td>([^<]+)</td>', view)
    assert ("overdue", "chủ trì") in states and ("none", "chủ trì") in states and ("overdue", "phối hợp") in states
    order = [s for s, _ in states]
    assert order == sorted(order, key=["overdue", "due", "none"].index), order
    assert "chủ trì 3 nhiệm vụ, phối hợp 1, quá hạn 2" in dom


def test_large_runs_load_each_document_on_demand(out, tmp_path, monkeypatch):
    monkeypatch.setattr(report_mod, "INLINE_DOCS", 1)
    lazy = tmp_path / "lazy"
    shutil.copytree(out, lazy)
    write_report(lazy)
    files = sorted((lazy / "report_files").glob("doc-*.js"))
    assert len(files) == len(SAMPLES)
    page = (lazy / "report.html").read_text(encoding="utf-8")
    assert '"inline": {}' in page and len(page) < (out / "report.html").stat().st_size
    doc_id = files[-1].stem[4:]
    res = _browse((lazy / "report.html").as_uri() + f"#doc/{doc_id}", tmp_path, "--dump-dom")
    assert '<mark class="agency"' in res.stdout and not _console_errors(res.stderr)


def test_duckdb_views_answer_questions(out):
    import duckdb

    con = duckdb.connect(str(out / "vanban.duckdb"), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "tasks", "agencies", "references", "tasks_with_document", "overdue_tasks"} <= tables
    n_tasks = con.execute("SELECT count(*) FROM tasks").fetchone()[0]
    assert n_tasks == con.execute("SELECT count(*) FROM tasks_with_document").fetchone()[0] > 0
    number = con.execute("SELECT DISTINCT document_number FROM tasks_with_document "
                         "WHERE document_source LIKE 'qd-%' AND document_number IS NOT NULL").fetchall()
    assert number == [("215/QĐ-UBND",)]
    days = dict(con.execute("SELECT deadline, deadline_day::VARCHAR FROM task_deadlines").fetchall())
    assert days["2024-Q3"] == "2024-09-30" and days["2024-09-30"] == "2024-09-30"
    late, not_late = con.execute("SELECT count(*), count(*) FILTER (WHERE deadline_day >= current_date) "
                                 "FROM overdue_tasks").fetchone()
    assert late > 0 and not_late == 0  # the samples' deadlines are all in 2024
    con.close()


def test_report_command_takes_the_language(out, tmp_path):
    from pipeline.cli import main

    folder = tmp_path / "cli"
    shutil.copytree(out, folder)
    assert main(["report", str(folder), "--lang", "en"]) == 0
    assert '<html lang="en">' in (folder / "report.html").read_text(encoding="utf-8")
    assert main(["report", str(folder)]) == 0
    assert '<html lang="vi">' in (folder / "report.html").read_text(encoding="utf-8")


# -- outline, citations, copies, OCR confidence -----------------------------------------

def _tasks_once(out: Path) -> int:
    """Tasks of the run's documents, a copy's (`same_as`) not counted again."""
    import pyarrow.parquet as pq

    once = {d["doc_id"] for d in pq.read_table(out / "documents.parquet").to_pylist()
            if d["status"] == "ok" and not d["same_as"]}
    return sum(1 for t in pq.read_table(out / "tasks.parquet").to_pylist() if t["doc_id"] in once)


def _doc_id(out: Path, prefix: str) -> str:
    import pyarrow.parquet as pq

    return next(d["doc_id"] for d in pq.read_table(out / "documents.parquet").to_pylist()
                if d["source"].startswith(prefix) and d["status"] == "ok")


# After the page has run (the document of the URL's #doc/ shown): its outline, where each
# part's link leads, and the boxes of the outline and the text; then a click on the last part.
_DOC_CHECK = r"""<script>
window.addEventListener("load", () => {
  const view = document.getElementById("doc-view").getBoundingClientRect();
  const nav = document.querySelector("nav.outline"), text = document.querySelector("#doc-view .doctext");
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const links = [...nav.querySelectorAll("a[data-sec]")];
  const out = {view: [view.left, view.top, view.right, view.bottom], nav: box(nav), text: box(text),
               items: links.map(a => [a.querySelector(".path").textContent, a.closest("li").style.paddingLeft,
                                      !!text.querySelector("#" + CSS.escape(a.dataset.sec))]),
               before: text.scrollTop};
  links[links.length - 1].click();
  out.after = text.scrollTop;
  out.current = [...nav.querySelectorAll("li.current")].map(li => li.textContent);
  const pre = document.createElement("pre");
  pre.id = "doc-check";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script></body>"""


def _doc_layout(out: Path, tmp: Path, doc_id: str, width: int) -> dict:
    checked = out / "doc-checked.html"
    checked.write_text((out / "report.html").read_text(encoding="utf-8").replace("</body>", _DOC_CHECK),
                       encoding="utf-8")
    res = _browse(checked.as_uri() + f"#doc/{doc_id}", tmp, "--dump-dom", f"--window-size={width},2000")
    m = re.search(r'<pre id="doc-check">(.*?)</pre>', res.stdout, re.S)
    assert m, res.stderr[-2000:]
    assert not _console_errors(res.stderr) and "data-errors" not in res.stdout
    return json.loads(m[1].replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def test_outline_paths_read_in_the_pages_language():
    assert show_path("recipients > -2", "vi") == "Nơi nhận > -2"
    assert show_path("recipients > -2", "en") == "recipients > -2"
    assert show_path("Điều 2 > 1 > a", "vi") == "Điều 2 > 1 > a" and show_path(None, "vi") == ""


def test_document_page_shows_its_outline_beside_its_text_each_part_leading_to_its_place(out, tmp_path):
    import pyarrow.parquet as pq

    qd = _doc_id(out, "qd-")
    sections = [r for r in pq.read_table(out / "sections.parquet").to_pylist() if r["doc_id"] == qd]
    assert len(sections) > 5
    wide = _doc_layout(out, tmp_path, qd, 1300)
    assert [i[0] for i in wide["items"]] == [show_path(r["path"], "vi") for r in sections]
    assert [i[1] for i in wide["items"]] == [f"{14 * r['depth']}px" for r in sections]  # indented by depth
    assert all(i[2] for i in wide["items"]), "every part's link has its place in the text"

    def inside(a, b):
        return a[0] >= b[0] - 0.5 and a[2] <= b[2] + 0.5 and a[1] >= b[1] - 0.5

    assert inside(wide["nav"], wide["view"]) and inside(wide["text"], wide["view"])
    assert wide["nav"][2] <= wide["text"][0], "the outline stands beside the text"
    assert wide["before"] == 0 and wide["after"] > 0, "a click on a part scrolls the text to it"
    assert len(wide["current"]) == 1 and show_path(sections[-1]["path"], "vi") in wide["current"][0]
    narrow = _doc_layout(out, tmp_path, qd, 480)
    assert inside(narrow["nav"], narrow["view"]) and inside(narrow["text"], narrow["view"])
    assert narrow["nav"][3] <= narrow["text"][1], "on a narrow screen the outline stands above the text"


def test_task_rows_show_their_section_linking_to_its_place(out, tmp_path):
    res = _browse((out / "report.html").as_uri(), tmp_path, "--dump-dom")
    assert not _console_errors(res.stderr)
    head = re.search(r'<table id="task-table"><thead>(.*?)</thead>', res.stdout, re.S)[1]
    assert ">Phần văn bản</th>" in head
    cells = re.findall(r'<td class="section"><a href="#doc/(\w+)" data-doc="\w+" data-sec="(sec-\w+-\d+)">([^<]+)</a>',
                       res.stdout)
    assert {c[2] for c in cells} >= {"Điều 2", "II &gt; 1"}
    assert all(c[1].startswith(f"sec-{c[0]}-") for c in cells)


def test_document_page_lists_what_it_cites_and_what_cites_it(out, out_en, tmp_path):
    qd = _doc_id(out, "qd-")
    res = _browse((out / "report.html").as_uri() + f"#doc/{qd}", tmp_path, "--dump-dom")
    links = res.stdout[res.stdout.index('<div class="doclinks">'):]
    links = links[:links.index('<div class="docbody">')]
    assert "<h4>Được dẫn bởi (2)</h4>" in links  # the plan and the news article cite the decision
    assert {_doc_id(out, "kh-"), _doc_id(out, "tin-")} == set(re.findall(r'data-doc="(\w+)"', links))
    kh = _doc_id(out, "kh-")
    res = _browse((out_en / "report.html").as_uri() + f"#doc/{kh}", tmp_path, "--dump-dom")
    assert "<h4>Cites (1)</h4>" in res.stdout and f'data-doc="{qd}">215/QĐ-UBND</a>' in res.stdout


@pytest.fixture(scope="module")
def out_copies(tmp_path_factory) -> Path:
    """The samples, the decision once more in the same bytes and once with Windows line ends."""
    src = tmp_path_factory.mktemp("copies-in")
    for p in SAMPLES:
        (src / p.name).write_bytes(p.read_bytes())
    qd = next(p for p in SAMPLES if p.name.startswith("qd-"))
    (src / "z-ban-sao.txt").write_bytes(qd.read_bytes())
    (src / "z-crlf.txt").write_bytes(qd.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path_factory.mktemp("copies")
    run_batch([src], out)
    write_report(out)
    return out


def test_summary_counts_each_document_once_and_says_how_many_copies_it_has(out_copies, tmp_path):
    import pyarrow.parquet as pq

    rows = {d["source"]: d for d in pq.read_table(out_copies / "documents.parquet").to_pylist()}
    assert rows["z-ban-sao.txt"]["status"] == "duplicate" and rows["z-crlf.txt"]["same_as"]  # as the test relies on
    page = (out_copies / "report.html").read_text(encoding="utf-8")
    card = re.search(r'<div class="card" id="card-documents">(.*?)</div></div>', page, re.S)[1]
    assert card.startswith("<b>3</b>văn bản, mỗi văn bản đếm một lần")
    assert "trong 5 tệp đọc được: 1 bản trùng byte, 1 bản sao khác" in card
    assert "theo loại: Kế hoạch 1, Quyết định 1, Tin bài 1" in page
    res = _browse((out_copies / "report.html").as_uri() + f"#doc/{_doc_id(out_copies, 'qd-')}", tmp_path,
                  "--dump-dom")
    dom = res.stdout
    n = _tasks_once(out_copies)
    assert n >= 19 and f"{n} / {n} nhiệm vụ" in dom  # the copy's tasks are the decision's: listed once
    assert "<h4>Các bản khác của văn bản này (2)</h4>" in dom
    assert "z-ban-sao.txt <span" in dom and "z-crlf.txt <span" in dom
    assert re.search(r"qd-ubnd-[^<]*\(Quyết định, đọc được, 2 bản sao\)</option>", dom)
    res = _browse((out_copies / "report.html").as_uri() + f"#doc/{rows['z-crlf.txt']['doc_id']}", tmp_path,
                  "--dump-dom")
    assert "<h4>Bản sao của</h4>" in res.stdout and "<h4>Được dẫn bởi (2)</h4>" in res.stdout


def test_lowest_ocr_pages_come_first_with_their_document(out_big):
    import pyarrow.parquet as pq

    docs = pq.read_table(out_big / "documents.parquet").to_pylist()
    total, files, lowest = lowest_ocr_pages(docs, 5)
    assert (total, files) == (30, 10)
    assert [(d["source"], page, conf) for d, page, conf in lowest] == [
        (f"doc-{d}.pdf", 2, 40.0 + d) for d in range(30, 35)]  # a page without confidence is not ranked
    for lang, head, value in (("vi", "Độ tin cậy của trang", "70,0"), ("en", "Page confidence", "70.0")):
        page = write_report(out_big, lang=lang).read_text(encoding="utf-8")
        table = page[page.index('<section id="ocr">'):page.index('<section id="tasks">')]
        assert f"<th>{head}</th>" in table and f'<td>{value}</td>' in table
        assert table.index("doc-30.pdf") < table.index("doc-39.pdf") and table.count("<tr>") == 1 + 20
