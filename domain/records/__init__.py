"""Client records: intake forms and their answers (session notes, files and the rest come later)."""
