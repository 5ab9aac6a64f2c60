#!/usr/bin/env python3
# test-install.py: `meson install --destdir` into a staging folder, then what the desktop sees of
# the installed files: the MIME type (update-mime-database + xdg-mime on samples), the icons the
# MIME type and desktop file name, the D-Bus service, GSettings schemas, the desktop file and
# metainfo validators, the manual pages, the bash completion, the help pages and the catalogues;
# and D-Bus activation of the installed application on a private session bus and X server: the
# service file starts it, Activate, the "New Window" action, Open with a file URI and
# `topograph --new-window` each reach that one instance.
#
#   test-install.py BUILD_DIR PREFIX BINDIR DATADIR MANDIR LOCALEDIR
#
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import glob
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

APP_ID = "io.github.topograph.Topograph"
APP_PATH = "/io/github/topograph/Topograph"   # GApplication's object path for APP_ID
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


# D-Bus activation ------------------------------------------------------------------------------

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>%(address)s</listen>
  <servicedir>%(services)s</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def poll(predicate, timeout=30):
    """predicate() once it is true, or None after timeout seconds (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def read_line(fd, timeout):
    """The first line a starting server writes on fd (its display number or bus address)."""
    line = b""
    deadline = time.monotonic() + timeout
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
        chunk = os.read(fd, 256) if ready else b""
        if not chunk:
            return None
        line += chunk
    return line.decode().strip()


def stop(proc):
    if proc is not None and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Session:
    """A private X server and session bus whose only service directory holds the installed
    service file; what the bus starts inherits this environment."""

    def __init__(self, tmp, services, share):
        self.xvfb = self.bus = None
        self.log = open(os.path.join(tmp, "session.log"), "w+")
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1024x768x24",
                                      "-nolisten", "tcp", "-noreset"],
                                     pass_fds=[w], stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        os.close(w)
        display = read_line(r, 30)
        os.close(r)
        if display is None:
            raise RuntimeError("Xvfb did not start")

        schemas = os.path.join(tmp, "schemas")   # what the package's post-install step compiles
        os.makedirs(schemas)
        subprocess.run(["glib-compile-schemas", "--targetdir", schemas,
                        os.path.join(share, "glib-2.0", "schemas")], check=True)
        home = os.path.join(tmp, "home")
        self.address = "unix:path=" + os.path.join(tmp, "bus")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DBUS_", "WAYLAND_", "XDG_", "TOPOGRAPH_", "GSETTINGS_"))
               and k not in ("XAUTHORITY", "DISPLAY")}
        env.update({
            "DISPLAY": ":" + display,
            "DBUS_SESSION_BUS_ADDRESS": self.address,
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_RUNTIME_DIR": os.path.join(tmp, "runtime"),
            "XDG_DATA_DIRS": share + ":/usr/share",
            "GDK_BACKEND": "x11",
            "GSK_RENDERER": "cairo",
            "GTK_A11Y": "none",
            "NO_AT_BRIDGE": "1",
            "GSETTINGS_BACKEND": "memory",
            "GSETTINGS_SCHEMA_DIR": schemas,
            "LC_ALL": "C.UTF-8",
        })
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
                    "XDG_RUNTIME_DIR"):
            os.makedirs(env[var], mode=0o700, exist_ok=True)
        self.env = env
        config = os.path.join(tmp, "session.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(BUS_CONFIG % {"address": escape(self.address), "services": escape(services)})
        r, w = os.pipe()
        self.bus = subprocess.Popen(["dbus-daemon", "--config-file=" + config, "--nofork",
                                     "--print-address=%d" % w],
                                    pass_fds=[w], env=env, stdout=self.log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        os.close(w)
        ready = read_line(r, 30)
        os.close(r)
        if ready is None:
            raise RuntimeError("dbus-daemon did not start")

    def close(self):
        for proc in (self.bus, self.xvfb):
            stop(proc)
        self.log.close()

    def output(self):
        self.log.flush()
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def call(self, dest, path, method, *args):
        return run(["gdbus", "call", "--session", "--timeout", "30", "--dest", dest,
                    "--object-path", path, "--method", method] + list(args), env=self.env)

    def has_owner(self):
        result = self.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                           "org.freedesktop.DBus.NameHasOwner", APP_ID)
        return result.stdout.strip() == "(true,)"

    def exported_windows(self):
        """The application windows GtkApplication exports on the bus (APP_PATH/window/N)."""
        result = self.call(APP_ID, APP_PATH + "/window",
                           "org.freedesktop.DBus.Introspectable.Introspect")
        if result.returncode != 0:
            return []
        xml = result.stdout.strip()[2:-3].encode().decode("unicode_escape")   # ('…',)
        return sorted(n.get("name") for n in ET.fromstring(xml).findall("node"))

    def x_windows(self, title):
        """Mapped X windows whose title is exactly `title`."""
        result = run(["xdotool", "search", "--onlyvisible", "--name", "^%s$" % title],
                     env=self.env)
        return result.stdout.split()


def check_activation(stage, share, bindir, samples):
    for tool in ("Xvfb", "dbus-daemon", "gdbus", "xdotool", "glib-compile-schemas"):
        if shutil.which(tool) is None:
            report(False, "%s is installed (build-aux/debian-packages.txt)" % tool)
            return
    service = os.path.join(share, "dbus-1", "services", APP_ID + ".service")
    app = staged(stage, os.path.join(bindir, "topograph"))
    with open(service, encoding="utf-8") as f:
        text = f.read()
    installed_exec = "Exec=" + os.path.join(bindir, "topograph") + " "
    if not report(installed_exec in text, "D-Bus service Exec names the installed binary", text):
        return

    with tempfile.TemporaryDirectory(prefix="topograph-activation-") as tmp:
        # The staged tree stands for the installed one: the service file as installed, its Exec
        # moved into the staging folder as the package manager would have put the binary there.
        services = os.path.join(tmp, "services")
        os.makedirs(services)
        with open(os.path.join(services, APP_ID + ".service"), "w", encoding="utf-8") as f:
            f.write(text.replace(installed_exec, "Exec=" + app + " "))
        design = os.path.join(tmp, "my design.topograph")
        shutil.copy(os.path.join(samples, "contoso.topograph"), design)
        uri = pathlib.Path(design).as_uri()

        # Replies to Activate, ActivateAction and Open come after the application handled them,
        # so the exported windows are counted at once; X windows map a little later (polled).
        session = Session(tmp, services, share)
        pid = None
        try:
            result = session.call(APP_ID, APP_PATH, "org.freedesktop.Application.Activate", "{}")
            if not report(result.returncode == 0, "Activate over D-Bus starts the application",
                          result.stderr + session.output()):
                return
            owner = session.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus.GetConnectionUnixProcessID", APP_ID)
            pid = int(owner.stdout.strip().strip("(),").split()[-1])
            exe = os.path.realpath("/proc/%d/exe" % pid)
            report(exe == os.path.realpath(app), "the bus started the installed binary", exe)
            report(session.exported_windows() == ["1"] and
                   poll(lambda: len(session.x_windows("Untitled Design")) == 1),
                   "Activate opens one window with a blank design",
                   "%s %s" % (session.exported_windows(), session.x_windows("Untitled Design")))

            result = session.call(APP_ID, APP_PATH, "org.freedesktop.Application.ActivateAction",
                                  "new-window", "[]", "{}")
            report(result.returncode == 0 and len(session.exported_windows()) == 2 and
                   poll(lambda: len(session.x_windows("Untitled Design")) == 2),
                   "the desktop file's New Window action (ActivateAction new-window) opens a "
                   "second window", result.stderr + str(session.exported_windows()))

            name = "Contoso ML platform"
            result = session.call(APP_ID, APP_PATH, "org.freedesktop.Application.Open",
                                  "['%s']" % uri, "{}")
            report(result.returncode == 0 and len(session.exported_windows()) == 3 and
                   poll(lambda: len(session.x_windows(name)) == 1),
                   "Open with a file URI opens that design in a window titled with its name",
                   result.stderr + str(session.x_windows(name)))
            result = session.call(APP_ID, APP_PATH, "org.freedesktop.Application.Open",
                                  "['%s']" % uri, "{}")
            report(result.returncode == 0 and len(session.exported_windows()) == 3 and
                   len(session.x_windows(name)) == 1,
                   "Open of the same file again presents its window instead of a second copy",
                   result.stderr + str(session.exported_windows()))

            result = run([app, "--new-window"], env=session.env, timeout=60)
            # this process asks and exits: the instance opens the window when it reads the call
            report(result.returncode == 0 and
                   poll(lambda: len(session.exported_windows()) == 4) and
                   poll(lambda: len(session.x_windows("Untitled Design")) == 3),
                   "topograph --new-window asks the running instance for a window",
                   result.stdout + result.stderr + str(session.exported_windows()))

            result = session.call(APP_ID, APP_PATH, "org.freedesktop.Application.ActivateAction",
                                  "quit", "[]", "{}")
            report(result.returncode == 0 and poll(lambda: not session.has_owner()) and
                   poll(lambda: not os.path.exists("/proc/%d" % pid)),
                   "the quit action closes every window and the service exits",
                   result.stderr + session.output())
            criticals = [line for line in session.output().splitlines() if "CRITICAL" in line]
            report(not criticals, "no critical warnings from the activated application",
                   "\n".join(criticals))
        finally:
            if pid is not None and os.path.exists("/proc/%d" % pid):
                os.kill(pid, signal.SIGTERM)
            session.close()


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
            # like the CLI: output that cannot be written (a full disk) is an error, not status 0
            for args in (["--version"], ["--help"]):
                if os.path.exists("/dev/full"):
                    with open("/dev/full", "w") as full:
                        r = subprocess.run([app] + args, env=env, stdout=full, stderr=subprocess.PIPE,
                                           text=True)
                    report(r.returncode != 0 and "standard output" in r.stderr,
                           "topograph %s >/dev/full fails with a message" % args[0],
                           "%d %s" % (r.returncode, r.stderr))
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
            check_activation(stage, share, bindir, samples)
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
