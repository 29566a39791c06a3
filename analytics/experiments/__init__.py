"""Experiments: A/B tests and team-draft interleaving over ranking configurations."""
