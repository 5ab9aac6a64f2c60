#!/usr/bin/env python3
# test-po.py: translations that really run.
#  - po/POTFILES.in lists every file with translatable text (C files using _(), N_(), C_(),
#    ngettext…, .ui files with translatable="yes", desktop/metainfo/MIME/GSettings data) and
#    nothing that does not exist;
#  - xgettext reads them without a warning (no msgid with a bare '%', such as one cut short by
#    a G_GINT64_FORMAT macro);
#  - every catalogue in po/LINGUAS passes `msgfmt --check` and has a Plural-Forms header;
#  - the desktop, metainfo and MIME files merged with the catalogues are rebuilt when a
#    catalogue changes (the build graph lists every po/LANG.po among their inputs);
#  - topograph-cli speaks German under LANGUAGE=de LANG=de_DE.UTF-8 (the locale is generated
#    with localedef into a private LOCPATH when the system does not have it).
#
#   test-po.py SOURCE_ROOT BUILD_PO_DIR        (TOPOGRAPH_CLI and TOPOGRAPH_SAMPLES in the env)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

passed = 0
failed = 0

C_MARKER = re.compile(r"(?<![A-Za-z0-9_])(?:N?_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|"
                      r"g_dcgettext)\s*\(")
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true)"')
# the keywords and format flags meson's i18n.gettext(preset: 'glib') gives xgettext
XGETTEXT_ARGS = ["--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_",
                 "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2",
                 "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
                 "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
                 "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
                 "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
                 "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
                 "--flag=g_set_error:4:c-format", "--flag=g_markup_printf_escaped:1:c-format",
                 "--flag=g_log:3:c-format", "--flag=g_print:1:c-format",
                 "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
                 "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format",
                 "--flag=g_snprintf:3:c-format"]


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": " + str(detail).strip()) if detail else ""))
    return ok


def translatable_files(root):
    found = set()
    for path in glob.glob(os.path.join(root, "src", "**", "*.[ch]"), recursive=True):
        with open(path, encoding="utf-8") as f:
            if C_MARKER.search(f.read()):
                found.add(os.path.relpath(path, root))
    for path in glob.glob(os.path.join(root, "ui", "**", "*.ui"), recursive=True):
        with open(path, encoding="utf-8") as f:
            if UI_MARKER.search(f.read()):
                found.add(os.path.relpath(path, root))
    for pattern in ("*.desktop.in", "*.metainfo.xml.in", "*.mime.xml.in", "*.gschema.xml",
                    "*.gschema.xml.in"):
        for path in glob.glob(os.path.join(root, "data", pattern)):
            found.add(os.path.relpath(path, root))
    return found


def check_potfiles(root):
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    missing = sorted(translatable_files(root) - set(listed))
    report(not missing, "POTFILES.in lists every file with translatable text", missing)
    gone = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    report(not gone, "every POTFILES.in entry exists", gone)
    report(len(listed) == len(set(listed)), "POTFILES.in has no duplicates")

    c_files = [p for p in listed if p.endswith((".c", ".h"))]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "t.pot")
        result = subprocess.run(["xgettext"] + XGETTEXT_ARGS + ["--no-wrap", "-o", pot] + c_files,
                                cwd=root, capture_output=True, text=True)
        with open(pot, encoding="utf-8") as f:
            msgids = re.findall(r'^msgid(?:_plural)? "(.*)"$', f.read(), re.M)
    report(result.returncode == 0 and "warning" not in result.stderr,
           "xgettext finds no broken format string in %d C files" % len(c_files),
           result.stderr[:2000])
    # "… %" G_GINT64_FORMAT " …" inside _(): xgettext cannot expand the macro and keeps the
    # text up to the bare '%' (only format functions it knows get the warning above)
    cut = [m for m in msgids if re.search(r"(?<!%)(%%)*%$", m)]
    report(not cut, "no msgid ends in a bare %% (a format macro inside _())", cut)


def languages(root):
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f for w in line.split("#")[0].split()]


def check_catalogues(root):
    langs = languages(root)
    report("de" in langs, "po/LINGUAS has the German translation")
    for lang in langs:
        po = os.path.join(root, "po", lang + ".po")
        result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                                capture_output=True, text=True)
        report(result.returncode == 0, "msgfmt --check %s.po (%s)" % (lang, result.stderr.strip()),
               result.stderr)
        with open(po, encoding="utf-8") as f:
            text = f.read()
        report('"Plural-Forms: nplurals=' in text, "%s.po has a Plural-Forms header" % lang)


