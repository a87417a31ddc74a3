"""The desk in a real browser (Debian's chromium through selenium): start it, load the roster, drop the sample
forms, read the status table, open a unit, download the form and the report, and see foreign requests refused.

Skipped, saying why, where chromium or its driver is missing; ``.ci/run`` installs both so CI never skips.
Set ANQUANYUE_SCREENSHOT=docs/desk.png to keep the page's screenshot for the README."""
from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .conftest import ROOT
from .forms import Filled, write_xlsx
from .desk_helpers import EXPECTED_ROWS, ROSTER, expected_totals, report_totals, sample_forms

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip("需要 Debian 的 chromium 和 chromium-driver（apt-get install chromium chromium-driver）；.ci/run 会安装",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="需要 selenium（pip install '.[test]'）")
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 30  # seconds for anything the page does


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """``anquanyue desk`` as the clerk starts it (a process, 127.0.0.1, a free port), on an empty new inbox."""
    folder = tmp_path_factory.mktemp("desk")
    inbox = folder / "收件"
    inbox.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "anquanyue", "desk", str(inbox), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               cwd=folder)
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:(\d+)/)\?key=(\S+)", line)
    assert match, line
    yield {"base": match.group(1), "port": int(match.group(2)), "key": match.group(3), "inbox": inbox,
           "output": folder / "收件-汇总", "folder": folder}
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1800", "--host-resolver-rules=MAP rebind.test 127.0.0.1",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait(driver, condition, message: str):
    try:
        return WebDriverWait(driver, WAIT, ignored_exceptions=[StaleElementReferenceException]).until(condition)
    except TimeoutException:
        pytest.fail(f"{message}（页面：{driver.current_url}）")


def table_rows(driver, table: str = "status-table") -> list[tuple[str, str]]:
    """The rows at one instant (the live part is replaced every few seconds: read in one script)."""
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map("
        "r => [r.getAttribute('data-unit'), r.getAttribute('data-state')]);", f"#{table} tbody tr")
    return [tuple(row) for row in rows]


def live(driver, element_id: str, what: str = "textContent") -> str | None:
    return driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e[arguments[1]] : null;",
                                 element_id, what)


def click(driver, by, value) -> None:
    """Click an element of the live part, again if it was replaced in between."""
    for _ in range(5):
        try:
            driver.find_element(by, value).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.2)
    driver.find_element(by, value).click()


def downloaded(driver, name: str) -> Path:
    path = driver.downloads / name
    wait(driver, lambda d: path.is_file() and not list(driver.downloads.glob("*.crdownload")), f"没有下载到 {name}")
    return path


