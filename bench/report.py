#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn the METRIC records of a bench run into a table, JSON and a chart.

    bench/report.py CHANNEL_LOG OUTDIR

CHANNEL_LOG is the verdict channel of a lab boot of the bench scenario
(tests/lab/scenarios/bench.sh); every figure arrives there as
"METRIC bench.<pair>.<what> <value>", where <pair> is b<backend>-f<frontend>
with deb (Debian's in-tree module) or ours, or "loopback".  Runs of one
figure are named <what>.runN; the report gives their median and spread.
Anything after the BEGIN-LOGS record (the domains' logs) is not read.

Writes OUTDIR/bench.json, OUTDIR/bench.md and, when matplotlib is there,
OUTDIR/bench.png; prints the markdown table.
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

# figure -> (label, unit, better): better is "higher" or "lower"; the ratio
# column is ours/Debian's either way, and the verdict column says whether it
# is on the right side of 1.
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
    ("tcp_tx_be_cpu_s_per_gb", "backend CPU per GB, TCP tx", "s/GB", "lower"),
    ("tcp_rx_be_cpu_s_per_gb", "backend CPU per GB, TCP rx", "s/GB", "lower"),
    ("fe_mem_kb_per_vif", "frontend memory per idle vif", "kB", "lower"),
    ("be_mem_kb_per_vif", "backend memory per idle vif", "kB", "lower"),
    ("be_kthreads_per_vif", "backend kernel threads per vif", "", "lower"),
    ("be_irqs_per_vif", "backend IRQs per vif", "", "lower"),
]


def parse(path):
    """Return {pair: {figure: [values]}} from the METRIC bench.* records."""
    data = {}
    with open(path, errors="replace") as ch:
        for line in ch:
            line = line.strip()
            if line.startswith("BEGIN-LOGS"):
                break
            parts = line.split()
            if len(parts) != 3 or parts[0] != "METRIC" or not parts[1].startswith("bench."):
                continue
            try:
                value = float(parts[2])
            except ValueError:
                continue
            key = parts[1][len("bench."):]
            pair, _, figure = key.partition(".")
            base, _, run = figure.rpartition(".")
            if base and re.fullmatch(r"run[0-9]+", run):
                figure = base
            if not pair or not figure:
                continue
            data.setdefault(pair, {}).setdefault(figure, []).append(value)
    return data


def summary(values):
    """Median and spread (max - min) of a figure's runs."""
    return {
        "median": statistics.median(values),
        "spread": max(values) - min(values),
        "runs": values,
    }


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.4f}"


def build(data):
    """The JSON document: every figure per pair, and ratios to Debian's pair."""
    doc = {"pairs": {}, "ratios": {}, "loopback": None}
    for pair, figs in data.items():
        if pair == "loopback":
            doc["loopback"] = {f: summary(v) for f, v in figs.items()}
            continue
        doc["pairs"][pair] = {f: summary(v) for f, v in figs.items()}
    ref = doc["pairs"].get("bdeb-fdeb", {})
    for pair in PAIRS[1:]:
        mine = doc["pairs"].get(pair, {})
        doc["ratios"][pair] = {}
        for fig, _, _, _ in FIGURES:
            a, b = mine.get(fig), ref.get(fig)
            if a and b and b["median"]:
                doc["ratios"][pair][fig] = a["median"] / b["median"]
    return doc


def table(doc):
    lines = [
        "| figure | unit | Debian pair | our pair | ours/Debian | our back + Debian front | Debian back + our front |",
        "|---|---|---|---|---|---|---|",
    ]
    for fig, label, unit, better in FIGURES:
        cells = []
        for pair in PAIRS:
            s = doc["pairs"].get(pair, {}).get(fig)
            cell = fmt(s["median"]) if s else "-"
            if s and len(s["runs"]) > 1:
                cell += f" ±{fmt(s['spread'] / 2)}"
            cells.append(cell)
        r = doc["ratios"].get("bours-fours", {}).get(fig)
        if r is None:
            ratio = "-"
        else:
            good = r >= 1 if better == "higher" else r <= 1
            ratio = f"{r:.2f}{'' if good else ' (worse)'}"
        lines.append(f"| {label} | {unit} | {cells[0]} | {cells[1]} | {ratio} | {cells[2]} | {cells[3]} |")
    lb = (doc.get("loopback") or {}).get("tcp_mbps")
    if lb:
        lines.append("")
        lines.append(f"In-domain loopback TCP (the bound no inter-domain path can exceed): {fmt(lb['median'])} Mbit/s.")
    lines.append("")
    lines.append("Medians of the runs (± half their spread); ratios compare the medians of the same boot.")
    return "\n".join(lines)


def chart(doc, out):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: no matplotlib (tests/deps.sh bench), no chart", file=sys.stderr)
        return False
    figs = ["tcp_tx_mbps", "tcp_rx_mbps", "udp_tx_pps", "udp_rx_pps"]
    labels = ["TCP tx", "TCP rx", "UDP64 tx", "UDP64 rx"]
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.25
    for i, pair in enumerate(PAIRS[1:]):
        vals = [doc["ratios"].get(pair, {}).get(f, 0) for f in figs]
        ax.bar([x + (i - 1) * width for x in range(len(figs))], vals, width, label=PAIR_NAMES[pair])
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(figs)))
    ax.set_xticklabels(labels)
    ax.set_ylabel("ratio to Debian's pair (same boot)")
    ax.set_title("xen-dd netback/netfront vs Debian's: throughput and packet rate")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    return True


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    src, out = args
    data = parse(src)
    if not data:
        print(f"bench: no bench figures in {src}", file=sys.stderr)
        return 1
    os.makedirs(out, exist_ok=True)
    doc = build(data)
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
