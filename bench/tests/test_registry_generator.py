"""The synthetic registry is reproducible and its truth is what the benchmark assumes.

.venv/bin/pytest -q -p no:cacheprovider bench/tests
"""

import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import registry_generator  # noqa: E402


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_file_other_seed_other_file(tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    registry_generator.write(a, size=2000, seed=7)
    registry_generator.write(b, size=2000, seed=7)
    registry_generator.write(c, size=2000, seed=8)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_columns_repeat_share_and_households(tmp_path):
    path = tmp_path / "r.csv"
    summary = registry_generator.write(path, size=5000, seed=3, repeat_share=0.2)
    rows = _rows(path)
    assert list(rows[0]) == list(registry_generator.COLUMNS)
    assert len(rows) == summary["records"] == 5000
    people = Counter(r["true_person_id"] for r in rows)
    repeats = sum(n - 1 for n in people.values())
    assert 0.18 <= repeats / len(rows) <= 0.22
    # Within one registered household every member is a different person.
    by_household: dict[str, list[str]] = {}
    for r in rows:
        by_household.setdefault(r["household_id"], []).append(r["true_person_id"])
    assert all(len(set(ids)) == len(ids) for ids in by_household.values())
    assert any(len(ids) > 3 for ids in by_household.values())
    # Scripts, year-only dates and P-codes from the gazetteer are all present.
    assert any(r["name_ar"] and not r["given_name"] for r in rows)
    assert any(r["given_name"] and not r["name_ar"] for r in rows)
    assert sum(len(r["date_of_birth"]) == 4 for r in rows) > len(rows) * 0.3
    pcodes, _ = registry_generator.load_pcodes()
    assert {r["admin_pcode"] for r in rows} <= set(pcodes)


def test_repeats_are_spelt_differently(tmp_path):
    path = tmp_path / "r.csv"
    registry_generator.write(path, size=5000, seed=5)
    records: dict[str, list[tuple]] = {}
    for r in _rows(path):
        records.setdefault(r["true_person_id"], []).append((r["given_name"], r["family_name"], r["name_ar"]))
    repeated = [v for v in records.values() if len(v) > 1]
    differing = sum(1 for v in repeated if len(set(v)) > 1)
    assert differing / len(repeated) > 0.5


def test_parquet_output(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "r.parquet"
    registry_generator.write(path, size=1500, seed=1)
    table = pq.read_table(path)
    assert table.num_rows == 1500
    assert table.column_names == list(registry_generator.COLUMNS)
