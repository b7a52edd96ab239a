"""The extraction rules: every rules/ file an extractor reads, loaded and compiled once."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pipeline.extract.counts import count_pattern
from pipeline.rules import any_blank, Folded, Rule, RulesError, finditer_not_after, load_csv, load_yaml_rules, union


@dataclass(frozen=True)
class Gazetteer:
    """Fixed phrases -> (canonical name, level); matched by spaCy's PhraseMatcher."""
    phrases: dict[str, tuple[str, str | None]]  # lower-cased phrase -> (name, level)


@dataclass(frozen=True)
class ExtractRules:
    references: list[Rule]
    doc_types: list[dict[str, str]]
    doc_type_words: re.Pattern         # any document-type name
    code_types: dict[str, str]         # symbol code -> type name
    type_names: dict[str, str]         # a type name in lower case -> as doc_types.csv writes it
    dates: list[Rule]
    periods: list[Rule]
    deadline_before: Folded
    issued_before: re.Pattern           # words before a date that make it the issue day (`thông qua ngày`)
    units: list[Rule]
    statuses: list[Rule]
    any_status: re.Pattern             # any of `statuses` but the before_only ones (a quick test first)
    qualifiers: list[Rule]
    elided: list[tuple[Rule, re.Pattern]]  # status words before a number whose noun is left out
    total_before: re.Pattern           # words right before a number that make it the total (`tổng số`)
    count_pattern: re.Pattern          # number, optional total and qualifier, counted noun
    count_scan: re.Pattern             # the same from its number on (see counts.count_matches)
    councils: list[Rule]
    open_heads: list[Rule]
    open_head_res: list[tuple[Rule, re.Pattern]]  # each head before a space (use with at_word_start)
    name_stop: re.Pattern
    name_terms: re.Pattern             # words with a stop word or a comma that go on a name (`Phòng, chống`)
    member_roles: re.Pattern           # a member's role after a dash, which ends the name before it
    group: re.Pattern                  # a plural group of bodies (agencies.yaml `groups`: its nouns and qualifiers)
    distributed: list[Rule]
    standing: re.Pattern
    standing_of: re.Pattern
    not_bodies: re.Pattern
    shared_tail: list[Rule]
    takes_level: re.Pattern
    plural_tail: re.Pattern            # after a name, the places of every one of them (`Cục Thuế các tỉnh`)
    titled_heads: re.Pattern           # a head in lower case inside its head's title (`Trưởng phòng Nội vụ`)
    shared_level: re.Pattern           # a bare council head listed before a levelled one (`HĐND, ` before `UBND tỉnh`)
    short_names: re.Pattern            # `(gọi tắt là Ban Chỉ đạo)` after a name; group 1 the short name
    short_name_hint: str               # a word each of them holds (their `hint`), in lower case
    set_up: re.Pattern                 # `thành lập ` right before the name of a body the document sets up
    set_up_last: re.Pattern            # the same, its last match in a window (`(?s:.*)` before it)
    bare_heads: re.Pattern             # heads that, alone, stand for the one body of theirs set up
    abbreviations: tuple[re.Pattern, dict[str, str]]  # one pattern for all, longest first
    gazetteer: Gazetteer
    places: frozenset[str]
    surnames: frozenset[str]
    assign: Folded
    lead_role: re.Pattern
    co_role: Folded
    responsible: Folded
    subject_role: re.Pattern
    opening_clause: re.Pattern         # `Căn cứ ..., ` before a sentence's subject
    topic_first: re.Pattern            # `Đối với ` before the body a sentence is about (asked the work after a cue)
    not_work: re.Pattern               # descriptions that are no work (a count of tasks, nothing), whole
    events: re.Pattern                 # in news and reports: descriptions that tell an event (a meeting held)
    due_by: re.Pattern                 # a deadline phrase's opening words that make it the day due by
    recurring: re.Pattern              # after a deadline phrase: a day that comes every year (no deadline)
    directing_cues: re.Pattern         # a sentence that opens on directing others (`Chỉ đạo ...`)
    addressee_titles: re.Pattern       # a letter's reader named by its head's title; group 1 the title
    authorities: re.Pattern            # bodies whose direction gives work to the body after it
    not_work_verbs: re.Pattern         # verbs after a subject that give it no work (`có`, `là`)
    verb_subject_kinds: re.Pattern     # documents.kind values where `<body> <verb> ...` gives work
    not_a_body_cell: re.Pattern
    deadline_phrase: Folded
    field_labels: list[tuple[str, re.Pattern]]  # (role, `Label:` at the start of a line or cell part)
    assign_gap: re.Pattern
    owner_prefix: re.Pattern
    unnumbered_owner: re.Pattern
    topic_heading: re.Pattern
    join_after: re.Pattern
    block_start: re.Pattern
    table_headers: list[Rule]
    outline_parts: list[Rule]          # what opens each part of a document (outline.yaml blocks, markers)
    part_opening: re.Pattern | None    # field_labels then outline_parts in one: group `f<i>` or `p<i>` tells which
    intro_end: re.Pattern              # a plain paragraph that opens the list after it
    readers: re.Pattern                # a letter's unnamed readers (`các cơ quan, đơn vị`): its addressees
    formulas: re.Pattern               # closing formulas that give no task (`... thông báo để ... biết`)
    no_task_types: re.Pattern          # document types that assign nothing (`Điều lệ`), at the start of a title


