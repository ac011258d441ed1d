"""Numbers in news text, and the count a casualty or displacement phrase states.

``count_near`` looks beside one match ("killed", "were displaced") for the number that
goes with it: after an active verb ("killing 12", "kills at least six", "killing 2 staff
and 2 policemen"), else before it ("250 people have reportedly been killed", "five
militants and one soldier were killed", "Four soldiers, 37 insurgents killed", "two
soldiers and a civilian were killed": parts joined by "and" or a comma add up, hedged or
long ones too, "Over 40 rebels, nearly 10 Border Force (BF) personnel"; a name before "N
others" adds one, "Ali Dar and 10 other fighters"), or inside the
match itself ("burned four guerrillas alive"). Parts listed after a total are among it
("nine people, including a judge and a guard"; "six monks, four of them novices").
Digits ("48,500", "1.2 million") and words ("twenty-five", "a dozen", "some 25") both
count; "dozens", "hundreds" or "a number of" state no count. Dates, years, ages ("child,
7,"), sums of money, unit names ("Unit 190", "the 144 Battalion", "Channel 7's"), things
("three mortar shells", but "two bus passengers" are people) and the attackers ("by about
15 men") are not counts. With no number, the victims are read from "a soldier was
killed", "killing a guard", "kill father, son", "killed Ali Dar and Sami Tal", "Maya and
Rina Dee were shot", "a farmer and his son were shot", "the pair", "both of them", "the
farmer, who died", "Omar Dar died", a sentence that opens with one person ("A constable,
hurt in May, succumbed"), "a dead body" or a headline's "Soldier killed" and "Husband,
wife and baby killed". ``cumulative`` tells a toll that runs since a war began from an
event's.

This module reads tokens; it knows nothing of signals, scores or files.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import Enum

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "both": 2,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
           "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "m": 10**6, "mn": 10**6}  # fmt: skip
_SCALE_WORDS = frozenset(_SCALES)
_SCALE_ABBREVIATIONS = frozenset({"m", "mn"})
_VAGUE = frozenset({
    "dozens", "scores", "hundreds", "thousands", "millions", "tens", "several", "many",
    "numerous", "countless", "multiple", "few", "some", "number", "unknown", "unspecified",
})  # fmt: skip
MONTH_NUMBERS = {
    name: n
    for n, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec"))
    )
    for name in names
}  # fmt: skip
"""Month names and their abbreviations, each with its month's number from 0."""
_MONTHS = frozenset(MONTH_NUMBERS)
_NOT_COUNT_AFTER = frozenset({
    "year", "years", "-year", "yr", "yrs", "%", "percent", "per", "am", "pm", "a.m.", "p.m.",
    "km", "kms", "kilometres", "kilometers", "miles", "mile", "metres", "meters", "m",
    "hours", "hour", "days", "day", "weeks", "week", "months", "month", "minutes", "times",
    "th", "st", "nd", "rd", "o'clock", "degrees", "tonnes", "tons", "kg", "dollars",
    "euros", "rupees", "pounds", "-", "battalion", "bn", "brigade", "regiment", "division",
    "corps", "squadron", "gmt", "utc", "hrs",
})  # fmt: skip
_NOT_COUNT_BEFORE = frozenset({
    "$", "€", "£", "usd", "rs", "rs.", "no", "no.", "#", "resolution", "page", "article",
    "section", "chapter", "route", "highway", "flight", "number", "aged", "age", "since",
    "until", "till", "unit", "block", "sector", "ward", "na", "pp", "ps", "constituency",
    "regiment", "battalion", "brigade", "platoon", "phase", "room", "gate", "km", "kilometre",
})  # fmt: skip
_MONEY = frozenset({"$", "€", "£", "usd", "rs", "rs.", "inr", "rupees", "reward", "bounty"})
# Nouns for one person that an age may follow: "a girl, 11, was shot".
_ONE_PERSON = frozenset({
    "child", "boy", "girl", "man", "woman", "baby", "toddler", "teenager", "son", "daughter",
    "mother", "father", "wife", "husband", "brother", "sister", "student", "pupil",
})  # fmt: skip
_INCLUDING = frozenset({"including", "incl", "incl.", "whom", "them"})
# What a number before a casualty word may count that is not people: "three mortar shells
# landed, wounding a woman" counts shells, not the wounded.
_NOT_PEOPLE = frozenset({
    "shell", "shells", "rocket", "rockets", "missile", "missiles", "bomb", "bombs", "mortar",
    "mortars", "drone", "drones", "grenade", "grenades", "round", "rounds", "explosion",
    "explosions", "blast", "blasts", "shot", "shots", "bullet", "bullets", "vehicle",
    "vehicles", "car", "cars", "house", "houses", "home", "homes", "building", "buildings",
    "shop", "shops", "village", "villages", "attack", "attacks", "strike", "strikes",
    "incident", "incidents", "device", "devices", "ied", "ieds", "truck", "trucks", "bus",
    "buses", "tank", "tanks", "cow", "cows", "cattle", "goat", "goats", "sheep", "dog",
    "dogs", "livestock", "animal", "animals", "camel", "camels", "horse", "horses",
    "buffalo", "buffaloes", "bird", "birds", "mortar shells", "airstrike", "airstrikes",
    "raid", "raids", "district", "districts", "province", "provinces", "town", "towns",
    "case", "cases",
})  # fmt: skip
_BOTH_NOT_PEOPLE = frozenset({
    "countries", "sides", "side", "nations", "parties", "teams", "cases", "ways", "times",
    "places", "events", "directions", "areas", "regions", "cities", "states", "chambers",
    "languages", "of", "the", "and", "in", "at",
})  # fmt: skip
_AUX = frozenset({"was", "were", "is", "are", "been", "be", "being", "got", "get", "gets"})
_AFTER_INTRANSITIVE = frozenset({
    "in", "on", "at", "by", "during", "when", "after", "while", "as", "and", "or", ",", ".",
    ";", ":", "—", "–", "-", "near", "since", "following", "over", "inside", "outside",
    "across", "along", "before", "from", "within", "this", "last", "yesterday", "today",
    "earlier", "overnight", "late", "early", "there", "here", "under", "for", "with",
    "without", "amid", "into", "(", ")", "'", '"', "’", "“", "”", "|",
})  # fmt: skip
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")

# Phrases that may stand between an active verb and its number: "killing at least 12",
# "the toll rose to 30", "claimed the lives of 7".
_FORWARD_SKIP = frozenset({
    "at", "least", "more", "than", "over", "about", "nearly", "almost", "some", "around",
    "roughly", "approximately", "up", "to", "as", "many", "an", "estimated", "total", "of",
    "the", "lives", "life", "rose", "risen", "rises", "rising", "climbed", "climbs",
    "reached", "reaches", "jumped", "stands", "stood", "now", "has", "had", "have",
    "already", "another", "further", "hit", "reportedly", "allegedly", "upwards",
    "in", "all", "been", "is", "was", "his", "her", "their",
})  # fmt: skip
# Words that may stand between a victim's description and a passive verb: "a soldier was
# reportedly killed", "was shot and killed".
_PASSIVE_SKIP = frozenset({
    "reportedly", "also", "allegedly", "later", "been", "being", "and", "shot", "stabbed",
    "beaten", "brutally", "critically", "seriously", "fatally", "badly", "mortally",
    "severely", "gravely", "slightly", "then", "tortured", "abducted", "found", "confirmed",
})  # fmt: skip
_ONE = frozenset({"a", "an", "one"})
_AGE = re.compile(r"^(\d{1,3}|-|year|years|old)$")
_POSSESSIVE = frozenset({"the", "his", "her", "their", "its", "this", "whose"})
_STOP_BACK = frozenset({";", ":", "said", "says", "when", "after", "while", "where", "if",
                        "because", "before", "—", "–"})  # fmt: skip


class Vague(Enum):
    """A count stated without a number: "dozens", "a number of"."""

    VAGUE = "vague"


VAGUE = Vague.VAGUE
Number = int | Vague


def parse_number(words: list[str]) -> Number | None:
    """The value of a number phrase in lower case, split into tokens, or None.

    ``["48,500"]`` -> 48500, ``["twenty", "-", "five"]`` -> 25, ``["1.2", "million"]`` ->
    1200000, ``["a", "dozen"]`` -> 12, ``["dozens"]`` -> VAGUE; a range gives its lower
    end: ``["10", "-", "12"]`` -> 10, ``["four", "to", "five"]`` -> 4.
    """
    split = _range_split(words)
    if split is not None:
        return parse_number(words[:split])
    words = [w for w in words if w not in ("-", "and")]
    if len(words) > 1 and words[0] == "some":
        words = words[1:]  # "some 25": about 25
    if len(words) > 2 and words[0] == "half" and words[1] in _ONE:
        whole = parse_number(words[1:])  # "half a dozen": 6
        return whole // 2 if isinstance(whole, int) else whole
    if not words:
        return None
    if words[0] in _VAGUE or words[-1] in _VAGUE:
        return VAGUE
    total, current, seen = 0.0, 0.0, False
    for i, word in enumerate(words):
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            if word in _SCALE_ABBREVIATIONS and not seen:
                return None  # a model or a group's name: "M-16", "M-19"
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif word in _ONE and i == 0:
            current = 1
        else:
            return None
    return int(total + current) if seen else None


_RANGE_JOINERS = frozenset({"-", "to", "or", "and"})
_TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})


def _range_split(words: list[str]) -> int | None:
    """Where the upper end of a range starts ("10-12", "10 12" with its hyphen lost, "four
    to five", "two or three"), or None: "twenty-five" and "one hundred and five" are one
    number."""
    for i in range(1, len(words)):
        if _DIGITS.match(words[i]) and _DIGITS.match(words[i - 1]):
            return i  # two figures side by side: a range whose hyphen was lost
        if i + 1 >= len(words) or words[i] not in _RANGE_JOINERS:
            continue
        left, right = words[i - 1], words[i + 1]
        if _DIGITS.match(left) and _DIGITS.match(right):
            return i
        if words[i] in ("to", "or") and left in _UNITS and right in _UNITS:
            return i
    return None


def is_numberish(token: Token) -> bool:
    lower = token.lower_
    return bool(_DIGITS.match(lower) or lower in _UNITS or lower in _SCALES or lower in _VAGUE)


def _span_back(doc: Doc, j: int, floor: int) -> int:
    """The first token of the number phrase that ends at ``j``."""
    start = j
    while start - 1 >= floor and not _opens_age(doc, start, len(doc)):
        prev = doc[start - 1]
        if (
            is_numberish(prev)
            or (prev.lower_ in ("-", "and") and start - 2 >= floor and is_numberish(doc[start - 2]))
            or (prev.lower_ in _ONE and doc[start].lower_ in _SCALE_WORDS)
            or (prev.lower_ == "half" and doc[start].lower_ in _ONE)
            or _range_joiner(doc, start - 1, floor)
        ):
            start -= 1
        else:
            break
    return start


def _range_joiner(doc: Doc, k: int, floor: int) -> bool:
    """Whether ``doc[k]`` is "to" or "or" between the two ends of a range ("four to five",
    "10 to 12"), not a change from one figure to another ("from 243 to 271")."""
    return (
        doc[k].lower_ in ("to", "or")
        and k - 1 >= floor
        and k + 1 < len(doc)
        and _is_plain_number(doc[k - 1])
        and _is_plain_number(doc[k + 1])
        and not (k - 2 >= floor and doc[k - 2].lower_ == "from")
    )


def _is_plain_number(token: Token) -> bool:
    return bool(_DIGITS.match(token.lower_)) or token.lower_ in _UNITS


def _span_forward(doc: Doc, i: int, ceiling: int) -> int:
    """One past the last token of the number phrase that starts at ``i``."""
    end = i + 1
    while end < ceiling:
        tok = doc[end]
        if _opens_age(doc, end, ceiling):
            break  # "three nine-year-old children": the second figure is their age
        if (is_numberish(tok) and tok.lower_ not in ("some", "few", "number")) or (
            tok.lower_ in ("-", "and")
            and end + 1 < ceiling
            and doc[end + 1].lower_ in _UNITS.keys() | _SCALES.keys()
        ):
            end += 1
        elif end + 1 < ceiling and (
            _range_joiner(doc, end, i) or (tok.text == "-" and _range_digits(doc, end))
        ):
            end += 2  # a range: "10-12", "four to five"
        else:
            break
    return end


_AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})


def _opens_age(doc: Doc, k: int, ceiling: int) -> bool:
    """Whether an age written with hyphens opens at ``doc[k]``: "nine-year-old",
    "23-day-old"."""
    return (
        k + 2 < ceiling
        and doc[k + 1].text == "-"
        and doc[k + 2].lower_ in _AGE_UNITS
        and (is_numberish(doc[k]) or doc[k].lower_ in _ONE)
    )


def _past_age(doc: Doc, k: int, stop: int) -> int:
    """The position past the age with hyphens that opens at ``doc[k]`` ("nine-year-old",
    "23-day-old"), or ``k`` when none does."""
    if not _opens_age(doc, k, stop):
        return k
    end = k + 3
    while end + 1 < stop and doc[end].text == "-" and doc[end + 1].lower_ == "old":
        end += 2
    return end


def _range_digits(doc: Doc, k: int) -> bool:
    """Whether the hyphen at ``doc[k]`` joins two figures: "10-12"."""
    return bool(_DIGITS.match(doc[k - 1].lower_) and _DIGITS.match(doc[k + 1].lower_))


def _month(token: Token) -> bool:
    """Whether ``token`` names a month, in full or cut short with a stop: "March", "Oct."."""
    lower = token.lower_
    return lower in _MONTHS or (lower.endswith(".") and lower[:-1] in _MONTHS)


