"""Masking of identity numbers and names, on screen, paper and in logs."""

from hypothesis import given, strategies as st

from devices.base import PersonIdentity
from hallcore.masking import mask_id_number, mask_name, scrub


def test_id_number_keeps_only_province_and_last_four():
    assert mask_id_number("11010119900307123X") == "110***********123X"
    assert mask_id_number("110101199003071234") == "110***********1234"
    assert mask_id_number("110101900307123") == "110********7123"   # the old 15-digit cards


def test_a_stored_masked_form_masks_to_the_new_form():
    # the migration re-masks Person.masked_id from what the database holds
    assert mask_id_number("110101********1234") == "110***********1234"
    assert mask_id_number(mask_id_number("11010119900307123X")) == "110***********123X"


def test_short_numbers_never_show_more_than_four_characters():
    assert mask_id_number("123") == "***"
    assert mask_id_number("H12345678") == "*****5678"


def test_names():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""


def test_scrub_masks_numbers_in_free_text():
    line = "read card 110101199003071234 ok; ticket A001"
    assert scrub(line) == "read card 110***********1234 ok; ticket A001"


def test_identity_repr_hides_personal_data():
    ident = PersonIdentity("idcard", "110101199003071234", "张三")
    assert "1101011990" not in repr(ident) and "张三" not in repr(ident)


@given(st.text())
def test_masking_never_reveals_more_than_seven_characters(text):
    masked = mask_id_number(text)
    visible = sum(1 for c in masked if c != "*")
    assert visible <= 7
    assert len(masked) == len(text.strip())


@given(st.from_regex(r"\A\d{17}[\dX]\Z"))
def test_the_birth_date_never_shows(number):
    masked = mask_id_number(number)
    assert set(masked[3:14]) == {"*"} and masked[:3] == number[:3] and masked[-4:] == number[-4:]
