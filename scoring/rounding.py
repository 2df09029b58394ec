"""Turn fractional (decayed) points into whole points the same way everywhere."""

from __future__ import annotations

import math


def to_points(value: float) -> int:
    """Round half away from zero, after removing float noise (1.4999999999 → 2)."""
    cleaned = round(value, 6)
    return int(math.copysign(math.floor(abs(cleaned) + 0.5), cleaned))
