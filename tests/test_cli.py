"""Issue 5: the command line and the CI gate."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from auditlint.cli import main
from conftest import ROOT, SEED, rendered


def run(args, cwd=None, stdin=None, lang_env="C.UTF-8"):
    """auditlint in a fresh process, under a known locale (C: Chinese, as unset)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    p = subprocess.run([sys.executable, "-m", "auditlint", *args], cwd=cwd or ROOT, capture_output=True,
                       input=stdin, env={**env, "LANG": lang_env, "PYTHONPATH": os.path.join(ROOT, "src")})
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def test_text_format_points_at_the_line_with_a_caret():
    rc, out, err = run(["--isolated", SEED["001"]])
    assert rc == 1
    lines = out.splitlines()
    k = next(i for i, ln in enumerate(lines) if ":61:7: AL301" in ln)
    assert lines[k + 1].strip().startswith("本次绩效评价综合得分99.09分")
    assert lines[k + 2].strip().startswith("^")
    assert "1 个文件" in err


def test_text_format_pdf_location_has_the_page():
    rc, out, _ = run(["--isolated", "--no-source", rendered("001", "pdf")])
    assert ".pdf:p4:4:7: AL301" in out


def test_json_matches_the_contract():
    jsonschema = pytest.importorskip("jsonschema")
    rc, out, _ = run(["--isolated", "--format", "json", SEED["003"], SEED["001"]])
    data = json.loads(out)
    schema = json.load(open(os.path.join(ROOT, "tests", "data", "diagnostics.schema.json")))
    jsonschema.validate(data, schema)
    assert [d["path"] for d in data] == sorted(d["path"] for d in data)  # deterministic order
    assert {d["code"] for d in data} >= {"AL301", "AL304", "AL603"}


def test_json_english_messages():
    rc, out, _ = run(["--isolated", "--format", "json", "--lang", "en", SEED["003"]])
    msgs = [d["message"] for d in json.loads(out)]
    assert any("a score of 93 is grade '优'" in m for m in msgs)


def test_sarif_is_valid_sarif_2_1_0():
    sarif_pydantic = pytest.importorskip("sarif_pydantic")
    rc, out, _ = run(["--isolated", "--format", "sarif", SEED["003"], rendered("001", "pdf")])
    doc = json.loads(out)
    model = sarif_pydantic.Sarif.model_validate(doc)
    assert model.version == "2.1.0"
    results = doc["runs"][0]["results"]
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        reg = r["locations"][0]["physicalLocation"]["region"]
        assert reg["startLine"] >= 1 and reg["endLine"] >= reg["startLine"]
    assert any(r.get("properties", {}).get("page") == 4 for r in results)


def test_github_annotations():
    rc, out, _ = run(["--isolated", "--format", "github", SEED["001"]])
    first = out.splitlines()[0]
    assert first.startswith("::warning file=") or first.startswith("::error file=")
    assert ",line=17," in out and "::error file=" in out


def test_output_file(tmp_path):
    out_file = tmp_path / "r.json"
    rc, out, _ = run(["--isolated", "--format", "json", "--output", str(out_file), SEED["001"]])
    assert rc == 1 and out == "" and json.loads(out_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args,rc", [
    (["--fail-on", "error", SEED["004"]], 0),       # 004 has warnings only
    (["--fail-on", "warning", SEED["004"]], 1),
    ([SEED["003"]], 1),
    (["--select", "AL2", SEED["003"]], 0),           # no ratio finding in 003
    (["--ignore", "AL3,AL5,AL6", SEED["003"]], 0),
    (["no/such/file.pdf"], 2),
    (["--select", "AL9x9", SEED["003"]], 2),         # unknown selector: usage error
    ([], 2),
])
def test_exit_status(args, rc):
    assert run(["--isolated", *args])[0] == rc


