"""Built-in questionnaire definitions (data files only, one instrument per file).

Each ``*.yaml`` here is an instrument written by the Readiness project, in English and
Spanish, validated by ``readiness.questionnaire.loader.load_builtin``, which finds
these files with ``importlib.resources``. See README.md for the items and the
constructs they map to. No code lives here.
"""
