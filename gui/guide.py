"""Help ▸ StanceMap Guide (F1): the workflow, the keys and how to read the colours.

The key table is built from the actions table, so the guide can never list a shortcut
the window does not have.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from gui.actions import ACTIONS, shortcut_text

WORKFLOW = """
<h2>StanceMap in five steps</h2>
<ol>
<li><b>Make a project.</b> File ▸ New Project… names it and puts it where you choose
(your Documents folder unless you say otherwise), then imports a folder of texts: .txt, .md,
.html, .docx, .pdf or .csv. Every edit is saved the moment you make it; Save As… makes a copy
and carries on in the copy.</li>
<li><b>Read.</b> Pick a document on the left. The text is split into passages, each tinted
by the stance the model gives it.</li>
<li><b>Correct.</b> Select a passage and press 1, 2 or 3 (or Enter to accept the model's
label). StanceMap moves on to the next passage. Press U for the passage the model is least
sure of: those teach it most.</li>
<li><b>Retrain.</b> The model learns from your labels every so often (Settings) or on
Model ▸ Retrain Now.</li>
<li><b>Read the map and report.</b> The positions matrix places each actor (or document) on
each policy issue; click a cell to read only its passages. File ▸ Export Report… writes a PDF
and, if you like, the data behind it.</li>
</ol>
"""

COLOURS = """
<h2>What the colours mean</h2>
<p><span style='background:#9db8da'>&nbsp;blue&nbsp;</span> passages argue for
<b>central</b> control (the NHS nationally, Whitehall, national standards);
<span style='background:#f0bd8c'>&nbsp;orange&nbsp;</span> passages argue for <b>local</b>
control (councils, health and wellbeing boards, devolved bodies);
<span style='background:#e6e6e6'>&nbsp;grey&nbsp;</span> passages take no side.</p>
<p>A <b>paler</b> tint means the model is less sure. A passage with a <b>bar and ✓</b> was
labelled by a person, and its colour is at full strength. <i>Grey italic</i> text is page
noise (menus, share buttons, footers): it is kept but left out of every figure; press B to
change that.</p>
<h2>The positions matrix and its intervals</h2>
<p>Each cell is the mean stance of an actor's passages on an issue, from −1 (every passage
centralist) to +1 (every passage localist); hand labels count as certain, predictions by how
sure the model is. The numbers in brackets are a 95% bootstrap interval: if it spans zero,
the passages do not show a clear position either way. Few passages give wide intervals;
read those cells as hints, not findings. A cell's count says how many passages it rests
on.</p>
<p>Actors: the Actors tab (Ctrl+3) lists who the matrix counts as speaking. Merge two
names for the same person, rename one, or say whether it is a person, an organisation, an
outlet or an unattributed author; double-click one to read their passages. Your corrections
are kept in the project.</p>
<p>Coders: every label is stored under the coder's name (Annotate ▸ Switch Coder…), so two
people can code the same project and their agreement can be measured.</p>
"""


def keys_table() -> str:
    rows = "".join(
        f"<tr><td><b>{shortcut_text(spec)}</b></td><td>&nbsp;&nbsp;{_plain(spec.text)}</td></tr>"
        for spec in ACTIONS
        if shortcut_text(spec)  # a standard key with no binding on this platform is left out
    )
    return f"<h2>Keys</h2><table>{rows}</table>"


def guide_html() -> str:
    return WORKFLOW + keys_table() + COLOURS


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&amp;")


class GuideDialog(QDialog):
    """A short guide in the window, written by us; not modal, so it can stay open."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("StanceMap Guide")
        self.setObjectName("guide")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 720)
