"""Shared pytest fixtures, and the marks that make the fast loop.

The fast loop, for while you work: ``python -m pytest -m "not slow and not browser"``.
The full suite (``python -m pytest``) still runs everything. Tests are marked here, so test
files need no decorators: ``browser`` for every test that uses the ``browser`` or ``phone``
fixture, ``slow`` for the modules and tests in ``SLOW`` (measured with ``--durations``).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings as hypothesis_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# The same examples on every run (the project's rule: same inputs, same results): a property
# test that fails, fails every time, here and in CI. Set HYPOTHESIS_PROFILE=explore to search.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# Measured with `python -m pytest -n auto --durations=70` on the project's 2-core machine: each
# takes seconds (a whole city's network, solver budgets, ruff and mypy, real processes, whole
# plans with every output). The fast loop stays under a minute this way.
SLOW_MODULES = {"test_lint.py", "test_routing_scale.py"}
SLOW_TESTS = {
    "test_catalogue.py::test_a_killed_import_leaves_the_whole_old_or_the_whole_new_catalogue",
    "test_cli.py::test_demo_in_a_real_process_from_an_empty_folder",
    "test_cli.py::test_event_file_plans_three_groups_with_a_map_each",
    "test_cli.py::test_event_may_start_at_a_place_that_is_not_a_stop",
    "test_cli.py::test_event_table_in_dutch_per_group",
    "test_event.py::test_among_a_hundred_candidates_the_plan_picks_what_fits_the_time",
    "test_export.py::test_demo_writes_offline_map_gpx_and_handout_with_qr",
    "test_properties.py::test_odd_or_cut_excel_workbooks_give_stops_or_a_safari_error",
    # issue 14: the hardening battery's parts that plan on a real network or run a process
    "test_hardening.py::test_no_control_character_reaches_the_plan_schedule",
    "test_hardening.py::test_a_real_process_prints_no_control_character",
    "test_hardening.py::test_every_naughty_string_as_a_name_and_story_prints_no_control_character",
    "test_hardening.py::test_a_full_disk_during_plan_leaves_no_partial_set_of_files",
    "test_solver.py::test_the_same_event_gives_the_same_plan_in_three_processes",
    "test_solver.py::test_choosing_among_a_hundred_for_three_groups_beats_the_simple_heuristic",
    "test_solver.py::test_forbidden_pairs_are_kept_in_every_mode_and_by_the_heuristic",
    # whole plans with every output (2-8 s each in the fast loop; measured with --durations)
    "test_i18n.py::test_plan_writes_a_handout_per_language",
    "test_people.py::test_plan_with_a_participants_list_end_to_end",
    "test_people.py::test_the_capacity_of_the_example_goes_through_the_command_line",
    "test_map.py::test_a_plain_stops_file_gets_the_title_given",
    "test_map.py::test_streets_of_a_saved_graph_lie_within_one_metre_of_the_network",
    "test_outputs.py::test_plan_open_shows_the_index_and_open_end_still_ends_at_the_last_stop",
    "test_outputs.py::test_the_demo_ends_with_what_was_written_and_what_to_do",
    "test_cli.py::test_demo_prints_the_schedule_and_writes_the_map",
    "test_cli.py::test_without_weasyprint_the_handout_is_html_and_safari_says_once_how_to_get_the_pdf",
    "test_cli.py::test_open_end_and_fixed_end",
    "test_cli.py::test_no_internal_value_reaches_any_public_output_of_a_full_run",
    "test_api.py::test_the_worked_example_in_docs_api_runs_and_shows_the_schedule",
    "test_keep.py::test_unchanged_inputs_reuse_the_kept_plan_without_solving",
    "test_keep.py::test_a_changed_story_redraws_the_maps_with_the_same_times",
    "test_keep.py::test_a_changed_place_or_group_count_plans_anew",
    "test_terminal.py::test_planning_a_plain_stops_file_says_once_that_it_is_taken_for_the_own_list",
    "test_network.py::test_amsterdam_length_matches_osmnx_reference",
    "test_catalogue.py::test_commands_at_the_same_time_lose_nothing_and_leave_no_lock_file",
    "test_outputs.py::test_open_shows_the_public_index_in_the_browser",
    "test_outputs.py::test_no_open_no_browser",
    "test_hardening.py::test_a_late_start_that_runs_past_midnight_warns",
    "test_cli.py::test_step_free_route_is_slower_never_shorter_and_flags_inaccessible_stops",
    "test_solver.py::test_a_rotation_plan_states_its_gap_from_a_lower_bound",
    "test_true_schedules.py::test_waiting_is_shown_in_every_schedule",
    "test_cli.py::test_start_time_option_reads_like_the_event_file",
}


#: Test files, longest first (seconds of one worker on the project's 2-core machine, `-n auto`,
#: measured 2026-12-02): browser 50, cli 36, solver 16, form 14, i18n 13, lint 11 (mypy
#: without its cache, as on a fresh clone), network 10, catalogue 9, map 8, export 6,
#: hardening 6, privacy 5, keep 5, people 5, reflections 5, routing_scale 4, terminal 4,
#: outputs 4, startup 3, hosts 3; every other file takes under 3.
#: xdist hands out whole files in the collection's order (`--no-loadscope-reorder`; its own
#: order is by number of tests, which put ruff and mypy last): longest first, the files that
#: run last are short, and both workers end within a few seconds of each other. Files not
#: listed run after these, in their own order.
LONGEST_FIRST = (
    "test_browser.py",
    "test_cli.py",
    "test_solver.py",
    "test_form.py",
    "test_i18n.py",
    "test_lint.py",
    "test_network.py",
    "test_catalogue.py",
    "test_map.py",
    "test_export.py",
    "test_hardening.py",
    "test_privacy.py",
    "test_keep.py",
    "test_people.py",
    "test_reflections.py",
    "test_routing_scale.py",
    "test_terminal.py",
    "test_outputs.py",
    "test_startup.py",
    "test_hosts.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: file order kept
    for item in items:
        if {"browser", "phone"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        module = item.path.name
        if module in SLOW_MODULES or f"{module}::{item.name.split('[')[0]}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _each_pdf_rendered_once() -> Iterator[None]:
    """WeasyPrint renders each distinct page once per test session, not once per test.

    The same HTML gives the same PDF (safari's pages are deterministic and WeasyPrint is
    given no clock), so a page seen before gets the bytes WeasyPrint made for it then:
    every PDF a test reads is WeasyPrint's real output for exactly that page. A test that
    hides WeasyPrint (``sys.modules["weasyprint"] = None``) always reaches the real call.
    Real processes (subprocess tests) render as usual.
    """
    import safari.export

    real = safari.export.html_to_pdf
    made: dict[bytes, bytes] = {}

    def once(page: str) -> bytes:
        if sys.modules.get("weasyprint", True) is None:
            return real(page)
        key = hashlib.sha256(page.encode("utf-8")).digest()
        if key not in made:
            made[key] = real(page)
        return made[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(safari.export, "html_to_pdf", once)
        yield


#: Modules that test the network cache itself: their tests start from an empty one.
OWN_NETWORK_CACHE = {"test_network.py"}


@pytest.fixture(scope="session")
def _walking_networks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder of cached walking networks for the whole session (one per xdist worker)."""
    return tmp_path_factory.mktemp("safari-networks")


