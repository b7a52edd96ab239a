"""Generate the legacy Vietnamese encoding tables in rules/encodings/.

    python tools/gen_encodings.py            # rewrite the CSV files
    python tools/gen_encodings.py --check    # exit 1 when a CSV differs from what this makes

Sources:
- TCVN3 (ABC, `.VnTime` fonts): glibc iconv's TCVN5712-1 for bytes 0x80-0xFF. TCVN3 is the
  VN3 subset of TCVN 5712:1993, whose upper half agrees with VN1; its lower half is ASCII
  (the capital toned letters of VN1 in 0x01-0x17 are not used by TCVN3 fonts).
- VISCII: glibc iconv's VISCII, all 256 bytes (capital letters sit in C0 and C1 bytes).
- VNI (VNI-Windows fonts): no iconv or Python codec exists; the table is composed here from
  the encoding's rules: a base Latin letter followed by mark characters (cp1252 bytes).
  Every combination is generated, so no letter is missing.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rules" / "encodings"


def iconv_table(charset: str, lo: int, hi: int) -> list[tuple[str, str]]:
    rows = []
    for b in range(lo, hi + 1):
        res = subprocess.run(["iconv", "-f", charset, "-t", "UTF-8"], input=bytes([b]), capture_output=True)
        ch = unicodedata.normalize("NFC", res.stdout.decode("utf-8")) if res.returncode == 0 else ""
        if ch and ch != bytes([b]).decode("latin-1"):
            rows.append((f"{b:02x}", ch))
    return rows


TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# circumflex (â ê ô) and breve (ă) with a tone folded into one mark character
CIRC = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
SINGLE = {"ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư"}


def vni_table() -> list[tuple[str, str]]:
    pairs: dict[str, str] = {}

    def add(seq: str, base: str, marks: str) -> None:
        ch = unicodedata.normalize("NFC", base + marks)
        for s, c in ((seq, ch), (seq.upper(), ch.upper()), (seq[0].upper() + seq[1:], ch.upper())):
            pairs.setdefault(s, c)

    for mark, ch in SINGLE.items():
        add(mark, ch, "")
    for base in "aeouy":
        for mark, tone in TONES.items():
            add(base + mark, base, tone)
    for base in ("ô", "ö"):  # ơ and ư take tones as any vowel does
        for mark, tone in TONES.items():
            add(base + mark, SINGLE[base], tone)
    for base in "aeo":
        for mark, tone in CIRC.items():
            add(base + mark, base + "\u0302", tone)
    for mark, tone in BREVE.items():
        add("a" + mark, "a\u0306", tone)
    rows = []
    for seq, ch in pairs.items():
        rows.append((seq.encode("cp1252").hex(), ch))
    return sorted(rows, key=lambda r: (-len(r[0]), r[0]))


def render(rows: list[tuple[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["bytes", "char"])
    w.writerows(rows)
    return buf.getvalue()


def tables() -> dict[str, str]:
    return {
        "tcvn3.csv": render(iconv_table("TCVN5712-1", 0x80, 0xFF)),
        "viscii.csv": render(iconv_table("VISCII", 0x00, 0xFF)),
        "vni.csv": render(vni_table()),
    }


def main() -> int:
    check = "--check" in sys.argv
    bad = 0
    for name, body in tables().items():
        path = OUT / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != body:
                print(f"{path} differs from what tools/gen_encodings.py makes")
                bad = 1
        else:
            path.write_text(body, encoding="utf-8")
            print(f"wrote {path} ({body.count(chr(10)) - 1} rows)")
    return bad


if __name__ == "__main__":
    sys.exit(main())
