"""Audit, stage 2: one side of a step, presentation LaTeX to SymPy (read.py), on top of
latex2sympy2_extended: limits and the allowlist (notation.py), the pre-processing pass
(scan.py), names, calls, derivatives, components, structures, and the rebuild of
latex2sympy's result (build.py). Whatever could be read two ways is NotRead, naming the
construct; nothing is guessed."""
