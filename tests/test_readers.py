"""Each reader and encoding, on fixtures made here, and every kind of bad input."""
from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.ingest import read_bytes, sniff
from pipeline.ingest.archive import expand_zip
from pipeline.ingest.encodings import decode_text, encode_text, repair_legacy_font_text
from pipeline.ingest.quality import is_garbage
from pipeline.models import ReadError

TEXT = ("Ủy ban nhân dân tỉnh Quảng Trị ban hành Kế hoạch cải cách hành chính năm 2024; "
        "giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Văn phòng UBND tỉnh thực hiện. Ngữ cảnh ẳng ẵng ỹ.")


@pytest.mark.parametrize("encoding", [
    "utf-8",         # today's default
    "utf-16",        # Windows "Unicode" text, with BOM
    "windows-1258",  # Vietnamese Windows code page, tones as combining marks
    "tcvn3",         # ABC fonts (.VnTime), the commonest legacy encoding
    "vni",           # VNI-Windows fonts: a base letter plus mark characters
    "viscii",        # VISCII, capitals in control bytes
])
def test_text_encodings_are_detected_and_decoded(encoding):
    data = TEXT.encode("utf-8") if encoding == "utf-8" else encode_text(TEXT, encoding)
    text, found = decode_text(data)
    assert found == encoding
    assert text == TEXT


def test_utf8_with_bom_and_utf16_without_bom():
    assert decode_text(b"\xef\xbb\xbf" + TEXT.encode())[0] == TEXT
    assert decode_text(TEXT.encode("utf-16-le")) == (TEXT, "utf-16-le")


def test_known_tcvn3_bytes():
    # "Uû ban nh©n d©n tØnh" is how TCVN3 text shows in a Latin-1 viewer
    assert decode_text("Uû ban nh©n d©n tØnh Qu¶ng TrÞ".encode("latin-1"))[0] == "Uỷ ban nhân dân tỉnh Quảng Trị"


def test_legacy_font_text_inside_unicode_is_repaired_and_good_text_left_alone():
    assert repair_legacy_font_text("tªn c¬ quan cÊp trªn") == "tên cơ quan cấp trên"
    assert repair_legacy_font_text(TEXT) == TEXT


def test_binary_junk_named_txt_fails_with_a_reason():
    with pytest.raises(ReadError, match="binary data"):
        read_bytes("junk.txt", bytes(range(256)) * 20)


def test_sniff_by_content_not_extension():
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(b"{\\rtf1\\ansi hello}") == "rtf"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff(b"   \n ") == "empty"


def test_docx_that_is_not_a_zip_fails_with_a_reason():
    with pytest.raises(ReadError, match="not a Word file"):
        read_bytes("bao-cao.docx", "Đây không phải tệp Word".encode())


def test_pdf_name_on_other_content_fails():
    with pytest.raises(ReadError, match="not a PDF"):
        read_bytes("x.pdf", b"hello there, plain text")


def _docx_bytes() -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    t = d.add_table(rows=2, cols=3)
    for i, v in enumerate(["STT", "Nội dung", "Chủ trì"]):
        t.cell(0, i).text = v
    for i, v in enumerate(["1", "Rà soát thủ tục", "Sở Tư pháp"]):
        t.cell(1, i).text = v
    d.add_paragraph("Sau bảng")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_keeps_paragraphs_and_tables_in_body_order():
    raw = read_bytes("k.docx", _docx_bytes())
    assert [b.is_table for b in raw.blocks] == [False, True, False]
    assert raw.blocks[1].rows[1] == ("1", "Rà soát thủ tục", "Sở Tư pháp")


def _pdf_bytes(text: str = TEXT) -> bytes:
    from pipeline.ingest.office import convert_to
    return convert_to(_docx_bytes() if text is None else text.encode("utf-8"), "txt", "pdf")


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    return _pdf_bytes()


def test_pdf_text_layer_is_read(text_pdf):
    raw = read_bytes("a.pdf", text_pdf)
    assert raw.format == "pdf" and raw.ocr_pages == ()
    assert "Sở Kế hoạch và Đầu tư" in " ".join(b.text for b in raw.blocks)


