"""A whole intake in the real app window under Xvfb, by keys sent through the X server alone.

The app runs in its own process (``tests.gui.window_hook``: ``python -m readiness_ui``
with fake checks and a report of what is on screen) on an Xvfb screen of
1366 x 768, its folders and database in a temporary place, the key from
``READINESS_PASSPHRASE_FILE``. Keys are typed with ``xdotool`` (XTEST: as from a
keyboard). From Home to both saved reports of the completed intake, with the app
killed (SIGKILL) in the middle of the questions and reopened from Home. The test
counts the keystrokes, times the run, fails where the keyboard cannot go on (a mouse
would be needed) or if any mouse button was pressed, and reads the database at the end.

There is no window manager: where one would give the keyboard to a new or remaining
window (the app at start, the window under a closed dialog), the test does the same
with ``xdotool windowfocus`` and counts it apart ("hand-overs"); it is never a key.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from readiness.model import AssessmentStatus
from readiness.plan import Decision
from readiness.store import plans, repository
from readiness.store.audit import AuditAction
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from tests.conftest import TEST_KEY_HEX

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "1366x768x24"
STEP_WAIT_S = 15.0
ANSWERS_BEFORE_THE_KILL = 5

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")),
        reason="needs Xvfb and xdotool (apt-get install xvfb xdotool; .ci/run installs both)",
    ),
]

State = dict[str, Any]


@pytest.fixture
def display() -> Iterator[str]:
    """A new Xvfb screen of 1366 x 768 (the number Xvfb chose), stopped afterwards."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@dataclass
class App:
    """The app's process, what it last said it shows, and the keys sent to it."""

    command: list[str]
    env: dict[str, str]
    cwd: Path
    keystrokes: int = 0
    hand_overs: int = 0
    mouse: list[str] = field(default_factory=list)
    state: State = field(default_factory=dict)
    process: subprocess.Popen[str] | None = None
    reader: threading.Thread | None = None
    log: list[str] = field(default_factory=list)

    def start(self) -> None:
        self.state = {}
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self.reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("STATE "):
                self.state = json.loads(line[6:])
                self.log.append(line[6:].strip())
            elif line.startswith("MOUSE"):
                self.mouse.append(line.strip())

    def kill(self) -> None:
        """SIGKILL: nothing is closed or saved on the way out."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        if self.reader is not None:
            self.reader.join(10)
        if process.stdout is not None:
            process.stdout.close()

    def wait(
        self, wanted: Callable[[State], bool], what: str, timeout: float = STEP_WAIT_S
    ) -> State:
        """The state once ``wanted`` holds; fails (the keyboard cannot get there) otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state
            if state and wanted(state):
                return state
            if self.process is not None and self.process.poll() is not None:
                break
            time.sleep(0.02)
        recent = "\n".join(self.log[-5:])
        raise AssertionError(
            f"the keyboard did not get to {what}: a mouse would be needed, or the app is stuck. "
            f"Last seen:\n{recent}"
        )

    def give_focus(self) -> None:
        """What a window manager does: the keyboard to the app's top window when the X
        server has it elsewhere (at start, or on the root window once a dialog closed)."""
        for _ in range(100):
            wants = self.wait(lambda s: "wants" in s, "a window of the app")["wants"]
            focus = subprocess.run(
                ["xdotool", "getwindowfocus"],
                env=self.env,
                capture_output=True,
                text=True,
                check=False,
                timeout=10,
            )
            if focus.returncode == 0 and focus.stdout.strip() == str(wants):
                return
            moved = subprocess.run(
                ["xdotool", "windowfocus", "--sync", str(wants)],
                env=self.env,
                capture_output=True,
                check=False,
                timeout=10,
            )
            if moved.returncode == 0:
                self.hand_overs += 1
                return
            time.sleep(0.05)  # that window just went (a dialog closed): ask the app again
        raise AssertionError("no window of the app could be given the keyboard")

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=10)

    def key(self, *names: str) -> None:
        """Press each key (or chord, e.g. ``alt+x``) once."""
        for name in names:
            self.give_focus()
            self.xdotool("key", "--clearmodifiers", name)
            self.keystrokes += 1

    def type(self, text: str) -> None:
        self.give_focus()
        self.xdotool("type", "--delay", "15", text)
        self.keystrokes += len(text)

    def tab_to(self, wanted: Callable[[State], bool], what: str, limit: int = 40) -> State:
        """Tab until ``wanted`` holds for the focused widget."""
        for _ in range(limit):
            before = self.state
            self.key("Tab")
            state = self.wait(lambda s, before=before: s != before, f"Tab moving on toward {what}")
            if wanted(state):
                return state
        raise AssertionError(f"Tab never reached {what}: a mouse would be needed")


