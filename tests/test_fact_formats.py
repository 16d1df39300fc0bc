"""How facts read in each language: round yen amounts and opening hours as the reviews asked."""

from __future__ import annotations

import re
import sys

import pytest

from site_info import ROOT, languages

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from facts import format_fact  # noqa: E402

from mynumber_guide.facts import Fact, load_facts  # noqa: E402

RUBY_READING = re.compile(r"<rp\b[^>]*>.*?</rp>|<rt\b[^>]*>.*?</rt>|<[^>]+>")


def text(html: str) -> str:
    """What a reader sees with furigana switched off."""
    return RUBY_READING.sub("", html)


def readings(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<ruby>([^<]+)<rp[^>]*>（</rp><rt[^>]*>([^<]+)</rt>", html)


def fact(unit: str, value) -> Fact:
    return Fact(key=f"test.{unit}", value=value, unit=unit, sources=(), verified=None, confidence="verified")


@pytest.mark.parametrize("amount, ja", [(50_000, "5万円"), (200_000, "20万円"), (2_000_000, "200万円"),
                                        (1_500_000, "150万円"), (1_000, "1,000円"), (2_950, "2,950円"),
                                        (15_000, "15,000円")])
def test_japanese_writes_round_yen_amounts_with_man(amount, ja):
    assert format_fact(fact("yen", amount), "ja") == ja
    assert text(format_fact(fact("yen", amount), "ja-easy")) == ja


def test_easy_japanese_amounts_carry_their_reading():
    assert readings(format_fact(fact("yen", 50_000), "ja-easy")) == [("万円", "まんえん")]
    assert readings(format_fact(fact("yen", 1_000), "ja-easy")) == [("円", "えん")]


def test_other_languages_keep_the_yen_sign_and_their_grouping():
    assert format_fact(fact("yen", 50_000), "en") == "¥50,000"
    assert format_fact(fact("yen", 50_000), "es") == "¥50.000"


def test_japanese_opening_hours_as_an_office_writes_them():
    assert format_fact(fact("time", "8:30–17:15"), "ja") == "8時30分～17時15分"
    assert format_fact(fact("time", "9:30–20:00"), "ja") == "9時30分～20時"


def test_easy_japanese_opening_hours_say_morning_and_afternoon():
    html = format_fact(fact("time", "8:30–17:15"), "ja-easy")
    assert text(html) == "午前8時30分から 午後5時15分まで"
    assert readings(html) == [("午前", "ごぜん"), ("時", "じ"), ("分", "ぷん"), ("午後", "ごご"), ("時", "じ"), ("分", "ふん")]
    assert text(format_fact(fact("time", "9:00–18:00"), "ja-easy")) == "午前9時から 午後6時まで"


def test_filipino_and_indonesian_hours_follow_their_conventions():
    assert format_fact(fact("time", "8:30–20:00"), "tl") == "8:30 a.m. hanggang 8:00 p.m."
    assert format_fact(fact("time", "9:30–17:30"), "id") == "09.30–17.30"


@pytest.mark.parametrize("locale", [language.locale for language in languages()
                                    if language.locale not in {"ja", "ja-easy", "tl", "id"}])
def test_other_languages_keep_the_twenty_four_hour_range(locale):
    assert format_fact(fact("time", "8:30–17:15"), locale) == "8:30–17:15"


def test_every_time_fact_is_a_range_the_renderer_understands():
    facts = load_facts()
    for key, item in ((key, facts[key]) for key in facts):
        if item.unit == "time":
            assert "～" in format_fact(item, "ja"), f"{key} = {item.value!r} is not an H:MM–H:MM range"
