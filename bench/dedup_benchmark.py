"""Duplicate detection on a synthetic registry with known truth: Sanad's linkage vs a plain Splink.

    .venv/bin/python bench/dedup_benchmark.py --size 100000
    .venv/bin/python bench/dedup_benchmark.py --size 1000000 --record   # also appends to BENCHMARKS.md

One run generates the registry once (``bench/registry_generator.py``, seeded; kept under
``/tmp/bench-dedup/`` and reused) and scores the same file with

* **sanad** — ``sanad.matching.linkage.find_duplicate_pairs`` on records built the way Sanad
  builds them (the importer's Arabic-name splitting and phone normalisation, then
  ``sanad.matching.comparisons.prepare_record``), thresholds from ``SANAD_MATCH_UPPER`` /
  ``SANAD_MATCH_LOWER`` (defaults 3 / 0);
* **plain** — a Splink 5 model as the Splink tutorials build it: Jaro-Winkler / Levenshtein on
  the raw lower-cased name columns (and on the raw Arabic full name), exact date of birth, phone,
  sex, nationality and baladiya, standard blocking rules, u by random sampling, m by EM; no
  Arabic-aware normalisation. Its phones are reduced to their last nine digits (generic, not
  Arabic-aware) so that the comparison is about names. Same thresholds on match weight.

Each model runs in its own child process (same data file, same machine, one after the other), so
that the peak resident memory reported — ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of that
child, read right after the batch and before scoring against the truth — is that model's alone;
it includes Python, pyarrow and DuckDB (DuckDB runs in-process).

Metrics are pairwise against ``true_person_id`` (never given to either model): precision, recall
and F1 of the ``duplicate`` band and of ``duplicate`` + ``review``; recall is over *all* true
pairs in the file, including those no blocking rule brings together. "Best F1" is the F1 at the
best threshold on match weight (an oracle: it shows what calibration could reach). "Relatives
flagged" counts false pairs in the duplicate band whose two records were registered in the same
household.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATA_DIR = Path("/tmp/bench-dedup")
UPPER_DEFAULT, LOWER_DEFAULT, CLUSTER_DEFAULT = 3.0, 0.0, 6.0


def cluster_threshold() -> float:
    return float(os.environ.get("SANAD_MATCH_CLUSTER", CLUSTER_DEFAULT))


def thresholds() -> tuple[float, float]:
    upper = float(os.environ.get("SANAD_MATCH_UPPER", UPPER_DEFAULT))
    lower = float(os.environ.get("SANAD_MATCH_LOWER", LOWER_DEFAULT))
    return upper, lower


def data_path(size: int, seed: int) -> Path:
    from registry_generator import GENERATOR_VERSION

    return DATA_DIR / f"registry-{size}-{seed}-g{GENERATOR_VERSION}.parquet"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load(path: Path, columns: list[str] | None = None) -> dict[str, list]:
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=columns)
    return {name: table.column(name).to_pylist() for name in table.column_names}


SANAD_COLUMNS = [
    "external_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_ar",
    "sex",
    "date_of_birth",
    "nationality",
    "phone",
    "household_id",
    "admin_pcode",
]


# --- Sanad ------------------------------------------------------------------------------------


def sanad_batches(path: Path, size: int = 50_000):
    """The file's Sanad input columns, ``size`` rows at a time (as the batch job reads the
    registry in chunks: the whole file never sits in memory as Python objects)."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=size, columns=SANAD_COLUMNS):
        yield {name: batch.column(name).to_pylist() for name in batch.schema.names}


def sanad_records(data, timer: list | None = None):
    """Stored people (dicts of the fields the batch job reads), one at a time, as the batch job
    reads them; the seconds spent on what the importer does once at import time (splitting,
    phone normalisation) are added to ``timer[0]``. ``data``: a dict of columns, or an iterable
    of such dicts (``sanad_batches``)."""
    batches = [data] if isinstance(data, dict) else data
    offset = 0
    for batch in batches:
        yield from _batch_records(batch, offset, timer)
        offset += len(batch["external_id"])


