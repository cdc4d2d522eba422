"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

That PySide6 release treats ``None``, ``True`` and ``False`` as immortal, as they are from
Python 3.12 on, and so drops one reference to ``None`` for every call of a C++ method that
returns nothing (and one to ``True`` for every signal ``emit``). On Python 3.11 those counts
run down and the interpreter aborts after a few thousand calls ("deallocating None"). We
detect the leak once and, if present, give the three singletons a reference count so large
that no session can exhaust it, which is what Python 3.12 does for them anyway.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_done = False


def leaks_singletons() -> bool:
    """True if calling a void Qt method from Python loses a reference to None."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def guard_singletons() -> bool:
    """Make None, True and False effectively immortal if this PySide6 needs it."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _done
    if leaks_singletons():
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    _done = True
    return True
