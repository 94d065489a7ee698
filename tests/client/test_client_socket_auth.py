"""The event stream's socket reads the token again on every (re)connect attempt."""

from invokeai_tui.client.socket_connect import auth_of


def test_a_token_source_is_read_at_each_attempt():
    token = {"now": "first"}
    headers, auth = auth_of(lambda: token["now"])
    assert headers() == {"Authorization": "Bearer first"} and auth() == {"token": "first"}
    token["now"] = "rotated"
    assert headers() == {"Authorization": "Bearer rotated"} and auth() == {"token": "rotated"}
    token["now"] = None
    assert headers() == {} and auth() is None


def test_a_plain_token_gives_plain_values():
    assert auth_of("t") == ({"Authorization": "Bearer t"}, {"token": "t"})
    assert auth_of(None) == ({}, None)
