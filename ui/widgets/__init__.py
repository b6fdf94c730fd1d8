"""Reusable widgets that show core results (charts and lists); they hold no state of their own."""
