#!/usr/bin/env python3
"""Turns bench/run's results (one JSON object a line) into BENCHMARKS.md: the run's command, commit,
date and machine; the targets of the performance work as ratios, each met or not; one table per
database and audit setting; the scale comparison; memory and start-up.

  report.py RESULTS OUT key=value…
"""
import json
import sys
from collections import defaultdict

results, out = sys.argv[1], sys.argv[2]
meta = dict(a.split("=", 1) for a in sys.argv[3:])
rows = defaultdict(dict)          # config -> (scenario, c) -> figures
order = defaultdict(list)         # config -> scenarios in measured order
notes = defaultdict(dict)         # config -> note -> value
for line in open(results):
    r = json.loads(line)
    if "note" in r:
        notes[r["config"]][r["note"]] = r["value"]
        continue
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0
    rows[r["config"]][(r["scenario"], r["c"])] = r
    if r["scenario"] not in order[r["config"]]:
        order[r["config"]].append(r["scenario"])


def ms(us):
    return "%.2f" % (us / 1000) if us < 10_000 else "%.0f" % (us / 1000)


def num(x):
    return "{:,.0f}".format(x)


def mib(kib):
    return "%d MiB" % round(kib / 1024) if kib is not None else "—"


def fig(cfg, sc, c):
    return rows[cfg].get((sc, c))


def errors(r):
    parts = []
    if r["status_errors"]:
        parts.append("%s non-2xx/3xx" % num(r["status_errors"]))
    if r["socket_errors"]:
        parts.append("%s socket" % num(r["socket_errors"]))
    return ", ".join(parts)


LIST = "list 50 (v3 raw)"
LIST_V4 = "list 50 (v4)"
STATUS = "GET /api/status"
UA = "universal-auth login"
READS = [LIST, "list 50, If-None-Match (304)", "list 50 (v4)", "get one secret",
         "list recursive (20 folders × 50)", "list 50, expandSecretReferences (25 refs)", "list 25 + import of 50"]
backends = [b for b in ("sqlite", "postgres") if b + "-audit-on" in rows]
label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
targets = []  # (target, measured, met or None)


def verdict(ok):
    return "—" if ok is None else ("**met**" if ok else "**not met**")


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def audit_pair(b):
    """The side-by-side rounds of the list on the audited and the unaudited server, or None."""
    on, off = b + "-pair-on", b + "-pair-off"
    tick_us = 1e6 / float(meta.get("ticks_per_second") or 100)
    costs, cpu_on, cpu_off, rounds = [], [], [], []
    for r in range(1, int(meta.get("pair_rounds") or 0) + 1):
        a, z = fig(on, "list 50, round %d" % r, 32), fig(off, "list 50, round %d" % r, 32)
        if not (a and z and a["requests"] and z["requests"]):
            continue
        ta, tz = notes[on].get("ticks_round_%d" % r), notes[off].get("ticks_round_%d" % r)
        costs.append(1 - a["rps"] / z["rps"])
        if ta is not None and tz is not None:
            cpu_on.append(ta * tick_us / a["requests"])
            cpu_off.append(tz * tick_us / z["requests"])
        rounds.append((r, a, z, ta, tz))
    if not costs:
        return None
    return {"costs": costs, "cost": median(costs), "rounds": rounds, "tick_us": tick_us,
            "cpu_on": median(cpu_on) if cpu_on else 0.0, "cpu_off": median(cpu_off) if cpu_off else 0.0}


