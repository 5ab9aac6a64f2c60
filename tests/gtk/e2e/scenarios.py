#!/usr/bin/env python3
"""End-to-end scenarios: the real application, real X input, results checked in the saved file.

Run one: TOPOGRAPH_APP=build/src/app/topograph tests/gtk/e2e/scenarios.py d1-resize-undo
(meson registers each scenario as a test of suite gtk; see harness.py for the machinery).
The fixture (fixtures/two-groups.topograph): lanes westeurope and northeurope; in westeurope
rg-a (dev) holds workspace mlw-a, storage st-a and key vault kv-a, rg-b (prod) holds storage
st-b and AKS cluster aks-b; northeurope is empty. fixtures/bad-name.topograph is the same design
with st-a named "ST_A Bad!" (an error finding, NAM001).
"""

import glob
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (TIMEOUT_SCALE, Failure, Rect, Screenshot, check, log, reddish,  # noqa: E402
                     run_scenarios)

SCENARIOS = {}


def scenario(scenario_name, **app_args):
    def register(fn):
        fn.app_args = app_args
        SCENARIOS[scenario_name] = fn
        return fn
    return register


def saved_resource(doc, rid):
    for r in doc['resources']:
        if r['id'] == rid:
            return r
    raise AssertionError(f'{rid} is not in the saved file')


def lanes_overlaps(doc):
    """Pairs of resource groups of one lane whose saved rectangles overlap."""
    groups = [r for r in doc['resources'] if r['type'] == 'resource-group']
    bad = []
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if a.get('region') != b.get('region'):
                continue
            ra = Rect([a['layout'][k] for k in ('x', 'y', 'w', 'h')])
            rb = Rect([b['layout'][k] for k in ('x', 'y', 'w', 'h')])
            if ra.intersects(rb):
                bad.append((a['id'], ra, b['id'], rb))
    return bad


def group_corner(app, gid, corner='se'):
    b = app.bounds(gid)
    x = b.right if 'e' in corner else b.x
    y = b.bottom if 's' in corner else b.y
    return app.to_screen(x, y)


def all_widgets(g):
    """The widgets of the design window and of every other window on screen (dialogs)."""
    widgets = list(g.get('widgets', []))
    for top in g.get('toplevels', []):
        widgets += top.get('widgets', [])
    return widgets


def visible_label(app, text):
    """A label on screen (a toast, a dialog's text) whose text contains `text`."""
    def find(g):
        for w in all_widgets(g):
            if w['type'] == 'GtkLabel' and text in (w.get('label') or ''):
                return w
        return None
    return find


def palette_drag(app, kind, dx, dy, before_release=None):
    """Drags a palette row to a design point."""
    g = app.geometry()
    row = Rect(g['palette'][kind])
    x0, y0 = app.surface_to_screen(row.x + 60, row.cy)
    x1, y1 = app.to_screen(dx, dy, g)
    app.drag(x0, y0, x1, y1, before_release=before_release)


# D1 and undo ---------------------------------------------------------------------------------

@scenario('d1-resize-undo')
def d1_resize_undo(app):
    """A group resized with its corner handle; Ctrl+Z undoes it, Ctrl+Shift+Z redoes it."""
    app.select('rg-a')
    before = app.bounds('rg-a')
    x0, y0 = group_corner(app, 'rg-a', 'se')
    zoom = app.geometry()['canvas']['zoom']
    app.drag(x0, y0, x0 + 80 * zoom, y0 + 48 * zoom)
    after = app.wait_for(lambda g: (lambda b: b if b.w > before.w + 40 else None)(
        app.bounds('rg-a', g)), 'rg-a to grow')
    check(after.h > before.h, f'the resize changed the width only: {before} → {after}')
    # the window's state follows without a further edit (D1: it stayed stale until the next
    # one); the default timeouts leave room for a loaded machine
    problems = []
    try:
        app.poll(app.modified_marker, 'the title to show the modified marker "•"')
    except AssertionError as e:
        problems.append(str(e))
    try:
        app.wait_for(lambda g: app.widget(lambda w: w.get('icon') == 'edit-undo-symbolic' and
                                          w['sensitive'], g),
                     'the Undo button to be sensitive')
    except AssertionError as e:
        problems.append(str(e))

    app.key('ctrl+z')
    try:
        app.wait_for(lambda g: app.bounds('rg-a', g).w == before.w and
                     app.bounds('rg-a', g).h == before.h,
                     'Ctrl+Z to undo the resize (rg-a back to its size)')
    except AssertionError as e:
        problems.append(str(e))
    check(not problems, '; '.join(problems))
    app.key('ctrl+shift+z')
    app.wait_for(lambda g: app.bounds('rg-a', g).w == after.w and
                 app.bounds('rg-a', g).h == after.h,
                 'Ctrl+Shift+Z to redo the resize')
    doc = app.save()
    rg = saved_resource(doc, 'rg-a')['layout']
    check((rg['w'], rg['h']) == (after.w, after.h),
          f'saved rg-a is {rg["w"]}x{rg["h"]}, expected the resized {after.w}x{after.h}')

    app.key('ctrl+z')
    app.wait_for(lambda g: app.bounds('rg-a', g).w == before.w, 'a second undo')
    doc = app.save()
    rg = saved_resource(doc, 'rg-a')['layout']
    check((rg['w'], rg['h']) == (before.w, before.h),
          f'saved rg-a after undo is {rg["w"]}x{rg["h"]}, expected {before.w}x{before.h}')


# D2 and rename ----------------------------------------------------------------------------

def rename_entry(app, old_name, timeout=20):
    return app.wait_for(lambda g: app.widget(
        lambda w: w['type'] == 'GtkEntry' and w.get('text') == old_name, g),
        'the rename entry to show the old name', timeout=timeout)


@scenario('d2-rename-double-click')
def d2_rename_double_click(app):
    """Double-click a card, click into the rename entry, type a new name, Enter."""
    b = app.bounds('mlw-a')
    for attempt in range(3):
        before = Screenshot(app)
        app.click(*app.to_screen(b.cx, b.cy), repeat=2)
        try:
            entry = Rect(rename_entry(app, 'mlw-a-dev-weu', timeout=8)['rect'])
        except AssertionError:
            # GTK counts a double-click with a wall-clock timer: a very slow (sanitizer)
            # build can take in the second press after it ran out, as a person's slow hand
            log('no rename popover after the double-click; double-clicking again')
            app.settle()
            continue
        entry.x, entry.y = app.surface_to_screen(entry.x, entry.y)
        # Under bare Xvfb (no window manager, no compositor) and heavy load, GTK 4.8 now and
        # then maps the popover's X window but never paints it (seen 2 times in 25): it is
        # invisible, and a click on it closes it. A person would close it and try again.
        try:
            app.wait_on_screen(entry, before, 'the rename popover on screen', timeout=4)
            break
        except AssertionError:
            log('the rename popover was mapped but not drawn; Escape and double-click again')
            app.key('Escape')
            app.wait_for(lambda g: not app.widget(lambda w: w['type'] == 'GtkEntry', g),
                         'the popover to close')
    else:
        raise AssertionError('the rename popover never appeared on screen')
    app.click(entry.cx, entry.cy)
    app.key('ctrl+a')
    app.type('mlw-renamed-weu')
    app.key('Return')
    finish_rename(app, 'mlw-a', 'mlw-renamed-weu')


