"""Device and connection checks: what this computer and this network can do."""