def _batch_records(data: dict[str, list], offset: int, timer: list | None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    os.environ.setdefault("SANAD_TESTING", "1")
    import django

    django.setup()
    from sanad.registry.services.import_rows import split_arabic_name
    from sanad.registry.validation import phone_normalise

    phones: dict[str, str | None] = {}
    timer = timer if timer is not None else [0.0]
    for i in range(len(data["external_id"])):
        started = time.perf_counter()
        raw_phone = data["phone"][i]
        if raw_phone and raw_phone not in phones:
            phones[raw_phone] = phone_normalise(raw_phone)
        ar = split_arabic_name(data["name_ar"][i]) if data["name_ar"][i] else ("", "", "", "")
        dob = data["date_of_birth"][i]
        timer[0] += time.perf_counter() - started
        yield (
            {
                "unique_id": offset + i,
                "given": data["given_name"][i],
                "father": data["father_name"][i],
                "grandfather": data["grandfather_name"][i],
                "family": data["family_name"][i],
                "given_ar": ar[0],
                "father_ar": ar[1],
                "grandfather_ar": ar[2],
                "family_ar": ar[3],
                "sex": data["sex"][i],
                # The importer stores a year-only date as 1 January with precision "year".
                "date_of_birth": (f"{dob}-01-01" if len(dob) == 4 else dob) or None,
                "date_of_birth_precision": "year" if len(dob) == 4 else "exact",
                "nationality": data["nationality"][i],
                "phones": [phones[raw_phone]] if raw_phone and phones[raw_phone] else [],
                "location": data["admin_pcode"][i],
                "household": data["household_id"][i],
            }
        )


def run_sanad(data, upper: float, lower: float) -> dict:
    from sanad.matching.comparisons import prepare_record
    from sanad.matching.linkage import find_duplicate_pairs, records_table

    timer = [0.0]
    started = time.perf_counter()
    # As the batch job does: people read one at a time, records built into a pyarrow table.
    records = records_table(prepare_record(**person) for person in sanad_records(data, timer))
    result = find_duplicate_pairs(records, upper=upper, lower=lower, cluster_at=cluster_threshold())
    import_seconds = timer[0]
    seconds = time.perf_counter() - started - import_seconds
    rss = peak_rss_mib()
    pairs = [(p["unique_id_l"], p["unique_id_r"], p["match_weight"], p["band"]) for p in result.pairs]
    return {
        "pairs": pairs,
        "clusters": result.clusters,
        "seconds": seconds,
        "import_seconds": import_seconds,
        "peak_rss_mib": rss,
        "warnings": result.warnings,
    }


# --- plain Splink -----------------------------------------------------------------------------


def plain_table(data: dict[str, list]):
    import pyarrow as pa

    def clean(values: list[str]) -> list[str | None]:
        return [v.strip().lower() or None for v in values]

    def last_nine(value: str) -> str | None:
        digits = "".join(c for c in value if c.isdigit())
        return digits[-9:] or None

    columns = {
        "unique_id": pa.array(range(len(data["external_id"])), pa.int64()),
        "given_name": clean(data["given_name"]),
        "father_name": clean(data["father_name"]),
        "grandfather_name": clean(data["grandfather_name"]),
        "family_name": clean(data["family_name"]),
        "name_ar": [v.strip() or None for v in data["name_ar"]],
        "sex": [v or None for v in data["sex"]],
        "date_of_birth": [v or None for v in data["date_of_birth"]],
        "nationality": [v or None for v in data["nationality"]],
        "phone": [last_nine(v) for v in data["phone"]],
        "admin_pcode": [v or None for v in data["admin_pcode"]],
    }
    return pa.table(
        {k: v if isinstance(v, pa.Array) else pa.array(v, pa.string()) for k, v in columns.items()}
    )


def run_plain(data: dict[str, list], upper: float, lower: float) -> dict:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    table = plain_table(data)
    db_api = DuckDBAPI()
    frame = db_api.register(table)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("father_name"),
            cl.LevenshteinAtThresholds("grandfather_name", [1, 2]),
            cl.NameComparison("family_name"),
            cl.JaroWinklerAtThresholds("name_ar", [0.92, 0.8]),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("admin_pcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("given_name", "date_of_birth"),
            block_on("family_name", "date_of_birth"),
            block_on("given_name", "father_name"),
            block_on("name_ar"),
            block_on("phone"),
        ],
        retain_matching_columns=False,
    )
    linker = Linker(frame, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "father_name", "family_name", "date_of_birth")], recall=0.7
    )
    n = table.num_rows
    linker.training.estimate_u_using_random_sampling(max_pairs=min(5e7, max(1e5, n * 50.0)), seed=42)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name"), estimate_without_term_frequencies=True, max_pairs=5e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True, max_pairs=5e6
    )
    predictions = linker.inference.predict(threshold_match_weight=lower)
    rows = db_api.duckdb_con.execute(
        f"SELECT unique_id_l, unique_id_r, match_weight FROM {predictions.physical_name}"  # noqa: S608
    ).fetchall()
    seconds = time.perf_counter() - started
    rss = peak_rss_mib()
    pairs = [(a, b, w, "duplicate" if w >= upper else "review") for a, b, w in rows]
    return {"pairs": pairs, "clusters": {}, "seconds": seconds, "import_seconds": 0.0, "peak_rss_mib": rss}


