"""The ten standard WEATs of Caliskan, Bryson & Narayanan (2017, Science 356:183–186,
"Semantics derived automatically from language corpora contain human-like biases"), with their
published word lists and results.

The word lists are those of the paper's supplementary materials (section "List of stimuli"), in
their published order, lowercased because the bundled GloVe 6B has a lowercase vocabulary
("Einstein" is looked up as "einstein"). Where the paper left published words out of its own
test (the names in italics in the supplement), they are left out here too and named in
:attr:`WeatTest.note`, so every set has the size given in the paper's Table 1 (N_T × 2 targets,
N_A × 2 attributes).

``published_d`` and ``published_p`` are the WEAT columns of Table 1 for GloVe trained on the
840-billion-token Common Crawl (300 dimensions); the bundled model is GloVe 6B with 50, so the
figures are a reference, not a target. The lists were checked against two independent public
transcriptions of the supplement (one keeps the italic names with a removal list, the other the
filtered lists) and the WEFE package's data (``wefe/datasets/data/WEAT.json``, which differs in
three places: it keeps Sara and Amber in WEAT 3, and has "bill" for "billy" and "short" for
"short-term"; the supplement is followed here). Of the published figures, WEAT 7's d = 1.06 is
reproduced by the sweater R package's documented example (1.055 on 840B GloVe); the others are
transcribed from Table 1 as printed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class WeatTest:
    """One standard WEAT: targets X and Y, attributes A and B, and what the paper found.

    Attributes
    ----------
    key : short identifier, "weat1" … "weat10".
    title : e.g. "WEAT 1: flowers and insects × pleasant and unpleasant".
    names : the names of the sets X, Y, A, B, e.g. ("Flowers", "Insects", "Pleasant", "Unpleasant").
    x, y, a, b : the words of each set as published, lowercased.
    published_d : the effect size in Table 1 (GloVe, 840B tokens, 300d).
    published_p : the one-sided p-value in Table 1 (an order of magnitude, e.g. 1e-7, except
        WEAT 7's 0.018).
    note : what differs from the source lists (names the paper left out, spelling), or "".
    """

    key: str
    title: str
    names: tuple[str, str, str, str]
    x: tuple[str, ...]
    y: tuple[str, ...]
    a: tuple[str, ...]
    b: tuple[str, ...]
    published_d: float
    published_p: float
    note: str = ""

    @property
    def sets(self) -> tuple[tuple[str, ...], ...]:
        """(x, y, a, b), in the order :func:`core.directions.weat.weat_words` takes them."""
        return self.x, self.y, self.a, self.b

    @property
    def published_p_text(self) -> str:
        """The published p as Table 1 prints it: "≈ 10⁻⁷" for a power of ten, else "= 0.018"."""
        exponent = math.log10(self.published_p)
        if exponent == round(exponent):
            return "≈ 10" + str(round(exponent)).translate(_SUPERSCRIPT)
        return f"= {self.published_p:g}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.lower().split())


# Greenwald, McGhee & Schwartz (1998), via the supplement: WEAT 1 and 2.
FLOWERS = _w(
    "aster clover hyacinth marigold poppy azalea crocus iris orchid rose bluebell daffodil lilac "
    "pansy tulip buttercup daisy lily peony violet carnation gladiola magnolia petunia zinnia"
)
INSECTS = _w(
    "ant caterpillar flea locust spider bedbug centipede fly maggot tarantula bee cockroach gnat "
    "mosquito termite beetle cricket hornet moth wasp blackfly dragonfly horsefly roach weevil"
)
INSTRUMENTS = _w(
    "bagpipe cello guitar lute trombone banjo clarinet harmonica mandolin trumpet bassoon drum "
    "harp oboe tuba bell fiddle harpsichord piano viola bongo flute horn saxophone violin"
)
WEAPONS = _w(
    "arrow club gun missile spear axe dagger harpoon pistol sword blade dynamite hatchet rifle "
    "tank bomb firearm knife shotgun teargas cannon grenade mace slingshot whip"
)
PLEASANT = _w(
    "caress freedom health love peace cheer friend heaven loyal pleasure diamond gentle honest "
    "lucky rainbow diploma gift honor miracle sunrise family happy laughter paradise vacation"
)
UNPLEASANT = _w(
    "abuse crash filth murder sickness accident death grief poison stink assault disaster "
    "hatred pollute tragedy divorce jail poverty ugly cancer kill rotten vomit agony prison"
)
# WEAT 3 and 4 use another unpleasant list: bomb and evil in place of agony and prison.
UNPLEASANT_NAMES = _w(
    "abuse crash filth murder sickness accident death grief poison stink assault disaster "
    "hatred pollute tragedy bomb divorce jail poverty ugly cancer evil kill rotten vomit"
)
# Greenwald et al. (1998) names less those in italics in the supplement (see WEAT 3's note).
EUROPEAN_NAMES_1998 = _w(
    "Adam Harry Josh Roger Alan Frank Justin Ryan Andrew Jack Matthew Stephen Brad Greg Paul "
    "Jonathan Peter Amanda Courtney Heather Melanie Katie Betsy Kristin Nancy Stephanie Ellen "
    "Lauren Colleen Emily Megan Rachel"
)
AFRICAN_NAMES_1998 = _w(
    "Alonzo Jamel Theo Alphonse Jerome Leroy Torrance Darnell Lamar Lionel Tyree Deion Lamont "
    "Malik Terrence Tyrone Lavon Marcellus Wardell Nichelle Shereen Ebony Latisha Shaniqua "
    "Jasmine Tanisha Tia Lakisha Latoya Yolanda Malika Yvette"
)
# Bertrand & Mullainathan (2004) names less Jay, Kristen, Tremayne and Latonya (see WEAT 4).
EUROPEAN_NAMES_2004 = _w(
    "Brad Brendan Geoffrey Greg Brett Matthew Neil Todd Allison Anne Carrie Emily Jill Laurie "
    "Meredith Sarah"
)
AFRICAN_NAMES_2004 = _w(
    "Darnell Hakim Jermaine Kareem Jamal Leroy Rasheed Tyrone Aisha Ebony Keisha Kenya Lakisha "
    "Latoya Tamika Tanisha"
)
# Nosek, Banaji & Greenwald (2002): the shorter lists of WEAT 5 to 10.
PLEASANT_SHORT = _w("joy love peace wonderful pleasure friend laughter happy")
UNPLEASANT_SHORT = _w("agony terrible horrible nasty evil war awful failure")
MALE_NAMES = _w("John Paul Mike Kevin Steve Greg Jeff Bill")
FEMALE_NAMES = _w("Amy Joan Lisa Sarah Diana Kate Ann Donna")
CAREER = _w("executive management professional corporation salary office business career")
FAMILY = _w("home parents children family cousins marriage wedding relatives")
MATH = _w("math algebra geometry calculus equations computation numbers addition")
ARTS = _w("poetry art dance literature novel symphony drama sculpture")
MALE_TERMS = _w("male man boy brother he him his son")
FEMALE_TERMS = _w("female woman girl sister she her hers daughter")
SCIENCE = _w("science technology physics chemistry Einstein NASA experiment astronomy")
ARTS_8 = _w("poetry art Shakespeare dance literature novel symphony drama")
MALE_TERMS_8 = _w("brother father uncle grandfather son he his him")
FEMALE_TERMS_8 = _w("sister mother aunt grandmother daughter she hers her")
MENTAL_DISEASE = _w("sad hopeless gloomy tearful miserable depressed")
PHYSICAL_DISEASE = _w("sick illness influenza disease virus cancer")
TEMPORARY = _w("impermanent unstable variable fleeting short-term brief occasional")
PERMANENT = _w("stable always constant persistent chronic prolonged forever")
YOUNG_NAMES = _w("Tiffany Michelle Cindy Kristy Brad Eric Joey Billy")
OLD_NAMES = _w("Ethel Bernice Gertrude Agnes Cecil Wilbert Mortimer Edgar")

_RACE = ("European American names", "African American names", "Pleasant", "Unpleasant")
_NOTE_1998 = (
    "Greenwald et al. (1998) list 50 names a side; as in the paper, the 18 a side set in italics "
    "in its supplement are left out (African American names too rare in the 840B corpus, and as "
    "many European American names chosen at random): chip, ian, fred, jed, todd, brandon, hank, "
    "wilbur, sara, amber, crystal, meredith, shannon, donna, bobbie-sue, peggy, sue-ellen, wendy; "
    "lerone, percell, rasaan, rashaun, everol, terryl, aiesha, lashelle, temeka, tameisha, "
    "teretha, latonya, shanise, sharise, tashika, lashandra, shavonn, tawanda."
)
_NOTE_2004 = (
    "Bertrand & Mullainathan (2004) list 18 names a side; as in the paper, jay and kristen, "
    "tremayne and latonya (in italics in its supplement) are left out."
)


def _test(key: str, title: str, names: tuple[str, str, str, str], sets, d: float, p: float,
          note: str = "") -> WeatTest:  # fmt: skip
    return WeatTest(key, title, names, *sets, published_d=d, published_p=p, note=note)


STANDARD: dict[str, WeatTest] = {
    t.key: t
    for t in (
        _test(
            "weat1", "WEAT 1: flowers and insects × pleasant and unpleasant",
            ("Flowers", "Insects", "Pleasant", "Unpleasant"),
            (FLOWERS, INSECTS, PLEASANT, UNPLEASANT), 1.50, 1e-7,
        ),
        _test(
            "weat2", "WEAT 2: instruments and weapons × pleasant and unpleasant",
            ("Instruments", "Weapons", "Pleasant", "Unpleasant"),
            (INSTRUMENTS, WEAPONS, PLEASANT, UNPLEASANT), 1.53, 1e-7,
        ),
        _test(
            "weat3", "WEAT 3: European and African American names × pleasant and unpleasant",
            _RACE, (EUROPEAN_NAMES_1998, AFRICAN_NAMES_1998, PLEASANT, UNPLEASANT_NAMES),
            1.41, 1e-8, _NOTE_1998,
        ),
        _test(
            "weat4", "WEAT 4: Bertrand & Mullainathan's names × pleasant and unpleasant",
            _RACE, (EUROPEAN_NAMES_2004, AFRICAN_NAMES_2004, PLEASANT, UNPLEASANT_NAMES),
            1.50, 1e-4, _NOTE_2004,
        ),
        _test(
            "weat5", "WEAT 5: Bertrand & Mullainathan's names × Nosek et al.'s pleasant and "
            "unpleasant",
            _RACE, (EUROPEAN_NAMES_2004, AFRICAN_NAMES_2004, PLEASANT_SHORT, UNPLEASANT_SHORT),
            1.28, 1e-3, _NOTE_2004,
        ),
        _test(
            "weat6", "WEAT 6: male and female names × career and family",
            ("Male names", "Female names", "Career", "Family"),
            (MALE_NAMES, FEMALE_NAMES, CAREER, FAMILY), 1.81, 1e-3,
        ),
        _test(
            "weat7", "WEAT 7: maths and arts × male and female terms",
            ("Math", "Arts", "Male terms", "Female terms"),
            (MATH, ARTS, MALE_TERMS, FEMALE_TERMS), 1.06, 0.018,
        ),
        _test(
            "weat8", "WEAT 8: science and arts × male and female terms",
            ("Science", "Arts", "Male terms", "Female terms"),
            (SCIENCE, ARTS_8, MALE_TERMS_8, FEMALE_TERMS_8), 1.24, 1e-2,
        ),
        _test(
            "weat9", "WEAT 9: mental and physical disease × temporary and permanent",
            ("Mental disease", "Physical disease", "Temporary", "Permanent"),
            (MENTAL_DISEASE, PHYSICAL_DISEASE, TEMPORARY, PERMANENT), 1.38, 1e-2,
            "The supplement has short-term (its word2vec runs used short instead).",
        ),
        _test(
            "weat10", "WEAT 10: young and old people's names × pleasant and unpleasant",
            ("Young people's names", "Old people's names", "Pleasant", "Unpleasant"),
            (YOUNG_NAMES, OLD_NAMES, PLEASANT_SHORT, UNPLEASANT_SHORT), 1.21, 1e-2,
        ),
    )
}  # fmt: skip
