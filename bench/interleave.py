#!/usr/bin/env python3
"""Paired, interleaved wall-clock timing of whole processes (bench/startup.sh uses it).

Usage: interleave.py ROUNDS WARMUP NAME=COMMAND [NAME=COMMAND ...]   (COMMAND is split like a shell would, no shell runs)

Each round runs every command once, in an order rotated by one each round (so no command always runs first or right
after another), and times it from fork to exit. Prints per command: median, quartiles, min; and per command after the
first (the baseline): the median of the per-round differences to the baseline, with its quartiles, and the ratio of
the medians. The same for the CPU time of each process (user + system, from the kernel's child accounting), which a
machine busy with other work disturbs much less than the wall time. Output goes to stdout; a command that exits
non-zero stops the run.
"""
import resource
import shlex
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    rounds, warmup = int(sys.argv[1]), int(sys.argv[2])
    commands = []
    for spec in sys.argv[3:]:
        name, _, command = spec.partition("=")
        commands.append((name, shlex.split(command)))

    def cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def run(argv):
        cpu_before = cpu()
        start = time.perf_counter_ns()
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = (time.perf_counter_ns() - start) / 1e6
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
        return elapsed, (cpu() - cpu_before) * 1000

    for _ in range(warmup):
        for _, argv in commands:
            run(argv)

    times = {name: [] for name, _ in commands}
    cpus = {name: [] for name, _ in commands}
    for r in range(rounds):
        order = commands[r % len(commands):] + commands[:r % len(commands)]
        for name, argv in order:
            wall, used = run(argv)
            times[name].append(wall)
            cpus[name].append(used)

    def quartiles(values):
        q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
        return q[0], q[1], q[2]

    base_name = commands[0][0]
    for title, table in (("wall", times), ("cpu (user+sys)", cpus)):
        base = table[base_name]
        print(f"{title:<28} {'median':>9} {'q1':>8} {'q3':>8} {'min':>8}   {'median of paired diff (q1..q3)':<34} ratio")
        for name, _ in commands:
            values = table[name]
            q1, med, q3 = quartiles(values)
            line = f"{name:<28} {med:8.1f}  {q1:7.1f}  {q3:7.1f}  {min(values):7.1f}"
            if name != base_name:
                diffs = [a - b for a, b in zip(values, base)]
                d1, dm, d3 = quartiles(diffs)
                line += f"   {dm:+7.1f} ms ({d1:+.1f} .. {d3:+.1f}){'':<10} {med / max(statistics.median(base), 1e-9):.2f}"
            print(line)
    print(f"(ms; {rounds} rounds, {warmup} warm-up; ratio = median / median of {base_name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
