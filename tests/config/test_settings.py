"""The TOML settings: read, validate, resolve the URL, write atomically, round-trip."""

import os
import stat

import pytest

from invokeai_tui.config.settings import DEFAULT_URL, Profile, Settings, SettingsError
from invokeai_tui.config.token_store import load_token, save_token, token_path


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path):
    settings = Settings.load(tmp_path / "nope.toml")
    assert settings.profiles == {}
    assert settings.resolve_url(None, None, env={}) == DEFAULT_URL


def test_profiles_theme_keymap_and_download_dir(tmp_path):
    path = write(
        tmp_path,
        'theme = "nord"\ndownload_dir = "~/pics"\ndefault_profile = "home"\n'
        '[profiles.home]\nurl = "http://10.0.0.2:9090"\n'
        '[profiles.work]\nurl = "https://gpu.example/invoke"\nverify_ssl = false\n'
        '[keymap]\n"boards.star" = "x"\n',
    )
    settings = Settings.load(path)
    assert settings.theme == "nord"
    assert str(settings.download_dir) == os.path.expanduser("~/pics")
    assert settings.profiles["work"] == Profile("work", "https://gpu.example/invoke", False)
    assert settings.keymap == {"boards.star": "x"}
    assert settings.resolve_url(None, None, env={}) == "http://10.0.0.2:9090"
    assert settings.resolve_url(None, "work", env={}) == "https://gpu.example/invoke"


def test_url_precedence_flag_then_env_then_profile(tmp_path):
    settings = Settings.load(write(tmp_path, '[profiles.a]\nurl = "http://a:1"\n'))
    env = {"INVOKEAI_TUI_URL": "http://env:2"}
    assert settings.resolve_url("http://flag:3", "a", env=env) == "http://flag:3"
    assert settings.resolve_url(None, "a", env=env) == "http://env:2"
    assert settings.resolve_url(None, "a", env={}) == "http://a:1"


def test_unknown_profile_names_the_known_ones(tmp_path):
    settings = Settings.load(write(tmp_path, '[profiles.a]\nurl = "http://a:1"\n'))
    with pytest.raises(SettingsError, match="no profile 'b'.*profiles: a"):
        settings.resolve_url(None, "b", env={})


@pytest.mark.parametrize(
    "text, message",
    [
        ("theme = [", "not valid TOML"),
        ("theme = 3", "'theme' must be a string"),
        ('image_protocol = "svg"', "image_protocol must be one of"),
        ('start_mode = "gallery"', "start_mode must be one of"),
        ('boards_view = "tiles"', "boards_view must be one of"),
        ("[profiles.x]\nport = 1", "profile 'x' needs a url"),
        ('default_profile = "ghost"', "default_profile 'ghost' is not among"),
        ('[profiles.x]\nurl = "u"\nverify_ssl = "no"', "verify_ssl must be true or false"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError, match=message) as info:
        Settings.load(path)
    assert str(path) in str(info.value)


def test_save_round_trips_and_leaves_no_temp_files(tmp_path):
    settings = Settings(path=tmp_path / "sub" / "config.toml")
    settings.profiles["odd name"] = Profile("odd name", 'http://h:1/"quoted"\\path', verify_ssl=False)
    settings.default_profile = "odd name"
    settings.keymap = {"app.help": "f2", "boards.star": "x"}
    settings.theme = "gruvbox"
    settings.save()
    again = Settings.load(settings.path)
    assert again.profiles == settings.profiles
    assert again.keymap == settings.keymap
    assert again.theme == "gruvbox"
    assert again.default_profile == "odd name"
    assert sorted(p.name for p in settings.path.parent.iterdir()) == ["config.toml"]


def test_token_saved_only_readable_by_owner(tmp_path):
    path = save_token("http://127.0.0.1:9090", "secret-token", folder=tmp_path / "tokens")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_token("http://127.0.0.1:9090", folder=tmp_path / "tokens") == "secret-token"
    # Two servers never share a token file.
    assert token_path("http://a:1", tmp_path) != token_path("http://a:2", tmp_path)


def test_token_with_widened_permissions_is_not_used(tmp_path):
    path = save_token("http://h:1", "tok", folder=tmp_path)
    os.chmod(path, 0o644)
    assert load_token("http://h:1", folder=tmp_path) is None


@pytest.mark.parametrize(
    "text, message",
    [
        ('[keymap]\n"boards.star" = 1', "'keymap.boards.star' must be a string, not int"),
        ('keymap = "x"', r"\[keymap\] must be a table"),
        ('profiles = "x"', r"\[profiles\] must hold tables"),
        ('download_dir = 5', "'download_dir' must be a string, not int"),
    ],
)
def test_wrong_types_give_one_line_naming_the_file_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError, match=message) as info:
        Settings.load(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_unknown_keys_are_ignored_and_path_is_never_read_from_the_file(tmp_path):
    """A newer version may have written keys this one does not know."""
    path = write(tmp_path, 'future_option = 1\npath = "/elsewhere"\n[profiles.a]\nurl = "http://a:1"\nport = 2\n')
    settings = Settings.load(path)
    assert settings.path == path
    assert settings.profiles == {"a": Profile("a", "http://a:1")}


def test_every_setting_is_documented():
    for model in (Settings, Profile):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no docstring"


def test_start_mode_defaults_to_generate_and_round_trips(tmp_path):
    assert Settings(path=tmp_path / "c.toml").start_mode == "generate"
    assert "start_mode" not in Settings(path=tmp_path / "c.toml").to_toml()  # the default is not written
    settings = Settings.load(write(tmp_path, 'start_mode = "queue"\n'))
    assert settings.start_mode == "queue"
    settings.save()
    assert Settings.load(settings.path).start_mode == "queue"


def test_boards_view_defaults_to_list_and_round_trips(tmp_path):
    assert Settings(path=tmp_path / "c.toml").boards_view == "list"
    assert "boards_view" not in Settings(path=tmp_path / "c.toml").to_toml()  # the default is not written
    settings = Settings.load(write(tmp_path, 'boards_view = "grid"\n'))
    assert settings.boards_view == "grid"
    settings.save()
    assert Settings.load(settings.path).boards_view == "grid"
