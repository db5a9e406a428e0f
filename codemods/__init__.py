"""Programmatic transforms, one class per module, registered by name in `registry`."""
