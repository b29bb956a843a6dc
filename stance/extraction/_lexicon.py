"""Word lists the extractor relies on. Written for this project; plain data, no logic."""

from __future__ import annotations

# Lemmas of verbs that report speech, writing or a stated belief.
REPORTING_VERBS = frozenset(
    """
    say tell add stress note recall explain suggest warn claim insist deny announce offer propose
    believe think argue assert declare state reply answer respond acknowledge admit concede confirm
    emphasize emphasise underline underscore point indicate predict promise pledge vow threaten
    write tweet post comment remark observe maintain contend allege charge complain hope fear doubt
    expect feel reckon estimate agree conclude signal hint caution demand ask wonder reveal disclose
    inform assure reassure testify mention exclude rule repeat reiterate counter retort protest
    boast joke lament recognise recognize guarantee forecast report learn understand acknowledge
    admit affirm brief complain concur declare forewarn imply muse notify observe opine posit
    proclaim quip reaffirm reason rejoin remind shout speculate swear urge voice write accept
    dismiss insinuate cite criticize criticise condemn praise welcome reject accuse blame
    denounce applaud endorse oppose hail decry question discuss recommend advocate lambast
    ridicule brand label defend slam blast call show find reveal liken
    """.split()
)

# Verbs that report an act of speech with a noun phrase or infinitive as its content.
NOMINAL_VERBS = frozenset(
    """
    rule exclude call urge cite criticize criticise condemn praise welcome reject accuse blame demand
    propose promise vow pledge threaten offer describe denounce applaud endorse oppose hail decry
    dismiss deny question discuss mention warn insist recommend advocate announce lambast ridicule
    brand label suggest reiterate acknowledge defend slam blast liken
    """.split()
)

# Verbs that report only with a clausal complement (never with a bare object quote).
COGNITION_VERBS = frozenset("believe think hope fear doubt expect feel reckon understand know consider suspect".split())

# Verbs whose bare use is too generic to report speech without a clause or a quote.
NEEDS_CLAUSE = frozenset("learn understand accept point rule exclude object agree hope fear show find reveal".split())

# Governing verbs that turn "to say" into a hedged cue ("refused to say whether").
HEDGE_GOVERNORS = frozenset("refuse decline stop fail hesitate want seem appear".split())

OPINION_NOUNS = frozenset("opinion view words estimation assessment judgment judgement mind reading".split())

PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
}
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})

# Head nouns of descriptions that refer to a person by role.
ROLE_NOUNS = frozenset(
    """
    minister president leader premier chancellor secretary spokesman spokeswoman spokesperson
    ambassador envoy diplomat official general commander admiral chief head chairman chairwoman
    chair director senator congressman congresswoman lawmaker deputy mp politician prime king queen
    prince monarch foreign defence defense analyst expert adviser advisor aide negotiator
    representative delegate governor mayor candidate lieutenant colonel marshal officer counterpart
    host guest veteran scholar professor researcher historian commentator editor correspondent
    strategist economist lawyer judge prosecutor activist emissary statesman stateswoman premier
    president-elect ex-minister ex-president ex-chancellor patriarch pope cardinal sheikh ayatollah
    chief-of-staff
    """.split()
)

# Nouns that mark an organisation speaking ("the Kremlin said").
ORG_NOUNS = frozenset(
    """
    ministry kremlin government cabinet office department embassy alliance bloc organisation
    organization council commission parliament senate congress white house pentagon administration
    agency service mission headquarters command presidency spokesperson secretariat party
    coalition union committee court assembly duma rada sejm bundestag knesset staff
    """.split()
)

# Role synonyms: a description with the first word can refer to an entity with any of the others.
ROLE_SYNONYMS = {
    "leader": {"leader", "president", "premier", "prime", "chancellor", "head", "king", "monarch", "chief"},
    "president": {"president", "leader", "head"},
    "premier": {"premier", "prime", "leader", "chancellor"},
    "chancellor": {"chancellor", "leader", "premier"},
    "minister": {"minister", "ministry", "secretary"},
    "secretary": {"secretary", "minister"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson", "press", "secretary"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson", "press", "secretary"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson", "press", "secretary"},
    "general": {"general", "commander", "chief", "marshal"},
    "commander": {"commander", "general", "chief", "admiral"},
    "diplomat": {"diplomat", "ambassador", "envoy", "minister"},
    "ambassador": {"ambassador", "envoy", "diplomat"},
    "envoy": {"envoy", "ambassador", "diplomat", "representative"},
    "chief": {"chief", "head", "leader", "director", "chairman", "commander"},
    "head": {"head", "chief", "leader", "director", "chairman", "minister"},
}

FEMALE_MARKERS = frozenset("ms ms. mrs mrs. madam spokeswoman chairwoman congresswoman queen princess lady baroness".split())
MALE_MARKERS = frozenset("mr mr. sir spokesman chairman congressman king prince lord".split())

# Country names, demonyms and metonyms, each mapped to one country key.
_COUNTRIES = {
    "russia": "russia russian russians moscow kremlin soviet ussr",
    "usa": "us u.s. usa america american americans washington pentagon",
    "uk": "uk u.k. britain british england english london whitehall downing",
    "france": "france french paris elysee élysée",
    "germany": "germany german germans berlin bonn",
    "china": "china chinese beijing",
    "turkey": "turkey turkish türkiye ankara turks",
    "hungary": "hungary hungarian budapest",
    "serbia": "serbia serbian serb serbs belgrade yugoslav yugoslavia",
    "finland": "finland finnish helsinki finns",
    "sweden": "sweden swedish stockholm swedes",
    "ukraine": "ukraine ukrainian kyiv kiev ukrainians",
    "georgia": "georgia georgian tbilisi",
    "estonia": "estonia estonian tallinn",
    "latvia": "latvia latvian riga",
    "lithuania": "lithuania lithuanian vilnius",
    "poland": "poland polish warsaw poles",
    "india": "india indian delhi",
    "iran": "iran iranian tehran",
    "italy": "italy italian rome",
    "spain": "spain spanish madrid",
    "norway": "norway norwegian oslo",
    "denmark": "denmark danish copenhagen",
    "greece": "greece greek athens",
    "canada": "canada canadian ottawa",
    "belarus": "belarus belarusian minsk",
    "slovakia": "slovakia slovak bratislava",
    "czechia": "czech prague czechoslovak",
    "romania": "romania romanian bucharest",
    "bulgaria": "bulgaria bulgarian sofia",
    "netherlands": "netherlands dutch hague amsterdam",
    "belgium": "belgium belgian brussels",
    "japan": "japan japanese tokyo",
    "moldova": "moldova moldovan chisinau",
    "austria": "austria austrian vienna",
    "montenegro": "montenegro montenegrin podgorica",
    "macedonia": "macedonia macedonian skopje",
    "albania": "albania albanian tirana",
    "croatia": "croatia croatian zagreb",
    "kosovo": "kosovo kosovar pristina",
    "iceland": "iceland icelandic reykjavik",
    "portugal": "portugal portuguese lisbon",
    "nato": "nato alliance otan",
}
COUNTRY_OF: dict[str, str] = {}
for _key, _words in _COUNTRIES.items():
    for _w in _words.split():
        COUNTRY_OF[_w] = _key

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
