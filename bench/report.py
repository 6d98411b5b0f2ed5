#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn the METRIC records of a bench run into a table, JSON and a chart.

    bench/report.py CHANNEL_LOG OUTDIR [HOST_LOG]

CHANNEL_LOG is the verdict channel of a lab boot of the bench scenario
(tests/lab/scenarios/bench.sh); every figure arrives there as
"METRIC bench.<pair>.<what>[.round<R>][.run<N>] <value>", where <pair> is
b<backend>-f<frontend> with deb (Debian's in-tree module) or ours, or
"loopback".  The scenario measures in rounds, every pair in every round:
a figure's value in a round is the median of its runs there, the table
gives the median over the rounds and their range, and a ratio ours/Debian
is taken between the two pairs of the same round, so that a drift within
the boot cancels out; the ratio column is the median of those per-round
ratios.  A target is judged on every per-round ratio of our pair that did
not run contended (the host busy; a round whose client canary before
the test ran much slower than the boot's usual is marked, see SLOWED),
each round "met", "out of reach" or "missed": for the
throughput figures, the client's and the driver domain's CPU busy during
the test less our netfront's and our netback's time in the driver give
the most ours/Debian could reach in that round with both drivers costing
nothing (see round_bounds); a round that misses its target with that bound
below the target is out of reach, any other miss is missed.  The verdict
is the median round's (see judge).  Figures
measured once per boot (the scale step's) have no round; records with
runs but no round (earlier runs of the bench) count as one round.
"bench.round.secs" and "SAY bench round R: <order>" describe the rounds.  Anything after the
BEGIN-LOGS record (the domains' logs) is not read.

The same pairs with the backend in dom0 (the scenario's last phase, dom0
loading Debian's netback and ours in turn, TCP only) arrive as
"METRIC bench.dom0.<pair>.<what>.round<R> <value>", with
"bench.dom0.round.secs.round<R>" the seconds of dom0 round R's tests (both
netbacks' halves) and
"bench.dom0.round.skipped.round<R>" (the seconds it was expected to take)
for a round the time budget left out; they get a section of their own,
ratios taken within each dom0 round as above.

HOST_LOG, written by bench/run.sh while the lab ran, samples the host's CPU
time every few seconds ("<epoch> <phase> <busy> <total> <qemu> <qemus>",
jiffies of /proc/stat, of the bench's QEMU, and how many QEMUs ran); the
report gives, per phase of the scenario, the CPUs the bench's QEMU and the
host's other processes used.

Writes OUTDIR/bench.json, OUTDIR/bench.md and, when matplotlib is there,
OUTDIR/bench.png; prints the markdown report.
"""

import json
import os
import re
import statistics
import sys

PAIRS = ["bdeb-fdeb", "bours-fours", "bours-fdeb", "bdeb-fours"]
PAIR_NAMES = {
    "bdeb-fdeb": "Debian netback + Debian netfront",
    "bours-fours": "our netback + our netfront",
    "bours-fdeb": "our netback + Debian netfront",
    "bdeb-fours": "Debian netback + our netfront",
}
# The scenario names pairs backend-frontend in its SAY records.
SHORT = {"deb-deb": "bdeb-fdeb", "ours-ours": "bours-fours", "ours-deb": "bours-fdeb", "deb-ours": "bdeb-fours"}

# Round key of a figure measured once per boot, outside the rounds.
ONCE = 0

# A pair under bench.dom0 (or the dom0 phase's round records).
DOM0_PAIR = re.compile(r"b[a-z0-9]+-f[a-z0-9]+|round")

# figure -> (label, unit, better): better is "higher", "lower" or None
# (informational: neither side of 1 is better); the ratio column is
# ours/Debian's either way, and it says "(worse)" when it is on the wrong
# side of 1.
FIGURES = [
    ("tcp_tx_mbps", "TCP client->backend", "Mbit/s", "higher"),
    ("tcp_rx_mbps", "TCP backend->client", "Mbit/s", "higher"),
    ("udp_tx_pps", "64-byte UDP client->backend", "pkt/s", "higher"),
    ("udp_rx_pps", "64-byte UDP backend->client", "pkt/s", "higher"),
    ("udp_tx_app_pps", "64-byte UDP client->backend, into iperf3", "pkt/s", "higher"),
    ("udp_rx_app_pps", "64-byte UDP backend->client, into iperf3", "pkt/s", "higher"),
    ("rtt_median_ms", "round trip, median", "ms", "lower"),
    ("rtt_p99_ms", "round trip, p99", "ms", "lower"),
    ("tcp_tx_fe_irq_per_pkt", "frontend notifications/packet, TCP tx", "", "lower"),
    ("tcp_tx_be_irq_per_pkt", "backend notifications/packet, TCP tx", "", "lower"),
    ("tcp_rx_fe_irq_per_pkt", "frontend notifications/packet, TCP rx", "", "lower"),
    ("tcp_rx_be_irq_per_pkt", "backend notifications/packet, TCP rx", "", "lower"),
    ("udp_tx_fe_irq_per_pkt", "frontend notifications/packet, UDP tx", "", "lower"),
    ("udp_tx_be_irq_per_pkt", "backend notifications/packet, UDP tx", "", "lower"),
    ("udp_rx_fe_irq_per_pkt", "frontend notifications/packet, UDP rx", "", "lower"),
    ("udp_rx_be_irq_per_pkt", "backend notifications/packet, UDP rx", "", "lower"),
    ("tcp_tx_be_calls_per_pkt", "our backend's grant-copy hypercalls/packet, TCP tx", "", "lower"),
    ("tcp_rx_be_calls_per_pkt", "our backend's grant-copy hypercalls/packet, TCP rx", "", "lower"),
    ("udp_tx_be_calls_per_pkt", "our backend's grant-copy hypercalls/packet, UDP tx", "", "lower"),
    ("udp_rx_be_calls_per_pkt", "our backend's grant-copy hypercalls/packet, UDP rx", "", "lower"),
    ("tcp_tx_fe_eoi_delay_jiffies", "frontend EOIs held back (spurious events), TCP tx", "jiffies", "lower"),
    ("tcp_rx_fe_eoi_delay_jiffies", "frontend EOIs held back (spurious events), TCP rx", "jiffies", "lower"),
    ("udp_tx_fe_eoi_delay_jiffies", "frontend EOIs held back (spurious events), UDP tx", "jiffies", "lower"),
    ("udp_rx_fe_eoi_delay_jiffies", "frontend EOIs held back (spurious events), UDP rx", "jiffies", "lower"),
    ("tcp_tx_be_eoi_delay_jiffies", "backend EOIs held back (spurious events), TCP tx", "jiffies", "lower"),
    ("tcp_rx_be_eoi_delay_jiffies", "backend EOIs held back (spurious events), TCP rx", "jiffies", "lower"),
    ("udp_tx_be_eoi_delay_jiffies", "backend EOIs held back (spurious events), UDP tx", "jiffies", "lower"),
    ("udp_rx_be_eoi_delay_jiffies", "backend EOIs held back (spurious events), UDP rx", "jiffies", "lower"),
    ("tcp_tx_fe_drv_share", "our frontend's time in the driver, TCP tx", "CPU", "lower"),
    ("tcp_rx_fe_drv_share", "our frontend's time in the driver, TCP rx", "CPU", "lower"),
    ("udp_tx_fe_drv_share", "our frontend's time in the driver, UDP tx", "CPU", "lower"),
    ("udp_rx_fe_drv_share", "our frontend's time in the driver, UDP rx", "CPU", "lower"),
    ("tcp_tx_be_drv_share", "our backend's time in the driver, TCP tx", "CPU", "lower"),
    ("tcp_rx_be_drv_share", "our backend's time in the driver, TCP rx", "CPU", "lower"),
    ("udp_tx_be_drv_share", "our backend's time in the driver, UDP tx", "CPU", "lower"),
    ("udp_rx_be_drv_share", "our backend's time in the driver, UDP rx", "CPU", "lower"),
    ("tcp_tx_be_copy_share", "of which our backend's grant copies, TCP tx", "CPU", "lower"),
    ("tcp_rx_be_copy_share", "of which our backend's grant copies, TCP rx", "CPU", "lower"),
    ("udp_tx_be_copy_share", "of which our backend's grant copies, UDP tx", "CPU", "lower"),
    ("udp_rx_be_copy_share", "of which our backend's grant copies, UDP rx", "CPU", "lower"),
    ("tcp_tx_fe_busy", "client CPU busy, TCP tx", "CPU", None),
    ("tcp_rx_fe_busy", "client CPU busy, TCP rx", "CPU", None),
    ("udp_tx_fe_busy", "client CPU busy, UDP tx", "CPU", None),
    ("udp_rx_fe_busy", "client CPU busy, UDP rx", "CPU", None),
    ("tcp_tx_be_busy", "driver domain CPU busy, TCP tx", "CPU", None),
    ("tcp_rx_be_busy", "driver domain CPU busy, TCP rx", "CPU", None),
    ("udp_tx_be_busy", "driver domain CPU busy, UDP tx", "CPU", None),
    ("udp_rx_be_busy", "driver domain CPU busy, UDP rx", "CPU", None),
    ("tcp_tx_fe_canary_s", "client canary before TCP tx", "s", None),
    ("tcp_rx_fe_canary_s", "client canary before TCP rx", "s", None),
    ("udp_tx_fe_canary_s", "client canary before UDP tx", "s", None),
    ("udp_rx_fe_canary_s", "client canary before UDP rx", "s", None),
    ("tcp_tx_be_cpu_s_per_gb", "backend CPU per GB, TCP tx", "s/GB", "lower"),
    ("tcp_rx_be_cpu_s_per_gb", "backend CPU per GB, TCP rx", "s/GB", "lower"),
    ("fe_mem_kb_per_vif", "frontend memory per idle vif", "kB", "lower"),
    ("be_mem_kb_per_vif", "backend memory per idle vif", "kB", "lower"),
    ("be_kthreads_per_vif", "backend kernel threads per vif", "", "lower"),
    ("be_irqs_per_vif", "backend IRQs per vif", "", "lower"),
    ("scale_tcp_tx_mbps", "TCP client->backend through all the scale client's vifs at once", "Mbit/s", "higher"),
]

# The targets of issue #8, as ratios ours/Debian of our pair: (">=", x) or
# ("<=", x).  Figures without a target are reported, not judged.
TARGETS = {
    "tcp_tx_mbps": (">=", 1.25),
    "tcp_rx_mbps": (">=", 1.25),
    "udp_tx_pps": (">=", 1.5),
    "udp_rx_pps": (">=", 1.5),
    "rtt_median_ms": ("<=", 1.0),
    "rtt_p99_ms": ("<=", 1.0),
    "fe_mem_kb_per_vif": ("<=", 1.0),
    "be_mem_kb_per_vif": ("<=", 1.0),
    "be_kthreads_per_vif": ("<=", 1.0),
}
for _fig, _, _, _ in FIGURES:
    if _fig.endswith("_irq_per_pkt"):
        TARGETS[_fig] = ("<=", 1.0)

# The throughput figures with a ">=" target, and the test (its kind) whose
# CPU busy figures and our drivers' shares bound our pair's ratio.
BOUNDED = {"tcp_tx_mbps": "tcp_tx", "tcp_rx_mbps": "tcp_rx", "udp_tx_pps": "udp_tx", "udp_rx_pps": "udp_rx"}

# With the backend in dom0 the scenario measures TCP only, and no CPU busy.
DOM0_FIGURES = [f for f in FIGURES if f[0].startswith("tcp_") and not f[0].endswith("_busy")]

KEY = re.compile(r"(?P<fig>[A-Za-z0-9_]+)(?:\.round(?P<round>[0-9]+))?(?:\.run[0-9]+)?")
ORDER = re.compile(r"SAY bench round ([0-9]+): (.*)")


def parse(path):
    """Return (data, orders): data is {pair: {figure: {round: [values]}}}
    from the METRIC bench.* records (round ONCE for a figure without one),
    with the dom0 phase's records, bench.dom0.<pair>..., as
    data["dom0"][pair]; orders {round: [pairs]} from the scenario's SAY
    records."""
    data, orders = {}, {}
    with open(path, errors="replace") as ch:
        for line in ch:
            line = line.strip()
            if line.startswith("BEGIN-LOGS"):
                break
            m = ORDER.fullmatch(line)
            if m:
                orders[int(m.group(1))] = [SHORT.get(p, p) for p in m.group(2).split()]
                continue
            parts = line.split()
            if len(parts) != 3 or parts[0] != "METRIC" or not parts[1].startswith("bench."):
                continue
            try:
                value = float(parts[2])
            except ValueError:
                continue
            pair, _, rest = parts[1][len("bench."):].partition(".")
            into = data
            if pair == "dom0":
                pair, _, rest = rest.partition(".")
                if not DOM0_PAIR.fullmatch(pair):
                    continue
                into = data.setdefault("dom0", {})
            m = KEY.fullmatch(rest)
            if not pair or not m:
                continue
            rnd = int(m.group("round")) if m.group("round") else ONCE
            into.setdefault(pair, {}).setdefault(m.group("fig"), {}).setdefault(rnd, []).append(value)
    return data, orders


def summary(rounds):
    """A figure of one pair: its value in each round (the median of the
    round's runs), their median and range, and every run.  With a single
    round, the range is that of its runs."""
    per_round = {r: statistics.median(v) for r, v in sorted(rounds.items())}
    vals = list(per_round.values())
    spread = vals if len(vals) > 1 else next(iter(rounds.values()))
    return {
        "median": statistics.median(vals),
        "min": min(spread),
        "max": max(spread),
        "rounds": per_round,
        "runs": {r: v for r, v in sorted(rounds.items())},
    }


def ratio(mine, ref):
    """ours/Debian's per round, over the rounds both pairs have (a figure
    measured once pairs with the other's), and their median."""
    if not mine or not ref:
        return None
    per_round = {}
    for r, a in mine["rounds"].items():
        b = ref["rounds"].get(r)
        if b:
            per_round[r] = a / b
    if not per_round:
        return None
    return {"ratio": statistics.median(per_round.values()), "rounds": per_round}


def round_bounds(ours, fig, rat):
    """For a throughput figure of BOUNDED, per round of our pair's ratio
    that has all four inputs (KIND_fe_busy, KIND_fe_drv_share,
    KIND_be_busy, KIND_be_drv_share of our pair in that round):
    {round: {"bound", "rest_fe", "rest_be"}}.  rest_fe is the client's CPU
    per second of test outside our netfront, rest_be the driver domain's
    outside our netback; with each domain limited to one CPU and both our
    drivers costing nothing, our pair's rate could grow at most by
    1 / max(rest_fe, rest_be), and ours/Debian reach at most the round's
    ratio times that.  No bound where an input is missing or neither rest
    is above 0."""
    kind = BOUNDED.get(fig)
    if kind is None or rat is None:
        return {}

    def value(what, r):
        return (ours.get(f"{kind}_{what}") or {}).get("rounds", {}).get(r)

    out = {}
    for r, x in rat["rounds"].items():
        fe, fe_drv, be, be_drv = (value(w, r) for w in ("fe_busy", "fe_drv_share", "be_busy", "be_drv_share"))
        if None in (fe, fe_drv, be, be_drv):
            continue
        rest_fe, rest_be = fe - fe_drv, be - be_drv
        if max(rest_fe, rest_be) <= 0:
            continue
        out[r] = {"bound": x / max(rest_fe, rest_be), "rest_fe": rest_fe, "rest_be": rest_be}
    return out


def judge(fig, rat, bounds=None):
    """A target against our pair's per-round ratios that did not run
    contended.  Each such round is "met", "out of reach" (missed, with the
    round's bound from round_bounds below the target) or "missed" (any
    other miss, one without a bound included).  The verdict is the issue's
    own rule, the median of those rounds' ratios against the target, and
    of an even number of rounds the middle ratio on the losing side (the
    lower for a ">=" target, the higher for "<="), so that two rounds must
    both meet it: met when it meets it; out of reach when it misses it and
    the same median of the rounds' bounds (every judged round having one)
    is below the target; otherwise missed.  When the rounds do not all
    agree, the verdict says it is the median's and how each round went.  The bounds
    of every round, contended ones too, are kept for the table.  Slowed
    rounds (slowdown) are judged like the others: see SLOWED."""
    if fig not in TARGETS or rat is None:
        return None
    op, target = TARGETS[fig]
    bounds = bounds or {}
    left_out = rat.get("contended", [])

    def meets(v):
        return v >= target if op == ">=" else v <= target

    verdicts, judged = {}, {}
    for r, v in rat["rounds"].items():
        if r in left_out:
            continue
        judged[r] = v
        if meets(v):
            verdicts[r] = "met"
        elif op == ">=" and r in bounds and bounds[r]["bound"] < target:
            verdicts[r] = "out of reach"
        else:
            verdicts[r] = "missed"
    n = len(verdicts)
    met, oor = sum(v == "met" for v in verdicts.values()), sum(v == "out of reach" for v in verdicts.values())
    missed = n - met - oor
    mid = statistics.median_low if op == ">=" else statistics.median_high
    median = mid(judged.values()) if judged else None
    notes = []
    if not n:
        verdict = "no round without contention"
    else:
        if meets(median):
            verdict = "met"
        elif op == ">=" and all(r in bounds for r in judged) and \
                mid(bounds[r]["bound"] for r in judged) < target:
            verdict = "out of reach"
        else:
            verdict = "missed"
        if n == 1:
            verdict += ", one reading"
        elif n not in (met, oor, missed):
            verdict += " on the median"
            notes = [", ".join(f"{c} {what}" for c, what in ((met, "met"), (oor, "out of reach"), (missed, "missed")) if c)
                     + f" of {n} rounds"]
    if left_out and n:
        notes.append(f"{len(left_out)} contended left out")
    if notes:
        verdict += f" ({'; '.join(notes)})"
    return {"target": f"{op} {target:g}", "met": met, "out_of_reach": oor, "missed": missed, "of": n,
            "median": median, "verdict": verdict, "rounds": verdicts, "bounds": bounds}


def host_phases(path):
    """From bench/run.sh's samples, per phase of the scenario (setup,
    warm-up, roundN, scale, end) and per test (roundN/PAIR/KIND): the
    seconds, the CPUs (of the host's) the bench's QEMU and everything else
    used, and the most QEMUs seen at once.  A sample's interval belongs to
    the phase of the sample that opened it; a test's intervals count for
    its round too."""
    cpus, samples = 1, []
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[:2] == ["#", "cpus"]:
                cpus = int(parts[2])
                continue
            if len(parts) != 6 or line.startswith("#"):
                continue
            try:
                samples.append((float(parts[0]), parts[1], *map(int, parts[2:])))
            except ValueError:
                continue
    sums = {"phases": {}, "tests": {}}
    for prev, cur in zip(samples, samples[1:]):
        _, tag, busy0, total0, qemu0, _ = prev
        _, _, busy1, total1, qemu1, nq = cur
        if total1 <= total0 or qemu1 < qemu0:
            continue
        keys = [("phases", tag.split("/")[0])] + ([("tests", tag)] if "/" in tag else [])
        for kind, key in keys:
            p = sums[kind].setdefault(key, {"busy": 0, "total": 0, "qemu": 0, "qemus": 0, "secs": 0})
            p["secs"] += cur[0] - prev[0]
            p["busy"] += busy1 - busy0
            p["total"] += total1 - total0
            p["qemu"] += qemu1 - qemu0
            p["qemus"] = max(p["qemus"], nq, prev[5])
    out = {"cpus": cpus}
    for kind, phases in sums.items():
        out[kind] = {
            key: {
                "qemu_cpus": round(cpus * p["qemu"] / p["total"], 2),
                "other_cpus": round(cpus * max(p["busy"] - p["qemu"], 0) / p["total"], 2),
                "qemus": p["qemus"],
                "secs": round(p["secs"]),
            }
            for key, p in phases.items()
        }
    return out


# A test ran contended when the host's other processes took more than this
# many CPUs during it (a judgement: an idle lab host has not been sampled
# yet).  A per-round ratio with a contended test on either side is
# shown with a "*" and left out of the target's verdict.
CONTENDED = 0.25


def kind_of(fig):
    """The test a figure comes from (the tag of its steps), None for the
    figures measured once; the round trip is pinged after the UDP
    backend->client test, in its backend step."""
    if fig.startswith("rtt_"):
        return "udp_rx"
    for kind in ("tcp_tx", "tcp_rx", "udp_tx", "udp_rx"):
        if fig.startswith(kind + "_"):
            return kind
    return None


def contention(host, fig, pair, rat, phase=""):
    """Add to a ratio the host's other CPUs during its two tests (the more
    of the two) per round, and the rounds that ran contended.  phase is
    "dom0-" for the dom0 phase's rounds (their tests are dom0-roundR/...)."""
    tests = (host or {}).get("tests", {})
    kind = kind_of(fig)
    if not tests or not kind:
        return
    other = {}
    for r in rat["rounds"]:
        seen = [tests[t]["other_cpus"] for t in (f"{phase}round{r}/{pair}/{kind}", f"{phase}round{r}/bdeb-fdeb/{kind}")
                if t in tests]
        if seen:
            other[r] = max(seen)
    rat["other_cpus"] = other
    rat["contended"] = sorted(r for r, v in other.items() if v > CONTENDED)


# A test ran slowed when the client's canary right before it (a fixed
# CPU-bound loop, bench.sh's canary) took more than this many times the
# median canary of the same part of the boot: the emulated machine ran
# slower for a while (seen in run bbYI: the loopback bound halved in one
# round on an idle host), or the client itself was busy.  A per-round
# ratio with a slowed test on either side is marked ("~") but still
# judged: in run vkng the client running our netfront read 1.1 to 1.5
# times the other's canary in every kind of test, so until the canary is
# shown to measure the machine and not something our driver leaves
# running in its client, leaving such rounds out could flatter our pair.
SLOWED = 1.3


def canary_median(pairs):
    """The median of every canary reading of every pair and round, None
    without any (runs before the canary)."""
    vals = [v for figs in pairs.values() for fig, summ in figs.items() if fig.endswith("_fe_canary_s")
            for v in summ["rounds"].values()]
    return statistics.median(vals) if vals else None


def slowdown(pairs, fig, pair, rat, base):
    """Add to a ratio, per round, the larger of its two tests' canaries
    over BASE (canary_median), and the rounds that ran slowed."""
    kind = kind_of(fig)
    if not kind or not base:
        return
    key = f"{kind}_fe_canary_s"
    slow = {}
    for r in rat["rounds"]:
        seen = [pairs.get(p, {}).get(key, {}).get("rounds", {}).get(r) for p in (pair, "bdeb-fdeb")]
        seen = [v for v in seen if v is not None]
        if seen:
            slow[r] = max(seen) / base
    rat["canary"] = slow
    rat["slowed"] = sorted(r for r, v in slow.items() if v > SLOWED)


def ratios_and_targets(pairs, figures, host, phase=""):
    """Each other pair's ratios to Debian's pair (bdeb-fdeb) for FIGURES,
    with the host's contention added (phase as for contention()) and the
    rounds the canaries show slowed, and the verdicts of our pair's ratios
    against the targets."""
    ref = pairs.get("bdeb-fdeb", {})
    base = canary_median(pairs)
    ratios, targets = {}, {}
    for pair in PAIRS[1:]:
        mine = pairs.get(pair, {})
        ratios[pair] = {}
        for fig, _, _, _ in figures:
            rat = ratio(mine.get(fig), ref.get(fig))
            if rat:
                contention(host, fig, pair, rat, phase)
                slowdown(pairs, fig, pair, rat, base)
                ratios[pair][fig] = rat
    for fig, _, _, _ in figures:
        rat = ratios["bours-fours"].get(fig)
        j = judge(fig, rat, round_bounds(pairs.get("bours-fours", {}), fig, rat))
        if j:
            targets[fig] = j
    return ratios, targets


def build_dom0(dom0, host=None):
    """The dom0 phase's part of the document, as build's for the driver
    domains: figures per pair, ratios to Debian's pair within each dom0
    round, the targets, and per round its seconds or, for a round the time
    budget left out, the seconds it was expected to take.  None when the
    channel has no dom0 record."""
    if not dom0:
        return None
    out = {"pairs": {}, "ratios": {}, "targets": {}, "rounds": {}}
    for pair, figs in dom0.items():
        if pair != "round":
            out["pairs"][pair] = {f: summary(v) for f, v in figs.items()}
    out["ratios"], out["targets"] = ratios_and_targets(out["pairs"], DOM0_FIGURES, host, "dom0-")
    rec = dom0.get("round", {})
    secs, skipped = rec.get("secs", {}), rec.get("skipped", {})
    for r in sorted((set(secs) | set(skipped)) - {ONCE}):
        out["rounds"][r] = {
            "secs": statistics.median(secs[r]) if r in secs else None,
            "skipped_est_secs": statistics.median(skipped[r]) if r in skipped else None,
        }
    return out


def build(data, orders=None, host=None):
    """The JSON document: every figure per pair, the ratios to Debian's
    pair per round and their median, the targets, and the rounds; under
    "dom0" the same for the backend in dom0."""
    doc = {"pairs": {}, "ratios": {}, "targets": {}, "loopback": None, "rounds": {}, "host": host,
           "dom0": build_dom0(data.get("dom0"), host)}
    for pair, figs in data.items():
        if pair in ("round", "dom0"):
            continue
        summ = {f: summary(v) for f, v in figs.items()}
        if pair == "loopback":
            doc["loopback"] = summ
        else:
            doc["pairs"][pair] = summ
    doc["ratios"], doc["targets"] = ratios_and_targets(doc["pairs"], FIGURES, host)
    rounds = set(orders or {}) | set(data.get("round", {}).get("secs", {}))
    lb = (doc["loopback"] or {}).get("tcp_mbps", {}).get("rounds", {})
    for r in sorted(rounds - {ONCE}):
        doc["rounds"][r] = {
            "order": (orders or {}).get(r),
            "secs": statistics.median(data["round"]["secs"][r]) if r in data.get("round", {}).get("secs", {}) else None,
            "loopback_mbps": lb.get(r),
        }
    return doc


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.4f}"


def cpus(v):
    return "-" if v is None else f"{v:.2f}"


def cell(s):
    """Median and, when there is more than one reading, the range."""
    if not s:
        return "-"
    if s["max"] == s["min"] and len(s["rounds"]) == 1 and len(next(iter(s["runs"].values()))) == 1:
        return fmt(s["median"])
    return f"{fmt(s['median'])} ({fmt(s['min'])}-{fmt(s['max'])})"


def figure_rows(part, figures, rounds):
    """The table of figures, a row each, for the driver domains' rounds
    (part = the document) or the dom0 phase's (part = doc["dom0"]);
    rounds: every round of that part, for the 'per round' column."""
    lines = [
        "| figure | unit | Debian pair | our pair | ours/Debian | per round | target | our back + Debian front | Debian back + our front |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for fig, label, unit, better in figures:
        cells = [cell(part["pairs"].get(pair, {}).get(fig)) for pair in PAIRS]
        rat = part["ratios"].get("bours-fours", {}).get(fig)
        if rat is None:
            ratio_cell = per_round = "-"
        else:
            r = rat["ratio"]
            good = better is None or (r >= 1 if better == "higher" else r <= 1)
            ratio_cell = f"{r:.2f}{'' if good else ' (worse)'}"
            bounds = (part["targets"].get(fig) or {}).get("bounds", {})

            def at_most(rnd):
                return f" (at most {bounds[rnd]['bound']:.2f})" if rnd in bounds else ""

            if rat["rounds"].keys() == {ONCE}:
                per_round = "once" + at_most(ONCE)
            else:
                # Every round of the boot, "-" where this figure has no ratio.
                rs = sorted(set(rounds) | set(rat["rounds"]))
                per_round = " ".join(
                    (f"{rat['rounds'][r]:.2f}" + ("*" if r in rat.get("contended", []) else "")
                     + ("~" if r in rat.get("slowed", []) else "") + at_most(r))
                    if r in rat["rounds"] else "-"
                    for r in rs)
        j = part["targets"].get(fig)
        target = f"{j['target']}: {j['verdict']}" if j else "-"
        lines.append(f"| {label} | {unit} | {cells[0]} | {cells[1]} | {ratio_cell} | {per_round} | {target} | {cells[2]} | {cells[3]} |")
    return lines


def dom0_section(doc):
    """The rows of the backend in dom0, or why there are none."""
    d0 = doc.get("dom0")
    if not d0:
        return []
    lines = ["", "Backend in dom0 (one vCPU online, on physical CPU 1, as a driver domain): dom0 loads Debian's netback and measures the dom0 rounds, then ours and the same rounds (TCP only):", ""]
    skipped = [r for r, rd in sorted(d0["rounds"].items()) if rd["secs"] is None and rd["skipped_est_secs"] is not None]
    if d0["pairs"]:
        lines += figure_rows(d0, DOM0_FIGURES, d0["rounds"])
        lines += ["", "Ratios as above, between the pairs of the same dom0 round; the two netbacks' tests of a round are "
                  "a module swap apart (a minute or two), so a drift of the host in between reaches one side only."]
    else:
        lines.append("Not measured.")
    if d0["rounds"]:
        host = (doc.get("host") or {}).get("phases", {})
        lines += ["", "| dom0 round | seconds | host CPUs: bench QEMU | host CPUs: other processes | QEMUs |",
                  "|---|---|---|---|---|"]
        for r, rd in sorted(d0["rounds"].items()):
            h = host.get(f"dom0-round{r}", {})
            secs = (fmt(rd["secs"]) if rd["secs"] is not None
                    else f"not started: the time budget (about {fmt(rd['skipped_est_secs'])} s)")
            lines.append(f"| {r} | {secs} | {cpus(h.get('qemu_cpus'))} | {cpus(h.get('other_cpus'))} | {h.get('qemus', '-')} |")
    if skipped:
        lines += ["", f"dom0 round{'s' if len(skipped) > 1 else ''} {', '.join(map(str, skipped))} not measured: "
                  "the bench's time budget left no room (not a failure)."]
    return lines


def table(doc):
    lines = figure_rows(doc, FIGURES, doc["rounds"])
    lb = (doc.get("loopback") or {}).get("tcp_mbps")
    if lb:
        lines.append("")
        lines.append(f"In-domain loopback TCP (the bound no inter-domain path can exceed): {cell(lb)} Mbit/s.")
    lines.append("")
    lines.append("Pair cells: the median over the rounds (range). Ratios: ours/Debian's between the pairs of the same "
                 "round, then the median of those; 'per round' lists them in round order. A target is judged on "
                 "each round, and its verdict on the rounds' median (of two rounds the one on the losing side); "
                 "'on the median' says the rounds did not all agree.")
    if any(j.get("bounds") for j in doc["targets"].values()):
        lines.append("")
        lines.append("'at most': the ratio our pair could reach in that round if both our drivers cost nothing, each "
                     "domain having one CPU: the round's ratio over the larger of the client's and the driver domain's "
                     "CPU busy outside our driver (per second of test); a round that misses its target with this bound "
                     "below the target is 'out of reach' (no cheaper driver could meet it on this machine), any other "
                     "miss 'missed'.")
    if (doc.get("host") or {}).get("tests"):
        lines.append("")
        lines.append(f"'*': the host's other processes took more than {CONTENDED} CPUs during one of the round's two "
                     "tests; such a round is left out of the target's verdict.")
    if canary_median(doc["pairs"]):
        lines.append("")
        lines.append(f"'~': the client's canary (a fixed CPU loop, timed right before each test) took more than "
                     f"{SLOWED} times the boot's median before one of the round's two tests: the emulated machine or "
                     "the client ran slowed; such a round is marked, and still judged.")
    if doc["rounds"]:
        host = (doc.get("host") or {}).get("phases", {})
        lines += ["", "| round | order | seconds | loopback Mbit/s | host CPUs: bench QEMU | host CPUs: other processes | QEMUs |",
                  "|---|---|---|---|---|---|---|"]
        for r, rd in sorted(doc["rounds"].items()):
            order = " ".join(PAIR_SHORT.get(p, p) for p in rd["order"]) if rd["order"] else "-"
            h = host.get(f"round{r}", {})
            lines.append(f"| {r} | {order} | {fmt(rd['secs'])} | {fmt(rd['loopback_mbps'])} | "
                         f"{cpus(h.get('qemu_cpus'))} | {cpus(h.get('other_cpus'))} | {h.get('qemus', '-')} |")
    lines += dom0_section(doc)
    if doc.get("host"):
        phases = doc["host"]["phases"]
        lines += ["", f"Host CPU time by phase ({doc['host']['cpus']} CPUs; bench/run.sh's samples):", ""]
        lines += ["| phase | seconds | bench QEMU | other processes | QEMUs |", "|---|---|---|---|---|"]
        for phase in sorted(phases, key=phase_key):
            p = phases[phase]
            lines.append(f"| {phase} | {p['secs']} | {cpus(p['qemu_cpus'])} | {cpus(p['other_cpus'])} | {p['qemus']} |")
    return "\n".join(lines)


PAIR_SHORT = {v: k for k, v in SHORT.items()}


def phase_key(phase):
    m = re.fullmatch(r"(dom0-)?round([0-9]+)", phase)
    if m:
        return (4 if m.group(1) else 2, int(m.group(2)))
    order = {"setup": (0, 0), "warm-up": (1, 0), "scale": (3, 0), "end": (5, 0)}
    return order.get(phase, (6, 0))


def chart(doc, out):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: no matplotlib (tests/deps.sh bench), no chart", file=sys.stderr)
        return False
    # (label, ratios of the part, figure): the driver domains', then with
    # the backend in dom0 when the boot has them.
    groups = [(label, doc["ratios"], f) for label, f in
              (("TCP tx", "tcp_tx_mbps"), ("TCP rx", "tcp_rx_mbps"), ("UDP64 tx", "udp_tx_pps"), ("UDP64 rx", "udp_rx_pps"))]
    if "scale_tcp_tx_mbps" in doc["ratios"].get("bours-fours", {}):
        groups.append(("TCP tx, all vifs\nof the scale client", doc["ratios"], "scale_tcp_tx_mbps"))
    if (doc.get("dom0") or {}).get("ratios"):
        groups += [(label, doc["dom0"]["ratios"], f) for label, f in
                   (("TCP tx\nbackend in dom0", "tcp_tx_mbps"), ("TCP rx\nbackend in dom0", "tcp_rx_mbps"))]
    labels = [g[0] for g in groups]
    fig, ax = plt.subplots(figsize=(8 + 1.5 * (len(groups) - 4), 4))
    width = 0.25
    for i, pair in enumerate(PAIRS[1:]):
        xs = [x + (i - 1) * width for x in range(len(groups))]
        rats = [part.get(pair, {}).get(f) for _, part, f in groups]
        ax.bar(xs, [r["ratio"] if r else 0 for r in rats], width, label=PAIR_NAMES[pair])
        # Each round's ratio as a dot on its bar: how far the boot agrees.
        for x, r in zip(xs, rats):
            if r:
                ax.plot([x] * len(r["rounds"]), list(r["rounds"].values()), "k.", markersize=4)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(labels)
    ax.set_ylabel("ratio to Debian's pair (same round)")
    ax.set_title("xen-dd netback/netfront vs Debian's (backend in a driver domain unless labelled):\n"
                 "median of rounds, dots per round", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    return True


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    src, out = args[0], args[1]
    data, orders = parse(src)
    if not data:
        print(f"bench: no bench figures in {src}", file=sys.stderr)
        return 1
    host = host_phases(args[2]) if len(args) == 3 and os.path.exists(args[2]) else None
    os.makedirs(out, exist_ok=True)
    doc = build(data, orders, host)
    with open(os.path.join(out, "bench.json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    md = table(doc)
    with open(os.path.join(out, "bench.md"), "w") as f:
        f.write(md + "\n")
    chart(doc, os.path.join(out, "bench.png"))
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
