"""Reading and annotating: which document and passage are shown, keys, filter and undo.

Edits go to the session as undoable commands; the controller then moves on to the next
passage, so a coder can work through a document with one hand on 1/2/3 and Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from analysis.corpus import LABELS
from gui.models.document_list_model import IdRole


class AnnotationController(QObject):
    def __init__(self, window, session) -> None:
        super().__init__(window)
        self.window, self.session = window, session
        self.document_id: int | None = None
        self.filter: set[int] | None = None
        self.enabled = True
        self._last_find = ""
        w = window
        w.text.key_command.connect(self.command)
        w.text.passage_selected.connect(self._passage_selected)
        w.inspector.command_requested.connect(self.command)
        w.inspector.edit_requested.connect(self._inspector_edit)
        w.documents.list.clicked.connect(self._document_clicked)
        w.documents.list.activated.connect(self._document_clicked)
        w.documents.clear_filter.clicked.connect(self.clear_filter)
        session.changed.connect(self._changed)

    # -- navigation ----------------------------------------------------------------
    @property
    def selected(self) -> int | None:
        return self.window.text.selected

    def show_document(self, document_id: int | None, *, select_first: bool = False) -> None:
        self.document_id = document_id
        w = self.window
        doc = self.session.document(document_id) if document_id is not None else None
        if doc is None:
            w.text.show_document("", [])
            w.set_document_header(None)
            w.inspector.show_passage(None)
            return
        w.set_document_header(doc)
        w.text.show_document(
            self.session.document_text(doc.id), self.session.passages(doc.id), self.filter
        )
        row = w.document_model.row_of(doc.id)
        if row is not None:
            w.documents.list.setCurrentIndex(w.document_model.index(row))
        ids = w.text.passage_ids()
        if select_first and ids:
            w.text.select_passage(ids[0])
        else:
            w.inspector.show_passage(None)

    def select(self, passage_id: int) -> None:
        record = self.session.passage(passage_id)
        if record is None:
            return
        if record.document_id != self.document_id:
            self.show_document(record.document_id)
        self.window.text.select_passage(passage_id)

    def _passage_selected(self, passage_id: int) -> None:
        record = self.session.passage(passage_id)
        doc = self.session.document(record.document_id) if record else None
        self.window.inspector.show_passage(
            record, doc.display_title if doc else "", self.session.history(passage_id)
        )

    def _document_clicked(self, index) -> None:
        document_id = index.data(IdRole)
        if document_id != self.document_id:
            self.show_document(document_id, select_first=True)

    def step(self, delta: int) -> None:
        ids = self.window.text.passage_ids()
        if not ids:
            return self._step_document(delta)
        if self.selected not in ids:
            return self.window.text.select_passage(ids[0 if delta > 0 else -1])
        i = ids.index(self.selected) + delta
        if 0 <= i < len(ids):
            self.window.text.select_passage(ids[i])
        else:
            self._step_document(delta)

    def _step_document(self, delta: int) -> None:
        model = self.window.document_model
        row = model.row_of(self.document_id) if self.document_id is not None else None
        target = model.document_at((row if row is not None else -1) + delta)
        if target is not None:
            self.show_document(target.id)
            ids = self.window.text.passage_ids()
            if ids:
                self.window.text.select_passage(ids[0] if delta > 0 else ids[-1])

    def next_passage(self) -> None:
        self.step(1)

    def previous_passage(self) -> None:
        self.step(-1)

    def most_uncertain(self) -> None:
        pool = None
        if self.filter is not None:
            pool = [p for p in map(self.session.passage, self.filter) if p is not None]
        record = self.session.most_uncertain(pool)
        if record is None:
            self.window.show_message("Every passage here is labelled")
        else:
            self.select(record.id)

    # -- annotating ----------------------------------------------------------------
    def command(self, name: str) -> None:
        handlers = {
            "accept": self.accept_prediction,
            "boilerplate": self.toggle_boilerplate,
            "next": self.next_passage,
            "previous": self.previous_passage,
            "uncertain": self.most_uncertain,
            "clear": self.clear_label,
        }
        if name in LABELS:
            self.label(name)
        elif name in handlers:
            handlers[name]()

    def _can_edit(self) -> bool:
        if self.selected is None:
            return False
        if not self.enabled or self.session.read_only:
            reason = "read-only" if self.session.read_only else "busy importing"
            self.window.show_message(f"Cannot annotate: the project is {reason}")
            return False
        return True

    def label(self, label: str, *, advance: bool = True) -> None:
        if not self._can_edit():
            return
        failures = self.session.failures
        self.session.annotate(self.selected, label=label)
        if advance and self.session.failures == failures:  # a label not saved keeps its place
            self.step(1)

    def label_centralist(self) -> None:
        self.label("centralist")

    def label_neutral(self) -> None:
        self.label("neutral")

    def label_localist(self) -> None:
        self.label("localist")

    def accept_prediction(self) -> None:
        record = self.session.passage(self.selected) if self.selected is not None else None
        if record is not None and record.predicted_label:
            self.label(record.predicted_label)

    def clear_label(self) -> None:
        if self._can_edit():
            self.session.annotate(self.selected, label="")

    def toggle_boilerplate(self) -> None:
        if self._can_edit():
            record = self.session.passage(self.selected)
            self.session.annotate(self.selected, boilerplate=not record.boilerplate)

    def _inspector_edit(self, fields: dict) -> None:
        if self._can_edit():
            self.session.annotate(self.selected, **fields)

    def undo(self) -> None:
        self._undo_redo(self.session.undo_stack.undo, self.session.undo_stack.index() - 1)

    def redo(self) -> None:
        self._undo_redo(self.session.undo_stack.redo, self.session.undo_stack.index())

    def _undo_redo(self, action, index: int) -> None:
        stack = self.session.undo_stack
        command = stack.command(index) if 0 <= index < stack.count() else None
        action()
        if command is not None:
            self.select(command.passage_id)

    # -- refreshing ----------------------------------------------------------------
    def _changed(self, changes) -> None:
        w = self.window
        if changes.structure or changes.model:
            snapshot = self.session.snapshot
            w.model_view.show_models(snapshot.models, self.session.manual_count())
            w.inspector.set_vocabulary(snapshot.actors, snapshot.issues)
            w.document_model.set_rows(
                self.session.documents(),
                {d.id: self.session.mix(d.id) for d in self.session.documents()},
            )
            keep = self.selected
            known = self.session.document(self.document_id) if self.document_id else None
            first = self.session.documents()[0].id if self.session.documents() else None
            self.show_document(known.id if known else first, select_first=keep is None)
            if keep is not None and self.session.passage(keep) is not None:
                self.select(keep)
        else:
            records = [self.session.passage(pid) for pid in changes.passages]
            w.text.update_records([r for r in records if r is not None])
            for doc_id in changes.documents:
                w.document_model.update_mix(doc_id, self.session.mix(doc_id))
            if self.selected in changes.passages:
                self._passage_selected(self.selected)
        w.update_counts()

    # -- filter from the matrix ----------------------------------------------------
    def apply_cell(self, matrix, row_index: int, issue: str) -> None:
        row = matrix.rows[row_index]
        ids = set((getattr(row, "passage_ids", None) or {}).get(issue, []))
        self.filter = ids
        docs = {p.document_id for p in map(self.session.passage, ids) if p is not None}
        self.window.document_model.set_filter(docs)
        title = "all issues" if issue == "all" else issue
        self.window.documents.show_filter(
            f"<b>{len(ids)}</b> passage(s) of <b>{row.name}</b> on {title}"
        )
        target = self.document_id if self.document_id in docs else (min(docs) if docs else None)
        self.show_document(target)
        visible = self.window.text.passage_ids()
        if visible:
            self.window.text.select_passage(visible[0])

    def clear_filter(self) -> None:
        if self.filter is None:
            return
        self.filter = None
        self.window.document_model.set_filter(None)
        self.window.documents.show_filter(None)
        self.window.map_view.heatmap.selected = None
        self.window.map_view.heatmap.update()
        self.window.text.set_filter(None)

    def find(self) -> None:
        text, ok = QInputDialog.getText(self.window, "Find in Text", "Find:", text=self._last_find)
        if ok and text:
            self._last_find = text
            if not self.window.text.find(text):
                cursor = self.window.text.textCursor()
                cursor.movePosition(cursor.MoveOperation.Start)
                self.window.text.setTextCursor(cursor)
                if not self.window.text.find(text):
                    self.window.show_message(f"“{text}” is not in this document")
