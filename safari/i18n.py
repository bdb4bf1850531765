"""Texts for people. Dutch first (plain language, B1), English second.

Every message a user can see lives here, keyed by a short id, so that wording
is reviewed in one place. ``t(key, **values)`` picks the language from
``safari.config.language()``.
"""

from __future__ import annotations

from safari.config import language

# Each entry: key -> (Dutch, English). Keep sentences short; say what to do.
TEXTS: dict[str, tuple[str, str]] = {
    # --- general / cli ---------------------------------------------------------------
    "cli.error": ("Fout: {message}", "Error: {message}"),
    "cli.warning": ("Let op: {message}", "Note: {message}"),
    "cli.interrupted": ("Gestopt.", "Stopped."),
    "cli.bug": (
        "Er ging iets mis in safari zelf ({kind}: {detail}). Dit is een fout in het programma,"
        " niet in uw bestand. Meld het aan de makers; zet SAFARI_DEBUG=1 voor de details.",
        "Something went wrong inside safari ({kind}: {detail}). This is a bug in the program,"
        " not in your file. Please report it; set SAFARI_DEBUG=1 for the details.",
    ),
    "cli.help": (
        "Plan een wijksafari: een wandeling langs organisaties en plekken in een wijk,"
        " met een kaart voor de telefoon.",
        "Plan a neighbourhood safari: a walk past organisations and places in a district,"
        " with a map for the phone.",
    ),
    "cli.plan.help": (
        "Plan de kortste wandelroute langs alle stops, toon het tijdschema en schrijf de kaart.",
        "Plan the shortest walk past all stops, show the schedule and write the map.",
    ),
    "cli.demo.help": (
        "Plan de voorbeeld-safari in Kanaleneiland (data/voorbeeld) en schrijf"
        " kaarten/voorbeeld.html.",
        "Plan the example safari in Kanaleneiland (data/voorbeeld) and write"
        " kaarten/voorbeeld.html.",
    ),
    "cli.demo.title": (
        "Voorbeeld: wijksafari Kanaleneiland",
        "Example: neighbourhood safari Kanaleneiland",
    ),
    "cli.demo.note": (
        "De organisaties in dit voorbeeld zijn verzonnen. De straten zijn echt.",
        "The organisations in this example are invented. The streets are real.",
    ),
    "cli.version.help": ("Toon de versie van safari.", "Show the version of safari."),
    "cli.arg.stops": (
        "Bestand met de stops: CSV (ook uit Excel) of GeoJSON.",
        "File with the stops: CSV (also from Excel) or GeoJSON.",
    ),
    "cli.opt.network": (
        "Kaartbestand met de straten: OpenStreetMap (.osm, .osm.pbf, .osm.gz, .osm.bz2) of een"
        " opgeslagen netwerk (.graphml). Zonder dit wordt het netwerk gedownload (internet nodig).",
        "Map file with the streets: OpenStreetMap (.osm, .osm.pbf, .osm.gz, .osm.bz2) or a saved"
        " network (.graphml). Without it the network is downloaded (needs internet).",
    ),
    "cli.opt.start": (
        "Id van de stop waar de safari begint. Standaard: de eerste stop in het bestand.",
        "Id of the stop where the safari starts. Default: the first stop in the file.",
    ),
    "cli.opt.end": (
        "Id van de stop waar de safari eindigt. Standaard: terug naar de start.",
        "Id of the stop where the safari ends. Default: back to the start.",
    ),
    "cli.opt.open": (
        "Niet terug naar de start: de route eindigt bij de laatste stop.",
        "Do not return to the start: the route ends at the last stop.",
    ),
    "cli.opt.start_time": ("Begintijd, zoals 14:00.", "Start time, like 14:00."),
    "cli.opt.speed": (
        "Loopsnelheid in km per uur (een pratende groep loopt ongeveer 4).",
        "Walking speed in km per hour (a talking group walks about 4).",
    ),
    "cli.opt.visit_minutes": (
        "Minuten per stop, als de kolom bezoekduur leeg is.",
        "Minutes per stop, when the bezoekduur column is empty.",
    ),
    "cli.opt.output": ("Map waarin de kaart komt.", "Folder for the map."),
    "cli.opt.json": (
        "Toon het plan als JSON in plaats van een tabel (voor andere programma's).",
        "Print the plan as JSON instead of a table (for other programs).",
    ),
    "cli.opt.verbose": ("Toon meer over wat safari doet.", "Show more about what safari does."),
    "cli.no_example": (
        "De voorbeeldbestanden staan niet in {folder}. Gebruik safari vanuit de map van het"
        " project, of geef zelf een bestand met stops aan 'safari plan'.",
        "The example files are not in {folder}. Run safari from the project's folder, or give"
        " your own stops file to 'safari plan'.",
    ),
    "cli.status.network": ("Wandelnetwerk laden...", "Loading the walking network..."),
    "cli.status.routes": ("Looproutes berekenen...", "Computing walking routes..."),
    "cli.map_written": ("Kaart geschreven: {path}", "Map written: {path}"),
    "cli.col.number": ("Nr", "No"),
    "cli.col.stop": ("Stop", "Stop"),
    "cli.col.arrive": ("Aankomst", "Arrival"),
    "cli.col.depart": ("Vertrek", "Departure"),
    "cli.col.walk": ("Lopen (min)", "Walk (min)"),
    "cli.total": ("Totaal {km} km lopen. Klaar om {end}.", "Total {km} km walking. Done at {end}."),
    # --- stops (safari/stops.py) ------------------------------------------------------
    # where: "Rij 3, kolom 'lat'" / "Object 3, eigenschap 'naam'" / "Object 3, geometrie"
    "stops.row": ("Rij {row}", "Row {row}"),
    "stops.feature": ("Object {row}", "Feature {row}"),
    "stops.in_column": ("kolom '{column}'", "column '{column}'"),
    "stops.in_columns": ("kolommen {columns}", "columns {columns}"),
    "stops.in_property": ("eigenschap '{column}'", "property '{column}'"),
    "stops.in_properties": ("eigenschappen {columns}", "properties {columns}"),
    "stops.in_geometry": ("geometrie", "geometry"),
    "stops.and": ("en", "and"),
    # the file as a whole
    "stops.header_one": (
        "Het bestand '{path}' heeft 1 probleem. Pas het bestand aan en probeer het opnieuw.",
        "The file '{path}' has 1 problem. Fix the file and try again.",
    ),
    "stops.header_many": (
        "Het bestand '{path}' heeft {count} problemen. Pas het bestand aan en probeer het opnieuw.",
        "The file '{path}' has {count} problems. Fix the file and try again.",
    ),
    "stops.not_found": (
        "Het bestand '{path}' bestaat niet. Controleer de naam en de map van het bestand.",
        "The file '{path}' does not exist. Check the name and the folder of the file.",
    ),
    "stops.is_folder": (
        "'{path}' is een map, geen bestand. Geef het bestand met de plekken.",
        "'{path}' is a folder, not a file. Give the file with the stops.",
    ),
    "stops.cannot_open": (
        "Het bestand '{path}' kan niet worden geopend ({reason}). "
        "Sluit het bestand in andere programma's, zoals Excel, en probeer het opnieuw.",
        "The file '{path}' cannot be opened ({reason}). "
        "Close it in other programs, such as Excel, and try again.",
    ),
    "stops.unknown_suffix": (
        "Het bestand '{path}' is van een soort die safari niet kan lezen ('{suffix}'). "
        "safari leest: {accepted}. Sla het bestand in Excel op als 'CSV UTF-8' "
        "en probeer het opnieuw.",
        "The file '{path}' is of a type safari cannot read ('{suffix}'). "
        "safari reads: {accepted}. Save the file in Excel as 'CSV UTF-8' and try again.",
    ),
    "stops.empty": (
        "Het bestand is leeg. Zet in de eerste rij de namen van de kolommen "
        "(bijvoorbeeld naam;lat;lon) en daaronder één plek per rij.",
        "The file is empty. Put the column names in the first row "
        "(for example name,lat,lon) and one stop per row below it.",
    ),
    "stops.only_header": (
        "Er staan alleen namen van kolommen in het bestand, maar geen plekken. "
        "Zet onder de eerste rij één plek per rij.",
        "The file has column names but no stops. Put one stop per row below the first row.",
    ),
    "stops.no_features": (
        "Er staan geen plekken in het bestand. Voeg voor elke plek een punt (Point) toe.",
        "The file holds no stops. Add a point (Point) for each stop.",
    ),
    "stops.undecodable": (
        "Het bestand is geen leesbare tekst. Open het in Excel en kies 'Opslaan als' en "
        "dan 'CSV UTF-8 (door komma's gescheiden)'.",
        "The file is not readable text. Open it in Excel, choose 'Save as' and then "
        "'CSV UTF-8 (Comma delimited)'.",
    ),
    "stops.csv_broken": (
        "Rij {row}: deze rij kan niet worden gelezen ({reason}). "
        'Controleer de aanhalingstekens (") in deze rij.',
        'Row {row}: this row cannot be read ({reason}). Check the quotes (") in this row.',
    ),
    "stops.geojson_syntax": (
        "Het bestand is geen geldige GeoJSON: er zit een fout op regel {line}, teken "
        "{column}. Kijk daar of er een komma, haakje of aanhalingsteken ontbreekt of teveel is.",
        "The file is not valid GeoJSON: there is an error on line {line}, character "
        "{column}. Look there for a missing or extra comma, bracket or quote.",
    ),
    "stops.geojson_structure": (
        "Het bestand is geen GeoJSON met plekken. Het moet een 'FeatureCollection' zijn, "
        "met voor elke plek een 'Feature' met een punt (Point).",
        "The file is not GeoJSON with stops. It must be a 'FeatureCollection' with a "
        "'Feature' with a point (Point) for each stop.",
    ),
    "stops.geojson_not_feature": (
        "{where}: dit is geen 'Feature'. Maak van elke plek een Feature met een punt (Point).",
        "{where}: this is not a 'Feature'. Make each stop a Feature with a point (Point).",
    ),
    "stops.geojson_not_point": (
        "{where}: de plek '{name}' is een {kind}, geen punt. "
        "Gebruik voor elke plek een punt (Point).",
        "{where}: the stop '{name}' is a {kind}, not a point. Use a point (Point) for each stop.",
    ),
    "stops.geojson_bad_point": (
        "{where}: het punt heeft geen goede coördinaten. "
        "Schrijf eerst lon en dan lat, bijvoorbeeld [5.1032, 52.0801].",
        "{where}: the point has no valid coordinates. "
        "Write lon first and then lat, for example [5.1032, 52.0801].",
    ),
    # columns
    "stops.duplicate_column": (
        "Kolom '{first}' en kolom '{second}' betekenen allebei '{canonical}'. Houd er één over.",
        "Column '{first}' and column '{second}' both mean '{canonical}'. Keep only one.",
    ),
    "stops.no_name_column": (
        "Kolom 'naam' ontbreekt. Zet in de eerste rij een kolom 'naam' met de naam van "
        "elke plek. Gevonden kolommen: {found}.",
        "Column 'naam' (or 'name') is missing. Add a column 'name' with the name of each "
        "stop to the first row. Columns found: {found}.",
    ),
    "stops.no_coordinate_columns": (
        "Er zijn geen kolommen voor de plaats van de plekken. Voeg de kolommen 'lat' en "
        "'lon' toe (of 'x' en 'y' in RD). Gevonden kolommen: {found}.",
        "There are no columns for where the stops are. Add the columns 'lat' and 'lon' "
        "(or 'x' and 'y' in RD). Columns found: {found}.",
    ),
    "stops.missing_pair_column": (
        "Kolom '{present}' staat erin, maar kolom '{missing}' ontbreekt. "
        "Voeg de kolom '{missing}' toe.",
        "Column '{present}' is there, but column '{missing}' is missing. "
        "Add the column '{missing}'.",
    ),
    # rows
    "stops.missing_name": (
        "{where}: de naam ontbreekt. Vul de naam van de plek in.",
        "{where}: the name is missing. Fill in the name of the stop.",
    ),
    "stops.missing_latlon": (
        "{where}: de plaats ontbreekt. Vul lat en lon in, bijvoorbeeld 52,0801 en 5,1032.",
        "{where}: the location is missing. Fill in lat and lon, for example 52.0801 and 5.1032.",
    ),
    "stops.missing_xy": (
        "{where}: de plaats ontbreekt. Vul x en y in (RD), bijvoorbeeld 135000 en 455000.",
        "{where}: the location is missing. Fill in x and y (RD), for example 135000 and 455000.",
    ),
    "stops.missing_geometry": (
        "{where}: de plek heeft geen punt. Geef de plek een punt (Point) met lon en lat.",
        "{where}: the stop has no point. Give the stop a point (Point) with lon and lat.",
    ),
    "stops.missing_one": (
        "{where}: {column} ontbreekt. Vul ook {column} in.",
        "{where}: {column} is missing. Fill in {column} too.",
    ),
    "stops.needs_geocoding": (
        "{where}: er staat alleen een adres. Adressen opzoeken kan safari nog niet. "
        "Zoek het adres op een kaart op (bijvoorbeeld openstreetmap.org) en vul lat en lon in.",
        "{where}: there is only an address. safari cannot look up addresses yet. "
        "Find the address on a map (for example openstreetmap.org) and fill in lat and lon.",
    ),
    "stops.not_a_number": (
        "{where}: '{value}' is geen getal. Schrijf alleen een getal, bijvoorbeeld {example}.",
        "{where}: '{value}' is not a number. Write only a number, for example {example}.",
    ),
    "stops.swapped_latlon": (
        "{where}: {value} ligt niet in Nederland. Waarschijnlijk zijn lat en lon verwisseld: "
        "zet {lat} bij {lat_column} en {lon} bij {lon_column}.",
        "{where}: {value} is not in the Netherlands. Lat and lon are probably swapped: "
        "put {lat} in {lat_column} and {lon} in {lon_column}.",
    ),
    "stops.swapped_geometry": (
        "{where}: dit punt ligt niet in Nederland. Waarschijnlijk staan lat en lon verkeerd "
        "om. In GeoJSON staat lon eerst: [{lon}, {lat}].",
        "{where}: this point is not in the Netherlands. Lat and lon are probably the wrong "
        "way round. In GeoJSON lon comes first: [{lon}, {lat}].",
    ),
    "stops.lat_outside_world": (
        "{where}: {value} kan geen lat zijn. Lat ligt altijd tussen -90 en 90 "
        "(in Nederland tussen 50,7 en 53,7). Controleer het getal.",
        "{where}: {value} cannot be a lat. Lat is always between -90 and 90 "
        "(in the Netherlands between 50.7 and 53.7). Check the number.",
    ),
    "stops.lon_outside_world": (
        "{where}: {value} kan geen lon zijn. Lon ligt altijd tussen -180 en 180 "
        "(in Nederland tussen 3,2 en 7,3). Controleer het getal.",
        "{where}: {value} cannot be a lon. Lon is always between -180 and 180 "
        "(in the Netherlands between 3.2 and 7.3). Check the number.",
    ),
    "stops.rd_outside": (
        "{where}: {value} ligt buiten Nederland. In RD ligt {column} tussen {low} en {high}. "
        "Controleer het getal.",
        "{where}: {value} is outside the Netherlands. In RD, {column} is between {low} and "
        "{high}. Check the number.",
    ),
    "stops.rd_swapped": (
        "{where}: x en y lijken verwisseld: zet {x} bij {x_column} en {y} bij {y_column}.",
        "{where}: x and y seem swapped: put {x} in {x_column} and {y} in {y_column}.",
    ),
    "stops.rd_looks_like_degrees": (
        "{where}: {x} en {y} lijken graden (lon en lat), geen RD-coördinaten. "
        "Zet ze in de kolommen 'lon' en 'lat'.",
        "{where}: {x} and {y} look like degrees (lon and lat), not RD coordinates. "
        "Put them in the columns 'lon' and 'lat'.",
    ),
    "stops.duplicate_id": (
        "{where}: de id '{value}' komt {count} keer voor. Geef elke plek een eigen id, "
        "of maak de cel leeg: dan maakt safari zelf een id.",
        "{where}: the id '{value}' appears {count} times. Give each stop its own id, "
        "or leave the cell empty: then safari makes one.",
    ),
    "stops.bad_visit_minutes": (
        "{where}: '{value}' is geen goede bezoekduur. Schrijf het aantal minuten als getal "
        "groter dan 0, bijvoorbeeld 20.",
        "{where}: '{value}' is not a valid visit time. Write the number of minutes as a "
        "number above 0, for example 20.",
    ),
    "stops.bad_capacity": (
        "{where}: '{value}' is geen goede capaciteit. Schrijf hoeveel mensen er tegelijk "
        "kunnen komen, als heel getal groter dan 0, bijvoorbeeld 12.",
        "{where}: '{value}' is not a valid capacity. Write how many people can come at "
        "once, as a whole number above 0, for example 12.",
    ),
    "stops.bad_wheelchair": (
        "{where}: '{value}' kent safari niet. Kies ja, beperkt of nee.",
        "{where}: safari does not know '{value}'. Choose yes, limited or no.",
    ),
    "stops.bad_status": (
        "{where}: '{value}' is geen bekende status. Kies ingediend, goedgekeurd of afgewezen.",
        "{where}: '{value}' is not a known status. "
        "Choose ingediend (submitted), goedgekeurd (approved) or afgewezen (rejected).",
    ),
    "stops.unsafe_link": (
        "{where}: '{value}' is geen veilige link. "
        "Een link moet beginnen met https:// (of http://).",
        "{where}: '{value}' is not a safe link. A link must start with https:// (or http://).",
    ),
    "stops.not_a_link": (
        "{where}: '{value}' is geen link. Een link begint met https://, "
        "bijvoorbeeld https://www.voorbeeld.nl.",
        "{where}: '{value}' is not a link. A link starts with https://, "
        "for example https://www.example.org.",
    ),
    "stops.none_approved": (
        "Geen enkele plek in '{path}' is goedgekeurd, dus er is niets om te plannen. "
        "Zet 'goedgekeurd' in de kolom '{column}' bij de plekken die mee mogen doen.",
        "No stop in '{path}' is approved, so there is nothing to plan. "
        "Put 'goedgekeurd' in the column '{column}' for the stops that may take part.",
    ),
    # warnings (attrs["warnings"]): plain text
    "stops.warn_not_approved": (
        "{where}: '{name}' wordt niet gepland, want de status is '{status}' en niet 'goedgekeurd'.",
        "{where}: '{name}' is not planned, because its status is '{status}', "
        "not 'goedgekeurd' (approved).",
    ),
    "stops.warn_status_empty": (
        "{where}: '{name}' wordt niet gepland, want de status is leeg. "
        "Zet 'goedgekeurd' in de kolom '{column}' als de plek mee mag doen.",
        "{where}: '{name}' is not planned, because its status is empty. "
        "Put 'goedgekeurd' in the column '{column}' if the stop may take part.",
    ),
    "stops.warn_problem_not_planned": (
        "Niet gepland, maar wel goed om te verbeteren: {problem}",
        "Not planned, but worth fixing: {problem}",
    ),
    "stops.warn_outside_nl": (
        "Deze plekken liggen buiten Nederland: {names}. Klopt dat niet? Controleer dan lat en lon.",
        "These stops are outside the Netherlands: {names}. If that is wrong, check lat and lon.",
    ),
    "stops.warn_unnamed_column": (
        "Kolom {letter} heeft geen naam in de eerste rij, maar er staat wel iets in. "
        "safari noemt deze kolom '{name}'.",
        "Column {letter} has no name in the first row, but it holds data. "
        "safari calls it '{name}'.",
    ),
    "stops.warn_duplicate_column": (
        "De kolom '{name}' staat er twee keer in. safari noemt de tweede '{new}'.",
        "The column '{name}' appears twice. safari calls the second one '{new}'.",
    ),
    "stops.warn_reserved_column": (
        "De naam van kolom '{name}' gebruikt safari zelf. safari noemt deze kolom '{new}'.",
        "safari uses the column name '{name}' itself. safari calls this column '{new}'.",
    ),
    # --- network (safari/network.py) --------------------------------------------------
    "network.not_found": (
        "Het bestand {file} bestaat niet. Controleer de naam en de map van het bestand. "
        "Of geef een ander OSM-bestand op met --network BESTAND.",
        "The file {file} does not exist. Check the name and the folder of the file. "
        "Or give another OSM file with --network FILE.",
    ),
    "network.unknown_suffix": (
        "Safari kan het bestand {file} niet lezen: dit soort bestand kent safari niet. "
        "De naam van het bestand moet eindigen op {accepted}.",
        "Safari cannot read the file {file}: safari does not know this kind of file. "
        "The file name must end in {accepted}.",
    ),
    "network.unreadable": (
        "Safari kan het bestand {file} niet lezen. Misschien is het bestand kapot, "
        "of het is geen OSM-bestand. Download het bestand opnieuw of kies een ander bestand. "
        "(Technische melding: {detail})",
        "Safari cannot read the file {file}. The file may be damaged, or it is not an "
        "OSM file. Download the file again or choose another file. (Technical message: {detail})",
    ),
    "network.no_ways": (
        "In het bestand {file} staan geen straten of paden waar je kunt lopen. "
        "Kies een OSM-bestand met de straten van de wijk.",
        "The file {file} holds no streets or paths you can walk on. "
        "Choose an OSM file with the streets of the neighbourhood.",
    ),
    "network.outside": (
        "In het bestand {file} liggen geen straten of paden in het gebied van de stops. "
        "Het bestand gaat over het gebied {file_box}. De stops liggen in het gebied "
        "{stops_box} (met een rand van {margin} meter). Kies een OSM-bestand van de wijk "
        "waar de stops liggen, of controleer de coördinaten (lat en lon) van de stops.",
        "The file {file} holds no streets or paths in the area of the stops. "
        "The file covers the area {file_box}. The stops lie in the area {stops_box} "
        "(with a margin of {margin} metres). Choose an OSM file of the neighbourhood "
        "where the stops are, or check the coordinates (lat and lon) of the stops.",
    ),
    "network.download_failed": (
        "Het wandelnetwerk kon niet worden gedownload (geen internet?). "
        "Geef een OSM-bestand op met --network BESTAND.",
        "The walking network could not be downloaded (no internet?). "
        "Give an OSM file with --network FILE.",
    ),
    "network.no_ways_online": (
        "OpenStreetMap heeft geen straten of paden in het gebied van de stops ({stops_box}). "
        "Controleer de coördinaten (lat en lon) van de stops.",
        "OpenStreetMap has no streets or paths in the area of the stops ({stops_box}). "
        "Check the coordinates (lat and lon) of the stops.",
    ),
    "network.online_needs_stops": (
        "Om het wandelnetwerk te downloaden heeft safari de stops nodig: zonder stops "
        "weet safari niet welk gebied nodig is. Geef de stops mee, "
        "of geef een OSM-bestand op met --network BESTAND.",
        "To download the walking network, safari needs the stops: without stops "
        "safari does not know which area is needed. Give the stops, "
        "or give an OSM file with --network FILE.",
    ),
    "network.no_stops": (
        "Geen enkele stop heeft een plaats op de kaart. Daarom weet safari niet welk deel "
        "van het wandelnetwerk nodig is. Controleer de kolommen lat en lon van de stops.",
        "No stop has a place on the map. So safari does not know which part of the "
        "walking network is needed. Check the columns lat and lon of the stops.",
    ),
    "network.bad_margin": (
        "De rand rond de stops moet 0 meter of meer zijn. Safari kreeg: {margin}.",
        "The margin around the stops must be 0 metres or more. Safari got: {margin}.",
    ),
    # --- routing (safari/routing.py) --------------------------------------------------
    "routing.stop_with_row": ("{stop} (rij {row})", "{stop} (row {row})"),
    "routing.too_far_header": (
        "{count} stop(s) liggen te ver van een looproute op de kaart:",
        "{count} stop(s) are too far from any walkable way on the map:",
    ),
    "routing.too_far": (
        "- {stop} ligt {meters} m van de dichtstbijzijnde looproute. Controleer lat en lon"
        " van deze stop, of gebruik een kaartbestand dat deze plek bevat.",
        "- {stop} is {meters} m from the nearest walkable way. Check this stop's lat and"
        " lon, or use a map file that covers this place.",
    ),
    "routing.far": (
        "{stop} ligt {meters} m van de dichtstbijzijnde looproute. De route loopt tot het"
        " punt op straat dat het dichtst bij de stop ligt.",
        "{stop} is {meters} m from the nearest walkable way. The route goes to the nearest"
        " point on the street.",
    ),
    "routing.unreachable": (
        "Deze stops zijn over de looproutes op de kaart niet te bereiken vanaf de andere"
        " stops: {stops}. Misschien ligt er water of een spoorlijn tussen zonder brug op de"
        " kaart. Kies een groter kaartgebied of laat deze stops weg.",
        "These stops cannot be reached from the other stops over the walkable ways on the"
        " map: {stops}. There may be water or a railway in between without a bridge on the"
        " map. Choose a larger map area or leave these stops out.",
    ),
    # --- plan (safari/tour.py) --------------------------------------------------------
    "plan.group_name": ("Groep {number}", "Group {number}"),
    "plan.bad_time": (
        "De tijd '{value}' bij {option} is niet te lezen. Schrijf uren en minuten, zoals 14:00.",
        "The time '{value}' for {option} cannot be read. Write hours and minutes, like 14:00.",
    ),
    "plan.bad_speed": (
        "De loopsnelheid {value} km/u kan niet. Kies een getal boven 0, zoals 4.",
        "The walking speed {value} km/h is not possible. Choose a number above 0, like 4.",
    ),
    "plan.bad_visit_minutes": (
        "De bezoekduur {value} minuten kan niet. Kies 0 of meer minuten, zoals 20.",
        "A visit of {value} minutes is not possible. Choose 0 or more minutes, like 20.",
    ),
    "plan.open_and_end": (
        "Kies --end of --open, niet allebei: met --open eindigt de route bij de laatste stop.",
        "Choose --end or --open, not both: with --open the route ends at the last stop.",
    ),
    "plan.unknown_stop": (
        "Er is geen stop met id '{value}' (bij {option}). Kies een van deze ids: {ids}.",
        "There is no stop with id '{value}' (for {option}). Choose one of these ids: {ids}.",
    ),
    # --- map (safari/render.py) -------------------------------------------------------
    "map.title": ("Wijksafari", "Neighbourhood safari"),
    "map.intro": (
        "Volg de genummerde stops. Tik op een stop voor het verhaal. Onder de kaart staan"
        " alle stops met tijden en verhalen.",
        "Follow the numbered stops. Tap a stop for its story. Below the map you find all"
        " stops with times and stories.",
    ),
    "map.map_label": ("Kaart van de route", "Map of the route"),
    "map.list_title": ("Alle stops", "All stops"),
    "map.when": ("{arrive} tot {depart}", "{arrive} to {depart}"),
    "map.walk": ("Lopen: {minutes} min ({meters} m)", "Walk: {minutes} min ({meters} m)"),
    "map.marker_label": ("Stop {number}: {name}, {time}", "Stop {number}: {name}, {time}"),
    "map.back_at": ("{walk}. Terug bij {name} om {time}.", "{walk}. Back at {name} at {time}."),
    "map.more": ("Naar de lijst", "To the list"),
    "map.locate": ("Waar ben ik?", "Where am I?"),
    "map.you_are_here": (
        "U bent hier (binnen {{distance}} {{unit}})",
        "You are here (within {{distance}} {{unit}})",
    ),
    "map.attribution": (
        'Kaartgegevens: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
        " contributors. Gemaakt met safari.",
        'Map data: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
        " contributors. Made with safari.",
    ),
}


#: Names of story languages, in the language itself (shown as the switch's label).
LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "pap": "Papiamentu",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی",
}


def language_name(code: str) -> str:
    """The name of a story language for its switch, e.g. ``ar`` -> ``العربية``."""
    return LANGUAGE_NAMES.get(code.lower(), code)


def t(key: str, /, **values: object) -> str:
    """Return the text for ``key`` in the user's language, with ``values`` filled in."""
    nl, en = TEXTS[key]
    template = en if language() == "en" else nl
    return template.format(**values)