# --- scoring ----------------------------------------------------------------------------------


def prf(tp: int, predicted: int, actual: int) -> dict:
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": predicted, "true_pairs_found": tp}


def evaluate(run: dict, data: dict[str, list]) -> dict:
    truth = data["true_person_id"]
    household = data["household_id"]
    actual = sum(k * (k - 1) // 2 for k in Counter(truth).values())
    scored = [(w, band, truth[a] == truth[b], household[a] == household[b]) for a, b, w, band in run["pairs"]]
    duplicate = [s for s in scored if s[1] == "duplicate"]
    out = {
        "true_pairs": actual,
        "duplicate": prf(sum(s[2] for s in duplicate), len(duplicate), actual),
        "duplicate_review": prf(sum(s[2] for s in scored), len(scored), actual),
        "relatives_flagged": sum(1 for s in duplicate if not s[2] and s[3]),
    }
    # Oracle: the best F1 over every threshold on match weight (pairs kept are those ≥ lower).
    best, tp = (0.0, float("nan")), 0
    for n, (weight, _, same, _) in enumerate(sorted(scored, key=lambda s: -s[0]), start=1):
        tp += same
        f1 = prf(tp, n, actual)["f1"]
        if f1 > best[0]:
            best = (f1, weight)
    out["best_f1"], out["best_threshold"] = best
    if run["clusters"]:
        members: dict[str, list[int]] = {}
        for uid, cluster in run["clusters"].items():
            members.setdefault(cluster, []).append(uid)
        cluster_pairs = sum(len(m) * (len(m) - 1) // 2 for m in members.values())
        cluster_tp = sum(
            c * (c - 1) // 2 for m in members.values() for c in Counter(truth[u] for u in m).values()
        )
        out["clusters"] = prf(cluster_tp, cluster_pairs, actual)
        out["largest_cluster"] = max(len(m) for m in members.values())
    return out


def worker(model: str, path: Path) -> None:
    upper, lower = thresholds()
    # Sanad reads its input columns in chunks (as the batch job reads the registry); the truth
    # is loaded only after the batch has been measured.
    if model == "sanad":
        run = run_sanad(sanad_batches(path), upper, lower)
    else:
        run = run_plain(load(path), upper, lower)
    data = load(path)
    count = len(data["external_id"])
    result = {
        "model": model,
        "records": count,
        "seconds": run["seconds"],
        "import_seconds": run["import_seconds"],
        "peak_rss_mib": run["peak_rss_mib"],
        "warnings": run.get("warnings", []),
        "upper": upper,
        "lower": lower,
        **evaluate(run, data),
    }
    print("RESULT " + json.dumps(result))


# --- driver -----------------------------------------------------------------------------------

LABELS = {"sanad": "Sanad linkage", "plain": "Plain Splink 5"}


def table(results: list[dict]) -> str:
    head = (
        "| model | records | duplicate P | duplicate R | duplicate F1 | dup+review P | dup+review R "
        "| dup+review F1 | best F1 (weight) | relatives flagged | batch wall time | peak RSS |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for r in results:
        d, dr = r["duplicate"], r["duplicate_review"]
        lines.append(
            f"| {LABELS[r['model']]} | {r['records']:,} | {d['precision']:.3f} | {d['recall']:.3f} "
            f"| **{d['f1']:.3f}** | {dr['precision']:.3f} | {dr['recall']:.3f} | {dr['f1']:.3f} "
            f"| {r['best_f1']:.3f} ({r['best_threshold']:.1f}) | {r['relatives_flagged']:,} "
            f"| {r['seconds']:.0f} s | {r['peak_rss_mib'] / 1024:.2f} GiB |"
        )
    return "\n".join(lines)


def notes(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        d, dr = r["duplicate"], r["duplicate_review"]
        out.append(
            f"- {LABELS[r['model']]}: {d['pairs']:,} pairs in the duplicate band "
            f"({d['true_pairs_found']:,} true), "
            f"{dr['pairs']:,} at or above the review threshold ({dr['true_pairs_found']:,} true), "
            f"of {r['true_pairs']:,} true pairs."
        )
        if r.get("import_seconds"):
            out.append(
                f"  Import-time normalisation (Arabic full-name splitting, E.164 phones) took "
                f"{r['import_seconds']:.0f} s more; the batch job reads these stored values."
            )
        if "clusters" in r:
            c = r["clusters"]
            out.append(
                f"  Clusters (links ≥ max(upper, SANAD_MATCH_CLUSTER) only): P {c['precision']:.3f}, "
                f"R {c['recall']:.3f}, "
                f"F1 {c['f1']:.3f}; largest cluster {r['largest_cluster']} records."
            )
        for warning in r.get("warnings") or []:
            out.append(f"  Warning: {warning}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--models", default="sanad,plain", help="comma-separated: sanad, plain")
    parser.add_argument("--record", action="store_true", help="append the figures to BENCHMARKS.md")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data)
        return

    import registry_generator

    path = data_path(args.size, args.seed)
    if not path.exists():
        summary = registry_generator.write(path, size=args.size, seed=args.seed)
        print(f"generated {path}: " + ", ".join(f"{k}: {v}" for k, v in summary.items()), flush=True)
    results = []
    for model in args.models.split(","):
        print(f"running {model} …", flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--worker", model, "--data", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode or not lines:
            print(done.stdout[-3000:], done.stderr[-6000:], sep="\n")
            raise SystemExit(f"{model} failed")
        results.append(json.loads(lines[-1][len("RESULT ") :]))
    upper, lower = results[0]["upper"], results[0]["lower"]
    output = "\n".join(
        [
            table(results),
            "",
            f"Thresholds on match weight: duplicate ≥ {upper:g}, review ≥ {lower:g}.",
            *notes(results),
        ]
    )
    print(output)
    if args.record:
        record(args, output)


def record(args: argparse.Namespace, output: str) -> None:
    import duckdb
    import registry_generator
    import splink

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 1024
        / 1024
    )

    def git(*command: str) -> str:
        return subprocess.run(["git", *command], capture_output=True, text=True, cwd=ROOT).stdout.strip()

    dirty = git("status", "--porcelain", "sanad/matching", "sanad/registry/services")
    code = f"code at commit {git('rev-parse', '--short', 'HEAD')}" + (
        " plus uncommitted work in progress in sanad/matching or sanad/registry" if dirty else ""
    )
    section = [
        "",
        # A run of the history (BENCHMARKS.md): the current figure is copied into its table by hand.
        f"#### Duplicate detection (batch), {args.size:,} records, generator"
        f" v{registry_generator.GENERATOR_VERSION} — measured {datetime.date.today().isoformat()}",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"Splink {splink.__version__}, DuckDB {duckdb.__version__}; {code}. Load average when done "
        f"{os.getloadavg()[0]:.1f} (the machine is shared: other jobs inflate the wall times).",
        "",
        f"    .venv/bin/python bench/dedup_benchmark.py --size {args.size} --seed {args.seed}"
        + ("" if args.models == "sanad,plain" else f" --models {args.models}"),
        "",
        output,
        "",
    ]
    with (ROOT / "BENCHMARKS.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(section))


if __name__ == "__main__":
    main()
