"""Users, roles, sessions and tokens (grown in a later issue)."""
