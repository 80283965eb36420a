"""The data model and what every stage shares: diagnostics, escaping, the vocabulary, limits, names and URLs."""
