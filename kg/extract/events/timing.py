"""When an event happened: the time expression of its clause, or of the clause that reports it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon as lx
from kg.extract import speech_words
from kg.extract.doc_text import doc_text
from kg.extract.records import TimeValue
from kg.extract.timex import TimeMention
from kg.vocab import DatePrecision


def time_for(trigger: Token, times: list[TimeMention]) -> TimeValue | None:
    """The most precise resolved time expression of the trigger's own clause; failing that, of
    the clause that reports it or that it is an adjunct or conjunct of. A vague expression at the
    nearest level ("the following days") means no date."""
    levels = _clause_levels(trigger)
    found: dict[int, list[tuple[TimeMention, int]]] = {}
    for time in times:
        attached = _attachment(trigger.doc, time, levels)
        if attached is not None:
            found.setdefault(attached[0], []).append((time, attached[1]))
    if not found:
        return None
    # the nearest clause decides; a vague expression there ("Earlier this week the insurgents
    # overran ...") and nothing more precise means no date
    resolved = [t.value for t, _ in found[min(found)] if t.value is not None]
    return max(resolved, key=precision_rank) if resolved else None


def relative_time(trigger: Token, times: list[TimeMention], *, published: dt.date | None = None) -> TimeValue | None:
    """The day of an event that a dated clause puts a number of days before or after it: "took X on
    Sunday, a day after seizing Y" (Y: Saturday), "two days before the army retook X on Monday, ...";
    a clause in the present tense is dated by the report ("A day after the capital fell, forces
    continue to hold the airport")."""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    relation: Token | None
    anchor: Token | None
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("after", "before"):
        relation, anchor = verb.head, verb.head.head  # "a day after taking Y"
        amount = next((c for c in relation.children if c.dep_ == "npadvmod"), None) or next(
            (c for c in anchor.children if c.dep_ == "npadvmod" and c.right_edge.i == relation.i - 1), None
        )  # "celebrating Saturday one day after seizing Y", the amount hung on the verb
        if amount is None and anchor.dep_ == "npadvmod":
            amount, anchor = anchor, anchor.head  # "overran X on Wednesday, a day after seizing Y": "after" on "day"
    elif relation := next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None):
        amount = next((c for c in verb.children if c.dep_ == "npadvmod"), None)
        if verb.dep_ == "advcl":
            anchor = verb.head  # "a day after the group seized Y"
        else:  # the parser made the subordinate clause the root: the main clause is the next finite verb
            sentence = verb.sent
            anchor = next(
                (
                    t
                    for t in sentence
                    if t.i > verb.i
                    and t.pos_ in ("VERB", "AUX")
                    and t.tag_ in ("VBP", "VBZ", "VBD")
                    and t.dep_ not in ("relcl", "acl", "ccomp")
                ),
                None,
            )
            if anchor is None:
                return None
    else:
        return None
    if amount is None or amount.lemma_.lower() != "day" or (days := _count(amount)) is None:
        return None
    known = time_for(anchor, times)
    if known is None and published is not None and _present(anchor):
        known = TimeValue(value=published.isoformat(), precision=DatePrecision.DAY, text="the day of the report")
    if known is None or known.precision != DatePrecision.DAY:
        return None
    shift = dt.timedelta(days=-days if relation.lower_ == "after" else days)
    day = dt.date.fromisoformat(known.value) + shift
    phrase = trigger.doc[amount.left_edge.i : relation.i + 1].text
    return TimeValue(value=day.isoformat(), precision=DatePrecision.DAY, text=f"{phrase} {known.text}")


def _present(verb: Token) -> bool:
    """Is the clause in the present tense ("continue", "are fleeing", "remains")?"""
    if verb.tag_ in ("VBP", "VBZ"):
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _count(days: Token) -> int | None:
    """How many days "a day", "two days", "3 days" says."""
    for child in days.children:
        if child.dep_ in ("det", "nummod"):
            if child.lower_ in _NUMBERS:
                return _NUMBERS[child.lower_]
            if child.text.isdigit() and int(child.text) <= 31:
                return int(child.text)
    return None


