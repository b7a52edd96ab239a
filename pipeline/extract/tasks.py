"""Tasks: assignments of work to bodies, from task tables and from sentences.

Tables: the columns are found by their header words (rules/tasks.yaml `table_headers`)
in any order; a table that follows one with the same columns continues it (page breaks:
a row or a header row cut in two is joined). One task per lead body in the lead cell; a
lead cell merged down the rows serves each row.

Text, paragraph by paragraph (rules/sentences.yaml joins printed lines): `Giao X (chủ
trì,) phối hợp với Y <work>`, `yêu cầu / đề nghị / chỉ đạo X <work>` (each cue in its own
clause), `X chủ trì, phối hợp với Y <work>`, `X, Y ... chịu trách nhiệm thi hành`. A
sentence that ends with `:` hands its bodies to the list items under it; a list item
that names bodies (`1. Công an tỉnh`, `2. Sở Tư pháp: ...`, `3. Trách nhiệm của ...`) owns
the work under it until the next item of its depth.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import NamedTuple

from pipeline.extract.agencies import bare_heads, expand_abbreviations, find_agencies, find_groups, resolve_overlaps
from pipeline.extract.dates import deadline_label, deadline_value
from pipeline.extract.document import issuing_council
from pipeline.extract.lexicon import ExtractRules
from pipeline.extract.counts import count_matches
from pipeline.extract.sentences import flowed_text, paragraphs, split
from pipeline.models import AgencyMention, Document, Section, Task
from pipeline import outline as outlines  # the module: it reads sentences.paragraphs from this package


_ITEM = re.compile(r"^\s*(?:[a-zđ]\)|[-+•]|\d+(?:\.\d+)*[.)]|\((?:\d+|[a-zđ])\))\s+")
_SEP = re.compile(r"^(?:\s*(?:,|;|/|và|cùng)\s*)+$")
_OPENER = re.compile(r"\s*(?:[^\W\d][^,;:.]{0,40},\s*)?")  # `Căn cứ nhiệm vụ được giao, ` before a subject
_TITLES = re.compile(r"(?<!\w)(?:Thủ trưởng|Giám đốc|Chủ tịch|Chánh Văn phòng|Chánh|Tổng cục trưởng|Cục trưởng|Vụ trưởng|Viện trưởng|Trưởng|lãnh đạo|Bí thư)(?!\w)\s*", re.IGNORECASE)

def _bodies(text: str, x: ExtractRules) -> list[AgencyMention]:
    return resolve_overlaps(find_agencies(text, x) + find_groups(text, x))


def _list_head(text: str, m: AgencyMention, listed: set[int]) -> bool:
    """`Giám đốc các Sở: Tài chính, Xây dựng`, `Chủ tịch UBND các xã: Sơn Thịnh, Đồng Khê`,
    `UBND các huyện Ba Bể, Pác Nặm`: the group heads the list of bodies right after it
    (agencies.yaml distributed, whose first item starts at one of `listed`); it is not one
    more lead."""
    if not m.is_group:
        return False
    after = text[m.end:m.end + 4]
    first = m.end + len(after) - len(after.lstrip(" :\n"))
    return first in listed


class Body(NamedTuple):
    """A body or group named in a paragraph or sentence, offsets relative to it: what the
    task rules read of a mention (its name and where it stands). A light tuple, not a
    record: a document makes hundreds of these views, and a frozen dataclass costs four
    times as much to build."""
    name: str
    start: int
    end: int
    is_group: bool = False  # `các sở, ban, ngành`, `UBND các huyện`


class Mentions:
    """Bodies and groups found once over the whole text; each paragraph or sentence takes
    its slice (offsets relative to the slice) instead of matching again."""

    def __init__(self, text: str, x: ExtractRules, agencies: list[AgencyMention] | None = None):
        named = find_agencies(text, x) if agencies is None else list(agencies)
        distributed = tuple(f"agencies.yaml:{r.id}" for r in x.distributed)
        listed = {m.start for m in named if m.rule in distributed}
        self.items = [m for m in resolve_overlaps(named + find_groups(text, x)) if not _list_head(text, m, listed)]
        self.starts = [m.start for m in self.items]

    def within(self, start: int, end: int) -> list[Body]:
        out = []
        for m in self.items[bisect_left(self.starts, start):]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(Body(m.name, m.start - start, m.end - start, m.is_group))
        return out


def _leading_run(bodies: list[Body], text: str, start: int,
                 first_gap: re.Pattern | None = None) -> list[Body]:
    """Bodies that follow each other from `start`, separated only by commas or `và`; the
    words before the first must fit `first_gap` (or be short when it is None)."""
    run, pos = [], start
    for b in bodies:
        if b.start < pos:
            continue
        gap = text[pos:b.start]
        if gap.strip() and not (run and _SEP.match(gap)):  # commas and `và` hold no title
            gap = _TITLES.sub("", gap)  # `Chủ tịch UBND tỉnh`: the person's body
        if run and not _SEP.match(gap) and gap.strip():
            break
        if not run and gap.strip() and (len(gap.strip()) > 45 if first_gap is None
                                         else not first_gap.fullmatch(gap.strip()) and not _LIST_HEAD.fullmatch(gap)):
            break  # (`yêu cầu Chủ tịch UBND các huyện: Văn Chấn, ...`: the list's shared head)
        run.append(b)
        pos = b.end
    return run


def _year_of(doc_year: int | None, text: str) -> int | None:
    m = re.search(r"(?:19|20)\d\d", text)
    return int(m.group(0)) if m else doc_year


def _written_deadline(text: str, x: ExtractRules, year: int | None) -> tuple[str | None, str | None]:
    """(value, text) of a deadline written on its own: a table cell or a labelled line."""
    return (deadline_value(text, x, _year_of(year, text)) if text else None, text or None)


def _deadline(sentence: str, x: ExtractRules, year: int | None) -> tuple[str | None, str | None]:
    found = list(x.deadline_phrase.finditer(sentence))
    if not found:
        return None, None
    # a day it is due by wins over a period the work speaks of (`báo cáo kết quả 6 tháng cuối năm
    # 2019 trước ngày 15/01/2020`)
    m = next((f for f in found if x.due_by.match(sentence, f.start())), found[0])
    if x.recurring.match(sentence, m.end()):
        return None, sentence[m.start():m.end()]  # `trước ngày 15/12 hằng năm`: every year (gold.md: none)
    phrase = sentence[m.start():m.end()]
    return deadline_value(phrase, x, year), phrase


def _labelled_time(piece: str, x: ExtractRules, year: int | None) -> tuple[str | None, str | None] | None:
    """A sentence that only gives a time under its label (`Thời gian hoàn thành: 30/6.`,
    `Thời gian: Quý III.`): (value, text), or None for any other sentence."""
    m = deadline_label(piece, x)
    return _written_deadline(piece.strip(" .;"), x, year) if m and len(piece) - m.end() < 60 else None


def _give_time(out: list[Task], since: int, time: tuple[str | None, str | None] | None) -> bool:
    """Give a labelled time to the tasks read since `since` (its paragraph) that have none;
    False when there is no time to give."""
    if time is None:
        return False
    for i in range(len(out) - 1, -1, -1):
        if out[i].start < since:
            break
        if out[i].deadline is None:
            out[i] = replace(out[i], deadline=time[0], deadline_text=" ".join((time[1] or "").split()) or None)
    return True


def _task(lead: str | None, co: list[str], desc: str, start: int, end: int, rule: str,
          deadline: tuple[str | None, str | None], source: str = "text", no: str | None = None,
          section: str | None = None) -> Task:
    return Task(task_no=no, description=" ".join(desc.split()).strip(" ,;:.-/"), lead=lead, co=tuple(co),
                deadline=deadline[0], deadline_text=" ".join(deadline[1].split()) if deadline[1] else None, source=source, start=start, end=end, rule=rule,
                section=section)


_MARKERS = (  # list markers, outermost first
    re.compile(r"\s*[IVXLC]+[.)]\s"),
    re.compile(r"\s*\d+(?:[.)]|\s+[-–](?=\s+[^\W\d_]))\s"),  # (`2 - Sở Y tế`: outline.yaml's `number`)
    re.compile(r"\s*\d+\.\d+(?:\.\d+)*[.)]?\s"),
    re.compile(r"\s*\(\d+\)\s"),
    re.compile(r"\s*\(?[a-zđ][.)]\s"),
    re.compile(r"\s*[-+•*]\s"),
)



def _marker(para: str) -> tuple[int, int] | None:
    """(depth, end) of the list marker that opens a paragraph."""
    for depth, rx in enumerate(_MARKERS):
        m = rx.match(para)
        if m:
            return depth, m.end()
    return None


def _owner_heading(para: str, mk: tuple[int, int] | None, bodies: list[Body], start: int,
                   x: ExtractRules) -> tuple[list[str], int] | None:
    """`1. Công an tỉnh` or `2. Sở Tư pháp: Phối hợp với ...`: a list item (its marker
    `mk`, from `_marker`) that names the bodies the work under it (or after its colon)
    belongs to. Returns the leads and where the work after the colon starts."""
    if mk is not None and mk[0] == len(_MARKERS) - 1 and not para.rstrip().endswith(":"):
        return None  # a dashed line names its bodies as a heading only before a colon
    # `7. Trách nhiệm của các sở, ...`; unnumbered, only `Đối với Sở Y tế: ...`
    prefix = x.owner_prefix.match(para, mk[1]) if mk else x.unnumbered_owner.match(para)
    if mk is None and not prefix:
        return None
    run = _leading_run(bodies, para, prefix.end() if prefix else mk[1], _TITLE_OR_LIST_HEAD)
    if not run or (prefix and "của" in prefix.group(0) and not _OWNER_TAIL.match(para[run[-1].end:])):
        named = _named_owner(para, prefix, x) if prefix else None
        return (named, start + len(para)) if named else None
    if prefix and "của" in prefix.group(0).lower() and len(run) == 1 and run[0].is_group \
            and x.readers.fullmatch(run[0].name.lower()):
        return None  # `II. NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ`: a part's title, its items name their bodies
    tail = para[run[-1].end:]
    m = _OWNER_TAIL.match(tail) if mk else _COLON_TAIL.match(tail)
    if not m and mk and x.intro_end.match(tail, len(tail) - len(tail.lstrip())):
        return [b.name for b in run], start + len(para)  # `2 - Sở Y tế có trách nhiệm.` / `- Quản lý ...`
    if not m:
        return None
    return [b.name for b in run], start + run[-1].end + m.end()


# what may follow the bodies a heading names: a gloss in brackets (`(chính quyền cấp cơ sở)`), then a
# colon or the heading's end; an unnumbered heading (`Đối với Sở Y tế:`) needs its colon
_OWNER_TAIL = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:tỉnh\s*)?(?::\s*|\.?\s*$)")
_COLON_TAIL = re.compile(r"\s*(?:tỉnh\s*)?:\s*")


def _named_owner(para: str, prefix: re.Match, x: ExtractRules) -> list[str] | None:
    """`6. Trách nhiệm của các tổ chức, doanh nghiệp hoạt động trong lĩnh vực ...`: a heading
    that names whose duties follow in words the rules know no body in; the owner is written
    as it stands (a group keeps its lower-case `các`), a list of parties one by one
    (`Trách nhiệm của Chủ đầu tư, đơn vị quản lý vận hành, Ban quản trị nhà chung cư`)."""
    if "của" not in prefix.group(0):
        return None
    rest = para[prefix.end():].strip()
    if rest.endswith(":"):
        rest = rest[:-1]
    rest = " ".join(rest.split()).strip(" .")
    if not rest or len(rest) > 120 or re.search(r"[.;:]", rest):
        return None
    if rest.startswith(("Các ", "Những ", "các ", "những ", "CÁC ")):
        group = rest[0].lower() + rest[1:] if not rest.isupper() else rest.lower()
        return None if x.readers.fullmatch(group) else [group]  # `NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ`: a part's title
    return [p.strip() for p in re.split(r",\s*|\s+và\s+", rest) if p.strip()]


def _field(para: str, x: ExtractRules) -> tuple[str, int] | None:
    """(role, where the value starts) of a labelled line: `- Cơ quan thực hiện: ...`."""
    for role, rx in x.field_labels:
        m = rx.match(para)
        if m:
            return role, m.end()
    return None


def _labelled_parts(cell: str, x: ExtractRules) -> dict[str, str]:
    """`Chủ trì: Sở X; Phối hợp: Sở Y, Sở Z` -> {lead: ..., co: ...}; {} when unlabelled."""
    parts: dict[str, str] = {}
    for piece in re.split(r"[;\n](?=\s*[^\W\d_][^:;\n]{0,30}:)", cell):
        f = _field(piece, x)
        if f is None:
            return parts
        parts[f[0]] = piece[f[1]:].strip(" .;")
    return parts


def _fields_tasks(fields: dict, x: ExtractRules, year: int | None) -> list[Task]:
    """The task of a piece of work described by labelled lines under it."""
    work, start, end = fields["work"]
    value, bodies = fields.get("lead", ("", []))
    run = _leading_run(bodies, value, 0)
    if not run:
        return []
    co, _ = _co_bodies(value[run[-1].end:], _shift(bodies, run[-1].end), x)
    if "co" in fields:
        co_value, co_bodies = fields["co"]
        co += [b.name for b in co_bodies] or [p.strip() for p in re.split(r"[;,]", co_value) if p.strip()]
    deadline = _written_deadline(fields.get("deadline", ("", []))[0], x, year)
    return [_task(b.name, [c for c in co if c != b.name], work, start, end, "tasks.yaml:fields", deadline)
            for b in run]


def _nearest(outline: outlines.Outline, sec: int | None, head: bool, owners: dict, hands: dict
             ) -> tuple[str, int] | None:
    """The section holding a paragraph (above it, for the paragraph that opens `sec`) whose
    heading gives the work under it: ("owner", i) for a heading naming bodies, ("hands", i)
    for an intro or item whose `Giao X:` hands its items to X; None when none does."""
    if sec is None:
        return None
    for i in outline.ancestors(outline.sections[sec].parent if head else sec):
        if i in owners:
            return "owner", i
        if i in hands:
            return "hands", i
    return None


def _part_fields(outline: outlines.Outline, text: str, mentions: Mentions, x: ExtractRules) -> dict[int, dict]:
    """The labelled lines under each part they describe (`- Đơn vị chủ trì thực hiện: Sở X.` /
    `- Thời gian hoàn thành: Trong tháng 8/2025.`), by the part's index: {role: (value, bodies)}
    and the part's own text as its `work`."""
    found: dict[int, dict] = {}
    for k, (a, b) in enumerate(outline.paragraphs):
        i = outline.owner[k]
        if i is None or outline.sections[i].kind != "field" or outline.sections[i].parent is None:
            continue
        f = _field(text[a:b], x)
        parent = outline.sections[i].parent
        if f is None:
            continue
        if parent not in found:
            p = outline.sections[parent]
            mk = _marker(text[p.start:p.head_end])
            found[parent] = {"work": (text[p.start + (mk[1] if mk else 0):p.head_end], p.start, p.head_end)}
        found[parent][f[0]] = (text[a + f[1]:b], mentions.within(a + f[1], b))
    return found


