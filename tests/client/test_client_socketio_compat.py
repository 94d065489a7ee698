"""The private python-socketio / engine.io internals we use are known for the pinned versions only."""

from invokeai_tui.client import socketio_compat


def test_installed_socketio_and_engineio_are_the_pinned_versions():
    # Failing here: the pins moved. Re-read what socketio_compat overrides in the new release
    # (engineio.AsyncClient._trigger_event, socketio.AsyncClient._engineio_client_class) and then
    # update socketio_compat.PINNED together with pyproject.toml.
    assert socketio_compat.installed_versions() == socketio_compat.PINNED


def test_the_overridden_internals_still_exist():
    import engineio
    import socketio

    assert callable(getattr(engineio.AsyncClient, "_trigger_event", None))
    assert callable(getattr(socketio.AsyncClient, "_engineio_client_class", None))
    inline = socketio_compat.inline_async_client_class()
    assert issubclass(inline, socketio.AsyncClient)
    assert issubclass(inline._engineio_client_class(None), engineio.AsyncClient)
