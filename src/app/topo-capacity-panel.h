/* topo-capacity-panel.h: the Capacity side tab — planned dedicated vCPUs per region and quota
 * family against policy.quotas, with bars, then roll-ups; a row selects its computes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-canvas.h"

G_BEGIN_DECLS

#define TOPO_TYPE_CAPACITY_PANEL (topo_capacity_panel_get_type ())
G_DECLARE_FINAL_TYPE (TopoCapacityPanel, topo_capacity_panel, TOPO, CAPACITY_PANEL, GtkWidget)

GtkWidget  *topo_capacity_panel_new        (void);
/* The canvas whose design is planned (followed through its "document" property; the plan is
 * recomputed on the document's "step-committed") and where an activated row's computes are
 * selected and centred. */
void        topo_capacity_panel_set_canvas (TopoCapacityPanel *self, TopoCanvas *canvas);
/* For tests: the list of region × family rows and of roll-ups, and the summary line. */
GtkListBox *topo_capacity_panel_get_list   (TopoCapacityPanel *self);
const char *topo_capacity_panel_get_summary (TopoCapacityPanel *self);

G_END_DECLS
