"""Vietnamese helpers checked against hand-made lists (not against their own output)."""

import datetime as dt
import unicodedata

import pytest

from congkhai.text.vietnamese import collation_key, fold, format_date, format_short_date, nfc, parse_date, slugify


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_alphabet_order_of_single_letters():
    # The Vietnamese alphabet, as taught: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    shuffled = list(reversed(alphabet))
    assert sorted(shuffled, key=collation_key) == alphabet


def test_d_stroke_sorts_after_d_not_after_z():
    words = ["Zô", "Đăng ký khai tử", "Dân số", "Đất đai", "Du lịch", "Giáo dục"]
    assert sorted(words, key=collation_key) == ["Dân số", "Du lịch", "Đăng ký khai tử", "Đất đai", "Giáo dục", "Zô"]


def test_tones_after_base_letters_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "mả", "ma", "mã", "mà"], key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    # Letters of the whole word compare first: "ạc" < "an" (c < n) although ạ carries a tone.
    assert sorted(["ăn", "an", "ạc"], key=collation_key) == ["ạc", "an", "ăn"]
    # Same letters: the tone decides; a different letter (ă) comes after every tone of a.
    assert sorted(["ăc", "ác", "ac"], key=collation_key) == ["ac", "ác", "ăc"]


def test_procedure_names_in_catalogue_order():
    names = ["Đăng ký thường trú", "Chứng thực chữ ký", "Cấp bản sao Trích lục hộ tịch",
             "Đăng ký khai sinh", "Hỗ trợ chi phí mai táng", "Đăng ký kết hôn", "Xóa đăng ký thường trú",
             "Cấp Giấy xác nhận tình trạng hôn nhân"]
    expected = ["Cấp bản sao Trích lục hộ tịch", "Cấp Giấy xác nhận tình trạng hôn nhân", "Chứng thực chữ ký",
                "Đăng ký kết hôn", "Đăng ký khai sinh", "Đăng ký thường trú", "Hỗ trợ chi phí mai táng",
                "Xóa đăng ký thường trú"]
    assert sorted(names, key=collation_key) == expected


def test_nfd_input_sorts_like_nfc():
    words = ["Đăng ký", "Dân", "ăn", "ạ"]
    assert [nfc(w) for w in sorted(map(nfd, words), key=collation_key)] == sorted(words, key=collation_key)
    assert collation_key(nfd("Đăng ký khai tử")) == collation_key("Đăng ký khai tử")


def test_case_is_only_a_tie_breaker():
    assert sorted(["b", "A", "a", "B"], key=collation_key) == ["a", "A", "b", "B"]


@pytest.mark.parametrize("text, expected", [
    ("Đăng ký khai tử", "dang ky khai tu"),
    ("ĐĂNG KÝ KHAI TỬ", "dang ky khai tu"),
    ("Hòa giải", "hoa giai"),
    ("Hoà giải", "hoa giai"),
    ("Thúy", "thuy"),
    ("Thuý", "thuy"),
    ("Ưu đãi người có công", "uu dai nguoi co cong"),
    ("1.000656", "1.000656"),
])
def test_fold_removes_every_mark_and_d_stroke(text, expected):
    assert fold(text) == expected
    assert fold(nfd(text)) == expected


def test_slugify():
    assert slugify("Hộ tịch & Chứng thực") == "ho-tich-chung-thuc"
    assert slugify("  Đất đai  ") == "dat-dai"


@pytest.mark.parametrize("day, long, short", [
    (dt.date(2020, 1, 31), "ngày 31 tháng 01 năm 2020", "31/01/2020"),
    (dt.date(2018, 10, 3), "ngày 03 tháng 10 năm 2018", "03/10/2018"),
])
def test_dates(day, long, short):
    assert format_date(day) == long
    assert format_short_date(day) == short


@pytest.mark.parametrize("text, day", [("2020-01-31", dt.date(2020, 1, 31)), ("31/01/2020", dt.date(2020, 1, 31)),
                                      ("3/10/2018", dt.date(2018, 10, 3)), ("01-07-2025", dt.date(2025, 7, 1))])
def test_parse_date(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31/02/2020", "2020-13-01", "hôm qua", ""])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)
