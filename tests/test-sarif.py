#!/usr/bin/env python3
# test-sarif.py: `topograph-cli validate --format sarif` output is what GitHub code scanning
# accepts: valid against the SARIF 2.1.0 schema, every result with a region holding the lines of
# the object it is about, relative percent-encoded URIs against %SRCROOT%, partialFingerprints,
# a helpUri per rule into docs/rules.md, suppressions with their justification, and files that
# failed to load as tool execution notifications.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

passed = 0
failed = 0

# RFC 3986 characters of a URI reference (percent-encoding included): no spaces, no raw
# non-ASCII, no backslashes.
URI_REFERENCE = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": " + detail) if detail else ""))


# Findings of link rules, resources, teams, an attached compute's name, and a suppressed one; one
# canonical file.
DESIGN = {
    "format": "topograph", "version": 1, "name": "SARIF probe",
    "policy": {"rules": {"RBAC005": "warning", "NOPE001": "off"}},
    "lanes": ["westeurope"],
    "teams": [{"id": "ext", "name": "Vendor", "external": True}],
    "resources": [
        {"id": "rg-dev", "type": "resource-group", "name": "rg-dev", "region": "westeurope",
         "environment": "dev"},
        {"id": "rg-prod", "type": "resource-group", "name": "rg-prod", "region": "westeurope",
         "environment": "prod"},
        {"id": "ws-dev", "type": "workspace", "name": "mlw-dev", "group": "rg-dev",
         "access": [{"team": "ext", "role": "owner"}]},
        {"id": "st-prod", "type": "storage", "name": "stprod", "group": "rg-prod",
         "data": "production", "public_network_access": False},
        {"id": "st-bad", "type": "storage", "name": "St Bad", "group": "rg-dev"},
        {"id": "cpu-dev", "type": "compute-cluster", "name": "cpu-dev", "group": "rg-dev",
         "workspace": "ws-dev"},
        {"id": "aks-dev", "type": "aks", "name": "aks-dev", "group": "rg-dev"},
    ],
    "links": [{"type": "datastore", "from": "ws-dev", "to": "st-prod", "access": "write"},
              {"type": "inference", "from": "ws-dev", "to": "aks-dev", "compute": "CPU-dev"}],
    "suppressions": [
        {"rule": "NAM001", "subjects": ["st-bad"], "justification": "Renamed in the next release"},
        {"rule": "SEG003", "subjects": ["nothing"], "justification": "stale"},
    ],
}


def region_text(lines, region):
    return "".join(lines[region["startLine"] - 1:region["endLine"]])


