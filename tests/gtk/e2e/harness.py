"""End-to-end harness: the real Topograph application in a private Xvfb, driven by real X input.

Each scenario gets its own X server (Xvfb -displayfd picks a free display, so scenarios can run
in parallel), its own session bus (dbus-run-session: a GtkApplication would otherwise hand the
file to an instance already running on a shared bus), and fresh HOME and XDG directories, so
autosave copies and recent files never leak between runs.

Input goes through xdotool, as a person's mouse and keyboard would: press, motion in small steps,
release, keys. Where things are on screen comes from the application itself: with
TOPOGRAPH_TEST_GEOMETRY=PATH the app writes its canvas transform, resource bounds, palette rows
and labelled widgets to PATH (src/app/topo-test-geometry.c). Results are checked in the saved
file (Ctrl+S, then JSON), in the X window's title (the "•" modified marker) and in screenshots.

Nothing sleeps for a fixed long time: every wait polls a condition with a timeout, scaled by
TOPOGRAPH_E2E_TIMEOUT_SCALE for slow (sanitizer) builds.
"""

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

SCREEN_W, SCREEN_H = 1600, 1000
TIMEOUT_SCALE = float(os.environ.get('TOPOGRAPH_E2E_TIMEOUT_SCALE', '1'))
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures')


class Skip(Exception):
    """The environment cannot run the scenario (exit status 77: meson's skip)."""


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def log(message):
    print(message, flush=True)


class Rect:
    def __init__(self, values):
        self.x, self.y, self.w, self.h = values

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2

    @property
    def right(self):
        return self.x + self.w

    @property
    def bottom(self):
        return self.y + self.h

    def contains(self, other, slack=0.5):
        return (other.x >= self.x - slack and other.y >= self.y - slack and
                other.right <= self.right + slack and other.bottom <= self.bottom + slack)

    def intersects(self, other):
        return (self.x < other.right and other.x < self.right and
                self.y < other.bottom and other.y < self.bottom)

    def __repr__(self):
        return f'Rect({self.x:g}, {self.y:g}, {self.w:g}, {self.h:g})'


# longer than GTK's double-click time (400 ms)
DOUBLE_CLICK_GAP = 0.5


class Screenshot:
    """The whole X screen as raw RGB (ImageMagick's import)."""

    def __init__(self, app):
        path = os.path.join(app.tmp, 'screen.rgb')
        app.run(['import', '-window', 'root', '-depth', '8', 'rgb:' + path])
        with open(path, 'rb') as f:
            self.data = f.read()
        self.width, self.height = SCREEN_W, SCREEN_H
        check(len(self.data) == self.width * self.height * 3,
              f'screenshot has {len(self.data)} bytes, expected {self.width}x{self.height} RGB')

    def pixel(self, x, y):
        i = (int(y) * self.width + int(x)) * 3
        return tuple(self.data[i:i + 3])

    def differing(self, other, rect):
        """How many pixels of rect differ from another screenshot's."""
        n = 0
        for y in range(int(rect.y), int(rect.bottom)):
            i, j = (y * self.width + int(rect.x)) * 3, (y * self.width + int(rect.right)) * 3
            a, b = self.data[i:j], other.data[i:j]
            if a != b:
                n += sum(1 for k in range(0, len(a), 3) if a[k:k + 3] != b[k:k + 3])
        return n

    def count(self, rect, predicate):
        n = 0
        for y in range(int(rect.y), int(rect.bottom)):
            for x in range(int(rect.x), int(rect.right)):
                if predicate(self.pixel(x, y)):
                    n += 1
        return n


def reddish(p):
    r, g, b = p
    return r > 150 and r > g + 60 and r > b + 60


