"""What shoppers do: events, served queries, profiles, signals and segments."""
