"""Open data of the catalogue: /du-lieu/thu-tuc.json and .csv, made from the model.

The JSON file holds one procedure per line (quick to write, easy to compare between days);
both files are put together from each procedure's own lines (``procedure_lines``), which
depend only on the procedure's file and status. docs/du-lieu-mo.md documents the format.
"""

from __future__ import annotations

import csv
import io
import json

from ..model.catalogue import Catalogue

OPEN_DATA_VERSION = "2.0"
CSV_COLUMNS = ["code", "name", "field", "level", "agency", "status", "online", "time", "fee", "decision", "updated", "url"]
PATHS = ("du-lieu/thu-tuc.json", "du-lieu/thu-tuc.csv")


def open_data_record(catalogue: Catalogue, code: str) -> dict:
    proc = catalogue.site.procedures[code]
    record = proc.model_dump(mode="json", by_alias=True, exclude_none=True)
    record["status"] = catalogue.lifecycle.statuses[code].state
    record["url"] = f"thu-tuc/{code}/"
    return record


def procedure_lines(catalogue: Catalogue, code: str) -> tuple[bytes, bytes]:
    """One procedure's JSON line and CSV line."""
    record = open_data_record(catalogue, code)
    return (json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"),
            _csv_line(_csv_cells(record)).encode("utf-8"))


def open_data_files(catalogue: Catalogue, lines: list[tuple[bytes, bytes]]) -> dict[str, bytes]:
    """Both files, from every procedure's lines in catalogue order (``procedure_lines``)."""
    head = {"as_of": catalogue.lifecycle.as_of.isoformat(), "schema_version": OPEN_DATA_VERSION,
            "unit": catalogue.site.config.name}
    start = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "procedures": [\n'
    json_file = start.encode("utf-8") + b",\n".join(line[0] for line in lines) + b"\n]}\n"
    csv_file = ("\ufeff" + _csv_line(CSV_COLUMNS)).encode("utf-8") + b"".join(line[1] for line in lines)  # BOM: Excel reads UTF-8
    return dict(zip(PATHS, (json_file, csv_file)))


def render_open_data(catalogue: Catalogue) -> dict[str, bytes]:
    site = catalogue.site
    return open_data_files(catalogue, [procedure_lines(catalogue, c) for c in site.sorted_codes(site.procedures)])


def _csv_line(*rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _csv_cells(record: dict) -> list[str]:
    methods = record.get("methods", [])
    row = dict(record, level=";".join(record["level"]),
               time=" | ".join(m.get("time", "") for m in methods),
               fee=" | ".join(m.get("fee", "") for m in methods))
    return [row.get(col, "") for col in CSV_COLUMNS]
