"""Web side of interchange: reading uploaded BPMN, ArchiMate, Visio and step list files, and the
translated report of what an import kept as it was, repaired or left out."""
