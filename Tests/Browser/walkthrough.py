"""A county officer's day in a real browser (headless Chromium through
WebDriver) against a real `teacher-registry serve` on 127.0.0.1 with a
temporary database: sign in, upload the sample ZIP, read the error list,
resolve two suspected duplicates (one same person, one different), approve a
transfer, follow the teacher's timeline; and a school that cannot see
another school's teacher. Screenshots of every page go to --screenshots.

    /usr/bin/python3 Tests/Browser/walkthrough.py --binary .build/debug/teacher-registry \
        --samples Data/samples --screenshots out/screenshots

Needs Debian's chromium, chromium-driver and python3-selenium (.ci/run installs them).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "县级数据员口令2026"
COUNTY, SCHOOL_A, SCHOOL_B, SCHOOL_ZIP = "360102", "2136010102", "2136010103", "3136010001"


def id_number(body):
    """The full 18-character resident ID for a 17-digit body (GB 11643 check character)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


class Walkthrough:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="browser-walkthrough-")
        self.db = os.path.join(self.work, "registry.sqlite")
        self.shots = args.screenshots
        os.makedirs(self.shots, exist_ok=True)
        self.server = None
        self.browser = None
        self.english = []

    def cli(self, *arguments, stdin=None, check=True):
        result = subprocess.run([self.args.binary, *arguments], input=stdin, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(arguments)}: {result.stderr or result.stdout}")
        return result

    def seed(self):
        self.cli("db", "init", "--db", self.db, "--province", "36")
        for name, role, jurisdiction in [("donghu", "county", COUNTY), ("donghu2", "county", COUNTY), ("yucai", "school", SCHOOL_A),
                                         ("dier", "school", SCHOOL_B), ("province", "province", "36")]:
            self.cli("user", "add", "--db", self.db, "--name", name, "--role", role, "--jurisdiction", jurisdiction, "--cost", "4", stdin=PASSWORD + "\n")
        for code, name in [(SCHOOL_A, "南昌市育才小学"), (SCHOOL_B, "南昌市东湖区第二小学"), (SCHOOL_ZIP, "南昌市第一中学")]:
            self.cli("school", "add", "--db", self.db, "--county", COUNTY, "--name", name, code)
        self.zhang = id_number("36010219850312001")
        self.li = id_number("36010219700101002")
        self.wang = id_number("36010219880808003")
        staff = os.path.join(self.work, "staff.csv")
        with open(staff, "w", encoding="utf-8") as f:
            f.write("record_id,school_code,county_code,name,gender,birth_date,id_type,id_number\n")
            f.write(f"a1,{SCHOOL_A},{COUNTY},张伟,男,1985-03-12,1,{self.zhang}\n")
            f.write(f"a2,{SCHOOL_A},{COUNTY},李秀英,女,1970-01-01,1,{self.li}\n")
            f.write(f"b1,{SCHOOL_B},{COUNTY},王芳,男,1988-08-08,1,{self.wang}\n")
        self.cli("import", "--db", self.db, "--actor", "seed", "--role", "province", staff)
        # A school submits two namesakes with other valid IDs: two suspected duplicates for the county.
        namesakes = os.path.join(self.work, "namesakes.csv")
        with open(namesakes, "w", encoding="utf-8") as f:
            f.write("record_id,school_code,county_code,name,gender,birth_date,id_type,id_number\n")
            f.write(f"n1,{SCHOOL_A},{COUNTY},张伟,男,1985-03-12,1,{id_number('36010319850312011')}\n")
            f.write(f"n2,{SCHOOL_A},{COUNTY},李秀英,女,1970-01-01,1,{id_number('36010319700101022')}\n")
        self.cli("import", "--db", self.db, "--actor", "yucai", "--role", "school", namesakes)
        # 王芳 moves from 东湖二小 to 育才小学: requested and approved by the receiving school; the county approves next.
        number = json.loads(self.cli("teacher", "show", "--db", self.db, "--json", self.wang).stdout)["number"]
        self.wang_number = number
        self.zhang_number = json.loads(self.cli("teacher", "show", "--db", self.db, "--json", self.zhang).stdout)["number"]
        self.cli("transfer", "request", "--db", self.db, "--actor", "yucai-hr", "--role", "school", "--to", SCHOOL_A, "--effective", "2026-12-01", number)
        transfer = json.loads(self.cli("transfer", "show", "--db", self.db, "--json", "1").stdout)
        assert transfer["stepsDone"] == 0, transfer
        self.cli("transfer", "approve", "--db", self.db, "--actor", "yucai-head", "--role", "school", "--step", "1", "1")

    def start(self):
        self.server = subprocess.Popen([self.args.binary, "serve", "--db", self.db, "--port", "0"], stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
        for line in self.server.stdout:
            found = re.search(r"(?:listening on|正在监听) (http://127\.0\.0\.1:\d+)", line)
            if found:
                self.base = found.group(1)
                break
        else:
            raise AssertionError("the server did not start")
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=zh-CN"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        self.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.browser.implicitly_wait(5)

    # Words an officer may meet in Latin letters: the users' own names, file formats, and 教师编号's letters.
    ALLOWED_LATIN = {"donghu", "donghu2", "yucai", "dier", "province", "seed", "yucai-hr", "yucai-head",
                     "CSV", "ZIP", "Excel", "WPS", "xlsx", "csv", "zip", "xls"}

    def shot(self, name):
        self.browser.save_screenshot(os.path.join(self.shots, f"{name}.png"))
        # The page reads as a Chinese product: no English word or internal field name outside file names.
        text = re.sub(r"[\w.-]+\.(xlsx|csv|zip|xls)\b|\b(TR|SD|SS)-\d{3}\b", "", self.text())
        english = sorted({w for w in re.findall(r"[A-Za-z_][A-Za-z_-]{2,}", text) if w not in self.ALLOWED_LATIN})
        if english:
            self.english.append(f"{name}: {', '.join(english)}")

    def open(self, path):
        self.browser.get(self.base + path)

    def text(self):
        return self.browser.find_element(By.TAG_NAME, "body").text

    def sign_in(self, user):
        self.browser.delete_all_cookies()
        self.open("/login")
        self.browser.find_element(By.ID, "user").send_keys(user)
        self.browser.find_element(By.ID, "password").send_keys(PASSWORD)
        self.browser.find_element(By.CSS_SELECTOR, "form button").click()
        who = self.browser.find_element(By.CSS_SELECTOR, "[data-testid=who]").text
        assert user in who, who

    def run(self):
        self.seed()
        self.start()
        b = self.browser
        self.open("/login")
        self.shot("01-sign-in")
        self.sign_in("donghu")
        assert "县级" in b.find_element(By.CSS_SELECTOR, "[data-testid=who]").text and COUNTY in self.text()
        self.shot("02-todo")

        # Upload the county's sample ZIP and read the error list.
        self.open("/upload")
        self.shot("03-upload")
        b.find_element(By.ID, "file").send_keys(os.path.abspath(os.path.join(self.args.samples, "county-upload.zip")))
        b.find_element(By.CSS_SELECTOR, "#upload button").click()
        WebDriverWait(b, 60).until(EC.url_contains("/uploads/"))
        files = b.find_element(By.CSS_SELECTOR, "[data-testid=files]").text
        assert "已退回" in files, files
        problems = b.find_element(By.CSS_SELECTOR, "[data-testid=problems]").text
        # The workbook's one bad row (an ID Excel turned into a number) refuses it whole, said in the officer's words.
        assert "科学计数法" in problems and "TR-003" in problems, problems
        self.shot("04-upload-result")

        # Two suspected duplicates queued by the school: one is the same 张伟, the other a different 李秀英.
        self.open("/review")
        assert b.find_element(By.CSS_SELECTOR, "[data-testid=queue-size]").text == "2"
        assert b.find_elements(By.CSS_SELECTOR, "td.diff"), "differences are highlighted"
        assert "********" in b.find_element(By.CSS_SELECTOR, "[data-testid=review-item]").text, "ID numbers are masked"
        self.shot("05-review-side-by-side")
        item = b.find_element(By.CSS_SELECTOR, "[data-testid=review-item]")
        first_name = item.text
        if "张伟" in first_name:
            b.find_element(By.ID, "same-reason").send_keys("证件号录入错误，已核实为同一人")
            b.find_element(By.CSS_SELECTOR, "#same button").click()
        else:
            b.find_element(By.ID, "different-reason").send_keys("核对户口本，不是同一人")
            b.find_element(By.CSS_SELECTOR, "#different button").click()
        assert "已" in b.find_element(By.CSS_SELECTOR, "[role=status]").text
        assert b.find_element(By.CSS_SELECTOR, "[data-testid=queue-size]").text == "1"
        item = b.find_element(By.CSS_SELECTOR, "[data-testid=review-item]").text
        if "张伟" in item:
            b.find_element(By.ID, "same-reason").send_keys("证件号录入错误，已核实为同一人")
            b.find_element(By.CSS_SELECTOR, "#same button").click()
        else:
            # Keyboard: D focuses the reason for "different persons".
            b.find_element(By.TAG_NAME, "body").send_keys("d")
            b.switch_to.active_element.send_keys("核对户口本，不是同一人")
            b.find_element(By.CSS_SELECTOR, "#different button").click()
        assert b.find_elements(By.CSS_SELECTOR, "[data-testid=queue-empty]"), self.text()
        self.shot("06-review-done")

        # Approve the transfer waiting for the county (step 2).
        self.open("/transfers")
        transfer = b.find_element(By.CSS_SELECTOR, "[data-testid=transfer]")
        assert "第 2 步" in transfer.text, transfer.text
        self.shot("07-transfers")
        transfer.find_element(By.CSS_SELECTOR, "form[action$='/approve'] button").click()
        assert "已同意" in b.find_element(By.CSS_SELECTOR, "[role=status]").text
        self.shot("08-transfer-approved")

        # 张伟's timeline shows the row joined by the review; 王芳's shows the transfer approvals.
        self.open("/teachers?q=" + urllib.request.quote("张伟"))
        b.find_element(By.CSS_SELECTOR, "[data-testid=results] a").click()
        history = b.find_element(By.CSS_SELECTOR, "[data-testid=history]").text
        assert "收到同一人的记录" in history and "donghu" in history, history
        self.shot("09-teacher-zhang")
        self.open(f"/teachers/{self.wang_number}")
        history = b.find_element(By.CSS_SELECTOR, "[data-testid=history]").text
        assert history.count("调动审批通过") == 2, history
        assert "申请调动" in history
        self.shot("10-teacher-wang-timeline")
        self.open(f"/teachers/{self.wang_number}?asOf=2020-01-01")
        assert "无法完成" in self.text()  # not registered yet then
        self.open("/batches")
        self.shot("11-batches")
        self.open("/audit")
        assert "采集进度" in self.text()
        self.shot("12-audit-progress")

        # A school sees its own staff, not another school's.
        self.sign_in("dier")
        self.open(f"/teachers/{self.zhang_number}")
        assert "无法完成" in self.text() and "张伟" not in self.text(), self.text()
        self.shot("13-school-cannot-see-other-school")
        self.open("/teachers?q=" + urllib.request.quote("张伟"))
        assert b.find_elements(By.CSS_SELECTOR, "[data-testid=no-results]")
        # Forms without the session's CSRF token change nothing.
        status = self.browser.execute_script("""
            var r = new XMLHttpRequest(); r.open('POST', '/review/1', false);
            r.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded'); r.send('decision=different&reason=x'); return r.status;""")
        assert status == 403, status
        assert not self.english, "English on the pages an officer reads:\n" + "\n".join(self.english)

    def close(self):
        if self.browser:
            self.browser.quit()
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--screenshots", required=True)
    walkthrough = Walkthrough(parser.parse_args())
    try:
        walkthrough.run()
    finally:
        walkthrough.close()
    print("walkthrough passed; screenshots in", walkthrough.shots)


if __name__ == "__main__":
    sys.exit(main())
