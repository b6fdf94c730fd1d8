"""Data protection in the window: unlocking, the app lock, backups, erasure and the audit log.

The screens and the flow around the encrypted records, over ``readiness.protection``:

- ``session``: ``Protection``, what the composition root attaches to the window
  (unlock at start, the app lock, automatic backups, restore, Settings → Data protection).
- ``open_records``: the GUI thread's one connection to the records and where it came
  from; work that needs the file to itself (a new passphrase, a restore) closes it,
  runs on a worker's own connection and reopens it.
- ``unlock`` and ``passphrase_dialogs``: opening the records at start-up.
- ``waiting``: work on a worker thread behind a modal progress.
- ``app_lock`` and ``lock_screen``: locking the app when idle or asleep.
- ``page``, ``layout``, ``actions``, ``questions``, ``guard_dialogs``, ``audit_table``
  and ``dialog``: the Data protection page, its actions and what it asks.

Nothing is re-exported here, so importing one module never loads the others.
"""
