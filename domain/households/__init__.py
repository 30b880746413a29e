"""Households: shared profiles and their members."""
