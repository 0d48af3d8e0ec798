"""The document model (blocks of segments, verbatim text between them) and how it is assembled.

Parsing a source into this model is each format's job: see :mod:`transmgr.formats`.
"""

from transmgr.segment.model import BLOCK_KINDS, Block, Document, Segment

__all__ = ["BLOCK_KINDS", "Block", "Document", "Segment"]
