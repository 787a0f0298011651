"""Analysis, simulation, event-log mining and benefits pages of a case (the core computes; these
pages show)."""
