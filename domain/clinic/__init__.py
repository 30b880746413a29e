"""The clinic's settings and its practitioners' working hours."""
