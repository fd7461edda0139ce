"""The rows of a ``QTreeWidget`` as lists.

``topLevelItem(i)`` and ``child(i)`` return None for an index out of range, so their typed
signatures allow None; walking by count never meets one, and these helpers say so once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def top_level_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    kids = (item.child(i) for i in range(item.childCount()))
    return [kid for kid in kids if kid is not None]