# Capital letters of Vietnamese, for patterns: `[A-ZĐÀ-Ỹ]` would also take `đ` and every
# small accented letter, which lie between À and Ỹ in Unicode.
UPPER = "[" + "".join(chr(i) for i in range(0x41, 0x1EFA)
                      if chr(i).isupper() and unicodedata.name(chr(i), "").startswith("LATIN CAPITAL")) + "]"


_WORD_CHAR = re.compile(r"\w")


def at_word_start(rx: re.Pattern, text: str) -> Iterator[re.Match]:
    """`rx.finditer(text)`, keeping the matches that start a word (see finditer_not_after)."""
    return finditer_not_after(rx, text, _WORD_CHAR)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _words_file(path: Path) -> list[str]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return [_nfc(ln) for ln in lines if ln and not ln.startswith("#")]


def _places(rules_dir: Path) -> frozenset[str]:
    """Province and ward names: today's from vietnam-provinces, older ones from a list."""
    names = set(_words_file(rules_dir / "places_legacy.txt"))
    try:
        import vietnam_provinces as vp

        prefixes = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ")
        for unit in list(vp.Province.iter_all()) + list(vp.Ward.iter_all()):
            name = _nfc(unit.name)
            for p in prefixes:
                if name.startswith(p):
                    name = name[len(p):]
            names.add(name)
    except ImportError:
        pass
    return frozenset(names)


def _gazetteer(rules_dir: Path) -> Gazetteer:
    phrases: dict[str, tuple[str, str | None]] = {}
    for row in load_csv(rules_dir / "agencies.csv", ("name", "level", "aliases")):
        for form in [row["name"], *filter(None, row["aliases"].split(";"))]:
            phrases.setdefault(_nfc(form.strip()).lower(), (row["name"], row["level"] or None))
    levels = {"Sở": "province", "Phòng": "district", "Bộ": "central"}
    for row in load_csv(rules_dir / "sectors.csv", ("sector", "aliases", "heads")):
        for head in filter(None, row["heads"].split(";")):
            if head not in levels:
                raise RulesError(f"sectors.csv: {row['sector']}: unknown head {head!r}")
            for form in [row["sector"], *filter(None, row["aliases"].split(";"))]:
                phrases.setdefault(_nfc(f"{head} {form.strip()}").lower(),
                                   (f"{head} {row['sector']}", levels[head]))
    return Gazetteer(phrases)


def _first_of(patterns: list[tuple[str, re.Pattern]]) -> re.Pattern | None:
    """One pattern that matches where one of `patterns` matches, its group `name` telling
    the first of them that does (the alternation tries them in order); None when they cannot
    be joined (a back-reference, a group name used twice)."""
    parts = []
    for name, rx in patterns:
        if re.search(r"\\[1-9]|\(\?P=", rx.pattern):
            return None
        flags = "i" if rx.flags & re.IGNORECASE else ""
        parts.append(f"(?P<{name}>(?{flags}:{rx.pattern}))" if flags else f"(?P<{name}>{rx.pattern})")
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


def _group_pattern(rules: list[Rule]) -> re.Pattern:
    """`các` / `từng` / `UBND các` / `UBND 14` before a noun of bodies, then more nouns or
    qualifiers: agencies.yaml `groups` (`nouns`, `qualifiers`)."""
    words = {r.id: r.pattern for r in rules}
    nouns, qualifiers = words["nouns"], words["qualifiers"]
    return re.compile(any_blank(
        rf"(?=[UCTỦỦ])(?<!\w)(?:(?:Ủy ban nhân dân|UBND|Uỷ ban nhân dân)\s+(?:các|cấp|\d+)\s+|(?:các|từng|Các|Từng)\s+)"
        rf"(?:{nouns})(?:(?:\s*,\s*|\s+và\s+|\s*/\s*|\s+)(?:{nouns}|{qualifiers}))*"), re.IGNORECASE)


