"""Repair of OCR'd text where Vietnamese makes the error certain.

Three kinds of repair, in this order, on each OCR'd page (pdf.py):
1. look-alike letters of other alphabets (`QÐ` with the Icelandic eth for `QĐ`) and
   letters read for digits where a date or a number must stand (`ngày II tháng 09`,
   `tháng l1`): rules/ocr.yaml, with examples and counterexamples;
2. a word that cannot be a Vietnamese syllable (`QUYÉT`, `kêt`) becomes the nearest one
   that can and is attested, when a single one is nearest: nearest by changes of tone
   mark or of vowel mark (a/ă/â, e/ê, o/ô/ơ, u/ư, d/đ), at most two; ties broken by the
   syllables around it (a bigram table), then by how common it is; a tie that remains is
   left alone.

A syllable is valid when it is attested (the lexicon below) or when its spelling is
Vietnamese: onset + rhyme from the tables below, the onset's spelling rules (k/gh/ngh
before i, e, ê; c/g/ng elsewhere; q only in qu) and the tone rule (a rhyme closed by
p, t, c, ch takes only sắc or nặng). A valid syllable is never changed, nor a word in
Latin letters alone (codes, abbreviations, foreign words), nor a word touching a digit.

The lexicon: every syllable and syllable pair of underthesea's bundled word list
(corpus/data/Viet74K.txt, 74,000 words; it ships with the package, read offline), the
names in the rules/ gazetteers (agencies, sectors, abbreviations, document types) and
rules/ocr_syllables.txt (syllables of the project's own sample texts and bench
templates, tools/gen_ocr_syllables.py).
"""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import RULES_DIR
from pipeline.rules import Rule, load_yaml_rules

# tone marks (combining) in NFD: sắc, huyền, hỏi, ngã, nặng
TONES = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
_TONE_MARKS = tuple(TONES)

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")

RHYMES = frozenset("""
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot ooc oong
oa oac oach oai oam oan oang oanh oap oat oay oao oăc oăm oăn oăng oăt oe oen oeo oet
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc ui um un ung up ut uê uêch uênh uy uya uych uyên uyêt uynh uyt uyu
uôc uôi uôm uôn uông uôt uơ
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
""".split())
# after qu the u is the medial: quả, quen, quê, quý, quyết, quân, quốc
QU_RHYMES = frozenset("""
a ac ach ai an ang anh at ay ăc ăm ăn ăng ăt âng ân ât ây e en eo et ê ên ênh êt êch i y ych
yên yêt ynh yt yu ôc
""".split())
_CLOSED = ("p", "t", "c", "ch")
_FRONT = ("i", "e", "ê", "y")

# vowel marks OCR confuses, each letter with its look-alikes
_VARIANTS = {"a": "aăâ", "ă": "aăâ", "â": "aăâ", "e": "eê", "ê": "eê", "o": "oôơ", "ô": "oôơ", "ơ": "oôơ",
             "u": "uư", "ư": "uư", "d": "dđ", "đ": "dđ"}
_VOWELS = set("aăâeêioôơuưy")
_WORD = re.compile(r"[^\W\d_]+")


def split_tone(syllable: str) -> tuple[str, str | None, int]:
    """(letters without tone mark, the tone or None for ngang, number of tone marks)."""
    nfd = unicodedata.normalize("NFD", syllable)
    marks = [c for c in nfd if c in _TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    return base, (TONES[marks[0]] if marks else None), len(marks)


def _onset_fits(onset: str, rhyme: str) -> bool:
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not rhyme.startswith(("e", "ê"))
    if onset == "" and rhyme.startswith("iê"):
        return False  # written yê without an onset: yên, yêu
    if onset != "" and rhyme.startswith("yê"):
        return False
    return True


def is_valid_syllable(word: str) -> bool:
    """A Vietnamese syllable by its spelling (any case): onset, rhyme and tone fit."""
    base, tone, n_marks = split_tone(word.lower())
    if n_marks > 1 or not base:
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset):]
        if onset == "qu":
            ok = rest in QU_RHYMES
        elif onset == "gi":
            ok = rest in RHYMES or ("i" + rest) in RHYMES or rest == ""
        else:
            ok = rest in RHYMES and _onset_fits(onset, rest)
        if ok and (not rest.endswith(_CLOSED) or tone in ("sac", "nang")):
            return True
    return False


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """A syllable's spelling with its tone apart (`hoà` and `hòa` are one syllable): lower case."""
    base, tone, _ = split_tone(word.lower())
    return f"{base}{'|' + tone if tone else ''}"


@dataclass(frozen=True)
class Lexicon:
    counts: Counter            # key -> how often attested
    bigrams: Counter           # (key, key) -> how often attested side by side
    spelling: dict[str, str]   # key -> its most common written form (lower case)

    def attested(self, word: str) -> bool:
        return key(word) in self.counts


