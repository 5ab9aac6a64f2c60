/* topo-capacity-panel.h: the Capacity side tab — planned dedicated vCPUs per region and quota
 * family against policy.quotas, with bars, then roll-ups; a row selects its computes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-canvas.h"

G_BEGIN_DECLS

/* One row of the tab: what it shows, kept up to date in place ("changed" when it shows something
 * else; the model's items stay the same objects while their keys do). */
typedef enum
{
  TOPO_CAPACITY_ITEM_REGION,    /* heading: a region (title: its display name, detail: its name) */
  TOPO_CAPACITY_ITEM_FAMILY,    /* a quota family in a region */
  TOPO_CAPACITY_ITEM_UNKNOWN,   /* computes of a region whose VM size is unknown */
  TOPO_CAPACITY_ITEM_TOTAL,     /* a region's total */
  TOPO_CAPACITY_ITEM_SECTION,   /* heading: "By environment", … */
  TOPO_CAPACITY_ITEM_ROLLUP,    /* an environment, project or workspace */
} TopoCapacityItemKind;

#define TOPO_TYPE_CAPACITY_ITEM (topo_capacity_item_get_type ())
G_DECLARE_FINAL_TYPE (TopoCapacityItem, topo_capacity_item, TOPO, CAPACITY_ITEM, GObject)

TopoCapacityItemKind topo_capacity_item_get_kind     (TopoCapacityItem *self);
/* Stable: kind, region and family, or list and id. */
const char          *topo_capacity_item_get_key      (TopoCapacityItem *self);
const char          *topo_capacity_item_get_title    (TopoCapacityItem *self);
/* "0–48 of 72 vCPUs"; the region's name on a region heading */
const char          *topo_capacity_item_get_figures  (TopoCapacityItem *self);
/* "1 compute · 24 vCPUs free · 0–8 GPUs (V100)" */
const char          *topo_capacity_item_get_detail   (TopoCapacityItem *self);
/* A family or total row's quota target (family NULL: the total), and its declared quota or -1. */
const char          *topo_capacity_item_get_region   (TopoCapacityItem *self);
const char          *topo_capacity_item_get_family   (TopoCapacityItem *self);
gint64               topo_capacity_item_get_quota    (TopoCapacityItem *self);
guint                topo_capacity_item_get_n_computes (TopoCapacityItem *self);

#define TOPO_TYPE_CAPACITY_PANEL (topo_capacity_panel_get_type ())
G_DECLARE_FINAL_TYPE (TopoCapacityPanel, topo_capacity_panel, TOPO, CAPACITY_PANEL, GtkWidget)

GtkWidget  *topo_capacity_panel_new        (void);
/* The canvas whose design is planned (followed through its "document" property; the plan is
 * recomputed on the document's "step-committed" when the step could change it) and where an
 * activated row's computes are selected and centred. */
void        topo_capacity_panel_set_canvas (TopoCapacityPanel *self, TopoCanvas *canvas);

/* For tests. The rows (of TopoCapacityItem), brought up to date first; the list view; the row
 * widget that shows item now (NULL when it is not on screen) and its quota button (NULL for
 * rows without one); the summary line; how often the rows were compared with a fresh plan. */
GListModel  *topo_capacity_panel_get_model        (TopoCapacityPanel *self);
GtkListView *topo_capacity_panel_get_view         (TopoCapacityPanel *self);
GtkWidget   *topo_capacity_panel_get_row_widget   (TopoCapacityPanel *self, TopoCapacityItem *item);
GtkMenuButton *topo_capacity_panel_get_quota_button (TopoCapacityPanel *self, TopoCapacityItem *item);
const char  *topo_capacity_panel_get_summary      (TopoCapacityPanel *self);
guint        topo_capacity_panel_get_n_updates    (TopoCapacityPanel *self);
/* "Add Quota…" (its popover is a TopoQuotaAddPopover once it has been opened). */
GtkMenuButton *topo_capacity_panel_get_add_button (TopoCapacityPanel *self);

G_END_DECLS
