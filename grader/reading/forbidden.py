"""What a forbidden call does: every spelling that performs the same operation.

The contract forbids *operations*, not spellings: where ``course.toml`` forbids
``numpy.dot``, a newer NumPy name for the same product (``np.vecdot``,
``np.linalg.multi_dot``), ``operator.matmul`` or ``x.__matmul__`` is the same call.
This table is plain data, imported by both sides: the static check (``grader.reading.source``)
expands an exercise's forbidden list with it before reading the source, and the worker
(``grader.sandbox.tracing``) watches the expanded list while the learner's function runs,
whatever name or alias reached it.

Names follow the registry: ``numpy.x`` is a function (or ufunc) by its public path,
``numpy.multiply.outer`` a ufunc method, ``.name`` a method of an array, ``@`` the
operator.
"""

from __future__ import annotations

from collections.abc import Iterable

_MATMUL = ("numpy.matmul", "numpy.linalg.matmul", "operator.matmul", "operator.imatmul",
           ".__matmul__", ".__rmatmul__", ".__imatmul__", "numpy.matvec", "numpy.vecmat")
_VECDOT = ("numpy.vecdot", "numpy.linalg.vecdot")

EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "numpy.dot": ("numpy.linalg.multi_dot", *_VECDOT, "numpy.matvec", "numpy.vecmat", "numpy.ndarray.dot"),
    # A correlation (or a convolution, one vector reversed) of two vectors of one length is,
    # at the lag where they line up, their inner product: np.correlate(a, b) is [a . b].
    # A covariance matrix is a Gram matrix: np.cov of two stacked vectors holds their inner
    # product, less the means' (which a learner adds back).
    "numpy.inner": (*_VECDOT, "numpy.correlate", "numpy.convolve", "numpy.cov", "numpy.corrcoef"),
    "numpy.vdot": _VECDOT,
    "numpy.matmul": (*_MATMUL, "@", "numpy.linalg.multi_dot"),
    "@": _MATMUL,
    ".dot": ("numpy.ndarray.dot",),
    "numpy.tensordot": ("numpy.linalg.tensordot",),
    # The Kronecker product of two vectors is their outer product, flattened.
    "numpy.outer": ("numpy.linalg.outer", "numpy.kron"),
    ".outer": ("numpy.linalg.outer", "numpy.kron"),
    # np.hypot(x, y) is the Euclidean length of (x, y); its reduce, of a whole vector.
    "numpy.linalg.norm": ("numpy.linalg.vector_norm", "numpy.linalg.matrix_norm", "numpy.hypot"),
}
"""Each registry name, and the other names that do the same (one step; see ``expand``)."""


def expand(forbidden: Iterable[str]) -> tuple[str, ...]:
    """The forbidden names with every equivalent, in a stable order (registry's first)."""
    found: list[str] = []
    todo = list(forbidden)
    while todo:
        name = todo.pop(0)
        if name not in found:
            found.append(name)
            todo.extend(EQUIVALENTS.get(name, ()))
    return tuple(found)


def shown(name: str) -> str:
    """``numpy.linalg.norm`` as learners write it: ``np.linalg.norm``; ``.dot`` as ``.dot()``."""
    if name.startswith("numpy."):
        return "np." + name[len("numpy."):]
    if name.startswith(".") and not name.endswith("()"):
        return name + "()"
    return name
