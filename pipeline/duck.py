"""`DIR/vanban.duckdb`: the tables in a DuckDB database, with views for common questions.

    duckdb data/processed/vanban.duckdb "SELECT lead, count(*) FROM tasks GROUP BY 1 ORDER BY 2 DESC"

Tables are copied from the Parquet files (so the database stands alone and can be moved);
views:
  tasks_with_document  each task with its document's file (document_source), kind, title, own number
                       (the `self` reference) and issue date
  task_deadlines       each task with a deadline, as the last day it allows
                       (`2021-Q2` -> 2021-06-30, `2021-06` -> 2021-06-30)
  overdue_tasks        tasks whose deadline day is before today
  documents_unique     each document once: readable rows that are no copy of an earlier document
                       (`same_as` null), with `files`, how many files hold it (itself, byte duplicates,
                       other-format copies)
  tasks_unique         the tasks of documents_unique (a plan's tasks counted once, not once per copy)
  citations            each citation of one document of the folder by another (`references.target_doc_id`):
                       citing_doc_id, citing_number, citing_title, cited_doc_id, cited_number (its own
                       number), cited_title, ref (as cited), issued_date, start, end (in the citing text);
                       `WHERE citing_doc_id = ?` lists what a document cites, `WHERE cited_doc_id = ?`
                       what cites it
The database is built under a temporary name and moved into place.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.models import TABLE_NAMES
from pipeline.tables import publish

DB_NAME = "vanban.duckdb"

VIEWS = {
    "tasks_with_document": """
        SELECT t.*, d.source AS document_source, d.kind, d.title, d.issuer, d.published_date,
               r.ref AS document_number, r.issued_date AS document_issued
        FROM tasks t
        JOIN documents d USING (doc_id)
        LEFT JOIN (SELECT doc_id, min(ref) AS ref, min(issued_date) AS issued_date
                   FROM "references" WHERE role = 'self' GROUP BY doc_id) r USING (doc_id)""",
    "task_deadlines": """
        SELECT *, CASE
            WHEN deadline ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN CAST(deadline AS DATE)
            WHEN deadline ~ '^\\d{4}-Q[1-4]$' THEN CAST(last_day(make_date(CAST(left(deadline, 4) AS INTEGER),
                 CAST(right(deadline, 1) AS INTEGER) * 3, 1)) AS DATE)
            WHEN deadline ~ '^\\d{4}-\\d{2}$' THEN CAST(last_day(CAST(deadline || '-01' AS DATE)) AS DATE)
            WHEN deadline ~ '^\\d{4}$' THEN make_date(CAST(deadline AS INTEGER), 12, 31)
            END AS deadline_day
        FROM tasks_with_document WHERE deadline IS NOT NULL""",
    "overdue_tasks": """
        SELECT * FROM task_deadlines WHERE deadline_day < current_date ORDER BY deadline_day""",
    "documents_unique": """
        SELECT d.*, g.files
        FROM documents d
        JOIN (SELECT coalesce(same_as, doc_id) AS doc_id, count(*) AS files FROM documents
              WHERE status IN ('ok', 'duplicate') GROUP BY 1) g USING (doc_id)
        WHERE d.status = 'ok' AND d.same_as IS NULL""",
    "tasks_unique": """
        SELECT * FROM tasks WHERE doc_id IN (SELECT doc_id FROM documents_unique)""",
    "citations": """
        SELECT r.doc_id AS citing_doc_id, cs.ref AS citing_number, c.title AS citing_title,
               r.target_doc_id AS cited_doc_id, ts.ref AS cited_number, t.title AS cited_title,
               r.ref, r.issued_date, r.start, r."end"
        FROM "references" r
        JOIN documents c ON c.doc_id = r.doc_id AND c.status = 'ok'
        JOIN documents t ON t.doc_id = r.target_doc_id AND t.status = 'ok'
        LEFT JOIN (SELECT doc_id, min(ref) AS ref FROM "references" WHERE role = 'self' GROUP BY doc_id) cs
               ON cs.doc_id = r.doc_id
        LEFT JOIN (SELECT doc_id, min(ref) AS ref FROM "references" WHERE role = 'self' GROUP BY doc_id) ts
               ON ts.doc_id = r.target_doc_id
        WHERE r.target_doc_id IS NOT NULL""",
}


def write_duckdb(out_dir: Path) -> Path:
    import duckdb

    path = out_dir / DB_NAME
    fd, tmp = tempfile.mkstemp(prefix=".vanban.", suffix=".duckdb", dir=out_dir)
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    try:
        # bounded memory whatever the size of the run: DuckDB streams the Parquet files in
        con = duckdb.connect(tmp, config={"memory_limit": "256MB", "preserve_insertion_order": False,
                                          "threads": 1})
        for name in TABLE_NAMES:
            parquet = out_dir / f"{name}.parquet"
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [str(parquet)])
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
        con.close()
        publish(tmp, path)
    finally:
        for leftover in (Path(tmp), Path(tmp + ".wal")):
            leftover.unlink(missing_ok=True)
    return path
