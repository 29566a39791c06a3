"""Carts and orders; checkout credits each purchase to the search behind it."""
