"""analysis/ must stay usable without Qt: checked by importing it, not by promise."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import analysis

ROOT = Path(__file__).resolve().parents[2]


def test_every_analysis_module_imports_without_loading_qt():
    names = [m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.")]
    assert len(names) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'gui')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_import_linter_contract_holds():
    linter = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(linter)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 kept, 0 broken" in out.stdout
    assert "analysis is layered" in out.stdout  # the layers contract ran, not only Qt's


def test_the_layers_contract_names_every_part_of_analysis():
    """A new module left out of the layers would escape the contract unnoticed."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [
        c["layers"]
        for c in config["tool"]["importlinter"]["contracts"]
        if c.get("containers") == ["analysis"]
    ]
    named = {part.strip() for layer in layers for part in layer.split("|")}
    parts = {m.name for m in pkgutil.iter_modules(analysis.__path__)} - {"_nltk_import"}
    assert parts == named


def test_sentence_splitting_does_not_pay_for_nltk_statistics():
    code = (
        "import sys\n"
        "import analysis.segment\n"
        "from nltk.tokenize.punkt import PunktSentenceTokenizer\n"
        "print('scipy.stats' in sys.modules, 'sklearn' in sys.modules)\n"
        "import scipy.stats, sklearn.linear_model\n"  # and they still import normally afterwards
        "print(scipy.stats.norm.cdf(0))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False", "0.5"]
