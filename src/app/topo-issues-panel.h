/* topo-issues-panel.h: the validator's diagnostics as a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_TYPE_ISSUES_PANEL (topo_issues_panel_get_type ())
G_DECLARE_FINAL_TYPE (TopoIssuesPanel, topo_issues_panel, TOPO, ISSUES_PANEL, GtkWidget)

GtkWidget *topo_issues_panel_new             (void);
/* diagnostics: GPtrArray of TopoDiagnostic (ref taken), or NULL. */
void       topo_issues_panel_set_diagnostics (TopoIssuesPanel *self, TopoDocument *doc,
                                              GPtrArray *diagnostics);
GtkListBox *topo_issues_panel_get_list       (TopoIssuesPanel *self);
/* The findings a suppression accepts, listed apart. */
GtkListBox *topo_issues_panel_get_suppressed_list (TopoIssuesPanel *self);
/* The "Suppress…" dialog (an AdwMessageDialog with the reason entry) while it is shown. */
GtkWidget  *topo_issues_panel_get_suppress_dialog (TopoIssuesPanel *self);

G_END_DECLS
