"""QPainter routines shared by the window and the PDF report.

Everything here draws from plain data into a rectangle with a font, and keeps no widget
state, so a chart looks the same on screen and on a PDF page.
"""
