"""Where each key of a TOML file is written, whatever style the file uses (tables, dotted keys,
inline tables, arrays of tables, multi-line strings before it)."""

from __future__ import annotations

import tomllib

from transmgr.tomlpos import key_lines, line_of

TEXT = '''# a comment with [brackets] and = signs
source_language = "en"
languages = ["be", "ru"]  # trailing comment
notes = """
[not.a.table]
key = 1
"""

[engines.libre]
url = "http://127.0.0.1:5000"
"quoted key" = 1
draft.chains.be = ["memory"]

[serve]
reviewers = { "Ada <ada@example.org>" = ["be"], 'Bo' = ["ru"] }

[[build.extra]]
name = "first"
'''


def test_every_key_path_has_the_line_it_is_written_on() -> None:
    tomllib.loads(TEXT)  # a document tomllib accepts
    found = key_lines(TEXT)
    assert found[("source_language",)] == 2
    assert found[("languages",)] == 3
    assert found[("notes",)] == 4
    assert ("not", "a", "table") not in found  # inside a multi-line string
    assert found[("engines", "libre")] == 9
    assert found[("engines", "libre", "url")] == 10
    assert found[("engines", "libre", "quoted key")] == 11
    assert found[("engines", "libre", "draft", "chains", "be")] == 12
    assert found[("serve", "reviewers", "Ada <ada@example.org>")] == 15
    assert found[("serve", "reviewers", "Bo")] == 15


def test_a_key_not_written_is_placed_at_its_closest_table() -> None:
    found = key_lines(TEXT)
    assert line_of(found, ("engines", "libre", "timeout")) == 9  # [engines.libre]
    assert line_of(found, ("serve", "reviewers", "Cy")) == 15
    assert line_of(found, ("absent",)) is None


def test_text_it_cannot_follow_gives_what_it_found_so_far() -> None:
    found = key_lines('a = 1\nb = { c = "unterminated\n')
    assert found[("a",)] == 1
