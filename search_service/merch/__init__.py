"""Merchandising: synonym sets and query rules, drafted, previewed, published and versioned."""
