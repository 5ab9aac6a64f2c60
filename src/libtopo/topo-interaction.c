/* topo-interaction.c: the canvas' editing rules, without a toolkit
 *
 * In the spirit of gaphas' move aspect: a gesture object opens one undo group at begin, applies
 * its edits on update, settles them at finish (reparent, change lane, keep cards apart) and
 * closes the group; the document then restores the layout invariants (topo-edit.c) inside that
 * same step. Cancel reverts the group, so the document is exactly as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-interaction"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "topo-interaction.h"
#include "topo-edit.h"
#include "topo-layout.h"
#include "topo-spatial-index.h"

struct _TopoGesture
{
  TopoDocument    *doc;
  TopoGestureKind  kind;
  gboolean         open;          /* the undo group is open */
  GStrv            ids;
  double           press_x, press_y;
  double           cur_x, cur_y;
  double           dx, dy;        /* move: applied (or previewed) offset */
  gboolean         preview;
  TopoCorner       corner;
  TopoRect         orig;          /* resize: the group's layout at begin */
  char            *target;        /* connect: card under the pointer */
  int              link;
};

static void free_spot (TopoDocument *doc, const char *group, GHashTable *ignore, double w,
                       double h, double want_x, double want_y, double gap_x, double gap_y,
                       double *x, double *y);

static double
snap (double v,
      double grid)
{
  return grid > 0 ? round (v / grid) * grid : v;
}

static void
gesture_open (TopoGesture *self,
              const char  *label)
{
  topo_document_begin_group (self->doc, label);
  self->open = TRUE;
}

GStrv
topo_interaction_movable (TopoDocument      *doc,
                          const char *const *selection)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; selection != NULL && selection[i] != NULL; i++)
    {
      const TopoResource *r = topo_document_lookup (doc, selection[i]);
      const TopoNote *note;

      /* a note whose target moves too follows it (topo_edit_move) */
      if (r == NULL && (note = topo_document_lookup_note (doc, selection[i])) != NULL)
        g_strv_builder_add (builder, note->id);
      if (r == NULL || (r->group != NULL && g_strv_contains (selection, r->group)))
        continue;
      g_strv_builder_add (builder, r->id);
    }
  return g_strv_builder_end (builder);
}

TopoGesture *
topo_gesture_begin_move (TopoDocument      *doc,
                         const char *const *selection,
                         double             x,
                         double             y)
{
  TopoGesture *self;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  self = g_new0 (TopoGesture, 1);
  self->doc = g_object_ref (doc);
  self->kind = TOPO_GESTURE_MOVE;
  self->ids = topo_interaction_movable (doc, selection);
  self->press_x = self->cur_x = x;
  self->press_y = self->cur_y = y;
  self->link = -1;
  for (guint i = 0; self->ids[i] != NULL; i++)
    {
      const TopoResource *r = topo_document_lookup (doc, self->ids[i]);
      const TopoNote *note = topo_document_lookup_note (doc, self->ids[i]);

      /* a free note moved live would grow its lane under the pointer too */
      self->preview |= (r != NULL && r->kind == TOPO_KIND_RESOURCE_GROUP) ||
                       (note != NULL && topo_note_is_free (note));
    }
  gesture_open (self, _("Move"));
  return self;
}

TopoGesture *
topo_gesture_begin_resize (TopoDocument *doc,
                           const char   *group,
                           TopoCorner    corner,
                           double        x,
                           double        y)
{
  const TopoResource *rg = topo_document_lookup (doc, group);
  TopoGesture *self;

  g_return_val_if_fail (rg != NULL && rg->kind == TOPO_KIND_RESOURCE_GROUP, NULL);

  topo_layout_update (doc);
  self = g_new0 (TopoGesture, 1);
  self->doc = g_object_ref (doc);
  self->kind = TOPO_GESTURE_RESIZE;
  self->ids = g_strdupv ((GStrv) (const char *[]) { group, NULL });
  self->corner = corner;
  self->press_x = self->cur_x = x;
  self->press_y = self->cur_y = y;
  self->link = -1;
  self->orig = rg->layout;
  /* the drawn size (a group without layout gets one from auto layout) */
  self->orig.w = rg->bounds.w;
  self->orig.h = rg->bounds.h;
  gesture_open (self, _("Resize"));
  return self;
}

