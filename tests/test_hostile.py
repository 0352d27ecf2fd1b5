"""Issue 8: hostile and broken input.  Nothing crashes, nothing hangs,
nothing is lost in a batch."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import ROOT, SEED, install_plugin, rendered

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import make_bad_inputs  # noqa: E402


def _env(extra_path=None):
    paths = [os.path.join(ROOT, "src")] + ([extra_path] if extra_path else [])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    out = tmp_path_factory.mktemp("bad")
    expected = make_bad_inputs.make(str(out), big=True)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--format", "json",
                        "--jobs", "2", "--include", "*", str(out)], capture_output=True, env=_env())
    return expected, p, time.perf_counter() - t0


def test_every_bad_input_gives_its_diagnostic_or_a_normal_result(battery):
    expected, p, _ = battery
    data = json.loads(p.stdout)
    by_file = {}
    for d in data:
        by_file.setdefault(os.path.basename(d["path"]), set()).add(d["code"])
    wrong = {}
    for name, want in expected.items():
        got = {c for c in by_file.get(name, set()) if c.startswith("AL0")}
        if got != want:
            wrong[name] = (sorted(got), sorted(want))
    assert wrong == {}
    assert len(expected) >= 20


def test_batch_exit_status_and_no_traceback(battery):
    _expected, p, _ = battery
    assert p.returncode == 2  # some files could not be read at all
    assert b"Traceback" not in p.stderr


def test_readable_bad_inputs_are_really_read(battery):
    _expected, p, _ = battery
    data = json.loads(p.stdout)
    codes = lambda name: {d["code"] for d in data if d["path"].endswith(name)}  # noqa: E731
    # the text encodings carry seed 001's real mistakes
    for name in ("gb18030.txt", "utf16-bom.txt", "mixed-line-endings.txt", "nul-bytes.txt"):
        assert {"AL301", "AL402"} <= codes(name), name
    assert "AL008" not in codes("big-1000-pages.pdf")  # all 1000 pages read


def test_messages_say_what_to_do(battery):
    _expected, p, _ = battery
    data = json.loads(p.stdout)
    msg = {os.path.basename(d["path"]): d["message"] for d in data if d["code"].startswith("AL0")}
    assert "OCR" in msg["scan-only-images.pdf"]
    assert "不加密的副本" in msg["encrypted-user-password.pdf"]
    assert "重新导出" in msg["truncated.pdf"]


def test_long_paragraph_is_linear():
    from auditlint.engine import check_file

    base = "收入合计三千四百零二万元其中基本支出两千二百零七万元"
    times = []
    for n in (2000, 8000):
        t0 = time.perf_counter()
        check_file("p.txt", ("一、基本情况\n" + base * n).encode("utf-8"))
        times.append(time.perf_counter() - t0)
    assert times[1] < 8 * times[0] + 0.5  # 4x the input, well under 16x the time


# ------------------------------------------------------------ workers

KILLER = textwrap.dedent('''
    """Test data: a plugin rule that kills its worker, or eats memory, on a marker."""
    import os
    from auditlint.checks import Rule


    def _check(ctx):
        """Kills or exhausts its process on a marker (test data only).

        Bad:  杀死进程标记
        Good: anything else
        """
        text = "".join(b.text for b in ctx.report.blocks)
        if "杀死进程标记" in text:
            os.kill(os.getpid(), 9)
        if "耗尽内存标记" in text:
            b = bytearray(3 * 2**30)
        return []


    RULES = [Rule("AL902", "test-killer", "info", "stable", _check, _check.__doc__)]
''')


def _install_killer(target):
    install_plugin(target, "auditlint_killer", KILLER, "killer")


def test_a_dying_worker_is_reported_and_the_batch_goes_on(tmp_path):
    plug = tmp_path / "plug"
    plug.mkdir()
    _install_killer(str(plug))
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):
        shutil.copy(SEED["001"], reports / f"ok{i}.txt")
    (reports / "dies.txt").write_text("一、基本情况\n杀死进程标记（测试数据）\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--format", "json",
                        "--jobs", "2", str(reports)], capture_output=True, env=_env(str(plug)))
    data = json.loads(p.stdout)
    died = {os.path.basename(d["path"]) for d in data if d["code"] == "AL009"}
    assert died == {"dies.txt"}
    for i in range(3):
        assert any(d["code"] == "AL301" and d["path"].endswith(f"ok{i}.txt") for d in data)
    assert p.returncode == 2


def test_memory_limit_per_file(tmp_path):
    plug = tmp_path / "plug"
    plug.mkdir()
    _install_killer(str(plug))
    (tmp_path / "hog.txt").write_text("一、基本情况\n耗尽内存标记（测试数据）\n", encoding="utf-8")
    shutil.copy(SEED["002"], tmp_path / "fine.txt")
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--format", "json",
                        "--jobs", "1", "--max-memory", "1500", str(tmp_path / "hog.txt"), str(tmp_path / "fine.txt")],
                       capture_output=True, env=_env(str(plug)))
    data = json.loads(p.stdout)
    assert {d["code"] for d in data if d["path"].endswith("hog.txt")} == {"AL009"}
    assert any(d["code"] == "AL402" and d["path"].endswith("fine.txt") for d in data)


def test_time_limit_per_file(tmp_path):
    (tmp_path / "long.txt").write_text("一、基本情况\n" + "收入合计三千四百零二万元其中基本支出" * 60000, encoding="utf-8")
    shutil.copy(SEED["002"], tmp_path / "fine.txt")
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--format", "json",
                        "--timeout", "0.5", str(tmp_path / "long.txt"), str(tmp_path / "fine.txt")],
                       capture_output=True, env=_env())
    data = json.loads(p.stdout)
    assert {d["code"] for d in data if d["path"].endswith("long.txt")} == {"AL011"}
    assert any(d["code"] == "AL402" for d in data if d["path"].endswith("fine.txt"))


# ------------------------------------------------------------ no surprises

def test_never_opens_the_network(monkeypatch):
    from auditlint.engine import check_file

    def refuse(*a, **k):
        raise AssertionError("auditlint tried to open a network connection")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for path in (SEED["003"], rendered("003", "pdf"), rendered("003", "docx")):
        assert check_file(path).diagnostics


def test_never_writes_next_to_the_reports(tmp_path):
    for p in (SEED["001"], rendered("001", "pdf"), rendered("001", "docx")):
        shutil.copy(p, tmp_path)
    before = sorted(os.listdir(tmp_path))
    subprocess.run([sys.executable, "-m", "auditlint", "--isolated", str(tmp_path)], capture_output=True, env=_env())
    assert sorted(os.listdir(tmp_path)) == before


def test_profiles_and_config_are_data(tmp_path):
    """A profile or config file is TOML data: a value that looks like code is a
    string, never run."""
    marker = tmp_path / "ran"
    prof = tmp_path / "p.toml"
    prof.write_text(f'name = "__import__(\'os\').system(\'touch {marker}\')"\nrequired_sections = []\n',
                    encoding="utf-8")
    subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--profile", str(prof), SEED["002"]],
                   capture_output=True, env=_env())
    assert not marker.exists()


# ------------------------------------------------------------ issue 20: hostile files of the new formats
# (a battery of its own, make_bad_inputs.make_formats, so that the battery above can grow apart)

@pytest.fixture(scope="module")
def format_battery(tmp_path_factory):
    out = tmp_path_factory.mktemp("badfmt")
    expected = make_bad_inputs.make_formats(str(out / "files"))
    hang = make_bad_inputs.fake_soffice(str(out))
    env = {**_env(), "AUDITLINT_SOFFICE": hang, "AUDITLINT_SOFFICE_TIMEOUT": "3"}
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--format", "json",
                        "--jobs", "2", "--include", "*", str(out / "files")], capture_output=True, env=env, timeout=600)
    return expected, p, time.perf_counter() - t0, out


def test_new_format_hostile_files_give_their_diagnostic(format_battery):
    expected, p, elapsed, _out = format_battery
    assert b"Traceback" not in p.stderr
    by_file = {}
    for d in json.loads(p.stdout):
        by_file.setdefault(os.path.basename(d["path"]), set()).add(d["code"])
    got = {name: {c for c in by_file.get(name, set()) if c.startswith("AL0")} for name in expected}
    assert got == expected
    assert len(expected) >= 8
    # the batch went on: the workbook beside the hostile ones was checked in full
    assert {"AL201", "AL304"} <= by_file["fine-form.xlsx"] and {"AL201", "AL304"} <= by_file["xlsx-named.docx"]
    assert elapsed < 180  # a hanging converter and 10**6 cells cost seconds, not the per-file limit


def test_ofd_path_traversal_is_never_followed_or_written(format_battery):
    _expected, p, _elapsed, out = format_battery
    data = json.loads(p.stdout)
    msgs = [d["message"] for d in data if d["path"].endswith("path-traversal.ofd")]
    assert not any("root:" in m for m in msgs)  # /etc/passwd never read as a page
    for root in (out, out.parent, "/tmp"):
        assert not any("evil-ofd" in n for n in os.listdir(root))
    assert any(d["code"] == "AL004" and "不完整" in d["message"] for d in data if d["path"].endswith("path-traversal.ofd"))


def test_hanging_converter_leaves_no_process(format_battery):
    _expected, _p, _elapsed, out = format_battery
    hang = os.path.join(str(out), "soffice-that-hangs")
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert hang not in ps