def finish_rename(app, rid, new_name):
    """After Enter: the popover closes, the resource and the saved file have the new name."""
    def done(g):
        entry = app.widget(lambda w: w['type'] == 'GtkEntry' and w.get('text') == new_name, g)
        return app.resource(rid, g)['name'] == new_name and entry is None
    try:
        app.wait_for(done, 'the rename to apply and its popover to close')
    except AssertionError:
        g = app.geometry()
        entry = app.widget(lambda w: w['type'] == 'GtkEntry' and w.get('text') == new_name, g)
        raise AssertionError(f'after Enter the name is {app.resource(rid, g)["name"]!r}, the '
                             f'rename entry is {"still open" if entry else "closed"}, focus on '
                             f'{(g.get("focus") or {}).get("type")}')
    doc = app.save()
    name = saved_resource(doc, rid).get('name')
    check(name == new_name, f'saved name is {name!r}')


@scenario('rename-f2')
def rename_f2(app):
    """Select a card, F2, type (the old name is selected), Enter."""
    app.select('st-a')
    app.key('F2')
    rename_entry(app, 'stadevweu')
    app.type('strenamedweu')
    app.key('Return')
    finish_rename(app, 'st-a', 'strenamedweu')


# D3: refused drops ------------------------------------------------------------------------

def refused_drop(app, kind, dx, dy, what):
    g0 = app.geometry()
    n0 = len(g0['document']['resources'])
    canvas = app.canvas_rect(g0)
    shots = {}

    before = Screenshot(app)
    red_before = before.count(canvas, reddish)

    def look():
        # the pointer is over the refused place: the drop highlight should turn red (polled:
        # a slow application may not have taken in the last motion yet)
        def red():
            shots['during'] = Screenshot(app)
            return shots['during'].count(canvas, reddish) > red_before + 200
        try:
            app.poll(red, 'a red drop highlight', timeout=5)
        except AssertionError:
            pass

    palette_drag(app, kind, dx, dy, before_release=look)
    msg = app.wait_for(lambda g: g.get('message') and visible_label(app, g['message'])(g),
                       f'a message saying why {what} is refused')
    log(f'message: {msg.get("label")}')
    g = app.geometry()
    check(len(g['document']['resources']) == n0, f'{what} added a resource')
    check(not app.modified_marker(), f'{what} left the design modified')
    check(app.read_file() == app.original, 'the file changed')
    red_during = shots['during'].count(canvas, reddish)
    check(red_during > red_before + 200,
          f'no red drop highlight while over the refused place ({red_before} → {red_during} '
          'red pixels)')


@scenario('d3-refused-group-below-lanes')
def d3_refused_group_below_lanes(app):
    g = app.geometry()
    lanes = g['document']['lanes']
    bottom = max(Rect(l['bounds']).bottom for l in lanes)
    refused_drop(app, 'resource-group', 400, bottom + 80, 'a resource group below the lanes')


@scenario('d3-refused-workspace-on-lane')
def d3_refused_workspace_on_lane(app):
    g = app.geometry()
    lane = Rect([l for l in g['document']['lanes'] if l['region'] == 'northeurope'][0]['bounds'])
    refused_drop(app, 'workspace', lane.x + 400, lane.cy,
                 'a workspace on a lane outside any group')


# D4: groups never overlap -------------------------------------------------------------------

@scenario('d4-group-onto-group')
def d4_group_onto_group(app):
    """Drag rg-b by its header onto rg-a."""
    a, b = app.bounds('rg-a'), app.bounds('rg-b')
    x0, y0 = app.to_screen(b.x + 60, b.y + 14)
    x1, y1 = app.to_screen(a.x + 120, a.y + 30)
    app.drag(x0, y0, x1, y1)
    app.wait_for(lambda g: app.bounds('rg-b', g).x != b.x or app.bounds('rg-a', g).x != a.x,
                 'the move to be applied')
    doc = app.save()
    overlaps = lanes_overlaps(doc)
    check(not overlaps, f'groups overlap after the move: {overlaps}')
    g = app.geometry()
    ga, gb = app.bounds('rg-a', g), app.bounds('rg-b', g)
    check(not ga.intersects(gb), f'on screen rg-a {ga} and rg-b {gb} overlap')


# D5: focus after adding a team ------------------------------------------------------------------

@scenario('d5-add-team-focus')
def d5_add_team_focus(app):
    """Nothing selected: the inspector shows the design. Add a team, then keep typing."""
    row = app.wait_for(lambda g: app.widget(lambda w: w.get('title') == 'Add team (id)', g),
                       'the "Add team (id)" row')
    r = Rect(row['rect'])
    app.click(*app.surface_to_screen(r.x + 60, r.cy))
    app.wait_for(lambda g: (g.get('focus') or {}).get('title') == 'Add team (id)',
                 'the "Add team (id)" row to have the focus')
    app.type('newteam')
    app.key('Return')
    app.wait_for(lambda g: 'newteam' in g['document']['teams'], 'the team to be added')
    # a person keeps typing where they think the focus is
    app.type('zzz')
    app.key('Return')
    time.sleep(0.3)
    g = app.geometry()
    log(f'focus after adding the team: {g.get("focus")}')
    doc = app.save()
    check(doc.get('name') == 'E2E design',
          f'the design name became {doc.get("name")!r} (focus jumped into the Name field)')
    check(any(t['id'] == 'newteam' for t in doc.get('teams', [])), 'the new team is not saved')
    name_row = app.widget(lambda w: w.get('title') == 'Name')
    check(name_row is None or name_row.get('text') == 'E2E design',
          f'the Name field shows {name_row and name_row.get("text")!r}')


# D6 and nudge -----------------------------------------------------------------------------------

def check_inside(doc, rid):
    card = saved_resource(doc, rid)
    group = saved_resource(doc, card['group'])
    c, gl = card['layout'], group['layout']
    return c, gl


@scenario('d6-nudge-at-group-edge')
def d6_nudge_at_group_edge(app):
    """kv-a sits near rg-a's left and bottom edges; arrow keys push it towards them."""
    app.select('kv-a')
    g0 = app.geometry()
    card0 = app.bounds('kv-a', g0)
    for key in ['Left'] * 6 + ['Down'] * 8:
        app.key(key)
    app.wait_for(lambda g: app.bounds('kv-a', g).x != card0.x or
                 app.bounds('kv-a', g).y != card0.y or app.bounds('rg-a', g).h != 232,
                 'the nudges to be handled')
    g = app.settle()
    card, group = app.bounds('kv-a', g), app.bounds(app.resource('kv-a', g)['group'], g)
    check(app.resource('kv-a', g)['group'] == 'rg-a', 'kv-a left rg-a')
    check(group.contains(card), f'on screen kv-a {card} is outside its group {group}')
    if app.modified_marker():
        doc = app.save()
        c = saved_resource(doc, 'kv-a')
        gl = saved_resource(doc, c['group'])['layout']
        cl = c['layout']
        check(c['group'] == 'rg-a', 'kv-a saved in another group')
        check(cl['x'] >= 0 and cl['y'] >= 0 and cl['x'] + card.w <= gl['w'] and
              cl['y'] + card.h <= gl['h'],
              f'saved kv-a at {cl} is outside its group {gl["w"]}x{gl["h"]}')


@scenario('nudge')
def nudge(app):
    """Right ×3 moves a card three grid steps; Shift+Down five."""
    app.select('mlw-a')
    b0 = app.bounds('mlw-a')
    for _ in range(3):
        app.key('Right')
    app.key('shift+Down')
    app.wait_for(lambda g: app.bounds('mlw-a', g).x == b0.x + 24 and
                 app.bounds('mlw-a', g).y == b0.y + 40, 'mlw-a to move by (24, 40)')
    doc = app.save()
    l0 = saved_resource(app_original(app), 'mlw-a')['layout']
    l1 = saved_resource(doc, 'mlw-a')['layout']
    check((l1['x'] - l0['x'], l1['y'] - l0['y']) == (24, 40),
          f'saved mlw-a moved by ({l1["x"] - l0["x"]}, {l1["y"] - l0["y"]}), expected (24, 40)')


