"""The shared drawing routines: hit-testing matches what is drawn, on screen and on PDF."""

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

from analysis.positions import ALL
from gui.drawing.heatmap import cell_of, paint_heatmap
from gui.drawing.palette import CENTRALIST, LOCALIST, stance_color, stance_color_print
from gui.drawing.strip import axis_extent, paint_position_strip
from tests.gui.matrix_fakes import fake_matrix


def _paint(matrix, size=(900, 600)):
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    layout = paint_heatmap(painter, QRectF(0, 0, *size), matrix, font=QFont("Sans", 10))
    painter.end()
    return image, layout


def test_palette_is_diverging_and_fades_uncertain_predictions(qapp):
    assert stance_color(-1.0, 1.0, True) == CENTRALIST
    assert stance_color(1.0, 1.0, True) == LOCALIST
    sure, unsure = stance_color(-1.0, 1.0), stance_color(-1.0, 0.4)
    assert unsure.lightness() > sure.lightness()
    dark, light = stance_color_print(-1.0), stance_color_print(1.0)
    assert dark.lightness() < stance_color_print(0.0).lightness() < light.lightness()


def test_heatmap_cells_hit_test_to_row_and_issue(qapp):
    matrix = fake_matrix(4)
    image, layout = _paint(matrix)
    assert layout.columns[0] == ALL and layout.rows == 4
    for r in range(4):
        for c, issue in enumerate(layout.columns):
            assert layout.cell_at(layout.cell_rect(r, c).center()) == (r, issue)
    assert layout.cell_at(QPointF(1, 1)) is None
    # an empty cell stays light grey and a centralist "all" cell is drawn blue
    first = layout.cell_rect(0, 0).topLeft() + QPointF(3, 3)
    pixel = image.pixelColor(first.toPoint())
    assert pixel.blue() > pixel.red()


def test_heatmap_and_strip_draw_on_a_pdf_page(qapp, tmp_path):
    out = tmp_path / "chart.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    rect = QRectF(0, 0, writer.width(), writer.height() / 2)
    matrix = fake_matrix(6)
    layout = paint_heatmap(painter, rect, matrix, font=QFont("Sans", 9), print_safe=True)
    paint_position_strip(
        painter, rect.translated(0, rect.height()), matrix.rows, font=QFont("Sans", 9)
    )
    painter.end()
    assert out.stat().st_size > 1000
    assert layout.grid.right() <= rect.right() + 1


def test_cell_of_reads_row_summary_for_all_and_missing_cells_as_empty(qapp):
    row = fake_matrix(3).rows[0]
    assert cell_of(row, ALL)[0] == row.n
    assert cell_of(row, "no such issue") == (0, None, None, None)


def test_strip_axis_is_symmetric_and_covers_intervals(qapp):
    rows = fake_matrix(5).rows
    extent = axis_extent(rows)
    assert extent >= max(abs(r.position_low) for r in rows)
    image = QImage(600, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    layout = paint_position_strip(painter, QRectF(0, 0, 600, 300), rows)
    painter.end()
    assert layout.x_of(-extent) < layout.x_of(0) < layout.x_of(extent)
    assert layout.row_at(QPointF(300, layout.plot.top() + layout.row_height * 1.5)) == 1
