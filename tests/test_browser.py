"""A real browser draws the saved pages: Selenium drives headless Chromium
(Debian: apt-get install chromium chromium-driver), reads the rendered DOM
(what is displayed, where, how big) and takes screenshots that Pillow
decodes.  Skipped without Chromium, its driver or Selenium."""

from __future__ import annotations

import io
import os
import shutil

import pytest

import pyinspect

webdriver = pytest.importorskip("selenium.webdriver")
Image = pytest.importorskip("PIL.Image")
from selenium.webdriver.common.by import By  # noqa: E402

BROWSER = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(BROWSER is None or DRIVER is None, reason="no headless Chromium and chromedriver")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", "--force-device-scale-factor=1"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    d = tmp_path_factory.mktemp("browser")
    ns = {"a": [1, 2, 3]}
    ns["b"] = ns["a"]  # two labels, one list: refcnt 2
    pyinspect.save(pyinspect.names(ns), d / "names.html")
    pyinspect.save(0.1, d / "float.html")
    table = {"lr": 0.01, "epochs": 10, "layers": [1, 2]}
    del table["epochs"]  # a DUMMY slot and a deleted entry
    pyinspect.save(table, d / "dict.html")
    late = [lambda: i for i in range(3)]  # noqa: B023 - three lambdas, one cell
    pyinspect.save(pyinspect.names({"late": late}), d / "closures.html")
    pyinspect.save(late[0], d / "closure.html")
    return d


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for flag in FLAGS:
        options.add_argument(flag)
    # the system's driver: nothing downloaded.  The browser is not ours: a sanitizer runtime
    # preloaded for pyinspect's extension (CI's sanitizer stage) is not passed on to it
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    service = webdriver.ChromeService(executable_path=DRIVER, env=env)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def open_page(driver, path, width: int = 1100, height: int = 900) -> None:
    driver.set_window_size(width, height)
    driver.get(path.as_uri())


def screenshot(driver):
    """The viewport as a Pillow RGB image."""
    return Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")


def colours(img) -> set[tuple[int, int, int]]:
    return {rgb for _count, rgb in img.getcolors(maxcolors=1 << 24)}


def rgb(fill: str) -> tuple[int, int, int]:
    return tuple(bytes.fromhex(fill[1:]))  # type: ignore[return-value]


def test_names_page_is_drawn_with_its_labels(browser, page):
    open_page(browser, page / "names.html", 900, 700)
    img = screenshot(browser)
    seen = colours(img)
    assert len(seen) > 20, "the page looks blank"
    ink = sum(n for n, c in img.getcolors(maxcolors=1 << 24) if c != (255, 255, 255))
    assert ink > 0.01 * img.width * img.height
    assert rgb(pyinspect.render.svg.NAME) in seen  # the yellow of the name labels is painted
    labels = browser.find_elements(By.CSS_SELECTOR, 'rect.name[data-name="a"], rect.name[data-name="b"]')
    assert len(labels) == 2 and all(e.is_displayed() for e in labels)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "names → objects" in text and "refcnt 2" in text


def test_the_picture_fits_the_window(browser, page):
    """The inline SVG scales to the page (max-width: 100%): nothing is drawn past the window."""
    open_page(browser, page / "dict.html", 700, 900)
    for svg in browser.find_elements(By.CSS_SELECTOR, ".pyinspect-figure svg"):
        assert svg.is_displayed() and svg.size["width"] > 100 and svg.size["height"] > 50
        assert svg.location["x"] + svg.size["width"] <= 700


def test_float_page_names_every_format(browser, page):
    open_page(browser, page / "float.html")
    text = browser.find_element(By.TAG_NAME, "body").text
    for label in ("float64", "float16", "bfloat16", "ob_type", "PyFloatObject"):
        assert label in text, label


def test_dict_page_draws_both_tables_and_what_they_point_at(browser, page):
    open_page(browser, page / "dict.html", 1100, 1400)
    seen = colours(screenshot(browser))
    for fill in (pyinspect.render.svg.USED, pyinspect.render.svg_containers.DUMMY, pyinspect.render.svg.OBJECT):
        assert rgb(fill) in seen, fill  # used slots, the DUMMY, the object boxes
    text = browser.find_element(By.TAG_NAME, "body").text
    for label in ("dk_indices", "dk_entries", "DUMMY ✕", "NULL (deleted)", "'layers'", "what the dict points at"):
        assert label in text, label
    arrows = browser.find_elements(By.CSS_SELECTOR, ".index-arrow")
    assert arrows and all(a.size["width"] > 0 or a.size["height"] > 0 for a in arrows)
    assert browser.find_elements(By.CSS_SELECTOR, '[data-type="list"]')


def test_closure_page_draws_the_shared_cell(browser, page):
    open_page(browser, page / "closures.html", 1100, 800)
    seen = colours(screenshot(browser))
    assert len(seen) > 20, "the page looks blank"
    # the pink of the shared cell and the yellow of the name label are painted
    assert rgb(pyinspect.render.svg.SHARED) in seen and rgb(pyinspect.render.svg.NAME) in seen
    assert len(browser.find_elements(By.CSS_SELECTOR, '[data-type="function"]')) == 3
    assert len(browser.find_elements(By.CSS_SELECTOR, '[data-type="cell"]')) == 1
    for sel in ('[data-name="late"]', '[data-key="i"]', '[data-key="ob_ref"]'):
        assert browser.find_elements(By.CSS_SELECTOR, sel), sel
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "in 3 closures" in text and "late binding" in text


def test_function_page_shows_closure_tuple_cell_and_code(browser, page):
    open_page(browser, page / "closure.html")
    text = browser.find_element(By.TAG_NAME, "body").text
    for label in ("PyFunctionObject", "func_closure, 1 cell", "refcnt 3", "shared: 3 references",
                  "co_freevars", "func_closure cells"):
        assert label in text, label
