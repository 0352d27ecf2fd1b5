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


def test_preview_rules_need_opting_in(monkeypatch):
    # no built-in rule is in preview today (AL205 left it in issue 17): a stand-in preview rule
    from types import SimpleNamespace

    from auditlint import engine
    from auditlint.checks import Rule

    stand_in = Rule("AL299", "stand-in", "warning", "preview", lambda ctx: [], "A stand-in.")
    rules = [*engine.registry(), stand_in]
    monkeypatch.setattr(engine, "registry", lambda: rules)
    d = SimpleNamespace(code="AL299", path="r.txt")
    assert not engine.Selection.build().allows(d)
    assert engine.Selection.build(preview=True).allows(d)
    assert engine.Selection.build(select=["AL299"]).allows(d)
    assert not engine.Selection.build(select=["AL2"]).allows(d)


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


# ------------------------------------------------------------ issue 19: selectors

@pytest.mark.parametrize("args,named,nearest", [
    (["--select", "AL999"], "AL999", "AL609"),
    (["--select", "AL9"], "AL9", None),
    (["--ignore", "ratio"], "ratio", "ratios"),
    (["--extend-select", "share-of-totl"], "share-of-totl", "share-of-total"),
    (["--select", "AL2,AL3O1"], "AL3O1", None),
])
def test_unknown_selectors_are_usage_errors_naming_the_entry(args, named, nearest):
    rc, out, err = run(["--isolated", "--lang", "en", *args, SEED["003"]])
    assert rc == 2 and out == ""
    assert f"'{named}'" in err and "Traceback" not in err
    assert args[0] in err  # where it was given
    if nearest:
        assert nearest in err.split("nearest:")[1]


def test_unknown_selectors_in_the_configuration_name_the_file(tmp_path):
    shutil.copy(SEED["001"], tmp_path / "a.txt")
    (tmp_path / "auditlint.toml").write_text('ignore = ["AL402", "AL77"]\n', encoding="utf-8")
    rc, _, err = run(["--lang", "en", "a.txt"], cwd=tmp_path)
    assert rc == 2 and "'AL77'" in err and "auditlint.toml: ignore" in err
    (tmp_path / "auditlint.toml").write_text('[per-file-ignores]\n"old/*" = ["structur"]\n', encoding="utf-8")
    rc, _, err = run(["--lang", "en", "a.txt"], cwd=tmp_path)
    assert rc == 2 and "'structur'" in err and "per-file-ignores" in err and "structure" in err
    rc, _, err = run(["a.txt"], cwd=tmp_path)  # the same in Chinese
    assert rc == 2 and "没有这个规则编号" in err and "structure" in err


@pytest.mark.parametrize("selector", ["AL2", "AL", "ALL", "ratios", "AL0", "AL304", "input", "internal-error"])
def test_known_selectors_stay_valid(selector):
    assert run(["--isolated", "--select", selector, "--no-source", SEED["004"]])[0] in (0, 1)


# ------------------------------------------------------------ issue 19: commands and help

@pytest.mark.parametrize("cmd", ["check", "rules", "explain", "facts", "dump", "serve", "help"])
def test_every_command_answers_help(cmd):
    rc, out, err = run([cmd, "--help"])
    assert rc == 0 and out.startswith("用法：") and err == ""
    rc2, out2, _ = run(["help", cmd])
    assert rc2 == 0 and out2 == out
    rc3, out3, _ = run(["--lang", "en", cmd, "--help"])
    assert rc3 == 0 and out3.startswith("usage: ")


def test_main_help_lists_every_command():
    for lang, word in (("zh", "命令"), ("en", "commands")):
        rc, out, _ = run(["--lang", lang, "--help"])
        assert rc == 0 and f"{word}:" in out
        for cmd in ("check", "rules", "explain", "facts", "dump", "serve", "help"):
            assert any(line.split()[:1] == [cmd] and len(line.split()) > 1 for line in out.splitlines()), cmd
    assert run(["help"])[1] == run(["--help"])[1]