TopoGesture *
topo_gesture_begin_connect (TopoDocument *doc,
                            const char   *source,
                            double        x,
                            double        y)
{
  TopoGesture *self;

  g_return_val_if_fail (topo_document_lookup (doc, source) != NULL, NULL);

  self = g_new0 (TopoGesture, 1);
  self->doc = g_object_ref (doc);
  self->kind = TOPO_GESTURE_CONNECT;
  self->ids = g_strdupv ((GStrv) (const char *[]) { source, NULL });
  self->press_x = self->cur_x = x;
  self->press_y = self->cur_y = y;
  self->link = -1;
  return self;
}

static void
update_resize (TopoGesture *self,
               double       grid)
{
  TopoRect r = self->orig;
  double dx = self->cur_x - self->press_x;
  double dy = self->cur_y - self->press_y;
  double right = r.x + r.w, bottom = r.y + r.h;
  gboolean west = self->corner == TOPO_CORNER_NW || self->corner == TOPO_CORNER_SW;
  gboolean north = self->corner == TOPO_CORNER_NW || self->corner == TOPO_CORNER_NE;
  g_autoptr(GError) error = NULL;

  if (west)
    r.x = MIN (snap (r.x + dx, grid), right - TOPO_GROUP_MIN_WIDTH);
  else
    right = MAX (snap (right + dx, grid), r.x + TOPO_GROUP_MIN_WIDTH);
  if (north)
    r.y = MIN (snap (r.y + dy, grid), bottom - TOPO_GROUP_MIN_HEIGHT);
  else
    bottom = MAX (snap (bottom + dy, grid), r.y + TOPO_GROUP_MIN_HEIGHT);
  r.x = MAX (r.x, 0);
  r.y = MAX (r.y, 0);
  r.w = right - r.x;
  r.h = bottom - r.y;
  /* the edit keeps the cards in place and stops an edge at them */
  if (!topo_edit_resize_group (self->doc, self->ids[0], &r, &error))
    g_debug ("resize refused: %s", error->message);
}

static gboolean
connect_allowed (TopoDocument *doc,
                 const char   *a,
                 const char   *b)
{
  const TopoResource *ra = topo_document_lookup (doc, a);
  const TopoResource *rb = topo_document_lookup (doc, b);

  return ra != NULL && rb != NULL && ra != rb &&
         (topo_link_type_for_kinds (ra->kind, rb->kind) >= 0 ||
          topo_link_type_for_kinds (rb->kind, ra->kind) >= 0);
}

