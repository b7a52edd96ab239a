"""A document's outline, read once between normalization and extraction.

    Document --read_outline--> Outline (sections with parent links) --> tasks walk it

Administrative documents are laid out by rule (Nghị định 30/2020, the Law on legal
documents): a header (issuer, `Số:`, place and date), the type line and title, a letter's
`Kính gửi` readers, the grounds (`Căn cứ ...`), the body on the ladder Phần > Chương > Mục >
Điều > 1. > a) > - > +, plans' Roman numerals above their numbers, the signature, `Nơi
nhận`, appendices and tables. rules/outline.yaml says what opens each part and its rank on
the ladder; a part holds every later part of a larger rank up to the next part of its own
rank or a smaller one. Three readings that the ladder alone does not give:

- an intro: an unnumbered paragraph that ends in `:` (or announces duties: `Sở Y tế có
  trách nhiệm.`) owns the list right after it, until plain text or a part further out;
- a heading with a colon owns the items of its own marker after it (`- UBND các huyện:` /
  `- Quản lý ...` / `- Hướng dẫn ...`) when no deeper item comes first, until the next
  item of that marker that ends in a colon;
- fields: labelled lines (`- Đơn vị chủ trì: ...`, `- Thời gian hoàn thành: ...`) belong to
  the item above them and hold nothing.

Pure: no disk, no printing.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from pipeline.extract.document import type_line
from pipeline.extract.lexicon import ExtractRules
from pipeline.extract.sentences import paragraphs
from pipeline.models import Document, Section

FIELD_RANK = 99.0   # labelled lines: leaves under the item above
STANDING = ("header", "title", "addressees", "recipients", "signature")  # no body text inside
LISTS_ONLY = ("addressees", "recipients", "grounds")  # hold their dashed lines; plain text ends them
_NATIONAL = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập - Tự do - Hạnh phúc|^\s*Số\s*:", re.M | re.I)


@dataclass(frozen=True)
class Outline:
    """The sections in document order (parents before children) and, for each paragraph
    (`paragraphs`, the spans of sentences.paragraphs), the section it belongs to."""
    sections: tuple[Section, ...]
    paragraphs: tuple[tuple[int, int], ...]
    owner: tuple[int | None, ...]      # paragraph -> index of its section (None: before any)
    opens: tuple[bool, ...]            # paragraph -> it is its section's opening paragraph

    def ancestors(self, i: int | None):
        """Section i and the sections that hold it, innermost first."""
        while i is not None:
            yield i
            i = self.sections[i].parent

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def at(self, pos: int) -> int | None:
        """The innermost section whose span holds `pos`."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            if self.sections[i].start <= pos < self.sections[i].end:
                return i
            i -= 1
        return None

    def path_at(self, pos: int) -> str | None:
        i = self.at(pos)
        return self.sections[i].path if i is not None else None

    def in_standing_part(self, i: int | None) -> bool:
        return any(self.sections[j].kind in STANDING for j in self.ancestors(i))


def _capitals(s: str) -> bool:
    """`QUYẾT ĐỊNH:`, `QUYẾT NGHỊ:`: the enacting words before the articles, not an intro."""
    return not any(ch.islower() for ch in s)


class _Node:
    """A section while the outline is being read (mutable; frozen into a Section)."""
    __slots__ = ("kind", "label", "rank", "start", "end", "head_end", "heading", "parent", "children",
                 "colon_owner", "absorbing", "list_rank")

    def __init__(self, kind, label, rank, start, end, heading, parent):
        self.kind, self.label, self.rank = kind, label, rank
        self.start, self.end, self.head_end, self.heading, self.parent = start, end, end, heading, parent
        self.children = 0
        self.colon_owner = False   # an item whose heading ends in `:`
        self.absorbing = False     # ... that holds the items of its own marker after it
        self.list_rank: float | None = None  # an intro's list: the rank of its first item


