"""Ruled tables of a PDF page read from pdfium's geometry: fast, no content-stream parsing.

The lines a page draws (thin path objects, or the sides of drawn boxes) are grouped into
tables: horizontals and verticals that touch each other. Their positions give the grid;
a missing piece of a vertical line inside a row merges two cells across, a missing piece
of a horizontal line merges a cell with the one above (its text is read over both rows and
the lower cell is left empty, as a merged cell is). Cell text is pdfium's text inside the
cell's box. Pages whose lines make no grid fall back to pdfplumber (pdf.py).

Coordinates are PDF points from the bottom left, as pdfium gives them.
"""
from __future__ import annotations

from dataclasses import dataclass

TOL = 2.0          # points: positions closer than this are one line
THIN = 2.5         # a path thinner than this is a line
MIN_SIZE = 8.0     # smaller paths (bullets, glyph decorations) are ignored


@dataclass(frozen=True)
class Grid:
    xs: tuple[float, ...]                # column boundaries, left to right
    ys: tuple[float, ...]                # row boundaries, top to bottom (descending)
    rows: tuple[tuple[str, ...], ...]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]


def _lines(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) lines drawn on the page."""
    import pypdfium2.raw as pdfium_c

    hs, vs = [], []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if max(w, h) < MIN_SIZE:
            continue
        if h <= THIN:
            hs.append(((bottom + top) / 2, left, right))
        elif w <= THIN:
            vs.append(((left + right) / 2, bottom, top))
        else:  # a box: its four sides
            hs += [(bottom, left, right), (top, left, right)]
            vs += [(left, bottom, top), (right, bottom, top)]
    return hs, vs


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= TOL:
            continue
        out.append(v)
    return out


def _components(hs, vs) -> list[tuple[list, list]]:
    """Groups of horizontal and vertical lines that touch: one group per table."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - TOL <= x <= x1 + TOL and y0 - TOL <= y <= y1 + TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _covered(lines, pos: float, a: float, b: float) -> bool:
    """Whether a line at `pos` runs over the middle of the span a..b."""
    mid = (a + b) / 2
    return any(abs(p - pos) <= TOL and lo - TOL <= mid <= hi + TOL for p, lo, hi in lines)


def pdfium_text(raw: str) -> str:
    """pdfium's text with `\n` line ends, and a hyphen where pdfium joined a line that ended
    on one: it writes U+FFFE there (`33/2023/NQ` + `-HĐND` on the next line comes as
    `33/2023/NQ\ufffeHĐND`); Vietnamese breaks no syllable, so the hyphen was written."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")


def _text(textpage, left: float, bottom: float, right: float, top: float) -> str:
    raw = textpage.get_text_bounded(left=left + 0.5, bottom=bottom + 0.5, right=right - 0.5, top=top - 0.5)
    return pdfium_text(raw).strip()


def _worded(cell: str) -> bool:
    return any(ch.isalnum() for ch in cell)


def boxed_text(rows: list[tuple[str, ...]]) -> bool:
    """Boxes drawn around text, not a table: an editor's highlight or a signed copy's
    underlay draws a box per word (or per piece of a word) of justified text, so a "grid"
    comes out with many narrow columns of word fragments (every other cell often empty);
    a frame around a paragraph is one column."""
    n_cols = len(rows[0]) if rows else 0
    if n_cols < 2:
        return True
    cells = [c for row in rows for c in row]
    filled = [c for c in cells if c]
    empty = 1 - len(filled) / len(cells)
    fragments = sum(1 for c in filled if len(c.split()) <= 2 and not any(ch.isdigit() for ch in c))
    if n_cols >= 8 and filled and fragments / len(filled) >= 0.7:
        return True
    if len(rows) <= 4 and all(sum(1 for c in row if _worded(c)) <= 1 for row in rows):
        return True  # a box around a line or two of text: no row has words or figures in two cells
    return empty >= 0.4 and (n_cols > 10 or (len(rows) == 1 and n_cols > 4))


def find_grids(page, textpage) -> list[Grid]:
    hs, vs = _lines(page)
    grids = []
    for ghs, gvs in _components(hs, vs):
        xs = _cluster([v[0] for v in gvs])
        ys = _cluster([h[0] for h in ghs])[::-1]
        if len(xs) < 3 or len(ys) < 2:  # two columns, one row at least (a header at the page's foot)
            continue
        n_rows, n_cols = len(ys) - 1, len(xs) - 1
        owner: dict[tuple[int, int], tuple[int, int]] = {}  # cell -> the cell it is merged into
        for r in range(n_rows):
            for c in range(n_cols):
                left = (r, c - 1) if c and not _covered(gvs, xs[c], ys[r + 1], ys[r]) else None
                up = (r - 1, c) if r and not _covered(ghs, ys[r], xs[c], xs[c + 1]) else None
                owner[(r, c)] = owner[left] if left else owner[up] if up else (r, c)
        spans: dict[tuple[int, int], list[int]] = {}  # anchor -> [r0, c0, r1, c1]
        for (r, c), a in owner.items():
            s = spans.setdefault(a, [r, c, r, c])
            s[2], s[3] = max(s[2], r), max(s[3], c)
        rows = []
        for r in range(n_rows):
            row = []
            for c in range(n_cols):
                a = owner[(r, c)]
                if a != (r, c):
                    row.append("")
                    continue
                r0, c0, r1, c1 = spans[a]
                row.append(_text(textpage, xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0]))
            rows.append(tuple(row))
        if any(any(cell for cell in row) for row in rows) and not boxed_text(rows):
            grids.append(Grid(tuple(xs), tuple(ys), tuple(rows)))
    return grids


def text_around(textpage, grids: list[Grid], width: float, height: float) -> list[tuple[float, str]]:
    """The page's text outside the tables, as (top, text) bands between them."""
    bands = []
    top = height
    for g in sorted(grids, key=lambda g: -g.top):
        if top - g.top > 1:
            bands.append((top, _text(textpage, 0, g.top, width, top)))
        top = g.bottom
    if top > 1:
        bands.append((top, _text(textpage, 0, 0, width, top)))
    return [(t, s) for t, s in bands if s]
