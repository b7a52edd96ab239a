"""Tasks: assignments of work to bodies, from task tables and from sentences.

Tables: the columns are found by their header words (rules/tasks.yaml `table_headers`)
in any order; a table without a header row that follows one with the same number of
columns continues it (page breaks). One task per lead body in the lead cell.

Sentences: `Giao X (chủ trì,) phối hợp với Y <work>`, `yêu cầu / đề nghị / chỉ đạo X
<work>`, `X chủ trì, phối hợp với Y <work>`, `X, Y ... chịu trách nhiệm thi hành`. A
sentence that ends with `:` hands its bodies to the list items under it.
"""
from __future__ import annotations

import re

from pipeline.extract.agencies import find_agencies, find_groups, resolve_overlaps
from pipeline.extract.dates import deadline_value
from pipeline.extract.lexicon import ExtractRules
from pipeline.models import AgencyMention, Document, Task

_SENT_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])|\n")
_ITEM = re.compile(r"^\s*(?:[a-zđ]\)|[-+•]|\d+(?:\.\d+)*[.)])\s+")
_SEP = re.compile(r"^(?:\s*(?:,|;|và|cùng)\s*)+$")
_DEADLINE_PHRASE = re.compile(
    r"(?:trước|chậm nhất|hoàn thành|xong|trong|vào)\s+(?:ngày\s+)?[^,;.]*?(?:\d{4}|quý\s+[IV]+)|"
    r"(?:vào\s+)?cuối\s+năm\s+\d{4}|quý\s+[IV]+/\d{4}", re.IGNORECASE)


def _bodies(text: str, x: ExtractRules, base: int = 0) -> list[AgencyMention]:
    found = find_agencies(text, x) + find_groups(text, x)
    return [AgencyMention(m.name, m.surface, m.level, m.start + base, m.end + base, m.rule, m.is_group)
            for m in resolve_overlaps(found)]


def _leading_run(bodies: list[AgencyMention], text: str, start: int) -> list[AgencyMention]:
    """Bodies that follow each other from `start`, separated only by commas or `và`."""
    run, pos = [], start
    for b in bodies:
        if b.start < pos:
            continue
        gap = text[pos:b.start]
        gap = re.sub(r"(?:Thủ trưởng|Giám đốc|Chủ tịch|Chánh Văn phòng|Chánh|Trưởng|lãnh đạo|Lãnh đạo|Bí thư)\s*", "", gap)
        if run and not _SEP.match(gap) and gap.strip():
            break
        if not run and gap.strip() and len(gap.strip()) > 25:
            break
        run.append(b)
        pos = b.end
    return run


def _year_of(doc_year: int | None, text: str) -> int | None:
    m = re.search(r"(?:19|20)\d\d", text)
    return int(m.group(0)) if m else doc_year


def _deadline(sentence: str, x: ExtractRules, year: int | None) -> tuple[str | None, str | None]:
    m = _DEADLINE_PHRASE.search(sentence)
    if not m:
        return None, None
    return deadline_value(m.group(0), x, year), m.group(0)


def _task(lead: str | None, co: list[str], desc: str, start: int, end: int, rule: str,
          deadline: tuple[str | None, str | None], source: str = "text", no: str | None = None) -> Task:
    return Task(task_no=no, description=" ".join(desc.split()).strip(" ,;:.-"), lead=lead, co=tuple(co),
                deadline=deadline[0], deadline_text=deadline[1], source=source, start=start, end=end, rule=rule)


def sentence_tasks(doc: Document, x: ExtractRules, year: int | None) -> list[Task]:
    text = doc.text
    table_spans = [(t.start, t.end) for t in doc.tables]
    out: list[Task] = []
    pending: tuple[list[str], list[str]] | None = None  # bodies handed to list items
    pos = 0
    for piece in _SENT_END.split(text):
        start = text.find(piece, pos)
        pos = start + len(piece)
        if not piece.strip() or any(a <= start < b for a, b in table_spans):
            continue
        if pending and _ITEM.match(piece):
            leads, co = pending
            for lead in leads:
                out.append(_task(lead, co, _ITEM.sub("", piece), start, pos, "tasks.yaml:list_item",
                                 _deadline(piece, x, year)))
            continue
        pending = None
        found = _sentence_task(piece, start, x, year)
        if not found:
            continue
        leads, co, desc_start, rule = found
        desc = piece[desc_start - start:]
        if piece.rstrip().endswith(":") and len(desc.strip(" :")) < 60:
            pending = (leads, co)
            continue
        for lead in leads:
            out.append(_task(lead, co, desc, start, pos, rule, _deadline(piece, x, year)))
    return out