def test_truncated_pdf_fails_with_a_reason(text_pdf):
    with pytest.raises(ReadError, match="PDF is damaged"):
        read_bytes("t.pdf", text_pdf[: len(text_pdf) // 3])


def test_encrypted_pdf_fails_with_a_reason(text_pdf, tmp_path):
    import shutil
    import subprocess
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed (make setup installs it)")
    src, dst = tmp_path / "a.pdf", tmp_path / "e.pdf"
    src.write_bytes(text_pdf)
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(src), str(dst)], check=True)
    with pytest.raises(ReadError, match="encrypted"):
        read_bytes("e.pdf", dst.read_bytes())


def test_scanned_pdf_page_is_ocred(text_pdf):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from make_samples import scanned_pdf
    raw = read_bytes("s.pdf", scanned_pdf(text_pdf, dpi=200))
    assert raw.ocr_pages == (1,)
    assert "Kế hoạch" in " ".join(b.text for b in raw.blocks)


def test_garbage_text_layer_is_recognised():
    assert is_garbage("uY BAN NgAN nAN TINH LAMDONG ceNG HoA xA ugr cuu xcuia vrET NAM DQc l$p Tg do H4nh phric " * 3)
    assert not is_garbage(TEXT * 2)


def test_doc_through_libreoffice():
    from pipeline.ingest.office import convert_to
    raw = read_bytes("k.doc", convert_to(_docx_bytes(), "docx", "doc"))
    assert raw.reader.startswith("libreoffice")
    assert any(b.is_table for b in raw.blocks)


def test_html_page_keeps_the_article_and_drops_chrome():
    html = ("<html><head><title>Tin</title></head><body><nav>Trang chủ | Liên hệ</nav><article>"
            "<h1>UBND tỉnh giao nhiệm vụ năm 2024</h1><p>Ngày 05/4/2024, " + TEXT + "</p><p>" + TEXT + "</p>"
            "</article><footer>Bản quyền thuộc Cổng thông tin</footer></body></html>").encode()
    raw = read_bytes("t.html", html)
    body = "\n".join(b.text for b in raw.blocks)
    assert "Sở Kế hoạch và Đầu tư" in body and "Bản quyền" not in body


def test_an_old_page_laid_out_in_a_table_keeps_its_paragraphs_and_a_data_table_stays_one():
    html = ("<html><head><meta charset='utf-8'><title>Tin địa phương</title></head><body>"
            "<table width='980'><tr><td>Báo Điện tử tỉnh</td></tr>"
            "<tr><td><a href='#'>Trang chủ</a> | <a href='#'>Thời sự</a></td></tr>"
            "<tr><td><h1>Khắc phục hậu quả mưa lũ năm 2010</h1>"
            "<p>Ngày 10/9/2010, Chủ tịch UBND tỉnh ban hành Công điện về việc khắc phục hậu quả mưa lũ trên địa bàn.</p>"
            "<p>Sở Giao thông vận tải huy động máy móc thông tuyến Quốc lộ 4D trước ngày 12/9/2010.</p>"
            "<table><tr><th>Huyện</th><th>Số hộ</th></tr><tr><td>Sìn Hồ</td><td>12</td></tr></table>"
            "</td></tr><tr><td>Giấy phép số 12/GP-BC ngày 26/3/2007</td></tr></table></body></html>").encode()
    raw = read_bytes("t.html", html)
    texts = [b.text for b in raw.blocks]
    assert any(t.startswith("Sở Giao thông vận tải huy động") for t in texts)  # a paragraph of its own
    assert not any("Trang chủ" in t and "Sở Giao thông" in t for t in texts)  # not one cell with the menu


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_entry_escaping_the_archive_is_refused_and_others_read():
    entries = expand_zip(_zip({"../../etc/evil.txt": b"x", "ok/a.txt": TEXT.encode()}))
    by = {e.name: e for e in entries}
    assert by["../../etc/evil.txt"].error == "archive entry escapes the archive (its path leaves the folder)"
    assert by["ok/a.txt"].data == TEXT.encode()


def test_zip_bomb_is_refused():
    entries = expand_zip(_zip({"bomb.txt": b"0" * (50 * 1024 * 1024)}))
    assert entries[0].data is None and "zip bomb" in entries[0].error


