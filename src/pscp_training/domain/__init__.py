"""Pure rules, enumerations, errors and records: no database, no Qt."""
