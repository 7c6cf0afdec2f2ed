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
