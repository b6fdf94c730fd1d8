"""The laptop's side of the agency hub: joining it, the outbox, and sending it.

``protocol`` is the wire format both sides share; ``client`` speaks HTTPS to the hub
(the certificate always verified); ``join`` exchanges an enrolment code for the
device credential; ``payload`` builds what is sent for one assessment; ``run`` sends
the outbox in batches with retries; ``status`` says in plain words where things stand.
The outbox itself lives in the encrypted database (``readiness.store.outbox``).
"""
