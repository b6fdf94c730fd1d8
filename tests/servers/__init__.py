"""Loopback servers for tests and benchmarks: a speed-test server with faults, a UDP echo."""
