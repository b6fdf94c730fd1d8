"""The service user's copy in words: every sentence of it, as English msgids for the catalogue.

The copy is written at about a sixth-grade reading level: short sentences, everyday
words, "you", and never a label about the person; each msgid carries a translator
comment saying so, which ``pybabel extract --add-comments=Translators:`` keeps in the
catalogue. Ways of connecting are offered "with some help to get started" rather
than as shortfalls. ``readiness.reports.service_user_pdf`` lays these out.
"""

from __future__ import annotations

from readiness.messages import N_

# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
TITLE = N_("Your plan for staying in touch")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
INTRO = N_(
    "Today we talked about the ways you like to keep in touch. Here is what we found and what"
    " happens next."
)
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
DATE = N_("Date: {date}")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
WORKING = N_("What is working for you")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
WORKING_NONE = N_("We will keep looking at this together.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
WAYS = N_("Ways to connect that suit you now")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
WAY_WITH_HELP = N_("{way}, with some help to get started")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
WAYS_NONE = N_("We will talk about this again at your next visit.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
SUPPORT = N_("Help we set up for you")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
SUPPORT_NONE = N_("You do not need extra help right now. Just ask if that changes.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
NEXT = N_("Next steps")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
NEXT_NONE = N_("We will call you to plan the next steps.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# Shown under the date while the intake is not complete.
DRAFT = N_("This is a draft. The plan may still change.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# The heading above the short plan the worker wrote with the person.
AGREED = N_("What we agreed")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
FOLLOW_UP = N_("We will check in with you on")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
FOLLOW_UP_NONE = N_("We will call you to pick a day to check in.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
CONTACT = N_("Questions? Contact us")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
CONTACT_NONE = N_("Ask the person who gave you this paper.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
REFERENCE = N_("If you call, you can give this number: {code}")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
CHANGE_YOUR_MIND = N_("You can change your mind about any of this at any time.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
SUBJECT = N_("Your copy of the plan we made together")

STRENGTHS = {
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "connectivity": N_("You can get online when you need to."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "devices": N_("You have a phone or computer you can use."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "affordability": N_("Costs are not getting in the way right now."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "digital_skills": N_("You know how to do many things on your phone or computer."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "health_information": N_("You feel able to read and use health information."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "communication": N_("We know how you like to talk and get information."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "support_privacy": N_(
        "You have a private place to talk, and someone who can help with technology."
    ),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "motivation": N_("You told us which ways to connect you like best."),
}
"""What is working, by profile domain id (``readiness/rules/domains.yaml``)."""

WAYS_TO_CONNECT = {
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "phone": N_("Phone calls"),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "text": N_("Text messages"),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "video": N_("Video calls with your peer specialist"),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "group_video": N_("Group video meetings"),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "app": N_("An app on your phone"),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "email": N_("Email"),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "in_person": N_("Meeting in person"),
}
"""Ways of connecting, by channel id (``readiness/rules/channels.yaml``)."""

PLAIN_SENTENCES = {
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "device_lending": N_("We will lend you a tablet or phone for video calls."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "lifeline": N_("We will help you apply for Lifeline, to lower your phone or internet bill."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "low_cost_internet": N_("We will help you find low-cost internet at home."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "hotspot_lending": N_("We will lend you a Wi-Fi hotspot, a small box that gets you online."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "digital_navigator": N_("A digital navigator will show you how to use your phone or computer."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "skills_class": N_("We will help you join a free class on using phones and computers."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "practice_call": N_("We will do a practice video call together."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "helper_joins": N_("The person who helps you can join your first calls."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "private_space": N_("We will find a private place for your calls."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "privacy_talk": N_("We will talk about how we keep your information private."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "interpreter": N_("An interpreter will join our talks."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "accessibility_setup": N_(
        "We will set up your phone or computer so it is easier to see, hear and use."
    ),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "plain_language": N_("We will use simple words, and we can read things out loud with you."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "in_person_option": N_("We can meet in person."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "retest_connection": N_("We will test the internet where you will take your calls."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "phone_first": N_("For now, we will mostly talk by phone."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "audio_only_fallback": N_("If video does not work, we will switch to a phone call."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "captions": N_("We will turn on captions, so you can read what is said."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "captioned_phone": N_("We will help you get a free captioned phone."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "large_text": N_("We will make the text bigger on your phone, or have it read out loud."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "voice_typing": N_("We will show you how to type and use your phone with your voice."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "reminders": N_("We will send you a reminder before each time we talk."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "camera_off": N_("You can keep your camera off during video calls."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "one_tap_link": N_(
        "We will send you a link for video calls. You just tap it; there is nothing to install."
    ),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "text_check_ins": N_("We will send you text messages between our meetings to see how you are."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "headphones": N_("We will get you headphones with a microphone, for more privacy on calls."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "better_wifi_spot": N_("We will find a better spot for your Wi-Fi, or use a cable."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "online_safety": N_("We will go over how to stay safe online."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "materials_in_language": N_("We will send you letters and papers in your language."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "relay_services": N_("We will show you how to make free relay calls by dialing 711."),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "screen_reader": N_(
        "We will turn on the screen reader, so your phone reads the screen out loud."
    ),
    # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
    "forms_and_reading_help": N_("We will go through health papers and forms with you."),
}
"""One sentence per catalogue recommendation (``readiness/rules/catalogue.yaml``):
supports read as help that was set up, technologies as next steps. A recommendation
without one here shows its catalogue title."""
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# "□" is the white square the report prints in place of each such symbol.
UNPRINTABLE = N_("Some symbols (like emoji) could not be printed. They show as □.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# A step of the plan that the person does: "You: Call the library."
STEP_YOU = N_("You: {step}")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# A step of the plan that the peer worker does: "We: Find a tablet for you."
STEP_WE = N_("We: {step}")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# When a step is due, after the step: "Call the library (by Monday, December 14)".
STEP_BY = N_("{step} (by {date})")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# After a whole sentence of the plan that the person does: "We will help you apply for
# Lifeline. You do this step."
SENTENCE_YOU = N_("{step} You do this step.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# After a whole sentence of the plan that the peer worker does: "We will lend you a
# tablet. We do this step."
SENTENCE_WE = N_("{step} We do this step.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# After a whole sentence of the plan that is due on a day: "We will lend you a tablet.
# By Monday, December 14."
SENTENCE_BY = N_("{step} By {date}.")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# The heading above the plain explanations of the terms this copy used.
GLOSSARY = N_("Words we used")
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
GLOSSARY_INTRO = N_("Some words on this page may be new to you. Here is what they mean.")

TERMS = {
    "digital_navigator": (
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # Not "navegador digital" (it reads as a web browser). Use the same
        # words in the explanation and in "A digital navigator will show...".
        N_("digital navigator"),
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # It must contain the term above; in Spanish, give the English name too.
        N_(
            "A digital navigator is a helper for phones, tablets and computers. They can"
            " also help you get online."
        ),
    ),
    "lifeline": (
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # The programme's own name: keep it as it is.
        N_("Lifeline"),
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # It must contain the term above.
        N_(
            "Lifeline is a government program. It lowers the phone or internet bill each"
            " month for people who can get it."
        ),
    ),
    "peer_specialist": (
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # Use the same words as in "Video calls with your peer specialist".
        N_("peer specialist"),
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # It must contain the term above.
        N_(
            "A peer specialist is someone trained to support you. They have lived"
            " through hard times too."
        ),
    ),
    "captioned_phone": (
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # Use the same words as in "We will help you get a free captioned phone."
        N_("captioned phone"),
        # Translators: the service user's copy, in plain words (about a sixth-grade reading level).
        # It must contain the term above.
        N_(
            "A captioned phone shows the words the other person says on a screen, so you"
            " can read them."
        ),
    ),
}
"""Terms that must stay (a job title, a programme's name, a device), each with a plain
explanation: the copy's "Words we used" explains each one its own text uses."""
# Translators: the service user's copy, in plain words (about a sixth-grade reading level).
# What a screen reader says for the agency's logo at the top of the copy.
LOGO = N_("Logo of {agency}")
