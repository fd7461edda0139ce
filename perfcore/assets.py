"""Shipped data (templates, the demo package, icons), found the same way everywhere.

``resources/`` is installed and frozen as the package ``perfcore.resources``; reading it
through ``importlib.resources`` works alike from a checkout, a wheel and the bundle.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

DEMO_NAME = "shifeng-2019.json"
TEMPLATE_ALIASES = {"standard": "hunan-zhuzhou-2019"}
"""Template names earlier versions shipped (``perfcore new --template standard``)."""


def resource(*parts: str) -> Traversable:
    node = files("perfcore.resources")
    for part in parts:
        node = node / part
    return node


def demo_json() -> bytes:
    """The demo package: the real 2019 filing of 株洲市石峰区优化营商环境协调事务中心."""
    return resource("demo", DEMO_NAME).read_bytes()


def template_names() -> list[str]:
    """Templates for a new report, by file stem."""
    return sorted(
        entry.name.removesuffix(".json")
        for entry in resource("templates").iterdir()
        if entry.name.endswith(".json")
    )


def template_json(name: str) -> bytes:
    name = TEMPLATE_ALIASES.get(name, name)
    if name not in template_names():
        raise KeyError(name)
    return resource("templates", f"{name}.json").read_bytes()
