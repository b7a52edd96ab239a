"""What a document cites within its output folder: `references.target_doc_id`.

A reference that is not the document's own number (`role` other than `self`) links to the
document of the same output folder whose own number it is:

- numbers match after case and spacing (`42/QĐ-UBND` = `42/qđ-ubnd`), as `same.Twin.number`;
- a document with copies (`documents.same_as`) is linked as its first copy, the one
  `same_as` points to (`documents_unique` holds it), whichever copy carries the number;
- never a document to itself or to one of its own copies;
- never to a document whose issue year is known and differs from the citation's (the year
  in the symbol, `326/2021/NQ-HĐND`, else of the date written with it): the same serial
  and symbol of another year is another document;
- when several documents remain, the one whose issue date is the citation's, then the one
  with the citing document's issuer (an office cites its own decisions), then the first
  in import order.

The workers already send each document's own number, issuer and issue date with its
result (`same.Twin`, kept in the catalog); the main process builds the index once
(`Targets`) and looks each reference up as it writes the tables (`batch.table_chunks`),
so the links do not depend on the number of workers and a re-run gives the same ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from pipeline.same import Twin


def number_key(ref: str | None) -> str | None:
    """A reference's number as `Twin.number` holds it: casefolded, without spaces."""
    key = "".join(ref.casefold().split()) if ref else ""
    return key or None


@dataclass(frozen=True)
class _Candidate:
    doc_id: str        # the document to link to (the first of its copies)
    issuer: str | None
    date: str | None   # ISO day (or a prefix of it), None when unknown


class Targets:
    """Own numbers of the documents of one output folder, to link citations to them."""

    def __init__(self, twins: Iterable[tuple[str, Twin]], same_as: dict[str, str]):
        """`twins` as `Catalog.twins()` gives them (readable documents, import order),
        `same_as` as `same.link` returns it."""
        self.same_as = same_as
        self.issuer: dict[str, str | None] = {}
        self.by_number: dict[str, list[_Candidate]] = {}
        for doc_id, t in twins:
            self.issuer[doc_id] = t.issuer
            if not t.number:
                continue
            first = same_as.get(doc_id, doc_id)
            found = self.by_number.setdefault(t.number, [])
            if all(c.doc_id != first for c in found):
                found.append(_Candidate(first, t.issuer, t.date))

    def target(self, citing: str, ref: str | None, year: int | None, issued: str | None) -> str | None:
        """The doc_id of the document the reference `ref` (cited by `citing`, with the
        year in its symbol and the date written with it) is, or None."""
        found = self.by_number.get(number_key(ref) or "")
        if not found:
            return None
        own_group = self.same_as.get(citing, citing)
        cited_year = str(year) if year else (str(issued)[:4] if issued else None)
        issuer = self.issuer.get(citing)
        best, best_score = None, -1
        for c in found:
            if c.doc_id == own_group:
                continue
            if cited_year and c.date and c.date[:4] != cited_year:
                continue
            score = 2 * bool(issued and c.date and c.date[:10] == str(issued)[:10]) \
                + bool(issuer and c.issuer == issuer)
            if score > best_score:  # strictly better: the first in import order wins a tie
                best, best_score = c.doc_id, score
        return best

    def column(self, citing: str, refs: dict[str, list]) -> list[str | None]:
        """`target_doc_id` for each row of a document's `references` columns."""
        roles = refs.get("role") or []
        n = len(roles)
        numbers = refs.get("ref") or [None] * n
        years = refs.get("year") or [None] * n
        dates = refs.get("issued_date") or [None] * n
        return [None if role == "self" else self.target(citing, r, y, d)
                for role, r, y, d in zip(roles, numbers, years, dates)]
