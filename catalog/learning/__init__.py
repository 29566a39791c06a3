"""Learn a catalog's brands and product types from its own titles."""
