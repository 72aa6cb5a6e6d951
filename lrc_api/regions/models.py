"""The region table lives in ``lrc_api.core.region_tree`` (scoping reads it); named here too."""

from __future__ import annotations

from lrc_api.core.region_tree import REGION_KINDS, Region

__all__ = ["REGION_KINDS", "Region"]
