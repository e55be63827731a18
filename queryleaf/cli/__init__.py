"""The `queryleaf` command line: thin commands over the library, and output formats."""
