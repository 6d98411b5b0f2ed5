#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The hostile-peer suites, ours against Debian's (mainline), case by case.

    tests/lab/tools/hostile-report.py [--json] [--detail] [--passed]
                                      [--out DIR] [RESULTS_DIR | RUN_DIR]...

Reads lab results (tests/lab/lib/run.sh): a results folder holds one run
folder per invocation of tests/lab/lab.sh (named <date>-<time>-<tag>, so
that names sort by time), and a run folder one folder per suite entry
(the entry with '/@,=' turned into '-+_.': rogue-backend+netfront.ours)
holding channel.log, the verdict channel of that boot, and a "matrix" file
with one row per entry and its verdict.  With no argument the folder is
$LAB_RESULTS, else tests/lab/results; an argument may also be one run.

For the scenarios rogue-frontend, rogue-backend, rogue-pcifront and faults,
the implementation of an entry is that of the roles under test (netback,
netfront, pciback, netback and netfront) from the channel's ROLE records,
else from the entry's pins, else tests/lab/roles.default; an entry that
mixes ours and Debian's is left out.  For each scenario and implementation
the report takes the newest entry with a verdict (the matrix row, else the
channel's RESULT record; an entry still running or cut short has none),
with --passed the newest that passed, and prints per scenario a markdown
table: case | ours | Debian (mainline), from the METRIC records before
BEGIN-LOGS:

  rogue-frontend  METRIC case_<case> first=<r> followup=<r> (as expected)
  rogue-backend   METRIC case_<case> after=<r> (as expected)
                  ... MISMATCH, expected <want> when it differs;
                  METRIC case_<case>_<what> <text> (dom0's or the client's
                  view); METRIC mismatch: [case] <case>: <text>
  rogue-pcifront  METRIC case_<case>_<arg|x> <signature> (as expected)
                  METRIC case_<case>-<args>_log_lines|_dom0 <text>
                  METRIC handshake_<kind> <text>, destroy_backend_node <text>
  faults          METRIC fault <case> [role=impl...] [<what>]: <text>,
                  grants client / kernel memory / client memory <when>: <text>

A cell is the case's outcome with "MISMATCH" where the case did not do what
the scenario expects of that implementation (and the first other mismatch
noted for the case); "-" where that side did not run the case.  --detail
adds a row for each case's other records (dom0's view, the client's, log
lines).  --json prints the same as JSON.  --out DIR also writes
DIR/hostile.md and DIR/hostile.json.  Exit status 1 when no entry of these
scenarios was found, 2 on a usage error.
"""

import argparse
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

# scenario -> the roles whose implementation it tests.
SCENARIOS = {
    "rogue-frontend": ("netback",),
    "rogue-backend": ("netfront",),
    "rogue-pcifront": ("pciback",),
    "faults": ("netback", "netfront"),
}
IMPLS = ("ours", "debian")
COLUMN = {"ours": "ours", "debian": "Debian (mainline)"}

AS_EXPECTED = " (as expected)"
SEE_OUTPUT = "MISMATCH (see the output)"


def read_channel(path):
    """The records of one verdict channel that the report needs."""
    ch = {"metrics": [], "roles": [], "result": None, "fail": None}
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError:
        return None
    with f:
        for line in f:
            line = line.rstrip("\r\n")
            kind, _, rest = line.partition(" ")
            if kind == "BEGIN-LOGS":
                break
            if kind == "METRIC":
                name, _, value = rest.partition(" ")
                if name:
                    ch["metrics"].append((name, value.strip()))
            elif kind == "ROLE":
                w = rest.split()
                if len(w) >= 3:
                    ch["roles"].append((w[0], w[1], w[2]))
            elif kind == "RESULT":
                ch["result"] = rest.strip()
            elif kind == "FAIL" and ch["fail"] is None:
                # FAIL dom secs desc :: reason (tests/lab/lib/run.sh: verdict)
                w = rest.split(" ", 2)
                if len(w) == 3:
                    step, _, why = w[2].partition(" :: ")
                    ch["fail"] = f"in {w[0]}, step '{step}': {why}"
                else:
                    ch["fail"] = rest
    return ch


def matrix_verdicts(run_dir):
    """Entry folder name -> PASS/FAIL from the run's matrix file."""
    out = {}
    try:
        f = open(os.path.join(run_dir, "matrix"), encoding="utf-8", errors="replace")
    except OSError:
        return out
    with f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and w[-2] in ("PASS", "FAIL"):
                out[w[0].translate(str.maketrans("/@,=", "-+_."))] = w[-2]
    return out


