#!/usr/bin/env python3
# test-install.py: `meson install --destdir` into a staging folder, then what the desktop sees of
# the installed files: the MIME type (update-mime-database + xdg-mime on samples), the icons the
# MIME type and desktop file name, the D-Bus service, GSettings schemas, the desktop file and
# metainfo validators, the manual pages, the bash completion, the help pages and the catalogues.
#
#   test-install.py BUILD_DIR PREFIX BINDIR DATADIR MANDIR LOCALEDIR
#
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = "io.github.topograph.Topograph"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"

passed = 0
failed = 0


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": " + detail.strip()) if detail else ""))
    return ok


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def staged(stage, path):
    return os.path.join(stage, path.lstrip("/"))


def check_mime(share, samples):
    xml_path = os.path.join(share, "mime", "packages", APP_ID + ".xml")
    if not report(os.path.isfile(xml_path), "MIME package installed", xml_path):
        return
    root = ET.parse(xml_path).getroot()
    types = root.findall(MIME_NS + "mime-type")
    report([t.get("type") for t in types] == ["application/x-topograph"],
           "MIME package declares application/x-topograph")
    comments = types[0].findall(MIME_NS + "comment")
    report(any(c.get("{http://www.w3.org/XML/1998/namespace}lang") == "de" for c in comments),
           "MIME type comment translated (xml:lang=\"de\")")
    icon = types[0].find(MIME_NS + "icon").get("name")
    report(os.path.isfile(os.path.join(share, "icons", "hicolor", "scalable", "mimetypes",
                                       icon + ".svg")),
           "the document icon the MIME type names is installed", icon)

    result = run(["update-mime-database", os.path.join(share, "mime")])
    if not report(result.returncode == 0, "update-mime-database", result.stderr):
        return
    env = dict(os.environ, XDG_DATA_DIRS=share + ":/usr/share", XDG_DATA_HOME=share,
               XDG_CURRENT_DESKTOP="GNOME")
    with tempfile.TemporaryDirectory() as tmp:
        sample = os.path.join(samples, "contoso.topograph")
        by_magic = os.path.join(tmp, "contoso-download")     # no suffix: only the magic says
        minified = os.path.join(tmp, "minified")
        shutil.copy(sample, by_magic)
        with open(minified, "w", encoding="utf-8") as f:
            f.write('{"format":"topograph","version":1,"name":"x","resources":[],"links":[]}')
        plain_json = os.path.join(tmp, "other.json")     # other JSON stays JSON
        with open(plain_json, "w", encoding="utf-8") as f:
            f.write('{"format": "drawio", "version": 1}\n')
        for path, expected in ((sample, "application/x-topograph"),
                               (by_magic, "application/x-topograph"),
                               (minified, "application/x-topograph"),
                               (plain_json, "application/json")):
            result = run(["xdg-mime", "query", "filetype", path], env=env)
            answer = result.stdout.strip().split(";")[0]
            report(answer == expected, "xdg-mime query filetype %s is %s"
                   % (os.path.basename(path), expected), answer + " " + result.stderr)


def check_icons(share):
    hicolor = os.path.join(share, "icons", "hicolor")
    for rel in ("scalable/apps/%s.svg" % APP_ID, "symbolic/apps/%s-symbolic.svg" % APP_ID):
        path = os.path.join(hicolor, rel)
        ok = os.path.isfile(path)
        if ok:
            ET.parse(path)   # well-formed SVG
        report(ok, "icon %s installed" % rel)


def check_desktop(share, bindir):
    desktop = os.path.join(share, "applications", APP_ID + ".desktop")
    if not report(os.path.isfile(desktop), "desktop file installed"):
        return
    result = run(["desktop-file-validate", desktop])
    report(result.returncode == 0 and result.stdout.strip() == "", "desktop-file-validate (no hint either)",
           result.stdout + result.stderr)
    entry = configparser.ConfigParser(interpolation=None, strict=False)
    entry.optionxform = str
    entry.read(desktop, encoding="utf-8")
    main = entry["Desktop Entry"]
    report(main.get("MimeType") == "application/x-topograph;", "desktop file MimeType",
           main.get("MimeType", ""))
    report(main.get("DBusActivatable") == "true", "desktop file is D-Bus activatable")
    report(main.get("Comment[de]", main.get("Comment")) != main.get("Comment"),
           "desktop file carries the German translation (Comment[de])")
    report(os.path.isfile(os.path.join(share, "icons", "hicolor", "scalable", "apps",
                                       main.get("Icon", "") + ".svg")),
           "desktop file Icon is installed")
    report("new-window" in main.get("Actions", "").split(";") and
           entry.has_section("Desktop Action new-window"), "desktop file has a New Window action")

    service = os.path.join(share, "dbus-1", "services", APP_ID + ".service")
    if report(os.path.isfile(service), "D-Bus service installed"):
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str
        parser.read(service, encoding="utf-8")
        section = parser["D-BUS Service"]
        report(section.get("Name") == APP_ID, "D-Bus service name is the application id")
        report(section.get("Exec") == os.path.join(bindir, "topograph") + " --gapplication-service",
               "D-Bus service starts the installed binary", section.get("Exec", ""))

    metainfo = os.path.join(share, "metainfo", APP_ID + ".metainfo.xml")
    if report(os.path.isfile(metainfo), "metainfo installed"):
        result = run(["appstreamcli", "validate", "--pedantic", "--no-net", "--explain", metainfo])
        report(result.returncode == 0, "appstreamcli validate --pedantic --no-net",
               result.stdout + result.stderr)
        provides = ET.parse(metainfo).getroot().find("provides")
        report(sorted(b.text for b in provides.findall("binary")) == ["topograph", "topograph-cli"]
               and [m.text for m in provides.findall("mediatype")] == ["application/x-topograph"],
               "metainfo provides both binaries and the MIME type")