def test_the_clerks_flow(desk, browser):
    browser.get(f"{desk['base']}?key={desk['key']}")
    assert browser.current_url == desk["base"]  # the secret traded for a cookie, the address bar clean
    assert browser.find_element(By.ID, "inbox").get_attribute("value") == str(desk["inbox"].resolve())
    assert table_rows(browser) == []  # a new, empty inbox

    browser.find_element(By.ID, "roster-file").send_keys(str(ROSTER))
    wait(browser, lambda d: "已载入名单：12 个单位" in (live(d, "roster-info") or ""), "名单没有载入")

    # the sample forms dropped onto the page (through the drop zone's file chooser)
    browser.find_element(By.ID, "drop-files").send_keys("\n".join(str(p) for p in sample_forms()))
    wait(browser, lambda d: table_rows(d) == EXPECTED_ROWS, f"报送情况不对：{table_rows(browser)}")
    assert sorted(p.name for p in desk["inbox"].iterdir()) == sorted(p.name for p in sample_forms())  # nothing else
    others = live(browser, "others-table")
    assert "被更正版替代" in others and "乳山市工信局.docx" in others
    notice = live(browser, "notice", "value")
    assert "一、尚未报送的单位（2 个）：南海新区科技金融局、威海市工业和信息化局消费品工业科。请尽快报送。" in notice
    click(browser, By.ID, "copy-notice")
    wait(browser, lambda d: live(d, "copied") == "已复制，可直接粘贴到微信。", "复制按钮没有反应")

    # a unit whose form has a word where a number belongs: 有错误, the problem with its place, not summed
    schema = load_schema("weihai-2023")
    broken = write_xlsx(Filled(schema, raw={c: "3" for c in schema.codes} | {"2.1": "若干"}, unit="南海新区科技金融局",
                               date="2023年6月29日"), desk["folder"] / "南海新区.xlsx")
    browser.find_element(By.ID, "drop-files").send_keys(str(broken))
    wait(browser, lambda d: ("南海新区科技金融局", "有错误") in table_rows(d), "有错误的表没有显示")
    row = browser.execute_script(
        "return Array.from(document.querySelectorAll('#status-table tr')).find("
        "r => r.getAttribute('data-unit') === '南海新区科技金融局').textContent;")
    assert "Sheet1!B5：2.1（参与“人人讲安全 个个会应急”网络知识竞赛）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：人）。" in row
    assert "南海新区.xlsx" in row

    shot = os.environ.get("ANQUANYUE_SCREENSHOT")
    browser.execute_script("window.scrollTo(0, 0)")
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1280, min(max(height, 900), 2600))
    browser.save_screenshot(str(browser.downloads.parent / "desk.png"))
    if shot:
        browser.save_screenshot(str(ROOT / shot))

    # the same file dropped again is kept beside the first
    browser.find_element(By.ID, "drop-files").send_keys(str(sample_forms()[0]))
    first = sample_forms()[0]
    kept = f"{first.stem}（2）{first.suffix}"
    wait(browser, lambda d: kept in (live(d, "drop-log") or ""), "同名文件没有另存")
    assert (desk["inbox"] / kept).read_bytes() == first.read_bytes() == (desk["inbox"] / first.name).read_bytes()
    (desk["inbox"] / kept).unlink()

    # one unit's form as read
    click(browser, By.LINK_TEXT, "环翠区工信局.xlsx")
    wait(browser, lambda d: d.find_elements(By.ID, "form-view"), "没有打开单位的表")
    report = read_form(desk["inbox"] / "环翠区工信局.xlsx")
    for code, value in report.values.items():
        cells = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"]').find_elements(By.TAG_NAME, "td")
        assert cells[0].text == code and cells[2].text.startswith(f"{value} ") and cells[3].text == report.locations[code]
    browser.back()

    # the consolidated form and the working report, downloaded, carry the forms' own sums
    wait(browser, lambda d: d.find_elements(By.ID, "get-form"), "回不到首页")
    expected = expected_totals()
    browser.find_element(By.ID, "get-form").click()
    form = downloaded(browser, "汇总表-weihai-2023.xlsx")
    back = read_form(form)
    assert back.ok and back.values == {code: expected[code] for code in back.values}
    browser.find_element(By.ID, "get-report").click()
    assert report_totals(downloaded(browser, "工作报告-weihai-2023.xlsx")) == expected
    assert (desk["output"] / "汇总表-weihai-2023.xlsx").read_bytes() == form.read_bytes()


class _Foreign(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_foreign_pages_and_names_are_refused(desk, browser, tmp_path):
    """A page of another origin cannot drive the desk, a foreign host name is refused even with the secret
    (DNS rebinding), and without the secret nothing opens."""
    (tmp_path / "index.html").write_text("<!doctype html><title>别的网站</title>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Foreign(*a, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(f"{desk['base']}?key={desk['key']}")
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/")
        outcome = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0] + 'api/choose/inbox', {method: 'POST', credentials: 'include',"
            " headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({path: '/', create: true})})"
            ".then(r => done('answered ' + r.status)).catch(e => done('refused'));", desk["base"])
        assert outcome == "refused"  # 403 without CORS headers: the page learns nothing
    finally:
        server.shutdown()
        server.server_close()
    browser.get(desk["base"])
    assert browser.find_element(By.ID, "inbox").get_attribute("value") == str(desk["inbox"].resolve())

    browser.get(f"http://rebind.test:{desk['port']}/?key={desk['key']}")
    assert "只接受 127.0.0.1 或 localhost" in browser.find_element(By.TAG_NAME, "body").text

    browser.get(desk["base"])
    browser.delete_all_cookies()  # the cookies of the page shown: the desk's
    browser.get(desk["base"])
    assert "缺少本次启动的密钥" in browser.find_element(By.TAG_NAME, "body").text
    browser.get(f"{desk['base']}?key=wrong")
    assert "密钥不对" in browser.find_element(By.TAG_NAME, "body").text
