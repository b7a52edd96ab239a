"""Every word the report shows, in Vietnamese and English: key -> (vi, en).

    label("chart_leads", "vi")                 -> "Nhiệm vụ theo cơ quan chủ trì (15 cơ quan nhiều nhất)"
    label("n_of_m_tasks", "en", n=3, m=19)     -> "3 of 19 tasks"
    value_label("kind", "decision", "vi")      -> "Quyết định"

Keys `v.FIELD.VALUE` name a table value (a document kind, a count status, ...); a value
without a label is shown as it is in the tables. `{name}` in a label is filled by `label()`
(in Python) or by `t()` in the page's script.
"""
from __future__ import annotations

LANGS = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {
    # page
    "title": ("Báo cáo vanban", "vanban report"),
    "generated": ("tạo lúc {when}", "generated {when}"),
    "summary_h": ("Tổng quan", "Summary"),
    "charts_h": ("Biểu đồ", "Charts"),
    "tasks_h": ("Nhiệm vụ", "Tasks"),
    "agencies_h": ("Cơ quan", "Agencies"),
    "documents_h": ("Văn bản", "Documents"),
    # summary
    "card.documents": ("văn bản, mỗi văn bản đếm một lần", "documents, each counted once"),
    "card.files": ("trong {files} tệp đọc được: {dup} bản trùng byte, {other} bản sao khác (DOCX, PDF, bản quét)",
                   "in {files} readable files: {dup} byte copies, {other} other copies (DOCX, PDF, scan)"),
    "card.tasks": ("nhiệm vụ", "tasks"),
    "card.agencies": ("lượt nêu tên cơ quan", "agency mentions"),
    "card.references": ("số, ký hiệu văn bản", "references"),
    "card.ocr": ("trang PDF nhận dạng OCR ({ocr}/{pages})", "of PDF pages OCR'd ({ocr}/{pages})"),
    "by_kind": ("theo loại", "by kind"),
    "by_format": ("tệp theo định dạng", "files by format"),
    "by_status": ("tệp theo trạng thái", "files by status"),
    "most_copies": ("văn bản có nhiều bản nhất", "documents with the most copies"),
    "failures_h": ("Tệp không đọc được", "Failures"),
    "more_failures": ("... và {n} tệp nữa (xem documents.csv)", "... and {n} more (documents.csv)"),
    # OCR
    "ocr_h": ("Trang nhận dạng OCR nên xem lại", "OCR'd pages worth a human look"),
    "ocr_intro": ("{pages} trang nhận dạng OCR trong {docs} tệp; {n} trang có độ tin cậy thấp nhất:",
                  "{pages} pages read by OCR in {docs} files; the {n} with the lowest confidence:"),
    "ocr_none": ("không có trang nào được nhận dạng OCR", "no page was read by OCR"),
    "col.file": ("Tệp", "File"),
    "col.page": ("Trang", "Page"),
    "col.page_conf": ("Độ tin cậy của trang", "Page confidence"),
    "col.doc_conf": ("Độ tin cậy cả tệp", "File confidence"),
    # charts
    "chart_leads": ("Nhiệm vụ theo cơ quan chủ trì ({n} cơ quan nhiều nhất)", "Tasks per lead agency (top {n})"),
    "chart_results": ("Kết quả thực hiện nhiệm vụ theo báo cáo, tin (mới nhất trước)",
                      "Task results in each report or news article (newest first)"),
    "chart_deadlines": ("Thời hạn nhiệm vụ theo {bucket}", "Task deadlines per {bucket}"),
    "chart_published": ("Văn bản theo {bucket} ban hành", "Documents per {bucket} (published)"),
    "bucket.month": ("tháng", "month"),
    "bucket.quarter": ("quý", "quarter"),
    "bucket.year": ("năm", "year"),
    "no_data": ("không có dữ liệu", "no data"),
    "seg.completed": ("hoàn thành", "completed"),
    "seg.overdue": ("quá hạn", "overdue"),
    "seg.rest": ("còn lại", "other"),
    "seg.total": ("tổng số", "total"),
    "quarter": ("Quý {roman}/{y}", "{y}-Q{q}"),
    # task table
    "filter_tasks": ("lọc: từ bất kỳ trong các cột", "filter: words in any column"),
    "col.description": ("Nội dung nhiệm vụ", "Description"),
    "col.lead": ("Cơ quan chủ trì", "Lead"),
    "col.co": ("Cơ quan phối hợp", "Co-operating"),
    "col.deadline": ("Thời hạn", "Deadline"),
    "col.document": ("Văn bản", "Document"),
    "col.section": ("Phần văn bản", "Section"),
    "col.role": ("Vai trò", "Role"),
    "col.state": ("Tình trạng", "State"),
    "col.agency": ("Cơ quan", "Agency"),
    "col.leads": ("Chủ trì", "Leads"),
    "col.cos": ("Phối hợp", "Co-operates"),
    "col.overdue": ("Quá hạn", "Overdue"),
    "n_of_m_tasks": ("{n} / {m} nhiệm vụ", "{n} of {m} tasks"),
    # agencies
    "filter_agencies": ("lọc cơ quan", "filter agencies"),
    "n_of_m_agencies": ("{n} / {m} cơ quan", "{n} of {m} agencies"),
    "agency_pick": ("Chọn một cơ quan để xem các nhiệm vụ nó chủ trì và phối hợp, quá hạn trước.",
                    "Pick an agency to see what it leads and co-operates on, overdue first."),
    "agency_summary": ("chủ trì {lead} nhiệm vụ, phối hợp {co}, quá hạn {overdue}",
                       "leads {lead} tasks, co-operates on {co}, overdue {overdue}"),
    "role.lead": ("chủ trì", "lead"),
    "role.co": ("phối hợp", "co-operating"),
    "state.overdue": ("quá hạn", "overdue"),
    "state.due": ("còn hạn", "due"),
    "state.none": ("không có thời hạn", "no deadline"),
    # documents
    "filter_docs": ("lọc văn bản", "filter documents"),
    "n_shown_docs": ("hiện {n} / {m} văn bản", "{n} shown of {m}"),
    "mark.reference": ("số, ký hiệu", "reference"),
    "mark.date": ("ngày tháng", "date"),
    "mark.agency": ("cơ quan", "agency"),
    "mark.count": ("số liệu", "count"),
    "mark.task": ("nhiệm vụ", "task"),
    "h.references": ("Số, ký hiệu văn bản", "References"),
    "h.dates": ("Ngày tháng", "Dates"),
    "h.agencies": ("Cơ quan", "Agencies"),
    "h.counts": ("Số liệu", "Counts"),
    "th.number": ("số, ký hiệu", "number"),
    "th.type": ("loại", "type"),
    "th.issued": ("ngày ban hành", "issued"),
    "th.role": ("vai trò", "role"),
    "th.value": ("giá trị", "value"),
    "th.granularity": ("độ chi tiết", "granularity"),
    "th.text": ("nguyên văn", "text"),
    "th.name": ("tên", "name"),
    "th.level": ("cấp", "level"),
    "th.surface": ("cách viết", "as written"),
    "th.count": ("số lượng", "count"),
    "th.unit": ("đơn vị", "unit"),
    "th.status": ("tình trạng", "status"),
    "th.of_total": ("trên tổng số", "of total"),
    "outline_h": ("Bố cục", "Outline"),
    "no_outline": ("văn bản này không có bố cục", "no outline for this document"),
    "cites_h": ("Văn bản này dẫn ({n})", "Cites ({n})"),
    "cited_by_h": ("Được dẫn bởi ({n})", "Cited by ({n})"),
    "copies_h": ("Các bản khác của văn bản này ({n})", "Other copies of this document ({n})"),
    "copy_of": ("Bản sao của", "A copy of"),
    "n_copies": ("{n} bản sao", "{n} copies"),
    "no_text": ("văn bản này không có nội dung", "no text for this document"),
    "missing_files": ("thiếu thư mục report_files", "report_files is missing"),
    # values of the tables
    "v.kind.decision": ("Quyết định", "decision"),
    "v.kind.plan": ("Kế hoạch", "plan"),
    "v.kind.program": ("Chương trình", "program"),
    "v.kind.directive": ("Chỉ thị", "directive"),
    "v.kind.official_letter": ("Công văn", "official letter"),
    "v.kind.report": ("Báo cáo", "report"),
    "v.kind.news": ("Tin bài", "news"),
    "v.kind.other": ("Khác", "other"),
    "v.status.ok": ("đọc được", "ok"),
    "v.status.failed": ("lỗi", "failed"),
    "v.status.duplicate": ("trùng lặp", "duplicate"),
    "v.status.empty": ("trống", "empty"),
    "v.level.central": ("trung ương", "central"),
    "v.level.province": ("tỉnh", "province"),
    "v.level.district": ("huyện", "district"),
    "v.level.commune": ("xã", "commune"),
    "v.role.self": ("của văn bản này", "self"),
    "v.role.cited": ("được dẫn", "cited"),
    "v.role.issued": ("ban hành", "issued"),
    "v.role.published": ("đăng tải", "published"),
    "v.role.deadline": ("thời hạn", "deadline"),
    "v.role.event": ("sự kiện", "event"),
    "v.granularity.day": ("ngày", "day"),
    "v.granularity.month": ("tháng", "month"),
    "v.granularity.quarter": ("quý", "quarter"),
    "v.granularity.year": ("năm", "year"),
    "v.count_status.total": ("tổng số", "total"),
    "v.count_status.completed": ("hoàn thành", "completed"),
    "v.count_status.completed_on_time": ("hoàn thành đúng hạn", "completed on time"),
    "v.count_status.completed_late": ("hoàn thành chậm", "completed late"),
    "v.count_status.overdue": ("quá hạn", "overdue"),
    "v.count_status.in_progress": ("đang thực hiện", "in progress"),
    "v.count_status.not_completed": ("chưa hoàn thành", "not completed"),
    # a part of the outline without a number, named by its kind (`sections.kind`) in a path
    "v.part.header": ("Phần đầu", "header"),
    "v.part.title": ("Tên văn bản", "title"),
    "v.part.addressees": ("Kính gửi", "addressees"),
    "v.part.grounds": ("Căn cứ", "grounds"),
    "v.part.part": ("Phần", "part"),
    "v.part.chapter": ("Chương", "chapter"),
    "v.part.section": ("Mục", "section"),
    "v.part.article": ("Điều", "article"),
    "v.part.item": ("Khoản", "item"),
    "v.part.point": ("Điểm", "point"),
    "v.part.heading": ("Đề mục", "heading"),
    "v.part.intro": ("Mở đầu", "intro"),
    "v.part.field": ("Mục ghi", "field"),
    "v.part.signature": ("Chữ ký", "signature"),
    "v.part.recipients": ("Nơi nhận", "recipients"),
    "v.part.appendix": ("Phụ lục", "appendix"),
    "v.part.table": ("Bảng", "table"),
}


def label(key: str, lang: str, **values) -> str:
    text = LABELS[key][LANGS.index(lang)]
    return text.format(**values) if values else text


def value_label(field: str, value, lang: str) -> str:
    """A table value in words (`kind` `decision` -> `Quyết định`), or the value itself."""
    if value is None:
        return ""
    key = f"v.{field}.{value}"
    return LABELS[key][LANGS.index(lang)] if key in LABELS else str(value)


def labels_for(lang: str) -> dict[str, str]:
    """Every label in one language (for the page's script)."""
    i = LANGS.index(lang)
    return {k: v[i] for k, v in LABELS.items()}