def app_original(app):
    import json
    return json.loads(app.original)


# D7: a broken file does not replace unsaved work --------------------------------------------------

@scenario('d7-open-broken-file')
def d7_open_broken_file(app):
    app.select('st-a')
    b0 = app.bounds('st-a')
    app.key('Right')
    app.wait_for(lambda g: app.bounds('st-a', g).x == b0.x + 8, 'the nudge')
    app.poll(app.modified_marker, 'the modified marker')
    open_broken(app)
    g = app.geometry()
    check(app.bounds('st-a', g).x == b0.x + 8, 'the unsaved move is gone')
    check(app.modified_marker(), 'the window no longer shows unsaved changes')
    check(g['document']['name'] == 'E2E design', 'the design was replaced')


@scenario('open-broken-file', fixture=None, name='Untitled Design')
def open_broken_file(app):
    """A blank window: Ctrl+O of a broken file shows an error naming the file and the problem."""
    open_broken(app)
    check(app.geometry()['document'].get('name') in (None, 'Untitled Design'),
          'the blank design was replaced')


def open_broken(app):
    broken = os.path.join(app.tmp, 'broken.topograph')
    with open(broken, 'w') as f:
        f.write('{ "format": "topograph", "version": 1, "resources": [ {"id": }\n')
    app.key('ctrl+o')
    # the file chooser (GTK's own dialog: no portal here); Ctrl+L opens its location entry
    app.wait_for(lambda g: any(t['type'] == 'GtkFileChooserDialog' for t in g['toplevels']),
                 'the file chooser')
    app.poll(lambda: chooser_window(app), 'the file chooser on screen')
    app.key('ctrl+l')

    def location(g):
        return app.widget(lambda w: w['type'] == 'GtkFileChooserEntry', {'widgets': all_widgets(g)})
    app.wait_for(location, 'the location entry')
    # the entry completes file names as they are typed, asynchronously: on a slow machine a
    # completion can land in the middle of the typing, so the path is checked and retyped
    for attempt in range(4):
        if attempt:
            app.key('ctrl+a')
        app.type(broken)
        try:   # the keys are all sent; a slow application may still be taking them in
            app.wait_for(lambda g: location(g)['text'] == broken, 'the typed path', timeout=10)
        except AssertionError:
            pass
        text = location(app.settle(0.3))['text']
        if text != broken and text.startswith(broken):
            app.key('Delete')   # a completed suffix, selected
            text = location(app.settle(0.3))['text']
        if text == broken:
            break
        log(f'the location entry shows {text!r}; typing again')
    check(text == broken, f'the location entry shows {text!r}, not the path typed')
    app.key('Return')
    return app.wait_for(visible_label(app, 'broken.topograph'),
                        'an error naming broken.topograph (dialog or toast)', timeout=10)


def chooser_window(app):
    try:
        out = app.run(['xdotool', 'search', '--onlyvisible', '--name', 'Open Design'])
    except AssertionError:
        return None
    return out.split()[0] if out.split() else None


# Issues: suppress, export anyway ----------------------------------------------------------------

def issues_tab(app):
    """Clicks the Issues tab of the sidebar and waits for the panel's "Suppress…" buttons."""
    tab = app.wait_for(lambda g: app.widget(lambda w: w['type'] == 'GtkLabel' and w.get('label') == 'Issues', g),
                       'the Issues tab')
    app.click(*app.surface_to_screen(Rect(tab['rect']).cx, Rect(tab['rect']).cy))
    return app.wait_for(lambda g: app.widget(lambda w: w.get('label') == 'Suppress…', g),
                        'a "Suppress…" button in the Issues panel')


@scenario('suppress-reason-undo', fixture='bad-name.topograph')
def suppress_reason_undo(app):
    """"Suppress…" on the NAM001 finding of st-a asks for a reason; the suppression is saved with
    it, the finding moves to the Suppressed section; one Ctrl+Z takes it all back."""
    issues_tab(app)

    def finding(g):
        message = app.widget(lambda w: w['type'] == 'GtkLabel' and 'ST_A Bad!' in (w.get('label') or ''), g)
        return (g, message) if message is not None else None
    g, message = app.wait_for(finding, 'the NAM001 finding of st-a in the Issues panel')
    below = [w for w in g['widgets'] if w.get('label') == 'Suppress…' and Rect(w['rect']).y > Rect(message['rect']).y]
    check(below, 'no "Suppress…" button below the finding')
    button = Rect(min(below, key=lambda w: Rect(w['rect']).y)['rect'])
    app.click(*app.surface_to_screen(button.cx, button.cy))
    app.wait_for(visible_label(app, 'Say why it is accepted'), 'the dialog asking for the reason')
    app.type('Legacy account, renamed in Q3')
    app.key('Return')
    app.wait_for(lambda g: app.widget(lambda w: w['type'] == 'GtkLabel' and w.get('label') == 'Suppressed (1)', g),
                 'the Suppressed section')
    doc = app.save()
    check(doc.get('suppressions') == [{'rule': 'NAM001', 'subjects': ['st-a'],
                                       'justification': 'Legacy account, renamed in Q3'}],
          f'saved suppressions: {doc.get("suppressions")!r}')
    app.key('ctrl+z')
    app.poll(app.modified_marker, 'the undo')
    doc = app.save()
    check('suppressions' not in doc, f'one undo left {doc.get("suppressions")!r}')
    app.wait_for(lambda g: app.widget(lambda w: w.get('label') == 'Suppressed (1)', g) is None,
                 'the Suppressed section to go with the suppression')


@scenario('export-arm-anyway', fixture='bad-name.topograph')
def export_arm_anyway(app):
    """Menu → Export → ARM Template… of a design with an error lists it and offers "Export
    Anyway", which goes on to the file chooser and writes the template."""
    out = os.path.join(app.tmp, 'anyway.json')
    open_arm_export(app)
    app.wait_for(visible_label(app, 'ST_A Bad!'), 'the error in the dialog')
    app.key('Tab')     # from Cancel, the default, to Export Anyway
    app.key('Return')
    app.wait_for(lambda g: any(t['type'] == 'GtkFileChooserDialog' for t in g['toplevels']), 'the file chooser')
    time.sleep(0.5)
    app.key('ctrl+a')
    app.type(out)
    app.key('Return')
    app.poll(lambda: os.path.exists(out), 'the template to be written', timeout=10)
    with open(out) as f:
        template = json.load(f)
    check('ST_A Bad!' in json.dumps(template['resources']), 'the template lacks the storage account')


@scenario('export-arm-accepted-error', fixture='bad-name-accepted.topograph')
def export_arm_accepted_error(app):
    """The design suppresses its NAM001 finding (validation is green), but Azure rejects the name:
    the ARM export still lists it, says it was accepted, and Cancel exports nothing."""
    open_arm_export(app)
    app.wait_for(visible_label(app, 'accepted in the design, but Azure rejects the template'),
                 'the accepted error, marked as such')
    app.key('Escape')
    app.wait_for(lambda g: not g['toplevels'], 'the dialog to close')
    exported = [n for n in os.listdir(app.tmp) if n.endswith('.json') and n != 'geometry.json']
    check(not exported, f'Cancel exported {exported}')


