"""Audit, stage 4 for steps over vectors and matrices: array mode (vectors.py) checks such a
step entry by entry over every size in a small range; norms, gradients of whole vectors
(nabla.py, norms.py, vecgrad.py), square matrices, ellipsis grids and entrywise functions are
its parts. It reads with reading/ and asks document/ what the text said."""
