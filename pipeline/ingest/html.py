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


_BLOCKS = ".//p | .//div | .//h1 | .//h2 | .//h3 | .//ul | .//ol | .//table"


def _unlayout(html: str):
    """The page with its layout tables made plain blocks: old news sites lay a page out in
    a table whose cells hold the banner, the menu and the article's paragraphs; read as a
    table, the article becomes one cell. A table with a cell that holds paragraphs,
    headings, lists or another table lays out; a data table's cells hold text only.
    Returns the parsed tree (trafilatura reads it), or the text unchanged when it does not parse."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # (lxml's parser errors, an empty document)
        return html
    for table in tree.iter("table"):
        if any(cell.xpath(_BLOCKS) for cell in table.iter("td", "th")):
            for el in [table, *table.iter("thead", "tbody", "tfoot", "tr", "td", "th")]:
                el.tag = "div"
    return tree


def read_html(data: bytes) -> RawDocument:
    import trafilatura

    html, encoding = _decode(data)
    doc = trafilatura.bare_extraction(_unlayout(html), include_comments=False, include_tables=True,
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