def _one(groups: dict[str, list[Rule]], key: str, file: str) -> list[Rule]:
    if key not in groups:
        raise RulesError(f"{file}: missing the `{key}` list")
    return groups[key]


def load_lexicon(rules_dir: Path) -> ExtractRules:
    doc_types = load_csv(rules_dir / "doc_types.csv", ("name", "codes", "kind"))
    type_names = sorted({r["name"] for r in doc_types}, key=len, reverse=True)
    types_alt = "|".join(re.escape(n) for n in type_names)
    code_types: dict[str, str] = {}
    for r in doc_types:
        for code in filter(None, r["codes"].split(";")):
            code_types.setdefault(code.split("-")[0].split("/")[0], r["name"])

    refs = load_yaml_rules(rules_dir / "references.yaml", flags=0, extra_fragments={"types": types_alt})
    dates = load_yaml_rules(rules_dir / "dates.yaml")
    counts = load_yaml_rules(rules_dir / "counts.yaml", blanks=True)
    agencies = load_yaml_rules(rules_dir / "agencies.yaml", flags=0, blanks=True)
    tasks = load_yaml_rules(rules_dir / "tasks.yaml")
    sentences = load_yaml_rules(rules_dir / "sentences.yaml")
    outline = load_yaml_rules(rules_dir / "outline.yaml", flags=0)
    expansions = {r["abbr"]: r["expansion"] for r in load_csv(rules_dir / "abbreviations.csv", ("abbr", "expansion"))
                  if r["abbr"] != "TT"}
    abbreviations = (re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(a) for a in sorted(expansions, key=len, reverse=True))
                                + r")(?![\w&])"), expansions)
    field_labels = [(r.data["role"], re.compile(rf"\s*(?:[-+•*]\s*)?(?:{r.pattern})\s*:\s*", re.IGNORECASE))
                    for r in _one(tasks, "field_labels", "tasks.yaml")]
    outline_parts = _one(outline, "blocks", "outline.yaml") + _one(outline, "markers", "outline.yaml")
    short_name = _one(agencies, "short_names", "agencies.yaml")[0]
    set_up = union(_one(agencies, "set_up", "agencies.yaml")).pattern  # (right before a name, or its last in a window)
    count_full, count_scan = count_pattern(_one(counts, "units", "counts.yaml"), _one(counts, "qualifiers", "counts.yaml"))
    return ExtractRules(
        references=_one(refs, "references", "references.yaml"),
        doc_types=doc_types,
        doc_type_words=re.compile(rf"(?<!\w)(?:{types_alt})(?!\w)", re.IGNORECASE),
        code_types=code_types,
        type_names={n.lower(): n for n in reversed([r["name"] for r in doc_types])},
        dates=_one(dates, "dates", "dates.yaml"),
        periods=_one(dates, "periods", "dates.yaml"),
        deadline_before=Folded.of(union(_one(dates, "roles", "dates.yaml"))),
        issued_before=union(_one(dates, "issued_before", "dates.yaml")),
        units=_one(counts, "units", "counts.yaml"),
        statuses=_one(counts, "statuses", "counts.yaml"),
        any_status=union([r for r in _one(counts, "statuses", "counts.yaml") if not r.data.get("before_only")]),
        qualifiers=_one(counts, "qualifiers", "counts.yaml"),
        total_before=re.compile(rf"(?:{union(_one(counts, 'total_before', 'counts.yaml')).pattern})\s*$", re.IGNORECASE),
        elided=[(r, re.compile(rf"(?<!\w)(?:{r.pattern})\s*:?\s+(?P<n>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?![\d.]*\s*(?:%|\w))",
                               re.IGNORECASE)) for r in _one(counts, "elided", "counts.yaml")],
        count_pattern=count_full,
        count_scan=count_scan,
        councils=_one(agencies, "councils", "agencies.yaml"),
        open_heads=_one(agencies, "open_heads", "agencies.yaml"),
        open_head_res=[(r, re.compile(rf"(?:{r.pattern})(?= )"))
                       for r in _one(agencies, "open_heads", "agencies.yaml")],
        name_stop=re.compile(_one(agencies, "name_stops", "agencies.yaml")[0].pattern, re.IGNORECASE),
        name_terms=re.compile(union(_one(agencies, "name_terms", "agencies.yaml")).pattern),
        member_roles=re.compile(union(_one(agencies, "member_roles", "agencies.yaml")).pattern),
        group=_group_pattern(_one(agencies, "groups", "agencies.yaml")),
        distributed=_one(agencies, "distributed", "agencies.yaml"),
        standing=union(_one(agencies, "standing", "agencies.yaml")),
        standing_of=re.compile(union(_one(agencies, "standing_of", "agencies.yaml")).pattern),
        takes_level=re.compile(union(_one(agencies, "takes_level", "agencies.yaml")).pattern),
        plural_tail=re.compile(union(_one(agencies, "plural_tail", "agencies.yaml")).pattern),
        titled_heads=re.compile(union(_one(agencies, "titled_heads", "agencies.yaml")).pattern),
        shared_level=re.compile(union(_one(agencies, "shared_level", "agencies.yaml")).pattern),
        short_names=re.compile(short_name.pattern, re.IGNORECASE),
        short_name_hint=short_name.data.get("hint", "").lower(),
        set_up=re.compile(set_up + "$"),
        set_up_last=re.compile("(?s:.*)" + set_up),
        bare_heads=re.compile(union(_one(agencies, "bare_heads", "agencies.yaml")).pattern),
        shared_tail=_one(agencies, "shared_tail", "agencies.yaml"),
        not_bodies=re.compile(union(_one(agencies, "not_bodies", "agencies.yaml")).pattern),
        abbreviations=abbreviations,
        gazetteer=_gazetteer(rules_dir),
        places=_places(rules_dir),
        surnames=frozenset(w for line in _words_file(rules_dir / "surnames.txt") for w in line.split()),
        assign=Folded.of(union(_one(tasks, "assign", "tasks.yaml"))),
        lead_role=union(_one(tasks, "lead_role", "tasks.yaml")),
        co_role=Folded.of(union(_one(tasks, "co_role", "tasks.yaml"))),
        responsible=Folded.of(union(_one(tasks, "responsible", "tasks.yaml"))),
        subject_role=union(_one(tasks, "subject_role", "tasks.yaml")),
        opening_clause=re.compile(union(_one(tasks, "opening_clause", "tasks.yaml")).pattern),
        topic_first=re.compile(union(_one(tasks, "topic_first", "tasks.yaml")).pattern),
        not_work=union(_one(tasks, "not_work", "tasks.yaml")),
        events=union(_one(tasks, "events", "tasks.yaml")),
        due_by=union(_one(tasks, "due_by", "tasks.yaml")),
        recurring=union(_one(tasks, "recurring", "tasks.yaml")),
        directing_cues=union(_one(tasks, "directing_cues", "tasks.yaml")),
        addressee_titles=re.compile(_one(tasks, "addressee_titles", "tasks.yaml")[0].pattern),
        authorities=re.compile(union(_one(tasks, "authorities", "tasks.yaml")).pattern),
        not_work_verbs=union(_one(tasks, "not_work_verbs", "tasks.yaml")),
        verb_subject_kinds=union(_one(tasks, "verb_subject_kinds", "tasks.yaml")),
        assign_gap=union(_one(tasks, "assign_gap", "tasks.yaml")),
        owner_prefix=union(_one(tasks, "owner_prefix", "tasks.yaml")),
        unnumbered_owner=union(_one(tasks, "unnumbered_owner", "tasks.yaml")),
        topic_heading=union(_one(tasks, "topic_heading", "tasks.yaml")),
        join_after=union(_one(sentences, "join_after", "sentences.yaml")),
        block_start=union(_one(sentences, "block_start", "sentences.yaml")),
        field_labels=field_labels,
        deadline_phrase=Folded.of(union(_one(tasks, "deadline_phrase", "tasks.yaml"))),
        not_a_body_cell=union(_one(tasks, "not_a_body_cell", "tasks.yaml")),
        table_headers=_one(tasks, "table_headers", "tasks.yaml"),
        outline_parts=outline_parts,
        part_opening=_first_of([(f"f{i}", rx) for i, (_, rx) in enumerate(field_labels)]
                               + [(f"p{i}", r.regex) for i, r in enumerate(outline_parts)]),
        intro_end=union(_one(outline, "intro_end", "outline.yaml")),
        readers=union(_one(tasks, "readers", "tasks.yaml")),
        formulas=union(_one(tasks, "formulas", "tasks.yaml")),
        no_task_types=union(_one(tasks, "no_task_types", "tasks.yaml")),
    )
