""".doc (Word 97-2003) and .wps (WPS 文字): LibreOffice converts, the Word reader reads.

LibreOffice runs headless, once per file, in a private temporary folder that
holds the input, the converted .docx and its own user profile
(``-env:UserInstallation=file:///tmp/…``), so parallel workers never share a
profile and nothing is written next to the report or in the user's home; the
folder is removed afterwards.  The conversion has a time limit
(``SOFFICE_TIMEOUT`` seconds, or ``$AUDITLINT_SOFFICE_TIMEOUT``): past it the
whole process group is killed and the file gets AL011.  No LibreOffice ->
AL013 saying to install it or save the file as .docx, never a traceback.

``$AUDITLINT_SOFFICE`` names the program when it is not ``soffice`` on the PATH.
Positions are those of the Word reader on the converted file (line = paragraph
or table cell number).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from typing import Optional

from .docx import read_docx
from .raw import ReadResult, _problem

SOFFICE_TIMEOUT = 60.0  # seconds; a .doc converts in 2-3 s on 2 cores


def soffice_path() -> Optional[str]:
    named = os.environ.get("AUDITLINT_SOFFICE")
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _timeout() -> float:
    try:
        return float(os.environ.get("AUDITLINT_SOFFICE_TIMEOUT", SOFFICE_TIMEOUT))
    except ValueError:
        return SOFFICE_TIMEOUT


def convert(data: bytes, suffix: str, target: str = "docx") -> tuple[Optional[bytes], Optional[str]]:
    """(converted bytes, None), or (None, 'missing' | 'timeout' | 'failed: …')."""
    prog = soffice_path()
    if prog is None:
        return None, "missing"
    tmp = tempfile.mkdtemp(prefix="auditlint-lo-")
    try:
        src = os.path.join(tmp, "input" + suffix)
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        with open(src, "wb") as fh:
            fh.write(data)
        profile = "file://" + os.path.join(tmp, "profile")
        cmd = [prog, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target, "--outdir", out, src]
        env = {**os.environ, "HOME": tmp}
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=tmp, env=env, start_new_session=True)
        except OSError as exc:
            return None, f"failed: {exc.strerror or exc}"
        try:
            _o, err = proc.communicate(timeout=_timeout())
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return None, "timeout"
        finally:
            if proc.poll() is None:
                _kill_group(proc)
        _kill_group(proc)  # soffice.bin may outlive its launcher: nothing of this run stays
        made = os.path.join(out, "input." + target)
        if not os.path.isfile(made) or os.path.getsize(made) == 0:
            tail = (err or b"").decode("utf-8", "replace").strip().splitlines()
            return None, "failed: " + (tail[-1][:200] if tail else f"exit status {proc.returncode}")
        with open(made, "rb") as fh:
            return fh.read(), None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def read_doc(data: bytes, opts=None) -> ReadResult:
    ext = os.path.splitext(opts.path if opts is not None else "")[1].lower() or ".doc"
    label = "WPS 文字" if ext == ".wps" else "Word 97-2003"
    docx, why = convert(data, ".wps" if ext == ".wps" else ".doc")
    if docx is None:
        if why == "missing":
            return ReadResult("doc", problems=[_problem(
                "AL013", f"需要 LibreOffice 才能读取 {ext}（{label} 格式）：请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再检查",
                f"reading {ext} ({label}) needs LibreOffice: install it, or save the file as .docx in Word/WPS and check that")])
        if why == "timeout":
            return ReadResult("doc", problems=[_problem(
                "AL011", f"LibreOffice 转换 {ext} 文件超过 {_timeout():g} 秒仍未完成，已停止：请在 Word/WPS 中另存为 .docx 后再检查",
                f"LibreOffice did not convert the {ext} file within {_timeout():g} s and was stopped: "
                "save it as .docx in Word/WPS and check that")])
        return ReadResult("doc", problems=[_problem(
            "AL004", f"LibreOffice 无法转换此 {ext} 文件（已损坏？{why}）：请在 Word/WPS 中另存为 .docx 后再检查",
            f"LibreOffice cannot convert this {ext} file (damaged? {why}): save it as .docx in Word/WPS and check that")])
    res = read_docx(docx)
    res.format = "doc"
    return res
