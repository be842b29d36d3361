"""JupyterLab on loopback shows the summary notebook with its chart and findings."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import chromium, chromium_paths, save_screenshot

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def jupyter_lab(tmp_path):
    chromium_paths()  # skip early when there is no browser
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = open(tmp_path / "lab.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
         "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly"] + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("jupyter lab did not start: " + (tmp_path / "lab.log").read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_summary_notebook_renders_in_jupyterlab(jupyter_lab):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    base, token = jupyter_lab
    with chromium() as driver:
        driver.get(f"{base}/lab/tree/notebooks/00-summary.ipynb?token={token}")
        wait = WebDriverWait(driver, 120)
        try:
            img = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".jp-Notebook .jp-RenderedImage img")))
        finally:
            save_screenshot(driver, "jupyterlab-00-summary.png")
        driver.execute_script("arguments[0].scrollIntoView();", img)
        assert img.size["width"] > 200
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".jp-Notebook"), "Who speaks"))
        text = driver.find_element(By.CSS_SELECTOR, ".jp-Notebook").text
        assert "Vladimir Putin" in text
        save_screenshot(driver, "jupyterlab-00-summary.png")


def _run_all_cells(driver, wait) -> None:
    """Run > Run All Cells from the menu bar, then wait until no cell is still queued or running."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")))
    try:   # a fresh JupyterLab asks which kernel to start: accept the notebook's own (Python 3)
        WebDriverWait(driver, 60).until(
            EC.element_to_be_clickable((By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept"))).click()
        wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".jp-Dialog")))
    except TimeoutException:
        pass
    menu = wait.until(EC.element_to_be_clickable((By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel')][text()='Run']")))
    menu.click()
    item = wait.until(EC.element_to_be_clickable(
        (By.XPATH, "//div[contains(@class,'lm-Menu-itemLabel')][text()='Run All Cells']")))
    item.click()
    busy = "//div[contains(@class,'jp-InputPrompt')][contains(text(),'[*]')]"
    try:
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.XPATH, busy)))
    except TimeoutException:
        pass   # already done
    wait.until(lambda d: not d.find_elements(By.XPATH, busy))


def test_article_explorer_highlights_a_picked_speaker_in_jupyterlab(jupyter_lab):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, token = jupyter_lab
    notebook = ROOT / "notebooks" / "01-article.ipynb"
    committed = notebook.read_bytes()      # JupyterLab may save kernel metadata: restored below
    try:
        with chromium() as driver:
            driver.get(f"{base}/lab/tree/notebooks/01-article.ipynb?token={token}")
            wait = WebDriverWait(driver, 240)
            try:
                _run_all_cells(driver, wait)
                explorer = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".article-explorer")))
                driver.execute_script("arguments[0].scrollIntoView();", explorer)
                def marks() -> list[str]:    # read in one script: the widget re-renders its HTML
                    return driver.execute_script("return Array.from(arguments[0].querySelectorAll('mark.ex-hit'))"
                                                 ".map(m => m.textContent)", explorer)

                assert marks() == []
                speaker = Select(explorer.find_elements(By.CSS_SELECTOR, "select")[0])
                speaker.select_by_visible_text("Vladimir Putin")
                wait.until(lambda d: len(marks()) > 0)
                putin = marks()
                assert "Putin" in putin and "hailed" in putin      # source and cue of his attributions
                assert "Vladimir Putin" in explorer.find_element(By.CSS_SELECTOR, ".ex-status").text
                speaker.select_by_visible_text("Russia")
                wait.until(lambda d: marks() and marks() != putin)
            finally:
                save_screenshot(driver, "jupyterlab-01-article-explorer.png")
    finally:   # after the browser quit: nothing saves it again
        if notebook.read_bytes() != committed:
            notebook.write_bytes(committed)
