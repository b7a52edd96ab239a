"""News pages: the article's main text, title and date, through trafilatura."""
from __future__ import annotations

import re

from pipeline.ingest.encodings import decode_text
from pipeline.ingest.text import text_blocks
from pipeline.models import RawDocument, ReadError

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def _decode(data: bytes) -> tuple[str, str]:
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def read_html(data: bytes) -> RawDocument:
    import trafilatura

    html, encoding = _decode(data)
    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                      with_metadata=True, favor_precision=True)
    if doc is None:
        raise ReadError("HTML page has no article text")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    title = get("title")
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    date = get("date")
    return RawDocument(format="html", blocks=text_blocks(text), reader="trafilatura", encoding=encoding,
                       meta_title=title, meta_date=date if date and re.match(r"\d{4}-\d\d-\d\d$", date) else None)
