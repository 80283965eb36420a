"""Full-text search: the records and the phrase index written as static files."""