def sentence_tasks(doc: Document, x: ExtractRules, year: int | None, mentions: Mentions | None = None,
                   verbs: bool = False, outline: outlines.Outline | None = None,
                   issuer: str | None = None, flow: str | None = None) -> list[Task]:
    """Tasks from running text, walking the document's outline paragraph by paragraph. A
    part whose heading names bodies (`1. Công an tỉnh`, `2. Sở Tư pháp: ...`, `Trách nhiệm
    của ...`) owns the work of the parts it holds; an intro or item whose sentence ends in
    `:` after naming bodies (`Giao Sở Y tế thực hiện:`) hands each item right under it to
    them; labelled lines give the part above them its lead, partners and time; the closing
    `X, Y ... chịu trách nhiệm thi hành` names its bodies across the whole paragraph. The
    standing parts (header, `Kính gửi`, signature, `Nơi nhận`) and tables hold no text tasks."""
    outline = outline or outlines.read_outline(doc, x)
    # the sentences are read on the flowed text: a cue or a closing formula a printed line
    # breaks (`chịu trách nhiệm thi` / `hành`) reads as written
    text = flow if flow is not None else flowed_text(doc, outline)
    mentions = mentions or Mentions(text, x)
    sections = outline.sections
    fields = _part_fields(outline, text, mentions, x)
    fielded = {i: _fields_tasks(f, x, year) for i, f in fields.items() if "lead" in f}
    # a part whose lead comes from its heading keeps the time its labelled lines give
    # (`1. Sở Giáo dục và Đào tạo` / `+ Nội dung: ...` / `+ Thời gian hoàn thành: trước ngày 15/5/2026`)
    times = {sections[i].path: _written_deadline(f["deadline"][0], x, year)
             for i, f in fields.items() if "lead" not in f and "deadline" in f}
    owners: dict[int, list[str]] = {}                    # part -> the bodies its heading names
    hands: dict[int, tuple[list[str], list[str]]] = {}   # part -> (leads, co) handed to its items
    out: list[Task] = []
    listed_from: int | None = None  # start of the paragraphs just read that end in `;`
    for k, (p_start, p_end) in enumerate(outline.paragraphs):
        sec = outline.owner[k]
        kind = sections[sec].kind if sec is not None else None
        if kind in ("table", "field") or outline.in_standing_part(sec):
            continue
        para = text[p_start:p_end]
        head = outline.opens[k]
        if head and sec in fielded:
            out.extend(_in_section(fielded[sec], sections[sec].path))
            continue
        mk = _marker(para) if head else None
        run_from = listed_from
        listed_from = (p_start if run_from is None else run_from) if mk is None and para.rstrip().endswith(";") else None
        para_bodies = mentions.within(p_start, p_end)
        path = sections[sec].path if sec is not None else None
        # (`Điều 3. Nhiệm vụ, quyền hạn của Ban Chỉ đạo`: an article's heading may name its owner too)
        heading_mk = _article_marker(para) if head and kind == "article" and mk is None else mk
        heading = _owner_heading(para, heading_mk, para_bodies, p_start, x) if head else None
        if heading:
            owners[sec] = heading[0]
            for s_start, s_end in split(text, heading[1], p_end):
                if _give_time(out, p_start, _labelled_time(text[s_start:s_end], x, year)):
                    continue
                out.extend(_in_section(_owner_tasks(heading[0], text[s_start:s_end], mentions.within(s_start, s_end),
                                                    s_start, s_end, x, year), path))
            continue
        resp = _responsible(para, para_bodies, x)
        if resp and run_from is not None and mk is None:
            # the closing article's bodies listed over lines or paragraphs that end in `;`
            # (`Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ...;` / `Chủ tịch UBND ...
            # chịu trách nhiệm thi hành ...`)
            resp, p_start = _responsible(text[run_from:p_end], mentions.within(run_from, p_end), x), run_from
        if resp:
            out.extend(_task(lead, [], resp[1], p_start, p_end, "tasks.yaml:responsible", (None, None), section=path)
                       for lead in resp[0])
            continue
        sents = split(text, p_start, p_end)
        if mk is not None and len(para) < 90 and x.topic_heading.match(para, mk[1]):
            continue  # `1. Về cải cách thể chế`: a topic, not a piece of work
        above = _nearest(outline, sec, head, owners, hands)
        owner = owners[above[1]] if above and above[0] == "owner" else None
        if mk is None and not head and above and above[0] == "hands" and above[1] == sec and sec not in owners:
            # `4. Đề nghị Ủy ban MTTQ tỉnh, Tỉnh đoàn` / `Phối hợp tuyên truyền ...`: the work the
            # item names no more of is the text under it
            leads, co = hands[sec]
            out.extend(_task(lead, co, para, p_start, p_end, "tasks.yaml:list_item", _deadline(para, x, year),
                             section=path) for lead in leads)
            continue
        if mk is not None and above and above[0] == "hands" and above[1] != sections[sec].parent:
            continue  # a sub-item under `Giao X:` belongs to the item above it
        if mk is not None and above:
            # a list item under `Giao X:` or under a heading naming X is one piece of X's
            # work, unless its first sentence gives the work to someone else
            first = text[sents[0][0]:sents[0][1]]
            if not _hands_on(first, mentions.within(*sents[0]), x, verbs, issuer):
                if above[0] == "hands" and _topic_item(outline, sec, para):
                    hands[sec] = hands[above[1]]  # `1. Hoàn thiện hạ tầng công nghệ thông tin` / its items
                elif owner is None:
                    leads, co = hands[above[1]]
                    out.extend(_task(lead, co, _ITEM.sub("", para), p_start, p_end, "tasks.yaml:list_item",
                                     _deadline(para, x, year), section=path) for lead in leads)
                else:
                    out.extend(_in_section(_owner_tasks(owner, para, para_bodies, p_start, p_end, x, year), path))
                continue
        unassigned: tuple[int, int] | None = None  # the sentence before, when it gave no one its work
        for start, pos in (c for s_start, s_end in sents
                           for c in _clauses(text, s_start, s_end, mentions, x, verbs, issuer)):
            piece = text[start:pos]
            if not piece.strip() or x.formulas.match(_ITEM.sub("", piece)):
                continue  # (`... thông báo để các cơ quan, đơn vị biết, thực hiện`: a formula)
            if _give_time(out, p_start, _labelled_time(piece, x, year)):
                continue  # `... Thời gian hoàn thành: 30/6.`: the time of the work before it
            bodies = mentions.within(start, pos)
            found = _sentence_task(piece, bodies, x) or (_verb_subject(piece, bodies, x, issuer) if verbs else [])
            if owner and found and _directs_groups(piece, bodies, x):
                found = []  # `2. Sở GD&ĐT` / `Chỉ đạo các trường học đưa ...`: the heading's body's own work
            if not found and owner:
                out.extend(_in_section(_owner_tasks(owner, piece, bodies, start, pos, x, year), path))
            for leads, co, desc, rule in found:
                if head and sec is not None and _hands_over(piece, desc, sections[sec], x):
                    hands[sec] = (leads, co)
                    continue
                at = start
                if unassigned and _GENERIC_WORK.fullmatch(desc):
                    # `- Treo băng rôn ..., hoàn thành trước ngày 20/01. Giao Phòng Văn hóa - Xã hội chủ
                    # trì thực hiện.`: the work is the sentence before the one that says who does it
                    at, desc = unassigned[0], _ITEM.sub("", text[unassigned[0]:unassigned[1]])
                for lead in leads:
                    out.append(_task(lead, co, desc, at, pos, rule, _deadline(desc, x, year), section=path))
            unassigned = (start, pos) if not found and not owner else None
    return [replace(t, deadline=times[t.section][0], deadline_text=times[t.section][1])
            if t.deadline is None and t.section in times else t for t in out]


