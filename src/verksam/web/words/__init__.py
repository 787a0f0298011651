"""Words, not paths: messages, values and diagram texts in the user's language, by name."""