void
topo_gesture_update (TopoGesture *self,
                     double       x,
                     double       y,
                     double       grid)
{
  g_return_if_fail (self != NULL);

  self->cur_x = x;
  self->cur_y = y;
  switch (self->kind)
    {
    case TOPO_GESTURE_MOVE:
      {
        double total_x = snap (x - self->press_x, grid);
        double total_y = snap (y - self->press_y, grid);

        if (!self->open)
          return;
        if (!self->preview && (total_x != self->dx || total_y != self->dy))
          topo_edit_move (self->doc, (const char *const *) self->ids, total_x - self->dx,
                          total_y - self->dy);
        self->dx = total_x;
        self->dy = total_y;
      }
      break;

    case TOPO_GESTURE_RESIZE:
      if (self->open)
        update_resize (self, grid);
      break;

    case TOPO_GESTURE_CONNECT:
      {
        const TopoResource *target;

        topo_layout_update (self->doc);
        target = topo_layout_resource_at (self->doc, x, y);
        g_clear_pointer (&self->target, g_free);
        if (target != NULL && g_strcmp0 (target->id, self->ids[0]) != 0)
          self->target = g_strdup (target->id);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The lane a group moved by the current offset would land in (its centre's), or -1. */
static int
group_target_lane (TopoGesture        *self,
                   const TopoResource *rg)
{
  return topo_layout_lane_at (self->doc, rg->bounds.x + self->dx + rg->bounds.w / 2,
                              rg->bounds.y + self->dy + rg->bounds.h / 2);
}

/* A moved card left on top of a card that stayed goes to the nearest free spot. Cards moved
 * together keep their arrangement: only the ones not yet settled are ignored. */
static void
settle_card (TopoGesture *self,
             const char  *id,
             GHashTable  *unsettled)
{
  const TopoResource *card = topo_document_lookup (self->doc, id);
  const TopoResource *rg = topo_document_get_group_of (self->doc, card);
  guint n = topo_document_get_n_resources (self->doc);
  double w, h;
  TopoRect me;

  if (rg == NULL)
    return;
  topo_layout_card_size (card->kind, &w, &h);
  me = (TopoRect) { MAX (card->layout.x, TOPO_GROUP_PADDING), MAX (card->layout.y, TOPO_GROUP_HEADER), w, h };
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *other = topo_document_get_resource (self->doc, i);
      TopoRect them;

      if (other == card || other->kind == TOPO_KIND_RESOURCE_GROUP ||
          g_strcmp0 (other->group, rg->id) != 0 || g_hash_table_contains (unsettled, other->id))
        continue;
      topo_layout_card_size (other->kind, &them.w, &them.h);
      them.x = other->layout.x;
      them.y = other->layout.y;
      if (topo_rect_intersects (&me, &them))
        {
          const char *one[] = { id, NULL };
          double fx, fy;

          /* the card itself is no obstacle; the small grid gap keeps it close to where the user
           * put it (placing a card that close was a choice, a new card gets the link gaps) */
          g_hash_table_add (unsettled, g_strdup (id));
          free_spot (self->doc, rg->id, unsettled, w, h, me.x, me.y, TOPO_GRID_GAP, TOPO_GRID_GAP,
                     &fx, &fy);
          g_hash_table_remove (unsettled, id);
          topo_edit_move (self->doc, one, fx - card->layout.x, fy - card->layout.y);
          return;
        }
    }
}

/* The lane a free note moved by the current offset would land in (its top-left corner's), or -1. */
static int
note_target_lane (TopoGesture    *self,
                  const TopoNote *note)
{
  topo_layout_update (self->doc);
  return topo_layout_lane_at (self->doc, note->bounds.x + self->dx + 8, note->bounds.y + self->dy + 8);
}

/* A moved note keeps its attachment. A free note (previewed) lands in the lane under its top-left
 * corner, in another region if that lane is another; outside every lane it is refused. */
static gboolean
finish_note (TopoGesture  *self,
             const char   *id,
             GError      **error)
{
  const TopoNote *note = topo_document_lookup_note (self->doc, id);
  const char *one[] = { id, NULL };
  int li;

  if (!topo_note_is_free (note))
    {
      if (self->preview)
        topo_edit_move (self->doc, one, self->dx, self->dy);
      return TRUE;
    }
  li = note_target_lane (self, note);
  if (li < 0)
    {
      g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                           _("A note stays on a region lane: drop it onto one."));
      return FALSE;
    }
  if (g_strcmp0 (topo_layout_get_lane (self->doc, li)->region, note->region) != 0)
    {
      const TopoLane *lane = topo_layout_get_lane (self->doc, li);
      TopoNote *copy = topo_note_copy (note);

      topo_note_set_free (copy, lane->region);
      copy->has_layout = TRUE;
      copy->x = MAX (0, note->bounds.x + self->dx - lane->bounds.x - TOPO_LANE_HEADER_WIDTH);
      copy->y = MAX (0, note->bounds.y + self->dy - lane->bounds.y);
      return topo_edit_replace_note (self->doc, copy, error);
    }
  topo_edit_move (self->doc, one, self->dx, self->dy);
  return TRUE;
}

static gboolean
finish_move (TopoGesture  *self,
             GError      **error)
{
  g_autoptr(GHashTable) unsettled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; self->ids[i] != NULL; i++)
    g_hash_table_add (unsettled, g_strdup (self->ids[i]));

  for (guint i = 0; self->ids[i] != NULL; i++)
    {
      const char *id = self->ids[i];
      const TopoResource *res;
      const TopoResource *rg;
      double cx, cy;

      topo_layout_update (self->doc);
      res = topo_document_lookup (self->doc, id);
      if (res == NULL)
        {
          if (topo_document_lookup_note (self->doc, id) != NULL && !finish_note (self, id, error))
            return FALSE;
          g_hash_table_remove (unsettled, id);
          continue;
        }

      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          int li = group_target_lane (self, res);
          const TopoLane *lane = li >= 0 ? topo_layout_get_lane (self->doc, li) : NULL;
          const char *one[] = { id, NULL };

          if (lane != NULL && g_strcmp0 (lane->region, res->region) != 0)
            {
              g_autofree char *region = g_strdup (lane->region);
              double rx = res->bounds.x + self->dx - lane->bounds.x - TOPO_LANE_HEADER_WIDTH;
              double ry = res->bounds.y + self->dy - lane->bounds.y;

              if (!topo_edit_move_group_to_region (self->doc, id, region, MAX (0, rx), MAX (0, ry),
                                                   error))
                return FALSE;
            }
          else
            topo_edit_move (self->doc, one, self->dx, self->dy);
          g_hash_table_remove (unsettled, id);
          continue;
        }

      if (self->preview)
        {
          const char *one[] = { id, NULL };

          topo_edit_move (self->doc, one, self->dx, self->dy);
          topo_layout_update (self->doc);
          res = topo_document_lookup (self->doc, id);
        }
      cx = res->bounds.x + res->bounds.w / 2;
      cy = res->bounds.y + res->bounds.h / 2;
      rg = topo_layout_group_at (self->doc, cx, cy);
      if (rg == NULL)
        {
          g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                       _("“%s” must stay inside a resource group: drop it onto one."),
                       topo_resource_get_name (res));
          return FALSE;
        }
      if (g_strcmp0 (rg->id, res->group) != 0)
        {
          g_autofree char *gid = g_strdup (rg->id);

          if (!topo_edit_reparent (self->doc, id, gid, res->bounds.x - rg->bounds.x,
                                   res->bounds.y - rg->bounds.y, error))
            return FALSE;
        }
      g_hash_table_remove (unsettled, id);
      settle_card (self, id, unsettled);
    }
  return TRUE;
}