def _value(doc: Doc, start: int, end: int, ceiling: int) -> Number | None:
    """The count stated by tokens ``start:end``, or None if they are no count."""
    words = [t.lower_ for t in doc[start:end]]
    value = parse_number(words)
    if value is None:
        return None
    if start > 0 and _month(doc[start - 1]):
        return None  # a date: "March 3", "Oct. 7"
    if _code_after_letters(doc, start):
        return None  # a plate, a model or a code: "plates MI-1630", "an AK-47"
    if (
        start > 0
        and end < ceiling
        and doc[start - 1].text == "("
        and doc[end].text == ")"
        and not _people_follow(doc, end + 1, ceiling)
    ):
        return None  # an age after a name: "Lal Sai (24)"; not "at least (9) persons"
    if (
        start > 1
        and end < ceiling
        and doc[start - 1].text == ","
        and doc[end].text == ","
        and end - start == 1
        and doc[start].text.isdigit()
        and (doc[start - 2].text[:1].isupper() or doc[start - 2].lower_ in _ONE_PERSON)
    ):
        return None  # an age after a name or a noun: "Mahmoud, 18, was killed", "child, 7,"
    if _age_without_commas(doc, start, end, ceiling, value):
        return None  # "Dr Omar Khalil 50 was shot dead": the commas were lost
    if end < ceiling:
        after = doc[end].lower_
        mark = after == "-" and end + 1 < ceiling and doc[end + 1].lower_ == "mark"
        if (after in _NOT_COUNT_AFTER and not mark) or after in _MONTHS or after in ("'s", "’s"):
            return None  # "Channel 7's tower"; but a toll past "the 250-mark" is 250
    if (
        words == ["both"]
        and end < ceiling
        and (doc[end].lower_ in _NOT_PEOPLE or doc[end].lower_ in _BOTH_NOT_PEOPLE)
        and not _both_of_people(doc, end, ceiling)
    ):
        return None  # "in both countries"
    if isinstance(value, int):
        plain = len(words) == 1 and words[0].isdigit()
        if plain and len(words[0]) == 4 and 1900 <= value <= 2100:
            return None  # a year
        if start > 0 and doc[start - 1].lower_ in _NOT_COUNT_BEFORE and plain:
            return None
        if words[0].isdigit() and _in_labelled_list(doc, start):
            return None  # "sections 396, 397 and 398 of the code"
        if start > 0 and doc[start - 1].lower_ in _MONEY:
            return None  # "Rs 4 lakh"
        if (
            plain
            and start > 1
            and end < ceiling
            and doc[start - 1].lower_ == "of"
            and doc[end].is_upper
            and len(doc[end]) > 1
            and not doc[start - 2].is_upper
        ):
            return None  # a unit's name: "one personnel of 25 AR"
    return value


def _code_after_letters(doc: Doc, start: int) -> bool:
    """Whether the figure at ``start`` is joined by a hyphen to letters before it, with no
    space: a code such as "MI-1630" or "AK-47" ("twenty-five" is a number)."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_:
        return False
    letters = doc[start - 2]
    return letters.is_alpha and not letters.whitespace_ and not is_numberish(letters)


# Plural labels a list of numbers may follow: "sections 302 and 307", "articles 14, 19".
_LABELS = frozenset({"sections", "articles", "clauses", "chapters", "pages", "routes", "rules"})


def _in_labelled_list(doc: Doc, start: int) -> bool:
    """Whether the figure at ``start`` follows a label that numbers things, at once or in a
    list ("sections 396, 397 and 398", "section 302 and 307"): a name, not a count."""
    k = start - 1
    while k >= 0 and (doc[k].text in (",", "and", "&", "/") or doc[k].text.isdigit()):
        k -= 1
    return k >= 0 and (doc[k].lower_ in _LABELS or doc[k].lower_ in _NOT_COUNT_BEFORE)


def _age_without_commas(doc: Doc, start: int, end: int, ceiling: int, value: Number) -> bool:
    """Whether a figure between a name and a singular verb is the person's age, its commas
    lost: "Khalil 50 was shot dead" (a count of more than one would take "were")."""
    return (
        isinstance(value, int)
        and value > 1
        and end - start == 1
        and doc[start].text.isdigit()
        and start > 0
        and doc[start - 1].is_title
        and doc[start - 1].is_alpha
        and end < ceiling
        and doc[end].lower_ in ("was", "is")
    )


def _people_follow(doc: Doc, k: int, ceiling: int) -> bool:
    """Whether a word for many people stands at ``doc[k]``: a figure a transcriber put in
    brackets ("at least (9) persons") is a count, not an age."""
    return k < ceiling and (doc[k].lower_ in _ANY_PEOPLE or doc[k].lower_ in _PEOPLE_GROUPS)


def _both_of_people(doc: Doc, end: int, ceiling: int) -> bool:
    """Whether "both" is followed by "of them" or "of these men"."""
    if doc[end].lower_ != "of" or end + 1 >= ceiling:
        return False
    nxt = doc[end + 1].lower_
    if nxt in ("them", "whom", "us"):
        return True
    return (
        nxt in ("these", "those", "the")
        and end + 2 < ceiling
        and doc[end + 2].lower_ in ("men", "women", "people", "boys", "girls", "brothers")
    )


def count_near(
    doc: Doc,
    start: int,
    end: int,
    sent_start: int,
    sent_end: int,
    persons: Collection[str],
    blockers: Collection[int],
) -> tuple[Number | None, int]:
    """The count stated for the match ``doc[start:end]``, and where it was stated.

    The position (the first token of the number, or the match's own start when the count
    is read from "a soldier was killed") tells two matches that read the same number apart
    from two that read different ones. ``blockers`` are positions of other count matches:
    a search never crosses one, so "3 killed and 5 injured" gives 3 killed and 5 injured.
    """
    end = _past_spaces(doc, end, sent_end)  # hard-wrapped text: "KILLING\nSEVEN"
    # "killed or injured 20": no count for either.
    if (end < sent_end and doc[end].lower_ == "or") or (
        start > sent_start and doc[start - 1].lower_ == "or"
    ):
        return VAGUE, start
    if is_toll(doc, start, end, sent_start):
        return _toll(doc, end, sent_end)
    if _shot_and(doc, start, sent_start, blockers):
        # "two people were shot and killed": the victims before "shot" are the killed.
        blockers = set(blockers) - {start - 2}
    # "Whose lives are at risk", "the lives of 40 workers": no one died.
    single = end - start == 1 and doc[start].lower_ in ("lives", "life")
    if single and not _lives_lost(doc, start, sent_start, sent_end):
        return None, start
    # "A guard also lost his life", "the blast claimed her life": one person.
    if end - start >= 2 and doc[end - 2].lower_ in ("his", "her") and doc[end - 1].lower_ == "life":
        return 1, start
    if _victims_killing(doc, start, end, sent_start, sent_end):
        return 1, start
    owned = _possessor_killing(doc, start, end, sent_start, sent_end, persons)
    if owned is not None:
        return owned, start
    if _quoted_killing_of(doc, start, end, sent_end):
        # "the 'honour killing' of a young singer": the victim after the closing quote.
        victim = _one_victim(doc, start, end + 1, sent_start, sent_end, persons)
        if isinstance(victim, int):
            return victim, start
    # "Charged with murder in the shooting of a guard": the victims of the harm it names.
    harm = _harm_named_after(doc, end, sent_end)
    if harm is not None:
        found = _forward(doc, harm, sent_end, blockers, persons)
        if isinstance(found[0], int):
            return found
        victim = _one_victim(doc, start, harm, sent_start, sent_end, persons)
        if isinstance(victim, int):
            return victim, start
    # "A double murder", "triple homicide": the word before the killing gives the count.
    for k in (start, start - 1):
        if k >= sent_start and doc[k].lower_ in _MULTIPLES:
            return _MULTIPLES[doc[k].lower_], k
    # A phrase that holds its own count: "burned four guerrillas alive", "90 fell yesterday".
    for i in range(start, end - 1):
        if is_numberish(doc[i]):
            value = _value(doc, i, _span_forward(doc, i, end), end)
            if value is not None:
                return value, i
    # "beat a man to death", "kicked a guard to death": one victim inside the match.
    if end - start >= 4 and doc[end - 2].lower_ == "to" and doc[end - 1].lower_ == "death":
        inner = doc[start + 1 : end - 2]
        if any(t.lower_ in _ONE for t in inner) and any(
            _singular_person(t, persons) for t in inner
        ):
            return 1, start
    found = _forward(doc, end, sent_end, blockers, persons)
    if found[0] is not None:
        return found
    # "before being shot dead themselves": the attackers the sentence opens with.
    if attackers_themselves(doc, end, sent_end):
        group = _opening_group(doc, sent_start, start, persons)
        if group is not None:
            return group
    # "Two gunmen opened fire, killing four, before they were shot dead": the attackers the
    # sentence opens with, killed after their attack.
    if _killed_after_attack(doc, start, sent_start):
        group = _opening_group(doc, sent_start, start, persons)
        if group is not None:
            return group[0], start
    # "killing him", "shot her dead", "beat him to death": one person; "killing himself and
    # two aides": the parts joined after him too.
    if _pronoun_victim(doc, start, end, sent_start, sent_end):
        after = end + 1 if end < sent_end and doc[end].lower_ in _HIM else end
        return 1 + _parts_after(doc, after, sent_end, blockers, persons), start
    # "abducted three farmers and killed them": the group named before.
    if end < sent_end and doc[end].lower_ == "them" and doc[start].lower_ in _ACTIVE_VERBS:
        before = _group_before(doc, start, sent_start, blockers, persons)
        if before is not None:
            return before, start
    # "killing a guard": the victim follows the verb.
    if _object_victim(doc, end, sent_end, persons):
        # "shot dead a commander along with his aide": more than the first.
        if _active_with_object(doc, start, end, sent_start, sent_end):
            return max(1, _object_people(doc, end, sent_end, persons, blockers)), start
        return 1, start
    # "kill father, son", "killed the army chief's aide": the victims named after the verb.
    if _active_with_object(doc, start, end, sent_start, sent_end):
        named = _object_people(doc, end, sent_end, persons, blockers)
        if named:
            return named, start
    share = _share_of_the_dead(doc, start, sent_start, sent_end)
    if share is not None:
        # "killed 12 people; two of the dead were children": a part of the toll before.
        before = any(sent_start <= b < share[1] for b in blockers)
        return (VAGUE, start) if before else share
    # "the killing of ...", "his death": a noun whose number, if any, follows it; a number
    # before a fatal shooting counts others ("two men arrested over a fatal stabbing").
    possessive = start > sent_start and doc[start - 1].lower_ in _POSSESSIVE
    nominal = possessive or doc[end - 1].lower_ in _HARM_NOUNS
    if (
        not nominal
        and not _active_with_object(doc, start, end, sent_start, sent_end)
        and not _one_who(doc, start, sent_start, persons)
    ):
        found = _backward(doc, start, sent_start, sent_end, blockers, persons)
        if found[0] is not None and not _beyond_singular_subject(doc, found[1], start, sent_start):
            return _with_elliptic(found[0], doc, end, sent_end, blockers), found[1]
    victim = _one_victim(doc, start, end, sent_start, sent_end, persons)
    if isinstance(victim, int):
        victim += _along_with(doc, end, sent_end, persons, blockers)
    return _with_elliptic(victim, doc, end, sent_end, blockers), start


_CLOSING_QUOTES = frozenset({'"', "'", "’", "”", "»"})


_HARMED_AND = frozenset({"shot", "stabbed"})


def _shot_and(doc: Doc, start: int, sent_start: int, blockers: Collection[int]) -> bool:
    """Whether the match at ``start`` follows another count's "shot and" or "stabbed and" in
    the passive ("were shot and killed"): one harm, whose victims stand before both (not
    "three men shot and killed a guard": the men are the killers)."""
    return (
        start - 3 >= sent_start
        and doc[start - 1].lower_ == "and"
        and start - 2 in blockers
        and doc[start - 2].lower_ in _HARMED_AND
        and doc[start - 3].lower_ in _AUX
    )


def _harm_named_after(doc: Doc, end: int, sent_end: int) -> int | None:
    """Where "of" stands after a murder and the harm it was ("murder in the shooting of",
    "killing over the stabbing of"), or None."""
    if doc[end - 1].lower_ not in ("murder", "murders", "killing", "manslaughter"):
        return None
    k = end + 3
    if (
        k < sent_end
        and doc[end].lower_ in ("in", "over", "for")
        and doc[end + 1].lower_ == "the"
        and doc[end + 2].lower_ in _HARM_NOUNS | {"death", "deaths"}
        and doc[k].lower_ == "of"
    ):
        return k
    return None


def _quoted_killing_of(doc: Doc, start: int, end: int, sent_end: int) -> bool:
    """Whether the match ends with a killing noun in quotes that "of" and its victim follow:
    "the 'honour killing' of a singer"."""
    return (
        doc[end - 1].lower_ in KILLING_NOUNS
        and end + 1 < sent_end
        and doc[end].text in _CLOSING_QUOTES
        and doc[end + 1].lower_ == "of"
    )


def _one_who(doc: Doc, start: int, sent_start: int, persons: Collection[str]) -> bool:
    """Whether the verb at ``start`` has "who" for one named or described person as its
    subject ("three men were held over the attack on Gov. Ana Lis, who died with five
    aides"): a number further back counts others."""
    j = start - 1
    while j >= sent_start and (
        doc[j].is_space
        or doc[j].lower_ in _PASSIVE_SKIP
        or doc[j].lower_ in _AUX
        or doc[j].lower_ in ("had", "has")
        or doc[j].lower_.endswith("ly")
    ):
        j -= 1
    if j - 1 < sent_start or doc[j].lower_ != "who":
        return False
    k = j - 2 if doc[j - 1].text == "," and j - 2 >= sent_start else j - 1
    before = doc[k]
    return _singular_person(before, persons) or (
        before.is_title and before.is_alpha and not before.lower_.endswith("s")
    )


_CLAUSE_BREAKS = frozenset({";", ":", "while", "after", "when", "which", "that", "has", "had",
                            "have", "said", "says"})  # fmt: skip


def restates_victim(doc: Doc, start: int, sent_start: int, nouns: Collection[int]) -> bool:
    """Whether the verb at ``start`` has "who" for its subject, and that "who" follows one
    victim named after a killing noun at one of ``nouns`` ("the killing of a student who
    was shot dead", "the murder of Ana Lis, who died in hospital"): the same victim told
    twice, not a second one."""
    j = start - 1
    while j >= sent_start and (
        doc[j].is_space
        or doc[j].lower_ in _PASSIVE_SKIP
        or doc[j].lower_ in _AUX
        or doc[j].lower_ in ("had", "has", "later")
        or doc[j].lower_.endswith("ly")
    ):
        j -= 1
    if j <= sent_start or doc[j].lower_ != "who":
        return False
    for noun in nouns:
        if not (noun < j <= noun + 12) or doc[noun + 1].lower_ != "of":
            continue
        # The "of" phrase runs on to "who" with no clause between: not "the murder of a
        # trader was followed by a clash in which a policeman who ...".
        between = doc[noun + 2 : j]
        if any(t.lower_ in _AUX or t.lower_ in _CLAUSE_BREAKS for t in between):
            continue
        return True
    return False


_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip


def ordinal_victim(doc: Doc, sent_start: int, stop: int, persons: Collection[str]) -> int | None:
    """The number an ordinal gives the one person a sentence opens with: "The third guard
    succumbed" (two had died before him), "A fourth rebel set off his vest, killing
    himself". With the others' count stated elsewhere in the item, it is the event's count
    so far, like a toll."""
    k = _past_spaces(doc, sent_start, stop)
    if k < stop and doc[k].lower_ in ("the", "a"):
        k += 1
    if stop - 1 > k and doc[stop - 1].lower_ in _POSSESSIVE_MARKS:
        return None  # "Fourth man held over Ali Dar's murder": the victim is Ali Dar
    if k >= stop or doc[k].lower_ not in _ORDINALS:
        return None
    for n in range(k + 1, min(stop, k + 4)):
        if _singular_person(doc[n], persons):
            return _ORDINALS[doc[k].lower_]
        if not doc[n].is_alpha:
            return None
    return None


def _beyond_singular_subject(doc: Doc, first: int, start: int, sent_start: int) -> bool:
    """Whether the verb at ``start`` has a singular auxiliary ("the father who was fatally
    beaten", "a guard was killed") and the number at ``first`` lies outside its subject:
    "Thousands mourn the father who was beaten" counts the mourners. A number in the
    subject ("one was killed", "one of the guards was shot") is the count."""
    j = start - 1
    while j >= sent_start and (doc[j].lower_ in _PASSIVE_SKIP or doc[j].lower_.endswith("ly")):
        j -= 1
    if j < sent_start or doc[j].lower_ not in ("was", "is"):
        return False
    between = doc[first + 1 : j]
    if any(t.lower_ in _LISTING for t in between):
        return False  # "five people, including a child, was killed": loose grammar
    return len(between) > 4 or any(t.lower_ in ("who", "which", "that", ",") for t in between)


_MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4}
_LOSS = frozenset({
    "lost", "lose", "loses", "losing", "claimed", "claim", "claims", "claiming", "cost",
    "costs", "costing", "took", "take", "takes", "taking", "taken",
})  # fmt: skip


