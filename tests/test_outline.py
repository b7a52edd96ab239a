"""The outline stage (pipeline/outline.py) and the task rules that walk it: letters whose
work goes to the bodies under `Kính gửi`, headings that own the items under them, intros
that announce duties, labelled lines. The texts are our own, written in the layouts of
letters and decisions of several provinces."""
from __future__ import annotations

from pipeline.extract.tasks import find_tasks
from pipeline.outline import read_outline
from tests.test_tasks import _leads, _text_doc

LETTER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 512/UBND-KGVX
V/v tăng cường phòng, chống dịch sốt xuất huyết
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ngãi, ngày 04 tháng 6 năm 2026
Kính gửi:
- Các Sở, ngành: Y tế, Giáo dục và Đào tạo, Công an tỉnh;
- UBND các xã, phường, đặc khu;
- Các cơ sở kinh doanh dịch vụ lưu trú trên địa bàn tỉnh.
Để chủ động ứng phó với dịch sốt xuất huyết trong mùa mưa, Chủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị triển khai các nội dung sau:
1. Sở Y tế
a) Tổ chức giám sát chặt chẽ các ổ dịch cũ, xử lý triệt để ổ dịch mới phát sinh.
b) Bảo đảm thuốc, vật tư, hóa chất phục vụ công tác phòng, chống dịch.
2. Sở Giáo dục và Đào tạo/Công an tỉnh
a) Phối hợp tuyên truyền các biện pháp phòng bệnh tại trường học và khu dân cư.
3. Trách nhiệm của các cơ sở kinh doanh dịch vụ lưu trú
a) Thường xuyên vệ sinh môi trường, diệt lăng quăng tại cơ sở.
Căn cứ nội dung trên, các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, KGVX.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH"""


def test_letter_outline_has_header_addressees_body_and_standing_parts(rules, x):
    outline = read_outline(_text_doc(rules, LETTER), x)
    paths = [(s.kind, s.path) for s in outline.sections]
    assert paths[:5] == [("header", "header"), ("addressees", "addressees"), ("item", "addressees > -1"),
                         ("item", "addressees > -2"), ("item", "addressees > -3")]
    assert ("item", "1") in paths and ("point", "1 > b") in paths and ("point", "3 > a") in paths
    assert [k for k, _ in paths[-3:]] == ["recipients", "item", "item"] or ("signature", "signature") in paths
    by_path = {s.path: s for s in outline.sections}
    assert by_path["2"].heading == "Sở Giáo dục và Đào tạo/Công an tỉnh"
    assert by_path["1 > a"].depth == 2  # under the intro and item 1


def test_letter_headings_own_their_items_and_unnamed_readers_are_the_addressees(rules, x):
    tasks = find_tasks(_text_doc(rules, LETTER), x, 2026)
    got = [(t.lead, t.section, t.description[:20]) for t in tasks]
    assert got[:5] == [
        ("Sở Y tế", "1 > a", "Tổ chức giám sát chặ"),
        ("Sở Y tế", "1 > b", "Bảo đảm thuốc, vật t"),
        ("Sở Giáo dục và Đào tạo", "2 > a", "Phối hợp tuyên truyề"),
        ("Công an tỉnh", "2 > a", "Phối hợp tuyên truyề"),
        ("các cơ sở kinh doanh dịch vụ lưu trú", "3 > a", "Thường xuyên vệ sinh"),
    ]
    # `các cơ quan, đơn vị` in a letter: each body under `Kính gửi`, as it is written there
    closing = [t.lead for t in tasks[5:]]
    assert closing == ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Công an tỉnh",
                       "Ủy ban nhân dân các xã, phường, đặc khu",
                       "các cơ sở kinh doanh dịch vụ lưu trú trên địa bàn tỉnh"]
    assert all(t.rule.endswith("+addressees") for t in tasks[5:])


DECISION = """Điều 2. Tổ chức thực hiện:
1. Sở Lao động, Thương binh và Xã hội có trách nhiệm.
- Hướng dẫn các huyện lập danh sách đối tượng hưởng trợ cấp;
- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện hằng năm.
2. Các cơ quan khác
- Ủy ban nhân dân các huyện, thành phố:
- Rà soát, phê duyệt danh sách đối tượng trên địa bàn;
- Chi trả trợ cấp đúng thời hạn.
- Sở Tài chính:
- Bố trí kinh phí thực hiện.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký."""


def test_duties_announced_before_a_list_and_dashed_headings_with_a_colon(rules, x):
    tasks = find_tasks(_text_doc(rules, DECISION), x, 2026)
    assert [(t.lead, t.description[:20]) for t in tasks] == [
        ("Sở Lao động - Thương binh và Xã hội", "Hướng dẫn các huyện "),
        ("Sở Lao động - Thương binh và Xã hội", "Tổng hợp, báo cáo Ủy"),
        ("Ủy ban nhân dân các huyện, thành phố", "Rà soát, phê duyệt d"),
        ("Ủy ban nhân dân các huyện, thành phố", "Chi trả trợ cấp đúng"),
        ("Sở Tài chính", "Bố trí kinh phí thực"),
    ]
    assert tasks[0].section.startswith("Điều 2 > 1")


def test_labelled_lines_give_the_item_above_its_lead_and_time(rules, x):
    text = ("1. Hoàn thiện hạ tầng số\n"
            "(1) Nâng cấp đường truyền số liệu chuyên dùng đến cấp xã.\n"
            "- Đơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ.\n"
            "- Thời gian hoàn thành: Trong tháng 9/2026.\n"
            "(2) Rà soát thiết bị tại Trung tâm Phục vụ hành chính công.\n"
            "- Đơn vị thực hiện: Văn phòng UBND tỉnh.\n"
            "- Thời gian hoàn thành: Thực hiện thường xuyên.")
    tasks = find_tasks(_text_doc(rules, text), x, 2026)
    assert [(t.lead, t.deadline, t.section) for t in tasks] == [
        ("Sở Khoa học và Công nghệ", "2026-09", "1 > 1"),
        ("Văn phòng Ủy ban nhân dân tỉnh", None, "1 > 2"),
    ]


def test_grounds_only_before_the_body_and_an_article_heading_without_its_dot(rules, x):
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/02/2025;\n"
            "Điều 1. Ban hành Quy chế.\n"
            "1. Ủy ban nhân dân các xã\n"
            "Căn cứ Kế hoạch này, xây dựng kế hoạch của địa phương.\n"
            "Điều 2 Điều khoản thi hành\n"
            "Quyết định này có hiệu lực từ ngày ký.")
    outline = read_outline(_text_doc(rules, text), x)
    assert [(s.kind, s.path) for s in outline.sections] == [
        ("grounds", "grounds"), ("article", "Điều 1"), ("item", "Điều 1 > 1"), ("article", "Điều 2")]
    [task] = find_tasks(_text_doc(rules, text), x, 2026)
    assert (task.lead, task.section) == ("Ủy ban nhân dân các xã", "Điều 1 > 1")


def test_kind_and_issue_day_from_headers_laid_out_in_one_line_and_closing_formulas(rules):
    from pipeline.extract import extract
    # a header read from a Word table: its cells in one line, the subject after them
    letter = ("UBND TỈNH GIA LAI; Số: 88/UBND-KT; V/v rà soát hồ sơ quá hạn\n"
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKính gửi: Sở Nội vụ.\nĐề nghị Sở Nội vụ rà soát hồ sơ.")
    ex = extract(_text_doc(rules, letter), rules)
    assert (ex.info.kind, ex.info.title) == ("official_letter", "V/v rà soát hồ sơ quá hạn")
    # the type line run into the header line: the own number's symbol names the kind
    decision = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 412/QĐ-CT Kon Tum, ngày 3 tháng 5 năm 2011 QUYẾT ĐỊNH VỀ "
                "VIỆC BAN HÀNH QUY CHẾ\nĐiều 1. Ban hành Quy chế.")
    assert extract(_text_doc(rules, decision), rules).info.kind == "decision"
    # a resolution whose header was lost: the day it was passed, from its closing formula
    resolution = ("NGHỊ QUYẾT\nVề chương trình giám sát năm 2027\nĐiều 1. Thông qua chương trình.\n"
                  "Nghị quyết này được Hội đồng nhân dân tỉnh khóa X, kỳ họp thứ ba thông qua ngày 9 tháng 12 năm 2026.")
    assert extract(_text_doc(rules, resolution), rules).info.published_date == "2026-12-09"


def test_an_e_signed_header_gets_the_number_and_day_its_signatures_stamp(monkeypatch):
    from pipeline.ingest import pdf_signed
    from pipeline.models import Block
    monkeypatch.setattr(pdf_signed, "_header_number", lambda pdf: "250")
    monkeypatch.setattr(pdf_signed, "_signing_day", lambda pdf: "2025-02-19")
    blocks = [Block(text="ỦY BAN NHÂN DÂN", page=1), Block(text="Số: /QĐ-UBND", page=1),
              Block(text="Cà Mau, ngày tháng 02 năm 2025", page=1), Block(text="QUYẾT ĐỊNH", page=1)]
    out = pdf_signed.fill_signed_header(None, blocks)
    assert [b.text for b in out[1:3]] == ["Số: 250/QĐ-UBND", "Cà Mau, ngày 19 tháng 02 năm 2025"]
    # a signature of another month or year fills nothing; a header without blanks is left alone
    monkeypatch.setattr(pdf_signed, "_signing_day", lambda pdf: "2025-03-01")
    assert pdf_signed.fill_signed_header(None, blocks)[2].text == "Cà Mau, ngày tháng 02 năm 2025"
    whole = [Block(text="Số: 12/QĐ-UBND", page=1), Block(text="Huế, ngày 3 tháng 2 năm 2025", page=1)]
    assert pdf_signed.fill_signed_header(None, whole) == whole


def test_a_resolution_names_who_carries_it_out_and_who_oversees_it(rules, x):
    text = ("Điều 3. Tổ chức thực hiện\n"
            "1. Ủy ban nhân dân tỉnh, các Sở, ban, ngành trong phạm vi nhiệm vụ, quyền hạn của mình có\n"
            "trách nhiệm thực hiện Nghị quyết này.\n"
            "2. Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu\n"
            "HĐND tỉnh và đại biểu Hội đồng nhân dân tỉnh có trách nhiệm giám sát việc thực hiện Nghị quyết.")
    tasks = find_tasks(_text_doc(rules, text, fmt="pdf"), x, 2027)
    assert [(t.lead, t.section) for t in tasks] == [
        ("Ủy ban nhân dân tỉnh", "Điều 3 > 1"), ("các Sở, ban, ngành", "Điều 3 > 1"),
        ("Thường trực Hội đồng nhân dân tỉnh", "Điều 3 > 2"), ("các Ban của Hội đồng nhân dân tỉnh", "Điều 3 > 2"),
        ("các Tổ đại biểu Hội đồng nhân dân tỉnh", "Điều 3 > 2"), ("đại biểu Hội đồng nhân dân tỉnh", "Điều 3 > 2"),
    ]


def test_task_table_columns_under_other_names_titles_in_lead_cells_and_yearless_deadlines(rules, x):
    from pipeline.models import Block
    from tests.test_tasks import _doc
    table = Block(rows=(("TT", "Nội dung công việc", "Trách nhiệm thực hiện", "Đơn vị phối hợp", "Thời gian"),
                        ("1", "Rà soát danh mục thủ tục hành chính", "Lãnh đạo Sở Tư pháp", "Văn phòng UBND tỉnh", "ngày 23/1"),
                        ("2", "Tổ chức hội nghị tập huấn", "Đơn vị chuẩn bị: Sở Nội vụ", "", "Tháng 5")))
    steps = Block(rows=(("Bước", "Nội dung", "Cơ quan thực hiện", "Thời gian"),
                        ("Bước 1", "Tiếp nhận và kiểm tra hồ sơ", "Sở Xây dựng", "02 ngày")))
    tasks = find_tasks(_doc(rules, Block(text="KẾ HOẠCH"), Block(text="Cải cách hành chính năm 2026"), table, steps), x, 2026)
    assert [(t.task_no, t.lead, t.deadline) for t in tasks] == [
        ("1", "Sở Tư pháp", "2026-01-23"), ("2", "Sở Nội vụ", "2026-05"), ("Bước 1", "Sở Xây dựng", None)]


def test_a_charter_and_a_list_of_people_assign_nothing_and_a_birth_date_dates_nothing(rules):
    from pipeline.extract import extract
    charter = ("ĐIỀU LỆ\nHiệp hội Doanh nghiệp tỉnh Quảng Bình\nĐiều 10. Cơ cấu tổ chức của Hiệp hội\n"
               "5. Văn phòng Hiệp hội.\n6. Các tổ chức thuộc Hiệp hội.")
    ex = extract(_text_doc(rules, charter), rules)
    assert (ex.info.kind, ex.tasks) == ("other", ())
    people = "Tin tức\n1. Nguyễn Văn An, sinh ngày 12/3/1962, Giám đốc Sở Nội vụ\n2. Lê Văn Bình, sinh ngày 1/2/1970"
    assert extract(_text_doc(rules, people), rules).info.published_date is None


def test_duties_of_a_body_set_up_by_a_decision_and_closing_formulas(rules, x):
    text = ("Điều 2. Tổ giúp việc có nhiệm vụ:\n1. Tham mưu cho Ban Chỉ đạo xây dựng kế hoạch hằng năm.\n"
            "2. Theo dõi, tổng hợp tình hình thực hiện, báo cáo Ban Chỉ đạo.\n"
            "Tổ giúp việc làm việc theo chế độ kiêm nhiệm.\n"
            "Điều 3. Nhiệm vụ, quyền hạn của Ban Chỉ đạo\n1. Giúp UBND tỉnh chỉ đạo, điều phối các hoạt động.\n"
            "Điều 4. Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.")
    tasks = find_tasks(_text_doc(rules, text), x, 2026, kind="decision")
    assert [(t.lead, t.section) for t in tasks] == [
        ("Tổ giúp việc", "Điều 2 > 1"), ("Tổ giúp việc", "Điều 2 > 2"), ("Ban Chỉ đạo", "Điều 3 > 1")]


def test_two_assignments_parted_by_a_semicolon_and_parties_outside_the_state(rules, x):
    text = ("Chủ tịch UBND tỉnh giao Sở Giao thông vận tải thông xe tuyến quốc lộ trước ngày 20/9/2024; Sở Lao động - "
            "Thương binh và Xã hội phối hợp với UBND huyện Hoàng Su Phì hỗ trợ các hộ bị thiệt hại.\n"
            "1. Các sở, ban, ngành; UBND các huyện tiếp tục tuyên truyền pháp luật.\n"
            "a) Nhà đầu tư tập trung nguồn lực, hoàn thành trong Quý IV/2024.\n"
            "b) UBND huyện Đồng Phú đẩy nhanh công tác bồi thường trong tháng 7/2024.")
    tasks = find_tasks(_text_doc(rules, text), x, 2025, kind="other")
    assert [(t.lead, list(t.co), t.deadline) for t in tasks] == [
        ("Sở Giao thông vận tải", [], "2024-09-20"),
        ("Sở Lao động - Thương binh và Xã hội", ["Ủy ban nhân dân huyện Hoàng Su Phì"], None),
        ("các sở, ban, ngành", [], None), ("Ủy ban nhân dân các huyện", [], None),
        ("Nhà đầu tư", [], "2024-Q4"), ("Ủy ban nhân dân huyện Đồng Phú", [], "2024-07"),
    ]


def test_quy_co_quan_in_a_letter_is_each_addressee(rules, x):
    text = ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 412/SNNMT-KL\nV/v rà soát diện tích rừng\nKính gửi:\n"
            "- Ủy ban nhân dân xã Bum Tở;\n- Ban quản lý rừng phòng hộ Mường Tè.\n"
            "Sở Nông nghiệp và Môi trường đề nghị Quý cơ quan rà soát diện tích rừng trước ngày 20/10/2025.")
    tasks = find_tasks(_text_doc(rules, text), x, 2025, kind="official_letter")
    assert [(t.lead, t.deadline) for t in tasks] == [("Ủy ban nhân dân xã Bum Tở", "2025-10-20"),
                                                     ("Ban quản lý rừng phòng hộ Mường Tè", "2025-10-20")]


def test_an_associations_charter_lists_duties_but_assigns_nothing(rules):
    from pipeline.extract import extract
    charter = ("ĐIỀU LỆ\nHội Nông dân tỉnh Yên Bái\nĐiều 5. Hội có nhiệm vụ:\n1. Tập hợp, đoàn kết hội viên.\n"
               "2. Thực hiện chế độ báo cáo định kỳ với Sở Nội vụ.\nĐiều 6. Hội viên có nhiệm vụ:\n1. Đóng hội phí đầy đủ.")
    assert extract(_text_doc(rules, charter), rules).tasks == ()
    # a plan's part titled for its bodies in general owns nothing: its items name their own
    plan = ("II. NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ\n1. Sở Y tế\na) Tổ chức truyền thông phòng, chống tác hại của thuốc lá.")
    assert [(t.lead, t.section) for t in extract(_text_doc(rules, plan), rules).tasks] == [("Sở Y tế", "II > 1 > a")]


def test_a_closing_article_wrapped_after_a_title_names_every_body(rules, x):
    text = ("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Giao thông\n"
            "vận tải, Giám đốc Trung tâm Giải quyết thủ tục hành chính tỉnh, Chủ tịch\n"
            "Ủy ban nhân dân cấp huyện và các cơ quan, tổ chức có liên quan chịu trách nhiệm thi hành Quyết định này./.")
    tasks = find_tasks(_text_doc(rules, text, fmt="pdf"), x, 2025)
    assert [t.lead for t in tasks] == ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Giao thông vận tải",
                                       "Trung tâm Giải quyết thủ tục hành chính tỉnh", "Ủy ban nhân dân cấp huyện",
                                       "các cơ quan, tổ chức có liên quan"]


# A district decision (our own text) printed the way older PDFs are: items numbered `2 - `,
# some numbers alone on their line above the dashed line they open, and a dashed sentence
# that opens on `Đối với` without being a heading.
DASH_NUMBERED = """Điều 2. Tổ chức thực hiện:
1
- Thời gian áp dụng mức hỗ trợ quy định tại Điều 1:
- Đối với các hộ đang được hỗ trợ theo Quyết định số 12/2009/QĐ-UBND thì được chuyển sang mức mới kể từ ngày 01/01/2011;
- Hộ mới thuộc diện hỗ trợ được hưởng từ ngày ghi trong quyết định của Chủ tịch UBND huyện.
2 - Phòng Lao động - Thương binh và Xã hội huyện có trách nhiệm.
- Quản lý chặt chẽ danh sách hộ được hỗ trợ trên địa bàn huyện;
- Hằng năm lập dự toán kinh phí hỗ trợ gửi Phòng Tài chính - Kế hoạch huyện thẩm định.
3
- Ủy ban nhân dân các xã, thị trấn:
- Rà soát, lập danh sách hộ đủ điều kiện hưởng hỗ trợ;
- Báo cáo định kỳ kết quả thực hiện về Phòng Lao động - Thương binh và Xã hội huyện.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký."""


def test_numbers_before_a_dash_and_alone_on_their_line_are_items(rules, x):
    outline = read_outline(_text_doc(rules, DASH_NUMBERED), x)
    by_path = {s.path: s for s in outline.sections}
    assert by_path["Điều 2 > 2"].heading.startswith("Phòng Lao động - Thương binh và Xã hội huyện có trách nhiệm")
    assert by_path["Điều 2 > 3"].heading == "Ủy ban nhân dân các xã, thị trấn"
    assert by_path["Điều 2 > 1 > -2"].kind == "item"  # `- Đối với các hộ ... thì ...;` is a sentence, not a heading
    assert "Điều 2 > 3 > -2" in by_path and "Điều 2 > 2 > -2" in by_path


def test_a_numbered_body_announcing_duties_owns_the_dashed_lines_under_it(rules, x):
    tasks = find_tasks(_text_doc(rules, DASH_NUMBERED), x, 2011)
    got = [(t.lead, t.section, t.description[:24]) for t in tasks]
    assert ("Phòng Lao động - Thương binh và Xã hội huyện", "Điều 2 > 2 > -1", "Quản lý chặt chẽ danh sá") in got
    assert ("Phòng Lao động - Thương binh và Xã hội huyện", "Điều 2 > 2 > -2", "Hằng năm lập dự toán kin") in got
    assert ("Ủy ban nhân dân các xã, thị trấn", "Điều 2 > 3 > -1", "Rà soát, lập danh sách h") in got
    assert not any(t.section and t.section.startswith("Điều 2 > 1") for t in tasks)


def test_addressees_named_by_their_heads_title_are_their_bodies(rules, x):
    letter = """SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 620/SGDĐT-KHTC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kính gửi:
- Trưởng phòng Giáo dục và Đào tạo các huyện, thị xã;
- Hiệu trưởng các trường trung học phổ thông;
- Các Sở, ngành: Tài chính, Nội vụ.
Sở Giáo dục và Đào tạo đề nghị Quý đơn vị thực hiện các nội dung sau:
1. Cập nhật số liệu học sinh trên phần mềm quản lý ngành trước ngày 20/10/2015."""
    tasks = find_tasks(_text_doc(rules, letter), x, 2015, kind="official_letter")
    assert [t.lead for t in tasks] == ["Phòng Giáo dục và Đào tạo các huyện, thị xã", "các trường trung học phổ thông",
                                       "Sở Tài chính", "Sở Nội vụ"]
    assert {t.deadline for t in tasks} == {"2015-10-20"}


def test_a_work_programmes_months_head_its_items_and_give_their_deadlines(rules, x):
    text = """CHƯƠNG TRÌNH CÔNG TÁC NĂM 2024
CỦA ỦY BAN NHÂN DÂN TỈNH
THÁNG 1
1. Đề án phát triển du lịch cộng đồng giai đoạn 2024 - 2030.
Cơ quan chủ trì chuẩn bị: Sở Văn hóa, Thể thao và Du lịch.
QUÝ IV
2. Đề án sắp xếp đơn vị hành chính cấp xã.
Cơ quan chủ trì chuẩn bị: Sở Nội vụ; phối hợp: UBND các huyện, thị xã, thành phố.
TỔ CHỨC THỰC HIỆN
Văn phòng UBND tỉnh theo dõi, đôn đốc và báo cáo tình hình thực hiện Chương trình hằng quý."""
    doc = _text_doc(rules, text)
    paths = [(s.kind, s.path) for s in read_outline(doc, x).sections]
    assert ("heading", "Tháng 1") in paths and ("item", "Quý IV > 2") in paths
    got = [(t.lead, t.deadline, t.section) for t in find_tasks(doc, x, 2024, kind="program")]
    assert got == [("Sở Văn hóa, Thể thao và Du lịch", "2024-01", "Tháng 1 > 1"), ("Sở Nội vụ", "2024-Q4", "Quý IV > 2"),
                   ("Văn phòng Ủy ban nhân dân tỉnh", None, None)]  # the unnumbered title ends the months


def test_a_text_attached_after_the_signature_is_read_as_the_decisions_body(rules, x):
    text = """QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp quản lý chợ trên địa bàn huyện.
