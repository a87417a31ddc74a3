import json

from anquanyue.settings import contact_for_merge, load_settings, settings_path


def test_the_settings_folder_is_the_one_the_environment_names(tmp_path, monkeypatch):
    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path / "cfg"))
    assert settings_path() == tmp_path / "cfg" / "settings.json"


def test_given_values_are_kept_others_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text(json.dumps({"phone": "1", "theme": "深色"}), encoding="utf-8")
    chosen = contact_for_merge("  王敏 ", None)
    assert (chosen.contact, chosen.phone) == ("王敏", "1")
    assert chosen.notes == ["提醒：未给出电话（--phone），上报表沿用上次的“1”。"]
    assert load_settings() == {"phone": "1", "theme": "深色", "contact": "王敏"}


def test_a_broken_settings_file_counts_as_none(tmp_path, monkeypatch):
    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text("{不是 JSON", encoding="utf-8")
    assert load_settings() == {}
    chosen = contact_for_merge(None, " ")
    assert (chosen.contact, chosen.phone) == (None, None) and len(chosen.notes) == 2
    assert (tmp_path / "settings.json").read_text(encoding="utf-8") == "{不是 JSON"  # nothing given: left as it was