gboolean
topo_gesture_finish (TopoGesture  *self,
                     GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->kind)
    {
    case TOPO_GESTURE_MOVE:
      if (!self->open)
        return TRUE;
      if ((self->dx != 0 || self->dy != 0) && !finish_move (self, error))
        {
          topo_gesture_cancel (self);
          return FALSE;
        }
      break;

    case TOPO_GESTURE_RESIZE:
      break;

    case TOPO_GESTURE_CONNECT:
      if (self->target != NULL)
        {
          g_autofree char *target = g_strdup (self->target);

          return topo_interaction_connect (self->doc, self->ids[0], target, &self->link, error);
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
  if (self->open)
    {
      self->open = FALSE;
      topo_document_end_group (self->doc);
    }
  return TRUE;
}

void
topo_gesture_cancel (TopoGesture *self)
{
  g_return_if_fail (self != NULL);

  if (self->open)
    {
      self->open = FALSE;
      topo_document_cancel_group (self->doc);
    }
  self->dx = self->dy = 0;
  g_clear_pointer (&self->target, g_free);
}

void
topo_gesture_free (TopoGesture *self)
{
  if (self == NULL)
    return;
  topo_gesture_cancel (self);
  g_strfreev (self->ids);
  g_object_unref (self->doc);
  g_free (self);
}

TopoGestureKind
topo_gesture_get_kind (TopoGesture *self)
{
  return self->kind;
}

const char *const *
topo_gesture_get_ids (TopoGesture *self)
{
  return (const char *const *) self->ids;
}

gboolean
topo_gesture_is_preview (TopoGesture *self)
{
  return self->kind == TOPO_GESTURE_MOVE && self->preview;
}

void
topo_gesture_get_offset (TopoGesture *self,
                         double      *dx,
                         double      *dy)
{
  *dx = self->dx;
  *dy = self->dy;
}

int
topo_gesture_get_target_lane (TopoGesture *self)
{
  for (guint i = 0; self->kind == TOPO_GESTURE_MOVE && self->ids[i] != NULL; i++)
    {
      const TopoResource *r = topo_document_lookup (self->doc, self->ids[i]);

      const TopoNote *note = topo_document_lookup_note (self->doc, self->ids[i]);

      if (r != NULL && r->kind == TOPO_KIND_RESOURCE_GROUP)
        return group_target_lane (self, r);
      if (note != NULL && topo_note_is_free (note))
        return note_target_lane (self, note);
    }
  return -1;
}

const char *
topo_gesture_get_target (TopoGesture *self,
                         gboolean    *allowed)
{
  if (allowed != NULL)
    *allowed = self->target != NULL && connect_allowed (self->doc, self->ids[0], self->target);
  return self->target;
}

int
topo_gesture_get_link (TopoGesture *self)
{
  return self->link;
}

/* Placement */

static double
card_distance (double x0, double y0,
               double x1, double y1)
{
  return hypot (x1 - x0, y1 - y0);
}

static void
free_spot (TopoDocument *doc,
           const char   *group,
           GHashTable   *ignore,
           double        w,
           double        h,
           double        want_x,
           double        want_y,
           double        gap_x,
           double        gap_y,
           double       *x,
           double       *y)
{
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (TopoRect));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = topo_document_get_n_resources (doc);
  double best = G_MAXDOUBLE, right = TOPO_GROUP_PADDING;

  want_x = MAX (want_x, TOPO_GROUP_PADDING);
  want_y = MAX (want_y, TOPO_GROUP_HEADER);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      TopoRect rect;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP || g_strcmp0 (r->group, group) != 0 ||
          (ignore != NULL && g_hash_table_contains (ignore, r->id)))
        continue;
      topo_layout_card_size (r->kind, &rect.w, &rect.h);
      rect.x = r->layout.x;
      rect.y = r->layout.y;
      g_array_append_val (others, rect);
      right = MAX (right, rect.x + rect.w + gap_x);
    }

  /* The nearest free position touches the wanted one or another card's gap on each axis, so
   * those coordinates are the only candidates. */
  g_array_append_val (xs, want_x);
  g_array_append_val (ys, want_y);
  for (guint i = 0; i < others->len; i++)
    {
      const TopoRect *o = &g_array_index (others, TopoRect, i);
      double cx[] = { o->x + o->w + gap_x, o->x - w - gap_x, o->x };
      double cy[] = { o->y + o->h + gap_y, o->y - h - gap_y, o->y };

      g_array_append_vals (xs, cx, 3);
      g_array_append_vals (ys, cy, 3);
    }

  *x = right;
  *y = want_y;
  for (guint i = 0; i < xs->len; i++)
    {
      double cx = g_array_index (xs, double, i);

      if (cx < TOPO_GROUP_PADDING)
        continue;
      for (guint j = 0; j < ys->len; j++)
        {
          double cy = g_array_index (ys, double, j);
          double d = card_distance (want_x, want_y, cx, cy);
          /* the gap is kept: the candidate grown by it must not touch another card */
          TopoRect cell = { cx - gap_x + 0.5, cy - gap_y + 0.5, w + 2 * gap_x - 1, h + 2 * gap_y - 1 };
          gboolean free = TRUE;

          if (cy < TOPO_GROUP_HEADER || d >= best)
            continue;
          for (guint k = 0; k < others->len && free; k++)
            free = !topo_rect_intersects (&cell, &g_array_index (others, TopoRect, k));
          if (free)
            {
              best = d;
              *x = cx;
              *y = cy;
            }
        }
    }
}

