"""Texts for people. Dutch first (plain language, B1), English second.

Every message a user can see lives here, keyed by a short id, so that wording
is reviewed in one place. ``t(key, **values)`` picks the language from
``safari.settings.language()``.
"""

from __future__ import annotations

from datetime import date

from safari.settings import language

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
        "Plan de voorbeeld-safari in Kanaleneiland en schrijf kaarten/voorbeeld.html. Het"
        " voorbeeld en de straten van de wijk horen bij safari: internet is niet nodig.",
        "Plan the example safari in Kanaleneiland and write kaarten/voorbeeld.html. The"
        " example and the district's streets come with safari: no internet needed.",
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
    "cli.opt.end_time": (
        "Eindtijd: iedereen is dan terug. Stops die niet passen, vallen af (optioneel eerst).",
        "End time: everyone is back by then. Stops that do not fit are left out (optional"
        " ones first).",
    ),
    "cli.opt.date": (
        "Datum van de safari, zoals 2026-03-12 (voor de beschikbaarheid van gastheren)."
        " Standaard: vandaag.",
        "Date of the safari, like 2026-03-12 (for the hosts' availability). Default: today.",
    ),
    "cli.opt.step_free": (
        "Route zonder trappen en hoge stoepranden (rolstoel, kinderwagen); loopsnelheid 3 km/u.",
        "Route without steps and raised kerbs (wheelchair, pram); walking speed 3 km/h.",
    ),
    "cli.opt.groups": ("Aantal groepen dat tegelijk loopt.", "Number of groups walking at once."),
    "cli.opt.mode": (
        "rotatie: elke groep bezoekt elke stop; verdeeld: de stops worden over de groepen"
        " verdeeld.",
        "rotatie: every group visits every stop; verdeeld: the stops are divided among the groups.",
    ),
    "cli.arg.source": (
        "Bestand met de stops (CSV uit Excel, GeoJSON) of een safari-bestand (.toml) met"
        " datum, tijden, groepen en stops.",
        "File with the stops (CSV from Excel, GeoJSON) or an event file (.toml) with date,"
        " times, groups and stops.",
    ),
    "cli.bad_date": (
        "De datum '{value}' is niet te lezen. Schrijf bijvoorbeeld 2026-03-12.",
        "The date '{value}' cannot be read. Write for example 2026-03-12.",
    ),
    "cli.bad_groups": (
        "{value} groepen kan niet bij --groups. Kies een heel getal van 1 tot 50, zoals 3.",
        "{value} groups is not possible for --groups. Choose a whole number from 1 to 50, like 3.",
    ),
    "cli.bad_mode": (
        "'{value}' kent safari niet bij --mode. Kies rotatie of verdeeld.",
        "safari does not know '{value}' for --mode. Choose rotatie or verdeeld.",
    ),
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
        "De voorbeeldbestanden ontbreken in {folder}: safari is niet helemaal geïnstalleerd."
        " Installeer safari opnieuw (pip install --force-reinstall safari), of geef zelf een"
        " bestand met stops aan 'safari plan'.",
        "The example files are missing from {folder}: safari is not fully installed."
        " Reinstall safari (pip install --force-reinstall safari), or give your own stops"
        " file to 'safari plan'.",
    ),
    "cli.status.network": ("Wandelnetwerk laden...", "Loading the walking network..."),
    "cli.status.routes": ("Looproutes berekenen...", "Computing walking routes..."),
    "cli.status.plan": ("Plan maken...", "Making the plan..."),
    "cli.map_written": ("Geschreven: {path}", "Written: {path}"),
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
        "{where}: er staat alleen een adres, en adressen opzoeken staat uit. "
        "Zoek het adres op een kaart op (bijvoorbeeld openstreetmap.org) en vul lat en lon in.",
        "{where}: there is only an address, and looking up addresses is off. "
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
    # --- stops: more formats, limits, addresses (issue 5; safari/stops.py, geocode.py) ---
    "stops.file_too_big": (
        "Het bestand is {size} MB. Zo groot is een stopsbestand nooit: safari leest bestanden"
        " tot {limit} MB. Kijk of u het goede bestand hebt, of maak het kleiner.",
        "The file is {size} MB. A stops file is never that large: safari reads files up to"
        " {limit} MB. Check that this is the right file, or make it smaller.",
    ),
    "stops.empty_file": (
        "Het bestand is leeg: er staat niets in. Kijk of u het goede bestand hebt, of sla het"
        " opnieuw op.",
        "The file is empty: there is nothing in it. Check that this is the right file, or save"
        " it again.",
    ),
    "stops.rd_in_latlon": (
        "{where}: {lat} en {lon} zijn geen graden maar lijken RD-coördinaten. Zet ze in"
        " kolommen met de namen x en y.",
        "{where}: {lat} and {lon} are not degrees but look like RD coordinates. Put them in"
        " columns named x and y.",
    ),
    "stops.too_many_rows": (
        "Het bestand heeft meer dan {limit} rijen. Zoveel plekken heeft een safari nooit."
        " Kijk of u het goede bestand hebt, of verdeel de plekken over kleinere bestanden.",
        "The file has more than {limit} rows. A safari never has that many stops."
        " Check that this is the right file, or split the stops over smaller files.",
    ),
    "stops.too_deep": (
        "Het bestand is geen GeoJSON met plekken: er zitten te veel haakjes in elkaar.",
        "The file is not GeoJSON with stops: too many brackets are nested.",
    ),
    "stops.cell_too_long": (
        "{where}: deze cel heeft {length} tekens. safari neemt ten hoogste {limit} tekens"
        " per cel. Maak de tekst korter.",
        "{where}: this cell has {length} characters. safari takes at most {limit}"
        " characters per cell. Make the text shorter.",
    ),
    "stops.xlsx_not_excel": (
        "Het bestand is geen Excel-werkmap (.xlsx), of het is kapot. Open het in Excel en"
        " kies 'Opslaan als' en dan 'Excel-werkmap (*.xlsx)'.",
        "The file is not an Excel workbook (.xlsx), or it is damaged. Open it in Excel and"
        " choose 'Save as' and then 'Excel Workbook (*.xlsx)'.",
    ),
    "stops.xlsx_too_big": (
        "De Excel-werkmap wordt uitgepakt {size} MB groot. Zo groot is een stopsbestand"
        " nooit. Sla alleen het blad met de plekken op in een nieuwe werkmap.",
        "Unpacked, the Excel workbook is {size} MB. A stops file is never that large."
        " Save only the sheet with the stops in a new workbook.",
    ),
    "stops.xlsx_broken": (
        "De Excel-werkmap kan niet worden gelezen ({reason}). Open het bestand in Excel,"
        " kies 'Opslaan als' en sla het opnieuw op als 'Excel-werkmap (*.xlsx)'.",
        "The Excel workbook cannot be read ({reason}). Open it in Excel, choose"
        " 'Save as' and save it again as 'Excel Workbook (*.xlsx)'.",
    ),
    "stops.xml_entities": (
        "Het bestand bevat XML-entiteiten (<!ENTITY ...>) of verwijzingen naar andere"
        " bestanden. Die leest safari niet, omdat ze misbruikt kunnen worden. Exporteer het"
        " bestand opnieuw uit Google My Maps, uMap of Excel.",
        "The file contains XML entities (<!ENTITY ...>) or references to other files."
        " safari does not read those, because they can be abused. Export the file again"
        " from Google My Maps, uMap or Excel.",
    ),
    "stops.kml_syntax": (
        "Het bestand is geen geldige KML: er zit een fout op regel {line}, teken {column}."
        " Exporteer het bestand opnieuw uit Google My Maps of uMap.",
        "The file is not valid KML: there is an error on line {line}, character {column}."
        " Export the file again from Google My Maps or uMap.",
    ),
    "stops.kml_structure": (
        "Het bestand is geen KML-kaart. Exporteer de kaart in Google My Maps of uMap als KML.",
        "The file is not a KML map. Export the map from Google My Maps or uMap as KML.",
    ),
    "stops.kml_bad_point": (
        "{where}: het punt heeft geen goede coördinaten. In KML staat lon eerst:"
        " <coordinates>5.1032,52.0801</coordinates>.",
        "{where}: the point has no valid coordinates. In KML lon comes first:"
        " <coordinates>5.1032,52.0801</coordinates>.",
    ),
    "stops.gpkg_not_geopackage": (
        "Het bestand is geen GeoPackage, of het is kapot. Sla de laag in QGIS op als"
        " GeoPackage (Exporteren, Objecten opslaan als).",
        "The file is not a GeoPackage, or it is damaged. Save the layer in QGIS as a"
        " GeoPackage (Export, Save Features As).",
    ),
    "stops.gpkg_no_points": (
        "Het GeoPackage heeft geen laag met punten. Gevonden lagen: {layers}."
        " Maak in QGIS een puntenlaag met één punt per plek.",
        "The GeoPackage has no layer with points. Layers found: {layers}."
        " Make a point layer in QGIS with one point per stop.",
    ),
    "stops.gpkg_broken": (
        "De laag '{layer}' in het GeoPackage kan niet worden gelezen. Sla de laag in QGIS"
        " opnieuw op als GeoPackage.",
        "The layer '{layer}' in the GeoPackage cannot be read. Save the layer again in QGIS"
        " as a GeoPackage.",
    ),
    "stops.gpkg_crs": (
        "De laag gebruikt het coördinatenstelsel '{crs}'; dat kan safari niet omrekenen."
        " Sla de laag in QGIS op in EPSG:4326 (WGS 84) of EPSG:28992 (RD New).",
        "The layer uses the coordinate system '{crs}', which safari cannot convert."
        " Save the layer in QGIS in EPSG:4326 (WGS 84) or EPSG:28992 (RD New).",
    ),
    "stops.warn_gpkg_layer": (
        "safari leest de laag '{layer}'. Andere lagen met punten worden niet gelezen: {others}.",
        "safari reads the layer '{layer}'. Other point layers are not read: {others}.",
    ),
    "stops.bad_consent": (
        "{where}: '{value}' kent safari niet. Schrijf ja (de plek mag op de kaart) of nee.",
        "{where}: safari does not know '{value}'. Write ja (yes: the stop may be on the map)"
        " or nee (no).",
    ),
    "stops.photo_too_big": (
        "{where}: de foto is {kb} kB. safari neemt foto's tot ongeveer 200 kB."
        " Maak de foto kleiner, of zet een link naar de foto in deze cel.",
        "{where}: the photo is {kb} kB. safari takes photos up to about 200 kB."
        " Make the photo smaller, or put a link to the photo in this cell.",
    ),
    "stops.geocode_failed": (
        "De adressen in {rows} konden niet worden opgezocht: {reason} Vul lat en lon in,"
        " of probeer het later opnieuw.",
        "The addresses in {rows} could not be looked up: {reason} Fill in lat and lon,"
        " or try again later.",
    ),
    "stops.address_not_found": (
        "{where}: het adres '{value}' is niet gevonden. Schrijf straat, huisnummer en plaats,"
        " zoals 'Marco Pololaan 1, Utrecht', of vul lat en lon in.",
        "{where}: the address '{value}' was not found. Write street, house number and town,"
        " like 'Marco Pololaan 1, Utrecht', or fill in lat and lon.",
    ),
    "stops.warn_geocoded": (
        "{where}: het adres '{value}' is opgezocht als '{found}'. Klopt dat niet? Vul dan lat"
        " en lon in.",
        "{where}: the address '{value}' was found as '{found}'. If that is wrong, fill in lat"
        " and lon.",
    ),
    "geocode.unreachable": (
        "de adressendienst van PDOK is niet bereikbaar ({reason}). Is er internet?",
        "the PDOK address service cannot be reached ({reason}). Is there internet?",
    ),
    "geocode.http": (
        "de adressendienst van PDOK gaf een fout (HTTP {status}).",
        "the PDOK address service gave an error (HTTP {status}).",
    ),
    "geocode.bad_answer": (
        "de adressendienst van PDOK gaf een antwoord dat safari niet kan lezen.",
        "the PDOK address service gave an answer safari cannot read.",
    ),
    # --- catalogue (safari/catalogue.py, suggest.py, template.py, form.py) -----------------
    "catalogue.unreadable": (
        "De catalogus '{path}' kan niet worden gelezen: het is geen geldige GeoJSON."
        " safari verandert er niets aan. Zet een reservekopie terug, of kies een andere"
        " catalogus met --catalogue.",
        "The catalogue '{path}' cannot be read: it is not valid GeoJSON. safari does not"
        " change it. Restore a backup, or choose another catalogue with --catalogue.",
    ),
    "catalogue.not_a_catalogue": (
        "'{path}' is geen catalogus van safari. safari verandert er niets aan. Kies met"
        " --catalogue een ander bestand (een nieuw bestand wordt vanzelf gemaakt).",
        "'{path}' is not a safari catalogue. safari does not change it. Choose another file"
        " with --catalogue (a new file is made for you).",
    ),
    "catalogue.version": (
        "De catalogus '{path}' is gemaakt door een andere versie van safari (versie {version})."
        " Werk safari bij.",
        "The catalogue '{path}' was made by another version of safari (version {version})."
        " Update safari.",
    ),
    "catalogue.missing": (
        "De catalogus '{path}' bestaat nog niet. Voeg eerst stops toe met 'safari stops import'.",
        "The catalogue '{path}' does not exist yet. First add stops with 'safari stops import'.",
    ),
    "catalogue.nothing_imported": (
        "Er is niets toegevoegd aan de catalogus, want een bestand heeft problemen:",
        "Nothing was added to the catalogue, because a file has problems:",
    ),
    "catalogue.source_row": ("{file}, rij {row}", "{file}, row {row}"),
    "catalogue.bad_status": (
        "'{value}' is geen status. Kies: {choices}.",
        "'{value}' is not a status. Choose: {choices}.",
    ),
    "catalogue.unknown_id": (
        "Er is geen stop met id '{id}' in de catalogus. Bedoelt u: {close}?"
        " 'safari stops list' toont alle ids. Er is niets veranderd.",
        "There is no stop with id '{id}' in the catalogue. Did you mean: {close}?"
        " 'safari stops list' shows all ids. Nothing was changed.",
    ),
    "catalogue.unknown_id_plain": (
        "Er is geen stop met id '{id}' in de catalogus. 'safari stops list' toont alle ids."
        " Er is niets veranderd.",
        "There is no stop with id '{id}' in the catalogue. 'safari stops list' shows all ids."
        " Nothing was changed.",
    ),
    "catalogue.warn_no_consent": (
        "'{name}' ({id}) heeft geen toestemming voor publicatie: de plek komt alleen op het"
        " overzicht van de organisator. Heeft de plek toestemming gegeven? Gebruik dan"
        " 'safari stops approve {id} --consent'.",
        "'{name}' ({id}) has no consent for publication: it is only on the organiser's"
        " overview. Did the host agree? Then use 'safari stops approve {id} --consent'.",
    ),
    "catalogue.warn_duplicate": (
        "{id} lijkt op {others} (zelfde of bijna dezelfde naam, binnen 50 meter)."
        " Wijs de dubbele af als het dezelfde plek is.",
        "{id} looks like {others} (same or similar name, within 50 metres)."
        " Reject the duplicate if it is the same place.",
    ),
    "catalogue.warn_no_consent_column": (
        "{file} heeft geen kolom 'toestemming'. safari neemt aan dat deze plekken op de kaart"
        " mogen. Klopt dat niet? Voeg de kolom toe met ja of nee per plek.",
        "{file} has no column 'toestemming' (consent). safari assumes these stops may be on"
        " the map. If not, add the column with ja (yes) or nee (no) per stop.",
    ),
    "catalogue.export_suffix": (
        "safari kan niet exporteren naar '{path}' ('{suffix}'). Kies een naam die eindigt op"
        " .csv, .xlsx of .geojson.",
        "safari cannot export to '{path}' ('{suffix}'). Choose a name ending in"
        " .csv, .xlsx or .geojson.",
    ),
    "catalogue.export_over_catalogue": (
        "'{path}' is de catalogus zelf. Kies een andere naam voor de export.",
        "'{path}' is the catalogue itself. Choose another name for the export.",
    ),
    "suggest.needs_osm_file": (
        "In {file} staan alleen straten, geen gebouwen of organisaties. Geef een"
        " OpenStreetMap-bestand (.osm, .osm.pbf, .osm.gz of .osm.bz2) van de wijk.",
        "{file} holds only streets, no buildings or organisations. Give an OpenStreetMap file"
        " (.osm, .osm.pbf, .osm.gz or .osm.bz2) of the neighbourhood.",
    ),
    "suggest.not_found": (
        "Het bestand {file} bestaat niet. Controleer de naam en de map van het bestand.",
        "The file {file} does not exist. Check the name and the folder of the file.",
    ),
    "suggest.unreadable": (
        "safari kan het bestand {file} niet lezen. Misschien is het kapot of geen"
        " OSM-bestand. (Technische melding: {detail})",
        "safari cannot read the file {file}. It may be damaged or not an OSM file."
        " (Technical message: {detail})",
    ),
    "suggest.source": ("OpenStreetMap ({file})", "OpenStreetMap ({file})"),
    "form.no_streets": (
        "In {file} staan geen straten om op de kaart te tekenen. Kies het kaartbestand van de"
        " wijk.",
        "{file} holds no streets to draw on the map. Choose the map file of the neighbourhood.",
    ),
    # cli (issue 5)
    "cli.template.help": (
        "Schrijf het lege stopsbestand voor groepen: stops-sjabloon.xlsx en stops-sjabloon.csv.",
        "Write the empty stops file for groups: stops-sjabloon.xlsx and stops-sjabloon.csv.",
    ),
    "cli.form.help": (
        "Schrijf het aanmeldformulier: één HTML-pagina waarmee een groep op de telefoon een"
        " stop aanmeldt (werkt ook zonder internet).",
        "Write the submission form: one HTML page with which a group submits a stop on a"
        " phone (also works offline).",
    ),
    "cli.stops.help": (
        "Stops van bewoners: toevoegen, bekijken, goedkeuren, afwijzen, voorstellen, exporteren.",
        "Community stops: import, list, approve, reject, suggest, export.",
    ),
    "cli.stops.import.help": (
        "Voeg stops uit bestanden toe aan de catalogus, als 'ingediend'. De bestanden blijven"
        " ongewijzigd.",
        "Add stops from files to the catalogue, as 'ingediend' (submitted). The files are"
        " not changed.",
    ),
    "cli.stops.list.help": ("Toon de stops in de catalogus.", "Show the stops in the catalogue."),
    "cli.stops.approve.help": (
        "Keur stops goed: ze mogen mee in de safari.",
        "Approve stops: they may take part in the safari.",
    ),
    "cli.stops.reject.help": (
        "Wijs een stop af, met de reden.",
        "Reject a stop, with the reason.",
    ),
    "cli.stops.suggest.help": (
        "Zoek buurthuizen, gebedshuizen, bibliotheken en andere plekken in OpenStreetMap en"
        " zet ze in de catalogus als 'voorstel'.",
        "Find community centres, places of worship, libraries and other venues in"
        " OpenStreetMap and add them to the catalogue as 'voorstel' (suggestion).",
    ),
    "cli.stops.export.help": (
        "Exporteer de catalogus naar CSV, XLSX of GeoJSON (naar de naam van het bestand)."
        " Standaard alleen goedgekeurde stops met toestemming, zonder contactgegevens.",
        "Export the catalogue to CSV, XLSX or GeoJSON (by the file name). By default only"
        " approved stops with consent, without contact details.",
    ),
    "cli.arg.stops_files": (
        "Bestanden met stops: CSV, Excel (.xlsx), GeoJSON, KML of GeoPackage.",
        "Files with stops: CSV, Excel (.xlsx), GeoJSON, KML or GeoPackage.",
    ),
    "cli.arg.ids": ("Id's van de stops.", "Ids of the stops."),
    "cli.arg.id": ("Id van de stop.", "Id of the stop."),
    "cli.arg.export_file": (
        "Bestand om te schrijven: .csv, .xlsx of .geojson.",
        "File to write: .csv, .xlsx or .geojson.",
    ),
    "cli.opt.catalogue": (
        "De catalogus (GeoJSON) met alle stops en hun status.",
        "The catalogue (GeoJSON) with all stops and their status.",
    ),
    "cli.opt.by": (
        "Uw naam, voor de geschiedenis. Standaard: uw gebruikersnaam.",
        "Your name, for the history. Default: your user name.",
    ),
    "cli.opt.keep_status": (
        "Neem status, toestemming en geschiedenis over uit het bestand (voor een eigen export"
        " van de catalogus).",
        "Keep status, consent and history from the file (for your own export of the catalogue).",
    ),
    "cli.opt.status": (
        "Toon alleen stops met deze status: voorstel, ingediend, goedgekeurd of afgewezen.",
        "Show only stops with this status: voorstel, ingediend, goedgekeurd or afgewezen.",
    ),
    "cli.opt.consent": (
        "De plek heeft toestemming gegeven om op de kaart te komen.",
        "The host agreed to be on the map.",
    ),
    "cli.opt.reason": ("Waarom de stop is afgewezen.", "Why the stop is rejected."),
    "cli.opt.internal": (
        "Alle stops en alle kolommen, ook contactgegevens en geschiedenis. Alleen voor de"
        " organisator: deel dit bestand niet.",
        "All stops and all columns, including contact details and history. For organisers"
        " only: do not share this file.",
    ),
    "cli.opt.output_folder": ("Map voor de bestanden.", "Folder for the files."),
    "cli.opt.form_network": (
        "Kaartbestand met de straten van de wijk (.osm, .osm.pbf, .graphml): die straten"
        " komen op de kaart van het formulier.",
        "Map file with the streets of the neighbourhood (.osm, .osm.pbf, .graphml): these"
        " streets are drawn on the form's map.",
    ),
    "cli.opt.suggest_network": (
        "OpenStreetMap-bestand van de wijk (.osm, .osm.pbf, .osm.gz, .osm.bz2).",
        "OpenStreetMap file of the neighbourhood (.osm, .osm.pbf, .osm.gz, .osm.bz2).",
    ),
    "cli.written": ("Geschreven: {path}", "Written: {path}"),
    "cli.stops.added": (
        "{count} stop(s) toegevoegd aan {catalogue}: {ids}",
        "{count} stop(s) added to {catalogue}: {ids}",
    ),
    "cli.stops.unchanged": (
        "{count} stop(s) stonden er al in, onveranderd: {ids}",
        "{count} stop(s) were already there, unchanged: {ids}",
    ),
    "cli.stops.duplicate": (
        "Mogelijk dubbel: {id} lijkt op {others}. Niets is samengevoegd; kijk zelf en wijs"
        " zo nodig één af.",
        "Possible duplicate: {id} looks like {others}. Nothing was merged; check and reject"
        " one if needed.",
    ),
    "cli.stops.status_set": (
        "{count} stop(s) {status}: {ids}",
        "{count} stop(s) {status}: {ids}",
    ),
    "cli.stops.exported": (
        "{count} stop(s) geëxporteerd naar {path}",
        "{count} stop(s) exported to {path}",
    ),
    "cli.stops.internal_note": (
        "Dit bestand bevat contactgegevens: alleen voor de organisator, deel het niet.",
        "This file holds contact details: for organisers only, do not share it.",
    ),
    "cli.stops.empty": ("Geen stops gevonden.", "No stops found."),
    "cli.stops.col.status": ("Status", "Status"),
    "cli.stops.col.consent": ("Toestemming", "Consent"),
    "cli.stops.col.duplicate": ("Mogelijk dubbel", "Possible duplicate"),
    "cli.stops.col.by": ("Ingediend door", "Submitted by"),
    "cli.stops.col.kind": ("Soort", "Kind"),
    # --- template (safari/template.py) ------------------------------------------------
    "template.example.name": (
        "Buurtkeuken De Pan (voorbeeld: vervang of wis deze rij)",
        "Buurtkeuken De Pan (example: replace or delete this row)",
    ),
    "template.example.story": (
        "Elke dinsdag koken buren uit tien landen samen. Bezoekers proeven mee en horen"
        " waarom de keuken voor veel mensen de eerste plek in de wijk was.",
        "Every Tuesday neighbours from ten countries cook together. Visitors taste and"
        " hear why the kitchen was the first place in the area for many people.",
    ),
    "template.example.story_en": (
        "Every Tuesday neighbours from ten countries cook together.",
        "Every Tuesday neighbours from ten countries cook together.",
    ),
    "template.example.hours": ("di 16:00-18:00; za 10:00-12:00", "Tu 16:00-18:00; Sa 10:00-12:00"),
    "template.example.group": ("Stichting De Pan", "Stichting De Pan"),
    "template.private_note": (
        "Alleen voor de organisator: komt nooit op de kaart.",
        "For the organiser only: never on the map.",
    ),
    "template.list_error_title": ("Kies uit de lijst", "Choose from the list"),
    "template.list_error": ("Kies een van deze: {choices}.", "Choose one of these: {choices}."),
    "template.guide_sheet": ("Uitleg", "Explanation"),
    "template.columns_title": ("Wat zet u in elke kolom?", "What goes in each column?"),
    "template.instructions": (
        "Zo meldt u plekken aan voor de wijksafari\n"
        "\n"
        "1. Ga naar het blad 'Stops'. Elke rij is één plek.\n"
        "2. Rij 2 is een voorbeeld. Schrijf daaroverheen, of wis die rij.\n"
        "3. Vul minstens de naam in, en het adres (of lat en lon).\n"
        "4. Kies bij soort, rolstoel en toestemming uit de lijst.\n"
        "5. De oranje kolommen zijn alleen voor de organisator. Die komen nooit op de kaart.\n"
        "6. Zet 'ja' bij toestemming als de plek op de kaart mag. Zonder 'ja' komt de plek"
        " alleen op het overzicht van de organisator.\n"
        "7. Sla het bestand op en stuur het naar de organisator.\n"
        "\n"
        "Vragen? Vraag het de organisator van de safari.",
        "How to add places to the neighbourhood safari\n"
        "\n"
        "1. Go to the sheet 'Stops'. Each row is one place.\n"
        "2. Row 2 is an example. Write over it, or delete that row.\n"
        "3. Fill in at least the name, and the address (or lat and lon).\n"
        "4. For soort, rolstoel and toestemming, choose from the list.\n"
        "5. The orange columns are for the organiser only. They are never on the map.\n"
        "6. Put 'ja' in toestemming if the place may be on the map. Without 'ja' the place is"
        " only on the organiser's overview.\n"
        "7. Save the file and send it to the organiser.\n"
        "\n"
        "Questions? Ask the organiser of the safari.",
    ),
    "template.col.naam": ("Naam van de plek of organisatie (verplicht).", "Name (required)."),
    "template.col.soort": (
        "Soort plek: kies uit de lijst.",
        "Kind of place: choose from the list.",
    ),
    "template.col.adres": (
        "Straat, huisnummer en plaats. safari zoekt de plek op de kaart op.",
        "Street, number and town. safari finds the place on the map.",
    ),
    "template.col.lat": (
        "Mag leeg als het adres er staat. Breedtegraad, zoals 52,0743.",
        "May be empty if the address is there. Latitude, like 52.0743.",
    ),
    "template.col.lon": (
        "Mag leeg als het adres er staat. Lengtegraad, zoals 5,0896.",
        "May be empty if the address is there. Longitude, like 5.0896.",
    ),
    "template.col.verhaal": (
        "Het verhaal: wat moeten bezoekers horen? Kort en eenvoudig.",
        "The story: what should visitors hear? Short and simple.",
    ),
    "template.col.verhaal_en": (
        "Het verhaal in het Engels (mag leeg). Andere talen: maak een kolom verhaal_ar,"
        " verhaal_tr, enzovoort.",
        "The story in English (may be empty). Other languages: add a column verhaal_ar,"
        " verhaal_tr, and so on.",
    ),
    "template.col.beschikbaar": (
        "Wanneer kunt u een groep ontvangen? Bijvoorbeeld: di 16:00-18:00.",
        "When can you receive a group? For example: Tu 16:00-18:00.",
    ),
    "template.col.bezoekduur": (
        "Hoeveel minuten duurt een bezoek?",
        "How many minutes is a visit?",
    ),
    "template.col.capaciteit": (
        "Hoeveel bezoekers passen er tegelijk?",
        "How many visitors fit at once?",
    ),
    "template.col.rolstoel": (
        "Kan iemand in een rolstoel binnenkomen? ja, beperkt of nee.",
        "Can someone in a wheelchair get in? ja (yes), beperkt (limited) or nee (no).",
    ),
    "template.col.foto": (
        "Link naar een foto (https://...), mag leeg.",
        "Link to a photo (https://...), may be empty.",
    ),
    "template.col.website": ("Uw website (mag leeg).", "Your website (may be empty)."),
    "template.col.toestemming": (
        "ja: de naam, het verhaal en de foto mogen op de kaart. nee: alleen de organisator"
        " ziet de plek.",
        "ja (yes): the name, story and photo may be on the map. nee (no): only the organiser"
        " sees the place.",
    ),
    "template.col.contactpersoon": ("Wie is de contactpersoon?", "Who is the contact person?"),
    "template.col.telefoon": ("Telefoonnummer van de contactpersoon.", "Contact phone number."),
    "template.col.email": ("E-mail van de contactpersoon.", "Contact e-mail."),
    "template.col.ingediend_door": (
        "Naam van uw groep of organisatie.",
        "Name of your group or organisation.",
    ),
    # --- form (safari/form.py, templates/form.html) -----------------------------------
    "form.title": ("Meld uw plek aan voor de wijksafari", "Add your place to the safari"),
    "form.intro": (
        "Vul dit formulier in. Het werkt ook zonder internet. Tik op 'Opslaan': u krijgt een"
        " bestand. Stuur dat bestand naar de organisator, bijvoorbeeld met WhatsApp of e-mail.",
        "Fill in this form. It also works without internet. Tap 'Save': you get a file."
        " Send that file to the organiser, for example by WhatsApp or e-mail.",
    ),
    "form.where": ("1. Waar is uw plek?", "1. Where is your place?"),
    "form.where_hint": (
        "Tik op de kaart op de ingang van uw plek. Schuif met uw vinger om de kaart te bewegen.",
        "Tap the map at the entrance of your place. Drag with your finger to move the map.",
    ),
    "form.map_label": (
        "Kaart van de wijk: tik om de plek te kiezen",
        "Map of the area: tap to choose the place",
    ),
    "form.zoom_in": ("Inzoomen", "Zoom in"),
    "form.zoom_out": ("Uitzoomen", "Zoom out"),
    "form.locate": ("Gebruik mijn plaats", "Use my location"),
    "form.no_place": ("Nog geen plek gekozen.", "No place chosen yet."),
    "form.place_chosen": ("Plek gekozen: {lat}, {lon}", "Place chosen: {lat}, {lon}"),
    "form.locate_failed": (
        "Uw plaats is niet gevonden. Tik zelf op de kaart.",
        "Your location was not found. Tap the map yourself.",
    ),
    "form.about": ("2. Over uw plek", "2. About your place"),
    "form.name": ("Naam van de plek of organisatie", "Name of the place or organisation"),
    "form.kind": ("Soort plek", "Kind of place"),
    "form.kind_none": ("Kies...", "Choose..."),
    "form.story": (
        "Uw verhaal: wat moeten bezoekers horen?",
        "Your story: what should visitors hear?",
    ),
    "form.story_hint": (
        "Schrijf kort en eenvoudig. Een lege regel begint een nieuwe alinea.",
        "Write short and simple. An empty line starts a new paragraph.",
    ),
    "form.language": ("Het verhaal in een andere taal", "The story in another language"),
    "form.language_choose": ("Taal", "Language"),
    "form.add_language": ("Nog een taal", "Another language"),
    "form.hours": ("Wanneer kunt u een groep ontvangen?", "When can you receive a group?"),
    "form.hours_hint": (
        "Bijvoorbeeld: di 16:00-18:00; za 10:00-12:00",
        "For example: Tu 16:00-18:00",
    ),
    "form.minutes": ("Hoeveel minuten duurt een bezoek?", "How many minutes is a visit?"),
    "form.capacity": ("Hoeveel bezoekers passen er tegelijk?", "How many visitors fit at once?"),
    "form.wheelchair": ("Kan iemand in een rolstoel binnenkomen?", "Can a wheelchair user get in?"),
    "form.wheelchair_unknown": ("Weet ik niet", "Don't know"),
    "form.yes": ("Ja", "Yes"),
    "form.limited": ("Beperkt", "Limited"),
    "form.no": ("Nee", "No"),
    "form.photo": ("Foto (mag leeg blijven)", "Photo (may be left empty)"),
    "form.photo_hint": (
        "De foto wordt op uw telefoon kleiner gemaakt (hoogstens 200 kB).",
        "The photo is made smaller on your phone (at most 200 kB).",
    ),
    "form.photo_done": ("Foto klaar: {kb} kB.", "Photo ready: {kb} kB."),
    "form.photo_failed": (
        "Deze foto kan niet worden gelezen. Kies een andere foto.",
        "This photo cannot be read. Choose another photo.",
    ),
    "form.private": ("3. Alleen voor de organisator", "3. For the organiser only"),
    "form.private_hint": (
        "Deze gegevens komen nooit op de kaart. De organisator gebruikt ze om u te bellen of te"
        " mailen.",
        "These details never appear on the map. The organiser uses them to call or e-mail you.",
    ),
    "form.contact": ("Contactpersoon", "Contact person"),
    "form.phone": ("Telefoon", "Phone"),
    "form.email": ("E-mail", "E-mail"),
    "form.group": ("Naam van uw groep of organisatie", "Name of your group or organisation"),
    "form.only_organiser": ("alleen voor de organisator", "for the organiser only"),
    "form.consent_title": ("4. Toestemming", "4. Consent"),
    "form.consent": (
        "Wij geven toestemming om de naam, het verhaal en de foto van deze plek op de kaart van"
        " de wijksafari te zetten.",
        "We agree that the name, story and photo of this place are shown on the safari map.",
    ),
    "form.consent_hint": (
        "Zonder toestemming ziet alleen de organisator uw plek.",
        "Without consent only the organiser sees your place.",
    ),
    "form.save": ("Opslaan", "Save"),
    "form.need_name": ("Vul de naam van de plek in.", "Fill in the name of the place."),
    "form.need_place": (
        "Kies de plek: tik op de kaart.",
        "Choose the place: tap the map.",
    ),
    "form.saved": (
        "Opgeslagen als {file}. Stuur dit bestand naar de organisator.",
        "Saved as {file}. Send this file to the organiser.",
    ),
    "form.attribution": (
        "Straten: © OpenStreetMap-bijdragers (ODbL).",
        "Streets: © OpenStreetMap contributors (ODbL).",
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
    # --- event file (safari/config.py) -------------------------------------------------
    "event.not_found": (
        "Het bestand '{file}' bestaat niet. Controleer de naam en de map.",
        "The file '{file}' does not exist. Check the name and the folder.",
    ),
    "event.not_text": (
        "Het bestand '{file}' is geen tekstbestand. Sla het op als tekst (UTF-8).",
        "The file '{file}' is not a text file. Save it as text (UTF-8).",
    ),
    "event.syntax": (
        "Het bestand '{file}' is geen geldig TOML-bestand: {detail}. Zet tekst tussen"
        ' aanhalingstekens, zoals naam = "Wijksafari", en schrijf elke instelling op een'
        " eigen regel.",
        "The file '{file}' is not valid TOML: {detail}. Put text in quotes, like"
        ' name = "Safari", and write each setting on its own line.',
    ),
    "event.problems": (
        "Het bestand '{file}' heeft {count} probleem/problemen. Pas het aan en probeer het"
        " opnieuw.",
        "The file '{file}' has {count} problem(s). Fix it and try again.",
    ),
    "event.unknown_key": (
        "'{key}' kent safari niet. {hint}",
        "safari does not know '{key}'. {hint}",
    ),
    "event.did_you_mean": ("Bedoelt u '{key}'?", "Did you mean '{key}'?"),
    "event.known_keys": (
        "Bekende instellingen: naam, datum, start, einde, vertrek, aankomst, stops, netwerk,"
        " tempo_kmh, bezoekduur, wisseltijd, groepen, verdeling, tussentijd, toegankelijk.",
        "Known settings: naam, datum, start, einde, vertrek, aankomst, stops, netwerk,"
        " tempo_kmh, bezoekduur, wisseltijd, groepen, verdeling, tussentijd, toegankelijk.",
    ),
    "event.twice": (
        "'{key}' en '{other}' betekenen hetzelfde. Laat er één staan.",
        "'{key}' and '{other}' mean the same. Keep one.",
    ),
    "event.missing_stops": (
        "'stops' ontbreekt: schrijf welk bestand de stops heeft, zoals stops = \"stops.csv\".",
        "'stops' is missing: say which file holds the stops, like stops = \"stops.csv\".",
    ),
    "event.end_before_start": (
        "'einde' ({end}) ligt niet na 'start' ({start}). Kies een eindtijd na de begintijd.",
        "'einde' ({end}) is not after 'start' ({start}). Choose an end after the start.",
    ),
    "event.bad_value": (
        "'{key}' = {value} kan niet: {fix}",
        "'{key}' = {value} is not possible: {fix}",
    ),
    "event.missing_file": (
        "'{key}' = '{value}': dat bestand is er niet (gezocht in {folder}). Controleer de naam;"
        " een pad wordt gelezen vanaf de map van dit bestand.",
        "'{key}' = '{value}': that file does not exist (looked in {folder}). Check the name;"
        " a path is read from this file's folder.",
    ),
    "event.fix.text": ("schrijf tekst tussen aanhalingstekens.", "write text in quotes."),
    "event.fix.date": (
        "schrijf een datum, zoals 2026-03-12.",
        "write a date, like 2026-03-12.",
    ),
    "event.fix.clock": ('schrijf een tijd, zoals "14:00".', 'write a time, like "14:00".'),
    "event.fix.place": (
        'schrijf het id van een stop, zoals "buurthuis-de-brug", of "52.0801, 5.1032".',
        'write a stop id, like "buurthuis-de-brug", or "52.0801, 5.1032".',
    ),
    "event.fix.bool": ("schrijf true of false.", "write true or false."),
    "event.fix.path": (
        'schrijf een bestandsnaam, zoals "stops.csv".',
        'write a file name, like "stops.csv".',
    ),
    "event.fix.network": (
        "schrijf een kaartbestand (.osm.pbf, .graphml) of een plaatsnaam, zoals"
        ' "Kanaleneiland, Utrecht".',
        'write a map file (.osm.pbf, .graphml) or a place name, like "Kanaleneiland, Utrecht".',
    ),
    "event.fix.positive": ("kies een getal boven 0, zoals 4.", "choose a number above 0, like 4."),
    "event.fix.minutes": (
        "kies 0 of meer minuten, zoals 20.",
        "choose 0 or more minutes, like 20.",
    ),
    "event.fix.count": (
        "kies een heel getal van 1 tot 50, zoals 3.",
        "choose a whole number from 1 to 50, like 3.",
    ),
    "event.fix.mode": (
        'kies "rotatie" (elke groep bezoekt elke stop) of "verdeeld" (de stops worden verdeeld).',
        'choose "rotatie" (every group visits every stop) or "verdeeld" (the stops are divided).',
    ),
    # --- why no plan exists (safari/feasibility.py) -------------------------------------
    "time.minutes": ("{minutes} min", "{minutes} min"),
    "time.hours_minutes": ("{hours} uur {minutes} min", "{hours} h {minutes} min"),
    "time.and": (" en ", " and "),
    "explain.never": (
        "{stop} ontvangt op {day} geen groepen.",
        "{stop} receives no groups on {day}.",
    ),
    "explain.not_in_time": (
        "{stop} ontvangt alleen {windows}; de safari begint om {start}{end} en de vroegst"
        " mogelijke aankomst is {earliest}. Een bezoek duurt {visit} minuten.",
        "{stop} receives groups only {windows}; the safari starts at {start}{end} and the"
        " earliest possible arrival is {earliest}. A visit takes {visit} minutes.",
    ),
    "explain.start_closed": (
        "De safari begint om {start} bij {stop}, maar {stop} ontvangt alleen {windows}.",
        "The safari starts at {start} at {stop}, but {stop} receives groups only {windows}.",
    ),
    "explain.no_hours": ("op {day} niet", "not on {day}"),
    "explain.fix.start": (
        "Kies een begintijd waarop {stop} open is, of een andere plek om te beginnen.",
        "Choose a start time when {stop} is open, or another place to start.",
    ),
    "explain.end_at": (" en eindigt om {end}", " and ends at {end}"),
    "explain.rotation_full": (
        "{stop} kan in de beschikbare tijd maar {fits} van de {groups} groepen ontvangen"
        " (elk bezoek {visit} min, daarna {changeover} min wisseltijd).",
        "{stop} can receive only {fits} of the {groups} groups in the available time"
        " (each visit {visit} min, then {changeover} min changeover).",
    ),
    "explain.budget": (
        "De moet-stops kosten samen minstens {need} ({walk} lopen, {visit} bezoek). Van"
        " {start} tot {end} is maar {budget}.",
        "The must-stops take at least {need} together ({walk} walking, {visit} visits)."
        " From {start} to {end} is only {budget}.",
    ),
    "explain.header": (
        "Er is geen plan dat aan alle wensen voldoet.",
        "No plan meets all wishes.",
    ),
    "explain.why": ("Waarom:", "Why:"),
    "explain.no_single_cause": (
        "De tijden van de gastheren, de looptijden, de groepen en de eindtijd passen samen"
        " niet; geen enkele wens alleen is de oorzaak.",
        "The hosts' hours, the walking times, the groups and the end time do not fit"
        " together; no single wish alone is the cause.",
    ),
    "explain.try": ("Wat kan helpen:", "What may help:"),
    "explain.fix.other_day": (
        "Kies een andere dag, of maak {stop} optioneel (prioriteit = optioneel).",
        "Choose another day, or make {stop} optional (prioriteit = optioneel).",
    ),
    "explain.fix.hours": (
        "Vraag {stop} om een ander tijdstip, begin de safari eerder of eindig later.",
        "Ask {stop} for another time, start the safari earlier or end it later.",
    ),
    "explain.fix.later_end": ("Eindig later: om {end} lukt het.", "End later: at {end} it works."),
    "explain.fix.fewer_must": (
        "Maak minder stops 'moet' (prioriteit = normaal of optioneel).",
        "Make fewer stops 'moet' (prioriteit = normaal or optioneel).",
    ),
    "explain.fix.fewer_groups": (
        "Werk met {groups} groep(en): dan lukt het.",
        "Work with {groups} group(s): then it works.",
    ),
    "explain.fix.fewer_groups_maybe": (
        'Werk met hoogstens {groups} groep(en); of kies verdeling = "verdeeld".',
        'Work with at most {groups} group(s); or choose verdeling = "verdeeld".',
    ),
    "explain.fix.split": (
        'Kies verdeling = "verdeeld": elke groep bezoekt dan een deel van de stops.',
        'Choose verdeling = "verdeeld": each group then visits part of the stops.',
    ),
    "explain.fix.hosts": (
        "Zonder de tijden van deze gastheren lukt het wel: {stops}. Vraag of zij op een"
        " ander moment kunnen.",
        "Without the hours of these hosts it works: {stops}. Ask whether they can at another time.",
    ),
    "explain.fix.fewer_stops": (
        "Laat stops weg of maak ze optioneel (prioriteit = optioneel).",
        "Leave stops out or make them optional (prioriteit = optioneel).",
    ),
    "plan.too_few_stops": (
        'Met verdeling = "verdeeld" krijgt elke groep eigen stops, maar er zijn {stops}'
        ' stops voor {groups} groepen. Kies minder groepen of verdeling = "rotatie".',
        'With verdeling = "verdeeld" each group gets its own stops, but there are {stops}'
        ' stops for {groups} groups. Choose fewer groups or verdeling = "rotatie".',
    ),
    "explain.timeout": (
        "safari vond binnen de rekentijd geen plan, maar kon ook niet aantonen dat er geen"
        " is. Probeer het met minder stops of groepen, of maak stops optioneel.",
        "safari found no plan within its time, but could not prove that none exists. Try"
        " fewer stops or groups, or make stops optional.",
    ),
    "plan.dropped": ("Niet gepland: {stop}. {reason}", "Not planned: {stop}. {reason}"),
    "plan.dropped_no_room": (
        "Past niet in de tijd en de beschikbaarheid (prioriteit: {tier}).",
        "Does not fit in the time and availability (priority: {tier}).",
    ),
    "plan.bad_hours": (
        "{where}, kolom 'beschikbaar': '{value}' is niet te lezen. Schrijf bijvoorbeeld"
        " 'ma-vr 9-17', 'di en do 16-18' of 'Mo-Fr 09:00-17:00'.",
        "{where}, column 'beschikbaar': '{value}' cannot be read. Write for example"
        " 'ma-vr 9-17', 'di en do 16-18' or 'Mo-Fr 09:00-17:00'.",
    ),
    "plan.bad_priority": (
        "{where}, kolom 'prioriteit': '{value}' kent safari niet. Kies moet, normaal of optioneel.",
        "{where}, column 'prioriteit': '{value}' is unknown. Choose moet, normaal or optioneel.",
    ),
    "plan.stop_problems": (
        "Het bestand '{file}' heeft {count} probleem/problemen voor de planning:",
        "The file '{file}' has {count} problem(s) for planning:",
    ),
    "plan.row": ("Rij {row}", "Row {row}"),
    "plan.no_wheelchair": (
        "{stop} is niet toegankelijk met een rolstoel (rolstoel = nee).",
        "{stop} is not wheelchair accessible (rolstoel = nee).",
    ),
    "plan.not_optimal": (
        "De rekentijd was op: dit plan is goed, maar misschien niet het allerbeste.",
        "Time ran out: this plan is good, but maybe not the very best.",
    ),
    # --- plan (safari/tour.py) --------------------------------------------------------
    "plan.group_name": ("Groep {number}", "Group {number}"),
    "plan.meeting_start": ("Vertrekpunt", "Starting point"),
    "plan.meeting_end": ("Eindpunt", "End point"),
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
        "Kies --end of --open-end, niet allebei: met --open-end eindigt de route bij de"
        " laatste stop.",
        "Choose --end or --open-end, not both: with --open-end the route ends at the last stop.",
    ),
    "plan.unknown_stop": (
        "Er is geen stop met id '{value}' (bij {option}). Kies een van deze ids: {ids}.",
        "There is no stop with id '{value}' (for {option}). Choose one of these ids: {ids}.",
    ),
    # --- map (safari/render.py) -------------------------------------------------------
    "map.private_stop": (
        "Besloten bezoek (de begeleider vertelt meer)",
        "Private visit (your guide tells you more)",
    ),
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
    "map.locate": ("Waar ben ik?", "Where am I?"),
    "map.you_are_here": (
        "U bent hier (op ongeveer {meters} m nauwkeurig).",
        "You are here (to about {meters} m).",
    ),
    "map.locate_error": (
        "Uw plaats is niet gevonden. Staat locatie aan op uw telefoon?",
        "Your position was not found. Is location turned on on your phone?",
    ),
    "map.zoom_in": ("Inzoomen", "Zoom in"),
    "map.zoom_out": ("Uitzoomen", "Zoom out"),
    "map.skip": ("Naar de lijst met stops", "To the list of stops"),
    "map.lang_label": ("Verhalen in:", "Stories in:"),
    "map.prev": ("Vorige", "Previous"),
    "map.next": ("Volgende stop", "Next stop"),
    "map.close": ("Sluiten", "Close"),
    "map.navigate": ("Navigeer hierheen", "Navigate here"),
    "map.photo": ("Foto bekijken", "View photo"),
    "map.photo_alt": ("Foto bij {name}", "Photo of {name}"),
    "map.audio": ("Luister naar het verhaal (geluid)", "Listen to the story (audio)"),
    "map.website": ("Website", "Website"),
    "map.wheelchair.yes": ("Toegankelijk met een rolstoel", "Wheelchair accessible"),
    "map.wheelchair.limited": (
        "Beperkt toegankelijk met een rolstoel",
        "Limited wheelchair access",
    ),
    "map.wheelchair.no": ("Niet toegankelijk met een rolstoel", "Not wheelchair accessible"),
    "map.now_before": (
        "De safari begint om {time} bij stop {number}: {name}.",
        "The safari starts at {time} at stop {number}: {name}.",
    ),
    "map.now_at": (
        "Nu: stop {number}, {name} (tot {time}).",
        "Now: stop {number}, {name} (until {time}).",
    ),
    "map.now_next": (
        "Volgende stop: {number}, {name}, om {time}.",
        "Next stop: {number}, {name}, at {time}.",
    ),
    "map.now_done": (
        "De safari is afgelopen. Bedankt voor het meelopen!",
        "The safari has ended. Thank you for walking with us!",
    ),
    "map.now_show": ("Toon stop {number}", "Show stop {number}"),
    "map.attribution_osm": (
        'Kaart en route: &copy; <a href="https://www.openstreetmap.org/copyright">'
        "OpenStreetMap</a>-bijdragers. Gemaakt met safari.",
        'Map and route: &copy; <a href="https://www.openstreetmap.org/copyright">'
        "OpenStreetMap</a> contributors. Made with safari.",
    ),
    "map.attribution_pdok": (
        'Achtergrondkaart: &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK).'
        ' Route: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
        "-bijdragers. Gemaakt met safari.",
        'Background map: &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK).'
        ' Route: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
        " contributors. Made with safari.",
    ),
    "map.unknown_basemap": (
        "De achtergrondkaart '{value}' kent safari niet. Kies {choices}.",
        "safari does not know the background map '{value}'. Choose {choices}.",
    ),
    "map.npm_missing": (
        "Voor --offline haalt safari eenmalig {spec} op met npm, maar npm is niet gevonden."
        " Installeer Node.js (met npm), of zet het bestand zelf op {file}."
        " Of maak de kaart zonder --offline.",
        "For --offline safari fetches {spec} once with npm, but npm was not found."
        " Install Node.js (with npm), or put the file at {file} yourself."
        " Or make the map without --offline.",
    ),
    "map.asset_download_failed": (
        "safari kon {spec} niet ophalen met npm ({detail}). Is er internet? Probeer het"
        " opnieuw, zet het bestand zelf op {file}, of maak de kaart zonder --offline.",
        "safari could not fetch {spec} with npm ({detail}). Is there internet? Try again,"
        " put the file at {file} yourself, or make the map without --offline.",
    ),
    "map.asset_bad_hash": (
        "Het bestand {file} van {spec} is niet het bestand dat safari verwacht (de"
        " controlesom klopt niet). safari gebruikt het niet. Verwijder het uit de cache"
        " en probeer het opnieuw.",
        "The file {file} of {spec} is not the file safari expects (the checksum differs)."
        " safari does not use it. Remove it from the cache and try again.",
    ),
    # organiser's overview
    "map.overview_title": ("Overzicht voor de organisatie", "Overview for the organisers"),
    "map.overview_intro": (
        "Alle groepen op één kaart. Zet een groep aan of uit met de knop rechtsboven op de"
        " kaart. Onder de kaart: het hele schema, per groep en per stop.",
        "All groups on one map. Turn a group on or off with the button at the top right of"
        " the map. Below the map: the whole schedule, per group and per stop.",
    ),
    "map.groups_title": ("Groepen", "Groups"),
    "map.group_summary": (
        "{count} stops, {km} km lopen, van {start} tot {end}",
        "{count} stops, {km} km walking, from {start} to {end}",
    ),
    "map.per_stop_title": ("Per stop: wanneer komt welke groep", "Per stop: when each group comes"),
    "map.warnings_title": ("Let op", "Please note"),
    "map.dropped_title": ("Niet ingepland", "Not planned"),
    "map.col_nr": ("Nr.", "No."),
    "map.col_stop": ("Stop", "Stop"),
    "map.col_arrive": ("Aankomst", "Arrival"),
    "map.col_depart": ("Vertrek", "Departure"),
    "map.col_walk": ("Lopen (min)", "Walk (min)"),
    "map.col_meters": ("Meters", "Metres"),
    "map.col_group": ("Groep", "Group"),
    # handout (safari/export.py)
    "handout.title": ("{title}: {group}", "{title}: {group}"),
    "handout.map_label": ("Kaart van de route van {group}", "Map of the route of {group}"),
    "handout.schedule": ("Schema", "Schedule"),
    "handout.stories": ("De stops", "The stops"),
    "handout.qr": (
        "Scan de code voor de kaart op uw telefoon:",
        "Scan the code for the map on your phone:",
    ),
    "handout.total": (
        "{km} km lopen, van {start} tot {end}.",
        "{km} km walking, from {start} to {end}.",
    ),
    "handout.attribution": (
        "Kaart: straten uit OpenStreetMap (© OpenStreetMap-bijdragers). Gemaakt met safari.",
        "Map: streets from OpenStreetMap (© OpenStreetMap contributors). Made with safari.",
    ),
    "handout.bad_url": (
        "'{value}' is geen internetadres voor de QR-code. Schrijf het hele adres,"
        " beginnend met https://, bijvoorbeeld https://www.gemeente.nl/safari/.",
        "'{value}' is not a web address for the QR code. Write the whole address,"
        " starting with https://, for example https://www.example.org/safari/.",
    ),
    "handout.no_pdf": (
        "De handout is als HTML geschreven, maar de PDF niet: WeasyPrint werkt niet op deze"
        " computer ({detail}). Installeer Pango (bijvoorbeeld: apt-get install"
        " libpango-1.0-0 libpangoft2-1.0-0), of druk de HTML-handout af vanuit de browser.",
        "The handout was written as HTML, but not as PDF: WeasyPrint does not work on this"
        " computer ({detail}). Install Pango (for example: apt-get install"
        " libpango-1.0-0 libpangoft2-1.0-0), or print the HTML handout from the browser.",
    ),
    # command line options of the maps
    "cli.opt.offline": (
        "Zet alle JavaScript en CSS in de kaart zelf (werkt zonder internet, behalve de"
        " achtergrondkaart). safari haalt Leaflet dan eenmalig op met npm.",
        "Put all JavaScript and CSS into the map itself (works without internet, except"
        " the background map). safari then fetches Leaflet once with npm.",
    ),
    "cli.opt.basemap": (
        "Kaartbeelden van internet over de getekende kaart: osm (OpenStreetMap) of pdok"
        " (BRT-Achtergrondkaart van het Kadaster). Die server ziet dan het internetadres van"
        " elke telefoon. Zonder deze optie maakt de kaart geen verbinding.",
        "Map images from the internet over the drawn map: osm (OpenStreetMap) or pdok"
        " (BRT-Achtergrondkaart of the Kadaster). That server then sees the internet address"
        " of every phone. Without this option the map makes no connection.",
    ),
    "cli.opt.url": (
        "Internetadres van de map openbaar/ op uw website, voor de QR-code op de handout:"
        " de naam van het kaartbestand van de groep komt erachter.",
        "Web address of the folder openbaar/ on your website, for the QR code on the"
        " handout: the name of the group's map file is added.",
    ),
    # --- issue 10: privacy by audience and output folders -------------------------------
    "privacy.banner": (
        "Niet openbaar. Zet deze pagina niet op internet en stuur hem niet door.",
        "Not public. Do not put this page on the internet and do not forward it.",
    ),
    "privacy.no_consent_mark": (
        "besloten: geen toestemming voor de openbare kaart",
        "private: no consent for the public map",
    ),
    "outputs.readme.openbaar": (
        "Deze map mag openbaar.\n\n"
        "Hierin staan de kaarten voor de deelnemers: per groep een kaart (HTML), een GPX-bestand"
        " voor een navigatie-app en een handout om te printen. index.html noemt alle kaarten.\n\n"
        "U mag deze hele map op uw website zetten. U mag een kaart ook sturen naar de"
        " deelnemers van die groep.\n\n"
        "Er staan geen contactgegevens in. Een plek zonder toestemming heet hier"
        ' "Besloten bezoek": zonder naam, zonder verhaal en zonder precieze plek.\n',
        "This folder may be public.\n\n"
        "It holds the participants' maps: per group a map (HTML), a GPX file for a navigation"
        " app and a handout to print. index.html lists all maps.\n\n"
        "You may put this whole folder on your website. You may also send a map to the"
        " participants of that group.\n\n"
        'There are no contact details in it. A place without consent is called "Private'
        ' visit" here: no name, no story and no exact place.\n',
    ),
    "outputs.readme.begeleiders": (
        "Niet openbaar. Alleen voor de begeleiders van de groepen.\n\n"
        "Hierin staat per groep de hele route, ook de besloten bezoeken: hun naam en hun"
        " precieze plek. Ook de naam en het telefoonnummer van de gastheren op die route.\n\n"
        "Stuur elke begeleider alleen de bestanden van de eigen groep. Zet deze map niet op"
        " internet. Gooi de bestanden weg na de safari.\n",
        "Not public. Only for the leaders of the groups.\n\n"
        "It holds each group's whole route, the private visits included: their name and"
        " their exact place. Also the name and phone number of the hosts on that route.\n\n"
        "Send each leader only the files of their own group. Do not put this folder on the"
        " internet. Delete the files after the safari.\n",
    ),
    "outputs.readme.gastheren": (
        "Niet openbaar. Alleen voor de gastheren: de plekken die een groep ontvangen.\n\n"
        "Elke gastheer krijgt alleen het eigen bestand: wanneer de groepen komen en hoeveel"
        " mensen. Stuur een gastheer nooit het bestand van een ander. Zet deze map niet op"
        " internet.\n",
        "Not public. Only for the hosts: the places that receive a group.\n\n"
        "Each host gets only their own file: when the groups come and how many people."
        " Never send a host another host's file. Do not put this folder on the internet.\n",
    ),
    "outputs.readme.organisatie": (
        "Niet openbaar. Alleen voor de organisatie van de safari.\n\n"
        "Hierin staan het overzicht van alle groepen (overzicht.html), het schema voor Excel"
        " (schema.csv) en het plan voor andere programma's (plan.json). Ook de besloten"
        " bezoeken staan erin, met naam en plek.\n\n"
        "Zet deze map niet op internet en stuur hem niet door. Gooi de bestanden weg als"
        " u ze niet meer nodig hebt.\n",
        "Not public. Only for the organisers of the safari.\n\n"
        "It holds the overview of all groups (overzicht.html), the schedule for Excel"
        " (schema.csv) and the plan for other programs (plan.json). The private visits are"
        " in it too, with name and place.\n\n"
        "Do not put this folder on the internet and do not forward it. Delete the files when"
        " you no longer need them.\n",
    ),
    "outputs.index.intro": (
        "Kies de kaart van uw groep. Open hem op uw telefoon.",
        "Choose your group's map. Open it on your phone.",
    ),
    "outputs.index.map": ("Kaart", "Map"),
    "outputs.index.gpx": ("GPX (navigatie-app)", "GPX (navigation app)"),
    "outputs.index.handout": ("Handout om te printen", "Handout to print"),
    "outputs.index.group_one": ("De kaart", "The map"),
    "outputs.no_hosts_yet": (
        "De bestanden voor de gastheren komen in deze map. safari maakt ze nog niet.",
        "The files for the hosts go into this folder. safari does not make them yet.",
    ),
    "privacy.contact": ("Gastheer: {contact}", "Host: {contact}"),
    "cli.opt.open_browser": (
        "Open de kaart in de browser als hij klaar is.",
        "Open the map in the browser when it is ready.",
    ),
    "cli.outputs.written": (
        "Geschreven: {count} bestanden in {folder} (openbaar/, begeleiders/, gastheren/,"
        " organisatie/; elke map heeft een LEESMIJ.txt).",
        "Written: {count} files in {folder} (openbaar/, begeleiders/, gastheren/,"
        " organisatie/; each folder has a LEESMIJ.txt).",
    ),
    "cli.outputs.next_one": (
        "Open {index} in uw browser. Zet de map {public} op uw website, of stuur {file}"
        " naar de deelnemers.",
        "Open {index} in your browser. Put the folder {public} on your website, or send"
        " {file} to the participants.",
    ),
    "cli.outputs.next_many": (
        "Open {index} in uw browser. Zet de map {public} op uw website, of stuur {file}"
        " naar de deelnemers van groep 1.",
        "Open {index} in your browser. Put the folder {public} on your website, or send"
        " {file} to the participants of group 1.",
    ),
    # --- issue 11/12: solver (plan quality, re-planning, reasons for left-out stops) ---
    "plan.quality_best": (
        "Dit is het beste plan: met deze wensen kan de laatste groep niet eerder terug zijn.",
        "This is the best plan: with these wishes the last group cannot be back earlier.",
    ),
    "plan.quality_best_these": (
        "Met deze stops is dit het beste plan: de laatste groep kan niet eerder terug zijn.",
        "With these stops this is the best plan: the last group cannot be back earlier.",
    ),
    "plan.quality_gap": (
        "Dit plan is goed: de laatste groep is hooguit {minutes} minuten later terug dan in"
        " het best mogelijke plan.",
        "This plan is good: the last group is back at most {minutes} minutes later than in"
        " the best possible plan.",
    ),
    "plan.quality_gap_these": (
        "Dit plan is goed: de laatste groep is hooguit {minutes} minuten later terug dan in"
        " het best mogelijke plan met deze stops.",
        "This plan is good: the last group is back at most {minutes} minutes later than in"
        " the best possible plan with these stops.",
    ),
    "why.tier": (" (prioriteit: {tier})", " (priority: {tier})"),
    "why.forbidden": (
        "Geen enkele groep kan hier komen: de groepen zijn te groot voor deze plek.",
        "No group can come here: the groups are too large for this place.",
    ),
    "why.no_time": (
        "Er is geen tijd meer voor: met {stop} erbij is de laatste groep pas om {back} terug,"
        " en de safari eindigt om {end}.",
        "There is no time left: with {stop} the last group is back only at {back}, and the"
        " safari ends at {end}.",
    ),
    "why.fix.later": (
        "Eindig om {end} of later: dan past er een stop meer in, zoals {stop}.",
        "End at {end} or later: then one more stop fits in, such as {stop}.",
    ),
    "why.hours": (
        "{stop} ontvangt alleen {windows}; in die tijd past een bezoek niet in de route van de"
        " groepen.",
        "{stop} receives groups only {windows}; a visit in that time does not fit in the"
        " groups' route.",
    ),
    "why.fix.earlier": (
        "Begin om {start}, dan past {stop} erbij.",
        "Start at {start}, then {stop} fits in.",
    ),
    "why.crowded": (
        "Met {stop} erbij komen de groepen niet meer op tijd bij de andere gastheren.",
        "With {stop} the groups no longer reach the other hosts in time.",
    ),
    "why.fix.fewer_groups": (
        "Met {groups} groep(en) past {stop} erbij.",
        "With {groups} group(s) {stop} fits in.",
    ),
    "explain.fix.hours_ask": (
        "Vraag {stop} om een ander tijdstip.",
        "Ask {stop} for another time.",
    ),
    "explain.fix.hours_earlier": (
        " Of begin de safari om {start} of eerder.",
        " Or start the safari at {start} or earlier.",
    ),
    "explain.fix.hours_later": (
        " Of eindig de safari om {end} of later.",
        " Or end the safari at {end} or later.",
    ),
    "replan.missing": (
        "Het eerdere plan '{file}' is er niet. Geef bij --since het bestand dat"
        " 'safari plan --json' schreef.",
        "The earlier plan '{file}' does not exist. Give --since the file that"
        " 'safari plan --json' wrote.",
    ),
    "replan.not_json": (
        "Het bestand '{file}' is geen JSON. Geef bij --since het bestand dat"
        " 'safari plan --json' schreef.",
        "The file '{file}' is not JSON. Give --since the file that 'safari plan --json' wrote.",
    ),
    "replan.not_plan": (
        "Het bestand '{file}' is geen plan van safari: er staan geen groepen met bezoeken en"
        " tijden in. Geef bij --since het bestand dat 'safari plan --json' schreef.",
        "The file '{file}' is not a safari plan: it holds no groups with visits and times."
        " Give --since the file that 'safari plan --json' wrote.",
    ),
    "replan.nothing": (
        "Wat verandert: niets. Alle bezoeken blijven zoals ze waren.",
        "What changes: nothing. Every visit stays as it was.",
    ),
    "replan.header": (
        "Wat verandert ({count} bezoek(en)):",
        "What changes ({count} visit(s)):",
    ),
    "replan.per_group": ("Per groep:", "Per group:"),
    "replan.per_host": ("Per gastheer:", "Per host:"),
    "replan.group_same": ("- {group}: niets verandert.", "- {group}: nothing changes."),
    "replan.group_moved": (
        "{group}: {stop} om {after} (was {before}).",
        "{group}: {stop} at {after} (was {before}).",
    ),
    "replan.group_gone": (
        "{group}: {stop} vervalt (was {before}).",
        "{group}: {stop} is cancelled (was {before}).",
    ),
    "replan.group_new": ("{group}: nieuw: {stop} om {after}.", "{group}: new: {stop} at {after}."),
    "replan.host_moved": (
        "{stop}: {group} komt om {after} in plaats van {before}.",
        "{stop}: {group} comes at {after} instead of {before}.",
    ),
    "replan.host_gone": (
        "{stop}: {group} komt niet meer (was {before}).",
        "{stop}: {group} no longer comes (was {before}).",
    ),
    "replan.host_new": (
        "{stop}: {group} komt om {after} (nieuw).",
        "{stop}: {group} comes at {after} (new).",
    ),
    "cli.opt.since": (
        "Eerder plan (JSON van 'safari plan --json'): houd zoveel mogelijk bezoeken op hun"
        " tijd en zeg wat verandert.",
        "Earlier plan (JSON from 'safari plan --json'): keep as many visits at their time as"
        " possible and say what changes.",
    ),
    # --- issue 16: the event owns its options and checks ---
    "event.bad_option": (
        "{value} kan niet bij {option}: {fix}",
        "{value} is not possible for {option}: {fix}",
    ),
    "event.option_problems": (
        "De opties hebben {count} problemen. Pas ze aan en probeer het opnieuw.",
        "The options have {count} problems. Change them and try again.",
    ),
    "event.end_not_after_start": (
        "{end_key} ({end}) ligt niet na {start_key} ({start}). Kies een eindtijd na de begintijd.",
        "{end_key} ({end}) is not after {start_key} ({start}). Choose an end after the start.",
    ),
    "event.default_start": ("de begintijd", "the start time"),
    # --- issue 17 and issue 10 (3, 4): the organiser at the terminal, consent, deletion ---
    "stops.feature_in_file": ("Stop {row} in het bestand", "Stop {row} in the file"),
    "stops.formula_cell": (
        "{where}: hier staat een formule ({formula}). Typ {what} als gewone tekst.",
        "{where}: this cell holds a formula ({formula}). Type {what} as plain text.",
    ),
    "stops.formula_name": ("de naam", "the name"),
    "stops.formula_value": ("de waarde", "the value"),
    "catalogue.warn_consent_unknown": (
        "{file} heeft geen kolom 'toestemming'. safari neemt niet aan dat deze plekken op de"
        " kaart mogen: de toestemming is 'onbekend'. Zo komen ze als besloten bezoek in de"
        " safari, zonder naam of verhaal voor de deelnemers. Heeft een plek ja gezegd? Gebruik"
        " dan: safari stops approve ID --consent",
        "{file} has no column 'toestemming' (consent). safari does not assume these stops may"
        " be on the map: their consent is 'onbekend' (unknown). They take part as private"
        " visits, without name or story for participants. Did a host say yes? Then use:"
        " safari stops approve ID --consent",
    ),
    "catalogue.bad_number": (
        "Er is geen stop met nummer {number}. De catalogus heeft {count} stops; 'safari stops"
        " list' toont hun nummers. Er is niets veranderd.",
        "There is no stop number {number}. The catalogue has {count} stops; 'safari stops"
        " list' shows their numbers. Nothing was changed.",
    ),
    "catalogue.ambiguous_id": (
        "'{id}' past bij meer dan één stop: {candidates}. Typ meer letters van het id, of het"
        " nummer uit 'safari stops list'. Er is niets veranderd.",
        "'{id}' fits more than one stop: {candidates}. Type more letters of the id, or the"
        " number from 'safari stops list'. Nothing was changed.",
    ),
    "catalogue.bad_days": (
        "--older-than moet 0 of meer dagen zijn, niet {value}.",
        "--older-than must be 0 or more days, not {value}.",
    ),
    "template.language.en": ("Engels", "English"),
    "template.language.ar": ("Arabisch", "Arabic"),
    "template.language.tr": ("Turks", "Turkish"),
    "template.event_without_network": (
        "In {file} staat geen kaartbestand (netwerk). Geef het kaartbestand van de wijk met"
        " --network.",
        "{file} names no map file (network). Give the map file of the district with --network.",
    ),
    "template.no_named_street": (
        "In {file} staat geen straat met een naam. Kies het kaartbestand van de wijk.",
        "{file} holds no street with a name. Choose the map file of the district.",
    ),
    "template.example.name_marked": (
        "Voorbeeld: vervang deze rij (Buurtkeuken De Pan is verzonnen)",
        "Example: replace this row (Buurtkeuken De Pan is made up)",
    ),
    "template.example.questions": (
        "Hoe is de keuken begonnen? Wat kookt u het liefst?",
        "How did the kitchen start? What do you like to cook most?",
    ),
    "template.instructions_first": (
        "Zo meldt u plekken aan voor de wijksafari\n"
        "\n"
        "1. Klik onderaan op het blad 'Stops'. Elke rij is één plek.\n"
        "2. Rij 2 is een voorbeeld. Schrijf daaroverheen, of wis die rij.\n"
        "3. Vul minstens de naam in, en het adres (of lat en lon).\n"
        "4. Typ gewone tekst. Gebruik geen formules (die beginnen met =).\n"
        "5. Kies bij soort, rolstoel en toestemming uit de lijst.\n"
        "6. Het verhaal mag ook in het Engels, Arabisch of Turks. Laat leeg wat u niet weet.\n"
        "7. De oranje kolommen zijn alleen voor de organisator. Die komen nooit op de kaart.\n"
        "8. Zet 'ja' bij toestemming als de plek op de kaart mag. Zonder 'ja' komt de plek"
        " niet met naam en verhaal op de kaart.\n"
        "9. Sla het bestand op en stuur het naar de organisator.\n"
        "\n"
        "Vragen? Vraag het de organisator van de safari.",
        "How to add places to the neighbourhood safari\n"
        "\n"
        "1. Click the sheet 'Stops' at the bottom. Each row is one place.\n"
        "2. Row 2 is an example. Write over it, or delete that row.\n"
        "3. Fill in at least the name, and the address (or lat and lon).\n"
        "4. Type plain text. Do not use formulas (they start with =).\n"
        "5. For soort, rolstoel and toestemming, choose from the list.\n"
        "6. The story may also be in English, Arabic or Turkish. Leave empty what you do not"
        " know.\n"
        "7. The orange columns are for the organiser only. They are never on the map.\n"
        "8. Put 'ja' in toestemming if the place may be on the map. Without 'ja' the place is"
        " not on the map with its name and story.\n"
        "9. Save the file and send it to the organiser.\n"
        "\n"
        "Questions? Ask the organiser of the safari.",
    ),
    "template.explain.verhaal_en": (
        "Het verhaal in het Engels (mag leeg).",
        "The story in English (may be empty).",
    ),
    "template.explain.verhaal_ar": (
        "Het verhaal in het Arabisch (mag leeg).",
        "The story in Arabic (may be empty).",
    ),
    "template.explain.verhaal_tr": (
        "Het verhaal in het Turks (mag leeg). Andere talen: maak een kolom erbij, zoals"
        " verhaal_pl voor Pools.",
        "The story in Turkish (may be empty). Other languages: add a column, such as"
        " verhaal_pl for Polish.",
    ),
    "template.explain.gespreksvragen": (
        "Welke vragen wilt u graag krijgen van de bezoekers? Zo weten zij waar ze naar kunnen"
        " vragen. Mag leeg.",
        "Which questions would you like visitors to ask you? Then they know what to ask"
        " about. May be empty.",
    ),
    "template.explain.capaciteit": (
        "Hoeveel bezoekers kunt u tegelijk ontvangen? Typ een getal, zoals 12. De organisator"
        " maakt de groep voor uw plek niet groter dan dat. Mag leeg.",
        "How many visitors can you receive at once? Type a number, such as 12. The organiser"
        " keeps the group for your place no larger than that. May be empty.",
    ),
    "cli.stops.help_all": (
        "Stops van bewoners: toevoegen, bekijken, goedkeuren, afwijzen, intrekken, wissen,"
        " anonimiseren, opschonen, voorstellen, exporteren.",
        "Community stops: import, list, approve, reject, withdraw, delete, anonymise, purge,"
        " suggest, export.",
    ),
    "cli.stops.withdraw.help": (
        "Trek een stop in: de groep doet niet meer mee.",
        "Withdraw a stop: the group no longer takes part.",
    ),
    "cli.stops.delete.help": (
        "Wis stops helemaal uit de catalogus: de stop, de geschiedenis en de contactgegevens.",
        "Delete stops from the catalogue entirely: the stop, its history and contact details.",
    ),
    "cli.stops.anonymise.help": (
        "Wis de persoonsgegevens van stops (contactpersoon, telefoon, e-mail, indiener); de"
        " plek blijft.",
        "Remove the personal data of stops (contact person, phone, e-mail, submitter); the"
        " place stays.",
    ),
    "cli.stops.purge.help": (
        "Wis de persoonsgegevens van afgewezen en ingetrokken stops die ouder zijn dan een"
        " aantal dagen.",
        "Remove the personal data of rejected and withdrawn stops older than a number of days.",
    ),
    "cli.opt.organiser": (
        "Uw naam, voor de geschiedenis. Standaard: de instelling SAFARI_ORGANISER, anders"
        " 'organisator'.",
        "Your name, for the history. Default: the setting SAFARI_ORGANISER, else 'organisator'.",
    ),
    "cli.opt.status_any": (
        "Toon alleen stops met deze status: voorstel, ingediend, goedgekeurd, afgewezen of"
        " ingetrokken (Engels mag ook: approved, rejected, ...).",
        "Show only stops with this status: voorstel, ingediend, goedgekeurd, afgewezen or"
        " ingetrokken (English works too: approved, rejected, ...).",
    ),
    "cli.opt.open_file": (
        "Open het bestand meteen op deze computer.",
        "Open the file on this computer right away.",
    ),
    "cli.opt.template_network": (
        "Kaartbestand van de wijk, of het evenementbestand (.toml): de voorbeeldrij komt dan op"
        " een straat in uw wijk.",
        "Map file of the district, or the event file (.toml): the example row is then placed"
        " on a street in your district.",
    ),
    "cli.opt.skip_bad_rows": (
        "Lees de goede rijen in en sla de rijen met een probleem over. safari noemt elke rij"
        " die het overslaat, met de reden.",
        "Import the good rows and leave out the rows with a problem. safari names every row"
        " it leaves out, with the reason.",
    ),
    "cli.opt.withdraw_reason": ("Waarom de stop is ingetrokken.", "Why the stop is withdrawn."),
    "cli.opt.older_than": (
        "Aantal dagen sinds het afwijzen of intrekken.",
        "Number of days since the stop was rejected or withdrawn.",
    ),
    "cli.arg.refs": (
        "De stops: het nummer uit 'safari stops list', het id, of het begin van het id.",
        "The stops: the number from 'safari stops list', the id, or the start of the id.",
    ),
    "cli.template.written": ("Geschreven: {xlsx} en {csv}", "Written: {xlsx} and {csv}"),
    "cli.template.next": (
        "Stuur {xlsx} naar de groepen; het eerste blad legt uit wat ze moeten doen. Lees hun"
        " ingevulde bestand in met: safari stops import BESTAND",
        "Send {xlsx} to the groups; the first sheet explains what to do. Import their filled-in"
        " file with: safari stops import FILE",
    ),
    "cli.form.next": (
        "Stuur {name} naar de groepen, bijvoorbeeld met WhatsApp of e-mail. Hun opgeslagen"
        " bestand leest u in met: safari stops import BESTAND",
        "Send {name} to the groups, for example by WhatsApp or e-mail. Import the file they"
        " save with: safari stops import FILE",
    ),
    "cli.stops.try_skip": (
        "Wilt u de goede rijen toch inlezen? Voeg dan --skip-bad-rows toe. safari noemt dan"
        " elke rij die het overslaat.",
        "Do you want to import the good rows anyway? Add --skip-bad-rows. safari then names"
        " every row it leaves out.",
    ),
    "cli.stops.skipped": (
        "{count} rij(en) niet ingelezen, met de reden:",
        "{count} row(s) left out, with the reason:",
    ),
    "cli.stops.consent_unknown": (
        "Bij deze stops is toestemming niet ingevuld, dus 'onbekend': {ids}. Ze worden een"
        " besloten bezoek tot u toestemming vastlegt met: safari stops approve ID --consent",
        "These stops have no consent filled in, so 'onbekend' (unknown): {ids}. They are"
        " private visits until you record consent with: safari stops approve ID --consent",
    ),
    "cli.stops.next_import": (
        "{count} stops wachten op uw besluit. Bekijk ze met: safari stops list --status"
        " {status}{more}",
        "{count} stops await your decision. See them with: safari stops list --status"
        " {status}{more}",
    ),
    "cli.stops.next_import_one": (
        "1 stop wacht op uw besluit. Bekijk die met: safari stops list --status {status}{more}",
        "1 stop awaits your decision. See it with: safari stops list --status {status}{more}",
    ),
    "cli.stops.next_suggest": (
        "{count} voorstel(len) uit OpenStreetMap. Bekijk ze met: safari stops list --status"
        " voorstel{more}",
        "{count} suggestion(s) from OpenStreetMap. See them with: safari stops list --status"
        " voorstel{more}",
    ),
    "cli.stops.nothing_new": ("Er is niets nieuws toegevoegd.", "Nothing new was added."),
    "cli.stops.list_next": (
        "Goedkeuren: safari stops approve NUMMER. Afwijzen: safari stops reject NUMMER --reason"
        ' "...". NUMMER is het nummer vooraan, of het id (het begin is genoeg).',
        "Approve: safari stops approve NUMBER. Reject: safari stops reject NUMBER --reason"
        ' "...". NUMBER is the number in front, or the id (its start is enough).',
    ),
    "cli.stops.approved": ("Goedgekeurd: {id} ({name})", "Approved: {id} ({name})"),
    "cli.stops.rejected": ("Afgewezen: {id} ({name})", "Rejected: {id} ({name})"),
    "cli.stops.withdrawn": ("Ingetrokken: {id} ({name})", "Withdrawn: {id} ({name})"),
    "cli.stops.deleted": ("Gewist: {id} ({name})", "Deleted: {id} ({name})"),
    "cli.stops.anonymised": ("Geanonimiseerd: {id} ({name})", "Anonymised: {id} ({name})"),
    "cli.stops.purged": ("Opgeschoond: {id} ({name})", "Purged: {id} ({name})"),
    "cli.stops.next_approve": (
        "Goedgekeurde stops gaan mee in de planning: safari plan {catalogue}",
        "Approved stops take part in the plan: safari plan {catalogue}",
    ),
    "cli.stops.next_reject": (
        "De contactgegevens blijven bewaard. Wis ze met: safari stops anonymise ID, of later"
        " voor alle afgewezen stops: safari stops purge --older-than 30",
        "The contact details are kept. Remove them with: safari stops anonymise ID, or later"
        " for all rejected stops: safari stops purge --older-than 30",
    ),
    "cli.stops.next_delete": (
        "De stop, de geschiedenis en de contactgegevens staan niet meer in {catalogue}. Oude"
        " exports en reservekopieën wist u zelf.",
        "The stop, its history and its contact details are no longer in {catalogue}. Delete"
        " old exports and backups yourself.",
    ),
    "cli.stops.next_anonymise": (
        "De plek blijft in de catalogus. Contactpersoon, telefoon, e-mail en indiener zijn"
        " gewist, ook uit de geschiedenis.",
        "The place stays in the catalogue. Contact person, phone, e-mail and submitter are"
        " removed, also from the history.",
    ),
    "cli.stops.next_purge": (
        "Van {count} afgewezen of ingetrokken stop(s) ouder dan {days} dagen zijn de"
        " persoonsgegevens gewist. De plekken zelf blijven.",
        "The personal data of {count} rejected or withdrawn stop(s) older than {days} days"
        " are removed. The places themselves stay.",
    ),
    "cli.stops.purged_none": (
        "Er zijn geen afgewezen of ingetrokken stops met persoonsgegevens, ouder dan {days}"
        " dagen. Er is niets veranderd.",
        "There are no rejected or withdrawn stops with personal data older than {days} days."
        " Nothing was changed.",
    ),
    "cli.stops.next_export_public": (
        "Dit bestand mag u delen: alleen goedgekeurde stops met toestemming, zonder"
        " contactgegevens.",
        "You may share this file: only approved stops with consent, without contact details.",
    ),
    "cli.plan.own_list": (
        "{file} heeft geen kolom 'toestemming'. safari neemt aan dat dit uw eigen lijst is en"
        " dat alle plekken op de kaart mogen. Komen de plekken van groepen? Lees ze dan in met"
        " 'safari stops import': dan is de toestemming 'onbekend' tot u die vastlegt.",
        "{file} has no column 'toestemming' (consent). safari takes it for your own list, and"
        " assumes every place may be on the map. Did groups send these places? Import them"
        " with 'safari stops import': their consent is then 'onbekend' until you record it.",
    ),
    "catalogue.example_row": (
        "Rij {row} is de voorbeeldrij uit het sjabloon (Buurtkeuken De Pan). Die is overgeslagen.",
        "Row {row} is the example row of the template (Buurtkeuken De Pan). It was left out.",
    ),
    "cli.stops.next_kept": (
        "{count} stop(s) overgenomen met hun eigen status. Bekijk ze met: safari stops list{more}",
        "{count} stop(s) taken over with their own status. See them with: safari stops list{more}",
    ),
    # @@ISSUE17@@
    # --- issue 16: packaging ---
    "handout.no_weasyprint": (
        "De handout is als HTML geschreven, maar niet als PDF: daarvoor is WeasyPrint nodig."
        ' Installeer het met: pip install "safari[pdf]". U kunt de HTML-handout ook afdrukken'
        " vanuit de browser.",
        "The handout was written as HTML, but not as PDF: that needs WeasyPrint."
        ' Install it with: pip install "safari[pdf]". You can also print the HTML handout'
        " from the browser.",
    ),
    # --- issue 14: hardening (limits, hostile input, write failures) ---
    "stops.geojson_bad_properties": (
        "{where}: 'properties' is {kind}, geen lijst van velden. Schrijf de velden als"
        ' {{"naam": "...", ...}}.',
        "{where}: 'properties' is {kind}, not a set of fields. Write the fields as"
        ' {{"naam": "...", ...}}.',
    ),
    "stops.not_a_file": (
        "'{path}' is geen gewoon bestand (maar bijvoorbeeld een pijp of apparaat)."
        " Kies een bestand met plekken.",
        "'{path}' is not a regular file (but, for example, a pipe or a device)."
        " Choose a file with stops.",
    ),
    "stops.nul_byte": (
        "{where}: hier staat een onzichtbaar nul-teken (NUL). Haal het weg en sla het"
        " bestand opnieuw op.",
        "{where}: there is an invisible null character (NUL) here. Remove it and save the"
        " file again.",
    ),
    "stops.unclosed_quote": (
        'Rij {row}: een aanhalingsteken (") wordt niet gesloten. Alles daarna telt als één'
        " veld. Zet het sluitende aanhalingsteken erbij, of haal het weg.",
        'Row {row}: a quote (") is not closed. Everything after it counts as one field.'
        " Add the closing quote, or remove it.",
    ),
    "plan.too_many_stops": (
        "Er zijn {count} plekken om te plannen; safari plant er hoogstens {limit}. Kies de"
        " plekken voor deze safari, of verdeel ze over meer safari's.",
        "There are {count} stops to plan; safari plans at most {limit}. Choose the stops"
        " for this safari, or spread them over more safaris.",
    ),
    "plan.past_midnight": (
        "Let op: groep {group} is pas om {end} klaar, na middernacht. Begin eerder, of"
        " plan minder plekken.",
        "Note: group {group} only finishes at {end}, after midnight. Start earlier, or plan"
        " fewer stops.",
    ),
    "event.too_long": (
        "In '{path}' is '{key}' {length} tekens lang; safari leest hoogstens {limit}."
        " Maak de tekst korter.",
        "In '{path}', '{key}' is {length} characters long; safari reads at most {limit}."
        " Make the text shorter.",
    ),
    "event.too_big": (
        "'{path}' is {length} bytes groot; een safari.toml is hoogstens {limit} bytes. Kijk"
        " of u het goede bestand hebt, of maak de teksten erin korter.",
        "'{path}' is {length} bytes; a safari.toml is at most {limit} bytes. Check that it is"
        " the right file, or make the texts in it shorter.",
    ),
    "event.too_deep": (
        "In '{path}' zitten tabellen te diep in elkaar (meer dan {limit} lagen). Een"
        " safari.toml heeft er hoogstens twee.",
        "In '{path}', tables are nested too deep (more than {limit} levels). A safari.toml"
        " has at most two.",
    ),
    "event.not_finite": (
        "In '{path}' is '{key}' = {value}: dat getal is te groot of te klein. Kies een"
        " getal tussen {low} en {high}.",
        "In '{path}', '{key}' = {value}: that number is too large or too small. Choose a"
        " number between {low} and {high}.",
    ),
    "event.fix.speed_range": (
        "kies een tempo tussen 0,5 en 30 km per uur, zoals 4.",
        "choose a speed between 0.5 and 30 km per hour, like 4.",
    ),
    "event.fix.minutes_range": (
        "kies hoogstens 1440 minuten (een dag), zoals 20.",
        "choose at most 1440 minutes (a day), like 20.",
    ),
    "event.huge_number": (
        "In '{path}' staat een getal van duizenden cijfers. Zo'n getal kan safari niet"
        " gebruiken: kies een gewoon getal, zoals 3.",
        "In '{path}' there is a number with thousands of digits. safari cannot use such a"
        " number: choose an ordinary number, like 3.",
    ),
    "stops.row_column": ("Rij {row}, kolom {column}", "Row {row}, column {column}"),
    "os.disk_full": (
        "safari kan niet schrijven in {path}: de schijf is vol. Maak ruimte vrij, of kies"
        " met --output een andere map.",
        "safari cannot write in {path}: the disk is full. Free some space, or choose another"
        " folder with --output.",
    ),
    "os.read_only": (
        "safari kan niet schrijven in {path}: daar mag niet geschreven worden (alleen-lezen"
        " of geen rechten). Kies met --output een andere map.",
        "safari cannot write in {path}: writing there is not allowed (read-only or no"
        " permission). Choose another folder with --output.",
    ),
    "os.not_a_folder": (
        "safari kan niet schrijven in {path}: een deel van dat pad is een bestand, geen map."
        " Kies met --output een map.",
        "safari cannot write in {path}: part of that path is a file, not a folder. Choose a"
        " folder with --output.",
    ),
    "os.other": (
        "safari kan niet schrijven in {path}: {reason}. Kies met --output een andere map,"
        " of probeer het opnieuw.",
        "safari cannot write in {path}: {reason}. Choose another folder with --output, or"
        " try again.",
    ),
    # --- issue 9: the participant's map (drawn basemap, the day, tiles) ---
    "map.now_before_day": (
        "De safari is op {date}. We beginnen om {time} bij {name}.",
        "The safari is on {date}. We start at {time} at {name}.",
    ),
    "map.now_today": ("Vandaag om {time} bij {name}.", "Today at {time} at {name}."),
    "map.now_walking": (
        "Onderweg naar stop {number}, {name}. Daar om {time}.",
        "On the way to stop {number}, {name}. There at {time}.",
    ),
    "map.now_back": (
        "Op weg terug naar {name}. Daar om {time}.",
        "On the way back to {name}. There at {time}.",
    ),
    "map.directions": (
        "noord,noordoost,oost,zuidoost,zuid,zuidwest,west,noordwest",
        "north,north-east,east,south-east,south,south-west,west,north-west",
    ),
    "map.to_next": (
        "Stop {number} is {meters} m hemelsbreed naar het {direction}.",
        "Stop {number} is {meters} m as the crow flies, to the {direction}.",
    ),
    "map.no_js": (
        "De kaart werkt niet in deze browser (JavaScript staat uit). Alle stops, tijden en"
        " verhalen staan hieronder.",
        "The map does not work in this browser (JavaScript is off). All stops, times and"
        " stories are below.",
    ),
    "map.tiles_note": (
        "De kaartbeelden komen van {host}. Die server ziet het internetadres van uw telefoon.",
        "The map images come from {host}. That server sees your phone's internet address.",
    ),
    "map.attribution_drawn": (
        'Kaart en route: &copy; <a href="https://www.openstreetmap.org/copyright">'
        "OpenStreetMap</a>-bijdragers. Getekend door safari, zonder internet.",
        'Map and route: &copy; <a href="https://www.openstreetmap.org/copyright">'
        "OpenStreetMap</a> contributors. Drawn by safari, without internet.",
    ),
    "map.credit_basemap": ("&copy; OpenStreetMap-bijdragers", "&copy; OpenStreetMap contributors"),
    "map.not_public": ("Niet openbaar", "Not public"),
    "cli.opt.title": (
        "Titel boven de kaart (bij een stopsbestand; een safari-bestand geeft zijn naam).",
        "Title above the map (for a stops file; an event file gives its name).",
    ),
    "map.leaflet_download_failed": (
        "safari kon {spec} niet ophalen van {url} ({detail}). Is er internet? Probeer het"
        " opnieuw, of zet het bestand zelf op {file}.",
        "safari could not fetch {spec} from {url} ({detail}). Is there internet? Try again,"
        " or put the file at {file} yourself.",
    ),
    # --- issue 11: host schedules, people and groups, kept plans, waiting ---
    "event.fix.people": (
        "kies een heel getal van 1 tot 1000, zoals 18.",
        "choose a whole number from 1 to 1000, like 18.",
    ),
    "host.heading": ("Bezoek van de wijksafari bij {venue}", "Wijksafari visit at {venue}"),
    "host.intro": (
        "{title}, op {day}. Er komen {groups} bij u.",
        "{title}, on {day}. {groups} will come to you.",
    ),
    "host.groups_one": ("1 groep", "1 group"),
    "host.groups_many": ("{count} groepen", "{count} groups"),
    "host.col_group": ("Groep", "Group"),
    "host.col_arrive": ("Komt om", "Arrives"),
    "host.col_depart": ("Gaat om", "Leaves"),
    "host.col_people": ("Mensen", "People"),
    "host.col_leader": ("Begeleider", "Group leader"),
    "host.col_step_free": ("Zonder trappen", "Step-free"),
    "host.step_free_yes": ("ja, misschien nodig", "yes, may be needed"),
    "host.questions": ("Vragen, of verandert er iets?", "Questions, or does something change?"),
    "host.contact": ("Bel {name}: {phone}.", "Call {name}: {phone}."),
    "host.contact_one": ("Neem contact op met {who}.", "Contact {who}."),
    "host.contact_none": (
        "Neem contact op met de organisatie van de safari.",
        "Contact the organisers of the safari.",
    ),
    "host.private": (
        "Alleen voor u. Deel dit niet: er staan namen in.",
        "Only for you. Do not share this: it contains names.",
    ),
    "host.changeover": (
        "Tussen twee groepen zit minstens {minutes} minuten. De kortste pauze bij u is"
        " {shortest} minuten.",
        "There are at least {minutes} minutes between two groups. Your shortest break is"
        " {shortest} minutes.",
    ),
    "host.shortest_break": (
        "De kortste pauze tussen twee groepen bij u is {shortest} minuten.",
        "Your shortest break between two groups is {shortest} minutes.",
    ),
    "host.together": (
        "Hier beginnen de groepen samen.",
        "The groups start here together.",
    ),
    "host.returns": ("{group} komt om {time} terug.", "{group} comes back at {time}."),
    "host.step_free_note": (
        "Zorg voor een ingang zonder trap voor: {groups}.",
        "Please have an entrance without steps for: {groups}.",
    ),
    "host.line_time": (
        "{group}: komt om {arrive}, gaat om {depart}",
        "{group}: arrives {arrive}, leaves {depart}",
    ),
    "host.line_early": (
        "is er misschien al om {time} ({minutes} min wachten)",
        "may be there at {time} already ({minutes} min waiting)",
    ),
    "host.line_people": ("{people} mensen", "{people} people"),
    "host.line_leader": ("begeleider {leader}", "group leader {leader}"),
    "host.line_step_free": (
        "heeft misschien een ingang zonder trap nodig",
        "may need an entrance without steps",
    ),
    "host.msg_hello": ("Beste {name},", "Dear {name},"),
    "host.msg_hello_anyone": ("Beste gastvrouw of gastheer,", "Dear host,"),
    "host.msg_intro": (
        "Dank u wel dat u meedoet aan {title}. Op {day} komen {groups} bij {venue}:",
        "Thank you for taking part in {title}. On {day}, {groups} will come to {venue}:",
    ),
    "host.msg_thanks": ("Tot dan!", "See you then!"),
    "host.calendar_name": ("{title}: {venue}", "{title}: {venue}"),
    "host.calendar_summary": ("{title}: {group} komt langs", "{title}: {group} visits"),
    "people.not_found": (
        "Het bestand met deelnemers {path} bestaat niet. Kijk of de naam goed is.",
        "The participants file {path} does not exist. Check the name.",
    ),
    "people.unknown_suffix": (
        "Het bestand met deelnemers {path} kan safari niet lezen. Gebruik een van: {accepted}.",
        "safari cannot read the participants file {path}. Use one of: {accepted}.",
    ),
    "people.header": (
        "In het bestand met deelnemers {path} zijn {count} dingen niet goed:",
        "The participants file {path} has {count} problem(s):",
    ),
    "people.missing_column": (
        "De kolom {column} ontbreekt. Zet in de eerste rij een kolom {column}.",
        "The column {column} is missing. Add a column {column} to the first row.",
    ),
    "people.where": (
        "rij {row}, kolom {column} ({letter})",
        "row {row}, column {column} ({letter})",
    ),
    "people.empty": (
        "{where}: dit vak is leeg. Vul de {what} in.",
        "{where}: this cell is empty. Fill in the {what}.",
    ),
    "people.bad_role": (
        "{where}: '{value}' is geen rol. Schrijf begeleider of deelnemer.",
        "{where}: '{value}' is not a role. Write begeleider (leader) or deelnemer (participant).",
    ),
    "people.bad_yes_no": (
        "{where}: '{value}' begrijpt safari niet. Schrijf ja of nee.",
        "{where}: safari does not understand '{value}'. Write ja (yes) or nee (no).",
    ),
    "people.no_one": (
        "Er staat niemand in het bestand. Zet in elke rij een deelnemer.",
        "The file lists no one. Put one participant in each row.",
    ),
    "people.too_few": (
        "Er zijn {people} deelnemers voor {groups} groepen. Kies minder groepen.",
        "There are {people} participants for {groups} groups. Choose fewer groups.",
    ),
    "people.few_leaders": (
        "Er zijn {leaders} begeleiders voor {groups} groepen. Niet elke groep heeft een"
        " begeleider.",
        "There are {leaders} group leaders for {groups} groups. Not every group has a leader.",
    ),
    "people.step_free": (
        "Iemand heeft een route zonder trappen nodig. Daarom lopen alle groepen een route"
        " zonder trappen.",
        "Someone needs a step-free route. So every group walks a step-free route.",
    ),
    "people.too_big": (
        "{stop} ontvangt hooguit {capacity} mensen; {groups} is groter ({size} mensen) en gaat"
        " er niet heen.",
        "{stop} receives at most {capacity} people; {groups} is larger ({size} people) and does"
        " not go there.",
    ),
    "people.too_big_visited": (
        "{stop} ontvangt hooguit {capacity} mensen, maar {groups} ({size} mensen) komt er toch."
        " Overleg met de gastheer of gastvrouw.",
        "{stop} receives at most {capacity} people, but {groups} ({size} people) still goes"
        " there. Talk to the host.",
    ),
    "people.no_group_may": (
        "geen groep mag hierheen (de groepen zijn groter dan deze plek kan ontvangen)",
        "no group may go here (the groups are larger than this place can receive)",
    ),
    "people.no_group_may_must": (
        "{stop} moet bezocht worden, maar geen groep mag erheen.",
        "{stop} must be visited, but no group may go there.",
    ),
    "people.too_big_must": (
        "{stop} moet bezocht worden, maar ontvangt hooguit {capacity} mensen en de groepen zijn"
        " groter. Maak meer groepen, of verhoog de capaciteit als dat kan.",
        "{stop} must be visited, but receives at most {capacity} people and the groups are"
        " larger. Make more groups, or raise the capacity if possible.",
    ),
    "people.role_leader": ("begeleider", "group leader"),
    "people.role_member": ("deelnemer", "participant"),
    "people.yes": ("ja", "yes"),
    "people.title": ("Groepen", "Groups"),
    "people.heading": ("Groepen voor {title}", "Groups for {title}"),
    "people.group_summary": (
        "{people} mensen uit {units} organisaties. Kaart: {map}",
        "{people} people from {units} organisations. Map: {map}",
    ),
    "people.col_name": ("Naam", "Name"),
    "people.col_unit": ("Organisatie of afdeling", "Organisation or department"),
    "people.col_role": ("Rol", "Role"),
    "people.col_chair": ("Zonder trappen", "Step-free"),
    "people.col_language": ("Taal", "Language"),
    "people.private": (
        "Alleen voor de organisatie: hier staan namen in.",
        "For the organisers only: this lists names.",
    ),
    "people.count_mismatch": (
        "Er staan {listed} mensen in het bestand met deelnemers, maar deelnemers = {given}."
        " safari gebruikt de lijst.",
        "The participants file lists {listed} people, but deelnemers = {given}. safari uses"
        " the list.",
    ),
    "wait.minutes": ("{minutes} min wachten", "{minutes} min waiting"),
    "wait.col": ("Wachten (min)", "Wait (min)"),
    "plan.step_free_note": (
        "Deze route is zonder trappen.",
        "This route has no steps.",
    ),
    "keep.reused": (
        "Er is niets veranderd: safari gebruikt het bewaarde plan ({path}).",
        "Nothing changed: safari uses the kept plan ({path}).",
    ),
    "keep.redrawn": (
        "Alleen teksten, foto's of opties voor de kaarten zijn veranderd: de tijden blijven,"
        " de kaarten zijn opnieuw gemaakt.",
        "Only texts, photos or options for the maps changed: the times stay, the maps were"
        " made again.",
    ),
    "cli.opt.participants": (
        "Bestand met deelnemers (CSV of Excel: naam, organisatie of afdeling, rol, rolstoel,"
        " taal). safari maakt er gemengde groepen van.",
        "Participants file (CSV or Excel: naam, organisatie or afdeling, rol, rolstoel, taal)."
        " safari forms mixed groups from it.",
    ),
    "cli.opt.force": (
        "Maak alles opnieuw: plan de tijden en schrijf elk bestand, ook als niets veranderde.",
        "Make everything anew: plan the times and write every file, even when nothing changed.",
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


_WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def date_text(day: date, *, weekday: bool = False) -> str:
    """A date for people: ``12 maart 2026``, or ``donderdag 12 maart 2026``."""
    lang = language()
    text = f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[lang][day.weekday()]} {text}" if weekday else text


def language_name(code: str) -> str:
    """The name of a story language for its switch, e.g. ``ar`` -> ``العربية``."""
    return LANGUAGE_NAMES.get(code.lower(), code)


def t(key: str, /, **values: object) -> str:
    """Return the text for ``key`` in the user's language, with ``values`` filled in."""
    nl, en = TEXTS[key]
    template = en if language() == "en" else nl
    return template.format(**values)
