"""transmgr: a translation manager for prose documents, built on gettext PO files."""

__version__ = "0.1.0"
