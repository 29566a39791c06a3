"""The FastAPI app, search and product routes, query building and the CLI entry point."""
