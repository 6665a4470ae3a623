"""This machine's own ceiling for two processes: plain spaCy ``nlp.pipe`` over the same texts in one
process, then split between two running at once (each loads the model first; only the piping is
timed). Two vCPUs that share a physical core, or a busy host, give well under 2x; kg's ``--jobs 2``
cannot do better than that."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path


def _pipe(model: str, texts: list[str], ready, start, out) -> None:
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(texts[:2]))  # warm up
    ready.wait()
    start.wait()
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    out.put(time.perf_counter() - started)


def pipe_seconds(corpus: Path, processes: int) -> float:
    """Wall seconds for ``processes`` processes to pipe the corpus's texts between them."""
    from kg.config import Settings
    from kg.ingest import iter_inputs, read_input

    settings = Settings.from_env()
    texts = [
        read_input(r, max_bytes=settings.max_file_bytes).text for r in iter_inputs([str(corpus)]) if hasattr(r, "path")
    ]
    context = multiprocessing.get_context("spawn")
    ready, start, out = context.Barrier(processes + 1), context.Event(), context.Queue()
    workers = [
        context.Process(target=_pipe, args=(settings.model, texts[i::processes], ready, start, out))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    ready.wait()  # every model loaded
    start.set()
    seconds = max(out.get() for _ in workers)
    for worker in workers:
        worker.join()
    return seconds
