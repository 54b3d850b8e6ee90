"""Batch duplicate detection with Splink 5 — the Django-free core.

Call::

    from sanad.matching.linkage import find_duplicate_pairs

    result = find_duplicate_pairs(
        records,                      # pyarrow.Table or list of dicts, columns below
        upper=3.0,                    # match weight ≥ upper → band "duplicate"
        lower=0.0,                    # lower ≤ weight < upper → band "review"; below: dropped
        cluster_at=6.0,               # links ≥ max(upper, cluster_at) group records into clusters
        backend="duckdb",             # or "spark" (imports pyspark only then)
        train=True,                   # learn u by random sampling and m by EM; False: parameters
        parameters=None,              # starting / fixed parameters (comparisons.default_parameters())
        exclude_pairs=(),             # {(id_a, id_b)} decided "different people": never returned
        progress=None,                # callable(step: int, total: int, message: str)
    ) -> LinkageResult

``records`` columns (one row per person; build them with ``comparisons.prepare_record``):

    unique_id        int or str, unique
    given_key, father_key, grandfather_key, family_key
                     folded keys (``sanad.names.keys.name_key``) of each name part, or None
    alias_keys       list[str]: keys of other names used and of the other script's given name
    sex              "M" / "F" / None
    dob              ISO date "YYYY-MM-DD" when the date is exact, else None
    dob_year         int or None
    dob_precision    "exact" / "year" / "estimated"
    nationality      ISO alpha-3 or None
    phone            E.164 or None
    document         document number, upper-case letters and digits, or None
    household        household id or None

``LinkageResult``:
    pairs       list of dicts ``unique_id_l, unique_id_r, match_weight, match_probability, band,
                levels`` (``levels``: comparison → level code, see ``sanad.matching.comparisons``)
                with ``unique_id_l < unique_id_r``, weight ≥ ``lower``, sorted by weight
    clusters    {unique_id: cluster_id} for records in a cluster of two or more
    parameters  the parameters used (trained or given), for ``LinkageModel`` / the real-time check
    splink_model  Splink's settings dict with the trained m/u
    warnings    list[str] (e.g. "EM did not converge on …; defaults kept")

Design (see docs/duplicate-detection.md):
* Blocking (pairs considered): same given+family key, given+father, given+dob year, document,
  phone, dob+family key, family+father+grandfather. Comparisons then decide; phone and family
  agreement count only with given-name agreement, so household members sharing phone and family
  name score low.
* Training: u by random sampling; m by EM on two blocks that are not household-level
  (given name + year of birth; exact date of birth + sex) — never phone or family name alone.
* Two members of the same household are never put in the ``duplicate`` band (at most review).
* Clustering: Splink's connected components over links at or above ``max(upper, cluster_at)``
  only, after removing pairs decided "different people" — weak links never chain namesakes into
  one cluster.
"""

from __future__ import annotations

import copy
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sanad.matching.comparisons import (
    COLUMNS,
    COMPARISONS,
    current_parameters,
    default_parameters,
    level_weights,
    parameters_from_splink,
)

logger = logging.getLogger(__name__)

BACKENDS = ("duckdb", "spark")

PREDICTION_RULES = (
    # The given name with two more of: family, father, grandfather, year of birth. Common names
    # (Muhammad, Ahmed…) make given + one other field blocks of tens of millions of pairs at 1M
    # records; each true pair agrees on the given name and two more fields far more often than
    # not, and the other rules catch most of the rest.
    ("given_key", "family_key", "father_key"),
    ("given_key", "family_key", "dob_year"),
    ("given_key", "father_key", "dob_year"),
    ("given_key", "father_key", "grandfather_key"),
    ("given_key", "family_key", "grandfather_key"),
    ("given_key", "dob"),
    ("document",),
    ("phone",),
    ("dob", "family_key"),
    ("family_key", "father_key", "grandfather_key"),
    ("father_key", "dob"),
    # Given and family name swapped by a registrar (the father's name or the year agrees too).
    "l.given_key = r.family_key AND l.family_key = r.given_key AND l.father_key = r.father_key",
    "l.given_key = r.family_key AND l.family_key = r.given_key AND l.dob_year = r.dob_year",
    "l.given_key = r.family_key AND l.father_key = r.father_key AND l.dob_year = r.dob_year",
    # A mistyped year of birth (same day and month, so the year rules above miss the pair).
    "l.given_key = r.given_key AND l.family_key = r.family_key AND substr(l.dob, 6) = substr(r.dob, 6)",
    "l.given_key = r.given_key AND l.father_key = r.father_key AND substr(l.dob, 6) = substr(r.dob, 6)",
    # A re-spelt or mistyped given name whose key differs (consonant skeleton still equal).
    ("given_skel", "father_key", "family_key"),
    ("given_key", "grandfather_key", "dob_year"),
)
# EM training blocks: not household-level (relatives share phone, family, father, grandfather).
TRAINING_RULES = (("given_key", "dob_year"), ("dob", "sex"))
# Rules that admit almost no false positives: for estimating λ.
DETERMINISTIC_RULES = (
    "l.document = r.document",
    "l.given_key = r.given_key AND l.father_key = r.father_key AND l.family_key = r.family_key "
    "AND l.dob_year = r.dob_year",
)


