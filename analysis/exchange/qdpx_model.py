"""The REFI-QDA project format as StanceMap maps it: names, GUIDs, codes and plain records.

A ``.qdpx`` is a zip holding ``project.qde`` (XML in the ``urn:QDA-XML:project:1.0``
namespace) and one ``sources/<guid>.txt`` per text source. Selections address a source's
text by character offsets; we count in Python string indices (Unicode code points), the
unit QualCoder uses.

Our codebook travels as two parent codes: "Stance" with the three labels, and "Issues" with
the project's issue names. Codings made by the model are filed under the user
:data:`MODEL_USER`, so a colleague in MAXQDA or NVivo can tell them from a coder's, and so
that importing the file back never turns the model's guesses into manual labels.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

NS = "urn:QDA-XML:project:1.0"
MODEL_USER = "StanceMap model"
STANCE_CODE = "Stance"
ISSUES_CODE = "Issues"
PROJECT_ENTRY = "project.qde"
SOURCES_DIR = "sources"
INTERNAL = "internal://"
STANCE_COLOURS = {"centralist": "#2f6db3", "neutral": "#9c9c9c", "localist": "#e07b1f"}
"""The window's palette, so codes look the same in the other tool."""

GUID = re.compile(
    r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|(?:\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})"
)
"""The schema's GUIDType pattern."""

_NAMESPACE = uuid.UUID("5d0c2f6e-8a5b-4f3e-9c1d-7b2a4e6f8a10")


class QdpxError(ValueError):
    """A .qdpx we will not read or cannot write; the message is one line for the user."""


def q(tag: str) -> str:
    """A tag in the REFI-QDA namespace, as ElementTree spells it."""
    return f"{{{NS}}}{tag}"


def make_guid(*parts: object) -> str:
    """A GUID derived from ``parts``: exporting the same project twice gives the same file."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def check_guid(value: str | None, where: str) -> str:
    if value is None or not GUID.fullmatch(value.strip()):
        raise QdpxError(f"refused: {where} has an invalid GUID {str(value)[:60]!r}")
    return value.strip().strip("{}").lower()


@dataclass
class Coding:
    code: str  # code GUID
    user: str | None  # user GUID
    created: str = ""


@dataclass
class Selection:
    start: int
    end: int
    user: str | None
    codings: list[Coding] = field(default_factory=list)


@dataclass
class Source:
    guid: str
    name: str
    description: str = ""
    text: str | None = None
    text_path: str | None = None
    selections: list[Selection] = field(default_factory=list)


@dataclass
class CodeInfo:
    name: str
    parent: str | None  # the parent code's name


@dataclass
class QdaProject:
    """What we read from a project.qde, before any text is matched to passages."""

    users: dict[str, str] = field(default_factory=dict)  # GUID -> name
    codes: dict[str, CodeInfo] = field(default_factory=dict)  # GUID -> code
    sources: list[Source] = field(default_factory=list)
    skipped_sources: list[str] = field(default_factory=list)


def parse_xml(data: bytes) -> ElementTree.Element:
    """Parse with expat, refusing any DOCTYPE or entity declaration in whatever encoding.

    expat decodes the document itself, so a DOCTYPE hidden in UTF-16 or a single-byte
    codepage is caught the same way as a plain one, before any entity can expand.
    """
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args) -> None:
        raise QdpxError("refused: project.qde declares a DOCTYPE or entities (not allowed)")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _clark(name), {_clark(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_clark(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        raise QdpxError(f"damaged .qdpx: project.qde is not valid XML ({reason})") from None
    return builder.close()


def _clark(name: str) -> str:
    namespace, _, local = name.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local