def unclaimed_time(doc: Doc, triggers: Iterable[Token], times: list[TimeMention]) -> TimeValue | None:
    """The one resolved time expression of a sentence that no event's clauses claim, if exactly
    one (the parser sometimes hangs "on Thursday" from a later clause)."""
    claimed = set()
    for trigger in triggers:
        levels = _clause_levels(trigger)
        claimed |= {id(t) for t in times if _attachment(doc, t, levels) is not None}
    free = [t for t in times if id(t) not in claimed and t.value is not None and _stranded(doc, t)]
    return free[0].value if len(free) == 1 and free[0].value is not None else None


def opening_time(doc: Doc, sentence: Span, times: list[TimeMention]) -> TimeValue | None:
    """The date a sentence opens with, before a comma ("On 26 March 2011, ..."): it dates every event of the
    sentence that no time of its own dates, however the parser hung it. Not "By 21 September,": a bound."""
    if not times:
        return None
    words = list(itertools.islice((t for t in sentence if not t.is_space), 2))  # the first two words only
    if not words:
        return None
    start = words[1].idx if words[0].lower_ in ("on", "in") and len(words) > 1 else words[0].idx
    first = next((t for t in times if t.start == start or t.start == words[0].idx), None)
    if first is None or first.value is None or not first.absolute:
        return None
    return first.value if doc_text(doc)[first.end : first.end + 1] == "," else None


def is_main_clause(trigger: Token) -> bool:
    """Is the trigger's clause, or one it is reported by or is an adjunct or conjunct of, the
    sentence's main clause?"""
    return any(trigger.doc[i].dep_ == "ROOT" for level in _clause_levels(trigger) for i in level)


def _stranded(doc: Doc, time: TimeMention) -> bool:
    """Does the expression stand before the clause the parser hung it on ("seized Ghazni ..., on
    Thursday, the tenth capital to fall ..., as foreign forces complete their withdrawal")? One
    inside its clause ("prompting Tajikistan to check its forces on June 22") belongs there."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    openers = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass")]
    return span.end <= min([verb.i, *openers])


# Prepositions that put a nominal event at another time than the clause it hangs from: "since the fall of X".
_OTHER_TIME_PREPOSITIONS = frozenset({"since", "after", "before", "following", "until"})


def _at_another_time(preposition: Token) -> bool:
    """ "since", "after", "in response to", "prior to": the nominal it governs happened at another time."""
    if preposition.lower_ == "to":
        return preposition.head.lower_ in ("response", "prior", "reaction")
    return preposition.lower_ in _OTHER_TIME_PREPOSITIONS


def _clause_levels(trigger: Token) -> list[set[int]]:
    """The trigger, the verb a nominal trigger hangs from, then each clause it is reported by
    or is an adjunct or conjunct of ("announce the capture", "claimed that X was conquered",
    ", taking it", "overran A, and took B"), then the verb conjoined after its own."""
    governors: set[int] = set()
    current = trigger
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        if current.dep_ == "pobj" and _at_another_time(current.head):
            return [{trigger.i}]  # "in response to the town's capture, the council met on 23 September": not then
        current = current.head
        governors.add(current.i)
    # a nominal's own date before its verb's: "landed on Monday, the first since the city's takeover on 15 August"
    levels = [{trigger.i}, governors] if governors else [{trigger.i}]
    verb = current
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            break
        if current.dep_ == "ccomp" and head.lemma_.lower() in speech_words.REPORTING_VERBS:
            pass
        elif current.dep_ == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ not in ("when", "as", "while") for c in current.children
        ):
            pass
        elif (
            current.dep_ == "relcl"
            and head.ent_type_ in ("DATE", "TIME")
            and any(c.lower_ == "when" for c in current.children)
        ):
            pass  # "on 9 August 2021 when the insurgents captured X": the date the clause qualifies
        elif current.dep_ not in ("xcomp", "conj"):
            break
        current = head
        levels.append({current.i})
        if current.dep_ == "pobj" and current.ent_type_ in ("DATE", "TIME"):
            levels[-1].add(current.head.i)  # "on 9 August ... when ...": the phrase's preposition too
    # last, the verb conjoined after the trigger's: "retook X and secured the area on 22 September"
    following = {
        c.i
        for c in verb.children
        if c.dep_ == "conj"
        and c.pos_ == "VERB"
        and c.i > verb.i
        and not any(g.dep_ in ("nsubj", "nsubjpass") or (g.dep_ == "aux" and g.tag_ == "MD") for g in c.children)
    }  # but not "and the president visited it on 22 September", "and will hand it over on 1 September"
    if following:
        levels.append(following)
    return levels


def _attachment(doc: Doc, time: TimeMention, levels: list[set[int]]) -> tuple[int, int] | None:
    """The level whose clause a time expression hangs from (without crossing another clause), and
    how many dependency steps away."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None:
        return None
    current = root = span.root
    for steps in range(10):
        for index, level in enumerate(levels):
            if current.i in level:
                return index, steps
        if current.head.i == current.i:
            return None
        if current.pos_ in ("VERB", "AUX") and current.i != root.i and not _onset(current):
            return None
        current = current.head
    return None


