"""The use cases the command line and the window share, without Qt: open a database, import,
export, back up and restore, analyse a case (for the caseworker, or for the client with the
dismissed flags left out), a letter and a batch of letters, the calendar, the settings.

Each long one takes `progress(done, total, text)` and `cancelled()` callbacks; every write
returns a `Change` saying what it touched, which the window broadcasts to its views."""