def roles_default():
    try:
        with open(os.path.join(TOP, "tests", "lab", "roles.default"), encoding="utf-8") as f:
            return dict(w.split("=", 1) for w in f.read().split() if "=" in w)
    except OSError:
        return {}


def entry_impl(scenario, entry, ch, defaults):
    """ours, debian, or None (mixed, both, unknown) for the roles under test."""
    pins = {}
    if "+" in entry:
        for pin in entry.split("+", 1)[1].split("_"):
            role, _, impl = pin.partition(".")
            pins[role] = impl
    impls = set()
    for role in SCENARIOS[scenario]:
        seen = {impl for r, impl, _ in ch["roles"] if r == role}
        if not seen:
            seen = {pins.get(role) or defaults.get(role)}
        impls |= seen
    return impls.pop() if len(impls) == 1 and impls <= set(IMPLS) else None


def is_run_dir(d):
    if os.path.isfile(os.path.join(d, "matrix")):
        return True
    try:
        return any(os.path.isfile(os.path.join(d, e, "channel.log")) for e in os.listdir(d))
    except OSError:
        return False


def find_runs(paths):
    """Run folders under PATHS (each a results folder or a run), oldest first."""
    runs, seen = [], set()
    for p in paths:
        cands = [p] if is_run_dir(p) else [os.path.join(p, n) for n in sorted(os.listdir(p))] \
            if os.path.isdir(p) else []
        for d in cands:
            real = os.path.realpath(d)
            if real in seen or not os.path.isdir(d) or not is_run_dir(d):
                continue
            seen.add(real)
            runs.append(real)
    return sorted(runs, key=os.path.basename)


def collect(paths, passed_only=False):
    """(scenario, impl) -> the newest entry with a verdict, and all entries seen."""
    defaults = roles_default()
    chosen, seen = {}, 0
    for run in find_runs(paths):
        verdicts = matrix_verdicts(run)
        for entry in sorted(os.listdir(run)):
            scenario = entry.split("+", 1)[0]
            path = os.path.join(run, entry, "channel.log")
            if scenario not in SCENARIOS or not os.path.isfile(path):
                continue
            ch = read_channel(path)
            if ch is None:
                continue
            seen += 1
            verdict = verdicts.get(entry)
            if verdict is None and ch["result"]:
                verdict = "PASS" if ch["result"].startswith("pass") else "FAIL"
            impl = entry_impl(scenario, entry, ch, defaults)
            if verdict is None or impl is None or (passed_only and verdict != "PASS"):
                continue
            reason = None
            if verdict == "FAIL":
                reason = ch["fail"] or "no verdict on the channel: the boot timed out or stopped, see console.log"
            chosen[(scenario, impl)] = {
                "run": os.path.basename(run), "entry": entry, "path": os.path.join(run, entry),
                "verdict": verdict, "reason": reason, "channel": ch,
            }
    return chosen, seen


# ---- the records of each scenario -> rows -----------------------------------

def outcome_of(value):
    """(outcome, mismatch, want) of a recorded value."""
    if value.endswith(AS_EXPECTED):
        return value[:-len(AS_EXPECTED)], False, None
    if " MISMATCH, expected " in value:
        got, _, want = value.partition(" MISMATCH, expected ")
        return got, True, want
    if value.endswith(SEE_OUTPUT):
        return value[:-len(SEE_OUTPUT)].strip(), True, None
    if value.startswith("MISMATCH: ") or value.startswith("MISMATCH "):
        return value[len("MISMATCH") + 1:].lstrip(": ").strip(), True, None
    return value, False, None


class Rows:
    """Rows in the order of their first record; a case recorded again is a
    row of its own ("good #2"); the case's other records go with the
    newest row of that case."""

    def __init__(self):
        self.rows = {}
        self.latest = {}
        self.other = []

    def _new(self, case):
        key, n = case, 1
        while key in self.rows:
            n += 1
            key = f"{case} #{n}"
        self.rows[key] = {"outcome": None, "mismatch": False, "want": None, "details": [], "notes": []}
        self.latest[case] = key
        return self.rows[key]

    def row(self, case):
        return self.rows[self.latest[case]] if case in self.latest else self._new(case)

    def primary(self, case, value):
        row = self.row(case)
        if row["outcome"] is not None:
            row = self._new(case)
        row["outcome"], row["mismatch"], row["want"] = outcome_of(value)

    def detail(self, case, what, value):
        got, mismatch, want = outcome_of(value)
        row = self.row(case)
        row["details"].append({"what": what, "value": got, "mismatch": mismatch, "want": want})
        if mismatch:
            row["notes"].append(f"{what}: {got or 'see the output'}" + (f", expected {want}" if want else ""))

    def note(self, case, text):
        self.row(case)["notes"].append(text)


