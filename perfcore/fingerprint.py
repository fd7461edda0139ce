"""The package's fingerprint (校验码): printed at the foot of every PDF page and written into the
properties of the Word and Excel exports, so that a stamped paper copy or an exported file can be
matched to the report file it came from."""

from __future__ import annotations

import hashlib

from perfcore.exchange import dump_json
from perfcore.model import Package


def fingerprint(package: Package) -> str:
    """``1A2B-3C4D-5E6F``: 48 bits of SHA-256 over the canonical exchange document."""
    return document_fingerprint(dump_json(package))


def document_fingerprint(document: str) -> str:
    """:func:`fingerprint` of a package whose canonical exchange document (``dump_json``) the
    caller has already made."""
    digest = hashlib.sha256(document.encode("utf-8")).hexdigest()[:12].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4))
