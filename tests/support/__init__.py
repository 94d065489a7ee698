"""Everything the tests share that is not a fixture (fixtures live in the conftest.py files).

server, server_session: scripts/invokeai-server as the tests use it, the session's servers · rest: raw-HTTP helpers (boards, uploads, graphs)
tiny_graphs: text-to-image graphs for the tiny sd-3, z-image, flux2 Klein and cogview4 models
workflow_builders: model-free workflows and graphs · paths: the shared fixtures' folders
mock_http: a client answered by a script (no server)
app_driving: Pilot driving (wait_for, open_boards, log_in) · app_probes: notifications, memory, timing
workflow_screen: the workflows screen by Pilot · client_support: the client's server tests
snapshot_data: fixed values for SVG snapshots · figures, load_data: the reliability figures and data
faults/: fault proxy, TLS proxy, TCP forwarder, fake transports
"""
