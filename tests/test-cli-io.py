#!/usr/bin/env python3
# test-cli-io.py: topograph-cli and its standard streams. "-" is standard input for every command
# that reads a file and standard output for every one that writes one, with the same bytes as a
# file would get; output is the UTF-8 it is under any locale (LC_ALL=C included); a write that
# fails on standard output (a full disk, a closed pipe) exits 2 with a message.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile

CLI = os.environ["TOPOGRAPH_CLI"]
SAMPLES = os.environ["TOPOGRAPH_SAMPLES"]
CONTOSO = os.path.join(SAMPLES, "contoso.topograph")
ARM_CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "arm", "corpus")

passed = 0
failed = 0


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": " + str(detail).strip()) if detail else ""))
    return ok


def cli(args, stdin=None, stdout=subprocess.PIPE, env=None):
    return subprocess.run([CLI] + args, input=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          env=dict(os.environ, **(env or {})))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def first_template():
    names = sorted(n for n in os.listdir(ARM_CORPUS) if n.endswith(".json"))
    return os.path.join(ARM_CORPUS, names[0])


def check_dash(tmp):
    contoso = read(CONTOSO)

    # Reading "-": the same result as reading the file.
    r = cli(["fmt", "-"], stdin=contoso)
    report(r.returncode == 0 and r.stdout == contoso, "fmt - writes the canonical form to stdout",
           r.stderr)
    messy = json.dumps(json.loads(contoso)).encode()
    r = cli(["fmt", "--check", "-"], stdin=messy)
    report(r.returncode == 1 and b"<stdin>" in r.stderr, "fmt --check - finds stdin not canonical",
           r.stderr)
    r = cli(["fmt", "-", "-o", os.path.join(tmp, "fmt.topograph")], stdin=messy)
    report(r.returncode == 0 and read(os.path.join(tmp, "fmt.topograph")) == contoso,
           "fmt - -o OUT", r.stderr)
    r = cli(["fmt", CONTOSO, "-o", "-"])
    report(r.returncode == 0 and r.stdout == contoso, "fmt FILE -o -", r.stderr)

    by_file = cli(["validate", "--format", "json", CONTOSO])
    r = cli(["validate", "--format", "json", "-"], stdin=contoso)
    report(r.returncode == by_file.returncode and
           json.loads(r.stdout)["diagnostics"] == json.loads(by_file.stdout)["diagnostics"],
           "validate - finds what validate FILE finds", r.stderr)

    arm = os.path.join(tmp, "contoso.json")
    cli(["export", "arm", CONTOSO, "-o", arm, "--force"])
    r = cli(["export", "arm", "-", "-o", "-", "--force"], stdin=contoso)
    report(r.returncode == 0 and r.stdout == read(arm), "export arm - -o - gives the file's bytes",
           r.stderr)

    for fmt in ("png", "svg", "pdf"):
        out = os.path.join(tmp, "contoso." + fmt)
        cli(["export", fmt, CONTOSO, "-o", out])
        r = cli(["export", fmt, "-", "-o", "-"], stdin=contoso)
        same = r.stdout == read(out) if fmt != "pdf" else r.stdout.startswith(b"%PDF-")
        report(r.returncode == 0 and same, "export %s - -o -" % fmt, r.stderr)
    r = cli(["export", "png", "-", "--diff-against", "-", "-o", "-"], stdin=contoso)
    report(r.returncode == 2 and b"standard input" in r.stderr,
           "export refuses standard input twice", r.stderr)
    r = cli(["export", "svg", CONTOSO, "--diff-against", "-", "-o", "-"], stdin=contoso)
    report(r.returncode == 0 and r.stdout.lstrip().startswith(b"<?xml"),
           "export svg --diff-against - reads OLD from stdin", r.stderr)

    template = first_template()
    by_file = cli(["import", "arm", template, "-o", "-"])
    r = cli(["import", "arm", "-", "-o", "-"], stdin=read(template))
    # the same resources (the resource group of an RG-scope template is named after the input)
    kinds = lambda out: sorted(r["type"] for r in json.loads(out)["resources"])
    report(r.returncode == 0 and by_file.returncode == 0 and kinds(r.stdout) == kinds(by_file.stdout),
           "import arm - -o -", r.stderr[-400:])

    # --parameters FILE is a file read too
    params = os.path.join(tmp, "params.json")
    with open(params, "w") as f:
        json.dump({"parameters": {"no-such-parameter": {"value": "x"}}}, f)
    by_file = cli(["import", "arm", template, "--parameters", params, "-o", "-"])
    r = cli(["import", "arm", template, "--parameters", "-", "-o", "-"], stdin=read(params))
    broken = cli(["import", "arm", template, "--parameters", "-", "-o", "-"], stdin=b'{"parameters":')
    report(r.returncode == 0 and by_file.returncode == 0 and r.stdout == by_file.stdout and
           broken.returncode == 2 and b"not JSON" in broken.stderr,
           "import arm --parameters - reads them from stdin", r.stderr[-400:] + broken.stderr[-400:])
    r = cli(["import", "arm", "-", "--parameters", "-", "-o", "-"], stdin=read(template))
    report(r.returncode == 2 and b"standard input" in r.stderr,
           "import arm refuses standard input twice", r.stderr)

    # OUT may be a device or a pipe that is not "-": written to as it is, never replaced
    r = cli(["fmt", CONTOSO, "-o", "/dev/null"])
    report(r.returncode == 0 and r.stderr == b"", "fmt -o /dev/null", r.stderr)
    r = cli(["export", "svg", CONTOSO, "-o", "/dev/stdout"])
    report(r.returncode == 0 and r.stdout.lstrip().startswith(b"<?xml"), "export svg -o /dev/stdout",
           r.stderr)
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE)
    r = cli(["export", "arm", CONTOSO, "--force", "-o", fifo])
    # a writer that never opened the FIFO would leave the reader waiting: open and close it
    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    got = reader.communicate(timeout=60)[0]
    report(r.returncode == 0 and got == read(arm), "export arm -o FIFO", r.stderr)
    r = cli(["fmt", CONTOSO, "-o", tmp])
    report(r.returncode == 2 and b"directory" in r.stderr.lower(), "fmt -o DIRECTORY is refused", r.stderr)

    r = cli(["diff", CONTOSO, "-"], stdin=contoso)
    report(r.returncode == 0, "diff FILE - (no changes)", r.stderr)
    r = cli(["diff", "--textconv", "-"], stdin=contoso)
    report(r.returncode == 0 and r.stdout == cli(["diff", "--textconv", CONTOSO]).stdout,
           "diff --textconv -", r.stderr)
    r = cli(["diff", "-", "-"], stdin=contoso)
    report(r.returncode == 2, "diff refuses standard input twice", r.stderr)

    r = cli(["new", "--template", "single-workspace", "-o", "-"])
    report(r.returncode == 0 and json.loads(r.stdout)["format"] == "topograph", "new -o -", r.stderr)
    out = os.path.join(tmp, "gen.topograph")
    cli(["generate", "--resources", "30", "-o", out])
    r = cli(["generate", "--resources", "30", "-o", "-"])
    report(r.returncode == 0 and r.stdout == read(out), "generate -o - gives the file's bytes",
           r.stderr)
    by_file = cli(["capacity", "--format", "json", CONTOSO])
    r = cli(["capacity", "--format", "json", "-", "-o", "-"], stdin=contoso)
    report(r.returncode == by_file.returncode and r.stdout == by_file.stdout,
           "capacity - -o - reports what capacity FILE reports", r.stderr)
    r = cli(["rules", "-o", "-"])
    report(r.returncode == 0 and r.stdout == cli(["rules"]).stdout and b"\n# " in r.stdout,
           "rules -o -", r.stderr)


