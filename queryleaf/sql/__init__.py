"""SQL front end: parsing, the sqlglot adapter, binding and the logical plan."""
