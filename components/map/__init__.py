"""components.map."""
