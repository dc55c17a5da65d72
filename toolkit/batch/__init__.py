"""Campaign batches: the library's render-and-write path run for many jurisdictions at once."""
