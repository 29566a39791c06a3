"""Features, judgments, training, evaluation, model registry and reranking."""
