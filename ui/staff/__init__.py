"""Pages of the staff app, one module per section."""
