"""One page per screen: Home, the intake steps and Settings."""
