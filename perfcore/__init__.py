"""perfcore — the whole of perf-filing without a screen.

Model, scoring, checks, storage, exchange, PDF and command line. Never imports Qt.
"""

__version__ = "0.1.0"

FILE_SUFFIX = ".jxzp"
"""Suffix the desktop app suggests for report files (绩效自评); any name is accepted."""
