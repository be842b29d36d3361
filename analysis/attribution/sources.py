"""Who a cue names as its source: the subject token and the source's character span."""
from __future__ import annotations

from .candidates import Candidate
from .lexicon import lexicon, speaker_words
from .scope import Scope, token_ids
from .thresholds import SCARE_QUOTE_WORDS


def subject(tok, depth: int = 0):
    """(subject token, how) for a cue verb: own subject, passive agent, or inherited."""
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    if len(subjects) == 1 and (sender := _relative_sender(tok, subjects[0])) is not None:
        return sender, "subject"
    if len(subjects) == 1 and (earlier := _subject_before_object(tok, subjects[0])) is not None:
        return earlier, "subject"
    if subjects:  # two subjects ("Berea, OH, ... Gov. John Kasich (R-OH), said"): not the place
        return min(subjects, key=lambda c: c.ent_type_ in _NOT_SPEAKERS), "subject"
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p, "agent"
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            # the passive subject controls a dependent cue ("After saying ..., she was taken to ...")
            # and holds the belief of a passive of mind ("Clinton is assured of ...", "they are convinced")
            mind = tok.lemma_.lower() in speaker_words()["experiencer_passives"]
            return (c, "subject") if depth > 0 or mind else (None, "passive")
    if depth < 3 and tok.dep_ == "xcomp" and tok.head.dep_ == "acomp" and tok.head.pos_ == "ADJ":
        return subject(tok.head.head, depth + 1)  # "voters are more likely to say", "was quick to point out"
    share = _share_subject(tok)
    if share is not None:
        return share, "subject"
    controller = _object_controller(tok) or _misattached_subject(tok)
    if controller is not None:
        return controller, "subject"
    if depth < 3 and _echoes_reporter(tok):
        return subject(tok.head.head, depth + 1)
    if (of_name := _of_subject(tok)) is not None:
        return of_name, "subject"
    if depth < 3 and (reporter := _reporter_above(tok)) is not None:
        return subject(reporter, depth + 1)
    if depth < 3 and tok.dep_ in ("xcomp", "conj", "advcl", "ccomp") and tok.head.i != tok.i:
        if tok.dep_ == "ccomp" and tok.i > tok.head.i:
            return None, "none"
        if (thing := _thing_clause_verb(tok)) is not None:
            return subject(thing, depth + 1)
        src, how = subject(tok.head, depth + 1)
        return (_record_holder(tok.head, src) or src), how
    if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        sender = _sender(tok)
        return (sender, "subject") if sender is not None else (tok.head, "modified-noun")
    if depth < 3 and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if obj is None or tok.head.lower_ not in ("for", "of"):
            return subject(verb, depth + 1)  # "started by saying", "In defending himself, X ..."
        if obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ == "PERSON":
            return obj, "object"  # "punished X for claiming" (dropped when nested in a cue's content)
    if depth < 3 and tok.dep_ == "pcomp" and (verb := _verb_above(tok)) is not None:
        return subject(verb, depth + 1)  # "In addition to stating that ..., Clinton has vowed"
    if depth == 0 and (named := _reduced_relative(tok)) is not None:
        return named, "subject"
    if depth == 0 and tok.i > 0:
        # a subject the parser attached elsewhere ("... of the Post Trump said"): the name just before
        prev = tok.doc[tok.i - 1]
        if prev.pos_ in ("PROPN", "PRON") and prev.head.i != tok.i and prev.sent.start == tok.sent.start \
                and prev.dep_ in ("compound", "pobj", "appos", "npadvmod", "dep"):
            return prev, "adjacent"
        named = _aged_name(tok) or _name_after_quote(tok)
        if named is not None:
            return named, "adjacent"
        named = _fronted_appositive(tok) or _previous_speaker(tok)
        if named is not None:
            return named, "adjacent"
    return None, "none"


