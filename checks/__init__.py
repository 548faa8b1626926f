"""derivcheck: a symbolic derivation and proof checker for deep-learning mathematics."""
__version__ = "0.1.0"