@dataclass
class LinkageResult:
    pairs: list[dict]
    clusters: dict
    parameters: dict
    splink_model: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# DuckDB's own limits (it runs in-process): memory, threads, where it spills.
DUCKDB_MEMORY_LIMIT = os.environ.get("SANAD_LINKAGE_MEMORY_LIMIT", "2GB")
DUCKDB_THREADS = int(os.environ.get("SANAD_LINKAGE_THREADS", "2"))
RECORDS_CHUNK = 50_000
# Pairs sampled at random to estimate u: enough for the rarest agreement levels (~1e-5) while
# keeping training time and memory flat above a few hundred thousand records.
U_SAMPLE_PAIRS = float(os.environ.get("SANAD_LINKAGE_U_PAIRS", 5e6))


def database_api(backend: str = "duckdb"):
    """The Splink database API for ``backend``; Spark is imported only when chosen."""
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(":memory:")
        connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        connection.execute(f"SET threads = {DUCKDB_THREADS}")
        connection.execute(f"SET temp_directory = '{tempfile.gettempdir()}/sanad-linkage.tmp'")
        connection.execute("SET preserve_insertion_order = false")
        return DuckDBAPI(connection=connection)
    if backend == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - Spark is optional
            raise RuntimeError(
                "SANAD_LINKAGE_BACKEND=spark needs pyspark (pip install pyspark) and a Spark cluster"
            ) from exc
        from splink.backends.spark import SparkAPI

        spark = SparkSession.builder.appName("sanad-linkage").getOrCreate()
        return SparkAPI(spark_session=spark)
    raise ValueError(f"Unknown linkage backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def _sql_for(sql: str, backend: str) -> str:
    # Splink's Spark backend registers Jaro-Winkler as ``jaro_winkler`` (its similarity jar).
    return sql.replace("jaro_winkler_similarity(", "jaro_winkler(") if backend == "spark" else sql


def splink_settings(parameters: dict | None = None, *, backend: str = "duckdb") -> dict:
    """A Splink settings dict for Sanad's comparisons, starting from ``parameters``."""
    params = current_parameters(parameters) or default_parameters()
    levels = {**default_parameters()["levels"], **(params.get("levels") or {})}
    comparisons = []
    for comparison in COMPARISONS:
        comparison_levels = []
        for level in comparison.levels:
            entry = {"sql_condition": _sql_for(level.sql, backend), "label_for_charts": level.code}
            if level.is_null:
                entry["is_null_level"] = True
            else:
                entry["m_probability"] = levels[level.code]["m"]
                entry["u_probability"] = levels[level.code]["u"]
                if level.fix_m:
                    entry["m_probability"] = level.m
                    entry["fix_m_probability"] = True
                if level.fix_u:
                    entry["u_probability"] = level.u
                    entry["fix_u_probability"] = True
            comparison_levels.append(entry)
        comparisons.append({"output_column_name": comparison.name, "comparison_levels": comparison_levels})
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": params.get("prior") or default_parameters()["prior"],
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [
            rule if isinstance(rule, str) else " AND ".join(f"l.{c} = r.{c}" for c in rule)
            for rule in PREDICTION_RULES
        ],
        "additional_columns_to_retain": ["household"],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 20,
    }


def records_table(records: Iterable[dict], *, chunk: int = RECORDS_CHUNK):
    """A pyarrow table of linkage records (``prepare_record`` dicts), built ``chunk`` rows at a
    time so that the dicts of a whole registry never sit in memory together."""
    import pyarrow as pa

    batches, rows = [], []
    for record in records:
        rows.append(record)
        if len(rows) >= chunk:
            batches.append(_as_table(rows))
            rows = []
    if rows or not batches:
        batches.append(_as_table(rows))
    if len(batches) == 1:
        return batches[0]
    return pa.concat_tables(batches).combine_chunks()


