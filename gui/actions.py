"""Every command of the window in one table: menu, text, shortcut and handler.

Declared in one place (as Picard does) so shortcuts are discoverable, clash-free and
testable. Handlers are method names looked up on the controller that owns the behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

S = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    key: str
    menu: str
    text: str
    handler: str
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new_project",
        "&File",
        "&New Project…",
        "new_project",
        S.New,
        "Name a new project, choose its folder, then import texts into it",
    ),
    ActionSpec("open", "&File", "&Open Project…", "open_project_dialog", S.Open),
    ActionSpec(
        "save_as",
        "&File",
        "Save Project &As…",
        "save_project_as",
        "Ctrl+Shift+S",
        "Copy this project to a new file and continue in the copy",
    ),
    ActionSpec(
        "open_folder", "&File", "Open &Folder as New Project…", "open_folder_dialog", "Ctrl+Shift+O"
    ),
    ActionSpec("open_files", "&File", "Open F&iles as New Project…", "open_files_dialog"),
    ActionSpec("add_files", "&File", "&Add Files to Project…", "add_files_dialog", "Ctrl+I"),
    ActionSpec("open_demo", "&File", "Open &Demo Project", "open_demo"),
    ActionSpec("export_report", "&File", "&Export Report…", "export_report_dialog", "Ctrl+E"),
    ActionSpec("quit", "&File", "&Quit", "quit", S.Quit),
    ActionSpec("undo", "&Edit", "&Undo", "undo", S.Undo),
    ActionSpec("redo", "&Edit", "&Redo", "redo", "Ctrl+Shift+Z"),
    ActionSpec("find", "&Edit", "&Find in Text…", "find", S.Find),
    ActionSpec("settings", "&Edit", "&Settings…", "edit_settings", S.Preferences),
    ActionSpec("centralist", "&Annotate", "Label &Centralist", "label_centralist", "1"),
    ActionSpec("neutral", "&Annotate", "Label &Neutral", "label_neutral", "2"),
    ActionSpec("localist", "&Annotate", "Label &Localist", "label_localist", "3"),
    ActionSpec("accept", "&Annotate", "&Accept Prediction", "accept_prediction", "Return"),
    ActionSpec("clear", "&Annotate", "C&lear Label", "clear_label", "0"),
    ActionSpec("boilerplate", "&Annotate", "Toggle Page &Noise", "toggle_boilerplate", "B"),
    ActionSpec("next", "&Annotate", "Ne&xt Passage", "next_passage", "J"),
    ActionSpec("previous", "&Annotate", "&Previous Passage", "previous_passage", "K"),
    ActionSpec(
        "uncertain", "&Annotate", "Most &Uncertain Unlabelled Passage", "most_uncertain", "U"
    ),
    ActionSpec(
        "switch_coder",
        "&Annotate",
        "S&witch Coder…",
        "switch_coder",
        None,
        "Record the following labels under another coder's name",
    ),
    ActionSpec("rows_actors", "&View", "Rows by &Actor", "rows_actors", "Ctrl+1"),
    ActionSpec("rows_documents", "&View", "Rows by &Document", "rows_documents", "Ctrl+2"),
    ActionSpec("clear_filter", "&View", "&Show All Passages", "clear_filter", "Esc"),
    ActionSpec(
        "actors_panel",
        "&View",
        "Ac&tors…",
        "show_actors",
        "Ctrl+3",
        "Merge, rename and retype the actors the matrix shows",
    ),
    ActionSpec("retrain", "&Model", "&Retrain Now", "retrain", "Ctrl+R"),
    ActionSpec("cancel_task", "&Model", "&Cancel Running Task", "cancel_task", "Ctrl+."),
    ActionSpec("guide", "&Help", "StanceMap &Guide", "show_guide", S.HelpContents),
    ActionSpec("about", "&Help", "&About StanceMap", "about"),
)

READER_MENU = "&Annotate"
"""Actions of this menu answer their keys only in the text and the document list."""
MENUS = ("&File", "&Edit", "&Annotate", "&View", "&Model", "&Help")
SEPARATE_AFTER = {
    "save_as",
    "add_files",
    "open_demo",
    "redo",
    "find",
    "clear",
    "boilerplate",
    "uncertain",
    "rows_documents",
    "retrain",
}


def build_actions(window: QMainWindow, controller) -> dict[str, QAction]:
    """Create every action, connect it to ``controller``, and fill the menu bar."""
    menus: dict[str, QMenu] = {name: window.menuBar().addMenu(name) for name in MENUS}
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(f"action_{spec.key}")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
        action.setToolTip(tooltip(spec))
        action.setCheckable(spec.checkable)
        action.triggered.connect(getattr(controller, spec.handler))
        if spec.menu == READER_MENU:
            # single keys must not fire while the coder types an actor name in the inspector
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            window.addAction(action)
        menus[spec.menu].addAction(action)
        if spec.key == "open":
            menus[spec.menu].addMenu(recent_menu(window))
        if spec.key in SEPARATE_AFTER:
            menus[spec.menu].addSeparator()
        actions[spec.key] = action
    actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    actions["about"].setMenuRole(QAction.MenuRole.AboutRole)
    actions["settings"].setMenuRole(QAction.MenuRole.PreferencesRole)
    return actions


def shortcut_text(spec: ActionSpec) -> str:
    """The shortcut as the user's platform writes it ("Ctrl+O", "F1"), or ''."""
    if spec.shortcut is None:
        return ""
    return QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def tooltip(spec: ActionSpec) -> str:
    """The action's name with its key, so hovering teaches the shortcut."""
    name = spec.text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
    key = shortcut_text(spec)
    return f"{name} ({key})" if key else name


def reader_actions(actions: dict[str, QAction]) -> list[QAction]:
    keys = {spec.key for spec in ACTIONS if spec.menu == READER_MENU}
    return [action for key, action in actions.items() if key in keys]


def recent_menu(window: QMainWindow) -> QMenu:
    menu = QMenu("Open &Recent", window)
    menu.setObjectName("recentMenu")
    window.recent_menu = menu
    return menu
