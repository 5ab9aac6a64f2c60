#!/usr/bin/env python3
# test-hostile.py: generated hostile inputs for topograph-cli, each run as a whole process under
# bounds that the test asserts: address space (ulimit -v), CPU time and wall time, and peak
# resident memory measured by wait4(). A case passes when the process ends by itself, with the
# expected exit status (never a signal) and a message naming the file and the JSON path.
#
# Cases follow issue 10: deep nesting (1), exponential expressions (2), terminal injection (4),
# invalid XML in SVG (5), imports that must load (6), bounded output (10), integers beyond 64
# bits (11).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import pty
import resource
import select
import subprocess
import sys
import tempfile
import time
import tty
import xml.etree.ElementTree as ET

CLI = os.environ['TOPOGRAPH_CLI']
# Sanitizer builds reserve terabytes of address space and run several times slower.
SANITIZED = 'ASAN_OPTIONS' in os.environ
SLOW = 4 if SANITIZED else 1
SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'

results = []


def run(args, seconds, megabytes, terminal=False):
    """Runs the CLI under the bounds; returns (status, stdout, stderr, peak MB, wall s). With
    terminal, stdout is a pseudo-terminal (raw mode), so the CLI uses colours."""
    def limit():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2 ** 20, megabytes * 2 ** 20))
        cpu = int(seconds * SLOW) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        master = slave = None
        if terminal:
            master, slave = pty.openpty()
            tty.setraw(slave)
        proc = subprocess.Popen([CLI] + args, stdout=slave if terminal else out, stderr=err,
                                preexec_fn=limit, stdin=subprocess.DEVNULL)
        if terminal:
            os.close(slave)
        deadline = start + seconds * SLOW + 5
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if terminal:
                drain(master, out)
            time.sleep(0.01)
        wall = time.monotonic() - start
        if terminal:
            drain(master, out)
            os.close(master)
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        return code, out.read(), err.read(), usage.ru_maxrss / 1024, wall


def drain(master, out):
    while select.select([master], [], [], 0)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:
            return
        if not data:
            return
        out.write(data)


def case(name, args, *, status, seconds=10, megabytes=1024, stderr_has=(), stderr_lacks=(),
         check=None, terminal=False):
    code, out, err, peak, wall = run(args, seconds, megabytes, terminal)
    problems = []
    if code < 0:
        problems.append(f'killed by signal {-code}')
    elif code not in (status if isinstance(status, tuple) else (status,)):
        problems.append(f'exit status {code}, expected {status}')
    if wall > seconds * SLOW:
        problems.append(f'took {wall:.1f} s, bound {seconds * SLOW} s')
    if not SANITIZED and peak > megabytes:
        problems.append(f'peak memory {peak:.0f} MB, bound {megabytes} MB')
    text = err.decode('utf-8', 'replace')
    for fragment in stderr_has:
        if fragment not in text:
            problems.append(f'stderr lacks {fragment!r}')
    for fragment in stderr_lacks:
        if fragment in err:
            problems.append(f'stderr contains {fragment!r}')
    if check is not None and not problems:
        problem = check(out, err)
        if problem:
            problems.append(problem)
    results.append((name, problems, wall, peak))


def template(resources, variables=None, extra=''):
    text = json.dumps({'$schema': SCHEMA, 'variables': variables or {}, 'resources': resources})
    return text[:-1] + extra + '}'


def storage(name, **more):
    res = {'type': 'Microsoft.Storage/storageAccounts', 'apiVersion': '2022-09-01', 'name': name,
           'location': 'westeurope'}
    res.update(more)
    return res


def design(name='d', resources=(), extra=None):
    doc = {'format': 'topograph', 'version': 1, 'name': name,
           'lanes': ['westeurope'],
           'resources': list(resources)}
    if extra:
        doc.update(extra)
    return doc


def write(directory, name, data):
    path = os.path.join(directory, name)
    mode = 'wb' if isinstance(data, bytes) else 'w'
    with open(path, mode) as f:
        f.write(data)
    return path