def _viet74k() -> list[str]:
    spec = importlib.util.find_spec("underthesea")  # its data file, without importing it (0.8 s)
    if spec is None or not spec.origin:
        return []
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def _gazetteer_lines(rules_dir: Path) -> list[str]:
    lines = []
    for name in ("agencies.csv", "sectors.csv", "abbreviations.csv", "doc_types.csv", "ocr_syllables.txt"):
        p = rules_dir / name
        if p.is_file():
            lines += [ln for ln in p.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return lines


@lru_cache(maxsize=2)
def lexicon(rules_dir: Path = RULES_DIR) -> Lexicon:
    counts: Counter = Counter()
    bigrams: Counter = Counter()
    forms: Counter = Counter()
    for line in _viet74k() + _gazetteer_lines(rules_dir):
        words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", line))]
        keys = [key(w) for w in words]
        counts.update(keys)
        forms.update(zip(keys, words))
        bigrams.update(zip(keys, keys[1:]))
    spelling: dict[str, str] = {}
    for (k, w), _ in forms.most_common():
        spelling.setdefault(k, w)
    return Lexicon(counts=counts, bigrams=bigrams, spelling=spelling)


def _needs_repair(word: str, lex: Lexicon) -> bool:
    if word.isascii() or len(word) > 7 or not any(c in _VOWELS for c in split_tone(word.lower())[0]):
        return False
    return not (lex.attested(word) or is_valid_syllable(word))


def _variants(word: str) -> dict[str, int]:
    """Keys of the spellings within two changes of tone or vowel mark, with their number of changes."""
    base, tone, _ = split_tone(word.lower())
    bases = {base: 0}
    for i, c in enumerate(base):
        for v in _VARIANTS.get(c, ""):
            if v != c:
                bases.setdefault(base[:i] + v + base[i + 1:], 1)
    out: dict[str, int] = {}
    for b, cost in bases.items():
        for t in (None, *TONES.values()):
            total = cost + (t != tone)
            k = f"{b}{'|' + t if t else ''}"
            if 0 < total <= 2 and (k not in out or out[k] > total):
                out[k] = total
    return out


def _shape(like: str, word: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def fix_syllable(word: str, prev: str | None, nxt: str | None, lex: Lexicon) -> str:
    """The repair of one word that is not a syllable: the attested valid syllable nearest
    to it, when one is nearest alone (fewest changes; then fits its neighbours; then at
    least three times as common as the next); else the word itself."""
    pk, nk = (key(prev) if prev else None), (key(nxt) if nxt else None)
    scored = []
    for cand, cost in _variants(word).items():
        if cand not in lex.counts or not is_valid_syllable(lex.spelling[cand]):
            continue
        context = lex.bigrams.get((pk, cand), 0) + lex.bigrams.get((cand, nk), 0)
        scored.append((cost, -context, -lex.counts[cand], cand))
    if not scored:
        return word
    scored.sort()
    best = scored[0]
    rival = scored[1] if len(scored) > 1 and scored[1][0] == best[0] else None
    if rival is not None:
        fits_better = best[1] < 0 and -best[1] >= 3 * -rival[1]  # beside its neighbours 3x as often
        commoner = best[1] == rival[1] and -best[2] >= 3 * -rival[2]
        if not (fits_better or commoner):
            return word
    return _shape(word, lex.spelling[best[3]])


@dataclass(frozen=True)
class Rules:
    lookalike: tuple[Rule, ...]
    digits: tuple[Rule, ...]
    roman: tuple[Rule, ...]


_DIGIT_OF = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "o": "0"})
_ROMAN_OF = str.maketrans({"1": "I", "l": "I", "|": "I", "H": "II"})
_QUARTERS = ("I", "II", "III", "IV")


@lru_cache(maxsize=2)
def repair_rules(rules_dir: Path = RULES_DIR) -> Rules:
    groups = load_yaml_rules(rules_dir / "ocr.yaml", flags=0)
    return Rules(**{k: tuple(groups.get(k, [])) for k in ("lookalike", "digits", "roman")})


def _as_digits(s: str) -> str | None:
    new = s.translate(_DIGIT_OF)
    return new if new.isdigit() else None


def _as_quarter(s: str) -> str | None:
    new = s.translate(_ROMAN_OF)
    return new if new in _QUARTERS else None


def _apply_rule(rule: Rule, text: str, to) -> str:
    """Rewrite the groups named `fix*` of every match: to `to` when it is a string, else to
    what the function `to` makes of the group (left as it is when it gives None)."""
    out, pos = [], 0
    for m in rule.regex.finditer(text):
        for name in sorted(k for k in m.groupdict() if k.startswith("fix")):
            s, e = m.span(name)
            if s < 0:
                continue
            new = to if isinstance(to, str) else to(m.group(name))
            if new is None:
                continue
            out.append(text[pos:s])
            out.append(new)
            pos = e
    out.append(text[pos:])
    return "".join(out)


def repair(text: str, rules_dir: Path = RULES_DIR) -> str:
    """An OCR'd page's text with the certain errors repaired; its lines as they were."""
    text = unicodedata.normalize("NFC", text)
    rules = repair_rules(rules_dir)
    for r in rules.lookalike:
        text = _apply_rule(r, text, str(r.data.get("to", "")))
    for r in rules.digits:
        text = _apply_rule(r, text, _as_digits)
    for r in rules.roman:
        text = _apply_rule(r, text, _as_quarter)
    lex = lexicon(rules_dir)
    words = list(_WORD.finditer(text))
    out, pos = [], 0
    for k, m in enumerate(words):
        w = m.group(0)
        s, e = m.span()
        if (s and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit()) or not _needs_repair(w, lex):
            continue
        prev = words[k - 1].group(0).lower() if k else None
        nxt = words[k + 1].group(0).lower() if k + 1 < len(words) else None
        new = fix_syllable(w, prev, nxt, lex)
        if new != w:
            out += [text[pos:s], new]
            pos = e
    out.append(text[pos:])
    return "".join(out)
