"""Faults on the link to the server: a fault proxy, a TLS proxy, a TCP forwarder, fake transports."""
