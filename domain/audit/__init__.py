"""Reading the append-only audit log, and logging refused attempts."""
