"""Tests for the indicator catalogue: ``kloof.catalogue`` and ``kloof/data/catalogue.yaml``.

Small hand-checkable cases for the look-ups and :meth:`Catalogue.derive`, a Hypothesis
property for rates, and real-data checks that every column of the shared CBS files
(KWB 2023 workbook, the OData metadata of 85984NED, four StatLine CSV exports) is known.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kloof.catalogue import KWB_YEARS, Catalogue, Indicator, header_key, load
from kloof.errors import CatalogueError

DOMAINS = frozenset(
    {
        "population",
        "income",
        "work",
        "care",
        "housing",
        "facilities",
        "safety",
        "education",
        "origin",
        "urbanity",
        "area",
        "energy",
        "business",
        "mobility",
    }
)

#: KWB 2023 short names (kwb-2023-transformed.xlsx) and the ids other modules rely on.
KWB_2023_IDS = {
    "a_inw": "inhabitants",
    "a_ongeh": "unmarried",
    "a_gehuwd": "married",
    "a_gesch": "divorced",
    "a_verwed": "widowed",
    "a_nl_all": "origin_netherlands",
    "a_eur_al": "origin_europe",
    "a_neu_al": "origin_outside_europe",
    "a_hh": "households",
    "a_1p_hh": "one_person_households",
    "a_hh_z_k": "households_without_children",
    "a_hh_m_k": "households_with_children",
    "g_hhgro": "household_size_mean",
    "bev_dich": "population_density",
    "g_wozbag": "woz_mean",
    "g_ink_pi": "income_per_inhabitant",
    "p_ink_li": "persons_bottom40_pct",
    "p_ink_hi": "persons_top20_pct",
    "g_hh_sti": "household_income_standardised",
    "p_hh_li": "households_bottom40_pct",
    "p_hh_hi": "households_top20_pct",
    "a_soz_wb": "bijstand_recipients",
    "a_soz_ao": "ao_recipients",
    "a_soz_ww": "ww_recipients",
    "a_soz_ow": "aow_recipients",
    "a_jz_tn": "youth_care_clients",
    "p_jz_tn": "youth_care_pct",
    "a_wmo_t": "wmo_clients",
    "p_wmo_t": "wmo_per_1000",
    "a_pau": "cars",
    "a_bst_b": "cars_petrol",
    "a_bst_nb": "cars_other_fuel",
    "g_pau_hh": "cars_per_household",
    "g_pau_km": "cars_per_km2",
    "g_afs_hp": "distance_gp_km",
    "g_afs_gs": "distance_supermarket_km",
    "g_afs_kv": "distance_daycare_km",
    "g_afs_sc": "distance_school_km",
    "g_3km_sc": "schools_within_3km",
    "ste_mvs": "urbanity_class",
    "ste_oad": "address_density",
}

#: Further fixed ids: (KWB name, OData stem or None) -> id.
OTHER_FIXED_IDS = {
    ("a_woning", "Woningvoorraad"): "dwellings",
    ("a_man", "Mannen"): "men",
    ("a_vrouw", "Vrouwen"): "women",
    ("a_00_14", "k_0Tot15Jaar"): "age_0_14",
    ("a_15_24", "k_15Tot25Jaar"): "age_15_24",
    ("a_25_44", "k_25Tot45Jaar"): "age_25_44",
    ("a_45_64", "k_45Tot65Jaar"): "age_45_64",
    ("a_65_oo", "k_65JaarOfOuder"): "age_65_plus",
    ("p_wcorpw", "InBezitWoningcorporatie"): "social_rent_pct",
    ("p_koopw", "Koopwoningen"): "owner_occupied_pct",
    ("p_huurw", "HuurwoningenTotaal"): "rent_pct",
    ("p_hh_lkk", "HuishoudensMetEenLaagInkomen"): "households_low_income_pct",
    ("p_hh_osm", "HuishOnderOfRondSociaalMinimum"): "households_social_minimum_pct",
    ("p_arb_pp", "Nettoarbeidsparticipatie"): "labour_participation_pct",
}

#: Derived indicators with fixed ids: id -> (numerator, denominator, scale).
FIXED_DERIVED = {
    "bijstand_per_1000": ("bijstand_recipients", "inhabitants", 1000.0),
    "ao_per_1000": ("ao_recipients", "inhabitants", 1000.0),
    "ww_per_1000": ("ww_recipients", "inhabitants", 1000.0),
    "aow_per_1000": ("aow_recipients", "inhabitants", 1000.0),
    "one_person_households_pct": ("one_person_households", "households", 100.0),
    "households_with_children_pct": ("households_with_children", "households", 100.0),
    "age_65_plus_pct": ("age_65_plus", "inhabitants", 100.0),
    "age_0_14_pct": ("age_0_14", "inhabitants", 100.0),
    "origin_outside_europe_pct": ("origin_outside_europe", "inhabitants", 100.0),
    "origin_europe_pct": ("origin_europe", "inhabitants", 100.0),
}

#: Columns of StatLine exports that identify the region rather than measure it.
REGION_HEADERS = frozenset(
    header_key(h)
    for h in (
        "",  # R's row index
        "Wijken en buurten",
        "Regioaanduiding/Gemeentenaam (naam)",
        "Regioaanduiding/Soort regio (omschrijving)",
        "Regioaanduiding/Codering (code)",
        "Regioaanduiding/Indelingswijziging gemeente, wijk, buurt (code)",
        "Regioaanduiding/Indelingswijziging wijken en buurten (code)",
        "Postcode/Meest voorkomende postcode (code)",
    )
)
REGION_ODATA = frozenset(
    {
        "Gemeentenaam_1",
        "SoortRegio_2",
        "Codering_3",
        "IndelingswijzigingGemeenteWijkBuurt_4",
        "MeestVoorkomendePostcode_125",
    }
)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- structure


def test_builtin_catalogue_loads_once(cat: Catalogue) -> None:
    assert len(cat) > 150
    assert load() is cat
    assert "inhabitants" in cat
    assert "no_such_indicator" not in cat
    assert isinstance(cat["woz_mean"], Indicator)


def test_ids_are_unique(cat: Catalogue) -> None:
    ids = [i.id for i in cat]
    assert len(ids) == len(set(ids))


def test_references_exist_and_point_at_counts(cat: Catalogue) -> None:
    for ind in cat:
        refs = [ind.weight] if ind.weight else []
        if ind.derived:
            refs += [ind.derived.numerator, ind.derived.denominator]
        for ref in refs:
            assert ref in cat, f"{ind.id} refers to unknown {ref}"
            assert cat[ref].kind == "count", f"{ind.id} refers to {ref}, not a count"


def test_vocabularies(cat: Catalogue) -> None:
    for ind in cat:
        assert ind.domain in DOMAINS, ind.id
        assert ind.direction in {"higher_is_worse", "higher_is_better", "neutral"}
        assert ind.unit.strip(), ind.id


def test_rates_and_means_carry_a_weight_and_counts_do_not(cat: Catalogue) -> None:
    for ind in cat:
        if ind.kind in ("rate", "mean"):
            assert ind.weight is not None, f"{ind.id} cannot be aggregated without a weight"
        else:
            assert ind.weight is None, ind.id
        if ind.derived is not None:
            assert ind.kind == "rate", ind.id
            assert ind.derived.scale in (100.0, 1000.0), ind.id


def test_sensitive_indicators_are_exactly_the_origin_domain(cat: Catalogue) -> None:
    for ind in cat:
        assert ind.sensitive == (ind.domain == "origin"), ind.id
    for ind_id in ("origin_netherlands", "origin_europe", "origin_outside_europe"):
        assert cat[ind_id].sensitive
    assert cat["origin_outside_europe_pct"].sensitive
    assert not cat["bijstand_per_1000"].sensitive


def test_labels_in_dutch_and_english(cat: Catalogue) -> None:
    for ind in cat:
        assert ind.label.nl.strip() and ind.label.en.strip(), ind.id
        assert ind.text("nl") == ind.label.nl
        assert ind.text("en") == ind.label.en
    assert cat["inhabitants"].text("nl") == "Aantal inwoners"
    assert cat["bijstand_per_1000"].text("en").startswith("Bijstand recipients")


#: Counts no CBS table publishes under a stable column name: imported with a mapping.
MAPPING_ONLY = frozenset(
    {
        "households_problematic_debts",
        "youth_suspects",
        "early_school_leavers",
        "early_school_leaving_pupils",
    }
)


def test_every_indicator_has_a_source_name_or_a_derivation(cat: Catalogue) -> None:
    for ind in cat:
        assert ind.names or ind.derived is not None or ind.sum_of or ind.id in MAPPING_ONLY, ind.id
    for ind_id in MAPPING_ONLY:
        assert "mapping" in cat[ind_id].description, ind_id


def test_education_shares_from_the_three_levels(cat: Catalogue) -> None:
    """10 low, 20 middle, 10 high: 25 % low, 25 % high; a missing level: no share."""
    frame = pd.DataFrame(
        {
            "education_low": [10.0, 5.0],
            "education_middle": [20.0, None],
            "education_high": [10.0, 5],
        }
    )
    out = cat.derive(frame)
    assert out["education_known"].tolist()[0] == 40.0
    assert out.loc[0, ["education_low_pct", "education_high_pct"]].tolist() == [25.0, 25.0]
    assert out.loc[1, ["education_known", "education_low_pct"]].isna().all()
    assert cat.inputs("education_low_pct") >= {"education_known", "education_middle"}


def test_table_lists_every_indicator(cat: Catalogue) -> None:
    table = cat.table("en")
    assert len(table) == len(cat)
    row = table.set_index("id").loc["woz_mean"]
    assert row["kwb"] == "g_woz, g_wozbag"
    assert row["label"] == "Mean WOZ value of dwellings"
    assert bool(table.set_index("id").loc["origin_europe", "sensitive"])


# --------------------------------------------------------------------------- fixed ids


@pytest.mark.parametrize(("name", "expected"), sorted(KWB_2023_IDS.items()))
def test_kwb_2023_names_have_fixed_ids(cat: Catalogue, name: str, expected: str) -> None:
    assert cat.for_source("kwb", name, 2023).id == expected


@pytest.mark.parametrize(("names", "expected"), sorted(OTHER_FIXED_IDS.items()))
def test_other_fixed_ids(cat: Catalogue, names: tuple[str, str], expected: str) -> None:
    kwb, odata = names
    assert cat.for_source("kwb", kwb, 2023).id == expected
    assert cat.for_source("odata", odata).id == expected


@pytest.mark.parametrize(("ind_id", "derivation"), sorted(FIXED_DERIVED.items()))
def test_fixed_derived_indicators(
    cat: Catalogue, ind_id: str, derivation: tuple[str, str, float]
) -> None:
    d = cat[ind_id].derived
    assert d is not None
    assert (d.numerator, d.denominator, d.scale) == derivation
    assert cat[ind_id].weight == derivation[1]


def test_directions_of_key_indicators(cat: Catalogue) -> None:
    worse = ["bijstand_per_1000", "households_low_income_pct", "youth_care_pct", "wmo_per_1000"]
    worse += ["distance_gp_km", "empty_dwellings_pct", "violent_sexual_crime_per_1000"]
    better = ["income_per_inhabitant", "woz_mean", "labour_participation_pct"]
    better += ["schools_within_3km"]
    neutral = ["age_65_plus_pct", "population_density", "urbanity_class", "cars"]
    for ind_id in worse:
        assert cat[ind_id].direction == "higher_is_worse", ind_id
    for ind_id in better:
        assert cat[ind_id].direction == "higher_is_better", ind_id
    for ind_id in neutral:
        assert cat[ind_id].direction == "neutral", ind_id


# --------------------------------------------------------------------------- names by year


@pytest.mark.parametrize("year", list(KWB_YEARS))
def test_woz_short_name_changes_in_2020(cat: Catalogue, year: int) -> None:
    old = cat.find("kwb", "g_woz", year)
    new = cat.find("kwb", "g_wozbag", year)
    if year <= 2019:
        assert old is not None and old.id == "woz_mean"
        assert new is None
        assert cat["woz_mean"].name_in("kwb", year) == "g_woz"
    else:
        assert old is None
        assert new is not None and new.id == "woz_mean"
        assert cat["woz_mean"].name_in("kwb", year) == "g_wozbag"


def test_origin_classification_changes_in_2023(cat: Catalogue) -> None:
    assert cat.for_source("kwb", "a_nw_all", 2022).id == "migration_non_western"
    assert cat.find("kwb", "a_nw_all", 2023) is None
    assert cat.find("kwb", "a_nl_all", 2022) is None
    assert cat.for_source("kwb", "p_w_all", 2013).id == "migration_western_pct"
    assert cat.find("kwb", "a_w_all", 2014) is None
    assert cat.for_source("kwb", "a_w_all", 2015).id == "migration_western"


def test_education_names_by_year(cat: Catalogue) -> None:
    low = cat["education_low"]
    assert low.name_in("kwb", 2021) == "a_opl_lg"
    assert low.name_in("kwb", 2023) == "a_opl_bvm"
    assert low.name_in("kwb", 2024) == "a_opl_bvm"
    assert low.name_in("kwb", 2025) == "a_opl_lg"
    assert cat.find("kwb", "a_opl_lg", 2023) is None


def test_kwb_names_ignore_case_and_padding(cat: Catalogue) -> None:
    assert cat.for_source("kwb", " A_NB_WON ", 2024).id == "new_dwellings"


def test_every_name_resolves_to_its_own_indicator(cat: Catalogue) -> None:
    # a name shared by two indicators in overlapping years would resolve to the first
    years = [None, *range(KWB_YEARS.start - 2, KWB_YEARS.stop + 2)]
    for ind in cat:
        for source, entries in ind.names.items():
            for entry in entries:
                for year in years:
                    if entry.covers(year):
                        found = cat.find(source, entry.name, year)
                        assert found is not None and found.id == ind.id, (
                            f"{source} {entry.name!r} in {year} is {found and found.id}, "
                            f"not {ind.id}"
                        )


def test_unknown_name_raises_with_the_year(cat: Catalogue) -> None:
    with pytest.raises(CatalogueError, match=r"'g_woz' in 2023"):
        cat.for_source("kwb", "g_woz", 2023)
    with pytest.raises(CatalogueError, match="unknown indicator"):
        cat["no_such_indicator"]


# --------------------------------------------------------------------------- odata / statline


def test_odata_stem_and_suffix(cat: Catalogue) -> None:
    assert cat.for_source("odata", "AantalInwoners_5").id == "inhabitants"
    assert cat.for_source("odata", "AantalInwoners").id == "inhabitants"
    assert cat.for_source("odata", "GemiddeldeWOZWaardeVanWoningen_39", 2024).id == "woz_mean"


def test_odata_ambiguous_stems_need_the_full_key(cat: Catalogue) -> None:
    assert cat.for_source("odata", "Nederland_17").id == "origin_netherlands"
    assert cat.for_source("odata", "Nederland_20").id == "born_nl_origin_netherlands"
    assert cat.for_source("odata", "BuitenEuropa_24").id == "born_abroad_origin_outside_europe"
    assert cat.for_source("odata", "Appartement_54", 2024).id == "electricity_apartment"
    assert cat.for_source("odata", "Appartement_62", 2024).id == "gas_apartment"
    assert cat.for_source("odata", "Appartement_48", 2019).id == "electricity_apartment"
    assert cat.for_source("odata", "Appartement_56", 2019).id == "gas_apartment"
    assert cat.find("odata", "Nederland") is None
    assert cat.find("odata", "Appartement") is None
    assert cat.find("odata", "Appartement_56", 2024) is None
    # positions are table-specific: 85618NED (2023) numbers its topics differently
    assert cat.find("odata", "Nederland_17", 2023) is None
    assert cat["origin_netherlands"].name_in("odata", 2024) == "Nederland_17"


def test_odata_full_key_is_tried_before_the_stem(tmp_path: Path) -> None:
    text = """
