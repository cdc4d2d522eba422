"""The codebook: loading, validation messages and tagging."""

from __future__ import annotations

import pytest

from analysis.issues import Codebook, CodebookError

REQUIRED = {
    "budgets and funding",
    "commissioning",
    "accountability and democracy",
    "structural reorganisation",
    "public health and prevention",
    "integration of health and social care",
    "devolution and regions",
    "markets and competition",
}


def test_shipped_codebook_loads_with_the_required_issues():
    book = Codebook.load()
    assert REQUIRED <= set(book.names) and len(book.names) >= 8


def test_tagging_uses_stems_and_phrases():
    book = Codebook.load()
    tags = book.tag("The council wants its funding back and a pooled budget with the trust.")
    assert "budgets and funding" in tags and "integration of health and social care" in tags
    assert book.tag("A fundamental question of taste.") == []
    assert "devolution and regions" in book.tag("Powers were devolved to the combined authority.")


def test_exact_words_do_not_match_their_broad_stem():
    book = Codebook.from_dict({"issue": [{"name": "gov", "words": ["governance"]}]})
    assert book.tag("Good governance matters") == ["gov"]
    assert book.tag("The government decided") == []


def test_round_trip_through_dict():
    book = Codebook.load()
    again = Codebook.from_dict(book.to_dict())
    assert again.names == book.names
    assert again.tag("market competition") == book.tag("market competition")


def _write(tmp_path, text, name="book.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, expected",
    [
        ('[[issue]]\nstems = ["a"]\n', "issue 1: missing 'name'"),
        ('[[issue]]\nname = "money"\nstems = []\n', "issue 'money': 'stems' is empty"),
        (
            '[[issue]]\nname = "x"\nstems = ["a"]\n[[issue]]\nname = "X"\nstems = ["b"]\n',
            "issue 'X' is listed twice",
        ),
        ('[[issue]]\nname = "money"\nstems = "fund"\n', "'stems' must be a list"),
        ('[[issue]]\nname = "money"\nstems = ["fund"]\ncolour = 1\n', "unknown key(s) colour"),
        ('title = "no issues"\n', "no issues"),
        ("[[issue]\nname = ", "not valid TOML"),
    ],
)
def test_bad_codebooks_name_file_issue_and_fault(tmp_path, body, expected):
    with pytest.raises(CodebookError) as err:
        Codebook.load(_write(tmp_path, body))
    message = str(err.value)
    assert message.startswith("book.toml: ") and expected in message
    assert "\n" not in message


def test_json_codebook_and_bad_json(tmp_path):
    good = _write(tmp_path, '{"issues": [{"name": "care", "stems": ["care"]}]}', "b.json")
    assert Codebook.load(good).tag("Caring for people") == ["care"]
    with pytest.raises(CodebookError, match="b.json: not valid JSON"):
        Codebook.load(_write(tmp_path, "{oops", "b.json"))


def test_missing_file_is_a_codebook_error(tmp_path):
    with pytest.raises(CodebookError, match="nothing.toml: cannot be read"):
        Codebook.load(tmp_path / "nothing.toml")
