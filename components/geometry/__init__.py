"""components.geometry."""