def _lives_lost(doc: Doc, start: int, sent_start: int, sent_end: int) -> bool:
    """Whether "lives" at ``start`` were lost: a word of loss shortly before it ("claimed 12
    lives", "cost the lives of") or after it ("12 lives were lost")."""
    before = doc[max(sent_start, start - 4) : start]
    after = doc[start + 1 : min(sent_end, start + 4)]
    return any(t.lower_ in _LOSS for t in before) or any(t.lower_ == "lost" for t in after)


def is_toll(doc: Doc, start: int, end: int, sent_start: int) -> bool:
    """Whether the match at ``doc[start:end]`` states a toll, a total whose figure it "rose
    to" or "stands at": "the death toll", "the number of people killed", "the number of
    dead", "the total killed"."""
    if any(t.lower_ == "toll" for t in doc[start:end]):
        return True
    for k in range(start - 1, max(sent_start, start - 6) - 1, -1):
        if doc[k].lower_ == "number" and k + 1 < start and doc[k + 1].lower_ == "of":
            return all(t.is_alpha and not is_numberish(t) for t in doc[k + 2 : start])
        if doc[k].lower_ == "total" and k > sent_start and doc[k - 1].lower_ in _TOTAL_OPENERS:
            # "the total militants killed has gone up to three"; not "a total of 12".
            return all(t.is_alpha and not is_numberish(t) for t in doc[k + 1 : start])
    return False


_TOTAL_OPENERS = frozenset({"the", "this", "overall", "grand"})


_HIM = frozenset({"him", "her", "himself", "herself"})


def attackers_themselves(doc: Doc, end: int, sent_end: int) -> bool:
    """Whether "themselves" follows a verb of harm ("were shot dead themselves"): the
    attackers were killed too, people apart from their victims."""
    return end < sent_end and doc[end].lower_ == "themselves"


