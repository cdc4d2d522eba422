"""How the shipped model does on published text it was never tuned on, for the researcher.

Cross-validation over our own passages flatters the model on real articles, so the figure a
researcher needs before coding anything is a different one. It comes from hand-coded
passages of published posts that no setting was chosen by (the locked part of the
development set). ``benchmarks/real_text_check.py`` measures it once per model change and
writes ``resources/model/real_text_check.json``. The file names the model it measured by a
fingerprint of the model's files, so a rebuilt model never borrows an old model's figures.
"""

from __future__ import annotations

import hashlib
import json
from math import isfinite

from analysis.corpus import LABELS
from analysis.resources import resource_path

CHECK_FILE = ("model", "real_text_check.json")
# Below this share of right tags a stance's tags are flagged for checking.
MOSTLY_RIGHT = 0.6


def fingerprint(params: dict, arrays: bytes) -> str:
    """SHA-256 of what makes a model predict as it does: its arrays and its parameters
    other than the metrics (which this check itself adds to)."""
    digest = hashlib.sha256(arrays)
    rest = {k: v for k, v in params.items() if k != "metrics"}
    digest.update(json.dumps(rest, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    return digest.hexdigest()


def read_check(model_fingerprint: str, path=None) -> dict | None:
    """The stored check of the model with this fingerprint, or None when there is none, it
    names another model or it is not a check (a damaged file never stops the model)."""
    path = resource_path(*CHECK_FILE) if path is None else path
    try:
        check = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if (
        not _valid(check)
        or not isinstance(check.get("model_sha256"), str)
        or check["model_sha256"] != model_fingerprint
    ):
        return None
    return {k: v for k, v in check.items() if k != "model_sha256"}


def check_of(metrics) -> dict | None:
    """The published-text check carried by a model's metrics (its own, or its bootstrap
    layer's after a retrain), or None. Metrics come from project files colleagues share,
    so a malformed check is ignored rather than trusted."""
    if not isinstance(metrics, dict):
        return None
    candidates = [metrics.get("real_text")]
    if isinstance(metrics.get("bootstrap"), dict):
        candidates.append(metrics["bootstrap"].get("real_text"))
    return next((check for check in candidates if _valid(check)), None)


def reliability_rows(check: dict) -> list[dict]:
    """The check's reliability table, or [] when it has none or a row is not one (the
    check may come from a colleague's project file)."""
    rows = check.get("reliability")
    keys = ("low", "high", "confidence", "accuracy")
    if not isinstance(rows, list) or not all(
        isinstance(r, dict)
        and all(_share(r.get(k)) for k in keys)
        and isinstance(r.get("n"), int)
        and r["n"] >= 0
        for r in rows
    ):
        return []
    return rows


def _share(value) -> bool:
    return isinstance(value, (int, float)) and isfinite(value) and 0.0 <= value <= 1.0


def _valid(check) -> bool:
    if not isinstance(check, dict):
        return False
    per_class = check.get("per_class")
    return (
        isinstance(check.get("units"), int)
        and check["units"] > 0
        and isinstance(check.get("documents"), int)
        and isinstance(check.get("source"), str)
        and len(check["source"]) <= 200
        and all(_share(check.get(k)) for k in ("macro_f1", "accuracy", "ece"))
        and isinstance(per_class, dict)
        and all(
            isinstance(per_class.get(label), dict)
            and all(_share(per_class[label].get(k)) for k in ("precision", "recall", "f1"))
            and isinstance(per_class[label].get("support"), int)
            for label in LABELS
        )
    )


def precision_words(check: dict) -> str:
    """How often each sided tag was right, and which to check: a researcher citing the
    model's tags needs to know which of them are more often wrong than right."""
    per_class = check["per_class"]
    sided = ("centralist", "localist")
    right = " and ".join(
        f"{per_class[label]['precision']:.0%} of its {label} tags" for label in sided
    )
    doubtful = [label for label in sided if per_class[label]["precision"] < MOSTLY_RIGHT]
    advice = ""
    if len(doubtful) == len(sided):
        advice = ": check both before you rely on them"
    elif doubtful:
        advice = f": check its {doubtful[0]} tags before you rely on them"
    return f"{right} were right{advice}"


def _lead(check: dict, source: bool) -> str:
    where = f" of {check['source']}" if source else ""
    return (
        f"On published text kept apart from its tuning ({check['units']:,} hand-coded "
        f"passages{where})"
    )


def real_text_sentence(check: dict, subject: str = "it") -> str:
    """The check in one plain sentence, for the report and the command line alike."""
    per_class = check["per_class"]
    classes = ", ".join(f"{label} {per_class[label]['f1']:.2f}" for label in LABELS)
    return (
        f"{_lead(check, source=True)}, {subject} agreed with the coders at macro-F1 "
        f"{check['macro_f1']:.2f} ({classes}), calibration error {check['ece']:.2f}; "
        f"{precision_words(check)}"
    )


def real_text_brief(check: dict) -> tuple[str, str]:
    """The check for a narrow panel, split where "macro-F1" and its value go (so a panel
    can set them in bold and keep them on one line): the text before and the text after.
    The per-class figures are in the panel's table."""
    right = precision_words(check)
    tail = f", calibration error {check['ece']:.2f}. {right[0].upper()}{right[1:]}"
    return f"{_lead(check, source=False)}: ", tail


def with_known_check(params, arrays, metrics):
    """``metrics`` with the published-text check when the stored model is one that was
    measured. A project saved before the check existed still shows it for the shipped
    model it holds; any other model, or a payload that is not one, is left as it is."""
    if not isinstance(metrics, dict) or check_of(metrics) is not None:
        return metrics
    if not isinstance(params, dict) or not isinstance(arrays, bytes):
        return metrics
    try:
        check = read_check(fingerprint(params, arrays))
    except (TypeError, ValueError):  # parameters that do not serialise: not a model of ours
        return metrics
    return metrics if check is None else {**metrics, "real_text": check}
