"""perfcore/pdf."""
