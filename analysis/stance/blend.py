"""How the researcher's project layer and the bootstrap layer make one verdict.

Kept apart from the model so the corpus-mix adjustment can re-blend stored parts: the
bootstrap layer's log-probabilities ``z`` (fitted under an even mix) are adjusted to the
corpus's estimated mix *before* the blend, while the project layer, fitted on this
corpus's own labels, already carries that mix and is left as it is. Adjusting after the
blend would count the mix twice.
"""

from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def project_part(z: np.ndarray, project, texts: list[str], cols: list[int]) -> np.ndarray:
    """The project layer's log-probabilities among the labels it knows (``cols``); the
    layer is stacked, so it reads the bootstrap layer's unadjusted ``z`` as features."""
    q = np.zeros_like(z)
    q[:, cols] = log_softmax(project.logits(project.transform(texts), z)[:, cols])
    return q


def blend(zb: np.ndarray, q: np.ndarray, cols: list[int], weight: float) -> np.ndarray:
    """Log-probabilities of the blend: ``zb`` (the bootstrap layer's, adjusted or not)
    mixed with weight ``weight`` with the project layer's. A label the project has no
    examples of keeps ``zb``'s probability; the project layer only shares out the rest
    among the labels it knows."""
    zp = zb.copy()
    rest = np.log(np.exp(zb[:, cols]).sum(axis=1, keepdims=True))
    zp[:, cols] = q[:, cols] + rest
    return (1 - weight) * zb + weight * zp


def present_columns(project) -> list[int]:
    from analysis.corpus import LABELS

    return [LABELS.index(label) for label in project.present]