def _reduced_relative(tok):
    """The subject of a cue verb in a relative clause without "that" ("falls short of the $9
    billion Governor Marquez has said the province needs"): the parser makes the cue the root,
    the clause before it its complement and the name an object inside that clause. The name
    right before the cue (past its auxiliaries and adverbs), straight after a noun or number,
    inside a clause the cue governs before it, with a reported clause after the cue; None otherwise."""
    doc, sent = tok.doc, tok.sent
    j = tok.i - 1
    while j > sent.start and doc[j].head.i == tok.i and doc[j].dep_ in ("aux", "neg", "advmod"):
        j -= 1
    name = doc[j]
    if j <= sent.start or name.pos_ != "PROPN" or name.ent_type_ in _NOT_SPEAKERS or name.head.i == tok.i:
        return None
    first = name_start(name)
    noun = doc[first - 1]
    if first <= sent.start or noun.pos_ not in ("NOUN", "NUM") or noun.dep_ == "compound":
        return None
    before = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis") and c.i < tok.i]
    after = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
    if not after or not any(first >= c.left_edge.i and name.i <= c.right_edge.i for c in before):
        return None
    return name


def reduced_relative_span(tok, src) -> tuple[int, int] | None:
    """Character span of the name ``_reduced_relative`` found for ``tok`` (its compound words only,
    not the noun phrase the parser hung on it); None when ``src`` is not that name."""
    named = _reduced_relative(tok) if src is not None else None
    if named is None or named.i != src.i:
        return None
    return tok.doc[name_start(src)].idx, src.idx + len(src.text)


def name_start(name) -> int:
    """Index of the first word of the proper-name compound ending at ``name`` ("Governor Elena Marquez")."""
    doc, first = name.doc, name.i
    while first - 1 > name.sent.start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound":
        first -= 1
    return first


_CLOSING = ("”", '"', "''")
_ECHO_PRONOUNS = ("he", "she", "they")
_OBJECT_PRONOUNS = ("him", "her", "them", "us", "me")


def _object_controller(tok):
    """The object that controls an infinitive cue ("prompted the Atlas to state", "pushing the
    candidates to speak") after an object-control verb (``object_control_verbs``): a name, a
    person pronoun, or a noun for people or groups."""
    verb = tok.head
    if tok.dep_ != "xcomp" or verb.i == tok.i or verb.pos_ != "VERB" or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None
    words = speaker_words()
    if verb.lemma_.lower() not in words["object_control_verbs"]:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < tok.i), None)
    if obj is None or obj.ent_type_ in _NOT_SPEAKERS[:7]:
        return None
    people = set(words["person_roles"]) | set(words["organisation_roles"]) | set(words["anonymous"])
    if obj.pos_ == "PROPN" or obj.lower_ in _OBJECT_PRONOUNS or obj.lemma_.lower() in people or (
            obj.tag_ == "NNS" and obj.lemma_.lower() not in words["document"]):
        return obj
    return None


def _thing_clause_verb(tok):
    """A cue verb the parser conjoined into a relative clause on a thing that cannot speak ("He
    called on the US to attack the oil that funds the group and proposed a safe zone"): the verb
    heading the sentence, so the cue keeps its subject; None otherwise."""
    rel = tok.head
    if tok.dep_ != "conj" or rel.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.tag_ == "WDT" for c in rel.children):
        return None
    thing, words = rel.head, speaker_words()
    people = set(words["person_roles"]) | set(words["organisation_roles"]) | set(words["anonymous"])
    if thing.tag_ != "NN" or thing.ent_type_ or thing.dep_ != "dobj" or thing.lemma_.lower() in people | set(
            words["document"]):
        return None
    root = tok.sent.root
    return root if root.pos_ in ("VERB", "AUX") and root.i < thing.i else None


def _relative_sender(tok, subj):
    """For "that"/"which" standing for a document or message someone puts out ("X is releasing
    a new ad that urges ...", "The council voted for the resolution which said ..."): the one who
    puts it out, as with a participle (``_sender``)."""
    if subj.tag_ != "WDT" or tok.dep_ != "relcl" or tok.head.lemma_.lower() not in speaker_words()["document"]:
        return None
    return _sender(tok, tok.head)


_OPENING = ("“", '"', "``", "‘")


def _subject_before_object(tok, subj):
    """The subject of the clause before a verb whose "subject" follows it, when that clause is
    not a quotation: "X has denounced A as “…,” praised B as “…” and has said ..." (the parser
    makes B the subject of "praised"; X is). An inverted "“…,” said B" keeps B (its clause is
    quoted), and so does "I guess that settles it, said B" (no quotation between X and the verb)."""
    if subj.i < tok.i:
        return None
    for c in tok.children:
        if c.dep_ == "ccomp" and c.i < tok.i:
            inner = next((k for k in c.children if k.dep_ == "nsubj" and k.pos_ in ("PROPN", "PRON")), None)
            sent = tok.sent
            if inner is not None and not any(t.text in _OPENING for t in tok.doc[sent.start:inner.i]) and any(
                    t.text in _CLOSING for t in tok.doc[inner.i:tok.i]):
                return inner
    return None