def open_arm_export(app):
    """Menu → Export → ARM Template… until the dialog listing the errors shows."""
    # F10 opens the main menu, E its Export submenu, A "ARM Template…" (mnemonics). A popover
    # reports nothing while it opens: on a slow machine a key can come too early, so the menu is
    # closed and walked again.
    for attempt in range(3):
        app.key('Escape', 'Escape', 'Escape')
        app.settle(0.3)
        app.key('F10')
        app.settle(0.5)
        app.key('e')
        app.settle(0.5)
        app.key('a')
        try:
            app.wait_for(visible_label(app, 'Azure would reject the template'), 'the dialog listing the errors',
                         timeout=5)
            break
        except AssertionError:
            log(f'attempt {attempt + 1}: no dialog after F10, E, A; again')
    app.wait_for(visible_label(app, 'Azure would reject the template'), 'the dialog listing the errors')


# Palette, connect, fit ----------------------------------------------------------------------

@scenario('palette-drop-into-group')
def palette_drop_into_group(app):
    g0 = app.geometry()
    n0 = len(g0['document']['resources'])
    b = app.bounds('rg-b', g0)
    palette_drag(app, 'key-vault', b.x + 280, b.y + 170)
    g = app.wait_for(lambda g: len(g['document']['resources']) == n0 + 1 and g,
                     'a new resource after the drop')
    new = [rid for rid in g['document']['resources'] if rid not in g0['document']['resources']]
    doc = app.save()
    r = saved_resource(doc, new[0])
    check(r['type'] == 'key-vault', f'the new resource is a {r["type"]}')
    check(r.get('group') == 'rg-b', f'the new key vault is in {r.get("group")}, not rg-b')


@scenario('palette-drop-group-on-lane')
def palette_drop_group_on_lane(app):
    """A resource group dragged from the palette onto the empty northeurope lane."""
    g0 = app.geometry()
    n0 = len(g0['document']['resources'])
    lane = Rect([l for l in g0['document']['lanes'] if l['region'] == 'northeurope'][0]['bounds'])
    palette_drag(app, 'resource-group', lane.x + 320, lane.y + 60)
    g = app.wait_for(lambda g: len(g['document']['resources']) == n0 + 1 and g,
                     'a new resource group after the drop')
    new = [rid for rid in g['document']['resources'] if rid not in g0['document']['resources']]
    b = app.bounds(new[0], g)
    lane = Rect([l for l in g['document']['lanes'] if l['region'] == 'northeurope'][0]['bounds'])
    check(lane.contains(b), f'the new group {b} is not inside the northeurope lane {lane}')
    doc = app.save()
    r = saved_resource(doc, new[0])
    check(r['type'] == 'resource-group', f'the new resource is a {r["type"]}')
    check(r.get('region') == 'northeurope', f'the new group is in {r.get("region")}')


def note_editor(app, g):
    """The inline note editor's text view: the one over the canvas (the inspector has another)."""
    canvas = Rect(g['canvas']['rect'])
    return app.widget(lambda w: w['type'] == 'GtkTextView' and
                      canvas.x <= Rect(w['rect']).cx <= canvas.right, g)


@scenario('note-drop-edit-save')
def note_drop_edit_save(app):
    """A Note dragged from the palette onto st-a, typed into, kept with Ctrl+Enter, saved with
    Ctrl+S; then st-a is dragged and the note follows it."""
    g0 = app.geometry()
    st = app.bounds('st-a', g0)
    palette_drag(app, 'note', st.cx, st.cy)
    g = app.wait_for(lambda g: len(g['document'].get('notes', {})) == 1 and g, 'a note after the drop')
    nid, note = next(iter(g['document']['notes'].items()))
    check(note.get('attach') == 'st-a', f'the note is on {note.get("attach")}, not st-a')

    # the editor opens by itself, with the keyboard in it (a click into it if the popover was
    # mapped without the focus, as a person would)
    view = app.wait_for(lambda g: note_editor(app, g), 'the note editor to open after the drop')
    if not view.get('focused'):
        r = Rect(view['rect'])
        app.click(*app.surface_to_screen(r.cx, r.cy))
        app.wait_for(lambda g: (note_editor(app, g) or {}).get('focused'), 'the keyboard in the note editor')
    text = 'Decision: keep *st-a* private'
    app.type(text)
    app.key('ctrl+Return')
    app.wait_for(lambda g: g['document']['notes'][nid]['text'] == text and not note_editor(app, g),
                 'Ctrl+Enter to keep the text and close the editor')
    doc = app.save()
    saved = doc.get('notes', [])
    check(len(saved) == 1, f'the saved file has {len(saved)} notes')
    check(saved[0]['id'] == nid and saved[0]['text'] == text and saved[0].get('attach') == 'st-a',
          f'saved note: {saved[0]}')
    offset = saved[0].get('layout')

    # the card moves within its group: the note follows it (same offset, new place)
    app.select('st-a')
    g = app.geometry()
    before_note = Rect(g['document']['notes'][nid]['bounds'])
    before_st = app.bounds('st-a', g)
    x0, y0 = app.to_screen(before_st.cx, before_st.cy, g)
    zoom = g['canvas']['zoom']
    app.drag(x0, y0, x0, y0 + 96 * zoom)
    g = app.wait_for(lambda g: app.bounds('st-a', g).y > before_st.y + 40 and g, 'st-a to move down')
    after_st = app.bounds('st-a', g)
    after_note = Rect(g['document']['notes'][nid]['bounds'])
    check(abs((after_note.y - before_note.y) - (after_st.y - before_st.y)) < 0.5 and
          abs((after_note.x - before_note.x) - (after_st.x - before_st.x)) < 0.5,
          f'the note moved by {after_note.x - before_note.x},{after_note.y - before_note.y}, '
          f'st-a by {after_st.x - before_st.x},{after_st.y - before_st.y}')
    doc = app.save()
    check(doc['notes'][0].get('layout') == offset and doc['notes'][0].get('attach') == 'st-a',
          f'after the move the saved note is {doc["notes"][0]}, its offset was {offset}')


@scenario('click-then-drag')
def click_then_drag(app):
    """A click on a card and, at once, a drag of it (the second press within the double-click
    time, as a hand selects and moves): the card moves, no rename opens over it, and Ctrl+S
    saves the move (the drag used to end in the rename popover, which kept the keys)."""
    y_file = saved_resource(app.saved(), 'st-a')['layout']['y']
    g = app.geometry()
    b = app.bounds('st-a', g)
    x0, y0 = app.to_screen(b.cx, b.cy, g)
    zoom = g['canvas']['zoom']
    app.click(x0, y0)
    app.last_click = 0   # no pause: the drag's press comes within the double-click time
    app.drag(x0, y0, x0, y0 + 96 * zoom)
    g = app.wait_for(lambda g: app.bounds('st-a', g).y > b.y + 40 and g, 'st-a to move down')
    moved = app.bounds('st-a', g)
    time.sleep(0.6)   # a rename would open on an idle after the release
    g = app.geometry()
    check((g.get('focus') or {}).get('type') == 'TopoCanvas',
          f'the keyboard left the canvas after the drag: {g.get("focus")}')
    doc = app.save()
    y_saved = saved_resource(doc, 'st-a')['layout']['y']
    check(y_saved - y_file == moved.y - b.y,
          f'saved st-a {y_saved - y_file} lower, it moved {moved.y - b.y} on the canvas')


