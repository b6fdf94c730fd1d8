"""The official FHIR R4 JSON schema and invariants, and a checker that applies them."""
