"""Page parts used by more than one section."""
