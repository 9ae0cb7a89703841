"""The geocoder, table-driven, against the real gazetteer."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from geo import cli
from geo._answers import CONFIDENCE
from geo.geocode import Context, parse_chain, resolve

D2017 = dt.date(2017, 6, 1)
D2021 = dt.date(2021, 1, 1)
D2026 = dt.date(2026, 1, 1)

XUAN_MAI = "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn"
ROOT = Path(__file__).resolve().parent.parent
MAI_PHA = "Xã Mai Pha, thành phố Lạng Sơn, tỉnh Lạng Sơn"
TRUNG_QUAN = "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn"

RESOLVED = [
    # The three seed communes in every format.
    ("xã Xuân Mai, huyện Văn Quan", D2017, None, XUAN_MAI),
    ("Xã Xuân Mai, Huyện Văn Quan, Tỉnh Lạng Sơn", D2017, None, XUAN_MAI),
    ("xa xuan mai huyen van quan", D2017, None, XUAN_MAI),
    ("X. Xuân Mai, H. Văn Quan", D2017, None, XUAN_MAI),
    ("xã Xuân Mai (huyện Văn Quan, tỉnh Lạng Sơn)", D2017, None, XUAN_MAI),
    ("huyện Văn Quan, xã Xuân Mai", D2017, None, XUAN_MAI),
    ("Xuân Mai", D2017, "Lạng Sơn", XUAN_MAI),
    ("xuan mai", D2017, "Lạng Sơn", XUAN_MAI),
    ("xã Mai Pha, thành phố Lạng Sơn", D2017, None, MAI_PHA),
    ("X. Mai Pha, TP. Lạng Sơn", D2017, None, MAI_PHA),
    ("xa mai pha tp lang son", D2017, None, MAI_PHA),
    ("Mai Pha (TP Lạng Sơn)", D2017, None, MAI_PHA),
    ("TP. Lạng Sơn, X. Mai Pha", D2017, None, MAI_PHA),
    ("Mai Pha", D2017, "Lạng Sơn", MAI_PHA),
    ("xã Trùng Quán, huyện Văn Lãng", D2017, None, TRUNG_QUAN),
    ("xa trung quan huyen van lang", D2017, None, TRUNG_QUAN),
    ("X.Trùng Quán - H.Văn Lãng", D2017, None, TRUNG_QUAN),
    ("xã Trùng Quán (huyện Văn Lãng, tỉnh Lạng Sơn)", D2017, None, TRUNG_QUAN),
    ("huyện Văn Lãng xã Trùng Quán", D2017, None, TRUNG_QUAN),
    ("Trùng Quán", D2017, "Lạng Sơn", TRUNG_QUAN),
    (
        "xã Quốc Khánh (huyện Tràng Định, tỉnh Lạng Sơn)",
        D2017,
        None,
        "Xã Quốc Khánh, huyện Tràng Định, tỉnh Lạng Sơn",
    ),
    # A name the two sources spell differently (Vỹ / Vĩ) is one commune, before and after 2019.
    (
        "xã Ô Long Vĩ, huyện Châu Phú, tỉnh An Giang",
        D2017,
        None,
        "Xã Ô Long Vĩ, huyện Châu Phú, tỉnh An Giang",
    ),
    ("xã Ô Long Vỹ, huyện Châu Phú", D2021, None, "Xã Ô Long Vĩ, huyện Châu Phú, tỉnh An Giang"),
    # Same names at other levels and in other provinces.
    (
        "thị trấn Xuân Mai, huyện Chương Mỹ, Hà Nội",
        D2017,
        None,
        "Thị trấn Xuân Mai, huyện Chương Mỹ, thành phố Hà Nội",
    ),
    ("TT. Xuân Mai", D2017, None, "Thị trấn Xuân Mai, huyện Chương Mỹ, thành phố Hà Nội"),
    ("huyện Chi Lăng", D2017, None, "Huyện Chi Lăng, tỉnh Lạng Sơn"),
    ("xã Chi Lăng, huyện Tràng Định", D2017, None, "Xã Chi Lăng, huyện Tràng Định, tỉnh Lạng Sơn"),
    (
        "phường Chi Lăng, thành phố Lạng Sơn",
        D2017,
        None,
        "Phường Chi Lăng, thành phố Lạng Sơn, tỉnh Lạng Sơn",
    ),
    ("thành phố Lạng Sơn", D2017, None, "Thành phố Lạng Sơn, tỉnh Lạng Sơn"),
    ("TP. Lạng Sơn", D2017, None, "Thành phố Lạng Sơn, tỉnh Lạng Sơn"),
    ("tỉnh Lạng Sơn", D2017, None, "Tỉnh Lạng Sơn"),
    ("Lạng Sơn", D2017, None, "Tỉnh Lạng Sơn"),
    # Units of the 2020 and 2025 vintages at their own dates.
    ("xã Bắc Hùng, huyện Văn Lãng", D2021, None, "Xã Bắc Hùng, huyện Văn Lãng, tỉnh Lạng Sơn"),
    ("xã Na Sầm, tỉnh Lạng Sơn", D2026, None, "Xã Na Sầm, tỉnh Lạng Sơn"),
    ("phường Đông Kinh, Lạng Sơn", D2026, None, "Phường Đông Kinh, tỉnh Lạng Sơn"),
    ("xã Xuân Mai, Hà Nội", D2026, None, "Xã Xuân Mai, thành phố Hà Nội"),
    # A name that holds a type word.
    ("xã Tứ Xã, huyện Lâm Thao", D2017, None, "Xã Tứ Xã, huyện Lâm Thao, tỉnh Phú Thọ"),
    ("xã Tứ Xã", D2017, None, "Xã Tứ Xã, huyện Lâm Thao, tỉnh Phú Thọ"),
    # The one province renamed: "Huế" names the province only from 1 January 2025.
    ("Huế", D2017, None, "Thành phố Huế, tỉnh Thừa Thiên Huế"),
    ("Huế", D2021, None, "Thành phố Huế"),  # no record of the city for 2020–2024: the province
    ("tỉnh Thừa Thiên Huế", D2017, None, "Thành phố Huế"),
    ("Huế", D2026, None, "Thành phố Huế"),
    # Numbered units and abbreviations.
    ("P.1, Q.3, TP.HCM", D2017, None, "Phường 1, quận 3, thành phố Hồ Chí Minh"),
    ("Quận 3, TP. Hồ Chí Minh", D2021, None, "Quận 3, thành phố Hồ Chí Minh"),
]


@pytest.mark.parametrize(("query", "as_of", "province", "path"), RESOLVED)
def test_resolves(gazetteer, query, as_of, province, path):
    context = Context(province=gazetteer.province(province, as_of)) if province else None
    result = resolve(query, gazetteer, as_of, context)
    assert result.status == "resolved", result.message
    assert gazetteer.path(result.unit) == path
    assert 0.5 <= result.confidence <= 1.0


def test_confidence_is_lower_for_a_bare_name_than_a_full_chain(gazetteer):
    full = resolve("tỉnh Lạng Sơn", gazetteer, D2017)
    bare = resolve("Lạng Sơn", gazetteer, D2017)
    assert bare.unit.id == full.unit.id
    assert bare.confidence < full.confidence
    city = next(c for c in bare.candidates if c.unit.type == "thành phố")
    assert city.reason.startswith("ranked lower")


@pytest.mark.parametrize(
    ("query", "as_of", "expected_valid_to"),
    [
        # A text of 2021 naming a commune dissolved in the 2019-2020 mergers: other vintage, flagged.
        ("xã Xuân Mai, huyện Văn Quan", D2021, "2019-12-31"),
        # A text of 2026 naming a commune that ended on 30 Jun 2025.
        ("xã Mai Pha, thành phố Lạng Sơn", D2026, "2025-06-30"),
    ],
)
def test_falls_back_to_other_vintages_with_a_flag(gazetteer, query, as_of, expected_valid_to):
    result = resolve(query, gazetteer, as_of)
    assert result.status == "resolved"
    assert result.unit.valid_to == expected_valid_to
    assert "other_vintage" in result.flags
    assert "not valid on" in result.message
    assert result.confidence < 1.0


def test_2025_unit_named_with_its_abolished_district(gazetteer):
    result = resolve("xã Na Sầm, huyện Văn Lãng", gazetteer, D2026)
    assert result.status == "resolved"
    assert result.unit.vintage == "2025" and result.unit.name == "Na Sầm"


def test_other_diacritics_resolve_with_a_flag_and_less_confidence(gazetteer):
    # "Tứ" and "Tư" are different words: the one unit so spelled without marks, but not for sure.
    result = resolve("xã Tứ", gazetteer, D2017)
    assert result.status == "resolved" and result.unit.name == "Tư"
    assert "diacritics_differ" in result.flags
    assert result.confidence < resolve("xã Tư", gazetteer, D2017).confidence
    assert "other diacritics" in result.message


@pytest.mark.parametrize(
    ("query", "unit_name"),
    [
        ("Thừa Thiên Huế", "Huế"),  # the province's older name: its own diacritics
        ("tỉnh Thừa Thiên Huế", "Huế"),
        ("huyện Quế Võ, Bắc Ninh", "Quế Võ"),  # an older type
    ],
)
def test_older_names_written_with_their_diacritics_are_not_flagged(gazetteer, query, unit_name):
    result = resolve(query, gazetteer, D2021)
    assert result.status == "resolved" and result.unit.name == unit_name
    assert "diacritics_differ" not in result.flags and result.confidence == CONFIDENCE["chain"]


def test_lang_son_xuan_mai_is_never_sent_to_ha_noi(gazetteer):
    ls = gazetteer.province("Lạng Sơn", D2017)
    result = resolve("xã Xuân Mai", gazetteer, D2017, Context(province=ls))
    assert result.unit.province == "Lạng Sơn"
    hanoi = [c for c in result.candidates if c.unit.province == "Hà Nội"]
    assert hanoi and all(c.score < result.candidates[0].score for c in hanoi)


def test_never_picks_across_provinces_silently(gazetteer):
    # The only "thị trấn Xuân Mai" is in Hà Nội; the Lạng Sơn article's Xuân Mai is a xã:
    # neither wins silently.
    ls = gazetteer.province("Lạng Sơn", D2017)
    result = resolve("thị trấn Xuân Mai", gazetteer, D2017, Context(province=ls))
    assert result.status == "ambiguous"
    tied = {c.unit.province for c in result.candidates if c.reason.endswith("tied")}
    assert tied == {"Hà Nội", "Lạng Sơn"}
    # With the district named, Hà Nội's is chosen, and the answer says it is outside Lạng Sơn.
    result = resolve("thị trấn Xuân Mai, huyện Chương Mỹ", gazetteer, D2017, Context(province=ls))
    assert result.unit.province == "Hà Nội"
    assert "outside_context_province" in result.flags
    assert "outside" in result.message
    assert result.confidence < 0.7


@pytest.mark.parametrize(
    ("query", "as_of", "province", "paths"),
    [
        (
            "xã Tân Thành",
            D2017,
            "Lạng Sơn",
            {
                "Xã Tân Thành, huyện Hữu Lũng, tỉnh Lạng Sơn",
                "Xã Tân Thành, huyện Cao Lộc, tỉnh Lạng Sơn",
                "Xã Tân Thành, huyện Bắc Sơn, tỉnh Lạng Sơn",
            },
        ),
        (
            "Hoàng Văn Thụ",
            D2017,
            "Lạng Sơn",
            {
                "Xã Hoàng Văn Thụ, huyện Bình Gia, tỉnh Lạng Sơn",
                "Xã Hoàng Văn Thụ, huyện Văn Lãng, tỉnh Lạng Sơn",
                "Phường Hoàng Văn Thụ, thành phố Lạng Sơn, tỉnh Lạng Sơn",
            },
        ),
    ],
)
def test_ambiguous_lists_every_candidate_with_its_path(gazetteer, query, as_of, province, paths):
    result = resolve(query, gazetteer, as_of, Context(province=gazetteer.province(province)))
    assert result.status == "ambiguous"
    assert result.unit is None
    tied = {gazetteer.path(c.unit) for c in result.candidates if c.reason.endswith("tied")}
    assert tied == paths
    for path in paths:
        assert path in result.message


@pytest.mark.parametrize(
    ("query", "as_of", "suggestion"),
    [
        # Two edits away (one typo is read as the name it misspells).
        ("xã Xuan Maiii, huyện Văn Quan", D2017, XUAN_MAI),
        ("xã Trung Quangg, huyện Văn Lãng", D2017, TRUNG_QUAN),
        ("xã Mai Phaaa, TP Lạng Sơn", D2017, MAI_PHA),
    ],
)
def test_not_found_suggests_close_names_inside_the_named_parent(gazetteer, query, as_of, suggestion):
    result = resolve(query, gazetteer, as_of)
    assert result.status == "not_found"
    assert result.suggestions[0] == suggestion
    assert suggestion in result.message


@pytest.mark.parametrize("query", ["", "   ", "?!", "12345", "xã", "zzz qqq"])
def test_text_without_a_place_is_not_found(gazetteer, query):
    assert resolve(query, gazetteer, D2017).status == "not_found"


SON_THUY = "Xã Sơn Thủy, huyện Văn Bàn, tỉnh Lào Cai"
CHI_LANG_WARD = "Phường Chi Lăng, thành phố Lạng Sơn, tỉnh Lạng Sơn"


@pytest.mark.parametrize(
    ("query", "path", "set_aside"),
    [
        # A village, a street, a house number: set aside; the unit that holds them is the answer.
        ("thôn Nà Nọi, xã Sơn Thủy, huyện Văn Bàn", SON_THUY, "thôn Nà Nọi"),
        ("thon na noi xa son thuy huyen van ban", SON_THUY, "thon na noi"),
        ("Bản Nà Nọi - xã Sơn Thủy - huyện Văn Bàn", SON_THUY, "Bản Nà Nọi"),
        # "Trần Phú" is also the name of wards elsewhere: here it is a street.
        ("số 5 đường Trần Phú, phường Chi Lăng, thành phố Lạng Sơn", CHI_LANG_WARD, "số 5 đường Trần Phú"),
        ("tổ 3, khối 2, phường Chi Lăng, TP Lạng Sơn", CHI_LANG_WARD, "tổ 3; khối 2"),
    ],
)
def test_places_below_the_commune_are_set_aside_and_said(gazetteer, query, path, set_aside):
    result = resolve(query, gazetteer, D2017)
    assert (result.status, result.message.split(" (")[0]) == ("resolved", path)
    assert result.flags == ["below_commune"] and result.confidence == CONFIDENCE["chain"]
    assert f"holds {set_aside}, below the commune level" in result.message


@pytest.mark.parametrize(
    "query",
    # Names that begin with such a word are names: a city, a commune, a ward.
    ["Buôn Ma Thuột", "xã Bản Qua, huyện Bát Xát", "Bản Qua (Lào Cai)", "thành phố Buôn Ma Thuột"],
)
def test_names_that_begin_with_a_village_word_are_still_names(gazetteer, query):
    result = resolve(query, gazetteer, D2017)
    assert result.status == "resolved" and result.flags == []
    assert query.split(",")[0].split("(")[0].strip().lower().endswith(result.unit.name.lower())


@pytest.mark.parametrize(
    "query",
    [
        "Xã Xuân Mai, Huyện Văn Quan, Lạng Sơn, Việt Nam",
        "xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn 240000, Vietnam",
        "xa xuan mai huyen van quan tinh lang son viet nam",
    ],
)
def test_country_and_postal_code_close_an_address_without_changing_it(gazetteer, query):
    result = resolve(query, gazetteer, D2017)
    assert result.status == "resolved" and result.message == XUAN_MAI
    assert result.flags == [] and result.confidence == CONFIDENCE["chain"]


def test_words_that_fit_no_reading_are_said_and_lower_the_confidence(gazetteer):
    # The commune's part is garbled: the answer is the district, saying what was left out.
    result = resolve("Xãk Sơnn Thủyy Bản, huyện Văn Bàn, tỉnh Lào Cai", gazetteer, D2017)
    assert result.status == "resolved" and result.unit.level == "district"
    assert result.flags == ["words_ignored"] and result.confidence < 1.0
    assert "not understood, left out: Xãk Sơnn Thủyy Bản" in result.message


@pytest.mark.parametrize("query", ["XãkSơn Thủy, huyện Văn Bàn, tỉnh Lào Cai", "Xãk Sơn Thủy, huyện Văn Bàn"])
def test_a_word_glued_at_a_capital_is_two_as_the_reader_cuts_it(gazetteer, query):
    # "XãkSơn": a small letter before a capital ends a word, as in articles; the garbled "Xãk" is
    # left out and said, "Sơn Thủy" is the commune of Văn Bàn.
    result = resolve(query, gazetteer, D2017)
    assert result.status == "resolved" and (result.unit.type, result.unit.name) == ("xã", "Sơn Thủy")
    assert gazetteer.units[result.unit.parent_id].name == "Văn Bàn"
    assert result.flags == ["words_ignored"] and "not understood, left out: Xãk)" in result.message


@pytest.mark.parametrize(
    ("query", "why", "suggestion"),
    [
        ("thôn Trần Phú", "only a place below the commune (thôn Trần Phú)", None),
        ("Xuân Maii", "no unit named Xuân Maii", XUAN_MAI),  # a bare name, misspelt
    ],
)
def test_text_naming_no_unit_says_why_with_suggestions(gazetteer, query, why, suggestion):
    result = resolve(query, gazetteer, D2017, Context(province=gazetteer.province("Lạng Sơn")))
    assert result.status == "not_found"
    assert why in result.message
    assert (result.suggestions[:1] or [None])[0] == suggestion


@pytest.mark.parametrize(
    "query",
    [
        "các xã Xuân Mai, Tràng Các",
        "xã Xuân Mai và xã Tràng Các, huyện Văn Quan",
        "Xuân Mai, Tràng Các (Văn Quan)",
    ],
)
def test_a_list_of_places_is_named_as_such(gazetteer, query):
    result = resolve(query, gazetteer, D2017)
    assert result.status == "not_found" and result.flags == ["several_places"]
    assert result.suggestions == [XUAN_MAI, "Xã Tràng Các, huyện Văn Quan, tỉnh Lạng Sơn"]
    assert "names several places" in result.message and "one place at a time" in result.message


def test_a_wrong_parent_is_not_taken_for_a_list(gazetteer):
    result = resolve("xã Xuân Mai, huyện Cao Lộc", gazetteer, D2017)
    assert result.status == "not_found" and result.flags == []
    assert "not in huyện Cao Lộc" in result.message


def test_a_text_far_longer_than_a_place_is_not_read(gazetteer):
    text = "xã Xuân Mai, huyện Văn Quan " * 40  # an article pasted in by mistake, say
    result = resolve(text, gazetteer, D2017)
    assert result.status == "not_found" and result.candidates == []
    assert f"a text of {len(text):,} characters" in result.message and "one place per line" in result.message


def test_parse_chain_reads_types_and_names(gazetteer):
    parts = parse_chain("xa trung quan huyen van lang", gazetteer.by_key)
    assert [(p.type, p.name) for p in parts] == [("xã", "trung quan"), ("huyện", "van lang")]
    parts = parse_chain("xã Quan Sơn, huyện Chi Lăng", gazetteer.by_key)
    assert [(p.type, p.name) for p in parts] == [("xã", "Quan Sơn"), ("huyện", "Chi Lăng")]


def test_geocode_command_json_lines_in_input_order(capsys, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("xã Tân Thành\nxã Mai Pha, TP Lạng Sơn\n\nxã Không Có\n", encoding="utf-8")
    code = cli.main(
        [
            "geocode",
            "xã Xuân Mai, huyện Văn Quan",
            "--from-file",
            str(queries),
            "--as-of",
            "2017-06-01",
            "--province",
            "Lạng Sơn",
            "--json",
        ]
    )
    assert code == 1
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["query"] for a in answers] == [
        "xã Xuân Mai, huyện Văn Quan",
        "xã Tân Thành",
        "xã Mai Pha, TP Lạng Sơn",
        "xã Không Có",
    ]
    assert [a["status"] for a in answers] == ["resolved", "ambiguous", "resolved", "not_found"]
    unit = answers[0]["unit"]
    assert set(unit) >= {
        "id",
        "name",
        "type",
        "level",
        "code",
        "province",
        "district",
        "valid_from",
        "valid_to",
        "lat",
        "lon",
        "current",
    }
    assert (unit["name"], unit["type"], unit["district"]) == ("Xuân Mai", "xã", "Văn Quan")
    assert unit["current"][0]["name"] == "Yên Phúc" and unit["current"][0]["share"] == 1.0
    city = json.loads(json.dumps(answers[2]["unit"]))
    assert city["code"] == "05992"


@pytest.mark.parametrize(
    ("query", "as_of", "province"),
    [
        (XUAN_MAI, D2017, None),  # the exact-address path
        ("Xuân Mai", D2017, "Lạng Sơn"),  # the full resolver, with context
        ("Xuân Mai, Văn Quan", D2017, None),  # candidates kept and dropped
        ("xã Bắc Hùng, huyện Văn Lãng", D2026, None),  # another vintage: a flag
        ("xã Tân Thành", D2017, "Lạng Sơn"),  # ambiguous: several candidates
        ("xã Xuan Maii, huyện Văn Quan", D2017, None),  # not found: suggestions
        ('Xã "Mai" Pha\\ \t TP Lạng Sơn', D2017, None),  # quotes, a backslash and a tab to escape
        ("tỉnh Lạng Sơn", D2017, None),  # a province: no district, no current units
        ("", D2017, None),
    ],
)
def test_json_line_is_the_json_of_the_answer(gazetteer, query, as_of, province):
    context = Context(province=gazetteer.province(province)) if province else None
    result = resolve(query, gazetteer, as_of, context)
    expected = json.dumps(result.to_json(gazetteer), ensure_ascii=False)
    assert result.json_line(gazetteer) == expected
    assert result.json_line(gazetteer) == expected  # again, from what the first call kept


def test_json_lines_of_answers_naming_one_unit_differ_only_where_the_answers_do(gazetteer):
    # The same unit, written two ways and asked on two dates: each line its own query and date.
    for query, as_of in [(XUAN_MAI, D2017), ("xa xuan mai huyen van quan", D2017), (XUAN_MAI, D2021)]:
        result = resolve(query, gazetteer, as_of)
        assert result.json_line(gazetteer) == json.dumps(result.to_json(gazetteer), ensure_ascii=False)


def test_answers_kept_for_reuse_do_not_grow_with_distinct_queries(gazetteer):
    # A batch of many distinct texts keeps one serialised answer per unit, not one per text.
    unanswered = ["xã Xuân Mai, huyện Cao Lộc", "Xuân Mai (huyện Cao Lộc)", "xa xuan mai, h. cao loc"]
    resolved = [XUAN_MAI, "X. Xuân Mai, H. Văn Quan", "xa xuan mai huyen van quan tinh lang son"]
    results = [resolve(q, gazetteer, D2017, suggest=False) for q in unanswered]
    results += [resolve(q, gazetteer, D2017) for q in resolved]
    assert [r.status for r in results] == ["not_found"] * 3 + ["resolved"] * 3
    before = len(gazetteer.answer_cache)
    for result in results:
        assert result.json_line(gazetteer) == json.dumps(result.to_json(gazetteer), ensure_ascii=False)
    assert len(gazetteer.answer_cache) <= before + 1


def test_gazetteer_that_has_answered_can_be_sent_to_another_process(gazetteer):
    # Dask sends the gazetteer to its workers by pickling it: what a process fills while it
    # answers (parts read, answers serialised) stays behind, and the copy answers the same.
    queries = [XUAN_MAI, "xa trung quan huyen van lang", "Xuân Mai"]
    before = [resolve(q, gazetteer, D2017).json_line(gazetteer) for q in queries]
    assert len(gazetteer.written_parts) > 0 and len(gazetteer.answer_cache) > 0
    copy = pickle.loads(pickle.dumps(gazetteer))
    assert "written_parts" not in copy.__dict__ and copy.answer_cache == {}
    assert [resolve(q, copy, D2017).json_line(copy) for q in queries] == before


def test_geocode_command_answers_a_long_file_in_order(capsys, tmp_path):
    # More queries than one block of output: every answer, once, in input order.
    places = ["xã Xuân Mai, huyện Văn Quan", "xã Mai Pha, TP Lạng Sơn", "xã Trùng Quán, huyện Văn Lãng"]
    queries = [f"{places[i % 3]}, tỉnh Lạng Sơn" if i % 2 else places[i % 3] for i in range(700)]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    assert cli.main(["geocode", "--from-file", str(path), "--as-of", "2017-06-01", "--json"]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["query"] for a in answers] == queries
    assert {a["unit"]["name"] for a in answers} == {"Xuân Mai", "Mai Pha", "Trùng Quán"}


def test_geocode_command_answers_standard_input_line_by_line(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("xã Mai Pha, TP Lạng Sơn\n\nxã Không Có\n"))
    assert cli.main(["geocode", "--from-file", "-", "--as-of", "2017-06-01", "--json"]) == 1
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["status"] for a in answers] == ["resolved", "not_found"]


def test_geocode_command_all_resolved_exits_0(capsys):
    assert cli.main(["geocode", "thành phố Lạng Sơn", "--as-of", "2017-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Thành phố Lạng Sơn, tỉnh Lạng Sơn" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["geocode"], 2, "give at least one QUERY"),
        (["geocode", "x", "--from-file", "missing.txt"], 1, "does not exist"),
        (["geocode", "x", "--from-file", "."], 1, "is a folder"),
    ],
)
def test_geocode_command_usage_errors(capsys, argv, code, message):
    assert cli.main(argv) == code
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""  # a wrong file is found before any answer is written


def test_geocode_command_stops_quietly_when_its_reader_does(tmp_path):
    # "geocode --from-file big.txt --json | head -1": the pipe closes after one line.
    path = tmp_path / "q.txt"
    path.write_text(f"{XUAN_MAI}\n" * 5000, encoding="utf-8")
    command = [sys.executable, str(ROOT / "build_map.py"), "geocode", "--from-file", str(path), "--json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) as process:
        first = process.stdout.readline()
        process.stdout.close()  # as head does once it has its line
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 1
    assert json.loads(first)["query"] == XUAN_MAI
    assert "Traceback" not in stderr and "Error" not in stderr


def test_geocode_command_says_when_a_file_holds_no_place(capsys, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("\n   \n\n", encoding="utf-8")
    assert cli.main(["geocode", "--from-file", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "holds no place to geocode" in captured.err


def test_geocode_command_refuses_non_utf8_file(capsys, tmp_path):
    bad = tmp_path / "q.txt"
    bad.write_bytes("Xuân Mai\n".encode("latin-1"))
    assert cli.main(["geocode", "--from-file", str(bad)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def _full_resolver(query, gazetteer, as_of):
    # Any unit in the context sends the query past the fast path.
    anchor = gazetteer.province("Lạng Sơn", as_of)
    return resolve(query, gazetteer, as_of, Context(units=[anchor]))


@pytest.mark.parametrize(("query", "as_of", "province", "path"), RESOLVED)
def test_fast_path_agrees_with_the_full_resolver(gazetteer, query, as_of, province, path):
    from geo import _addresses

    context_province = gazetteer.province(province, as_of) if province else None
    found = _addresses.find(query, gazetteer, as_of, context_province)
    if found is None:
        return  # a bare name, or parts only the full resolver reads
    assert [gazetteer.path(u) for u in found.units] == [path]
    full = _full_resolver(query, gazetteer, as_of)
    if full.unit is not None:
        assert found.units[0].id == full.unit.id


@pytest.mark.parametrize(
    ("query", "parts"),
    [
        ("xã Xuân Mai, huyện Văn Quan", [("xã", "Xuân Mai"), ("huyện", "Văn Quan")]),
        (
            "xã Xuân Mai (huyện Văn Quan, tỉnh Lạng Sơn)",
            [("xã", "Xuân Mai"), ("huyện", "Văn Quan"), ("tỉnh", "Lạng Sơn")],
        ),
        (
            "xa dak nhau huyen bu dang tinh binh phuoc",
            [("xã", "dak nhau"), ("huyện", "bu dang"), ("tỉnh", "binh phuoc")],
        ),
        ("xã Xuân Mai huyện Văn Quan", [("xã", "Xuân Mai"), ("huyện", "Văn Quan")]),
        ("Mai Pha (TP Lạng Sơn)", [(None, "Mai Pha"), ("thành phố", "Lạng Sơn")]),
        ("X.Mai Pha, TP.Lạng Sơn", [("xã", "Mai Pha"), ("thành phố", "Lạng Sơn")]),
        ("XÃ MAI PHA, TP LẠNG SƠN", [("xã", "MAI PHA"), ("thành phố", "LẠNG SƠN")]),
        ("Tân Thành Hữu Lũng Lạng Sơn", [(None, "Tân Thành"), (None, "Hữu Lũng"), (None, "Lạng Sơn")]),
        (
            "xã Xuân Mai, Văn Quan, Lạng Sơn, Việt Nam",
            [("xã", "Xuân Mai"), (None, "Văn Quan"), (None, "Lạng Sơn")],
        ),
        (
            "xã Xuân Mai, huyện Văn Quan, Lạng Sơn 240000",
            [("xã", "Xuân Mai"), ("huyện", "Văn Quan"), (None, "Lạng Sơn")],
        ),
        ("Trùng Quán", [(None, "Trùng Quán")]),
    ],
)
def test_fast_path_reads_every_usual_form_into_typed_names(gazetteer, query, parts):
    from geo import _addresses

    assert [(p.type, p.name) for p in _addresses.read(query, gazetteer).parts] == parts


@pytest.mark.parametrize(
    ("query", "aside"),
    [
        ("thôn Nà Nọi, xã Xuân Mai, huyện Văn Quan", ("thôn Nà Nọi",)),
        ("số 5 đường Trần Phú, phường 1, quận 3", ("số 5 đường Trần Phú",)),
        ("thon na noi xa xuan mai huyen van quan", ("thon na noi",)),
        ("12 Lê Lợi, xã Xuân Mai, huyện Văn Quan", ("12 Lê Lợi",)),
    ],
)
def test_fast_path_sets_aside_places_below_the_commune(gazetteer, query, aside):
    from geo import _addresses

    assert _addresses.read(query, gazetteer).aside == aside


@pytest.mark.parametrize(
    "query",
    [
        "xã Xuân Maii, huyện Văn Quan, tỉnh Lạng Sơn",  # a letter too many
        "xã Xuân Ma, huyện Văn Quan, tỉnh Lạng Sơn",  # a letter missing
        "xa xuan mia, huyen van quan, tinh lang son",  # two letters swapped
        "xã Xuân Mai, huyện Văn Quân, tỉnh Lạng Sơnn",  # in a parent's name
    ],
)
def test_one_typo_is_read_as_the_name_it_misspells_with_a_flag(gazetteer, query):
    result = resolve(query, gazetteer, D2017)
    assert result.status == "resolved", result.message
    assert gazetteer.path(result.unit) == XUAN_MAI
    assert result.confidence < 1.0


def test_a_typed_name_nobody_bears_is_not_found_with_close_names_inside_its_parents(gazetteer):
    missing = resolve("xã Khong Co Dau, huyện Văn Quan, tỉnh Lạng Sơn", gazetteer, D2017)
    assert missing.status == "not_found" and "Khong Co Dau" in missing.message
    close = resolve("xã Xuân Maiz Maiz, huyện Văn Quan, tỉnh Lạng Sơn", gazetteer, D2017, suggest=True)
    assert close.status == "not_found"
    typo = resolve("xã Tràng Cácc, huyện Văn Quan", gazetteer, D2017)
    assert typo.status == "resolved" and "typo" in typo.flags


@pytest.mark.parametrize(
    "query",
    [
        "phuong tinh bien thi xa tinh bien tinh an giang",  # "tinh" is a syllable and a type word
        "xa thach ban huyen thach ha tinh ha tinh",
        "huyen van quan xa xuan mai",  # "quan" may be quận
        "xa trung quan huyen van lang",
    ],
)
def test_readings_of_text_without_commas_agree_with_the_full_resolver(gazetteer, query):
    from geo import _addresses

    found = _addresses.find(query, gazetteer, D2017, None)
    full = _full_resolver(query, gazetteer, D2017)
    assert found is not None and full.status == "resolved"
    assert [u.id for u in found.units] == [full.unit.id]


FINAL_I = [
    ("Mỹ Quý", "Mỹ Quí", True),  # final y after "qu" and after a consonant
    ("Kỳ Sơn", "Kì Sơn", True),
    ("Thủy", "Thủi", False),  # "uy" is a diphthong, not a final y
    ("Thanh Yên", "Thanh Iên", False),  # an initial y stays
]


@pytest.mark.parametrize(("a", "b", "alike"), FINAL_I)
def test_final_i_and_y_meet_only_where_they_are_one_letter(a, b, alike):
    from geo.gazetteer import final_i_key

    assert (final_i_key(a) == final_i_key(b)) is alike


def test_a_name_spelt_with_the_other_final_i_is_the_unit_of_the_day(gazetteer):
    # The 2025 commune is written "Mỹ Quí"; on a 2020 date the same text is the Mỹ Quý of then.
    then = resolve("xã Mỹ Quí", gazetteer, dt.date(2020, 5, 21), suggest=False)
    assert then.status == "resolved" and gazetteer.path(then.unit).startswith("Xã Mỹ Quý, huyện Tháp Mười")
    now = resolve("xã Mỹ Quí", gazetteer, dt.date(2025, 8, 1), suggest=False)
    assert now.status == "resolved" and now.unit.name == "Mỹ Quí" and now.unit.vintage == "2025"


@pytest.mark.parametrize(
    ("query", "context", "suggestion"),
    [
        ("xã Xuân Maiii, huyện Văn Quan, tỉnh Lạng Sơn", None, XUAN_MAI),  # the fast path's not_found
        ("Xuân Maii", "Lạng Sơn", XUAN_MAI),  # the full resolver's
    ],
)
def test_close_names_are_searched_only_when_read(gazetteer, monkeypatch, query, context, suggestion):
    # A caller that only wants the status (a batch counting its misses) never pays for the search
    # of close names; a caller that shows the answer gets them, searched once.
    from geo import _addresses

    calls = []
    search = _addresses.suggestions
    monkeypatch.setattr(_addresses, "suggestions", lambda *a, **k: calls.append(a) or search(*a, **k))
    province = Context(province=gazetteer.province(context)) if context else None
    result = resolve(query, gazetteer, D2017, province)
    assert result.status == "not_found" and calls == []
    assert f"Did you mean: {suggestion}" in result.message and len(calls) == 1
    assert result.suggestions[0] == suggestion and len(calls) == 1
    assert result.to_json(gazetteer)["suggestions"][0] == suggestion


def test_an_answer_whose_close_names_are_not_yet_read_copies_whole(gazetteer):
    import copy
    import dataclasses

    for make in (
        lambda r: pickle.loads(pickle.dumps(r)),
        copy.copy,
        lambda r: dataclasses.replace(r, confidence=0.0),
    ):
        result = resolve("xã Xuân Maiii, huyện Văn Quan, tỉnh Lạng Sơn", gazetteer, D2017)
        copied = make(result)
        assert copied.suggestions == [XUAN_MAI, *copied.suggestions[1:]]
        assert copied == result and "Did you mean" in copied.message