def check_locale(tmp):
    """Non-ASCII text comes out as its UTF-8 bytes under LC_ALL=C, as under C.UTF-8."""
    doc = json.loads(read(CONTOSO))
    doc["name"] = "Zürich ML-Plattform — Ω ✓"
    path = os.path.join(tmp, "zürich.topograph")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    name = doc["name"].encode("utf-8")
    for env in ({"LC_ALL": "C"}, {"LC_ALL": "C.UTF-8"}):
        what = "LC_ALL=" + env["LC_ALL"]
        r = cli(["fmt", path, "-o", "-"], env=env)
        report(r.returncode == 0 and name in r.stdout, "%s: fmt -o - keeps the name" % what,
               r.stderr)
        r = cli(["diff", "--textconv", path], env=env)
        report(r.returncode == 0 and name in r.stdout, "%s: diff --textconv keeps the name" % what)
        r = cli(["export", "arm", path, "-o", "-", "--force"], env=env)
        report(r.returncode == 0 and "Zürich".encode() in r.stdout,
               "%s: export arm -o - keeps the name" % what, r.stderr)
        r = cli(["validate", os.path.join(tmp, "fehlt-überall.topograph")], env=env)
        report(r.returncode == 2 and "fehlt-überall".encode() in r.stderr,
               "%s: a message names a non-ASCII file as it is" % what, r.stderr)


def check_write_errors(tmp):
    contoso = read(CONTOSO)
    commands = [
        (["--version"], None),
        (["validate", CONTOSO], None),
        (["validate", "--format", "sarif", CONTOSO], None),
        (["rules"], None),
        (["capacity", CONTOSO], None),
        (["fmt", "-"], contoso),
        (["fmt", CONTOSO, "-o", "-"], None),
        (["export", "arm", CONTOSO, "-o", "-", "--force"], None),
        (["export", "png", CONTOSO, "-o", "-"], None),
        (["import", "arm", first_template(), "-o", "-"], None),
        (["new", "--template", "single-workspace", "-o", "-"], None),
        (["generate", "--resources", "20", "-o", "-"], None),
        (["diff", CONTOSO, os.path.join(SAMPLES, "regional-serving.topograph")], None),
        (["--help"], None),
        # a command's --help is printed by GOption, which exits by itself
        (["fmt", "--help"], None),
        (["export", "png", "--help"], None),
        (["import", "arm", "--help"], None),
        (["diff", "--help"], None),
    ]
    if os.path.exists("/dev/full"):
        for args, stdin in commands:
            with open("/dev/full", "wb") as full:
                r = cli(args, stdin=stdin, stdout=full)
            report(r.returncode == 2 and b"standard output" in r.stderr,
                   "%s >/dev/full exits 2 with a message" % " ".join(args[:2]),
                   "%d %s" % (r.returncode, r.stderr))
    for args, stdin in commands:
        # A pipe whose reader is gone before anything is written: EPIPE, deterministically.
        reader, writer = os.pipe()
        os.close(reader)
        try:
            r = cli(args, stdin=stdin, stdout=writer)
        finally:
            os.close(writer)
        report(r.returncode == 2 and b"standard output" in r.stderr,
               "%s into a closed pipe exits 2 with a message" % " ".join(args[:2]),
               "%d %s" % (r.returncode, r.stderr))


def main():
    with tempfile.TemporaryDirectory(prefix="topograph-cli-io-") as tmp:
        check_dash(tmp)
        check_locale(tmp)
        check_write_errors(tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
