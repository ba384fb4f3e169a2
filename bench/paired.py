#!/usr/bin/env python3
"""Paired rounds with a preparation before every timed run, and a ratio computed in every round (bench/targets.sh).

Usage: paired.py ROUNDS PREPARE RATIO NAME=COMMAND [NAME=COMMAND ...]

Each round runs every command once, in an order rotated by one each round. Before each run, PREPARE runs through
`sh -c` (not timed: e.g. put a fresh copy of the tree in place and `sync`, so that no write-back of an earlier run
overlaps the measured one). Commands are split like a shell would and run without a shell. RATIO is an arithmetic
expression over the NAMEs (e.g. "(moves - noop) / floor"), evaluated on the wall times of each round; the script prints
every round's times and ratio, then the median, minimum and maximum of the ratio, so that "in every run" can be read
off directly. A command that exits non-zero stops the run.
"""
import shlex
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    rounds, prepare, ratio = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    commands = []
    for spec in sys.argv[4:]:
        name, _, command = spec.partition("=")
        if not name.isidentifier():
            print(f"paired.py: '{name}' is not a name usable in RATIO", file=sys.stderr)
            return 2
        commands.append((name, shlex.split(command)))
    compiled = compile(ratio, "RATIO", "eval")

    ratios = []
    names = [name for name, _ in commands]
    print("round  " + "  ".join(f"{n:>12}" for n in names) + f"  {'ratio':>8}")
    for r in range(rounds):
        times = {}
        order = commands[r % len(commands):] + commands[:r % len(commands)]
        for name, argv in order:
            subprocess.run(["sh", "-c", prepare], check=True)
            start = time.perf_counter_ns()
            done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times[name] = (time.perf_counter_ns() - start) / 1e6
            if done.returncode != 0:
                print(f"{name} exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}", file=sys.stderr)
                return 1
        value = eval(compiled, {"__builtins__": {}}, times)
        ratios.append(value)
        print(f"{r + 1:>5}  " + "  ".join(f"{times[n]:>10.1f}ms" for n in names) + f"  {value:>8.2f}")
    print(f"ratio {ratio}: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f} ({rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
