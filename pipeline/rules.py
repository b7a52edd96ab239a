"""Load, validate and compile the rules/ files into one RuleSet, once.

YAML rule files hold lists of entries `{id, pattern, examples, counterexamples, note}`;
a pattern may use named fragments written `$name`, defined under `fragments:` in the same
file. CSV gazetteers (agencies, abbreviations, document types, units, status words) are
tables an analyst can open in a spreadsheet. A broken file stops the run at start with
the file and entry named.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from pipeline.config import PIPELINE_VERSION, RULES_DIR


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: 10x faster


class RulesError(Exception):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: str
    regex: re.Pattern
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    note: str = ""
    data: dict = field(default_factory=dict)  # any further keys of the entry
    scan: re.Pattern | None = None            # the pattern without its opening look-behind ...
    not_after: re.Pattern | None = None       # ... which is tested on the hits instead
    folded: "Rule | None" = None              # a case-insensitive rule in lower case, for lower-cased text

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match]:
        """`regex.finditer(text)`, faster when the pattern opens on a one-character
        look-behind and then a word (`(?<!\\w)tháng ...`): the engine then scans for the word.
        Given `low` (`text.lower()`), a case-insensitive rule scans it in its lower-case form
        (see Folded): offsets are the text's, matched words come lower-cased."""
        if low is not None and self.folded is not None and len(low) == len(text):
            return self.folded.finditer(low)
        if self.scan is None:
            return self.regex.finditer(text)
        return finditer_not_after(self.scan, text, self.not_after)


def finditer_not_after(rx: re.Pattern, text: str, not_after: re.Pattern) -> Iterator[re.Match]:
    """`rx.finditer(text)` without the matches whose previous character matches `not_after`:
    the same as a `(?<!...)` in front of `rx`, but the regex engine can skip ahead to the
    words `rx` opens on, where a leading look-behind makes it try every position."""
    pos = 0
    while m := rx.search(text, pos):
        s = m.start()
        if s and not_after.match(text, s - 1):
            pos = s + 1
            continue
        yield m
        pos = m.end() if m.end() > s else s + 1


# `(?<![\w/])Số ...`, `(?<!\w)(?P<bare>Đảng ủy|...)`: a one-character look-behind, then
# a letter (in a group or not)
_SPLITTABLE = re.compile(r"\(\?<!(\\w|\[(?:\\.|[^\]\\])*\])\)(?=\w|\((?:\?P<\w+>|\?:)?\w)")


def _top_level_alternation(pattern: str) -> bool:
    """A `|` outside every group and class: a look-behind in front holds for the first branch only."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _split_lookbehind(pattern: str, flags: int) -> tuple[re.Pattern | None, re.Pattern | None]:
    m = _SPLITTABLE.match(pattern)
    if not m or _top_level_alternation(pattern[m.end():]):
        return None, None
    return re.compile(pattern[m.end():], flags), re.compile(m.group(1), flags)


_FRAGMENT = re.compile(r"\$([a-z_][a-z0-9_]*)")


def expand_fragments(pattern: str, fragments: dict[str, str], where: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise RulesError(f"{where}: unknown fragment ${name}")
        return f"(?:{fragments[name]})"

    for _ in range(5):  # fragments may use fragments
        pattern, n = _FRAGMENT.subn(sub, pattern)
        if not n:
            return pattern
    raise RulesError(f"{where}: fragments nest too deep (a cycle?)")


def _folded_rule(rule_id: str, pattern: str, flags: int) -> Rule | None:
    """The lower-case form of a case-insensitive pattern, compiled case-sensitively."""
    if not flags & re.IGNORECASE:
        return None
    low, flags = lower_pattern(pattern), flags & ~re.IGNORECASE
    scan, not_after = _split_lookbehind(low, flags)
    return Rule(id=rule_id, pattern=low, regex=re.compile(low, flags), scan=scan, not_after=not_after)


_CLASS_ESCAPE_OR_TEXT = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|[^\\\[]+|.", re.DOTALL)


def any_blank(pattern: str) -> str:
    """The pattern with each space outside a character class matching any run of blanks:
    PDF text keeps its printed lines, which break inside names (`Ủy ban nhân` / `dân tỉnh`)."""
    return "".join(p if p[0] in "\\[" else p.replace(" ", r"\s+") for p in _CLASS_ESCAPE_OR_TEXT.findall(pattern))


def load_yaml_rules(path: Path, flags: int = re.IGNORECASE,
                    extra_fragments: dict[str, str] | None = None, blanks: bool = False) -> dict[str, list[Rule]]:
    """Every list of entries in the file, by its key, compiled. `extra_fragments` are
    fragments made from other rules files (the document-type names, say); with `blanks`,
    a space in a pattern matches any run of blanks (`any_blank`)."""
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as e:
        raise RulesError(f"{path.name}: not valid YAML: {e}") from e
    fragments = {**(extra_fragments or {}), **{k: str(v) for k, v in (doc.pop("fragments", None) or {}).items()}}
    groups: dict[str, list[Rule]] = {}
    for key, entries in doc.items():
        if not isinstance(entries, list):
            raise RulesError(f"{path.name}: `{key}` must be a list of rule entries")
        rules = []
        for i, e in enumerate(entries):
            where = f"{path.name}: {key}[{i}] ({e.get('id', 'no id') if isinstance(e, dict) else repr(e)})"
            if not isinstance(e, dict) or "id" not in e or "pattern" not in e:
                raise RulesError(f"{where}: an entry needs `id` and `pattern`")
            pattern = expand_fragments(str(e["pattern"]), fragments, where)
            pattern = any_blank(pattern) if blanks else pattern
            try:
                regex = re.compile(pattern, flags)
            except re.error as err:
                raise RulesError(f"{where}: bad pattern: {err}") from err
            extra = {k: v for k, v in e.items() if k not in ("id", "pattern", "examples", "counterexamples", "note")}
            scan, not_after = _split_lookbehind(pattern, flags)
            rules.append(Rule(id=str(e["id"]), pattern=pattern, regex=regex, scan=scan, not_after=not_after,
                              folded=_folded_rule(str(e["id"]), pattern, flags),
                              examples=tuple(e.get("examples") or ()),
                              counterexamples=tuple(e.get("counterexamples") or ()),
                              note=str(e.get("note") or ""), data=extra))
        ids = [r.id for r in rules]
        dup = {x for x in ids if ids.count(x) > 1}
        if dup:
            raise RulesError(f"{path.name}: {key}: duplicate ids {sorted(dup)}")
        groups[key] = rules
    return groups


def load_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a gazetteer; `#` starts a comment line. The first required column may not be empty."""
    if not path.exists():
        raise RulesError(f"{path.name}: file is missing from {path.parent}")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.lstrip().startswith("#"))
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise RulesError(f"{path.name}: missing columns {missing}")
        rows = []
        for i, r in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in r.items() if k}
            if not any(row.values()):
                continue
            if not row[required[0]]:
                raise RulesError(f"{path.name}: row {i}: empty `{required[0]}`")
            rows.append(row)
    return rows


