/* topo-quota-popover.h: "Set Quota…" on a Capacity row — a region's quota for one VM family, or
 * its regional total: set, changed or removed as one undo step (topo_edit_set_quota), with a
 * refused value explained in the popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_TYPE_QUOTA_POPOVER (topo_quota_popover_get_type ())
G_DECLARE_FINAL_TYPE (TopoQuotaPopover, topo_quota_popover, TOPO, QUOTA_POPOVER, GtkPopover)

/* family NULL: the regional total. quota: the declared one, or -1; planned_min/max: the planned
 * vCPUs shown as a guide. */
GtkWidget  *topo_quota_popover_new        (TopoDocument *doc, const char *region, const char *family,
                                           gint64 quota, gint64 planned_min, gint64 planned_max);

/* For tests: the typed text, Set (Enter) and Remove, and the refusal shown (NULL: none). */
void        topo_quota_popover_set_text   (TopoQuotaPopover *self, const char *text);
gboolean    topo_quota_popover_apply      (TopoQuotaPopover *self);
gboolean    topo_quota_popover_remove     (TopoQuotaPopover *self);
const char *topo_quota_popover_get_error  (TopoQuotaPopover *self);
gboolean    topo_quota_popover_can_apply  (TopoQuotaPopover *self);

G_END_DECLS
