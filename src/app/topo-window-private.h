/* topo-window-private.h: the window's parts, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-window.h"
#include "topo-compare-panel.h"
#include "topo-canvas.h"
#include "topo-inspector.h"
#include "topo-issues-panel.h"
#include "topo-outline.h"
#include "topo-palette.h"

G_BEGIN_DECLS

TopoCanvas      *_topo_window_get_canvas       (TopoWindow *self);
TopoPalette     *_topo_window_get_palette      (TopoWindow *self);
TopoInspector   *_topo_window_get_inspector    (TopoWindow *self);
TopoIssuesPanel *_topo_window_get_issues       (TopoWindow *self);
TopoComparePanel *_topo_window_get_compare     (TopoWindow *self);
TopoOutline     *_topo_window_get_outline      (TopoWindow *self);
/* The message dialog currently shown (error or save prompt), or NULL. */
GtkWidget       *_topo_window_get_dialog       (TopoWindow *self);
/* The file chooser currently shown (open, save, export), or NULL. */
GtkNativeDialog *_topo_window_get_chooser      (TopoWindow *self);
/* The last toast's text, or NULL. */
const char      *_topo_window_get_last_message (TopoWindow *self);
/* Runs the pending validation now; returns the number of diagnostics. */
guint            _topo_window_validate_now     (TopoWindow *self);

/* Writes the autosave copy now (TRUE) or removes it when there is nothing unsaved (FALSE). */
gboolean         _topo_window_autosave_now     (TopoWindow *self);
const char      *_topo_window_get_autosave_path (TopoWindow *self);
/* Tests: lets go of the copy as a crash of this window's process would (see _topo_autosave_abandon). */
void             _topo_window_abandon_autosave  (TopoWindow *self);
/* The bar shown above recovered work (NULL until the first recovery). */
GtkWidget       *_topo_window_get_recovery_bar  (TopoWindow *self);
/* Whether the file changed on disk since it was opened or saved here; the monitor's check, which
 * shows the bar offering Reload (NULL until first shown). */
gboolean         _topo_window_file_changed_on_disk (TopoWindow *self);
void             _topo_window_check_disk        (TopoWindow *self);
GtkWidget       *_topo_window_get_disk_bar      (TopoWindow *self);
/* The items of the Open Recent submenu. */
GMenuModel      *_topo_window_get_recent_menu  (TopoWindow *self);
/* The popover Ctrl+R (win.show-recent) shows under the Open button. */
GtkWidget       *_topo_window_get_recent_popover (TopoWindow *self);

G_END_DECLS
