"""Stage 2: model policies (metadata and sandboxed Jinja sources) rendered for a jurisdiction."""
