"""Event ingestion, signals, reports and experiments (grown in a later issue)."""
