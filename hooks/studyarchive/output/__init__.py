"""What the site shows: a material's page, the generated pages, print marks, the ledger sheets, charts, archive.json."""
