"""The frozen app's entry script: the same ``gui.app:main`` the source checkout runs.

It exists only so that ``multiprocessing.freeze_support()`` runs before anything else: the
PDF reader parses untrusted files in a "spawn" child process, and in a frozen app that child
is this executable started again with special arguments, which freeze_support recognises.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from gui.app import main

    sys.exit(main())
