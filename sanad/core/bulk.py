"""Fast inserts for bulk writes (the people import, its audit events): rows go straight to the
database, without model instances.

``bulk_create`` builds a model instance and compiles every value of every row; at a million
rows (people, phones, name keys, registrations, audit events for 100,000 people) that alone
takes minutes. Here each column's conversion is chosen once per table, rows are plain tuples,
and they are written with ``executemany`` (SQLite) or ``COPY`` (PostgreSQL). Every concrete
field of the model is written — a field the caller does not give gets the model's default —
so a field added to a model later is still filled in.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models

_MISSING = object()


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a value becomes what the database driver takes; None: as it is."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    if connection.vendor != "sqlite":
        return None  # psycopg adapts dates, uuids and datetimes itself
    if kind == "UUIDField":
        return lambda value: value.hex if isinstance(value, uuid.UUID) else value
    if kind in ("DateField", "DateTimeField", "TimeField"):
        adapt = {
            "DateField": connection.ops.adapt_datefield_value,
            "DateTimeField": connection.ops.adapt_datetimefield_value,
            "TimeField": connection.ops.adapt_timefield_value,
        }[kind]
        return adapt
    return None


class TableWriter:
    """Rows of ``model`` as dicts keyed by attribute name (``person_id``), written in one go."""

    def __init__(self, model: type[models.Model], *, now, with_pk: bool = False):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.plan: list[tuple[str, Any, Callable | None, Callable | None]] = []
        for field in self.fields:
            default: Any = _MISSING
            factory = None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = now
            elif field.has_default():
                if field.default in (list, dict, tuple):
                    default = field.default()  # converted once: the database gets text
                elif callable(field.default):
                    factory = field.default
                else:
                    default = field.default
            elif field.null:
                default = None
            elif not field.primary_key and field.empty_strings_allowed and not field.is_relation:
                default = ""
            self.plan.append((field.attname, default, factory, _converter(field)))
        self.rows: list[tuple] = []
        self._compiled: dict[tuple[str, ...], tuple] = {}

    def add(self, values: dict[str, Any]) -> None:
        keys = tuple(values)
        compiled = self._compiled.get(keys)
        if compiled is None:
            compiled = self._compiled[keys] = self._compile(keys)
        template, given, made = compiled
        row = template.copy()
        for index, key, convert in given:
            value = values[key]
            row[index] = value if convert is None else convert(value)
        for index, factory, convert in made:
            value = factory()
            row[index] = value if convert is None else convert(value)
        self.rows.append(tuple(row))

    def _compile(self, keys: tuple[str, ...]):
        """For rows with these keys: the constant part of the row (defaults, already converted),
        where each given value goes, and which values a default factory makes (uuid4 …)."""
        template: list[Any] = []
        given, made = [], []
        for index, (attname, default, factory, convert) in enumerate(self.plan):
            if attname in keys:
                template.append(None)
                given.append((index, attname, convert))
            elif factory is not None:
                template.append(None)
                made.append((index, factory, convert))
            elif default is _MISSING:
                raise ValueError(f"{self.model.__name__}.{attname} needs a value")
            else:
                template.append(default if convert is None else convert(default))
        return template, given, made

    def flush(self, batch: int = 5000) -> int:
        count = len(self.rows)
        if count:
            insert_rows(self.model._meta.db_table, self.columns, self.rows, batch=batch)
        self.rows = []
        return count


def insert_rows(table: str, columns: list[str], rows: Iterable[tuple], *, batch: int = 5000) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor: COPY is the fastest way in
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 — names are ours
        rows = list(rows)
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, reserved so nothing else can take them.

    PostgreSQL: from the table's sequence. SQLite: the write transaction holds the database
    lock, so the keys above the highest one ever handed out are ours.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(pk)}), 0) FROM {table}")  # noqa: S608
        highest = cursor.fetchone()[0]
        try:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
        except Exception:  # noqa: BLE001 — no AUTOINCREMENT table in this database
            found = None
        highest = max(highest, found[0] if found else 0)
    return list(range(highest + 1, highest + 1 + count))
