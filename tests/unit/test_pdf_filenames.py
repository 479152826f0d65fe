"""File names from people's names: valid on Windows, and never overwriting another file."""

import pytest

from pscp_training.pdf.filenames import FileNamer, replacing, safe_stem

WINDOWS_FORBIDDEN = set('/\\:*?"<>|')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë Adams", "Zoë Adams"),
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("Siobhán Ó Súilleabháin", "Siobhán Ó Súilleabháin"),
        ("O'Brien", "O'Brien"),
        ('A/B\\C:D*E?F"G<H>I|J', "A B C D E F G H I J"),
        ("CON", "CON_"),
        ("con", "con_"),
        ("Prn.txt", "Prn_.txt"),
        ("aux .notes", "aux_.notes"),
        ("COM1", "COM1_"),
        ("lpt9", "lpt9_"),
        ("Console", "Console"),
        ("Dots and spaces. . .  ", "Dots and spaces"),
        ("tab\there\x00", "tab here"),
        ("", "document"),
        ("...", "document"),
        ("???", "document"),
    ],
)
def test_safe_stem(text, expected):
    stem = safe_stem(text)
    assert stem == expected
    assert not WINDOWS_FORBIDDEN & set(stem)
    assert not stem.endswith((".", " "))


def test_a_very_long_name_is_shortened():
    assert len(safe_stem("Ł" * 500)) <= 100


def test_names_are_claimed_without_overwriting_anything(tmp_path):
    (tmp_path / "Zoë Adams.pdf").write_bytes(b"an earlier certificate")
    namer = FileNamer(tmp_path)
    first = namer.claim("Zoë Adams")
    second = namer.claim("zoë adams")  # the same name to Windows, whatever the capitals
    third = namer.claim("Zoë: Adams?")
    assert [p.name for p in (first, second, third)] == [
        "Zoë Adams (2).pdf", "zoë adams (3).pdf", "Zoë Adams (4).pdf",
    ]
    assert (tmp_path / "Zoë Adams.pdf").read_bytes() == b"an earlier certificate"
    namer.release()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Zoë Adams.pdf"]


def test_a_file_chosen_by_name_is_replaced_whole_or_not_at_all(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target) as stream:
        stream.write(b"half of a new")
        raise RuntimeError("the printer ran out of ink")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    with replacing(target) as stream:
        stream.write(b"new")
    assert target.read_bytes() == b"new"
