"""Render the main pages to PNG files, with fictional data, for the README and for review.

    xvfb-run -a -s "-screen 0 1280x900x24" python -m tests.tools.screenshots [OUT_DIR]

Runs under a real X server (Xvfb) when DISPLAY is set, else offscreen. Every
service user here is fictional. Images go to ``tests/screenshots/`` by default.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from readiness.store import repository
from readiness.store.database import open_database
from readiness_ui.app import build_window, load_configuration
from readiness_ui.main_window import HOME, INTAKE, NEW_INTAKE, SETTINGS
from readiness_ui.theme import apply_look

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "screenshots"
FICTIONAL_CODES = ("AB12-0042", "CD34-0107", "EF56-0213", "GH78-0034", "JK90-0551", "LM11-0078")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_look(app)
    folder = Path(tempfile.mkdtemp(prefix="readiness-shots-"))
    db = open_database(folder / "demo.db")
    for index, code in enumerate(FICTIONAL_CODES):
        user = repository.create_service_user(db, code)
        assessment = repository.start_assessment(
            db, user, locale="es" if index % 2 else "en", staff_initials="MJ"
        )
        if index % 3:
            repository.complete_assessment(db, assessment.id)
    window = build_window(load_configuration(folder / "settings.json")[0], folder / "demo.db", db)
    window.resize(1100, 700)
    window.show()
    shots = {"home": HOME, "new-intake": NEW_INTAKE, "settings": SETTINGS}
    for name, page in shots.items():
        window.show_page(page)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")
    window.open_intake(repository.list_drafts(db)[0].id)
    assert window.intake.session is not None
    for part in ("device_checks", "connection_test", "questions"):  # the later steps open
        window.intake.session.set_consent(part, True)
    window.show_page(INTAKE)
    steps = window.intake.step_list
    for row in range(steps.count()):
        steps.setCurrentRow(row)
        page = window.intake.stack.currentWidget()
        run = getattr(page, "run", None)
        if callable(run) and getattr(page, "running", None) is False:
            run()
            deadline = time.monotonic() + 15
            while page.running and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.02)
        for _ in range(10):
            app.processEvents()
        name = f"intake-{row + 1}.png"
        window.grab().save(str(out / name))
        print(out / name)
    window.intake.complete_button.click()  # the review before completing
    for _ in range(10):
        app.processEvents()
    review = window.intake.review_dialog
    assert review is not None
    review.grab().save(str(out / "review.png"))
    print(out / "review.png")
    review.reject()
    window.intake.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
