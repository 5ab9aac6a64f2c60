#!/usr/bin/env python3
# test-action-callbacks.py: one callback per action (issue 13, "the window, split the way the
# best GNOME C apps are"): no GtkWidgetActionActivateFunc in the application reads its
# action_name argument to decide what to do (a switch on the action's name, or a name built
# from it to forward to another action).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# Offenders that are known and tolerated (none now); an entry names the file and the callback.
KNOWN = {}

SIGNATURE = re.compile(r"^(\w+) \(GtkWidget\s+\*\w+,\s*\n\s*const char \*action_name,", re.M)

failed = []
for path in sorted(glob.glob(os.path.join(ROOT, "src", "app", "*.c"))):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for match in SIGNATURE.finditer(text):
        name = match.group(1)
        # the body: from the first "{" after the signature to the first "}" in column 0
        start = text.index("{", match.end())
        end = text.index("\n}", start)
        if "action_name" in text[start:end] and name not in KNOWN.get(os.path.basename(path), ()):
            failed.append("%s: %s reads action_name" % (os.path.relpath(path, ROOT), name))
for line in failed:
    print("FAIL - " + line)
print("%d callbacks read their action's name" % len(failed))
sys.exit(1 if failed else 0)
