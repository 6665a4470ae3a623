"""Ingestion: turn files, directories and stdin into clean :class:`Article` objects.

Nothing here touches the network; every input is read with a size cap and decoded defensively.
"""

from kg.ingest.article import Article, InputRef, Published
from kg.ingest.files import Skip, iter_inputs
from kg.ingest.reader import read_input, read_text

__all__ = ["Article", "InputRef", "Published", "Skip", "iter_inputs", "read_input", "read_text"]
