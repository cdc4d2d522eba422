"""User settings kept in QSettings (organisation and application "StanceMap")."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8
THEMES = ("system", "light", "dark")


def default_coder() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes; the coder can set one
        return "coder"


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings()

    @property
    def coder(self) -> str:
        return str(self.q.value("coder", default_coder()) or default_coder())

    @coder.setter
    def coder(self, name: str) -> None:
        self.q.setValue("coder", name.strip() or default_coder())

    @property
    def retrain_every(self) -> int:
        try:
            return int(self.q.value("retrain_every", 20))
        except (TypeError, ValueError):
            return 20

    @retrain_every.setter
    def retrain_every(self, n: int) -> None:
        self.q.setValue("retrain_every", max(0, int(n)))

    @property
    def theme(self) -> str:
        value = str(self.q.value("theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("theme", value if value in THEMES else "system")

    def recent(self) -> list[str]:
        value = self.q.value("recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [p for p in items if p and Path(p).exists()]

    def add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        items = [path, *[p for p in self.recent() if p != path]][:MAX_RECENT]
        self.q.setValue("recent", items)

    def clear_recent(self) -> None:
        self.q.setValue("recent", [])
