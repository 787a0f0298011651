"""Django's SQLite backend, with connections kept for the next request (see `base`)."""
