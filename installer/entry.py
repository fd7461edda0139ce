"""Frozen entry point: the bundle starts the desktop app exactly as the `perf-filing` script does."""

import sys

from desktop.app import main

sys.exit(main())
