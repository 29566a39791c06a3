"""The product catalog: model, importers and synthetic generator."""
