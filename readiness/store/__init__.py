"""Storage: the embedded SQLite database, its migrations and the repository functions."""
