"""Known-mistake detectors: turn a numeric difference into the mistake's name."""