INTRO_LIST = 7.0  # an intro owns a list of numbers, letters or dashes, not Roman parts or articles
_NUMBER_RANK = 7.0  # outline.yaml's `number` marker (`1.`)
_UNNUMBERED_TITLE = re.compile(r"[^\W\d_][^:.;,]{2,70}")  # a short line of words, no sentence
# a number alone on its line, then a dashed line: the PDF printed `3 - UBND các huyện:` as two
_LONE_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)-]?\s*")
_DASHED = re.compile(r"\s*[-–]\s")


def _holds(top: _Node, rank: float, para: str) -> bool:
    """Whether the open section `top` holds a part of `rank` that opens with `para`."""
    if rank <= 1:  # the standing parts (`Nơi nhận`, a signature, `Kính gửi`) end every list
        return top.rank < rank
    if top.kind == "intro":
        return rank >= (top.list_rank if top.list_rank is not None else INTRO_LIST)
    colon = para.rstrip().endswith(":")
    if top.absorbing:
        return rank > top.rank or (rank == top.rank and not colon)
    if top.colon_owner and top.children == 0 and rank == top.rank and rank >= INTRO_LIST and not colon:
        top.absorbing = True  # `- UBND các huyện:` / `- Quản lý ...`: its items come at its own marker
        return True
    return top.rank < rank


def _classify(para: str, x: ExtractRules) -> tuple[str, str | None, float, str, int] | None:
    """(kind, label, rank, rule id, end of the marker) of the part a paragraph opens, or
    None for plain text."""
    if x.part_opening is not None:  # one match tells which opens it, if any
        first = x.part_opening.match(para)
        if first is None:
            return None
        i = int(first.lastgroup[1:])
        if first.lastgroup[0] == "f":
            return "field", None, FIELD_RANK, x.field_labels[i][0], 0
        rule = x.outline_parts[i]
        m = rule.regex.match(para)
        label = next((g for g in m.groups() if g), None) if m.groups() else None
        return rule.data["kind"], label, float(rule.data["rank"]), rule.id, m.end()
    for role, rx in x.field_labels:
        m = rx.match(para)
        if m:
            return "field", None, FIELD_RANK, role, 0
    for rule in x.outline_parts:
        m = rule.regex.match(para)
        if m:
            label = next((g for g in m.groups() if g), None) if m.groups() else None
            return rule.data["kind"], label, float(rule.data["rank"]), rule.id, m.end()
    return None


def _signs(cell: str, x: ExtractRules) -> bool:
    """A table cell that opens the signature or `Nơi nhận`."""
    c = _classify(cell.strip(), x)
    return c is not None and c[3] in ("signature", "recipients")


def _label(rule_id: str, label: str | None) -> str | None:
    if rule_id == "article":
        return f"Điều {label}"
    if rule_id == "attached":
        return label.capitalize()  # `QUY CHẾ` -> `Quy chế`
    if rule_id in ("part", "chapter", "section", "appendix"):
        word = {"part": "Phần", "chapter": "Chương", "section": "Mục", "appendix": "Phụ lục"}[rule_id]
        return f"{word} {label}" if label else word
    if rule_id in ("dash", "plus"):
        return None  # numbered by position in the path
    if rule_id == "period":
        word, _, rest = " ".join(label.split()).partition(" ")
        return f"{word.capitalize()} {rest}"  # `THÁNG 3` -> `Tháng 3`, `QUÝ IV` -> `Quý IV`
    return label


def _header_end(text: str, paras: list[tuple[int, int]], x: ExtractRules) -> tuple[int, int, int]:
    """(header end, title start, title end) as paragraph indexes; 0s without a header."""
    head = text[: paras[min(len(paras), 15) - 1][1]] if paras else ""
    if not _NATIONAL.search(head):
        return 0, 0, 0
    lines = [text[a:b] for a, b in paras[:40]]
    typed = type_line(lines, x)
    if typed is None:  # a letter: the header runs to `Kính gửi`, the grounds or the body
        for i, (a, b) in enumerate(paras[:20]):
            c = _classify(text[a:b], x)
            if c and c[0] in ("addressees", "grounds", "article", "item", "point"):
                return i, i, i
        return 0, 0, 0
    i = typed[0]
    end = i + 1  # the type line, then its subject (wrapped lines are one paragraph)
    if end < len(paras):
        line = text[paras[end][0]:paras[end][1]].strip()
        if not (_classify(line, x) or line.endswith(":") or len(line) > 300):
            end += 1
    return i, i, end


