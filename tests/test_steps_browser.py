"""A real browser drives the stepper page: Selenium with Chromium and its
driver (Debian: apt-get install -y chromium chromium-driver; pip install
selenium, in the ``test`` extra).  The page loads from a file (no network),
→ and the buttons move the marked line and change the picture, and the
browser console stays free of errors.  Skipped, with the reason, when
Selenium, Chromium or chromedriver is missing."""

from __future__ import annotations

import os
import shutil

import pytest

import pyinspect

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

BROWSER = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium)"),
    pytest.mark.skipif(DRIVER is None, reason="no chromedriver installed (apt-get install chromium-driver)"),
]

SNIPPET = """\
a = []
b = a
for i in range(5):
    a.append(i)
d = {"x": 1, "y": 2}
del d["x"]
"""


@pytest.fixture(scope="module", params=["json", "gzip"])
def page(request, tmp_path_factory):
    """The page as save() writes it, and with its data gzipped (what a long run gets)."""
    path = tmp_path_factory.mktemp("stepper") / "steps.html"
    run = pyinspect.steps(SNIPPET)
    if request.param == "json":
        pyinspect.save(run, path)
    else:
        from pyinspect.render.html_steps import page as steps_page

        path.write_text(steps_page(run, compress=True), encoding="utf-8")
        assert 'data-encoding="gzip+base64"' in path.read_text(encoding="utf-8")
    return path, run


@pytest.fixture(scope="module")
def browser():
    opts = Options()
    opts.binary_location = BROWSER
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-extensions", "--window-size=1400,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the Debian driver, given by path: Selenium Manager downloads nothing
    # the browser is not ours: a sanitizer runtime preloaded for pyinspect's extension (CI's
    # sanitizer stage) is not passed on to it (Chromium hangs with libasan preloaded)
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER, env=env), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def load(driver, path):
    """Open the page and wait until its script has unpacked the steps."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, "pyi-steps").get_attribute("data-ready") == "1")


def state(driver):
    """(step, marked line, the picture's markup, the changes listed)."""
    root = driver.find_element(By.ID, "pyi-steps")
    ran = driver.find_elements(By.CSS_SELECTOR, "#pyi-steps .pyi-src .ln.ran")
    pic = driver.find_element(By.CSS_SELECTOR, "#pyi-steps .pyi-picture").get_attribute("innerHTML")
    changes = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#pyi-steps .pyi-changes li")]
    return (int(root.get_attribute("data-step")), [int(r.get_attribute("data-line")) for r in ran], pic, changes)


def errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_keys_and_buttons_move_the_line_and_the_picture(page, browser):
    path, run = page
    load(browser, path)
    step, lines, pic, changes = state(browser)
    assert step == 0 and lines == [run[0].line] == [1]
    assert "<svg" in pic and 'data-name="a"' in pic
    assert any("new" in c for c in changes)
    # → on the page: the next step, its line marked, its picture drawn
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    step1, lines1, pic1, _ = state(browser)
    assert step1 == 1 and lines1 == [run[1].line] == [2]
    assert pic1 != pic and 'data-name="b"' in pic1
    # the next button, three times
    button = browser.find_element(By.CSS_SELECTOR, '#pyi-steps button[data-act="next"]')
    for k in range(2, 5):
        button.click()
        got, marked, _, _ = state(browser)
        assert got == k and marked == [run[k].line]
    # the list's growth is in the picture: allocated shows as spare slots
    grown = next(k for k, s in enumerate(run) if s.changed("resized"))
    browser.find_element(By.CSS_SELECTOR, '#pyi-steps button[data-act="first"]').click()
    for _ in range(grown):
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    got, _, pic_grown, changes = state(browser)
    assert got == grown and any(c.startswith("resized") for c in changes)
    assert 'class="slot spare"' in pic_grown
    # ← goes back; the last button reaches the DUMMY step
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    assert state(browser)[0] == grown - 1
    browser.find_element(By.CSS_SELECTOR, '#pyi-steps button[data-act="last"]').click()
    got, marked, _, changes = state(browser)
    assert got == len(run) - 1 and marked == [6]
    assert any("DUMMY" in c for c in changes)
    assert browser.find_element(By.CSS_SELECTOR, '#pyi-steps button[data-act="next"]').get_attribute("disabled")
    assert errors(browser) == []


def test_slider_and_unchanged_objects_stay_in_place(page, browser):
    path, run = page
    load(browser, path)
    slider = browser.find_element(By.CSS_SELECTOR, "#pyi-steps .pyi-slider")
    browser.execute_script("arguments[0].value = 3; arguments[0].dispatchEvent(new Event('input'));", slider)
    assert state(browser)[0] == 3
    # the list bound to a and b is drawn at the same place at every step it lives
    address = f"{run[2].names.target('a').address:#x}"
    boxes = set()
    for k in range(2, len(run)):
        browser.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                               slider, k)
        rect = browser.find_element(By.CSS_SELECTOR,
                                    f'#pyi-steps g.object[data-address="{address}"] rect.object-box')
        boxes.add((rect.get_attribute("x"), rect.get_attribute("y")))
    assert len(boxes) == 1, boxes
    assert errors(browser) == []
