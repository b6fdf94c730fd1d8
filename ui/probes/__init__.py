"""Qt probes that implement the core's ``Check`` protocol (camera, microphone, speaker, display)
and the live controls the checks page shows (microphone level meter, test tone).
"""
