#!/usr/bin/env python3
# test-schema.py: the JSON Schema of format v1 accepts every bundled sample and the output of
# `topograph-cli generate`, and rejects broken documents.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

passed = 0
failed = 0


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": " + detail) if detail else ""))


def first_error(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return errors[0] if errors else None


def main():
    schema_path = os.environ.get("TOPOGRAPH_SCHEMA")
    samples_dir = os.environ.get("TOPOGRAPH_SAMPLES")
    cli = os.environ.get("TOPOGRAPH_CLI")
    if not schema_path or not samples_dir:
        print("TOPOGRAPH_SCHEMA and TOPOGRAPH_SAMPLES must be set")
        return 2

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        report(True, "schema is a valid draft-07 schema")
    except jsonschema.SchemaError as e:
        report(False, "schema is a valid draft-07 schema", e.message)
        print("%d passed, %d failed" % (passed, failed))
        return 1
    validator = jsonschema.Draft7Validator(schema)

    samples = sorted(glob.glob(os.path.join(samples_dir, "*.topograph")))
    report(len(samples) >= 10, "at least 10 samples found", "found %d" % len(samples))
    for path in samples:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        err = first_error(validator, doc)
        report(err is None, "sample %s is valid" % os.path.basename(path),
               err and "%s: %s" % (list(err.absolute_path), err.message))

    # Broken documents, each derived from a valid sample.
    base_path = os.path.join(samples_dir, "contoso.topograph")
    with open(base_path, encoding="utf-8") as f:
        base = json.load(f)

    def broken(what, mutate):
        doc = copy.deepcopy(base)
        mutate(doc)
        report(not validator.is_valid(doc), "rejects %s" % what)

    def first_of(doc, rtype):
        return next(r for r in doc["resources"] if r["type"] == rtype)

    broken("a missing format", lambda d: d.pop("format"))
    broken("a wrong format", lambda d: d.__setitem__("format", "drawio"))
    broken("a missing version", lambda d: d.pop("version"))
    broken("version 2", lambda d: d.__setitem__("version", 2))
    broken("version as a string", lambda d: d.__setitem__("version", "1"))
    broken("a bad id pattern", lambda d: d["resources"][0].__setitem__("id", "rg explore"))
    broken("a bad team id", lambda d: d["teams"][0].__setitem__("id", "team/1"))
    broken("an unknown resource type", lambda d: d["resources"][1].__setitem__("type", "vm"))
    broken("a resource without type", lambda d: d["resources"][1].pop("type"))
    broken("a wrong residency", lambda d: d["policy"].__setitem__("residency", "continent"))
    broken("a wrong naming", lambda d: d["policy"].__setitem__("naming", "custom"))
    broken("a wrong role", lambda d: first_of(d, "workspace")["access"][0].__setitem__("role", "admin"))
    broken("an access entry without role",
           lambda d: first_of(d, "workspace")["access"][0].pop("role"))
    broken("a wrong data_access", lambda d: d["teams"][0].__setitem__("data_access", "secret"))
    broken("a wrong storage data", lambda d: first_of(d, "storage").__setitem__("data", "live"))
    broken("a wrong link type", lambda d: d["links"][0].__setitem__("type", "network"))
    broken("a wrong link access", lambda d: d["links"][0].__setitem__("access", "rw"))
    broken("a link without to", lambda d: d["links"][0].pop("to"))
    broken("a resource group without region", lambda d: d["resources"][0].pop("region"))
    broken("a compute without workspace", lambda d: first_of(d, "compute-cluster").pop("workspace"))
    broken("a null name", lambda d: d["resources"][0].__setitem__("name", None))
    broken("min_nodes as a string",
           lambda d: first_of(d, "compute-cluster").__setitem__("min_nodes", "0"))
    broken("a non-string tag value", lambda d: d["resources"][0]["tags"].__setitem__("owner", 7))
    broken("public_network_access as a string",
           lambda d: first_of(d, "workspace").__setitem__("public_network_access", "no"))

    # Severity overrides and suppressions.
    doc = copy.deepcopy(base)
    doc["policy"]["rules"] = {"TAG002": "off", "DEP003": "warning"}
    doc["suppressions"] = [{"rule": "SEG002", "subjects": ["a", "b"], "justification": "why",
                            "expires": "2027-06-30"}]
    report(validator.is_valid(doc), "accepts policy.rules and suppressions")
    broken("a wrong rule level", lambda d: d["policy"].__setitem__("rules", {"TAG002": "silent"}))
    broken("a suppression without justification",
           lambda d: d.__setitem__("suppressions", [{"rule": "SEG002", "subjects": ["a"]}]))
    broken("a suppression without subjects",
           lambda d: d.__setitem__("suppressions", [{"rule": "SEG002", "subjects": [], "justification": "x"}]))
    broken("a suppression with a bad date",
           lambda d: d.__setitem__("suppressions", [{"rule": "SEG002", "subjects": ["a"], "justification": "x",
                                                     "expires": "30.06.2027"}]))

    # Existing resources and the name of an attached compute.
    doc = copy.deepcopy(base)
    first_of(doc, "workspace")["existing"] = True
    first_of(doc, "storage")["existing"] = False
    for l in doc["links"]:
        if l["type"] == "inference":
            l["compute"] = "aks-attach"
    report(validator.is_valid(doc), "accepts existing resources and an inference link's compute")
    broken("existing as a string", lambda d: first_of(d, "workspace").__setitem__("existing", "yes"))

    # Notes.
    doc = copy.deepcopy(base)
    link = doc["links"][0]
    doc["notes"] = [
        {"id": "n1", "text": "**Decision:** yes\n- one", "author": "Ada", "date": "2026-12-04",
         "region": "westeurope", "layout": {"x": 10, "y": 20}},
        {"id": "n2", "text": "", "date": "2026-12-04T10:30:00+01:00", "attach": doc["resources"][1]["id"]},
        {"id": "n3", "text": "on a link", "attach": {"type": link["type"], "from": link["from"], "to": link["to"]},
         "x-colour": "pink"},
    ]
    report(validator.is_valid(doc), "accepts notes (free, on a resource, on a link)")

    def with_note(note):
        return lambda d: d.__setitem__("notes", [note])
    broken("a note without text", with_note({"id": "n", "region": "westeurope"}))
    broken("a note neither free nor attached", with_note({"id": "n", "text": "x"}))
    broken("a note both free and attached", with_note({"id": "n", "text": "x", "region": "r", "attach": "a"}))
    broken("a note with a bad date", with_note({"id": "n", "text": "x", "region": "r", "date": "04/12/2026"}))
    broken("a note on a link without to", with_note({"id": "n", "text": "x", "attach": {"type": "datastore", "from": "a"}}))
    broken("a note with half a layout", with_note({"id": "n", "text": "x", "region": "r", "layout": {"x": 1}}))

    # Quotas.
    doc = copy.deepcopy(base)
    doc["policy"]["quotas"] = [{"region": "westeurope", "family": "standardDSv2Family", "vcpus": 96},
                               {"region": "westeurope", "total": 200}]
    report(validator.is_valid(doc), "accepts policy.quotas")
    broken("a quota without region",
           lambda d: d["policy"].__setitem__("quotas", [{"family": "standardDSv2Family", "vcpus": 4}]))
    broken("a family quota without vcpus",
           lambda d: d["policy"].__setitem__("quotas", [{"region": "westeurope", "family": "x"}]))
    broken("a quota with both family and total",
           lambda d: d["policy"].__setitem__("quotas", [{"region": "westeurope", "family": "x",
                                                          "vcpus": 4, "total": 8}]))
    broken("a negative quota",
           lambda d: d["policy"].__setitem__("quotas", [{"region": "westeurope", "total": -1}]))

    # Unknown keys are kept by the program, so the schema must accept them.
    doc = copy.deepcopy(base)
    doc["x-comment"] = "kept"
    doc["resources"][0]["x-owner-email"] = "ml@contoso.example"
    doc["links"][0]["x-note"] = {"any": ["thing"]}
    report(validator.is_valid(doc), "accepts unknown keys")
    # Keys of another resource type are unknown keys for this one: kept, not checked.
    doc = copy.deepcopy(base)
    first_of(doc, "storage")["min_nodes"] = "several"
    first_of(doc, "key-vault")["data"] = "live"
    report(validator.is_valid(doc), "accepts another type's keys as unknown keys")
    report(validator.is_valid({"format": "topograph", "version": 1}),
           "accepts the minimal document")

    # A large generated design.
    if cli and os.path.exists(cli):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "generated.topograph")
            proc = subprocess.run([cli, "generate", "--resources", "1000", "-o", out],
                                  capture_output=True, text=True)
            if proc.returncode != 0 and "not built" in (proc.stdout + proc.stderr):
                print("skip - generated design: topograph-cli generate is not built")
            elif proc.returncode != 0:
                report(False, "topograph-cli generate --resources 1000",
                       "exit %d: %s" % (proc.returncode, proc.stderr.strip()))
            else:
                with open(out, encoding="utf-8") as f:
                    doc = json.load(f)
                err = first_error(validator, doc)
                report(err is None, "generated design (%d resources) is valid"
                       % len(doc.get("resources", [])),
                       err and "%s: %s" % (list(err.absolute_path), err.message))
    else:
        print("skip - generated design: TOPOGRAPH_CLI not set or missing")

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
