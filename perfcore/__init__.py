"""perfcore — the whole of perf-filing without a screen.

Model, scoring, checks, storage, exchange, PDF and command line. Never imports Qt.
"""

import logging

__version__ = "0.1.0"

# A library's records go nowhere until the program says where (the desktop: its error log);
# without this, Python would print warnings to the command line's stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())

FILE_SUFFIX = ".jxzp"
"""Suffix the desktop app suggests for report files (绩效自评); any name is accepted."""
