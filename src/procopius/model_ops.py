"""The array operations the language model's layers run with (thinc's `Ops`): thinc's numpy
operations with numpy's BLAS for matrix products instead of the BLIS library thinc ships, and a
faster maxout for the token-to-vector networks' large inputs.

thinc's maxout takes the largest of each output's pieces and writes down which piece it was,
element by element, for a gradient. On large inputs the maximum is taken here with numpy's
vectorised `maximum`, piece against piece (about three times faster on this pipeline's
4,000 × 96 × 3 inputs), and which piece won is not kept: these operations are for prediction
(the pipelines `procopius.nlp.load_model` gives are never trained), and keeping the inputs to
work it out later would hold every layer's largest array until the whole network has run. The
maxima are the same numbers, the first of equal pieces winning as in thinc."""

from __future__ import annotations

from typing import Any

import numpy
from thinc.api import NumpyOps

#: inputs with fewer outputs (rows × width) than this keep thinc's maxout, whose call costs
#: less: the parser's steps score a few states at a time
MIN_VECTORISED_OUTPUTS = 4096


class PredictionOps(NumpyOps):
    """thinc's numpy operations, with numpy's BLAS and, on large inputs, a vectorised maxout
    that keeps no record of the winning pieces (prediction only)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("use_blis", False)
        super().__init__(**kwargs)

    def maxout(self, X: Any) -> tuple[Any, Any]:
        rows, width, pieces = X.shape
        if rows * width < MIN_VECTORISED_OUTPUTS or pieces < 2 or X.dtype != numpy.float32:
            return super().maxout(X)
        best = numpy.maximum(X[:, :, 0], X[:, :, 1])
        for piece in range(2, pieces):
            numpy.maximum(best, X[:, :, piece], out=best)
        return best, None

    def backprop_maxout(self, dY: Any, which: Any, P: int) -> Any:
        if which is None:
            raise NotImplementedError(
                "procopius's language model operations are for prediction: the maxout of a "
                "large input keeps no record of the winning pieces for a gradient"
            )
        return super().backprop_maxout(dY, which, P)
