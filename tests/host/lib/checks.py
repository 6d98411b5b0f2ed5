# SPDX-License-Identifier: GPL-2.0-only
"""The counting check() the host tests of the Python tools share.

check(what, ok, detail) counts a pass or prints a FAIL line; run_all(name,
tests, args) runs the test functions; summary(name)
prints "NAME: N passed, N failed" (the line tests/check.sh reads) and
returns the exit status.
"""

counts = {"passed": 0, "failed": 0}


def check(what, ok, detail=""):
    """Count one assertion; print it when it failed."""
    if ok:
        counts["passed"] += 1
    else:
        counts["failed"] += 1
        print(f"FAIL: {what}{': ' + str(detail) if detail else ''}")


def summary(name):
    """Print the totals line and return 1 if anything failed."""
    print(f"{name}: {counts['passed']} passed, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


def run_all(name, tests, *args):
    """Run each test function with ARGS (a crash fails that test, not the
    run) and return summary(NAME)."""
    for test in tests:
        try:
            test(*args)
        except Exception as e:  # a crash is a failure of that test, not of the run
            check(f"{test.__name__} ran", False, repr(e))
    return summary(name)