def _ruled_table_docx() -> bytes:
    """A plan's appendix: a bordered task table with a cell merged across and one merged down."""
    import docx
    d = docx.Document()
    d.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    rows = [("STT", "Nội dung", "Chủ trì", "Thời hạn"), ("I", "Cải cách thể chế", "", ""),
            ("1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Quý II/2026"),
            ("2", "Công bố danh mục văn bản hết hiệu lực", "", "Quý III/2026")]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(1, 1).merge(t.cell(1, 3))       # a section row across the columns
    t.cell(2, 2).merge(t.cell(3, 2))       # the lead cell merged down
    d.add_paragraph("Nơi nhận: như trên.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_ruled_pdf_table_is_read_from_pdfium_geometry_with_merged_cells():
    from pipeline.ingest.office import convert_to
    from pipeline.ingest.pdf import read_pdf
    raw = read_pdf(convert_to(_ruled_table_docx(), "docx", "pdf"))
    assert raw.reader == "pypdfium2"  # no pdfplumber parse for a ruled table
    [table] = [b for b in raw.blocks if b.is_table]
    texts = [b.text for b in raw.blocks if not b.is_table]
    assert texts[0] == "PHỤ LỤC NHIỆM VỤ" and "Nơi nhận: như trên." in texts
    assert table.rows == (
        ("STT", "Nội dung", "Chủ trì", "Thời hạn"),
        ("I", "Cải cách thể chế", "", ""),
        ("1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Quý II/2026"),
        ("2", "Công bố danh mục văn bản hết hiệu lực", "", "Quý III/2026"),
    )


def test_a_symbol_broken_at_its_hyphen_by_a_pdf_line_is_whole():
    # pdfium joins a line that ends on a hyphen to the next and writes U+FFFE for the hyphen
    # (`14/2023/NQ` + `-HĐND` -> `14/2023/NQ\ufffeHĐND`): the reference must keep its code
    from pipeline.extract.references import find_references
    from pipeline.normalize import build_document
    from pipeline.rules import load_rules

    refs = [f"{i}/2023/NQ-HĐND" for i in range(10, 40)]
    raw = read_bytes("n.pdf", _pdf_bytes("Căn cứ " + ", ".join(f"Nghị quyết số {r}" for r in refs) + "."))
    rules = load_rules()
    doc = build_document(raw, "d", "n.pdf", rules)
    assert "\ufffe" not in doc.text
    assert [r.ref for r in find_references(doc.text, rules.extract, [])] == refs


def test_boxes_drawn_around_text_are_not_tables():
    from pipeline.ingest.pdf_tables import boxed_text
    words = [("", "a)", "", "Rà", "", "soát", "", "các", "", "quy", "", "định", "hiện", "", "hành")] * 2
    assert boxed_text(words)  # a box per word of justified text
    assert boxed_text([("Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010",)] * 3)  # a frame around a paragraph
    assert boxed_text([("", "Căn cứ Nghị định số 63/2010/NĐ-CP", ""), ("kiểm soát thủ tục hành chính", "", ";")])
    real = [("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"), ("1", "Rà soát", "Sở Tư pháp", "Quý I/2026")]
    assert not boxed_text(real)
    numbers = [("Chỉ tiêu",) + tuple(str(y) for y in range(2016, 2026)), ("Số nhiệm vụ",) + tuple(str(n) for n in range(10))]
    assert not boxed_text(numbers)  # a wide table of figures


def test_a_signed_copys_stamp_text_is_kept_out_of_the_body(rules):
    from pipeline.models import Block, RawDocument
    from pipeline.normalize import build_document
    lines = ["ỦY BAN NHÂN DÂN", "SAO Y", "Người ký: Ủy ban nhân dân tỉnh Lào Cai", "Email: ubnd@laocai.gov.vn",
             "Thời gian ký: 10.01.2026 10:10:50 +07:00", "Cơ quan chủ trì: Sở Tư pháp"]
    doc = build_document(RawDocument(format="pdf", blocks=tuple(Block(text=t, page=1) for t in lines), reader="t"),
                         "d", "d.pdf", rules)
    assert doc.text.split("\n") == ["ỦY BAN NHÂN DÂN", "Cơ quan chủ trì: Sở Tư pháp"]


def test_markdown_marks_of_a_web_export_are_no_part_of_the_text():
    from pipeline.ingest.text import read_text

    raw = read_text("**Điều 1. Phạm vi điều chỉnh**\n#### Điều 3. Khung giá\nGiá 5**2 đồng".encode("utf-8"))
    assert [b.text for b in raw.blocks] == ["Điều 1. Phạm vi điều chỉnh", "Điều 3. Khung giá", "Giá 5**2 đồng"]
