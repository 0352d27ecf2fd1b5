"""The built-in rule set, exposed to the registry as an entry point like any plugin."""
from . import _BUILTIN
from . import dates, identity, outline, ratios, scores, self_eval, subjects, sums, tables  # noqa: F401  (registers the rules)

RULES = list(_BUILTIN)
