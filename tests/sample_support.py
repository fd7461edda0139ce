"""Where the tests find the 2019 石峰 sample: the demo package the project ships, never a path outside it."""

from __future__ import annotations

from pathlib import Path

from perfcore import assets


def sample_path() -> Path:
    """The shipped demo (resources/demo) as a file on disk, read through ``perfcore.assets``."""
    node = assets.resource("demo", assets.DEMO_NAME)
    path = Path(str(node))
    if not path.is_file():  # a zipped install would need importlib.resources.as_file; a checkout never does
        raise FileNotFoundError(path)
    return path
