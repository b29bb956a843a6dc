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
    chief-of-staff taoiseach tánaiste tanaiste
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

# Common given names, for the gender of a pronoun's antecedent ("She added ..."). A name not
# listed leaves the gender unknown, which only weakens a preference, never blocks a match.
FEMALE_NAMES = frozenset(
    """
    anna ana anne annalena angela ursula kaja kaia sanna mette magdalena ingrida kersti maia salome
    nino tamar tamara yulia julia maria marie mariya olena olga oksana irina iryna natalia natalya
    elena helena lena ekaterina yekaterina svetlana valentina tatiana tatyana ludmila lyudmila galina
    hillary nancy madeleine condoleezza federica kamala theresa margaret liz elizabeth priti penny
    victoria jacinda giorgia marine ségolène segolene christine florence sylvie nathalie catherine
    birgit ulla jutta heidi petra katarina katrin kristina kristen krisztina agnes ágnes zuzana
    dagmar jana lucia ivana vesna dragana jelena milica marija sofia sophie emma eva ewa beata
    agnieszka joanna malgorzata małgorzata dorota karin ingrid kristin marit erna gro
    margrethe pia lotte helle mariya mao hua chunying sushma nirmala benazir golda tzipi ayelet
    simonetta micheline doris viola ruth rachel sarah hannah laura linda susan karen lisa mary
    patricia jennifer michelle barbara ellen alice claire clara louise amélie amelie aino tarja
    elisabeth annika johanna hanna minna riikka leena päivi paivi marta ilze laimdota dalia
    gitana ramunė aušra ausra egle eglė irena milda vaira kadri kristiina marina ivonne beate
    sahra alice ilse gabriela silvia paola emanuela roberta chiara carmen pilar dolores soledad
    arancha margarita meritxell isabel beatriz teresa
    """.split()
)
MALE_NAMES = frozenset(
    """
    vladimir dmitry dmitri sergei sergey igor ivan nikolai nikita mikhail boris yuri gennady andrei
    andrey alexei alexey alexander aleksandr viktor pavel oleg konstantin grigory evgeny yevgeny
    leonid vyacheslav anatoly valery maxim alexandr volodymyr petro oleksandr dmytro vitali vitaly
    mikheil giorgi irakli bidzina eduard zurab levan recep mevlüt mevlut hakan ahmet mehmet kemal
    bülent bulent tayyip binali ibrahim viktor péter peter gergely zoltán zoltan robert miroslav
    aleksandar slobodan zoran vojislav ivica milo  milorad nikola dragan jens anders
    george joe donald barack bill ronald jimmy richard lyndon harry dwight john james mike mark
    emmanuel nicolas jacques françois francois charles olaf helmut gerhard hans frank jürgen jurgen
    joschka klaus václav vaclav lech aleksander andrzej radosław radoslaw  jaroslaw
    jarosław mateusz sauli   juha pekka jussi carl ulf stefan magnus
    tobias jonas gitanas valdas linas algirdas kaspars edgars egils artis toomas alar urmas hanno
    xi wang li zhao narendra subrahmanyam arindam hassan ebrahim mahmoud javad ali esmaeil abbas
    manlio  joseph javier willy  paul paddy tony gordon  david keir rishi ben
    lloyd antony marco rex colin dean dick henry zbigniew wojciech tadeusz bronisław bronislaw
    lukas karl sebastian werner walter wolfgang friedrich heinrich otto ludwig günter gunter
    fritz kurt konrad willem wim  jaap geert ruud jean pierre michel alain bernard dominique
    hubert jean-yves jean-claude giuseppe silvio matteo mario romano giulio enrico massimo
    achille gianni felipe josé jose pedro mariano pablo santiago alfredo leopoldo adolfo
    leopold milos miloš  ljubomir filip dimitar boyko rumen traian  nicolae
    """.split()
)
FEMALE_SURNAME_ENDINGS = ("ova", "eva", "ová", "ská", "ska", "aitė", "ienė", "ytė", "skaya", "skaja", "ovna", "evna")
