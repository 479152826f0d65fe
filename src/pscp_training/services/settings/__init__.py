"""Team-wide settings kept in the database, and checking a database address."""
