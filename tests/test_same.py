"""One document, counted once: `documents.same_as` links the copies of one document that
differ in bytes (DOCX, its PDF, a scan, a draft without number), never two documents of
one template."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch import run_batch
from pipeline.same import THRESHOLD, Twin, link, minhash, similarity

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"

BODY = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: {number}/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Trị, ngày {day} tháng 03 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2024
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Xét đề nghị của Giám đốc Sở Nội vụ.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra công tác cải cách hành chính năm 2024
trên địa bàn tỉnh, gồm kiểm tra việc giải quyết thủ tục hành chính, việc tiếp nhận hồ sơ trực tuyến
và việc công khai kết quả giải quyết hồ sơ tại bộ phận một cửa các cấp.
Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh và các sở, ngành
liên quan tổ chức kiểm tra tại các huyện, thị xã, thành phố; báo cáo kết quả trước ngày 30 tháng 11 năm 2024.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch
Ủy ban nhân dân các huyện, thị xã, thành phố chịu trách nhiệm thi hành Quyết định này.
Quyết định này có hiệu lực kể từ ngày ký.
"""


def _tools_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sig(text: str) -> bytes:
    sig = minhash(text)
    assert sig is not None
    return sig


def test_minhash_reads_through_layout_and_tells_documents_apart():
    text = BODY.format(number=12, day=18)
    relaid = " ".join(text.split()).replace(";", " ;")  # other line breaks and spacing, as a PDF gives
    assert similarity(_sig(text), _sig(relaid)) == 1.0
    other = ("Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế xã hội quý I năm 2024 của huyện, "
             "tình hình sản xuất nông nghiệp, thu ngân sách, đầu tư công và an sinh xã hội trên địa bàn ") * 3
    assert similarity(_sig(text), _sig(other)) < 0.2
    assert minhash("Quyết định số 12") is None  # too short to compare by text


def _twin(number=None, date=None, text=None, issuer="ủy ban nhân dân tỉnh quảng trị") -> Twin:
    return Twin(number, issuer if number else None, date, minhash(text) if text else None)


def test_link_same_number_issuer_date_whatever_the_text():
    a = _twin("12/qđ-ubnd", "2024-03-18", BODY.format(number=12, day=18))
    scan = _twin("12/qđ-ubnd", "2024-03-18", "chữ nhận dạng kém " * 30)  # bad OCR, same header
    assert link([("a", a), ("scan", scan)]) == {"scan": "a"}


def test_link_a_draft_without_number_to_its_signed_copy_by_text():
    signed = _twin("12/qđ-ubnd", "2024-03-18", BODY.format(number=12, day=18))
    draft = _twin(None, None, BODY.format(number="    ", day="    "))
    assert link([("signed", signed), ("draft", draft)]) == {"draft": "signed"}
    assert link([("draft", draft), ("signed", signed)]) == {"signed": "draft"}


def test_two_decisions_of_one_template_read_alike_and_are_not_the_same():
    one, two = BODY.format(number=12, day=18), BODY.format(number=13, day=19)
    assert similarity(_sig(one), _sig(two)) >= THRESHOLD  # the text alone would join them
    a = _twin("12/qđ-ubnd", "2024-03-18", one)
    b = _twin("13/qđ-ubnd", "2024-03-19", two)
    draft = _twin(None, None, BODY.format(number="", day=""))
    # nor through a draft that reads like both: it joins the first, the second stays apart
    assert link([("a", a), ("draft", draft), ("b", b)]) == {"draft": "a"}
    # unknown number, but another issue date: not the same either
    c = _twin(None, "2024-03-19", two)
    assert link([("a", a), ("c", c)]) == {}


@pytest.mark.skipif(not (SHARED_DEV / "129p_lamdong-kh-cchc-2026-2030.pdf").exists(),
                    reason="../shared/corpus/dev is not here")
def test_dev_129_docx_and_its_pdf_129p_are_one_document(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("129_lamdong-kh-cchc-2026-2030.docx", "129p_lamdong-kh-cchc-2026-2030.pdf",
                 "130_lamdong-kh-thidua-cchc-2026.docx"):
        (src / name).symlink_to(SHARED_DEV / name)
    run_batch([src], tmp_path / "out")
    rows = {d["source"][:4]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert rows["129p"]["same_as"] == rows["129_"]["doc_id"]
    assert rows["129_"]["same_as"] is None and rows["130_"]["same_as"] is None


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("tesseract"),
                    reason="needs LibreOffice and Tesseract")
def test_one_text_as_txt_docx_pdf_and_scan_is_one_document_with_three_copies(tmp_path, capsys):
    from pipeline.ingest.office import convert_to

    samples = _tools_samples()
    src = tmp_path / "in"
    src.mkdir()
    text = BODY.format(number=12, day=18)
    docx = samples.to_docx(text)
    pdf = convert_to(docx, "docx", "pdf")
    (src / "a-qd.txt").write_text(text, encoding="utf-8")
    (src / "b-qd.docx").write_bytes(docx)
    (src / "c-qd.pdf").write_bytes(pdf)
    (src / "d-qd-scan.pdf").write_bytes(samples.scanned_pdf(pdf, dpi=200))
    (src / "e-other.txt").write_text(BODY.format(number=13, day=19), encoding="utf-8")  # same template
    run_batch([src], tmp_path / "out")
    rows = {d["source"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert all(r["status"] == "ok" for r in rows.values()), rows
    first = rows["a-qd.txt"]["doc_id"]
    assert rows["a-qd.txt"]["same_as"] is None
    assert [rows[s]["same_as"] for s in ("b-qd.docx", "c-qd.pdf", "d-qd-scan.pdf")] == [first] * 3
    assert rows["d-qd-scan.pdf"]["ocr_pages"]  # the scan was read by OCR
    assert rows["e-other.txt"]["same_as"] is None
    # counted once: DuckDB's documents_unique / tasks_unique, and `vanban show`
    import duckdb

    from pipeline import cli
    from pipeline.duck import write_duckdb

    con = duckdb.connect(str(write_duckdb(tmp_path / "out")), read_only=True)
    assert sorted(con.execute("SELECT source, files FROM documents_unique").fetchall()) == [
        ("a-qd.txt", 4), ("e-other.txt", 1)]
    per_doc = dict(con.execute("SELECT doc_id, count(*) FROM tasks GROUP BY 1").fetchall())
    assert per_doc[first] > 0
    assert con.execute("SELECT count(*) FROM tasks_unique").fetchone()[0] == \
        per_doc[first] + per_doc.get(rows["e-other.txt"]["doc_id"], 0)
    con.close()
    assert cli.main(["show", str(tmp_path / "out")]) == 0
    assert "unique  2 documents in 5 readable files (0 byte copies, 3 other copies" in capsys.readouterr().out
    # a re-run reads nothing and keeps the links
    before = (tmp_path / "out" / "documents.parquet").read_bytes()
    run_batch([src], tmp_path / "out")
    assert (tmp_path / "out" / "documents.parquet").read_bytes() == before
