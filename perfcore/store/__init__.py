"""The report file: one SQLite database per unit and year.

One module per job:

- ``admission``: what may be opened, the one-line refusals, recovery of an interrupted commit;
- ``schema``: the tables, the file's identity and version, the ladder of migrations;
- ``session``: ``ReportFile``, the open file and the only way to change it;
- ``change``: what one edit did;
- ``rows``: writing a package into the tables and loading it back;
- ``restoring``: putting a backup back into its report file.

Callers import from ``perfcore.store``; the modules below are its inside.
"""

from __future__ import annotations

from perfcore.store.admission import PROGRAM, inspect_file, journal_path, recover_interrupted_commit
from perfcore.store.change import Change, Edit
from perfcore.store.errors import FigureInUseError, ReadOnlyError, ScoreRangeError, StoreError
from perfcore.store.restoring import restore as restore_backup
from perfcore.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from perfcore.store.session import ReportFile, export_package

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PROGRAM",
    "SCHEMA_VERSION",
    "Change",
    "Edit",
    "FigureInUseError",
    "ReadOnlyError",
    "ReportFile",
    "ScoreRangeError",
    "StoreError",
    "export_package",
    "inspect_file",
    "journal_path",
    "recover_interrupted_commit",
    "restore_backup",
]
