"""Agencies: every mention of a named body, with its canonical full name.

Three finders, then the longest span wins where they overlap:
- the gazetteer (rules/agencies.csv, rules/sectors.csv) through spaCy's PhraseMatcher,
  over tokens whose character offsets are the normalized text's;
- People's Committees and Councils with level and place (rules/agencies.yaml `councils`,
  places from vietnam-provinces);
- open-ended names after a head (Ban Chỉ đạo ..., Cục ..., Trung tâm ...).
Plural groups (`các sở, ban, ngành`, `UBND các huyện`) are found separately: they are
task leads, not agencies.
"""
from __future__ import annotations

from dataclasses import replace

import re
from bisect import bisect_right

from pipeline.extract.lexicon import UPPER, ExtractRules, at_word_start
from pipeline.models import AgencyMention
from pipeline.rules import any_blank

_CAP_WORD = re.compile(rf"(?:{UPPER}|[0-9])[\w&-]*")
_PUNCT_STOP = re.compile(r"[,;:.()\[\]“”\"'\n/]")


_MATCHERS: dict[int, tuple] = {}


_MATCH_TOKEN = re.compile(r"[\w&]+(?:[-.][\w&]+)*|[^\w\s]|\n[ \t]*\n")


def _tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word and punctuation mark, and of each blank line (which no
    name crosses); other whitespace, a single line break included, only separates: PDF
    text wraps names (`Sở` / `Thông tin và Truyền thông`)."""
    return [m.span() for m in _MATCH_TOKEN.finditer(text)]


def _matcher(gazetteer):
    """spaCy vocab, PhraseMatcher, the set of words the gazetteer uses, for each word a name
    can open with the most words of a name it opens, and a pattern for those opening words:
    built once per loaded rule set."""
    key = id(gazetteer)
    if key not in _MATCHERS:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns = [[p[a:b].lower() for a, b in _tokens(p)] for p in sorted(gazetteer.phrases)]
        matcher.add("AGENCY", [Doc(nlp.vocab, words=words) for words in patterns])
        known = frozenset(w for words in patterns for w in words)
        opens: dict[str, int] = {}
        for words in patterns:
            opens[words[0]] = max(opens.get(words[0], 0), len(words))
        # the opening words capitalised (`Sở`, `SỞ`), whole: the engine skips to their capitals
        opener = re.compile("(?:" + "|".join(re.escape(w[0].upper()) + f"(?i:{re.escape(w[1:])})"
                                             for w in sorted(opens, key=len, reverse=True)) + r")(?![\w&])")
        _MATCHERS[key] = (nlp.vocab, matcher, known, opens, opener, gazetteer)  # holds the gazetteer so its id stays unique
    return _MATCHERS[key][:5]


def _opens_name(text: str, s: int) -> bool:
    """A word at `s` can open a name: capitalised, and not inside a word or a joined token (`TP.Sở`)."""
    return text[s].isupper() and not (s and (text[s - 1].isalnum() or text[s - 1] in "&_.-"))


def gazetteer_doc(vocab, known: frozenset[str], opens: dict[str, int], opener: re.Pattern, text: str):
    """The spaCy Doc the PhraseMatcher reads, and each token's (start, end) in `text`. Only
    runs of words a name can be made of are tokenised: each starts at a capitalised word
    that opens a name and goes on while the words are the gazetteer's own, as far as the
    longest name an opening word in it opens; a `_` parts two runs. Names are capitalised
    and short, so the rest of the text (most of it) is never tokenised, the vocabulary stays
    the gazetteer's own however many documents pass, and a match maps back to the text
    through the offsets."""
    from spacy.tokens import Doc

    words: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0  # where the tokens taken so far end
    for m in opener.finditer(text):
        s = m.start()
        if s < pos or not _opens_name(text, s):
            continue  # inside a run taken already, or not an opening word here
        if words:
            words.append("_")
            spans.append((s, s))
        until = 0  # the run may hold this many words
        for i, t in enumerate(_MATCH_TOKEN.finditer(text, s)):
            word = t.group().lower()
            if word not in known:
                break
            n = opens.get(word)
            if n is not None and _opens_name(text, t.start()):
                until = max(until, i + n)
            if i >= until:
                break
            words.append(word)
            spans.append(t.span())
            pos = t.end()
    return Doc(vocab, words=words), spans


_STANDING = re.compile(r"(?<!\w)TT\.?\s+(?=(?:Tỉnh ủy|Thành ủy|Hội đồng|Ủy ban))")  # `TT HĐND`


def expand_abbreviations(surface: str, x: ExtractRules) -> str:
    rx, full = x.abbreviations
    s = rx.sub(lambda m: full[m.group(0)], surface)
    if "TT" in s:
        s = _STANDING.sub("Thường trực ", s)
    return " ".join(s.split())


_PLACE_WORDS = re.compile(rf"[ \n]({UPPER}\w*(?:[ \n](?:-\s)?{UPPER}\w*){{0,3}})")


def _place_after(text: str, pos: int, x: ExtractRules) -> tuple[str, int]:
    """A place name right after `pos` (`Sơn La` in `UBND tỉnh Sơn La`), or ('', pos). A
    printed line may break inside it (`tỉnh Nghệ` / `An`); then only a known place counts."""
    m = _PLACE_WORDS.match(text, pos, pos + 60)
    if not m:
        return "", pos
    words = re.split(r"[ \n]", m.group(1))
    for n in range(len(words), 0, -1):  # longest known place first
        cand = " ".join(words[:n])
        if cand in x.places:
            return cand, pos + 1 + len(cand)
    if "\n" in m.group(0):
        return "", pos
    if words[0] in x.surnames or words[0] in ("Chủ", "Phó", "Giám", "Trưởng", "Về", "Theo", "Tại", "Ngày"):
        return "", pos
    if words[0] in x.abbreviations[1] or _HEAD_WORD.fullmatch(words[0]):
        return "", pos  # `Thanh tra tỉnh UBND các huyện`: the next body, not a place
    if len(words) <= 3 and all(len(w) > 1 for w in words):
        cand = " ".join(words[:2])
        return cand, pos + 1 + len(cand)
    return "", pos


def _level(level_word: str, place: str, x: ExtractRules) -> str:
    lw = level_word.lower().replace("tp.", "thành phố").replace("tp", "thành phố")
    if lw in ("tỉnh", "cấp tỉnh"):
        return "province"
    if lw == "thành phố":
        return "province" if (not place or place in x.places) and level_word[0].isupper() or place in (
            "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế") else "district"
    if lw in ("huyện", "quận", "thị xã", "cấp huyện"):
        return "district"
    return "commune"


_BELOW_PROVINCE = "thành phố|thị xã|quận|huyện|xã|phường|thị trấn|đặc khu"  # the levels of a council under a province
_LEVELS = f"tỉnh|{_BELOW_PROVINCE}"  # the level words after a body or in its name
_MORE_LEVELS = re.compile(rf"(?:\s*(?:,|và|/)\s*(?:{_BELOW_PROVINCE})(?!\w))+")


def find_councils(text: str, x: ExtractRules) -> list[AgencyMention]:
    out = []
    for rule in x.councils:
        for m in rule.finditer(text):
            head = expand_abbreviations(m.group("head"), x).replace("Uỷ", "Ủy")
            level_word = " ".join(m.group("level").split())  # `thị` / `xã` on two printed lines
            level_canon = "thành phố" if level_word.lower().startswith("tp") else level_word
            place, end = _place_after(text, m.end(), x)
            more = None if place else _MORE_LEVELS.match(text, m.end())
            if more:  # `UBND huyện, thành phố`: every committee of those levels, a group
                end = more.end()
                name = f"{head} {level_canon}{text[m.end():end]}"
            else:
                name = f"{head} {level_canon}" + (f" {place}" if place else "")
            level = _level(level_word, place, x)
            start = m.start()
            standing = x.standing.search(text, max(0, start - 15), start) if x.standing_of.match(name) else None
            if standing:  # `Thường trực HĐND phường` whole: longer than the gazetteer's unlevelled `Thường trực HĐND`
                name, start = "Thường trực " + name, standing.start()
            out.append(AgencyMention(name=name, surface=text[start:end], level=level,
                                     start=start, end=end, rule=f"agencies.yaml:{rule.id}",
                                     is_group=bool(more) or level_word.startswith("cấp")))
            if not more:
                out += _sharing_level(text, start, name[name.index(head) + len(head):], level, x)
            while place and (nxt := _NEXT_LEVEL.match(text, end)):  # `UBND phường Phước Hậu, xã Cái Nhum`
                place, place_end = _place_after(text, nxt.end(), x)
                if place:
                    level_word = nxt.group(1)
                    out.append(AgencyMention(name=f"{head} {level_word} {place}", surface=text[nxt.start(1):place_end],
                                             level=_level(level_word, place, x), start=nxt.start(1), end=place_end,
                                             rule=f"agencies.yaml:{rule.id}"))
                    end = place_end
    return out


_LEVEL_COMMITTEE = re.compile(r"(?:Tỉnh|Thành|Huyện|Quận|Thị) ủy")  # a Party committee named by its level
_LEVEL_WORD_FIRST = re.compile(r"^ (?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)(?= |$)", re.IGNORECASE)
_NEXT_LEVEL = re.compile(rf"(?:,[ \t]*(?:và[ \t]+)?|[ \t]+và[ \t]+)({_BELOW_PROVINCE})(?!\w)")  # (tỉnh: the next is a body's)


def _sharing_level(text: str, start: int, tail: str, level: str | None, x: ExtractRules) -> list[AgencyMention]:
    """`TT HĐND, UBND tỉnh`, `Đảng ủy, HĐND, UBND xã Diễn Châu`: the bare heads listed right
    before a council take its level and place (`tail`); a standing body's `TT` stays before
    them for find_agencies (agencies.yaml shared_level)."""
    out = []
    while b := x.shared_level.search(text, max(0, start - 40), start):
        head = expand_abbreviations(b.group("head"), x).replace("Uỷ", "Ủy")
        place = _LEVEL_WORD_FIRST.sub("", tail) if _LEVEL_COMMITTEE.fullmatch(head) else tail  # `Huyện ủy Mộc Châu`
        if place.strip():  # (`TT Thành ủy, HĐND Thành phố`: no place to take, the gazetteer's `Thành ủy`)
            out.append(AgencyMention(name=head + place, surface=b.group("head"), level=level, start=b.start("head"),
                                     end=b.end("head"), rule="agencies.yaml:shared_level"))
        start = b.start("head")
    return out


# `, A B và C D` inside a name (`Trung tâm Xúc tiến đầu tư, thương mại và du lịch`)
_LISTED_IN_NAME = re.compile(r", ((?:\w+ ){0,2}\w+) và (\w+(?: \w+){0,3})")
_HEAD_WORD = re.compile(r"Sở|Ban|Phòng|Ủy|UBND|HĐND|Văn|Công|Bộ|Cục|Chi|Trung|Báo|Đài|Hội|Tỉnh|các|Các", re.IGNORECASE)


def _listed_in_name(text: str, pos: int, x: ExtractRules) -> int | None:
    """End of `, A B và C D` at `pos` when it goes on the name before it: plain words, no
    body head or stop word before `và`, the name ending at punctuation, the line's end, a
    stop word or a level word after it."""
    m = _LISTED_IN_NAME.match(text, pos)
    if not m or any(x.name_stop.fullmatch(v) or _HEAD_WORD.fullmatch(v) for v in m.group(1).split()):
        return None
    end = m.start(2)
    for w in re.finditer(r"\w+", m.group(2)):
        if w.group(0) in _LEVEL_WORDS and end > m.start(2):  # `... và Thể thao huyện`: its level ends it
            place, place_end = _place_after(text, m.start(2) + w.end(), x)
            return place_end if place else m.start(2) + w.end()
        if x.name_stop.fullmatch(w.group(0)) or w.group(0) in _LEVEL_WORDS or _HEAD_WORD.fullmatch(w.group(0)):
            return end if end > m.start(2) else None
        end = m.start(2) + w.end()
    after = text[end:end + 2]
    return end if not after.strip() or after.lstrip()[:1] in ",.;:()\n" else None


_LEVEL_AFTER = re.compile(rf" ({_LEVELS})(?!\w)")
_CAPITALISED_BEFORE = re.compile(rf"{UPPER}\w* $")


def _in_proper_name(text: str, start: int) -> bool:
    """Whether the head word at `start` ends a proper name (`thành phố Hải Phòng`): a
    capitalised word before it, unless that word opens a sentence or a list item (`Giao
    Phòng Công thương chủ trì ...`, `a) Giao Ban Quản lý dự án ...`)."""
    m = _CAPITALISED_BEFORE.search(text, max(0, start - 20), start)
    if not m or text.startswith(("Chánh ", "Trưởng ", "Phó "), m.start()):
        return False  # (`..., Chánh Văn phòng Điều phối ...`: a head's title, not a name)
    before = text[max(0, m.start() - 8):m.start()].rstrip(" \t")
    return not (m.start() == 0 or not before or before[-1] in "\n.:;)-•+–")
_LEVEL_WORDS = ("tỉnh", "huyện", "quận", "xã", "phường", "thị xã", "thành phố")


_ALONE_BEFORE = re.compile(r"(?:có|là|được|chịu|làm việc|gồm|do|đã|đang|sẽ|vừa|theo|thông báo|yêu cầu|đề nghị|giao|họp|sử dụng|"
                           r"hướng dẫn|kết luận|đồng ý|tiến hành|chủ trì|phối hợp|tham mưu|báo cáo|biết|về|của|tại|với|cho|trước|sau|trong|"
                           r"tự giải thể|giải thể)(?!\w)")  # `Tổ giúp việc có nhiệm vụ`, not `Ban Chỉ đạo thực hiện ...`


def _open_name_end(text: str, pos: int, x: ExtractRules, free_start: bool, ends_at_level: bool = False) -> int:
    """End of an open-ended name starting at `pos` (after its head). Its first word is
    capitalized unless the head is a name by itself (`Ban Chỉ đạo công tác ...`); with
    `ends_at_level`, a level word the name's place does not follow ends it (`Kho bạc Nhà
    nước tỉnh chịu ...`)."""
    words = list(re.finditer(r"\S+", text[pos:pos + 160]))
    if not words or not (free_start or _CAP_WORD.match(words[0].group(0))):
        return pos
    end = pos
    term_end = 0  # where words that go on the name whatever they hold end (`Phòng, chống`)
    after_dash = False
    for i, w in enumerate(words[:14]):
        tok = w.group(0)
        if pos + w.start() < term_end:
            end = min(pos + w.end(), term_end)
            continue
        if tok.startswith("|"):
            break  # a table's cell ends here (tables are rendered into the text with ` | `)
        term = x.name_terms.match(text, pos + w.start())
        if term:
            term_end = end = term.end()
            continue
        if i >= 3 and tok[:1].islower() and tok not in _LEVEL_WORDS and _ends_on_place(words, i, x):
            break  # `Chi nhánh Khai thác công trình thủy lợi Ninh Hải điều tiết ...`: a place ends the name
        stop = x.name_stop.match(text, pos + w.start())
        if stop and _LEVEL_NEXT.match(text, stop.end()) and i > 0:
            stop = None  # `Trung tâm Giáo dục thường xuyên tỉnh`, `Trung tâm Dịch vụ tổng hợp xã`: the name's words
        if stop and after_dash and tok[0].isupper():
            stop = None  # `Phòng Quy hoạch - Xây dựng`: a capital after a dash goes on the name, no verb
        after_dash = False
        if stop and (i > 0 or (free_start and _ALONE_BEFORE.match(text, pos + w.start()))):
            break  # (a head that names a body by itself may stand alone: `Tổ giúp việc có nhiệm vụ`)
        if tok == "-" or tok == "–":
            if i + 1 < len(words) and _HEAD_WORD.fullmatch(words[i + 1].group(0)):
                break  # `Cục Kiểm tra VBQPPL - Bộ Tư pháp`: the body it belongs to follows
            if i + 1 < len(words) and x.member_roles.match(text, pos + words[i + 1].start()):
                break  # `Phòng Kế hoạch - Tài chính - Thành viên`: a member's role follows
            after_dash = True
            continue
        if i > 0 and _HEAD_WORD.fullmatch(tok) and tok[0].isupper() and tok not in ("Công", "Trung", "Văn") \
                and not (tok == "Bộ" and words[i - 1].group(0) in ("Nam", "Bắc", "Trung")) \
                and not _COMMITTEE_OWNER.match(text, pos + w.start()):  # (`Nam Trung Bộ`: a region)
            break  # `T.Cục DS-KHHGĐ Bộ Y tế`
        owner = _COMMITTEE_OWNER.match(text, pos + w.start()) if i > 0 else None
        if owner:
            return owner.end()  # `Ban Phong trào Tỉnh đoàn`, `Ban Thường vụ Tỉnh ủy`: the board ends with its committee
        if tok.isdigit() and i > 0 and x.count_pattern.match(text, pos + w.start()):
            break  # `Phòng Kinh tế 8 nhiệm vụ`: a count of its own
        if tok == "và" and i + 1 < len(words) and any(rx.match(text, pos + words[i + 1].start()) for _, rx in x.open_head_res):
            break  # `Thị đoàn Bình Minh và Huyện đoàn Cao Lộc`: the next body's head
        core = _PUNCT_STOP.split(tok)[0]
        if core:
            end = pos + w.start() + len(core)
        if core != tok:
            listed = _listed_in_name(text, end, x) if tok == core + "," else None
            if listed:
                return listed  # `Trung tâm Xúc tiến đầu tư, thương mại và du lịch`
            break
        if "\n" in text[pos + w.end():pos + w.end() + 1]:
            break
        if tok in _LEVEL_WORDS and (i > 0 or ends_at_level):  # `... tỉnh Nghệ An`: the place ends the name
            place, place_end = _place_after(text, pos + w.end(), x)
            if place:
                term = x.name_terms.match(text, place_end + 1) if text[place_end:place_end + 1] == " " else None
                return term.end() if term else place_end  # (`... tỉnh Cao Bằng giai đoạn 2012 - 2020`)
            nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
            if ends_at_level and nxt[:1].islower() and nxt not in _LEVEL_WORDS \
                    and not (tok == "xã" and nxt.startswith("hội")):  # (`Hợp tác xã tỉnh`, `Bảo trợ xã hội`)
                return end
    return end


def _ends_on_place(words: list[re.Match], i: int, x: ExtractRules) -> bool:
    """Whether the two or three capitalised words before word i are a known place."""
    for n in (3, 2):
        if i - n >= 1 and all(w.group(0)[:1].isupper() for w in words[i - n:i]):
            return " ".join(w.group(0) for w in words[i - n:i]) in x.places
    return False


_COMMITTEE_OWNER = re.compile(  # whose board a `Ban ...` is (a Party committee with its level)
    rf"(?:Tỉnh|Thành|Huyện|Quận|Thị) (?:đoàn|ủy|uỷ)(?!\w)|Đảng (?:ủy|uỷ)(?: (?:{_LEVELS})(?!\w))?")
_LEVEL_NEXT = re.compile(rf"[ \t]+(?:{_LEVELS})(?!\w)(?![ \t]+(?:hội|\w+ hóa))")  # (not `xã hội`)


def _known_prefix(surface: str, x: ExtractRules) -> str:
    """`Phòng Tài chính - Kế hoạch thống kê thiệt hại`: an open name that runs on past a
    name the gazetteer knows into lower-case words (a verb no stop word lists) ends with
    that name."""
    words = surface.split(" ")
    for k in range(len(words) - 1, 1, -1):
        rest = words[k:]
        if rest[0][:1].islower() and rest[0] not in _LEVEL_WORDS and rest[0] not in ("và", "-", "–") \
                and " ".join(words[:k]).lower() in x.gazetteer.phrases:
            return " ".join(words[:k])
    return surface


_TRAILING_JOIN = re.compile(r"\s+(?:và|cùng|với)$")


def find_open_names(text: str, x: ExtractRules) -> list[AgencyMention]:
    out = []
    for rule, rx in x.open_head_res:
        for m in at_word_start(rx, text):
            if _in_proper_name(text, m.start()):
                continue  # `Hải Phòng`: the head word ends a proper name here
            free = bool(rule.data.get("free_start"))
            if rule.data.get("place_only"):  # `Huyện ủy Gia Bình`, not `Tỉnh ủy Hồ Quốc Dũng`
                place, end = _place_after(text, m.end(), x)
                if place:
                    surface = text[m.start():end]
                    out.append(AgencyMention(name=" ".join(surface.split()), surface=surface, level=rule.data.get("level"),
                                             start=m.start(), end=end, rule=f"agencies.yaml:{rule.id}"))
                continue
            end = _open_name_end(text, m.end() + 1, x, free, bool(rule.data.get("ends_at_level")))
            if end <= m.end() + 1:
                if not (free and end == m.end() + 1 and x.name_stop.match(text, m.end() + 1)):
                    continue
                end = m.end()  # the head alone
            surface = _TRAILING_JOIN.sub("", text[m.start():end]).rstrip(" -–")  # `Trung tâm X và` + `Phòng Y`
            surface = _known_prefix(surface, x)
            name = expand_abbreviations(surface, x)
            name = name[0].upper() + name[1:]
            out.append(AgencyMention(name=name, surface=surface, level=_level_of_name(name, x) or rule.data.get("level"),
                                     start=m.start(), end=m.start() + len(surface), rule=f"agencies.yaml:{rule.id}"))
    return out


_NAME_LEVEL = re.compile(rf" ({_LEVELS}|Thành phố)(?!\w)(?! hội)(?: ({UPPER}\w*(?: {UPPER}\w*)*))?")


def _level_of_name(name: str, x: ExtractRules) -> str | None:
    """The level a name's first level word gives (`Trung tâm Văn hóa - Truyền thông huyện`:
    district; `xã hội` is no level), else None."""
    m = _NAME_LEVEL.search(name)
    return _level(m.group(1), m.group(2) or "", x) if m else None


def find_gazetteer(text: str, x: ExtractRules) -> list[AgencyMention]:
    vocab, matcher, known, opens, opener = _matcher(x.gazetteer)
    doc, spans = gazetteer_doc(vocab, known, opens, opener, text)
    out = []
    for _, s, e in matcher(doc):
        start, end = spans[s][0], spans[e - 1][1]
        key = " ".join(text[start:end].lower().split())
        name, level = x.gazetteer.phrases.get(key, (None, None))
        if name is None:
            continue
        if text[start].islower():
            continue  # `tiến bộ khoa học và công nghệ` is not the ministry: names are capitalised
        place = ""
        level_after = _LEVEL_AFTER.match(text, end) if x.takes_level.search(name) else None
        if level_after:  # `Ủy ban MTTQ Việt Nam huyện`: the district's committee
            name, end = f"{name} {level_after.group(1)}", level_after.end()
            level = {"tỉnh": "province", "thành phố": "province"}.get(level_after.group(1), "district"
                                                                        if level_after.group(1) in ("huyện", "quận", "thị xã") else "commune")
        if name.endswith((" tỉnh", " Thành phố", " thành phố", " huyện", " quận", " thị xã", " xã", " phường", " đoàn")):
            # (and the youth unions named by their level: `Tỉnh đoàn Hà Nam`)
            place, end = _place_after(text, end, x)
        out.append(AgencyMention(name=name + (f" {place}" if place else ""), surface=text[start:end], level=level,
                                 start=start, end=end, rule="agencies.csv"))
    return out


def resolve_overlaps(mentions: list[AgencyMention]) -> list[AgencyMention]:
    """Keep the longest of overlapping mentions (leftmost on ties), in text order."""
    chosen: list[AgencyMention] = []  # in text order; they never overlap, so ends are in order too
    starts: list[int] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        i = bisect_right(starts, m.start)
        if (i and chosen[i - 1].end > m.start) or (i < len(chosen) and chosen[i].start < m.end):
            continue
        chosen.insert(i, m)
        starts.insert(i, m.start)
    return chosen


_CHAIR_BEFORE = re.compile(r"Chủ tịch\s+$")  # `(Phó) Chủ tịch Thường trực ...` is a person
_FACILITY = re.compile(r"Cổng |Trang ")
_PLACE_BEFORE = re.compile(r"(?:trên|lên|tại|qua|vào|trong|từ)\s+$", re.IGNORECASE)
_EVENT_BEFORE = re.compile(r"(?:Đại hội|Hội nghị|Kỳ họp)(?:\s+đại biểu)?\s*$", re.IGNORECASE)


def _head_and_item(head: str, item: str, x: ExtractRules) -> tuple[str, str | None] | None:
    return x.gazetteer.phrases.get(f"{head} {expand_abbreviations(item, x)}".lower()) or \
        x.gazetteer.phrases.get(f"{head} {item}".lower())


def find_distributed(text: str, x: ExtractRules) -> list[AgencyMention]:
    """`Các Bộ: VHTTDL, Tư pháp, Nội vụ`: one head shared by the items of a list, each
    item a body when head + item is in the gazetteer."""
    out = []
    for rule in x.distributed:
        for m in rule.finditer(text):
            if rule.data.get("compose") == "level_place":
                out += _committees_listed(m, rule, x)
                continue
            head = m.group("head") or m.group("low").capitalize()
            items = m.group("items")
            spans = [i.span() for i in re.finditer(r"[^,]+", items)]
            i = 0
            while i < len(spans):
                # a name that holds a comma first (`Các Sở: Văn hóa, Thể thao và Du lịch, Tài chính`)
                for k in (2, 1, 0):
                    if i + k >= len(spans):
                        continue
                    hit, words = _listed_item(head, items[spans[i][0]:spans[i + k][1]], k > 0, x)
                    if hit:
                        start = m.start("items") + spans[i][0] + items[spans[i][0]:].index(words)
                        out.append(AgencyMention(name=hit[0], surface=words, level=hit[1], start=start,
                                                 end=start + len(words), rule=f"agencies.yaml:{rule.id}"))
                        i += k
                        break
                i += 1
    return out


def _listed_item(head: str, item: str, joined: bool, x: ExtractRules) -> tuple[tuple[str, str | None] | None, str]:
    """The body `head` + an item of a list names, and the item's words: its last words are
    dropped while it names none (`Tài chính phối hợp thực hiện`: the list runs into the
    sentence); an item `joined` of several keeps the comma that parts them."""
    words = re.sub(r"^và\s+", "", item.strip())
    hit = _head_and_item(head, words, x)
    while not hit and " " in words and (not joined or "," in words.rsplit(" ", 1)[0]):
        words = words.rsplit(" ", 1)[0]
        hit = _head_and_item(head, words, x)
    return hit, words


_LISTED_PLACE = re.compile(rf"\s*(?:và\s+)?(?:(?P<own>{_BELOW_PROVINCE})\s+)?(?P<place>{UPPER}\w*(?:[ -]{UPPER}\w*){{1,3}})")
# (names of two syllables or more; the last may have a level of its own: `xã: Ea Kly, Ea Phê và thị trấn Phước An`)


_LISTED_ITEM = re.compile(r"(?:\s*và\s+)?[^,]+?(?=\s+và\s|,|$)")  # the items of a list: `A, B và C`


def _committees_listed(m: re.Match, rule, x: ExtractRules) -> list[AgencyMention]:
    """`UBND các xã: Sơn Thịnh, Đồng Khê, Suối Giàng`: the committee of each place listed
    (a capitalised place; the list ends at the first item that is none)."""
    listed = " ".join(m.group("level").lower().split())
    out = []
    for item in _LISTED_ITEM.finditer(m.group("items")):
        place = _LISTED_PLACE.match(item.group(0))
        if not place:
            break
        level = place.group("own") or listed
        begin = "own" if place.group("own") else "place"  # (the mention holds a level of its own)
        start, end = m.start("items") + item.start() + place.start(begin), m.start("items") + item.start() + place.end()
        name = place.group("place").title() if place.group("place").isupper() else place.group("place")  # `VŨ HỘI` -> `Vũ Hội`
        out.append(AgencyMention(name=f"Ủy ban nhân dân {level} {name}", surface=m.string[start:end],
                                 level=_level(level, place.group("place"), x), start=start, end=end,
                                 rule=f"agencies.yaml:{rule.id}"))
    return out


def _of_every_place(text: str, m: AgencyMention, x: ExtractRules) -> AgencyMention:
    """`Cục Thuế các tỉnh, thành phố trực thuộc Trung ương`: a name followed (or run on) by the
    places of every one of them is a plural group (agencies.yaml plural_tail)."""
    inside = m.surface.find(" các ")
    for k in (m.end, m.start + inside) if inside >= 0 else (m.end,):
        every = x.plural_tail.match(text, k)
        if every and every.end() >= m.end:
            head = " ".join(text[m.start:k].split())
            name = (m.name if k == m.end else expand_abbreviations(head, x)) + " " + " ".join(every.group(0).split())
            return replace(m, name=name, surface=text[m.start:every.end()], end=every.end(), is_group=True)
    return m


def find_agencies(text: str, x: ExtractRules) -> list[AgencyMention]:
    if "Trưởng " in text:  # `Trưởng phòng Nội vụ` names `Phòng Nội vụ` (the same length: offsets hold)
        text = x.titled_heads.sub(lambda m: m.group(0)[:m.start("head") - m.start()] + m.group("head").capitalize(), text)
    # a shared head's items first: on equal spans they win (`Văn phòng: Tỉnh ủy` is the office)
    found = find_distributed(text, x) + find_councils(text, x) + find_gazetteer(text, x) + find_open_names(text, x) \
        + find_set_up(text, x)  # (on equal spans the first wins: a council that took its place from the next)
    kept = []
    for m in resolve_overlaps(found):
        before = text[max(0, m.start - 30):m.start]
        if _EVENT_BEFORE.search(before):
            continue  # `Đại hội Đảng bộ tỉnh` is an event
        if _FACILITY.match(m.name) and _PLACE_BEFORE.search(before):
            continue  # `đăng tải trên Cổng Thông tin điện tử tỉnh`: where, not who
        if m.name.startswith("Thường trực ") and _CHAIR_BEFORE.search(before):
            # `Phó Chủ tịch Thường trực HĐND tỉnh` is a person of the council itself
            m = replace(m, name=m.name[len("Thường trực "):])
        if x.not_bodies.match(m.name) or x.not_bodies.match(m.surface):
            continue
        if not m.is_group:
            m = _of_every_place(text, m, x)
        standing = x.standing.search(before) if x.standing_of.match(m.name) else None
        if standing and not _CHAIR_BEFORE.search(before[:standing.start() - len(before)] or ""):
            start = m.start - (len(before) - standing.start())
            m = AgencyMention("Thường trực " + m.name, text[start:m.end], m.level, start, m.end, m.rule, m.is_group)
        kept.append(m)
    return _aliased(text, _shared_tails(text, _levelled(kept), x), x)


_SET_UP_BEFORE = 200  # how far before its short name a body's full name may start


def find_set_up(text: str, x: ExtractRules) -> list[AgencyMention]:
    """`Thành lập Đoàn kiểm tra công tác phòng, chống sốt xuất huyết năm 2023 (sau đây gọi tắt
    là Đoàn kiểm tra)`: a body the document sets up and names, whatever its head (the words
    between agencies.yaml set_up and short_names), and each later mention of its short name."""
    out: list[AgencyMention] = []
    if x.short_name_hint not in text and x.short_name_hint.upper() not in text:
        return out  # (the rule opens on blanks: the engine would try every position)
    for a in x.short_names.finditer(text):
        window = text[max(0, a.start() - _SET_UP_BEFORE):a.start()]
        opening = x.set_up_last.match(window)
        if opening is None:
            continue
        start = a.start() - len(window) + opening.end()
        surface = text[start:a.start()].strip()
        short = " ".join(a.group(1).split())
        if not surface[:1].isupper() or any(c in surface for c in ".;:") or not short[:1].isupper():
            continue
        name = " ".join(surface.split())
        out.append(AgencyMention(name=name, surface=surface, level=None, start=start, end=start + len(surface),
                                 rule="agencies.yaml:set_up"))
        for later in re.finditer(rf"(?<!\w)(?<![Cc]ác )(?<![Tt]ừng ){re.escape(short)}(?!\w)", text[a.end():]):
            # (`các Tổ rà soát của xã` are other teams)
            out.append(AgencyMention(name=name, surface=short, level=None, start=a.end() + later.start(),
                                     end=a.end() + later.end(), rule="agencies.yaml:short_names"))
    return out


def bare_heads(mentions: list[AgencyMention], text: str, x: ExtractRules) -> dict[str, str]:
    """A body the document sets up and then names by its head alone (`Kiện toàn Ban Chỉ đạo
    phát triển du lịch tỉnh Gia Lai` ... `Nhiệm vụ, quyền hạn của Ban Chỉ đạo`): head -> the one
    full name with that head written right after `thành lập` or `kiện toàn` (agencies.yaml
    set_up, bare_heads)."""
    set_up: dict[str, set[str]] = {}
    for m in mentions:
        head = x.bare_heads.match(m.name)
        if head and len(m.name) > head.end() and x.set_up.search(text, max(0, m.start - 12), m.start):
            set_up.setdefault(head.group(0), set()).add(m.name)
    return {head: names.pop() for head, names in set_up.items() if len(names) == 1}


def _aliased(text: str, mentions: list[AgencyMention], x: ExtractRules) -> list[AgencyMention]:
    """`Thành lập Ban Chỉ đạo thực hiện Chương trình ... tỉnh Kiên Giang (gọi tắt là Ban Chỉ
    đạo)`: the short name a document gives a body stands for the full one wherever it is
    written after."""
    full: dict[str, str] = {}
    for m in mentions:
        a = x.short_names.match(text, m.end)
        if a and a.group(1).strip() != m.name:
            full.setdefault(" ".join(a.group(1).split()), m.name)
    for head, name in bare_heads(mentions, text, x).items():
        full.setdefault(head, name)
    if not full:
        return mentions
    return [replace(m, name=full[m.name]) if m.name in full else m for m in mentions]


def _levelled(mentions: list[AgencyMention]) -> list[AgencyMention]:
    """A name written without its level (`Thường trực Hội đồng nhân dân` in a resolution's
    closing article) takes it from the one levelled name of the document it is short of
    (`Thường trực Hội đồng nhân dân tỉnh`): the same body, named once."""
    levelled: dict[str, list[str]] = {}  # a name without its last level word -> the names with it
    for name in {m.name for m in mentions}:
        words = name.split(" ")
        for k in (1, 2):  # `tỉnh`, `thị xã`, `thành phố`
            if len(words) > k and " ".join(words[-k:]) in _LEVEL_WORDS:
                levelled.setdefault(" ".join(words[:-k]), []).append(name)
    out = []
    for m in mentions:
        longer = levelled.get(m.name, [])
        out.append(replace(m, name=longer[0]) if len(longer) == 1 else m)
    return out


def _shared_tails(text: str, mentions: list[AgencyMention], x: ExtractRules) -> list[AgencyMention]:
    """`Đảng ủy, Ban Thường vụ Đảng ủy UBND tỉnh` names two bodies: the bare `Đảng ủy` takes
    the rest of the name from the standing body after it."""
    out = list(mentions)
    for rule in x.shared_tail:
        for m in rule.finditer(text):
            nxt = next((a for a in mentions if a.start == m.end()), None)
            if nxt is None:
                continue
            bare = m.group("bare")
            at = nxt.name.find(bare)
            if at < 0:
                continue
            name = nxt.name[at:].replace("uỷ", "ủy")
            out.append(AgencyMention(name, bare, nxt.level, m.start(), m.start() + len(bare),
                                     "agencies.yaml:shared_tail"))
    return sorted(out, key=lambda a: a.start)


# -- plural groups (task leads) ------------------------------------------------

# the council's own members and parts as a group: `các Ban của HĐND tỉnh`, `các Tổ đại biểu
# HĐND tỉnh`, `đại biểu HĐND tỉnh` (a person's role: the council stays a mention of its own)
_COUNCIL_MEMBERS = re.compile(any_blank(
    # (the look-ahead at the first letters: the engine tests one character where it would try
    # every branch; 2.5 times faster over a text)
    r"(?=[cCđĐqQnN])(?:(?:(?:các|Các)\s+(?:Ban|Tổ đại biểu|đại biểu)|[Đđ]ại biểu)(?:\s+của)?\s+(?:Hội đồng nhân dân|HĐND)"
    r"(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường))?(?!\w)"
    # a letter's readers (`Quý cơ quan`) and parties outside the State that lead work (gold.md)
    r"|(?:Quý|quý)\s+(?:cơ quan|đơn vị|địa phương|Sở|Ủy ban|UBND)(?!\w)"
    r"|(?:(?:Các|các)\s+)?(?:[Nn]hà đầu tư|[Cc]hủ đầu tư)(?!\w)"
    # `các Tổ đại biểu và đại biểu HĐND tỉnh`: the delegations take the council named after them
    r"|(?P<shared>(?:các|Các)\s+Tổ đại biểu)(?=(?:\s*,\s*|\s+và\s+)(?:các\s+)?đại biểu\s+(?:Hội đồng nhân dân|HĐND)))"))
