"""Writes of the DTM module."""

from sanad.dtm.services.importer import round_import
from sanad.dtm.services.mapping import Mapping, mapping_load, mapping_parse
from sanad.dtm.services.workbook import DtmImportError, ImportReport, RowProblem, workbook_read

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