# work that names no work of its own (`chủ trì thực hiện`, `phối hợp triển khai`)
_GENERIC_WORK = re.compile(r"[\s,;.]*(?:(?:chủ trì|phối hợp|tổ chức|triển khai|thực hiện|và)[\s,;.]*)*")

_ARTICLE = re.compile(r"\s*(?:Điều|ĐIỀU)\s+\d+\s*[.:]?\s*")


def _article_marker(para: str) -> tuple[int, int] | None:
    m = _ARTICLE.match(para)
    return (0, m.end()) if m else None


def _topic_item(outline: outlines.Outline, sec: int, para: str) -> bool:
    """A short item that holds items of its own is their heading, not a piece of work."""
    nxt = outline.sections[sec + 1] if sec + 1 < len(outline.sections) else None  # its first part, if it holds one
    held = nxt is not None and nxt.parent == sec and nxt.kind in ("item", "point")
    return held and len(para) < 150 and not para.rstrip().endswith((".", ";"))


def _clauses(text: str, start: int, end: int, mentions: Mentions, x: ExtractRules, verbs: bool = False,
             issuer: str | None = None) -> list[tuple[int, int]]:
    """A sentence cut before each `;` that opens a clause on bodies of its own with a role:
    `giao Sở GTVT thông xe trước ngày 20/9; Sở LĐTBXH phối hợp với UBND huyện hỗ trợ ...`
    is two assignments, each with its own lead, partners and deadline."""
    cuts = [start]
    for semi in (m.start() for m in re.finditer(";", text[start:end])):
        at = start + semi + 1
        if text.count("(", start, at) > text.count(")", start, at):
            continue  # `(Công an tỉnh chủ trì; Sở Tư pháp phối hợp)`: one parenthesis assigns the work before it
        clause = text[at:end]
        bodies = mentions.within(at, end)
        before = text[cuts[-1]:at - 1]
        run = _leading_run(mentions.within(cuts[-1], at - 1), before, 0)
        if run and not _ITEM.sub("", before[run[-1].end:]).strip(" ,;"):
            continue  # `Các sở, ban, ngành; UBND các huyện tiếp tục ...`: one list of subjects
        opens = bodies and (bodies[0].start <= len(clause) - len(clause.lstrip()) + 1
                            or _LIST_HEAD.fullmatch(_TITLES.sub("", clause[:bodies[0].start])))
        if opens and (
                _subject(clause, bodies, x) or (verbs and _verb_subject(clause, bodies, x, issuer))):
            cuts.append(at)  # (`...; Sở Tài chính thẩm định quyết toán ...`: a verb no rule lists)
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [end])]


