"""desktop/widgets."""
