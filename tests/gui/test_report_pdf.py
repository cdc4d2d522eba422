"""The PDF as a reader gets it: pages, words, fonts, bookmarks, and a file qpdf accepts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from analysis.progress import Cancelled, CancelToken
from analysis.report import Paragraph, build_report
from analysis.store import Project
from gui.report import render_report
from tests.support.sample_project import fill_sample_project

pytestmark = pytest.mark.usefixtures("qapp")


def squash(text: str) -> str:
    """Text extraction breaks lines where the layout did; compare without whitespace."""
    return re.sub(r"\s+", "", text)


def qpdf_check(path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def sample_report():
    with Project(":memory:") as project:
        fill_sample_project(project, passages=160, documents=8, coders=3)
        return build_report(project)


@pytest.fixture(scope="module")
def sample_pdf(sample_report, tmp_path_factory, qapp):
    path = tmp_path_factory.mktemp("report") / "sample.pdf"
    render_report(sample_report, path)
    return path


def test_pdf_passes_qpdf_check(sample_pdf):
    qpdf_check(sample_pdf)


def test_pages_are_numbered_and_a4(sample_pdf):
    reader = PdfReader(str(sample_pdf))
    total = len(reader.pages)
    assert total >= 8
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for number in (2, total):
        assert f"{number}of{total}" in squash(reader.pages[number - 1].extract_text())


def test_text_is_selectable_and_says_what_the_content_says(sample_pdf, sample_report):
    reader = PdfReader(str(sample_pdf))
    cover = squash(reader.pages[0].extract_text())
    assert squash(sample_report.title) in cover and "Contents" in cover
    everything = squash("".join(page.extract_text() for page in reader.pages))
    summary = sample_report.section("summary")
    for block in summary.blocks:
        if isinstance(block, Paragraph):
            assert squash(block.text) in everything
    for section in sample_report.sections:
        assert squash(section.title) in everything


def test_fonts_are_the_shipped_ones_and_embedded(sample_pdf):
    reader = PdfReader(str(sample_pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts
    assert all("Lato" in name for name in fonts), fonts


def test_bookmarks_follow_the_sections(sample_pdf, sample_report):
    reader = PdfReader(str(sample_pdf))
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    assert [item.title for item in top] == [s.title for s in sample_report.sections]
    assert any(isinstance(item, list) and item for item in outline)  # sub-headings nest
    assert reader.get_destination_page_number(top[0]) == 1  # the summary follows the cover
    pages = [reader.get_destination_page_number(item) for item in top]
    assert pages == sorted(pages)
    summary_page = squash(reader.pages[pages[0]].extract_text())
    assert "Summary" in summary_page


def test_cancel_leaves_no_file(sample_report, tmp_path):
    token = CancelToken()
    calls = []

    def progress(fraction, message):
        calls.append(fraction)
        if fraction > 0.3:
            token.cancel()

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        render_report(sample_report, target, progress, token)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    assert calls


def test_missing_folder_is_a_clear_error(sample_report, tmp_path):
    with pytest.raises(OSError, match="no such folder"):
        render_report(sample_report, tmp_path / "nowhere" / "r.pdf")


def test_sections_subset_and_documents_rows(tmp_path):
    with Project(":memory:") as project:
        fill_sample_project(project, passages=60, documents=4, coders=1)
        report = build_report(project, rows="documents", sections=["matrix", "method"])
    path = tmp_path / "small.pdf"
    render_report(report, path)
    reader = PdfReader(str(path))
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Positions by issue",
        "Method",
    ]
    text = squash("".join(p.extract_text() for p in reader.pages))
    assert "Briefing1" in text  # document rows name documents
    assert "Summary" not in text
    qpdf_check(path)


def test_stancemap_report_on_the_shared_corpus(shared_corpus, tmp_path, capsys):
    from gui.app import main

    out = tmp_path / "corpus.pdf"
    assert main(["report", str(shared_corpus), "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 6
    text = squash("".join(p.extract_text() for p in reader.pages[:3]))
    # The corpus's hand labels lean localist (57 localist units to 9 centralist); whether one
    # document's interval clears 0 is too close to call to assert, the overall lean is not.
    shares = re.search(r"(\d+)%argueforlocalcontrol,(\d+)%fornationalcontrol", text)
    assert shares and int(shares[1]) > 2 * int(shares[2])
    assert "Themostlocalistdocument" in text or "Nodocumentisclearlylocalist" in text
    qpdf_check(out)


def test_every_page_rasterises(sample_pdf, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    done = subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-png", str(sample_pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    from PySide6.QtGui import QImage

    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(str(sample_pdf)).pages)
    matrix_page = QImage(str(images[2]))  # cover, summary, then the heatmap
    dark = sum(
        1
        for y in range(0, matrix_page.height(), 2)
        for x in range(0, matrix_page.width(), 2)
        if matrix_page.pixelColor(x, y).lightness() < 120
    )
    assert dark > 50  # the chart's dark (centralist) cells and its text are there


def test_cover_only_report(tmp_path):
    with Project(":memory:") as project:
        fill_sample_project(project, passages=20, documents=2, coders=0)
        report = build_report(project, sections=[])
    path = tmp_path / "cover.pdf"
    render_report(report, path)
    assert len(PdfReader(str(path)).pages) == 1
    qpdf_check(path)


def test_empty_project_and_multiline_passages(tmp_path):
    from analysis.corpus import Document, Passage

    with Project(":memory:") as project:
        empty = tmp_path / "empty.pdf"
        render_report(build_report(project), empty)
        text = "First line\nsecond line\r\nthird\tline"
        project.add_document(
            Document(file="notes/a.txt", text=text, title="Notes"), [Passage(0, len(text), text)]
        )
        one = tmp_path / "one.pdf"
        render_report(build_report(project), one)
    for path in (empty, one):
        qpdf_check(path)
    words = squash("".join(p.extract_text() for p in PdfReader(str(empty)).pages))
    assert "Noactorcouldbeplaced" in words and "0documents" in words
    cover = PdfReader(str(one)).pages[0].extract_text()
    assert "1 document," in cover.replace("\t", " ") and "1 passage" in cover.replace("\t", " ")
