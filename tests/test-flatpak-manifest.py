#!/usr/bin/env python3
# test-flatpak-manifest.py: build-aux/APP_ID.json cannot be built here (no flatpak-builder, no
# network); check what can be: it is JSON, names the application, runs the installed program,
# uses a current GNOME runtime, asks for no more than a GTK application needs, and builds this
# tree with meson.
#
#   test-flatpak-manifest.py SOURCE_ROOT APP_ID
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import sys

passed = 0
failed = 0

# What a GTK application with portals (file chooser, printing, opening URIs) needs. Anything
# else, --filesystem=host or --talk-name=org.freedesktop.Flatpak above all, needs a reason here.
ALLOWED_FINISH_ARGS = {"--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"}


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": " + str(detail)) if detail else ""))
    return ok


def main():
    root, app_id = sys.argv[1:3]
    path = os.path.join(root, "build-aux", app_id + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
        report(True, "manifest is JSON")
    except (OSError, ValueError) as e:
        report(False, "manifest is JSON", e)
        print("%d passed, %d failed" % (passed, failed))
        return 1

    report(manifest.get("id", manifest.get("app-id")) == app_id, "id is the application id",
           manifest.get("id"))
    report(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk",
           "GNOME runtime and SDK")
    version = str(manifest.get("runtime-version", ""))
    report(re.fullmatch(r"4[5-9]|[5-9][0-9]", version) is not None,
           "a current GNOME runtime (45 or later)", version)

    with open(os.path.join(root, "src", "app", "meson.build"), encoding="utf-8") as f:
        app_build = f.read()
    command = manifest.get("command")
    report(re.search(r"executable\('%s'[^)]*install: true" % re.escape(command or "-"), app_build,
                     re.S) is not None, "command is the installed application", command)

    finish_args = manifest.get("finish-args", [])
    report(set(finish_args) <= ALLOWED_FINISH_ARGS and len(finish_args) == len(set(finish_args)),
           "finish-args ask for no more than a GTK application needs",
           sorted(set(finish_args) - ALLOWED_FINISH_ARGS))
    report("--socket=wayland" in finish_args and "--share=ipc" in finish_args,
           "finish-args give a display")

    modules = manifest.get("modules", [])
    if not report(len(modules) >= 1 and isinstance(modules[-1], dict), "has modules"):
        print("%d passed, %d failed" % (passed, failed))
        return 1
    main_module = modules[-1]
    report(main_module.get("buildsystem") == "meson", "the last module builds with meson")
    sources = main_module.get("sources", [])
    dirs = [s for s in sources if s.get("type") == "dir"]
    source_root = os.path.normpath(os.path.join(os.path.dirname(path), dirs[0]["path"])) if dirs else ""
    report(len(dirs) == 1 and os.path.samefile(source_root, root),
           "the module's source is this tree", source_root)
    report(not any("-Dfuzzing=true" in o or "b_sanitize" in o
                   for o in main_module.get("config-opts", [])),
           "no test-only build options")

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
