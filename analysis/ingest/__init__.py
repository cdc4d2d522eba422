"""Import and cleaning: files and folders in, documents with page furniture marked out.

``load_paths`` is the one call the workflow needs; ``read_file`` and ``clean_document`` are
its two halves, public so each can be tested and reused on its own.
"""

from analysis.ingest.cleaning import clean_document
from analysis.ingest.loading import IngestResult, collect_files, iter_documents, load_paths
from analysis.ingest.readers import FORMATS, SUPPORTED, read_file

__all__ = [
    "FORMATS",
    "SUPPORTED",
    "IngestResult",
    "clean_document",
    "collect_files",
    "iter_documents",
    "load_paths",
    "read_file",
]
