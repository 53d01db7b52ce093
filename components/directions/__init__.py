"""components.directions."""
