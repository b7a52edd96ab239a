"""`DIR/datapackage.json`: the tables' schema published with them, machine-readable.

A Frictionless Data Package (https://specs.frictionlessdata.io/): one tabular resource per
CSV table, each with its Table Schema (fields, types, descriptions, keys). Built from
`models.SCHEMAS` and `models.COLUMN_DOCS`, so a table or column added there is published
without an edit here. `tables.py` writes it beside the tables on every run.

Types: Arrow string -> `string`, int64 -> `integer`, bool -> `boolean`, date32 -> `date`,
a list -> `list` with delimiter `;` (as the CSV joins lists). Keys:
  - `documents` has one row per input file: its primary key is `source`. `doc_id` is the
    content's id, shared by a duplicate and its original (and by every empty file);
  - `texts` has one row per readable document: its primary key is `doc_id`;
  - every other table's `doc_id` is a foreign key to `documents.doc_id`: the key that joins;
    so are the columns that name another document (`LINKS`: `documents.same_as`,
    `references.target_doc_id`), null where they name none.
"""
from __future__ import annotations

import pyarrow as pa

from pipeline.models import DOC_KINDS, DOC_STATUSES, SCHEMA_VERSION, SCHEMAS, column_doc, table_doc

NAME = "datapackage.json"
PRIMARY_KEYS = {"documents": "source", "texts": "doc_id"}
ENUMS = {("documents", "status"): DOC_STATUSES, ("documents", "kind"): DOC_KINDS}
LINKS = {"documents": ("same_as",), "references": ("target_doc_id",)}  # doc_ids of other documents
REQUIRED = {("documents", "doc_id"), ("documents", "status"), ("documents", "kind")}


def field_type(t: pa.DataType) -> dict:
    """The Table Schema type of an Arrow type, as the CSV writes it."""
    if pa.types.is_list(t):
        return {"type": "list", "delimiter": ";", "itemType": field_type(t.value_type)["type"]}
    if pa.types.is_string(t):
        return {"type": "string"}
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_boolean(t):
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if pa.types.is_date(t):
        return {"type": "date", "format": "default"}
    raise ValueError(f"no Table Schema type for Arrow type {t}")


def table_schema(name: str) -> dict:
    fields = []
    for f in SCHEMAS[name]:
        title, description = column_doc(name, f.name)
        field = {"name": f.name, "title": title, "description": description, **field_type(f.type)}
        constraints = {}
        if (name, f.name) in REQUIRED or PRIMARY_KEYS.get(name) == f.name:
            constraints["required"] = True
        if (name, f.name) in ENUMS:
            constraints["enum"] = list(ENUMS[name, f.name])
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if name in PRIMARY_KEYS:
        schema["primaryKey"] = [PRIMARY_KEYS[name]]
    keys = ["doc_id"] if name != "documents" and "doc_id" in SCHEMAS[name].names else []
    keys += [c for c in LINKS.get(name, ()) if c in SCHEMAS[name].names]
    if keys:
        schema["foreignKeys"] = [{"fields": [c], "reference": {"resource": "documents", "fields": ["doc_id"]}}
                                 for c in keys]
    return schema


def datapackage() -> dict:
    """The package descriptor (a JSON object) for an output folder's tables."""
    resources = []
    for name in SCHEMAS:
        title, description = table_doc(name)
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "title": title, "description": f"{description} The same rows, typed, are in {name}.parquet.".lstrip(),
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\n",
                        "header": True},
            "schema": table_schema(name),
        })
    return {
        "profile": "tabular-data-package",
        "name": "vanban",
        "title": "vanban: Vietnamese government documents as tables",
        "description": ("Tables extracted from Vietnamese government documents (decisions, plans, letters, "
                        "news): documents, their texts, document numbers, dates, agencies, tasks and task "
                        "counts. `doc_id` joins all tables; offsets `start`/`end` point into `texts.text`. "
                        "Changes between schema versions are listed in the project's CHANGELOG.md."),
        "version": SCHEMA_VERSION,
        "resources": resources,
    }
