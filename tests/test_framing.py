"""Framing: indicator cues per sentence, article-level calls with evidence, contested labels."""
from __future__ import annotations

import json

import pytest

from analysis.contested import detect_contested, load_labels
from analysis.framing import FramingStage, default_codebooks, load_calibration
from analysis.spans import SpanIndex


def detect_frames(res, **settings):
    """The framing stage, run again on an analysed article (``settings``: the stage's)."""
    return FramingStage(**settings).run(res)


@pytest.fixture()
def frames_of(analyze_text):
    def run(text: str):
        res = analyze_text(text)
        return res, res.frames
    return run


def _sentence_generic(fr, sid=0):
    return fr.sentence_frames[sid]["generic"]


def _sentence_policy(fr, sid=0):
    return fr.sentence_frames[sid]["policy"]


# ----------------------------------------------------------------- generic frames, one sentence each

GENERIC_CASES = {
    "conflict": "Opposition leaders accused the prime minister of misleading parliament, and the government "
                "flatly rejected the allegation.",
    "human_interest": "Maria Lopez, 34, a mother of three, wept as she described the night her family lost "
                      "their home to the flood.",
    "economic": "The new levy will cost businesses $2 billion a year, economists warned, and could wipe out "
                "thousands of jobs.",
    "morality": "Church leaders said turning refugees away was morally wrong and a sin before God.",
    "responsibility": "The city council must urgently adopt a plan to tackle the housing crisis, the report "
                      "recommended.",
}


@pytest.mark.parametrize("frame", sorted(GENERIC_CASES))
def test_each_generic_frame_found_in_its_sentence(frames_of, frame):
    res, fr = frames_of(GENERIC_CASES[frame])
    assert frame in _sentence_generic(fr)
    score = fr.get("generic", frame)
    assert score.evidence and all(h.sentence_id == 0 for h in score.evidence)
    for h in score.evidence:
        for c in h.cues:
            assert res.article.text[c.start:c.end] == c.text


def test_conflict_reproach_names_two_actors(frames_of):
    _, fr = frames_of("Germany accused Russia of breaking the agreement.")
    hits = [h for h in fr.get("generic", "conflict").evidence if h.item == "CO2"]
    assert hits and hits[0].weight == 1.0
    assert "Germany" in hits[0].note and "Russia" in hits[0].note


def test_conflict_between_parties_is_its_own_feature(frames_of):
    """Conflict cues in a sentence naming two actors feed the `parties` feature, with the actors."""
    text = ("Germany and Russia clashed over the pipeline deal on Monday. "
            "The dispute is expected to drag on for months.")
    _, fr = frames_of(text)
    co = fr.get("generic", "conflict")
    assert co.parties is not None and co.parties["min_actors"] == 2
    assert [s["sentence_id"] for s in co.parties["sentences"]] == [0]
    assert set(co.parties["sentences"][0]["actors"]) >= {"Germany", "Russia"}
    hits = [h for h in co.evidence if h.sentence_id == 0]
    assert co.parties["weight"] == pytest.approx(sum(h.weight for h in hits))
    assert co.contributions["parties"] > 0
    d = co.to_dict()["parties"]
    assert d["sentences"][0]["sentence_id"] == 0


def test_conflict_with_one_actor_gives_no_parties_weight(frames_of):
    _, fr = frames_of("Germany rejected the proposal and the dispute is expected to drag on.")
    co = fr.get("generic", "conflict")
    assert co.evidence
    assert co.parties == {"min_actors": 2, "weight": 0.0, "sentences": []}
    assert co.contributions["parties"] == 0.0
    # only the frames that define `parties` report it
    assert fr.get("generic", "economic").parties is None


def test_sports_metaphor_war_is_not_conflict(frames_of):
    res, fr = frames_of("The Lakers went to war on the court last night, and the team's battle with the "
                        "Celtics thrilled the fans.")
    assert "conflict" not in _sentence_generic(fr)
    assert not fr.get("generic", "conflict").present
    assert "security_defense" not in _sentence_policy(fr)


def test_war_alone_is_only_half_a_cue(frames_of):
    _, fr = frames_of("The film is set during a long war.")
    assert "conflict" not in _sentence_generic(fr)
    assert fr.get("generic", "conflict").weight == 0.5


def test_neutral_sentence_carries_no_frame(frames_of):
    _, fr = frames_of("The museum opens at nine o'clock on weekdays.")
    assert _sentence_generic(fr) == [] and _sentence_policy(fr) == []
    assert fr.present("generic") == [] and fr.present("policy") == []


def test_wage_as_verb_is_not_money(frames_of):
    _, fr = frames_of("The rebels wage a campaign in the hills.")
    assert fr.get("generic", "economic").weight == 0.0


