"""Saving and loading a stance model as plain data: JSON parameters plus an ``.npz`` of arrays.

A project file or a shipped model must never be able to run code when opened, so there is
no pickle anywhere: vocabularies, settings and lexicon go to JSON, idf vectors and
coefficients to ``np.savez_compressed`` and are read back with ``allow_pickle=False``. The
sklearn objects are re-created with their fitted attributes, so a loaded model predicts
exactly as the one that was trained.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analysis.corpus import LABELS
from analysis.stance.lexicon import CueLexicon
from analysis.stance.pipeline import (
    BLOCKS,
    Settings,
    build_features,
    char_vectorizer,
    direction_vectorizer,
    word_vectorizer,
)

FORMAT = "stancemap-stance-model"
VERSION = 1
_VECTORIZERS = {"words": word_vectorizer, "chars": char_vectorizer,
                "direction": direction_vectorizer}


def model_to_payload(model) -> tuple[dict, bytes]:
    features, classifier = model.features, model.classifier
    blocks, arrays = {}, {}
    for name, part in features.transformer_list:
        if isinstance(part, CueLexicon):
            blocks[name] = {"cues": [list(cue) for cue in part.cues]}
        else:
            vocabulary = [""] * len(part.vocabulary_)
            for term, index in part.vocabulary_.items():
                vocabulary[index] = term
            blocks[name] = {"vocabulary": vocabulary}
            arrays[f"idf_{name}"] = np.asarray(part.idf_, dtype=np.float64)
    arrays["coef"] = np.asarray(classifier.coef_, dtype=np.float64)
    arrays["intercept"] = np.asarray(classifier.intercept_, dtype=np.float64)
    params = {
        "format": FORMAT,
        "version": VERSION,
        "name": model.name,
        "training_size": int(model.training_size),
        "metrics": model.metrics,
        "settings": model.settings.to_json(),
        "classes": [str(c) for c in classifier.classes_],
        "blocks": blocks,
    }
    return params, npz_bytes(arrays)


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` archive that ``np.load`` reads, with fixed timestamps so the same model
    always gives the same bytes (``np.savez_compressed`` stamps the current time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[key]),
                                      allow_pickle=False)
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def model_from_payload(params: dict, arrays: bytes):
    """Rebuild a model; anything malformed raises ``ValueError`` saying what is wrong."""
    from analysis.stance.model import StanceModel

    _check_header(params)
    data = _read_arrays(arrays)
    settings = Settings.from_json(_get(params, "settings", dict))
    blocks = _get(params, "blocks", dict)
    parts = {}
    for name in BLOCKS:
        if name in blocks:
            parts[name] = _rebuild_block(name, blocks[name], data, settings)
    try:
        features = build_features(settings, parts)
    except KeyError as error:
        raise ValueError(f"stance model payload lacks the feature block {error}") from None
    width = sum(_width(part) for _, part in features.transformer_list)
    classifier = _rebuild_classifier(params, data, width)
    pipeline = Pipeline([("features", features), ("classifier", classifier)])
    return StanceModel(pipeline, settings, name=str(params.get("name", "stance")),
                       training_size=int(params.get("training_size", 0)),
                       metrics=dict(params.get("metrics") or {}))


def _check_header(params) -> None:
    if not isinstance(params, dict):
        raise ValueError("stance model parameters must be a JSON object")
    if params.get("format") != FORMAT:
        raise ValueError("not a StanceMap stance model (unknown format)")
    if params.get("version") != VERSION:
        raise ValueError(f"unsupported stance model version {params.get('version')!r}")


def _get(params: dict, key: str, kind: type):
    value = params.get(key)
    if not isinstance(value, kind):
        raise ValueError(f"stance model payload: '{key}' is missing or malformed")
    return value


def _read_arrays(arrays: bytes) -> dict[str, np.ndarray]:
    if not isinstance(arrays, (bytes, bytearray, memoryview)):
        raise ValueError("stance model arrays must be bytes of an .npz archive")
    try:
        with np.load(io.BytesIO(bytes(arrays)), allow_pickle=False) as npz:
            found = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"stance model arrays are unreadable: {error}") from None
    if any(array.dtype.kind not in "fiu" for array in found.values()):
        raise ValueError("stance model arrays must be numeric")
    return found


def _rebuild_block(name: str, spec, data: dict, settings: Settings):
    if not isinstance(spec, dict):
        raise ValueError(f"stance model block '{name}' is malformed")
    if name == "cues":
        cues = spec.get("cues")
        if not isinstance(cues, list) or not all(
                isinstance(c, list) and len(c) == 3 and isinstance(c[0], str)
                and isinstance(c[1], int) and isinstance(c[2], str) for c in cues):
            raise ValueError("stance model cue lexicon is malformed")
        try:
            return CueLexicon(tuple(tuple(c) for c in cues)).fit(None)
        except Exception as error:  # a bad regular expression
            raise ValueError(f"stance model cue lexicon is invalid: {error}") from None
    vocabulary = spec.get("vocabulary")
    if not isinstance(vocabulary, list) or not all(isinstance(t, str) for t in vocabulary):
        raise ValueError(f"stance model vocabulary of '{name}' is malformed")
    if len(set(vocabulary)) != len(vocabulary) or not vocabulary:
        raise ValueError(f"stance model vocabulary of '{name}' is empty or has duplicates")
    idf = data.get(f"idf_{name}")
    if idf is None or idf.shape != (len(vocabulary),) or not np.all(np.isfinite(idf)):
        raise ValueError(f"stance model idf vector of '{name}' does not match its vocabulary")
    vectorizer = _VECTORIZERS[name](settings, vocabulary={t: i for i, t in enumerate(vocabulary)})
    vectorizer.idf_ = idf.astype(np.float64)
    return vectorizer


def _width(part) -> int:
    return part.n_features_out_ if isinstance(part, CueLexicon) else len(part.vocabulary_)


def _rebuild_classifier(params: dict, data: dict, width: int) -> LogisticRegression:
    classes = _get(params, "classes", list)
    if sorted(classes) != sorted(LABELS):
        raise ValueError(f"stance model classes must be {list(LABELS)}")
    coef, intercept = data.get("coef"), data.get("intercept")
    if coef is None or intercept is None:
        raise ValueError("stance model arrays lack coefficients")
    if coef.shape != (len(classes), width) or intercept.shape != (len(classes),):
        raise ValueError(f"stance model coefficients have shape {coef.shape}, expected "
                         f"{(len(classes), width)}")
    if not (np.all(np.isfinite(coef)) and np.all(np.isfinite(intercept))):
        raise ValueError("stance model coefficients are not finite numbers")
    classifier = LogisticRegression()
    classifier.classes_ = np.asarray(classes)
    classifier.coef_ = coef.astype(np.float64)
    classifier.intercept_ = intercept.astype(np.float64)
    classifier.n_features_in_ = width
    return classifier
