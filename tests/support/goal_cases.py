"""Goal dialogues as marketers type them, English and Norwegian: each reply with what the coach
must ask next, and the goals it must have stored at the end.

What the coach asks is named by slot:
- "target", "deadline", "baseline": it asks for that number or date (a goal is half-built);
- "check:direction", "check:relative", "check:far_deadline": a yes/no question before saving;
- "kind": which of the five kinds the goal is;
- "more": the goal was saved, add another or say done;
- "goal": nothing was understood as a goal, it asks for one.
A third item in a turn is text the coach's message must contain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from bot.domain.model import Direction, GoalType, Period, Strategy


@dataclass(frozen=True)
class Stored:
    metric: str
    baseline: Decimal | None
    target: Decimal
    deadline: dt.date
    direction: Direction | None
    kind: GoalType
    unit: str = ""
    period: Period | None = None


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    turns: list[tuple[str, ...]]
    stored: list[Stored] = field(default_factory=list)


D = Decimal
UP, DOWN = Direction.UP, Direction.DOWN
JUNE = dt.date(2027, 6, 30)
MARCH = dt.date(2027, 3, 31)
END_2027 = dt.date(2027, 12, 31)
FOLLOWERS = "Instagram followers"

CASES = [
    # --- English --------------------------------------------------------------------------
    Case(
        "a wish, then the numbers",
        "en",
        [
            ("More Instagram followers", "target"),
            ("5000 by 30 June 2027", "baseline"),
            ("1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a number with a word answers the target and keeps Instagram",
        "en",
        [
            ("More Instagram followers", "target"),
            ("by 30 June 2027", "target", "Noted the deadline"),
            ("5000 followers", "baseline"),
            ("roughly 1,200 I think", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "ok, then the number",
        "en",
        [("5000 Instagram followers by 30 June 2027", "baseline"), ("ok, 1200", "more")],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case("a bare ok is not a goal", "en", [("ok", "goal")]),
    Case(
        "grow by 50 % is worked out and confirmed",
        "en",
        [
            ("Grow Instagram followers by 50 % by 30 June 2027", "baseline"),
            ("1200", "check:relative", "1,800"),
            ("yes", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1800), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a worked-out target refused",
        "en",
        [
            ("Grow Instagram followers by 50 % by 30 June 2027", "baseline"),
            ("1200", "check:relative"),
            ("no", "target"),
            ("2000", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(2000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "double",
        "en",
        [
            ("Double our newsletter sign-ups by March 2027", "baseline"),
            ("400", "check:relative", "800"),
            ("yes", "more"),
        ],
        [Stored("newsletter sign-ups", D(400), D(800), MARCH, UP, GoalType.LEADS)],
    ),
    Case(
        "halve, with today's value given",
        "en",
        [
            ("Halve our cost per lead by 30 June 2027, today it is 250 kr", "check:relative"),
            ("yes", "more"),
        ],
        [Stored("cost per lead", D(250), D(125), JUNE, DOWN, GoalType.LEADS, unit="kr")],
    ),
    Case(
        "20 % more",
        "en",
        [
            ("20 % more revenue from social by the end of 2027", "baseline"),
            ("150 000 kr", "check:relative"),
            ("yes", "more"),
        ],
        [
            Stored(
                "revenue from social", D(150000), D(180000), END_2027, UP, GoalType.SALES, unit="kr"
            )
        ],
    ),
    Case(
        "grow by an amount",
        "en",
        [
            ("Grow Instagram followers by 500 by 30 June 2027", "baseline"),
            ("1200", "check:relative", "1,700"),
            ("yes", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1700), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "the target equals today's value",
        "en",
        [
            (
                "1200 Instagram followers by 30 June 2027, we have 1200",
                "target",
                "nothing to measure",
            ),
            ("1500", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1500), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a drop worded as growth, corrected",
        "en",
        [
            (
                "Grow to 1000 Instagram followers by 30 June 2027, we have 1200 today",
                "check:direction",
                "drop",
            ),
            ("no", "target"),
            ("1500", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1500), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a drop worded as growth, confirmed",
        "en",
        [
            (
                "Grow to 1000 Instagram followers by 30 June 2027, we have 1200 today",
                "check:direction",
            ),
            ("yes", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1000), JUNE, DOWN, GoalType.AWARENESS)],
    ),
    Case(
        "a drop worded as growth, corrected in the same reply",
        "en",
        [
            (
                "Grow to 1000 Instagram followers by 30 June 2027, we have 1200 today",
                "check:direction",
            ),
            ("no, 1800", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1800), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a rise worded as a reduction",
        "en",
        [
            (
                "Reduce cost per lead to 300 kr by 30 June 2027, today 250 kr",
                "check:direction",
                "rise",
            ),
            ("yes", "more"),
        ],
        [Stored("cost per lead", D(250), D(300), JUNE, UP, GoalType.LEADS, unit="kr")],
    ),
    Case(
        "reply time in hours goes down; the unit stays out of the name",
        "en",
        [
            (
                "Reduce average reply time on Facebook from 10 hours to 2 hours by 30 June 2027",
                "kind",
            ),
            ("word of mouth", "more"),
        ],
        [
            Stored(
                "average reply time on Facebook",
                D(10),
                D(2),
                JUNE,
                DOWN,
                GoalType.WORD_OF_MOUTH,
                unit="hours",
            )
        ],
    ),
    Case(
        "fewer unsubscribes a month",
        "en",
        [("Fewer newsletter unsubscribes, from 40 to 10 a month by 30 June 2027", "more")],
        [
            Stored(
                "newsletter unsubscribes",
                D(40),
                D(10),
                JUNE,
                DOWN,
                GoalType.LEADS,
                period=Period.MONTH,
            )
        ],
    ),
    Case(
        "cost per lead down, in kroner",
        "en",
        [("Reduce cost per lead from 250 kr to 150 kr by 2027-12-31", "more")],
        [Stored("cost per lead", D(250), D(150), END_2027, DOWN, GoalType.LEADS, unit="kr")],
    ),
    Case(
        "visits per month",
        "en",
        [
            ("2,000 website visits a month by 30 June 2027, we have 1,200", "kind"),
            ("awareness", "more"),
        ],
        [
            Stored(
                "website visits",
                D(1200),
                D(2000),
                JUNE,
                UP,
                GoalType.AWARENESS,
                period=Period.MONTH,
            )
        ],
    ),
    Case(
        "leads per week",
        "en",
        [("50 leads a week by March 2027, now 20", "more")],
        [Stored("leads", D(20), D(50), MARCH, UP, GoalType.LEADS, period=Period.WEEK)],
    ),
    Case(
        "two whole goals in one message",
        "en",
        [
            (
                "5000 Instagram followers by 30 June 2027, we have 1200 and 200 newsletter "
                "sign-ups by March 2027, we have 40",
                "more",
                "2 goals",
            )
        ],
        [
            Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS),
            Stored("newsletter sign-ups", D(40), D(200), MARCH, UP, GoalType.LEADS),
        ],
    ),
    Case(
        "two goals, the second half-said",
        "en",
        [
            (
                "5000 Instagram followers by 30 June 2027, we have 1200. "
                "Also 200 newsletter sign-ups",
                "deadline",
            ),
            ("by March 2027", "baseline"),
            ("40", "more"),
        ],
        [
            Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS),
            Stored("newsletter sign-ups", D(40), D(200), MARCH, UP, GoalType.LEADS),
        ],
    ),
    Case(
        "questions back get explanations",
        "en",
        [
            ("More Instagram followers", "target"),
            ("what do you mean?", "target", "finish line"),
            ("5000 by 30 June 2027", "baseline"),
            ("what is today's value?", "baseline", "Insights"),
            ("1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "not counted yet: the first report will be today's value",
        "en",
        [
            ("5000 Instagram followers by 30 June 2027", "baseline"),
            ("I don't know, we haven't counted", "baseline", "later"),
            ("later", "more", "first weekly number"),
        ],
        # The way it goes comes with the first report (no words say it).
        [Stored(FOLLOWERS, None, D(5000), JUNE, None, GoalType.AWARENESS)],
    ),
    Case(
        "a deadline in the past",
        "en",
        [
            ("5000 Instagram followers by June 2020, we have 1200", "deadline", "has passed"),
            ("June 2027", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a deadline far away, corrected",
        "en",
        [
            ("5000 Instagram followers by 30 June 2040, we have 1200", "check:far_deadline"),
            ("no", "deadline"),
            ("30 June 2027", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "a deadline far away, confirmed",
        "en",
        [
            ("5000 Instagram followers by 30 June 2040, we have 1200", "check:far_deadline"),
            ("yes", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), dt.date(2040, 6, 30), UP, GoalType.AWARENESS)],
    ),
    Case(
        "a percentage goal needs a percentage today",
        "en",
        [
            (
                "Conversion rate from the web shop to 3 % by 30 June 2027, we have 1200 visitors",
                "baseline",
                "percentage",
            ),
            ("1.5 %", "more"),
        ],
        [
            Stored(
                "Conversion rate from the web shop",
                D("1.5"),
                D(3),
                JUNE,
                UP,
                GoalType.SALES,
                unit="%",
            )
        ],
    ),
    Case(
        "another whole goal mid-follow-up sets the first aside, and says so",
        "en",
        [
            ("More Instagram followers", "target"),
            ("200 newsletter sign-ups by March 2027, we have 40", "more", "aside"),
        ],
        [Stored("newsletter sign-ups", D(40), D(200), MARCH, UP, GoalType.LEADS)],
    ),
    Case(
        "revenue in kroner, over three replies",
        "en",
        [
            ("Increase revenue from social", "target"),
            ("500 000 kr by the end of 2027", "baseline"),
            ("200 000 kr", "more"),
        ],
        [
            Stored(
                "revenue from social", D(200000), D(500000), END_2027, UP, GoalType.SALES, unit="kr"
            )
        ],
    ),
    Case(
        "nothing readable, twice: asked in other words each time",
        "en",
        [
            ("More Instagram followers", "target"),
            ("hmm", "target"),
            ("no clue really", "target"),
            ("5000 by 30 June 2027, we have 1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    # --- English, as people type: lists, corrections, years, wishes, hesitation -------------
    Case(
        "a numbered item",
        "en",
        [("1) 5000 Instagram followers by 30 June 2027, now 1200", "more")],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "'from' inside a metric's name",
        "en",
        [("Leads from LinkedIn 200 a month by the end of 2027, now 80", "more")],
        [
            Stored(
                "Leads from LinkedIn",
                D(80),
                D(200),
                END_2027,
                UP,
                GoalType.LEADS,
                period=Period.MONTH,
            )
        ],
    ),
    Case(
        "a year answers 'by when?'",
        "en",
        [
            ("More Instagram followers", "target"),
            ("5000", "deadline"),
            ("2027", "baseline"),
            ("1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), END_2027, UP, GoalType.AWARENESS)],
    ),
    Case(
        "within 12 months",
        "en",
        [
            ("More LinkedIn followers", "target"),
            ("2000 within 12 months", "baseline"),
            ("800", "more"),
        ],
        [
            Stored(
                "LinkedIn followers", D(800), D(2000), dt.date(2027, 11, 27), UP, GoalType.AWARENESS
            )
        ],
    ),
    Case(
        "the target corrected while today's value is asked",
        "en",
        [
            ("Instagram followers to 5000 by 30 June 2027", "baseline"),
            ("hmm, make it 6000", "baseline", "Changed the target"),
            ("1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(6000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "the deadline's year corrected",
        "en",
        [
            ("More Instagram followers", "target"),
            ("5000 by 30 June 2027", "baseline"),
            ("no, I meant 2028", "baseline", "30 June 2028"),
            ("1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), dt.date(2028, 6, 30), UP, GoalType.AWARENESS)],
    ),
    Case(
        "a saved goal corrected",
        "en",
        [
            ("5000 Instagram followers by 30 June 2027, we have 1200", "more"),
            ("no, I meant 2028", "more", "30 June 2028"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), dt.date(2028, 6, 30), UP, GoalType.AWARENESS)],
    ),
    Case(
        "today's value in another period",
        "en",
        [
            ("2,000 website visits a month by 30 June 2027", "baseline"),
            ("we have 12 000 a year", "baseline", "per month"),
            ("1,000 a month", "kind"),
            ("awareness", "more"),
        ],
        [
            Stored(
                "website visits",
                D(1000),
                D(2000),
                JUNE,
                UP,
                GoalType.AWARENESS,
                period=Period.MONTH,
            )
        ],
    ),
    Case(
        "a wish as the second goal",
        "en",
        [
            (
                "5000 Instagram followers by 30 June 2027, now 1200, and more newsletter sign-ups",
                "target",
                "2 goals",
            ),
            ("200 by March 2027", "baseline"),
            ("40", "more"),
        ],
        [
            Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS),
            Stored("newsletter sign-ups", D(40), D(200), MARCH, UP, GoalType.LEADS),
        ],
    ),
    Case(
        "three times as many",
        "en",
        [
            ("More leads from LinkedIn", "target"),
            ("3x by the end of 2027", "baseline"),
            ("40", "check:relative", "120"),
            ("yes", "more"),
        ],
        [Stored("leads from LinkedIn", D(40), D(120), END_2027, UP, GoalType.LEADS)],
    ),
    Case(
        "later is not for the target",
        "en",
        [
            ("More Instagram followers", "target"),
            ("later", "target", "can't wait"),
            ("5000 by 30 June 2027", "baseline"),
            ("1200", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "back drops the half-built goal, and says so",
        "en",
        [("More Instagram followers", "target"), ("back", "goal", "aside")],
    ),
    Case(
        "a percentage of a percentage",
        "en",
        [
            (
                "Increase conversion rate by 10 % by 30 June 2027, today 2 %",
                "check:relative",
                "2.2",
            ),
            ("yes", "more"),
        ],
        [Stored("conversion rate", D(2), D("2.2"), JUNE, UP, GoalType.SALES, unit="%")],
    ),
    Case(
        "yes in a few more words",
        "en",
        [
            (
                "Grow to 1000 Instagram followers by 30 June 2027, we have 1200 today",
                "check:direction",
            ),
            ("yes, correct", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(1000), JUNE, DOWN, GoalType.AWARENESS)],
    ),
    Case(
        "no with a nearer year",
        "en",
        [
            ("5000 Instagram followers by 30 June 2040, we have 1200", "check:far_deadline"),
            ("no, 2027", "more"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), END_2027, UP, GoalType.AWARENESS)],
    ),
    Case(
        "done, with an emoji",
        "en",
        [
            ("5000 Instagram followers by 30 June 2027, we have 1200", "more"),
            ("done 👍", "mission"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "remove the first one",
        "en",
        [
            ("5000 Instagram followers by 30 June 2027, we have 1200", "more"),
            ("remove the first one", "goal", "Removed goal 1"),
        ],
    ),
    Case(
        "the kind changed in words",
        "en",
        [
            ("5000 Instagram followers by 30 June 2027, we have 1200", "more"),
            ("actually it's more about leads", "more", "leads"),
        ],
        [Stored(FOLLOWERS, D(1200), D(5000), JUNE, UP, GoalType.LEADS)],
    ),
    Case(
        "the kinds explained",
        "en",
        [
            (
                "Reduce average reply time on Facebook from 10 hours to 2 hours by 30 June 2027",
                "kind",
            ),
            ("hmm", "kind", "what the goal does"),
            ("customer service", "more"),
        ],
        [
            Stored(
                "average reply time on Facebook",
                D(10),
                D(2),
                JUNE,
                DOWN,
                GoalType.WORD_OF_MOUTH,
                unit="hours",
            )
        ],
    ),
    Case(
        "a third off",
        "en",
        [
            ("Reduce cost per lead by a third by 30 June 2027, today 300 kr", "check:relative"),
            ("yes", "more"),
        ],
        [Stored("cost per lead", D(300), D(200), JUNE, DOWN, GoalType.LEADS, unit="kr")],
    ),
    Case(
        "zero complaints",
        "en",
        [("Zero complaints a month by 30 June 2027, now 12", "kind"), ("word of mouth", "more")],
        [
            Stored(
                "complaints", D(12), D(0), JUNE, DOWN, GoalType.WORD_OF_MOUTH, period=Period.MONTH
            )
        ],
    ),
    # --- Norwegian ------------------------------------------------------------------------
    Case(
        "et ønske, så tallene",
        "nb",
        [
            ("Flere følgere på Instagram", "target"),
            ("5000 innen 30. juni 2027", "baseline"),
            ("ca. 1 200", "more"),
        ],
        [Stored("følgere på Instagram", D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "øke salget med 20 %",
        "nb",
        [
            ("Øke salget med 20 % innen utgangen av 2027", "baseline"),
            ("omtrent 400 000 kr", "check:relative", "480\xa0000"),
            ("ja", "more"),
        ],
        [Stored("salget", D(400000), D(480000), END_2027, UP, GoalType.SALES, unit="kr")],
    ),
    Case(
        "doble påmeldingene, først usikker",
        "nb",
        [
            ("Doble antall påmeldinger til nyhetsbrevet innen mars 2027", "baseline"),
            ("vet ikke", "baseline", "Insights"),
            ("300", "check:relative"),
            ("ja", "more"),
        ],
        [Stored("påmeldinger til nyhetsbrevet", D(300), D(600), MARCH, UP, GoalType.LEADS)],
    ),
    Case(
        "halvere svartiden i timer",
        "nb",
        [
            ("Halvere svartiden på Facebook fra 10 timer innen juni 2027", "check:relative"),
            ("ja", "kind"),
            ("jungeltelegraf", "more"),
        ],
        [
            Stored(
                "svartiden på Facebook",
                D(10),
                D(5),
                JUNE,
                DOWN,
                GoalType.WORD_OF_MOUTH,
                unit="timer",
            )
        ],
    ),
    Case(
        "besøk i måneden",
        "nb",
        [("2 000 besøk i måneden innen juni 2027, vi har 1 200", "kind"), ("kjennskap", "more")],
        [Stored("besøk", D(1200), D(2000), JUNE, UP, GoalType.AWARENESS, period=Period.MONTH)],
    ),
    Case(
        "en nedgang kalt vekst, rettet",
        "nb",
        [
            (
                "Øke til 1000 følgere innen juni 2027, vi har 1200 i dag",
                "check:direction",
                "nedgang",
            ),
            ("nei", "target"),
            ("1500", "more"),
        ],
        [Stored("følgere", D(1200), D(1500), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "redusere kostnad per lead",
        "nb",
        [("Redusere kostnad per lead fra 250 kr til 150 kr innen utgangen av 2027", "more")],
        [Stored("kostnad per lead", D(250), D(150), END_2027, DOWN, GoalType.LEADS, unit="kr")],
    ),
    Case(
        "to mål i én melding",
        "nb",
        [
            (
                "5000 følgere innen juni 2027, vi har 1200. Og 200 påmeldinger til nyhetsbrevet "
                "innen mars 2027, vi har 40",
                "more",
                "2 mål",
            )
        ],
        [
            Stored("følgere", D(1200), D(5000), JUNE, UP, GoalType.AWARENESS),
            Stored("påmeldinger til nyhetsbrevet", D(40), D(200), MARCH, UP, GoalType.LEADS),
        ],
    ),
    Case(
        "et spørsmål tilbake, og senere",
        "nb",
        [
            ("Flere følgere", "target"),
            ("hva mener du?", "target", "målstreken"),
            ("5000 innen juni 2027", "baseline"),
            ("senere", "more", "første ukentlige"),
        ],
        [Stored("følgere", None, D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "målverdien er dagens tall",
        "nb",
        [
            ("1200 følgere innen juni 2027, vi har 1200", "target", "ingenting å måle"),
            ("2000", "more"),
        ],
        [Stored("følgere", D(1200), D(2000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "en frist langt frem",
        "nb",
        [("5000 følgere innen juni 2040, vi har 1200", "check:far_deadline"), ("ja", "more")],
        [Stored("følgere", D(1200), D(5000), dt.date(2040, 6, 30), UP, GoalType.AWARENESS)],
    ),
    Case(
        "konverteringsrate i prosent",
        "nb",
        [
            (
                "Konverteringsrate i nettbutikken til 3 % innen juni 2027, vi har 1200 besøkende",
                "baseline",
                "prosent",
            ),
            ("1,5 %", "more"),
        ],
        [
            Stored(
                "Konverteringsrate i nettbutikken",
                D("1.5"),
                D(3),
                JUNE,
                UP,
                GoalType.SALES,
                unit="%",
            )
        ],
    ),
    Case("bare ok er ikke et mål", "nb", [("ok", "goal")]),
    Case(
        "til jul",
        "nb",
        [("Til jul vil vi ha 200 000 kr i julesalg, i fjor 150 000 kr", "more")],
        [
            Stored(
                "julesalg",
                D(150000),
                D(200000),
                dt.date(2026, 12, 24),
                UP,
                GoalType.SALES,
                unit="kr",
            )
        ],
    ),
    Case(
        "medio 2027",
        "nb",
        [
            ("Flere følgere på Instagram", "target"),
            ("5000 medio 2027", "baseline"),
            ("1200", "more"),
        ],
        [Stored("følgere på Instagram", D(1200), D(5000), JUNE, UP, GoalType.AWARENESS)],
    ),
    Case(
        "en rettelse etter lagring",
        "nb",
        [
            ("5000 følgere innen juni 2027, vi har 1200", "more"),
            ("nei, jeg mente desember 2027", "more", "31. desember 2027"),
        ],
        [Stored("følgere", D(1200), D(5000), END_2027, UP, GoalType.AWARENESS)],
    ),
    Case(
        "ja, stemmer",
        "nb",
        [
            ("Øke til 1000 følgere innen juni 2027, vi har 1200 i dag", "check:direction"),
            ("ja, stemmer", "more"),
        ],
        [Stored("følgere", D(1200), D(1000), JUNE, DOWN, GoalType.AWARENESS)],
    ),
    Case(
        "i løpet av 2027",
        "nb",
        [
            ("Flere nyhetsbrevabonnenter", "target"),
            ("3000 i løpet av 2027", "baseline"),
            ("800", "more"),
        ],
        [Stored("nyhetsbrevabonnenter", D(800), D(3000), END_2027, UP, GoalType.LEADS)],
    ),
    Case(
        "fra i navnet",
        "nb",
        [("Salg fra nettbutikken 500 000 kr innen juni 2027, nå 320 000 kr", "more")],
        [
            Stored(
                "Salg fra nettbutikken", D(320000), D(500000), JUNE, UP, GoalType.SALES, unit="kr"
            )
        ],
    ),
]


def asking(strategy: Strategy) -> str:
    """What the coach asks next, by slot (see tests/support/goal_cases.py)."""
    conversation = strategy.conversation
    draft = conversation.draft
    if conversation.awaiting == "goal_details":
        return str(draft.get("asked"))
    if conversation.awaiting == "goal_check":
        return f"check:{draft.get('check')}"
    return {"goal_type": "kind", "goal_more": "more", "goal": "goal"}.get(
        conversation.awaiting, conversation.awaiting
    )


def stored(strategy: Strategy) -> list[Stored]:
    return [
        Stored(
            metric=goal.metric,
            baseline=goal.baseline,
            target=goal.target,  # type: ignore[arg-type]
            deadline=goal.deadline,  # type: ignore[arg-type]
            direction=goal.direction,
            kind=goal.goal_type,  # type: ignore[arg-type]
            unit=goal.unit,
            period=goal.period,
        )
        for goal in strategy.goals
    ]
