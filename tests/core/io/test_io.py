"""core.io.uploads, by example: typed text, uploads, Projector files and downloads."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.io.exports import safe_cell, to_csv, to_projector
from core.io.uploads import (
    MAX_TEXT_CHARS,
    TooManyItemsError,
    decode_bytes,
    guess_columns,
    parse_projector,
    parse_text,
    parse_upload,
)

# --- typed text ---------------------------------------------------------------------------


def test_parse_text_takes_one_trimmed_item_per_line_and_skips_blank_lines():
    parsed = parse_text("  cat \n\n dog\r\n\t\nkitten\n")
    assert parsed.texts == ["cat", "dog", "kitten"]
    assert parsed.labels is None
    assert parsed.vectors is None
    assert parsed.notes == ["Skipped 2 blank line(s)."]


def test_parse_text_keeps_every_repeated_line_as_a_row_with_a_note():
    parsed = parse_text("cat\ndog\ncat\ncat\ndog\nbird")
    assert parsed.texts == ["cat", "dog", "cat", "cat", "dog", "bird"]
    assert parsed.notes == [
        "3 row(s) repeat an earlier text ('cat', 'dog'): every row is kept, and rows with the "
        "same text share one vector and one place on the map."
    ]
    assert parsed.columns == {}  # no row dropped: the rows are the lines typed


def test_a_table_with_blank_and_repeated_rows_says_where_each_item_came_from():
    data = b"id,text\n1,cat\n2,\n3,dog\n4,cat\n5,bird\n"
    parsed = parse_upload(data, "t.csv", text_column="text", label_column="")
    assert parsed.texts == ["cat", "dog", "cat", "bird"]
    assert parsed.columns["id"] == [1, 3, 4, 5] and parsed.columns["input row"] == [1, 3, 4, 5]


def test_parse_text_drops_nul_characters():
    assert parse_text("ca\x00t\n\x00\ndog \x00").texts == ["cat", "dog"]


def test_parse_text_without_problems_has_no_notes():
    assert parse_text("one sentence. Another, in the same line").notes == []


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n", "\r\n", "\x00", " \x00 \n\x00\x00"])
def test_parse_text_of_nothing_is_an_input_error(text):
    with pytest.raises(InputError, match=r"There is nothing to use: the input is empty"):
        parse_text(text)


def test_parse_text_refuses_what_is_not_text():
    with pytest.raises(InputError, match=r"Expected text, got bytes"):
        parse_text(b"cat")


def test_parse_text_with_too_many_items_says_how_many_and_the_limit():
    text = "\n".join(f"word{i}" for i in range(12))
    with pytest.raises(
        TooManyItemsError, match=r"^12 items is more than the 10 the app handles"
    ) as info:
        parse_text(text, max_items=10)
    assert (info.value.count, info.value.limit) == (12, 10)
    assert isinstance(info.value, InputError)


def test_parse_text_counts_repeated_rows_against_the_limit():
    with pytest.raises(TooManyItemsError):
        parse_text("a\nb\na\nb\nc", max_items=3)
    assert parse_text("a\nb\na\nb\nc", max_items=5).texts == ["a", "b", "a", "b", "c"]


def test_parse_text_sample_keeps_the_limit_in_order_and_deterministically():
    words = [f"word{i:03d}" for i in range(50)]
    parsed = parse_text("\n".join(words), max_items=10, sample=True)
    assert len(parsed.texts) == 10
    assert parsed.texts == sorted(parsed.texts)  # original order kept
    assert set(parsed.texts) <= set(words)
    assert parsed.notes[0] == "Using a random sample of 10 of the 50 items."
    rows = parsed.columns["input row"]
    assert [words[r - 1] for r in rows] == parsed.texts
    assert parse_text("\n".join(words), max_items=10, sample=True).texts == parsed.texts


def test_parse_text_cuts_very_long_texts_with_a_note():
    parsed = parse_text("short\n" + "x" * (MAX_TEXT_CHARS + 10))
    assert len(parsed.texts[1]) == MAX_TEXT_CHARS
    assert parsed.notes == [
        f"Cut 1 very long text(s) to their first {MAX_TEXT_CHARS:,} characters (first: item 2)."
    ]


# --- uploads: .txt ------------------------------------------------------------------------


def test_txt_upload_is_one_item_per_line():
    parsed = parse_upload("caf\u00e9\n\ncat\n".encode(), "words.TXT")
    assert parsed.texts == ["caf\u00e9", "cat"]
    assert parsed.labels is None


def test_txt_upload_with_a_bom_reads_without_a_note():
    parsed = parse_upload("\ufeffcat\ndog".encode(), "words.txt")
    assert parsed.texts == ["cat", "dog"]
    assert parsed.notes == []


def test_cp1252_upload_is_decoded_with_a_note():
    parsed = parse_upload(
        "caf\u00e9 \u2013 na\u00efve\n\u201cquoted\u201d".encode("cp1252"), "old.txt"
    )
    assert parsed.texts == ["caf\u00e9 \u2013 na\u00efve", "\u201cquoted\u201d"]
    assert parsed.notes == [
        "old.txt is not UTF-8; read it as Windows-1252. Save it as UTF-8 if characters look wrong."
    ]


def test_bytes_cp1252_cannot_decode_fall_back_to_latin1_with_a_note():
    text, notes = decode_bytes(b"caf\xe9 \x81", "odd.txt")
    assert text == "caf\u00e9 \x81"
    assert notes == [
        "odd.txt is not UTF-8; read it as Latin-1. Save it as UTF-8 if characters look wrong."
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_upload_with_a_bom_is_decoded_with_a_note(encoding):
    data = "text,label\ncaf\u00e9,drink\n\u732b,animal\n".encode(encoding)
    if encoding != "utf-16":
        data = "\ufeff".encode(encoding) + data
    parsed = parse_upload(data, "words.csv")
    assert parsed.texts == ["caf\u00e9", "\u732b"]
    assert parsed.labels == ["drink", "animal"]
    assert parsed.notes == ["Read the file as UTF-16."]


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t"])
@pytest.mark.parametrize("name", ["empty.txt", "empty.csv"])
def test_empty_upload_is_an_input_error(data, name):
    with pytest.raises(
        InputError, match=rf"{name} is empty\. Choose a file with one item per line"
    ):
        parse_upload(data, name)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),  # a zip (xlsx) file
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(1, 32)) * 10 + b"text",  # control characters, no NUL
    ],
)
def test_binary_upload_is_refused(data):
    with pytest.raises(
        InputError,
        match=r"words\.csv looks like a binary file, not text\. Upload a \.txt, \.csv or \.tsv",
    ):
        parse_upload(data, "words.csv")


@pytest.mark.parametrize("name", ["words.xlsx", "words.json", "words", "", "csv"])
def test_other_extensions_are_refused(name):
    with pytest.raises(
        InputError, match=r"is not a \.txt, \.csv or \.tsv file; those are the kinds accepted"
    ):
        parse_upload(b"cat\ndog", name)


def test_txt_upload_passes_the_limits_on():
    data = "\n".join(f"w{i}" for i in range(30)).encode()
    with pytest.raises(TooManyItemsError, match=r"^30 items is more than the 20"):
        parse_upload(data, "many.txt", max_items=20)
    assert len(parse_upload(data, "many.txt", max_items=20, sample=True).texts) == 20


# --- uploads: tables ----------------------------------------------------------------------


def test_csv_columns_are_guessed_by_name():
    data = b"id,Sentence,Topic\n1,The cat sat,animals\n2,Stocks fell,money\n"
    parsed = parse_upload(data, "set.csv")
    assert parsed.texts == ["The cat sat", "Stocks fell"]
    assert parsed.labels == ["animals", "money"]


def test_without_known_names_the_first_column_is_the_text_and_there_are_no_labels():
    parsed = parse_upload(b"a,b\nx,1\ny,2\n", "set.csv")
    assert parsed.texts == ["x", "y"]
    assert parsed.labels is None


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["id", "text", "label"], ("text", "label")),
        (["WORD", "Group"], ("WORD", "Group")),
        (["content", "text"], ("text", None)),  # "text" ranks before "content"
        (["label", "x"], ("label", None)),  # the text column is never also the label column
        (["a", "b"], ("a", None)),
    ],
)
def test_guess_columns(columns, expected):
    assert guess_columns(columns) == expected


def test_explicit_columns_win_over_the_guess():
    data = b"text,label,other\na,x,1\nb,y,2\n"
    parsed = parse_upload(data, "set.csv", text_column="other", label_column="text")
    assert parsed.texts == ["1", "2"]
    assert parsed.labels == ["a", "b"]


def test_an_empty_label_column_means_no_labels():
    parsed = parse_upload(b"text,label\na,x\nb,y\n", "set.csv", label_column="")
    assert parsed.texts == ["a", "b"]
    assert parsed.labels is None


@pytest.mark.parametrize("kwargs", [{"text_column": "sentence"}, {"label_column": "kind"}])
def test_a_missing_column_is_named_with_the_columns_there_are(kwargs):
    missing = next(iter(kwargs.values()))
    with pytest.raises(
        InputError,
        match=rf"set\.csv has no column '{missing}'\. Its columns are: \['text', 'label'\]",
    ):
        parse_upload(b"text,label\na,x\n", "set.csv", **kwargs)


def test_tsv_is_split_on_tabs_and_commas_stay_in_the_text():
    parsed = parse_upload(b"text\tlabel\nHello, world\tgreeting\nBye, now\tfarewell\n", "set.tsv")
    assert parsed.texts == ["Hello, world", "Bye, now"]
    assert parsed.labels == ["greeting", "farewell"]


@pytest.mark.parametrize(("sep", "name"), [(b";", "set.csv"), (b"\t", "set.csv")])
def test_the_csv_separator_is_sniffed_from_the_header(sep, name):
    data = sep.join([b"text", b"label"]) + b"\n" + sep.join([b"a, b", b"x"]) + b"\n"
    parsed = parse_upload(data, name)
    assert parsed.texts == ["a, b"]
    assert parsed.labels == ["x"]


def test_quoted_cells_keep_commas_quotes_and_newlines():
    frame = pd.DataFrame({"text": ['He said "hi", then left', "two\nlines"], "label": ["a", "b"]})
    parsed = parse_upload(frame.to_csv(index=False).encode(), "set.csv")
    assert parsed.texts == ['He said "hi", then left', "two\nlines"]


def test_ragged_rows_are_skipped_with_a_note_and_short_rows_padded():
    data = b"text,label\nx,1\ny,2,extra\nz\nw,4,5,6\n"
    parsed = parse_upload(data, "set.csv")
    assert parsed.texts == ["x", "z"]
    assert parsed.labels == ["1", ""]
    assert parsed.notes == ["Skipped 2 row(s) with more fields than the header has."]


def test_rows_with_an_empty_text_are_skipped_with_a_note():
    parsed = parse_upload(b"text,label\na,x\n  ,y\nb,z\n", "set.csv")
    assert parsed.texts == ["a", "b"]
    assert parsed.labels == ["x", "z"]
    assert parsed.notes[0] == "Skipped 1 row(s) with an empty 'text'."
    assert parsed.columns["input row"] == [1, 3]


def test_repeated_texts_in_a_table_keep_every_row_and_its_own_label():
    parsed = parse_upload(b"text,label\na,x\nb,y\na,z\n", "set.csv")
    assert parsed.texts == ["a", "b", "a"]
    assert parsed.labels == ["x", "y", "z"]


def test_values_pandas_would_read_as_missing_stay_text():
    parsed = parse_upload(b"word,label\nnan,x\nnull,y\nNA,z\nNone,w\n", "set.csv")
    assert parsed.texts == ["nan", "null", "NA", "None"]


def test_a_header_only_table_is_an_input_error():
    with pytest.raises(
        InputError, match=r"set\.csv has a header row \(text, label\) but no data rows"
    ):
        parse_upload(b"text,label\n", "set.csv")


def test_column_names_that_repeat_after_trimming_stay_apart():
    parsed = parse_upload(b"text, text\na,b\n", "set.csv")
    assert parsed.texts == ["a"]
    assert parse_upload(b"text, text\na,b\n", "set.csv", text_column="text (2)").texts == ["b"]


def test_blank_column_names_are_numbered():
    parsed = parse_upload(b",label\na,x\n", "set.csv", text_column="column 1")
    assert parsed.texts == ["a"]
    assert parsed.labels == ["x"]


def test_table_sample_keeps_labels_with_their_texts():
    rows = "\n".join(f"t{i},l{i}" for i in range(40))
    parsed = parse_upload(f"text,label\n{rows}\n".encode(), "set.csv", max_items=5, sample=True)
    assert len(parsed.texts) == 5
    assert [t[1:] for t in parsed.texts] == [lab[1:] for lab in parsed.labels]


def test_a_table_keeps_its_other_columns_numbers_as_numbers():
    data = (
        b"id,text,category,score,zip,note\n"
        b"1,cat,animal,0.5,007,\n"
        b"2,dog,animal,,010,good\n"
        b"3,car,vehicle,1e3,123,fast\n"
    )
    parsed = parse_upload(data, "set.csv")
    assert parsed.columns == {
        "id": [1, 2, 3],
        "category": ["animal", "animal", "vehicle"],  # the label column is kept too
        "score": [0.5, None, 1000.0],
        "zip": ["007", "010", "123"],  # leading zeros: an identifier, not a number
        "note": [None, "good", "fast"],
    }
    assert [type(v) for v in parsed.columns["id"]] == [int, int, int]
    assert parse_text("a\nb").columns == {}


def test_other_columns_follow_the_rows_kept():
    """Blank texts and the sample drop the same rows from every column (repeats stay)."""
    rows = "".join(f"t{i % 30},{i}\n" for i in range(40)) + " ,99\n"
    parsed = parse_upload(f"text,n\n{rows}".encode(), "set.csv", max_items=10, sample=True)
    assert len(parsed.columns["n"]) == 10
    assert [f"t{n % 30}" for n in parsed.columns["n"]] == parsed.texts  # each with its own row


def test_columns_of_words_that_look_missing_stay_text():
    parsed = parse_upload(b"text,word\na,nan\nb,null\nc,inf\n", "set.csv")
    assert parsed.columns == {"word": ["nan", "null", "inf"]}


def test_parsed_input_frame():
    frame = parse_upload(b"text,label\na,x\n", "set.csv").frame()
    assert frame.to_dict("list") == {"text": ["a"], "label": ["x"]}
    assert parse_text("a\nb").frame().to_dict("list") == {"text": ["a", "b"], "label": ["", ""]}


# --- Projector files ----------------------------------------------------------------------


def test_projector_round_trip_with_labels():
    vectors = np.random.default_rng(0).normal(size=(5, 7)).astype(np.float32)
    texts = ["cat", "a dog, barking", "tab\there", "caf\u00e9", "x"]
    labels = ["animal", "animal", "other", "drink", ""]
    vec_bytes, meta_bytes = to_projector(vectors, texts, labels)
    assert meta_bytes.decode().splitlines()[0] == "text\tlabel"
    parsed = parse_projector(vec_bytes, meta_bytes)
    np.testing.assert_allclose(parsed.vectors, vectors, rtol=1e-5)
    assert parsed.vectors.dtype == np.float32
    assert parsed.texts == ["cat", "a dog, barking", "tab here", "caf\u00e9", "x"]
    assert parsed.labels == labels
    assert parsed.notes == []


def test_projector_round_trip_without_labels_has_no_header():
    vectors = np.arange(6, dtype=np.float32).reshape(3, 2)
    vec_bytes, meta_bytes = to_projector(vectors, ["a", "b", "c"])
    assert meta_bytes == b"a\nb\nc\n"
    parsed = parse_projector(vec_bytes, meta_bytes)
    np.testing.assert_array_equal(parsed.vectors, vectors)
    assert parsed.texts == ["a", "b", "c"]
    assert parsed.labels is None


def test_projector_vectors_alone_are_named_by_row():
    parsed = parse_projector(b"1\t2\n\n3\t4\n")
    assert parsed.texts == ["row 1", "row 2"]
    assert parsed.vectors.shape == (2, 2)


def test_projector_rows_of_different_lengths_are_an_input_error():
    with pytest.raises(
        InputError, match=r"rows of different lengths: row 1 has 3 numbers, row 3 has 2"
    ):
        parse_projector(b"1\t2\t3\n4\t5\t6\n7\t8\n")


@pytest.mark.parametrize("data", [b"1\t2\n3\tcat\n", b"text\tlabel\ncat\tanimal\n", b"1,2\n3,4\n"])
def test_projector_non_numeric_cells_are_an_input_error(data):
    with pytest.raises(
        InputError, match=r"must hold only numbers separated by tabs .*Put the vectors file first"
    ):
        parse_projector(data)


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (b"nan", r"NaN or infinite values in 1 row\(s\) \(first: row 2\)\. Remove or fix"),
        (b"inf", r"NaN or infinite values in 1 row\(s\) \(first: row 2\)"),
        (b"-Infinity", r"NaN or infinite values in 1 row\(s\) \(first: row 2\)"),
        (b"1e39", r"values too large for 32-bit floats \(above 3e38\)"),
    ],
)
def test_projector_nan_inf_and_overflow_are_input_errors(bad, match):
    with pytest.raises(InputError, match=match):
        parse_projector(b"1\t2\n3\t" + bad + b"\n5\t6\n")


def test_projector_metadata_row_count_must_match_without_header():
    with pytest.raises(
        InputError,
        match=r"metadata file has 2 data row\(s\) but the vectors file has 3: it needs 3 rows, one per vector",
    ):
        parse_projector(b"1\n2\n3\n", b"a\nb\n")


def test_projector_metadata_row_count_must_match_with_header():
    with pytest.raises(
        InputError,
        match=r"has 2 data row\(s\) but the vectors file has 3: it needs 3 rows plus a header row",
    ):
        parse_projector(b"1\n2\n3\n", b"text\tlabel\na\tx\nb\ty\n")
    # The Projector's rule: two or more columns mean the first line is a header.
    with pytest.raises(
        InputError,
        match=r"has 1 data row\(s\) but the vectors file has 2: it needs 2 rows plus a header row",
    ):
        parse_projector(b"1\n2\n", b"cat\tanimal\ndog\tanimal\n")


def test_projector_metadata_with_a_header_and_short_rows():
    parsed = parse_projector(b"1\n2\n", b"word\tgroup\textra\ncat\tanimal\t1\n\tnone\n")
    assert parsed.texts == ["cat", "row 2"]
    assert parsed.labels == ["animal", "none"]


def test_projector_too_many_rows():
    with pytest.raises(TooManyItemsError, match=r"^3 vectors is more than the 2"):
        parse_projector(b"1\n2\n3\n", max_rows=2)


def test_projector_empty_and_binary_files():
    with pytest.raises(InputError, match=r"The vectors file is empty"):
        parse_projector(b"")
    with pytest.raises(InputError, match=r"The vectors file has no rows of numbers"):
        parse_projector(b"\xef\xbb\xbf\n")  # only a byte-order mark
    with pytest.raises(InputError, match=r"The metadata file looks like a binary file"):
        parse_projector(b"1\n", b"\x00\x01\x02")


# --- downloads ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=SUM(A1:A2)", "+1", "-x", "@cmd", "\tx", "\rx"])
def test_safe_cell_quotes_formula_starts(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["cat", "", "a=b", 3, -1.5, None])
def test_safe_cell_leaves_other_values(value):
    assert safe_cell(value) == value


def test_to_csv_escapes_formula_text_but_not_numbers():
    frame = pd.DataFrame(
        {
            "text": ['=HYPERLINK("x")', "+cat", "-dog", "@home", "plain", "1+1"],
            "x": [-1.5, 2.0, -3.25, 0.0, 1e-3, -7.0],
            "n": [-1, 2, -3, 4, 5, -6],
        }
    )
    rows = list(csv.reader(io.StringIO(to_csv(frame).decode("utf-8"))))
    assert rows[0] == ["text", "x", "n"]
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("x")',
        "'+cat",
        "'-dog",
        "'@home",
        "plain",
        "1+1",
    ]
    assert [r[1] for r in rows[1:]] == ["-1.5", "2.0", "-3.25", "0.0", "0.001", "-7.0"]
    assert [r[2] for r in rows[1:]] == ["-1", "2", "-3", "4", "5", "-6"]


def test_to_csv_escapes_column_names_and_leaves_the_frame_alone():
    frame = pd.DataFrame({"=cmd": ["-a"]})
    assert to_csv(frame).decode().splitlines() == ["'=cmd", "'-a"]
    assert frame.columns.tolist() == ["=cmd"]
    assert frame["=cmd"].tolist() == ["-a"]


def test_guess_passes_over_a_column_of_numbers_for_the_text():
    table = pd.DataFrame({"id": [1, 2, 3], "name": ["cat", "dog", "kitten"], "score": [0.1, 2, 3]})
    assert guess_columns(list(table.columns), table) == ("name", None)
    only_numbers = pd.DataFrame({"id": [1, 2], "score": ["0.5", " 7 "]})
    assert guess_columns(list(only_numbers.columns), only_numbers) == ("id", None)


def test_a_text_column_of_numbers_gets_a_note():
    parsed = parse_upload(b"id,score\n1,0.5\n2,0.7\n3,0.9\n", "numbers.csv")
    assert parsed.texts == ["1", "2", "3"]
    assert any("Every item of column 'id' is a number" in n for n in parsed.notes), parsed.notes
    parsed = parse_upload(b"id,word\n1,cat\n2,dog\n", "words.csv")
    assert parsed.texts == ["cat", "dog"]
    assert not any("is a number" in n for n in parsed.notes)


def test_an_unclosed_quote_is_named_as_the_problem():
    with pytest.raises(InputError, match=r"broken\.csv has a quote \(\"\) that is never closed"):
        parse_upload(b'text,label\n"abc,x\ndef,y\nghi,z\n', "broken.csv")


def test_the_text_column_is_the_longest_free_text_not_an_id_or_a_date():
    table = pd.DataFrame({
        "ticket_id": ["T-1001", "T-1002", "T-1003"],
        "created_at": ["2026-01-04", "2026-02-11", "2026-03-09"],
        "priority": ["high", "low", "normal"],
        "body": ["I was charged twice for my order", "Where is my parcel?", "App crashes"],
    })  # fmt: skip
    assert guess_columns(list(table.columns), table) == ("body", None)
    themed = table.assign(label=["a much longer label than any body text"] * 3)
    assert guess_columns(list(themed.columns), themed) == ("body", "label")


@pytest.mark.parametrize(
    "dates",
    [
        ["2026-01-04", "2026-02-11", "2026-06-30"],
        ["2026-01-04 09:30", "2026-02-11T17:05:00", "2026-06-30 23:59:59"],
        ["01/04/2026", "02/11/2026", "06/30/2026"],
        ["Jan 4, 2026", "Feb 11, 2026", "Jun 30, 2026"],
        ["4 January 2026", "11 February 2026", "30 June 2026"],
    ],
)
def test_dates_in_five_formats_read_as_days(dates):
    from core.io.columns import as_dates

    days = as_dates([*dates, None])
    expected = (pd.to_datetime(["2026-01-04", "2026-02-11", "2026-06-30"]) - pd.Timestamp(0)).days
    np.testing.assert_array_equal(np.floor(days[:3]), expected)
    assert np.isnan(days[3])


def test_a_column_that_is_not_dates_stays_what_it_is():
    from core.io.columns import as_dates

    assert as_dates(["1", "2", "3"]) is None  # numbers stay numbers
    assert as_dates(["2026-01-04", "soon", "later", "never"]) is None  # mostly not dates
    assert as_dates(["refund", "parcel", "login"]) is None
