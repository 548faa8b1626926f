"""Audit, stage 3: what the document has said by the time of a step. Definitions and unknowns
carried forward (context.py), conditions beside a step and in directives, what the prose says
in words (ranges, label sets, one-hot labels, cases, facts, named functions, data, upstream
gradients), and the doubts a reading keeps where the words say more than it can take in."""