scale = meta.get("scale", "?")
for b in backends:
    on, off, sc = b + "-audit-on", b + "-audit-off", b + "-scale"
    s, l, g = fig(on, STATUS, 32), fig(on, LIST, 32), fig(on, UA, 32)
    if s and l:
        ratio = l["rps"] / s["rps"]
        targets.append(("%s: list 50 ≥ 25 %% of `/api/status` at -c32" % label[b],
                        "%.3f (%s / %s req/s)" % (ratio, num(l["rps"]), num(s["rps"])), ratio >= 0.25))
        tail = l["p99_us"] / max(1, l["p50_us"])
        targets.append(("%s: list 50 p99 ≤ 10 × p50 at -c32" % label[b],
                        "%.1f × (p50 %s ms, p99 %s ms); `/api/status` itself %.1f × (p50 %s ms, p99 %s ms)"
                        % (tail, ms(l["p50_us"]), ms(l["p99_us"]), s["p99_us"] / max(1, s["p50_us"]),
                           ms(s["p50_us"]), ms(s["p99_us"])), tail <= 10))
    if s and g:
        ratio = g["rps"] / s["rps"]
        targets.append(("%s: universal-auth login ≥ 20 %% of `/api/status` at -c32" % label[b],
                        "%.3f (%s req/s)" % (ratio, num(g["rps"])), ratio >= 0.20))
    small, small32 = fig(sc, "list a folder of 100 at 100", 1), fig(sc, "list a folder of 100 at 100", 32)

    def versus(big, big32):
        ratio = big["p50_us"] / max(1, small["p50_us"])
        also = ""
        if small32 and big32 and big32["p50_us"]:
            # -c1 on a busy machine is noisy; the -c32 median shows the same question under load
            also = "; -c32 p50 %.2f × (%s ms vs %s ms)" % (
                big32["p50_us"] / max(1, small32["p50_us"]), ms(big32["p50_us"]), ms(small32["p50_us"]))
        return ratio, "%.2f × (%s ms vs %s ms)%s" % (ratio, ms(big["p50_us"]), ms(small["p50_us"]), also)

    same = fig(sc, "list the same folder of 100 at %s" % scale, 1)
    if small and same:
        ratio, text = versus(same, fig(sc, "list the same folder of 100 at %s" % scale, 32))
        targets.append(("%s: list latency at %s secrets within 2 × of at 100 (p50, -c1; the same folder, as at 100)"
                        % (label[b], num(int(scale))), text, ratio <= 2))
    big = fig(sc, "list a folder of 100 at %s" % scale, 1)
    if small and big:
        # a random folder among all of them is mostly one the caches do not hold: what a cold folder costs,
        # beside the one folder of 100 that every list at 100 finds in them
        ratio, text = versus(big, fig(sc, "list a folder of 100 at %s" % scale, 32))
        targets.append(("%s: the same at %s secrets, a random folder of all (cold: mostly not cached)"
                        % (label[b], num(int(scale))), text, None if same else ratio <= 2))
    lo, lf, so, sf = fig(on, LIST, 32), fig(off, LIST, 32), fig(on, STATUS, 32), fig(off, STATUS, 32)
    if lo and lf and so and sf:
        # the two servers ran one after the other on a machine that may be busy: compare each list to its
        # own server's /api/status (which audits nothing), and show the raw figures beside it
        cost = 1 - (lo["rps"] / so["rps"]) / (lf["rps"] / sf["rps"])
        # the same 50 secrets through the v4 route, measured a few figures later: a second reading of the
        # same cost, shown beside the first (one figure on a shared machine can swing)
        vo, vf = fig(on, LIST_V4, 32), fig(off, LIST_V4, 32)
        v4 = ("; the v4 list: %.0f %%" % ((1 - (vo["rps"] / so["rps"]) / (vf["rps"] / sf["rps"])) * 100)
              if vo and vf else "")
        pair = audit_pair(b)
        targets.append(("%s: audit on costs ≤ 20 %% of list throughput (-c32, as ratios to each server's status)" % label[b],
                        "%.0f %% (list/status %.3f on, %.3f off; %s req/s on, %s off%s)%s" % (
                            cost * 100, lo["rps"] / so["rps"], lf["rps"] / sf["rps"], num(lo["rps"]), num(lf["rps"]), v4,
                            "; read from the tables, whose servers ran minutes apart" if pair else ""),
                        None if pair else cost <= 0.20))
        if pair:
            targets.append(("%s: audit on costs ≤ 20 %% of list throughput (-c32, both servers at once, the list "
                            "alternating between them; median of %d rounds)" % (label[b], len(pair["costs"])),
                            "%.0f %% (rounds: %s; server CPU a list %.1f µs on, %.1f off)" % (
                                pair["cost"] * 100, ", ".join("%.0f %%" % (c * 100) for c in pair["costs"]),
                                pair["cpu_on"], pair["cpu_off"]),
                            pair["cost"] <= 0.20))
