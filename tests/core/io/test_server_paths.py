"""Server paths: off unless folders are allowed; inside them only, after resolving ``..``,
symlinks and relative paths; hidden and odd files refused with one message."""

from __future__ import annotations

import os

import pytest

from core.errors import InputError
from core.io.server_paths import ENV, OFF, REFUSED, allowed_folders, confine


@pytest.fixture
def tree(tmp_path):
    allowed = tmp_path / "allowed"
    (allowed / "sub").mkdir(parents=True)
    (allowed / "data.csv").write_text("text\na\n")
    (allowed / "sub" / "more.csv").write_text("text\nb\n")
    (allowed / ".secret.csv").write_text("api_key\nx\n")
    (allowed / ".hidden").mkdir()
    (allowed / ".hidden" / "in.csv").write_text("text\nc\n")
    (tmp_path / "outside.csv").write_text("api_key\ny\n")
    (tmp_path / "log").write_text("server log\n")
    (allowed / "out.txt").symlink_to(tmp_path / "log")
    (allowed / "ok-link.csv").symlink_to(allowed / "data.csv")
    os.mkfifo(allowed / "pipe.csv")
    return allowed


def refused(path, folders) -> str:
    with pytest.raises(InputError) as info:
        confine(str(path), folders)
    return str(info.value)


def test_files_inside_an_allowed_folder_open_resolved(tree):
    folders = [tree]
    assert confine(str(tree / "data.csv"), folders) == tree / "data.csv"
    assert confine("sub/more.csv", folders) == tree / "sub" / "more.csv"  # relative: inside
    assert confine(str(tree / "sub" / ".." / "data.csv"), folders) == tree / "data.csv"
    assert confine(str(tree / "ok-link.csv"), folders) == tree / "data.csv"
    assert confine(str(tree / "nope.csv"), folders) == tree / "nope.csv"  # said later: no file


def test_outside_hidden_odd_and_escaping_paths_get_one_message(tree):
    folders = [tree]
    for path in (
        tree.parent / "outside.csv",  # outside
        tree.parent / "missing.csv",  # outside, and missing: the same words
        tree / ".." / "outside.csv",  # .. out of the folder
        "../outside.csv",  # relative, out
        "../../../../etc/passwd",
        tree / "out.txt",  # a symlink named .txt to a file outside
        tree / ".secret.csv",  # hidden file
        tree / ".hidden" / "in.csv",  # in a hidden folder
        tree / "pipe.csv",  # not a regular file
    ):
        assert refused(path, folders) == REFUSED, path


def test_off_unless_the_operator_allows_folders(tree, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert allowed_folders() == []
    assert refused(tree / "data.csv", None) == OFF
    monkeypatch.setenv(ENV, f"{tree}{os.pathsep}{tree / 'nope'}{os.pathsep}")
    assert allowed_folders() == [tree.resolve()]
    assert confine(str(tree / "data.csv")) == tree / "data.csv"
