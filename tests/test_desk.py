"""The desk's routes through Starlette's test client: the safety checks, uploads, the status rows, one form as
read and the downloads."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from anquanyue.desk import files
from anquanyue.desk.app import create_app
from anquanyue.desk.files import DeskError, safe_name
from anquanyue.desk.state import DeskState
from anquanyue.reading.reader import read_form

from .desk_helpers import EXPECTED_ROWS, ROSTER, copy_inbox, expected_totals, report_totals

PORT = 8765
SECRET = "s3cret-for-tests"
BASE = f"http://127.0.0.1:{PORT}"


def make_client(state: DeskState, **kwargs) -> TestClient:
    return TestClient(create_app(state, SECRET, PORT), base_url=BASE, **kwargs)


@pytest.fixture
def desk(tmp_path):
    state = DeskState()
    state.set_inbox(str(copy_inbox(tmp_path / "收件")))
    client = make_client(state)
    assert client.get(f"/?key={SECRET}", follow_redirects=False).status_code == 303
    return state, client


def rows(html: str, table: str = "status-table") -> list[tuple[str, str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return [(unescape(u), unescape(s)) for u, s in re.findall(r'data-unit="([^"]*)" data-state="([^"]*)"', body)]


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


# ---- safety ----

def test_the_secret_is_traded_for_a_cookie_and_required_on_every_request(tmp_path):
    state = DeskState()
    client = make_client(state)
    first = client.get(f"/?key={SECRET}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert f"anquanyue_desk_{PORT}={SECRET}" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/").status_code == 200
    stranger = make_client(state)
    for path in ("/", "/live", "/download/notice", "/static/desk.js", "/unit?f=x.xlsx"):
        refused = stranger.get(path)
        assert refused.status_code == 403 and "缺少本次启动的密钥" in refused.text, path
    wrong = stranger.get("/?key=guess", follow_redirects=False)
    assert wrong.status_code == 403 and "密钥不对" in wrong.text
    assert stranger.post("/api/choose/inbox", json={"path": str(tmp_path)}).status_code == 403
    assert state.inbox is None


def test_a_foreign_host_or_origin_is_refused(desk):
    state, client = desk
    rebound = client.get("/", headers={"Host": f"evil.example:{PORT}"})
    assert rebound.status_code == 403 and "只接受 127.0.0.1 或 localhost" in rebound.text
    assert client.get("/", headers={"Host": f"127.0.0.1:{PORT + 1}"}).status_code == 403
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200
    before = state.inbox
    foreign = client.post("/api/choose/inbox", json={"path": "/"}, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and "请求来自其他网站" in foreign.text
    cross = client.post("/api/choose/inbox", json={"path": "/"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    other_port = client.get("/download/form", headers={"Sec-Fetch-Site": "same-site"})  # a link on 127.0.0.1:other
    assert other_port.status_code == 403 and not (state.output / "汇总表-weihai-2023.xlsx").exists()
    assert client.get("/", headers={"Sec-Fetch-Site": "none"}).status_code == 200  # typed or opened by the terminal
    assert client.get("/live", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert state.inbox == before
    same = client.post("/api/choose/schema", json={"ref": ""}, headers={"Origin": f"http://127.0.0.1:{PORT}"})
    assert same.status_code == 200


def test_safe_names():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\Windows\\win.ini") == "win.ini"
    assert safe_name("CON.xlsx") == "_CON.xlsx" and safe_name("com1.docx") == "_com1.docx"
    assert safe_name('环翠区<工信局>:?.xlsx') == "环翠区_工信局___.xlsx"
    assert safe_name(".hidden.xlsx") == "hidden.xlsx"
    assert len(safe_name("长" * 300 + ".docx")) == files.MAX_NAME
    with pytest.raises(DeskError):
        safe_name("../..")


# ---- uploads ----

def test_dropped_files_are_saved_beside_same_named_ones_never_over_them(desk):
    state, client = desk
    original = (state.inbox / "环翠区工信局.xlsx").read_bytes()
    answer = client.post("/api/upload/files?name=" + quote("环翠区工信局.xlsx"), content=b"second copy")
    assert answer.json() == {"message": "已保存：环翠区工信局（2）.xlsx（已有同名文件，另存为 环翠区工信局（2）.xlsx）"}
    assert (state.inbox / "环翠区工信局.xlsx").read_bytes() == original
    assert (state.inbox / "环翠区工信局（2）.xlsx").read_bytes() == b"second copy"
    third = client.post("/api/upload/files?name=" + quote("环翠区工信局.xlsx"), content=b"third")
    assert third.json()["message"].startswith("已保存：环翠区工信局（3）.xlsx")
    escape = client.post("/api/upload/files?name=" + quote("../../逃出.xlsx"), content=b"x")
    assert escape.json()["message"] == "已保存：逃出.xlsx"
    assert (state.inbox / "逃出.xlsx").is_file() and not (state.inbox.parent.parent / "逃出.xlsx").exists()
    assert not [p for p in state.inbox.iterdir() if p.name.endswith(".part")]


def test_uploads_refused_with_a_message(desk, monkeypatch):
    state, client = desk
    wrong = client.post("/api/upload/files?name=run.exe", content=b"MZ")
    assert wrong.status_code == 400
    assert wrong.json() == {"error": "run.exe：只收 .7z、.doc、.docm、.docx、.et、.htm、.html、.ods、.odt、.wps、.xls、.xlsb、"
                                     ".xlsm、.xlsx、.xml、.zip 格式的统计表，这个文件未保存。"}
    empty = client.post("/api/upload/files?name=a.xlsx", content=b"")
    assert empty.json() == {"error": "a.xlsx：文件是空的，未保存。"}
    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 10)
    big = client.post("/api/upload/files?name=big.xlsx", content=b"x" * 11)
    assert big.status_code == 400 and big.json()["error"].startswith("big.xlsx：文件超过")
    assert not (state.inbox / "big.xlsx").exists() and not (state.inbox / "a.xlsx").exists()
    state.uploads = files.MAX_UPLOADS
    full = client.post("/api/upload/files?name=b.xlsx", content=b"x")
    assert full.status_code == 400 and "达到上限" in full.json()["error"]


def test_no_inbox_yet():
    client = make_client(DeskState())
    client.get(f"/?key={SECRET}")
    assert "请先在第 2 步选择收件文件夹" in client.get("/live").text
    answer = client.post("/api/upload/files?name=a.xlsx", content=b"x")
    assert answer.json() == {"error": "请先选择收件文件夹，再拖入文件。"}


def test_choosing_and_creating_the_inbox(tmp_path):
    state = DeskState()
    client = make_client(state)
    client.get(f"/?key={SECRET}")
    folder = tmp_path / "新收件"
    missing = client.post("/api/choose/inbox", json={"path": str(folder)})
    assert missing.json() == {"error": f"{folder}：文件夹不存在。要新建它，请勾选“不存在时新建”。"}
    made = client.post("/api/choose/inbox", json={"path": str(folder), "create": True})
    assert made.json() == {"message": f"收件文件夹：{folder.resolve()}"} and folder.is_dir()
    assert state.output == folder.resolve().parent / "新收件-汇总"
    inside = client.post("/api/choose/output", json={"path": str(folder / "汇总")})
    assert inside.status_code == 400 and "不能保存在收件文件夹里" in inside.json()["error"]
    assert client.post("/api/choose/inbox", content=b"not json").status_code == 400


# ---- the status table, a form as read, the downloads ----

def test_status_rows_with_the_roster(desk):
    state, client = desk
    loaded = client.post("/api/upload/roster?name=roster-weihai.csv", content=ROSTER.read_bytes())
    assert loaded.json()["message"].startswith("已载入名单：12 个单位")
    html = client.get("/live").text
    assert rows(html) == EXPECTED_ROWS
    others = text(html.split('id="others-table"', 1)[1].split("</table>", 1)[0])
    assert "被更正版替代" in others and "乳山市工信局.docx" in others and "以 乳山市工信局（更正）.docx 为准" in others
    assert "一、尚未报送的单位（2 个）：南海新区科技金融局、威海市工业和信息化局消费品工业科。请尽快报送。" in unescape(html)
    notice = client.get("/download/notice")
    assert notice.headers["content-disposition"] == "attachment; filename*=utf-8''" + quote("催报通知.txt")
    assert "南海新区科技金融局、威海市工业和信息化局消费品工业科" in notice.text
    # the working report names the roster's units not in the totals
    assert client.get("/download/report").status_code == 200
    import openpyxl

    sheet = openpyxl.load_workbook(state.output / "工作报告-weihai-2023.xlsx", read_only=True)["汇总"]
    notes = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert "未计入的单位（2 个）：" in notes
    # the roster is kept in the output folder and found again by the next launch
    again = DeskState()
    again.set_inbox(str(state.inbox))
    assert again.roster is not None and len(again.roster.units) == 12


def test_a_broken_form_shows_its_problem_with_its_place(desk):
    state, client = desk
    client.post("/api/upload/roster?name=r.csv", content=ROSTER.read_bytes())
    (state.inbox / "文登区工信局.docx").unlink()
    from anquanyue.schema import load_schema

    from .forms import Filled, write_xlsx

    schema = load_schema("weihai-2023")
    write_xlsx(Filled(schema, raw={c: "5" for c in schema.codes} | {"1.1": "若干"}, unit="文登区工业和信息化局",
                      date="2023年6月27日"), state.inbox / "文登区.xlsx")
    html = client.get("/live").text
    assert ("文登区工业和信息化局", "有错误") in rows(html)
    report = read_form(state.inbox / "文登区.xlsx", label=str(state.inbox / "文登区.xlsx"))
    message = next(i.message for i in report.errors if i.field == "1.1")
    shown = "Sheet1!B4：1.1（宣讲活动）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：场）。"
    assert message == shown  # the place in the form first
    assert shown in unescape(html)
    unit = client.get("/unit?f=" + quote("文登区.xlsx"))
    assert unit.status_code == 200
    row = unescape(unit.text.split('data-code="1.1"', 1)[1].split("</tr>", 1)[0])
    assert "宣讲活动" in row and shown in row and "has-problem" in unit.text.split('data-code="1.1"', 1)[0][-60:]


def test_a_unit_form_as_read(desk):
    state, client = desk
    page = client.get("/unit?f=" + quote("环翠区工信局.xlsx"))
    assert page.status_code == 200
    report = read_form(state.inbox / "环翠区工信局.xlsx")
    body = unescape(page.text)
    assert "环翠区工信局" in body or "环翠区工业和信息化局" in body
    for code, value in report.values.items():
        row = body.split(f'data-code="{code}"', 1)[1].split("</tr>", 1)[0]
        assert f">{code}<" in row and f"{value} " in row and report.locations[code] in row


def test_a_unit_page_never_reads_outside_the_inbox(desk, tmp_path):
    _, client = desk
    (tmp_path / "外面.xlsx").write_bytes(b"x")
    for name in ("../外面.xlsx", str(tmp_path / "外面.xlsx"), "没有这个.xlsx"):
        page = client.get("/unit?f=" + quote(name))
        assert page.status_code == 400 and "Traceback" not in page.text
    assert "只能打开收件文件夹中的文件" in client.get("/unit?f=" + quote("../外面.xlsx")).text


def test_the_inbox_is_read_once_for_the_page_the_roster_and_the_downloads(desk, monkeypatch, tmp_path):
    import os

    from anquanyue.merging import merge as merging
    from anquanyue.merging.merge import merge
    from anquanyue.writing.outputs import write_outputs

    from .conftest import builtin_yaml

    state, client = desk
    reads = []
    real = merging.read_inbox
    monkeypatch.setattr(merging, "read_inbox", lambda *args, **kwargs: reads.append(args) or real(*args, **kwargs))
    client.post("/api/upload/roster?name=roster-weihai.csv", content=ROSTER.read_bytes())
    assert rows(client.get("/live").text) == EXPECTED_ROWS
    form = client.get("/download/form?fmt=xlsx").content
    report = client.get("/download/report").content
    assert "南海新区科技金融局" in client.get("/download/notice").text
    assert len(reads) == 1  # the page, who has reported, the form, the report and the notice: one reading
    # what the desk writes from that reading is what merge writes reading the inbox afresh
    fresh = write_outputs(merge([state.inbox], roster=state.roster), tmp_path / "fresh.xlsx", tmp_path / "r.xlsx")
    assert (fresh[0].read_bytes(), fresh[1].read_bytes()) == (form, report)
    reads.clear()
    changed = state.inbox / "环翠区工信局.xlsx"
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    client.get("/live")
    client.get("/download/form?fmt=docx")
    assert len(reads) == 1  # a file changed: read again, once
    text = builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: weihai-2023-local")
    (state.inbox.parent / "schemas").mkdir()
    (state.inbox.parent / "schemas" / "local.yaml").write_text(text[: text.index("# 汇总到另外两张")], encoding="utf-8")
    client.get("/live")
    assert len(reads) == 2  # a schema file beside the inbox: the forms are recognised again


def test_the_page_comes_at_once_and_says_how_far_the_reading_has_got(desk, monkeypatch):
    from anquanyue.merging import merge as merging

    state, client = desk
    reads = []
    real = merging.read_inbox
    monkeypatch.setattr(merging, "read_inbox", lambda *args, **kwargs: reads.append(args) or real(*args, **kwargs))
    first = client.get("/")
    assert 'id="live-pending"' in first.text and "正在读取收件文件夹……" in first.text and reads == []
    assert client.get("/progress").json() == {"reading": False, "done": 0, "total": 0}
    state.progress = (3, 10)  # as a reading in another request sets it
    assert client.get("/progress").json() == {"reading": True, "done": 3, "total": 10}
    state.progress = None
    client.get("/live")
    assert len(reads) == 1 and state.progress is None
    again = client.get("/")  # read already: the page shows it without waiting for anything
    assert 'id="live-pending"' not in again.text and 'id="status-table"' in again.text and len(reads) == 1


def test_progress_counts_the_files_while_the_inbox_is_read(tmp_path):
    import shutil
    import threading
    import time

    from .desk_helpers import sample_forms

    inbox = tmp_path / "收件"
    inbox.mkdir()
    for n in range(6):
        for path in sample_forms():
            shutil.copy(path, inbox / f"{n}-{path.name}")
    total = sum(1 for _ in inbox.iterdir())
    (inbox / "~$0-环翠区工信局.xlsx").write_bytes(b"lock")  # her Office's lock file: ignored, never counted
    state = DeskState()
    state.set_inbox(str(inbox))
    seen = []
    reader = threading.Thread(target=state.reading)  # as the desk reads: off the main thread
    reader.start()
    while reader.is_alive():
        if (found := state.progress) is not None and (not seen or seen[-1] != found):
            seen.append(found)
        time.sleep(0.001)
    reader.join()
    assert state.progress is None and state.is_current()
    counted = [found for found in seen if found[1]]
    assert counted and all(t == total for _, t in counted)  # the files read, her lock file not among them
    assert [d for d, _ in counted] == sorted(d for d, _ in counted) and counted[-1][0] <= total
    assert len(counted) > 1  # seen again and again as the files were read


def test_downloads_carry_the_totals(desk):
    state, client = desk
    expected = expected_totals()
    form = client.get("/download/form?fmt=xlsx")
    assert form.status_code == 200
    saved = state.output / "汇总表-weihai-2023.xlsx"
    assert saved.read_bytes() == form.content
    back = read_form(saved)
    assert back.ok and {c: v for c, v in back.values.items()} == {c: expected[c] for c in back.values}
    report = client.get("/download/report")
    assert report.status_code == 200
    path = state.output / "工作报告-weihai-2023.xlsx"
    assert path.read_bytes() == report.content
    assert report_totals(path) == expected
    docx = client.get("/download/form?fmt=docx")
    assert docx.status_code == 200 and (state.output / "汇总表-weihai-2023.docx").is_file()
    national = client.get("/download/form?fmt=xlsx&to=national-2023")
    assert national.status_code == 200 and (state.output / "汇总表-national-2023.xlsx").is_file()
    bad = client.get("/download/form?fmt=pdf")
    assert bad.status_code == 400 and "只能生成 .xlsx 或 .docx" in bad.text
    assert not [p for p in state.inbox.iterdir() if p.name.startswith("汇总表")]


def test_the_notice_needs_a_roster(desk):
    _, client = desk
    page = client.get("/download/notice")
    assert page.status_code == 400 and "载入应报单位名单" in page.text


def test_choosing_and_uploading_a_schema(desk):
    state, client = desk
    from .conftest import builtin_yaml

    own = builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: weihai-2024-desk")
    answer = client.post("/api/upload/schema?name=" + quote("新表样.yaml"), content=own.encode())
    assert answer.json()["message"].endswith("（weihai-2024-desk）") and state.schema.id == "weihai-2024-desk"
    assert (state.output / "表样" / "新表样.yaml").is_file()
    broken = client.post("/api/upload/schema?name=bad.yaml", content=b"id: [")
    assert broken.status_code == 400 and "Traceback" not in broken.text
    assert not (state.output / "表样" / "bad.yaml").exists()
    again = DeskState()
    again.set_inbox(str(state.inbox))  # the next launch offers it again
    assert "weihai-2024-desk" in [s.id for s in again.schemas()]
    assert client.post("/api/choose/schema", json={"ref": "national-2023"}).json()["message"].startswith("表样：")
    wrong = client.post("/api/choose/schema", json={"ref": "没有"})
    assert wrong.status_code == 400 and "没有这个表样" in wrong.json()["error"]


def test_failures_are_chinese_pages_never_tracebacks(desk, monkeypatch):
    state, _ = desk
    client = make_client(state, raise_server_exceptions=False)
    client.get(f"/?key={SECRET}")
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "没有这个页面" in missing.text
    assert client.post("/live").status_code == 405

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(state, "reading", broken)
    crashed = client.get("/live")
    assert crashed.status_code == 500 and "汇总台内部出错" in crashed.text
    assert "Traceback" not in crashed.text and "boom" not in crashed.text and "RuntimeError" not in crashed.text


def test_anomalies_and_chart(desk):
    state, client = desk
    from anquanyue.merging.merge import merge
    from anquanyue.schema import load_schema

    from .forms import Filled, write_xlsx

    schema = load_schema("weihai-2023")
    write_xlsx(Filled(schema, raw={c: "5" for c in schema.codes}, unit="南海新区科技金融局", date="2023年6月29日"),
               state.inbox / "南海新区.xlsx")
    flagged = [i.message for i in merge([state.inbox]).issues if i.code == "anomaly-constant"]
    assert len(flagged) == 1
    html = unescape(client.get("/live").text)
    listed = html.split('id="anomalies"', 1)[1].split("</ul>", 1)[0]
    assert flagged[0].replace(str(state.inbox) + "/", "") in listed
    bars = re.findall(r'<span class="bar-label">([^<]*)</span><span class="bar" style="width: ([\d.]+)%"></span>'
                      r'<span class="bar-value">(\d+)</span>', html)
    assert len(bars) == 11 and bars[0][1] == "100.0"
    people = [c for c, b in schema.blanks.items() if b.unit == "人次" and c in schema.codes]
    assert ("南海新区科技金融局", str(round(100 * 5 * len(people) / int(bars[0][2]), 1)), str(5 * len(people))) in bars


def test_without_a_roster_one_row_per_file(desk):
    _, client = desk
    html = client.get("/live").text
    assert "尚未载入应报单位名单" in html
    assert rows(html) == [
        ("临港区经济发展局", "已报"), ("乳山市工业和信息化局", "被更正版替代"), ("乳山市工业和信息化局", "已报"),
        ("威海市工业和信息化局原材料工业科", "已报"), ("文登区工业和信息化局", "已报"), ("环翠区工业和信息化局", "已报"),
        ("经区经济发展局", "已报"), ("综保区经济发展局", "已报"), ("荣成市工业和信息化局", "已报"),
        ("威海市工业和信息化局装备工业科", "已报"), ("高区经济发展局", "已报")]
    assert "以 乳山市工信局（更正）.docx 为准" in unescape(html)


def test_every_asset_ships_with_the_package():
    """No CDN, no web font, no address outside the desk: the page works without the internet."""
    from importlib import resources

    folder = resources.files("anquanyue.desk")
    texts = {path.name: path.read_text(encoding="utf-8") for sub in ("templates", "static")
             for path in (folder / sub).iterdir()}
    assert {"desk.css", "desk.js", "base.html", "index.html", "_live.html", "unit.html", "failure.html"} <= set(texts)
    for name, text in texts.items():
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text), name
    linked = re.findall(r'(?:src|href)="(/static/[^"]+)"', texts["base.html"])
    assert linked == ["/static/desk.css", "/static/desk.js"]
    assert all((folder / link.removeprefix("/")).is_file() for link in linked)


def test_an_excel_roster(desk, tmp_path):
    import csv

    import xlsxwriter

    state, client = desk
    path = tmp_path / "名单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for number, row in enumerate(csv.reader(ROSTER.read_text(encoding="utf-8").splitlines())):
        sheet.write_row(number, 0, row)
    book.close()
    loaded = client.post("/api/upload/roster?name=" + quote("名单.xlsx"), content=path.read_bytes())
    assert loaded.json()["message"] == f"已载入名单：12 个单位（副本保存在 {state.output / '应报单位名单.xlsx'}）"
    assert rows(client.get("/live").text) == EXPECTED_ROWS
    wrong = client.post("/api/upload/roster?name=名单.pdf", content=b"%PDF")
    assert wrong.status_code == 400 and wrong.json()["error"].startswith("名单.pdf：名单请用 CSV 或 Excel")
