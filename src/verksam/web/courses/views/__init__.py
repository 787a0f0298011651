"""Course pages: list and join, the course page, modules and material, sessions with comments,
the calendar and .ics feed, participants' cases read-only with feedback, progress, comparison and
the evaluation. Course pages declare `@course_view(...)`, which resolves the course once."""
