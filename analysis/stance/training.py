"""Training the stance model and measuring it honestly.

``train`` cross-validates (stratified, seeded) before fitting on everything, so every model
the app stores carries metrics from passages it did not see. Those metrics flatter a model
trained on one voice; ``benchmarks/eval_dev.py`` measures it on hand-labelled real articles.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import MultinomialNB

from analysis.corpus import LABELS
from analysis.progress import CancelToken, Progress, no_progress
from analysis.resources import resource_path
from analysis.stance.model import StanceModel
from analysis.stance.pipeline import Settings, build_pipeline, shared_analyzers
from analysis.stance.text_features import MEMO_SIZE, Memo

SEED = 20240611


def load_bootstrap_records() -> list[dict]:
    """Every valid record of ``resources/training/*.jsonl`` with the file it came from.

    Lines that are not a JSON object with a text and a known label are skipped: the set is
    written by hand and a stray line must not stop the app from training.
    """
    records = []
    for path in sorted(resource_path("training").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if (isinstance(record, dict) and isinstance(record.get("text"), str)
                    and record["text"].strip() and record.get("label") in LABELS):
                records.append({**record, "file": path.name})
    return records


def load_bootstrap() -> tuple[list[str], list[str]]:
    records = load_bootstrap_records()
    return [r["text"] for r in records], [r["label"] for r in records]


def fit(texts: Sequence[str], labels: Sequence[str], weights=None,
        settings: Settings | None = None, shared: dict | None = None):
    """Fit one pipeline.

    The logistic regression's weights are shrunk toward multinomial naive Bayes weights
    fitted on the same features (``nb_share``): naive Bayes estimates each feature's pull
    from its own counts, so it leans less on the few phrases that happen to separate our
    own writing perfectly, and it carried over better to real articles on the development
    set; at ``nb_share`` 1 (the default) the regression is not fitted at all, which keeps
    retraining quick. The blend is still one linear model (same arrays, same evidence). The
    neutral bias then moves the prior back toward neutral, which is what most of a real
    page is, after class balancing has evened the classes out.
    """
    settings = settings or Settings()
    pipeline = build_pipeline(settings, shared)
    features, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    X = features.fit_transform(list(texts))
    w = None if weights is None else np.asarray(weights, float)
    if settings.nb_share >= 1:
        _adopt_bayes(classifier, X, list(labels), w, settings.nb_alpha)
    else:
        classifier.fit(X, list(labels), sample_weight=w)
    if 0 < settings.nb_share < 1:
        bayes = MultinomialNB(alpha=settings.nb_alpha, fit_prior=False)
        bayes.fit(X, list(labels), sample_weight=w)
        if list(bayes.classes_) != list(classifier.classes_):  # pragma: no cover - both sort
            raise RuntimeError("class order differs between the two fitted models")
        share = settings.nb_share
        classifier.coef_ = (1 - share) * classifier.coef_ + share * bayes.feature_log_prob_
        classifier.intercept_ = (1 - share) * classifier.intercept_
    if settings.neutral_bias:
        classifier.intercept_[list(classifier.classes_).index("neutral")] += settings.neutral_bias
    return pipeline


def _adopt_bayes(classifier, X, labels: list[str], weights, alpha: float) -> None:
    """Give the (unfitted) logistic regression naive Bayes weights and a flat prior: the
    same linear model, arrays and evidence, without the iterative fit, so retraining in
    the background stays quick."""
    bayes = MultinomialNB(alpha=alpha, fit_prior=False)
    bayes.fit(X, labels, sample_weight=weights)
    classifier.classes_ = bayes.classes_
    classifier.coef_ = np.array(bayes.feature_log_prob_, dtype=np.float64)
    classifier.intercept_ = np.zeros(len(bayes.classes_))
    classifier.n_features_in_ = X.shape[1]


def metrics_for(true: Sequence[str], predicted: Sequence[str]) -> dict:
    """The metric structure stored with every model and shown in the model panel."""
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        true, predicted, labels=labels, zero_division=0)
    return {
        "macro_f1": float(f1_score(true, predicted, labels=labels, average="macro",
                                   zero_division=0)),
        "per_class": {
            label: {"precision": float(precision[i]), "recall": float(recall[i]),
                    "f1": float(f1[i]), "support": int(support[i])}
            for i, label in enumerate(labels)
        },
        "confusion": confusion_matrix(true, predicted, labels=labels).tolist(),
        "labels": labels,
    }


def _check(texts: Sequence[str], labels: Sequence[str], weights) -> None:
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    unknown = sorted({str(label) for label in labels} - set(LABELS))
    if unknown:
        raise ValueError(f"unknown stance label(s): {', '.join(unknown)}")
    if weights is not None and len(weights) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(weights)} weights")
    counts = {label: list(labels).count(label) for label in LABELS}
    thin = [label for label, n in counts.items() if n < 2]
    if thin:
        raise ValueError(f"need at least two passages of each stance; too few: {', '.join(thin)}")


def _remembering(shared: dict, n: int) -> dict:
    """Make the shared analyzers' memos large enough to hold every training passage."""
    for memo in _memos(shared):
        memo.size = max(MEMO_SIZE, n + 1)
    return shared


def _memos(shared: dict) -> list[Memo]:
    return [part.memo if hasattr(part, "memo") else part.__dict__.setdefault("memo_", Memo())
            for part in shared.values()]


def train(texts: Sequence[str], labels: Sequence[str], weights=None, *, folds: int = 5,
          progress: Progress = no_progress, cancel: CancelToken | None = None,
          settings: Settings | None = None, name: str = "stance") -> tuple[StanceModel, dict]:
    """Cross-validate, then fit on all passages; returns the model and its CV metrics.

    The folds share their analyzers, so each passage is tokenised and matched once, not
    once a fold."""
    texts, labels = [str(t) for t in texts], [str(label) for label in labels]
    _check(texts, labels, weights)
    settings = settings or Settings()
    smallest = min(labels.count(label) for label in LABELS)
    folds = max(2, min(folds, smallest))
    predicted = np.empty(len(texts), dtype=object)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    w = None if weights is None else np.asarray(weights, dtype=float)
    shared = _remembering(shared_analyzers(settings), len(texts))
    for k, (train_idx, test_idx) in enumerate(splitter.split(texts, labels)):
        if cancel is not None:
            cancel.check()
        progress(k / (folds + 1), f"cross-validating, fold {k + 1} of {folds}")
        pipeline = fit([texts[i] for i in train_idx], [labels[i] for i in train_idx],
                       None if w is None else w[train_idx], settings, shared)
        predicted[test_idx] = pipeline.predict([texts[i] for i in test_idx])
    if cancel is not None:
        cancel.check()
    progress(folds / (folds + 1), "fitting the final model")
    metrics = metrics_for(labels, list(predicted))
    metrics.update({"training_size": len(texts), "folds": folds})
    model = StanceModel(fit(texts, labels, w, settings, shared), settings, name=name,
                        training_size=len(texts), metrics=metrics)
    model.predict([])  # let go of what the analyzers remembered while training
    for memo in _memos(shared):
        memo.size = MEMO_SIZE
    progress(1.0, "trained")
    return model, metrics