def _record_holder(verb, src):
    """The possessor of a record that "includes" gerund cues ("X's history includes blaming ...,
    saying ..."): X, not the history (``record_nouns``)."""
    if src is None or src.pos_ != "NOUN" or verb.lemma_.lower() not in ("include", "involve", "feature", "be"):
        return None
    if src.lemma_.lower() not in speaker_words()["record_nouns"]:
        return None
    return next((c for c in src.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "PRON")), None)


def _misattached_subject(tok):
    """A subject the parser left off the cue: the subject of the word a "dep" cue hangs on
    ("multiple sources privy to negotiations say ..."), a nominalised adjective the cue
    modifies ("the 43-year-old asked"), the name right after an inverted cue ("Continued Stone:")."""
    head = tok.head
    if head.i == tok.i:
        return None
    if tok.dep_ == "dep" and head.i < tok.i:
        return next((c for c in head.children if c.dep_ == "nsubj" and c.i < tok.i and c.pos_ != "PRON"), None)
    if tok.dep_ == "acl" and head.pos_ == "ADJ" and head.i < tok.i and any(c.dep_ == "det" for c in head.children):
        return head
    if tok.dep_ in ("amod", "compound") and head.i == tok.i + 1 and head.pos_ == "PROPN" and tok.i == tok.sent.start:
        return head
    return None


def _of_subject(tok):
    """The name right before a participle cue after "of" ("footage of Mayor Park saying “…”", "a
    video of Ellis telling a crowd …"): the participle's own subject, whichever word the parser
    hangs it on (PolNeAR train: the object of "of" is the source in such gerund phrases)."""
    if tok.tag_ != "VBG" or tok.i == 0 or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return None
    prev = tok.doc[tok.i - 1]
    if prev.dep_ != "pobj" or prev.head.lower_ != "of" or prev.head.head.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.dep_ not in ("acl", "advcl") or prev.sent.start != tok.sent.start:
        return None
    words = speaker_words()
    people = set(words["person_roles"]) | set(words["organisation_roles"]) | set(words["anonymous"])
    if prev.pos_ == "PROPN" and prev.ent_type_ not in _NOT_SPEAKERS or prev.lower_ in _OBJECT_PRONOUNS or (
            prev.lemma_.lower() in people):
        return prev
    return None


def _reporter_above(tok):
    """The reporting verb above a participle set off by a comma after the clause it reports
    ("Trump told Newsmax that Romney “had …,” adding, “…”", "Carson said he saw no need …,
    telling X that …"): the parser hangs the participle on the reported clause's verb, but it
    continues the reporter's sentence (PolNeAR train: the reporter speaks, 2:1)."""
    head = tok.head
    if tok.tag_ != "VBG" or tok.dep_ != "advcl" or head.dep_ != "ccomp" or head.head.i == head.i:
        return None
    outer = head.head
    if not tok.doc[tok.i - 1].is_punct or outer.i > tok.i or outer.pos_ not in ("VERB", "AUX"):
        return None
    if (outer.lemma_.lower(), "V") not in lexicon() or outer.lemma_.lower() in speaker_words()["raising_verbs"]:
        return None
    return outer


def _verb_above(tok):
    """The verb a gerund hangs on through a chain of prepositions ("In addition to stating")."""
    node, steps = tok.head, 0
    while node.dep_ in ("prep", "pobj") and node.head.i != node.i and steps < 4:
        node, steps = node.head, steps + 1
    return node if node.pos_ in ("VERB", "AUX") and steps >= 2 else None


def _echoes_reporter(tok) -> bool:
    """A verb conjoined to the reported clause of a reporting verb whose subject is a pronoun
    ("Kasich says he'd sit Putin down ... and tells the crowd ...", "Clinton adds that she has
    released ... and called on ...", "He says X was ... and says ..."): the parser hangs it on the inner verb, but it continues
    the reporter's own sentence, so the reporter's subject speaks (PolNeAR train marks it so)."""
    head = tok.head
    if tok.dep_ != "conj" or head.dep_ != "ccomp" or head.head.i == head.i or head.head.pos_ != "VERB":
        return False
    inner = next((c for c in head.children if c.dep_ == "nsubj"), None)
    same = tok.lemma_.lower() == head.head.lemma_.lower() or (  # "He said his attacks ... and said that ..."
        tok.tag_ == "VBG" and head.head.tag_ == "VBG")  # a list of gerunds: "saying ... and praising ..."
    return (inner is not None and (same or inner.lower_ in _ECHO_PRONOUNS)
            and (head.head.lemma_.lower(), "V") in lexicon())


