"""The agency hub: one PostgreSQL behind a stateless HTTPS service that many laptops sync to.

``readiness-hub`` (``readiness.hub.cli``) creates the schema, enrols and revokes
devices, serves the API and the admin page, and prints the de-identified summary.
Everything the hub knows lives in PostgreSQL, so several hub processes can serve one
database behind any load balancer. Nothing here imports Qt; nothing in the core
below it imports this package.
"""
