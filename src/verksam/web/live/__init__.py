"""Live workshops: several people on one case see each other's changes, presence and the
facilitator's view at once (Django Channels over the case's revision machinery)."""
