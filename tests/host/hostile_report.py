#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of tests/lab/tools/hostile-report.py on saved lab results.

tests/host/testdata/hostile-report/results is a results folder as
tests/lab/lib/run.sh leaves it, cut down to the records the report reads
(BEGIN, ROLE, METRIC, FAIL, RESULT; CRLF line ends as the channel has them):
excerpts of real runs of rogue-backend (ours and Debian's in one run,
MISMATCH cases and "METRIC mismatch:" notes, a record after BEGIN-LOGS that
must not be read), rogue-pcifront (Debian's passing run, then a newer
failing one with no FAIL record, then a newer one still without a verdict;
ours with the handshake cases Debian's never ran), faults (ours only, a
failing run: no Debian column) and a failing rogue-frontend run with no
case; and one made-up run 20261205-100000-tEst of rogue-frontend in the
scenario's record format (ours pinned, Debian's by its ROLE records, and an
entry with both netbacks that must be left out).  "latest" is a link to a
run, which must count once.  Run by tests/check.sh (make check-host); the
last line is "hostile_report: N passed, N failed".
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from checks import check, run_all  # noqa: E402

sys.dont_write_bytecode = True

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = os.path.join(TOP, "tests", "lab", "tools", "hostile-report.py")
RESULTS = os.path.join(TOP, "tests", "host", "testdata", "hostile-report", "results")



