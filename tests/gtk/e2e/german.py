#!/usr/bin/env python3
"""The application in German: LANGUAGE=de with the build tree's catalogue (TOPOGRAPH_LOCALEDIR).

The window title comes from C code (_()), the header bar's tooltips and the side panel's tab
names from the .ui template (GtkBuilder's translation domain), the palette from code: each must
be shown as the German of its msgid, as Python's gettext reads it from the same .mo, and no
English message that the catalogue translates may be on screen.
Run: TOPOGRAPH_APP=build/src/app/topograph TOPOGRAPH_LOCALEDIR=build/po tests/gtk/e2e/german.py app-in-german
"""

import gettext
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import check, log, run_scenarios  # noqa: E402

LOCALEDIR = os.environ.get('TOPOGRAPH_LOCALEDIR', '')
DE = gettext.translation('topograph', localedir=LOCALEDIR, languages=['de'], fallback=True)
TITLE = DE.gettext('Untitled Design')


def shown_texts(g):
    found = set()
    for w in g.get('widgets', []):
        for key in ('label', 'tooltip'):
            if w.get(key):
                found.add(w[key])
    return found


def ui_strings():
    """The translatable labels and tooltips of the window's template."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'ui',
                        'topo-window.ui')
    root = ET.parse(path).getroot()
    return {p.text for p in root.iter('property')
            if p.get('translatable') == 'yes' and p.get('name') in ('label', 'tooltip-text')}


def app_in_german(app):
    check(TITLE != 'Untitled Design', f'a German catalogue in {LOCALEDIR!r} translates the title')
    check(app.title() == TITLE, f'window title {app.title()!r} is {TITLE!r}')
    shown = shown_texts(app.geometry())
    # nothing on screen is an English message the catalogue translates
    catalog = getattr(DE, '_catalog', {})
    english = sorted(t for t in shown if isinstance(catalog.get(t), str) and catalog[t] != t)
    check(not english, f'untranslated text on screen: {english}')
    # the template's strings (GtkBuilder) and the code's (the palette heading) are German
    from_ui = {DE.gettext(m) for m in ui_strings()} - ui_strings()
    check(len(shown & from_ui) >= 3, f'the template\'s labels and tooltips are German: '
                                     f'{sorted(shown & from_ui)} of {sorted(from_ui)}')
    for msgid in ('Resources', 'Outline', 'Issues'):
        check(DE.gettext(msgid) in shown, f'{DE.gettext(msgid)!r} ({msgid}) is shown')
    log(f'title {TITLE!r}; German from the template: {sorted(shown & from_ui)}')


# a blank design: its title is the translated "Untitled Design"
app_in_german.app_args = {'fixture': None, 'name': TITLE}

def compare_in_german(app):
    """Comparing (five side panel tabs) in German: the tabs and the panel's title are whole, not
    cut short with an ellipsis (the palette, which the user sizes, may be)."""
    from harness import Rect
    import time
    app.select('kv-a')
    app.key('Right')
    app.poll(app.modified_marker, 'the modified marker')
    # the main menu (F10, the primary menu), then a click on "Compare with Saved Version"
    app.key('F10')
    item = DE.gettext('Compare with Sa_ved Version').replace('_', '')
    found = app.wait_for(lambda g: next((w for t in g.get('toplevels', []) + [g]
                                         for w in t.get('widgets', []) if w.get('label') == item), None),
                         f'the menu item {item!r}')
    r = Rect(found['rect'])
    # the popover's widgets are placed in screen coordinates here (the window is at the origin);
    # a glide onto the item first, as a pointer gets there
    app.glide(r.cx - 60, r.cy, r.cx, r.cy)
    app.click(r.cx, r.cy)
    tab = DE.pgettext('side panel tab', 'Changes')
    g = app.wait_for(lambda g: any(w.get('label') == tab for w in g.get('widgets', [])) and g,
                     f'the {tab!r} tab')
    time.sleep(0.5)
    g = app.geometry()
    canvas = Rect(g['canvas']['rect'])
    cut = sorted(w['label'] for w in g.get('widgets', [])
                 if w.get('ellipsized') and Rect(w['rect']).x >= canvas.x)
    check(not cut, f'labels cut short with an ellipsis: {cut}')
    log(f'comparing in German, nothing cut short; the tab is {tab!r}')


compare_in_german.app_args = {}

if __name__ == '__main__':
    # the application started by the harness inherits this environment
    os.environ.update({'LANGUAGE': 'de', 'LANG': 'C.UTF-8', 'TOPOGRAPH_LOCALEDIR': LOCALEDIR})
    for var in ('LC_ALL', 'LC_MESSAGES'):
        os.environ.pop(var, None)
    sys.exit(run_scenarios({'app-in-german': app_in_german, 'compare-in-german': compare_in_german}))