def _hands_over(piece: str, work: str, sec: Section, x: ExtractRules) -> bool:
    """`Giao Sở Y tế thực hiện các nhiệm vụ sau:`, `1. Sở Tài chính có trách nhiệm.`: a
    sentence that names who works and leaves the work to the list under it (an intro, an
    item ending in `:` or announcing duties: outline.yaml intro_end)."""
    short = len(work.strip(" :.")) < 60
    return short and (piece.rstrip().endswith(":") or sec.kind == "intro" or x.intro_end.search(piece.strip()) is not None
                      or not work.strip(" :.;,"))  # (`4. Đề nghị Ủy ban MTTQ tỉnh, Tỉnh đoàn`: no work of its own)


def _in_section(tasks: list[Task], path: str | None) -> list[Task]:
    return [replace(t, section=path) for t in tasks]


def _hands_on(first: str, bodies: list[Body], x: ExtractRules, verbs: bool, issuer: str | None = None) -> bool:
    """A list item whose first sentence gives its work to bodies of its own: it opens on the
    cue (`Giao Sở Y tế ...`, `Đề nghị các huyện ...`) or on the bodies (`Sở Nội vụ chủ trì
    ...`), or its cue names a body (`Khi có kết quả ... giao Sở Nội vụ chủ trì ...`). A cue
    further on that names only groups (`Tổng hợp ... và đề xuất UBND tỉnh chỉ đạo các cơ
    quan, địa phương thực hiện ...`) is part of the work of the bodies the list belongs to."""
    found = _sentence_task(first, bodies, x)
    if found and _directs_groups(first, bodies, x):
        return False  # `1. Chỉ đạo các xã xây dựng ...` under `Ban Chỉ đạo có nhiệm vụ:`: the board's duty
    if any(rule != "tasks.yaml:assign" for *_, rule in found):
        return True
    named = {b.name for b in bodies if not b.is_group}
    if any(lead in named for leads, *_ in found for lead in leads):
        return True
    cue = x.assign.search(first) if found else None
    if cue and _OPENER.fullmatch(_ITEM.sub("", first[:cue.start()])):
        return True
    return not found and verbs and bool(_verb_subject(first, bodies, x, issuer))


def _owner_tasks(leads: list[str], piece: str, bodies: list[Body], start: int, end: int,
                 x: ExtractRules, year: int | None) -> list[Task]:
    """The work of one sentence under a heading that names its bodies."""
    item = _ITEM.match(piece)
    cut = item.end() if item else 0
    work = piece[cut:]
    if len(work.strip()) < 15:
        return []
    co, _ = _co_bodies(work, _shift(bodies, cut), x)
    return [_task(lead, [c for c in co if c != lead], work, start, end, "tasks.yaml:heading", _deadline(piece, x, year))
            for lead in leads]


def _co_bodies(piece: str, bodies: list[Body], x: ExtractRules) -> tuple[list[str], int]:
    """The bodies `phối hợp với` names in a piece of work, and where the work starts: after
    them when the role opens the work (`chủ trì, phối hợp với Sở Tài chính rà soát ...`),
    else where it was (`cử cán bộ đầu mối phối hợp với Hạt Kiểm lâm ...`: the role is part
    of the work)."""
    m = x.co_role.search(piece)
    if not m:
        return [], 0
    run = _leading_run(bodies, piece, m.end() + 1, x.assign_gap)
    opens = _ROLE_BEFORE.fullmatch(piece, 0, m.start()) is not None
    if not run:
        return [], m.end() if opens else 0
    return [b.name for b in run], run[-1].end if opens else 0


# what may stand before a `phối hợp` that opens the work: a list number, the lead's role,
# adverbs of manner (`chủ trì, chủ động phối hợp với`)
_ROLE_BEFORE = re.compile(r"[\s,;:.()\-–+•]*(?:(?:là cơ quan (?:đầu mối|thường trực)|chủ trì|làm đầu mối|chịu trách nhiệm|"
                          r"có trách nhiệm|thường xuyên|chủ động|tích cực|tiếp tục|kịp thời|khẩn trương|và|cần|phải|"
                          r"được giao|đồng thời|cùng|nghiêm túc|[a-zđ]\)|\d+\.)[\s,;:.()\-–]*)*", re.IGNORECASE)


def _shift(bodies: list[Body], offset: int) -> list[Body]:
    """Bodies at or after `offset`, with offsets made relative to it."""
    return [Body(b.name, b.start - offset, b.end - offset, b.is_group) for b in bodies if b.start >= offset]


def _responsible(piece: str, bodies: list[Body], x: ExtractRules) -> tuple[list[str], str] | None:
    """(bodies, work) of the closing article's form: `X, Y ... chịu trách nhiệm thi hành`,
    the bodies named before the cue; None when there is no cue or no body before it."""
    resp = x.responsible.search(piece)
    leads = [b.name for b in bodies if b.end <= resp.start()] if resp else []
    return (leads, piece[resp.start():]) if leads else None