if "sqlite" in backends:
    n = notes["sqlite-audit-on"]
    idle = n.get("rss_idle_kib")
    idle_how = ("data set loaded, then %s s without requests" % meta.get("rest")
                if n.get("rss_seeded_kib") is not None and idle != n.get("rss_seeded_kib") else "data set loaded, before the load")
    targets.append(("idle RSS ≤ 150 MiB (SQLite, %s)" % idle_how, mib(idle),
                    idle is not None and idle <= 150 * 1024))
    after = n.get("rss_after_load_kib")
    targets.append(("RSS right after the whole benchmark ≤ 300 MiB (SQLite; peak %s)" % mib(n.get("rss_peak_kib")),
                    mib(after), after is not None and after <= 300 * 1024))
    rested = n.get("rss_after_rest_kib")
    if rested is not None and idle:
        # "near idle": within a quarter of the idle figure, once the collector has had a quiet moment
        targets.append(("RSS returns near idle after the load (≤ 1.25 × idle, %s s after it)" % meta.get("rest"),
                        "%s (%.2f × idle)" % (mib(rested), rested / idle), rested <= 1.25 * idle))
    st = n.get("start_ms")
    targets.append(("start to first 200 on `/api/status` ≤ 1.5 s (SQLite, empty data directory)",
                    "%s ms" % st, st is not None and st <= 1500))
if "sqlite" in backends and "postgres" in backends:
    worst = None
    for sc_name in READS:
        a, p = fig("sqlite-audit-on", sc_name, 32), fig("postgres-audit-on", sc_name, 32)
        if a and p and p["rps"]:
            f = a["rps"] / p["rps"]
            if worst is None or f > worst[0]:
                worst = (f, sc_name)
    if worst:
        targets.append(("PostgreSQL within 2 × of SQLite for reads (-c32, the worst read)",
                        "%.2f × slower (%s)" % worst, worst[0] <= 2))

md = []
md.append("# Coffer benchmarks\n")
md.append("Made by `bench/run` (see its header for the options). Every figure below comes from this one run; "
          "figures from a run on another machine, or on a busy one, compare only as ratios.\n")
md.append("| | |\n|---|---|")
md.append("| command | `%s` |" % meta.get("command"))
md.append("| commit | `%s` |" % meta.get("commit"))
md.append("| date | %s |" % meta.get("date"))
md.append("| machine | %s |" % meta.get("machine"))
md.append("| JDK | %s |" % meta.get("jdk"))
if meta.get("postgres"):
    md.append("| PostgreSQL | %s, default settings, on the same machine |" % meta.get("postgres"))
md.append("| load | %s (-t2, -t1 at -c1), %s s per figure after a %s s warm-up of each endpoint at -c32 |"
          % (meta.get("wrk"), meta.get("duration"), meta.get("warmup")))
md.append("| run time | %d min %d s |" % divmod(int(meta.get("elapsed", 0)), 60))
md.append("| load average (1, 5, 15 min) | %s |" % meta.get("load"))
md.append("")
md.append("The client (wrk, Python) runs on the same machine as the server and takes part of its CPU; "
          "a load average above the number of cores means other work (builds, other servers) shared the "
          "machine during the run, and absolute figures and start-up times are then slower than the machine allows.\n")

md.append("## Targets\n")
md.append("| target | measured | |\n|---|---|---|")
for t, m, ok in targets:
    md.append("| %s | %s | %s |" % (t, m, verdict(ok)))
md.append("")

