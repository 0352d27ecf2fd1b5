"""AL7xx — identity and form (issue 10): filled in below."""
