"""File names for what users download, made from a plan's name."""

from __future__ import annotations

import re


def export_name(name: str, extension: str) -> str:
    """A safe file name: 'Plan SaaS — T1', 'xlsx' -> 'plan-saas-t1.xlsx' (letters kept)."""
    slug = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-").lower()
    return f"{slug or 'plan'}.{extension}"