def test_unreadable_file_gives_2_and_the_batch_goes_on(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    good = tmp_path / "good.txt"
    shutil.copy(SEED["001"], good)
    rc, out, _ = run(["--isolated", "--format", "json", "--jobs", "2", str(tmp_path)])
    data = json.loads(out)
    assert rc == 2
    assert {d["code"] for d in data if d["path"].endswith("broken.pdf")} == {"AL004"}
    assert "AL301" in {d["code"] for d in data if d["path"].endswith("good.txt")}


@pytest.mark.parametrize("selector,present,absent", [
    ("AL3", {"AL301"}, {"AL402"}),
    ("score-items-vs-total", {"AL301"}, {"AL402"}),
    ("structure", {"AL402"}, {"AL301"}),
    ("AL40", {"AL402"}, {"AL301"}),
])
def test_select_by_prefix_name_family(selector, present, absent):
    rc, out, _ = run(["--isolated", "--format", "json", "--select", selector, SEED["001"]])
    codes = {d["code"] for d in json.loads(out)}
    assert present <= codes and not (absent & codes)


def test_longest_prefix_wins():
    rc, out, _ = run(["--isolated", "--format", "json", "--select", "AL402", "--ignore", "AL4", SEED["001"]])
    assert {d["code"] for d in json.loads(out)} == {"AL402"}
    rc, out, _ = run(["--isolated", "--format", "json", "--select", "AL4", "--ignore", "AL402", SEED["001"]])
    assert "AL402" not in {d["code"] for d in json.loads(out)}


def test_preview_rules_need_opting_in(tmp_path):
    from conftest import seed_with

    f = tmp_path / "r.txt"
    f.write_text(seed_with("002", "其中志愿者293人，", "其中志愿者293人，占67.9%，"), encoding="utf-8")
    codes = lambda args: {d["code"] for d in json.loads(run(["--isolated", "--format", "json", *args, str(f)])[1])}  # noqa
    assert "AL205" not in codes([])
    assert "AL205" in codes(["--preview"])
    assert "AL205" in codes(["--select", "AL205"])


# ------------------------------------------------------------ configuration

def test_config_discovered_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.auditlint]\nignore = ["AL402"]\nfail-on = "warning"\n',
                                            encoding="utf-8")
    sub = tmp_path / "reports" / "2024"
    sub.mkdir(parents=True)
    shutil.copy(SEED["001"], sub / "a.txt")
    rc, out, _ = run(["--format", "json", "a.txt"], cwd=sub)
    codes = {d["code"] for d in json.loads(out)}
    assert "AL402" not in codes and "AL301" in codes
    rc, out, _ = run(["--format", "json", "--ignore", "AL3", "a.txt"], cwd=sub)  # flags win
    assert "AL301" not in {d["code"] for d in json.loads(out)}


def test_auditlint_toml_and_per_file_ignores(tmp_path):
    (tmp_path / "auditlint.toml").write_text('[per-file-ignores]\n"old/*" = ["AL3"]\n', encoding="utf-8")
    (tmp_path / "old").mkdir()
    shutil.copy(SEED["001"], tmp_path / "old" / "a.txt")
    shutil.copy(SEED["001"], tmp_path / "b.txt")
    rc, out, _ = run(["--format", "json", "old/a.txt", "b.txt"], cwd=tmp_path)
    data = json.loads(out)
    assert not any(d["code"] == "AL301" and d["path"].startswith("old") for d in data)
    assert any(d["code"] == "AL301" and d["path"] == "b.txt" for d in data)