@scenario('ctrl-s-while-editing')
def ctrl_s_while_editing(app):
    """Ctrl+S with the inline rename open keeps the typed name and saves; so does Ctrl+S in a
    note's editor with its text (the window's shortcuts did not reach into those popovers, and
    Ctrl+S did nothing there)."""
    app.select('st-a')
    app.key('F2')
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') == 'GtkText', 'the rename entry to have the focus')
    app.key('ctrl+a')
    app.type('stsavedweu')
    app.key('ctrl+s')
    app.poll(lambda: saved_resource(app.saved(), 'st-a')['name'] == 'stsavedweu',
             'Ctrl+S in the rename to save the new name')
    app.poll(lambda: not app.modified_marker(), 'the title to lose its modified marker')

    st = app.bounds('st-a')
    palette_drag(app, 'note', st.cx, st.cy)
    view = app.wait_for(lambda g: note_editor(app, g), 'the note editor to open after the drop')
    if not view.get('focused'):
        r = Rect(view['rect'])
        app.click(*app.surface_to_screen(r.cx, r.cy))
        app.wait_for(lambda g: (note_editor(app, g) or {}).get('focused'), 'the keyboard in the note editor')
    app.type('Saved with Ctrl+S')
    app.key('ctrl+s')
    app.poll(lambda: [n.get('text') for n in app.saved().get('notes', [])] == ['Saved with Ctrl+S'],
             'Ctrl+S in the note editor to save the note with its text')


@scenario('drag-escape-cancels')
def drag_escape_cancels(app):
    """Escape while a card is being dragged puts it back; releasing then changes nothing."""
    b0 = app.bounds('st-a')
    x0, y0 = app.to_screen(b0.cx, b0.cy)

    def escape():
        app.wait_for(lambda g: app.bounds('st-a', g).x != b0.x, 'the card to follow the pointer')
        app.key('Escape')
        app.wait_for(lambda g: app.bounds('st-a', g).x == b0.x and
                     app.bounds('st-a', g).y == b0.y, 'Escape to put the card back')
    zoom = app.geometry()['canvas']['zoom']
    app.drag(x0, y0, x0 + 120 * zoom, y0 + 90 * zoom, before_release=escape)
    g = app.settle()
    check(app.bounds('st-a', g).x == b0.x and app.bounds('st-a', g).y == b0.y,
          f'st-a moved to {app.bounds("st-a", g)} after the release')
    check(not g['document']['can_undo'], 'the cancelled drag left an undo step')
    check(not app.modified_marker(), 'the cancelled drag left the design modified')
    check(app.read_file() == app.original, 'the file changed')


def connect(app, src, dst):
    app.select(src)
    g = app.geometry()
    hx, hy = app.resource(src, g)['connect_handle']
    x0, y0 = app.surface_to_screen(hx, hy)
    t = app.bounds(dst, g)
    x1, y1 = app.to_screen(t.cx, t.cy, g)
    app.drag(x0, y0, x1, y1)
    app.wait_for(lambda g: g['document']['links'], 'a link')
    return app.save()


@scenario('connect-workspace-to-storage')
def connect_workspace_to_storage(app):
    doc = connect(app, 'mlw-a', 'st-a')
    links = doc.get('links', [])
    check(len(links) == 1 and links[0]['type'] == 'datastore' and
          (links[0]['from'], links[0]['to']) == ('mlw-a', 'st-a'),
          f'saved links: {links}')


@scenario('connect-storage-to-workspace')
def connect_storage_to_workspace(app):
    doc = connect(app, 'st-a', 'mlw-a')
    links = doc.get('links', [])
    check(len(links) == 1 and links[0]['type'] == 'datastore' and
          (links[0]['from'], links[0]['to']) == ('mlw-a', 'st-a'),
          f'saved links (storage → workspace should make the same datastore link): {links}')


@scenario('d3-refused-link-toast')
def d3_refused_link_toast(app):
    """A key vault's "+" dropped on an AKS cluster: no link, and a toast says why, whole."""
    app.select('kv-a')
    g = app.geometry()
    hx, hy = app.resource('kv-a', g)['connect_handle']
    t = app.bounds('aks-b', g)
    app.drag(*app.surface_to_screen(hx, hy), *app.to_screen(t.cx, t.cy, g))
    label = app.wait_for(lambda g: g.get('message') and visible_label(app, g['message'])(g),
                         'a message saying why the link is refused')
    text = label['label']
    log(f'message: {text}')
    check(not app.geometry()['document']['links'], 'a link was made')
    check(not app.modified_marker(), 'the refused link left the design modified')
    check(' a AKS' not in text and ' a Application' not in text, f'bad article in {text!r}')
    # the toast shows the whole message: its label is not cut by the window
    r = Rect(label['rect'])
    win_w = int(app.run(['xdotool', 'getwindowgeometry', '--shell', app.wid]).split('WIDTH=')[1].split()[0])
    check(r.x >= 0 and r.right <= win_w, f'the toast label {r} is cut off by the window ({win_w} px)')
    check(not label.get('ellipsized'), f'the toast cuts the message short: {text!r}')


def menu_label(app, text):
    """A label of an open popover menu whose text is exactly `text`."""
    def find(g):
        for w in all_widgets(g):
            if w['type'] == 'GtkLabel' and w.get('label') == text:
                return w
        return None
    return find