def _killed_after_attack(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether the passive at ``start`` follows "before they were" or "before being": what
    befell the sentence's subject after what it did ("stormed the hotel, killing five,
    before they were shot dead")."""
    j = start - 1
    while j >= sent_start and doc[j].lower_ in ("later", "eventually", "finally", "reportedly"):
        j -= 1
    if j >= sent_start and doc[j].lower_ in ("were", "been"):
        j -= 1
        if j >= sent_start and doc[j].lower_ in ("had", "have"):
            j -= 1
        if j < sent_start or doc[j].lower_ != "they":
            return False
    elif j < sent_start or doc[j].lower_ != "being":
        return False
    return j - 1 >= sent_start and doc[j - 1].lower_ in ("before", "until")


def _opening_group(
    doc: Doc, sent_start: int, stop: int, persons: Collection[str]
) -> tuple[int, int] | None:
    """The number of people a sentence opens with ("Two gunmen carried out the attack"),
    and where it stands; None when it opens otherwise."""
    k = _past_spaces(doc, sent_start, stop)
    found = _number_of_people(doc, k, stop, persons)
    return None if found is None else (found[0], k)


def _number_of_people(
    doc: Doc, i: int, stop: int, persons: Collection[str]
) -> tuple[int, int] | None:
    """The whole number at ``i`` when it counts people, not things, and the position after
    it; else None."""
    if i >= stop or not is_numberish(doc[i]):
        return None
    end = _span_forward(doc, i, stop)
    value = _value(doc, i, end, stop)
    if not isinstance(value, int) or _counts_things(doc, end, stop, persons):
        return None
    return value, end


def _pronoun_victim(doc: Doc, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """Whether "him" or "her" is the victim: the object of an active verb ("killing him
    instantly", not "killing her husband"), before "dead" ("shot him dead"), or inside the
    match ("beat him to death")."""
    if any(t.lower_ in _HIM for t in doc[start + 1 : end - 1]):
        return True
    if start > sent_start and doc[start - 1].lower_ in _HIM and doc[start].lower_ == "dead":
        return True
    if end >= sent_end or doc[end].lower_ not in _HIM or doc[start].lower_ not in _ACTIVE_VERBS:
        return False
    after = doc[end + 1] if end + 1 < sent_end else None
    return (
        doc[end].lower_ != "her"
        or after is None
        or not after.is_alpha
        or after.lower_ in _AFTER_INTRANSITIVE
        or after.lower_.endswith("ly")
    )


def _past_spaces(doc: Doc, i: int, stop: int) -> int:
    """The first position from ``i`` that is not a line break or other space."""
    while i < stop and doc[i].is_space:
        i += 1
    return i


def _before_spaces(doc: Doc, j: int, floor: int) -> int:
    """The last position up to ``j`` that is not a line break or other space."""
    while j >= floor and doc[j].is_space:
        j -= 1
    return j


_ACTIVE_VERBS = frozenset({
    "killed", "kills", "kill", "killing", "shot", "shoots", "shoot", "slew", "gun", "guns",
    "gunned", "stabbed", "stab", "stabs", "executed", "executes", "execute", "murdered",
    "murder", "murders", "beheaded", "behead", "lynched", "lynch", "hanged", "assassinated",
    "assassinate", "injuring", "wounding", "maiming", "injure", "injures",
})  # fmt: skip


def _active_with_object(doc: Doc, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """Whether the match is an active verb with its object after it ("militants killed a
    guard"): a number before it counts the killers, not the killed."""
    if end >= sent_end or doc[start].lower_ not in _ACTIVE_VERBS:
        return False
    # A gerund after a preposition has a clause of its own: "two men were charged with
    # killing a guard" counts the guard, not the two men.
    gerund = start > sent_start and doc[start - 1].lower_ in _PREPOSITIONS
    if not gerund and any(t.lower_ in _AUX for t in doc[max(sent_start, start - 3) : start]):
        return False  # passive: "were killed"
    if _bare_number_before(doc, start, sent_start):
        return False  # "1 killed" in a headline run into the next: its victims
    nxt = doc[end]
    # "Four killed including a guard": the list names some of the dead, not an object.
    listing = nxt.lower_ in _LISTING
    return not (nxt.lower_ in _AFTER_INTRANSITIVE or nxt.is_punct or is_numberish(nxt) or listing)


def _bare_number_before(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether a figure with no noun stands right before the verb at ``start``, after a
    comma or a line's start ("Riots go on, 1 killed", "3 killed"): the headline's dead,
    not killers ("the two killed a guard" has its article)."""
    k = _before_spaces(doc, start - 1, sent_start)
    if k < sent_start or not _DIGITS.match(doc[k].lower_):
        return False
    return k == sent_start or doc[k - 1].text in (",", ":", ";", "|", "—", "–")


# The words after which a toll's figure stands: "rose to 40", "stands at 40", "has crossed
# the 250-mark", "passed 300".
# Headlines tell a toll in the present: "toll hits 60", "toll passes 100".
_TOLL_TO = frozenset({"to", "at", "reached", "reaches", "hit", "hits", "of", "crossed",
                      "crosses", "cross", "passed", "passes", "topped", "tops", "exceeded",
                      "exceeds", "surpassed", "surpasses"})  # fmt: skip


def _toll(doc: Doc, end: int, sent_end: int) -> tuple[Number | None, int]:
    """The figure a death toll "rose to", "stands at" or "reached", later in the sentence."""
    for i in range(end, sent_end):
        if doc[i].lower_ in _TOLL_TO and i + 1 < sent_end:
            nxt = i + 1
            nxt += _hedge_at(doc, nxt, sent_end)  # "rose to no fewer than 20"
            while nxt < sent_end and doc[nxt].lower_ in _FORWARD_SKIP and nxt - i <= 3:
                nxt += 1
            if nxt < sent_end and is_numberish(doc[nxt]):
                stop = _span_forward(doc, nxt, sent_end)
                value = _value(doc, nxt, stop, sent_end)
                if value is not None:
                    return value, nxt
    return None, end


def _forward(
    doc: Doc, end: int, sent_end: int, blockers: Collection[int], persons: Collection[str]
) -> tuple[Number | None, int]:
    i, skipped = end, 0
    while i < sent_end and skipped <= 5:
        tok = doc[i]
        lower = tok.lower_
        if i in blockers:
            break
        if lower == "as" and i + 1 < sent_end and doc[i + 1].lower_ == "of":
            break  # "as of 30 November"
        half = lower == "half" and i + 1 < sent_end and doc[i + 1].lower_ in _ONE
        if (
            half
            or is_numberish(tok)
            or (lower in _ONE and i + 1 < sent_end and doc[i + 1].lower_ in _SCALE_WORDS)
        ):
            stop = _span_forward(doc, i + 1 if half else i, sent_end)  # "half a dozen"
            if _counts_things(doc, stop, sent_end, persons):
                break  # "killed in two attacks", "in 5,500 rounds of firing"
            if _opens_clause(doc, stop, sent_end):
                break  # "seven were shot dead three others were wounded": a comma lost
            value = _value(doc, i, stop, sent_end)
            if isinstance(value, int):
                added = _parts_after(doc, stop, sent_end, blockers, persons)
                if not _breakdown(doc, stop, sent_end, value, added):
                    value += added
            return value, i
        hedge = _hedge_at(doc, i, sent_end)
        if hedge:
            i += hedge
            skipped += 1
            continue
        if lower not in _FORWARD_SKIP:
            break
        i += 1
        skipped += 1
    return None, end


# Phrases that hedge a number as a floor or a near figure: "killing no fewer than 12", "in
# excess of 40", "a minimum of 14".
_HEDGE_PHRASES = (
    ("no", "fewer", "than"), ("no", "less", "than"), ("not", "less", "than"),
    ("not", "fewer", "than"), ("well", "over"), ("well", "above"), ("close", "to"),
    ("in", "excess", "of"), ("a", "minimum", "of"), ("upward", "of"),
)  # fmt: skip


_HEDGE_STARTS = frozenset(phrase[0] for phrase in _HEDGE_PHRASES)


def _hedge_at(doc: Doc, i: int, sent_end: int) -> int:
    """The length of the hedging phrase that opens at ``doc[i]``, or 0."""
    if i >= sent_end or doc[i].lower_ not in _HEDGE_STARTS:
        return 0
    for phrase in _HEDGE_PHRASES:
        stop = i + len(phrase)
        if stop <= sent_end and tuple(t.lower_ for t in doc[i:stop]) == phrase:
            return len(phrase)
    return 0


def _opens_clause(doc: Doc, stop: int, sent_end: int) -> bool:
    """Whether the number that ends before ``stop`` is the subject of a clause of its own:
    its noun ("three others") is followed by "were" or "was"."""
    for k in range(stop, min(sent_end, stop + 4)):
        lower = doc[k].lower_
        if lower in ("were", "was"):
            return True
        if not doc[k].is_alpha or lower in _AFTER_INTRANSITIVE or lower in _AUX:
            return False
    return False


def _backward(
    doc: Doc,
    start: int,
    sent_start: int,
    sent_end: int,
    blockers: Collection[int],
    persons: Collection[str],
) -> tuple[Number | None, int]:
    j, steps = start - 1, 0
    part = False  # the victims are a part listed after a total ("including one youth")
    while j >= sent_start and steps < 30:
        tok = doc[j]
        if _closes_aside(doc, j, start, sent_start):
            # "the hostages — a woman and her two sons — were killed": the victims are
            # told between the dashes.
            j -= 1
            steps += 1
            continue
        if (tok.lower_ in _STOP_BACK and not _said_to(doc, j, sent_end)) or j in blockers:
            break
        if is_numberish(tok):
            first = _span_back(doc, j, sent_start)
            value = _value(doc, first, j + 1, sent_end)
            before = {t.lower_ for t in doc[max(sent_start, first - 2) : first]}
            objects = _counts_things(doc, j + 1, start, persons)
            agent = "by" in before or (first > sent_start and doc[first - 1].lower_ == "by")
            # "nine people from two groups were killed", "five men in two cars": a number
            # after "from" or "in" says where the dead came from, not how many they were.
            where = (
                first > sent_start
                and doc[first - 1].lower_ in ("from", "in")
                and not (first - 2 >= sent_start and doc[first - 2].lower_ in _RESULTING)
            )  # but "resulting in five soldiers dead" counts the dead
            if value is None or before & _INCLUDING or objects or agent or where:
                # A date, a part ("including two children") or the attackers ("by about
                # 15 men"): the total is further back.
                part = part or bool(before & _INCLUDING)
                steps += j - first + 1
                j = first - 1
                continue
            if not part and _object_of_other(doc, first, sent_start, sent_end, blockers):
                return None, start
            share = _share_of(doc, first, sent_start, sent_end)
            if share is not None:
                return share  # "Two of the five hostages were killed": two
            if _part_of_total(doc, first, sent_start):
                # "Out of the 286 killed, some 41 were shot": told within the total, whose
                # own match counts it.
                return VAGUE, first
            listed = _listed_from(doc, first, sent_start)
            if listed is not None or (
                _of_them(doc, j + 1, sent_end) and _total_before(doc, first, sent_start, blockers)
            ):
                # A part of a total stated before it: "four people, including a captain, two
                # guards and one civilian, were killed"; "six priests, five of them foreign".
                back = listed if listed is not None else first
                steps += j - back + 1
                j = back - 1
                continue
            if isinstance(value, int):
                value += _singles_between(doc, j + 1, start, persons)
            return _add_parts(doc, first, sent_start, sent_end, value, blockers, persons), first
        j -= 1
        steps += 1
    return None, start


_RESULTING = frozenset({"resulting", "resulted", "result", "results"})
_DASHES = frozenset({"—", "–"})


def _closes_aside(doc: Doc, j: int, start: int, sent_start: int) -> bool:
    """Whether the dash at ``doc[j]`` closes an aside that the verb at ``start`` follows
    with nothing but its auxiliaries between ("— had been killed"), and an opening dash
    stands before it in the sentence."""
    if doc[j].text not in _DASHES:
        return False
    if any(
        not (t.is_space or t.lower_ in _AUX or t.lower_ in _PASSIVE_SKIP or t.lower_ in _HAVE)
        for t in doc[j + 1 : start]
    ):
        return False
    return any(t.text in _DASHES for t in doc[max(sent_start, j - 12) : j])


_HAVE = frozenset({"had", "has", "have"})


def _said_to(doc: Doc, j: int, sent_end: int) -> bool:
    """Whether ``doc[j]`` is "said" told of the victims, not a speaker: "two people are
    said to have been killed"."""
    return doc[j].lower_ in ("said", "says") and j + 1 < sent_end and doc[j + 1].lower_ == "to"


def _object_of_other(
    doc: Doc, first: int, sent_start: int, sent_end: int, blockers: Collection[int]
) -> bool:
    """Whether the number at ``first`` counts the victims of another count's words just
    before it ("a man accused of murdering 12 hikers is killed", "wanted for the murder of
    six traders, he was shot dead"): the victims of the later one are further back. A
    passive has no object: after "nine were shot dead", "two others were wounded" is a
    clause of its own, its comma lost."""
    k = _before_hedge(doc, first - 1, sent_start)
    if k > sent_start and doc[k].lower_ == "of":
        k -= 1
    verb = k
    while verb - 1 >= sent_start and verb - 1 in blockers:
        verb -= 1
    return k in blockers and not (verb > sent_start and doc[verb - 1].lower_ in _AUX)


def _share_of(doc: Doc, first: int, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    """The share told before the group whose number starts at ``first``, and where it
    stands: "two of the five hostages", "seven of 35 tribesmen" give two and seven."""
    k = first - 1
    if k >= sent_start and doc[k].lower_ in ("the", "those", "these"):
        k -= 1
    if k - 1 < sent_start or doc[k].lower_ != "of" or not is_numberish(doc[k - 1]):
        return None
    start = _span_back(doc, k - 1, sent_start)
    value = _value(doc, start, k, sent_end)
    return (value, start) if isinstance(value, int) else None


# Nouns for a group of people that the lexicon's persons (one person each) leave out.
_PEOPLE_GROUPS = frozenset({"people", "personnel", "staff", "troops", "crew", "crews"})


def _counts_things(doc: Doc, begin: int, stop: int, persons: Collection[str]) -> bool:
    """Whether the noun phrase that starts at ``begin`` (after a number) counts things, not
    people: "three mortar shells landed" does, "two bus passengers" and "two militants shot
    dead" do not (a noun for people is the phrase's head, whatever stands before it)."""
    things = False
    for k in range(begin, min(stop, begin + 6)):
        tok = doc[k]
        if tok.lemma_ in persons or tok.lower_ in _PEOPLE_GROUPS:
            return False
        if tok.lower_ in _NOT_PEOPLE:
            things = True
        elif not tok.is_alpha or tok.lower_ in _AFTER_INTRANSITIVE or tok.lower_ in _AUX:
            break
        elif not things and k > begin:
            break  # "three mortar shells": a thing must come first or second
    return things


def _add_parts(
    doc: Doc,
    first: int,
    sent_start: int,
    sent_end: int,
    value: Number,
    blockers: Collection[int],
    persons: Collection[str],
) -> Number:
    """``value`` plus the parts joined to it by "and" or a comma before it ("five ... and
    one", "Four soldiers, 37 insurgents killed")."""
    # "Ali Dar and 10 other fighters": the named ones are besides the others counted.
    others = _others_at(doc, _span_forward(doc, first, sent_end), sent_end)
    while isinstance(value, int):
        k = _before_hedge(doc, _before_spaces(doc, first - 1, sent_start), sent_start)
        if others and k - 1 >= sent_start and doc[k].lower_ == "and" and doc[k - 1].text == ",":
            k -= 1  # "Ali Dar, his son, and 15 others"
        if k >= sent_start and doc[k].lower_ in _KIN:
            k -= 1  # "a man and his two sons"
        if k - 1 >= sent_start and doc[k].lower_ == "with" and doc[k - 1].lower_ == "along":
            k -= 1  # "the commander along with four other militants"
        elif k < sent_start or doc[k].lower_ not in ("and", ","):
            return value
        if (k - 1 >= sent_start and _people_in(doc[k - 1], persons)) or (
            k - 3 >= sent_start
            and doc[k - 2].lower_ == "of"
            and _singular_person(doc[k - 3], persons)
        ):
            # "a farm director and eight troops", "the chief of staff, three others", "a
            # couple and their two sons" (a pair is two); the list may go on before the one
            # person ("three soldiers, a guard and two cooks").
            value += max(1, _people_in(doc[k - 1], persons))
            person = _one_person_start(doc, k - 1, sent_start)
            if person is None:
                return value
            first = person
            continue
        name = _name_start(doc, k - 1, sent_start) if others else None
        if name is not None:
            value, first = value + 1, name
            continue
        j = k - 1
        found = None
        # The part's noun phrase may be long: "12 Border Security Guard (BSG)
        # officers and two rebels"; an age inside it is no part ("three nine-year-old
        # children and three adults").
        while j >= max(sent_start, k - 10):
            tok = doc[j]
            if tok.lower_ in (",", ";") or tok.lower_ in _STOP_BACK or j in blockers:
                break
            if is_numberish(tok) and not (
                j + 1 < sent_end and doc[j + 1].lower_ in ("-", "year", "years")
            ):
                found = j
                break
            j -= 1
        if found is None or _counts_things(doc, found + 1, k, persons):
            return value
        part_start = _span_back(doc, found, sent_start)
        part = _value(doc, part_start, found + 1, sent_end)
        if not isinstance(part, int) or _partitive(doc, part_start, sent_start):
            return value  # "Of the 300 rebels who attacked, 20 were killed": not a part
        if doc[k].lower_ == "," and _breakdown(doc, found + 1, sent_end, part, value):
            return part  # "five people, two soldiers and three civilians, were killed"
        value, first = value + part, part_start
    return value


def _others_at(doc: Doc, k: int, sent_end: int) -> bool:
    """Whether the count that ends before ``k`` counts "others" or "other" people: those
    listed before it are besides them."""
    return k < sent_end and doc[k].lower_ in ("other", "others")


def _name_start(doc: Doc, last: int, sent_start: int) -> int | None:
    """Where the name of one person that ends with ``doc[last]`` starts ("Ali Dar"), or
    None when no name of two words or more (a first name and a surname) ends there."""
    k, words = last, 0
    while k >= sent_start and words < 4:
        if _name_word(doc[k]) and doc[k].is_alpha:
            words += 1
        elif not (words and _name_joint(doc, k)):
            break
        k -= 1
    if words < 2 or doc[last].lower_.endswith("s"):
        return None
    while not (_name_word(doc[k + 1]) and doc[k + 1].is_alpha):
        k += 1  # a name starts with a name word, not "al-" or a hyphen
    # "the Dorland Front", "members of the Blue Brigade": a body, not a person.
    return None if k >= sent_start and doc[k].lower_ in ("the", "of") else k + 1


_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "ben", "van", "von",
                             "de", "del", "da", "di", "du", "le", "la"})  # fmt: skip


def _name_joint(doc: Doc, k: int) -> bool:
    """Whether ``doc[k]`` joins the words of one name: the hyphen of "al-Sudani" or
    "Jean-Pierre", or a particle such as "al" or "bin" before it."""
    tok = doc[k]
    if tok.text == "-":
        return not tok.whitespace_ and k > 0 and not doc[k - 1].whitespace_
    return tok.lower_ in _NAME_PARTICLES and tok.is_lower


def _one_person_start(doc: Doc, noun: int, sent_start: int) -> int | None:
    """Where the phrase for one person that ends with ``doc[noun]`` starts ("a guard", "his
    wife", "the chief of staff"), when a list goes on before it; else None."""
    for k in range(noun - 1, max(sent_start, noun - 5) - 1, -1):
        lower = doc[k].lower_
        if lower in _ONE or lower in _KIN or lower == "the":
            return k if k - 1 >= sent_start and doc[k - 1].lower_ in ("and", ",") else None
        if not doc[k].is_alpha:
            return None
    return None


# Nouns for people of any kind, which a list after a comma may break down.
_ANY_PEOPLE = frozenset({"people", "persons", "person", "individuals", "victims", "others"})


def _breakdown(doc: Doc, stop: int, sent_end: int, total: int, parts: int) -> bool:
    """Whether the parts listed after a comma that follows a count of people of any kind
    add up to it ("five people, two soldiers and three civilians"): they tell who the
    counted were, and add nothing."""
    return (
        parts == total
        and stop + 1 < sent_end
        and doc[stop].lower_ in _ANY_PEOPLE
        and doc[stop + 1].lower_ == ","
    )


_HEDGES = frozenset({"nearly", "almost", "about", "around", "over", "roughly", "some",
                     "approximately"})  # fmt: skip


def _before_hedge(doc: Doc, k: int, sent_start: int) -> int:
    """The position before the hedge that ends at ``k`` ("at least", "more than",
    "nearly"), or ``k`` when there is none."""
    if k - 1 >= sent_start and (
        (doc[k].lower_ == "least" and doc[k - 1].lower_ == "at")
        or (doc[k].lower_ == "than" and doc[k - 1].lower_ in ("more", "over"))
    ):
        return k - 2
    if k >= sent_start and doc[k].lower_ in _HEDGES:
        return k - 1
    return k


_LISTING = frozenset({"including", "include", "includes", "among", "identified", "namely"})
_PARTITIVE = frozenset({"them", "whom", "those", "these"})


def _listed_from(doc: Doc, first: int, sent_start: int) -> int | None:
    """Where "including" (or "include": "23 rebels include 3 foreign fighters") stands
    before the number at ``first``, with a number before it whose parts it lists; else
    None."""
    k = first - 1
    while k > sent_start and first - k <= 25:
        lower = doc[k].lower_
        if lower in _STOP_BACK:
            return None
        if lower in ("including", "include", "includes"):
            if lower != "including" and not (is_numberish(doc[k + 1]) or doc[k + 1].lower_ in _ONE):
                return None  # a verb of its own: "the revolt, which includes demands for ..."
            if any(is_numberish(t) for t in doc[max(sent_start, k - 12) : k]):
                return k
            return None
        k -= 1
    return None


def _of_them(doc: Doc, after: int, sent_end: int) -> bool:
    """Whether "of them" or "of whom" follows a number: a part of the total before it."""
    return (
        after + 1 < sent_end and doc[after].lower_ == "of" and doc[after + 1].lower_ in _PARTITIVE
    )


_WITHIN = frozenset({"the", "those", "these", "all"})
_HARMED = frozenset({"kill", "killed", "dead", "die", "died", "death", "injure", "injured",
                     "wound", "wounded", "victim", "casualty", "slain", "fatality"})  # fmt: skip


def _part_of_total(doc: Doc, first: int, sent_start: int) -> bool:
    """Whether the number at ``first`` follows, past a comma, a total its clause opens with:
    "out of the 286 people killed, some 41 were ...", "Of the 40 dead, 12 were children"."""
    comma = None
    for k in range(first - 1, max(sent_start, first - 15) - 1, -1):
        if doc[k].lower_ == ",":
            comma = k
        elif comma is not None and is_numberish(doc[k]):
            if not any(t.lemma_ in _HARMED for t in doc[k + 1 : comma]):
                return False  # "Of the 300 rebels who attacked, 20 were killed"
            return _partitive(doc, _span_back(doc, k, sent_start), sent_start)
    return False


def _partitive(doc: Doc, first: int, sent_start: int) -> bool:
    """Whether the number at ``first`` is a whole that the clause opens with: "Of the 40
    dead, ...", "out of 300 rebels, ...", "shows that of the 90 killed, ..."."""
    m = first - 1
    if m >= sent_start and doc[m].lower_ in _WITHIN:
        m -= 1
    if m < sent_start or doc[m].lower_ != "of":
        return False
    return m == sent_start or doc[m - 1].lower_ in ("out", ",", "that")


def _total_before(doc: Doc, first: int, sent_start: int, blockers: Collection[int]) -> bool:
    """Whether a number stands shortly before ``first`` in its clause: the total that "five
    of them" is a part of ("six priests, five of them foreign")."""
    for k in range(first - 1, max(sent_start, first - 12) - 1, -1):
        if doc[k].lower_ in _STOP_BACK or k in blockers:
            return False
        if is_numberish(doc[k]):
            return True
    return False


def _singles_between(doc: Doc, begin: int, stop: int, persons: Collection[str]) -> int:
    """People added one by one between a count and its verb: "two soldiers and a civilian
    were killed" adds 1; those listed after "including" or "identified as" are among the
    count already."""
    if any(t.lower_ in _LISTING for t in doc[begin:stop]):
        return 0
    added, inside = 0, False
    for i in range(begin, stop - 1):
        if doc[i].text in ("(", ")"):
            inside = doc[i].text == "("  # "two cadres (Ali and Omar)" names the two
        if doc[i].lower_ != "and" or inside:
            continue
        j = i + 1
        # "two cadres and Rafiq, a worker, were killed" adds one; "two guards, Ali Dar and
        # Omar Khan, were killed" names the two.
        group = _people_word(doc[i - 1], persons) or _names_of_group(doc, i - 1, persons)
        if group and _one_named(doc, j, stop, persons):
            added += 1
            continue
        if doc[j].lower_ in _ONE:
            j += 1
        for k in range(j, min(stop, j + 3)):
            if _singular_person(doc[k], persons):
                added += 1
                break
            if not doc[k].is_alpha:
                break
    return added


def _names_of_group(doc: Doc, close: int, persons: Collection[str]) -> bool:
    """Whether ``doc[close]`` closes a bracket that names a group's people: "two cadres
    (Ali Dar and Omar Khan)", not a group's initials ("militants of the Front (NF)")."""
    if doc[close].text != ")":
        return False
    for k in range(close - 1, max(0, close - 10), -1):
        if doc[k].text == "(":
            return k > 0 and _people_word(doc[k - 1], persons)
    return False


def _one_named(doc: Doc, j: int, stop: int, persons: Collection[str]) -> bool:
    """Whether one person's name opens at ``doc[j]``: a run of name words that is no
    plural ("Palestinians") and no adjective before a noun for people ("Kenyan troops")."""
    k = j
    while k < stop and k - j < 4 and _name_word(doc[k]) and doc[k].is_alpha:
        if doc[k].lemma_ in persons or doc[k].lower_ in _DAYS or doc[k].lower_ in _MONTHS:
            return False
        k += 1
    if k == j or doc[k - 1].lower_.endswith("s"):
        return False
    return k >= stop or not _people_word(doc[k], persons)


def _people_word(token: Token, persons: Collection[str]) -> bool:
    return token.lemma_ in persons or token.lower_ in _PEOPLE_GROUPS


def _parts_after(
    doc: Doc, stop: int, sent_end: int, blockers: Collection[int], persons: Collection[str]
) -> int:
    """What the parts joined by "and" after a count add to it: "killing 2 staff and 2
    policemen" adds 2, "13 students and a teacher" adds 1; parts joined by commas add up
    when an "and" closes the list ("two guards, a cook and a driver" adds 2; not "two
    guards, a spokesman said")."""
    added, pending, i = 0, 0, stop
    while i < sent_end:
        skipped = 0
        i = _past_age(doc, i, sent_end)  # "three nine-year-old children and ..."
        while (
            i < sent_end
            and skipped < 4
            and doc[i].is_alpha
            and doc[i].lower_ not in _AFTER_INTRANSITIVE
            and not is_numberish(doc[i])
            and doc[i].lower_ not in _SPEECH  # "two guards, a spokesman said, and ..."
            and i not in blockers
        ):
            i += 1
            skipped += 1
        i = _past_spaces(doc, i, sent_end)  # hard-wrapped text: "A WOMAN,\nAND HER SON"
        i = _past_place(doc, i, sent_end)  # "31 people in Gaza and a man in Israel"
        nxt = _past_spaces(doc, i + 1, sent_end)
        if nxt < sent_end and doc[i].lower_ == "," and doc[nxt].lower_ == "and":
            i, nxt = nxt, _past_spaces(doc, nxt + 1, sent_end)  # "two guards, a cook, and a driver"
        if nxt >= sent_end or doc[i].lower_ not in ("and", ",") or nxt in blockers:
            return added
        joiner = doc[i].lower_
        if joiner == "," and not (is_numberish(doc[nxt]) or doc[nxt].lower_ in _ONE):
            return added  # "ten people, including a woman": the parts of the total
        found = _part_at(doc, nxt, sent_end, persons)
        if found is None:
            return added
        part, i = found
        if joiner == ",":
            pending += part
        else:
            added, pending = added + pending + part, 0
    return added


_PLACE_OPENERS = frozenset({"in", "at", "near"})
_QUARTERS = frozenset({"central", "northern", "southern", "eastern", "western", "north",
                       "south", "east", "west", "the"})  # fmt: skip


def _past_place(doc: Doc, i: int, sent_end: int) -> int:
    """Past a place named after a part of a list, when "and" follows it ("31 people in
    Gaza and a man in central Israel"): the position of that "and", else ``i``."""
    if i >= sent_end or doc[i].lower_ not in _PLACE_OPENERS:
        return i
    k = i + 1
    while k < sent_end and k - i <= 2 and doc[k].lower_ in _QUARTERS:
        k += 1
    names = 0
    while k < sent_end and names < 3 and doc[k].is_title and doc[k].is_alpha:
        k += 1
        names += 1
    return k if names and k < sent_end and doc[k].lower_ == "and" else i


def _part_at(doc: Doc, j: int, sent_end: int, persons: Collection[str]) -> tuple[int, int] | None:
    """The part of a list that starts at ``j`` ("2 policemen", "a teacher") and where it
    ends, or None when no part starts there."""
    if is_numberish(doc[j]):
        end = _span_forward(doc, j, sent_end)
        part = _value(doc, j, end, sent_end)
        return (part, end) if isinstance(part, int) else None
    if doc[j].lower_ in _ONE:
        j += 1
        while j + 1 < sent_end and _AGE.match(doc[j].lower_):
            j += 1  # "a 70-year-old man": the age says who
    for k in range(j, min(sent_end, j + 3)):
        if _singular_person(doc[k], persons):
            return 1, k + 1
        if not doc[k].is_alpha or doc[k].lower_ in _AFTER_INTRANSITIVE:
            return None
    return None


_DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                   "sunday", "today", "yesterday", "tonight"})  # fmt: skip
_OBJECT_STOP = frozenset({"who", "whom", "which", "that", "said", "says", "told", "according",
                          "officials", "police", "reports", "reported"})  # fmt: skip


def _object_people(
    doc: Doc, end: int, sent_end: int, persons: Collection[str], blockers: Collection[int]
) -> int:
    """How many people are named as the object of an active verb: one for each phrase
    whose last person word is singular ("father, son" is 2; "the army chief's aide" is
    1) or that is a name ("Harry and Megan Dale" is 2); 0 when a phrase names none or
    many ("civilians"). Another count's words end the list: "killing the driver and
    injuring his brother" names one killed."""
    total, i, after_person, after_name = 0, end, False, False
    for _ in range(5):
        i = _past_spaces(doc, i, sent_end)  # hard-wrapped text: "KILLED ANA LIS,\nA NURSE"
        if i in blockers:
            return total
        counted = _counted_part(doc, i, sent_end, persons) if total else None
        if counted is not None:
            # "a teacher and his three children": a counted part of the list.
            part, k = counted
            total += part
            if k + 1 < sent_end and doc[k].lower_ in (",", "and"):
                i = k + 2 if doc[k + 1].lower_ == "and" else k + 1
                continue
            return total
        head = None
        named = True
        k = i
        while k < sent_end and k - i < 6:
            tok = doc[k]
            if tok.is_space:
                k += 1
                continue
            # After "of", "police" is part of a title: "Superintendent of Police Ram Dev".
            if tok.lower_ in (",", "and") or (
                tok.lower_ in _OBJECT_STOP and not (k > i and doc[k - 1].lower_ == "of")
            ):
                break
            if k == i and tok.lower_ in _AUX:
                return total  # "the murdered envoy, Ana Lis, was the second secretary"
            if k > i and _bracketed_age(doc, k, sent_end):
                k += 3  # "Ram Dev (31) and his son": the age says who, not how many
                continue
            inner = (  # "Al-Talalka", "vice-president", a militant 'commander'
                (tok.lower_ == "-" and k + 1 < sent_end and k > i and doc[k + 1].is_alpha)
                or (tok.is_quote and k > i)
            )
            if not (tok.is_alpha or tok.lower_ in ("'s", "’s") or inner):
                break
            if (tok.lower_ in _AFTER_INTRANSITIVE and not inner) or is_numberish(tok):
                break
            if tok.lemma_ in persons or _head_of(tok):
                head = tok
            # "Ali Dar, leader of the Farmers Union of the north, and his son": the role's
            # "of" phrase after a name says who he is, up to the comma that ends it.
            close = _role_phrase_end(doc, k, sent_end) if after_name and head is not None else None
            if close is not None:
                k = close
                break
            if tok.is_alpha and (
                not _name_word(tok) or tok.lower_ in _DAYS or tok.lower_ in _MONTHS
            ):
                named = False
            k += 1
        # A person's name with no noun for a person counts one: "killed Alon Shamriz, Samer
        # Al-Talalka and Yotam Haim"; after a comma that follows a person, it names that
        # person ("the mayor, John Dale,").
        # "the novelist Tomas Brel": a name after words that say who he is counts one.
        named = named or (head is None and _name_start(doc, k - 1, i) is not None)
        if head is None and not (named and k > i):
            return total
        if head is not None and not _singular_person(head, persons):
            return total
        # "Ali Dar, a trader, and his son", "Ali Dar (46), a trader in the town": a phrase
        # after a name and a comma says who the named one is, unless "and" joins it to the
        # list ("Ali Dar, a trader and a guard").
        appositive = (
            after_name
            and (doc[i].lower_ in _ONE or _role_of(doc, i, sent_end, persons))
            and (k >= sent_end or doc[k].text != "and")
        )
        if (head is not None and not appositive) or (head is None and not after_person):
            total += 1
        after_comma = _past_spaces(doc, k + 1, sent_end)
        comma_after = (
            after_comma < sent_end and doc[k].lower_ == "," and doc[after_comma].lower_ != "and"
        )
        after_person = head is not None and comma_after
        after_name = head is None and comma_after
        if k < sent_end and doc[k].lower_ in (",", "and"):
            i = _past_spaces(doc, k + 1, sent_end)
            if i < sent_end and doc[i].lower_ == "and":
                i += 1
            continue
        if k + 1 < sent_end and doc[k].lower_ == "along" and doc[k + 1].lower_ == "with":
            i, after_person, after_name = k + 2, False, False  # "a commander along with his aide"
            continue
        break
    return total


def _role_phrase_end(doc: Doc, k: int, sent_end: int) -> int | None:
    """The comma that ends the "of" phrase at ``doc[k]`` when another name or person
    follows it ("leader of the party (PNR), and Ana Lis"), else None."""
    if doc[k].lower_ != "of":
        return None
    for j in range(k + 1, min(sent_end - 1, k + 14)):
        if doc[j].lower_ in _OBJECT_STOP:
            return None
        if doc[j].lower_ == ",":
            return j if doc[_past_spaces(doc, j + 1, sent_end)].lower_ == "and" else None
    return None


def _role_of(doc: Doc, i: int, sent_end: int, persons: Collection[str]) -> bool:
    """Whether a role with no article opens at ``doc[i]``: "leader of the union", "second
    secretary of the embassy", "senior leader of the party"."""
    for k in range(i, min(sent_end - 1, i + 3)):
        if _singular_person(doc[k], persons):
            return doc[_past_spaces(doc, k + 1, sent_end)].lower_ == "of"
        if not doc[k].is_alpha and not doc[k].is_space:
            return False
    return False


def _bracketed_age(doc: Doc, k: int, sent_end: int) -> bool:
    """Whether an age in brackets opens at ``doc[k]``: "(31)"."""
    return (
        k + 2 < sent_end
        and doc[k].text == "("
        and doc[k + 1].text.isdigit()
        and doc[k + 2].text == ")"
    )


def _counted_part(
    doc: Doc, i: int, sent_end: int, persons: Collection[str]
) -> tuple[int, int] | None:
    """A counted group of people that starts at ``i`` in a list ("his three children",
    "two guards"), as its number and the position after its noun; else None."""
    if i < sent_end and doc[i].lower_ in _KIN:
        i += 1
    found = _number_of_people(doc, i, sent_end, persons)
    if found is None:
        return None
    value, stop = found
    k = stop
    while k < sent_end and k - stop < 3 and doc[k].is_alpha and doc[k].lower_ != "and":
        if doc[k].lemma_ in persons or doc[k].lower_ in _PEOPLE_GROUPS | {"others"}:
            return value, k + 1
        k += 1
    return None


def _group_before(
    doc: Doc, start: int, sent_start: int, blockers: Collection[int], persons: Collection[str]
) -> int | None:
    """How many people "them" after the verb at ``start`` points back to: a number of
    people earlier in the sentence ("abducted three farmers and killed them"), not the
    clause's subject ("two gunmen stopped the bus and shot them": the attackers), or
    people brought in one by one ("fired at a judge and his driver, killing them")."""
    for j in range(start - 1, sent_start - 1, -1):
        if doc[j].lower_ in _STOP_BACK or doc[j].lower_ in _SPEECH or j in blockers:
            return None
        if not is_numberish(doc[j]):
            continue
        first = _span_back(doc, j, sent_start)
        value = _value(doc, first, j + 1, start)
        before = doc[first - 1] if first > sent_start else None
        subject = before is None or not before.is_alpha or before.lower_ in _SPEECH | {"that"}
        things = _counts_things(doc, j + 1, start, persons)
        return value if isinstance(value, int) and not (subject or things) else None
    ones = sum(
        _brings_in_target(doc, k, sent_start) and _person_after(doc, k + 1, start, persons)
        for k in range(sent_start, start)
    )
    return ones if ones >= 2 else None


def _brings_in_target(doc: Doc, k: int, sent_start: int) -> bool:
    """Whether ``doc[k]`` may open a phrase for one person fired at or seized: "a", "one" or
    "his", or "the" or no article after a preposition ("fired at the mayor and his
    nephew", "at police officer Ram Dev"); "the" that opens the clause brings in its
    subject, the attacker."""
    lower = doc[k].lower_
    after_preposition = k > sent_start and doc[k - 1].lower_ in _PREPOSITIONS
    if lower == "the":
        return after_preposition
    # A role with no article: "fired at police officer Ram Dev and his friend".
    return lower in _ONE or lower in _KIN or (after_preposition and doc[k].is_alpha)


def _singular_person(token: Token, persons: Collection[str]) -> bool:
    return (token.lemma_ in persons and token.lower_ == token.lemma_) or _head_of(token)


def _head_of(token: Token) -> bool:
    """Whether ``token`` is the "head" of a role: "the head of security", "the head of a
    village council" name one person."""
    doc = token.doc
    return token.lower_ == "head" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of"


_HARM_NOUNS = frozenset({"shooting", "stabbing", "beating"})
KILLING_NOUNS = _HARM_NOUNS | {
    "death", "murder", "killing", "assassination", "execution", "lynching", "slaying",
}  # fmt: skip


def after_his_or_her(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether "his" or "her" stands before the match ("his dead body", "her murder"): one
    person the sentence names or has told already."""
    return start > sent_start and doc[start - 1].lower_ in ("his", "her")


def _victims_killing(doc: Doc, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """Whether the match is one victim's killing named with the victim's possessive: "his
    fatal beating", "her murder"; not "his killing of two guards", where he is the killer."""
    return (
        after_his_or_her(doc, start, sent_start)
        and doc[end - 1].lower_ in KILLING_NOUNS
        and not (end < sent_end and doc[end].lower_ == "of")
    )


_KILLING_PLURALS = frozenset({"deaths", "murders", "killings", "assassinations", "executions"})
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})


