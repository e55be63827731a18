"""Result-level spec cases: a dataset, a query, the expected columns and rows."""
