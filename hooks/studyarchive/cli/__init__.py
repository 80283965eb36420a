"""The `archive` command and what only it does: check, import (reading Word/text files), new, Word/PDF copies."""
