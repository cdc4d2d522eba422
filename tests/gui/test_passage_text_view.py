"""The annotated text view tints passages and nothing else."""

from PySide6.QtGui import QTextCursor

from analysis.corpus import Document, Passage, Prediction
from analysis.store import Project
from gui.views.passage_text_view import PassageTextView

TEXT = "A first paragraph.\n\n    An indented second one.\n\n    And a third."


def _project() -> tuple[Project, list[int]]:
    project = Project(":memory:")
    spans = [(0, 18), (24, 47), (53, 66)]
    docs = []
    for name in ("a.txt", "b.txt"):
        docs.append(
            project.add_document(
                Document(file=name, text=TEXT), [Passage(s, e, TEXT[s:e]) for s, e in spans]
            )
        )
    model = project.save_model("m", {}, b"", 1, {})
    project.save_predictions(
        model, [(pid, Prediction("localist", 0.05, 0.05, 0.9)) for pid in project.passage_ids()]
    )
    return project, docs


def _tinted(view: PassageTextView, offset: int) -> bool:
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset)
    cursor.setPosition(offset + 1, QTextCursor.MoveMode.KeepAnchor)
    return cursor.charFormat().background().style().value != 0


def test_indentation_between_passages_stays_untinted_after_switching_documents(qtbot):
    view = PassageTextView()
    qtbot.addWidget(view)
    project, (first, second) = _project()
    view.show_document(TEXT, project.passages(first))
    view.select_passage(project.passages(first)[-1].id, emit=False)
    cursor = view.textCursor()
    cursor.setPosition(60)  # inside a tinted passage, as after a click there
    view.setTextCursor(cursor)
    view.show_document(TEXT, project.passages(second))
    indents = [i for i in range(len(TEXT)) if TEXT[i] == " " and TEXT[i - 1] in " \n"]
    assert len(indents) == 8
    assert not any(_tinted(view, i) for i in indents)
    assert all(_tinted(view, s) for s in (0, 24, 53))
