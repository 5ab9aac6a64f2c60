#!/usr/bin/env python3
# bench-design-to-dot.py: writes a design as a Graphviz graph of the same content — one cluster
# per resource group (named and labelled as on the canvas), one box per resource with its name
# and kind, one edge per link with its type — so that PNG export can be timed next to
# `dot -Tpng` on an equivalent diagram (README, Benchmarks).
#   tests/bench-design-to-dot.py DESIGN.topograph > DESIGN.dot
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys


def quote(text):
    return '"' + str(text).replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    with open(sys.argv[1]) as f:
        design = json.load(f)
    groups = {}
    for res in design.get('resources', []):
        if res['type'] == 'resource-group':
            groups.setdefault(res['id'], [])
    for res in design.get('resources', []):
        if res['type'] != 'resource-group':
            groups.setdefault(res.get('group'), []).append(res)
    names = {r['id']: r for r in design.get('resources', [])}
    out = [f'digraph {quote(design.get("name", "design"))} {{', '  rankdir=LR;',
           '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Cantarell"];']
    for i, (group, members) in enumerate(groups.items()):
        rg = names.get(group, {})
        out.append(f'  subgraph cluster_{i} {{')
        out.append(f'    label={quote(rg.get("name", group))}; style="rounded,filled"; fillcolor="#e8f0fa";')
        for res in members:
            label = f'{res.get("name", res["id"])}\\n{res["type"]}'
            out.append(f'    {quote(res["id"])} [label="{label}"];')
        out.append('  }')
    for link in design.get('links', []):
        out.append(f'  {quote(link["from"])} -> {quote(link["to"])} [label={quote(link["type"])}];')
    out.append('}')
    print('\n'.join(out))


if __name__ == '__main__':
    main()