@scenario('context-menu-connect-to')
def context_menu_connect_to(app):
    """Shift+F10 on a resource group: "Connect To" is insensitive (groups are never linked).
    On the workspace it is a submenu listing the storage account (and not the workspace
    itself); choosing it with the mouse makes the datastore link as one undo step."""
    app.select('rg-a')
    app.key('shift+F10')
    item = app.wait_for(menu_label(app, 'Connect To'), 'the context menu of rg-a')
    shot = os.environ.get('TOPOGRAPH_E2E_SHOT')
    if shot:
        app.run(['import', '-window', 'root', shot + '-group.png'])
    check(not item['sensitive'], 'Connect To is enabled for a resource group')
    app.key('Escape')
    app.wait_for(lambda g: not menu_label(app, 'Connect To')(g), 'the menu to close')

    app.select('mlw-a')
    before = Screenshot(app)
    app.key('shift+F10')
    item = app.wait_for(menu_label(app, 'Connect To'), 'the context menu of mlw-a')
    check(item['sensitive'], 'Connect To is insensitive for a workspace that can be linked')
    r = Rect(item['rect'])
    app.wait_on_screen(Rect([*app.surface_to_screen(r.x, r.y), r.w, r.h]), before,
                       'the menu to be drawn')
    before = Screenshot(app)
    app.click(*app.surface_to_screen(r.cx, r.cy))
    target = app.wait_for(menu_label(app, 'stadevweu (Storage account)'),
                          'the Connect To submenu listing stadevweu')
    # the submenu slides in over the menu: wait until its rows stop moving
    target = app.settle()
    target = menu_label(app, 'stadevweu (Storage account)')(target)
    check(target is not None, 'the submenu closed')
    r = Rect(target['rect'])
    app.wait_on_screen(Rect([*app.surface_to_screen(r.x, r.y), r.w, r.h]), before,
                       'the submenu to be drawn')
    g = app.geometry()
    check(not menu_label(app, 'mlw-a-dev-weu (Workspace)')(g), 'the workspace lists itself')
    if shot:
        app.run(['import', '-window', 'root', shot + '-workspace.png'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    app.wait_for(lambda g: g['document']['links'], 'the link')
    app.wait_for(lambda g: not menu_label(app, 'stadevweu (Storage account)')(g),
                 'the menu to close')
    try:
        app.wait_for(lambda g: (g.get('focus') or {}).get('type') == 'TopoCanvas',
                     'the keyboard focus back on the canvas', timeout=5)
    except Failure:
        raise Failure(f'the focus is on {app.geometry().get("focus")}, not the canvas')
    doc = app.save()
    links = doc.get('links', [])
    check(len(links) == 1 and links[0]['type'] == 'datastore' and
          (links[0]['from'], links[0]['to']) == ('mlw-a', 'st-a'), f'saved links: {links}')
    app.key('ctrl+z')
    app.wait_for(lambda g: not g['document']['links'], 'one Ctrl+Z to remove the link')


# Capacity: a quota for any region and family (issue 14) ---------------------------------------

def click_label(app, text, what, exact=True):
    """Clicks the middle of the visible label `text` (waiting for it)."""
    def find(g):
        for w in all_widgets(g):
            label = w.get('label') or ''
            # a popover's labels are reported before it has its size: not there yet
            if (w['type'] == 'GtkLabel' and (label == text if exact else text in label) and
                    w['rect'][2] > 0 and w['rect'][3] > 0):
                return w
        return None
    w = app.wait_for(find, what)
    r = Rect(w['rect'])
    log(f'clicking {text!r} at {r}')
    app.click(*app.surface_to_screen(r.cx, r.cy))
    return w


def add_quota_heading(g):
    """The open Add Quota popover's heading (sized: on screen)."""
    for w in all_widgets(g):
        if w['type'] == 'GtkLabel' and w.get('label') == 'Add Quota' and w['rect'][2] > 0 and w['rect'][3] > 0:
            return w
    return None


def open_add_quota(app):
    """Clicks "Add Quota…" until its popover is on screen (a click that lands while the previous
    popover is still closing does not open it)."""
    app.wait_for(lambda g: not add_quota_heading(g), 'the previous popover to close')
    for attempt in range(3):
        click_label(app, 'Add Quota…', 'the Add Quota… button')
        try:
            app.wait_for(add_quota_heading, 'the Add Quota popover', timeout=5)
            return
        except Failure:
            log(f'the popover did not open (attempt {attempt + 1})')
    raise Failure('"Add Quota…" does not open its popover')


@scenario('capacity-add-quota')
def capacity_add_quota(app):
    """The Capacity tab's "Add Quota…": a family found by typing, a vCPU count typed, Enter; then
    a regional total for the other lane chosen in the region list. Both are saved in
    policy.quotas, and the tab shows the family's row against its new quota."""
    click_label(app, 'Capacity', 'the Capacity tab')
    # aks-b: 3 nodes of the export's default size (Standard_DS3_v2, 4 vCPUs) in westeurope
    app.wait_for(visible_label(app, 'standardDSv2Family'), 'the standardDSv2Family row')
    open_add_quota(app)
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') == 'GtkText',
                 'the family search to have the focus')
    app.type('dsv2')
    app.wait_for(visible_label(app, 'standardDSv2Family'), 'the family in the list')
    app.key('Return')
    # Enter chose the first match and went on to the vCPUs: the plan is the starting value
    app.wait_for(visible_label(app, 'the design plans up to 12 vCPUs here'), 'the planned vCPUs')
    app.key('ctrl+a')
    app.type('96')
    app.key('Return')
    app.wait_for(lambda g: g['document']['can_undo'], 'the quota to be set (an undo step)')
    app.wait_for(visible_label(app, '12 of 96 vCPUs'), 'the row to say 12 of 96 vCPUs')

    # the regional total of the other lane, its region picked from the list
    open_add_quota(app)
    click_label(app, 'West Europe (westeurope) — in the design', 'the region drop-down')
    click_label(app, 'North Europe (northeurope) — in the design', 'North Europe in the list')
    # the chosen region's pair has no quota: the popover says what the design plans there
    app.wait_for(lambda g: app.widget(lambda w: w['type'] == 'GtkLabel' and
                                      w.get('label') == 'North Europe (northeurope) — in the design', g),
                 'the drop-down to show North Europe')
    time.sleep(0.3)
    # from the drop-down, Tab goes to the family search
    app.key('Tab')
    app.type('regional total')
    app.key('Return')
    app.wait_for(visible_label(app, 'the design plans up to 0 vCPUs here'), 'the regional total chosen')
    app.key('ctrl+a')
    app.type('200')
    app.key('Return')
    app.wait_for(visible_label(app, '0 of 200 vCPUs'), 'the North Europe total row to say 0 of 200 vCPUs')

    doc = app.save()
    quotas = doc.get('policy', {}).get('quotas')
    log(f'saved quotas: {quotas}')
    check(quotas == [{'region': 'westeurope', 'family': 'standardDSv2Family', 'vcpus': 96},
                     {'region': 'northeurope', 'total': 200}],
          f'saved policy.quotas: {quotas}')
    # each quota is one undo step: Ctrl+Z twice gives the file back as it was
    app.key('ctrl+z')
    app.key('ctrl+z')
    doc = app.save()
    check('quotas' not in doc.get('policy', {}), f'after two undos: {doc.get("policy")}')


# Window-wide keys ----------------------------------------------------------------------------

@scenario('keys-anywhere')
def keys_anywhere(app):
    """With the focus in the side panel, Ctrl+− zooms out and Ctrl+1 fits; Ctrl+A in a text
    field is the field's, elsewhere it selects every card; Ctrl+P opens the print dialog."""
    n = len(app.geometry()['document']['resources'])
    app.key('ctrl+f')   # the outline's search field
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') not in (None, 'TopoCanvas'),
                 'the outline search field to have the focus')
    z0 = app.geometry()['canvas']['zoom']
    app.key('ctrl+minus')
    app.wait_for(lambda g: g['canvas']['zoom'] < z0 - 1e-6, 'Ctrl+- to zoom out from the search field')
    app.key('ctrl+1')
    app.wait_for(lambda g: design_fits(app, g), 'Ctrl+1 to fit from the search field')
    app.key('ctrl+a')
    check(not app.settle()['canvas']['selection'], 'Ctrl+A in a text field selected the cards')

    # the header bar's Fit button: it takes the focus on a click, and is no text field
    fit = app.wait_for(lambda g: app.widget(lambda w: w.get('icon') == 'zoom-fit-best-symbolic', g),
                       'the Fit to Window button')
    r = Rect(fit['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    app.wait_for(lambda g: (g.get('focus') or {}).get('icon') == 'zoom-fit-best-symbolic',
                 'the Fit button to have the focus')
    app.key('ctrl+a')
    app.wait_for(lambda g: len(g['canvas']['selection']) == n, f'Ctrl+A to select all {n} cards')

    app.key('ctrl+p')
    app.wait_for(lambda g: any(t['type'] == 'GtkPrintUnixDialog' for t in g['toplevels']),
                 'the print dialog')


def focus_canvas(app):
    """Clicks an empty part of the canvas (below the lanes), so keys go to the canvas."""
    g = app.geometry()
    lanes = [Rect(l['bounds']) for l in g['document']['lanes']]
    canvas = app.canvas_rect(g)
    x, y = app.to_screen(lanes[0].x + 300, max(l.bottom for l in lanes) + 40, g)
    if y > canvas.bottom - 10:   # the lanes fill the canvas: the lane header column then
        x, y = app.to_screen(lanes[0].x + 20, lanes[0].y + 150, g)
    app.click(x, y)
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') == 'TopoCanvas',
                 'the canvas to have the focus')


def design_fits(app, g):
    """Every lane's corners are inside the canvas."""
    canvas = app.canvas_rect(g)
    for lane in g['document']['lanes']:
        b = Rect(lane['bounds'])
        for x, y in ((b.x, b.y), (b.right, b.bottom)):
            sx, sy = app.to_screen(x, y, g)
            if not (canvas.x - 1 <= sx <= canvas.right + 1 and
                    canvas.y - 1 <= sy <= canvas.bottom + 1):
                return False
    return True


