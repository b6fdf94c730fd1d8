"""The canonical addresses the FHIR exports name, all under the agency's ``fhir_base``.

Every code the exports write names a ``system`` that is a ``CodeSystem`` shipped
with the definitions (``fhir_definitions``): checks, their measured values, their
results, the Observation categories, the ways of connecting and their verdicts; and
every identifier names a system under the same base. Nothing is ``urn:readiness:…``
any more: a receiver resolves each address against the definitions it was sent,
and an agency that publishes them at ``fhir_base`` makes them resolvable on the web.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.settings.schema import DEFAULT_FHIR_BASE

URI = "urn:ietf:rfc:3986"
"""The identifier system of identifiers that are URIs (name-based ``urn:uuid:``)."""
UCUM = "http://unitsofmeasure.org"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"


@dataclass(frozen=True)
class Systems:
    """The addresses under one canonical base."""

    base: str = DEFAULT_FHIR_BASE

    def code_system(self, name: str) -> str:
        """The canonical URL of the project's CodeSystem ``name``."""
        return f"{self.base}/CodeSystem/{name}"

    @property
    def check(self) -> str:
        """Device and connection checks (``device.memory``, ``connection.bandwidth``)."""
        return self.code_system("check")

    @property
    def check_value(self) -> str:
        """What a check measures (``download_mbps``, ``total``): Observation components."""
        return self.code_system("check-value")

    @property
    def check_status(self) -> str:
        """A check's result: ``good``, ``limited``, ``missing``, ``unknown``."""
        return self.code_system("check-status")

    @property
    def category(self) -> str:
        """The Observation categories: device check, connection check, channel readiness."""
        return self.code_system("observation-category")

    @property
    def channel(self) -> str:
        """The ways of connecting (``phone``, ``video``)."""
        return self.code_system("channel")

    @property
    def channel_verdict(self) -> str:
        """``ready``, ``ready_with_support``, ``not_suitable_now``."""
        return self.code_system("channel-verdict")

    @property
    def service_user_code(self) -> str:
        """The identifier system of the agency's pseudonymous service-user codes."""
        return f"{self.base}/identifier/service-user-code"
