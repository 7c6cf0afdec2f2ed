from __future__ import annotations

from procopius.readers import iter_documents
from procopius.samples import example_paths


def _example_paragraphs() -> list[str]:
    from procopius.nlp import paragraphs

    doc = next(iter(iter_documents([str(example_paths()[0])])))
    return [doc.text[s:e] for s, e in paragraphs(doc)]


def _reading(sdocs: object) -> list[tuple[str, str, str, int, str, str]]:
    return [
        (t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
        for sdoc in sdocs  # type: ignore[attr-defined]
        for t in sdoc
    ]


def test_model_multiplies_with_numpy_on_one_blas_thread() -> None:
    from threadpoolctl import threadpool_info

    from procopius.nlp import load_model

    nlp = load_model()
    layers = [layer for _, pipe in nlp.pipeline for layer in pipe.model.walk()]
    assert layers
    assert all(getattr(layer.ops, "use_blis", True) is False for layer in layers)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_numpy_products_give_the_same_parses_as_blis() -> None:
    import spacy

    from procopius.nlp import DEFAULT_MODEL, load_model

    texts = _example_paragraphs()
    assert texts
    with_blis = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "attribute_ruler"])
    assert any(
        getattr(layer.ops, "use_blis", False)
        for _, p in with_blis.pipeline
        for layer in p.model.walk()
    )
    ours = load_model()
    assert _reading(ours.pipe(texts)) == _reading(with_blis.pipe(texts))


def test_stepping_from_python_gives_spacys_parses(monkeypatch) -> None:
    import procopius.nlp as nlp_module
    from procopius.nlp import load_model, pipe

    texts = [*_example_paragraphs(), "", "   ", "Rebels attacked the town."]
    nlp = load_model()
    calls: list[int] = []
    steps = nlp_module.greedy_steps

    def counting(component, docs):  # type: ignore[no-untyped-def]
        calls.append(len(docs))
        return steps(component, docs)

    monkeypatch.setattr(nlp_module, "greedy_steps", counting)
    ours = list(pipe(nlp, texts, batch_size=8))
    assert [d.text for d in ours] == texts
    assert _reading(ours) == _reading(nlp.pipe(texts, batch_size=8))
    # the parser and the entity recogniser both stepped, every sub-batch
    assert sum(calls) == 2 * len(texts)
    assert any(ent.label_ for d in ours for ent in d.ents)
    assert any(t.dep_ == "nsubj" for d in ours for t in d)


def test_entities_of_a_sentence_are_spacys_own() -> None:
    from procopius.nlp import _ents_within, load_model

    nlp = load_model()
    compared = 0
    for sdoc in nlp.pipe(_example_paragraphs()):
        doc_ents = list(sdoc.ents)
        spans = [*sdoc.sents, sdoc[0 : len(sdoc)]]  # a sentence, and a span over several
        for span in spans:
            got = _ents_within(doc_ents, span.start, span.end)
            assert [(e.start, e.end, e.label_) for e in got] == [
                (e.start, e.end, e.label_) for e in span.ents
            ]
            compared += len(got)
    assert compared > 0


def test_converted_tokens_carry_spacys_attributes() -> None:
    from procopius.nlp import _convert, load_model

    nlp = load_model()
    texts = [*_example_paragraphs(), "Rebels attacked the town. Police said 8 died."]
    sdocs = list(nlp.pipe(texts))
    # attributes this model leaves empty, set by hand: a part of speech and a lemma
    sdocs[-1][0].pos_ = "NOUN"
    sdocs[-1][0].lemma_ = "rebel"
    compared = 0
    for text, sdoc in zip(texts, sdocs, strict=True):
        base = 0  # spaCy's index of the sentence's first token
        for sentence in _convert(sdoc, 100, 0, text):
            end = base + len(sentence.tokens)
            for tok in sentence.tokens:
                t = sdoc[base + tok.i]
                assert (tok.text, tok.start, tok.end) == (t.text, 100 + t.idx, 100 + t.idx + len(t))
                assert (tok.tag, tok.pos, tok.dep, tok.ent) == (t.tag_, t.pos_, t.dep_, t.ent_type_)
                assert tok.lemma == (t.lemma_ or t.text.lower())
                inside = base <= t.head.i < end
                assert tok.head == (t.head.i - base if inside else tok.i)
                compared += 1
            base = end
        assert base == len(sdoc)
    assert compared > 100
    rebel = next(_convert(sdocs[-1], 0, 0, texts[-1])).tokens[0]
    assert (rebel.text, rebel.pos, rebel.lemma) == ("Rebels", "NOUN", "rebel")
    assert any(t.head != t.i for s in _convert(sdocs[-1], 0, 0, texts[-1]) for t in s.tokens)


def test_label_check_reads_the_docs_only_when_they_carry_labels() -> None:
    from procopius.nlp import _docs_with_labels, load_model

    nlp = load_model()
    fresh = [nlp.make_doc("Rebels attacked the town."), nlp.make_doc("Police said 8 died.")]
    labelled = nlp("Rebels attacked Goma on Monday.")
    assert any(t.dep_ for t in labelled) and labelled.ents
    for name in ("parser", "ner"):
        component = nlp.get_pipe(name)
        stand_in = _docs_with_labels(component, fresh)
        assert len(stand_in) == 1 and len(stand_in[0]) == 0
        # the empty doc gives spaCy the labels the unlabelled docs give it
        wanted = set().union(*(component.moves.get_doc_labels(d) for d in fresh))
        assert component.moves.get_doc_labels(stand_in[0]) == wanted
        assert _docs_with_labels(component, [*fresh, labelled]) == [*fresh, labelled]
