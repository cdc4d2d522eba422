"""The stance model: features, training, persistence without pickle, and the shipped model.

Public entry points: :mod:`analysis.stance.model` (``StanceModel``, ``load_shipped``) and
:mod:`analysis.stance.training` (``load_bootstrap``, ``train``).
"""
