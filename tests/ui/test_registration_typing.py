"""Registration filled in by hand, in the real window against the real central service: the
wanted occupation is written character by character on the typing panel's pad (the Make Me
a Hanzi strokes of hanzi-writer-data, replayed as a finger draws them), each character
picked from the candidates, the occupation found is chosen, and the registration the
service keeps names it."""

from __future__ import annotations

import pytest

from kiosk import handwriting
from tests import handwriting_data
from tests.ui.test_casework import answer_the_rest_and_send, choose_found, identify, start_registration

WANTED = "护士"   # nurse: 护 alone finds four occupations (护工, 护士, 护林员, 养老护理员)


@pytest.mark.skipif(not handwriting.available(), reason=f"{handwriting.unavailable_reason()}")
@pytest.mark.skipif(not handwriting_data.installed(), reason="hanzi-writer-data not in var/npm")
def test_an_occupation_written_by_hand_is_chosen_and_sent(fresh, central_up, synced, emulators):
    from central.models.casework import Registration
    from central.services.identity import IdentityKeys, find_person
    from devices.idcard.emulator import DEMO_CARDS
    ui, idcard, central = fresh, emulators["idcard"], central_up
    code = next(o["code"] for o in synced.quiz_bank().occupations if o["name"] == WANTED)
    identify(ui, idcard, card=0)
    try:
        reg = start_registration(ui)
        typing = reg.ids.typing
        ui.wait(lambda: typing.ready, 5, "the handwriting engine never said it is ready")
        ui.tap(typing.ids.tab_handwriting)
        ui.wait(lambda: typing.mode == "handwriting" and typing.pad.get_root_window(), 3)
        assert typing.keyboard.get_root_window() is None   # out of the tree: it takes no touches
        pad = typing.pad
        ui.pump(2)
        small = ui.undersized(typing)
        assert not small, f"registration pad controls smaller than a finger (64 px): {small}"
        assert pad.ids.box.width == pad.ids.box.height >= 180

        for char in WANTED:
            ui.write(pad.ids.box, char)
            ui.wait(lambda: char in pad.candidates and not pad.busy, 10,
                    f"{char} not among the candidates: {pad.candidates}")
            if char == WANTED[-1]:   # 护 picked already: what it found is listed
                ui.wait(lambda: len(reg.ids.results_grid.children) == 4, 5,
                        lambda: f"{reg.query!r} found {len(reg.ids.results_grid.children)}")
                ui.shot("registration_handwriting_zh")
                ui.app.toggle_language()
                ui.pump(3)
                assert typing.ids.tab_handwriting.text == "Write by hand"
                ui.shot("registration_handwriting_en")
                ui.app.toggle_language()
                ui.pump(2)
            ui.tap(pad.slots[pad.candidates.index(char)])
            assert pad.ids.box.strokes == []   # the pad is ready for the next character

        assert typing.text == reg.query == WANTED
        assert WANTED in typing.ids.display.text   # the field shows what was written
        choose_found(ui, reg, code)
        assert [b.value["code"] for b in reg.ids.results_grid.children] == [code]
        assert reg.draft.body()["occupations"] == [code]
        answer_the_rest_and_send(ui, reg, WANTED)
        with central.db.session() as s:
            keys = IdentityKeys({1: "development-only-secret-change-me"}, 1)
            person = find_person(s, keys, DEMO_CARDS[0]["id_number"], create=False)
            kept = s.query(Registration).filter_by(person_id=person.id).one()
            assert (kept.occupations, kept.education, kept.availability) == ([code], "master", "any")
    finally:
        idcard.remove()
    ui.wait(lambda: ui.screen() == "attract", 8)
    # the session's end takes the panel back to the keys, with nothing left on the pad
    assert typing.mode == "letters" and typing.text == "" and pad.ids.box.strokes == []