def _co_bodies(piece: str, bodies: list[AgencyMention], x: ExtractRules) -> tuple[list[str], int]:
    m = x.co_role.search(piece)
    if not m:
        return [], 0
    run = _leading_run(bodies, piece, m.end() + 1)
    if not run:
        return [], m.end()
    return [b.name for b in run], run[-1].end


def _shift(bodies: list[AgencyMention], offset: int) -> list[AgencyMention]:
    """Bodies at or after `offset`, with offsets made relative to it."""
    return [AgencyMention(b.name, b.surface, b.level, b.start - offset, b.end - offset, b.rule, b.is_group)
            for b in bodies if b.start >= offset]


def _sentence_task(piece: str, start: int, x: ExtractRules, year: int | None):
    bodies = _bodies(piece, x)
    if not bodies:
        return None
    cue = x.assign.search(piece)
    if cue and not re.search(r"(?:được|đã được|nhiệm vụ)\s*$", piece[:cue.start()]):
        run = _leading_run(bodies, piece, cue.end() + 1)
        if run:
            co, co_end = _co_bodies(piece[run[-1].end:], _shift(bodies, run[-1].end), x)
            desc_start = start + max(run[-1].end + co_end, run[-1].end)
            return [b.name for b in run], co, desc_start, "tasks.yaml:assign"
    resp = x.responsible.search(piece)
    if resp:
        leads = [b.name for b in bodies if b.end <= resp.start()]
        if leads:
            return leads, [], start + resp.start(), "tasks.yaml:responsible"
    run = _leading_run(bodies, piece, 0)
    if run and len(piece[:run[0].start].strip()) <= 25:
        rest = piece[run[-1].end:]
        role = re.match(r"\s*(?:\(?\s*(?:là cơ quan|chủ trì|phối hợp|tham mưu|thực hiện|tổ chức|chịu trách nhiệm|"
                        r"có trách nhiệm|khẩn trương|tiếp tục|chủ động|theo dõi|hướng dẫn|xây dựng|rà soát))", rest)
        if role:
            co, co_end = _co_bodies(rest, _shift(bodies, run[-1].end), x)
            return [b.name for b in run], co, start + run[-1].end + co_end, "tasks.yaml:subject"
    return None


# -- tables ------------------------------------------------------------------

def _header_roles(cells: list[str], x: ExtractRules) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, c in enumerate(cells):
        low = c.lower().strip()
        for rule in x.table_headers:
            if rule.regex.search(low) and rule.data["role"] not in roles:
                if rule.data["role"] == "description" and ("chủ trì" in low or "phối hợp" in low):
                    continue
                roles[rule.data["role"]] = i
                break
    return roles if "lead" in roles and "description" in roles else {}


def _split_bodies(cell: str, x: ExtractRules) -> list[str]:
    found = _bodies(cell, x)
    if found:
        return [b.name for b in found]
    parts = [p.strip(" -+.") for p in re.split(r"[;\n]", cell)]
    return [p for p in parts if p]


def table_tasks(doc: Document, x: ExtractRules, year: int | None) -> list[Task]:
    out: list[Task] = []
    roles: dict[str, int] = {}
    n_cols = 0
    for table in doc.tables:
        rows = table.rows()
        first = [doc.text[c.start:c.end] for c in rows[0]] if rows else []
        found = _header_roles(first, x)
        if found:
            roles, n_cols, body = found, table.n_cols, rows[1:]
        elif roles and table.n_cols == n_cols:
            body = rows  # continues the table of the page before
        else:
            roles = {}
            continue
        for row in body:
            cells = {c.col: doc.text[c.start:c.end] for c in row}
            desc = cells.get(roles["description"], "")
            lead_cell = cells.get(roles["lead"], "")
            if not desc.strip() or not lead_cell.strip():
                continue
            co = _split_bodies(cells.get(roles["co"], ""), x) if "co" in roles else []
            dl_text = cells.get(roles["deadline"], "").strip() if "deadline" in roles else ""
            deadline = (deadline_value(dl_text, x, _year_of(year, dl_text)) if dl_text else None, dl_text or None)
            no = cells.get(roles["number"], "").strip() or None if "number" in roles else None
            start, end = row[0].start, row[-1].end
            for lead in _split_bodies(lead_cell, x):
                out.append(_task(lead, co, desc, start, end, "tasks.yaml:table", deadline, "table", no))
    return out


def find_tasks(doc: Document, x: ExtractRules, year: int | None) -> list[Task]:
    return table_tasks(doc, x, year) + sentence_tasks(doc, x, year)
