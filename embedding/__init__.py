"""Sentence embeddings of product and query text, for semantic retrieval and ranking."""