def _item_cues(fr, frame, item):
    return [(c.text, c.source) for h in fr.get("generic", frame).evidence if h.item == item for c in h.cues]


def test_collective_actor_with_modal_is_ability_to_act(frames_of):
    _, fr = frames_of("Officials could reopen the bridge by spring.")
    assert _item_cues(fr, "responsibility", "AR1") == [("Officials could", "pattern")]
    assert fr.get("generic", "responsibility").items["AR1"] == 0.5      # AR1 is a weak item


def test_actor_without_modal_is_not_ability_to_act(frames_of):
    _, fr = frames_of("Officials said the bridge was closed on Tuesday.")
    assert _item_cues(fr, "responsibility", "AR1") == []


@pytest.mark.parametrize("sentence", [
    "Officials said the storm will hit the coast on Friday.",          # modal belongs to another clause
    "Business leaders lacked the political will to change course.",    # "will" as a noun
    "Officials met Will Smith at the premiere.",                        # "Will" as a name
    "Officials from the port, who spoke for an hour, could not be reached.",  # gap crosses a comma
])
def test_modal_elsewhere_is_not_ability_to_act(frames_of, sentence):
    _, fr = frames_of(sentence)
    assert _item_cues(fr, "responsibility", "AR1") == []


@pytest.mark.parametrize("sentence", [
    "The family moved to Canada last year.",
    "In a call on Monday the two friends talked about football.",
    "The children walked down the steps to the river.",
])
def test_everyday_phrases_are_not_solutions(frames_of, sentence):
    _, fr = frames_of(sentence)
    assert _item_cues(fr, "responsibility", "AR3") == []


def test_governmental_cue_is_not_counted_twice_by_the_pattern(frames_of):
    _, fr = frames_of("The government could reopen the bridge by spring.")
    assert _item_cues(fr, "responsibility", "AR1") == [("government", "lexicon")]


def test_announced_intention_and_demanded_action_are_solutions(frames_of):
    _, fr = frames_of("The library intends to open on Sundays.")
    assert _item_cues(fr, "responsibility", "AR3") == [("intends to", "pattern")]
    _, fr = frames_of("Parents called on the school to step up patrols.")
    assert _item_cues(fr, "responsibility", "AR3") == [("called on", "lexicon"), ("step up", "lexicon")]


# ----------------------------------------------------------------- policy frames

POLICY_CASES = {
    "economic": "Inflation pushed food prices higher, and the central bank raised interest rates again.",
    "legality": "The Supreme Court ruled the statute unconstitutional after a lengthy lawsuit.",
    "crime_punishment": "Police arrested two men and prosecutors charged them with robbery and fraud.",
    "security_defense": "The army moved troops and missiles to the border amid fears of an invasion.",
    "health_safety": "Hospitals reported a surge in patients with the virus, and doctors urged vaccination.",
    "public_opinion": "A new poll found that most respondents distrust the plan, and protests spread.",
    "political": "The senator launched her presidential campaign, courting Republican voters before the election.",
    "cultural_identity": "Indigenous elders said the festival preserves their language, traditions and heritage.",
    "fairness_equality": "Critics said the rules discriminate against women and deepen inequality.",
    "external_regulation": "The foreign minister met allies to strengthen the partnership and discuss diplomacy.",
}


@pytest.mark.parametrize("frame", sorted(POLICY_CASES))
def test_policy_frame_is_the_top_frame_of_its_sentence(frames_of, frame):
    res, fr = frames_of(POLICY_CASES[frame])
    assert frame in _sentence_policy(fr)
    top = max(fr.ranked("policy"), key=lambda f: (f.weight, -f.rank))
    assert top.frame == frame, [(f.frame, f.weight) for f in fr.ranked("policy")[:3]]
    # present under the fixed rule; the SemEval calibration is fitted on whole articles
    assert detect_frames(res, calibration={}).get("policy", frame).present


def test_policy_codebook_has_all_frames():
    policy = default_codebooks()[1]
    codes = sorted(fd.code for fd in policy.frames)
    assert codes == list(range(1, 16))
    assert all(fd.definition for fd in policy.frames)


def test_generic_codebook_has_the_20_indicator_questions():
    generic = default_codebooks()[0]
    counts = {fd.key: len(fd.items) for fd in generic.frames}
    assert counts == {"conflict": 4, "human_interest": 5, "economic": 3, "morality": 3, "responsibility": 5}
    assert all(it.question.endswith("?") for fd in generic.frames for it in fd.items)


# ----------------------------------------------------------------- article level

