"""Extraction, pattern family by pattern family, on snippets written in the style of real texts."""
from __future__ import annotations

import pytest

from pipeline.extract.agencies import find_agencies, find_groups
from pipeline.extract.counts import find_counts
from pipeline.extract.dates import find_dates
from pipeline.extract.references import find_references
from pipeline.normalize import clean_line


@pytest.mark.parametrize("text,ref,doc_type,issued", [
    ("theo Quyết định số 42/QĐ-UBND ngày 12/01/2021 của UBND tỉnh", "42/QĐ-UBND", "Quyết định", "2021-01-12"),  # plain citation
    ("Nghị quyết số 326/2021/NQ-HĐND về một số giải pháp", "326/2021/NQ-HĐND", "Nghị quyết", None),  # year inside symbol
    ("tại Thông báo số 36-KL/TU ngày 2/3/2021", "36-KL/TU", "Thông báo", "2021-03-02"),  # Party style, type from words
    ("Văn bản số 1393/UBND-DL1 (ngày 11/3/2021)", "1393/UBND-DL1", "Văn bản", "2021-03-11"),  # date in brackets
    ("Kế hoạch kịch bản tăng trưởng kinh tế số 12/KH-UBND ngày 15/1/2021", "12/KH-UBND", "Kế hoạch", "2021-01-15"),  # title between
    ("Số: 01      /2025/QĐ-UBND", "01/2025/QĐ-UBND", "Quyết định", None),  # header with a spaced number
    ("căn cứ Nghị định 168/2017/NĐ–CP", "168/2017/NĐ-CP", "Nghị định", None),  # en dash in symbol
    ("theo Kế hoạch số 186/KH-\nUBND ngày 5/3/2024", "186/KH-UBND", "Kế hoạch", "2024-03-05"),  # symbol wrapped at its hyphen
    ("Quyết định số 12/2024/\nQĐ-UBND của UBND tỉnh", "12/2024/QĐ-UBND", "Quyết định", None),  # wrapped after a slash
    ("Công văn số 368/TT-XD(KTXD) ngày 3/4/2025", "368/TT-XD(KTXD)", "Công văn", "2025-04-03"),  # a unit in brackets
    ("theo quy định tại QCVN\n01:2019/BCT của Bộ Công Thương", "QCVN01:2019/BCT", None, None),  # a technical regulation
])
def test_references(x, text, ref, doc_type, issued):
    refs = find_references(text, x, find_dates(text, x))
    assert [(r.ref, r.doc_type, r.issued_date) for r in refs] == [(ref, doc_type, issued)]


@pytest.mark.parametrize("text", [
    "Số:    /KH-UBND",            # a draft without its number
    "đã có 12/55 nhiệm vụ",       # a share
    "tỷ lệ bản đồ 1/500",         # a scale
    "giai đoạn 2021-2025",        # a range of years
])
def test_not_references(x, text):
    assert find_references(text, x, []) == []


@pytest.mark.parametrize("text,values", [
    ("Ngày 12/01/2021, Chủ tịch", ["2021-01-12"]),
    ("Hà Nội, ngày 05 tháng12 năm 2024", ["2024-12-05"]),  # header, missing space
    ("từ ngày 15-01-2021", ["2021-01-15"]),
    ("trước ngày 20.7.2020", ["2020-07-20"]),
    ("trong quý I/2021 và Quý II năm 2026", ["2021-Q1", "2026-Q2"]),
    ("đến hết tháng 3/2021", ["2021-03"]),
    ("12/55 nhiệm vụ, 6/13 đề án, tỷ lệ 1/500", []),
    ("từ 01/10 đến 15/10/2024, hoàn thành trước 30/6", ["2024-10-01", "2024-10-15", "2024-06-30"]),  # year from context
])
def test_dates(x, text, values):
    assert [d.value for d in find_dates(text, x)] == values


def test_day_without_year_takes_it_from_context(x):
    text = "Thứ 4, 30/12/2020 | 18:45\nChiều ngày 30/12, đồng chí Chủ tịch chủ trì hội nghị."
    got = [(d.value, d.year_inferred) for d in find_dates(text, x)]
    assert got == [("2020-12-30", False), ("2020-12-30", True)]


def test_deadline_role(x):
    d = find_dates("báo cáo UBND tỉnh trước ngày 15/4/2024.", x)[0]
    assert d.role == "deadline"