def _possessor_killing(
    doc: Doc, start: int, end: int, sent_start: int, sent_end: int, persons: Collection[str]
) -> Number | None:
    """The victims a possessive before a killing noun names: one for a person or a name
    ("the candidate's killing", "Dar's murder"), no number for many ("the soldiers'
    deaths", not the "71 targets" hit before them); None when the possessor names neither
    or is the killer ("the group's killing of two guards")."""
    last = doc[_before_spaces(doc, end - 1, start)].lower_
    plural_noun = last in _KILLING_PLURALS
    if not (last in KILLING_NOUNS or plural_noun) or start - 2 < sent_start:
        return None
    if end < sent_end and doc[end].lower_ == "of":
        return None
    mark, owner = doc[start - 1], doc[start - 2]
    if mark.lower_ not in _POSSESSIVE_MARKS or owner.whitespace_ or not owner.is_alpha:
        return None
    if owner.lower_ in _DAYS or owner.lower_ in _MONTHS:
        return None  # "Monday's killing"
    if owner.lemma_ in persons and owner.lower_ != owner.lemma_:
        return VAGUE  # "the soldiers' deaths", "the children's deaths"
    if plural_noun:
        return None
    if _singular_person(owner, persons) or (_name_word(owner) and mark.lower_ != "'"):
        return 1
    return None


