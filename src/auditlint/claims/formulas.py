"""Written formulas: a/b=c% (and chains …=a/b=c%).  read_formulas reads the
formulas of one paragraph (assemble.PARAGRAPH_READERS)."""
from __future__ import annotations

from dataclasses import dataclass

from ..clauses import Paragraph, _label_before
from ..figures import Figure
from .where import Where


@dataclass
class Formula:
    numerator: Figure
    denominator: Figure
    result: Figure
    where: Where
    label: str = ""

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return (self.where, L("fact_formula"),
                f"{self.numerator.text}/{self.denominator.text} = {self.result.text}{self.result.unit}")


def read_formulas(p: Paragraph, f) -> None:
    """Every a/b=c% of one paragraph: a fraction item, "=", then an exact figure."""
    items, W = p.items, p.where
    for k, it in enumerate(items):
        if it.kind != "frac":
            continue
        if k + 2 < len(items) and items[k + 1].kind == "punct" and items[k + 1].text == "=" \
                and items[k + 2].kind == "fig" and items[k + 2].fig.approx is None:
            a, b = it.value
            f.formulas.append(Formula(a, b, items[k + 2].fig, W(it.start, items[k + 2].end), _label_before(items, k)))
