#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of the module-parameter helpers of tests/lab/guest/lib.sh.

The lab's scenarios set driver parameters through param_set (write, read
back, fail if it did not take), param_with (a command run with a parameter
at a value, the old value put back whatever happened) and param_set_or (a
value, else a fallback).  In the lab every write takes, so their failure
branches never run there.  This sources lib.sh in bash with param_path
pointed at a fake parameter tree in a temporary directory, where a
parameter can be a plain file (every write takes), a bool that reads back
Y/N like the kernel's, /dev/null (a write "succeeds" but reads back
nothing: it did not take), a directory (the write itself fails), or one
that keeps values up to a maximum and reads back its old value for a
larger one.
Run by tests/check.sh (make check-host); the last line is
"guest_params: N passed, N failed".
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from checks import check, run_all  # noqa: E402
from sourced import sourced_bash  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB_SH = os.path.join(TOP, "tests", "lab", "guest", "lib.sh")

# The fake tree: $ROOT/MODULE/NAME.  A parameter whose name starts with
# "bool" reads back Y or N for 1 or 0, as a kernel bool does; one named
# "max<N>" keeps any value up to N and ignores a larger one (reads back the
# value it kept, like a parameter that clamps or refuses).  The writes are
# the shell's own "echo >", so the fake sits in a function that shadows
# cat, which param_set and param_get read through.
FAKE = r"""
param_path() { echo "$ROOT/$1/$2"; }
cat() {
	local f=${1:-} v
	case "$f" in
	"$ROOT"/*/bool*)
		v=$(command cat "$f") || return
		case "$v" in 1) echo Y ;; 0) echo N ;; *) echo "$v" ;; esac ;;
	"$ROOT"/*/max*)
		v=$(command cat "$f") || return
		[ "$v" -gt "${f##*/max}" ] || echo "$v" >"$f.kept"
		command cat "$f.kept" ;;
	*) command cat "$@" ;;
	esac
}
"""


def run(root, script):
    """Run SCRIPT in bash with lib.sh and the fake tree at ROOT sourced:
    (exit status, stdout lines)."""
    p = sourced_bash(LIB_SH, f"{FAKE}\n{script}", {"ROOT": root})
    return p.returncode, p.stdout.splitlines()


def tree(root, params):
    """Make the fake parameters: {"mod/name": value}; a value None makes a
    directory (the write fails), "NULL" a link to /dev/null."""
    for key, value in params.items():
        path = os.path.join(root, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if value is None:
            os.makedirs(path)
        elif value == "NULL":
            os.symlink("/dev/null", path)
        else:
            with open(path, "w") as f:
                f.write(f"{value}\n")
            if os.path.basename(key).startswith("max"):
                with open(path + ".kept", "w") as f:
                    f.write(f"{value}\n")


def read(root, key):
    with open(os.path.join(root, key)) as f:
        return f.read().strip()


def test_param_set(root):
    tree(root, {"m/plain": 7, "m/bool_a": 0, "m/nul": "NULL", "m/dir": None})
    rc, out = run(root, "param_set m plain 12")
    check("param_set: a value that takes returns 0", rc == 0, (rc, out))
    check("param_set: prints NAME=VALUE read back", out == ["plain=12"], out)
    check("param_set: the file holds the value", read(root, "m/plain") == "12")

    rc, out = run(root, "param_set m bool_a 1")
    check("param_set: a bool reading back Y for 1 took", rc == 0, (rc, out))
    check("param_set: prints the Y it read", out == ["bool_a=Y"], out)
    rc, out = run(root, "param_set m bool_a 0")
    check("param_set: a bool reading back N for 0 took", rc == 0 and out == ["bool_a=N"],
          (rc, out))

    rc, out = run(root, "param_set m nul 5")
    check("param_set: a value that does not read back fails", rc == 1, (rc, out))
    check("param_set: says it did not take and what it reads",
          out[-1:] == ["nul=5 did not take (reads )"], out)

    rc, out = run(root, "param_set m dir 5")
    check("param_set: a write that fails fails", rc == 1, (rc, out))
    check("param_set: says the write failed", out == ["dir: writing 5 failed"], out)


def test_param_set_or(root):
    tree(root, {"m/plain": 3, "m/nul": "NULL", "m/dir": None})
    rc, out = run(root, "param_set_or m plain 4 0")
    check("param_set_or: the value takes: 0, no fallback", rc == 0 and out == ["plain=4"],
          (rc, out))
    check("param_set_or: the value is in place", read(root, "m/plain") == "4")

    # max3 refuses 4 (reads back the 2 it kept) and takes the fallback 0.
    tree(root, {"m/max3": 2})
    rc, out = run(root, "param_set m max3 4")
    check("fake: max3 refuses 4, reading back what it kept",
          rc == 1 and out == ["max3=2", "max3=4 did not take (reads 2)"], (rc, out))
    rc, out = run(root, "param_set_or m max3 4 0")
    check("param_set_or: value refused, fallback took: fails", rc == 1, (rc, out))
    check("param_set_or: says the fallback took",
          out == ["max3=2", "max3=4 did not take (reads 2)", "max3=0",
                  "max3=4 did not take; set back to 0"], out)
    check("param_set_or: the fallback is in place", read(root, "m/max3.kept") == "0")

    rc, out = run(root, "param_set_or m nul 4 0")
    check("param_set_or: neither takes: fails", rc == 1, (rc, out))
    check("param_set_or: says neither took", out[-1:] == ["nul=4 did not take, nor did 0"], out)

    rc, out = run(root, "param_set_or m dir 4 0")
    check("param_set_or: both writes fail: fails, saying so",
          rc == 1 and out == ["dir: writing 4 failed", "dir: writing 0 failed",
                              "dir=4 did not take, nor did 0"], (rc, out))


def test_param_with(root):
    tree(root, {"m/plain": 3, "m/nul": "NULL"})
    rc, out = run(root, 'param_with m plain 8 sh -c "cat $ROOT/m/plain"')
    check("param_with: CMD runs with the value in place", rc == 0 and "8" in out, (rc, out))
    check("param_with: the old value is back after", read(root, "m/plain") == "3")

    rc, out = run(root, "param_with m plain 8 false")
    check("param_with: CMD failing fails", rc == 1, (rc, out))
    check("param_with: says CMD failed", "false with plain=8 failed (see above)" in out, out)
    check("param_with: the old value is back after a failure", read(root, "m/plain") == "3")

    rc, out = run(root, 'param_with m nul 8 touch "$ROOT/ran"')
    check("param_with: a value that does not take fails", rc == 1, (rc, out))
    check("param_with: CMD does not run when the value did not take",
          not os.path.exists(os.path.join(root, "ran")))


def main():
    tests = [test_param_set, test_param_set_or, test_param_with]
    # Each test gets a tree of its own.
    wrapped = []
    for t in tests:
        def one(_t=t):
            with tempfile.TemporaryDirectory() as root:
                _t(root)
        one.__name__ = t.__name__
        wrapped.append(one)
    return run_all("guest_params", wrapped)


if __name__ == "__main__":
    sys.exit(main())
