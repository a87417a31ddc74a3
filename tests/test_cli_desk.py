"""``anquanyue desk``: the command only starts the desk (``anquanyue.desk.serve``) and says where it is."""
from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

import anquanyue.desk as desk_module
from anquanyue.cli import main

from .conftest import SAMPLES


def run(args):
    return CliRunner().invoke(main, args, prog_name="anquanyue", env={"COLUMNS": "120"})


def test_desk_prints_its_address_and_passes_the_choices(monkeypatch):
    calls = []

    def serve(inbox, *, port, open_browser, on_ready):
        calls.append((inbox, port, open_browser))
        on_ready("http://127.0.0.1:8765/?key=abc")

    monkeypatch.setattr(desk_module, "serve", serve)
    result = run(["desk", str(SAMPLES / "weihai-2023"), "--port", "9123", "--no-browser"])
    assert result.exit_code == 0
    assert calls == [(SAMPLES / "weihai-2023", 9123, False)]
    assert result.output.splitlines() == [
        "汇总台已启动：http://127.0.0.1:8765/?key=abc",
        "请用浏览器打开上面的地址（地址中带有本次启动的密钥）；关闭本窗口或按 Ctrl+C 即停止。",
        "汇总台已停止。"]


def test_ctrl_c_stops_the_desk_quietly(monkeypatch):
    def serve(inbox, *, port, open_browser, on_ready):
        raise KeyboardInterrupt

    monkeypatch.setattr(desk_module, "serve", serve)
    result = run(["desk", "--no-browser"])
    assert result.exit_code == 0 and result.output == "汇总台已停止。\n"


def test_a_mistyped_inbox(tmp_path):
    (tmp_path / "收件箱").mkdir()
    result = run(["desk", str(tmp_path / "收件相")])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"错误：'[收件文件夹]' 的值无效：文件夹“{tmp_path / '收件相'}”不存在。您是不是要找“{tmp_path / '收件箱'}”？")


def test_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["desk", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"错误：端口 {port} 已被其他程序占用，请换一个端口（--port），或不写 --port 自动选择。"


def test_bind_listens_on_loopback_only():
    sock = desk_module.bind(None)
    try:
        host, port = sock.getsockname()
        assert host == "127.0.0.1" and port > 0
        assert desk_module.address(sock, "k") == f"http://127.0.0.1:{port}/?key=k"
    finally:
        sock.close()


def test_serve_refuses_a_file_as_inbox(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(desk_module.DeskError) as caught:
        desk_module.serve(path, open_browser=False)
    assert str(caught.value) == f"{path}：这是一个文件，不是文件夹。"