def _sentence_task(piece: str, bodies: list[Body], x: ExtractRules
                   ) -> list[tuple[list[str], list[str], str, str]]:
    """(leads, co, work, rule) of each assignment in one sentence: the bodies it opens on
    with a role, unless one is a directing body (their work runs to the first cue that
    stands in a clause of its own); every cue that names bodies (`...; giao Văn phòng UBND
    tỉnh tiếp thu ...; đề nghị Sở Y tế ...`), its work running to the next; else the
    closing-article or subject forms."""
    if not bodies:
        return []
    subject = _subject(piece, bodies, x)
    # a body other than a directing one that opens the sentence with a role does the work
    # itself, whatever cue follows in the same clause (`Sở GD&ĐT chỉ đạo các trường học ...`,
    # `Sở Tài chính chủ trì tham mưu UBND tỉnh giao ...`); after an authority the cue names it
    # (`UBND tỉnh chỉ đạo Sở Y tế ...`)
    own = subject is not None and not any(x.authorities.match(b.name) for b in subject) \
        and not x.responsible.search(piece)
    found = []
    for cue in x.assign.finditer(piece):
        if piece[:cue.start()].rstrip().endswith(("được", "nhiệm vụ")):  # `được giao`: no assignment here
            continue
        run = _leading_run(bodies, piece, cue.end() + 1, x.assign_gap)
        # a later cue gives a task of its own only in a clause of its own (after a `;`):
        # `giao VP theo dõi, đôn đốc các đơn vị thực hiện ...` is the office's work alone
        after = found[-1][1] if found else subject[-1].end if own else None
        if run and (after is None or ";" in piece[after:cue.start()]):
            found.append((cue, run[-1].end, run))
        elif run and found and not piece[after:cue.start()].strip() and not all(b.is_group for b in run) \
                and all(x.authorities.match(b.name) for b in found[-1][2]):
            # `đề nghị UBND tỉnh chỉ đạo Sở Tài chính hướng dẫn ...`: the body directed does the work
            # (directing only groups, `... chỉ đạo các cơ quan chuyên môn ...`, is the authority's: directing_cues)
            found[-1] = (cue, run[-1].end, run)
    if own:
        end = piece.rfind(";", subject[-1].end, found[0][0].start()) if found else len(piece)
        return [_subject_task(piece[:end], subject, bodies, x)] + _cue_tasks(piece, bodies, found, x)
    out = _cue_tasks(piece, bodies, found, x)
    if out:
        return out
    topic = _topic_task(piece, bodies, x) or _bracketed_lead(piece, bodies, x) or _dashed_lead(piece, bodies, x)
    if topic:
        return [topic]
    resp = _responsible(piece, bodies, x)
    if resp:
        return [(resp[0], [], resp[1], "tasks.yaml:responsible")]
    return [_subject_task(piece, subject, bodies, x)] if subject else []


_TOPIC_END = re.compile(r"\s*(?:\([^()]*\)\s*)?,")  # the comma after the bodies a sentence is about (a gloss before it)


def _topic_task(piece: str, bodies: list[Body], x: ExtractRules) -> tuple[list[str], list[str], str, str] | None:
    """`Đối với Sở Xây dựng, lãnh đạo thành phố đề nghị khẩn trương hoàn thiện hồ sơ ...`: a
    sentence that opens on the bodies it is about (tasks.yaml topic_first) and then asks the
    work of no one by name gives the work after the cue to them."""
    item = _ITEM.match(piece)
    topic = x.topic_first.match(piece, item.end() if item else 0)
    run = _leading_run(bodies, piece, topic.end()) if topic else []
    if not run or not _TOPIC_END.match(piece, run[-1].end):
        return None
    cue = next((c for c in x.assign.finditer(piece) if c.start() >= run[-1].end), None)
    if cue is None or any(cue.end() <= b.start < cue.end() + 4 for b in bodies):
        return None  # (a cue that names bodies gives them the work: _cue_tasks)
    return [b.name for b in run], [], piece[cue.end():], "tasks.yaml:topic_first"


_LAST_PAREN = re.compile(r"\(([^()]*)\)\s*[.;]?\s*$")
_ROLE_WORDS = re.compile(r"(?:(?:cơ quan|đơn vị)\s+)?(?:chủ trì|phối hợp|thực hiện|tham mưu)(?!\w)\s*:?|[,;:/]|(?<!\w)(?:và|với)(?!\w)",
                         re.IGNORECASE)


def _bracketed_lead(piece: str, bodies: list[Body], x: ExtractRules) -> tuple[list[str], list[str], str, str] | None:
    """`- Quy hoạch phân khu đô thị Nam Sách (Sở Xây dựng chủ trì; Sở Tài chính phối hợp)`,
    `- Đề án ... (Cơ quan chủ trì: Sở Nội vụ)`, `- Rà soát vỉa hè (Phòng Kinh tế chủ trì; hoàn
    thành trước 31/3/2026)`: an item of a programme that ends on a parenthesis naming only
    bodies and their roles, then perhaps its time, is their work; the bodies are read like a
    table's lead cell, the time goes with the work."""
    m = _LAST_PAREN.search(piece)
    if m is None or not _ITEM.sub("", piece[:m.start()]).strip(" ,;:-"):
        return None
    inner, at = m.group(1), m.start(1)
    parts, pos = [], 0
    for part in inner.split(";"):  # (start, end) in the piece of each part
        parts.append((at + pos, at + pos + len(part)))
        pos += len(part) + 1
    named = [(a, b) for a, b in parts if any(a <= body.start and body.end <= b for body in bodies)]
    if not named or named[0] != parts[0]:
        return None
    last = named[-1][1]
    times = [piece[a:b].strip() for a, b in parts if a >= last]  # (`hoàn thành trước 31/3/2026`, `thường xuyên`)
    rest = piece[at:last]
    for b in sorted((b for b in bodies if at <= b.start and b.end <= last), key=lambda b: -b.start):
        rest = rest[:b.start - at] + " " + rest[b.end - at:]
    if _ROLE_WORDS.sub(" ", rest).strip():
        return None  # (`báo cáo về UBND tỉnh (qua Sở Nội vụ)`: a word of its own)
    lead, co = _cell_roles(piece[at:last].strip(), x)
    work = " ".join([_ITEM.sub("", piece[:m.start()]).rstrip()] + [t for t in times if t])
    return _split_bodies(lead, x), _split_bodies(co, x), work, "tasks.yaml:bracketed_lead"


_DASH = re.compile(r"\s[-–]\s+")
_NO_GAP = re.compile("")  # (_leading_run: the bodies start right where it starts reading)


def _dashed_lead(piece: str, bodies: list[Body], x: ExtractRules) -> tuple[list[str], list[str], str, str] | None:
    """`(1) Phương án di dời chợ Trường Bình (hạn 30/11/2020) - Phòng Kinh tế và Hạ tầng;`: a
    list item of work that ends, after a dash, on the bodies that owe it (a report's list
    of overdue tasks) is their work."""
    for dash in reversed(list(_DASH.finditer(piece))):
        run = _leading_run(bodies, piece, dash.end(), _NO_GAP)
        if not run or run[0].start != dash.end():
            continue
        if piece[run[-1].end:].strip(" .;,"):
            return None  # more words after the bodies: not a trailing owner
        work = _ITEM.sub("", piece[:dash.start()]).strip()
        return ([b.name for b in run], [], work, "tasks.yaml:dashed_lead") if len(work) >= 15 else None
    return None


def _directs_groups(piece: str, bodies: list[Body], x: ExtractRules) -> bool:
    """A sentence that opens on directing others and names only groups after it (`Chỉ đạo
    các trường học ...`, `Hướng dẫn các xã ...`): the work of whoever the part belongs to."""
    return x.directing_cues.match(_ITEM.sub("", piece)) is not None and bool(bodies) and all(b.is_group for b in bodies)


def _subject_task(piece: str, subject: list[Body], bodies: list[Body], x: ExtractRules
                  ) -> tuple[list[str], list[str], str, str]:
    rest = piece[subject[-1].end:]
    co, co_end = _co_bodies(rest, _shift(bodies, subject[-1].end), x)
    return [b.name for b in subject], co, rest[co_end:], "tasks.yaml:subject"


# the shared head of the list a sentence opens on (`Giám đốc các Sở: Tài chính, Xây dựng ...`,
# `Chủ tịch UBND các xã: Sơn Thịnh, Đồng Khê ...`: the group is left out of the bodies, _list_head)
_LIST_HEAD = re.compile(r"\s*(?:\S+\s+){0,4}các\s+\S+(?:,\s*ngành)?\s*:?\s*", re.IGNORECASE)


_TITLE_OR_LIST_HEAD = re.compile(rf"(?:{_TITLES.pattern})|(?:{_LIST_HEAD.pattern})", re.IGNORECASE)  # `4. CHỦ TỊCH UBND CÁC XÃ: A, B`