Điều 2. Chánh Văn phòng UBND huyện; Trưởng phòng Kinh tế và Hạ tầng chịu trách nhiệm thi hành Quyết định này./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
QUY CHẾ
Phối hợp quản lý chợ trên địa bàn huyện
Điều 4. Trách nhiệm của Phòng Tài chính - Kế hoạch
1. Chủ trì thẩm định phương án giá thuê điểm kinh doanh tại chợ."""
    doc = _text_doc(rules, text)
    assert ("appendix", "Quy chế") in [(s.kind, s.path) for s in read_outline(doc, x).sections]
    got = [(t.lead, t.section) for t in find_tasks(doc, x, 2018, kind="decision")]
    assert ("Phòng Tài chính - Kế hoạch", "Quy chế > Điều 4 > 1") in got


def test_a_cables_readers_and_committees_listed_in_capitals_are_the_addressees(rules, x):
    cable = """CÔNG ĐIỆN
Về việc chủ động ứng phó với mưa lũ
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI điện:
- Giám đốc các Sở: Nông nghiệp và Môi trường, Xây dựng;
- Chủ tịch UBND các xã: Phú Lý, Mã Đà.
1. Các cơ quan, đơn vị nêu trên tổ chức trực ban 24/24 giờ, theo dõi chặt chẽ diễn biến mưa lũ."""
    leads = [t.lead for t in find_tasks(_text_doc(rules, cable), x, 2025, kind="official_letter")]
    assert leads == ["Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Ủy ban nhân dân xã Phú Lý", "Ủy ban nhân dân xã Mã Đà"]


def test_a_plan_attached_after_a_signature_copied_as_a_table_row_is_its_own_part(rules, x):
    """A copied decision lays `Nơi nhận` and the signer side by side in one `|` row; the plan
    after it is not a part of the decision's last article."""
    text = """QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai năm 2026.
Điều 2. Chánh Văn phòng UBND tỉnh; Giám đốc Sở Nông nghiệp và Môi trường chịu trách nhiệm thi hành Quyết định này./.
| Nơi nhận: - Như Điều 2; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN CHỦ TỊCH |

KẾ HOẠCH
Phòng, chống thiên tai năm 2026
I. PHÂN CÔNG NHIỆM VỤ
1. Sở Nông nghiệp và Môi trường: Chủ trì rà soát phương án ứng phó với bão mạnh, siêu bão."""
    doc = _text_doc(rules, text)
    paths = [s.path for s in read_outline(doc, x).sections]
    assert "Kế hoạch > I > 1" in paths and not any(p.startswith("Điều 2 >") for p in paths)
    got = [(t.lead, t.section) for t in find_tasks(doc, x, 2026, kind="decision")]
    assert ("Sở Nông nghiệp và Môi trường", "Kế hoạch > I > 1") in got