version: 1
indicators:
  - {id: a, label: {nl: A, en: A}, unit: aantal, domain: area, kind: count,
     names: {odata: [{name: Foo}]}}
  - {id: b, label: {nl: B, en: B}, unit: aantal, domain: area, kind: count,
     names: {odata: [{name: Foo_3}]}}
"""
    small = load(_write(tmp_path, text))
    assert small.for_source("odata", "Foo_3").id == "b"
    assert small.for_source("odata", "Foo_7").id == "a"
    assert small.for_source("odata", "Foo").id == "a"


def test_statline_slash_and_dotted_headers_match(cat: Catalogue) -> None:
    slash = "Wonen/Woningen naar eigendom/Huurwoningen/In bezit woningcorporatie (%)"
    dotted = "Wonen.Woningen.naar.eigendom.Huurwoningen.In.bezit.woningcorporatie...."
    assert header_key(slash) == header_key(dotted)
    assert cat.for_source("statline", slash, 2017).id == "social_rent_pct"
    assert cat.for_source("statline", dotted, 2019).id == "social_rent_pct"
    herkomst = "Bevolking/Bevolking naar herkomst/Herkomstland/Nederland (aantal)"
    assert cat.for_source("statline", herkomst, 2024).id == "origin_netherlands"
    migratie = "Bevolking.Personen.met.een.migratieachtergrond.Niet.westers.Marokko..aantal."
    assert cat.for_source("statline", migratie, 2017).id == "migration_morocco"


# --------------------------------------------------------------------------- loading errors


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    text = """
version: 1
indicators:
  - {id: a, label: {nl: A, en: A}, unit: aantal, domain: area, kind: count}
  - {id: a, label: {nl: A, en: A}, unit: aantal, domain: area, kind: count}