def _sender(tok, noun=None):
    """The subject of a verb of putting out a message (``sending_verbs``) whose object a
    participle cue modifies: the one who put out the statement or addressed the listeners ("His office put out a statement saying ...", "X emailed
    supporters saying ...", "X is making a pitch to voters saying ..."); None when the noun is a
    name or the verb has no named subject."""
    if noun is None:
        noun = tok.head
        if tok.tag_ != "VBG" or tok.dep_ != "acl":
            return None
    if noun.pos_ != "NOUN" or tok.lemma_.lower() in speaker_words()["evidential_participles"]:
        return None
    if noun.dep_ in ("dobj", "dative"):
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("to", "for"):
        verb = noun.head.head
        if verb.pos_ == "NOUN" and verb.dep_ == "dobj":  # "making a pitch to voters saying"
            verb = verb.head
    else:
        return None
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speaker_words()["sending_verbs"]:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.tag_ in ("WP", "WDT") or subj.lower_ in ("it", "this", "that", "there"):
        return None
    return subj if subj.pos_ in ("PROPN", "PRON", "NOUN") and subj.ent_type_ not in _NOT_SPEAKERS[:7] else None


def _name_after_quote(tok):
    """The name right after a closing quotation mark, set off by an appositive before a verb
    without subject, which the parser hung on the quotation ("“...,” Brent Bozell III, founder of
    the Media Research Center, tells ..."; "“...,” Texas delegate Bill Eastland, wearing a hat, said")."""
    doc, sent = tok.doc, tok.sent
    if tok.i - 1 <= sent.start or doc[tok.i - 1].text != ",":
        return None
    close = next((j for j in range(tok.i - 2, max(sent.start, tok.i - 30) - 1, -1) if doc[j].text in _CLOSING), None)
    if close is None or any(t.text in ("“", "‘") for t in doc[close + 1:tok.i]):
        return None
    end = close + 1
    while end < tok.i and doc[end].text != ",":
        end += 1
    phrase = doc[close + 1:end]
    nouns = [t for t in phrase if t.pos_ in ("PROPN", "NOUN")]
    if not 1 <= len(phrase) <= 6 or end >= tok.i - 1 or not nouns or nouns[-1].pos_ != "PROPN":
        return None
    return nouns[-1]


_NOT_SPEAKERS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC", "FAC")


def _previous_speaker(tok):
    """The subject of the previous sentence for a sentence made of a bare participle cue and its
    quotation ("Maher stated that .... Adding, “...”"): the same speaker goes on."""
    sent = tok.sent
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None or first.i != tok.i or tok.tag_ != "VBG" or tok.dep_ != "ROOT" or sent.start == 0:
        return None
    prev = tok.doc[sent.start - 1].sent.root
    return next((c for c in prev.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON", "NOUN")
                 and c.tag_ not in ("WP", "WDT")), None)


def _fronted_appositive(tok):
    """The subject the parser hung as an appositive on a fronted phrase before a verb without
    subject ("At Boca West, Jay DiPietro, the club's president, suggested ...", "In an interview
    with X, the candidate stated ..."); a participle clause set off by commas is skipped
    ("Mr. Trump, asked about ..., had said")."""
    doc, sent = tok.doc, tok.sent
    j = tok.i - 1
    while j > sent.start and (doc[j].dep_ in ("aux", "neg", "advmod") and doc[j].head.i == tok.i):
        j -= 1  # "had said", "also railed"
    if j <= sent.start:
        return None
    last = _phrase_end(doc, j - 1, sent.start) if doc[j].text == "," else j if doc[j].pos_ in ("NOUN", "PROPN") else None
    if last is None:
        return None
    node, found = doc[last], None
    while node.head.i != node.i and node.head.i < tok.i and node.head.i >= sent.start:
        if node.dep_ in ("advcl", "acl", "relcl") and node.pos_ == "VERB" and node.left_edge.i - 1 > sent.start \
                and doc[node.left_edge.i - 1].text == "," and found is None:
            return _fronted_appositive_at(doc, node.left_edge.i - 1, tok, sent)
        if node.dep_ == "appos" and doc[node.left_edge.i - 1].text == ",":
            found = node
        node = node.head
    return found if found is not None and _speaker_like(found) else None


