"""The stress script at a small size: two retrains and an import run as real `stancemap`
processes against continuous `stancemap annotate` processes; nothing may be lost."""

from benchmarks.stress_annotate import report, run


def test_two_retrains_and_an_import_lose_no_label(tmp_path, capsys):
    figures = run(passages=1000, annotators=1, work=tmp_path)
    assert [(name, status) for name, status, *_ in figures["steps"]] == [
        ("train", 0),
        ("import", 0),
        ("train", 0),
    ]
    assert figures["saved"] > 20
    assert figures["failed"] == [] and figures["lost"] == 0
    assert figures["integrity"] == "ok" and figures["active_models"] == 1
    assert figures["stale_predictions"] == 0
    assert report(figures)
