"""`make bench`: a corpus made from our own sample sentences, run with 1 and 2 workers.

    python tools/bench.py [--text 2000] [--pdf 200] [--docx 50] [--scale 1.0] [--repeat 3] [--dir build/bench]

Generates (once per size, cached under --dir/corpus-*) text documents of 3-8 KB, ten-page
PDFs with a text layer and a task table on their last pages (LibreOffice, one batch
conversion), and DOCX files with task tables. Then measures, in one run:
  floor_mb_s       bare read + NFC + ten regular expressions over the text corpus (1 core)
  plumber_pages_s  plain pdfplumber extract_text over the same PDFs (1 core)
  *_core           `vanban run --workers 1` over each part (time from the run's own report)
  speedup_2w       sum of the 1-worker times / `vanban run --workers 2` over the whole corpus
  peak_rss_mb      largest resident set of any vanban process or worker
  ocr_pages_s_core scanned pages OCR'd a second in one process (render, Tesseract, repair), over
                   --ocr pages made from data/raw/*.txt and generated texts by tools/scan_sim.py
                   (150-300 dpi, blur, noise, skew, a red stamp over the header, JPEG); run once
  ocr_cer          their character error rate against the source text after repair
                   (ocr_cer_raw: before it)
and ends with the one summary line `bench: text_docs_s_core=... pdf_ratio=...`.
Each run is made --repeat times (default 3, interleaved) and the best time counts, as timeit
does: on a shared host the same run takes 12-22 s from one minute to the next; every time
is printed. The floor is the best of as many passes; pdfplumber runs once (it takes minutes).
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

PROVINCES = ["Quảng Trị", "Sơn La", "Lâm Đồng", "Hà Giang", "Nghệ An", "Bình Định", "Quảng Nam", "Trà Vinh"]
BODIES = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Sở Khoa học và Công nghệ", "Công an tỉnh",
          "Văn phòng UBND tỉnh", "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Thanh tra tỉnh", "Sở KH&ĐT",
          "Sở Nông nghiệp và Môi trường", "Bộ Chỉ huy Quân sự tỉnh", "Kho bạc Nhà nước tỉnh"]
GROUPS = ["các sở, ban, ngành", "UBND các huyện, thị xã, thành phố", "các cơ quan, đơn vị, địa phương"]
WORK = ["kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị",
        "rà soát, công khai thủ tục hành chính thuộc thẩm quyền giải quyết",
        "xây dựng kế hoạch chuyển đổi số hằng năm của tỉnh",
        "tổ chức tập huấn nghiệp vụ cho cán bộ, công chức cấp xã",
        "đôn đốc, theo dõi tiến độ các nhiệm vụ được giao",
        "tham mưu Ủy ban nhân dân tỉnh ban hành quy chế phối hợp",
        "triển khai hệ thống quản lý văn bản và điều hành trên môi trường điện tử",
        "tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh"]
SENTENCES = [
    "Giao {b1} chủ trì, phối hợp với {b2} {w}; hoàn thành trước ngày {d}/{m}/{y}.",
    "{B1} chủ trì, phối hợp với {g} {w}, hoàn thành trong quý {q}/{y}.",
    "Yêu cầu {g} {w} trước ngày {d} tháng {m} năm {y}.",
    "Đề nghị {b1} phối hợp {w}.",
    "Trong năm {y}, Ủy ban nhân dân tỉnh đã giao {n} nhiệm vụ; có {k} nhiệm vụ hoàn thành đúng hạn, "
    "{j} nhiệm vụ chưa hoàn thành quá hạn.",
    "Thực hiện Quyết định số {n}/QĐ-UBND ngày {d}/{m}/{y} của Ủy ban nhân dân tỉnh về việc {w}.",
    "Căn cứ Nghị quyết số {j}/{y}/NQ-HĐND ngày {d} tháng {m} năm {y} của Hội đồng nhân dân tỉnh.",
    "Đến hết tháng {m}/{y}, đã hoàn thành {k}/{n} nhiệm vụ, đạt tỷ lệ cao so với cùng kỳ.",
    "Nhằm nâng cao hiệu quả công tác chỉ đạo, điều hành, các cơ quan cần {w} một cách thực chất, "
    "tránh hình thức, bảo đảm đúng quy định của pháp luật và phù hợp với tình hình thực tiễn của địa phương.",
]


def _fill(rng: random.Random, template: str) -> str:
    b1, b2 = rng.sample(BODIES, 2)
    return template.format(b1=b1, B1=b1, b2=b2, g=rng.choice(GROUPS), w=rng.choice(WORK), d=rng.randint(1, 28),
                           m=rng.randint(1, 12), y=rng.randint(2019, 2026), q=rng.choice("I II III IV".split()),
                           n=rng.randint(10, 1999), k=rng.randint(1, 9), j=rng.randint(1, 99))


_CLOSING = ["", "Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def make_text(rng: random.Random, i: int, size: int, table_rows: int = 0) -> str:
    """A document of at most `size` bytes of UTF-8 (its table, if any, comes on top):
    numbered paragraphs are added while they fit (twenty tries for a shorter one at the end)."""
    prov = rng.choice(PROVINCES)
    y = rng.randint(2019, 2026)
    kind = rng.choice(["KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH CÔNG TÁC"])
    lines = ["ỦY BAN NHÂN DÂN", f"TỈNH {prov.upper()}", f"Số: {i + 1}/{'KH' if kind == 'KẾ HOẠCH' else 'QĐ'}-UBND",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             f"{prov}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {y}", "", kind,
             f"Về việc thực hiện nhiệm vụ trọng tâm năm {y} (bản {i})", ""]
    used = sum(len(x.encode("utf-8")) + 1 for x in lines + _CLOSING)
    n, misses = 1, 0
    while misses < 20:
        para = f"{n}. " + " ".join(_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(1, 3)))
        cost = len(para.encode("utf-8")) + 1
        if used + cost > size:
            misses += 1
            continue
        lines.append(para)
        used += cost
        n += 1
    if table_rows:
        lines += ["", "PHỤ LỤC: DANH MỤC NHIỆM VỤ", "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"]
        for r in range(table_rows):
            b1, b2 = rng.sample(BODIES, 2)
            lines.append(f"{r + 1} | {rng.choice(WORK).capitalize()} | {b1} | {b2}; {rng.choice(GROUPS)} | "
                         f"Quý {rng.choice('I II III IV'.split())}/{y}")
    return "\n".join(lines + _CLOSING) + "\n"


def make_corpus(root: Path, n_text: int, n_pdf: int, n_docx: int) -> Path:
    from make_samples import to_docx

    corpus = root / f"corpus-v2-{n_text}-{n_pdf}-{n_docx}"  # v2: sizes in bytes, not characters
    if (corpus / ".done").exists():
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    rng = random.Random(20261128)
    (corpus / "text").mkdir(parents=True)
    for i in range(n_text):
        (corpus / "text" / f"vb-{i:05d}.txt").write_text(make_text(rng, i, rng.randint(3100, 8000)), encoding="utf-8")
    (corpus / "docx").mkdir()
    for i in range(n_docx):
        (corpus / "docx" / f"vb-{i:04d}.docx").write_bytes(to_docx(make_text(rng, 50_000 + i, 6500, table_rows=12)))
    (corpus / "pdf").mkdir()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for i in range(n_pdf):  # about eight pages of text and two of table: ten pages
            (Path(tmp) / f"vb-{i:04d}.docx").write_bytes(to_docx(make_text(rng, 70_000 + i, 20_200, table_rows=18)))
        if n_pdf:
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", str(corpus / "pdf"),
                            *sorted(str(p) for p in Path(tmp).glob("*.docx"))],
                           check=True, capture_output=True, timeout=3600)
    (corpus / ".done").write_text("ok\n")
    return corpus


FLOOR_PATTERNS = [re.compile(p) for p in (
    r"\d+/\d{4}/[A-ZĐ]+-[A-ZĐ]+", r"\d+/[A-ZĐ]+-[A-ZĐ]+", r"ngày \d{1,2}/\d{1,2}/\d{4}",
    r"ngày \d{1,2} tháng \d{1,2} năm \d{4}", r"[Qq]uý [IV]+/\d{4}", r"tháng \d{1,2}/\d{4}",
    r"Sở [A-ZĐ]\w+", r"Ủy ban nhân dân|UBND", r"\d+ nhiệm vụ", r"chủ trì|phối hợp")]


def floor_mb_s(files: list[Path]) -> float:
    t = time.perf_counter()
    size = 0
    for p in files:
        data = p.read_bytes()
        size += len(data)
        text = unicodedata.normalize("NFC", data.decode("utf-8"))
        for rx in FLOOR_PATTERNS:
            sum(1 for _ in rx.finditer(text))
    return size / 1e6 / (time.perf_counter() - t)


def plumber_pages_s(files: list[Path]) -> tuple[float, int]:
    import pdfplumber

    t = time.perf_counter()
    pages = 0
    for p in files:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages / (time.perf_counter() - t), pages


def run_vanban(inputs: list[Path], out: Path, workers: int) -> float:
    """Seconds the run reports for itself (start-up of the interpreter not included)."""
    shutil.rmtree(out, ignore_errors=True)
    res = subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out),
                          "--workers", str(workers)], cwd=ROOT, capture_output=True, text=True, check=True)
    m = re.search(r"in ([\d.]+) s", res.stdout)
    if not m:
        raise SystemExit(f"bench: cannot read the run time from: {res.stdout}\n{res.stderr}")
    return float(m.group(1))


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    """Children, grandchildren, ...: pool workers hang under a forkserver."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for k in kids:
            out += [k, *_descendants(k)]
    return out


