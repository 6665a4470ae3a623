"""Words for what is said and how: reporting and speaking verbs, denials, modals and negations, the governors
that make an event unreal (planned, threatened, conditional), and the cues of claims about control. Lemmas are
lowercase."""

from __future__ import annotations

# Subjects of a copula whose complement is an aim, not an event: "the goal was the capture of X".
AIM_NOUNS = frozenset({"goal", "aim", "objective", "purpose", "intention", "target", "demand", "plan"})
# Governors that make an embedded event unreal (planned, attempted, threatened, hypothetical).
IRREALIS_GOVERNORS = frozenset(
    {
        "threaten",
        "plan",
        "want",
        "try",
        "seek",
        "aim",
        "attempt",
        "intend",
        "vow",
        "prepare",
        "hope",
        "expect",
        "fail",
        "struggle",
        "need",
        "able",
        "unable",
        "likely",
        "unlikely",
        "possible",
        "potential",
        "bid",
        "effort",
        "ability",
        "threat",
        "push",
        "set",
        "eye",
        "poise",
        "determine",
        "mean",
        "order",
        "urge",
        "refuse",
        "decide",
        "wish",
        "strive",
        "bent",
        "intent",
        "keen",
        "ready",
        # "close to capturing", "on the verge of taking", "on the brink of falling": not yet
        "close",
        "verge",
        "brink",
        "edge",
        "near",
        # a denied event is not asserted: "the ministry denied that Kunduz had fallen"
        "deny",
        "dismiss",
        "reject",
        "refute",
    }
)
DENIAL_VERBS = frozenset({"deny", "dismiss", "reject", "refute"})
# Verbs that keep what their object names from happening: "prevented the capture of X", "repelled the entry of".
PREVENTION_VERBS = frozenset({"prevent", "block", "thwart", "stop", "halt", "foil", "avert", "repel", "forestall"})
# Nouns of an aim that a "for" phrase names: "an offensive for the liberation of X", "the battle for control of X",
# "a foothold for the retaking of X".
EFFORT_NOUNS = frozenset(
    {
        "offensive",
        "operation",
        "campaign",
        "battle",
        "fight",
        "struggle",
        "push",
        "drive",
        "plan",
        "preparation",
        "bid",
        "effort",
        "attempt",
        "war",
        "assault",
        "race",
        "contest",
        "mission",
        "foothold",
        "springboard",
        "launchpad",
        "path",
        "way",
    }
)
# Governors whose embedded capture is recorded as a threat by the governor's subject.
THREAT_GOVERNORS = frozenset(
    {"threaten", "vow", "plan", "want", "aim", "intend", "seek", "prepare", "set", "eye", "determine", "poise"}
)
MODALS = frozenset({"could", "would", "might", "may", "will", "shall", "should", "must", "can", "wo", "'ll", "ca"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "without", "nor"})
# Reporting verbs for attributed speech.
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "claim",
        "confirm",
        "announce",
        "declare",
        "acknowledge",
        "assure",
        "insist",
        "deny",
        "report",
        "state",
        "write",
        "tweet",
        "post",
        "note",
        "warn",
        "explain",
        "stress",
        "argue",
        "allege",
        "indicate",
        "admit",
        "believe",
        "describe",
        "cite",
        "quote",
        "reiterate",
        "estimate",
        "predict",
        "accuse",
        "emphasize",
        "emphasise",
        "assert",
        "respond",
        "reply",
        "suggest",
        "concede",
    }
)
# Words in a statement that say a place is held by the attackers (supports a capture)...
CONTROL_GAINED = frozenset({"capture", "seize", "conquer", "overrun", "fall", "takeover", "enter", "overtake"})
# Who flees without being a side: "she fled her home near the base" says nothing of who holds it.
BYSTANDER_WORDS = frozenset(
    {"i", "we", "he", "she", "you", "resident", "civilian", "family", "people", "villager", "thousand", "hundred"}
)
# ...or that they failed (disputes it).
CONTROL_DENIED = frozenset(
    {
        "flee",
        "repel",
        "repulse",
        "clear",
        "retake",
        "recapture",
        "regain",
        "rout",
        "defeat",
        "expel",
        "push",
        "beat",
        "drive",
        "clean",
        "secure",
        "hold",
    }
)
# Verbs whose subject speaks for a side: "Nairobi condemned the attack" names a government, not a town taken.
SPEAKING_VERBS = REPORTING_VERBS | {"condemn", "deny", "warn", "urge", "call", "welcome", "demand"}
# Those a statement is made to, or at: "told reporters in Geneva", "a news conference in X".
AUDIENCE_NOUNS = frozenset(
    {"reporter", "journalist", "correspondent", "briefing", "conference", "parliament", "lawmaker", "audience"}
)
# Phrases that mark a statement as unconfirmed.
UNCONFIRMED_CUES = (
    "could not be confirmed",
    "could not be independently confirmed",
    "could not be verified",
    "could not be independently verified",
    "cannot be verified",
    "not be immediately verified",
    "unconfirmed",
    "impossible to verify",
    "not independently verified",
    "was not immediately confirmed",
    "could not immediately be confirmed",
    "could not be confirmed immediately",
)
# Verbs whose perfect infinitive reports a fact as seen or believed: "appears to have fallen".
SEEMING_VERBS = frozenset({"appear", "seem", "believe", "think", "understand", "know"})
# Governors whose infinitive complement happened when they did: "allowed them to take the city".
IMPLICATIVE_GOVERNORS = frozenset(
    {"allow", "enable", "let", "help", "manage", "succeed", "force", "compel", "permit", "continue", "proceed"}
)