def main():
    cli = os.environ.get("TOPOGRAPH_CLI")
    schema_path = os.environ.get("SARIF_SCHEMA")
    samples_dir = os.environ.get("TOPOGRAPH_SAMPLES")
    if not cli or not samples_dir:
        print("TOPOGRAPH_CLI and TOPOGRAPH_SAMPLES must be set")
        return 2
    if not schema_path or not os.path.exists(schema_path):
        print("1..0 # SKIP SARIF schema not available (../shared/schemas)")
        return 0
    with open(schema_path, encoding="utf-8") as f:
        validator = jsonschema.Draft7Validator(json.load(f))

    with tempfile.TemporaryDirectory() as tmp:
        sub = os.path.join(tmp, "designs dir", "é")
        os.makedirs(sub)
        probe = os.path.join(sub, "probe #1.topograph")
        with open(probe, "w", encoding="utf-8") as f:
            json.dump(DESIGN, f)
        subprocess.run([cli, "fmt", probe], check=True)
        broken = os.path.join(tmp, "broken.topograph")
        with open(broken, "w", encoding="utf-8") as f:
            f.write('{"format": "topograph",\n "version": 1,\n "resources": [}\n')
        for path in sorted(glob.glob(os.path.join(samples_dir, "*.topograph")))[:4]:
            shutil.copy(path, tmp)
        files = [os.path.relpath(p, tmp) for p in
                 sorted(glob.glob(os.path.join(tmp, "*.topograph"))) + [probe]]

        proc = subprocess.run([cli, "validate", "--format", "sarif"] + files, cwd=tmp,
                              capture_output=True, text=True)
        report(proc.returncode == 2, "a file that does not load makes the exit status 2",
               "exit %d" % proc.returncode)
        log = json.loads(proc.stdout)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        report(not errors, "valid against the SARIF 2.1.0 schema",
               errors and "%s: %s" % (list(errors[0].absolute_path), errors[0].message))

        run = log["runs"][0]
        base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        report(base.startswith("file://") and base.endswith("/"), "%SRCROOT% is a directory URI", base)
        rules = run["tool"]["driver"]["rules"]
        report(all(r.get("helpUri", "").endswith("docs/rules.md#" + r["id"].lower()) for r in rules),
               "every rule has a helpUri into docs/rules.md")

        notes = run["invocations"][0]["toolExecutionNotifications"]
        report(run["invocations"][0]["executionSuccessful"] is False and len(notes) == 1
               and notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.topograph"
               and notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3,
               "the broken file is a notification with its line", json.dumps(notes))

        results = run["results"]
        report(len(results) >= 5, "results found", "%d" % len(results))
        uris = set()
        for r in results:
            loc = r["locations"][0]["physicalLocation"]
            art = loc["artifactLocation"]
            uris.add(art["uri"])
            ok = (art.get("uriBaseId") == "%SRCROOT%" and URI_REFERENCE.match(art["uri"])
                  and not art["uri"].startswith("/") and "region" in loc
                  and loc["region"]["startLine"] >= 1
                  and loc["region"]["endLine"] >= loc["region"]["startLine"]
                  and r.get("partialFingerprints"))
            if not ok:
                report(False, "result %s has a relative encoded URI, a region and fingerprints" % r["ruleId"],
                       json.dumps(r))
                break
        else:
            report(True, "every result has a relative encoded URI, a region and fingerprints")
        probe_uri = "designs%20dir/%C3%A9/probe%20%231.topograph"
        report(probe_uri in uris, "paths are percent-encoded", ", ".join(sorted(uris)))

        # The regions hold the object each finding is about.
        with open(probe, encoding="utf-8") as f:
            lines = f.readlines()
        by_rule = {}
        for r in results:
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == probe_uri:
                by_rule.setdefault(r["ruleId"], []).append(r)
        expectations = {
            "SEG002": ['"type": "datastore"', '"from": "ws-dev"', '"to": "st-prod"'],   # a link
            "SEG004": ['"from": "ws-dev"', '"access": "write"'],
            "RBAC004": ['"id": "ws-dev"'],                                              # a resource
            "NAM001": ['"id": "st-bad"'],
            "NAM002": ['"type": "inference"', '"compute": "CPU-dev"'],                   # the link's compute
            "SUP001": ['"rule": "SEG003"', '"nothing"'],                                # a suppression
            "SUP003": ['"NOPE001": "off"'],                                             # policy.rules
        }
        for rule, needles in expectations.items():
            found = by_rule.get(rule)
            if not found:
                report(False, "%s reported" % rule, ", ".join(sorted(by_rule)))
                continue
            text = region_text(lines, found[0]["locations"][0]["physicalLocation"]["region"])
            report(all(n in text for n in needles) and text.count('"id"') <= 1,
                   "the region of %s is its object" % rule, text)
        # An override changes the level SARIF reports.
        report(all(r["level"] == "warning" for r in by_rule.get("RBAC005", [])) and by_rule.get("RBAC005"),
               "policy.rules moves RBAC005 to warning")
        # The suppressed finding carries its justification.
        nam = by_rule.get("NAM001", [{}])[0]
        sup = nam.get("suppressions", [])
        report(len(sup) == 1 and sup[0].get("justification") == "Renamed in the next release"
               and sup[0].get("kind") == "inSource", "a suppressed result has suppressions",
               json.dumps(nam))
        # Fingerprints do not depend on lines: same finding, same print after an edit above it.
        before = {r["ruleId"]: r["partialFingerprints"] for r in results
                  if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == probe_uri}
        design = dict(DESIGN, name="SARIF probe, renamed\nover two lines")
        with open(probe, "w", encoding="utf-8") as f:
            json.dump(design, f, indent=4)
        proc = subprocess.run([cli, "validate", "--format", "sarif", os.path.relpath(probe, tmp)],
                              cwd=tmp, capture_output=True, text=True)
        after = {r["ruleId"]: r["partialFingerprints"] for r in json.loads(proc.stdout)["runs"][0]["results"]}
        report(after["SEG002"] == before["SEG002"], "fingerprints survive reformatting")

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
