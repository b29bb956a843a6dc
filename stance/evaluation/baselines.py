"""Baselines that a user could reach for instead of the fine-tuned classifier.

Each has ``fit(rows)`` (the corpus train split) and the classifier's ``predict`` signature,
returning :class:`~stance.Prediction` objects, so the harness scores them exactly like the
model. None of them uses dev or test rows.

- ``majority``: the most frequent training label of each head; scores are the training shares.
- ``vader``: the vaderSentiment lexicon. Sentiment: compound >= 0.05 positive, <= -0.05
  negative, else neutral (VADER's own thresholds). Stance: a statement with a condition cue
  ("if", "unless", "provided", "as long as", "on condition", "only when", "in exchange") is
  conditional; otherwise compound <= -0.05 is hostile, else neutral. The lexicon gives no
  probabilities: the chosen label gets score 1.
- ``tfidf``: TF-IDF word 1-2 grams of statement + context, logistic regression (C=4,
  balanced class weights), one per head.
- ``frozen-minilm``: mean-pooled, normalised all-MiniLM-L6-v2 embeddings of the statement
  (the encoder is not trained), logistic regression per head — the SetFit-style head alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from .._types import Prediction, statement_list
from ..errors import InputError, UsageError
from ..labels import NATO_SCHEME
from ..targets import as_target

__all__ = ["BASELINES", "FrozenEncoderBaseline", "MajorityBaseline", "TfidfBaseline", "VaderBaseline", "make_baseline"]

HEADS = NATO_SCHEME.as_dict()
_CONDITION = re.compile(
    r"\b(if|unless|provided(?: that)?|as long as|on (?:the )?condition|only when|only after|in exchange|once)\b", re.IGNORECASE
)


class _Base:
    name = "baseline"
    heads = HEADS

    def fit(self, rows: Iterable[dict]) -> _Base:
        return self

    def _scores(self, texts: list[str], contexts: list[str | None]) -> dict[str, list[dict[str, float]]]:
        raise NotImplementedError

    def predict(
        self,
        statements: Iterable[str],
        *,
        target: str = "NATO",
        contexts: Sequence[str | None] | None = None,
        batch_size: int = 32,
        show_progress_bar: bool | None = None,
        zero_shot: bool = False,
    ) -> list[Prediction]:
        items = statement_list(statements)
        ctx = list(contexts) if contexts is not None else [None] * len(items)
        if len(ctx) != len(items):
            raise InputError(f"got {len(items)} statements but {len(ctx)} contexts")
        if not items:
            return []
        tgt = as_target(target)
        scores = self._scores(items, ctx)
        out = []
        for i, text in enumerate(items):
            out.append(
                Prediction(
                    scores={head: scores[head][i] for head in self.heads},
                    primary="stance",
                    mentions_target=tgt.mentioned_in(text, ctx[i]),
                )
            )
        return out


class MajorityBaseline(_Base):
    name = "majority"

    def __init__(self) -> None:
        self.shares: dict[str, dict[str, float]] = {}

    def fit(self, rows: Iterable[dict]) -> MajorityBaseline:
        rows = list(rows)
        if not rows:
            raise InputError("cannot fit the majority baseline on no rows")
        for head, labels in self.heads.items():
            c = Counter(r[head] for r in rows)
            total = sum(c.values())
            # ties go to the earlier label in the fixed order
            self.shares[head] = {lab: c.get(lab, 0) / total for lab in labels}
        return self

    def _scores(self, texts: list[str], contexts: list[str | None]) -> dict[str, list[dict[str, float]]]:
        if not self.shares:
            raise UsageError("fit the baseline first")
        out: dict[str, list[dict[str, float]]] = {}
        for head in self.heads:
            # a one-point mass on the majority label, so argmax is stable under ties
            best = max(self.heads[head], key=lambda k: (self.shares[head][k], -self.heads[head].index(k)))
            out[head] = [{lab: (1.0 if lab == best else 0.0) for lab in self.heads[head]} for _ in texts]
        return out


class VaderBaseline(_Base):
    name = "vader"

    def __init__(self) -> None:
        try:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError("the vader baseline needs vaderSentiment: pip install 'nato-stance[eval]'") from exc
        self._sia = SentimentIntensityAnalyzer()

    def _scores(self, texts: list[str], contexts: list[str | None]) -> dict[str, list[dict[str, float]]]:
        st, se = [], []
        for t in texts:
            c = self._sia.polarity_scores(t)["compound"]
            sent = "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
            stance = "conditional" if _CONDITION.search(t) else "hostile" if c <= -0.05 else "neutral"
            se.append({lab: float(lab == sent) for lab in HEADS["sentiment"]})
            st.append({lab: float(lab == stance) for lab in HEADS["stance"]})
        return {"stance": st, "sentiment": se}


class _LogRegBaseline(_Base):
    def __init__(self) -> None:
        self.models: dict[str, Any] = {}

    def _features(self, texts: list[str], contexts: list[str | None], *, fit: bool) -> Any:
        raise NotImplementedError

    def _classifier(self) -> Any:
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(max_iter=3000, C=4.0, class_weight="balanced")

    def fit(self, rows: Iterable[dict]) -> _LogRegBaseline:
        rows = list(rows)
        if not rows:
            raise InputError(f"cannot fit the {self.name} baseline on no rows")
        x = self._features([r["text"] for r in rows], [r.get("context") for r in rows], fit=True)
        for head in self.heads:
            m = self._classifier()
            m.fit(x, [r[head] for r in rows])
            self.models[head] = m
        return self

    def _scores(self, texts: list[str], contexts: list[str | None]) -> dict[str, list[dict[str, float]]]:
        if not self.models:
            raise RuntimeError("fit the baseline first")
        x = self._features(texts, contexts, fit=False)
        out: dict[str, list[dict[str, float]]] = {}
        for head, labels in self.heads.items():
            m = self.models[head]
            proba = m.predict_proba(x)
            cols = {c: j for j, c in enumerate(m.classes_)}
            out[head] = [{lab: float(row[cols[lab]]) if lab in cols else 0.0 for lab in labels} for row in proba]
        return out


class TfidfBaseline(_LogRegBaseline):
    name = "tfidf"

    def __init__(self) -> None:
        super().__init__()
        self._vec: Any = None

    def _features(self, texts: list[str], contexts: list[str | None], *, fit: bool) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [t + " || " + (c or "") for t, c in zip(texts, contexts, strict=True)]
        if fit:
            self._vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
            return self._vec.fit_transform(docs)
        return self._vec.transform(docs)


class FrozenEncoderBaseline(_LogRegBaseline):
    """Logistic regression on frozen sentence embeddings (mean pooling, L2-normalised)."""

    def __init__(self, base: str = "minilm", *, batch_size: int = 64, max_length: int = 128) -> None:
        super().__init__()
        self.base = base
        self.name = f"frozen-{base}" if base in ("minilm", "mpnet") else "frozen-encoder"
        self.batch_size = batch_size
        self.max_length = max_length
        self._enc: Any = None
        self._tok: Any = None

    def _load(self) -> None:
        if self._enc is not None:
            return
        from transformers import AutoModel, AutoTokenizer

        from ..classify._bases import quiet_transformers, resolve_base

        folder, _ = resolve_base(self.base)
        with quiet_transformers():
            self._tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
            self._enc = AutoModel.from_pretrained(str(folder), local_files_only=True, use_safetensors=True).eval()

    def embed(self, texts: list[str]) -> Any:
        import numpy as np
        import torch

        self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self._enc.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for s in range(0, len(order), self.batch_size):
                idx = order[s : s + self.batch_size]
                enc = self._tok([texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
                h = self._enc(**enc).last_hidden_state
                m = enc["attention_mask"].unsqueeze(-1).to(h.dtype)
                v = (h * m).sum(1) / m.sum(1).clamp(min=1)
                v = torch.nn.functional.normalize(v, dim=-1)
                out[idx] = v.float().numpy()
        return out

    def _features(self, texts: list[str], contexts: list[str | None], *, fit: bool) -> Any:
        return self.embed(texts)


BASELINES = {
    "majority": MajorityBaseline,
    "vader": VaderBaseline,
    "tfidf": TfidfBaseline,
    "frozen-minilm": FrozenEncoderBaseline,
}


def make_baseline(name: str, train_rows: Iterable[dict] | None = None) -> Any:
    """A baseline by name, fitted on ``train_rows`` (the corpus train split when omitted)."""
    if name not in BASELINES:
        raise UsageError(f"unknown baseline {name!r}; choose one of {sorted(BASELINES)}")
    b = BASELINES[name]()
    if train_rows is None:
        from ..data import load_corpus

        train_rows = [dict(r) for r in load_corpus()["train"]]
    return b.fit(train_rows)