def _opening_run(piece: str, bodies: list[Body], x: ExtractRules) -> list[Body] | None:
    """The bodies a sentence opens on (after a list number, a title, a short opening clause:
    `Đồng thời, UBND các huyện ...`, or a clause of grounds or purpose of any length, with
    the bodies it names: tasks.yaml opening_clause)."""
    run = _leading_run(bodies, piece, 0)
    before = _TITLES.sub("", _ITEM.sub("", piece[:run[0].start])) if run else ""
    if run and (_OPENER.fullmatch(before) or _LIST_HEAD.fullmatch(before)):
        return _glossed(run, piece, bodies)
    item = _ITEM.match(piece)
    clause = x.opening_clause.match(piece, item.end() if item else 0)
    if clause is None:
        return None
    run = _leading_run(bodies, piece, clause.end(), _TITLES)
    return run or None


_GLOSS = re.compile(r"\s*\([^()]{2,150}\)")


def _glossed(run: list[Body], piece: str, bodies: list[Body]) -> list[Body]:
    """The opening bodies with a gloss in brackets after them (`Nhà đầu tư (Công ty Cổ phần
    Du lịch Bãi Dài) khẩn trương ...`): the sentence goes on after it; when the run is one
    party or group and the gloss names one body of the State, that body is the one meant
    (`Chủ đầu tư (Ban Quản lý dự án đầu tư xây dựng tỉnh) tập trung ...`)."""
    m = _GLOSS.match(piece, run[-1].end)
    if m is None:
        return run
    inside = [b for b in bodies if m.start() < b.start and b.end < m.end()]
    if len(run) == 1 and run[0].is_group and len(inside) == 1 and not inside[0].is_group:
        return [inside[0]._replace(start=run[0].start, end=m.end())]
    return run[:-1] + [run[-1]._replace(end=m.end())]


def _subject(piece: str, bodies: list[Body], x: ExtractRules) -> list[Body] | None:
    """The bodies a sentence opens on when a role follows them (`Sở Y tế chủ trì ...`)."""
    run = _opening_run(piece, bodies, x)
    return run if run and x.subject_role.match(piece[run[-1].end:]) else None


_CLAUSE = re.compile(r"[^,;:.()\n]{1,60}")


_COUNCIL_BODY = re.compile(r"(?:Thường trực\s+)?(?:Ủy ban nhân dân|Hội đồng nhân dân)", re.IGNORECASE)


def _answers_to(body: str, issuer: str | None) -> bool:
    """Whether a People's Committee or Council (or its standing board) is another one than
    the document's issuer, which can ask work of it: `Ủy ban nhân dân tỉnh` in a resolution
    of `hội đồng nhân dân tỉnh`. Ministries, the Government and Party committees never."""
    return issuer is not None and _COUNCIL_BODY.match(body) is not None and not body.lower().startswith(issuer)


def _verb_subject(piece: str, bodies: list[Body], x: ExtractRules, issuer: str | None = None
                  ) -> list[tuple[list[str], list[str], str, str]]:
    """`3. Sở Thông tin và Truyền thông nâng cấp Hệ thống ...`: a sentence that opens on
    bodies, then on a verb gives them the work, whatever the verb (rules/tasks.yaml
    subject_role lists the usual ones; this catches the rest). A directing body (tasks.yaml
    authorities) tells of its own doings that way, so it gets no task, unless another council
    issued the document (`issuer`, document.issuing_council; `_answers_to`): in a People's Council's
    resolution, `Ủy ban nhân dân tỉnh tìm giải pháp ...` and `Thường trực HĐND tỉnh ban hành
    kế hoạch ...` are the work the council asks of them. The verb is told by underthesea's
    part-of-speech tagger, asked only here: on the few sentences that open on a body and
    match no other rule."""
    run = _opening_run(piece, bodies, x)
    if not run or any(x.authorities.match(b.name) and not _answers_to(b.name, issuer) for b in run):
        return []
    rest = piece[run[-1].end:]
    clause = _CLAUSE.match(" ".join(rest[:200].split()))  # (`ban` / `hành kế hoạch`: a printed line breaks a word)
    if not clause or not clause.group(0)[:1].islower() or not _opens_on_work(clause.group(0), x):
        return []
    co, co_end = _co_bodies(rest, _shift(bodies, run[-1].end), x)
    return [([b.name for b in run], co, rest[co_end:], "tasks.yaml:verb_subject")]


def _opens_on_work(clause: str, x: ExtractRules) -> bool:
    """Whether a clause opens on a verb of work (underthesea's tagger; not `có`, `là` ...)."""
    from underthesea import pos_tag  # bundled model, no download; loaded on first use

    tags = pos_tag(clause[:1].lower() + clause[1:])
    if tags and tags[0][1] == "A":  # `thường xuyên kiểm tra`
        tags = tags[1:]
    return bool(tags) and tags[0][1] == "V" and not x.not_work_verbs.fullmatch(tags[0][0].lower())


def _cue_tasks(piece: str, bodies: list[Body], found: list[tuple[re.Match, int, list[Body]]], x: ExtractRules
               ) -> list[tuple[list[str], list[str], str, str]]:
    """(leads, co, work, rule) of each assignment cue found in a sentence."""
    out = []
    for i, (cue, _, run) in enumerate(found):
        # the work runs to the next assignment when a `;` parts them, else to the end
        # (`giao Sở Nội vụ theo dõi, đôn đốc các đơn vị xử lý ...` is all Sở Nội vụ's work)
        cut = piece.rfind(";", run[-1].end, found[i + 1][0].start()) if i + 1 < len(found) else -1
        end = cut if cut >= 0 else len(piece)
        co, co_end = _co_bodies(piece[run[-1].end:end], _shift(bodies, run[-1].end), x)
        paren = piece.rfind("(", 0, cue.start())
        if paren > 15 and ")" not in piece[paren:cue.start()] and piece.rstrip(" .;").endswith(")"):
            # `Xây dựng Quy chế ... (Giao Công an tỉnh chủ trì, phối hợp với ...)`:
            # the work is written before the parenthesis that assigns it
            out.append(([b.name for b in run], co, _ITEM.sub("", piece[:paren]), "tasks.yaml:assign"))
        else:
            work = piece[run[-1].end + co_end:end]
            if not work.strip(" .;,"):  # `UBND tỉnh giao 833 nhiệm vụ cho các sở, ...`: the count is the work
                work = re.sub(r"\s*cho\s*$", "", piece[cue.end():run[0].start])
            out.append(([b.name for b in run], co, work, "tasks.yaml:assign"))
    return out


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


def _header_verb(header: str, x: ExtractRules) -> str:
    """The work a column of places visited stands for (`Đơn vị được kiểm tra`: `Kiểm tra`;
    tasks.yaml table_headers `verb`), '' for a column of work."""
    low = header.lower().strip()
    for rule in x.table_headers:
        if rule.data["role"] == "description" and rule.regex.search(low):
            verb = re.search(rule.data["verb"], low) if rule.data.get("verb") else None
            return verb.group(1).capitalize() if verb else ""
    return ""


def _cell_part_bodies(part: str, x: ExtractRules) -> list[str]:
    part = _CELL_LABEL.sub("", _TITLES.sub("", part, count=1) if _TITLES.match(part) else part)  # `Lãnh đạo Sở X`
    found = _bodies(part, x)
    if not found:
        return [part] if part else []
    opening = found[0].start
    # `Các Sở: Xây dựng, Công Thương`, `UBND các huyện Ba Bể, Pác Nặm`: the group is the head
    # the listed bodies share
    found = [b for i, b in enumerate(found) if not (b.is_group and i + 1 < len(found) and not found[i + 1].is_group
                                                   and part[b.end:found[i + 1].start].strip() in ("", ":"))]
    rest = part[found[-1].end:].strip(" ,.")
    runs_on = len(found) == 1 and rest and not re.fullmatch(r"(?:tỉnh|thành phố)(?: .*)?", rest)
    if runs_on or opening > 0:
        # a name that goes on past what the rules know (`Trung tâm Xúc tiến đầu tư, thương
        # mại và du lịch tỉnh`, `Các cơ quan, đơn vị trực tiếp sử dụng ngân sách nhà nước`)
        # or starts before it (`Cơ quan thuế, các đơn vị cấp tỉnh và các địa phương`)
        whole = expand_abbreviations(part, x)
        return [whole[0].lower() + whole[1:] if found[0].is_group and whole[:4] == "Các " else whole]
    return [b.name for b in found]