def _fronted_appositive_at(doc, comma: int, tok, sent):
    """The name right before a comma that opens a participle clause (one level, no recursion)."""
    t = doc[comma - 1] if comma - 1 >= sent.start else None
    if t is None or t.pos_ != "PROPN" or t.ent_type_ in _NOT_SPEAKERS:
        return None
    return t


def _phrase_end(doc, j: int, floor: int) -> int | None:
    """The last word before index ``j`` + 1, skipping a closing bracket ("(R-OH)")."""
    while j > floor and doc[j].is_punct:
        j -= 1
    return j if j > floor else None


def _speaker_like(t) -> bool:
    """A noun or name that could speak (not a date, number or place)."""
    return t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in _NOT_SPEAKERS


def _aged_name(tok):
    """A name set off by an age before a verb without subject ("“...,” Ramos, 58, told AFP")."""
    doc = tok.doc
    i = tok.i - 1
    if not (i >= 3 and doc[i].text == "," and doc[i - 1].like_num and doc[i - 2].text == ","):
        return None
    name = doc[i - 3]
    if name.pos_ == "PROPN" and name.dep_ in ("npadvmod", "appos", "dep", "nsubj") and name.sent.start == tok.sent.start:
        return name
    return None


def noun_cue_subject(tok):
    """For a cue noun without possessor: the subject of the verb it hangs on by a preposition,
    when that subject states it ("Trump stirred controversy with an assertion that ...", "He is
    barnstorming the state in hopes of ...", "supporters responded with chants of ..."); None
    for a verb that receives the noun ("faced questions about", "answered criticism of")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in speaker_words()["noun_cue_preps"]:
        return None
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in speaker_words()["receiving_verbs"]:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON", "NOUN")
                 and c.tag_ not in ("WP", "WDT")), None)


_POSSESSIVES = ("his", "her", "their")


def possessor_subject(tok, poss):
    """For a cue noun owned by a possessive pronoun and taken up by a verb, that verb's named
    subject ("Trump is keeping up his criticism of ...", "He's ratcheting up his critique"):
    PolNeAR train marks the subject, the same person named in full; None otherwise."""
    if poss is None or poss.lower_ not in _POSSESSIVES:
        return None
    if tok.dep_ == "pobj" and tok.head.lower_ in ("up", "down", "out", "off"):  # "ratcheting up his critique"
        tok = tok.head
    elif tok.dep_ != "dobj":
        return None
    verb = tok.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ not in ("PROPN", "PRON", "NOUN") or subj.lower_ in ("it", "this", "that", "which", "who"):
        return None
    return subj


#: Words naming a share of people, which the parser attaches to the verb as a modifier when they
#: are its subject ("Less than a third agreed", "About 4 in 10 say").
SHARES = frozenset({"third", "thirds", "half", "quarter", "quarters", "majority", "minority", "plurality",
                     "fifth", "fifths", "percent"})


def _share_subject(tok):
    """The number or share before a verb that has no subject of its own ("About 4 in 10 say")."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in tok.children):
        return None
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("nummod", "npadvmod") and (
                c.pos_ == "NUM" and c.i == tok.i - 1 or c.lower_ in SHARES):
            return c
    return None


def nickname(scope: Scope, src, tok) -> bool:
    """``src`` sits in a short quotation right after the cue, past a determiner or adjective at
    most: a nickname ("said the “Iron Lady”"), not a word of the quoted speech or a title
    further on ("said Thursday on Fox's “Fox and Friends”")."""
    q = next((q for q in scope.quotes if q.start <= src.idx < q.end), None)
    if q is None or q.start <= tok.idx or len(scope.text[q.start:q.end].split()) > SCARE_QUOTE_WORDS:
        return False
    between = [t for t in scope.doc[tok.i + 1:src.i] if t.idx < q.open_at]
    return len(between) <= 3 and all(t.pos_ in ("DET", "ADJ") for t in between)


