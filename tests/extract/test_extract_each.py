"""An article that breaks the pipeline fails alone: the rest of its batch is extracted."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.ingest.reader import read_text


def test_an_article_that_breaks_extraction_fails_alone(pack_extractor: Extractor, monkeypatch) -> None:
    articles = [
        read_text(
            f"Fighting in Somalia\n\nThe militants captured Baidoa on day {i}.\n".encode(),
            key=f"a{i}",
            source_name=f"a{i}.txt",
        )
        for i in range(5)
    ]
    real = Extractor.extract_doc

    def breaks_on_a2(self: Extractor, doc, article):
        if article.key == "a2":
            raise KeyError("valley")  # a lexicon gap, as one real article once hit
        return real(self, doc, article)

    monkeypatch.setattr(Extractor, "extract_doc", breaks_on_a2)
    results = list(pack_extractor.extract_each(articles, batch_size=3))
    assert [a.key for a, _ in results] == ["a0", "a1", "a2", "a3", "a4"]
    failed = [a.key for a, x in results if isinstance(x, Exception)]
    assert failed == ["a2"]
    assert all(x.events for a, x in results if a.key != "a2")
