"""The whole pipeline over the real documents of ../shared/corpus, scored against the gold:
every main field stays at or above its floor (tests/eval_baseline.json)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.batch import run_batch
from tests.conftest import need_shared

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from eval_gate import BASELINE, below_floor, load_scorer  # noqa: E402


def test_corpus_scores_stay_above_floors_and_every_file_reads(tmp_path):
    shared = need_shared()
    out = tmp_path / "eval"
    run_batch([shared / "corpus"], out, workers=2)  # the parallel path, on real documents
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    files = [p for p in (shared / "corpus").rglob("*") if p.is_file()]
    assert len(docs) == len(files)
    assert all(d["status"] == "ok" for d in docs), [(d["source"], d["error"]) for d in docs if d["status"] != "ok"]
    by = {Path(d["source"]).stem: d for d in docs}
    texts = {r["doc_id"]: r["text"] for r in pq.read_table(out / "texts.parquet").to_pylist()}
    # the scanned resolution and the PDF with a garbage OCR layer read as Vietnamese through OCR
    assert "NGHỊ QUYẾT" in texts[by["128_hanoi-hdnd-nq-12-2025-scanned"]["doc_id"]].upper()
    assert "THÔNG BÁO" in texts[by["143_lamdong-tb-493-ubnd-2025-bad-ocr-layer"]["doc_id"]].upper()
    assert "KẾ HOẠCH" in texts[by["131_lamdong-kh-phong-chong-ma-tuy-2026"]["doc_id"]]
    result = load_scorer(shared / "gold").score(shared / "gold", out)
    assert below_floor(result, json.loads(BASELINE.read_text())) == []
    report = run_batch([shared / "corpus"], out)  # a re-run processes nothing
    assert report.processed == 0 and not report.tables_written
