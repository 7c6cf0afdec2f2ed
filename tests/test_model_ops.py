from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps

from procopius.model_ops import MIN_VECTORISED_OUTPUTS, PredictionOps


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_maxout_gives_thincs_maxima_and_gradients(pieces: int) -> None:
    rng = numpy.random.default_rng(7)
    rows = MIN_VECTORISED_OUTPUTS // 96 + 5
    X = rng.standard_normal((rows, 96, pieces)).astype("float32")
    X[0, 0, :] = 1.5  # equal pieces: the first wins
    X[1, 1, -1] = 9.0
    thinc, ours = NumpyOps(use_blis=False), PredictionOps()
    best, which = thinc.maxout(X)
    got, got_which = ours.maxout(X)
    assert got.dtype == best.dtype and got.flags.c_contiguous
    assert numpy.array_equal(got, best)
    assert not isinstance(got_which, numpy.ndarray)  # not worked out for prediction
    d_best = rng.standard_normal(best.shape).astype("float32")
    assert numpy.array_equal(
        ours.backprop_maxout(d_best, got_which, pieces),
        thinc.backprop_maxout(d_best, which, pieces),
    )


def test_small_inputs_keep_thincs_maxout() -> None:
    X = numpy.arange(2 * 4 * 3, dtype="float32").reshape(2, 4, 3)
    best, which = PredictionOps().maxout(X)
    assert isinstance(which, numpy.ndarray)
    assert numpy.array_equal(best, X.max(axis=2))


def test_products_use_numpys_blas() -> None:
    assert PredictionOps().use_blis is False
