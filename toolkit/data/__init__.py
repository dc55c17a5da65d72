"""Stage 1: jurisdictions, from a YAML or CSV file or a plain mapping, into validated models."""
