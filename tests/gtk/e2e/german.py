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

if __name__ == '__main__':
    # the application started by the harness inherits this environment
    os.environ.update({'LANGUAGE': 'de', 'LANG': 'C.UTF-8', 'TOPOGRAPH_LOCALEDIR': LOCALEDIR})
    for var in ('LC_ALL', 'LC_MESSAGES'):
        os.environ.pop(var, None)
    sys.exit(run_scenarios({'app-in-german': app_in_german}))
