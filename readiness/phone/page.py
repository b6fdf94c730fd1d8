"""The phone page's HTML in English or Spanish: its words come from the gettext catalogue.

``page/phone.html`` is a template; every text in it and every text the script shows
is an English msgid translated here, so the Spanish lives in ``es.po`` like the rest
of the app. The script reads its words and settings from two JSON data blocks (not
scripts: the page's policy runs no inline code). No personal data goes into the page:
only the language and, when set, the agency server's address.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Template
from typing import TYPE_CHECKING

from readiness.messages import N_

if TYPE_CHECKING:
    from readiness.phone.link import PageOptions

_TEXTS = {
    "title": N_("Phone check"),
    "lead": N_("This page checks how well the internet works on this phone for video visits."),
    "target_laptop": N_(
        "It measures only the Wi-Fi between this phone and the laptop, not the whole internet."
    ),
    "target_agency": N_("It measures the internet from this phone to the agency's test server."),
    "time_text": N_("It takes about 30 seconds."),
    "data_text": N_("On mobile data it can use up to 150 MB. On Wi-Fi it uses no data plan."),
    "sends_text": N_(
        "It sends only numbers to the laptop: speeds, the phone's system and browser, and "
        "the screen size. No name, no contacts, no photos."
    ),
    "question": N_("Do you agree to run the test?"),
    "start": N_("Yes, start the test"),
    "decline": N_("No, thanks"),
    "testing": N_("The test is running. Please keep this page open."),
    "no_script": N_(
        "This page needs JavaScript. Tell the worker: they can type the figures by hand instead."
    ),
}
_SCRIPT_TEXTS = {
    "testing": _TEXTS["testing"],
    "ping": N_("Checking the round trip"),
    "download": N_("Testing download"),
    "upload": N_("Testing upload"),
    "sending": N_("Sending the results to the laptop"),
    "download_label": N_("Download"),
    "upload_label": N_("Upload"),
    "rtt_label": N_("Round trip"),
    "jitter_label": N_("Jitter"),
    "mbps": N_("Mbit/s"),
    "ms": N_("ms"),
    "done_title": N_("Done"),
    "done": N_("The results are on the laptop now. You can close this page."),
    "declined_title": N_("No test was run"),
    "declined": N_("Nothing was measured. You can close this page."),
    "error_title": N_("The test could not finish"),
    "error_reach": N_(
        "This phone could not reach the laptop. They may be on different Wi-Fi networks, or "
        "the Wi-Fi keeps devices apart. Tell the worker: they can type the figures from "
        "another test by hand."
    ),
    "error_send": N_(
        "The results could not be sent to the laptop. Tell the worker: they can type these "
        "figures by hand."
    ),
}
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def _json_block(data: object) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def render_page(locale: str, options: PageOptions) -> str:
    """The page in ``locale`` (English for a language the app does not speak)."""
    from readiness.i18n import translator

    language = locale if locale in LANGUAGE_NAMES else "en"
    t = translator(language)
    other = "es" if language == "en" else "en"
    words = {key: html.escape(t.gettext(text)) for key, text in _TEXTS.items()}
    target = "target_agency" if options.agency_server else "target_laptop"
    template = resources.files("readiness.phone").joinpath("page", "phone.html")
    return Template(template.read_text(encoding="utf-8")).substitute(
        words,
        lang=language,
        other_lang=other,
        other_language=LANGUAGE_NAMES[other],
        target_text=words[target],
        texts_json=_json_block({key: t.gettext(text) for key, text in _SCRIPT_TEXTS.items()}),
        config_json=_json_block({"locale": language, "agency_server": options.agency_server}),
    )