@scenario('fit-10k', generate=10000)
def fit_10k(app):
    """A generated 10 000-resource design opens whole; zoomed in to 100 %, Ctrl+1 shows all of
    it again (the minimum zoom is low enough)."""
    g = app.wait_for(lambda g: g if design_fits(app, g) else None, 'the design to open fitted',
                     timeout=60)
    opened_zoom = g['canvas']['zoom']
    check(opened_zoom < 0.05, f'a 10 000-resource design opens at zoom {opened_zoom:.4f}')
    focus_canvas(app)
    app.key('ctrl+0')   # 100 %: most of the design is out of view
    app.wait_for(lambda g: abs(g['canvas']['zoom'] - 1.0) < 1e-6 and not design_fits(app, g),
                 'Ctrl+0 to zoom to 100 %')
    app.key('ctrl+1')
    try:
        app.wait_for(lambda g: g['canvas']['zoom'] < 0.05 and design_fits(app, g),
                     'Ctrl+1 to fit the whole design', timeout=60)
    except AssertionError:
        g = app.geometry()
        lanes = [Rect(l['bounds']) for l in g['document']['lanes']]
        extent = (min(l.x for l in lanes), min(l.y for l in lanes),
                  max(l.right for l in lanes), max(l.bottom for l in lanes))
        raise AssertionError(f'after Ctrl+1 the design (extent {extent}) does not fit the '
                             f'canvas {app.canvas_rect(g)} at zoom {g["canvas"]["zoom"]:.4f}')


@scenario('fit')
def fit(app):
    """Zoom in until the design does not fit, then Ctrl+1 shows all of it."""
    focus_canvas(app)
    for _ in range(4):
        app.key('ctrl+equal')
    app.wait_for(lambda g: g['canvas']['zoom'] > 1.5, 'zooming in')
    app.key('ctrl+1')
    g = app.wait_for(lambda g: g if design_fits(app, g) and g['canvas']['zoom'] < 1.5 else None,
                     'Ctrl+1 to fit the whole design in the canvas')
    # and the screen shows it: rg-b's right edge is drawn where the geometry says (the canvas
    # paints tiles as they are rendered, so this is polled too)
    b = app.bounds('rg-b', g)
    edge_at = app.to_screen(b.right - 2, b.cy, g)
    bg_at = app.to_screen(b.right + 12, b.cy, g)

    def drawn():
        shot = Screenshot(app)
        return shot.pixel(*edge_at) != shot.pixel(*bg_at)
    app.poll(drawn, "rg-b's right edge to be drawn where the geometry puts it")


# Side panel: outline search, issues, inspector, zoom button, recovered work ---------------------

