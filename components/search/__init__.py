"""components.search."""
