#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of bench/report.py on saved channel logs.

bench/testdata/channel.log holds the records of a bench run in rounds
(made-up figures, the scenario's record format): three rounds in rotating
order, runs within a round, a figure missing on one side or in one round,
a zero reference in one round, figures measured once (the scale step's),
a pair with no figures, malformed values and keys, a CRLF line and records
after BEGIN-LOGS that must not be read, our pair's CPU busy and time in
the drivers for the throughput bounds (a round met, one out of reach, one
missed with a bound at or above its target, one missing an input, a
contended one with a bound), then two rounds of the dom0 phase
(bench.dom0.<pair>..., the backend in dom0), one pair missing a figure,
with malformed dom0 keys; bench/testdata/host.log the host samples
bench/run.sh takes meanwhile, by phase and by test, some of them
contended, the dom0 phase's too.  Logs with a dom0 round (or all of them)
left out by the time budget are written by the test itself.  bench/testdata/bench.md is the
report report.py must print for the two.  bench/testdata/channel-runs.log
is the format before rounds (runs only), which must still read.
Run by tests/check.sh (make check-host); the last line is
"bench_report: N passed, N failed".
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from checks import check, run_all  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = os.path.join(TOP, "bench", "report.py")
FIXTURE = os.path.join(TOP, "bench", "testdata", "channel.log")
HOST_LOG = os.path.join(TOP, "bench", "testdata", "host.log")
RUNS_ONLY = os.path.join(TOP, "bench", "testdata", "channel-runs.log")
EXPECTED_MD = os.path.join(TOP, "bench", "testdata", "bench.md")



def close(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9


def load_report():
    spec = importlib.util.spec_from_file_location("bench_report_under_test", REPORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def doc_of(report):
    data, orders = report.parse(FIXTURE)
    return report.build(data, orders, report.host_phases(HOST_LOG))


def test_parse(report):
    data, orders = report.parse(FIXTURE)
    check("parse: pairs", sorted(data) == ["bdeb-fdeb", "bours-fdeb", "bours-fours", "dom0", "loopback", "round"], sorted(data))
    d0 = data.get("dom0", {})
    check("parse: the dom0 phase's pairs and round records apart, malformed dom0 keys left out",
          sorted(d0) == ["bdeb-fdeb", "bdeb-fours", "bours-fdeb", "bours-fours", "round"], sorted(d0))
    check("parse: a dom0 figure by round; the one after BEGIN-LOGS not read",
          d0.get("bdeb-fdeb", {}).get("tcp_tx_mbps") == {1: [500.0], 2: [400.0]}, d0.get("bdeb-fdeb"))
    check("parse: dom0 figures do not mix with the driver domains' of the same pair",
          data["bdeb-fdeb"]["tcp_tx_mbps"] == {1: [800.0], 2: [600.0], 3: [700.0]})
    check("parse: the dom0 rounds' seconds", d0.get("round") == {"secs": {1: [185.0], 2: [190.0]}}, d0.get("round"))
    deb = data.get("bdeb-fdeb", {})
    check("parse: one value a round; malformed values and keys and post-BEGIN-LOGS records left out",
          deb.get("tcp_tx_mbps") == {1: [800.0], 2: [600.0], 3: [700.0]}, deb.get("tcp_tx_mbps"))
    check("parse: runs within a round", deb.get("tcp_rx_mbps", {}).get(1) == [900.0, 1100.0], deb.get("tcp_rx_mbps"))
    check("parse: a figure measured once has no round", deb.get("be_mem_kb_per_vif") == {0: [800.0]},
          deb.get("be_mem_kb_per_vif"))
    check("parse: a figure never reported is absent", "tcp_rx_fe_irq_per_pkt" not in deb)
    check("parse: CRLF record", data.get("bours-fdeb", {}).get("rtt_median_ms") == {1: [2.048]}, data.get("bours-fdeb"))
    check("parse: only bench.<pair>.<figure> records", "nofigure" not in data)
    check("parse: CPU busy figures by round", data["bours-fours"].get("tcp_tx_fe_busy") == {2: [0.9], 3: [0.6]}
          and data["bdeb-fdeb"].get("tcp_tx_be_busy") == {1: [0.7], 2: [0.65], 3: [0.75]},
          data["bours-fours"].get("tcp_tx_fe_busy"))
    check("parse: the order of each round, as pair names",
          orders == {1: ["bdeb-fdeb", "bours-fours", "bours-fdeb", "bdeb-fours"],
                     2: ["bours-fours", "bours-fdeb", "bdeb-fours", "bdeb-fdeb"],
                     3: ["bours-fdeb", "bdeb-fours", "bdeb-fdeb", "bours-fours"]}, orders)
    old, old_orders = report.parse(RUNS_ONLY)
    check("parse: runs without rounds are one reading of the boot",
          old["bdeb-fdeb"]["tcp_tx_mbps"] == {0: [300.0, 288.0, 287.0]} and old_orders == {}, old["bdeb-fdeb"]["tcp_tx_mbps"])


def test_build(report):
    doc = doc_of(report)
    tx = doc["pairs"]["bdeb-fdeb"]["tcp_tx_mbps"]
    check("build: median and range over the rounds", (tx["median"], tx["min"], tx["max"]) == (700.0, 600.0, 800.0), tx)
    rx = doc["pairs"]["bdeb-fdeb"]["tcp_rx_mbps"]
    check("build: a round's value is the median of its runs", rx["rounds"] == {1: 1000.0, 2: 1000.0, 3: 1200.0}, rx)
    check("build: loopback apart from the pairs, by round",
          doc["loopback"]["tcp_mbps"]["median"] == 1450.0 and "loopback" not in doc["pairs"] and "round" not in doc["pairs"],
          doc["loopback"])
    ours = doc["ratios"]["bours-fours"]
    tcp = ours.get("tcp_tx_mbps", {})
    check("build: ratios ours/Debian of the same round", tcp.get("rounds") == {1: 1.25, 2: 1.3, 3: 1.2}, tcp)
    check("build: the ratio is the median of the rounds' ratios, not the ratio of the medians (840/700)",
          close(tcp.get("ratio"), 1.25), tcp)
    check("build: a round without our figure has no ratio", ours["udp_rx_pps"]["rounds"] == {1: 1.5, 2: 1.6},
          ours.get("udp_rx_pps"))
    check("build: no ratio in a round with a zero reference", ours["udp_rx_be_irq_per_pkt"]["rounds"] == {2: 0.5, 3: 0.5},
          ours.get("udp_rx_be_irq_per_pkt"))
    check("build: figures measured once pair with each other",
          close(ours["fe_mem_kb_per_vif"]["ratio"], 1200 / 1524.6) and list(ours["fe_mem_kb_per_vif"]["rounds"]) == [0],
          ours.get("fe_mem_kb_per_vif"))
    check("build: the aggregate TCP of the scale step is a figure measured once, without a target",
          close(ours.get("scale_tcp_tx_mbps", {}).get("ratio"), 1.6)
          and list(ours["scale_tcp_tx_mbps"]["rounds"]) == [0]
          and "scale_tcp_tx_mbps" not in doc["targets"],
          ours.get("scale_tcp_tx_mbps"))
    check("build: no ratio without the reference figure", "tcp_rx_fe_irq_per_pkt" not in ours)
    check("build: no ratio without our figure", "be_mem_kb_per_vif" not in ours and "udp_tx_app_pps" not in ours)
    mixed = doc["ratios"]["bours-fdeb"].get("tcp_tx_mbps", {})
    check("build: mixed pair's ratios by round", close(mixed.get("ratio"), 800 / 600) and close(mixed["rounds"][1], 900 / 800),
          mixed)
    check("build: a pair with no figures has no ratios", doc["ratios"]["bdeb-fours"] == {}, doc["ratios"]["bdeb-fours"])
    t = doc["targets"]
    check("build: target met in every round", t["tcp_rx_mbps"]["verdict"] == "met", t.get("tcp_rx_mbps"))
    check("build: a round met and one out of reach, a contended round left out: the lower of two is the median",
          t["tcp_tx_mbps"]["verdict"] == "out of reach on the median (1 met, 1 out of reach of 2 rounds; 1 contended left out)"
          and close(t["tcp_tx_mbps"]["median"], 1.20)
          and t["tcp_tx_mbps"]["rounds"] == {2: "met", 3: "out of reach"}
          and (t["tcp_tx_mbps"]["met"], t["tcp_tx_mbps"]["out_of_reach"], t["tcp_tx_mbps"]["missed"], t["tcp_tx_mbps"]["of"])
          == (1, 1, 0, 2), t.get("tcp_tx_mbps"))
    check("build: a ratio notes the host's other CPUs in each round (the more of its two tests) and the contended rounds",
          ours["tcp_tx_mbps"]["other_cpus"] == {1: 0.6, 2: 0.2} and ours["tcp_tx_mbps"]["contended"] == [1],
          ours.get("tcp_tx_mbps"))
    check("build: the round trip is charged to the UDP backend->client test it follows",
          ours["rtt_p99_ms"]["contended"] == [1, 2] and t["rtt_p99_ms"]["verdict"] == "missed, one reading (2 contended left out)",
          (ours.get("rtt_p99_ms"), t.get("rtt_p99_ms")))
    check("build: every round contended -> no verdict", t["udp_rx_pps"]["verdict"] == "no round without contention",
          t.get("udp_rx_pps"))
    check("build: a figure without host samples of its tests is judged on every round",
          ours["tcp_rx_mbps"]["contended"] == [] and t["tcp_rx_mbps"]["verdict"] == "met", ours.get("tcp_rx_mbps"))
    check("build: target missed in every round, one of them out of reach",
          t["udp_tx_pps"]["verdict"] == "missed on the median (1 out of reach, 2 missed of 3 rounds)"
          and t["udp_tx_pps"]["rounds"] == {1: "missed", 2: "out of reach", 3: "missed"}
          and (t["udp_tx_pps"]["met"], t["udp_tx_pps"]["out_of_reach"], t["udp_tx_pps"]["missed"]) == (0, 1, 2),
          t.get("udp_tx_pps"))
    check("build: a lower-is-better target", t["tcp_tx_fe_irq_per_pkt"]["verdict"] == "met (1 contended left out)"
          and t["tcp_tx_fe_irq_per_pkt"]["target"] == "<= 1", t.get("tcp_tx_fe_irq_per_pkt"))
    check("build: a figure measured once is one reading", t["be_kthreads_per_vif"]["verdict"] == "met, one reading",
          t.get("be_kthreads_per_vif"))
    check("build: no target, no verdict", "tcp_tx_be_cpu_s_per_gb" not in t and "be_irqs_per_vif" not in t)
    d0 = doc["dom0"]
    check("build: dom0 medians by pair", d0["pairs"]["bours-fours"]["tcp_tx_mbps"]["median"] == 635.0
          and d0["pairs"]["bdeb-fdeb"]["tcp_rx_mbps"]["median"] == 450.0, d0["pairs"].get("bours-fours"))
    rat = d0["ratios"]["bours-fours"]
    check("build: dom0 ratios ours/Debian within each dom0 round",
          rat["tcp_tx_mbps"]["rounds"] == {1: 1.5, 2: 1.3} and close(rat["tcp_rx_mbps"]["ratio"], 1.15), rat)
    check("build: a dom0 round's tests are contended by the dom0-round samples, not the driver domains' round",
          rat["tcp_tx_mbps"]["contended"] == [1] and rat["tcp_tx_mbps"]["other_cpus"] == {1: 1.0}, rat.get("tcp_tx_mbps"))
    check("build: dom0 targets judged like the driver domains'",
          d0["targets"]["tcp_tx_mbps"]["verdict"] == "met, one reading (1 contended left out)"
          and d0["targets"]["tcp_rx_mbps"]["verdict"] == "missed", d0["targets"])
    check("build: dom0 mixed pairs against Debian's pair; a pair missing a figure has no ratio for it",
          close(d0["ratios"]["bdeb-fours"]["tcp_rx_mbps"]["ratio"], 450 / 400)
          and "tcp_rx_mbps" not in d0["ratios"]["bours-fdeb"], d0["ratios"])
    check("build: the dom0 phase measures TCP only", set(rat) <= {f for f, _, _, _ in report.DOM0_FIGURES}
          and all(f.startswith("tcp_") for f, _, _, _ in report.DOM0_FIGURES), sorted(rat))
    check("build: dom0 rounds", d0["rounds"] == {1: {"secs": 185.0, "skipped_est_secs": None},
                                                 2: {"secs": 190.0, "skipped_est_secs": None}}, d0["rounds"])
    check("build: rounds' order, time and loopback",
          doc["rounds"][2] == {"order": ["bours-fours", "bours-fdeb", "bdeb-fours", "bdeb-fdeb"], "secs": 210.0,
                               "loopback_mbps": 1400.0}, doc["rounds"].get(2))


def near(a, b):
    """For values worked out by hand to 7 decimals."""
    return a is not None and abs(a - b) < 1e-6


def test_bounds(report):
    t = doc_of(report)["targets"]
    b = t["tcp_tx_mbps"]["bounds"]
    # Round 2: ratio 780/600 = 1.30; client 0.90 busy - 0.15 in our netfront
    # = 0.75, driver domain 0.70 - 0.20 = 0.50; 1.30 / 0.75 = 1.7333333.
    check("bounds: the client's rest outside our netfront and the driver domain's outside our netback",
          near(b.get(2, {}).get("rest_fe"), 0.75) and near(b.get(2, {}).get("rest_be"), 0.5), b.get(2))
    check("bounds: ratio over the larger rest (the client's), hand-computed",
          near(b.get(2, {}).get("bound"), 1.7333333), b.get(2))
    # Round 3: ratio 840/700 = 1.20; client 0.60 - 0.10 = 0.50, driver
    # domain 0.99 - 0.01 = 0.98; 1.20 / 0.98 = 1.2244898 < 1.25.
    check("bounds: ratio over the larger rest (the driver domain's), hand-computed; below the target",
          near(b.get(3, {}).get("bound"), 1.2244898) and near(b.get(3, {}).get("rest_be"), 0.98), b.get(3))
    check("bounds: no bound for a round without our busy figures (round 1, contended)", 1 not in b, sorted(b))
    u = t["udp_tx_pps"]["bounds"]
    # Round 1: 3000/4000 = 0.75 over max(0.38 - 0.08, 0.45 - 0.20) = 0.30:
    # 2.5, above the 1.5 target, so the miss is "missed"; round 2: 0.50 over
    # max(0.95 - 0.05, 0.60 - 0.10) = 0.90: 0.5555556, "out of reach".
    check("bounds: a missed round whose bound is at or above the target",
          near(u.get(1, {}).get("bound"), 2.5) and t["udp_tx_pps"]["rounds"].get(1) == "missed",
          (u.get(1), t["udp_tx_pps"]["rounds"]))
    check("bounds: an out-of-reach round", near(u.get(2, {}).get("bound"), 0.5555556)
          and t["udp_tx_pps"]["rounds"].get(2) == "out of reach", u.get(2))
    check("bounds: an input missing (round 3 has no backend driver share) -> no bound, missed",
          3 not in u and t["udp_tx_pps"]["rounds"].get(3) == "missed", (sorted(u), t["udp_tx_pps"]["rounds"]))
    r = t["udp_rx_pps"]
    check("bounds: a contended round keeps its bound (1.50 / 0.70 = 2.1428571) but no verdict",
          near(r["bounds"].get(1, {}).get("bound"), 2.1428571) and r["rounds"] == {}
          and r["verdict"] == "no round without contention", r)
    check("bounds: only for the throughput figures", t["rtt_median_ms"]["bounds"] == {} and t["tcp_rx_mbps"]["bounds"] == {},
          (t["rtt_median_ms"]["bounds"], t["tcp_rx_mbps"]["bounds"]))
    ours = {"tcp_tx_fe_busy": {"rounds": {1: 0.2}}, "tcp_tx_fe_drv_share": {"rounds": {1: 0.3}},
            "tcp_tx_be_busy": {"rounds": {1: 0.1}}, "tcp_tx_be_drv_share": {"rounds": {1: 0.1}}}
    check("bounds: none when neither domain has CPU outside our drivers",
          report.round_bounds(ours, "tcp_tx_mbps", {"rounds": {1: 1.0}}) == {})
    ours["tcp_tx_be_busy"]["rounds"][1] = 0.6
    check("bounds: a rest below 0 on one side, the other side bounds (1.0 / 0.5 = 2)",
          near(report.round_bounds(ours, "tcp_tx_mbps", {"rounds": {1: 1.0}}).get(1, {}).get("bound"), 2.0))

    def verdict(fig, rounds, bounds=None, contended=()):
        j = report.judge(fig, {"rounds": rounds, "contended": list(contended)},
                         {r: {"bound": v} for r, v in (bounds or {}).items()})
        return j["verdict"]

    check("verdicts: every round out of reach", verdict("tcp_rx_mbps", {1: 1.0, 2: 1.1}, {1: 1.2, 2: 1.0}) == "out of reach")
    check("verdicts: out of reach, one reading",
          verdict("tcp_rx_mbps", {1: 1.0, 2: 1.1}, {1: 1.2}, [2]) == "out of reach, one reading (1 contended left out)")
    check("verdicts: a bound exactly at the target is not out of reach",
          verdict("tcp_rx_mbps", {1: 1.0}, {1: 1.25}) == "missed, one reading")
    check("verdicts: the median of three, one round missed, another out of reach (median 1.2, one bound missing)",
          verdict("udp_rx_pps", {1: 1.6, 2: 1.0, 3: 1.2, 4: 1.0}, {2: 1.4, 3: 2.0}, [4])
          == "missed on the median (1 met, 1 out of reach, 1 missed of 3 rounds; 1 contended left out)")
    check("verdicts: the median of three meets the target though one round misses it",
          verdict("udp_rx_pps", {1: 1.6, 2: 1.0, 3: 1.55}) == "met on the median (2 met, 1 missed of 3 rounds)")
    check("verdicts: the median of three out of reach when the median bound is below the target",
          verdict("udp_rx_pps", {1: 1.6, 2: 1.2, 3: 1.3}, {1: 1.9, 2: 1.4, 3: 1.45})
          == "out of reach on the median (1 met, 2 out of reach of 3 rounds)")
    check("verdicts: of two rounds the lower is the median, so both must meet a >= target",
          verdict("udp_rx_pps", {1: 1.6, 2: 1.0}) == "missed on the median (1 met, 1 missed of 2 rounds)")
    check("verdicts: of two rounds the higher is the median of a <= target",
          verdict("rtt_median_ms", {1: 0.8, 2: 1.1}) == "missed on the median (1 met, 1 missed of 2 rounds)"
          and verdict("rtt_median_ms", {1: 0.8, 2: 0.9, 3: 1.1}) == "met on the median (2 met, 1 missed of 3 rounds)")
    check("verdicts: rounds that agree need no median",
          verdict("udp_rx_pps", {1: 1.6, 2: 1.7, 3: 1.5}) == "met" and verdict("udp_rx_pps", {1: 1.0, 2: 1.1}) == "missed")
    check("verdicts: a lower-is-better target is never out of reach",
          verdict("rtt_median_ms", {1: 1.2}, {1: 0.5}) == "missed, one reading")


def test_host(report):
    host = report.host_phases(HOST_LOG)
    ph = host["phases"]
    check("host: CPUs from the header", host["cpus"] == 2, host)
    check("host: an interval belongs to the phase of the sample opening it",
          ph.get("setup") == {"qemu_cpus": 1.0, "other_cpus": 0.6, "qemus": 1, "secs": 10}, ph.get("setup"))
    check("host: the most QEMUs seen in a phase", ph.get("warm-up", {}).get("qemus") == 2, ph.get("warm-up"))
    check("host: a test's intervals count for its round",
          ph.get("round1") == {"qemu_cpus": 1.44, "other_cpus": 0.48, "qemus": 2, "secs": 25}, ph.get("round1"))
    check("host: an interval where the QEMU's counter went back (a new QEMU) is left out",
          ph.get("round2") == {"qemu_cpus": 1.44, "other_cpus": 0.4, "qemus": 1, "secs": 25}, ph.get("round2"))
    tests = host["tests"]
    check("host: per test",
          tests.get("round1/bours-fours/tcp_tx") == {"qemu_cpus": 1.4, "other_cpus": 0.6, "qemus": 1, "secs": 5}
          and len(tests) == 10 and "round1" not in tests, tests.get("round1/bours-fours/tcp_tx"))
    check("host: the dom0 phase's rounds and tests",
          ph.get("dom0-round1") == {"qemu_cpus": 1.4, "other_cpus": 0.33, "qemus": 1, "secs": 15}
          and tests.get("dom0-round1/bdeb-fdeb/tcp_tx") == {"qemu_cpus": 1.0, "other_cpus": 1.0, "qemus": 1, "secs": 5},
          (ph.get("dom0-round1"), tests.get("dom0-round1/bdeb-fdeb/tcp_tx")))
    check("host: the last sample opens no interval", "end" not in ph and "scale" in ph, sorted(ph))


def row(md, label):
    for line in md.splitlines():
        if line.startswith(f"| {label} |"):
            return [c.strip() for c in line.strip("|").split("|")]
    return None


def test_table(report):
    md = report.table(doc_of(report))
    with open(EXPECTED_MD) as f:
        expected = f.read().rstrip("\n")
    check("table: the whole report as bench/testdata/bench.md", md == expected,
          "\n" + "\n".join(f"  got {a!r}\n  exp {b!r}" for a, b in zip(md.splitlines(), expected.splitlines()) if a != b))
    check("table: median (range), the ratio, its rounds, the target, a mixed pair, a pair with nothing",
          row(md, "TCP client->backend") == ["TCP client->backend", "Mbit/s", "700 (600-800)", "840 (780-1000)", "1.25",
                                             "1.25* 1.30 (at most 1.73) 1.20 (at most 1.22)",
                                             ">= 1.25: out of reach on the median (1 met, 1 out of reach of 2 rounds; 1 contended left out)",
                                             "900 (800-1000)", "-"],
          row(md, "TCP client->backend"))
    check("table: each round's ratio followed by its bound, when it has one",
          row(md, "64-byte UDP client->backend")[5:7] == ["0.75 (at most 2.50) 0.50 (at most 0.56) 0.50",
                                                          ">= 1.5: missed on the median (1 out of reach, 2 missed of 3 rounds)"]
          and row(md, "64-byte UDP backend->client")[5] == "1.50* (at most 2.14) 1.60* -",
          (row(md, "64-byte UDP client->backend"), row(md, "64-byte UDP backend->client")))
    check("table: a sentence on 'at most' and out of reach, after the table",
          md.index("'at most': the ratio our pair could reach") > md.index("| backend IRQs per vif |")
          and "'out of reach'" in md)
    check("table: CPU busy rows for every pair, informational (no '(worse)')",
          row(md, "client CPU busy, TCP tx") == ["client CPU busy, TCP tx", "CPU", "0.9000 (0.9000-0.9500)",
                                                 "0.7500 (0.6000-0.9000)", "0.83", "- 1.00 0.67", "-", "0.9000", "-"]
          and row(md, "driver domain CPU busy, TCP tx")[4] == "1.20",
          (row(md, "client CPU busy, TCP tx"), row(md, "driver domain CPU busy, TCP tx")))
    check("table: a ratio on the wrong side of 1 says so",
          row(md, "64-byte UDP client->backend")[4] == "0.50 (worse)", row(md, "64-byte UDP client->backend"))
    check("table: a round without a ratio is '-', a contended one '*'", row(md, "64-byte UDP backend->client")[5] == "1.50* (at most 2.14) 1.60* -",
          row(md, "64-byte UDP backend->client"))
    check("table: missing reference -> '-' and no ratio",
          row(md, "frontend notifications/packet, TCP rx")[2:7] == ["-", "0.5000", "-", "-", "-"],
          row(md, "frontend notifications/packet, TCP rx"))
    check("table: a figure measured once",
          row(md, "backend kernel threads per vif")[2:7] == ["2.00", "1.00", "0.50", "once", "<= 1: met, one reading"],
          row(md, "backend kernel threads per vif"))
    check("table: missing on our side -> '-'",
          row(md, "backend memory per idle vif")[2:5] == ["800", "-", "-"], row(md, "backend memory per idle vif"))
    check("table: the loopback bound", "loopback TCP (the bound no inter-domain path can exceed): 1450 (1400-1500) Mbit/s." in md)
    check("table: a line per round with its order, time, loopback and host load",
          row(md, "1") == ["1", "deb-deb ours-ours ours-deb deb-ours", "200", "1500", "1.44", "0.48", "2"], row(md, "1"))
    check("table: host time by phase", row(md, "warm-up") == ["warm-up", "5", "1.80", "0.20", "2"], row(md, "warm-up"))
    check("table: the dom0 section after the driver domains' rounds, with ratios, per round, target and mixed pairs",
          md.index("| 3 | ours-deb") < md.index("Backend in dom0") < md.index("Host CPU time")
          and md.count("| TCP client->backend |") == 2
          and [r for r in md.splitlines() if r.startswith("| TCP client->backend |")][1]
          == "| TCP client->backend | Mbit/s | 450 (400-500) | 635 (520-750) | 1.40 | 1.50* 1.30 | "
             ">= 1.25: met, one reading (1 contended left out) | 550 | 600 |", md[md.find("Backend in dom0"):][:600])
    check("table: the dom0 section has TCP rows only, and no CPU busy",
          "64-byte" not in md[md.index("Backend in dom0"):md.index("Host CPU time")]
          and "CPU busy" not in md[md.index("Backend in dom0"):md.index("Host CPU time")])
    check("table: a line per dom0 round with its time and host load", row(md, "1")[1] == "deb-deb ours-ours ours-deb deb-ours"
          and "| 1 | 185 | 1.40 | 0.33 | 1 |" in md and "| 2 | 190 | - | - | - |" in md)
    check("table: host time by phase, dom0's rounds after the scale step",
          md.index("| scale | 5 |") < md.index("| dom0-round1 | 15 | 1.40 | 0.33 | 1 |"))
    old = report.table(report.build(*report.parse(RUNS_ONLY)))
    check("table: no busy figures, no bounds and no 'at most'", "at most" not in old)
    check("table: no dom0 records, no dom0 section", "dom0" not in old and report.build(*report.parse(RUNS_ONLY))["dom0"] is None)
    check("table: runs without rounds: median (range of the runs), one reading",
          row(old, "TCP client->backend") == ["TCP client->backend", "Mbit/s", "288 (287-300)", "362 (293-372)", "1.26",
                                              "once", ">= 1.25: met, one reading", "435 (376-460)", "-"],
          row(old, "TCP client->backend"))


DOM0_ROUND1 = """SAY bench dom0 round 1: Debian's netback in dom0, then ours
METRIC bench.dom0.bdeb-fdeb.tcp_tx_mbps.round1 500
METRIC bench.dom0.bours-fours.tcp_tx_mbps.round1 600
METRIC bench.dom0.round.secs.round1 185
"""


def test_dom0_skipped(report):
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one.log")
        with open(one, "w") as f:
            f.write("METRIC bench.bdeb-fdeb.tcp_tx_mbps.round1 800\n" + DOM0_ROUND1
                    + "SAY bench dom0: round 2 of 2 not started: the bench has run 1054 s\n"
                    "METRIC bench.dom0.round.skipped.round2 185\nRESULT pass\n")
        doc = report.build(*report.parse(one))
        check("dom0 skipped: the round left out has no seconds, the time it was expected to take",
              doc["dom0"]["rounds"] == {1: {"secs": 185.0, "skipped_est_secs": None},
                                        2: {"secs": None, "skipped_est_secs": 185.0}}, doc["dom0"]["rounds"])
        md = report.table(doc)
        check("dom0 skipped: the ratio's per-round column shows the round left out as '-'",
              "| TCP client->backend | Mbit/s | 500 | 600 | 1.20 | 1.20 - |" in md, md[md.find("Backend in dom0"):][:500])
        check("dom0 skipped: the table says it was not measured, not that it failed",
              "| 2 | not started: the time budget (about 185 s) | - | - | - |" in md
              and "dom0 round 2 not measured: the bench's time budget left no room (not a failure)." in md, md[-400:])
        none = os.path.join(tmp, "none.log")
        with open(none, "w") as f:
            f.write("METRIC bench.bdeb-fdeb.tcp_tx_mbps.round1 800\n"
                    "METRIC bench.dom0.round.skipped.round1 200\nMETRIC bench.dom0.round.skipped.round2 200\n")
        doc = report.build(*report.parse(none))
        md = report.table(doc)
        check("dom0 skipped: the whole phase left out -> no dom0 pairs, 'Not measured.', both rounds listed",
              doc["dom0"]["pairs"] == {} and doc["dom0"]["ratios"]["bours-fours"] == {}
              and "Backend in dom0" in md and "Not measured." in md
              and "dom0 rounds 1, 2 not measured" in md, md[md.find("Backend in dom0"):])
        p = run(none, os.path.join(tmp, "out"))
        check("dom0 skipped: report.py exits 0", p.returncode == 0, p.stderr)


# Two rounds, our pair's TCP client->backend test slowed in round 2 (its
# canary twice the median); the UDP tests' canaries all usual.
SLOWED_LOG = """\
METRIC bench.bdeb-fdeb.tcp_tx_fe_canary_s.round1 0.30
METRIC bench.bdeb-fdeb.tcp_tx_mbps.round1 100
METRIC bench.bours-fours.tcp_tx_fe_canary_s.round1 0.30
METRIC bench.bours-fours.tcp_tx_mbps.round1 150
METRIC bench.bdeb-fdeb.udp_rx_fe_canary_s.round1 0.31
METRIC bench.bdeb-fdeb.udp_rx_pps.round1 100
METRIC bench.bours-fours.udp_rx_fe_canary_s.round1 0.29
METRIC bench.bours-fours.udp_rx_pps.round1 160
METRIC bench.bdeb-fdeb.tcp_tx_fe_canary_s.round2 0.31
METRIC bench.bdeb-fdeb.tcp_tx_mbps.round2 100
METRIC bench.bours-fours.tcp_tx_fe_canary_s.round2 0.60
METRIC bench.bours-fours.tcp_tx_mbps.round2 100
METRIC bench.bdeb-fdeb.udp_rx_fe_canary_s.round2 0.30
METRIC bench.bdeb-fdeb.udp_rx_pps.round2 100
METRIC bench.bours-fours.udp_rx_fe_canary_s.round2 0.32
METRIC bench.bours-fours.udp_rx_pps.round2 140
"""


def test_slowed(report):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "slowed.log")
        with open(log, "w") as f:
            f.write(SLOWED_LOG)
        doc = report.build(*report.parse(log))
        rat = doc["ratios"]["bours-fours"]
        t = doc["targets"]
        check("slowed: the canaries' median is the base (0.305 over eight readings)",
              close(report.canary_median(doc["pairs"]), 0.305), report.canary_median(doc["pairs"]))
        check("slowed: a round whose test's canary is above SLOWED x the median is slowed, the larger side counts",
              rat["tcp_tx_mbps"]["slowed"] == [2] and close(rat["tcp_tx_mbps"]["canary"][2], 0.60 / 0.305)
              and close(rat["tcp_tx_mbps"]["canary"][1], 0.30 / 0.305), rat["tcp_tx_mbps"])
        check("slowed: the slowed round is still judged (its 1.00 misses)",
              t["tcp_tx_mbps"]["verdict"] == "missed on the median (1 met, 1 missed of 2 rounds)", t["tcp_tx_mbps"])
        check("slowed: other tests of the same round are judged as usual",
              rat["udp_rx_pps"]["slowed"] == [] and t["udp_rx_pps"]["verdict"] == "missed on the median (1 met, 1 missed of 2 rounds)",
              t["udp_rx_pps"])
        check("slowed: the round trip goes by the UDP backend->client test's canary",
              report.kind_of("rtt_p99_ms") == "udp_rx", report.kind_of("rtt_p99_ms"))
        md = report.table(doc)
        check("slowed: the table marks the round '~' and says what it means",
              "| 1.25 | 1.50 1.00~ | >= 1.25: missed on the median (1 met, 1 missed of 2 rounds) |" in md
              and "'~': the client's canary" in md, md[:600])

    def verdict(rounds, contended=(), slowed=()):
        return report.judge("tcp_tx_mbps", {"rounds": rounds, "contended": list(contended),
                                            "slowed": list(slowed)})["verdict"]

    check("slowed: judge leaves out the contended rounds only",
          verdict({1: 1.0, 2: 1.1, 3: 1.4}, [1], [1, 2]) == "missed on the median (1 met, 1 missed of 2 rounds; 1 contended left out)",
          verdict({1: 1.0, 2: 1.1, 3: 1.4}, [1], [1, 2]))
    check("slowed: no canary readings (earlier runs) -> nothing slowed, no legend",
          report.canary_median({"bdeb-fdeb": {}}) is None and "'~'" not in report.table(doc_of(report)))


def run(*args):
    return subprocess.run([sys.executable, REPORT, *args], capture_output=True, text=True)


def test_cli(report):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        p = run(FIXTURE, out, HOST_LOG)
        check("cli: exit 0", p.returncode == 0, p.stderr)
        with open(EXPECTED_MD) as f:
            expected = f.read()
        md_path, json_path = os.path.join(out, "bench.md"), os.path.join(out, "bench.json")
        check("cli: prints the report", p.stdout == expected, p.stdout[:200])
        check("cli: bench.md", os.path.exists(md_path) and open(md_path).read() == expected)
        doc = json.load(open(json_path)) if os.path.exists(json_path) else None
        want = json.loads(json.dumps(doc_of(report)))
        check("cli: bench.json is the whole document", doc == want)
        check("cli: bench.json has the verdicts' counts, the rounds' bounds and the busy figures",
              doc is not None and doc["targets"]["udp_tx_pps"]["out_of_reach"] == 1
              and doc["targets"]["udp_tx_pps"]["missed"] == 2
              and near(doc["targets"]["udp_tx_pps"]["bounds"]["1"]["bound"], 2.5)
              and doc["pairs"]["bours-fours"]["udp_tx_be_busy"]["rounds"] == {"1": 0.45, "2": 0.6, "3": 0.7})
        check("cli: bench.json keeps every run",
              doc is not None and doc["pairs"]["bdeb-fdeb"]["tcp_rx_mbps"]["runs"]["1"] == [900.0, 1100.0])
        has_mpl = importlib.util.find_spec("matplotlib") is not None
        check("cli: the chart exactly when matplotlib is there",
              os.path.exists(os.path.join(out, "bench.png")) == has_mpl)
        p = run(FIXTURE, os.path.join(tmp, "nohost"))
        check("cli: without a host log, no host figures and nothing left out",
              p.returncode == 0 and "Host CPU time" not in p.stdout and "| 1 | deb-deb" in p.stdout
              and "*" not in p.stdout and "met on the median (2 met, 1 out of reach of 3 rounds)" in p.stdout, p.stdout[-300:])

        empty = os.path.join(tmp, "empty.log")
        with open(empty, "w") as f:
            f.write("BEGIN bench\nSTEP dom0 x\nFAIL dom0 1 x :: y\nBEGIN-LOGS\nMETRIC bench.bdeb-fdeb.tcp_tx_mbps 1\n")
        p = run(empty, os.path.join(tmp, "none"))
        check("cli: no figures -> exit 1 and nothing written",
              p.returncode == 1 and not os.path.exists(os.path.join(tmp, "none")), (p.returncode, p.stderr))
        p = run(FIXTURE)
        check("cli: usage -> exit 2", p.returncode == 2 and "report.py" in p.stderr, (p.returncode, p.stderr))


def main():
    return run_all("bench_report", (test_parse, test_build, test_bounds, test_host, test_table, test_dom0_skipped, test_slowed, test_cli), load_report())


if __name__ == "__main__":
    sys.exit(main())
