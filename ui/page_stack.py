"""The main window's pages, each built the first time it is needed, not at start-up.

``PageStack`` is a ``QStackedWidget`` that holds an empty placeholder in each page's
place until the page is shown or asked for (``page``); then the page's maker runs
(importing what only that page needs), the page takes the placeholder's place and
``built(row, page)`` is emitted, so whoever wires the page can do so then. The app
therefore starts with Home alone: the intake, its questionnaires and checks, the
person's history and Settings cost nothing until the worker goes there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageStack(QStackedWidget):
    """Pages made by ``makers`` (one per row) on first use.

    Signals:
        built(row: int, page: QWidget): a page was just made and put in its place.
    """

    built = Signal(int, QWidget)

    def __init__(self, makers: Sequence[Callable[[], QWidget]]) -> None:
        super().__init__()
        self._makers = list(makers)
        self._pages: dict[int, QWidget] = {}
        for _maker in self._makers:
            self.addWidget(QWidget())  # a placeholder until the page is needed

    def page(self, row: int) -> QWidget:
        """The page at ``row``, made now if it was not yet."""
        page = self._pages.get(row)
        if page is None:
            page = self._makers[row]()
            placeholder = self.widget(row)
            current = self.currentIndex()
            self.insertWidget(row, page)
            if placeholder is not None:
                self.removeWidget(placeholder)
                placeholder.deleteLater()
            self.setCurrentIndex(current)
            self._pages[row] = page
            self.built.emit(row, page)
        return page

    def built_page(self, row: int) -> QWidget | None:
        """The page at ``row`` if it has been made (None: not yet)."""
        return self._pages.get(row)

    def built_pages(self) -> list[QWidget]:
        """The pages made so far, in row order."""
        return [self._pages[row] for row in sorted(self._pages)]

    def show_row(self, row: int) -> None:
        """Make the page at ``row`` if needed, and show it."""
        self.page(row)
        self.setCurrentIndex(row)
