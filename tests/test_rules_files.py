"""Every rules file loads against its shape, and every example and counterexample holds."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pipeline.config import ROOT, RULES_DIR
from pipeline.rules import RulesError, load_yaml_rules, yaml_files


FULL_LINE_FILES = {"chrome.yaml"}  # these rules are matched against whole lines


def _all_rules():
    for path in yaml_files(RULES_DIR):
        extra = {"types": "Quyết định|Nghị quyết|Kế hoạch"} if path.name == "references.yaml" else None
        flags = 0 if path.name in ("references.yaml", "agencies.yaml", "outline.yaml", "ocr.yaml") else 2
        for key, rules in load_yaml_rules(path, flags=flags, extra_fragments=extra).items():
            for r in rules:
                yield pytest.param(r, path.name in FULL_LINE_FILES, id=f"{path.name}:{key}:{r.id}")


@pytest.mark.parametrize("rule,full_line", list(_all_rules()))
def test_rule_examples_match_and_counterexamples_do_not(rule, full_line):
    find = rule.regex.fullmatch if full_line else rule.regex.search
    for ex in rule.examples:
        assert find(ex), f"{rule.id}: example {ex!r} does not match"
    for ce in rule.counterexamples:
        assert not find(ce), f"{rule.id}: counterexample {ce!r} matches ({find(ce).group(0)!r})"


def test_a_broken_rules_file_names_the_file_and_entry(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("dates:\n  - id: oops\n    pattern: '(unclosed'\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"broken.yaml: dates\[0\] \(oops\): bad pattern"):
        load_yaml_rules(bad)


def test_unknown_fragment_is_reported(tmp_path):
    bad = tmp_path / "frag.yaml"
    bad.write_text("x:\n  - id: a\n    pattern: '$nothere'\n", encoding="utf-8")
    with pytest.raises(RulesError, match="unknown fragment"):
        load_yaml_rules(bad)


def test_encoding_tables_agree_with_their_generator():
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_encodings.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_gazetteer_has_sector_bodies(x):
    assert x.gazetteer.phrases["sở kh&đt"] == ("Sở Kế hoạch và Đầu tư", "province")
    assert x.gazetteer.phrases["văn phòng ubnd tỉnh"][0] == "Văn phòng Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize("rule", [p.values[0] for p in _all_rules() if not p.values[1]], ids=lambda r: r.id)
def test_fast_scans_find_what_the_pattern_finds(rule):
    """Rule.finditer (look-behind tested on the hits; given the lower-cased text, the rule's
    lower-case form over it) and Folded give the same spans as the plain pattern, on the
    rule's own examples and on sentences that mix cases (`İ` lower-cases to two characters:
    the plain scan is used then)."""
    from pipeline.rules import Folded

    texts = [*rule.examples, *rule.counterexamples, " ".join(rule.examples), " ".join(rule.examples).upper(),
             "x" + " x".join(rule.examples), "İ " + " ".join(rule.examples).upper()]
    for text in texts:
        want = [m.span() for m in rule.regex.finditer(text)]
        assert [m.span() for m in rule.finditer(text)] == want, (rule.id, text)
        assert [m.span() for m in rule.finditer(text, text.lower())] == want, (rule.id, text)
        if rule.regex.flags & re.IGNORECASE:
            assert [m.span() for m in Folded.of(rule.regex).finditer(text)] == want, (rule.id, text)


def test_look_behind_split_off_only_where_it_holds_for_the_whole_pattern():
    from pipeline.rules import _split_lookbehind

    scan, not_after = _split_lookbehind(r"(?<!\w)(?P<bare>Đảng ủy|Đảng uỷ),\s+", 0)
    assert scan.pattern == r"(?P<bare>Đảng ủy|Đảng uỷ),\s+" and not_after.pattern == r"\w"
    assert _split_lookbehind(r"(?<!\w)ngày|hôm nay", 0) == (None, None)  # the look-behind is the first branch's
    assert _split_lookbehind(r"(?<!\w)(?:ngày|hôm) [|]", 0)[0] is not None  # `|` in a group or class


def test_lower_pattern_keeps_escapes_and_group_names():
    from pipeline.rules import lower_pattern

    assert lower_pattern(r"(?P<Num>\d+)\S[A-ZĐ]\.Quý(?P=Num)") == r"(?P<Num>\d+)\S[a-zđ]\.quý(?P=Num)"