def flat_run(root: Path, n: int, workers: int = 2) -> str:
    """Memory over a long run: N generated texts, RSS of the main process and of each worker
    sampled every half second."""
    import threading

    corpus = root / f"flat-v2-{n}"
    if not (corpus / ".done").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        rng = random.Random(n)
        for i in range(n):
            sub = corpus / f"{i // 1000:04d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"vb-{i:06d}.txt").write_text(make_text(rng, i, rng.randint(3100, 8000)), encoding="utf-8")
        (corpus / ".done").write_text("ok\n")
    out = root / f"out-flat-{n}"
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out),
                             "--workers", str(workers), "--quiet"], cwd=ROOT)
    peak = {"main": 0.0, "worker": 0.0}

    def watch() -> None:
        while proc.poll() is None:
            peak["main"] = max(peak["main"], _rss_mb(proc.pid))
            for c in _descendants(proc.pid):
                peak["worker"] = max(peak["worker"], _rss_mb(c))
            time.sleep(0.5)

    t = time.perf_counter()
    watcher = threading.Thread(target=watch)
    watcher.start()
    proc.wait()
    watcher.join()
    return (f"flat: docs={n} workers={workers} seconds={time.perf_counter() - t:.0f} "
            f"peak_rss_main_mb={peak['main']:.0f} peak_rss_worker_mb={peak['worker']:.0f}")


