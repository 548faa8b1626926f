"""Deciding one claim: ``decide`` and its methods (exact reading, rewrites, sums, cases,
regions, domains, sampling, certified numerics, budgets). Imports ``checks.model`` and
``checks.dl`` only."""
