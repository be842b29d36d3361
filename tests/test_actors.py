"""Actors: alias table, NER, person-name resolution, affiliation."""
from __future__ import annotations

from analysis import analyze


def by_name(result):
    return {a.name: a for a in result.actors}


def test_seed_actor_aliases(seed):
    actors = by_name(seed)
    russia = {m.text for m in actors["Russia"].mentions}
    assert {"Moscow", "the Kremlin", "Russian", "Russia"} <= russia
    nk = {m.text for m in actors["North Korea"].mentions}
    assert {"the North", "The North", "Pyongyang", "DPRK", "North Korea"} <= nk
    assert actors["Western countries"].mentions[0].text == "the West"
    assert actors["United States"].mention_count == 2


def test_seed_people_resolved_and_affiliated(seed):
    actors = by_name(seed)
    putin = actors["Vladimir Putin"]
    assert putin.type == "person" and putin.affiliation == "Russia"
    assert putin.mention_count == 8
    assert {m.method for m in putin.mentions} == {"alias", "name-resolution"}
    kim = actors["Kim Jong Un"]
    assert [m.text for m in kim.mentions] == ["Kim Jong Un", "Kim"]
    assert actors["Russian TV"].type == "media" and actors["Russian TV"].affiliation == "Russia"


def test_pronouns_are_not_actors(seed):
    names = {a.name.lower() for a in seed.actors}
    assert not names & {"he", "she", "they", "his", "it"}
    for actor in seed.actors:
        for m in actor.mentions:
            assert seed.article.text[m.start:m.end] == m.text


def test_unknown_people_get_affiliation_from_title(nlp):
    text = ("Brazilian Finance Minister Carla Mendes met bankers on Monday. "
            "Mendes said rates would fall. Officials in Brazil agreed.\n")
    result = analyze(text, nlp=nlp)
    actors = by_name(result)
    assert actors["Carla Mendes"].affiliation == "Brazil"
    assert [m.text for m in actors["Carla Mendes"].mentions] == ["Carla Mendes", "Mendes"]


def test_context_alias_needs_full_name(nlp):
    # "the North" without North Korea in the article is not North Korea.
    result = analyze("Storms hit the North on Monday. Roads were closed.\n", nlp=nlp)
    assert "North Korea" not in by_name(result)


def test_user_alias_file_extends_table(tmp_path, nlp):
    extra = tmp_path / "mine.yaml"
    extra.write_text("actors:\n  - {name: Acme Corporation, type: organisation, affiliation: Acme,"
                     " aliases: [Acme, the Acme group]}\n", encoding="utf-8")
    result = analyze("The Acme group said profits rose. Acme will hire staff.\n", nlp=nlp, aliases=[extra])
    acme = by_name(result)["Acme Corporation"]
    assert acme.mention_count == 2 and acme.affiliation == "Acme"
