"""Packaging: third-party rules through entry points, and the built wheel
carrying grammar/ and rules/."""
from __future__ import annotations

import glob
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, SEED, install_plugin

PLUGIN = textwrap.dedent('''
    """A tiny third-party rule pack (test data)."""
    from auditlint.checks import Rule
    from auditlint.diagnostics import Finding


    def _check(ctx):
        """Flags every report whose title is longer than 20 characters.

        Bad:  a title of 21 characters
        Good: a short title
        """
        if len(ctx.report.title) > 20 and ctx.report.blocks:
            from auditlint.extract import Where
            b = ctx.report.blocks[0]
            yield Finding(Where(b.source, 0, 1, b.index), "标题过长", "the title is long")


    RULES = [Rule("AL901", "long-title", "info", "stable", _check, _check.__doc__)]
''')


def _install_plugin(target):
    install_plugin(target, "auditlint_demo_plugin", PLUGIN, "demo")


def test_plugin_rule_runs(tmp_path):
    _install_plugin(str(tmp_path))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.path.join(ROOT, "src")])}
    p = subprocess.run([sys.executable, "-m", "auditlint", "rules"], capture_output=True, env=env, text=True)
    assert "AL901" in p.stdout and "long-title" in p.stdout and "demo" in p.stdout
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-source", SEED["001"]],
                       capture_output=True, env=env, text=True)
    assert "AL901 标题过长" in p.stdout


def test_broken_plugin_is_reported_and_skipped(tmp_path):
    _install_plugin(str(tmp_path))
    with open(os.path.join(tmp_path, "auditlint_demo_plugin.py"), "w") as fh:
        fh.write("raise ImportError('deliberately broken (test data)')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.path.join(ROOT, "src")])}
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-source", SEED["001"]],
                       capture_output=True, env=env, text=True)
    assert p.returncode == 1 and "AL301" in p.stdout
    assert "plugin 'demo'" in p.stderr and "skipped" in p.stderr


@pytest.mark.slow
def test_wheel_installs_and_runs_in_a_fresh_venv(tmp_path):
    """Build the wheel, install it into a new venv and run it on a corpus
    report: a data file (grammar/, rules/) missing from the wheel fails here."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), ROOT],
                   check=True, capture_output=True)
    (wheel,) = glob.glob(str(dist / "*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "auditlint/_data/grammar/figures.lark" in names
    assert "auditlint/_data/rules/base.toml" in names
    assert "auditlint/_data/rules/profiles/dept-overall.toml" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", wheel], check=True, capture_output=True)
    p = subprocess.run([str(venv / "bin" / "auditlint"), "--isolated", "--format", "json", SEED["003"]],
                       capture_output=True, text=True, cwd=str(tmp_path))
    assert p.returncode == 1, p.stderr
    assert '"AL304"' in p.stdout and '"AL603"' in p.stdout
