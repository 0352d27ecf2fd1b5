"""auditlint: a consistency-audit linter for performance-evaluation reports."""
__version__ = "0.1.0"
