"""Make the other formats of the hand-written samples, so `make run` shows every reader.

    python tools/make_samples.py data/raw data/raw/generated

From each `*.txt` sample (lines `a | b | c` form a table):
  NAME.docx              python-docx, with real Word tables
  NAME.pdf               LibreOffice's PDF of the .docx (a text layer, tables drawn)
From the first sample (the decision):
  NAME-scan.pdf          its pages as images only, as a scanner makes them (needs OCR)
From the second (the plan):
  NAME.doc               Word 97, through LibreOffice
  NAME.tcvn3.txt, .vni.txt, .viscii.txt, .cp1258.txt, .utf16.txt   legacy encodings
And a zip delivery holding the news page and a second copy of the decision text
(which the import reports as a duplicate).
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.ingest.encodings import encode_text  # noqa: E402
from pipeline.ingest.office import convert_to  # noqa: E402


def to_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if " | " in lines[i]:
            rows = []
            while i < len(lines) and " | " in lines[i]:
                rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    for k, part in enumerate(cell.split("; ")):
                        para = table.cell(r, c).paragraphs[0] if k == 0 else table.cell(r, c).add_paragraph()
                        para.text = part
            continue
        document.add_paragraph(lines[i])
        i += 1
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def scanned_pdf(pdf_bytes: bytes, dpi: int = 150) -> bytes:
    """Every page rendered to a grey image and put back as an image-only PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    images = [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def main(src_dir: Path, out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    samples = sorted(src_dir.glob("*.txt"))
    if len(samples) < 2:
        print(f"need at least two .txt samples in {src_dir}", file=sys.stderr)
        return 1
    for path in samples:
        docx_bytes = to_docx(path.read_text(encoding="utf-8"))
        (out_dir / f"{path.stem}.docx").write_bytes(docx_bytes)
        (out_dir / f"{path.stem}.pdf").write_bytes(convert_to(docx_bytes, "docx", "pdf"))
    decision, plan = samples[1], samples[0]  # sorted: kh-... (plan) before qd-... (decision)
    (out_dir / f"{decision.stem}-scan.pdf").write_bytes(
        scanned_pdf((out_dir / f"{decision.stem}.pdf").read_bytes()))
    (out_dir / f"{plan.stem}.doc").write_bytes(convert_to((out_dir / f"{plan.stem}.docx").read_bytes(), "docx", "doc"))
    text = plan.read_text(encoding="utf-8")
    for enc, suffix in (("tcvn3", "tcvn3"), ("vni", "vni"), ("viscii", "viscii"),
                        ("windows-1258", "cp1258"), ("utf-16", "utf16")):
        (out_dir / f"{plan.stem}.{suffix}.txt").write_bytes(encode_text(text, enc))
    with zipfile.ZipFile(out_dir / "giao-nop-luu-tru.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for html in sorted(src_dir.glob("*.html")):
            zf.write(html, f"tin-tuc/{html.name}")
        zf.write(decision, f"quyet-dinh/ban-sao-{decision.name}")
    print(f"samples: wrote {len(list(out_dir.iterdir()))} files to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