def _schema(rows: list[dict]):
    import pyarrow as pa

    return pa.schema(
        [
            ("unique_id", pa.int64() if rows and isinstance(rows[0]["unique_id"], int) else pa.string()),
            ("given_key", pa.string()),
            ("father_key", pa.string()),
            ("grandfather_key", pa.string()),
            ("family_key", pa.string()),
            ("given_fold", pa.string()),
            ("father_fold", pa.string()),
            ("grandfather_fold", pa.string()),
            ("family_fold", pa.string()),
            ("given_skel", pa.string()),
            ("father_skel", pa.string()),
            ("grandfather_skel", pa.string()),
            ("family_skel", pa.string()),
            ("given_label", pa.string()),
            ("given_spelling", pa.string()),
            ("alias_keys", pa.list_(pa.string())),
            ("sex", pa.string()),
            ("dob", pa.string()),
            ("dob_year", pa.int32()),
            ("dob_precision", pa.string()),
            ("nationality", pa.string()),
            ("phone", pa.string()),
            ("document", pa.string()),
            ("location", pa.string()),
            ("household", pa.string()),
        ]
    )


def _as_table(records):
    import pyarrow as pa

    if isinstance(records, pa.Table):
        missing = [c for c in COLUMNS if c not in records.column_names]
        if missing:
            raise ValueError(f"records lack the columns {missing}")
        return records
    rows = records if isinstance(records, list) else list(records)
    columns = {c: [row.get(c) for row in rows] for c in COLUMNS}
    return pa.Table.from_pydict(columns, schema=_schema(rows))


def _train(linker, warnings: list[str], record_count: int) -> None:
    from splink import block_on

    try:
        linker.training.estimate_probability_two_random_records_match(list(DETERMINISTIC_RULES), recall=0.7)
    except Exception as exc:  # noqa: BLE001 — too few deterministic matches: keep the prior
        warnings.append(f"prior not estimated ({exc}); default kept")
    max_pairs = min(U_SAMPLE_PAIRS, max(1e5, record_count * 50.0))
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=42)
    for rule in TRAINING_RULES:
        # A failed EM session can leave the linker with the comparisons it set aside: restore them.
        saved = copy.deepcopy(linker._settings_obj)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), estimate_without_term_frequencies=True, max_pairs=5e6
            )
        except Exception as exc:  # noqa: BLE001 — small or odd data: keep the starting m values
            linker._settings_obj = saved
            warnings.append(f"EM on {'+'.join(rule)} failed ({exc}); starting m values kept")


