"""The reference browser: a tree of sections, a reading pane, search as you type,
back/forward history, bookmarks, the student's own notes, and "practise this"."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import load_prompt_by_key
from studyapp.core.content.reference import (
    SectionView,
    bookmark_list,
    last_section,
    load_section,
    note_list,
    partnerships,
    remember_section,
    save_note,
    section_question_ids,
    section_tree,
    set_bookmark,
    timeline,
)
from studyapp.core.content.search import search, search_terms
from studyapp.core.quiz.selection import PRACTICE_TYPES
from studyapp.core.wording import counted
from studyapp.gui import routes
from studyapp.gui.context import CONTENT, NOTES, REVIEWS, AppContext
from studyapp.gui.reference.partnership_map import PartnershipMap
from studyapp.gui.reference.prompt_preview import PromptPreview
from studyapp.gui.reference.render import section_html
from studyapp.gui.reference.results_model import HitRole, SearchResultsModel, snippet_html
from studyapp.gui.reference.timeline_view import TimelineView
from studyapp.gui.reference.tree_model import KeyRole, ReferenceTreeModel
from studyapp.gui.theme import current_colors
from studyapp.gui.widgets.rows_model import RowsModel, table_view

NOTE_SAVE_DELAY_MS = 600


class ResultDelegate(QStyledItemDelegate):
    """Each hit as what it is and its title, then the snippet with matches in bold."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        hit = index.data(HitRole)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(f"<b>{html.escape(index.data())}</b><br>{snippet_html(hit.snippet)}")
        doc.setTextWidth(max(120, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index)
        painter.save()
        painter.translate(opt.rect.left() + 4, opt.rect.top() + 3)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # type: ignore[no-untyped-def]
        opt = QStyleOptionViewItem(option)
        view = self.parent()
        if isinstance(view, QListView):
            opt.rect.setWidth(view.viewport().width())
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 8)


def _is_history_key(event: QKeyEvent) -> bool:
    return (
        event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        and event.modifiers() == Qt.KeyboardModifier.AltModifier
        and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
    )


class ReferenceScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: SectionView | None = None
        self.history: list[str] = []
        self.position = -1
        self.words: list[str] = []
        self._pending: set[str] = set()  # changes not yet shown (the screen was hidden)

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search sections, prompts and notes  (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self.run_search)
        self.search_field.returnPressed.connect(self.open_top_hit)
        self.search_field.setAccessibleName("Search")
        self.search_field.setToolTip(
            "Search sections, prompts and your notes. Down: the results; Escape: clear."
        )
        self.tree_model = ReferenceTreeModel()
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.clicked.connect(self._on_tree_clicked)
        self.tree.activated.connect(self._on_tree_clicked)
        self.results_model = SearchResultsModel()
        self.results = QListView()
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.clicked.connect(self._on_result)
        self.results.activated.connect(self._on_result)
        self.results.installEventFilter(self)
        self.search_field.installEventFilter(self)
        self.results.setAccessibleName("Search results")
        self.preview: PromptPreview | None = None
        self.no_results = QLabel("No results.")
        self.no_results.setObjectName("Muted")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.left_pages = QStackedWidget()
        for page in (self.tree, self.results, self.no_results):
            self.left_pages.addWidget(page)
        # The student's bookmarks and notes, each entry opening its section.
        self.bookmarks_model = RowsModel(["Section", "Bookmarked"])
        self.bookmarks = table_view(self.bookmarks_model, stretch=0)
        self.bookmarks.activated.connect(lambda i: self._open_saved(self.bookmarks_model, i))
        self.bookmarks.clicked.connect(lambda i: self._open_saved(self.bookmarks_model, i))
        self.notes_model = RowsModel(["Section", "Note"])
        self.notes = table_view(self.notes_model, stretch=1)
        self.notes.activated.connect(lambda i: self._open_saved(self.notes_model, i))
        self.notes.clicked.connect(lambda i: self._open_saved(self.notes_model, i))
        self.left_tabs = QTabWidget()
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.left_pages, "Contents")
        self.left_tabs.addTab(self.bookmarks, "Bookmarks")
        self.left_tabs.addTab(self.notes, "Notes")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_field)
        left_layout.addWidget(self.left_tabs, 1)

        self.back_button = QPushButton("◀")
        self.back_button.setAccessibleName("Back")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.clicked.connect(self.go_back)
        self.forward_button = QPushButton("▶")
        self.forward_button.setAccessibleName("Forward")
        self.forward_button.setToolTip("Forward (Alt+Right)")
        self.forward_button.clicked.connect(self.go_forward)
        self.bookmark_button = QPushButton("☆ Bookmark")
        self.bookmark_button.setCheckable(True)
        self.bookmark_button.toggled.connect(self._on_bookmark)
        self.bookmark_button.setToolTip("Keep this section in your bookmarks")
        self.practise_button = QPushButton("Practise")
        self.practise_button.setToolTip("A practice set of this section's prompts")
        self.practise_button.clicked.connect(self._on_practise)
        self.known = QLabel()
        self.known.setObjectName("Muted")
        self.known.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (
            self.back_button,
            self.forward_button,
            self.bookmark_button,
            self.practise_button,
        ):
            bar.addWidget(widget)
        bar.addWidget(self.known, 1)

        self.reader = QTextBrowser()
        self.reader.setOpenLinks(False)
        self.reader.anchorClicked.connect(self._on_link)
        self.reader.viewport().installEventFilter(self)
        self.reader.installEventFilter(self)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(
            "Your notes on this section — saved as you type, and searchable."
        )
        self.note_edit.setMaximumHeight(130)
        self.note_edit.textChanged.connect(self._on_note_typed)
        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self.note_timer.timeout.connect(self.save_note_now)
        self.note_status = QLabel()
        self.note_status.setObjectName("Muted")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.reader, 1)
        notes_head = QHBoxLayout()
        notes_head.addWidget(QLabel("<b>Your notes</b>"))
        notes_head.addStretch(1)
        notes_head.addWidget(self.note_status)
        right_layout.addLayout(notes_head)
        right_layout.addWidget(self.note_edit)

        self.map = PartnershipMap()
        self.map.section_clicked.connect(self._open_from_picture)
        self.timeline = TimelineView()
        self.timeline.section_clicked.connect(self._open_from_picture)
        self.tabs = QTabWidget()
        self.tabs.addTab(right, "Section")
        self.tabs.addTab(self.map, "Partnership map")
        self.tabs.addTab(self.timeline, "Timeline")
        self.tabs.currentChanged.connect(self._on_tab)

        self.splitter = splitter = QSplitter()
        splitter.setObjectName("ReferenceSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(9)  # wide enough to find and drag
        self.splitter_moved = False
        splitter.splitterMoved.connect(self._on_splitter_moved)
        left.setMinimumWidth(180)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(splitter)

        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence("Alt+Left"), self.go_back),
            (QKeySequence("Alt+Right"), self.go_forward),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        ctx.changed.connect(self._on_changed)
        self.reload_tree()
        with ctx.read() as session:
            start = last_section(session)
        nodes = self.tree_model._nodes
        if start not in nodes:
            start = nodes[""].children[0] if nodes[""].children else None
        if start:
            self.open_section(start, remember=False)
        self._update_buttons()

    def _on_splitter_moved(self) -> None:
        self.splitter_moved = True

    def fit_tree(self) -> None:
        """Unless the student has dragged the divider, the tree is as wide as its
        entries (up to two fifths of the screen), so no title is cut off."""
        if self.splitter_moved or self.width() <= 0:
            return
        wanted = self.tree.sizeHintForColumn(0) + self.tree.frameWidth() * 2 + 28
        left = min(max(wanted, 220), int(self.width() * 0.4))
        self.splitter.setSizes([left, max(1, self.splitter.width() - left)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_tree()

    # --- tree, navigation -------------------------------------------------------------

    def reload_tree(self) -> None:
        with self.ctx.read() as session:
            self.tree_model.set_nodes(section_tree(session))
        for row in range(self.tree_model.rowCount()):
            self.tree.expand(self.tree_model.index(row, 0))
        self.reload_saved()

    def reload_saved(self) -> None:
        """The bookmarks and notes lists, and the stars on bookmarked sections."""
        with self.ctx.read() as session:
            bookmarks, notes = bookmark_list(session), note_list(session)
        self.bookmarks_model.set_rows(
            [[b.title, b.when.astimezone().strftime("%d %b %Y")] for b in bookmarks],
            keys=[b.key for b in bookmarks],
        )
        self.notes_model.set_rows([[n.title, n.text] for n in notes], keys=[n.key for n in notes])
        self.left_tabs.setTabText(1, f"Bookmarks ({len(bookmarks)})")
        self.left_tabs.setTabText(2, f"Notes ({len(notes)})")
        self.tree_model.set_bookmarked({b.key for b in bookmarks})

    def _open_saved(self, model: RowsModel, index: QModelIndex) -> None:
        key = model.key(index.row())
        if key:
            self.open_section(str(key))

    def _on_changed(self, what: set[str]) -> None:
        # While hidden (a review under way), only remember that the figures are stale:
        # re-reading and re-rendering the section on every answer is what made each
        # answer lag. The section is read again when the screen is next shown.
        self._pending |= what & {CONTENT, REVIEWS, NOTES}
        if self._pending and self.isVisible():
            self._catch_up()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self._catch_up()

    def _catch_up(self) -> None:
        pending, self._pending = self._pending, set()
        if CONTENT in pending:
            self.reload_tree()
        elif NOTES in pending:
            self.reload_saved()
        if self.current is not None and pending & {CONTENT, REVIEWS}:
            position = self.reader.verticalScrollBar().value()
            self.open_section(self.current.key, record=False, keep_words=True, remember=False)
            self.reader.verticalScrollBar().setValue(position)

    def _on_tab(self, tab: int) -> None:
        # Drawn when shown, so they follow the current theme and content.
        if self.tabs.widget(tab) is self.map:
            with self.ctx.read() as session:
                self.map.set_links(partnerships(session))
        elif self.tabs.widget(tab) is self.timeline:
            with self.ctx.read() as session:
                self.timeline.set_events(timeline(session))

    def _open_from_picture(self, key: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.open_section(key)

    def _on_tree_clicked(self, index: QModelIndex) -> None:
        key = index.data(KeyRole)
        if key:
            self.open_section(key)

    def show_route(self, route: routes.Reference) -> None:
        """The reference route: its section, or the one on show when it names none."""
        if route.section_key is not None:
            self.open_section(route.section_key)

    def open_section(
        self, key: str, record: bool = True, keep_words: bool = False, remember: bool = True
    ) -> bool:
        """Show a section; `remember` keeps it as the one to reopen at the next start
        (a refresh of the same section writes nothing)."""
        self.tabs.setCurrentIndex(0)
        if self.current is not None:
            self.keep_note()
        try:
            with self.ctx.read() as session:
                view = load_section(session, key, self.ctx.now())
        except LookupError:
            return False
        if not keep_words:
            self.words = []
        self.current = view
        if record and (self.position < 0 or self.history[self.position] != key):
            del self.history[self.position + 1 :]
            self.history.append(key)
            self.position = len(self.history) - 1
        self.reader.setHtml(section_html(view, current_colors(), self.words))
        self.reader.verticalScrollBar().setValue(0)
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(view.note)
        self.note_edit.blockSignals(False)
        self.note_status.setText("")
        self.bookmark_button.blockSignals(True)
        self.bookmark_button.setChecked(view.bookmarked)
        self.bookmark_button.setText("★ Bookmarked" if view.bookmarked else "☆ Bookmark")
        self.bookmark_button.blockSignals(False)
        self.practise_button.setEnabled(view.prompts > 0)
        known = f"{counted(view.prompts, 'prompt')} · {view.seen} seen"
        if view.recall is not None:
            known += f" · predicted recall {round(100 * view.recall)}%"
        self.known.setText(known if view.prompts else "No prompts on this section")
        index = self.tree_model.index_of(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        if remember:
            with self.ctx.write() as session:
                remember_section(session, key)
        self._update_buttons()
        return True

    def _on_link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("section:"):
            self.open_section(target.removeprefix("section:"))

    def go_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.open_section(self.history[self.position], record=False)

    def go_forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self.open_section(self.history[self.position], record=False)

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self.position > 0)
        self.forward_button.setEnabled(self.position < len(self.history) - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self._search_key(event)
        ):
            return True
        if (
            watched is self.results
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self._search_key(event)
            return True
        # QTextBrowser would take Alt+Left/Right for its own (unused) history.
        if isinstance(event, QKeyEvent) and _is_history_key(event):
            if event.type() == QEvent.Type.KeyPress:
                if event.key() == Qt.Key.Key_Left:
                    self.go_back()
                else:
                    self.go_forward()
            event.accept()
            return True
        # The mouse's own back and forward buttons move through the history too.
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    # --- search -----------------------------------------------------------------------

    def focus_main(self) -> None:
        """On show: the reading pane, so PageUp/PageDown and Alt+Left/Right work."""
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _search_key(self, event: QKeyEvent) -> bool:
        """Down from the search box enters the results; Escape clears the search (and,
        from the results, goes back to the box)."""
        if event.key() == Qt.Key.Key_Escape and self.search_field.text():
            self.search_field.clear()
            self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        if event.key() == Qt.Key.Key_Down and self.results_model.hits:
            self.results.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.results_model.index(0, 0))
            return True
        return False

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def run_search(self, text: str) -> None:
        self.left_tabs.setCurrentIndex(0)  # results show where the contents are
        if not text.strip():
            self.left_pages.setCurrentWidget(self.tree)
            self.results_model.set_hits([])
            return
        with self.ctx.read() as session:
            hits = search(session, text, limit=60)
        self.results_model.set_hits(hits)
        self.left_pages.setCurrentWidget(self.results if hits else self.no_results)

    def open_top_hit(self) -> None:
        if self.results_model.hits:
            self._open_hit(0)

    def _on_result(self, index: QModelIndex) -> None:
        self._open_hit(index.row())

    def _open_hit(self, row: int) -> None:
        hit = self.results_model.hits[row]
        self.words = search_terms(self.search_field.text())
        if hit.kind in ("section", "note"):
            self.open_section(hit.id, keep_words=True)
            return
        # A prompt opens as itself, with its key; the section it tests is one click on.
        try:
            with self.ctx.read() as session:
                view = load_prompt_by_key(session, hit.id)
        except LookupError:
            return
        self.preview = PromptPreview(view, self)
        self.preview.open_section.connect(lambda key: self.open_section(key, keep_words=True))
        self.preview.open()

    # --- study actions ----------------------------------------------------------------

    def _on_bookmark(self, on: bool) -> None:
        if self.current is None:
            return
        with self.ctx.write(NOTES) as session:
            set_bookmark(session, self.current.key, on, self.ctx.now())
        self.bookmark_button.setText("★ Bookmarked" if on else "☆ Bookmark")

    def _on_note_typed(self) -> None:
        self.note_status.setText("Editing…")
        self.note_timer.start()

    def keep_note(self) -> None:
        """Save the note being typed now, if it is waiting to be saved (the database
        is about to close)."""
        if self.note_timer.isActive():
            self.save_note_now()

    def save_note_now(self) -> None:
        self.note_timer.stop()
        if self.current is None:
            return
        with self.ctx.write(NOTES) as session:
            save_note(session, self.current.key, self.note_edit.toPlainText(), self.ctx.now())
        self.note_status.setText("Saved")

    def _on_practise(self) -> None:
        if self.current is None:
            return
        with self.ctx.read() as session:
            # Mains prompts are written against a timer on their own page.
            ids = section_question_ids(session, self.current.key, PRACTICE_TYPES)
        if ids:
            self.ctx.router.go(routes.Practice(self.current.title, tuple(ids)))
