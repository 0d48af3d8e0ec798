"""The translation services, each through its deep-translator client (one module per service).

Two things deep-translator's public API does not offer, done here in one way each:

- **Where the service is.** A client's constructor fixes the service's address (only
  ``LibreTranslator`` takes a ``base_url``), yet a project may point an engine at a proxy or a
  self-hosted server, and the tests at a fake on 127.0.0.1. :func:`point_at` sets the address the
  client keeps (its ``_base_url``), so that every other line of the client's code path runs as
  written; it is the only place transmgr writes a client's private attribute.
- **How requests are sent.** The clients call ``requests.get``/``post`` without a timeout or a
  session; :func:`transmgr.engines.transport.install_transport` gives each client module a
  stand-in for ``requests`` that adds the engine's timeout and pooled session and records the
  status and ``Retry-After`` for the runner's retries.
"""

from __future__ import annotations

from typing import Any


def point_at(client: Any, url: str) -> Any:
    """``client`` sending its requests to ``url`` (see above); the client."""
    client._base_url = url
    return client