def find_duplicate_pairs(
    records,
    *,
    upper: float = 3.0,
    lower: float = 0.0,
    cluster_at: float | None = None,
    backend: str = "duckdb",
    train: bool = True,
    parameters: dict | None = None,
    exclude_pairs: Iterable[tuple] = (),
    progress: Callable[[int, int, str], None] | None = None,
) -> LinkageResult:
    """Scored candidate pairs and clusters for ``records`` (see the module docstring)."""
    from splink import Linker

    if lower > upper:
        raise ValueError("lower threshold above upper threshold")
    report = progress or (lambda step, total, message: None)
    parameters = current_parameters(parameters)
    table = _as_table(records)
    warnings: list[str] = []
    if table.num_rows < 2:
        return LinkageResult([], {}, parameters or default_parameters(), {}, warnings)

    report(1, 5, "register")
    db_api = database_api(backend)
    if backend == "spark":  # pragma: no cover - Spark is optional
        data = db_api.spark.createDataFrame(table.to_pandas())
        frame = db_api.register(data)
    else:
        frame = db_api.register(table)
    linker = Linker(frame, splink_settings(parameters, backend=backend), log_level=logging.WARNING)

    if train:
        report(2, 5, "train")
        _train(linker, warnings, table.num_rows)
    splink_model = linker.misc.save_model_to_json()
    used = parameters_from_splink(splink_model) if train else (parameters or default_parameters())
    if train:
        used["prior"] = (parameters or {}).get("prior") or used["prior"]

    report(3, 5, "predict")
    predictions = linker.inference.predict(threshold_match_weight=lower)
    gamma = {c.name: f"gamma_{c.name}" for c in COMPARISONS}
    # Banding in SQL: ordered ids, the band (two members of one household at most "review"),
    # sorted by weight; Python only receives the columns it keeps.
    band_sql = (
        f"CASE WHEN match_weight >= {float(upper)!r} AND NOT coalesce(household_l = household_r, false)"
        " THEN 'duplicate' ELSE 'review' END"
    )
    select = (
        "least(unique_id_l, unique_id_r) AS id_l, greatest(unique_id_l, unique_id_r) AS id_r,"
        f" match_weight, match_probability, {band_sql} AS band, " + ", ".join(gamma.values())
    )
    order = "match_weight DESC, id_l, id_r"
    sql = f"SELECT {select} FROM {predictions.physical_name} ORDER BY {order}"  # noqa: S608
    report(4, 5, "band")
    if backend == "duckdb":
        fetched = db_api.duckdb_con.sql(sql).to_arrow_table()
        db_api.duckdb_con.execute(f"DROP TABLE IF EXISTS {predictions.physical_name}")
        columns = {name: fetched.column(name).to_pylist() for name in fetched.column_names}
        del fetched
    else:  # pragma: no cover - Spark is optional
        rows = linker.misc.query_sql(sql).as_record_list()
        columns = {name: [row[name] for row in rows] for name in rows[0]} if rows else {}
        del rows

    excluded = {tuple(sorted(pair)) for pair in exclude_pairs}
    # Splink numbers a comparison's levels from the last (0 = else) upwards; the null level is -1.
    level_codes = {}
    for comparison in COMPARISONS:
        non_null = [level for level in comparison.levels if not level.is_null]
        codes = {index: level.code for index, level in enumerate(reversed(non_null))}
        codes[-1] = comparison.levels[0].code
        level_codes[comparison.name] = codes
    names = list(gamma)
    # Few distinct level patterns: one (read-only) levels dict per pattern, shared by its pairs.
    patterns: dict[tuple, dict[str, str]] = {}
    pairs = []
    if columns:
        vectors = zip(*(columns[col] for col in gamma.values()), strict=True)
        for a, b, weight, probability, band, vector in zip(
            columns["id_l"],
            columns["id_r"],
            columns["match_weight"],
            columns["match_probability"],
            columns["band"],
            vectors,
            strict=True,
        ):
            if (a, b) in excluded:
                continue
            levels = patterns.get(vector)
            if levels is None:
                levels = patterns[vector] = {
                    name: level_codes[name].get(int(code), "")
                    for name, code in zip(names, vector, strict=True)
                }
            pairs.append(
                {
                    "unique_id_l": a,
                    "unique_id_r": b,
                    "match_weight": float(weight),
                    "match_probability": float(probability),
                    "band": band,
                    "levels": levels,
                }
            )
    del columns

    report(5, 5, "cluster")
    # Clusters only group pairs for the reviewer; they use stronger links than flagging so that
    # a chain of pairs just above the upper threshold does not gather namesakes into one cluster.
    clusters = _clusters(
        linker, db_api, None, pairs, max(upper, cluster_at if cluster_at is not None else upper)
    )
    return LinkageResult(pairs, clusters, used, splink_model, warnings)


def _clusters(linker, db_api, predictions, pairs: list[dict], upper: float) -> dict:
    """Splink's clustering over the links at or above ``upper`` that remain after exclusions."""
    import pyarrow as pa

    # Only records with a link at or above the cluster weight are nodes: every cluster has two
    # or more records.
    strong = [p for p in pairs if p["band"] == "duplicate" and p["match_weight"] >= upper]
    if not strong:
        return {}
    ids = sorted({p["unique_id_l"] for p in strong} | {p["unique_id_r"] for p in strong})
    id_type = pa.int64() if isinstance(ids[0], int) else pa.string()
    edges = pa.table(
        {
            "unique_id_l": pa.array([p["unique_id_l"] for p in strong], id_type),
            "unique_id_r": pa.array([p["unique_id_r"] for p in strong], id_type),
            "match_weight": pa.array([p["match_weight"] for p in strong], pa.float64()),
            "match_probability": pa.array([p["match_probability"] for p in strong], pa.float64()),
        }
    )
    nodes = pa.table({"unique_id": pa.array(ids, id_type)})
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    clustered = cluster_pairwise_predictions_at_threshold(
        nodes=nodes,
        edges=edges,
        db_api=db_api,
        node_id_column_name="unique_id",
        edge_id_column_name_left="unique_id_l",
        edge_id_column_name_right="unique_id_r",
        threshold_match_weight=upper,
    )
    return {row["unique_id"]: str(row["cluster_id"]) for row in clustered.as_record_list()}


def score_records(left: dict, right: dict, parameters: dict | None = None):
    """Score one pair in Python with the same weights (used by tests and the benchmark)."""
    from sanad.matching.comparisons import score_pair

    return score_pair(left, right, level_weights(parameters))