for cfg in [c for c in rows if not c.endswith("-scale") and "-pair-" not in c]:
    b, audit = cfg.split("-audit-")
    md.append("## %s, audit %s\n" % (label[b], audit))
    n = notes[cfg]
    cs = sorted({c for (_, c) in rows[cfg]})
    head = "| endpoint | " + " | ".join("-c%d req/s | p50 ms | p99 ms" % c for c in cs) + " | vs status (-c32) | errors |"
    md.append(head)
    md.append("|---" * (1 + 3 * len(cs) + 2) + "|")
    status = fig(cfg, STATUS, 32)
    for sc_name in order[cfg]:
        cells, errs = [], []
        for c in cs:
            r = fig(cfg, sc_name, c)
            if r and r["requests"] == 0:
                cells += ["0", "—", "—"]
                errs.append("-c%d: no answer within the %s s" % (c, meta.get("duration")))
            elif r:
                cells += [num(r["rps"]), ms(r["p50_us"]), ms(r["p99_us"])]
                if errors(r):
                    errs.append("-c%d: %s" % (c, errors(r)))
            else:
                cells += ["", "", ""]
        r32 = fig(cfg, sc_name, 32)
        ratio = "%.3f" % (r32["rps"] / status["rps"]) if r32 and status else ""
        md.append("| %s | %s | %s | %s |" % (sc_name, " | ".join(cells), ratio, "; ".join(errs)))
    md.append("")
    facts = ["start to first 200: %s ms" % n.get("start_ms")]
    if "rss_empty_kib" in n:
        facts.append("RSS 2 s after start (empty): %s" % mib(n["rss_empty_kib"]))
    if "rss_seeded_kib" in n:
        facts.append("right after loading the data set: %s" % mib(n["rss_seeded_kib"]))
    if "rss_idle_kib" in n and n.get("rss_idle_kib") != n.get("rss_seeded_kib"):
        facts.append("idle with the data set (%s s without requests), before the load: %s" % (meta.get("rest"), mib(n["rss_idle_kib"])))
    elif "rss_idle_kib" in n:
        facts.append("idle with the data set, before the load: %s" % mib(n["rss_idle_kib"]))
    if "rss_after_load_kib" in n:
        facts.append("right after the load: %s" % mib(n["rss_after_load_kib"]))
    if "rss_after_rest_kib" in n:
        facts.append("%s s later: %s" % (meta.get("rest"), mib(n["rss_after_rest_kib"])))
    if "rss_peak_kib" in n:
        facts.append("peak (VmHWM): %s" % mib(n["rss_peak_kib"]))
    md.append("Server JVM: " + "; ".join(facts) + ".")
    if "sse_open" in n:
        md.append("\nChange events: %s of %s subscribers connected (%s refused or failed), RSS %s before them and %s "
                  "with them; %s streams were still open after the list ran beside them."
                  % (n["sse_open"], meta.get("subscribers"), n.get("sse_failed"), mib(n.get("sse_rss_before_kib")),
                     mib(n.get("sse_rss_kib")), n.get("sse_open_at_end")))
        beside = [r for (name, c), r in rows[cfg].items() if name.endswith("subscribers are connected")]
        alone = fig(cfg, LIST, 32)
        if beside and alone and alone["rps"]:
            md.append("The list ran at %.2f × its rate without them (-c32)." % (beside[0]["rps"] / alone["rps"]))
    people = [r for (name, c), r in rows[cfg].items() if name.endswith("people log in")]
    alone = fig(cfg, LIST, 32)
    if people and alone and alone["rps"]:
        md.append("\nBeside four people logging in (email and password, -c4), the list ran at %.2f × its rate "
                  "without them (-c32), p50 %s ms against %s ms, p99 %s ms against %s ms."
                  % (people[0]["rps"] / alone["rps"], ms(people[0]["p50_us"]), ms(alone["p50_us"]),
                     ms(people[0]["p99_us"]), ms(alone["p99_us"])))
    md.append("")