_CELL_LABEL = re.compile(r"^\s*(?:đơn vị|cơ quan)\s+(?:chuẩn bị|chủ trì|thực hiện)\s*:\s*", re.IGNORECASE)


def _split_bodies(cell: str, x: ExtractRules) -> list[str]:
    """The bodies named in a lead or co cell: one per `;` or line, or several in a part
    that lists them. A cell that only cites where the assignment is written (`Theo phân
    công tại Quyết định số ...`) names none; a parenthesis narrows the body before it
    (`Văn phòng UBND tỉnh (Trung tâm Thông tin)`) and is left out."""
    if x.not_a_body_cell.match(cell):
        return []
    cell = re.sub(r"\([^()]*\)", " ", cell)
    out: list[str] = []
    for part in re.split(r"[;\n]", cell):
        out.extend(_cell_part_bodies(" ".join(part.split()).strip(" -+.,"), x))
    return out


def _table_rows(doc: Document, x: ExtractRules) -> list[tuple[dict[str, str], int, int]]:
    """Body rows of every task table as {role: text} with their span. A table that
    continues the one before (same columns, header repeated or not) adds to it, and its
    first row, when it has no number of its own (or starts in lower case), is the rest of
    the last row, cut by the page break."""
    out: list[tuple[dict[str, str], int, int]] = []
    roles: dict[str, int] = {}
    n_cols = 0
    verb = ""  # the work of a column of places visited (_header_verb)
    last_row: list[str] = []  # the previous table's last row: a header cut by the page break?
    for table in doc.tables:
        rows = table.rows()
        first = [doc.text[c.start:c.end] for c in rows[0]] if rows else []
        found = _header_roles(first, x)
        if not found and not roles and last_row and len(last_row) == len(first):
            # `Cơ quan chủ` at the foot of one page, `trì` at the top of the next
            found = _header_roles([f"{a} {b}".strip() for a, b in zip(last_row, first)], x)
        last_row = [doc.text[c.start:c.end] for c in rows[-1]] if rows else []
        continues = bool(roles) and table.n_cols == n_cols and (not found or found == roles)
        if found:
            roles, n_cols, body = found, table.n_cols, rows[1:]
            verb = _header_verb(first[roles["description"]], x)
        elif continues:
            body = rows
        else:
            roles = {}
            continue
        for i, row in enumerate(body):
            cells = {c.col: doc.text[c.start:c.end].strip() for c in row}
            values = {role: cells.get(col, "") for role, col in roles.items()}
            if verb and values["description"]:
                values["description"] = f"{verb} {values['description']}"  # (`Kiểm tra UBND xã Đăk Mar`)
            if i == 0 and continues and out:
                desc = values.get("description", "")
                cut = (not values.get("number")) if "number" in roles else desc[:1].islower()
                if cut:
                    last, start, _ = out[-1]
                    merged = {r: " ".join(v for v in (last.get(r, ""), values.get(r, "")) if v) for r in roles}
                    out[-1] = (merged, start, row[-1].end)
                    continue
            out.append((values, row[0].start, row[-1].end))
    return out


_SECTION_NO = re.compile(r"[IVXLC]+\.?|[A-ZĐ]\.?")


_ROLES_IN_CELL = re.compile(r"(?P<lead>.+?)\s*\(?\s*chủ trì\s*\)?(?:\s*[,;]?\s*(?:và\s+)?phối hợp(?:\s+với)?(?:\s+(?P<co>.+))?)?",
                            re.IGNORECASE | re.DOTALL)


_ROLE_AT_END = re.compile(r"\s*\(?\s*(chủ trì|phối hợp|thực hiện)\s*\)?$", re.IGNORECASE)
_LEAD_THEN_CO = re.compile(r"(?P<lead>.+?)\s+chủ trì\s*[,;]\s*(?P<co>.+?)\s+phối hợp", re.IGNORECASE | re.DOTALL)
_LEAD_WITH_CO = re.compile(r"(?P<lead>.+?)\s+phối hợp\s+(?:với\s+)?(?P<co>.+)", re.IGNORECASE | re.DOTALL)


def _cell_roles(cell: str, x: ExtractRules) -> tuple[str, str]:
    """(lead, co) of a cell that names both: `Chủ trì: Sở X; Phối hợp: Sở Y` (labelled), `Sở X
    chủ trì; Sở Y phối hợp` (each part its role after it), `Sở X chủ trì, Sở Y phối hợp`, `Sở X
    chủ trì, phối hợp Sở Y, Sở Z`, `Sở X phối hợp với Sở Y`; else the whole cell leads (less a
    role after it: `Công an xã, các tổ dân phố thực hiện`)."""
    labelled = _labelled_parts(cell, x)
    if labelled.get("lead"):
        return labelled["lead"], labelled.get("co", "")
    parts = [p.strip(" .,") for p in cell.split(";") if p.strip(" .,")]
    ends = [_ROLE_AT_END.search(p) for p in parts]
    if len(parts) > 1 and any(e and e.group(1).lower() == "phối hợp" for e in ends):
        lead = [p[:e.start()] if e else p for p, e in zip(parts, ends) if not e or e.group(1).lower() != "phối hợp"]
        co = [p[:e.start()] for p, e in zip(parts, ends) if e and e.group(1).lower() == "phối hợp"]
        return "; ".join(lead), "; ".join(co)
    cell = cell.strip(" .;")
    for rx in (_LEAD_THEN_CO, _ROLES_IN_CELL, _LEAD_WITH_CO):
        roles = rx.fullmatch(cell)
        if roles:
            return roles["lead"], roles["co"] or ""
    end = _ROLE_AT_END.search(cell)
    return (cell[:end.start()] if end else cell), ""


def table_tasks(doc: Document, x: ExtractRules, year: int | None) -> list[Task]:
    """One task per lead body of each row. A numbered row with an empty lead cell takes the
    lead of the row above (a cell merged down the rows: PDF readers give it to the first
    row only); a section row (`II | Cải cách thủ tục hành chính`) ends that."""
    out: list[Task] = []
    above = ""
    for values, start, end in _table_rows(doc, x):
        desc, lead_cell = values.get("description", ""), values.get("lead", "")
        number = values.get("number", "")
        if not lead_cell and (_SECTION_NO.fullmatch(number) or not number):
            above = ""
        elif not lead_cell and desc and number:
            lead_cell = above
        above = lead_cell or above
        if not desc or not lead_cell:
            continue
        lead_cell, co_cell = _cell_roles(lead_cell, x)
        co = _split_bodies(values.get("co", ""), x) + _split_bodies(co_cell, x)
        deadline = _written_deadline(values.get("deadline", ""), x, year)
        for lead in _split_bodies(lead_cell, x):
            out.append(_task(lead, co, desc, start, end, "tasks.yaml:table", deadline, "table",
                             values.get("number") or None))
    return out


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.casefold()))


def _same_task(a: Task, b: Task) -> bool:
    """The same lead and mostly the same words: a plan's text that restates a row of its
    own task table (or the reverse) is one task, not two."""
    if a.lead != b.lead:
        return False
    wa, wb = _words(a.description), _words(b.description)
    small = min(len(wa), len(wb))
    return small >= 4 and len(wa & wb) / small >= 0.7