def outside_source(scope: Scope, tok):
    """A name governed by, or next to, a cue verb and outside any quotation (inverted
    "..., said X" and "..., X said" where the parser chose a quoted word as subject)."""
    def ok(t):
        return (not scope.in_quote[t.i] and t.pos_ in ("PROPN", "NOUN") and t.sent.start == tok.sent.start
                and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"))
    kids = [c for c in tok.children if ok(c) and c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "dep", "oprd")]
    doc = scope.doc
    left = _left_of(scope, tok)
    named_left = 0 <= left < len(doc) and ok(doc[left]) and doc[left].pos_ == "PROPN"
    if kids:
        best = min(kids, key=lambda c: (c.dep_ != "nsubj", abs(c.i - tok.i)))
        if best.dep_ != "dobj" or best.i < tok.i or not named_left:
            return best
        # "“...,” Ramos, 58, told AFP": the name before the verb speaks, its object listens
    for j in ((left, tok.i + 1) if kids else (tok.i + 1, left)):
        if 0 <= j < len(doc) and ok(doc[j]):
            t = doc[j]
            while t.dep_ in ("compound", "flat", "appos") and t.head.i != t.i and ok(t.head):
                t = t.head
            if j == tok.i + 1 or j == tok.i - 1 or (t.pos_ == "PROPN" and t.dep_ != "pobj"):
                return t  # past a comma only a name ("..., Flynn, an adviser, said"; not "after the debate,")
    return None


def _left_of(scope: Scope, tok) -> int:
    """The token before a cue verb past commas, an age ("Ramos, 58, told") and a bracketed
    party tag ("Gov. John Kasich (R-OH), said")."""
    doc = scope.doc
    left = tok.i - 1
    while left > tok.sent.start and not scope.in_quote[left]:
        t = doc[left]
        if t.is_punct and t.text == ")":
            opening = next((j for j in range(left - 1, max(tok.sent.start, left - 8) - 1, -1) if doc[j].text == "("), None)
            if opening is None:
                break
            left = opening - 1
        elif t.is_punct or (t.like_num and t.dep_ in ("appos", "npadvmod", "amod")):
            left -= 1  # "..., Flynn, a campaign adviser, said"
        else:
            break
    return left


def span_of(sub_idx: set[int], doc) -> tuple[int, int] | None:
    """Character span of a token set, trimmed of edge punctuation."""
    if not sub_idx:
        return None
    lo, hi = min(sub_idx), max(sub_idx)
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct and not _closes(doc, lo, hi):
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _closes(doc, lo: int, hi: int) -> bool:
    """True when token ``hi`` is a ")" closing a "(" inside the span ("Gov. John Kasich (R-OH)")."""
    return doc[hi].text == ")" and sum(t.text == "(" for t in doc[lo:hi]) > sum(t.text == ")" for t in doc[lo:hi])


_NOUN_MODIFIERS = ("det", "amod", "compound", "nummod", "npadvmod", "poss", "nmod", "punct")


def source_span(scope: Scope, c: Candidate) -> tuple[int, int] | None:
    """Character span of a candidate's source: the source phrase around its head, without the
    cue, the content and far-running relative clauses."""
    if c.source_span is not None:
        return c.source_span
    doc = scope.doc
    src = c.source
    rel = src.head
    if src.tag_ in ("WP", "WDT") and rel.dep_ in ("relcl", "acl") and rel.head.i < src.i:
        # "Marc Smith, the league's chief, who said ...": the antecedent and the relative pronoun
        noun = rel.head
        lo = min(t.i for t in noun.subtree)
        if noun.i - lo < 30:
            return span_of(set(range(lo, src.i + 1)), doc)
    if (src.pos_ == "ADJ" or c.head.dep_ in ("amod", "compound")) and any(
            src.i in {a.i for a in t.ancestors} for t in c.tokens):
        # the source governs its cue ("the 43-year-old asked", "Continued Stone:"): its own words only
        cue = token_ids(c.tokens)
        mods = [k for k in src.children if k.i < src.i and k.dep_ in _NOUN_MODIFIERS and k.i not in cue]
        return span_of({src.i} | {t.i for k in mods for t in k.subtree}, doc)
    idx = token_ids(src.subtree)
    for t in c.tokens:
        if t.i in idx:  # "the officials, saying ..." : the cue hangs inside the source phrase
            idx -= token_ids(t.subtree)
    # drop relative clauses and appositions after the head that run far
    keep = {i for i in idx if not doc[i].is_space}
    keep -= c.content
    if src.i not in keep:
        keep.add(src.i)
    lo = hi = src.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return span_of(set(range(lo, hi + 1)), doc)
