"""components.frame.sidebar."""
