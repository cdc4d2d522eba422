"""User settings kept in QSettings (organisation and application "StanceMap")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 8
THEMES = ("system", "light", "dark")


def documents_dir() -> Path:
    """Where new projects go unless the user picks another folder: their Documents folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings()

    @property
    def coder(self) -> str:
        """The name annotations are recorded under; empty until the user gives one.

        There is deliberately no default from the login name: an annotation log full of
        "root" or "user" cannot tell two coders apart, so the window asks instead.
        """
        return str(self.q.value("coder", "") or "").strip()

    @coder.setter
    def coder(self, name: str) -> None:
        self.q.setValue("coder", name.strip())

    @property
    def last_project(self) -> Path | None:
        """The project open when the window was last used, if it is still there."""
        value = str(self.q.value("last_project", "") or "")
        return Path(value) if value and Path(value).is_file() else None

    @last_project.setter
    def last_project(self, path: str | Path | None) -> None:
        self.q.setValue("last_project", str(Path(path).resolve()) if path else "")

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
