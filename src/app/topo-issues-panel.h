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
/* Applies the fix of every finding of rule (validating again after each), as one undo step. */
gboolean   topo_issues_panel_fix_all         (TopoIssuesPanel *self, const char *rule,
                                              GError **error);

/* Tests: a rule's expander row, its "Fix All" button (NULL when fewer than two can be fixed),
 * and the filter entry. */
GtkWidget *topo_issues_panel_get_rule_row    (TopoIssuesPanel *self, const char *rule);
GtkWidget *topo_issues_panel_get_fix_all_button (TopoIssuesPanel *self, const char *rule);
GtkWidget *topo_issues_panel_get_filter      (TopoIssuesPanel *self);
/* The "Suppress…" dialog (an AdwMessageDialog whose extra child is the reason entry) while it
 * is shown. */
GtkWidget *topo_issues_panel_get_suppress_dialog (TopoIssuesPanel *self);

G_END_DECLS