CASE_RE = re.compile(r"^case_([a-z0-9][a-z0-9-]*)(?:_(\w+))?$")


def parse_rogue_net(metrics):
    """rogue-frontend and rogue-backend: case_<case>[_<what>]."""
    rows = Rows()
    for name, value in metrics:
        m = CASE_RE.match(name)
        if m and m.group(2) is None:
            rows.primary(m.group(1), value)
        elif m:
            rows.detail(m.group(1), m.group(2), value)
        elif name == "mismatch:":
            n = re.match(r"(?:case )?([a-z0-9][a-z0-9-]*): (.*)$", value)
            if n:
                rows.note(n.group(1), n.group(2))
            else:
                rows.other.append([name, value])
        else:
            rows.other.append([name, value])
    return rows.rows, rows.other


def parse_rogue_pcifront(metrics):
    """rogue-pcifront: case_<case>_<arg|x>, case_<case>-<args>_<what>."""
    rows = Rows()
    for name, value in metrics:
        sub = re.match(r"^case_([a-z0-9-]+)_(log_lines|dom0)$", name)
        main = re.match(r"^case_([a-z0-9-]+)_([0-9]+|x)$", name)
        if sub:
            raw = sub.group(1)
            # storm-1-1700's records go with case storm-1, the newest such.
            owner = [c for c in rows.latest if raw == c or raw.startswith(c + "-")]
            rows.detail(max(owner, key=len) if owner else raw, sub.group(2), value)
        elif main:
            case, arg = main.groups()
            rows.primary(case if arg == "x" else f"{case}-{arg}", value)
        elif name.startswith("handshake_"):
            rows.primary("handshake-" + name[len("handshake_"):], value)
        elif name == "destroy_backend_node":
            rows.primary("destroy", "backend node " + value)
        elif name == "destroy":
            rows.primary("destroy", value)
        else:
            rows.other.append([name, value])
    return rows.rows, rows.other


FAULT_RE = re.compile(r"^fault (\S+?)((?: (?:pciback|netback|netfront)=\w+)*)(?: ([^:]+?))?: (.*)$")


def parse_faults(metrics):
    """faults: fault <case> [role=impl...] [<what>]: <text>, leak counts."""
    rows = Rows()
    for name, value in metrics:
        full = f"{name} {value}"
        m = FAULT_RE.match(full)
        if name == "fault" and m:
            case, _, what, text = m.groups()
            if what is None:
                label = re.match(r"([\w-]+): (.*)$", text)
                if label:
                    what, text = label.groups()
            rows.primary(f"{case} {what}" if what else case, text)
        elif name in ("grants", "kernel", "client") and ": " in value:
            key, _, text = full.partition(": ")
            rows.primary(key, text)
        else:
            rows.other.append([name, value])
    return rows.rows, rows.other


PARSERS = {
    "rogue-frontend": parse_rogue_net,
    "rogue-backend": parse_rogue_net,
    "rogue-pcifront": parse_rogue_pcifront,
    "faults": parse_faults,
}


def merge_order(a, b):
    """Keys of A in order, B's others each after B's key before it."""
    out = list(a)
    prev = -1
    for k in b:
        if k in out:
            prev = out.index(k)
        else:
            prev += 1
            out.insert(prev, k)
    return out


def build(chosen, paths):
    """The report as one document (what --json prints)."""
    doc = {"sources": [os.path.abspath(p) for p in paths], "scenarios": {}}
    for scenario in SCENARIOS:
        runs, cases, other = {}, {}, {}
        for impl in IMPLS:
            e = chosen.get((scenario, impl))
            if e is None:
                runs[impl] = None
                continue
            runs[impl] = {k: e[k] for k in ("run", "entry", "path", "verdict", "reason")}
            cases[impl], other[impl] = PARSERS[scenario](e["channel"]["metrics"])
        order = merge_order(cases.get("ours", {}), cases.get("debian", {}))
        doc["scenarios"][scenario] = {
            "runs": runs,
            "cases": [dict({"case": k}, **{impl: cases.get(impl, {}).get(k) for impl in IMPLS}) for k in order],
            "other": other,
        }
    return doc


