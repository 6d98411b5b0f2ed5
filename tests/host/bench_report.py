#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of bench/report.py on a saved channel log.

bench/testdata/channel.log holds the records of a bench run (made-up
figures, the scenario's record format): runs to take the median of, a
figure missing on one side, a zero reference, a pair with no figures, a
malformed value, a CRLF line and records after BEGIN-LOGS that must not be
read.  bench/testdata/bench.md is the table report.py must print for it.
Run by tests/check.sh (make check-host); the last line is
"bench_report: N passed, N failed".
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = os.path.join(TOP, "bench", "report.py")
FIXTURE = os.path.join(TOP, "bench", "testdata", "channel.log")
EXPECTED_MD = os.path.join(TOP, "bench", "testdata", "bench.md")

passed = 0
failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}{': ' + str(detail) if detail else ''}")


def close(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9


def load_report():
    spec = importlib.util.spec_from_file_location("bench_report_under_test", REPORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_parse(report):
    data = report.parse(FIXTURE)
    check("parse: pairs", sorted(data) == ["bdeb-fdeb", "bours-fdeb", "bours-fours", "loopback"], sorted(data))
    deb = data.get("bdeb-fdeb", {})
    check("parse: runs of one figure gathered, malformed and post-BEGIN-LOGS values left out",
          deb.get("tcp_tx_mbps") == [300.0, 288.0, 287.0], deb.get("tcp_tx_mbps"))
    check("parse: a figure without runs", deb.get("udp_tx_pps") == [4064.0], deb.get("udp_tx_pps"))
    check("parse: a figure never reported is absent", "tcp_rx_fe_irq_per_pkt" not in deb)
    check("parse: CRLF record", data.get("bours-fdeb", {}).get("rtt_median_ms") == [2.048],
          data.get("bours-fdeb"))
    check("parse: only bench.<pair>.<figure> records",
          all("." not in f for figs in data.values() for f in figs) and "nofigure" not in data)


def test_build(report):
    doc = report.build(report.parse(FIXTURE))
    tx = doc["pairs"]["bdeb-fdeb"]["tcp_tx_mbps"]
    check("build: median and spread", tx["median"] == 288.0 and tx["spread"] == 13.0, tx)
    check("build: loopback apart from the pairs",
          doc["loopback"]["tcp_mbps"]["median"] == 526.0 and "loopback" not in doc["pairs"], doc["loopback"])
    ours = doc["ratios"]["bours-fours"]
    check("build: ratio ours/Debian of medians", close(ours.get("tcp_tx_mbps"), 362 / 288), ours.get("tcp_tx_mbps"))
    check("build: ratio of a lower-is-better figure",
          close(ours.get("tcp_tx_be_cpu_s_per_gb"), 0.75), ours.get("tcp_tx_be_cpu_s_per_gb"))
    check("build: no ratio without the reference figure", "tcp_rx_fe_irq_per_pkt" not in ours)
    check("build: no ratio against a zero reference", "udp_rx_be_irq_per_pkt" not in ours)
    check("build: no ratio without our figure", "be_mem_kb_per_vif" not in ours and "udp_rx_app_pps" not in ours)
    check("build: mixed pair's ratios", close(doc["ratios"]["bours-fdeb"].get("udp_tx_pps"), 2500 / 4064),
          doc["ratios"]["bours-fdeb"])
    check("build: a pair with no figures has no ratios", doc["ratios"]["bdeb-fours"] == {}, doc["ratios"]["bdeb-fours"])


def row(md, label):
    for line in md.splitlines():
        if line.startswith(f"| {label} |"):
            return [c.strip() for c in line.strip("|").split("|")]
    return None


def test_table(report):
    md = report.table(report.build(report.parse(FIXTURE)))
    with open(EXPECTED_MD) as f:
        expected = f.read().rstrip("\n")
    check("table: the whole table as bench/testdata/bench.md", md == expected,
          "\n" + "\n".join(f"  got {a!r}\n  exp {b!r}" for a, b in zip(md.splitlines(), expected.splitlines()) if a != b))
    check("table: median ± half the spread, the ratio, a mixed pair, a pair with nothing",
          row(md, "TCP client->backend") == ["TCP client->backend", "Mbit/s", "288 ±6.50", "362 ±39.50", "1.26", "435 ±42.00", "-"],
          row(md, "TCP client->backend"))
    check("table: a ratio on the wrong side of 1 says so",
          row(md, "64-byte UDP client->backend")[4] == "0.74 (worse)", row(md, "64-byte UDP client->backend"))
    check("table: lower is better for latency",
          row(md, "round trip, median")[4] == "0.73" and row(md, "round trip, p99")[4] == "1.20 (worse)")
    check("table: missing reference -> '-' and no ratio",
          row(md, "frontend notifications/packet, TCP rx")[2:5] == ["-", "0.5278", "-"],
          row(md, "frontend notifications/packet, TCP rx"))
    check("table: zero reference -> no ratio",
          row(md, "backend notifications/packet, UDP rx")[2:5] == ["0.0000", "0.0024", "-"],
          row(md, "backend notifications/packet, UDP rx"))
    check("table: missing on our side -> '-'",
          row(md, "backend memory per idle vif")[2:5] == ["800", "-", "-"], row(md, "backend memory per idle vif"))
    check("table: the loopback bound", "loopback TCP (the bound no inter-domain path can exceed): 526 Mbit/s." in md)


def run(*args):
    return subprocess.run([sys.executable, REPORT, *args], capture_output=True, text=True)


def test_cli(report):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        p = run(FIXTURE, out)
        check("cli: exit 0", p.returncode == 0, p.stderr)
        with open(EXPECTED_MD) as f:
            expected = f.read()
        md_path, json_path = os.path.join(out, "bench.md"), os.path.join(out, "bench.json")
        check("cli: prints the table", p.stdout == expected, p.stdout[:200])
        check("cli: bench.md", os.path.exists(md_path) and open(md_path).read() == expected)
        doc = json.load(open(json_path)) if os.path.exists(json_path) else None
        want = json.loads(json.dumps(report.build(report.parse(FIXTURE))))
        check("cli: bench.json is the whole document", doc == want)
        check("cli: bench.json keeps every run",
              doc is not None and doc["pairs"]["bours-fours"]["tcp_rx_mbps"]["runs"] == [494.0, 480.0, 537.0])
        has_mpl = importlib.util.find_spec("matplotlib") is not None
        check("cli: the chart exactly when matplotlib is there",
              os.path.exists(os.path.join(out, "bench.png")) == has_mpl)

        empty = os.path.join(tmp, "empty.log")
        with open(empty, "w") as f:
            f.write("BEGIN bench\nSTEP dom0 x\nFAIL dom0 1 x :: y\nBEGIN-LOGS\nMETRIC bench.bdeb-fdeb.tcp_tx_mbps 1\n")
        p = run(empty, os.path.join(tmp, "none"))
        check("cli: no figures -> exit 1 and nothing written",
              p.returncode == 1 and not os.path.exists(os.path.join(tmp, "none")), (p.returncode, p.stderr))
        p = run(FIXTURE)
        check("cli: usage -> exit 2", p.returncode == 2 and "report.py" in p.stderr, (p.returncode, p.stderr))


def main():
    report = load_report()
    for test in (test_parse, test_build, test_table, test_cli):
        try:
            test(report)
        except Exception as e:  # a crash is a failure of that test, not of the run
            check(f"{test.__name__} ran", False, repr(e))
    print(f"bench_report: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
