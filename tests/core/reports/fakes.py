"""A hand-made ``Outcome`` (profile, verdicts, recommendations, plan) in English and Spanish.

Report tests use it instead of the equity engine, so they test the renderers alone.
"""

from __future__ import annotations

from datetime import date

from readiness.reports.data import (
    ChannelResult,
    DomainResult,
    Level,
    Outcome,
    PlanResult,
    RecommendationResult,
    Verdict,
)

_TEXT = {
    "en": {
        "device": "Device",
        "connectivity": "Connection",
        "affordability": "Costs",
        "digital_skills": "Digital skills",
        "health_literacy": "Health information",
        "communication": "Communication needs",
        "support": "Support and privacy",
        "phone": "Phone call",
        "text": "Text messages",
        "video": "1:1 video visit",
        "group_video": "Group video peer support",
        "in_person": "In person",
        "tablet": "Lend a tablet with data",
        "tablet_plain": "We will lend you a tablet with internet.",
        "class": "Digital skills class (Northstar)",
        "lifeline": "Help to apply for Lifeline",
        "steps": (
            "Come to the library on Tuesday at 10 a.m. to pick up the tablet.",
            "Practice a video call with María José.",
        ),
        "notes": "Prefers calls in the morning. Niño at home after 3 p.m.",
        "reason_video": "Camera works; 23.4/5.1 Mbit/s meets 1.5 Mbit/s (Microsoft Teams).",
        "reason_group": "Upload 0.9 Mbit/s is below the 3.0 Mbit/s for group video (Zoom).",
    },
    "es": {
        "device": "Aparato",
        "connectivity": "Conexión",
        "affordability": "Costos",
        "digital_skills": "Habilidades digitales",
        "health_literacy": "Información de salud",
        "communication": "Necesidades de comunicación",
        "support": "Apoyo y privacidad",
        "phone": "Llamada telefónica",
        "text": "Mensajes de texto",
        "video": "Videollamada 1:1",
        "group_video": "Grupo de apoyo por video",
        "in_person": "En persona",
        "tablet": "Prestar una tableta con datos",
        "tablet_plain": "Le prestaremos una tableta con internet.",
        "class": "Clase de habilidades digitales (Northstar)",
        "lifeline": "Ayuda para solicitar Lifeline",
        "steps": (
            "Venga a la biblioteca el martes a las 10 de la mañana para recoger la tableta.",
            "Practicar una videollamada con María José.",
        ),
        "notes": "Prefiere llamadas por la mañana. Niño en casa después de las 3.",
        "reason_video": "La cámara funciona; la conexión 23,4/5,1 Mbit/s cumple 1,5 Mbit/s.",
        "reason_group": "La subida de 0,9 Mbit/s está por debajo de 3,0 Mbit/s (Zoom).",
    },
}


def sample_outcome(locale: str = "es", *, follow_up: date | None = date(2026, 12, 7)) -> Outcome:
    """A realistic outcome with every kind of domain level and verdict."""
    x = _TEXT[locale]
    domains = (
        DomainResult("devices", str(x["device"]), 88.0, Level.STRENGTH, reasons=("Smartphone",)),
        DomainResult("connectivity", str(x["connectivity"]), 72.0, Level.STRENGTH),
        DomainResult(
            "affordability", str(x["affordability"]), 41.0, Level.SOME_SUPPORT,
            reasons=("Bill trouble: often",),
        ),
        DomainResult("digital_skills", str(x["digital_skills"]), 25.0, Level.SUPPORT),
        DomainResult("health_information", str(x["health_literacy"]), None, Level.UNKNOWN),
        DomainResult("communication", str(x["communication"]), 95.0, Level.STRENGTH),
        DomainResult("support_privacy", str(x["support"]), 60.0, Level.SOME_SUPPORT),
    )  # fmt: skip
    channels = (
        ChannelResult("phone", str(x["phone"]), Verdict.READY, reasons=("Has a phone",)),
        ChannelResult("text", str(x["text"]), Verdict.READY),
        ChannelResult(
            "video", str(x["video"]), Verdict.WITH_SUPPORT, reasons=(str(x["reason_video"]),)
        ),
        ChannelResult(
            "group_video", str(x["group_video"]), Verdict.NOT_NOW,
            reasons=(str(x["reason_group"]),),
        ),
        ChannelResult("in_person", str(x["in_person"]), Verdict.UNKNOWN),
    )  # fmt: skip
    recommendations = (
        RecommendationResult(
            "device_loan", str(x["tablet"]), "No video device", "1", "accepted"
        ),
        RecommendationResult("skills_class", str(x["class"]), "Skills", "2", "suggested"),
        RecommendationResult("lifeline", str(x["lifeline"]), "Costs", "2", "declined"),
    )  # fmt: skip
    steps = x["steps"]
    assert isinstance(steps, tuple)
    plan = PlanResult(
        supports=(str(x["tablet_plain"]),),
        next_steps=steps,
        follow_up=follow_up,
        notes=str(x["notes"]),
    )
    return Outcome(domains, channels, recommendations, plan)