ARTICLE = (
    "Budget row deepens\n\n"
    "Finance Minister Ana Ruiz accused the Liberal Party of blocking the budget on Tuesday. "
    "The Liberal Party rejected the claim and said the plan would cost taxpayers $4 billion. "
    "Economists warned that the dispute between Ruiz and the Liberal Party could hurt growth and jobs. "
    "\"We will not back down,\" Ruiz said.\n"
)
# The same row between unnamed parties: the conflict cues are all there, but no sentence names
# two actors, so the `parties` feature adds nothing.
ARTICLE_UNNAMED = (
    "Budget row deepens\n\n"
    "The finance minister accused the opposition of blocking the budget on Tuesday. "
    "Opposition leaders rejected the claim and said the plan would cost taxpayers $4 billion. "
    "Economists warned that the dispute could hurt growth and jobs. "
    "\"We will not back down,\" the minister said.\n"
)


def test_article_level_calls_carry_evidence_and_offsets(frames_of):
    res, fr = frames_of(ARTICLE)
    assert "conflict" in fr.present("generic")
    eco = fr.get("generic", "economic")   # calibrated on long articles: evidence, maybe not "present"
    assert eco.items["EC2"] >= 1.0 and eco.sentence_ids == [0, 1, 2]   # budget; cost, $4 billion; growth, jobs
    assert "morality" not in fr.present("generic")   # no moral cue: learned words alone do not call it
    for f in fr.frames:
        if f.present:   # cue sentences, or (policy word model, chosen by train CV) learned words at offsets
            assert (f.evidence and f.sentence_ids) or (f.codebook == "policy" and f.words)
        for w in f.words or []:
            assert w["offsets"] and all(res.article.text[a:b].lower() == w["word"] for a, b in w["offsets"])
        assert 0.0 <= f.score <= 1.0 and 0.0 <= f.share <= 1.0
        for h in f.evidence:
            assert h.cues
            for c in h.cues:
                assert res.article.text[c.start:c.end] == c.text
    conflict = fr.get("generic", "conflict")
    assert conflict.contributions and conflict.score >= conflict.threshold
    assert [s["sentence_id"] for s in conflict.parties["sentences"]] == [0, 2]


def test_named_parties_raise_the_conflict_score(frames_of):
    _, named = frames_of(ARTICLE)
    _, unnamed = frames_of(ARTICLE_UNNAMED)
    co_named, co_unnamed = named.get("generic", "conflict"), unnamed.get("generic", "conflict")
    assert co_unnamed.sentence_ids == [0, 1, 2] and co_unnamed.parties["weight"] == 0
    assert co_named.parties["weight"] > 0
    assert co_named.score > co_unnamed.score


def test_output_is_deterministic_and_json_native(analyze_text):
    a = detect_frames(analyze_text(ARTICLE)).to_dict()
    b = detect_frames(analyze_text(ARTICLE)).to_dict()
    assert json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False)
    assert json.loads(json.dumps(a)) == a


def test_tables(frames_of):
    _, fr = frames_of(ARTICLE)
    t = fr.tables()
    frames = t["frames"]
    assert len(frames) == 5 + 15
    assert set(frames["codebook"]) == {"generic", "policy"}
    ev = t["frame_evidence"]
    assert list(ev.columns[:3]) == ["codebook", "frame", "sentence_id"]
    assert (ev["cues"].str.len() > 0).all()
    row = ev[(ev.codebook == "generic") & (ev.frame == "economic")]
    assert "$4 billion" in " ".join(row["cues"]) or "cost" in " ".join(row["cues"])
    assert list(t["sentences"].columns) == ["sentence_id", "frames_generic", "frames_policy"]


def test_frames_section_follows_schema(frames_of):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource

    from analysis.schema import schema_documents

    docs = schema_documents()
    registry = Registry().with_resources((u, Resource.from_contents(d)) for u, d in docs.items())
    _, fr = frames_of(ARTICLE)
    jsonschema.Draft202012Validator(docs["urn:media-analysis:frames"], registry=registry).validate(fr.to_dict())


@pytest.mark.parametrize("text", [
    "He said \"this is unbalanced. And the war goes on.",
    "\u200b\u00a0Odd\u2028unicode \U0001F600 text about taxes.",
    "No.",
])
def test_odd_input_does_not_crash(analyze_text, text):
    fr = detect_frames(analyze_text(text))
    assert isinstance(fr.to_dict(), dict)


def test_calibration_is_packaged_and_complete():
    cal = load_calibration()
    frames = cal["generic"]["frames"]
    assert sorted(frames) == ["conflict", "economic", "human_interest", "morality", "responsibility"]
    assert "train" in cal["fitted_on"]
    for c in frames.values():
        # cues only ever add evidence (the length feature may count either way)
        assert all(w >= 0 for name, w in c["weights"].items() if name != "length")
        assert 0.0 < c["threshold"] < 1.0
    assert frames["conflict"]["weights"]["parties"] >= 0
    assert all("parties" not in c["weights"] for k, c in frames.items() if k != "conflict")
    assert all({"share", "length"} <= set(c["weights"]) for c in frames.values())



