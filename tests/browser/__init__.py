"""Checks in a real browser: Debian's headless Chromium, with axe-core from npm."""
