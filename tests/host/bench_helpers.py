#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of the arithmetic helpers of tests/lab/scenarios/bench.sh.

The bench computes its per-packet and per-second figures in the shell
itself (fixed4, per_sec, test_secs) instead of forking awk, because a fork
is dear in a PV guest under TCG.  This sources bench.sh in bash (it only
defines functions and settings) and checks those helpers against exact
arithmetic; also line_deltas, which traces the notification figures to
each event channel, the tail line of rtt_shape, dom0_rounds (how many
dom0 rounds the time budget leaves), the scale step's agg_rate (the
aggregate figure) and agg_count (on a fake ss), and dom0_cpus on a fake
CPU tree.
Run by tests/check.sh (make check-host); the last line is
"bench_helpers: N passed, N failed".
"""

import os
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from checks import check, run_all  # noqa: E402
from sourced import sourced_bash  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_SH = os.path.join(TOP, "tests", "lab", "scenarios", "bench.sh")


def bash(script):
    """Run SCRIPT in bash after sourcing bench.sh; its stdout lines."""
    p = sourced_bash(BENCH_SH, script)
    if p.returncode != 0:
        raise RuntimeError(f"bash exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout.splitlines()


def half_up(num, den, places):
    """NUM / DEN rounded half up to PLACES decimals, as a string."""
    scaled = Fraction(num, den) * 10 ** places
    q = int(scaled + Fraction(1, 2))
    return f"{q // 10 ** places}.{q % 10 ** places:0{places}d}" if places else str(q)


def test_fixed4():
    cases = [(1, 3), (2, 3), (0, 5), (12345, 100), (1, 8), (5, 100000), (7, 10000000),
             (3, 20000), (1, 1), (99999, 1), (2851, 14002), (1234567, 7654321)]
    got = bash("; ".join(f'fixed4 v {n} {d}; echo "$v"' for n, d in cases))
    for (n, d), g in zip(cases, got):
        check(f"fixed4 {n}/{d} -> four decimals, halves up", g == half_up(n, d, 4), (g, half_up(n, d, 4)))
    check("fixed4: one line per case", len(got) == len(cases), got)
    # The caller's variable is set, whatever its name (no clash with the helper's own).
    check("fixed4 sets a caller's local of any name",
          bash('f() { local _x; fixed4 _x 1 4; echo "$_x"; }; f') == ["0.2500"])


def test_per_sec():
    cases = [(0, 5), (4, 5), (2, 5), (3, 5), (12345, 5), (7, 2), (5, 2), (29999, 5)]
    got = bash("; ".join(f'per_sec v {n} {s}; echo "$v"' for n, s in cases))
    for (n, s), g in zip(cases, got):
        check(f"per_sec {n} in {s} s -> nearest whole, halves up", g == half_up(n, s, 0), (g, half_up(n, s, 0)))


def test_test_secs():
    got = bash('BENCH_RUNS=3; BENCH_SECS=4; test_secs a bench.bours-fours.tcp_rx_fe_busy.round1; '
               'test_secs b bench.bours-fours.udp_tx_fe_busy.round1; test_secs c bench.dom0.bdeb-fdeb.tcp_tx_mbps.round2; '
               'echo "$a $b $c"')
    check("test_secs: TCP is BENCH_RUNS x BENCH_SECS, UDP one BENCH_SECS", got == ["12 4 12"], got)


def test_line_deltas():
    got = bash('line_deltas v "vif3.0-q0-tx=100 vif3.0-q0-rx=7" "vif3.0-q0-tx=2903 vif3.0-q0-rx=7"; echo "[$v]"; '
               'line_deltas v "eth0=5" "eth0-q0-rx=9 eth0=12"; echo "[$v]"; '
               'line_deltas v "" "eth0=12"; echo "[$v]"; '
               'line_deltas v "a=1" ""; echo "[$v]"')
    check("line_deltas: each line's own difference, in the second reading's order",
          got[:1] == ["[ (vif3.0-q0-tx 2803, vif3.0-q0-rx 0)]"], got)
    check("line_deltas: a line only in the second reading is left out", got[1:2] == ["[ (eth0 7)]"], got)
    check("line_deltas: nothing when no line is in both readings", got[2:] == ["[]", "[]"], got)


def test_rtt_shape_tail():
    # 1000 round trips of 0.5 ms, with a slow burst at 400-403 and slow
    # ones spread out: the ten slowest, slowest first, with their places.
    vals = ["0.500"] * 1000
    slow = {400: "9.000", 401: "8.500", 402: "8.000", 403: "7.500", 10: "3.100", 999: "3.000",
            500: "2.900", 600: "2.800", 700: "2.700", 800: "2.600", 900: "2.500", 50: "2.400"}
    for place, v in slow.items():
        vals[place - 1] = v
    got = bash("printf '%s\\n' " + " ".join(vals) + " | rtt_shape")
    want = ("slowest round trips (ms @ place of 1000): 9.000@400 8.500@401 8.000@402 7.500@403 "
            "3.100@10 3.000@999 2.900@500 2.800@600 2.700@700 2.600@800")
    check("rtt_shape: the ten slowest with their places, slowest first", got[1:] == [want], got)
    check("rtt_shape: the quartile line first", got[0].startswith("round trips (ms): min 0.500 p25 0.500 median 0.500"), got)


def test_dom0_rounds():
    # With the scenario's budget (BENCH_END_S 1110, 60 s of swaps, 63 a
    # round, at most BENCH_DOM0_ROUNDS 2, the phase within 420 s): run
    # 90VB's dom0 phase started at 931 s, when the estimates were 70 and 70.
    got = bash('for t in 800 924 925 931 987 988 1041; do SECONDS=$t; dom0_rounds; echo "$t $dom0_n"; done; '
               'BENCH_DOM0_ROUNDS=9 BENCH_END_S=99999; SECONDS=0; dom0_rounds; echo "cap $dom0_n"')
    check("dom0_rounds: as many rounds as end by BENCH_END_S, at most BENCH_DOM0_ROUNDS",
          got[:7] == ["800 2", "924 2", "925 1", "931 1", "987 1", "988 0", "1041 0"], got)
    check("dom0_rounds: the phase's own budget BENCH_DOM0_S bounds them too", got[7:] == ["cap 5"], got)


def test_agg_rate():
    # Three interfaces over 2 s: 1, 2 and 3 MB sent, 24 Mbit/s in all.
    got = bash('agg_rate bench.bours-fours "10 20 30" "1000010 2000020 3000030" 100.25 102.25; echo "rc=$?"')
    check("agg_rate: all interfaces' bytes over the window, Mbit/s",
          got[:1] == ["METRIC bench.bours-fours.scale_tcp_tx_mbps 24"], got)
    check("agg_rate: the least and the most one interface carried",
          got[1:] == ["3 streams, 2.00 s: 24 Mbit/s in all, 4.0 to 12.0 a vif", "rc=0"], got)
    got = bash('agg_rate k "10 20 30" "1000010 20 3000030" 0 2; echo "rc=$?"')
    check("agg_rate: an interface that carried nothing fails, without a figure",
          got == ["a vif carried nothing in the window (0 of 4000000 bytes)", "rc=1"], got)


def test_agg_count():
    # ss as the lab's iproute2 prints it with -H: listening sockets
    # (State Recv-Q Send-Q Local Peer) and, with a state filter, connections
    # without the State column (Recv-Q Send-Q Local Peer).
    listen = ("LISTEN 0 5 *:5401 *:*\nLISTEN 0 5 *:5432 *:*\nLISTEN 0 5 *:5201 *:*\n"
              "LISTEN 0 5 [::]:6400 [::]:*\nLISTEN 0 5 0.0.0.0:22 0.0.0.0:*")
    est = ("0 0 10.20.1.2:40000 10.20.1.1:5401\n0 0 10.20.1.2:40002 10.20.1.1:5401\n"
           "0 0 10.20.2.2:5402 10.20.9.9:33000\n0 0 10.1.0.12:40004 10.1.0.1:5201")
    script = (f"ss() {{ case \"$*\" in *-ltn*) printf '{listen}\\n' ;; *) printf '{est}\\n' ;; esac; }}; "
              "for n in 2 3; do agg_count $n -H -ltn && echo \"listen $n yes\" || echo \"listen $n no\"; done; "
              "for n in 2 3; do agg_count $n -tn state established && echo \"est $n yes\" || echo \"est $n no\"; done")
    got = bash(script)
    check("agg_count: listening sockets on the servers' ports only (5401-6399)",
          got[:2] == ["listen 2 yes", "listen 3 no"], got)
    check("agg_count: connections by their peer's port (a local port of the range does not count)",
          got[2:] == ["est 2 yes", "est 3 no"], got)


def cpu_tree(root, online):
    """A fake /sys/devices/system/cpu under ROOT: cpu0 without an online
    file (as on x86), cpu1.. with theirs from ONLINE, a directory that is
    not a CPU (cpufreq) and the summary file online."""
    os.makedirs(os.path.join(root, "cpu0"))
    os.makedirs(os.path.join(root, "cpufreq"))
    for n, v in enumerate(online, start=1):
        os.makedirs(os.path.join(root, f"cpu{n}"))
        with open(os.path.join(root, f"cpu{n}", "online"), "w") as f:
            f.write(f"{v}\n")
    with open(os.path.join(root, "online"), "w") as f:
        f.write("0-1\n")


def cpu_states(root, n):
    """The online files of cpu1..cpuN under ROOT."""
    out = []
    for i in range(1, n + 1):
        with open(os.path.join(root, f"cpu{i}", "online")) as f:
            out.append(f.read().strip())
    return out


def test_dom0_cpus():
    with tempfile.TemporaryDirectory() as tmp:
        # cpu10 is there to catch a glob that takes one digit only.
        root = os.path.join(tmp, "cpu")
        cpu_tree(root, ["1", "0", "1"] + ["1"] * 6 + ["1"])
        got = bash(f'BENCH_CPU_DIR="{root}"; dom0_cpus 1; echo "rc $?"')
        check("dom0_cpus 1: every CPU but the first offline, cpu10 too",
              cpu_states(root, 10) == ["0"] * 10, cpu_states(root, 10))
        check("dom0_cpus 1: says which are online and succeeds", got == ["dom0's CPUs online: 0-1", "rc 0"], got)
        check("dom0_cpus 1: CPU 0 is never given an online file", not os.path.exists(os.path.join(root, "cpu0", "online")))
        got = bash(f'BENCH_CPU_DIR="{root}"; dom0_cpus all; echo "rc $?"')
        check("dom0_cpus all: every CPU back online", cpu_states(root, 10) == ["1"] * 10, cpu_states(root, 10))
        check("dom0_cpus all: succeeds", got[-1:] == ["rc 0"], got)
        got = bash(f'BENCH_CPU_DIR="{root}"; dom0_cpus 2; echo "rc $?"')
        check("dom0_cpus: anything but 1 or all is refused and nothing written",
              got == ["dom0_cpus: want 1 or all, not '2'", "rc 1"] and cpu_states(root, 10) == ["1"] * 10, got)
        # A write that fails (the kernel refusing to offline a CPU) fails the step.
        os.remove(os.path.join(root, "cpu2", "online"))
        os.makedirs(os.path.join(root, "cpu2", "online"))
        got = bash(f'BENCH_CPU_DIR="{root}"; dom0_cpus 1 2>/dev/null; echo "rc $?"')
        check("dom0_cpus: a failed write names the file and fails",
              got == [f"cannot set {root}/cpu2/online to 0", "rc 1"], got)


def main():
    return run_all("bench_helpers", (test_fixed4, test_per_sec, test_test_secs, test_line_deltas, test_rtt_shape_tail,
                                        test_dom0_rounds, test_agg_rate, test_agg_count, test_dom0_cpus))


if __name__ == "__main__":
    sys.exit(main())
