"""Work that comes in from outside or goes out: XLIFF for CAT tools, TMX memories, whole translated documents.

Everything that comes in goes through the review core (:mod:`transmgr.workflows.review.core`):
checked against the revision read, never over a person's work without being asked, recorded in
the history with who brought it.
"""
