"""Masking of identity numbers and names, on screen, paper and in logs."""

from hypothesis import given, strategies as st

from devices.base import PersonIdentity
from hallcore.masking import mask_id_number, mask_name, scrub


def test_id_number_keeps_region_and_last_four():
    assert mask_id_number("11010119900307123X") == "110101********123X"
    assert mask_id_number("110101199003071234") == "110101********1234"


def test_short_numbers_never_show_more_than_four_characters():
    assert mask_id_number("123") == "***"
    assert mask_id_number("H12345678") == "*****5678"


def test_names():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""


def test_scrub_masks_numbers_in_free_text():
    line = "read card 110101199003071234 ok; ticket A001"
    assert scrub(line) == "read card 110101********1234 ok; ticket A001"


def test_identity_repr_hides_personal_data():
    ident = PersonIdentity("idcard", "110101199003071234", "张三")
    assert "1101011990" not in repr(ident) and "张三" not in repr(ident)


@given(st.text())
def test_masking_never_reveals_more_than_ten_characters(text):
    masked = mask_id_number(text)
    visible = sum(1 for c in masked if c != "*")
    assert visible <= 10
    assert len(masked) == len(text.strip())
