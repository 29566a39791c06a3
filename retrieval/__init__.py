"""Turn a shopper's request into Elasticsearch requests and candidate hits."""