void
topo_interaction_free_spot (TopoDocument *doc,
                            const char   *group,
                            GHashTable   *ignore,
                            double        w,
                            double        h,
                            double        want_x,
                            double        want_y,
                            double       *x,
                            double       *y)
{
  /* wide enough for a link and its R/W pill between two cards */
  free_spot (doc, group, ignore, w, h, want_x, want_y, TOPO_CARD_GAP_X, TOPO_CARD_GAP_Y, x, y);
}

static void
refused_outline (TopoKind  kind,
                 double    x,
                 double    y,
                 TopoRect *zone)
{
  double w, h;

  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      w = 2 * TOPO_GROUP_PADDING + 2 * TOPO_CARD_WIDTH + TOPO_GRID_GAP;
      h = TOPO_GROUP_HEADER + 2 * TOPO_CARD_HEIGHT + TOPO_GRID_GAP + TOPO_GROUP_PADDING;
      *zone = (TopoRect) { x, y, w, h };
      return;
    }
  topo_layout_card_size (kind, &w, &h);
  *zone = (TopoRect) { x - w / 2, y - h / 2, w, h };
}

gboolean
topo_interaction_drop_zone (TopoDocument  *doc,
                            TopoKind       kind,
                            double         x,
                            double         y,
                            TopoRect      *zone,
                            GError       **error)
{
  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);

  topo_layout_update (doc);
  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      int li = topo_layout_lane_at (doc, x, y);

      if (li >= 0)
        {
          *zone = topo_layout_get_lane (doc, li)->bounds;
          return TRUE;
        }
      refused_outline (kind, x, y, zone);
      g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                           _("A resource group belongs in a region lane: drop it onto one of the lanes."));
      return FALSE;
    }
  else
    {
      const TopoResource *rg = topo_layout_group_at (doc, x, y);

      if (rg != NULL)
        {
          *zone = rg->bounds;
          return TRUE;
        }
      refused_outline (kind, x, y, zone);
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                   _("Put %s inside a resource group: drop it onto a group’s box."),
                   topo_kind_indefinite_name (kind));
      return FALSE;
    }
}

