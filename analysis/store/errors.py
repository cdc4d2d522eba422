"""Errors the store raises, each carrying a sentence a user can act on."""


class ProjectError(Exception):
    """The file cannot be used as a project (not ours, newer than us, damaged)."""


class ProjectInUse(ProjectError):
    """Another StanceMap window holds the project open for editing."""
