"""The project on disk: mkdocs.yml, the extra.archive options, and the gate deciding what is published."""
