"""components.data."""