def test_global_options_before_the_command():
    rc, out, err = run(["--lang", "zh", "explain", "AL304"])
    assert rc == 0 and out.startswith("AL304 grade-vs-score\n所写等级不是所写得分对应的等级。")
    rc, out, _ = run(["--lang", "en", "explain", "AL304"])
    assert rc == 0 and "severity: error" in out and "所写等级" not in out
    rc, out, _ = run(["--lang=en", "rules", "--format", "json"])
    assert rc == 0 and json.loads(out)[0]["summary"] == "The file cannot be opened."
    rc, _, err = run(["explain"])
    assert rc == 2 and "auditlint explain" in err
    rc, _, err = run(["help", "nosuch"])
    assert rc == 2 and "nosuch" in err and "explain" in err
    rc, _, err = run(["explain", "AL999"])
    assert rc == 2 and "AL999" in err and "AL609" in err  # nearest codes
    rc, _, err = run(["--bogus-option", SEED["003"]])
    assert rc == 2 and "--bogus-option" in err and "Traceback" not in err


def test_the_locale_decides_the_language_when_lang_is_not_given():
    from auditlint.cli_text import locale_lang

    assert locale_lang({}) == "zh" and locale_lang({"LANG": "C.UTF-8"}) == "zh"
    assert locale_lang({"LANG": "zh_CN.UTF-8"}) == "zh" and locale_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert locale_lang({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    rc, out, _ = run(["rules"], lang_env="en_US.UTF-8")
    assert rc == 0 and out.startswith("code") and "The file cannot be opened." in out
    rc, out, _ = run(["rules"], lang_env="zh_CN.UTF-8")
    assert rc == 0 and out.startswith("编号") and "文件无法打开。" in out
    rc, out, _ = run(["--lang", "zh", "rules"], lang_env="en_US.UTF-8")  # --lang wins
    assert out.startswith("编号")
    # the findings themselves stay Chinese unless --lang en (design.md); the counts' headers follow the locale
    rc, out, err = run(["--isolated", "--statistics", SEED["003"]], lang_env="en_US.UTF-8")
    assert out.startswith("code") and "已检查" in err


def test_cli_message_tables_have_the_same_keys():
    from auditlint.cli_text import EN, ZH

    assert set(EN) == set(ZH)
    assert all(v.strip() or k == "explain_doc" for k, v in ZH.items())


# ------------------------------------------------------------ issue 19: the rules catalogue

def test_rules_and_explain_are_chinese_by_default_with_whole_summaries():
    from auditlint.checks import INPUT_CODES, registry

    rc, out, _ = run(["rules"])
    assert rc == 0 and out.splitlines()[0].split()[:3] == ["编号", "名称", "级别"]
    for r in registry():
        if r.origin != "builtin":
            continue  # a plugin's rules may come without a Chinese summary (the English one is shown)
        assert r.summary_zh.endswith("。"), r.code  # a whole sentence, as data next to the rule
        assert r.summary.endswith((".", ")")), r.code
    # AL702 and AL703 were cut mid-sentence: every line of the wrapped summary is there
    rows = {}
    code = None
    for line in out.splitlines()[2:]:
        if line[:2] == "AL":
            code = line.split()[0]
            rows[code] = line
        elif code and line.strip():
            rows[code] += line.strip()
    assert "文号年份不是四位数。" in rows["AL702"].replace(" ", "")
    assert "表格的每个单元格单独计算。" in rows["AL703"].replace(" ", "")
    assert set(rows) == {r.code for r in registry()} | set(INPUT_CODES)
    from auditlint.reporters import display_width

    header, rule_line = out.splitlines()[0:2]
    # columns aligned by display width: the dashes under each header as wide as it is shown
    assert all(display_width(line) <= display_width(rule_line) for line in out.splitlines()[:3])
    en = json.loads(run(["--lang", "en", "rules", "--format", "json"])[1])
    al702 = next(r for r in en if r["code"] == "AL702")["summary"]
    assert al702.endswith("a 文号 year that is not four digits.")
    rc, out, _ = run(["explain", "AL201"])
    assert rc == 0 and "“占X%”与该部分占其合计的实际比例不符。" in out and "级别：错误" in out and "Bad:" in out


def test_the_severity_shown_is_the_one_reported(tmp_path):
    """AL404 was listed as an error and reported as a warning: its severity is
    the profile's (conclusion = …), read from there by the check and by
    rules/explain alike."""
    listed = {r["code"]: r["severity"] for r in json.loads(run(["rules", "--format", "json"])[1])}
    f = tmp_path / "r.txt"
    f.write_text("（测试数据）某某镇人民政府2024年度部门整体支出绩效评价报告\n一、基本情况\n本单位承担全镇各项工作。\n",
                 encoding="utf-8")
    rc, out, _ = run(["--isolated", "--format", "json", "--select", "AL404", str(f)])
    (d,) = json.loads(out)
    assert d["severity"] == listed["AL404"] == "warning"
    forced = json.loads(run(["rules", "--format", "json", "--profile", "project-self"])[1])
    assert next(r for r in forced if r["code"] == "AL404")["severity"] == "error"
    rc, out, _ = run(["--isolated", "--format", "json", "--select", "AL404", "--profile", "project-self", str(f)])
    assert json.loads(out)[0]["severity"] == "error"
    rc, out, _ = run(["--lang", "en", "explain", "AL404"])
    assert "severity: warning" in out and "project-self, summary-form: error" in out
    assert "dept-budget, dept-final: not checked" in out
    # every rule: the listed severity is the one the default profile reports it with
    from auditlint.checks import registry
    from auditlint.profiles import get_profile

    prof = get_profile("dept-overall")
    for r in registry():
        assert listed[r.code] == prof.severity_of(r.code, r.severity)


# ------------------------------------------------------------ issue 19: text output

def _caret_under(shown: str, caret: str) -> str:
    """The characters of ``shown`` above the carets (display columns, CJK = 2)."""
    from auditlint.reporters import display_width

    start = len(caret) - len(caret.lstrip(" "))
    width = len(caret.strip())
    out, col = [], 0
    for c in shown:
        w = display_width(c)
        if start <= col < start + width:
            out.append(c)
        col += w
    return "".join(out)


def test_a_long_line_is_shown_as_a_window_with_the_caret_under_the_span(tmp_path):
    filler = "（测试数据）本段为很长的Word段落，" * 150
    line = filler + "我单位2024年预算绩效自评得分93分，评定等次：良。" + filler
    assert len(line) > 3000
    f = tmp_path / "long.txt"
    f.write_text("（测试数据）某某镇人民政府2024年度部门整体支出绩效评价报告\n一、基本情况\n" + line + "\n", encoding="utf-8")
    rc, out, _ = run(["--isolated", "--select", "AL304", str(f)])
    lines = out.splitlines()
    k = next(i for i, ln in enumerate(lines) if " AL304 " in ln)
    shown, caret = lines[k + 1][2:], lines[k + 2][2:]
    from auditlint.reporters import display_width

    assert shown.startswith("…") and shown.endswith("…")
    assert display_width(shown) <= 2 * 40 + 80 + 2
    under = _caret_under(shown, caret)
    assert under and under in "得分93分，评定等次：良" and under.endswith("良")


def test_source_window_counts_wide_characters_twice():
    from auditlint.reporters import source_window

    src = "ab" + "数" * 100 + "X" + "据" * 100
    shown, pad, span = source_window(src, 102, 103)
    assert shown.startswith("…") and shown.endswith("…")
    assert shown[1:].startswith("数") and pad == 1 + 40 and span == 1  # 20 wide characters = 40 columns
    assert _caret_under(shown, " " * pad + "^" * span) == "X"
    short, pad, span = source_window("得分93分", 2, 4)
    assert short == "得分93分" and (pad, span) == (4, 2)


def test_control_characters_and_ansi_escapes_are_shown_escaped(tmp_path):
    from conftest import seed_with

    f = tmp_path / "esc.txt"
    f.write_text(seed_with("003", "我单位2024年预算绩效自评得分93分，评定等次：良",
                           "\x07我单位2024年预算绩效自评得分93分，评定等次：良\x1b[2J"), encoding="utf-8")
    rc, out, err = run(["--isolated", "--select", "AL304", str(f)])
    assert rc == 1 and "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J" in out and "\\x07" in out
    shown, caret = out.splitlines()[1][2:], out.splitlines()[2][2:]
    assert _caret_under(shown, caret).endswith("良")
    from auditlint.reporters import escape

    assert escape("a\tb\u202ec") == "a b\\u202ec"
    from auditlint.diagnostics import Diagnostic
    from auditlint.reporters.github import github
    from auditlint.reporters.text import text

    d = Diagnostic("r\x1b[2J.txt", None, 1, 1, 1, 2, "AL706", "template-leftover", "warning",
                   "“XX\x1b[2J”：占位符", "'XX\x1b[2J': a placeholder")
    for out in (github([d]), text([d], {("r\x1b[2J.txt", None, 1): "XX\x1b[2J"})):
        assert "\x1b" not in out and "\\x1b[2J" in out


def test_statistics_prints_only_the_counts():
    rc, out, _ = run(["--isolated", "--statistics", SEED["003"]])
    assert rc == 1 and "^" not in out and ":815:" not in out
    rows = [line.split() for line in out.splitlines()[2:]]
    assert ["AL503", "3", "evaluated-before-year-end", "错误"] in rows
    data = json.loads(run(["--isolated", "--statistics", "--format", "json", SEED["003"]])[1])
    assert {"code": "AL503", "rule": "evaluated-before-year-end", "severity": "error", "count": 3} in data


def test_findings_are_printed_as_each_file_is_done(tmp_path, monkeypatch, capsys):
    """File k's findings are out before file k+1 is checked (not after the batch)."""
    from auditlint import batch

    for name, seed in (("a.txt", "001"), ("b.txt", "003")):
        shutil.copy(SEED[seed], tmp_path / name)
    seen = []
    real = batch.check_one

    def spy(path, *a, **kw):
        seen.append((os.path.basename(path), capsys.readouterr().out))
        return real(path, *a, **kw)

    monkeypatch.setattr(batch, "check_one", spy)
    rc = main(["--isolated", "--no-cache", "--jobs", "1", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert rc == 1
    assert seen[0] == ("a.txt", "")
    assert seen[1][0] == "b.txt" and "a.txt:61:7: AL301" in seen[1][1] and "b.txt" not in seen[1][1]
    assert "b.txt:815:34: AL304" in capsys.readouterr().out


def test_streamed_output_keeps_the_order_of_the_files(tmp_path, monkeypatch, capsys):
    """Workers may finish in any order: file k is printed once files 1..k are done."""
    from auditlint.batch import check_one
    from auditlint.cli import check as cli_check

    names = ["c.txt", "a.txt", "b.txt"]
    for name, seed in zip(names, ("003", "001", "004")):
        shutil.copy(SEED[seed], tmp_path / name)

    def reversed_batch(files, *a, on_file=None, **kw):
        results = {f: check_one(f, None, None, None, 300) for f in files}
        for f in reversed(files):  # the last file finishes first
            on_file(f, results[f])
        return results

    monkeypatch.setattr(cli_check, "run_batch", reversed_batch)
    main(["--isolated", "--no-source", *[str(tmp_path / n) for n in names]])
    order = []
    for line in capsys.readouterr().out.splitlines():
        if ": AL" not in line:
            continue  # a help: line
        name = os.path.basename(line.split(":")[0])
        if not order or order[-1] != name:
            order.append(name)
    assert order == names


# ------------------------------------------------------------ issue 19: suggestions

def test_a_suggestion_with_the_finding_in_text_json_and_sarif(tmp_path):
    rc, out, _ = run(["--isolated", "--select", "AL304", SEED["003"]])
    assert out.splitlines()[3] == "  建议：应为“优”"
    rc, out, _ = run(["--isolated", "--lang", "en", "--select", "AL304", SEED["003"]])
    assert out.splitlines()[3] == "  help: the grade should be '优'"
    data = json.loads(run(["--isolated", "--format", "json", SEED["003"], SEED["001"]])[1])
    by = {(os.path.basename(d["path"])[:3], d["code"], d["line"]): d for d in data}
    assert by[("003", "AL304", 815)]["suggestion"] == "应为“优”"
    assert by[("001", "AL301", 61)]["suggestion"] == "按各项指标得分，综合得分应为 100 分"
    assert by[("003", "AL603", 580)]["suggestion"] == "按其下各项计算为 274.96"
    assert all("suggestion" in d for d in data)
    sarif = json.loads(run(["--isolated", "--format", "sarif", SEED["003"]])[1])
    res = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AL304"]
    assert res[0]["properties"]["suggestion"] == "应为“优”" and "fixes" not in res[0]


def test_sarif_fixes_only_for_an_exact_replacement(tmp_path):
    sarif_pydantic = pytest.importorskip("sarif_pydantic")
    f = tmp_path / "r.txt"
    f.write_text("（测试数据）某某镇人民政府2024年度部门整体支出绩效评价报告\n一、基本情况\n负责征收集体士地房屋补偿工作。\n",
                 encoding="utf-8")
    doc = json.loads(run(["--isolated", "--format", "sarif", "--select", "AL707", str(f)])[1])
    sarif_pydantic.Sarif.model_validate(doc)
    (r,) = doc["runs"][0]["results"]
    (change,) = r["fixes"][0]["artifactChanges"]
    (rep,) = change["replacements"]
    assert rep["insertedContent"]["text"] == "土地"
    reg = rep["deletedRegion"]
    line = f.read_text(encoding="utf-8").splitlines()[reg["startLine"] - 1]
    assert line[reg["startColumn"] - 1:reg["endColumn"] - 1] == "士地"


@pytest.mark.parametrize("text,code,suggestion", [
    ("本年支出合计4094.64万元，其中基本支出775.34万元，占19.94%。", "AL201", "应为 18.94%"),
    ("收入合计3402.07万元，较上年决算数增加520.46万元，增加15.3%。", "AL203", "变动率应为 18.1%"),
    ("预算调整率：预算调整数/预算数＝307/4988＝7.2%。", "AL204", "307/4988＝6.2%"),
    ("综上所述，预算执行考核指标总计30分，扣2分，得27分。", "AL103", "应得 28 分"),
])
def test_suggestions_are_the_value_the_figures_give(text, code, suggestion):
    from conftest import lint_text

    diags = [d for d in lint_text("（测试数据）某某镇人民政府2024年度部门整体支出绩效评价报告\n一、基本情况\n" + text + "\n")
             if d.code == code]
    assert [d.suggestion_zh for d in diags] == [suggestion]


# ------------------------------------------------------------ issue 19: facts

def test_facts_figures_lists_every_figure_with_its_position():
    rc, out, _ = run(["--lang", "en", "facts", "--figures", SEED["002"]])
    assert rc == 0
    rows = [line.split() for line in out.splitlines()]
    assert ["9:31", "1334.20", "万元", "money", "1334.20万元"] in rows
    assert ["9:76", "49.09", "%", "percent", "49.09%"] in rows
    rc, out, _ = run(["facts", "--figures", SEED["002"]])
    assert ["9:31", "1334.20", "万元", "金额", "1334.20万元"] in [line.split() for line in out.splitlines()]


def test_facts_reads_without_checking(monkeypatch, capsys):
    from auditlint import engine

    def no_rules(*a, **kw):
        raise AssertionError("facts ran the rules")

    monkeypatch.setattr(engine, "check_document", no_rules)
    monkeypatch.setattr(engine, "registry", no_rules)
    assert main(["facts", SEED["002"]]) == 0
    assert "本年收入合计 4112.15" in capsys.readouterr().out


def test_tables_align_chinese_by_display_width():
    from auditlint.reporters import display_width, table

    out = table([("AL404", "警告*", "报告既没有总得分。"), ("AL101", "错误", "x")], ["编号", "级别", "说明"]).splitlines()
    assert out[1] == "-----  -----  ------------------"
    starts = [display_width(line[:line.index(word)]) for line, word in zip(out[2:], ("报告", "x"))]
    assert starts == [14, 14]


def test_facts_and_dump_of_an_unreadable_file_exit_2(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    for cmd in ("facts", "dump"):
        rc, out, err = run([cmd, str(bad)])
        assert rc == 2 and out == "" and "AL004" in err and "Traceback" not in err
        rc, out, err = run([cmd, str(tmp_path)])
        assert rc == 2 and "不是文件" in err


def test_facts_shows_every_kind_that_describes_itself(tmp_path):
    """auditlint facts lists a claim kind by its describe(): the rates of a count and the
    self-evaluation forms are shown with no branch of their own in cli/views.py."""
    from test_self_eval_forms import _form

    doc = tmp_path / "survey.txt"
    doc.write_text("一、评价结论\n本次调查共发放问卷120份，回收有效问卷118份，满意率为96.5%。\n", encoding="utf-8")
    rc, out, _ = run(["facts", str(doc)])
    assert rc == 0 and "计数的比率" in out and "满意率 96.5%" in out and "118" in out
    rc, out, _ = run(["--lang", "en", "facts", str(doc)])
    assert rc == 0 and "rate of a count" in out
    form = tmp_path / "form.txt"
    form.write_text(_form(), encoding="utf-8")
    rc, out, _ = run(["facts", str(form)])
    assert rc == 0 and "自评表" in out and "2022年病媒生物防制：资金 4 行，指标 7 项" in out and "总分 100 / 100" in out


def test_config_format_takes_the_report_outputs_of_the_registry(tmp_path):
    """config.py's `format` choices are reporters.REPORTERS' report-writing outputs, not the copies."""
    from auditlint import config as C
    from auditlint.reporters import REPORTERS

    for name, out in REPORTERS.items():
        path = tmp_path / "auditlint.toml"
        path.write_text(f'format = "{name}"\n', encoding="utf-8")
        if out.copy is None:
            assert C.load(str(path)).values["format"] == name
        else:
            with pytest.raises(C.ConfigError, match="must be one of text, json, sarif, github, html"):
                C.load(str(path))


def test_facts_shows_the_kinds_read_for_the_judgements(tmp_path):
    """Self references, document numbers, citations, leftovers, budget subjects, stated totals,
    unitless figures and blank date fields have a describe() too (issue 18; brackets describe
    themselves as not shown); the rows of the kinds shown before are unchanged."""
    doc = tmp_path / "kinds.txt"
    doc.write_text(
        "某县某镇人民政府2023年度部门整体支出绩效自评报告\n一、基本情况\n"
        "本镇2023年支出总计100.00万元，其中：基本支出60.00万元，项目支出40.00万元。"
        "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）50.00万元，"
        "较上年增加（减少）5.00万元。\n"
        "根据《预算绩效评价共性指标体系框架》（财预〔2013〕53号）和某财〔2020〕10号文件开展评价。\n"
        "项目资金66万，其中设备购置30.00万元，培训10.00万元。\n填报日期：\n", encoding="utf-8")
    rc, out, _ = run(["facts", str(doc)])
    assert rc == 0
    rows = [" ".join(line.split()) for line in out.splitlines()]
    for row in ("3:1 自称 本镇 (镇)", "3:12 总计说明 支出总计 100.00万元", "3:48 预算科目 一般公共服务支出（类）",
                "3:77 预算科目 行政运行（项） 50.00万元",
                "3:95 模板残留 增加（减少）", "4:3 引用文件 《预算绩效评价共性指标体系框架》 财预〔2013〕53号",
                "4:35 文号 〔2020〕10号", "5:5 无单位数字 项目资金 66 （同段金额 2 个）", "6:1 空白日期栏 填报日期",
                # shown before issue 18's describe()s, unchanged
                "3:12 分项构成 支出总计 100万元 = 基本支出 60；项目支出 40 ［完整］", "3:3 年度数字 2023 支出总计 100万元"):
        assert row in rows, row
    assert not any("括号与引号" in r for r in rows)  # every paragraph's marks would drown the view
    rc, out, _ = run(["--lang", "en", "facts", str(doc)])
    assert rc == 0 and "self reference" in out and "document number" in out and "blank date field" in out
    assert "(among 2 money figures)" in out and "template leftover" in out and "citation" in out


def test_every_claim_kind_describes_itself_in_both_languages():
    """Every kind a ReportFacts list holds has describe(L) (shares are shown in their
    breakdown's row); each kind's name is in the Chinese and the English table."""
    from auditlint.citations import Citation
    from auditlint.claims import ReportFacts
    from auditlint.cli_text import EN, ZH, t
    from auditlint.claims.identity import NameSlip
    from auditlint.divisions import CountySlip
    from auditlint.inline_lists import InlineList
    from auditlint.own_name import NameVariant
    from auditlint.engine import check_file

    assert {k for k in EN if k.startswith("fact_")} == {k for k in ZH if k.startswith("fact_")}
    f = check_file("t.txt", "一、评价结论\n本镇2023年支出总计100.00万元，增加（减少）5万元。\n根据某财〔2020〕10号文件。\n"
                   "行政运行（项）支出50万元。\n".encode()).facts[0][2]
    w = f.doc_numbers[0].where
    made = [NameSlip("中路铺铺镇", "中路铺镇", w), CountySlip("黔江江区", "黔江区", "doubled", w),
            NameVariant("规划与自然资源局", "规划和自然资源局", "connector", w), InlineList("paren", [1, 2, 2], [w]),
            Citation("预算绩效评价共性指标体系框架", "财预〔2013〕53号", w)]
    for lang in ("zh", "en"):
        L = lambda key, **kw: t(lang, key, **kw)  # noqa: E731
        shown = [x.describe(L) for x in made]
        assert [s[2] for s in shown] == ["中路铺铺镇 → 中路铺镇", "黔江江区 → 黔江区 (doubled)",
                                         "规划与自然资源局 → 规划和自然资源局 (connector)", "paren: 1 2 2",
                                         "《预算绩效评价共性指标体系框架》 财预〔2013〕53号"]
        assert all(s[0] is w for s in shown)
    import dataclasses
    read = [getattr(f, x.name) for x in dataclasses.fields(ReportFacts)
            if x.name not in ("report", "figures", "shares")]
    assert sum(1 for claims in read if claims) >= 6  # self ref, fiscal figure, leftover, doc number, subject …
    for claims in read:
        for x in claims:
            shown = x.describe(lambda key, **kw: t("en", key, **kw))  # None: a kind's choice (a date in the text)
            assert shown is None or len(shown) == 3, x
