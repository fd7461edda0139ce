"""Data shipped with perf-filing: templates, the demo package, icons.

Installed and frozen as ``perfcore.resources`` (see pyproject.toml); read it through
``perfcore.assets``, never by file path.
"""
