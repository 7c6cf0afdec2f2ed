from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps

from procopius.model_ops import MIN_VECTORISED_OUTPUTS, PredictionOps


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_maxout_gives_thincs_maxima(pieces: int) -> None:
    rng = numpy.random.default_rng(7)
    rows = MIN_VECTORISED_OUTPUTS // 96 + 5
    X = rng.standard_normal((rows, 96, pieces)).astype("float32")
    X[0, 0, :] = 1.5  # equal pieces
    X[1, 1, -1] = 9.0
    best, _which = NumpyOps(use_blis=False).maxout(X)
    got, got_which = PredictionOps().maxout(X)
    assert got.dtype == best.dtype and got.flags.c_contiguous
    assert numpy.array_equal(got, best)
    # nothing is kept for a gradient, and asking for one says so
    assert got_which is None
    with pytest.raises(NotImplementedError, match="for prediction"):
        PredictionOps().backprop_maxout(got, got_which, pieces)


def test_small_inputs_keep_thincs_maxout() -> None:
    X = numpy.arange(2 * 4 * 3, dtype="float32").reshape(2, 4, 3)
    best, which = PredictionOps().maxout(X)
    assert isinstance(which, numpy.ndarray)
    assert numpy.array_equal(best, X.max(axis=2))


def test_products_use_numpys_blas() -> None:
    assert PredictionOps().use_blis is False
