"""Ages from identity numbers (hallcore.ages): the birthday boundary, and any text at all
gives an age or None, never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from hallcore.ages import age_on, birth_date
from kiosk.elders import is_elder


def test_full_years_turn_on_the_birthday():
    number = "110101196511301234"   # born 30 November 1965
    assert birth_date(number) == date(1965, 11, 30)
    assert age_on(number, date(2025, 11, 29)) == 59
    assert age_on(number, date(2025, 11, 30)) == 60
    assert not is_elder(number, date(2025, 11, 29)) and is_elder(number, date(2025, 11, 30))


def test_numbers_without_a_birth_date():
    for number in ("", "1101011965113", "110101196502301234", "11010118000101123X",
                   "110101209901011234", "１１０１０１１９６５１１３０１２３４", "110101-96511301234"):
        assert age_on(number, date(2026, 1, 1)) is None, number


@given(st.text(max_size=40), st.dates())
def test_any_text_gives_an_age_or_none(text, today):
    age = age_on(text, today)
    assert age is None or 0 <= age <= today.year - 1880