for b in backends:
    pair = audit_pair(b)
    if not pair:
        continue
    md.append("## Audit's cost, side by side, %s\n" % label[b])
    md.append("An audited and an unaudited server on the same data set, started together and warmed up; the list "
              "50 at -c32 then alternates between them, one figure each per round. CPU is the server's own "
              "(user and system, from `/proc/PID/stat`) over the figure and the settling after it.\n")
    md.append("| round | audit on req/s | audit off req/s | cost | CPU a list, on (µs) | CPU a list, off (µs) |")
    md.append("|---|---|---|---|---|---|")
    for r, a, z, ta, tz in pair["rounds"]:
        cpu = lambda t, f: "%.1f" % (t * pair["tick_us"] / f["requests"]) if t is not None else "—"
        md.append("| %d | %s | %s | %.0f %% | %s | %s |" % (
            r, num(a["rps"]), num(z["rps"]), (1 - a["rps"] / z["rps"]) * 100, cpu(ta, a), cpu(tz, z)))
    md.append("\nMedian cost %.0f %%; median CPU a list %.1f µs on, %.1f µs off (%.2f ×).\n" % (
        pair["cost"] * 100, pair["cpu_on"], pair["cpu_off"], pair["cpu_on"] / pair["cpu_off"] if pair["cpu_off"] else 0))

for b in backends:
    cfg = b + "-scale"
    if cfg not in rows:
        continue
    n = notes[cfg]
    md.append("## Scale, %s (audit on)\n" % label[b])
    seeds = [(k, v) for k, v in n.items() if k.startswith("seed_")]
    md.append("The same server, first with one folder of 100 secrets, then grown to the full data set; each request "
              "lists (or gets one secret of) a random folder of 100 of a random project, or in the full data set also "
              "the same folder every time (as at 100), with the admin identity's token.\n")
    md.append("| data set | folder asked | seeding | list -c1 p50 / p99 ms | list -c32 req/s · p99 ms | get -c1 p50 / p99 ms | get -c32 req/s · p99 ms |")
    md.append("|---|---|---|---|---|---|---|")
    for k, v in seeds:
        size = k[len("seed_"):]
        for pattern, list_sc, get_sc in (
                ("a random folder", "list a folder of 100 at %s", "get one secret at %s"),
                ("the same folder", "list the same folder of 100 at %s", "get one secret of the same folder at %s")):
            l1, l32 = fig(cfg, list_sc % size, 1), fig(cfg, list_sc % size, 32)
            g1, g32 = fig(cfg, get_sc % size, 1), fig(cfg, get_sc % size, 32)
            if not (l1 and l32 and g1 and g32):
                continue
            md.append("| %s secrets, %s folders, %s projects | %s | %s s (%s secrets/s) | %s / %s | %s · %s | %s / %s | %s · %s |" % (
                num(v["secrets"]), num(v["folders"]), num(v["projects"]),
                "the one folder" if v["folders"] == 1 else pattern, v["seedSeconds"], num(v["secretsPerSecond"]),
                ms(l1["p50_us"]), ms(l1["p99_us"]), num(l32["rps"]), ms(l32["p99_us"]),
                ms(g1["p50_us"]), ms(g1["p99_us"]), num(g32["rps"]), ms(g32["p99_us"])))
    errs = [("%s -c%d: %s" % (sc_name, c, errors(r))) for (sc_name, c), r in rows[cfg].items() if errors(r)]
    if errs:
        md.append("\nErrors: " + "; ".join(errs) + ".")
    md.append("\nServer JVM: start %s ms; RSS right after %s, peak %s.\n" % (
        n.get("start_ms"), mib(n.get("rss_after_load_kib")), mib(n.get("rss_peak_kib"))))

md.append("## How to read this\n")
md.append("- req/s is over the whole measured period; p50 and p99 are wrk's latency percentiles; errors are "
          "answers outside 2xx/3xx and socket errors (connect, read, write, timeout at 10 s).")
md.append("- Reads use a machine identity with the viewer role (its universal-auth token); writes use the "
          "bootstrap admin identity. Create and batch write new keys every request (a counter per wrk thread); "
          "update changes one secret per wrk thread.")
md.append("- The servers run with `COFFER_EVENTS_MAX_STREAMS` and `COFFER_MAX_CONNECTIONS` raised so that one "
          "identity may hold the subscribers' streams; everything else is `./coffer server`'s defaults "
          "(audit on unless the section says off).")
md.append("- RSS is the server JVM's own (`/proc/PID/status` VmRSS, VmHWM for the peak), not PostgreSQL's.")
open(out, "w").write("\n".join(md) + "\n")
