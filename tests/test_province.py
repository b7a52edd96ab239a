"""documents.province / province_2025: the issuing body's province, as the document names
it and after the 2025 merger, from the header or the place-date line."""
from __future__ import annotations

import csv

import pyarrow.parquet as pq
import pytest

from pipeline.batch import run_batch
from pipeline.config import RULES_DIR
from pipeline.province import province_of


@pytest.mark.parametrize("text,expected", [
    ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH\nSố: 12/QĐ-UBND\nQuảng Bình, ngày 5 tháng 3 năm 2024",
     ("Quảng Bình", "Quảng Trị")),                           # merged into Quảng Trị in 2025
    ("UBND TP. HỒ CHÍ MINH\nSỞ NỘI VỤ\nSố: 7/SNV", ("Hồ Chí Minh", "Hồ Chí Minh")),
    ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA – VŨNG TÀU\nSố: 3/KH-UBND", ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh")),
    ("ỦY BAN NHÂN DÂN\nTỈNH THANH HOÁ\nSố: 9/QĐ-UBND", ("Thanh Hóa", "Thanh Hóa")),  # old-style tone
    ("ỦY BAN NHÂN DÂN; TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ("Lâm Đồng", "Lâm Đồng")),
    ("HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ GIANG\nNGHỊ QUYẾT", ("Hà Giang", "Tuyên Quang")),
    ("SỞ Y TẾ\nSố: 15/SYT\nĐà Nẵng, ngày 5 tháng 3 năm 2024", ("Đà Nẵng", "Đà Nẵng")),  # place-date line
    ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐÒNG\nSó: 12 /TB-UBND", ("Lâm Đồng", "Lâm Đồng")),  # OCR misread a mark
    ("# Trợ cấp cho thanh niên xung phong của UBND tỉnh Tuyên Quang\n"  # a web page's wrong title first
     "| ỦY BAN NHÂN DÂN TỈNH SƠN LA | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", ("Sơn La", "Sơn La")),
    ("| Số: 254/QĐ-UBND | Sơn La, ngày 17 tháng 02 năm 2023 |", ("Sơn La", "Sơn La")),
    ("BỘ NỘI VỤ\nSố: 100/BNV\nHà Nội, ngày 5 tháng 3 năm 2024", (None, None)),  # a ministry
    ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nĐức Trọng, ngày 5 tháng 3 năm 2024", (None, None)),  # a district
    ("Kết quả thực hiện nhiệm vụ quý I của các sở, ngành", (None, None)),
])
def test_province_from_the_header_or_the_place_date_line(text, expected):
    assert province_of(text) == expected


def _rows():
    with open(RULES_DIR / "provinces_2025.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def test_the_2025_provinces_are_vietnam_provinces_34_and_every_old_province_is_listed():
    vp = pytest.importorskip("vietnam_provinces")
    today = {p.name.removeprefix("Thành phố ") for p in vp.Province.iter_all()}
    rows = _rows()
    assert {r["province_2025"] for r in rows} == today and len(today) == 34
    legacy = [ln.strip() for ln in (RULES_DIR / "places_legacy.txt").read_text(encoding="utf-8").splitlines()
              if ln.strip() and not ln.startswith("#")]
    assert set(legacy) <= {r["province"] for r in rows}
    # a province of today is its own 2025 province
    for r in rows:
        if r["province"] in today:
            assert r["province_2025"] == r["province"], r


def test_documents_table_has_the_province_and_none_for_a_news_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "qd.txt").write_text("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\n"
                                "Giao Sở Nội vụ chủ trì kiểm tra công tác cải cách hành chính.\n", encoding="utf-8")
    (src / "tin.html").write_text(
        "<html><head><title>UBND tỉnh Quảng Nam họp</title></head><body><article><h1>UBND tỉnh Quảng Nam họp"
        "</h1><p>" + "Chiều nay, Ủy ban nhân dân tỉnh Quảng Nam đã họp đánh giá kết quả thực hiện nhiệm vụ. " * 5 +
        "</p></article></body></html>", encoding="utf-8")
    run_batch([src], tmp_path / "out")
    rows = {d["source"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert (rows["qd.txt"]["province"], rows["qd.txt"]["province_2025"]) == ("Quảng Nam", "Đà Nẵng")
    assert rows["tin.html"]["kind"] == "news" and rows["tin.html"]["province"] is None
