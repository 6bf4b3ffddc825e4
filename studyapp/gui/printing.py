"""Printing a `Printable` (revision notes, a question paper) to A4 pages: a title and
contents page whose page numbers are read off the laid-out body, then the body, each
page numbered in its footer. The same layout paints a PDF (Qt's own PDF writer) or page
images (for previews and screenshots). Painting on a QPdfWriter or QImage is allowed
off the GUI thread, so exports run on a worker thread."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from studyapp.core.errors import FileNotWritten, UserFacingError
from studyapp.core.exchange.printable import Printable
from studyapp.gui.background import Progress

# progress(done, total) -> False to cancel

_MARGIN_MM = 16
_FOOTER_SHARE = 0.045  # of the printable height
_CSS = (
    "body { font-family: 'DejaVu Serif', 'Noto Serif', serif; }"
    "h1 { font-size: 17pt; } h2 { font-size: 13.5pt; } h3 { font-size: 11pt; }"
    "h4 { font-size: 10pt; font-style: italic; } th { text-align: left; }"
)


class PrintCancelled(UserFacingError):
    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


class PagedDocument:
    """A printable laid out for one paint device: contents pages, then body pages."""

    def __init__(self, printable: Printable, device: QPaintDevice, width: float, height: float):
        self.printable = printable
        self.width = width
        self.footer = height * _FOOTER_SHARE
        self.page_height = height - self.footer
        self.body = self._document(device, self._title_block() + printable.body)
        self.contents = self._contents(device)

    def _document(self, device: QPaintDevice, body: str) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(device)
        document.setDefaultFont(QFont("DejaVu Serif", 10))
        document.setDefaultStyleSheet(_CSS)
        document.setPageSize(QSizeF(self.width, self.page_height))
        document.setHtml(f"<html><body>{body}</body></html>")
        return document

    def _title_block(self) -> str:
        p = self.printable
        return (
            f"<p style='font-size:20pt'><b>{html.escape(p.title)}</b></p>"
            f"<p style='font-size:12pt; color:#444444'>{html.escape(p.subtitle)}</p>"
            "<p style='font-size:9pt; color:#666666'>Setu · India–Japan relations</p><hr>"
        )

    def _anchor_pages(self) -> dict[str, int]:
        """The body page (from 0) on which each named anchor stands."""
        pages: dict[str, int] = {}
        layout = self.body.documentLayout()
        block = self.body.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    top = layout.blockBoundingRect(block).top()
                    pages.setdefault(name, int(top // self.page_height))
                it += 1
            block = block.next()
        return pages

    def _contents(self, device: QPaintDevice) -> QTextDocument | None:
        headings = self.printable.headings
        if len(headings) < 2:
            return None
        anchors = self._anchor_pages()
        offset = 1
        while True:  # the contents may itself run to several pages
            rows = "".join(
                f"<tr><td style='padding-left:{18 * (h.level - 1)}px'>"
                + (f"<b>{html.escape(h.text)}</b>" if h.level == 1 else html.escape(h.text))
                + f"</td><td align='right'>{anchors.get(h.anchor, 0) + offset + 1}</td></tr>"
                for h in headings
            )
            document = self._document(
                device,
                self._title_block()
                + f"<h1>Contents</h1><table width='100%' cellpadding='2'>{rows}</table>",
            )
            if document.pageCount() == offset:
                return document
            offset = document.pageCount()

    @property
    def pages(self) -> list[tuple[QTextDocument, int]]:
        documents = [d for d in (self.contents, self.body) if d is not None]
        return [(d, n) for d in documents for n in range(d.pageCount())]

    def paint_page(self, painter: QPainter, index: int) -> None:
        document, n = self.pages[index]
        painter.save()
        painter.translate(0, -n * self.page_height)
        document.drawContents(
            painter, QRectF(0, n * self.page_height, self.width, self.page_height)
        )
        painter.restore()
        painter.setPen(QColor("#666666"))
        font = QFont("DejaVu Sans", 8)
        painter.setFont(font)
        footer = QRectF(0, self.page_height, self.width, self.footer)
        painter.drawText(
            footer,
            int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft),
            f"{self.printable.title} — {self.printable.subtitle}",
        )
        painter.drawText(
            footer,
            int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight),
            f"Page {index + 1} of {len(self.pages)}",
        )


def write_pdf(printable: Printable, path: Path, progress: Progress | None = None) -> int:
    """Print to an A4 PDF at `path`; returns the page count. The file appears under its
    name only when complete (written beside it under a temporary name first)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(partial))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(144)
    writer.setTitle(f"{printable.title} — {printable.subtitle}")
    writer.setCreator("Setu")
    paged = PagedDocument(printable, writer, writer.width(), writer.height())
    total = len(paged.pages)
    painter = QPainter()
    try:
        try:  # the folder's refusal in words (Qt's own would only say that it failed)
            partial.write_bytes(b"")
        except OSError as exc:
            raise FileNotWritten(path, exc) from exc
        if not painter.begin(writer):
            raise UserFacingError(f"Setu could not write {path}.")
        for index in range(total):
            if index:
                writer.newPage()
            paged.paint_page(painter, index)
            if progress is not None and not progress(index + 1, total):
                raise PrintCancelled()
        painter.end()
        try:
            partial.replace(path)
        except OSError as exc:
            raise FileNotWritten(path, exc) from exc
    finally:
        if painter.isActive():
            painter.end()
        partial.unlink(missing_ok=True)
    return total


def page_images(printable: Printable, pages: Sequence[int] = (0, 1), dpi: int = 96) -> list[QImage]:
    """These pages (from 0) as images, laid out as on A4 paper (for previews)."""
    px_per_mm = dpi / 25.4
    width, height = round(210 * px_per_mm), round(297 * px_per_mm)
    margin = round(_MARGIN_MM * px_per_mm)
    metrics = QImage(width, height, QImage.Format.Format_RGB32)
    metrics.setDotsPerMeterX(round(dpi / 0.0254))
    metrics.setDotsPerMeterY(round(dpi / 0.0254))
    paged = PagedDocument(printable, metrics, width - 2 * margin, height - 2 * margin)
    images = []
    for index in (i for i in pages if i < len(paged.pages)):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(metrics.dotsPerMeterX())
        image.setDotsPerMeterY(metrics.dotsPerMeterY())
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.translate(margin, margin)
        paged.paint_page(painter, index)
        painter.end()
        images.append(image)
    return images
