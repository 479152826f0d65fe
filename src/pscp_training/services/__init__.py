"""Use cases: one user action, one transaction, records out, domain errors for refusals."""
