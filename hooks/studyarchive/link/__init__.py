"""Joining the materials: markers resolved both ways, proposed links, and the read → parse → link pipeline."""
