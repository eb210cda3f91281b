"""The content factory: every county the project writes, from tables, through one writer."""
