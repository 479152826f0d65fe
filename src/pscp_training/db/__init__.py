"""The database: declarative models, engine, sessions and migrations."""
