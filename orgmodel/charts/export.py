"""A chart as a picture to take away: SVG, PNG or PDF through plotly's static export (Kaleido + a browser).

Kaleido (>= 1.0) drives a Chrome or Chromium it finds on the machine; `browser_path` looks in the usual
places (``BROWSER_PATH``, ``/usr/bin/chromium``, ...) and says so plainly when there is none.
"""

from __future__ import annotations

import os
import shutil
from typing import Literal

import plotly.graph_objects as go

__all__ = ["FORMATS", "ImageExportError", "browser_path", "figure_image"]

Format = Literal["svg", "png", "pdf"]
FORMATS: tuple[Format, ...] = ("svg", "png", "pdf")
MIME: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ImageExportError(RuntimeError):
    """The picture cannot be made here (no Kaleido, no browser); the message says what to install."""


def browser_path() -> str | None:
    """A Chrome/Chromium executable: ``BROWSER_PATH`` if set and present, else the first on the PATH."""
    given = os.environ.get("BROWSER_PATH")
    if given and os.path.exists(given):
        return given
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


def figure_image(fig: go.Figure, fmt: str, *, width: int = 1400, height: int | None = None,
                 scale: float = 2.0) -> bytes:
    """The figure as ``svg``, ``png`` or ``pdf`` bytes; `ImageExportError` when it cannot be drawn here."""
    if fmt not in FORMATS:
        raise ImageExportError(f"format {fmt!r}: allowed: {', '.join(FORMATS)}")
    try:
        import kaleido  # noqa: F401  (plotly's static export engine)
    except ImportError:
        raise ImageExportError("pictures need the kaleido package: pip install 'kaleido>=1.0,<2'") from None
    browser = browser_path()
    if browser is None:
        raise ImageExportError("no Chrome or Chromium found to draw the picture: install chromium "
                               "(apt-get install chromium) or set BROWSER_PATH to a Chrome executable")
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        data: bytes = fig.to_image(format=fmt, width=width, height=height or fig.layout.height or 700, scale=scale)
    except Exception as err:  # Kaleido's errors are plain RuntimeErrors/ChromeNotFound: one readable line
        raise ImageExportError(f"the picture could not be drawn ({type(err).__name__}: {err})") from None
    return data
