"""Exchange with the tools qualitative researchers already use (the REFI-QDA .qdpx format)."""

from analysis.exchange.qdpx_export import ExportSummary, export_qdpx
from analysis.exchange.qdpx_import import QdpxImportSummary, import_qdpx
from analysis.exchange.qdpx_model import MODEL_USER, QdpxError

__all__ = [
    "MODEL_USER",
    "ExportSummary",
    "QdpxError",
    "QdpxImportSummary",
    "export_qdpx",
    "import_qdpx",
]