static const char *
add_card (TopoDocument *doc,
          TopoKind      kind,
          const char   *group,
          double        want_x,
          double        want_y,
          GError      **error)
{
  g_autofree char *gid = g_strdup (group);
  g_autofree char *label = g_strdup_printf (_("Add %s"), topo_kind_display_name (kind));
  double w, h, x, y;
  const char *id;

  topo_layout_card_size (kind, &w, &h);
  topo_interaction_free_spot (doc, gid, NULL, w, h, want_x, want_y, &x, &y);
  /* the group grows to fit when the new card lands past its edge (topo-edit.c) */
  topo_document_begin_group (doc, label);
  id = topo_edit_add_resource (doc, kind, gid, NULL, x, y, error);
  if (id == NULL)
    {
      topo_document_cancel_group (doc);
      return NULL;
    }
  {
    g_autofree char *keep = g_strdup (id);

    topo_document_end_group (doc);
    return topo_document_lookup (doc, keep)->id;
  }
}

const char *
topo_interaction_drop (TopoDocument  *doc,
                       TopoKind       kind,
                       double         x,
                       double         y,
                       double         grid,
                       GError       **error)
{
  TopoRect zone;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  if (!topo_interaction_drop_zone (doc, kind, x, y, &zone, error))
    return NULL;
  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      const TopoLane *lane = topo_layout_get_lane (doc, topo_layout_lane_at (doc, x, y));
      g_autofree char *region = g_strdup (lane->region);

      /* the pointer marks the group's top-left corner, right of the lane label; groups it would
       * cover move aside (topo-edit.c) */
      return topo_edit_add_resource (doc, kind, NULL, region,
                                     snap (MAX (x - lane->bounds.x - TOPO_LANE_HEADER_WIDTH, 0), grid),
                                     snap (MAX (y - lane->bounds.y, 0), grid), error);
    }
  else
    {
      const TopoResource *rg = topo_layout_group_at (doc, x, y);
      double w, h;

      topo_layout_card_size (kind, &w, &h);
      /* the card centred on the pointer, or the free spot nearest to that */
      return add_card (doc, kind, rg->id, snap (x - rg->bounds.x - w / 2, grid),
                       snap (y - rg->bounds.y - h / 2, grid), error);
    }
}

const char *
topo_interaction_add (TopoDocument  *doc,
                      TopoKind       kind,
                      const char    *anchor,
                      GError       **error)
{
  const TopoResource *near = topo_document_lookup (doc, anchor);
  const TopoResource *rg = topo_document_get_group_of (doc, near);

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      const char *const *lanes = topo_document_get_lanes (doc);
      g_autofree char *region = g_strdup (rg != NULL ? rg->region : lanes[0]);
      double x, y;

      if (region == NULL)
        {
          g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                               _("Add a region lane first: a resource group needs a region."));
          return NULL;
        }
      topo_layout_free_spot (doc, NULL, region, &x, &y);
      return topo_edit_add_resource (doc, kind, NULL, region, x, y, error);
    }
  if (rg == NULL)
    {
      g_set_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                   _("Select a resource group first, or drag %s into one."),
                   topo_kind_indefinite_name (kind));
      return NULL;
    }
  /* beside the selected card, else at the top left of the selected group */
  if (near != rg)
    return add_card (doc, kind, rg->id, near->layout.x + TOPO_CARD_WIDTH + TOPO_CARD_GAP_X,
                     near->layout.y, error);
  return add_card (doc, kind, rg->id, TOPO_GROUP_PADDING, TOPO_GROUP_HEADER, error);
}

/* Notes ----------------------------------------------------------------------------------------- */

