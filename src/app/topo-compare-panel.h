/* topo-compare-panel.h: "Compare with…" — the changes since another version of the design, as a
 * list in the side panel and as change colours on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-canvas.h"
#include "topo-diff.h"

G_BEGIN_DECLS

#define TOPO_TYPE_COMPARE_PANEL (topo_compare_panel_get_type ())
G_DECLARE_FINAL_TYPE (TopoComparePanel, topo_compare_panel, TOPO, COMPARE_PANEL, GtkWidget)

GtkWidget      *topo_compare_panel_new          (void);
/* The canvas whose design is compared: the change colours are drawn there and an activated
 * change is selected and centred there. A new document on the canvas ends the comparison. */
void            topo_compare_panel_set_canvas   (TopoComparePanel *self, TopoCanvas *canvas);
/* Compares the canvas's design with the design in file. On failure the panel emits "message"
 * with the reason, and the comparison in progress, if any, stays. label NULL = the file's name.
 * The "active" property is TRUE while comparing. */
gboolean        topo_compare_panel_compare_file (TopoComparePanel *self, GFile *file,
                                                 const char *label, GError **error);
/* Compares with the version last saved to file (NULL: the design was never saved). */
gboolean        topo_compare_panel_compare_saved (TopoComparePanel *self, GFile *file,
                                                  GError **error);
/* Asks for a file (a chooser transient for parent), then compares with it. */
void            topo_compare_panel_choose_file  (TopoComparePanel *self, GtkWindow *parent);
/* Ends the comparison: the canvas loses its change colours; the design is not touched. */
void            topo_compare_panel_close        (TopoComparePanel *self);
gboolean        topo_compare_panel_is_active    (TopoComparePanel *self);
/* The current diff (NULL when not comparing) and its list, for tests. */
const TopoDiff *topo_compare_panel_get_diff     (TopoComparePanel *self);
/* For tests: the list, its rows (changes and section headings), and the change a row shows (its
 * index in the diff's changes; -1 for a heading). */
GtkListView    *topo_compare_panel_get_list     (TopoComparePanel *self);
guint           topo_compare_panel_get_n_rows   (TopoComparePanel *self);
int             topo_compare_panel_get_row_change (TopoComparePanel *self, guint position);
GtkNativeDialog *topo_compare_panel_get_chooser (TopoComparePanel *self);

G_END_DECLS
