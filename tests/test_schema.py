"""The published schema: datapackage.json validates with frictionless, every column is
described, and a change of `models.SCHEMAS` without a new `SCHEMA_VERSION`, a CHANGELOG
section and a recorded fingerprint fails here.

Recording a new version's fingerprint (after bumping SCHEMA_VERSION and adding its section):
    VANBAN_RECORD_SCHEMA=1 .venv/bin/python -m pytest -q tests/test_schema.py
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline import datapackage, models
from pipeline.batch import run_batch
from pipeline.config import RAW_DIR, ROOT

FINGERPRINTS = ROOT / "tests" / "schema_fingerprint.json"
CHANGELOG = ROOT / "CHANGELOG.md"
SAMPLES = sorted(p for p in RAW_DIR.iterdir() if p.suffix in (".txt", ".html"))


def fingerprint(schemas: dict[str, pa.Schema]) -> str:
    """A hash of the tables, their columns in order and the columns' types."""
    shape = {name: [[f.name, str(f.type)] for f in schema] for name, schema in schemas.items()}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def changelog_versions() -> list[str]:
    return re.findall(r"^## (\d+\.\d+)\b", CHANGELOG.read_text(encoding="utf-8"), flags=re.M)


def test_changelog_has_a_section_for_the_current_schema_version():
    versions = changelog_versions()
    assert models.SCHEMA_VERSION in versions, (
        f"CHANGELOG.md has no '## {models.SCHEMA_VERSION}' section: say what changed in this schema version")
    assert versions[0] == models.SCHEMA_VERSION, "the newest version comes first in CHANGELOG.md"


def test_schemas_match_the_fingerprint_recorded_for_the_schema_version():
    recorded = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))
    current = fingerprint(models.SCHEMAS)
    if os.environ.get("VANBAN_RECORD_SCHEMA") and models.SCHEMA_VERSION not in recorded:
        assert models.SCHEMA_VERSION in changelog_versions(), "add the CHANGELOG.md section first"
        recorded[models.SCHEMA_VERSION] = current
        FINGERPRINTS.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
    assert models.SCHEMA_VERSION in recorded, (
        f"schema version {models.SCHEMA_VERSION} has no recorded fingerprint: add its CHANGELOG.md section, then "
        "run VANBAN_RECORD_SCHEMA=1 .venv/bin/python -m pytest -q tests/test_schema.py")
    assert recorded[models.SCHEMA_VERSION] == current, (
        f"models.SCHEMAS changed but SCHEMA_VERSION is still {models.SCHEMA_VERSION}: bump it, add a CHANGELOG.md "
        "section and record the fingerprint (see the CHANGELOG header)")


def test_fingerprint_sees_an_added_a_renamed_and_a_retyped_column():
    base = fingerprint(models.SCHEMAS)
    tasks = models.SCHEMAS["tasks"]
    changed = [
        tasks.append(pa.field("section", pa.string())),
        tasks.set(tasks.get_field_index("deadline"), pa.field("deadline_day", pa.string())),
        tasks.set(tasks.get_field_index("task_no"), pa.field("task_no", pa.int64())),
    ]
    prints = {fingerprint({**models.SCHEMAS, "tasks": s}) for s in changed}
    assert base not in prints and len(prints) == 3
    assert fingerprint({**models.SCHEMAS, "sections": pa.schema([("doc_id", pa.string())])}) != base


def test_every_table_and_column_is_described_once():
    assert set(models.TABLE_DOCS) == set(models.SCHEMAS), "describe each table in models.TABLE_DOCS"
    for name, schema in models.SCHEMAS.items():
        for f in schema:
            title, description = models.column_doc(name, f.name)
            assert title and description.endswith("."), f"describe {name}.{f.name} in models.COLUMN_DOCS"
        stale = set(models.COLUMN_DOCS.get(name, {})) - set(schema.names)
        assert not stale, f"{name}: described columns that the schema does not have: {stale}"


def test_datapackage_follows_schemas_when_a_table_or_column_is_added(monkeypatch):
    tasks = models.SCHEMAS["tasks"].append(pa.field("not_described_yet", pa.string()))
    monkeypatch.setattr(datapackage, "SCHEMAS", {**models.SCHEMAS, "tasks": tasks, "new_table": tasks})
    res = {r["name"]: r for r in datapackage.datapackage()["resources"]}
    assert res["tasks"]["schema"]["fields"][-1] == {"name": "not_described_yet", "title": "not_described_yet",
                                                    "description": "", "type": "string"}
    assert res["new_table"]["title"] == "new_table"


def _mixed_folder(src: Path) -> None:
    """The samples, a copy of one (duplicate), empty files, binary junk and a zip."""
    src.mkdir()
    for p in SAMPLES:
        shutil.copy(p, src / p.name)
    shutil.copy(SAMPLES[0], src / "copy.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "empty-too.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 10)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner/" + SAMPLES[1].name, SAMPLES[1].read_bytes())
        z.writestr("inner/other.txt", "Quyết định số 12/QĐ-UBND ngày 3/3/2024.\nGiao Sở Tài chính rà soát.\n")
    (src / "delivery.zip").write_bytes(buf.getvalue())


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("schema")
    _mixed_folder(tmp / "src")
    run_batch([tmp / "src"], tmp / "out")
    return tmp / "out"


def test_run_writes_a_datapackage_that_frictionless_validates(out):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras (make setup)")
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["version"] == models.SCHEMA_VERSION
    assert [r["name"] for r in pkg["resources"]] == list(models.SCHEMAS)
    for r in pkg["resources"]:
        assert [f["name"] for f in r["schema"]["fields"]] == models.SCHEMAS[r["name"]].names
        assert all(f["description"] for f in r["schema"]["fields"])
    statuses = {row["status"] for row in csv.DictReader(open(out / "documents.csv", encoding="utf-8"))}
    assert {"ok", "duplicate", "empty", "failed"} <= statuses  # the keys hold on every kind of row
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_frictionless_catches_a_wrong_type_and_a_doc_id_that_joins_nothing(out, tmp_path):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras (make setup)")
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    rows = list(csv.reader(open(bad / "tasks.csv", encoding="utf-8", newline="")))
    head = rows[0]
    rows[1][head.index("start")] = "twelve"
    rows[2][head.index("doc_id")] = "0000000000000000"
    with open(bad / "tasks.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = frictionless.validate(bad / "datapackage.json")
    errors = {e[0] for e in report.flatten(["type"])}
    assert not report.valid and {"type-error", "foreign-key"} <= errors, errors


def test_target_doc_id_and_same_as_are_foreign_keys_to_documents(out, tmp_path):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras (make setup)")
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    keys = {r["name"]: [k["fields"] for k in r["schema"].get("foreignKeys", [])] for r in pkg["resources"]}
    assert keys["references"] == [["doc_id"], ["target_doc_id"]] and keys["documents"] == [["same_as"]]
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    rows = list(csv.reader(open(bad / "references.csv", encoding="utf-8", newline="")))
    col = rows[0].index("target_doc_id")
    linked = [r for r in rows[1:] if r[col]]
    assert linked, "the samples' plan and news article cite the decision"
    linked[0][col] = "0000000000000000"
    with open(bad / "references.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = frictionless.validate(bad / "datapackage.json")
    assert not report.valid and {e[0] for e in report.flatten(["type"])} == {"foreign-key"}
