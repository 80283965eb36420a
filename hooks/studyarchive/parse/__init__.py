"""Reading one material: front matter, the outline and its numbering, link markers, markings, privacy, ledger fields."""
