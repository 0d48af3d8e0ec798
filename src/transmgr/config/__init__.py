"""Project configuration: ``[tool.transmgr]`` in pyproject.toml or ``transmgr.toml``, validated on load.

:mod:`.model` holds the settings, :mod:`.loading` finds and reads the file, :mod:`.tables`
validates each table, :mod:`.locator` says on which line a key is written, :mod:`.options`
declares the options an ``[engines.<name>]`` table may set.
"""

from __future__ import annotations

from transmgr.config.loading import find_config, load_config, parse_config, tomllib
from transmgr.config.locator import config_error, config_line, path_setting
from transmgr.config.model import (
    BUILD_FORMATS,
    CONFIG_FILE,
    PYPROJECT_FILE,
    SEGMENTATION_LEVELS,
    UNTRANSLATED_POLICIES,
    AssessSettings,
    BuildSettings,
    CheckSettings,
    Config,
    EngineSettings,
    LimitSettings,
    ReviewSettings,
    ServeSettings,
    WordSettings,
)

__all__ = [
    "BUILD_FORMATS", "CONFIG_FILE", "PYPROJECT_FILE", "SEGMENTATION_LEVELS", "UNTRANSLATED_POLICIES",
    "AssessSettings", "BuildSettings", "CheckSettings", "Config", "EngineSettings", "LimitSettings", "ReviewSettings", "ServeSettings",
    "WordSettings", "config_error", "config_line", "find_config", "load_config", "parse_config", "path_setting",
    "tomllib",
]