@pytest.fixture(scope="session")
def new_cache(
    tmp_path_factory: pytest.TempPathFactory, _walking_networks: Path
) -> Callable[[str], Path]:
    """Make an empty safari cache folder whose ``networks`` are the session's (see below).

    For the modules that keep one cache for all their tests (Leaflet fetched once, say).
    """

    def make(name: str) -> Path:
        cache = tmp_path_factory.mktemp(name)
        (cache / "networks").symlink_to(_walking_networks, target_is_directory=True)
        return cache

    return make


@pytest.fixture(autouse=True)
def _safari_cache_dir(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Point safari's cache at a fresh temporary folder for every test.

    Only its ``networks`` folder is shared by the session, as an organiser's cache is
    shared by their runs: a network is built once from its file and then read back from
    the cache, which holds exactly the same arrays (tests/test_network.py checks the round
    trip, from an empty cache of its own). Each test still gets its own kept plans,
    catalogue and basemaps, and real processes started from a test use the same folder.
    """
    cache = tmp_path_factory.mktemp("safari-cache")
    if request.path.name not in OWN_NETWORK_CACHE:
        networks = request.getfixturevalue("_walking_networks")
        (cache / "networks").symlink_to(networks, target_is_directory=True)
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(cache))


# --- the demo district's walking network, read once for the whole session -----------------

KANALENEILAND = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "osm"
    / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
)


@pytest.fixture(scope="session")
def graph(tmp_path_factory: pytest.TempPathFactory, _walking_networks: Path):
    """Kanaleneiland's walking network (osmnx graph), through the session's network cache."""
    from safari.network import walking_graph

    cache = tmp_path_factory.mktemp("safari-cache-graph")
    (cache / "networks").symlink_to(_walking_networks, target_is_directory=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAFARI_CACHE_DIR", str(cache))
        return walking_graph(KANALENEILAND)


# --- a real browser: Debian's chromium driven by Playwright -------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium (installed by .ci/run with apt), shared by the session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (as .ci/run does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PhonePage:
    """A page in a phone-sized context that blocks and records every request but files."""

    def __init__(self, context, page) -> None:
        self.context = context
        self.page = page
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on(
            "console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("dialog", self._dialog)
        context.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()


@pytest.fixture
def phone(browser):
    """A phone (390 x 844, touch) whose page may load local files only; others are recorded."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    page = context.new_page()
    yield PhonePage(context, page)
    context.close()