@pytest.mark.parametrize("content,msg", [
    ('[tool.auditlint]\nselet = ["AL1"]\n', "unknown key 'tool.auditlint.selet'"),
    ('[tool.auditlint]\nfail-on = "fatal"\n', "'tool.auditlint.fail-on' must be one of"),
    ('[tool.auditlint]\njobs = "two"\n', "'tool.auditlint.jobs' has the wrong type"),
    ('[tool.auditlint\n', "invalid TOML"),
])
def test_config_errors_name_file_and_key(tmp_path, content, msg):
    (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    shutil.copy(SEED["004"], tmp_path / "a.txt")
    rc, out, err = run(["a.txt"], cwd=tmp_path)
    assert rc == 2 and msg in err and "pyproject.toml" in err


# ------------------------------------------------------------ baseline

def test_baseline_survives_repagination(tmp_path):
    report = tmp_path / "r.txt"
    shutil.copy(SEED["003"], report)
    base = tmp_path / "baseline.json"
    assert run(["--isolated", "--write-baseline", str(base), str(report)])[0] == 0
    assert run(["--isolated", str(report), "--baseline", str(base)])[0] == 0
    # the same report with everything shifted down by a new paragraph and lines
    text = SEED_TEXT = open(SEED["003"], encoding="utf-8").read()
    report.write_text("（测试数据）新增的一段说明文字。\n\n\n" + text, encoding="utf-8")
    rc, out, err = run(["--isolated", "--format", "json", str(report), "--baseline", str(base)])
    assert rc == 0 and json.loads(out) == []
    # a new mistake still fails, and a fixed one is reported as stale
    report.write_text(SEED_TEXT.replace("评定等次：良", "评定等次：优").replace("307/4988＝6.2%", "307/4988＝7.2%"),
                      encoding="utf-8")
    rc, out, err = run(["--isolated", "--format", "json", str(report), "--baseline", str(base)])
    assert rc == 1 and [d["code"] for d in json.loads(out)] == ["AL204"]
    assert "基线记录已不再对应" in err and "AL304" in err


# ------------------------------------------------------------ sub-commands

def test_rules_explain_facts_dump():
    rc, out, _ = run(["rules"])
    assert rc == 0 and "AL201" in out and "share-of-total" in out and "AL006" in out
    rc, out, _ = run(["explain", "AL201"])
    assert rc == 0 and "Bad:" in out and "Good:" in out
    rc, out, _ = run(["explain", "share-of-total"])
    assert rc == 0 and out.startswith("AL201")
    assert run(["explain", "AL999"])[0] == 2
    rc, out, _ = run(["facts", SEED["002"]])
    assert rc == 0 and "分项构成" in out and "本年收入合计 4112.15" in out
    rc, out, _ = run(["--lang", "en", "facts", SEED["002"]])
    assert rc == 0 and "breakdown" in out and "本年收入合计 4112.15" in out
    rc, out, _ = run(["dump", "--lang", "en", SEED["003"]])
    assert rc == 0 and "TABLE 34 rows" in out and "H1 综合评价结论" in out
    rc, out, _ = run(["dump", SEED["003"]])
    assert rc == 0 and "表格 34 行" in out and "H1 综合评价结论" in out


def test_version():
    rc, out, _ = run(["--version"])
    assert rc == 0 and out.startswith("auditlint ")


def test_statistics():
    rc, out, _ = run(["--isolated", "--statistics", "--no-source", SEED["003"]])
    assert "AL503" in out.splitlines()[-5] or any(l.startswith("AL503") and " 3 " in l for l in out.splitlines())


def test_jobs_gives_the_same_findings():
    args = ["--isolated", "--format", "json", *sorted(SEED.values())]
    assert json.loads(run(args + ["--jobs", "1"])[1]) == json.loads(run(args + ["--jobs", "2"])[1])


def test_main_is_callable_in_process(capsys):
    assert main(["--isolated", "--format", "json", SEED["002"]]) == 0
    assert '"AL402"' in capsys.readouterr().out


def test_folder_recursion_include_exclude(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(SEED["001"], tmp_path / "a" / "x.txt")
    shutil.copy(rendered("001", "pdf"), tmp_path / "a" / "x.pdf")
    shutil.copy(SEED["002"], tmp_path / "notes.csv")
    rc, out, _ = run(["--isolated", "--format", "json", str(tmp_path)])
    paths = {os.path.basename(d["path"]) for d in json.loads(out)}
    assert paths == {"x.txt", "x.pdf"}
    rc, out, _ = run(["--isolated", "--format", "json", "--exclude", "*.pdf", str(tmp_path)])
    assert {os.path.basename(d["path"]) for d in json.loads(out)} == {"x.txt"}


def test_pre_commit_hook_file():
    text = open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8").read()
    assert "id: auditlint" in text and "entry: auditlint" in text


def test_config_profile_settings_override_a_builtin_profile(tmp_path):
    # a county that also requires an explicit 其他需要说明的问题 section
    (tmp_path / "auditlint.toml").write_text(
        '[profiles.dept-overall]\nrequired_sections = ["基本情况", "其他"]\n', encoding="utf-8")
    shutil.copy(SEED["003"], tmp_path / "a.txt")
    rc, out, _ = run(["--format", "json", "--select", "AL401", "a.txt"], cwd=tmp_path)
    assert [d["evidence"]["section"] for d in json.loads(out)] == ["其他"]
    (tmp_path / "auditlint.toml").write_text('[profiles.dept-overall]\nrequired = ["x"]\n', encoding="utf-8")
    rc, out, err = run(["a.txt"], cwd=tmp_path)
    assert rc == 2 and "profiles.dept-overall.required" in err


def test_a_profile_says_which_rules_apply(tmp_path):
    prof = tmp_path / "no-tables.toml"
    prof.write_text('name = "no-tables"\nrequired_sections = []\nignore = ["AL6", "AL304"]\n', encoding="utf-8")
    rc, out, _ = run(["--isolated", "--format", "json", "--profile", str(prof), SEED["003"]])
    codes = {d["code"] for d in json.loads(out)}
    assert "AL503" in codes and not {"AL603", "AL604", "AL304"} & codes


def test_cache_returns_the_same_findings_and_notices_a_change(tmp_path):
    env_dir = tmp_path / "cache"
    report = tmp_path / "r.txt"
    shutil.copy(SEED["003"], report)
    env = {**os.environ, "AUDITLINT_CACHE_DIR": str(env_dir), "PYTHONPATH": os.path.join(ROOT, "src")}

    def go(*extra):
        p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--format", "json", *extra, str(report)],
                           capture_output=True, env=env)
        return p.returncode, json.loads(p.stdout)
    first = go()
    assert list(env_dir.rglob("*.json"))  # stored outside the report folder
    assert not list(tmp_path.glob("*.json"))
    assert go() == first
    moved = tmp_path / "moved.txt"
    report.rename(moved)
    report = moved
    rc, data = go()
    assert rc == first[0] and all(d["path"].endswith("moved.txt") for d in data)
    report.write_text(open(SEED["003"], encoding="utf-8").read().replace("评定等次：良", "评定等次：优"), encoding="utf-8")
    rc, data = go()
    assert "AL304" not in {d["code"] for d in data}
    assert go("--no-cache") == go()


def test_baseline_works_from_any_working_directory(tmp_path):
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    shutil.copy(SEED["003"], repo / "reports" / "r.txt")
    assert run(["--isolated", "--write-baseline", "baseline.json", "reports"], cwd=repo)[0] == 0
    entries = json.load(open(repo / "baseline.json", encoding="utf-8"))["entries"]
    assert all(e["path"] == "reports/r.txt" for e in entries)
    # the same gate, run from inside the reports folder and from outside the repository
    assert run(["--isolated", "r.txt", "--baseline", "../baseline.json"], cwd=repo / "reports")[0] == 0
    assert run(["--isolated", str(repo / "reports"), "--baseline", str(repo / "baseline.json")], cwd=tmp_path)[0] == 0


def test_a_file_reached_twice_is_checked_once(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(SEED["001"], tmp_path / "sub" / "a.txt")
    rc, out, _ = run(["--isolated", "--format", "json", str(tmp_path / "sub"), str(tmp_path),
                      str(tmp_path / "sub" / "a.txt")])
    codes = [d["code"] for d in json.loads(out)]
    assert codes.count("AL301") == 1