def load_report():
    spec = importlib.util.spec_from_file_location("hostile_report_under_test", REPORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cases(doc, scenario):
    return {c["case"]: c for c in doc["scenarios"][scenario]["cases"]}


def test_channel(report):
    ch = report.read_channel(os.path.join(RESULTS, "20261204-162925-NHAs", "rogue-backend+netfront.ours",
                                          "channel.log"))
    names = [n for n, _ in ch["metrics"]]
    check("channel: CRLF stripped", all(not v.endswith("\r") for _, v in ch["metrics"]), ch["metrics"][:2])
    check("channel: nothing after BEGIN-LOGS", "case_after-logs" not in names, names)
    check("channel: ROLE and RESULT", ch["roles"] == [("netfront", "ours", "client")] and ch["result"] == "pass",
          (ch["roles"], ch["result"]))
    ch = report.read_channel(os.path.join(RESULTS, "20261204-172811-u2v6", "faults+netback.ours_netfront.ours",
                                          "channel.log"))
    check("channel: the first FAIL record as run.sh words it",
          ch["fail"] == "in dom0, step 'case 2: attach a new vif': timed out after 60s waiting for the new vif's"
          " backend Connected", ch["fail"])


def test_outcome(report):
    o = report.outcome_of
    check("outcome: as expected", o("first=error followup=okay (as expected)") == ("first=error followup=okay", False, None))
    check("outcome: MISMATCH with the expectation",
          o("after=okay MISMATCH, expected silent") == ("after=okay", True, "silent"))
    check("outcome: dom0 MISMATCH", o("MISMATCH (see the output)") == ("", True, None))
    check("outcome: MISMATCH: text", o("MISMATCH: the backend node stays") == ("the backend node stays", True, None))
    check("outcome: a plain record", o("stuck after 26 s") == ("stuck after 26 s", False, None))


def test_select(report):
    chosen, seen = report.collect([RESULTS])
    check("select: every entry of the four scenarios read once (latest is a link)", seen == 11, seen)
    pick = {k: (v["run"], v["entry"], v["verdict"]) for k, v in chosen.items()}
    check("select: the newest entry with a verdict; an entry without one is passed over",
          pick.get(("rogue-pcifront", "debian")) == ("20261204-175126-ozJY", "rogue-pcifront+pciback.debian", "FAIL"),
          pick.get(("rogue-pcifront", "debian")))
    check("select: an unpinned entry is Debian's by its ROLE records",
          pick.get(("rogue-frontend", "debian")) == ("20261205-100000-tEst", "rogue-frontend", "FAIL"),
          pick.get(("rogue-frontend", "debian")))
    check("select: the newer run wins over the older of the same entry",
          pick.get(("rogue-frontend", "ours")) == ("20261205-100000-tEst", "rogue-frontend+netback.ours", "PASS"),
          pick.get(("rogue-frontend", "ours")))
    check("select: faults has no Debian entry", ("faults", "debian") not in pick and ("faults", "ours") in pick)
    check("select: a matrix FAIL without a FAIL record has a reason",
          "timed out or stopped" in (chosen[("rogue-pcifront", "debian")]["reason"] or ""),
          chosen[("rogue-pcifront", "debian")]["reason"])
    chosen, _ = report.collect([RESULTS], passed_only=True)
    check("select: --passed takes the newest that passed",
          chosen[("rogue-pcifront", "debian")]["run"] == "20261204-173932-1bYB"
          and ("rogue-frontend", "debian") not in chosen, chosen.get(("rogue-pcifront", "debian"), {}).get("run"))
    only, _ = report.collect([os.path.join(RESULTS, "20261204-162925-NHAs")])
    check("select: a run folder as the argument", sorted(only) == [("rogue-backend", "debian"), ("rogue-backend", "ours")],
          sorted(only))
    check("select: an entry of both netbacks is left out",
          all(v["entry"] != "rogue-frontend+netback.both" for v in report.collect([RESULTS])[0].values()))


def test_rows(report):
    doc = report.build(report.collect([RESULTS])[0], [RESULTS])
    fe = cases(doc, "rogue-frontend")
    check("rows: rogue-frontend first/followup", fe["tiny-header"]["ours"]["outcome"] == "first=okay followup=okay"
          and fe["tiny-header"]["debian"]["outcome"] == "first=error followup=okay", fe.get("tiny-header"))
    check("rows: MISMATCH and what was expected", fe["chain-19"]["ours"]["mismatch"]
          and fe["chain-19"]["ours"]["want"] == "okay okay" and not fe["chain-19"]["debian"]["mismatch"], fe.get("chain-19"))
    check("rows: dom0's view is a detail of its case",
          fe["prod-ahead"]["ours"]["details"] == [{"what": "dom0", "value": "disabled: vif3.1 carrier 0 delivered 0 packet(s)",
                                                   "mismatch": False, "want": None}], fe["prod-ahead"]["ours"]["details"])
    check("rows: a case only ours ran has no Debian side", fe["ctrl-prod-ahead"]["debian"] is None, fe.get("ctrl-prod-ahead"))
    check("rows: order of the cases as they ran", list(fe)[:3] == ["good", "prod-ahead", "chain-19"], list(fe))
    check("rows: other records (ping) apart", "ping" not in fe
          and doc["scenarios"]["rogue-frontend"]["other"]["ours"][0][0] == "ping")
    be = cases(doc, "rogue-backend")
    check("rows: a case recorded again is a row of its own", "good #2" in be and list(be)[-1] == "good #2", list(be))
    check("rows: mismatch notes go with their case",
          be["close-ignored"]["ours"]["notes"] == ["the unbind is stuck, expected unbound"]
          and be["close-ignored"]["debian"]["notes"] == [], be.get("close-ignored"))
    check("rows: notes of a mismatched case", len(be["rsp-prod-far-ahead"]["ours"]["notes"]) == 4,
          be["rsp-prod-far-ahead"]["ours"]["notes"])
    pf = cases(doc, "rogue-pcifront")
    check("rows: pcifront signature and its log lines (storm-1-1700 goes with storm-1)",
          pf["storm-1"]["ours"]["outcome"] == "f3400.1700o1700n1700i1700"
          and pf["storm-1"]["ours"]["details"][0]["value"] == "19 in 186s (bound 68)", pf.get("storm-1"))
    check("rows: handshake and destroy", pf["handshake-magic"]["ours"]["outcome"].startswith("refused: backend state 5")
          and pf["destroy"]["ours"]["outcome"] == "backend node left by libxl: state 6, online 1", pf.get("destroy"))
    fa = cases(doc, "faults")
    check("rows: faults keyed without the role=impl tags",
          fa["netfront-rmmod"]["ours"]["outcome"].startswith("rmmod refused")
          and fa["netfront-rmmod #2"]["ours"]["outcome"] == "reconnected by itself after the reload", sorted(fa))
    check("rows: faults' what before the colon", fa["netback-rmmod detach"]["ours"]["outcome"].startswith("xl network-detach"))
    check("rows: leak counts", fa["grants client after case 1"]["ours"]["outcome"] == "frames 3 -> 3, active entries 6 -> 6")
    check("rows: faults' Debian column empty", all(c["debian"] is None for c in fa.values()))
    check("rows: merged order keeps each side's", report.merge_order(["a", "b", "c"], ["a", "x", "c", "y"])
          == ["a", "x", "b", "c", "y"], report.merge_order(["a", "b", "c"], ["a", "x", "c", "y"]))


def test_markdown(report):
    doc = report.build(report.collect([RESULTS])[0], [RESULTS])
    md = report.markdown(doc)
    lines = md.splitlines()
    want = [
        "## rogue-frontend",
        "- ours: run 20261205-100000-tEst, entry rogue-frontend+netback.ours: PASS",
        "- Debian (mainline): run 20261205-100000-tEst, entry rogue-frontend: FAIL"
        " (in dom0, step 'rogue vifs detach': xl network-detach vif3.2 failed)",
        "| case | ours | Debian (mainline) |",
        "| tiny-header | first=okay followup=okay | first=error followup=okay |",
        "| chain-19 | first=error followup=okay MISMATCH, expected okay okay | first=okay followup=okay |",
        "| bad-gref | first=error followup=okay | first=error followup=okay; MISMATCH: dom0: see the output |",
        "| ctrl-prod-ahead | first=silent/silent followup=okay | - |",
        "| rx-never-consumed | dom0: stalled: vif3.35 carrier off, tx_dropped 193; rx: responses 64 data 64;"
        " recovery: vif3.35 carrier on again | dom0: stalled: vif3.35 carrier off, tx_dropped 0;"
        " rx: responses 64 data 64; recovery: vif3.35 carrier on again |",
        "| tx-status-bad | after=silent | after=okay |",
        "| rsp-prod-far-ahead | after=okay MISMATCH, expected silent | after=okay MISMATCH, expected silent |",
        "| close-ignored | after=okay; MISMATCH: the unbind is stuck, expected unbound | after=okay |",
        "| addr-0 | nnnnnnnnnnnnnn | nnnnnnnn.fnnnn |",
        "| handshake-magic | refused: backend state 5, error: 71 frontend magic is not \"7\" | - |",
        "- Debian (mainline): no run with a verdict",
        "| netfront-rmmod #2 | reconnected by itself after the reload | - |",
    ]
    for w in want:
        check(f"markdown: line {w[:60]!r}", w in lines, w)
    check("markdown: the scenarios in order", [ln for ln in lines if ln.startswith("## ")]
          == ["## rogue-frontend", "## rogue-backend", "## rogue-pcifront", "## faults"])
    check("markdown: no table without cases", "No case recorded." not in md)
    cell = report.cell({"outcome": "a|b", "mismatch": False, "want": None, "details": [],
                        "notes": ["one", "two", "three"]})
    check("markdown: | escaped, further notes counted", cell == "a\\|b; MISMATCH: one (+2 more)", cell)
    md = report.markdown(doc, detail=True)
    check("markdown: --detail rows", "| prod-ahead / dom0 | disabled: vif3.1 carrier 0 delivered 0 packet(s) |"
          " disabled: vif3.1 carrier 0 delivered 0 packet(s) |" in md.splitlines()
          and "| bad-gref / dom0 | served: vif3.16 carrier 1 delivered 1 packet(s) | MISMATCH |" in md.splitlines(),
          [ln for ln in md.splitlines() if "/ dom0" in ln][:4])
    old = report.build(report.collect([os.path.join(RESULTS, "20261204-163212-o9eT")])[0], [RESULTS])
    check("markdown: a run without cases says so", "No case recorded." in report.markdown(old))


def run(*args, env=None):
    return subprocess.run([sys.executable, REPORT, *args], capture_output=True, text=True, env=env)


def test_cli(report):
    p = run(RESULTS)
    check("cli: prints the report", p.returncode == 0 and "| good #2 | after=okay | after=okay |" in p.stdout,
          (p.returncode, p.stderr))
    p = run("--json", RESULTS)
    doc = json.loads(p.stdout) if p.returncode == 0 else {}
    check("cli: --json", sorted(doc.get("scenarios", {})) == ["faults", "rogue-backend", "rogue-frontend", "rogue-pcifront"]
          and doc["scenarios"]["faults"]["runs"]["debian"] is None, p.stderr)
    env = dict(os.environ, LAB_RESULTS=RESULTS)
    p = run(env=env)
    check("cli: $LAB_RESULTS by default", p.returncode == 0 and "20261205-100000-tEst" in p.stdout, p.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        p = run("--out", out, RESULTS)
        check("cli: --out writes hostile.md and hostile.json",
              p.returncode == 0 and open(os.path.join(out, "hostile.md")).read() == p.stdout
              and json.load(open(os.path.join(out, "hostile.json")))["scenarios"], p.stderr)
        p = run(tmp)
        check("cli: no entry -> exit 1", p.returncode == 1 and "no entry" in p.stderr, (p.returncode, p.stderr))
        p = run(os.path.join(tmp, "missing"))
        check("cli: not a folder -> exit 2", p.returncode == 2, (p.returncode, p.stderr))


def main():
    return run_all("hostile_report", (test_channel, test_outcome, test_select, test_rows, test_markdown, test_cli), load_report())


if __name__ == "__main__":
    sys.exit(main())