_NEXT_COUNCIL = re.compile(r"(?:Hội đồng nhân dân|HĐND)(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?!\w))?")

_TRAILING_VERB = re.compile(r"\s+tổ chức$", re.IGNORECASE)  # `các cơ quan ... tổ chức thực hiện`
_BARE_DETERMINER = re.compile(r"(?:các|từng|những)", re.IGNORECASE)


def find_groups(text: str, x: ExtractRules) -> list[AgencyMention]:
    out = []
    for m in _COUNCIL_MEMBERS.finditer(text):  # (opens on its words, so the engine skips ahead to them)
        if m.start() and text[m.start() - 1].isalnum():
            continue
        name = expand_abbreviations(" ".join(m.group(0).split()), x)
        if m.group("shared"):
            council = _NEXT_COUNCIL.search(text, m.end(), m.end() + 60)
            name = f"{name} {expand_abbreviations(' '.join(council.group(0).split()), x)}"
        out.append(AgencyMention(name=name[0].lower() + name[1:] if name.startswith("Các ") else name,
                                 surface=m.group(0), level=None, start=m.start(), end=m.end(), rule="groups",
                                 is_group=True))
    for m in x.group.finditer(text):
        surface = _TRAILING_VERB.sub("", m.group(0)).rstrip(" ,")
        if _BARE_DETERMINER.fullmatch(surface):
            surface = m.group(0).rstrip(" ,")  # `Các tổ chức thuộc Hiệp hội`: `tổ chức` is the group, not a verb
        name = expand_abbreviations(surface, x)
        if surface.isupper():  # `UBND CÁC XÃ, THỊ TRẤN` in a heading in capitals
            head = next((h for h in ("Ủy ban nhân dân ", "Hội đồng nhân dân ") if name.upper().startswith(h.upper())), "")
            name = head + name[len(head):].lower()
        if name.startswith(("Các ", "Từng ")):
            name = name[0].lower() + name[1:]
        out.append(AgencyMention(name=name, surface=surface, level=None, start=m.start(),
                                 end=m.start() + len(surface), rule="groups", is_group=True))
    return out
