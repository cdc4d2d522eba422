"""StanceMap's analysis core: everything that is not pixels, usable without Qt."""

from analysis._nltk_import import install as _install_nltk_import

__version__ = "0.1.0"

_install_nltk_import()
