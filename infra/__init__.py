"""Starting PostgreSQL, Redis and Elasticsearch on this machine without Docker."""