def check_schemas(share):
    schemas = os.path.join(share, "glib-2.0", "schemas")
    found = glob.glob(os.path.join(schemas, "*.gschema.xml"))
    if not found:
        report(True, "no GSettings schema installed: nothing to compile")
        return
    result = run(["glib-compile-schemas", "--strict", "--dry-run", schemas])
    report(result.returncode == 0, "glib-compile-schemas --strict on %d installed schemas"
           % len(found), result.stderr)


def check_man(stage, mandir, binaries):
    for name in binaries:
        page = os.path.join(staged(stage, mandir), "man1", name + ".1")
        if not report(os.path.isfile(page), "man page %s.1 installed" % name):
            continue
        result = run(["man", "--warnings", "-l", page],
                     env=dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8"))
        report(result.returncode == 0 and result.stderr.strip() == "" and
               "NAME" in result.stdout and "SYNOPSIS" in result.stdout and name in result.stdout,
               "man -l %s.1 renders without warnings" % name, result.stderr)


def completions(script, cli, line):
    """The words bash completion offers for the command line `line` (completing its last word)."""
    program = r'''
source /usr/share/bash-completion/bash_completion
source "$1"
COMP_LINE=$2
read -r -a COMP_WORDS <<<"$2"
[[ $2 == *" " ]] && COMP_WORDS+=("")
COMP_WORDS[0]=$3
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_POINT=${#COMP_LINE}
_topograph_cli
printf '%s\n' "${COMPREPLY[@]}"
'''
    result = run(["bash", "-c", program, "bash", script, line, cli])
    return sorted(w for w in result.stdout.split("\n") if w), result.stderr


def check_completion(share, stage, completions_dir, cli, samples):
    script = os.path.join(staged(stage, completions_dir), "topograph-cli")
    if not report(os.path.isfile(script), "bash completion installed", script):
        return
    if not os.path.isfile("/usr/share/bash-completion/bash_completion"):
        report(False, "bash-completion is installed (build-aux/debian-packages.txt)")
        return
    cwd = os.getcwd()
    os.chdir(samples)
    try:
        for line, expected in (
                ("topograph-cli va", ["validate"]),
                ("topograph-cli export ", ["arm", "pdf", "png", "svg"]),
                ("topograph-cli validate --format ", ["json", "sarif", "text"]),
                ("topograph-cli diff --format m", ["markdown"]),
                ("topograph-cli capacity --format c", ["csv"]),
                ("topograph-cli export png x.topograph --th", ["--theme"]),
                ("topograph-cli new --template single-w", ["single-workspace"]),
                ("topograph-cli fmt conto", ["contoso.topograph"])):
            words, err = completions(script, cli, line)
            report(words == expected, "completion of '%s'" % line, "%s %s" % (words, err))
    finally:
        os.chdir(cwd)


def main():
    build, prefix, bindir, datadir, mandir, localedir, completions_dir, samples = sys.argv[1:9]
    bindir = os.path.join(prefix, bindir)
    datadir = os.path.join(prefix, datadir)
    mandir = os.path.join(prefix, mandir)
    localedir = os.path.join(prefix, localedir)
    completions_dir = os.path.join(prefix, completions_dir)

    with tempfile.TemporaryDirectory(prefix="topograph-install-") as stage:
        result = run(["meson", "install", "-C", build, "--destdir", stage, "--no-rebuild",
                      "--quiet"])
        if not report(result.returncode == 0, "meson install --destdir", result.stdout + result.stderr):
            print("%d passed, %d failed" % (passed, failed))
            return 1
        share = staged(stage, datadir)
        gui = os.path.isfile(staged(stage, os.path.join(bindir, "topograph")))
        cli = staged(stage, os.path.join(bindir, "topograph-cli"))
        result = run([cli, "--version"])
        report(result.returncode == 0 and result.stdout.startswith("topograph-cli "),
               "installed topograph-cli runs", result.stderr)

        if gui:
            app = staged(stage, os.path.join(bindir, "topograph"))
            env = dict(os.environ, LC_ALL="C.UTF-8")
            env.pop("DISPLAY", None)   # both are answered before the display is opened
            version = run([app, "--version"], env=env)
            report(version.returncode == 0 and
                   version.stdout.strip() == run([cli, "--version"]).stdout.strip().replace(
                       "topograph-cli", "topograph"),
                   "topograph --version prints the version", version.stdout + version.stderr)
            usage = run([app, "--help"], env=env)
            report(usage.returncode == 0 and "[FILE…]" in usage.stdout.split("\n", 2)[1] and
                   "--new-window" in usage.stdout, "topograph --help names FILE and --new-window",
                   usage.stdout)
        check_mime(share, samples)
        check_icons(share)
        if gui:
            check_desktop(share, bindir)
            help_index = os.path.join(share, "help", "C", APP_ID, "index.page")
            report(os.path.isfile(help_index), "help pages installed", help_index)
        check_schemas(share)
        check_man(stage, mandir, ["topograph-cli"] + (["topograph"] if gui else []))
        check_completion(share, stage, completions_dir, cli, samples)

        linguas = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "po", "LINGUAS")
        with open(linguas, encoding="utf-8") as f:
            languages = [w for line in f for w in line.split("#")[0].split()]
        for lang in languages:
            mo = os.path.join(staged(stage, localedir), lang, "LC_MESSAGES", "topograph.mo")
            report(os.path.isfile(mo), "catalogue %s installed" % lang, mo)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
