"""Synonyms and query rules, drafted, published and compiled into a query plan."""