def focus_is(name: str) -> Callable[[State], bool]:
    return lambda state: state.get("name") == name


def answer_questions(app: App, until: int | None = None) -> int:
    """Answer the question shown (digit 1, or "No" typed) and Enter, until the questions end
    or ``until`` answers are saved; returns how many were given."""
    given = 0
    while app.state.get("step") == "questionnaire" and (until is None or given < until):
        state = app.state
        assert given < 200, "the questions never ended"
        if state["focus"] == "QLineEdit":
            app.type("No")  # saved when Enter takes it
        else:
            app.key("1")  # saved at once
            app.wait(lambda s, n=state["answers"]: s["answers"] > n, "saving the answer")
        app.key("Return")
        app.wait(
            lambda s, q=state["question"], n=state["answers"]: (
                s["answers"] > n and (s.get("step") != "questionnaire" or s["question"] != q)
            ),
            "the next question",
        )
        given += 1
    return given


def start_app(app: App) -> None:
    app.start()
    app.wait(lambda s: s.get("records") is True, "the unlocked records")
    app.give_focus()
    app.wait(focus_is("Search by code"), "Home's search field")


def test_a_whole_intake_from_home_to_the_final_reports_by_keys_through_x(
    display: str, tmp_path: Path
) -> None:
    key_file = tmp_path / "passphrase.txt"
    key_file.write_text(f"x'{TEST_KEY_HEX}'\n", encoding="utf-8")
    home = tmp_path / "home"
    database = tmp_path / "readiness.db"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LOGGING_RULES": "*.debug=false;qt.multimedia.*=false",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "READINESS_PASSPHRASE_FILE": str(key_file),
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }
    reports = tmp_path / "reports"
    reports.mkdir()
    command = [sys.executable, "-m", "tests.gui.window_hook", "--db", str(database)]
    app = App(command, env, cwd=reports)
    began = time.monotonic()
    try:
        start_app(app)

        # New intake: Ctrl+2, the code, the preferred name, (language), the initials, Enter.
        app.key("ctrl+2")
        app.wait(focus_is("Service-user code"), "New intake's code field")
        app.type("kb-0001")
        app.key("Tab")
        app.wait(focus_is("Preferred name, optional"), "the preferred name")
        app.type("Sam")
        app.key("Tab", "Tab")
        app.wait(focus_is("Staff initials"), "the staff initials")
        app.type("mj")
        app.key("Return")
        app.wait(lambda s: s.get("page") == 2 and s.get("row") == 0, "the new intake at About")

        # Consent: Next step, then Space on each of the three choices.
        app.key("alt+x")
        app.wait(focus_is("Check this computer"), "Consent's first choice")
        for name in ("Test the internet connection", "Ask questions"):
            app.key("space", "Tab")
            app.wait(focus_is(name), name)
        app.key("space")
        app.wait(lambda s: s.get("answers") == 3, "the three choices saved")

        # The person's phone: nothing to do here today; Next step again.
        app.key("alt+x")
        app.wait(lambda s: s.get("step") == "phone", "the phone step")
        # This computer and the internet connection: Next step lands on Run / Start; Space.
        app.key("alt+x")
        app.wait(lambda s: s.get("step") == "device" and s["focus"] == "QPushButton", "Run")
        app.key("space")
        app.wait(lambda s: s["checks"] >= 4 and not s["busy"], "the device checks done")
        checks = app.state["checks"]
        app.key("alt+x")
        app.wait(lambda s: s.get("step") == "connection" and s["focus"] == "QPushButton", "Start")
        app.key("space")
        app.wait(lambda s: s["checks"] > checks and not s["busy"], "the connection tested")

        # Questions: a few, then the app is killed and reopened from Home.
        app.key("alt+x")
        app.wait(lambda s: s.get("question", "") != "", "the first question")
        answered = answer_questions(app, until=ANSWERS_BEFORE_THE_KILL)
        waiting = app.state["question"]
        app.kill()
        start_app(app)
        app.tab_to(focus_is("Assessments"), "the list of assessments")
        app.key("space", "Return")  # Space selects the row with the focus; Enter opens it
        reopened = app.wait(lambda s: s.get("page") == 2, "the intake reopened")
        assert reopened["step"] == "questionnaire" and reopened["question"] == waiting
        assert reopened["focus"] != "QListWidget", "the keyboard is not on the question"
        answered += answer_questions(app)  # the first key answers at once
        app.wait(lambda s: s.get("step") == "results", "Results after the last question")

        # Results: accept the first recommendation, write the plan, set a follow-up.
        app.tab_to(lambda s: s["name"].startswith("Accept: "), "the first Accept")
        app.key("space")
        app.tab_to(focus_is("Plan"), "the plan notes")
        app.type("Phone calls on Tuesdays.")
        app.key("Tab")
        app.wait(focus_is("Set a follow-up date"), "the follow-up box")
        app.key("space")

        # Reports: complete through the review, then save both final reports.
        app.key("alt+x")
        app.wait(lambda s: s.get("step") == "export", "Reports")
        app.key("alt+c")
        app.wait(lambda s: s["window"] == "Review before completing", "the review")
        app.wait(focus_is("Complete the intake"), "the review's Complete")
        app.key("alt+c")
        app.wait(lambda s: s["complete"] is True, "the intake completed")
        audiences = ("Report for the service user", "Report for staff and the agency")
        for count, audience in enumerate(audiences, start=1):
            app.key("alt+s" if count == 1 else "alt+f")  # Qt shows the press, then ticks it
            app.wait(lambda s, a=audience: s["name"] == a and s.get("checked"), audience)
            app.key("alt+v")
            app.wait(lambda s: s["window"] == "Save the report", "the save dialog")
            app.key("Return")
            app.wait(
                lambda s, n=count: len(list(reports.glob("*.pdf"))) == n and not s["busy"],
                "the report saved",
            )
        saved = sorted(reports.glob("*.pdf"))
        seconds = time.monotonic() - began
    finally:
        app.kill()

    print(
        f"\nreal-window intake: {app.keystrokes} keystrokes, {seconds:.1f} s "
        f"(with one kill and restart), {answered} questions, {app.hand_overs} focus hand-overs"
    )
    assert app.mouse == [], "a mouse button was pressed"
    assert {path.name.split("-", 2)[2].rsplit("-", 3)[0] for path in saved} == {
        "service-user-copy",
        "staff-report",
    }
    assert all(path.read_bytes().startswith(b"%PDF") for path in saved)

    db = open_database(database, key=DatabaseKey.from_bytes(bytes.fromhex(TEST_KEY_HEX)))
    try:
        ((assessment_id,),) = db.execute("SELECT id FROM assessments").fetchall()
        assessment = repository.get_assessment(db, assessment_id)
        assert assessment.status is AssessmentStatus.COMPLETE
        assert repository.get_service_user(db, assessment.service_user_id).code == "KB-0001"
        answers = repository.list_answers(db, assessment.id)
        assert len(answers) == 3 + answered  # the consent choices and every question
        checked = {result.check_id for result in repository.list_check_results(db, assessment.id)}
        assert "connection.bandwidth" in checked and len(checked) >= 5
        plan = plans.get_plan(db, assessment.id)
        assert plan is not None and plan.text == "Phone calls on Tuesdays."
        assert Decision.ACCEPTED in {decision.decision for decision in plan.decisions}
        assert plan.follow_up is not None
        from readiness.protection import audit as audit_log
        from readiness.protection.audit import AuditFilter

        entries = audit_log.list_entries(db, AuditFilter(assessment_id=assessment.id))
        assert {entry.staff_initials for entry in entries} == {"MJ"}
        assert AuditAction.COMPLETED in {entry.action for entry in entries}
    finally:
        db.close()