/* What a note dropped at (x, y) would be on: a card, else a link, else a group, else the lane. */
static gboolean
note_target (TopoDocument        *doc,
             double               x,
             double               y,
             const TopoResource **target,
             int                 *link,
             int                 *lane)
{
  topo_layout_update (doc);
  *target = topo_layout_resource_at (doc, x, y);
  *link = *target == NULL ? topo_interaction_link_at (doc, x, y, 6.0) : -1;
  if (*target == NULL && *link < 0)
    *target = topo_layout_group_at (doc, x, y);
  *lane = topo_layout_lane_at (doc, x, y);
  return *target != NULL || *link >= 0 || *lane >= 0;
}

gboolean
topo_interaction_note_drop_zone (TopoDocument  *doc,
                                 double         x,
                                 double         y,
                                 TopoRect      *zone,
                                 GError       **error)
{
  const TopoResource *target;
  int link, lane;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);

  if (!note_target (doc, x, y, &target, &link, &lane))
    {
      *zone = (TopoRect) { x, y, TOPO_NOTE_WIDTH, 48 };
      g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                           _("Drop a note onto a region lane, or onto what it is about."));
      return FALSE;
    }
  if (target != NULL)
    *zone = target->bounds;
  else if (link >= 0)
    *zone = topo_spatial_index_link_route (topo_spatial_index_get (doc), link)->bounds;
  else
    *zone = topo_layout_get_lane (doc, lane)->bounds;
  return TRUE;
}

const char *
topo_interaction_drop_note (TopoDocument  *doc,
                            double         x,
                            double         y,
                            const char    *text,
                            double         grid,
                            GError       **error)
{
  const TopoResource *target;
  g_autoptr(TopoNote) note = topo_note_new (NULL, text);
  int link, lane;
  double ax, ay;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  if (!note_target (doc, x, y, &target, &link, &lane))
    {
      g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                           _("Drop a note onto a region lane, or onto what it is about."));
      return NULL;
    }
  if (target != NULL)
    topo_note_set_attach (note, target->id);
  else if (link >= 0)
    topo_note_set_link (note, topo_document_get_link (doc, link));
  else
    {
      const TopoLane *band = topo_layout_get_lane (doc, lane);

      topo_note_set_free (note, band->region);
      note->has_layout = TRUE;
      note->x = snap (MAX (0, x - band->bounds.x - TOPO_LANE_HEADER_WIDTH), grid);
      note->y = snap (MAX (0, y - band->bounds.y), grid);
      return topo_edit_add_note (doc, g_steal_pointer (&note), error);
    }
  /* The note's top-left corner at the pointer, a little off the card so the leader shows: on a
   * card or group, a note hangs right of it unless dropped inside a large group. */
  topo_layout_note_anchor (doc, note, &ax, &ay);
  note->has_layout = TRUE;
  if (target != NULL && target->kind != TOPO_KIND_RESOURCE_GROUP)
    {
      note->x = target->bounds.w + TOPO_NOTE_GAP;
      note->y = snap (y - ay - 12, grid);
    }
  else
    {
      note->x = snap (x - ax, grid);
      note->y = snap (y - ay, grid);
    }
  return topo_edit_add_note (doc, g_steal_pointer (&note), error);
}

const char *
topo_interaction_add_note (TopoDocument  *doc,
                           const char    *anchor,
                           const char    *text,
                           GError       **error)
{
  const TopoResource *target = topo_document_lookup (doc, anchor);
  g_autoptr(TopoNote) note = topo_note_new (NULL, text);

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  if (target != NULL)
    topo_note_set_attach (note, target->id);
  else
    {
      const char *const *lanes = topo_document_get_lanes (doc);

      topo_layout_update (doc);
      if (topo_layout_get_n_lanes (doc) == 0)
        {
          g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                               _("Add a region lane first: a note sits on a lane."));
          return NULL;
        }
      topo_note_set_free (note, lanes[0] != NULL ? lanes[0] : topo_layout_get_lane (doc, 0)->region);
    }
  return topo_edit_add_note (doc, g_steal_pointer (&note), error);
}

/* Links */

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double vx = bx - ax, vy = by - ay;
  double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * vx), py - (ay + t * vy));
}