def find_tasks(doc: Document, x: ExtractRules, year: int | None,
               agencies: list[AgencyMention] | None = None, kind: str | None = None,
               outline: outlines.Outline | None = None, flow: str | None = None) -> list[Task]:
    """Tasks of the tables, then of the text; `agencies` (found over the whole text
    already) saves matching them again, and so does `flow` (the text as sentences.flowed
    gives it, which extract made for them) making it again. `kind` (documents.kind): in the kinds that assign
    work (tasks.yaml verb_subject_kinds) a body that opens a sentence with any verb gets a task."""
    verbs = kind is not None and x.verb_subject_kinds.fullmatch(kind) is not None
    outline = outline or outlines.read_outline(doc, x)
    in_tables = [replace(t, section=outline.path_at(t.start)) for t in table_tasks(doc, x, year)]
    flow = flow if flow is not None else flowed_text(doc, outline)
    mentions = Mentions(flow, x, agencies)  # (groups a printed line breaks)
    in_text = [t for t in sentence_tasks(doc, x, year, mentions, verbs, outline, issuing_council(doc.text), flow)
               if not any(_same_task(t, u) for u in in_tables)]
    in_text = _period_deadlines(in_text, outline, x, year)
    telling = kind is not None and not verbs  # news and reports tell of meetings held
    if telling:
        in_text = sorted(in_text + _counted_assignments(flow, mentions, x), key=lambda t: t.start)
    found = [t for t in in_tables + in_text if not x.not_work.fullmatch(t.description)
             and not (telling and x.events.match(t.description))]
    full = bare_heads(mentions.items, doc.text, x)  # (`... của Ban Chỉ đạo`: the board the decision set up)
    found = [replace(t, lead=full[t.lead]) if t.lead in full else t for t in found]
    letter = kind is None or kind == "official_letter"  # (gold.md, Letters: a report's requests stay its own)
    return _to_addressees(found, addressees(outline, doc.text, mentions, x) if letter else [], x)


_GIVEN_TO = re.compile(r"\s+(?:do\s+[^.;:]{1,80}?\s+)?giao\s+cho\s+")  # `3.726 nhiệm vụ (do Chính phủ) giao cho ...`
_FOR = re.compile(r"\s+cho\s+")                                                  # `giao 833 nhiệm vụ cho ...`
_GIVING = re.compile(r"(?<!\w)giao\s+$", re.IGNORECASE)                         # `đã giao các sở ... 312 nhiệm vụ`
_BEFORE_COUNT = re.compile(r"\s+(?:là\s+)?")                                     # `... giao các ngành, các huyện là 164 nhiệm vụ`


def _counted_assignments(text: str, mentions: Mentions, x: ExtractRules) -> list[Task]:
    """News and reports that tell how many tasks were given to whom: `UBND tỉnh giao 833
    nhiệm vụ cho các sở, ban, ngành, địa phương`, `đã giao các sở, ban, ngành 312 nhiệm vụ`,
    `3.726 nhiệm vụ do Chính phủ giao cho các bộ, cơ quan`: each body given them has the task
    of carrying them out (the shared gold writes `thực hiện 833 nhiệm vụ UBND tỉnh giao`)."""
    out: list[Task] = []
    for m in count_matches(text, x):
        unit = next(r for r in x.units if m.group(f"u_{r.id}"))
        if not unit.data.get("task_like") or m.group("total"):
            continue
        lo = max(0, m.start() - 200)  # the words around the count, offsets relative to `lo`
        window, at, end = text[lo:m.end() + 300], m.start() - lo, m.end() - lo
        bodies = mentions.within(lo, m.end() + 300)
        to = _GIVEN_TO.match(window, end)
        if to is None and _GIVING.search(window, max(0, at - 12), at):
            to = _FOR.match(window, end)
        if to is not None:  # the bodies after the count
            run = _leading_run([b for b in bodies if b.end <= to.end() + 200], window, to.end(), _NO_GAP)
        else:  # the bodies right before it, after `giao`
            near = [b for b in bodies if b.end <= at]
            run = []
            if near and _BEFORE_COUNT.fullmatch(window[near[-1].end:at]):
                run = [near.pop()]
                while near and _SEP.fullmatch(window[near[-1].end:run[0].start]):
                    run.insert(0, near.pop())
                if not _GIVING.search(window, max(0, run[0].start - 12), run[0].start):
                    run = []
        work = f"thực hiện {' '.join(m.group(0).split())} được giao"
        out.extend(_task(b.name, [], work, m.start(), m.end(), "tasks.yaml:counted_assignment", (None, None))
                   for b in run)
    return out


_PERIOD_LABEL = re.compile(r"(?:Tháng|Quý)\s+\S+")


def _period_deadlines(tasks: list[Task], outline: outlines.Outline, x: ExtractRules, year: int | None) -> list[Task]:
    """A work programme's items under a month or quarter (outline.yaml `period`: `THÁNG 3` /
    `1. Quy định ...`) are due then when they write no deadline of their own."""
    out = []
    for t in tasks:
        if t.deadline is None:
            heads = [outline.sections[j] for j in outline.ancestors(outline.at(t.start))]
            label = next((h.label for h in heads if h.kind == "heading" and h.label
                          and _PERIOD_LABEL.fullmatch(h.label)), None)
            value = deadline_value(label, x, year) if label else None
            if value:
                t = replace(t, deadline=value, deadline_text=label)
        out.append(t)
    return out


def addressees(outline: outlines.Outline, text: str, mentions: Mentions, x: ExtractRules) -> list[str]:
    """The bodies a letter is sent to (`Kính gửi: - Sở Y tế; - UBND các huyện; - Các Sở,
    ngành: Công Thương, Nội vụ`): each line's bodies, or the line as written when it names
    none the rules know (`- Tổ chức, doanh nghiệp hoạt động trong lĩnh vực ...`)."""
    out: list[str] = []
    for i, sec in enumerate(outline.sections):
        if sec.kind != "addressees":
            continue
        lines = [s for s in outline.sections if s.parent == i] or [sec]
        for line in lines:
            start = line.start + (len(text[line.start:line.end]) - len(text[line.start:line.end].lstrip(" -+•–")))
            if line is sec:
                start = text.find(":", sec.start, sec.end) + 1 or sec.start
            for part_start, part in _parts(text, start, line.end):
                title = x.addressee_titles.match(part)  # `Hiệu trưởng các trường ...`: the reader's body
                cut = title.end() if title else 0
                head = "Phòng " if title and title.group(1).lower() == "trưởng phòng" else ""
                bodies = [b for b in mentions.within(part_start + cut, part_start + len(part))
                          if not (b.is_group and part[cut + b.end:].lstrip().startswith(":"))]  # `Các Sở:` heads its list
                if head or (bodies and bodies[0].start > 2 and not _LIST_HEAD.fullmatch(part[cut:cut + bodies[0].start])) \
                        or (bodies and all(b.is_group for b in bodies) and part[cut + bodies[-1].end:].strip(" ,.")):
                    bodies = []  # the line names a body (or a group) the rules do not know whole: as written
                named = [b.name for b in bodies]
                rest = head + part[cut:]
                if not named and len(rest) > 3:
                    named = [rest[0].lower() + rest[1:] if rest.startswith("Các ") else rest]
                out.extend(n for n in named if n not in out)
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The `;`-separated parts of text[start:end], trimmed, with where each starts."""
    out = []
    for m in re.finditer(r"[^;]+", text[start:end]):
        part = m.group(0)
        lead = len(part) - len(part.lstrip(" -+•–\n"))
        part = part.strip(" -+•–\n.,;")
        if part:
            out.append((start + m.start() + lead, " ".join(part.split())))
    return out


def _to_addressees(tasks: list[Task], readers: list[str], x: ExtractRules) -> list[Task]:
    """In a letter, a task of its unnamed readers (`đề nghị các cơ quan, đơn vị ...`, `Quý
    cơ quan`) is a task of each body under `Kính gửi` (tasks.yaml readers)."""
    if not readers:
        return tasks
    out: list[Task] = []
    for t in tasks:
        if t.lead and t.lead not in readers and x.readers.fullmatch(t.lead):
            out.extend(replace(t, lead=r, rule=t.rule + "+addressees") for r in readers)
        else:
            out.append(t)
    return out