def _object_victim(doc: Doc, end: int, sent_end: int, persons: Collection[str]) -> bool:
    """Whether one person follows the verb: "wounding a woman", "killing one guard"."""
    i = end
    if i < sent_end and doc[i].lower_ in _ONE:
        i += 1
        while i < sent_end and i - end <= 3:
            if _singular_person(doc[i], persons):
                return True
            if not doc[i].is_alpha or doc[i].lower_ in ("number", "dozen", "few", "total"):
                return False
            i += 1
    return False


def _name_word(token: Token) -> bool:
    """Whether ``token`` may be a word of a name: capitalized, or in capitals and no
    common short word ("THE MURDER OF JUAN PEREZ" in a wire written in capitals)."""
    return token.is_title or (
        token.is_upper
        and token.is_alpha
        and len(token) > 1
        and token.lower_ not in STOP_WORDS
        and token.lower_ not in _AFTER_INTRANSITIVE
    )


def _one_victim(
    doc: Doc, start: int, end: int, sent_start: int, sent_end: int, persons: Collection[str]
) -> Number | None:
    # "killing a security guard", "killed an aid worker", "killed Reuters journalist"
    i = end
    if i < sent_end and doc[i].lower_ == "body":
        return 1  # "a bullet-riddled dead body"
    if (
        i + 1 < sent_end
        and doc[i].lower_ in _ONE
        and doc[i + 1].lower_ not in ("number", "dozen", "few", "total")
    ):
        return _one_or_pair(doc, i + 1)
    if [t.lower_ for t in doc[i : i + 3]] == ["the", "life", "of"]:
        return 1  # "claiming the life of a guard"
    if i < sent_end and doc[i].lower_ == "of":
        # "the killing of Buddhist monk", "the killing of a journalist"; hard-wrapped text
        # may break the line after "of".
        i = _past_spaces(doc, i + 1, sent_end)
        if i + 1 < sent_end and doc[i].lower_ in _ONE:
            return _one_or_pair(doc, i + 1) + _joined_after_one(doc, i + 1, sent_end, persons)
        if i + 1 < sent_end and doc[i].lower_ == "the" and _the_one(doc, i + 1, sent_end, persons):
            return 1  # "the death of the party's presidential candidate"
    # An age ("17-year-old") and a name or demonym may stand before the victim's noun.
    while i < sent_end and i - end < 6 and (_AGE.match(doc[i].lower_)):
        i += 1
    names = 0
    # In capitals a noun for a person is no part of a name: "OF THE PRESIDENCY MINISTER".
    # A name may run to four words: "Jorge Luis Vega Ortiz".
    while (
        i < sent_end
        and names < 4
        and _name_word(doc[i])
        and not (doc[i].is_upper and doc[i].lemma_ in persons)
    ):
        i += 1
        names += 1
    if i < sent_end and _singular_person(doc[i], persons):
        return 1
    if names and i < sent_end and doc[i].lemma_ in persons:
        return None  # "killed Kenyan soldiers": many, with no number
    last = doc[i - 1]
    if names and not last.lower_.endswith("s") and (i >= sent_end or not _name_word(doc[i])):
        return 1
    j = start - 1
    # "the governor, abducted, killed": a comma before another participle is skipped, and
    # so is an adverb ("were extrajudicially executed").
    while j >= sent_start and (
        doc[j].is_space
        or doc[j].lower_ in _PASSIVE_SKIP
        or (doc[j].lower_.endswith("ly") and len(doc[j]) > 4 and not doc[j].is_title)
        or (doc[j].lower_ == "," and j - 1 >= sent_start and doc[j - 1].lower_.endswith("ed"))
    ):
        j -= 1
    if j < sent_start:
        return None
    prev = doc[j]
    # "Man fatally shot": the verb after its adverb.
    adverb = doc[start].lower_ in ("fatally", "mortally") and start + 1 < end
    victim_verb = doc[start + 1 if adverb else start].lower_ in _VICTIM_VERBS
    # "the pair were killed", "Couple shot dead in their home": two people.
    subject = j - 1 if prev.lower_ in _AUX or prev.lower_ in ("has", "have") else j
    if subject >= sent_start and doc[subject].lower_ in ("pair", "couple"):
        return 2
    if prev.lower_ in ("were", "are", "have"):
        # "a policeman and a militant were killed", "a farmer and his son were shot": one
        # for each "a" (not "of a shop") or "his" before a person; "Maya and Rina Dee were
        # shot dead": one for each name. A relative clause between them and the verb is
        # no part of them ("Ana and Lia Varo, who were teachers, were shot").
        ones = 0
        for k in range(sent_start, j):
            tok = doc[k]
            if tok.lower_ in (";", ":") or tok.lower_ in _STOP_BACK:
                ones = 0
            elif _brings_in_one(doc, k, sent_start, j, persons):
                # "Omar Dar and a friend were shot": the name is one more.
                ones += 1 + (not ones and _name_and(doc, k, sent_start, sent_end, persons))
        # "A farmer, his wife, son and daughter were killed": kin listed with no "a" or
        # "his" of their own are one each too.
        if j - 1 >= sent_start and _people_in(doc[j - 1], persons):
            ones = max(ones, _singles_joined(doc, j - 1, sent_start, sent_end, persons))
        if ones >= 2:
            return ones
        return _names_joined(doc, _before_relative(doc, j, sent_start), sent_start)
    # "a soldier was killed", "he has been wounded", "Abdul Maalik was shot dead"
    if prev.lower_ in ("was", "is", "has"):
        return 1
    # "the rebel leaders Omar Dar, Sami Tal and Ravi Sen, killed on Monday": the names
    # listed before a participle after a comma.
    if prev.text == "," and victim_verb and doc[start].lower_ != "dead":
        named = _names_joined(doc, j, sent_start)
        if named is not None and not _places_listed(doc, j, sent_start):
            return named
    # "one was killed while another died": one more person.
    if prev.lower_ == "another" and victim_verb:
        return 1
    # "the 74-year-old had been killed", "Omar Dar had been shot": "had" has no number, so
    # the word before it tells one person from many.
    if prev.lower_ == "had" and j - 1 >= sent_start and _one_subject(doc[j - 1], persons):
        return 1
    # "Hodgkinson, who died after being stabbed": one named or described person.
    if prev.lower_ == "who" and j - 1 >= sent_start:
        before = doc[j - 2] if doc[j - 1].lower_ == "," and j - 2 >= sent_start else doc[j - 1]
        if _singular_person(before, persons) or (
            before.is_title and not before.lower_.endswith("s")
        ):
            return 1
    # A headline's "Regime soldier killed": a singular noun for one person; "Husband, wife
    # and baby killed": one for each.
    if _people_in(prev, persons) and victim_verb:
        return _singles_joined(doc, j, sent_start, sent_end, persons)
    # "Siraj Dar died on the spot", "Later, Faiza succumbed", "journalist Omar Hadi killed in
    # a strike", "he died": a person's name (or "he") just before a verb with no object.
    if (
        victim_verb
        and not _active_with_object(doc, start, end, sent_start, sent_end)
        and _name_before(doc, j, sent_start, sent_end, persons)
    ):
        return 1
    # A headline that opens with one person and an age: "Girl, 11, from Osk family shot
    # dead", "Lake Varn: Man, 45, stabbed".
    if victim_verb and _opens_with_aged_one(doc, sent_start, start, persons):
        return 1
    # A headline that opens with one person and says more of him before the verb:
    # "Rebel wanted for bank raid shot dead".
    if (
        victim_verb
        and not _active_with_object(doc, start, end, sent_start, sent_end)
        and _headline_opens_with_one(doc, sent_start, start, sent_end, persons)
    ):
        return 1
    # "A constable, who was hurt in a blast in May, succumbed to his injuries", "Omar Dar
    # (52), a driver burned in the attack, died": the sentence opens with one person.
    if (
        doc[start].lower_ in _DEATH_VERBS
        and _opens_with_one(doc, sent_start, start, persons)
        and not any(t.lower_ in _SPEECH for t in doc[sent_start:start])
    ):
        return 1
    return None


_ELLIPSIS_JOINERS = frozenset({"and", "while", "whereas", ","})
_ELLIPSIS_PLACES = frozenset({"in", "at", "on", "near", "from", "during", "inside", "outside"})
_PERIOD_WORDS = frozenset({"past", "last", "previous", "recent", "days", "week", "weeks",
                           "month", "months", "year", "years"})  # fmt: skip


_ALONG = (("along", "with"), ("together", "with"))


def _along_with(
    doc: Doc, end: int, sent_end: int, persons: Collection[str], blockers: Collection[int]
) -> int:
    """The people "along with" whom the victim before ``end`` died ("the governor was shot
    dead on Saturday along with five visitors", "together with his aide"): a part that
    adds to the victim."""
    for i in range(end, min(sent_end - 2, end + 8)):
        tok = doc[i]
        if i in blockers or tok.lower_ in _STOP_BACK or tok.lower_ in _SPEECH:
            return 0
        if tok.text in (",", ";") or is_numberish(tok):
            return 0
        if (tok.lower_, doc[i + 1].lower_) in _ALONG:
            counted = _counted_part(doc, i + 2, sent_end, persons)
            if counted is not None:
                return counted[0]
            k = i + 3 if doc[i + 2].lower_ in _KIN else i + 2
            one = _part_at(doc, k, sent_end, persons) if k < sent_end else None
            return one[0] if one is not None and one[0] == 1 else 0
    return 0


def _with_elliptic(
    value: Number | None, doc: Doc, end: int, sent_end: int, blockers: Collection[int]
) -> Number | None:
    """The largest of ``value`` and the counts that share its verb by ellipsis after it:
    "two were killed in Ramnagar and six in Dholpur" tells two incidents, of which the
    larger is given (a part with its own verb, "and 12 were wounded", is its own match)."""
    if not isinstance(value, int):
        return value
    i = end
    while i < min(sent_end, end + 30) and i not in blockers:
        tok = doc[i]
        # "killed in two incidents, one in Anand and one in Borsad": the parts break down
        # another number, and add nothing.
        if tok.lower_ in _STOP_BACK - {"while"} or tok.lower_ in _SPEECH or is_numberish(tok):
            break
        part = _elliptic_part(doc, i, sent_end) if tok.lower_ in _ELLIPSIS_JOINERS else None
        if part is not None:
            value = max(value, part[0])
            i = part[1]
        else:
            i += 1
    return value


def _elliptic_part(doc: Doc, joiner: int, sent_end: int) -> tuple[int, int] | None:
    """The count after ``doc[joiner]`` told with no verb of its own, and where it ends:
    "and six in Dholpur", "while five others in the camp"; not "between 2 and 3 in the
    morning" (a range) nor "and six soldiers in ..." (their verb may follow)."""
    k = joiner + 1
    if joiner - 1 < 0 or is_numberish(doc[joiner - 1]) or k >= sent_end or not is_numberish(doc[k]):
        return None
    stop = _span_forward(doc, k, sent_end)
    value = _value(doc, k, stop, sent_end)
    if not isinstance(value, int):
        return None
    if stop < sent_end and doc[stop].lower_ in ("others", "more"):
        stop += 1
    if stop >= sent_end or doc[stop].lower_ not in _ELLIPSIS_PLACES:
        return None
    # "three on Monday and 40 in the past week": a tally of a period holds the day's dead.
    after = doc[stop + 1 : min(sent_end, stop + 4)]
    if any(t.lower_ in _PERIOD_WORDS or (t.is_digit and len(t) == 4) for t in after):
        return None
    return value, stop


def _share_of_the_dead(
    doc: Doc, start: int, sent_start: int, sent_end: int
) -> tuple[Number, int] | None:
    """The number before "of the" the match follows, and where it starts: "60 of the
    deaths", "at least 40 of the dead were children" tell that many dead at least."""
    k = start - 1
    if k - 2 < sent_start or doc[k].lower_ not in ("the", "those") or doc[k - 1].lower_ != "of":
        return None
    if not is_numberish(doc[k - 2]):
        return None
    first = _span_back(doc, k - 2, sent_start)
    value = _value(doc, first, k - 1, sent_end)
    return (value, first) if isinstance(value, int) else None


