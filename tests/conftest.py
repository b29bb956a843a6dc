from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: the default suite (and CI) replays the same examples on every run
# (derandomize, no example database), so a failure in a log reproduces from the log alone;
# the broad random search is in the tests marked slow, which ask for derandomize=False.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    """One spaCy-backed extractor for the whole session (the pipeline loads once)."""
    from stance.extraction import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (it exists only beside a developer checkout and in CI)")
    return SHARED


def by_text(statements, fragment: str):
    """The statement whose text contains ``fragment`` (fails loudly if none or several)."""
    hits = [s for s in statements if fragment in s.text]
    assert len(hits) == 1, f"expected one statement containing {fragment!r}, got {[s.text for s in statements]}"
    return hits[0]


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """A randomly initialised 2-layer BERT with the MiniLM tokenizer, saved as safetensors."""
    import torch
    from transformers import BertConfig, BertModel

    from stance.classify._bases import resolve_base

    minilm, _ = resolve_base("minilm")
    folder = tmp_path_factory.mktemp("tiny_base")
    torch.manual_seed(0)
    cfg = BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64, max_position_embeddings=256
    )
    BertModel(cfg, add_pooling_layer=False).save_pretrained(folder, safe_serialization=True)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(minilm / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def tiny_clf(tiny_base):
    from stance.classify import TrainConfig
    from stance.classify._train import train
    from stance.data import load_corpus

    dd = load_corpus()
    tr = [dict(r) for r in dd["train"].select(range(120))]
    dv = [dict(r) for r in dd["dev"].select(range(40))]
    real = [r for r in (dict(x) for x in dd["dev"]) if r["source"] == "article"][:40]
    return train(tr, dv, TrainConfig(base=str(tiny_base), epochs=1, batch_size=16, max_length=64, lora_r=4), realistic_dev=real)


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_clf, tmp_path_factory) -> Path:
    """The tiny classifier saved as a model folder (for the CLI and worker processes)."""
    folder = tmp_path_factory.mktemp("tiny_model") / "tiny"
    tiny_clf.save_pretrained(folder)
    return folder
