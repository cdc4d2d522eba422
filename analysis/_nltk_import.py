"""Import NLTK without its statistics dependency, which we never use.

``import nltk`` runs NLTK's package initialiser, which imports ``scipy.stats`` for one
collocation measure (Fisher's exact test) and scikit-learn for a classifier wrapper. That
alone costs over a second of start-up, more than importing a whole corpus. NLTK guards both
imports and falls back when they are absent, so while NLTK initialises we make them look
absent, then restore them so that our own code gets the real modules when it needs them.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

_HIDDEN = ("scipy.stats", "sklearn")


class _NltkFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "nltk":
            return None
        sys.meta_path.remove(self)  # one-shot: let the normal finders locate NLTK
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


class _QuietLoader(importlib.abc.Loader):
    def __init__(self, inner) -> None:
        self._inner = inner

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module) -> None:
        hidden = [name for name in _HIDDEN if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # makes "from scipy.stats import x" raise ImportError
        try:
            self._inner.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, 0) is None:
                    del sys.modules[name]


def install() -> None:
    if "nltk" not in sys.modules and not any(isinstance(f, _NltkFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _NltkFinder())
