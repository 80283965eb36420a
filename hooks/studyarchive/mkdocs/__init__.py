"""MkDocs' side: the adapter the hook hands every event to, its speed-ups (one switch), reading mkdocs.yml
through MkDocs, the plain-inline fast path, the Content-Security-Policy."""
