"""Writes of the DTM module."""

from sanad.dtm.services.importer import DtmImportError, ImportReport, RowProblem, round_import, workbook_read
from sanad.dtm.services.mapping import Mapping, mapping_load, mapping_parse

__all__ = [
    "DtmImportError",
    "ImportReport",
    "Mapping",
    "RowProblem",
    "mapping_load",
    "mapping_parse",
    "round_import",
    "workbook_read",
]
