"""Tasks for staff, and the rules that create them."""