@pytest.mark.parametrize("text,names", [
    ("Giao Sở Nội vụ phối hợp với Văn phòng UBND tỉnh", ["Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Sở KH&ĐT và Sở TT&TT", ["Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông"]),  # abbreviations
    ("Chủ tịch UBND tỉnh Nguyễn Văn A", ["Ủy ban nhân dân tỉnh"]),  # title dropped, person not a place
    ("UBND tỉnh Sơn La", ["Ủy ban nhân dân tỉnh Sơn La"]),
    ("Ban Chỉ đạo công tác Dân số - Kế hoạch hóa gia đình tỉnh Hà Giang, Sở Y tế", ["Ban Chỉ đạo công tác Dân số - Kế hoạch hóa gia đình tỉnh Hà Giang", "Sở Y tế"]),
    ("thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII", []),  # a congress is an event
    ("Các Sở: Y tế, Tài chính phối hợp thực hiện", ["Sở Y tế", "Sở Tài chính"]),  # a shared head, the list runs on
    # a board's name holds its period or term, also after its place
    ("thành lập Ban Chỉ đạo Chương trình xây dựng nông thôn mới tỉnh Cao Bằng giai đoạn 2012 - 2020 gồm",
     ["Ban Chỉ đạo Chương trình xây dựng nông thôn mới tỉnh Cao Bằng giai đoạn 2012 - 2020"]),
    ("Ban Chỉ đạo thực hiện Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020-2025 chủ trì",
     ["Ban Chỉ đạo thực hiện Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020-2025"]),
    ("Ban Chỉ đạo liên ngành về vệ sinh an toàn thực phẩm tỉnh; Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
     ["Ban Chỉ đạo liên ngành về vệ sinh an toàn thực phẩm tỉnh", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"]),
    ("Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ", ["Tổ công tác"]),  # a verb after the bare head
    ("- TT.TU, TT.HĐND tỉnh; - BTV TU;", ["Thường trực Tỉnh ủy", "Thường trực Hội đồng nhân dân tỉnh",
                                        "Ban Thường vụ Tỉnh ủy"]),  # a recipients list's short forms
])
def test_agencies(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


def test_gazetteer_name_wrapped_with_a_deep_indent(x):
    # a PDF line break and the indent of the next line inside a name: how far a name runs is
    # counted in words, not characters
    text = "giao Sở Lao động - Thương binh\n" + " " * 40 + "và Xã hội chủ trì, phối hợp với SỞ NỘI VỤ"
    assert [a.name for a in find_agencies(text, x)] == ["Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"]


def test_families_of_bodies_beyond_the_named_list(x):
    text = ("Giám đốc Kho bạc nhà nước Gia Lai; Văn phòng: Tỉnh ủy, HĐND tỉnh; Cổng TTĐT tỉnh; Báo và PTTH Gia Lai; "
            "Cục KSTTHC; đăng trên Cổng Thông tin điện tử của Sở")
    names = [a.name for a in find_agencies(text, x)]
    assert names == ["Kho bạc nhà nước Gia Lai", "Văn phòng Tỉnh ủy", "Văn phòng Hội đồng nhân dân tỉnh",
                     "Cổng Thông tin điện tử tỉnh", "Báo và Phát thanh và Truyền hình Gia Lai",
                     "Cục Kiểm soát thủ tục hành chính"]


@pytest.mark.parametrize("text,names", [
    ("3. Ban Pháp chế Hội đồng nhân dân tỉnh giám sát công tác thi hành án", ["Ban Pháp chế Hội đồng nhân dân tỉnh"]),  # a council's committee, then a verb
    ("Tòa án nhân dân tỉnh, Thi hành án dân sự tỉnh có trách nhiệm báo cáo",
     ["Tòa án nhân dân tỉnh", "Thi hành án dân sự tỉnh"]),  # civil judgment enforcement without its head
    ("Giám đốc Kho bạc Nhà nước khu vực VIII chịu trách nhiệm thi hành", ["Kho bạc Nhà nước khu vực VIII"]),  # a treasury region
    ("Đài Phát thanh - Truyền hình tỉnh đưa tin", ["Đài Phát thanh - Truyền hình tỉnh"]),  # a level word ends a named unit
    ("Hội Văn học Nghệ thuật tỉnh, Liên minh Hợp tác xã tỉnh tham gia", ["Hội Văn học Nghệ thuật tỉnh", "Liên minh Hợp tác xã tỉnh"]),
    ("Đảng ủy xã Hải Hậu, Văn phòng HĐND và UBND xã hoàn thành", ["Đảng ủy xã Hải Hậu", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"]),
    ("Ban Chỉ huy Phòng thủ dân sự tỉnh phát động; Hạt Kiểm lâm khu vực tuần tra",
     ["Ban Chỉ huy Phòng thủ dân sự tỉnh", "Hạt Kiểm lâm khu vực"]),
    ("Tổ giúp việc có nhiệm vụ; Chi cục Kiểm lâm tăng cường tuần tra", ["Tổ giúp việc", "Chi cục Kiểm lâm"]),  # names end before the verb
    ("Ban Chỉ đạo thực hiện Nghị quyết Đại hội Đảng bộ tỉnh", ["Ban Chỉ đạo thực hiện Nghị quyết Đại hội Đảng bộ tỉnh"]),
    ("đăng tải trên Cổng Thông tin điện tử tỉnh; giao Cổng Thông tin điện tử tỉnh đăng tải", ["Cổng Thông tin điện tử tỉnh"]),  # where vs who
    ("Hội nghị Tỉnh ủy lần thứ 5", []),  # a meeting: no association, and an event, not its body
])
def test_open_families_of_bodies_and_where_their_names_end(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


def test_groups_are_not_agencies_but_are_found(x):
    text = "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố tổ chức thực hiện"
    assert find_agencies(text, x) == []
    assert [g.name for g in find_groups(text, x)] == ["các sở, ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"]


@pytest.mark.parametrize("text,expected", [
    ("UBND tỉnh đã giao trên 1.700 nhiệm vụ", [(1700, "nhiệm vụ", "total", "over", None)]),
    ("có 506 nhiệm vụ hoàn thành đúng hạn, 123 nhiệm vụ hoàn thành quá hạn", [(506, "nhiệm vụ", "completed_on_time", "exact", None), (123, "nhiệm vụ", "completed_late", "exact", None)]),
    ("41 nhiệm vụ chưa hoàn thành quá hạn, 1.068 nhiệm vụ chưa hoàn thành còn trong hạn", [(41, "nhiệm vụ", "overdue", "exact", None), (1068, "nhiệm vụ", "in_progress", "exact", None)]),
    ("đã có 12/55 nhiệm vụ hoàn thành", [(12, "nhiệm vụ", "completed", "exact", 55), (55, "nhiệm vụ", "total", "exact", None)]),
    ("đã ban hành 808 quyết định, 1.523 công văn", [(808, "quyết định", None, "exact", None), (1523, "công văn", None, "exact", None)]),
    ("khoảng 30 cuộc họp", [(30, "cuộc họp", None, "about", None)]),
    ("5 nhiệm vụ hoàn thành nhưng quá hạn, tổ chức 8 hội nghị", [(5, "nhiệm vụ", "completed_late", "exact", None), (8, "hội nghị", None, "exact", None)]),
    ("hoàn thành đúng hạn 1.180 nhiệm vụ, hoàn thành quá hạn 71 nhiệm vụ; chưa hoàn thành quá hạn 37 nhiệm vụ", [(1180, "nhiệm vụ", "completed_on_time", "exact", None), (71, "nhiệm vụ", "completed_late", "exact", None), (37, "nhiệm vụ", "overdue", "exact", None)]),
    ("tăng 9,5%, thu 53.523 tỷ đồng, nhiệm kỳ 2021-2026, lần thứ XIV, năm 2021 báo cáo", []),
    # a breakdown that leaves the counted noun out: in brackets it splits the count before it
    ("trong tổng số 2.405 nhiệm vụ có 1.520 nhiệm vụ đã hoàn thành (đúng hạn 1.302, quá hạn 218); chưa hoàn thành 885 (trong hạn 790, quá hạn 95).",
     [(2405, "nhiệm vụ", "total", "exact", None), (1520, "nhiệm vụ", "completed", "exact", None),
      (1302, "nhiệm vụ", "completed_on_time", "exact", None), (218, "nhiệm vụ", "completed_late", "exact", None),
      (885, "nhiệm vụ", "not_completed", "exact", None), (790, "nhiệm vụ", "in_progress", "exact", None),
      (95, "nhiệm vụ", "overdue", "exact", None)]),
    # `tổng số` right before the number makes it the total, whatever status words stand before
    ("số nhiệm vụ quá hạn chỉ chiếm 4% trên tổng số 160 nhiệm vụ được giao; quá hạn 5 ngày",
     [(160, "nhiệm vụ", "total", "exact", None)]),
    ("Quyết định số 12 nhiệm vụ", []),  # a document's number before a noun is no count
])
def test_counts(x, text, expected):
    assert [(c.count, c.unit, c.status, c.qualifier, c.of_total) for c in find_counts(text, x)] == expected


@pytest.mark.parametrize("raw,clean", [
    ("Uỷ ban nhân dân tỉnh Thanh Hoá", "Ủy ban nhân dân tỉnh Thanh Hóa"),  # old-style tones
    ("\u00d0ài Phát thanh", "Đài Phát thanh"),  # Icelandic eth look-alike
    ("Qu ả ng Ngãi", "Quảng Ngãi"),  # split syllable from a PDF
    ("U B ND tỉnh", "UBND tỉnh"),  # spaced capitals
    ("Hòa   Bình\u00a0", "Hòa Bình"),
    ("Theo đề nghị của A và B", "Theo đề nghị của A và B"),  # nothing to repair
    ("Số: １２/QĐ-UBND ngày ١٥/٣/٢٠٢٤ 😀", "Số: 12/QĐ-UBND ngày 15/3/2024 😀"),  # full-width, Arabic-Indic digits
    ("𝟗 nhiệm vụ", "9 nhiệm vụ"),  # a digit beyond plane 0
])
def test_normalization(raw, clean):
    assert clean_line(raw) == clean


def test_numbers_written_in_other_digits_are_found(x):
    """Rules open on (?=[0-9]) to scan fast; the digits of other scripts are made 0-9 first."""
    from pipeline.models import Block, RawDocument
    from pipeline.normalize import build_document
    from pipeline.rules import load_rules

    raw = RawDocument(blocks=(Block("Thực hiện Quyết định số ４２/QĐ-UBND ngày １５/１/２０２１ của UBND tỉnh."),),
                      format="txt", reader="test")
    text = build_document(raw, "x", "x.txt", load_rules()).text
    dates = find_dates(text, x)
    assert [r.ref for r in find_references(text, x, dates)] == ["42/QĐ-UBND"]
    assert [d.value for d in dates] == ["2021-01-15"]


@pytest.mark.parametrize("text,ref", [
    ("Nghị định số 144/2021/NĐ- CP ngày 31/12/2021", "144/2021/NĐ-CP"),  # a wrapped line left `- `
    ("tại Tờ trình số 02/TTr-CAT- ANCTNB ngày 03 tháng 02", "02/TTr-CAT-ANCTNB"),
    ("Quyết định số 12/QĐ-UBND- Ngày 5/1/2024", "12/QĐ-UBND"),  # a word after the dash is not code
])
def test_reference_symbol_mended_across_a_wrapped_hyphen(x, text, ref):
    assert [r.ref for r in find_references(text, x, find_dates(text, x))] == [ref]


def test_number_with_a_letter_suffix(x):
    text = "thực hiện Nghị quyết 30a/2008/NQ-CP của Chính phủ"
    assert [(r.ref, r.number, r.year) for r in find_references(text, x, [])] == [("30a/2008/NQ-CP", 30, 2008)]


@pytest.mark.parametrize("text,name", [
    ("Thanh tra Chính phủ", "Thanh tra Chính phủ"),
    ("Công an huyện Mường La phối hợp", "Công an huyện Mường La"),
    ("Ban CHQS huyện Yên Châu", "Ban Chỉ huy Quân sự huyện Yên Châu"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("UBND phường Hàng Bạc", "Ủy ban nhân dân phường Hàng Bạc"),
    ("UBND đặc khu Lý Sơn", "Ủy ban nhân dân đặc khu Lý Sơn"),  # special zones, since 2025
    ("Văn phòng HĐND và UBND huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"),
    ("Phòng Nông nghiệp và PTNT", "Phòng Nông nghiệp và Phát triển nông thôn"),
])
def test_bodies_of_every_level(x, text, name):
    assert [a.name for a in find_agencies(text, x)] == [name]


@pytest.mark.parametrize("text,issued", [
    ("Ngày 3/12/2020, UBND tỉnh đã ban hành Kế hoạch số 694/KH-UBND về đô thị thông minh", "2020-12-03"),
    ("Ngày 12/01/2021, Sở Y tế báo cáo kết quả thực hiện Quyết định số 42/QĐ-UBND", None),  # not its issuing
])
def test_issue_date_opening_the_clause_that_issues_it(x, text, issued):
    [ref] = find_references(text, x, find_dates(text, x))
    assert ref.issued_date == issued


def test_the_fast_count_scan_finds_what_the_full_pattern_finds(x):
    from pipeline.extract.counts import count_matches

    text = ("Năm 2024 giao trên 1.500 nhiệm vụ, hoàn thành 12/55 nhiệm vụ; X500 nhiệm vụ không tính, "
            "chơn 30 đề án, gần  7 chỉ tiêu và chưa đến 4 nội dung; 2021 báo cáo, 3,5 nhiệm vụ, 15% nhiệm vụ, "
            "mục 2 đề án, khoảng 20 Nhiệm Vụ, 9 nhiệm vụụ, 1234.567 nhiệm vụ, 12345 đề án, 1.5000 nhiệm vụ.")
    want = [(m.span(), m.group("qual"), m.group("n"), m.group("total")) for m in x.count_pattern.finditer(text)]
    got = [(m.span(), m.group("qual"), m.group("n"), m.group("total")) for m in count_matches(text, x)]
    assert got == want
    assert len(want) >= 6


def test_district_bodies_levels_and_groups(x):
    text = ("Trung tâm Văn hóa - Truyền thông huyện, Trung tâm Công tác xã hội và Phòng Nội vụ; "
            "Trưởng các phòng, ban, đơn vị có liên quan")
    assert [(a.name, a.level) for a in find_agencies(text, x)] == [
        ("Trung tâm Văn hóa - Truyền thông huyện", "district"),  # the level word in the name
        ("Trung tâm Công tác xã hội", "province"),  # `xã hội` is no level: the head's
        ("Phòng Nội vụ", "district"),
    ]
    assert [g.name for g in find_groups(text, x)] == ["các phòng, ban, đơn vị có liên quan"]


def test_count_scope_is_a_sector_not_a_clause(x):
    from pipeline.extract.counts import find_counts

    text = ("Năm 2024, UBND tỉnh giao tổng cộng 2.345 nhiệm vụ. Các cơ quan đã hoàn thành 2.100 nhiệm vụ. "
            "Có 120 nhiệm vụ chưa đến hạn. Lĩnh vực Giao thông vận tải có 30 nhiệm vụ; "
            "Văn hóa, Thể thao và Du lịch 20 nhiệm vụ.")
    assert [(c.count, c.status, c.scope) for c in find_counts(text, x)] == [
        (2345, "total", None), (2100, "completed", None), (120, "in_progress", None),
        (30, "total", "Giao thông vận tải"), (20, "total", "Văn hóa, Thể thao và Du lịch")]


def test_names_places_and_counted_nouns_wrapped_by_a_printed_line(x):
    # PDF text keeps its printed lines: a space in the agency and count rules matches a line break
    from pipeline.extract.counts import find_counts

    text = ("Ủy ban nhân\ndân tỉnh Nghệ\nAn giao UBND thị\nxã Cửa Lò; đã hoàn thành 70/86 nhiệm\nvụ, "
            "5 nhiệm vụ hoàn thành\nquá hạn.")
    assert [(a.name, a.level) for a in find_agencies(text, x)] == [
        ("Ủy ban nhân dân tỉnh Nghệ An", "province"), ("Ủy ban nhân dân thị xã Cửa Lò", "district")]
    assert [(c.count, c.unit, c.status, c.of_total) for c in find_counts(text, x)] == [
        (70, "nhiệm vụ", "completed", 86), (86, "nhiệm vụ", "total", None), (5, "nhiệm vụ", "completed_late", None)]


def test_any_blank_keeps_classes_and_escapes():
    from pipeline.rules import any_blank

    assert any_blank(r"Ủy ban [ ,]x\ y(?! của)") == r"Ủy\s+ban\s+[ ,]x\ y(?!\s+của)"


def test_an_open_name_ends_before_the_verb_after_it(x):
    text = "Trung tâm Phục vụ hành chính công cấp xã tiếp nhận hồ sơ đảm bảo đúng quy định."
    assert [a.name for a in find_agencies(text, x)] == ["Trung tâm Phục vụ hành chính công cấp xã"]


def test_a_year_written_as_the_deadline_is_its_value_a_year_in_the_work_is_none(x):
    from pipeline.extract.dates import deadline_value

    assert deadline_value("hoàn thành trong năm 2023", x, 2023) == "2023"  # gold.md: `Trong năm 2026` -> 2026
    assert deadline_value("Trong năm 2026", x, 2026) == "2026"
    assert deadline_value("Năm 2025.", x, 2025) == "2025"  # a labelled line's value with its full stop
    assert deadline_value("giải ngân vốn năm 2026", x, 2026) is None


def test_counts_in_a_parenthesis_break_down_the_count_before_it(x):
    from pipeline.extract.counts import find_counts

    text = ("Tỉnh đã hoàn thành 1.204 nhiệm vụ (đúng hạn 1.100 nhiệm vụ, quá hạn 104 nhiệm vụ); còn 96 nhiệm vụ "
            "chưa hoàn thành (trong hạn 80 nhiệm vụ, quá hạn 16 nhiệm vụ). Các đơn vị đã thực hiện xong 318 nhiệm vụ; "
            "33 nhiệm vụ chậm so với yêu cầu.")
    assert [(c.count, c.status) for c in find_counts(text, x)] == [
        (1204, "completed"), (1100, "completed_on_time"), (104, "completed_late"),
        (96, "not_completed"), (80, "in_progress"), (16, "overdue"),
        (318, "completed"), (33, "overdue")]


def test_counts_after_trong_do_break_down_the_count_before_them(x):
    """`trong đó` breaks down the count before it as a parenthesis does: late among the
    completed is completed late; a body's share of the overdue is overdue."""
    from pipeline.extract.counts import find_counts

    text = ("Đến ngày 30/6/2023, đã hoàn thành 280 nhiệm vụ, trong đó 265 nhiệm vụ đúng hạn, 15 nhiệm vụ quá hạn; "
            "32 nhiệm vụ đang thực hiện trong hạn. Còn 34 nhiệm vụ quá hạn chưa hoàn thành, trong đó Sở Tài nguyên "
            "và Môi trường 7 nhiệm vụ, UBND huyện Sìn Hồ 5 nhiệm vụ. Năm 2023 tỉnh giao 55 nhiệm vụ, trong đó Sở Y tế "
            "10 nhiệm vụ.")
    assert [(c.count, c.status) for c in find_counts(text, x)] == [
        (280, "completed"), (265, "completed_on_time"), (15, "completed_late"), (32, "in_progress"),
        (34, "overdue"), (7, "overdue"), (5, "overdue"), (55, "total"), (10, None)]


def test_days_spelled_without_ngay_or_year_dashed_days_and_yearly_days(x):
    from pipeline.extract.dates import find_dates

    values = lambda text, year=None: [d.value for d in find_dates(text, x, default_year=year)]
    assert values("hoàn thành trước 31 tháng 10 năm 2023") == ["2023-10-31"]
    assert values("báo cáo trước ngày 10 tháng 3.", 2009) == ["2009-03-10"]
    assert values("Chiều 18-4, UBND thành phố họp; hoàn thành trước ngày 30-4.", 2024) == ["2024-04-18", "2024-04-30"]
    assert values("nghỉ từ 2-3 ngày", 2024) == []
    assert values("báo cáo trước ngày 15 tháng 12 hằng năm; trước ngày 15/12 hằng năm", 2024) == []


def test_count_status_reversed_words_shares_after_a_status_and_documents_had(x):
    from pipeline.extract.counts import find_counts

    statuses = lambda text: [(c.count, c.status) for c in find_counts(text, x)]
    assert statuses("Hiện còn quá hạn chưa hoàn thành 37 nhiệm vụ.") == [(37, "overdue")]
    assert statuses("Còn nhiều nhiệm vụ quá hạn là Sở Tài nguyên và Môi trường (18 nhiệm vụ), Sở Xây dựng (11 nhiệm vụ).") \
        == [(18, "overdue"), (11, "overdue")]
    assert statuses("UBND tỉnh đã có 27 văn bản chỉ đạo; ban hành 808 quyết định.") == [(27, "total"), (808, None)]


def test_counts_after_danh_muc_and_dut_diem_are_counts_an_item_number_is_not(x):
    from pipeline.extract.counts import find_counts

    counted = lambda text: [c.count for c in find_counts(text, x)]
    assert counted("Xử lý dứt điểm 126 nhiệm vụ chậm tiến độ.") == [126]
    assert counted("Ban hành kèm theo Quyết định này Danh mục 3 nhiệm vụ chuyển đổi số.") == [3]
    assert counted("theo điểm 3 nhiệm vụ; Mục 2 nhiệm vụ") == []


@pytest.mark.parametrize("text, names", [
    # a capital after a dash goes on the name; a member's role after one ends it
    ("Giao Phòng Quy hoạch - Xây dựng chủ trì thẩm định hồ sơ.", ["Phòng Quy hoạch - Xây dựng"]),
    ("- Phòng Quản lý đô thị - Thành viên;", ["Phòng Quản lý đô thị"]),
    # words that hold a comma or a stop word and go on the name
    ("Chi cục Phòng, chống tệ nạn xã hội hướng dẫn các quận.", ["Chi cục Phòng, chống tệ nạn xã hội"]),
    ("Phòng Người có công phối hợp với Phòng Công chức, viên chức rà soát hồ sơ.",
     ["Phòng Người có công", "Phòng Công chức, viên chức"]),
    ("Phòng Bảo trợ xã hội hoàn chỉnh Đề án sắp xếp các cơ sở.", ["Phòng Bảo trợ xã hội"]),
    # youth unions and the boards of a union or a Party committee, named with it
    ("Thị đoàn Ninh Hòa và Huyện đoàn Tràng Định triển khai.", ["Thị đoàn Ninh Hòa", "Huyện đoàn Tràng Định"]),
    ("Ban Phong trào Tỉnh đoàn chủ trì; Ban Thường vụ Huyện ủy Kết luận chỉ đạo.",
     ["Ban Phong trào Tỉnh đoàn", "Ban Thường vụ Huyện ủy"]),
    # teams, hospitals, associations, a district council's committee
    ("Đội Kiểm tra trật tự đô thị xử lý vi phạm; Bệnh viện Đa khoa khu vực Cẩm Phả cử cán bộ tham gia.",
     ["Đội Kiểm tra trật tự đô thị", "Bệnh viện Đa khoa khu vực Cẩm Phả"]),
    ("Đài Truyền thanh - Truyền hình thị xã tăng cường tuyên truyền.", ["Đài Truyền thanh - Truyền hình thị xã"]),
    ("Ban Kinh tế - Xã hội HĐND huyện thẩm tra báo cáo.", ["Ban Kinh tế - Xã hội Hội đồng nhân dân huyện"]),
    ("Đội ngũ cán bộ; Cán bộ Đội 2 Phòng Cảnh sát giao thông.", ["Phòng Cảnh sát giao thông"]),
])
def test_open_names_end_where_the_name_ends(x, text, names):
    found = [a.name for a in find_agencies(text, x) if a.name.startswith(("Phòng", "Chi cục", "Thị", "Huyện", "Ban", "Đội", "Bệnh", "Đài"))]
    assert found == names


@pytest.mark.parametrize("text, group", [
    ("Các xã, phường còn lại tiếp tục rà soát hồ sơ.", "các xã, phường còn lại"),
    ("Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các tổ chức thành viên tuyên truyền.", "các tổ chức thành viên"),
    ("Trưởng các phòng chức năng kiểm tra, đôn đốc.", "các phòng chức năng"),
    ("Giao các phòng, ban, đơn vị thuộc UBND thị xã triển khai.", "các phòng, ban, đơn vị thuộc Ủy ban nhân dân thị xã"),
    ("4. Đối với UBND 14 phường:", "Ủy ban nhân dân 14 phường"),
    ("Các cơ quan chuyên môn thuộc UBND tỉnh rà soát thủ tục.", "các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh"),
])
def test_groups_keep_the_words_that_say_which_of_them(x, text, group):
    assert [g.name for g in find_groups(text, x)] == [group]


def test_counts_in_a_table_of_statistics_by_body(x):
    # our own report: the noun in the text above, the statuses in the column headers
    text = ("2. Kết quả thực hiện nhiệm vụ của các phòng:\n"
            "STT | Đơn vị | Được giao | Hoàn thành | Quá hạn | Tỷ lệ (%)\n"
            "1 | Phòng Kinh tế | 21 | 18 | 3 | 85,7\n"
            "2 | Phòng Nội vụ | 9 | 9 | - | 100\n"
            "III. NHIỆM VỤ THỜI GIAN TỚI")
    got = [(c.count, c.unit, c.status, c.scope) for c in find_counts(text, x)]
    assert got == [(21, "nhiệm vụ", "total", "Phòng Kinh tế"), (18, "nhiệm vụ", "completed", "Phòng Kinh tế"),
                   (3, "nhiệm vụ", "overdue", "Phòng Kinh tế"), (9, "nhiệm vụ", "total", "Phòng Nội vụ"),
                   (9, "nhiệm vụ", "completed", "Phòng Nội vụ")]
    # a task table's deadline column holds no counts
    tasks = ("TT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành\n"
             "1 | Rà soát thủ tục hành chính | Sở Tư pháp | Quý II/2026\n"
             "2 | Số hóa hồ sơ | Công an tỉnh | 2026")
    assert find_counts(tasks, x) == []


def test_a_breakdown_after_trong_do_is_among_the_count_before_it(x):
    text = "Đã hoàn thành 51/64 nhiệm vụ, đạt 79,7%; trong đó đúng hạn 46, trễ hạn 5."
    got = [(c.count, c.status) for c in find_counts(text, x)]
    assert (46, "completed_on_time") in got and (5, "completed_late") in got


def test_a_body_the_document_sets_up_and_names_whatever_its_head(x):
    text = ("Điều 1. Thành lập Tổ rà soát văn bản quy phạm pháp luật năm 2024 (sau đây gọi tắt là Tổ rà soát), gồm:\n"
            "Điều 2. Tổ rà soát có nhiệm vụ: 1. Rà soát các văn bản. 2. Báo cáo kết quả.\n"
            "Các Tổ rà soát của xã được kiện toàn.")
    found = [(a.name, a.surface) for a in find_agencies(text, x)]
    full = "Tổ rà soát văn bản quy phạm pháp luật năm 2024"
    assert found == [(full, full), (full, "Tổ rà soát")]  # (`Các Tổ rà soát của xã` are other teams)


@pytest.mark.parametrize("text, names", [
    ("- TT HĐND, UBND tỉnh;", ["Thường trực Hội đồng nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]),
    ("- Đảng ủy, HĐND, UBND xã Tân Lập;",
     ["Đảng ủy xã Tân Lập", "Hội đồng nhân dân xã Tân Lập", "Ủy ban nhân dân xã Tân Lập"]),
    ("Sở Y tế, UBND tỉnh chỉ đạo.", ["Sở Y tế", "Ủy ban nhân dân tỉnh"]),
])
def test_bare_council_heads_listed_before_a_council_take_its_level(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


def test_ministries_in_a_list_are_a_group(x):
    assert [g.name for g in find_groups("Thủ tướng yêu cầu các bộ, cơ quan, địa phương tập trung xử lý.", x)] == [
        "các bộ, cơ quan, địa phương"]
    assert [g.name for g in find_groups("các bộ, ngành Trung ương", x)] == ["các bộ, ngành Trung ương"]
    assert find_groups("Các bộ hồ sơ được lưu trữ tại Văn phòng.", x) == []


@pytest.mark.parametrize("text, names", [
    ("Giao Vụ Kế hoạch - Tài chính bố trí kinh phí; Viện Kiến trúc Quốc gia phối hợp.",
     ["Vụ Kế hoạch - Tài chính", "Viện Kiến trúc Quốc gia"]),
    ("Ủy ban Kiểm tra Huyện ủy tiến hành kiểm tra; Ban Xây dựng Đảng Đảng ủy xã tham mưu.",
     ["Ủy ban Kiểm tra Huyện ủy", "Ban Xây dựng Đảng Đảng ủy xã"]),
    ("Huyện ủy Yên Phong chỉ đạo; Bí thư Tỉnh ủy Trần Văn Nam phát biểu.", ["Huyện ủy Yên Phong", "Tỉnh ủy"]),
    ("Kho bạc Nhà nước hướng dẫn các địa phương; Phòng Quản lý khoa học làm đầu mối.",
     ["Kho bạc Nhà nước", "Phòng Quản lý khoa học"]),
    ("Phòng Kinh tế 8 nhiệm vụ, Trạm Y tế xã 2 nhiệm vụ.", ["Phòng Kinh tế", "Trạm Y tế xã"]),
    ("Phòng Lao động - Việc làm phối hợp với Trung tâm Dịch vụ việc làm tỉnh.",
     ["Phòng Lao động - Việc làm", "Trung tâm Dịch vụ việc làm tỉnh"]),
])
def test_central_party_and_commune_bodies(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


def test_committees_listed_after_a_council_and_groups_by_sector(x):
    text = "Yêu cầu Chủ tịch UBND phường Phước Thạnh, xã Long Hồ và thị trấn Cái Vồn khẩn trương hoàn thành."
    assert [a.name for a in find_agencies(text, x)] == [
        "Ủy ban nhân dân phường Phước Thạnh", "Ủy ban nhân dân xã Long Hồ", "Ủy ban nhân dân thị trấn Cái Vồn"]
    groups = find_groups("Giám đốc các sở giáo dục và đào tạo, Thủ trưởng các đơn vị thuộc Bộ và các đơn vị được giao "
                         "chủ trì có trách nhiệm; các sở xây dựng kế hoạch.", x)
    assert [g.name for g in groups] == ["các sở giáo dục và đào tạo", "các đơn vị thuộc Bộ",
                                        "các đơn vị được giao chủ trì", "các sở"]


def test_a_body_of_every_place_is_a_group(x):
    found = find_agencies("Kính gửi: Cục Thuế các tỉnh, thành phố trực thuộc Trung ương; Sở Y tế các tỉnh.", x)
    assert [(a.name, a.is_group) for a in found] == [
        ("Cục Thuế các tỉnh, thành phố trực thuộc Trung ương", True), ("Sở Y tế các tỉnh", True)]


def test_a_party_committee_listed_before_councils_takes_their_place(x):
    found = find_agencies("Kính thưa lãnh đạo Huyện ủy, HĐND, UBND huyện Mộc Châu; Đoàn Thanh niên Cộng sản Hồ Chí Minh "
                          "phường và Cục Thú y hằng tuần báo cáo.", x)
    assert [a.name for a in found] == ["Huyện ủy Mộc Châu", "Hội đồng nhân dân huyện Mộc Châu",
                                       "Ủy ban nhân dân huyện Mộc Châu", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường",
                                       "Cục Thú y"]


@pytest.mark.parametrize("text, count, status", [
    ("Kết quả:\n- Đang thực hiện trong hạn: 109 nhiệm vụ.\n- Chưa hoàn thành, quá hạn: 9 nhiệm vụ.", 109, "in_progress"),
    ("Kết quả:\n- Đang thực hiện trong hạn: 109 nhiệm vụ.\n- Chưa hoàn thành, quá hạn: 9 nhiệm vụ.", 9, "overdue"),
    ("Sở Xây dựng là cơ quan có số nhiệm vụ quá hạn nhiều nhất (22 nhiệm vụ).", 22, "overdue"),
    ("Bộ đã hoàn thành 142 nhiệm vụ (trong đó 128 nhiệm vụ đúng hạn, 14 nhiệm vụ trễ hạn).", 14, "completed_late"),
])
def test_count_status_from_a_label_a_clause_or_a_breakdown(x, text, count, status):
    assert status in [c.status for c in find_counts(text, x) if c.count == count]


def test_counts_listed_after_a_status_are_shares_of_it(x):
    text = "Các đơn vị có nhiều nhiệm vụ quá hạn gồm: Sở Xây dựng 12 nhiệm vụ, Sở Tài chính 7 nhiệm vụ."
    assert [(c.count, c.status) for c in find_counts(text, x)] == [(12, "overdue"), (7, "overdue")]
    text = "Số nhiệm vụ quá hạn là 12 nhiệm vụ, chưa hoàn thành là 5 nhiệm vụ."
    assert [(c.count, c.status) for c in find_counts(text, x)] == [(12, "overdue"), (5, "not_completed")]


def test_councils_named_by_their_purpose_and_abbreviated_boards(x):
    text = ("Hội đồng bồi thường GPMB thị xã lập kế hoạch; Ban QLDA ĐTXD các công trình DD&CN tỉnh chấn chỉnh nhà thầu; "
            "báo cáo Hội đồng nghĩa vụ quân sự phường.")
    assert [a.name for a in find_agencies(text, x)] == [
        "Hội đồng bồi thường giải phóng mặt bằng thị xã",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "Hội đồng nghĩa vụ quân sự phường"]


@pytest.mark.parametrize("text, names", [
    # a ministry's departments named by their field, commas and `trong nước` included
    ("Vụ Phổ biến, giáo dục pháp luật chủ trì; Vụ Thị trường trong nước phối hợp.",
     ["Vụ Phổ biến, giáo dục pháp luật", "Vụ Thị trường trong nước"]),
    ("Vụ Giáo dục Chính trị và Công tác học sinh, sinh viên hướng dẫn các trường.",
     ["Vụ Giáo dục Chính trị và Công tác học sinh, sinh viên"]),
    # the Party's and the Youth Union's central bodies
    ("Ban Tuyên giáo Trung ương và Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh phối hợp.",
     ["Ban Tuyên giáo Trung ương", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"]),
    # an open name ends before `chuẩn bị`
    ("Cục Quản lý chất lượng chuẩn bị nội dung kiểm tra.", ["Cục Quản lý chất lượng"]),
])
def test_central_departments_and_boards(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


def test_listed_committees_joined_by_va_and_one_of_another_level(x):
    text = "Chủ tịch UBND các xã: Ia Lâu, Ia Piơr và thị trấn Chư Ty chịu trách nhiệm thi hành Quyết định này."
    assert [a.name for a in find_agencies(text, x)] == [
        "Ủy ban nhân dân xã Ia Lâu", "Ủy ban nhân dân xã Ia Piơr", "Ủy ban nhân dân thị trấn Chư Ty"]


@pytest.mark.parametrize("text, group", [
    ("UBND các xã vùng cao, vùng sâu đề xuất nhu cầu hỗ trợ.", "Ủy ban nhân dân các xã vùng cao, vùng sâu"),
    ("Thủ trưởng các đơn vị trực thuộc Tổng cục thực hiện nghiêm.", "các đơn vị trực thuộc Tổng cục"),
])
def test_groups_by_their_region_or_the_office_they_belong_to(x, text, group):
    assert [g.name for g in find_groups(text, x)] == [group]


def test_a_listed_sector_name_that_holds_a_comma(x):
    text = "Giám đốc các Sở: Văn hóa, Thể thao và Du lịch, Tài chính, Ngoại vụ chịu trách nhiệm thi hành."
    assert [a.name for a in find_agencies(text, x)] == [
        "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Sở Ngoại vụ"]


def test_members_of_a_board_are_a_group_members_of_a_committee_are_not(x):
    text = "Các thành viên Ban Chỉ đạo và các thành viên Ủy ban nhân dân tỉnh chịu trách nhiệm."
    assert [g.name for g in find_groups(text, x)] == ["các thành viên Ban Chỉ đạo"]


@pytest.mark.parametrize("text, name", [
    ("Ban Chỉ huy PCLB&TKCN tỉnh chỉ đạo.", "Ban Chỉ huy Phòng, chống lụt, bão và Tìm kiếm cứu nạn tỉnh"),
    ("Văn phòng Điều phối NTM huyện tổng hợp.", "Văn phòng Điều phối nông thôn mới huyện"),
    ("Ban Quản lý KKT tỉnh hướng dẫn nhà đầu tư.", "Ban Quản lý Khu kinh tế tỉnh"),
])
def test_abbreviations_of_disaster_commands_rural_programmes_and_zones(x, text, name):
    assert [a.name for a in find_agencies(text, x)] == [name]


def test_a_district_named_like_a_unit_is_a_place(x):
    text = "Lũ quét xảy ra tại các huyện Văn Chấn, Trạm Tấu; Trạm Y tế xã và Trạm Khuyến nông huyện hỗ trợ người dân."
    assert [a.name for a in find_agencies(text, x)] == ["Trạm Y tế xã", "Trạm Khuyến nông huyện"]


def test_heads_named_by_their_titles(x):
    text = ("Điều 3. Trưởng phòng Nông nghiệp và Phát triển nông thôn, Chánh Văn phòng Điều phối nông thôn mới huyện, "
            "Trưởng ban Dân tộc tỉnh và Chủ tịch UBND các xã có tên tại Phụ lục chịu trách nhiệm thi hành.")
    assert [a.name for a in find_agencies(text, x)] == [
        "Phòng Nông nghiệp và Phát triển nông thôn", "Văn phòng Điều phối nông thôn mới huyện", "Ban Dân tộc tỉnh"]
    assert [g.name for g in find_groups(text, x)] == ["Ủy ban nhân dân các xã có tên tại Phụ lục"]


@pytest.mark.parametrize("text, expected", [
    ("Trong đó, 512 nhiệm vụ đã hoàn thành đúng hạn, 41 nhiệm vụ hoàn thành nhưng trễ hạn.",
     [(512, "completed_on_time"), (41, "completed_late")]),
    ("Xã đã hoàn thành 64 nhiệm vụ (trong đó 60 nhiệm vụ đúng hạn, 4 nhiệm vụ trễ hạn); 3 nhiệm vụ chưa đúng hạn.",
     [(64, "completed"), (60, "completed_on_time"), (4, "completed_late"), (3, "overdue")]),
])
def test_count_statuses_with_da_nhung_and_a_bare_dung_han(x, text, expected):
    assert [(c.count, c.status) for c in find_counts(text, x)] == expected


@pytest.mark.parametrize("text, names", [
    ("Phòng Cảnh sát phòng, chống tội phạm về môi trường là đơn vị đầu mối; Phòng Tổ chức, biên chế và tổ chức "
     "phi chính phủ tham mưu.", ["Phòng Cảnh sát phòng, chống tội phạm về môi trường",
                                  "Phòng Tổ chức, biên chế và tổ chức phi chính phủ"]),
    ("Báo cáo về Ban Chỉ huy phòng, chống lụt bão tỉnh; Ban Chỉ đạo quốc gia về phòng, chống thiên tai chỉ đạo.",
     ["Ban Chỉ huy phòng, chống lụt bão tỉnh", "Ban Chỉ đạo quốc gia về phòng, chống thiên tai"]),
    ("Báo cáo Ban Chỉ đạo về kết quả thực hiện.", ["Ban Chỉ đạo"]),
])
def test_names_of_police_divisions_commands_and_steering_boards(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


@pytest.mark.parametrize("text, names", [
    ("Chi nhánh Văn phòng Đăng ký đất đai huyện phối hợp; Chi nhánh Khai thác công trình thủy lợi Ninh Hải "
     "điều tiết nước cho các xã.", ["Chi nhánh Văn phòng Đăng ký đất đai huyện",
                                    "Chi nhánh Khai thác công trình thủy lợi Ninh Hải"]),
    ("Ban Chỉ huy phòng, chống lụt, bão và tìm kiếm cứu nạn huyện chỉ đạo.",
     ["Ban Chỉ huy phòng, chống lụt, bão và tìm kiếm cứu nạn huyện"]),
])
def test_branches_and_a_name_that_ends_on_its_place(x, text, names):
    assert [a.name for a in find_agencies(text, x)] == names


def test_counts_in_a_table_whose_columns_are_parted_by_spaces(x):
    text = ("II. KẾT QUẢ THEO TỪNG CƠ QUAN (đơn vị tính: nhiệm vụ)\n"
            "Cơ quan, đơn vị Được giao Hoàn thành Quá hạn\n"
            "Sở Xây dựng 31 27 4\n"
            "UBND huyện Cẩm Xuyên 12 12 0\n"
            "III. KIẾN NGHỊ")
    assert [(c.count, c.status, c.scope) for c in find_counts(text, x)] == [
        (31, "total", "Sở Xây dựng"), (27, "completed", "Sở Xây dựng"), (4, "overdue", "Sở Xây dựng"),
        (12, "total", "UBND huyện Cẩm Xuyên"), (12, "completed", "UBND huyện Cẩm Xuyên"),
        (0, "overdue", "UBND huyện Cẩm Xuyên")]


def test_a_breakdown_of_a_share_and_late_columns_beside_on_time_ones(x):
    text = "Đã hoàn thành 158/186 nhiệm vụ (đúng hạn 141 nhiệm vụ, trễ hạn 17 nhiệm vụ)."
    assert [(c.count, c.status) for c in find_counts(text, x)][2:] == [(141, "completed_on_time"), (17, "completed_late")]
    table = ("Kết quả (đơn vị tính: nhiệm vụ):\n"
             "STT | Đơn vị | Tổng số | Đúng hạn | Trễ hạn | Quá hạn\n"
             "1 | Phòng Nội vụ | 20 | 15 | 3 | 2")
    assert [c.status for c in find_counts(table, x)] == ["total", "completed_on_time", "completed_late", "overdue"]
