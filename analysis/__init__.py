"""StanceMap's analysis core: everything that is not pixels, usable without Qt."""

__version__ = "0.1.0"
