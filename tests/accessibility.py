"""axe-core (through axe-playwright-python) on a page in the real browser: the serious problems.

Every rule of axe's default set runs, and every violation comes back with all its nodes.
Only the passes and the rules that do not apply are cut short to their first node
(axe's ``resultTypes``): the tests never read them, and collecting them for every element
of a map page took a third of each run (0.9 s against 0.6 s, measured).
"""

from __future__ import annotations

from typing import Any

#: Violations of these impacts fail a test.
SERIOUS = ("critical", "serious")


def serious_violations(page: Any) -> list[str]:
    """Each critical or serious violation on the page: its rule, impact and first targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