def _joined_after_one(doc: Doc, k: int, sent_end: int, persons: Collection[str]) -> int:
    """The people joined by "and" after the one person whose phrase goes on at ``doc[k]``:
    "the killing of a police chief and another constable" adds one."""
    for n in range(k, min(sent_end, k + 4)):
        if _singular_person(doc[n], persons):
            return _parts_after(doc, n + 1, sent_end, (), persons)
        if not doc[n].is_alpha:
            return 0
    return 0


def _the_one(doc: Doc, k: int, sent_end: int, persons: Collection[str]) -> bool:
    """Whether a noun for one person ends the words after "the" that open at ``doc[k]``
    ("the young activist", "THE LIBERAL PARTY PRESIDENTIAL\nCANDIDATE"), with no number, no
    plural and no list before it ("the soldiers", "the two guards")."""
    for n in range(k, min(sent_end, k + 7)):
        tok = doc[n]
        if tok.is_space or tok.lower_ in ("'s", "’s"):
            continue
        if _singular_person(tok, persons):
            return n + 1 >= sent_end or doc[n + 1].lower_ not in ("and", "&")
        if not tok.is_alpha or tok.lower_ in _AFTER_INTRANSITIVE or tok.lemma_ in persons:
            return False
    return False


def _one_or_pair(doc: Doc, k: int) -> int:
    """How many "a" brings in before ``doc[k]``: two for "a couple" or "a pair" ("shot
    dead a couple in their home"), else one."""
    return 2 if doc[k].lower_ in ("couple", "pair") else 1


def _one_subject(token: Token, persons: Collection[str]) -> bool:
    """Whether ``token`` ends a subject that is one person: "he", a noun for one person, an
    age ("the 74-year-old") or a name."""
    lower = token.lower_
    if lower in ("he", "she", "old") or _singular_person(token, persons):
        return True
    return token.is_title and token.is_alpha and lower not in STOP_WORDS and lower[-1] != "s"


def _before_relative(doc: Doc, j: int, sent_start: int) -> int:
    """The comma that opens a relative clause ending just before ``doc[j]`` (", who were
    teachers in the town,"), or ``j`` when none does."""
    if j - 1 < sent_start or doc[j - 1].text != "," or doc[j].is_upper:
        return j  # in capitals, a clause's words and a name look alike
    for k in range(j - 2, max(sent_start, j - 25), -1):
        if doc[k].text == "," and doc[k + 1].lower_ in ("who", "whom"):
            return k
        if doc[k].text in (",", ";", ":") or doc[k].lower_ in _STOP_BACK:
            return j
    return j


_DEATH_VERBS = frozenset({"died", "dies", "succumbed", "succumbs"})
# A speech verb before the verb makes the person who opens the sentence its speaker: "A
# doctor said the wounded died".
_SPEECH = frozenset({"said", "says", "told", "reported", "confirmed", "added", "stated"})


def _opens_with_one(doc: Doc, sent_start: int, stop: int, persons: Collection[str]) -> bool:
    """Whether the sentence opens with one person: "a", "one", "one more" or "another" and a
    noun for a person, or a name of two words or more followed by a comma or a bracket."""
    k = sent_start
    while k < stop and (doc[k].is_space or doc[k].is_quote):
        k += 1
    if k >= stop:
        return False
    if doc[k].lower_ == "one" and k + 1 < stop and doc[k + 1].lower_ == "more":
        k += 1  # "One more person, hurt in the riot, succumbed"
    if doc[k].lower_ in ("a", "an", "one", "more", "another"):
        # The noun may follow a group's name: "A Unity Front (UF) activist".
        for n in range(k + 1, min(stop, k + 9)):
            if _singular_person(doc[n], persons):
                return n + 1 >= stop or doc[n + 1].lower_ != "and"
            if not (doc[n].is_alpha or doc[n].lower_ in ("-", "(", ")")):
                return False
        return False
    if _role_and_name_open(doc, k, stop, persons):
        return True
    words = 0
    while k < stop and doc[k].is_title and doc[k].is_alpha and doc[k].lower_ not in STOP_WORDS:
        k += 1
        words += 1
    return words >= 2 and k < stop and doc[k].text in (",", "(")


def _role_and_name_open(doc: Doc, k: int, stop: int, persons: Collection[str]) -> bool:
    """Whether the words from ``doc[k]`` up to a comma or a bracket are a noun for one
    person and a name: "Truck driver Ali Dar,", "The head constable Om Das (40)"."""
    n = k + 1 if doc[k].lower_ == "the" else k
    role = name = False
    while n < stop and n - k < 7 and doc[n].is_alpha:
        if doc[n].lower_ in ("and", "or") or (doc[n].lemma_ in persons and not role):
            if _singular_person(doc[n], persons):
                role = True
            else:
                return False  # "Two guards", "Soldiers and police"
        elif role and _name_word(doc[n]):
            name = True
        n += 1
    return role and name and n < stop and doc[n].text in (",", "(")


def _headline_opens_with_one(
    doc: Doc, sent_start: int, stop: int, sent_end: int, persons: Collection[str]
) -> bool:
    """Whether a headline (no closing full stop) opens with a bare noun for one person and
    names no other people or number before ``stop``: "Militant wanted in bombing killed",
    "Maoist carrying Rs 4 lakh reward killed", not "Soldier says 3 killed"."""
    k = _past_spaces(doc, sent_start, stop)
    last = _before_spaces(doc, sent_end - 1, sent_start)
    if k >= stop or doc[last].text == "." or not _singular_person(doc[k], persons):
        return False
    money = False
    for n in range(k + 1, stop):
        tok = doc[n]
        # A participle that says more of him is no other person: "Militant suspected of
        # ordering bombing killed".
        participle = tok.lower_.endswith(("ed", "ing"))
        if (tok.lemma_ in persons and not participle) or tok.lower_ in ("and", "&"):
            return False
        if tok.lower_ in _SPEECH:
            return False
        money = (money or doc[n - 1].lower_ in _MONEY) and is_numberish(tok)
        if is_numberish(tok) and not money:
            return False  # a sum ("Rs 4 lakh") is no count of people
    return True


def _opens_with_aged_one(doc: Doc, sent_start: int, stop: int, persons: Collection[str]) -> bool:
    """Whether the sentence opens, after a label such as a place and a colon, with a noun
    for one person and an age between commas: "Girl, 11,"."""
    k = _past_spaces(doc, sent_start, stop)
    for n in range(k, min(stop, k + 4)):
        if doc[n].text == ":":
            k = n + 1  # "Lake Varn: Man, 45, stabbed"
            break
    return (
        k + 3 < stop
        and _singular_person(doc[k], persons)
        and doc[k + 1].text == ","
        and doc[k + 2].text.isdigit()
        and doc[k + 3].text == ","
    )


# Nouns for two people: "child, parents killed" is three.
_PAIRS = frozenset({"parents", "twins", "couple"})


def _singles_joined(
    doc: Doc, j: int, sent_start: int, sent_end: int, persons: Collection[str]
) -> int:
    """How many nouns for one person (or for a pair, "parents") are joined by commas and
    "and" up to ``doc[j]``, with a name that opens them ("Omar Dar and a friend")."""
    count, k = _people_in(doc[j], persons), j
    while True:
        k = _age_before(doc, k, sent_start)  # "their 12-year-old son"
        if (
            k - 2 >= sent_start
            and (doc[k - 2].lower_ in _KIN or doc[k - 2].lower_ in _ONE)
            and doc[k - 1].is_alpha
            and doc[k - 1].lower_ not in ("and", "or")
            and not _people_in(doc[k - 1], persons)
        ):
            k -= 1  # "the gunman and a young man": a word that says more of him
        if k - 1 >= sent_start and (doc[k - 1].lower_ in _KIN or doc[k - 1].lower_ in _ONE):
            k -= 1  # "boy and his parents", "a cook and a guard"
        if k - 2 < sent_start or doc[k - 1].lower_ not in (",", "and"):
            return count
        before = k - 2
        if doc[before].lower_ in (",", "and") and before - 1 >= sent_start:
            before -= 1  # "a cook, and a guard"
        people = _people_in(doc[before], persons)
        if not people:
            return count + _name_and(doc, k, sent_start, sent_end, persons)
        count, k = count + people, before


def _age_before(doc: Doc, k: int, floor: int) -> int:
    """Where the age with hyphens right before ``doc[k]`` starts ("a 12-year-old son",
    "their 23-day-old baby"), or ``k`` when none stands there."""
    a = k - 5
    if a >= floor and doc[k - 1].lower_ == "old" and _past_age(doc, a, k) == k:
        return a
    return k


def _name_and(doc: Doc, k: int, sent_start: int, sent_end: int, persons: Collection[str]) -> int:
    """One for a person's name joined by "and" before ``doc[k]`` ("Omar Dar and a friend
    were shot"), else none."""
    if k - 2 < sent_start or doc[k - 1].lower_ not in ("and", "&"):
        return 0
    return int(_name_before(doc, k - 2, sent_start, sent_end, persons))


def _people_in(token: Token, persons: Collection[str]) -> int:
    """One for a noun for one person, two for a pair ("parents"), else none."""
    if token.lower_ in _PAIRS:
        return 2
    return 1 if _singular_person(token, persons) else 0


def _name_before(
    doc: Doc, j: int, sent_start: int, sent_end: int, persons: Collection[str]
) -> bool:
    """Whether ``doc[j]`` ends a person's name, or is "he" or "she", as the subject of the
    verb after it: a name's run of capitalised words (or, in a text in capitals, of words
    that are no common short word) follows the sentence's start, a comma,
    a noun for a person ("journalist Omar Hadi") or a verb ("said Omar Hadi"), not a
    preposition ("in Gaza"); a sentence in title case has no such names."""
    if doc[j].lower_ in ("he", "she"):
        return True
    k = j
    if doc[k].text == "," and k - 1 >= sent_start:
        k -= 1
        if doc[k].text.isdigit() and k - 2 >= sent_start and doc[k - 1].text == ",":
            k -= 2  # "Vivian Dale, 74, killed"
    last, words = k, 0
    while k >= sent_start and words < 4:
        if words and doc[k].is_space and k - 1 >= sent_start and _name_word(doc[k - 1]):
            k -= 1  # hard-wrapped text: "INSPECTOR\nLUIS FLORES DIED"
            continue
        if not (_name_word(doc[k]) and doc[k].is_alpha):
            break
        if doc[k].lower_ in _DAYS or doc[k].lower_ in _MONTHS or doc[k].lower_ in STOP_WORDS:
            return False  # "A dead body", "On Monday"
        if doc[k].lemma_ in persons and doc[k].lower_ != doc[k].lemma_:
            return False  # in capitals, "THE POLICEMEN DIED": many, no name
        k -= 1
        words += 1
    if not words:
        return False
    if (
        doc[last].lower_.endswith("s")
        and not _titled_name(doc, k, last, sent_start, persons)
        and not (words > 1 and _singular_after(doc, last, sent_end))
    ):
        return False  # "Palestinians", "Gaza residents"
    if k >= sent_start:
        before = doc[k]
        if before.lower_ in _PREPOSITIONS or before.lower_ in _AFTER_INTRANSITIVE - {",", ":"}:
            return False
        if (
            before.is_alpha
            and before.lemma_ not in persons
            and not before.lower_.endswith("ed")
            and before.lower_ not in ("said", "says", "as")
        ):
            return False
    alpha = [t for t in doc[sent_start:sent_end] if t.is_alpha]
    return sum(t.is_title for t in alpha) * 4 < len(alpha) * 3


def _singular_after(doc: Doc, last: int, sent_end: int) -> bool:
    """Whether the rest of the sentence speaks of one person, not of many: "Tom Nichols
    died after he was shot" (a surname in "s"), not "Syrian Kurds died as they fled"."""
    after = {t.lower_ for t in doc[last + 1 : sent_end]}
    return bool(after & _ONE_PRONOUNS) and not after & _MANY_PRONOUNS


_ONE_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_MANY_PRONOUNS = frozenset({"they", "them", "their"})


def _titled_name(doc: Doc, k: int, last: int, sent_start: int, persons: Collection[str]) -> bool:
    """Whether a name ending in "s" is one person's surname ("Inspector Luis Flores",
    "journalist Ana Reyes"), not a plural ("Syrian Kurds"): a noun for one person opens
    the name or stands right before it."""
    if doc[last].lemma_ in persons:
        return False  # "Police Officers", "Hamas Fighters"
    if k + 1 < last and _singular_person(doc[k + 1], persons):
        return True
    return k >= sent_start and _singular_person(doc[k], persons)


_KIN = frozenset({"his", "her", "their"})
_PREPOSITIONS = frozenset({
    "of", "in", "on", "at", "by", "from", "to", "near", "with", "for", "into", "inside",
    "outside", "under", "over", "during", "after", "before", "behind", "across", "through",
})  # fmt: skip


def _brings_in_one(doc: Doc, k: int, sent_start: int, stop: int, persons: Collection[str]) -> bool:
    """Whether ``doc[k]`` brings in one person: "a" not after a preposition, or "his" or
    "another" before a person noun ("a guard and another man were killed")."""
    lower = doc[k].lower_
    if lower in _ONE:
        return k == sent_start or doc[k - 1].lower_ not in _PREPOSITIONS
    return (lower in _KIN or lower == "another") and _person_after(doc, k + 1, stop, persons)


def _person_after(doc: Doc, begin: int, stop: int, persons: Collection[str]) -> bool:
    """Whether a singular person noun follows ``begin`` within a few words ("a lady
    receptionist", "his bodyguard")."""
    for k in range(begin, min(stop, begin + 4)):
        if _singular_person(doc[k], persons):
            return True
        if not (doc[k].is_alpha or doc[k].lower_ in ("'", "‘", "’", "-")) or doc[k].lower_ in _ONE:
            return False
    return False


_VICTIM_VERBS = frozenset({
    "killed", "dies", "died", "succumbed", "succumbs", "wounded", "injured", "dead", "shot",
    "stabbed", "beaten", "hacked", "gunned", "beheaded", "lynched", "executed", "murdered",
    "slain", "burned", "burnt", "tortured", "hanged", "assassinated",
})  # fmt: skip


_ALIAS = frozenset({"alias", "aka", "urf"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "to", "across", "between", "on",
                                 "into"})  # fmt: skip


