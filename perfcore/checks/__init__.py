"""perfcore/checks."""