/* Distance from (px, py) to a route as drawn (curves are sampled). */
static double
route_distance (const TopoLinkRoute *rt,
                double               px,
                double               py)
{
  double best = G_MAXDOUBLE;

  if (rt->curve && rt->n_points == 4)
    {
      double lx = rt->x[0], ly = rt->y[0];

      for (int i = 1; i <= 24; i++)
        {
          double t = i / 24.0, u = 1 - t;
          double x = u * u * u * rt->x[0] + 3 * u * u * t * rt->x[1] +
                     3 * u * t * t * rt->x[2] + t * t * t * rt->x[3];
          double y = u * u * u * rt->y[0] + 3 * u * u * t * rt->y[1] +
                     3 * u * t * t * rt->y[2] + t * t * t * rt->y[3];

          best = MIN (best, segment_distance (px, py, lx, ly, x, y));
          lx = x;
          ly = y;
        }
      return best;
    }
  for (guint i = 1; i < rt->n_points; i++)
    best = MIN (best, segment_distance (px, py, rt->x[i - 1], rt->y[i - 1], rt->x[i], rt->y[i]));
  return best;
}

int
topo_interaction_link_at (TopoDocument *doc,
                          double        x,
                          double        y,
                          double        tolerance)
{
  TopoSpatialIndex *index = topo_spatial_index_get (doc);
  TopoRect probe = { x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance };
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (guint));
  double best_d = tolerance;
  int best = -1;

  topo_spatial_index_query (index, &probe, NULL, links);
  for (guint k = 0; k < links->len; k++)
    {
      guint i = g_array_index (links, guint, k);
      double d = route_distance (topo_spatial_index_link_route (index, i), x, y);

      if (d <= best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

gboolean
topo_interaction_can_connect (TopoDocument *doc,
                              const char   *a,
                              const char   *b)
{
  return connect_allowed (doc, a, b);
}

gboolean
topo_interaction_connect (TopoDocument  *doc,
                          const char    *a,
                          const char    *b,
                          int           *link_index,
                          GError       **error)
{
  const TopoResource *ra = topo_document_lookup (doc, a);
  const TopoResource *rb = topo_document_lookup (doc, b);
  g_autofree char *from = g_strdup (a);
  g_autofree char *to = g_strdup (b);

  if (link_index != NULL)
    *link_index = -1;
  /* links have a direction (workspace → storage); a drag the other way means the same link */
  if (ra != NULL && rb != NULL && topo_link_type_for_kinds (ra->kind, rb->kind) < 0 &&
      topo_link_type_for_kinds (rb->kind, ra->kind) >= 0)
    {
      g_free (from);
      g_free (to);
      from = g_strdup (b);
      to = g_strdup (a);
    }
  if (!topo_edit_connect (doc, from, to, TOPO_ACCESS_UNSET, error))
    return FALSE;
  if (link_index != NULL)
    *link_index = topo_document_get_n_links (doc) - 1;
  return TRUE;
}

void
topo_interaction_nudge (TopoDocument      *doc,
                        const char *const *selection,
                        double             dx,
                        double             dy)
{
  g_auto(GStrv) ids = topo_interaction_movable (doc, selection);

  g_return_if_fail (TOPO_IS_DOCUMENT (doc));

  /* Each item stops at the top-left of where it may be, so a nudge against an edge is no step at
   * all; growing groups and pushing neighbours aside is left to the invariants (topo-edit.c). */
  topo_document_begin_group (doc, _("Move"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const TopoResource *r = topo_document_lookup (doc, ids[i]);
      const char *one[] = { ids[i], NULL };
      gboolean group;
      double min_x, min_y, mx = dx, my = dy;

      if (r == NULL)
        {
          /* a note: a free one stops at its lane's corner, an attached one at the lane's edges
           * (the invariants) */
          topo_edit_move (doc, one, dx, dy);
          continue;
        }
      group = r->kind == TOPO_KIND_RESOURCE_GROUP;
      min_x = group ? 0 : TOPO_GROUP_PADDING;
      min_y = group ? 0 : TOPO_GROUP_HEADER;

      if (!group && topo_document_get_group_of (doc, r) == NULL)
        min_x = min_y = -G_MAXDOUBLE;   /* a card without a group (a broken file) moves freely */
      if (mx < 0)
        mx = MIN (0, MAX (mx, min_x - r->layout.x));
      if (my < 0)
        my = MIN (0, MAX (my, min_y - r->layout.y));
      topo_edit_move (doc, one, mx, my);
    }
  topo_document_end_group (doc);
}
