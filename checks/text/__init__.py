"""The text grammar: claims written as text (``sigmoid(-x) = 1 - sigmoid(x)``) read into SymPy
without executing anything. ``verify``, the API and the catalog's text rows all read through it;
it sits below ``build`` so that derivation modules may write plain identities as one text row."""
