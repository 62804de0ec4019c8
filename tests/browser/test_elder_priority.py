"""The Services page in Chromium: a hall manager sets the elderly group's age, and the hall's
rule takes it."""

from __future__ import annotations

from tests.browser.test_counter_board import log_in


def test_the_elderly_groups_age_is_set_on_the_services_page(site, browser, artifacts_dir):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + "/console/services")
    age = page.locator("#rules tr[data-group='elderly'] input[name=min_age]")
    age.fill("65")
    assert page.locator("#rules tr[data-group='disabled'] input[name=min_age]").count() == 0
    page.locator("#rules button.primary").click()
    staff = site.staff_headers("manager", "manager-demo")

    def stored():
        rules = site.http.get("/api/halls/1/priority-rules", headers=staff).json()
        return next(r["min_age"] for r in rules if r["group"] == "elderly")
    from tests.helpers import wait_until
    wait_until(lambda: stored() == 65, 5)
    page.locator("#rules").screenshot(path=str(artifacts_dir / "console_elder_priority_zh.png"))
    page.close()