class App:
    """One running application on one design file (a copy in a private folder)."""

    def __init__(self, fixture='two-groups.topograph', name='E2E design', generate=None):
        self.app_path = os.environ.get('TOPOGRAPH_APP')
        check(self.app_path and os.access(self.app_path, os.X_OK),
              'TOPOGRAPH_APP must name the built application')
        for tool in ('Xvfb', 'xdotool', 'import', 'dbus-run-session'):
            if shutil.which(tool) is None:
                raise Skip(f'{tool} is not installed')
        self.tmp = tempfile.mkdtemp(prefix='topograph-e2e-')
        self.name = name
        self.keep = False
        self.xvfb = self.app = None
        self.geometry_path = os.path.join(self.tmp, 'geometry.json')
        if generate is not None:   # topograph-cli generate --resources N
            cli = os.environ.get('TOPOGRAPH_CLI')
            check(cli and os.access(cli, os.X_OK), 'TOPOGRAPH_CLI must name the built CLI')
            self.path = os.path.join(self.tmp, f'generated-{generate}.topograph')
            subprocess.run([cli, 'generate', '--resources', str(generate), '-o', self.path],
                           check=True)
            self.original = self.read_file()
            self.name = json.loads(self.original)['name']
        elif fixture is None:   # a blank design
            self.path = self.original = None
        else:
            self.path = os.path.join(self.tmp, os.path.basename(fixture))
            shutil.copy(os.path.join(FIXTURES, fixture), self.path)
            self.original = self.read_file()
        self.xvfb_log = open(os.path.join(self.tmp, 'xvfb.log'), 'w')
        self.app_log = open(os.path.join(self.tmp, 'app.log'), 'w+')
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    # processes

    def _start(self):
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(
            ['Xvfb', '-displayfd', str(w), '-screen', '0', f'{SCREEN_W}x{SCREEN_H}x24',
             '-nolisten', 'tcp', '-noreset'],
            pass_fds=[w], stdout=self.xvfb_log, stderr=subprocess.STDOUT,
            start_new_session=True)
        os.close(w)
        number = b''
        deadline = time.monotonic() + 30 * TIMEOUT_SCALE
        while not number.endswith(b'\n'):
            ready, _, _ = select.select([r], [], [], max(0, deadline - time.monotonic()))
            chunk = os.read(r, 16) if ready else b''
            if not chunk:
                os.close(r)
                raise Failure('Xvfb did not start (see xvfb.log)')
            number += chunk
        os.close(r)
        self.display = ':' + number.decode().strip()

        env = dict(os.environ)
        for var in ('WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'XAUTHORITY',
                    'TOPOGRAPH_TEST_GEOMETRY'):
            env.pop(var, None)
        home = os.path.join(self.tmp, 'home')
        env.update({
            'DISPLAY': self.display,
            'HOME': home,
            'XDG_CONFIG_HOME': os.path.join(home, '.config'),
            'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
            'XDG_STATE_HOME': os.path.join(home, '.local', 'state'),
            'XDG_CACHE_HOME': os.path.join(home, '.cache'),
            'XDG_RUNTIME_DIR': os.path.join(self.tmp, 'runtime'),
            'GDK_BACKEND': 'x11',
            'GSK_RENDERER': 'cairo',
            'GTK_A11Y': 'none',
            'NO_AT_BRIDGE': '1',
            'GSETTINGS_BACKEND': 'memory',
            'TOPOGRAPH_TEST_GEOMETRY': self.geometry_path,
        })
        for d in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME',
                  'XDG_RUNTIME_DIR'):
            os.makedirs(env[d], mode=0o700, exist_ok=True)
        self.env = env
        self.app = subprocess.Popen(['dbus-run-session', '--', self.app_path] +
                                    ([self.path] if self.path else []),
                                    env=env, stdout=self.app_log, stderr=subprocess.STDOUT,
                                    start_new_session=True, cwd=self.tmp)
        self.wait_for(lambda g: g.get('canvas') and g['canvas']['rect'][2] > 100
                      and g.get('document'), 'the window to show the design', timeout=60)
        out = self.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name',
                        '^' + re.escape(self.name)], timeout=30)
        self.wid = out.split()[0]
        pos = dict(line.split('=') for line in
                   self.run(['xdotool', 'getwindowgeometry', '--shell', self.wid]).split())
        self.win_x, self.win_y = int(pos['X']), int(pos['Y'])
        # no window manager: give the window the keyboard focus ourselves
        self.run(['xdotool', 'windowfocus', '--sync', self.wid])
        self.wait_for(lambda g: g.get('active'), 'the window to be active')

    def close(self):
        for proc in (self.app, self.xvfb):
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        self.xvfb_log.close()
        self.app_log.close()

    def app_output(self):
        self.app_log.flush()
        with open(self.app_log.name, errors='replace') as f:
            return f.read()

    def run(self, argv, timeout=30):
        env = dict(os.environ, DISPLAY=self.display)
        try:
            res = subprocess.run(argv, env=env, capture_output=True, text=True,
                                 timeout=timeout * TIMEOUT_SCALE)
        except subprocess.TimeoutExpired:
            raise Failure(f'{argv[0]} {" ".join(argv[1:3])}… did not finish')
        if res.returncode != 0:
            raise Failure(f'{" ".join(argv)} failed ({res.returncode}): {res.stderr.strip()}')
        return res.stdout

    def xdo(self, *words):
        self.run(['xdotool'] + [str(w) for w in words])

    def alive(self):
        return self.app.poll() is None

    # state

    def geometry(self):
        try:
            with open(self.geometry_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def wait_for(self, predicate, what, timeout=20):
        """Polls the application's reported state until predicate(state) is true."""
        deadline = time.monotonic() + timeout * TIMEOUT_SCALE
        while True:
            if self.app is not None and not self.alive():
                raise Failure(f'the application exited ({self.app.returncode}) while waiting '
                              f'for {what}:\n{self.app_output()[-3000:]}')
            g = self.geometry()
            try:
                result = predicate(g) if g else None
            except (KeyError, IndexError, TypeError):
                result = None
            if result:
                return result
            if time.monotonic() > deadline:
                raise Failure(f'timed out waiting for {what}')
            time.sleep(0.03)

    def poll(self, predicate, what, timeout=20):
        """Polls predicate() (no argument) until it is true."""
        deadline = time.monotonic() + timeout * TIMEOUT_SCALE
        while True:
            result = predicate()
            if result:
                return result
            if not self.alive():
                raise Failure(f'the application exited while waiting for {what}')
            if time.monotonic() > deadline:
                raise Failure(f'timed out waiting for {what}')
            time.sleep(0.05)

    def settle(self, quiet=0.4):
        """Waits until the reported state has not changed for `quiet` seconds."""
        last, since = None, time.monotonic()
        deadline = since + 20 * TIMEOUT_SCALE
        while time.monotonic() < deadline:
            g = self.geometry()
            if g != last:
                last, since = g, time.monotonic()
            elif time.monotonic() - since >= quiet * TIMEOUT_SCALE:
                return g
            time.sleep(0.03)
        raise Failure('the application never settled')

    def wait_on_screen(self, rect, before, what, timeout=20):
        """Polls screenshots until a rectangle (root coordinates) is drawn differently from the
        screenshot `before`: GTK reports a popup mapped before the X server shows it, and a
        click that comes earlier goes to the window below."""
        need = max(1, int(rect.w * rect.h / 10))
        self.poll(lambda: Screenshot(self).differing(before, rect) >= need, what, timeout)

    def resource(self, rid, g=None):
        g = g or self.geometry()
        return g['document']['resources'].get(rid)

    def bounds(self, rid, g=None):
        return Rect(self.resource(rid, g)['bounds'])

    def title(self):
        return self.run(['xdotool', 'getwindowname', self.wid]).strip()

    def read_file(self):
        with open(self.path) as f:
            return f.read()

    def saved(self):
        return json.loads(self.read_file())

    # coordinates

    def to_screen(self, dx, dy, g=None):
        """A design point → root window coordinates."""
        g = g or self.geometry()
        c = g['canvas']
        zoom = c['zoom']
        ox, oy = c['origin']
        cx, cy = c['rect'][0], c['rect'][1]
        return (self.win_x + cx + (dx - ox) * zoom, self.win_y + cy + (dy - oy) * zoom)

    def surface_to_screen(self, x, y):
        return self.win_x + x, self.win_y + y

    def canvas_rect(self, g=None):
        g = g or self.geometry()
        r = g['canvas']['rect']
        return Rect([self.win_x + r[0], self.win_y + r[1], r[2], r[3]])

    def widget(self, predicate, g=None):
        g = g or self.geometry()
        for w in g.get('widgets', []):
            if predicate(w):
                return w
        return None

    # input

    def move(self, x, y):
        x, y = int(round(x)), int(round(y))
        # --sync waits for the pointer to move: seconds when it is already there; the warp
        # without it still gives the application the motion event a hand would
        here = dict(line.split('=') for line in self.run(['xdotool', 'getmouselocation', '--shell']).split())
        self.xdo('mousemove', *([] if (int(here['X']), int(here['Y'])) == (x, y) else ['--sync']), x, y)

    def glide(self, x0, y0, x1, y1, step=8):
        """Pointer motion from (x0, y0) to (x1, y1) in steps of about `step` pixels, 8 ms apart
        (one xdotool process for the whole path)."""
        n = max(2, int(max(abs(x1 - x0), abs(y1 - y0)) / step))
        words = []
        for i in range(1, n + 1):
            words += ['mousemove', int(round(x0 + (x1 - x0) * i / n)),
                      int(round(y0 + (y1 - y0) * i / n)), 'sleep', 0.008]
        self.xdo(*words)

    def drag(self, x0, y0, x1, y1, before_release=None, button=1):
        """Press at (x0, y0), move in small steps to (x1, y1), release."""
        # a press right after a click on the same spot would be the second of a double-click
        time.sleep(max(0.0, getattr(self, 'last_click', 0) + DOUBLE_CLICK_GAP - time.monotonic()))
        self.move(x0, y0)
        time.sleep(0.05)
        self.xdo('mousedown', button)
        time.sleep(0.05)
        # a few pixels first, so drag thresholds are crossed as a hand would
        self.glide(x0, y0, x0 + (6 if x1 >= x0 else -6), y0, step=2)
        self.glide(x0 + (6 if x1 >= x0 else -6), y0, x1, y1)
        time.sleep(0.05)
        if before_release is not None:
            before_release()
        self.xdo('mouseup', button)

    def click(self, x, y, button=1, repeat=1):
        self.move(x, y)
        time.sleep(0.03)
        self.xdo('click', '--repeat', repeat, '--delay', 60, button)
        self.last_click = time.monotonic()

    def key(self, *keys):
        self.xdo('key', '--clearmodifiers', '--delay', 40, *keys)

    def type(self, text):
        self.xdo('type', '--delay', 40, text)

    # whole steps

    def select(self, rid):
        """Clicks a resource (a group: its header) and waits until it is the selection."""
        b = self.bounds(rid)
        res = self.resource(rid)
        y = b.y + 14 if res['kind'] == 'resource-group' else b.cy
        x = b.x + min(b.w / 2, 90) if res['kind'] == 'resource-group' else b.cx
        self.click(*self.to_screen(x, y))
        self.wait_for(lambda g: g['canvas']['selection'] == [rid], f'{rid} to be selected')

    def save(self):
        """Ctrl+S; waits until the file changed and the title lost its modified marker."""
        before = self.read_file()
        self.key('ctrl+s')
        try:
            self.poll(lambda: self.read_file() != before and not self.title().endswith('•'),
                      'the design to be saved', timeout=10)
        except Failure:
            raise Failure(f'Ctrl+S did not save: the file {"changed" if self.read_file() != before else "is unchanged"}, '
                          f'the title is {self.title()!r}')
        return self.saved()

    def modified_marker(self):
        return self.title().endswith('•')


def run_once(name, fn):
    """One run of a scenario: 0 pass, 1 fail, 77 skip."""
    app = None
    try:
        t0 = time.monotonic()
        app = App(**getattr(fn, 'app_args', {}))
        fn(app)
        check(app.alive(), 'the application exited')
        log(f'ok {name} ({time.monotonic() - t0:.1f} s)')
        return 0
    except Skip as e:
        log(f'skip: {e}')
        return 77
    except AssertionError as e:
        log(f'FAIL {name}: {e}')
        if app is not None:
            log('--- application output ---\n' + app.app_output()[-4000:])
            app.keep = True
            try:
                shot = os.path.join(app.tmp, 'failure.png')
                app.run(['import', '-window', 'root', shot])
                log(f'screenshot: {shot}')
            except Exception:
                pass
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if app is not None:
            app.close()
            if not app.keep and os.environ.get('TOPOGRAPH_E2E_KEEP') is None:
                shutil.rmtree(app.tmp, ignore_errors=True)


def run_scenarios(scenarios):
    """Command line: harness SCENARIO [--repeat N]; exit 0 pass, 1 fail, 77 skip.
    TOPOGRAPH_E2E_RETRIES=N runs a failed scenario up to N more times (the sanitizer build sets
    1: there, a slow frame now and then outlasts a wait); every failure is printed, and one that
    fails each time fails the test."""
    args = sys.argv[1:]
    if not args or args[0] not in scenarios:
        print('usage: scenarios.py SCENARIO [--repeat N]\nscenarios: ' + ', '.join(scenarios),
              file=sys.stderr)
        return 2
    repeat = int(args[2]) if len(args) > 2 and args[1] == '--repeat' else 1
    retries = int(os.environ.get('TOPOGRAPH_E2E_RETRIES', '0'))
    for i in range(repeat):
        for attempt in range(1 + retries):
            result = run_once(args[0], scenarios[args[0]])
            if result != 1:
                break
            if attempt < retries:
                log(f'--- {args[0]} failed (attempt {attempt + 1} of {1 + retries}); running it again ---')
        if result == 77:
            return 77
        if result != 0:
            return result
        if attempt > 0:
            log(f'{args[0]} passed on attempt {attempt + 1} of {1 + retries} (it failed before: see above)')
    return 0
