"""Saving and loading a stance model as plain data: JSON parameters plus an ``.npz`` of arrays.

A project file may come from anyone, so opening one must neither run code nor exhaust the
machine. No pickle anywhere (``allow_pickle=False``). Before any array is read, each member
of the archive is checked from its zip entry and its ``.npy`` header alone: a known name,
a numeric dtype, a shape within bounds, a declared size that matches what the zip entry
holds, and a total under :data:`MAX_ARRAY_BYTES`; only then is it decompressed, reading at
most the declared number of bytes. Cues are word pairs validated by
:func:`analysis.stance.lexicon.check_cues` and never compiled into patterns.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np

from analysis.corpus import LABELS
from analysis.stance.features import ROLE_WORDS
from analysis.stance.lexicon import WORD_PAIR, check_cues

FORMAT = "stancemap-stance-model"
VERSION = 4
# Version 2 models were trained before clause scope (features.Analyser ``scoped``), version
# 3 before the role table's corrections (``role_overrides``): they are read and predict with the
# features they were trained on.
READABLE = (2, 3, 4)
MAX_VOCABULARY = 400_000
MAX_ARRAY_BYTES = 64 * 1024 * 1024
MAX_TERM_CHARS = 200
MAX_ROLE_OVERRIDES = 1000
_LAYERS = ("base", "project")
_ARRAYS = ("idf", "colw", "coef", "intercept", "stack")


def model_to_payload(model) -> tuple[dict, bytes]:
    arrays, layers = {}, {}
    for name in _LAYERS:
        layer = getattr(model, name)
        if layer is None:
            continue
        layers[name] = {
            "vocabulary": layer.vocabulary,
            "cues": [list(c) for c in layer.cues],
            "present": list(layer.present),
            "scoped": layer.scoped,
            "role_overrides": dict(layer.role_overrides),
        }
        for key in _ARRAYS:
            arrays[f"{name}_{key}"] = np.asarray(getattr(layer, key), dtype=np.float64)
    params = {
        "format": FORMAT,
        "version": VERSION,
        "name": model.name,
        "training_size": int(model.training_size),
        "metrics": model.metrics,
        "settings": model.settings,
        "classes": list(LABELS),
        "temperature": float(model.temperature),
        "project_weight": float(model.project_weight),
        "layers": layers,
    }
    return params, npz_bytes(arrays)


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` archive that ``np.load`` reads, with fixed timestamps so the same model
    always gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def model_from_payload(params: dict, arrays: bytes, *, model, layer, shipped):
    """Rebuild a model; anything malformed or oversized raises ``ValueError``.

    The model's classes (``model``, its ``layer``) and the ``shipped`` model's loader are
    given by :mod:`analysis.stance.model`, which calls this: the file format knows the
    model's shape, not its module, so the two do not import each other.
    """
    if _older_version(params):
        return _shipped_in_place_of(shipped)
    _check_header(params)
    data = read_arrays(arrays)
    layers = _get(params, "layers", dict)
    built = {}
    for name in _LAYERS:
        if name in layers:
            built[name] = _rebuild_layer(name, layers[name], data, layer)
    if "base" not in built:
        raise ValueError("stance model payload lacks its base layer")
    temperature = _number(params.get("temperature", 1.0), 0.05, 20.0, "temperature")
    weight = _number(params.get("project_weight", 0.0), 0.0, 1.0, "project weight")
    settings = params.get("settings") or {}
    return model(
        built["base"],
        temperature=temperature,
        project=built.get("project"),
        project_weight=weight,
        name=str(params.get("name", "stance"))[:200],
        training_size=int(_number(params.get("training_size", 0), 0, 1e9, "training size")),
        metrics=dict(params.get("metrics") or {}),
        settings=settings if isinstance(settings, dict) else {},
    )


def _older_version(params) -> bool:
    return (
        isinstance(params, dict) and params.get("format") == FORMAT and params.get("version") == 1
    )


def _shipped_in_place_of(load_shipped):
    """A project saved by an earlier version holds a model whose features this version no
    longer computes (and whose cue patterns it will not compile): the shipped model stands
    in, named so, until the project is retrained. Nothing of the old payload is read."""
    import copy

    model = copy.copy(load_shipped())
    model.name = "shipped (in place of a model saved by an earlier version; retrain)"
    model.metrics = dict(model.metrics)
    return model


def _check_header(params) -> None:
    if not isinstance(params, dict):
        raise ValueError("stance model parameters must be a JSON object")
    if params.get("format") != "stancemap-stance-model":
        raise ValueError("not a StanceMap stance model (unknown format)")
    if params.get("version") not in READABLE:
        raise ValueError(
            f"stance model version {params.get('version')!r} is not supported "
            f"(this version reads {', '.join(map(str, READABLE))}); retrain the model"
        )
    if params.get("classes") != list(LABELS):
        raise ValueError(f"stance model classes must be {list(LABELS)}")


def _get(params: dict, key: str, kind: type):
    value = params.get(key)
    if not isinstance(value, kind):
        raise ValueError(f"stance model payload: '{key}' is missing or malformed")
    return value


def _number(value, low: float, high: float, what: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not np.isfinite(value)
        or not low <= value <= high
    ):
        raise ValueError(f"stance model {what} is out of range")
    return float(value)


def read_arrays(arrays: bytes) -> dict[str, np.ndarray]:
    """The archive's arrays, each checked from its header before it is decompressed."""
    if not isinstance(arrays, (bytes, bytearray, memoryview)):
        raise ValueError("stance model arrays must be bytes of an .npz archive")
    if len(arrays) > MAX_ARRAY_BYTES:
        raise ValueError("stance model arrays are larger than any model this app makes")
    found, total = {}, 0
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(arrays))) as archive:
            members = archive.infolist()
            if len(members) > 2 * len(_LAYERS) * len(_ARRAYS):
                raise ValueError("stance model arrays: too many members")
            for info in members:
                key = info.filename.removesuffix(".npy")
                allowed = {f"{n}_{k}" for n in _LAYERS for k in _ARRAYS}
                if key not in allowed or key in found:
                    raise ValueError(f"stance model arrays: unexpected member {key[:40]!r}")
                total += info.file_size
                if info.file_size > MAX_ARRAY_BYTES or total > MAX_ARRAY_BYTES:
                    raise ValueError("stance model arrays are larger than any model this app makes")
                with archive.open(info) as member:
                    found[key] = _read_member(member, info.file_size)
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as error:
        raise ValueError(f"stance model arrays are unreadable: {error}") from None
    return found


