"""The person's own phone: the guided look at it, and the test measured on the phone itself.

``guide`` holds the plain steps (iPhone and Android, English and Spanish) and the
answers to choose from; ``looked_at`` turns what the worker and the person found into
check results of the phone, judged against the thresholds file. ``link`` opens the
one-time page the phone loads (a random token, the local interface only, one result,
ten minutes); ``report`` validates what the page sends back and turns it into check
results of the phone, measured; ``qr`` draws the page's address for the phone's camera.
"""