def no_raw_controls(out, err):
    for stream, data in (('stdout', out), ('stderr', err)):
        for byte in data:
            if byte < 0x20 and byte not in (0x0a, 0x1b):
                return f'{stream} holds the raw control byte 0x{byte:02x}'
        # Only colour sequences of our own may reach the terminal (none with NO_COLOR/pipes).
        if b'\x1b]' in data or b'\x1b[31mred' in data or b'\xc2\x9b' in data:
            return f'{stream} holds an escape sequence from the design'
        if b'\nFORGED' in data:
            return f'{stream} holds a forged line'
    return None


def main():
    with tempfile.TemporaryDirectory() as d:
        deep = '[' * 100000 + ']' * 100000
        # 1. Nesting hidden from a scan by a comment, a // comment or a single-quoted key.
        for label, hider in (('plain', ''), ('comment', '/* " ] */'), ('line-comment', '// " ]\n'),
                             ('single-quote', "'k\"': 1,")):
            path = write(d, f'deep-{label}.json', template([], extra=f', {hider} "x": {deep}'))
            case(f'1 nesting behind {label}', ['import', 'arm', path, '-o', os.path.join(d, 'o.topograph')],
                 status=2, seconds=5, megabytes=512, stderr_has=(f'{path}: $',))
        path = write(d, 'deep-json-function.json',
                     template([storage("[string(length(variables('x')))]")], {'x': f"[json('{deep}')]"}))
        case('1 json() of a deep string', ['import', 'arm', path, '-o', os.path.join(d, 'o.topograph')],
             status=0, seconds=5, megabytes=512,
             stderr_has=(f'{path}: $.resources[0].name', 'nested deeper than'))
        deep_design = '{"format": "topograph", "version": 1, "x": ' + deep + '}'
        path = write(d, 'deep.topograph', deep_design)
        case('1 loader nesting', ['validate', path], status=2, seconds=5, megabytes=512,
             stderr_has=(path,))

        # 2. Variables doubling each other, in strings, arrays and shared subtrees.
        for label, step, v0, levels in (('strings', 'concat', 'ab', 30), ('arrays', 'concat', [[1]], 30),
                                        ('shared', 'createArray', 'ab', 30)):
            variables = {'v0': v0}
            for i in range(1, levels + 1):
                variables[f'v{i}'] = f"[{step}(variables('v{i - 1}'), variables('v{i - 1}'))]"
            probe = (f"[if(equals(variables('v{levels}'), variables('v{levels}')), 'stok', 'stno')]"
                     if step == 'createArray' else f"[string(length(variables('v{levels}')))]")
            path = write(d, f'doubling-{label}.json', template([storage(probe)], variables))
            case(f'2 doubling {label}', ['import', 'arm', path, '-o', os.path.join(d, 'o.topograph')],
                 status=2, seconds=5, megabytes=512,
                 stderr_has=(f'{path}: $.resources[0].name: ', '(the limit)'))

        # 4. Terminal injection through names, ids, tags and file names, colour or not.
        evil = 'x\x1b]0;owned\x07\x1b[31mred\rFORGED\nFORGED \u009b31m \u202e'
        doc = design(evil, [
            {'id': 'rg-a', 'type': 'resource-group', 'region': 'westeurope', 'environment': 'dev',
             'name': evil},
            {'id': 'st-a', 'type': 'storage', 'group': 'rg-a', 'name': evil,
             'tags': {evil: evil}},
        ])
        path = write(d, 'evil.topograph', json.dumps(doc))
        for env_label, terminal in (('pipe', False), ('terminal, colours', True)):
            case(f'4 validate text ({env_label})', ['validate', '--format', 'text', path],
                 status=(0, 1), check=no_raw_controls, terminal=terminal)
        os.environ['NO_COLOR'] = '1'
        case('4 validate text (terminal, NO_COLOR)', ['validate', '--format', 'text', path],
             status=(0, 1), check=no_raw_controls, terminal=True)
        del os.environ['NO_COLOR']
        bad = write(d, 'evil-bad.topograph', json.dumps(design(evil, [{'id': 'x', 'type': evil}])))
        case('4 load error quoting a value', ['validate', bad], status=2, check=no_raw_controls)
        path = write(d, 'evil.json', template([storage(evil, tags={evil: 1}),
                                               {'type': evil, 'name': evil, 'apiVersion': '1'}]))
        case('4 import warnings', ['import', 'arm', path, '-o', os.path.join(d, 'o.topograph')],
             status=(0, 2), check=no_raw_controls)
        path = write(d, 'x\x1b[31mred\nFORGED.topograph', json.dumps(design('n')))
        case('4 file name', ['validate', path], status=(0, 1), check=no_raw_controls)

        # 5. SVG export stays XML whatever the names hold.
        names = 'ctl\x01\x08\x0b\x0c\x1b\x1f nonchar\ufffe\uffff amp&<>"\' ok\u00e9'
        path = write(d, 'xml.topograph', json.dumps(design(names, [
            {'id': 'rg-a', 'type': 'resource-group', 'region': 'westeurope', 'environment': 'dev',
             'name': names},
            {'id': 'st-a', 'type': 'storage', 'group': 'rg-a', 'name': names}])))
        svg = os.path.join(d, 'xml.svg')

        def parses(out, err):
            try:
                tree = ET.parse(svg)
            except ET.ParseError as e:
                return f'SVG is not XML: {e}'
            titles = [t.text or '' for t in tree.iter('{http://www.w3.org/2000/svg}title')]
            if not any('\ufffd' in t and 'amp&<>' in t for t in titles):
                return f'titles do not show the replaced characters: {titles[:2]!r}'
            return None
        case('5 SVG of control characters', ['export', 'svg', path, '-o', svg], status=0, check=parses)

        # 6. Node counts the format cannot hold: warned about, and the result loads.
        for label, count in (('2^31', 2 ** 31), ('2^63-1', 2 ** 63 - 1), ('negative', -3), ('fraction', 2.5),
                             ('string', '4294967296')):
            aks = {'type': 'Microsoft.ContainerService/managedClusters', 'apiVersion': '2023-01-01',
                   'name': 'aks-a', 'location': 'westeurope',
                   'properties': {'agentPoolProfiles': [{'name': 'p', 'count': count}]}}
            path = write(d, f'count-{label}.json', template([aks]))
            out = os.path.join(d, f'count-{label}.topograph')
            case(f'6 import count {label}', ['import', 'arm', path, '-o', out], status=0,
                 stderr_has=(f'{path}: $.resources[0].properties.agentPoolProfiles[0]: ',))
            case(f'6 load imported count {label}', ['validate', out], status=(0, 1))

        # 11. Integers beyond 64 bits in unknown keys survive fmt as written.
        text = ('{\n  "format": "topograph",\n  "version": 1,\n  "name": "n",\n  "policy": {},\n'
                '  "lanes": [],\n  "teams": [],\n  "resources": [],\n  "links": [],\n'
                '  "x-big": [\n    123456789012345678901234567890,\n    -99999999999999999999\n  ]\n}\n')
        path = write(d, 'big.topograph', text)

        def kept(out, err):
            with open(path) as f:
                now = f.read()
            return None if now == text else f'fmt rewrote the file:\n{now}'
        case('11 fmt keeps big integers', ['fmt', path], status=0, check=kept)

        # 9. Saving through a symbolic link writes the target and keeps the link.
        real = write(d, 'real.topograph', json.dumps(design('n')))
        link = os.path.join(d, 'link.topograph')
        os.symlink('real.topograph', link)

        def link_kept(out, err):
            if not os.path.islink(link):
                return 'the link was replaced by a file'
            with open(real) as f:
                text = f.read()
            return None if '"lanes": [' in text and '\n  ]' in text else 'the target was not rewritten'
        case('9 fmt through a symbolic link', ['fmt', link], status=0, check=link_kept)

        # 10. Output bounds, refused before the work with the limit named.
        gen = os.path.join(d, 'g1000.topograph')
        case('10 generate 1000', ['generate', '--resources', '1000', '-o', gen], status=0)
        case('10 ARM template beyond 800 resources', ['export', 'arm', gen, '-o', os.path.join(d, 'o.json')],
             status=2, seconds=5, megabytes=512, stderr_has=(gen, 'at most 800'))
        big = os.path.join(d, 'g30000.topograph')
        case('10 generate 30000', ['generate', '--resources', '30000', '-o', big], status=0, seconds=30)
        case('10 SVG of 30000 resources', ['export', 'svg', big, '-o', os.path.join(d, 'o.svg')],
             status=2, seconds=10, megabytes=512, stderr_has=(big, 'at most 20000'))
        name = write(d, 'long-name.topograph', json.dumps(design('N' * 10_000_000)))
        # Every name of a design 10 MB long: refused by the template size limit, in linear time.
        big_name = 'n' * 10_000_000
        long_names = write(d, 'long-names.topograph', json.dumps(design(big_name, [
            {'id': 'rg-a', 'type': 'resource-group', 'region': 'westeurope', 'environment': 'dev',
             'name': big_name},
            {'id': 'st-a', 'type': 'storage', 'group': 'rg-a', 'name': big_name, 'tags': {'a': big_name}},
            {'id': 'kv-a', 'type': 'key-vault', 'group': 'rg-a', 'name': big_name},
            {'id': 'ai-a', 'type': 'app-insights', 'group': 'rg-a', 'name': big_name},
            {'id': 'mlw-a', 'type': 'workspace', 'group': 'rg-a', 'name': big_name, 'storage': 'st-a',
             'key_vault': 'kv-a', 'app_insights': 'ai-a'},
            {'id': 'cpu-a', 'type': 'compute-cluster', 'group': 'rg-a', 'workspace': 'mlw-a',
             'name': big_name}])))
        case('10 ARM export of 10 MB names', ['export', 'arm', '--force', long_names, '-o',
                                              os.path.join(d, 'o.json')],
             status=2, seconds=8, megabytes=1024, stderr_has=(long_names, 'at most 4 MB'))
        for fmt in ('png', 'svg'):
            case(f'10 {fmt} of a 10 MB name', ['export', fmt, name, '-o', os.path.join(d, 'o.' + fmt)],
                 status=0, seconds=8, megabytes=1024)
        # The reader stops at the limit instead of building 20 M values first (that took 1.3 GB).
        ints = os.path.join(d, 'ints.topograph')
        with open(ints, 'w') as f:
            f.write('{"format": "topograph", "version": 1, "x": [' + '1,' * 20_000_000 + '1]}')
        case('10 unknown key holding 20 M integers', ['fmt', '--check', ints], status=2, seconds=20,
             megabytes=256, stderr_has=(f'{ints}: $.x: ', '1000000 JSON values (the limit)'))
        deep = os.path.join(d, 'ints-in-resource.topograph')
        with open(deep, 'w') as f:
            f.write('{"format": "topograph", "version": 1, "resources": [{"id": "rg", "zz": [[' +
                    '1,' * 10_000_000 + '1]], "type": "resource-group"}]}')
        case('10 unknown resource key holding 10 M integers', ['fmt', '--check', deep], status=2,
             seconds=20, megabytes=256,
             stderr_has=(f'{deep}: $.resources[0].zz: ', '1000000 JSON values (the limit)'))

    failed = 0
    print(f'1..{len(results)}')
    for i, (name, problems, wall, peak) in enumerate(results, 1):
        if problems:
            failed += 1
            print(f'not ok {i} {name}: ' + '; '.join(problems))
        else:
            print(f'ok {i} {name} # {wall:.2f} s, {peak:.0f} MB')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