def side_tab(app, name):
    """Clicks a side panel tab (its label in the view switcher)."""
    tab = app.wait_for(lambda g: app.widget(lambda w: w['type'] == 'GtkLabel' and w.get('label') == name, g),
                       f'the {name} tab')
    r = Rect(tab['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))


def side_labels(app, g):
    """The texts of the labels in the side panel (right of the canvas)."""
    canvas = g['canvas']['rect']
    return [w.get('label') for w in g.get('widgets', [])
            if w['type'] == 'GtkLabel' and w['rect'][0] >= canvas[0] + canvas[2] and w.get('label')]


def wait_drawn(app, before, rect_surface, what):
    r = Rect(rect_surface)
    app.wait_on_screen(Rect([*app.surface_to_screen(r.x, r.y), r.w, r.h]), before, what)


@scenario('outline-search', fixture='two-bad-names.topograph')
def outline_search(app):
    """Ctrl+F goes to the Outline's search: typing a type ("key vault"), a rule id (NAM001) or a
    name keeps the matching rows (with their group and lane); choosing a row with the mouse
    selects that resource on the canvas; Escape clears the search."""
    focus_canvas(app)
    app.key('ctrl+f')
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') in ('GtkText', 'GtkSearchEntry'),
                 'the outline search field to have the focus')
    app.type('key vault')
    g = app.wait_for(lambda g: g if 'kv-a-dev-weu' in side_labels(app, g) and
                     'mlw-a-dev-weu' not in side_labels(app, g) else None,
                     'the outline to keep the key vault only')
    labels = side_labels(app, g)
    check('rg-a-dev-weu' in labels, f'the key vault row without its group: {labels}')
    check('STBPRODWEU_X' not in labels, f'a storage account matched "key vault": {labels}')
    app.key('ctrl+a', 'BackSpace')
    app.type('NAM001')
    g = app.wait_for(lambda g: g if 'STADEVWEU_X' in side_labels(app, g) and
                     'STBPRODWEU_X' in side_labels(app, g) and
                     'kv-a-dev-weu' not in side_labels(app, g) else None,
                     'the outline to keep the two resources with NAM001 findings')
    log(f'NAM001 rows: {side_labels(app, g)}')
    row = app.widget(lambda w: w['type'] == 'GtkLabel' and w.get('label') == 'STBPRODWEU_X', g)
    before = Screenshot(app)
    r = Rect(row['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    app.wait_for(lambda g: g['canvas']['selection'] == ['st-b'],
                 'choosing the outline row to select st-b on the canvas')
    # and a card clicked on the canvas is the outline's selection (the inspector follows)
    app.select('st-a')
    app.key('ctrl+f')
    app.key('Escape')
    app.wait_for(lambda g: 'mlw-a-dev-weu' in side_labels(app, g), 'Escape to clear the search')


@scenario('issues-fix-all', fixture='two-bad-names.topograph')
def issues_fix_all(app):
    """The Issues tab groups findings by severity and rule, with a filter; a rule with two
    fixable findings has Fix All 2, a button that applies both as one undo step; each finding
    also has its own fix button."""
    side_tab(app, 'Issues')
    # the panel fills in over a few frames: wait for the heading too, not one state
    g = app.wait_for(lambda g: g if any((w.get('label') or '').startswith('Fix All') for w in g['widgets']) and
                     any(l.startswith('Errors (2)') for l in side_labels(app, g)) else None,
                     'a Fix All button under an "Errors (2)" heading')
    labels = side_labels(app, g)
    log(f'issues: {labels}')
    # the filter keeps the findings whose rule, message or resource ids contain the text
    search = app.widget(lambda w: w.get('label') == 'Filter by rule, message or resource', g)
    r = Rect(search['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    app.type('st-b')
    app.wait_for(lambda g: 'Errors (1)' in side_labels(app, g) and
                 not any('STADEVWEU_X' in l for l in side_labels(app, g)),
                 'the filter to keep the finding of st-b only')
    app.key('ctrl+a', 'BackSpace')
    app.wait_for(lambda g: 'Errors (2)' in side_labels(app, g) and
                 any((w.get('label') or '') == 'Fix All 2' for w in g['widgets']),
                 'both findings back once the filter is empty')
    g = app.settle()   # the rows rebuilt: where the button is now
    fix_all = app.widget(lambda w: w['type'] == 'GtkButton' and (w.get('label') or '').startswith('Fix All'), g)
    check(fix_all['label'] == 'Fix All 2', f'the button says {fix_all["label"]!r}')
    fixes = [w for w in g['widgets'] if w['type'] == 'GtkButton' and 'stadevweux' in (w.get('label') or w.get('tooltip') or '')]
    check(fixes, 'no fix button on the finding of st-a')
    r = Rect(fix_all['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    app.wait_for(lambda g: app.resource('st-a', g)['name'] == 'stadevweux' and
                 app.resource('st-b', g)['name'] == 'stbprodweux', 'both names fixed')
    doc = app.save()
    check(saved_resource(doc, 'st-a')['name'] == 'stadevweux', 'st-a not saved fixed')
    app.key('ctrl+z')
    app.wait_for(lambda g: app.resource('st-a', g)['name'] == 'STADEVWEU_X' and
                 app.resource('st-b', g)['name'] == 'STBPRODWEU_X', 'one Ctrl+Z to undo both fixes')


@scenario('zoom-button')
def zoom_button(app):
    """The header bar's zoom button shows the zoom ("74 %") and sets it: 200 % from its menu."""
    g = app.settle()
    z = g['canvas']['zoom']
    label = app.widget(lambda w: w['type'] == 'GtkLabel' and re.fullmatch(r'\d+ %', w.get('label') or ''), g)
    check(label is not None and label['label'] == f'{round(z * 100)} %',
          f'the zoom button says {label and label["label"]!r} at zoom {z}')
    before = Screenshot(app)
    r = Rect(label['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    item = app.wait_for(menu_label(app, '200 %'), 'the zoom menu')
    wait_drawn(app, before, item['rect'], 'the zoom menu to be drawn')
    r = Rect(item['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    g = app.wait_for(lambda g: g if abs(g['canvas']['zoom'] - 2.0) < 1e-6 else None, 'zoom 200 %')
    app.wait_for(lambda g: app.widget(lambda w: w['type'] == 'GtkLabel' and w.get('label') == '200 %', g),
                 'the button to say 200 %')


@scenario('popover-reopen')
def popover_reopen(app):
    """A menu button clicked again closes its popover, and the click after that opens it again,
    with the pointer resting on the button all along (its tooltip used to come up over the open
    popover on X11, and then the button ignored the mouse). Escape in Add Quota's empty search
    closes that popover."""
    g = app.settle()
    zoom = app.widget(lambda w: w['type'] == 'GtkLabel' and re.fullmatch(r'\d+ %', w.get('label') or ''), g)
    r = Rect(zoom['rect'])
    x, y = app.surface_to_screen(r.cx, r.cy)
    for attempt in range(3):
        app.click(x, y)
        app.wait_for(menu_label(app, '200 %'), f'the zoom menu to open (click {2 * attempt + 1})')
        time.sleep(1.0)   # longer than the tooltip delay
        app.click(x, y)
        app.wait_for(lambda g: not menu_label(app, '200 %')(g), f'the zoom menu to close (click {2 * attempt + 2})')
        time.sleep(1.0)

    click_label(app, 'Capacity', 'the Capacity tab')
    for attempt in range(2):
        click_label(app, 'Add Quota…', 'the Add Quota… button')
        app.wait_for(add_quota_heading, f'the Add Quota popover to open (attempt {attempt + 1})')
        time.sleep(1.0)
        click_label(app, 'Add Quota…', 'the Add Quota… button')
        app.wait_for(lambda g: not add_quota_heading(g), 'a second click to close it')
        time.sleep(1.0)
    click_label(app, 'Add Quota…', 'the Add Quota… button')
    app.wait_for(add_quota_heading, 'the Add Quota popover to open again')
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') == 'GtkText', 'the family search to have the focus')
    app.key('Escape')
    app.wait_for(lambda g: not add_quota_heading(g), 'Escape in the empty search to close the popover')


@scenario('inspector-refuses-name', fixture='two-groups.topograph')
def inspector_refuses_name(app):
    """A storage account name Azure would refuse, typed in the inspector, is refused where it is
    typed with the reason and a button applying a valid name; the file keeps the old name until
    the suggestion is applied."""
    app.select('st-a')
    g = app.settle()
    row = app.widget(lambda w: w['type'] == 'AdwEntryRow' and w.get('title') == 'Name', g)
    check(row is not None, 'no Name row in the inspector')
    r = Rect(row['rect'])
    app.click(*app.surface_to_screen(r.x + 40, r.cy))
    app.wait_for(lambda g: (g.get('focus') or {}).get('type') == 'AdwEntryRow', 'the Name field to have the focus')
    app.key('ctrl+a')
    app.type('St_Bad-Name')
    app.key('Return')
    g = app.wait_for(lambda g: g if any('lower-case' in l for l in side_labels(app, g)) else None,
                     'the reason under the Name field')
    reason = [l for l in side_labels(app, g) if 'lower-case' in l]
    log(f'reason: {reason}')
    check(app.resource('st-a', g)['name'] == 'stadevweu', f'the bad name was applied: {app.resource("st-a", g)["name"]}')
    button = app.widget(lambda w: w['type'] == 'GtkButton' and 'stbadname' in (w.get('label') or '') , g)
    check(button is not None, f'no suggestion button: {[w.get("label") for w in g["widgets"] if w["type"] == "GtkButton"]}')
    r = Rect(button['rect'])
    app.click(*app.surface_to_screen(r.cx, r.cy))
    app.wait_for(lambda g: app.resource('st-a', g)['name'] == 'stbadname', 'the suggestion to be applied')
    doc = app.save()
    check(saved_resource(doc, 'st-a')['name'] == 'stbadname', 'the suggestion was not saved')


@scenario('autosave-recovered')
def autosave_recovered(app):
    """Unsaved work is copied a few seconds after the edit; when the application dies, the next
    start opens the copy under the design's name with a bar saying it is recovered work, and the
    window counts as modified until it is saved."""
    app.select('st-a')
    x0 = app.bounds('st-a').x
    app.key('Right')
    app.wait_for(lambda g: app.bounds('st-a', g).x > x0, 'the nudge')
    state = os.path.join(app.env['XDG_STATE_HOME'], 'topograph', 'autosave')
    app.poll(lambda: [p for p in glob.glob(os.path.join(state, '*')) if p.endswith('.topograph')],
             'the autosave copy', timeout=20)
    # the application dies (no chance to remove its copy)
    os.killpg(app.app.pid, signal.SIGKILL)
    app.app.wait()

    def group_gone():
        try:
            os.killpg(app.app.pid, 0)
            return False
        except ProcessLookupError:
            return True
    deadline = time.monotonic() + 20 * TIMEOUT_SCALE
    while not group_gone():
        check(time.monotonic() < deadline, 'the killed application is still there')
        time.sleep(0.05)
    os.unlink(app.geometry_path)
    app.app = subprocess.Popen(['dbus-run-session', '--', app.app_path], env=app.env,
                               stdout=app.app_log, stderr=subprocess.STDOUT,
                               start_new_session=True, cwd=app.tmp)
    g = app.wait_for(lambda g: g if g.get('canvas') and g.get('document') and
                     app.resource('st-a', g) is not None and app.bounds('st-a', g).x > x0 else None,
                     'the recovered design with the nudged card', timeout=60)
    banner = app.wait_for(visible_label(app, 'Recovered unsaved changes'), 'the recovery bar')
    log(f'banner: {banner["label"]}')
    out = app.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', '^E2E design'], timeout=30)
    app.wid = out.split()[0]
    app.run(['xdotool', 'windowfocus', '--sync', app.wid])
    check(app.modified_marker(), f'the recovered window is not marked modified: {app.title()!r}')
    doc = app.save()
    old_x = saved_resource(json.loads(app.original), 'st-a')['layout']['x']
    check(saved_resource(doc, 'st-a')['layout']['x'] > old_x,
          'the recovered nudge was not saved to the file')


if __name__ == '__main__':
    sys.exit(run_scenarios(SCENARIOS))
