"""What the A/B scripts here share: every side of a comparison measured in each repetition, back to back, in an order
that rotates from one repetition to the next (so that no side always runs first on a cold or a warm machine), and
compared by medians.

    import ab
    results = ab.interleaved(reps, workloads, ["old", "new"], measure)   # measure(workload, side) -> a number
    by_medians, paired = ab.ratio(results, workload, "new", "old")
"""
import statistics


def interleaved(reps, workloads, sides, measure, show="{:,.0f}/s"):
    """Measures every workload on every side, `reps` times, printing each run as it ends.

    Returns {(workload, side): [one value per repetition, in order]}.
    """
    results = {}
    for rep in range(reps):
        shift = rep % len(sides)
        for workload in workloads:
            for side in sides[shift:] + sides[:shift]:
                value = measure(workload, side)
                print(f"rep {rep + 1} {workload} {side}: {show.format(value)}", flush=True)
                results.setdefault((workload, side), []).append(value)
    return results


def median(results, workload, side):
    """The median of one workload on one side."""
    return statistics.median(results[(workload, side)])


def ratio(results, workload, side, baseline):
    """`side` against `baseline` on `workload`: the ratio of their medians, and the median of each repetition's own
    ratio (whose runs are back to back, so it resists the machine's drift between repetitions)."""
    values, bases = results[(workload, side)], results[(workload, baseline)]
    return (statistics.median(values) / statistics.median(bases),
            statistics.median(v / b for v, b in zip(values, bases)))
