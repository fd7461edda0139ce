"""Frozen entry point: the bundle starts the desktop app exactly as the `perf-filing` script does."""

import multiprocessing
import sys

# The summary (文件 › 汇总与复核…) reads files in worker processes; in a bundle they are this
# executable started again, which must run the worker, not the app.
multiprocessing.freeze_support()

from desktop.app import main  # noqa: E402

sys.exit(main())
