"""The organiser plans the safari as an event: groups, hosts' hours, a time budget.

The checks read the plan as the JSON contract gives it, independent of the solver:
no venue hosts two groups at once, every visit lies inside its host's hours, everyone
is back in time, every group visits every stop.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
from shapely.geometry import Point

from safari._errors import EventError, HoursError, NoPlanError, PlanError, RoutingError
from safari.config import Event, read_event
from safari.hours import to_osm_syntax, windows_on
from safari.routing import walking_matrix
from safari.scheduling import MUST, Problem, solve
from safari.stops import read_stops
from safari.tour import plan_event

ROOT = Path(__file__).resolve().parent.parent
THURSDAY = date(2026, 3, 12)

# Six invented venues on real Kanaleneiland streets; two hosts receive groups only part of
# the afternoon.
VENUES = [
    ("brug", "Buurthuis De Brug", 52.07432, 5.08955, "", 15),
    ("samen-sterk", "Samen Sterk", 52.07285, 5.09599, "di en do 15-18", 20),
    ("vrede", "Gebedshuis De Vrede", 52.07138, 5.09795, "Mo-Fr 14:00-16:30", 20),
    ("bakkerij", "Bakkerij Anatolië", 52.07214, 5.09481, "", 10),
    ("taalcafe", "Taalcafé Welkom", 52.07519, 5.09384, "", 20),
    ("moedercentrum", "Moedercentrum De Zon", 52.07597, 5.08509, "", 20),
]


def stops_file(tmp_path: Path, rows=VENUES, *, extra_header: str = "", extra=None) -> Path:
    lines = ["id;naam;lat;lon;beschikbaar;bezoekduur" + extra_header]
    for k, (i, name, lat, lon, hours, minutes) in enumerate(rows):
        tail = f";{extra[k]}" if extra else ""
        lines.append(f"{i};{name};{lat};{lon};{hours};{minutes}{tail}")
    path = tmp_path / "stops.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan_for(graph, path: Path, **event):
    stops = read_stops(path)
    matrix = walking_matrix(graph, stops)
    options = {"start": "brug", "day": THURSDAY, "changeover_minutes": 5.0} | event
    return plan_event(stops, matrix, Event(stops=path, **options), time_limit_s=10.0)


def clock(text: str) -> datetime:
    return datetime.combine(THURSDAY, datetime.strptime(text, "%H:%M").time())


# --- availability ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "osm"),
    [
        ("ma-vr 9-17", "Mo-Fr 09:00-17:00"),
        ("za 10:00-12:00", "Sa 10:00-12:00"),
        ("di en do 16-18", "Tu,Th 16:00-18:00"),
        ("dinsdag en donderdag 16-18 uur", "Tu,Th 16:00-18:00"),
        ("ma t/m vr 9:30-17", "Mo-Fr 09:30-17:00"),
        ("wo 16.00-18.00", "We 16:00-18:00"),
        ("ma 9-12 / wo 14-16", "Mo 09:00-12:00; We 14:00-16:00"),
        ("dagelijks 8-10, 16-20", "Mo-Su 08:00-10:00,16:00-20:00"),
        ("di/do 16-18", "Tu,Th 16:00-18:00"),
        ("ma 9-12 / 13-17", "Mo 09:00-12:00,13:00-17:00"),
        ("ma-vr 9-12 en 13-17", "Mo-Fr 09:00-12:00,13:00-17:00"),
        ("ma 9-12 en wo 14-16", "Mo 09:00-12:00; We 14:00-16:00"),
        ("ma-vr 9-17 za 10-12", "Mo-Fr 09:00-17:00; Sa 10:00-12:00"),
        ("za 10-12, zo 12-14", "Sa 10:00-12:00; Su 12:00-14:00"),
        ("Mo-Fr 9-17", "Mo-Fr 09:00-17:00"),
        ("altijd", "24/7"),
        ("zo gesloten", "Su off"),
    ],
)
def test_dutch_shorthand_becomes_opening_hours(written, osm):
    assert to_osm_syntax(written) == osm


def test_a_span_that_ends_before_it_starts_is_not_guessed():
    """ "9-5" could mean 9 to 17; safari asks for 24-hour times instead of guessing."""
    with pytest.raises(HoursError):
        windows_on("ma-vr 9-5", THURSDAY)


def test_windows_on_the_event_date():
    assert [str(w) for w in windows_on("di en do 16-18", THURSDAY)] == ["16:00–18:00"]
    assert windows_on("za 10-12", THURSDAY) == []
    assert [str(w) for w in windows_on("Mo-Fr 08:00-10:00,16:00-20:00", THURSDAY)] == [
        "08:00–10:00",
        "16:00–20:00",
    ]


def test_unreadable_hours_are_reported_with_row_never_dropped(graph, tmp_path):
    rows = [*VENUES[:2], ("x", "Club X", 52.07138, 5.09795, "soms na school", 20)]
    with pytest.raises(PlanError) as err:
        plan_for(graph, stops_file(tmp_path, rows), groups=2)
    text = str(err.value)
    assert "Rij 4, kolom 'beschikbaar': 'soms na school' is niet te lezen." in text
    assert "'ma-vr 9-17'" in text


# --- the rotation on a real network ---------------------------------------------------------


def test_three_groups_rotate_without_meeting_at_a_venue(graph, tmp_path):
    plan = plan_for(graph, stops_file(tmp_path), groups=3, end_time=time(17, 30))
    data = plan.to_dict()
    assert len(data["groups"]) == 3
    assert data["dropped"] == []
    venues = {row[0] for row in VENUES} - {"brug"}
    minutes = {row[0]: row[5] for row in VENUES}
    hours = {"samen-sterk": ("15:00", "18:00"), "vrede": ("14:00", "16:30")}
    at_venue: dict[str, list[tuple[datetime, datetime]]] = {v: [] for v in venues}
    for group in data["groups"]:
        order = group["order"]
        assert order[0] == order[-1] == "brug"
        assert set(order[1:-1]) == venues  # every group visits every stop
        assert group["visits"][0]["arrive"] == "14:00"
        for visit in group["visits"][1:-1]:
            arrive, depart = clock(visit["arrive"]), clock(visit["depart"])
            assert depart - arrive == timedelta(minutes=minutes[visit["stop_id"]])
            at_venue[visit["stop_id"]].append((arrive, depart))
            if visit["stop_id"] in hours:
                opens, closes = (clock(x) for x in hours[visit["stop_id"]])
                assert opens <= arrive, visit
                assert depart <= closes, visit
        assert clock(group["visits"][-1]["arrive"]) <= clock("17:30")
        # walking fits between the visits
        for leg, a, b in zip(group["legs"], group["visits"], group["visits"][1:], strict=False):
            gap = (clock(b["arrive"]) - clock(a["depart"])).total_seconds() / 60
            assert gap >= leg["minutes"] - 1
    for venue, visits in at_venue.items():
        visits.sort()
        for (_, first_out), (second_in, _) in itertools.pairwise(visits):
            assert second_in >= first_out + timedelta(minutes=5), venue


def test_divided_stops_each_visited_once_and_groups_balanced(graph, tmp_path):
    plan = plan_for(graph, stops_file(tmp_path), groups=2, mode="verdeeld", end_time=time(17, 0))
    data = plan.to_dict()
    seen = [sid for g in data["groups"] for sid in g["order"][1:-1]]
    assert sorted(seen) == sorted(row[0] for row in VENUES[1:])
    backs = [clock(g["visits"][-1]["arrive"]) for g in data["groups"]]
    assert max(backs) - min(backs) <= timedelta(minutes=45)


def test_optional_stops_are_dropped_first_and_named(graph, tmp_path):
    prio = ["", "", "optioneel", "", "", ""]
    path = stops_file(tmp_path, extra_header=";prioriteit", extra=prio)
    # one group, and only time for most of the stops
    plan = plan_for(graph, path, end_time=time(15, 25))
    dropped = [d["stop_id"] for d in plan.to_dict()["dropped"]]
    assert "vrede" in dropped  # the optional stop goes first
    assert any("Niet gepland: Gebedshuis De Vrede." in w for w in plan.warnings)


# --- optimal, as brute force says ------------------------------------------------------------


def brute_force(p: Problem) -> tuple[int, float] | None:
    """(latest return, walking) of the best plan, enumerating orders and turns at venues.

    Written from the problem's definition only: each group walks its order, waits
    for a host's hours and for the group before it at a venue (plus changeover).
    """
    venues = p.venues
    best: tuple[int, float] | None = None
    orders = list(itertools.permutations(venues))
    for routes in itertools.product(orders, repeat=p.groups):
        for turns in itertools.product(
            *(list(itertools.permutations(range(p.groups))) for _ in venues)
        ):
            result = _schedule(p, routes, dict(zip(venues, turns, strict=True)))
            if result is not None and (best is None or result < best):
                best = result
    return best


def _schedule(p: Problem, routes, turns) -> tuple[int, float] | None:
    arrive = {(g, v): 0 for g in range(p.groups) for v in p.venues}
    for _ in range(4 * p.groups * len(p.venues) + 4):
        changed = False
        for g, route in enumerate(routes):
            now = p.start_s + g * p.stagger_s + p.visit_s[p.start]
            prev = p.start
            for v in route:
                earliest = now + int(p.travel_s[prev, v])
                k = turns[v].index(g)
                if k > 0:
                    before = turns[v][k - 1]
                    earliest = max(earliest, arrive[(before, v)] + p.visit_s[v] + p.changeover_s)
                earliest = _fit_window(p, v, earliest)
                if earliest is None:
                    return None
                if earliest != arrive[(g, v)]:
                    arrive[(g, v)] = earliest
                    changed = True
                now, prev = earliest + p.visit_s[v], v
        if not changed:
            break
    else:
        return None
    backs, walk = [], 0.0
    for g, route in enumerate(routes):
        last = route[-1]
        backs.append(arrive[(g, last)] + p.visit_s[last] + int(p.travel_s[last, p.start]))
        hops = [p.start, *route, p.start]
        walk += sum(p.meters[a, b] for a, b in itertools.pairwise(hops))
    for g, route in enumerate(routes):  # turns must agree with the times
        for v in route:
            k = turns[v].index(g)
            if k > 0 and arrive[(g, v)] < arrive[(turns[v][k - 1], v)] + p.visit_s[v]:
                return None
    if p.end_s is not None and max(backs) > p.end_s:
        return None
    return max(backs), round(walk, 3)


def _fit_window(p: Problem, v: int, earliest: int) -> int | None:
    windows = p.windows[v]
    if windows is None:
        return earliest
    for opens, closes in windows:
        begin = max(opens, earliest)
        if begin + p.visit_s[v] <= closes:
            return begin
    return None


def random_problem(seed: int, *, groups: int, venues: int) -> Problem:
    rng = np.random.default_rng(seed)
    n = venues + 1
    pts = rng.uniform(0, 1200, size=(n, 2))
    meters = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    travel = np.ceil(meters / (4 / 3.6)).astype(np.int64)
    start = 14 * 3600
    windows: list[list[tuple[int, int]] | None] = [None]
    for _ in range(venues):
        if rng.random() < 0.5:
            opens = start + int(rng.integers(0, 5)) * 900
            windows.append([(opens, opens + int(rng.integers(3, 8)) * 900)])
        else:
            windows.append(None)
    return Problem(
        travel_s=travel,
        meters=meters,
        visit_s=[600] + [int(rng.integers(1, 4)) * 600 for _ in range(venues)],
        start=0,
        end=0,
        start_s=start,
        end_s=start + int(rng.integers(8, 16)) * 900,
        windows=windows,
        tier=[MUST] * n,
        groups=groups,
        changeover_s=300,
        time_limit_s=20.0,
    )


@pytest.mark.parametrize("seed", range(12))
def test_solver_finds_a_plan_exactly_when_brute_force_does_and_as_good(seed):
    groups, venues = (2, 3) if seed % 2 else (1, 5)
    p = random_problem(seed, groups=groups, venues=venues)
    expected = brute_force(p)
    found = solve(p)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found.makespan == expected[0]
    walked = sum(p.meters[a, b] for route in found.routes for a, b in itertools.pairwise(route))
    assert walked == pytest.approx(expected[1], abs=1.0)


# --- when no plan exists: say why, and what to change -------------------------------------------


def test_a_must_stop_closed_that_day(graph, tmp_path):
    rows = [*VENUES[:3], ("club", "Club Zaterdag", 52.07519, 5.09384, "za 10-12", 20)]
    path = stops_file(tmp_path, rows, extra_header=";prioriteit", extra=["", "", "", "moet"])
    with pytest.raises(NoPlanError) as err:
        plan_for(graph, path, groups=2)
    text = str(err.value)
    assert text.startswith("Er is geen plan dat aan alle wensen voldoet.")
    assert "Club Zaterdag ontvangt op donderdag 12 maart 2026 geen groepen." in text
    assert "Kies een andere dag, of maak Club Zaterdag optioneel" in text


def test_a_must_stop_whose_hours_cannot_be_reached(graph, tmp_path):
    rows = [*VENUES[:3], ("moskee", "De Moskee", 52.07597, 5.08509, "do 16-18", 20)]
    path = stops_file(tmp_path, rows, extra_header=";prioriteit", extra=["", "", "", "moet"])
    with pytest.raises(NoPlanError) as err:
        plan_for(graph, path, end_time=time(16, 10))
    text = str(err.value)
    assert "De Moskee ontvangt alleen 16:00–18:00; de safari begint om 14:00 en eindigt om" in text
    assert "16:10 en de vroegst mogelijke aankomst is 14:" in text
    assert "Vraag De Moskee om een ander tijdstip" in text


def test_must_stops_that_do_not_fit_in_the_time(graph, tmp_path):
    always = [(i, name, lat, lon, "", minutes) for i, name, lat, lon, _, minutes in VENUES]
    prio = ["moet"] * len(VENUES)
    path = stops_file(tmp_path, always, extra_header=";prioriteit", extra=prio)
    with pytest.raises(NoPlanError) as err:
        plan_for(graph, path, end_time=time(14, 45))
    text = str(err.value)
    assert "De moet-stops kosten samen minstens 2 uur" in text
    assert "Van 14:00 tot 14:45 is maar 45 min." in text
    assert "Eindig later: om 16:" in text


def test_more_groups_than_a_venue_can_receive(graph, tmp_path):
    rows = [*VENUES[:3], ("klein", "Huiskamer Klein", 52.07519, 5.09384, "do 15:00-16:00", 20)]
    path = stops_file(tmp_path, rows, extra_header=";prioriteit", extra=["", "", "", "moet"])
    with pytest.raises(NoPlanError) as err:
        plan_for(graph, path, groups=4)
    text = str(err.value)
    assert (
        "Huiskamer Klein kan in de beschikbare tijd maar 2 van de 4 groepen ontvangen"
        " (elk bezoek 20 min, daarna 5 min om te wisselen)." in text
    )
    assert "Het aantal groepen mag hoogstens 2 zijn." in text
    assert 'schrijf verdeling = "verdeeld" in het bestand.' in text


def test_a_stop_on_a_part_of_the_network_not_connected():
    """Two streets with no way between them: the stop across is named, not dropped."""
    g = nx.MultiDiGraph(crs="EPSG:4326")
    for node, (x, y) in {1: (5.090, 52.070), 2: (5.092, 52.070), 3: (5.090, 52.0715),
                         4: (5.092, 52.0715)}.items():  # fmt: skip
        g.add_node(node, x=x, y=y)
    for u, v in ((1, 2), (3, 4)):
        g.add_edge(u, v, length=137.0)
        g.add_edge(v, u, length=137.0)
    stops = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "naam": ["Buurthuis", "Moskee", "Overkant"], "bron_rij": [2, 3, 4]},
        geometry=[Point(5.0905, 52.0701), Point(5.0915, 52.0701), Point(5.091, 52.0714)],
        crs="EPSG:4326",
    )
    with pytest.raises(RoutingError) as err:
        walking_matrix(g, stops)
    assert "Deze stops zijn over de looproutes op de kaart niet te bereiken" in str(err.value)
    assert "'Overkant' (rij 4)" in str(err.value)


# --- the event file ---------------------------------------------------------------------------


def test_example_event_file_reads():
    event = read_event(ROOT / "safari" / "data" / "voorbeeld" / "safari.toml")
    assert event.name == "Voorbeeld: wijksafari Kanaleneiland"
    assert event.day == THURSDAY
    assert (event.start_time, event.end_time) == (time(14, 0), time(17, 30))
    assert event.stops == ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"
    assert (event.groups, event.mode, event.changeover_minutes) == (3, "rotatie", 5.0)


def test_every_problem_in_the_event_file_at_once(tmp_path):
    bad = tmp_path / "safari.toml"
    bad.write_text(
        'naam = "Test"\n'
        'start = "25:00"\n'
        "groep = 3\n"
        'verdeling = "willekeurig"\n'
        'stops = "bestaat-niet.csv"\n'
        "tempo_kmh = -1\n",
        encoding="utf-8",
    )
    before = bad.read_bytes()
    with pytest.raises(EventError) as err:
        read_event(bad)
    text = str(err.value)
    assert f"Het bestand '{bad}' heeft 5 probleem/problemen." in text
    assert "'start' = '25:00' kan niet: schrijf een tijd, zoals \"14:00\"." in text
    assert "'groep' kent safari niet. Bedoelt u 'groepen'?" in text
    assert "'verdeling' = 'willekeurig' kan niet: kies \"rotatie\"" in text
    assert "'stops' = 'bestaat-niet.csv': dat bestand is er niet" in text
    assert "'tempo_kmh' = -1 kan niet: kies een getal boven 0" in text
    assert bad.read_bytes() == before


def write_event(tmp_path: Path, body: str) -> Path:
    (tmp_path / "stops.csv").write_text("naam;lat;lon\nDe Brug;52,07;5,09\n", encoding="utf-8")
    path = tmp_path / "safari.toml"
    path.write_text('stops = "stops.csv"\n' + body, encoding="utf-8")
    return path


def test_a_bad_number_of_groups_in_the_file_names_the_key(tmp_path):
    with pytest.raises(EventError) as err:
        read_event(write_event(tmp_path, "groepen = 0\n"))
    assert err.value.problems == (
        "'groepen' = 0 kan niet: kies een heel getal van 1 tot 50, zoals 3.",
    )


def test_the_form_keeps_details_for_90_days_as_its_message_suggests(tmp_path):
    """`bewaartermijn` is whole days up to ten years; it was read as a walking speed."""
    assert read_event(write_event(tmp_path, "bewaartermijn = 90\n")).keep_days == 90
    for value in ("0", "90.5", "3651"):
        with pytest.raises(EventError) as err:
            read_event(write_event(tmp_path, f"bewaartermijn = {value}\n"))
        fix = "kies een heel aantal dagen van 1 tot 3650, zoals 90."
        assert err.value.problems == (f"'bewaartermijn' = {value} kan niet: {fix}",)


def test_the_planner_s_time_is_read_like_every_other_value(tmp_path):
    """`rekentijd` in the file, `--time-limit` on the command line: 1 to 3600 seconds."""
    event = read_event(write_event(tmp_path, "rekentijd = 30\n"))
    assert event.time_limit_s == 30
    assert event.with_options(time_limit_s=2).time_limit_s == 2
    fix = "kies een aantal seconden van 1 tot 3600, zoals 10."
    with pytest.raises(EventError) as err:
        event.with_options(time_limit_s=0.5)
    assert str(err.value) == f"0.5 kan niet bij --time-limit: {fix}"
    with pytest.raises(EventError) as err:
        read_event(write_event(tmp_path, "rekentijd = 7200\n"))
    assert err.value.problems == (f"'rekentijd' = 7200 kan niet: {fix}",)
    assert read_event(write_event(tmp_path, "")).time_limit_s == 10


def test_an_end_before_the_start_in_the_file_names_both_keys_as_written(tmp_path):
    with pytest.raises(EventError) as err:
        read_event(write_event(tmp_path, 'starttijd = "15 uur"\neindtijd = "14:30"\n'))
    assert err.value.problems == (
        "'eindtijd' (14:30) ligt niet na 'starttijd' (15:00). Kies een eindtijd na de begintijd.",
    )


def test_options_are_read_like_the_file_and_named_as_the_user_gave_them(tmp_path):
    event = read_event(write_event(tmp_path, 'start = "14 uur"\ngroepen = 2\n'))
    assert event.start_time == time(14, 0)
    changed = event.with_options(start_time="15 uur", groups=None, day="12-03-2026")
    assert (changed.start_time, changed.groups, changed.day) == (time(15, 0), 2, THURSDAY)
    assert event.start_time == time(14, 0)  # the event read from the file is not changed
    assert (changed.label("start_time"), changed.label("groups")) == ("--start-time", "'groepen'")
    with pytest.raises(EventError) as err:
        event.with_options(groups=0)
    assert str(err.value) == "0 kan niet bij --groups: kies een heel getal van 1 tot 50, zoals 3."
    with pytest.raises(EventError) as err:
        event.with_options(end_time="13:00")
    assert str(err.value) == (
        "--end-time (13:00) ligt niet na 'start' (14:00). Kies een eindtijd na de begintijd."
    )
    with pytest.raises(EventError) as err:
        event.with_options(start_time="kwart over twee", mode="samen")
    assert err.value.message == "De opties hebben 2 problemen. Pas ze aan en probeer het opnieuw."
    assert [p.split(" kan niet bij ")[1][:6] for p in err.value.problems] == ["--star", "--mode"]


def test_a_start_from_the_file_that_is_not_a_stop_names_the_key(graph, tmp_path):
    stops = read_stops(ROOT / "safari" / "data" / "voorbeeld" / "stops.csv")
    event = read_event(write_event(tmp_path, 'vertrek = "moskee"\n'))
    with pytest.raises(PlanError, match=r"Er is geen stop met id 'moskee' \(bij 'vertrek'\)"):
        plan_event(stops, walking_matrix(graph, stops), event)


def test_event_file_that_is_not_toml(tmp_path):
    bad = tmp_path / "safari.toml"
    bad.write_text("naam = Wijksafari zonder aanhalingstekens\n", encoding="utf-8")
    with pytest.raises(EventError) as err:
        read_event(bad)
    assert "is geen geldig TOML-bestand" in str(err.value)
    assert 'naam = "Wijksafari"' in str(err.value)


# --- choosing among many candidates ------------------------------------------------------------


def test_among_a_hundred_candidates_the_plan_picks_what_fits_the_time(graph):
    """A safari week: 100 candidate venues, two hours; the plan visits as many as fit."""
    rng = np.random.default_rng(3)
    edges = list(graph.edges(keys=True))
    points = []
    for k in rng.choice(len(edges), size=100, replace=False):
        u, v, _ = edges[int(k)]
        a, b = graph.nodes[u], graph.nodes[v]
        points.append(Point((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2))
    stops = gpd.GeoDataFrame(
        {"id": [f"c{i}" for i in range(100)], "naam": [f"Plek {i}" for i in range(100)],
         "bron_rij": list(range(2, 102)), "bezoekduur": [10.0] * 100},
        geometry=points, crs="EPSG:4326",
    )  # fmt: skip
    matrix = walking_matrix(graph, stops)
    event = Event(stops=Path("kandidaten.csv"), start="c0", day=THURSDAY, end_time=time(16, 0))
    plan = plan_event(stops, matrix, event, time_limit_s=10.0)
    group = plan.groups[0]
    visited = group.order[1:-1]
    assert group.visits[-1].arrive <= datetime.combine(THURSDAY, time(16, 0))
    assert len(visited) + len(plan.dropped) == 99  # every candidate is visited or named
    # at least as many as a greedy walk to the nearest unvisited stop that still fits
    assert len(visited) >= greedy_count(matrix.meters, visit_s=600, budget_s=2 * 3600)


def greedy_count(meters: np.ndarray, *, visit_s: int, budget_s: int) -> int:
    seconds = meters / (4 / 3.6)
    now, here, left, count = visit_s, 0, set(range(1, len(meters))), 0
    while left:
        nxt = min(left, key=lambda j: seconds[here, j])
        if now + seconds[here, nxt] + visit_s + seconds[nxt, 0] > budget_s:
            break
        now += seconds[here, nxt] + visit_s
        here, count = nxt, count + 1
        left.remove(nxt)
    return count


def test_a_start_whose_host_is_closed_when_the_groups_leave(graph, tmp_path):
    rows = [("brug", "Buurthuis De Brug", 52.07432, 5.08955, "do 15-17", 15), *VENUES[1:3]]
    with pytest.raises(NoPlanError) as err:
        plan_for(graph, stops_file(tmp_path, rows), groups=2)
    text = str(err.value)
    assert "De safari begint om 14:00 bij Buurthuis De Brug, maar Buurthuis De Brug" in text
    assert "ontvangt alleen 15:00–17:00." in text
    assert "Kies een begintijd waarop Buurthuis De Brug open is" in text
