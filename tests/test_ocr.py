"""OCR of scanned pages (pipeline/ingest/ocr.py) and the repair of its text (pipeline/ocr_repair.py)."""
from __future__ import annotations

import random
import re
import subprocess
import sys
import unicodedata

import pytest

from pipeline.config import RAW_DIR, ROOT, RULES_DIR
from pipeline.ocr_repair import _WORD, _needs_repair, fix_syllable, is_valid_syllable, lexicon, repair

sys.path.insert(0, str(ROOT / "tools"))


def _need_tesseract():
    from pipeline.ingest.ocr import engine

    if engine() is None:
        pytest.skip("Tesseract with its Vietnamese model is not installed (make setup installs it)")


def _own_texts() -> list[str]:
    """The project's own Vietnamese: the sample documents and generated bench documents."""
    from bench import make_text

    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW_DIR.glob("*.txt"))]
    texts += [re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")) for p in sorted(RAW_DIR.glob("*.html"))]
    return texts + [make_text(rng, i, 4000, table_rows=4) for i in range(20)]


def test_a_generated_scan_is_read_with_under_two_percent_character_errors():
    """A page of known text, typeset and scanned (red stamp over the header, skew, blur,
    noise, JPEG at 200 dpi), read through the PDF reader as a batch reads it."""
    _need_tesseract()
    from bench import make_text
    from scan_sim import cer, scan_pdf

    from pipeline.ingest.pdf import read_pdf

    rng = random.Random(2026)
    scan = scan_pdf(make_text(rng, 41, 2200), rng, scan_dpi=200)
    raw = read_pdf(scan.pdf)
    assert raw.ocr_pages == (1,) and raw.blank_pages == ()
    text = " ".join(b.text for b in raw.blocks if b.text)
    assert cer(scan.pages[0], text) < 0.02
    assert len(raw.ocr_confidences) == 1 and 80 < raw.ocr_confidences[0] <= 100


def test_a_blank_scanned_page_is_skipped_and_recorded():
    _need_tesseract()
    from scan_sim import blank_pdf

    from pipeline.ingest.pdf import read_pdf

    raw = read_pdf(blank_pdf(random.Random(3)))
    assert raw.blank_pages == (1,) and raw.ocr_pages == () and not any(b.text.strip() for b in raw.blocks if b.text)


def test_character_error_rate_is_levenshtein_over_the_reference_length():
    from scan_sim import cer

    assert cer("kitten", "sitting") == pytest.approx(3 / 6)
    assert cer("ngày 11  tháng\n9", "ngày 11 tháng 9") == 0.0
    assert cer("abc", "") == 1.0


def test_repair_changes_nothing_in_the_projects_clean_texts():
    for text in _own_texts():
        text = unicodedata.normalize("NFC", text)
        assert repair(text) == text
        lex = lexicon()
        assert [w for w in _WORD.findall(text) if _needs_repair(w, lex)] == []


def test_no_valid_syllable_of_the_lexicon_is_changed():
    lex = lexicon()
    words = [w for w in lex.spelling.values() if is_valid_syllable(w)][::7]
    assert len(words) > 1000
    text = " ".join(words)
    assert repair(text) == text
    assert repair(text.upper()) == text.upper()


@pytest.mark.parametrize("ocr,want", [
    ("QUYÉT ĐỊNH", "QUYẾT ĐỊNH"),
    ("kêt quả thực hiện", "kết quả thực hiện"),
    ("ngày II tháng 09 năm 2025", "ngày 11 tháng 09 năm 2025"),
    ("đến tháng l1 năm 2025", "đến tháng 11 năm 2025"),
    ("Số: 12/QĐÐ-UBND", "Số: 12/QĐ-UBND"),
    ("Số: 12/QÐ-UBND ngày 1l/09/2025", "Số: 12/QĐ-UBND ngày 11/09/2025"),
    ("hoàn thành trong quý II1/2024", "hoàn thành trong quý III/2024"),
    ("Nghị quyết số 151⁄2016/NQ-HDND", "Nghị quyết số 151/2016/NQ-HĐND"),
])
def test_repair_fixes_what_vietnamese_makes_certain(ocr, want):
    assert repair(ocr) == want


@pytest.mark.parametrize("text", [
    "quyên góp", "quý 1/2024", "quý II/2024", "UBND tỉnh", "Email: abc@xyz.vn", "COVID-19", "Đắk Lắk",
    "ngày này tháng trước", "Số: I/QĐ-UBND",
])
def test_repair_leaves_valid_or_uncertain_text_alone(text):
    assert repair(text) == text


def test_syllable_spelling_rules():
    for ok in ("kết", "quyền", "quyên", "nghiêng", "giường", "gì", "quốc", "hoà", "hòa", "yêu", "khuya", "thuở",
               "ĐỒNG", "Nguyễn", "kỹ", "ghế"):
        assert is_valid_syllable(ok), ok
    for bad in ("kêt", "quyét", "cinh", "kanh", "gha", "ngi", "iêu", "thàp", "mổc", "ạá", "xyz"):
        assert not is_valid_syllable(bad), bad


def test_an_invalid_word_with_two_equally_near_syllables_is_left_alone():
    lex = lexicon()
    # `ăt` without a tone: ắt and ặt are both one tone away; only ắt is attested, so it is certain
    assert fix_syllable("ăt", None, None, lex) == "ắt"
    # a word no syllable is near stays as it is
    assert fix_syllable("ưưư", None, None, lex) == "ưưư"


def test_syllable_list_agrees_with_its_generator():
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_ocr_syllables.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (RULES_DIR / "ocr_syllables.txt").is_file()


def test_documents_table_holds_ocr_confidence_and_blank_pages(tmp_path):
    """A two-page scan (text, then a blank back) and a text file: the scan's row has its
    page's confidence, the blank page recorded; the text file's confidence is null."""
    _need_tesseract()
    import io

    import pyarrow.parquet as pq
    import pypdfium2 as pdfium
    from bench import make_text
    from scan_sim import blank_pdf, scan_pdf

    from pipeline.batch import run_batch

    rng = random.Random(5)
    pdf = pdfium.PdfDocument(scan_pdf(make_text(rng, 3, 1500), rng, scan_dpi=200).pdf)
    pdf.import_pages(pdfium.PdfDocument(blank_pdf(rng)))
    buf = io.BytesIO()
    pdf.save(buf)
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "scan.pdf").write_bytes(buf.getvalue())
    (src / "plain.txt").write_text(make_text(rng, 4, 1500), encoding="utf-8")
    run_batch([src], out, workers=1)
    rows = {r["source"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    scan, plain = rows["scan.pdf"], rows["plain.txt"]
    assert scan["status"] == "ok" and scan["ocr_pages"] == [1] and scan["blank_pages"] == [2]
    assert len(scan["ocr_page_confidences"]) == 1 and 80 < scan["ocr_confidence"] <= 100
    assert scan["ocr_confidence"] == scan["ocr_page_confidences"][0]
    assert plain["ocr_confidence"] is None and plain["ocr_page_confidences"] == [] and plain["blank_pages"] == []


def _line(*spans, para=False, conf=95.0):
    from pipeline.ingest.ocr import Line, Word

    words = []
    for x0, text in spans:
        for t in text.split():
            words.append(Word(x0, x0 + 12 * len(t), t, conf))
            x0 += 12 * len(t) + 12
    return Line(tuple(words), para)


def test_a_two_block_header_is_read_left_block_then_right_block():
    from pipeline.ingest.ocr import header_blocks, lines_text

    w = 1650
    lines = [_line((150, "ỦY BAN NHÂN DÂN"), (700, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), para=True),
             _line((200, "TỈNH SƠN LA"), (800, "Độc lập - Tự do - Hạnh phúc")),
             _line((180, "Số: 12/QĐ-UBND"), (760, "Sơn La, ngày 11 tháng 9 năm 2025")),
             _line((700, "QUYẾT ĐỊNH"), para=True),
             _line((200, "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện."), para=True)]
    assert lines_text(header_blocks(lines, w)).split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH SƠN LA", "Số: 12/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Sơn La, ngày 11 tháng 9 năm 2025", "", "QUYẾT ĐỊNH", "",
        "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện.", ""]


def test_lines_without_the_headers_gap_or_motto_stay_in_their_order():
    from pipeline.ingest.ocr import header_blocks

    w = 1650
    body = [_line((200, "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành triển khai."), para=True),
            _line((200, "năm của tỉnh trước ngày 4 tháng 8 năm 2023."))]
    assert header_blocks(body, w) == body
    table = [_line((150, "1 Sở Nội vụ"), (900, "Quý I/2025"), para=True), _line((150, "2 Sở Y tế"), (900, "Quý II/2025"))]
    assert header_blocks(table, w) == table  # a gap, but no motto on the right: a table, left alone


def test_without_tesserocr_the_tesseract_program_reads_the_page_at_one_thread():
    """The fallback engine (no tesserocr installed): one `tesseract` process per page, told
    to use one OpenMP thread, its TSV read into the same lines as tesserocr's."""
    _need_tesseract()
    import shutil

    import pypdfium2 as pdfium
    from bench import make_text
    from scan_sim import cer, scan_pdf

    from pipeline.ingest.ocr import _ProgramEngine, page_gray

    exe = shutil.which("tesseract")
    if not exe:
        pytest.skip("the tesseract program is not installed")
    rng = random.Random(99)
    scan = scan_pdf(make_text(rng, 8, 1200), rng, scan_dpi=200)
    engine = _ProgramEngine(exe)
    assert engine._env["OMP_THREAD_LIMIT"] == "1"
    text, conf = engine.read(page_gray(pdfium.PdfDocument(scan.pdf)[0], 200), 200)
    assert 80 < conf <= 100
    assert cer(scan.pages[0], text) < 0.02  # the header's blocks put back from the TSV's word boxes


@pytest.mark.parametrize("text,blank", [("- 2 -", True), ("Nơi nhận: - Như trên;", False)])
def test_a_page_with_only_its_number_is_near_blank_and_one_short_line_is_not(text, blank):
    import pypdfium2 as pdfium
    from scan_sim import scan_pdf

    from pipeline.ingest.ocr import BLANK_INK, ink_share, page_gray

    page = pdfium.PdfDocument(scan_pdf(text, random.Random(1), scan_dpi=150).pdf)[0]
    assert (ink_share(page_gray(page, 200)) < BLANK_INK) == blank