def german_locale(tmp):
    """(environment additions, description) for a German UTF-8 locale."""
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    if any(l.lower().replace("-", "") in ("de_de.utf8",) for l in have):
        return {}, "system de_DE.UTF-8"
    locpath = os.path.join(tmp, "locale")
    os.makedirs(locpath)
    result = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                             os.path.join(locpath, "de_DE.UTF-8")], capture_output=True, text=True)
    if result.returncode in (0, 1) and os.path.isdir(os.path.join(locpath, "de_DE.UTF-8")):
        return {"LOCPATH": locpath}, "de_DE.UTF-8 made with localedef"
    return None, result.stderr


def check_cli_german(root, build_po):
    cli = os.environ["TOPOGRAPH_CLI"]
    mo = os.path.join(build_po, "de", "LC_MESSAGES", "topograph.mo")
    if not report(os.path.isfile(mo), "the German catalogue is built", mo):
        return
    de = gettext.translation("topograph", localedir=build_po, languages=["de"])
    # a design with an information finding (the sample of regional training)
    sample = os.path.join(os.environ["TOPOGRAPH_SAMPLES"], "regional-training.topograph")
    with tempfile.TemporaryDirectory() as tmp:
        extra, how = german_locale(tmp)
        if not report(extra is not None, "a German locale is available", how):
            return
        env = dict(os.environ, LANGUAGE="de", LANG="de_DE.UTF-8", TOPOGRAPH_LOCALEDIR=build_po,
                   NO_COLOR="1", **extra)
        env.pop("LC_ALL", None)
        env.pop("LC_MESSAGES", None)
        result = subprocess.run([cli, "validate", sample], env=env, capture_output=True)
        out = result.stdout.decode("utf-8")
        expected = [de.gettext("Information"),
                    de.ngettext("%u error", "%u errors", 0) % 0,
                    de.ngettext("%u info", "%u infos", 1) % 1]
        report(all(e in out for e in expected) and expected[0] != "Information",
               "topograph-cli validate speaks German (%s)" % how, "%s, not in: %s" % (expected, out))
        # Findings that list names build the list from pieces: each piece is translated too
        # (German quotes »…«, never English “…”), and no message is glued from an English
        # word (SEC002 said "enthält Produktion Daten").
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "diff",
                               "contoso-new.topograph"), encoding="utf-8") as f:
            design = json.load(f)
        for r in design["resources"]:
            if r["id"] == "st-data-churn-prod":
                r["public_network_access"] = True
        lists = os.path.join(tmp, "lists.topograph")
        with open(lists, "w", encoding="utf-8") as f:
            json.dump(design, f)
        result = subprocess.run([cli, "validate", lists], env=env, capture_output=True)
        out = result.stdout.decode("utf-8")
        lines = [l for l in out.splitlines() if "“" in l or "”" in l]
        report("RBAC001" in out and "RBAC002" in out and not lines,
               "German findings quote names the German way, in lists too", "\n".join(lines))
        sec002 = [l for l in out.splitlines() if "SEC002" in l]
        report(sec002 and "Produktionsdaten" in sec002[0],
               "SEC002 in German says Produktionsdaten", sec002)
        result = subprocess.run([cli, "validate"], env=env, capture_output=True)
        message = de.gettext("no FILE given (see --help)")
        report(result.returncode == 2 and message in result.stderr.decode("utf-8") and
               message != "no FILE given (see --help)", "a usage error in German", result.stderr)
        result = subprocess.run([cli, "fmt", "--help"], env=env, capture_output=True)
        summary = de.gettext("Change nothing; exit 1 if a file is not in canonical form")
        report(summary in result.stdout.decode("utf-8") and
               summary != "Change nothing; exit 1 if a file is not in canonical form",
               "topograph-cli fmt --help is German", result.stdout[-500:])


def check_merged_files_depend(root, build):
    ninja = shutil.which("ninja") or shutil.which("ninja-build")
    if not report(ninja is not None, "ninja is installed"):
        return
    catalogues = [os.path.realpath(os.path.join(root, "po", lang + ".po"))
                  for lang in languages(root)]
    for name in ("io.github.topograph.Topograph.xml", "io.github.topograph.Topograph.desktop",
                 "io.github.topograph.Topograph.metainfo.xml"):
        result = subprocess.run([ninja, "-C", build, "-t", "query", "data/" + name],
                                capture_output=True, text=True)
        if "unknown target" in result.stdout + result.stderr:   # -Dgui=false: not built
            continue
        inputs = {os.path.realpath(os.path.join(build, line.strip().lstrip("| ").strip()))
                  for line in result.stdout.split("\n")[2:] if line.startswith("    ")}
        missing = [c for c in catalogues if c not in inputs]
        report(result.returncode == 0 and not missing,
               "data/%s is rebuilt when a catalogue changes" % name,
               result.stderr + " missing: " + " ".join(missing))


def main():
    root, build_po = sys.argv[1:3]
    check_potfiles(root)
    check_catalogues(root)
    check_merged_files_depend(root, os.path.dirname(os.path.abspath(build_po)))
    if "de" in languages(root):
        check_cli_german(root, build_po)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
