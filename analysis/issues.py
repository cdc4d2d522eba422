"""The codebook of policy issues, and tagging passages with them.

Researchers edit the codebook (TOML or JSON) to suit their project, so loading is strict and
every problem is reported with the file, the issue and what to fix, instead of silently
tagging nothing. Matching is on word stems so that a codebook entry "fund" catches
"funding" and "funded" without a list of every inflection, and without the false hits
("fundamental") that prefix matching would give.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nltk.stem.porter import PorterStemmer

from analysis.resources import resource_path

_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_STEMMER = PorterStemmer()
_EXACT = "="  # marks index keys of `words`, which match unstemmed
MAX_NAME = 80
"""Issue names head matrix columns and report tables; a name is a label, not a sentence.
Names may start with anything (exports guard spreadsheet formulas), but never hold control
characters, which would forge lines in messages and break XLSX files."""


class CodebookError(ValueError):
    """A codebook that cannot be used; the message names the file, the issue and the fault."""


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stem(word.replace("’", "'"))


def _stems(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _WORD.findall(text.lower()))


@dataclass
class Issue:
    name: str
    stems: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    description: str = ""
    words: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {
            "name": self.name,
            "description": self.description,
            "stems": list(self.stems),
            "phrases": list(self.phrases),
        }
        if self.words:
            d["words"] = list(self.words)
        return d


def _string_list(value, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{where}: '{key}' must be a list of words in quotes")
    cleaned = [v.strip() for v in value if v.strip()]
    if len(cleaned) != len(value):
        raise CodebookError(f"{where}: '{key}' holds an empty entry")
    return cleaned


def _issue_from_dict(raw, index: int, origin: str) -> Issue:
    where = f"{origin}: issue {index + 1}"
    if not isinstance(raw, dict):
        raise CodebookError(f"{where}: expected a table with name, stems and phrases")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError(f"{where}: missing 'name'")
    if not name.strip().isprintable():
        raise CodebookError(f"{where}: 'name' holds a control character or line break")
    if len(name.strip()) > MAX_NAME:
        size = len(name.strip())
        raise CodebookError(f"{where}: 'name' is {size} characters long; at most {MAX_NAME}")
    where = f"{origin}: issue '{name.strip()}'"
    unknown = set(raw) - {"name", "stems", "phrases", "words", "description"}
    if unknown:
        raise CodebookError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    stems = _string_list(raw.get("stems"), where, "stems")
    phrases = _string_list(raw.get("phrases"), where, "phrases")
    words = _string_list(raw.get("words"), where, "words")
    if not stems and not phrases and not words:
        raise CodebookError(f"{where}: 'stems' is empty; give at least one word or phrase")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise CodebookError(f"{where}: 'description' must be text")
    return Issue(name.strip(), stems, phrases, description.strip(), words)


@dataclass
class Codebook:
    """The issues, plus an index from stemmed word sequences to issue names for fast tagging."""

    issues: list[Issue]
    origin: str = "codebook"
    _index: dict[tuple[str, ...], set[str]] = field(default_factory=dict, repr=False)
    _longest: int = field(default=1, repr=False)

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for issue in self.issues:
            key = issue.name.casefold()
            if key in seen:
                raise CodebookError(f"{self.origin}: issue '{issue.name}' is listed twice")
            seen[key] = issue.name
        self._index = {}
        for issue in self.issues:
            for term in (*issue.stems, *issue.phrases):
                key = _stems(term)
                if not key:
                    raise CodebookError(
                        f"{self.origin}: issue '{issue.name}': '{term}' has no letters to match"
                    )
                self._index.setdefault(key, set()).add(issue.name)
            for word in issue.words:
                self._index.setdefault((_EXACT + word.lower(),), set()).add(issue.name)
        self._longest = max((len(k) for k in self._index), default=1)
        # Tagging looks only where a term can start: the first stem of each term, with the
        # lengths of the terms that start with it, and the set of exact words.
        starts: dict[str, set[int]] = {}
        for key in self._index:
            if not key[0].startswith(_EXACT):
                starts.setdefault(key[0], set()).add(len(key))
        self._starts = {first: tuple(sorted(n)) for first, n in starts.items()}
        self._exact = {key[0][1:] for key in self._index if key[0].startswith(_EXACT)}
        self._names = tuple(i.name for i in self.issues)

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.issues]

    @classmethod
    def from_dict(cls, d, origin: str = "codebook") -> Codebook:
        if not isinstance(d, dict):
            raise CodebookError(f"{origin}: expected a table of issues at the top level")
        raw = d.get("issue", d.get("issues"))
        if not isinstance(raw, list) or not raw:
            raise CodebookError(f"{origin}: no issues; add [[issue]] tables with name and stems")
        return cls([_issue_from_dict(r, i, origin) for i, r in enumerate(raw)], origin)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Codebook:
        path = Path(path) if path is not None else resource_path("codebook.toml")
        origin = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CodebookError(f"{origin}: cannot be read ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise CodebookError(f"{origin}: is not UTF-8 text") from None
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise CodebookError(f"{origin}: not valid {path.suffix[1:].upper()}: {exc}") from None
        return cls.from_dict(data, origin)

    def to_dict(self) -> dict:
        return {"version": 1, "issue": [i.to_dict() for i in self.issues]}

    def tag(self, text: str) -> list[str]:
        """Issue names found in ``text``, in codebook order.

        One pass over the stems; a position is looked up only when its stem can begin a
        term, so the cost does not grow with the size of the codebook."""
        raw = _WORD.findall(text.lower())
        stem = _stem
        words = tuple([stem(w) for w in raw])
        found: set[str] = set()
        index, starts, total = self._index, self._starts, len(words)
        for i, word in enumerate(words):
            lengths = starts.get(word)
            if lengths:
                for n in lengths:
                    if n > total - i:
                        break
                    hit = index.get(words[i : i + n])
                    if hit:
                        found |= hit
        if self._exact:
            for word in self._exact.intersection(raw):
                found |= index[(_EXACT + word,)]
        return [name for name in self._names if name in found]


def project_codebook(project) -> Codebook:
    """The project's own codebook, seeded from the shipped one on first use."""
    stored = project.codebook()
    if stored is not None:
        return Codebook.from_dict(stored)
    codebook = Codebook.load()
    if not project.read_only:
        project.save_codebook(codebook.to_dict())
    return codebook
