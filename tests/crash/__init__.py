"""Crash-safety harness: an intake in a child process, killed with SIGKILL at random moments."""
