#!/usr/bin/env bash
# Fails when any two org.actionbench packages depend on each other, directly or through others
# (docs/ARCHITECTURE.md §1, §7). Reads the compiled classes of every module, so run it after a build.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=()
for d in actionbench-data harness/engine actionbench-mini baselines harness/runner reports annotation-ui; do
  [ -d "$d/target/classes" ] || { echo "package-cycles: $d/target/classes missing (build first)" >&2; exit 2; }
  dirs+=("$d/target/classes")
done
jdeps -q -verbose:package -filter:none -e 'org\.actionbench\..*' "${dirs[@]}" 2>/dev/null | python3 -c '
import collections, re, sys
edges = collections.defaultdict(set)
for line in sys.stdin:
    m = re.match(r"\s+(org\.actionbench[\w.]*)\s+->\s+(org\.actionbench[\w.]*)\s", line)
    if m and m.group(1) != m.group(2):
        edges[m.group(1)].add(m.group(2))
nodes = sorted(set(edges) | {b for v in edges.values() for b in v})
index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):  # Tarjan: every strongly connected component of more than one package is a cycle
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in sorted(edges[v]):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop(); on.discard(w); component.append(w)
            if w == v:
                break
        if len(component) > 1:
            cycles.append(sorted(component))
for v in nodes:
    if v not in index:
        visit(v)
print(f"package-cycles: {len(nodes)} packages, {sum(len(v) for v in edges.values())} dependencies, {len(cycles)} cycles")
for c in cycles:
    print("cycle: " + " <-> ".join(c))
sys.exit(1 if cycles else 0)
'
