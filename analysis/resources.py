"""Where shipped data lives, in a source checkout and inside a PyInstaller bundle.

Everything under ``resources/`` (model, codebook, training set, demo corpus, Punkt
parameters, fonts, icons) is found through :func:`resource_path`, so no other module needs
to know how the app was installed.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