_PATTERN_PIECE = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|[^\\(]+|\(", re.DOTALL)


def lower_pattern(pattern: str) -> str:
    """A pattern's letters in lower case; escapes (`\\S`, `\\D`) and group names kept."""
    return _PATTERN_PIECE.sub(lambda m: m.group(0) if m.group(0)[:1] == "\\" or m.group(0).startswith("(?P")
                              else m.group(0).lower(), pattern)


@dataclass(frozen=True)
class Folded:
    """A case-insensitive pattern, searched fast: its lower-case form, case-sensitive, over
    the lower-cased text. Python's engine cannot skip ahead to the first letters of a
    case-insensitive pattern, so it tries every position; on our texts this is 3-5 times
    faster. Offsets are the text's; read matched words from the text, not the match (they
    come lower-cased)."""
    regex: re.Pattern  # the case-insensitive original, for a text whose lower case is longer
    lower: re.Pattern

    @classmethod
    def of(cls, regex: re.Pattern) -> "Folded":
        return cls(regex, re.compile(lower_pattern(regex.pattern), regex.flags & ~re.IGNORECASE))

    def search(self, s: str) -> re.Match | None:
        low = s.lower()
        return self.lower.search(low) if len(low) == len(s) else self.regex.search(s)

    def finditer(self, s: str) -> Iterator[re.Match]:
        low = s.lower()
        return self.lower.finditer(low) if len(low) == len(s) else self.regex.finditer(s)


def union(rules: list[Rule]) -> re.Pattern:
    if not rules:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{r.pattern})" for r in rules), re.IGNORECASE)


@dataclass(frozen=True)
class RuleSet:
    dir: Path
    chrome: dict[str, list[Rule]]
    chrome_line: re.Pattern
    chrome_page_line: re.Pattern
    chrome_block: re.Pattern
    chrome_tail: re.Pattern
    extract: "object" = None  # pipeline.extract.rules.ExtractRules, filled by load_rules
    version: str = PIPELINE_VERSION  # what a result depends on besides the document (`run_version`)


def yaml_files(rules_dir: Path) -> list[Path]:
    return sorted(rules_dir.glob("*.yaml"))


_RULE_SUFFIXES = (".yaml", ".csv", ".txt")  # what the loaders read; editors' backup files are not rules


def run_version(rules_dir: Path) -> str:
    """`0.4.0+1a2b3c4d5e6f`: the pipeline version and a fingerprint (SHA-256) of the code and
    of the rules files. The catalog keys results on it, so an analyst who adds an agency or
    changes a pattern gets every document read again with the new rules on the next run,
    not the old results kept because the files did not change."""
    h = hashlib.sha256()
    code = Path(__file__).resolve().parent
    files = [(code, p) for p in code.rglob("*.py")] + \
            [(rules_dir, p) for p in rules_dir.rglob("*") if p.suffix in _RULE_SUFFIXES and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(rules_dir).parts)]  # no editor copies
    for root, p in sorted(files, key=lambda rp: (str(rp[0]), rp[1].relative_to(rp[0]).as_posix())):
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return f"{PIPELINE_VERSION}+{h.hexdigest()[:12]}"


@lru_cache(maxsize=4)
def load_rules(rules_dir: Path = RULES_DIR) -> RuleSet:
    chrome = load_yaml_rules(rules_dir / "chrome.yaml")
    from pipeline.extract.lexicon import load_lexicon

    return RuleSet(
        dir=rules_dir, chrome=chrome,
        chrome_line=union(chrome.get("drop_line", [])),
        chrome_page_line=union(chrome.get("drop_page_line", [])),
        chrome_block=union(chrome.get("drop_block", [])),
        chrome_tail=union(chrome.get("drop_tail", [])),
        extract=load_lexicon(rules_dir),
        version=run_version(rules_dir),
    )
