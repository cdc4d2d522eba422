"""The scikit-learn pipeline behind the stance model, and the names of its parts.

Four feature blocks side by side, into one multinomial logistic regression:

- ``words``: stemmed, negation-marked word uni/bigrams (TF-IDF) — readable evidence;
- ``chars``: character 3–5-grams within words (TF-IDF) — robust to spelling, inflection
  and vocabulary the training set never used; never shown as evidence;
- ``direction``: role-skeleton n-grams (who, modal, power, judgement) — direction, not topic;
- ``cues``: the hand-written cue lexicon.

The block weights scale each block before the classifier so that topic-laden blocks (words,
characters) do not swamp the direction blocks on short passages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from analysis.stance.lexicon import CueLexicon
from analysis.stance.text_features import DirectionAnalyzer, WordAnalyzer

BLOCKS = ("words", "chars", "direction", "cues")
EVIDENCE_BLOCKS = ("words", "direction", "cues")


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a model before it sees data; stored with every model."""

    C: float = 2.0
    word_ngram_max: int = 2
    char_min: int = 3
    char_max: int = 5
    char_max_features: int = 20000
    min_df: int = 2
    # Chosen on the development set (both its full figure and its balanced resample): the
    # hand-written cues carry most weight because they transfer to unseen articles, character
    # n-grams are off, and the neutral prior is raised because most of a real page takes no
    # side. Pure naive Bayes weights (nb_share 1) carried over as well as the blend with
    # the logistic regression and train in a fraction of the time.
    weight_words: float = 0.8
    weight_chars: float = 0.0
    weight_direction: float = 0.5
    weight_cues: float = 3.0
    neutral_bias: float = 1.5
    balanced: bool = True
    nb_share: float = 1.0
    nb_alpha: float = 0.5
    direction_context: int = 0
    direction_actor_only: bool = False
    direction_gate: bool = True

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Settings:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def word_vectorizer(settings: Settings, **fixed) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=WordAnalyzer(settings.word_ngram_max), lowercase=False,
                           min_df=settings.min_df, sublinear_tf=True, **fixed)


def char_vectorizer(settings: Settings, **fixed) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(settings.char_min, settings.char_max),
                           lowercase=True, min_df=settings.min_df, sublinear_tf=True,
                           max_features=settings.char_max_features, **fixed)


def direction_vectorizer(settings: Settings, **fixed) -> TfidfVectorizer:
    analyzer = DirectionAnalyzer(context=settings.direction_context,
                                 actor_only=settings.direction_actor_only,
                                 gate=settings.direction_gate)
    return TfidfVectorizer(analyzer=analyzer, lowercase=False,
                           min_df=settings.min_df, sublinear_tf=True, **fixed)


def block_weights(settings: Settings) -> dict[str, float]:
    return {
        "words": settings.weight_words,
        "chars": settings.weight_chars,
        "direction": settings.weight_direction,
        "cues": settings.weight_cues,
    }


def shared_analyzers(settings: Settings) -> dict:
    """Analyzers (and the cue lexicon) that several fits may share: each remembers what it
    found in a passage, so cross-validation reads every passage once instead of once a
    fold. They hold no learned state; each fit still learns its own vocabulary."""
    return {
        "words": WordAnalyzer(settings.word_ngram_max),
        "direction": DirectionAnalyzer(context=settings.direction_context,
                                       actor_only=settings.direction_actor_only,
                                       gate=settings.direction_gate),
        "cues": CueLexicon(),
    }


def build_features(settings: Settings, parts: dict | None = None,
                   shared: dict | None = None) -> FeatureUnion:
    """The feature union; ``parts`` supplies already-fitted blocks when loading a model,
    ``shared`` the analyzers of :func:`shared_analyzers` when fitting several times."""
    if parts is None:
        parts = {
            "words": word_vectorizer(settings),
            "chars": char_vectorizer(settings),
            "direction": direction_vectorizer(settings),
            "cues": CueLexicon(),
        }
        if shared:
            parts["words"].analyzer = shared["words"]
            parts["direction"].analyzer = shared["direction"]
            parts["cues"] = shared["cues"]
    weights = block_weights(settings)
    active = [(name, parts[name]) for name in BLOCKS if weights[name] > 0]
    return FeatureUnion(active, transformer_weights={n: weights[n] for n, _ in active})


def build_pipeline(settings: Settings, shared: dict | None = None) -> Pipeline:
    classifier = LogisticRegression(C=settings.C, max_iter=3000,
                                    class_weight="balanced" if settings.balanced else None)
    return Pipeline([("features", build_features(settings, shared=shared)),
                     ("classifier", classifier)])


def block_sizes(features: FeatureUnion) -> list[tuple[str, int]]:
    """(block name, number of columns) in column order of the union's output."""
    sizes = []
    for name, part in features.transformer_list:
        if isinstance(part, CueLexicon):
            sizes.append((name, part.n_features_out_))
        else:
            sizes.append((name, len(part.vocabulary_)))
    return sizes
