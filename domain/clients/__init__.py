"""Client records (persons) and their individual profiles."""
