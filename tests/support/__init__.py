"""Test utilities for the reliability suite: fault proxy, TLS proxy, fake transports, load data."""
