"""The browser review app (``transmgr serve``)."""
