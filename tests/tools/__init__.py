"""Developer tools that are not tests: screenshots and demo data for the README."""