def _read_member(member, declared: int) -> np.ndarray:
    """One ``.npy`` member: header first, then exactly the bytes it declares."""
    version = np.lib.format.read_magic(member)
    if version not in ((1, 0), (2, 0)):
        raise ValueError("stance model arrays: unsupported .npy version")
    reader = (
        np.lib.format.read_array_header_1_0
        if version == (1, 0)
        else np.lib.format.read_array_header_2_0
    )
    shape, fortran, dtype = reader(member, max_header_size=1024)
    if dtype.kind != "f" or dtype.itemsize != 8 or dtype.hasobject or fortran:
        raise ValueError("stance model arrays must be 64-bit floating point")
    if len(shape) > 2 or any(not 0 <= s <= MAX_VOCABULARY for s in shape):
        raise ValueError(f"stance model array has an implausible shape {shape}")
    count = int(np.prod(shape, dtype=np.int64))
    nbytes = count * 8
    if nbytes > declared or nbytes > MAX_ARRAY_BYTES:
        raise ValueError("stance model array is larger than its archive entry says")
    raw = member.read(nbytes)
    if len(raw) != nbytes:
        raise ValueError("stance model array is truncated")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _rebuild_layer(name: str, spec, data: dict, linear):
    if not isinstance(spec, dict):
        raise ValueError(f"stance model layer '{name}' is malformed")
    vocabulary = spec.get("vocabulary")
    if (
        not isinstance(vocabulary, list)
        or not vocabulary
        or len(vocabulary) > MAX_VOCABULARY
        or not all(isinstance(t, str) and 0 < len(t) <= MAX_TERM_CHARS for t in vocabulary)
        or len(set(vocabulary)) != len(vocabulary)
    ):
        raise ValueError(f"stance model vocabulary of '{name}' is malformed")
    cues = check_cues(spec.get("cues"))
    width = len(vocabulary)
    expected = {
        "idf": (width,),
        "colw": (width,),
        "coef": (len(LABELS), width),
        "intercept": (len(LABELS),),
        "stack": (len(LABELS), len(LABELS)),
    }
    parts = {}
    for key, shape in expected.items():
        array = data.get(f"{name}_{key}")
        if array is None or array.shape != shape:
            raise ValueError(f"stance model array {name}_{key} is missing or has the wrong shape")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"stance model array {name}_{key} is not finite numbers")
        parts[key] = array
    present = spec.get("present", list(LABELS))
    if not isinstance(present, list) or not present or not set(present) <= set(LABELS):
        raise ValueError(f"stance model layer '{name}' names unknown classes")
    scoped = spec.get("scoped", False)
    if not isinstance(scoped, bool):
        raise ValueError(f"stance model layer '{name}': 'scoped' must be true or false")
    overrides = spec.get("role_overrides", {})
    if (
        not isinstance(overrides, dict)
        or len(overrides) > MAX_ROLE_OVERRIDES
        or not all(
            isinstance(w, str) and WORD_PAIR.match(w) and (r == "" or r in ROLE_WORDS)
            for w, r in overrides.items()
        )
    ):
        raise ValueError(
            f"stance model layer '{name}': 'role_overrides' must map words to known roles"
        )
    return linear(
        vocabulary,
        parts["idf"],
        parts["colw"],
        parts["coef"],
        parts["intercept"],
        cues,
        present,
        parts["stack"],
        scoped,
        overrides,
    )
