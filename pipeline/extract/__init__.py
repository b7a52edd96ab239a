"""Extraction: Document -> Extraction, one module per field, read in this order."""
from __future__ import annotations

from pipeline.extract.agencies import find_agencies
from pipeline.extract.counts import find_counts
from pipeline.extract.dates import find_dates, main_year
from pipeline.extract.document import document_info
from pipeline.extract.references import find_references
from pipeline.extract.sentences import flowed_text
from pipeline.extract.tasks import find_tasks
from pipeline.models import Document, Extraction
from pipeline import outline as outlines  # the stage between normalization and extraction
from pipeline.rules import RuleSet


def extract(doc: Document, rules: RuleSet) -> Extraction:
    x = rules.extract
    outline = outlines.read_outline(doc, x)
    dates = find_dates(doc.text, x)
    flow = flowed_text(doc, outline)  # (names, lists and counts a printed line breaks)
    agencies = find_agencies(flow, x)
    info = document_info(doc, x, dates, agencies)
    year = int(info.published_date[:4]) if info.published_date else main_year(dates)
    return Extraction(
        info=info,
        references=tuple(find_references(doc.text, x, dates)),
        dates=tuple(dates),
        agencies=tuple(agencies),
        tasks=() if info.title and x.no_task_types.match(info.title) else
        tuple(find_tasks(doc, x, year, agencies, info.kind, outline, flow)),  # (a charter, a list of people)
        counts=tuple(find_counts(flow, x)),
        sections=outline.sections,
    )