# ---- markdown ----------------------------------------------------------------

def cell(row):
    if row is None:
        return "-"
    if row["outcome"] is not None:
        text = row["outcome"]
    else:
        text = "; ".join(f"{d['what']}: {d['value']}" for d in row["details"]) or "?"
    if row["mismatch"]:
        text += " MISMATCH" + (f", expected {row['want']}" if row["want"] else "")
    elif row["notes"]:
        text += f"; MISMATCH: {row['notes'][0]}"
        if len(row["notes"]) > 1:
            text += f" (+{len(row['notes']) - 1} more)"
    return text.replace("|", "\\|")


def detail_cell(row, what, n):
    if row is None:
        return "-"
    found = [d for d in row["details"] if d["what"] == what]
    if len(found) <= n:
        return "-"
    d = found[n]
    text = d["value"]
    if d["mismatch"]:
        text = (text + " MISMATCH").lstrip() + (f", expected {d['want']}" if d["want"] else "")
    return (text or "?").replace("|", "\\|")


def run_line(impl, r):
    if r is None:
        return f"- {COLUMN[impl]}: no run with a verdict"
    line = f"- {COLUMN[impl]}: run {r['run']}, entry {r['entry']}: {r['verdict']}"
    return line + (f" ({r['reason']})" if r["reason"] else "")


def markdown(doc, detail=False):
    out = ["# Hostile peers: our drivers and Debian's (mainline), case by case", ""]
    out.append("From " + ", ".join(doc["sources"]) + ".")
    for scenario, s in doc["scenarios"].items():
        out += ["", f"## {scenario}", ""]
        out += [run_line(impl, s["runs"][impl]) for impl in IMPLS]
        out.append("")
        if not s["cases"]:
            out.append("No case recorded.")
            continue
        out.append(f"| case | {COLUMN['ours']} | {COLUMN['debian']} |")
        out.append("|---|---|---|")
        for c in s["cases"]:
            out.append(f"| {c['case']} | {cell(c['ours'])} | {cell(c['debian'])} |")
            if not detail:
                continue
            whats = []
            for impl in IMPLS:
                for d in (c[impl] or {}).get("details", []):
                    if d["what"] not in whats:
                        whats.append(d["what"])
            for what in whats:
                most = max(sum(d["what"] == what for d in (c[impl] or {}).get("details", [])) for impl in IMPLS)
                for n in range(most):
                    label = f"{c['case']} / {what}" + (f" #{n + 1}" if most > 1 else "")
                    out.append(f"| {label} | {detail_cell(c['ours'], what, n)} | {detail_cell(c['debian'], what, n)} |")
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(prog="hostile-report.py",
                                 description="The hostile-peer lab scenarios, ours against Debian's, case by case.")
    ap.add_argument("dirs", nargs="*", metavar="DIR",
                    help="results folders or run folders (default: $LAB_RESULTS, else tests/lab/results)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    ap.add_argument("--detail", action="store_true", help="a row for each case's other records too")
    ap.add_argument("--passed", action="store_true", help="only entries that passed")
    ap.add_argument("--out", metavar="DIR", help="also write DIR/hostile.md and DIR/hostile.json")
    args = ap.parse_args(argv)
    paths = args.dirs or [os.environ.get("LAB_RESULTS") or os.path.join(TOP, "tests", "lab", "results")]
    for p in paths:
        if not os.path.isdir(p):
            print(f"hostile-report.py: {p}: not a folder", file=sys.stderr)
            return 2
    chosen, seen = collect(paths, args.passed)
    if not seen:
        print("hostile-report.py: no entry of " + ", ".join(SCENARIOS) + " under " + ", ".join(paths),
              file=sys.stderr)
        return 1
    doc = build(chosen, paths)
    md = markdown(doc, args.detail)
    js = json.dumps(doc, indent=1) + "\n"
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "hostile.md"), "w", encoding="utf-8") as f:
            f.write(md)
        with open(os.path.join(args.out, "hostile.json"), "w", encoding="utf-8") as f:
            f.write(js)
    sys.stdout.write(js if args.json else md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