def test_calibration_without_parties_weight_scores_without_the_feature(frames_of):
    """A calibration fitted before (or without) the parties feature still scores conflict, on the
    features it was fitted on, and reports no parties contribution."""
    import copy

    res, fr = frames_of("Germany and Russia clashed over the pipeline deal on Monday.")
    cal = copy.deepcopy(load_calibration())
    del cal["generic"]["frames"]["conflict"]["weights"]["parties"]
    co_old = detect_frames(res, calibration=cal).get("generic", "conflict")
    co_new = fr.get("generic", "conflict")
    assert "parties" not in co_old.contributions and co_new.contributions["parties"] > 0
    assert co_old.parties["weight"] == co_new.parties["weight"] > 0   # evidence is still reported
    assert co_old.score < co_new.score


@pytest.mark.parametrize("bad", ["1", "two", "2.5", "true"])
def test_parties_min_actors_must_be_an_integer_of_at_least_two(tmp_path, bad):
    from analysis.framing import load_codebook

    path = tmp_path / "cb.yaml"
    path.write_text("frames:\n  conflict:\n    label: Conflict\n    parties:\n      min_actors: " + bad
                    + "\n    cues: [dispute]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="min_actors"):
        load_codebook("generic", path)


def test_fit_calibration_puts_the_parties_column_into_the_parties_weight():
    """Synthetic data where only the parties column predicts the label: the fit must give that
    named feature the weight and leave the item weights near zero."""
    import random

    from analysis.training.frames import fit_calibration

    rng = random.Random(0)
    rows, labels = [], []
    for k in range(200):
        y = k % 2 == 0
        rows.append({"CO1": rng.random(), "CO2": rng.random(), "parties": (1.5 if y else 0.0) + 0.2 * rng.random(),
                     "share": 0.3, "length": 3.0})
        labels.append({"CO": y})
    meta = {"fitted_on": "synthetic", "created_by": "test", "codes": {"conflict": "CO"}}
    c = fit_calibration({"conflict": rows}, labels, meta)["generic"]["frames"]["conflict"]
    assert c["weights"]["parties"] > 5 * max(c["weights"]["CO1"], c["weights"]["CO2"])
    assert c["train_cv_f1"] >= 0.98   # separable data: the out-of-fold threshold is near-perfect
    without = [{k: v for k, v in r.items() if k != "parties"} for r in rows]
    assert "parties" not in fit_calibration({"conflict": without}, labels, meta)["generic"]["frames"]["conflict"]["weights"]


def test_cue_only_threshold_is_the_median_over_shuffled_splits():
    """The cue-only threshold is the median of the F1-optimal thresholds of THRESHOLD_REPS shuffled
    5-fold splits (not one split's threshold), the splits disagreeing on noisy data."""
    import numpy as np

    from analysis.training import frames as tf

    rng = np.random.RandomState(3)
    y = (rng.random_sample(150) < 0.4).astype(float)
    X = np.column_stack([y * 0.8 + rng.random_sample(150), rng.random_sample(150)])
    nonneg = np.array([True, True])
    _, _, t, f = tf.fit_with_threshold(X, y, nonneg)
    per = []
    for r in range(tf.THRESHOLD_REPS):
        folds = np.empty(150, dtype=int)
        folds[np.random.RandomState(tf.THRESHOLD_SEED + r).permutation(150)] = np.arange(150) % 5
        per.append(tf._best_threshold(tf._oof_probs(X, y, nonneg, folds), y))
    assert tf.THRESHOLD_REPS >= 3 and len(set(np.round(per, 6))) > 1   # the splits disagree
    assert t == float(np.median(per)) and min(per) <= t <= max(per)
    assert 0.5 < f <= 1.0


def test_scoring_and_fitting_share_the_feature_names(seed):
    """Every feature frame_features gives has a fitted weight, and every frame call reports each
    feature's contribution to the log-odds by that name (a learned-word frame also the words' sum)."""
    from analysis.frame_structure import features as structure_features
    from analysis.framing import frame_features

    cal = load_calibration()["generic"]["frames"]
    forms = {fd.key: fd.structure for fd in default_codebooks()[0].frames}
    for f in seed.frames.ranked("generic"):
        names = list(frame_features(list(f.items), f.items, f.share, seed.frames.n_sentences,
                                    None if f.parties is None else f.parties["weight"],
                                    structure=structure_features(f.structure or {}, forms[f.frame],
                                                                 seed.frames.n_sentences)))
        # structural indicator features the nested train CV did not choose have no weight
        dropped = set((cal[f.frame].get("structure") or {}).get("candidates", [])) - set(
            (cal[f.frame].get("structure") or {}).get("chosen", []))
        assert set(names) - dropped == set(cal[f.frame]["weights"])
        learned = cal[f.frame].get("model") == "words"
        assert set(f.contributions) <= set(names) | ({"words"} if learned else set())
        assert ("words" in f.contributions) == learned


# ----------------------------------------------------------------- contested labels

CONTESTED = ("Kremlin defends offensive\n\n"
             "Russian troops pressed on with the invasion of Ukraine on Monday, the fourth year of the war. "
             "\"The special military operation is going to plan,\" Russian President Vladimir Putin said.\n")


def test_contested_label_narrator_vs_quoted(frames_of):
    res, fr = frames_of(CONTESTED)
    found = {c.id: c for c in fr.contested}
    assert "russia-ukraine-war" in found
    variants = {v.label: v for v in found["russia-ukraine-war"].variants}
    war = variants["war / invasion"]
    assert [u.text for u in war.uses] == ["invasion", "war"] and war.users == ["narrator"]
    smo = variants["special military operation"]
    assert [u.voice for u in smo.uses] == ["quoted"]
    assert res.article.text[smo.uses[0].start:smo.uses[0].end] == "special military operation"
    if res.attributions is not None:
        assert smo.users == ["Vladimir Putin"]


def test_world_war_is_not_the_same_war(analyze_text):
    res = analyze_text("Veterans of World War II marched in Moscow as the Kremlin praised the "
                       "\"special military operation\" in Ukraine.")
    assert detect_contested(res.article, res.voice.index()) == []


def test_labels_are_user_extendable(tmp_path, analyze_text):
    extra = tmp_path / "labels.yaml"
    extra.write_text("labels:\n  - id: test-tax\n    event: a levy\n    source: test\n    variants:\n"
                     "      - {label: sugar tax, terms: ['sugar tax']}\n"
                     "      - {label: health levy, terms: ['health levy']}\n", encoding="utf-8")
    res = analyze_text("Ministers call it a health levy. Critics call it a sugar tax.")
    fams = load_labels([extra])
    found = [c for c in detect_contested(res.article, SpanIndex([]), fams) if c.id == "test-tax"]
    assert len(found) == 1
    assert [v.label for v in found[0].variants] == ["sugar tax", "health levy"]
    assert [v.uses[0].sentence_id for v in found[0].variants] == [1, 0]


# ----------------------------------------------------------------- the seed article

def test_seed_frames(seed):
    fr = detect_frames(seed)
    generic = fr.ranked("generic")
    assert generic[0].frame == "conflict" and generic[0].present
    hi, ec = fr.get("generic", "human_interest"), fr.get("generic", "economic")
    assert not hi.present and hi.score < generic[0].score
    assert ec.score < generic[0].score
    policy = fr.ranked("policy")
    assert policy[0].frame == "security_defense"
    present = fr.present("policy")
    assert "external_regulation" in present
    # Legality rests on the "sanctions" cues: the evidence stays listed, but the fitted policy model
    # (SemEval train) scores it below its threshold here, so it is only called under the fixed rule.
    legality = fr.get("policy", "legality")
    assert legality.present or (legality.evidence and legality.score < legality.threshold)
    ext_cues = {c.text.lower() for h in fr.get("policy", "external_regulation").evidence for c in h.cues}
    assert {"allies", "partnership"} <= ext_cues
    legal_cues = {c.text.lower() for h in fr.get("policy", "legality").evidence for c in h.cues}
    assert "sanctions" in legal_cues
    eco = fr.get("policy", "economic")
    assert not eco.present and eco.rank > 3
    # contested label: the narrator's war/invasion vs the quoted "special military operations"
    (finding,) = [c for c in fr.contested if c.id == "russia-ukraine-war"]
    variants = {v.label: v for v in finding.variants}
    assert variants["war / invasion"].users == ["narrator"]
    assert {u.text for u in variants["war / invasion"].uses} == {"war", "invasion"}
    smo = variants["special military operation"]
    assert [u.text for u in smo.uses] == ["special military operations"] and smo.uses[0].voice == "quoted"
    if seed.attributions is not None:
        assert smo.users == ["Vladimir Putin"]


def test_indirect_speech_wording_is_the_narrators(analyze_text):
    from analysis.spans import ContentSpan

    res = analyze_text("Officials in Moscow said the special military operation would continue. "
                       "Kyiv called it an invasion.")
    text = res.article.text
    a = text.index("the special")
    spans = [ContentSpan(a, text.index(" would") + len(" would continue"), "Kremlin official", 1, "indirect")]
    (finding,) = [c for c in detect_contested(res.article, SpanIndex(spans)) if c.id == "russia-ukraine-war"]
    smo = {v.label: v for v in finding.variants}["special military operation"].uses[0]
    assert (smo.user, smo.voice, smo.speaker) == ("narrator", "reported", "Kremlin official")
    direct = [ContentSpan(a, a + 40, "Kremlin official", 1, "direct")]
    (finding,) = [c for c in detect_contested(res.article, SpanIndex(direct)) if c.id == "russia-ukraine-war"]
    smo = {v.label: v for v in finding.variants}["special military operation"].uses[0]
    assert (smo.user, smo.voice) == ("Kremlin official", "quoted")


# ----------------------------------------------------------------- cues never inside names, negated cues

def _lexicon_cues(fr) -> set[tuple[str, str]]:
    return {(f.frame, c.text) for f in fr.frames for h in f.evidence for c in h.cues if c.source == "lexicon"}


@pytest.mark.parametrize("text, word, frames", [
    ("Bill Clinton spoke at the rally in Ohio on Tuesday.", "Bill", {"policy_prescription", "economic"}),
    ("Kim Jong Un met envoys in Pyongyang on Tuesday.", "Un", {"external_regulation", "responsibility"}),
    ("The interview appeared in Vanity Fair last month.", "Fair", {"fairness_equality", "morality"}),
    ("The Department of Justice opened an inquiry into the company on Monday.", "Justice",
     {"fairness_equality", "morality"}),
    ("He wrote the book Invasion Of The Body Snatchers Revisited years ago.", "Invasion",
     {"security_defense", "conflict"}),
    ("Follow @FairVote and #Justice for updates on the vote.", "Justice", {"fairness_equality", "morality"}),
])
def test_a_cue_word_inside_a_name_is_not_a_cue(frames_of, text, word, frames):
    _, fr = frames_of(text)
    cues = _lexicon_cues(fr)
    assert not {(f, w) for f, w in cues if w == word}, cues
    # The name's word calls nothing: the frames it could suggest are called (from other cues, e.g.
    # "envoys") exactly as when the word is replaced by a word without meaning.
    _, other = frames_of(text.replace(word, "Zqx"))
    called = {f.frame for f in fr.frames if f.present and f.frame in frames}
    assert called == {f.frame for f in other.frames if f.present and f.frame in frames}
    # every call shows what carries it: cue evidence, or (policy word model) learned words at offsets
    assert all(f.evidence or f.words for f in fr.frames if f.present and f.frame in frames)


@pytest.mark.parametrize("text, frame, word", [
    ("The Liberals conspired with the press to pass the act.", "political", "Liberals"),
    ("The Democrats and the voters forgot to check his record.", "political", "Democrats"),
])
def test_a_sentence_initial_determiner_does_not_make_a_name(frames_of, text, frame, word):
    """'The' capitalised at the start of a sentence does not turn the next cue into a Title-Case
    name (FrAC sentences 108 and 140 lost their political cue that way)."""
    assert (frame, word) in _lexicon_cues(frames_of(text)[1])


def test_a_renamed_person_does_not_change_the_frames(frames_of):
    """The issue's example: 'Bill Clinton' and 'William Clinton' give the same frame evidence."""
    a = _lexicon_cues(frames_of("Bill Clinton defended the health care plan in Ohio.")[1])
    b = _lexicon_cues(frames_of("William Clinton defended the health care plan in Ohio.")[1])
    assert a == b and ("policy_prescription", "plan") in a


def test_a_name_the_codebook_lists_still_counts(frames_of):
    """A cue that covers the whole name ("Congress") is the codebook naming it: it counts."""
    _, fr = frames_of("Congress passed the bill on Friday.")
    assert ("responsibility", "Congress") in _lexicon_cues(fr)


@pytest.mark.parametrize("text, word", [
    ("No one was injured in the attack on Tuesday.", "injured"),
    ("Nobody was injured in the attack.", "injured"),
    ("The minister did not accuse the opposition of lying.", "accuse"),
    ("There were no protests in the city.", "protests"),
    ("The plan was not controversial.", "controversial"),
])
def test_a_negated_cue_does_not_count(frames_of, text, word):
    _, fr = frames_of(text)
    assert word not in {w for _, w in _lexicon_cues(fr)}


def test_the_same_cue_not_negated_counts(frames_of):
    _, fr = frames_of("Two people were injured in the attack on Tuesday.")
    assert ("health_safety", "injured") in _lexicon_cues(fr)


NAMED_ARTICLES = [
    "Bill Clinton and Hillary Clinton met Kim Jong Un's envoy at the Department of Justice.\n\n"
    "Vanity Fair reported that the Supreme Court will rule on the tax bill. "
    "The Justice Department said the trade deal would cost jobs, and critics protested outside Fox News.",
    "Senator Elizabeth Warren criticised Goldman Sachs over the crisis.\n\nThe Fair Labor Standards Act "
    "was cited by the Economic Policy Institute, while Amnesty International warned of abuses.",
]


def test_no_cue_match_inside_a_named_entity(seed, analyze_text):
    """Over the seed and constructed articles: no lexicon cue lies partly inside a PERSON, ORG,
    WORK_OF_ART or PRODUCT entity (a cue covering the whole entity is the codebook naming it)."""
    from analysis.framing import NAME_LABELS

    checked = 0
    for res in [seed] + [analyze_text(t) for t in NAMED_ARTICLES]:
        ents = [(e.start_char, e.end_char, e) for e in res.require("parse").doc.ents if e.label_ in NAME_LABELS]
        for f in res.frames.frames:
            for c in (c for h in f.evidence for c in h.cues if c.source == "lexicon"):
                checked += 1
                for a, b, e in ents:
                    inner = e[1].idx if e[0].lower_ == "the" and len(e) > 1 else a
                    if c.start < b and a < c.end:
                        assert c.start <= inner and b <= c.end, (c.text, e.text, e.label_)
    assert checked > 50


# ----------------------------------------------------------------- reliability shipped with the outputs

def test_a_frame_marked_unreliable_is_left_out_of_the_headline_findings(seed, monkeypatch):
    """Conflict leads the seed; measured not above its baseline, it is marked and left out of the
    headline (JSON `leading`, the summary), while its call and evidence stay in the outputs."""
    import analysis.framing as framing
    from analysis.summary import leading_frames

    row = {"output": "generic frame", "name": "generic:conflict", "precision": 0.4, "recall": 0.9, "f1": 0.55,
           "baseline": "always-yes", "baseline_f1": 0.6, "reliable": False, "dataset": "test", "date": "2026-01-01"}
    ok = dict(row, name="policy:security_defense", output="policy frame", precision=0.81, f1=0.7, reliable=True)
    monkeypatch.setattr(framing, "_reliability_rows",
                        lambda: {(r["output"], r["name"]): r for r in (row, ok)})
    fr = detect_frames(seed)
    monkeypatch.setitem(seed.results, "framing", fr)
    d = fr.to_dict()["codebooks"]
    assert fr.get("generic", "conflict").present and not fr.get("generic", "conflict").reliable
    assert "conflict" not in d["generic"]["leading"] and d["generic"]["not_reliable"] == ["conflict"]
    assert d["policy"]["leading"][0] == "security_defense"
    sd = next(f for f in d["policy"]["frames"] if f["frame"] == "security_defense")
    assert sd["reliability"]["precision"] == 0.81 and sd["reliability"]["reliable"] is True
    text = leading_frames(seed).text
    assert "Conflict" not in text and "Security and defense" in text and "measured precision 0.81" in text
    table = fr.tables()["frames"].set_index(["codebook", "frame"])
    assert not table.loc[("generic", "conflict"), "reliable"]
    assert table.loc[("policy", "security_defense"), "precision"] == 0.81


def test_the_reliability_table_replaces_only_its_own_rows(tmp_path, monkeypatch):
    """An evaluation command's rows replace the rows of the same outputs; a row is reliable
    only when its F1 is above the baseline's."""
    from analysis.evaluate import reliability

    monkeypatch.setattr(reliability, "data_path", lambda name: tmp_path / name)
    reliability.write([reliability.row("generic frame", "generic:conflict", (0.8, 0.9, 0.85), "always-yes", 0.82,
                                       "NFC dev", 59),
                       reliability.row("generic frame", "generic:morality", (0.2, 0.2, 0.2), "always-yes", 0.23,
                                       "NFC dev", 11)])
    reliability.write([reliability.row("policy frame", "policy:economic", (1.0, 0.2, 0.333), "always-yes", 0.149,
                                       "SemEval dev", 5),
                       reliability.row("generic frame", "generic:conflict", (0.7, 0.9, 0.79), "always-yes", 0.82,
                                       "NFC dev", 59)])
    rows = {(r["output"], r["name"]): r for r in json.loads((tmp_path / "reliability.json").read_text())["rows"]}
    assert len(rows) == 3
    assert rows[("generic frame", "generic:conflict")]["f1"] == 0.79
    assert not rows[("generic frame", "generic:conflict")]["reliable"]
    assert not rows[("generic frame", "generic:morality")]["reliable"]
    assert rows[("policy frame", "policy:economic")]["reliable"]


def test_article_features_name_every_frame_and_length():
    import math

    from analysis.framing import article_features

    x = article_features({"economic": ({"policy:economic": 1.0}, 0.25, 0.0),
                          "morality": ({"policy:morality": 0.0}, 0.0, 2.0)}, 9)
    assert x == {"policy:economic": math.log1p(1.0), "economic.lead": 0.0, "economic.share": 0.25,
                 "policy:morality": 0.0, "morality.lead": math.log1p(2.0), "morality.share": 0.0,
                 "length": math.log1p(9)}


def test_policy_calls_show_cue_sentences_learned_words_and_evidence_order(seed):
    """Under the word model every present policy frame lists its cue evidence (with offsets) and the
    learned words that raised its score, each at offsets holding that word; present frames are
    ranked by their cue weight; the seed's leading frames rest on cue sentences."""
    fr = detect_frames(seed)
    if (seed.frames.codebooks["policy"]["calibration"] or "").startswith("fixed"):
        pytest.skip("no fitted policy calibration")
    text = seed.article.text
    present = [f for f in fr.ranked("policy") if f.present]
    assert present and all(f.evidence for f in present)
    assert all(f.sentence_ids for f in present[:2])
    for f in present:
        assert f.words, f.frame
        for w in f.words:
            assert w["contribution"] > 0 and w["offsets"]
            assert all(text[a:b].lower() == w["word"] for a, b in w["offsets"])
    weights = [f.weight for f in present]
    assert weights == sorted(weights, reverse=True)
    assert [f.rank for f in present] == list(range(1, len(present) + 1))


def test_top_policy_frame_breaks_a_capped_tie_by_the_uncapped_cue_weight():
    """FrAC's fixed rule: the most cue weight wins; on a tie of the capped weight the frame with
    more cue weight before the cap wins, and only then codebook order."""
    from types import SimpleNamespace as NS

    from analysis.evaluate.framing import top_policy_frame
    from analysis.framing import default_codebooks

    cb = default_codebooks()[1]

    def frames(weights):
        def get(_, key):
            w, raw = weights.get(key, (0.0, 0.0))
            return NS(weight=w, evidence=[NS(cues=[NS(weight=raw)])] if w else [])
        return NS(get=get)

    # morality comes first in the codebook; political has three full cues under the same cap
    assert top_policy_frame(frames({"morality": (2.0, 2.0), "political": (2.0, 3.0)}), cb) == ("political", 6)
    assert top_policy_frame(frames({"morality": (2.0, 2.0), "political": (2.0, 2.0)}), cb) == ("morality", 3)
    assert top_policy_frame(frames({"morality": (1.0, 1.0), "political": (2.0, 2.0)}), cb) == ("political", 6)
    assert top_policy_frame(frames({}), cb) == (None, 15)


NAME_ONLY_TEXT = "Bill Clinton told Vanity Fair about the Department of Justice."
NAME_WORDS = {"bill", "clinton", "vanity", "fair", "department", "justice"}


def test_learned_words_never_read_inside_names(frames_of):
    """Issue 14: the learned words obey the cues' rule: a text whose only policy-word evidence lies
    inside names (a person, a magazine, a ministry) gets no policy frame, and no listed word lies
    inside a name."""
    _, fr = frames_of(NAME_ONLY_TEXT)
    names = fr.name_spans
    for n in ("Bill Clinton", "Vanity Fair", "Department of Justice"):
        i = NAME_ONLY_TEXT.index(n)
        assert any(a <= i and i + len(n) <= b for a, b in names), (n, names)
    policy = [f for f in fr.frames if f.codebook == "policy"]
    assert not [f.frame for f in policy if f.present]
    for f in policy:
        for w in f.words or []:
            assert w["word"] not in NAME_WORDS, (f.frame, w)
            assert not any(a < e and s < b for s, e in w["offsets"] for a, b in names), (f.frame, w)


def test_mask_names_blanks_names_and_keeps_offsets():
    from analysis.frame_words import mask_names, tfidf, word_count

    text = "Vanity Fair ran a story on tax fraud."
    masked = mask_names(text, [(0, 11)])
    assert len(masked) == len(text) and masked[12:] == text[12:] and not masked[:11].strip()
    assert word_count(masked) == 5 and word_count(text) == 7
    assert set(tfidf(masked, {"fair": 1.0, "tax": 2.0})) == {"tax"}


def test_a_one_line_text_gets_no_word_only_policy_call(frames_of):
    """A call on learned words alone needs the article to have `min_words` words outside names
    (train CV ties, the more evidence is kept): a one-liner is called only where cues carry it."""
    least = load_calibration()["policy"]["min_words"]
    assert least >= 30
    _, fr = frames_of("The interview appeared in Vanity Fair last month.")
    policy = [f for f in fr.frames if f.codebook == "policy"]
    assert any(f.words for f in policy)          # the words still score and are listed
    assert all(f.evidence for f in policy if f.present)
