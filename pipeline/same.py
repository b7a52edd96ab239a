"""One document, counted once: which documents of an output folder are the same document.

The same decision arrives as the DOCX draft, the signed PDF scan, a PDF made from the
DOCX, a copy under another name: other bytes (so not a `duplicate`), the same document.
`documents.same_as` names the first of them (in import order) on every later one:

- the same own number, issuer and issue date (all three known, the same after case and
  spacing) are the same document, whatever their texts;
- otherwise near-identical text: the Jaccard similarity of the word 3-shingles of the
  normalized texts, estimated by MinHash (120 hashes; candidates found by LSH, 40 bands
  of 3), at least `THRESHOLD`;
- never two documents whose own numbers, or issue dates, are both known and differ (two
  decisions of one template read alike and are not the same), nor, through a third, a
  document and a group that holds another number or date.

Measured (3-shingles, exact Jaccard): dev/129 (DOCX) ~ 129p (its PDF) 0.933; a decision's
text, DOCX and LibreOffice PDF 0.943–1.0, its 150-dpi scan through Tesseract 0.61–0.62;
distinct documents of one office 0.11 at most, of the dev corpus 0.07 at most. Hence 0.5.

Workers make each document's `Twin` (`twin_of`); the main process links them (`link`).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from pipeline.models import Extraction

HASHES = 120
ROWS = 3                 # hashes per LSH band: 40 bands; a pair at J=0.5 is a candidate with p=0.995
THRESHOLD = 0.5
MIN_WORDS = 20           # shorter texts are matched by number only

_rng = np.random.default_rng(20261201)  # fixed: signatures must agree across processes and runs
_A = _rng.integers(1, 2**63, HASHES, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, HASHES, dtype=np.uint64)


@dataclass(frozen=True)
class Twin:
    """What tells one document from another: its own number, issuer, issue date (None
    when unknown) and the MinHash of its text (None when too short)."""
    number: str | None
    issuer: str | None
    date: str | None
    minhash: bytes | None


def _norm(s: str | None) -> str | None:
    return " ".join(s.casefold().split()) if s else None


# ASCII punctuation and symbols -> space, on the UTF-8 bytes (bytes.translate: fast); the
# few non-ASCII marks (“ ” – …) stay on their word, the same in every copy of a text
_SPACES = bytes(b if chr(b).isalnum() or b >= 0x80 else 0x20 for b in range(256))


def minhash(text: str) -> bytes | None:
    """The MinHash signature (HASHES uint32, little-endian) of the text's word 3-shingles."""
    words = text.casefold().encode("utf-8", "replace").translate(_SPACES).split()
    if len(words) < MIN_WORDS:
        return None
    ids = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))  # (faster than a vocabulary)
    with np.errstate(over="ignore"):
        h = ids[:-2] * np.uint64(0x9E3779B97F4A7C15) + ids[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F) + ids[2:]
        h ^= h >> np.uint64(31)
        h *= np.uint64(0xBF58476D1CE4E5B9)  # (a shingle met twice changes no least value: no np.unique)
        m = np.multiply.outer(_A, h)  # in place: 10x faster than one expression's temporaries
        m += _B[:, None]
        mins = m.min(axis=1) >> np.uint64(32)  # the top 32 bits of the least value: its hash
    return mins.astype("<u4").tobytes()


def twin_of(text: str, ex: Extraction) -> Twin:
    own = next((r for r in ex.references if r.role == "self"), None)
    date = (own.issued_date if own else None) or ex.info.published_date
    return Twin(_norm(own.ref.replace(" ", "")) if own else None, _norm(ex.info.issuer),
                str(date)[:10] if date else None, minhash(text))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


SMALL_BUCKET = 12  # a bucket of at most this many: every pair; larger ones: each with its first few
FIRST_FEW = 4
_PAIRS = {size: np.triu_indices(size, 1) for size in range(3, SMALL_BUCKET + 1)}  # (earlier, later) of a small bucket


def _similar_pairs(sigs: np.ndarray) -> dict[int, list[int]]:
    """{later row: [earlier rows whose estimated similarity is at least THRESHOLD]}: LSH
    candidates (rows sharing a band), all made and checked with numpy, a chunk at a time."""
    n = len(sigs)
    found: list[np.ndarray] = []
    for band in range(HASHES // ROWS):
        part = np.ascontiguousarray(sigs[:, band * ROWS:(band + 1) * ROWS])
        keys = part.view(np.dtype((np.void, part.dtype.itemsize * ROWS))).ravel()
        order = np.argsort(keys, kind="stable")  # a bucket's rows stay in import order
        sk = keys[order]
        starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        sizes = np.diff(np.r_[starts, n])
        two = starts[sizes == 2]  # most buckets: one pair
        found.append(order[two + 1].astype(np.int64) * n + order[two])
        for s, size in zip(starts[sizes > 2], sizes[sizes > 2]):
            members = order[s:s + size].astype(np.int64)
            if size <= SMALL_BUCKET:
                earlier, later = _PAIRS[size]
            else:  # boilerplate shared by many: each row against the bucket's first few
                earlier = np.repeat(np.arange(FIRST_FEW), size - 1)
                later = np.tile(np.arange(1, size), FIRST_FEW)
                keep = earlier < later
                earlier, later = earlier[keep], later[keep]
            found.append(members[later] * n + members[earlier])
    pairs = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    out: dict[int, list[int]] = {}
    for lo in range(0, len(pairs), 200_000):
        chunk = pairs[lo:lo + 200_000]
        later, earlier = chunk // n, chunk % n
        sim = (sigs[later] == sigs[earlier]).mean(axis=1)
        for j, i in zip(later[sim >= THRESHOLD].tolist(), earlier[sim >= THRESHOLD].tolist()):
            out.setdefault(j, []).append(i)
    return out


def link(docs: Iterable[tuple[str, Twin]]) -> dict[str, str]:
    """`{doc_id: doc_id of the first same document}` for every document that has an earlier
    twin; `docs` in import order, each doc_id once."""
    docs = list(docs)
    root: list[int] = []
    numbers: dict[int, set[str]] = {}  # a group's own numbers and dates, by its first document
    dates: dict[int, set[str]] = {}
    by_key: dict[tuple[str, str, str], int] = {}
    with_sig = [k for k, (_, t) in enumerate(docs) if t.minhash]
    sigs = np.array([np.frombuffer(docs[k][1].minhash, "<u4") for k in with_sig], dtype=np.uint32) \
        if with_sig else np.zeros((0, HASHES), np.uint32)
    similar = {with_sig[j]: [with_sig[i] for i in found] for j, found in _similar_pairs(sigs).items()}

    def fits(r: int, t: Twin) -> bool:
        return not ((t.number and numbers[r] - {t.number}) or (t.date and dates[r] - {t.date}))

    for k, (_, t) in enumerate(docs):
        key = (t.number, t.issuer, t.date)
        if all(key) and key in by_key:
            r = by_key[key]
        else:
            r = next((m for m in sorted({root[i] for i in similar.get(k, ())}) if fits(m, t)), k)
        if r == k:
            numbers[r], dates[r] = set(), set()
        root.append(r)
        if t.number:
            numbers[r].add(t.number)
        if t.date:
            dates[r].add(t.date)
        if all(key):
            by_key.setdefault(key, r)
    return {docs[k][0]: docs[r][0] for k, r in enumerate(root) if r != k}
