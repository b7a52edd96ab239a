"""`references.target_doc_id`: a cited number links to the document of the same output folder
whose own number it is (its first copy, of the citation's year, never itself), and the DuckDB
view `citations` lists the links both ways."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from pipeline.batch import run_batch
from pipeline.citations import Targets, number_key
from pipeline.same import Twin

HEAD = """ỦY BAN NHÂN DÂN
TỈNH {province_upper}
Số: {number}/{code}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{province}, ngày {day} tháng {month} năm {year}
"""

DECISION = HEAD + """QUYẾT ĐỊNH
Về việc ban hành Kế hoạch {topic} năm {year}
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch {topic} năm {year} trên địa bàn tỉnh.
Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan tổ chức thực hiện Kế hoạch;
báo cáo kết quả trước ngày 30 tháng 11 năm {year}.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh và Giám đốc các sở chịu trách nhiệm thi hành Quyết định này.
"""

LETTER = HEAD + """V/v triển khai Kế hoạch {topic}
Kính gửi: Các sở, ban, ngành tỉnh.
Thực hiện Quyết định số {cited} ngày {cited_date} của Ủy ban nhân dân tỉnh về việc ban hành Kế hoạch
{topic}, Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành triển khai thực hiện, báo cáo kết quả về Sở Nội vụ
trước ngày 15 tháng 12 năm {year}. Căn cứ Nghị quyết số 99/NQ-HĐND ngày 10 tháng 1 năm {year} của Hội đồng
nhân dân tỉnh (không có trong thư mục).
"""


def _text(template: str, number: int, code: str = "QĐ-UBND", province: str = "Quảng Trị", day: int = 18,
          month: int = 3, year: int = 2024, topic: str = "kiểm tra công tác cải cách hành chính", **kw) -> str:
    return template.format(number=number, code=code, province=province, province_upper=province.upper(),
                           day=day, month=month, year=year, topic=topic, **kw)


def _twin(number=None, issuer="ủy ban nhân dân tỉnh quảng trị", date=None) -> Twin:
    return Twin(number_key(number), issuer, date, None)


def test_number_key_ignores_case_and_spacing():
    assert number_key("12/QĐ-UBND") == number_key("12 / qđ-ubnd") == "12/qđ-ubnd"
    assert number_key("") is None and number_key(None) is None


def test_a_cited_number_links_to_the_document_whose_own_number_it_is():
    t = Targets([("a", _twin("12/QĐ-UBND", date="2024-03-18")), ("b", _twin("5/UBND-NV", date="2024-04-02"))], {})
    assert t.target("b", "12/QĐ-UBND", None, "2024-03-18") == "a"
    assert t.target("b", "12/qđ-ubnd", None, None) == "a"          # case and spacing do not matter
    assert t.target("b", "13/QĐ-UBND", None, None) is None         # no document of the folder has it
    assert t.target("a", "12/QĐ-UBND", None, None) is None         # never a document to itself


def test_a_number_of_another_year_is_another_document():
    t = Targets([("a", _twin("12/QĐ-UBND", date="2023-05-02")), ("b", _twin("5/UBND-NV", date="2024-04-02"))], {})
    assert t.target("b", "12/QĐ-UBND", None, "2024-03-18") is None
    assert t.target("b", "12/2024/QĐ-UBND", 2024, None) is None
    assert Targets([("a", _twin("12/2024/QĐ-UBND", date="2024-03-18"))], {}).target(
        "b", "12/2024/QĐ-UBND", 2024, None) == "a"


def test_several_documents_with_one_number_prefer_the_date_then_the_issuer():
    qt, hue = "ủy ban nhân dân tỉnh quảng trị", "ủy ban nhân dân thành phố huế"
    twins = [("hue", _twin("12/QĐ-UBND", hue, "2024-03-18")), ("qt", _twin("12/QĐ-UBND", qt, "2024-06-01")),
             ("qt-letter", _twin("5/UBND-NV", qt, "2024-07-02")), ("hue-letter", _twin("6/UBND-NV", hue, "2024-07-03"))]
    t = Targets(twins, {})
    assert t.target("qt-letter", "12/QĐ-UBND", None, "2024-03-18") == "hue"  # the date written with it decides
    assert t.target("qt-letter", "12/QĐ-UBND", None, None) == "qt"           # else the citing document's issuer
    assert t.target("hue-letter", "12/QĐ-UBND", None, None) == "hue"
    assert t.target("other", "12/QĐ-UBND", None, None) == "hue"              # else the first imported


def test_a_document_with_copies_is_linked_as_its_first_copy_and_never_from_its_copies():
    # "scan" is a copy of "draft" (no number); only the scan's text carries the number
    t = Targets([("draft", _twin(None)), ("scan", _twin("12/QĐ-UBND", date="2024-03-18")),
                 ("letter", _twin("5/UBND-NV", date="2024-04-02"))], {"scan": "draft"})
    assert t.target("letter", "12/QĐ-UBND", None, None) == "draft"
    assert t.target("draft", "12/QĐ-UBND", None, None) is None
    assert t.target("scan", "12/QĐ-UBND", None, None) is None


def test_own_numbers_get_no_target():
    t = Targets([("a", _twin("12/QĐ-UBND")), ("b", _twin("5/UBND-NV"))], {})
    refs = {"ref": ["5/UBND-NV", "12/QĐ-UBND"], "role": ["self", "cited"], "year": [None, None],
            "issued_date": [None, None]}
    assert t.column("b", refs) == [None, "a"]


def _folder(src: Path) -> None:
    src.mkdir()
    (src / "a-qd12.txt").write_text(_text(DECISION, 12), encoding="utf-8")
    # the same number a year before, in another province: not the one cited
    (src / "b-qd12-2023.txt").write_text(_text(DECISION, 12, province="Quảng Bình", year=2023, day=2, month=5,
                                                topic="tuyên truyền phổ biến giáo dục pháp luật"), encoding="utf-8")
    (src / "c-cv.txt").write_text(_text(LETTER, 40, code="UBND-NV", day=2, month=4, cited="12/QĐ-UBND",
                                        cited_date="18/3/2024"), encoding="utf-8")
    (src / "d-cv-2023.txt").write_text(_text(LETTER, 41, code="UBND-NV", province="Quảng Bình", year=2023, day=9,
                                             month=6, cited="12/QĐ-UBND", cited_date="02/5/2023",
                                             topic="tuyên truyền phổ biến giáo dục pháp luật"), encoding="utf-8")


def _targets(out: Path) -> dict[tuple[str, str], str | None]:
    docs = {d["doc_id"]: d["source"] for d in pq.read_table(out / "documents.parquet").to_pylist()}
    return {(docs[r["doc_id"]], r["ref"]): (docs.get(r["target_doc_id"]) if r["target_doc_id"] else None)
            for r in pq.read_table(out / "references.parquet").to_pylist()}


def test_batch_links_citations_within_the_folder_the_same_with_any_workers_and_on_rerun(tmp_path):
    import duckdb

    from pipeline.duck import write_duckdb

    src = tmp_path / "in"
    _folder(src)
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch([src], one, workers=1)
    links = _targets(one)
    assert links[("c-cv.txt", "12/QĐ-UBND")] == "a-qd12.txt"
    assert links[("d-cv-2023.txt", "12/QĐ-UBND")] == "b-qd12-2023.txt"
    assert links[("c-cv.txt", "99/NQ-HĐND")] is None          # cited, not in the folder
    assert links[("a-qd12.txt", "12/QĐ-UBND")] is None        # its own number
    before = (one / "references.parquet").read_bytes()
    run_batch([src], one, workers=1)
    assert (one / "references.parquet").read_bytes() == before
    run_batch([src], two, workers=2)
    assert (two / "references.parquet").read_bytes() == before

    con = duckdb.connect(str(write_duckdb(one)), read_only=True)
    rows = con.execute("SELECT c.source, citing_number, t.source, cited_number, cited_title FROM citations "
                       "JOIN documents c ON c.doc_id = citing_doc_id AND c.status = 'ok' "
                       "JOIN documents t ON t.doc_id = cited_doc_id AND t.status = 'ok' ORDER BY 1").fetchall()
    con.close()
    assert [r[:4] for r in rows] == [("c-cv.txt", "40/UBND-NV", "a-qd12.txt", "12/QĐ-UBND"),
                                     ("d-cv-2023.txt", "41/UBND-NV", "b-qd12-2023.txt", "12/QĐ-UBND")]
    assert "Về việc ban hành Kế hoạch kiểm tra" in rows[0][4]
