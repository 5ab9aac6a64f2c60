/* topo-quota-add-popover.h: "Add Quota…" on the Capacity tab — a quota for any region (the
 * design's first) and any VM quota family of the compiled size tables (searchable, by family or
 * size name), or a regional total, as one undo step (topo_edit_set_quota); a quota already
 * declared for the pair is shown, and can be changed or removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_TYPE_QUOTA_ADD_POPOVER (topo_quota_add_popover_get_type ())
G_DECLARE_FINAL_TYPE (TopoQuotaAddPopover, topo_quota_add_popover, TOPO, QUOTA_ADD_POPOVER, GtkPopover)

GtkWidget  *topo_quota_add_popover_new            (TopoDocument *doc);
void        topo_quota_add_popover_reload         (TopoQuotaAddPopover *self, TopoDocument *doc);

/* For tests. The regions offered, in order (names; the array belongs to the popover); choosing
 * one by name (FALSE when it is not offered); the family search and the families it leaves
 * (NULL for the regional total's row); choosing the n-th of those (G_MAXUINT: the first, as
 * Enter in the search does); the vCPUs; Add (Enter in the vCPUs) and Remove; the message shown. */
const char *const *topo_quota_add_popover_get_regions (TopoQuotaAddPopover *self, guint *n_regions);
gboolean    topo_quota_add_popover_set_region     (TopoQuotaAddPopover *self, const char *region);
void        topo_quota_add_popover_set_search     (TopoQuotaAddPopover *self, const char *text);
guint       topo_quota_add_popover_get_n_matches  (TopoQuotaAddPopover *self);
const char *topo_quota_add_popover_get_match      (TopoQuotaAddPopover *self, guint n);
gboolean    topo_quota_add_popover_choose         (TopoQuotaAddPopover *self, guint n);
void        topo_quota_add_popover_set_vcpus      (TopoQuotaAddPopover *self, gint64 vcpus);
gint64      topo_quota_add_popover_get_vcpus      (TopoQuotaAddPopover *self);
gboolean    topo_quota_add_popover_apply          (TopoQuotaAddPopover *self);
gboolean    topo_quota_add_popover_remove         (TopoQuotaAddPopover *self);
const char *topo_quota_add_popover_get_message    (TopoQuotaAddPopover *self);
gboolean    topo_quota_add_popover_can_apply      (TopoQuotaAddPopover *self);

G_END_DECLS
