"""Charts as images drawn on the server, without a browser (vl-convert): PNG and SVG."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

import vl_convert as vlc

ImageKind = Literal["png", "svg"]
WIDTH = 800  # pixels, for a chart drawn as wide as its container on the page


def chart_image(spec: Mapping[str, Any], kind: ImageKind, scale: float = 2.0) -> bytes:
    """A Vega-Lite chart as PNG (at `scale` for print) or SVG bytes, in the spec's own locale."""
    plain = json.loads(json.dumps(spec, default=str))  # dates in inline data as ISO text
    if not isinstance(plain.get("width"), int | float):
        plain["width"] = WIDTH
    if kind == "png":
        return bytes(vlc.vegalite_to_png(plain, scale=scale))
    return str(vlc.vegalite_to_svg(plain)).encode("utf-8")