def _places_listed(doc: Doc, j: int, sent_start: int) -> bool:
    """Whether the names joined before ``doc[j]`` follow a preposition of place ("in Kabul
    and Herat,"): places, not people."""
    k = j - 1
    while (
        k >= sent_start
        and doc[k].lower_ not in _PLACE_PREPOSITIONS
        and (
            (doc[k].is_alpha and (doc[k].is_title or doc[k].is_upper))
            or doc[k].lower_ in ("and", ",")
            or doc[k].lower_ in _ALIAS
        )
    ):
        k -= 1
    return k >= sent_start and doc[k].lower_ in _PLACE_PREPOSITIONS


def _names_joined(doc: Doc, j: int, sent_start: int) -> int | None:
    """How many names are joined by "and" or commas right before ``doc[j]`` ("Maya and
    Rina Dee were ..."), or None for fewer than two."""
    names, k, in_name = 0, j - 1, False
    while k >= sent_start:
        tok = doc[k]
        if (tok.is_title or (tok.is_upper and len(tok) > 1)) and tok.is_alpha:
            if not in_name:
                names += 1
                in_name = True
        elif tok.lower_ in _ALIAS and in_name:
            in_name = False  # "Omar Dar alias Gopi": the name before it is the same one
            names -= 1
        elif tok.lower_ in ("and", ","):
            in_name = False
        else:
            break
        k -= 1
    return names if names >= 2 else None


_SINCE_LONG = frozenset({
    "war", "conflict", "start", "beginning", "outbreak", "invasion", "fighting", "clashes",
    "violence", "offensive", "operation", "campaign", "unrest", "protests", "uprising",
    "insurgency", "coup", "takeover", "riots", "january", "february", "march", "april",
    "june", "july", "august", "september", "october", "november", "december",
})  # fmt: skip
_BEGAN = frozenset({"began", "begun", "started", "erupted", "broke"})
_SO_FAR = (("so", "far", "this"), ("so", "far", "in"), ("to", "date"), ("in", "total"))


def cumulative(doc: Doc, sent_start: int, sent_end: int) -> bool:
    """Whether a sentence gives a running total of a war or campaign rather than the toll
    of one event: "since October", "since the war began", "since the talks started", "so far
    this year"."""
    return any(_runs_from(doc, i, sent_end) for i in range(sent_start, sent_end))


def opens_cumulative(doc: Doc, sent_start: int, sent_end: int) -> bool:
    """Whether a sentence opens with the span of a running total ("Since January, 17
    traders have been killed", "So far this year, ...", "During the last six months,
    ..."): every count in it is that total, not only a toll's."""
    first = _past_spaces(doc, sent_start, sent_end)
    words = [i for i in range(first, sent_end) if not doc[i].is_space]
    return first < sent_end and (_runs_from(doc, first, sent_end) or _period_at(doc, words, 0))


def _runs_from(doc: Doc, i: int, sent_end: int) -> bool:
    """Whether a span that runs since a war, a campaign or a month began starts at
    ``doc[i]``: "since October", or "the ongoing unrest", whose toll runs since it began."""
    if doc[i].lower_ == "ongoing" and i + 1 < sent_end and doc[i + 1].lower_ in _SINCE_LONG:
        return True
    if doc[i].lower_ == "since":
        k = i + 1
        if k < sent_end and doc[k].lower_ in ("the", "its", "their", "last"):
            k += 1
        if k < sent_end and (doc[k].lower_ in _SINCE_LONG or doc[k].is_digit):
            return True
        # "since the peace process began", "since talks started"
        if any(t.lower_ in _BEGAN for t in doc[i + 1 : min(sent_end, i + 6)]):
            return True
    return any(
        i + len(words) <= sent_end and all(doc[i + n].lower_ == w for n, w in enumerate(words))
        for words in _SO_FAR
    )


_WARS = frozenset({"war", "wars", "conflict", "insurgency", "rebellion", "uprising"})
_HAVE = frozenset({"has", "have", "had"})
_WAR_TOLL_VERBS = frozenset({"killed", "left", "claimed", "cost", "caused", "taken"})


def war_toll(doc: Doc, sent_start: int, sent_end: int, at: int) -> bool:
    """Whether the match at token ``at`` gives the toll of a whole war, in a clause of its
    own that runs from the war's name to the next comma or semicolon: "a civil war that has
    left 40,000 dead", "a war in which 9,000 people have died", "the conflict, which has
    killed thousands": a running total, not one event's toll ("the war, which has killed
    thousands, went on as shelling killed 9" keeps its 9)."""
    for i in range(sent_start, sent_end - 2):
        if doc[i].lower_ not in _WARS:
            continue
        k = i + 1
        if doc[k].lower_ == ",":
            k += 1
        found = k + 1 < sent_end and doc[k].lower_ == "in" and doc[k + 1].lower_ == "which"
        if not found:
            if k < sent_end and doc[k].lower_ in ("that", "which"):
                k += 1
            if k < sent_end and doc[k].lower_ in _HAVE:
                k += 1
                while k < sent_end and doc[k].lower_ in ("so", "far", "already", "now", "since"):
                    k += 1
                found = k < sent_end and doc[k].lower_ in _WAR_TOLL_VERBS
        if not found:
            continue
        close = next((j for j in range(k, sent_end) if doc[j].text in _CLAUSE_BREAKS), sent_end)
        if i < at < close:
            return True
    return False


_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–"})


_SPAN_OPENERS = frozenset({"in", "during", "over", "within", "throughout"})
_SPAN_SKIP = frozenset({"the", "its", "their", "these", "last", "past", "previous"})
_SPAN_SOME = frozenset({"few", "several", "many"})
_LONG_UNITS = frozenset({"week", "weeks", "month", "months", "year", "years", "decade", "decades"})
_RECORD = frozenset({"worst", "first", "most", "only", "record"})


def over_period(doc: Doc, sent_start: int, sent_end: int) -> bool:
    """Whether a sentence gives a span of weeks, months or years ("during the last six
    months", "over its ten-year history") other than a record's ("the deadliest attack in
    two years"): a toll in it is a running total."""
    words = [i for i in range(sent_start, sent_end) if not doc[i].is_space]
    return any(
        (_period_at(doc, words, n) or _this_year(doc, words, n))
        and not _after_record(doc, words[max(0, n - 8) : n])
        for n in range(len(words))
    )


def _this_year(doc: Doc, words: list[int], n: int) -> bool:
    """Whether ``words[n]`` opens "this year" or "this month": a toll of it ("the toll in
    the shelling this year has gone up to 27") runs over many events."""
    return (
        doc[words[n]].lower_ == "this"
        and n + 1 < len(words)
        and doc[words[n + 1]].lower_ in ("year", "month")
    )


def killed_over_period(doc: Doc, end: int, sent_end: int) -> bool:
    """Whether a span of weeks or longer follows a verb of killing at once ("five judges
    have been killed in two months"): the count is a running total, not one event's."""
    words = [i for i in range(end, min(sent_end, end + 8)) if not doc[i].is_space]
    return any(_period_at(doc, words, n) for n in range(min(3, len(words))))


def _period_at(doc: Doc, words: list[int], n: int) -> bool:
    """Whether ``words[n]`` opens a span of weeks or longer: "in two months"."""
    return doc[words[n]].lower_ in _SPAN_OPENERS and _long_span(doc, words[n + 1 :])


def _long_span(doc: Doc, after: list[int]) -> bool:
    """Whether the words after a preposition give a span of weeks or longer, with its
    length: "the last six months", "its 10-year", "the past few weeks"."""
    k = 0
    while k < len(after) and doc[after[k]].lower_ in _SPAN_SKIP:
        k += 1
    length = k
    while k < len(after) and (is_numberish(doc[after[k]]) or doc[after[k]].lower_ in _SPAN_SOME):
        k += 1
    if k == length:
        return False  # no length: "in the year", "over the weeks"
    while k < len(after) and doc[after[k]].lower_ == "-":
        k += 1
    return k < len(after) and doc[after[k]].lower_ in _LONG_UNITS


def _after_record(doc: Doc, before: list[int]) -> bool:
    """Whether a superlative or "first" comes just before a span: "the deadliest in years"."""
    return any(
        doc[i].lower_ in _RECORD or (doc[i].lower_.endswith("est") and len(doc[i]) > 5)
        for i in before
    )


_DAY_UNITS = frozenset({"hours", "hour", "day", "night"})


def daily_update(doc: Doc, sent_start: int, sent_end: int) -> bool:
    """Whether a sentence gives a span of the last hours or day ("in the past 24 hours",
    "during the last day"): a toll beside it is the running total that the day's
    killings, stated in the sentence, brought it to."""
    words = [i for i in range(sent_start, sent_end) if not doc[i].is_space]
    for n, i in enumerate(words):
        if doc[i].lower_ not in _SPAN_OPENERS:
            continue
        k = n + 1
        while k < len(words) and doc[words[k]].lower_ in _SPAN_SKIP:
            k += 1
        if k < len(words) and doc[words[k]].lower_ in ("24", "twenty-four", "48"):
            k += 1
        if k < len(words) and k > n + 1 and doc[words[k]].lower_ in _DAY_UNITS:
            return True
    return False


_FINDING = frozenset({"find", "recover", "retrieve", "discover", "exhume", "fish", "spot",
                      "dig", "pull", "found"})  # fmt: skip
_BODIES = frozenset({"body", "bodies", "corpse", "corpses"})


def bodies_found(doc: Doc, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """Whether the match names bodies found or recovered ("police recovered two burnt
    bodies", "three bodies were found"): they say nothing of how the people died."""
    if doc[end - 1].lower_ not in _BODIES:
        return False
    before = doc[max(sent_start, start - 5) : start]
    after = doc[end : min(sent_end, end + 4)]
    return any(t.lemma_ in _FINDING or t.lower_ in _FINDING for t in (*before, *after))


_SEPARATE = frozenset({"separate", "different", "unrelated"})
_INCIDENTS = frozenset({"incidents", "attacks", "clashes", "encounters", "shootings"})


def separate_incidents(doc: Doc, sent_start: int, sent_end: int) -> bool:
    """Whether a sentence adds up incidents it says were separate ("12 people killed in
    separate incidents across the province"): a total of several events, no event's toll."""
    return any(
        doc[i].lower_ in _SEPARATE and doc[i + 1].lower_ in _INCIDENTS
        for i in range(sent_start, sent_end - 1)
    )


# Words that put a killing on someone's record ("a gangster involved in killing seven",
# "the leader blamed for attacks that killed 148"): an earlier deed, told to describe the
# person, not the event the item reports. "Claimed responsibility for" is not among them:
# groups claim the attack being reported.
_DEED_CUES = (
    ("involved", "in"), ("involvement", "in"), ("responsible", "for"), ("accused", "of"),
    ("blamed", "for"), ("wanted", "for"), ("wanted", "in"), ("mastermind", "of"),
    ("masterminded",), ("convicted", "of"), ("convicted", "for"), ("history", "of"),
)  # fmt: skip
_DEED_REACH = 25


def earlier_deed(doc: Doc, start: int, sent_start: int, killings: Collection[int] = ()) -> bool:
    """Whether a killing at ``start`` is a deed on someone's record ("he was involved in
    killing seven people", "blamed for attacks that killed 148"): its count is the item's
    only when no other is given. A comma followed by a verb of its own closes the
    description ("the man, accused of a bombing, was shot dead"); before a passive killing
    ("is killed"), so does another killing (at one of the positions ``killings``): the
    record is that one, and the passive tells what befell its doer ("a man accused of
    murdering 12 hikers is killed"), not another deed ("attacks that killed 90, and one
    that killed four")."""
    passive = start > sent_start and doc[start - 1].lower_ in _AUX
    relative = False  # "blamed for a bombing in which 90 were killed": the deed's own dead
    for j in range(start - 1, max(sent_start, start - _DEED_REACH) - 1, -1):
        word = doc[j].lower_
        if word in _STOP_BACK or (word == "," and doc[j + 1].lower_ in _AUX):
            return False
        if passive and j in killings:
            return False
        relative = relative or word in _RELATIVES
        if any(
            j + len(cue) <= start and all(doc[j + n].lower_ == w for n, w in enumerate(cue))
            for cue in _DEED_CUES
        ):
            # "Two men accused of the bombing are killed": the cue tells who the passive's
            # subject is, and the killing befell them.
            return not passive or relative
    return False


_RELATIVES = frozenset({"which", "that", "who", "whom", "whose", "where"})


_PARTICIPLES = frozenset({"killing", "leaving"})


def participle_after_comma(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether the match at ``start`` opens a participle clause after a comma (", killing
    three children and two women"): after a toll stated earlier in the sentence ("five
    people were killed when a bomb went off, killing ..."), it tells who the dead were
    again, and at most as many adds nothing."""
    return (
        start - 1 > sent_start and doc[start].lower_ in _PARTICIPLES and doc[start - 1].text == ","
    )


_CLAIMS = frozenset({"claim", "claims", "claimed", "claiming"})
# What follows a claim of a toll ("claimed that", "claimed it had killed", "claimed more
# than nine"), not a claim of an attack ("claimed responsibility for", "claimed the attack").
_CLAIM_OPENERS = frozenset({"that", "it", "they", "he", "she", "its", "their", "there", "to",
                            "more", "over", "at", "up"})  # fmt: skip


def claimed(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether a killing at ``start`` is told as one side's claim ("the group claimed that
    nine soldiers were killed"): its count is the item's only when no other is given, as the
    item's own figure comes first."""
    for j in range(start - 1, max(sent_start, start - _DEED_REACH) - 1, -1):
        word = doc[j].lower_
        if word in _STOP_BACK:
            return False
        if word in _CLAIMS and j + 1 < start:
            nxt = doc[j + 1]
            return nxt.lower_ in _CLAIM_OPENERS or is_numberish(nxt)
    return False


def count_value(found: Number | None) -> int | None:
    return found if isinstance(found, int) else None


__all__ = [
    "VAGUE",
    "Number",
    "Vague",
    "attackers_themselves",
    "bodies_found",
    "claimed",
    "count_near",
    "count_value",
    "cumulative",
    "earlier_deed",
    "is_numberish",
    "is_toll",
    "killed_over_period",
    "opens_cumulative",
    "ordinal_victim",
    "over_period",
    "parse_number",
    "participle_after_comma",
    "separate_incidents",
    "war_toll",
]
