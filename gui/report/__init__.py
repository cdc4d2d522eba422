"""The report on paper: Qt renders the content tree built by :mod:`analysis.report`."""

from gui.report.pdf import render_report

__all__ = ["render_report"]
