"""desktop/tabs."""