def make_scans(root: Path, n_pages: int) -> Path:
    """Scanned PDFs of about `n_pages` pages (cached): the sample texts of data/raw, then
    one-page generated texts; refs.json holds each page's words and the scan's dpi."""
    import json

    from scan_sim import scan_pdf

    out = root / f"scans-v2-{n_pages}"  # v2: two-block headers
    if (out / ".done").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rng = random.Random(13)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    refs, pages, i = {}, 0, 0
    while pages < n_pages:
        text = texts[i] if i < len(texts) else make_text(rng, 90_000 + i, rng.randint(1800, 2600))
        scan = scan_pdf(text, rng)
        name = f"scan-{i:03d}.pdf"
        (out / name).write_bytes(scan.pdf)
        refs[name] = {"dpi": scan.dpi, "pages": list(scan.pages)}
        pages += len(scan.pages)
        i += 1
    (out / "refs.json").write_text(json.dumps(refs, ensure_ascii=False, indent=0), encoding="utf-8")
    (out / ".done").write_text("ok\n")
    return out


def ocr_bench(scans: Path) -> dict[str, float]:
    """OCR every page of the scans in this process, as a worker does (pdf.py: ocr_page, then
    repair): pages a second and the error rate before and after repair."""
    import json

    import pypdfium2 as pdfium

    from pipeline.ingest.ocr import ocr_page
    from pipeline.ocr_repair import lexicon, repair
    from scan_sim import cer

    refs = json.loads((scans / "refs.json").read_text(encoding="utf-8"))
    lexicon()  # loaded once per worker: not part of a page's time
    seconds, cpu, raw_err, fixed_err, chars = 0.0, 0.0, 0.0, 0.0, 0
    n = 0
    for name, ref in sorted(refs.items()):
        pdf = pdfium.PdfDocument((scans / name).read_bytes())
        for k, want in enumerate(ref["pages"]):
            t, c = time.perf_counter(), time.process_time()
            read = ocr_page(pdf[k])
            fixed = repair(read.text)
            seconds += time.perf_counter() - t
            cpu += time.process_time() - c
            raw_err += cer(want, read.text) * len(want)
            fixed_err += cer(want, fixed) * len(want)
            chars += len(want)
            n += 1
        pdf.close()
    return {"pages": n, "seconds": seconds, "cpu": cpu, "cer_raw": raw_err / chars, "cer": fixed_err / chars}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text", type=int, default=2000)
    ap.add_argument("--pdf", type=int, default=200)
    ap.add_argument("--docx", type=int, default=50)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.1 for a quick look)")
    ap.add_argument("--dir", type=Path, default=ROOT / "build" / "bench")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each part; the best counts (the host's load varies by a third between runs)")
    ap.add_argument("--flat", type=int, metavar="N", help="only the memory run: N texts with 2 workers")
    ap.add_argument("--ocr", type=int, default=24, help="scanned pages for the OCR part (about 1.3 s each)")
    ap.add_argument("--ocr-only", action="store_true", help="only the OCR part")
    a = ap.parse_args()
    if a.flat:
        print(flat_run(a.dir, a.flat), flush=True)
        return 0
    t = time.perf_counter()
    scans = make_scans(a.dir, max(1, round(a.ocr * a.scale)))
    ocr = ocr_bench(scans)
    print(f"bench: ocr {ocr['pages']} scanned pages ({scans}, made in {time.perf_counter() - t - ocr['seconds']:.0f} s): "
          f"{ocr['seconds']:.1f} s, {ocr['seconds'] / ocr['pages']:.2f} s a page ({ocr['cpu'] / ocr['pages']:.2f} s of CPU); "
          f"character error rate "
          f"{100 * ocr['cer_raw']:.3f}% before repair, {100 * ocr['cer']:.3f}% after", flush=True)
    ocr_fields = [("ocr_pages_s_core", round(ocr["pages"] / ocr["seconds"], 3)),
                  ("ocr_cer", round(ocr["cer"], 5)), ("ocr_cer_raw", round(ocr["cer_raw"], 5))]
    if a.ocr_only:
        print("bench: " + " ".join(f"{k}={v}" for k, v in ocr_fields))
        return 0
    n_text, n_pdf, n_docx = (max(1, round(n * a.scale)) for n in (a.text, a.pdf, a.docx))
    t = time.perf_counter()
    corpus = make_corpus(a.dir, n_text, n_pdf, n_docx)
    print(f"bench: corpus {corpus} ready in {time.perf_counter() - t:.0f} s", flush=True)
    texts = sorted((corpus / "text").glob("*.txt"))
    pdfs = sorted((corpus / "pdf").glob("*.pdf"))
    text_mb = sum(p.stat().st_size for p in texts) / 1e6

    floor = max(floor_mb_s(texts) for _ in range(a.repeat))
    plumber, pages = plumber_pages_s(pdfs)
    print(f"bench: floor {floor:.1f} MB/s, pdfplumber {plumber:.1f} pages/s over {pages} pages", flush=True)

    runs: dict[str, list[float]] = {"text": [], "pdf": [], "docx": [], "2w": []}
    for _ in range(a.repeat):  # interleaved, so a busy spell of the host spreads over all parts
        runs["text"].append(run_vanban([corpus / "text"], a.dir / "out-text", 1))
        runs["pdf"].append(run_vanban([corpus / "pdf"], a.dir / "out-pdf", 1))
        runs["docx"].append(run_vanban([corpus / "docx"], a.dir / "out-docx", 1))
        runs["2w"].append(run_vanban([corpus / "text", corpus / "pdf", corpus / "docx"], a.dir / "out-2w", 2))
        print("bench: runs so far (s): " + ", ".join(f"{k} {' '.join(f'{t:.1f}' for t in v)}"
                                                   for k, v in runs.items()), flush=True)
    t_text, t_pdf, t_docx, t_two = (min(runs[k]) for k in ("text", "pdf", "docx", "2w"))
    print(f"bench: best of {a.repeat}: 1 worker: text {t_text:.1f} s, pdf {t_pdf:.1f} s, docx {t_docx:.1f} s; "
          f"2 workers, whole corpus: {t_two:.1f} s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    text_mb_s = text_mb / t_text
    pdf_pages_s = pages / t_pdf
    print("bench: " + " ".join(f"{k}={v}" for k, v in [
        ("text_docs_s_core", round(len(texts) / t_text, 1)),
        ("text_mb_s_core", round(text_mb_s, 3)),
        ("pdf_pages_s_core", round(pdf_pages_s, 1)),
        ("docx_docs_s_core", round(n_docx / t_docx, 1)),
        ("speedup_2w", round((t_text + t_pdf + t_docx) / t_two, 2)),
        ("peak_rss_mb", round(peak)),
        ("floor_mb_s", round(floor, 2)),
        ("floor_ratio", round(text_mb_s / floor, 3)),
        ("plumber_pages_s", round(plumber, 1)),
        ("pdf_ratio", round(pdf_pages_s / plumber, 2)),
        *ocr_fields,
    ]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