def read_outline(doc: Document, x: ExtractRules) -> Outline:
    text = doc.text
    paras = [(a, b) for a, b in paragraphs(text, x)]
    tables = sorted((t.start, t.end) for t in doc.tables)
    # a table laid out as the signature block (`| Nơi nhận: ... | CHỦ TỊCH ... |`) signs the text
    signing = {t.start for t in doc.tables if any(_signs(text[c.start:c.end], x) for c in t.cells)}
    header_end, title_start, title_end = _header_end(text, paras, x)
    nodes: list[_Node] = []
    stack: list[int] = []
    owner: list[int | None] = []
    opens: list[bool] = []

    def push(kind, label, rank, start, end, heading) -> int:
        parent = stack[-1] if stack else None
        nodes.append(_Node(kind, label, rank, start, end, heading, parent))
        if parent is not None:
            nodes[parent].children += 1
        return len(nodes) - 1

    def extend(end: int) -> None:
        for i in stack:
            nodes[i].end = max(nodes[i].end, end)

    if header_end:
        push("header", None, -1.0, paras[0][0], paras[header_end - 1][1], None)
    if title_end > title_start:
        push("title", None, -1.0, paras[title_start][0], paras[title_end - 1][1],
             " ".join(text[paras[title_start][0]:paras[title_end - 1][1]].split()))
    first = title_end or header_end
    body_started = False
    signed = False  # a signature or `Nơi nhận` came: a title in capitals now opens an attached text
    numbered: dict[int, str] = {}  # paragraph -> the number printed alone on the line above it
    for k, (a, b) in enumerate(paras):
        if k < first:
            owner.append(0 if k < header_end else len(nodes) - 1)
            opens.append(k in (0, title_start))
            continue
        t = next(((ta, tb) for ta, tb in tables if ta <= a < tb), None)
        if t is not None:
            if not nodes or nodes[-1].kind != "table" or nodes[-1].start != t[0]:
                while stack and nodes[stack[-1]].kind in ("field", "intro"):
                    stack.pop()
                push("table", None, FIELD_RANK, t[0], t[1], None)
                signed = signed or t[0] in signing
                extend(t[1])
            owner.append(len(nodes) - 1)
            opens.append(False)
            continue
        para = text[a:b]
        lone = _LONE_NUMBER.fullmatch(para)
        if lone and k + 1 < len(paras) and _DASHED.match(text, paras[k + 1][0]):
            numbered[k + 1] = lone.group(1)
            owner.append(stack[-1] if stack else None)
            opens.append(False)
            continue
        c = _classify(para, x)
        if c is None and para.lstrip().startswith("|") and _signs(para.lstrip(" |"), x):
            signed = True  # `| Nơi nhận: ... | CHỦ TỊCH ... |`: a signature block copied as a table row
        if c is not None and c[3] == "attached" and (not signed or (
                nodes and nodes[-1].kind == "appendix" and opens and opens[-1])):
            c = None  # an attached text's title comes after the decision's signature (`PHỤ LỤC` / `CHƯƠNG TRÌNH ...`: the appendix's title)
        if k in numbered and c is not None and c[3] == "dash":  # `3` / `- UBND các huyện:`: item 3
            c = ("item", numbered[k], _NUMBER_RANK, "number", c[4])
        if c is not None and c[0] == "grounds" and (body_started or para.rstrip().endswith(":")):
            c = None  # `Căn cứ Kế hoạch này, ...` inside the body is its text; `Căn cứ ..., yêu cầu:` an intro
        if c is not None and c[0] in ("article", "item", "point", "heading", "part", "chapter"):
            body_started = True
        if c is None:
            # plain text: ends an intro's list or an unnumbered heading's; an intro of its own
            # when it ends in `:` (not the enacting `QUYẾT ĐỊNH:`) or announces duties
            closed = []
            if k and text[paras[k - 1][0]:paras[k - 1][1]].rstrip()[-1:] in ".:!?" and not para.lstrip()[:1].islower():
                # after a finished sentence, plain text ends an intro's list or the dashed
                # lines of `Kính gửi` (else it goes on the part above: a printed line the
                # paragraph rules could not join, a clause after a `;`)
                closed = [j for j, n in enumerate(stack) if nodes[n].kind in LISTS_ONLY] \
                    or [j for j, n in enumerate(stack) if nodes[n].kind == "intro"]
            if closed:
                del stack[closed[0] if nodes[stack[closed[0]]].kind in LISTS_ONLY else closed[-1]:]
            while stack and nodes[stack[-1]].kind == "heading":
                stack.pop()
            stripped = para.strip()
            if _UNNUMBERED_TITLE.fullmatch(stripped) and _capitals(stripped):
                # `TỔ CHỨC THỰC HIỆN`: an unnumbered part title ends the items and months above it
                while stack and nodes[stack[-1]].rank > INTRO_LIST - 1:
                    stack.pop()
            if (stripped.endswith(":") and not _capitals(stripped)) or x.intro_end.search(stripped):
                i = push("intro", None, (nodes[stack[-1]].rank if stack else 0.0) + 0.01, a, b,
                         " ".join(stripped.split())[:200])
                stack.append(i)
                owner.append(i)
                opens.append(True)
            else:
                owner.append(stack[-1] if stack else None)
                opens.append(False)
            extend(b)
            continue
        kind, label, rank, rule_id, cut = c
        signed = signed or kind in ("signature", "recipients")
        listed = [j for j, n in enumerate(stack) if nodes[n].kind in LISTS_ONLY]
        if listed and rule_id not in ("dash", "plus"):
            del stack[listed[0]:]  # `Kính gửi`, `Nơi nhận`, `Căn cứ` hold dashed lines only
        while stack and kind != "field" and not _holds(nodes[stack[-1]], rank, para):
            stack.pop()
        i = push(kind, _label(rule_id, label), rank, a, b, " ".join(para[cut:cut + 400].split()).strip(" .:")[:200] or None)
        parent = nodes[i].parent
        if parent is not None and nodes[parent].kind == "intro" and nodes[parent].list_rank is None:
            nodes[parent].list_rank = rank
        if kind != "field":
            nodes[i].colon_owner = para.rstrip().endswith(":")
            stack.append(i)
        owner.append(i)
        opens.append(True)
        extend(b)
    return Outline(_freeze(nodes), tuple(paras), tuple(owner), tuple(opens))


def _freeze(nodes: list[_Node]) -> tuple[Section, ...]:
    out: list[Section] = []
    cite: list[str] = []  # each section's path as cited: an intro or a field adds no step
    dash_no: dict[int | None, int] = {}
    table_no = 0
    for i, n in enumerate(nodes):
        parent_path = cite[n.parent] if n.parent is not None else ""
        depth = out[n.parent].depth + 1 if n.parent is not None else 0
        if n.kind == "table":
            table_no += 1
            step = f"bảng {table_no}"
        elif n.kind in ("intro", "field"):
            step = ""
        elif n.label is None and n.kind in ("item", "point"):
            dash_no[n.parent] = dash_no.get(n.parent, 0) + 1
            step = f"-{dash_no[n.parent]}"
        else:
            step = n.label or n.kind
        path = " > ".join(p for p in (parent_path, step) if p)
        cite.append(path)
        out.append(Section(kind=n.kind, label=n.label, depth=depth, start=n.start, end=n.end,
                           head_end=n.head_end, heading=n.heading, parent=n.parent, path=path or n.kind))
    return tuple(out)