"""
    with pytest.raises(CatalogueError, match="appears twice"):
        load(_write(tmp_path, text))


def test_unknown_references_are_rejected(tmp_path: Path) -> None:
    text = """
version: 1
indicators:
  - {id: r, label: {nl: R, en: R}, unit: "%", domain: area, kind: rate, weight: nobody,
     derived: {numerator: r, denominator: nobody, scale: 100}}
"""
    with pytest.raises(CatalogueError, match="unknown 'nobody'"):
        load(_write(tmp_path, text))


def test_invalid_yaml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="not valid YAML"):
        load(_write(tmp_path, "version: [1\n"))


# --------------------------------------------------------------------------- derive


def test_derive_bijstand_per_1000_by_hand(cat: Catalogue) -> None:
    frame = pd.DataFrame(
        {"bijstand_recipients": [30, 5], "inhabitants": [1500, 0]}, index=["BU1", "BU2"]
    )
    out = cat.derive(frame)
    # 30 / 1500 x 1000 = 20; a zero denominator gives a missing value, not infinity
    assert out.loc["BU1", "bijstand_per_1000"] == pytest.approx(20.0)
    assert math.isnan(out.loc["BU2", "bijstand_per_1000"])
    assert not np.isinf(out["bijstand_per_1000"]).any()
    assert list(frame.columns) == ["bijstand_recipients", "inhabitants"]  # input untouched
    assert "ao_per_1000" not in out  # inputs absent: not derived


def test_derive_keeps_existing_columns_and_missing_values(cat: Catalogue) -> None:
    frame = pd.DataFrame(
        {
            "households": [200.0, np.nan],
            "one_person_households": [50.0, 10.0],
            "one_person_households_pct": [99.0, 99.0],
            "households_with_children": [40.0, 10.0],
        }
    )
    out = cat.derive(frame)
    assert out["one_person_households_pct"].tolist() == [99.0, 99.0]
    assert out.loc[0, "households_with_children_pct"] == pytest.approx(20.0)
    assert math.isnan(out.loc[1, "households_with_children_pct"])


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**6), st.integers(min_value=-5, max_value=10**7)
        ),
        min_size=1,
        max_size=20,
    )
)
def test_derived_rates_are_finite_ratios_or_missing(rows: list[tuple[int, int]]) -> None:
    cat = load()
    frame = pd.DataFrame(rows, columns=["ww_recipients", "inhabitants"])
    rate = cat.derive(frame)["ww_per_1000"]
    assert not np.isinf(rate).any()
    for (num, den), value in zip(rows, rate, strict=True):
        if den > 0:
            assert value == pytest.approx(num / den * 1000)
        else:
            assert math.isnan(value)


# --------------------------------------------------------------------------- real data


@pytest.mark.realdata
def test_every_kwb_2023_column_resolves(cat: Catalogue, shared_data: Path) -> None:
    import openpyxl

    path = shared_data / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        header = [cell.value for cell in next(book.active.iter_rows(max_row=1))]  # type: ignore[union-attr]
    finally:
        book.close()
    assert len(header) == 43
    columns = [str(h) for h in header if h not in ("gwb_code_10", "gm_naam")]
    assert sorted(columns) == sorted(KWB_2023_IDS)
    for column in columns:
        assert cat.for_source("kwb", column, 2023).id == KWB_2023_IDS[column]


@pytest.mark.realdata
def test_every_dataproperties_topic_resolves(cat: Catalogue, shared_data: Path) -> None:
    props = json.loads(
        (shared_data / "cbs-kwb-2024" / "DataProperties.json").read_text(encoding="utf-8")
    )
    by_id = {p["ID"]: p for p in props}
    topics = [p for p in props if p["Type"] == "Topic" and p["Key"] not in REGION_ODATA]
    assert len(topics) == 123
    found: dict[str, str] = {}
    for topic in topics:
        ind = cat.for_source("odata", topic["Key"], 2024)
        assert ind.id not in found, f"{topic['Key']} and {found.get(ind.id)} are both {ind.id}"
        found[ind.id] = topic["Key"]
        assert ind.unit == topic["Unit"].strip(), topic["Key"]
        # the StatLine CSV header is the topic-group path + title + (unit)
        path, parent = [topic["Title"]], topic.get("ParentID")
        while parent is not None:
            path.insert(0, by_id[parent]["Title"])
            parent = by_id[parent].get("ParentID")
        header = "/".join(path) + f" ({topic['Unit']})"
        assert cat.for_source("statline", header, 2024).id == ind.id, header


def _headers(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return next(csv.reader([first], delimiter=delimiter))


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("relative", "year", "n_columns"),
    [
        ("cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv", 2024, 6),
        ("cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv", 2024, 13),
        ("cbs-kwb-amsterdam/Kerncijfers_wijken_en_buurten_2017.csv", 2017, 110),
        ("cbs-kwb-amsterdam/Kerncijfers_wijken_en_buurten_2019.csv", 2019, 118),
    ],
)
def test_every_statline_header_resolves(
    cat: Catalogue, shared_data: Path, relative: str, year: int, n_columns: int
) -> None:
    headers = _headers(shared_data / relative)
    assert len(headers) == n_columns
    unknown = [
        h
        for h in headers
        if header_key(h) not in REGION_HEADERS and cat.find("statline", h, year) is None
    ]
    assert unknown == []
    ids = [
        cat.for_source("statline", h, year).id
        for h in headers
        if header_key(h) not in REGION_HEADERS
    ]
    assert len(ids) == len(set(ids)), "two headers of one export map to the same indicator"


@pytest.mark.realdata
def test_amsterdam_wijk_panel_short_names_resolve(cat: Catalogue, shared_data: Path) -> None:
    panel = pd.read_csv(shared_data / "amsterdam-extra" / "wijken_info.csv")
    for year in sorted(panel["year"].unique()):
        for column in panel.columns.drop(["gwb_code", "year"]):
            assert cat.find("kwb", column, int(year)) is not None, (column, year)
