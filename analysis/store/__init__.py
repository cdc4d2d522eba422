"""The project file: one SQLite database, the single source of truth.

All SQL of the application lives in this package.
"""

from analysis.store.errors import ProjectError, ProjectInUse
from analysis.store.project import Changes, Project
from analysis.store.records import AnnotationRecord, DocumentRecord, ModelRecord, PassageRecord

__all__ = [
    "AnnotationRecord",
    "Changes",
    "DocumentRecord",
    "ModelRecord",
    "PassageRecord",
    "Project",
    "ProjectError",
    "ProjectInUse",
]
