"""The open records and the open intake: the one way the app reads and changes assessments.

- ``readiness.session.records.Records``: the unlocked database as the screens use
  it (the assessment list, a person's assessments, starting and opening intakes).
- ``readiness.session.intake.IntakeSession``: one open intake. It holds the
  current step, the person's consent, the actor (staff initials) and the clock, and
  it is the only way to save answers, check results and the plan, and to complete
  or reopen the intake.
- The parts of an intake a person can agree to are answers of the ``consent``
  record (``readiness.questionnaire.consent``): an import checks them as it checks
  the questionnaires' answers.

Both objects work on the thread that opened the database; SQLite connections are
opened for one thread (``check_same_thread``), so no connection crosses threads.
Work that needs the database on another thread opens its own connection from a
``DatabaseLocation``.
"""
