"""components.recipes.scripts."""
