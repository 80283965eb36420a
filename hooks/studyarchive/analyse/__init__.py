"""What is computed over the whole archive: indexes, near-identical statements (千人一面), 三会一课 counts."""