def _onset(verb: Token) -> bool:
    """ "occupied for nine days, beginning on 13 August": a participle that dates the clause it hangs on."""
    return verb.lemma_.lower() in ("begin", "start") and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "xcomp")


def precision_rank(value: TimeValue) -> int:
    """How precise a date is: 3 for a day, 2 for a month, 1 for a year (the most precise wins)."""
    return {DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}[value.precision]


def historical_present(trigger: Token) -> bool:
    """ "captures", "insurgents capture", "enters": a taking told in the simple present below a headline, as
    digests of a day's events tell them (news tells what happened in the past tense, and a present "controls"
    is a state)."""
    verbs = lx.CAPTURE_VERBS | lx.ENTRY_VERBS | {"take"}
    if trigger.tag_ == "VBG" and trigger.dep_ in ("advcl", "xcomp", "conj"):
        trigger = trigger.head  # "captures its ninth capital in six days, seizing X"
    while trigger.dep_ == "conj" and trigger.head.pos_ in ("VERB", "AUX"):
        trigger = trigger.head  # "enters Kabul and seizes the palace": the clause "enters" opens
    if _reported_in_the_present(trigger, verbs):
        return True
    if trigger.tag_ == "NNS" and trigger.dep_ == "ROOT" and any(c.lemma_ == "control" for c in trigger.children):
        return True  # "The army transfers control of X to Y", the verb read as a plural noun
    return (
        trigger.tag_ in ("VBZ", "VBP")
        and trigger.dep_ == "ROOT"  # not "whenever the army retreats, the Taliban captures X": a habit
        and lx.verb_lemma(trigger) in verbs
        and not any(c.dep_ in ("aux", "mark") or c.lower_ in _HABIT_OR_CONDITION for c in trigger.children)
        and not any(
            c.dep_ == "advcl" and any(g.lower_ in _HABIT_OR_CONDITION for g in c.children) for c in trigger.children
        )
    )


def _reported_in_the_present(trigger: Token, verbs: frozenset[str]) -> bool:
    """ "- A spokesman says that the group has captured X", "- The group says it now controls X": a taking
    just done (the present perfect) or a hold just new ("now"), that an entry of a day's digest reports in
    the present. Not in running news, where "says the rebels have taken X" leaves the day open."""
    report = trigger.head
    text = doc_text(trigger.doc)
    line = text[text.rfind("\n", 0, trigger.idx) + 1 : trigger.idx].lstrip()
    if not (
        line[:1] in _BULLETS
        and trigger.dep_ == "ccomp"
        and report.dep_ == "ROOT"
        and report.tag_ in ("VBZ", "VBP")
        and report.lemma_.lower() in speech_words.REPORTING_VERBS
    ):
        return False
    if any(c.dep_ == "neg" or c.lower_ in _HABIT_OR_CONDITION for c in trigger.children):
        return False
    perfect = trigger.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in trigger.children)
    new_hold = (
        trigger.tag_ in ("VBZ", "VBP")
        and trigger.lemma_.lower() == "control"
        and any(c.dep_ == "advmod" and c.lower_ == "now" for c in trigger.children)
    )
    return (perfect and lx.verb_lemma(trigger) in verbs) or new_hold


_HABIT_OR_CONDITION = frozenset({"when", "whenever", "if", "unless", "once"})
_BULLETS = ("-", "–", "•")
