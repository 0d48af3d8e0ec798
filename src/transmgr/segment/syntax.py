"""Markdown block-syntax patterns shared by the segmenter and the editions that walk its output."""

from __future__ import annotations

import re

SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
TABLE_ROW = re.compile(r"^ {0,3}\|")
