/* topo-render-diff.c: the change colours of a diff over the NEW design — green outlines for what
 * was added, amber for what changed, red ghosts for what was removed — and their legend row
 *
 * The overlay is computed once from the two documents and the diff; drawing it only looks up
 * the items the renderer already visits (hash lookups) and the ghosts inside the viewport, so
 * the canvas can show a comparison at the usual frame cost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-file.h"
#include "topo-render-diff-private.h"

typedef struct
{
  char     *id;         /* in OLD */
  char     *name;
  TopoKind  kind;
  TopoRect  rect;       /* in NEW's coordinates */
} Ghost;

typedef struct
{
  TopoLinkType  type;
  TopoLinkRoute route;
} GhostLink;

typedef struct
{
  char     *id;         /* in OLD */
  char     *text;
  TopoRect  rect;       /* in NEW's coordinates */
} GhostNote;

struct _TopoDiffOverlay
{
  GHashTable *states;        /* NEW resource id → TopoDiffState */
  GHashTable *link_states;   /* NEW link index + 1 → TopoDiffState */
  GArray     *ghosts;        /* Ghost: RGs first, then the others, each in OLD's order */
  GHashTable *ghost_index;   /* OLD id → index + 1 in ghosts */
  GArray     *ghost_links;   /* GhostLink */
  GArray     *ghost_notes;   /* GhostNote */
  TopoRect    ghost_extent;
  guint       n_added, n_changed, n_removed;
};

static void
ghost_clear (gpointer data)
{
  Ghost *g = data;

  g_free (g->id);
  g_free (g->name);
}

static void
ghost_note_clear (gpointer data)
{
  GhostNote *g = data;

  g_free (g->id);
  g_free (g->text);
}

void
topo_diff_overlay_free (TopoDiffOverlay *overlay)
{
  if (overlay == NULL)
    return;
  g_hash_table_unref (overlay->states);
  g_hash_table_unref (overlay->link_states);
  g_array_unref (overlay->ghosts);
  g_hash_table_unref (overlay->ghost_index);
  g_array_unref (overlay->ghost_links);
  g_array_unref (overlay->ghost_notes);
  g_free (overlay);
}

/* How far a lane of OLD moved in NEW (FALSE if NEW has no lane for the region). */
static gboolean
lane_offset (TopoDocument *old_doc,
             TopoDocument *new_doc,
             const char   *region,
             double       *dx,
             double       *dy)
{
  int oi = region != NULL ? topo_layout_lane_index (old_doc, region) : -1;
  int ni = region != NULL ? topo_layout_lane_index (new_doc, region) : -1;

  if (oi < 0 || ni < 0)
    return FALSE;
  *dx = topo_layout_get_lane (new_doc, ni)->bounds.x - topo_layout_get_lane (old_doc, oi)->bounds.x;
  *dy = topo_layout_get_lane (new_doc, ni)->bounds.y - topo_layout_get_lane (old_doc, oi)->bounds.y;
  return TRUE;
}

/* The old place of a removed resource, in NEW's coordinates: relative to its group when NEW
 * still has that group, else to its lane. */
static TopoRect
ghost_rect (TopoDocument       *old_doc,
            TopoDocument       *new_doc,
            const TopoResource *o)
{
  TopoRect rect = o->bounds;
  double dx = 0, dy = 0;

  if (o->kind == TOPO_KIND_RESOURCE_GROUP)
    lane_offset (old_doc, new_doc, o->region, &dx, &dy);
  else
    {
      const TopoResource *old_group = topo_document_lookup (old_doc, o->group);
      const TopoResource *new_group = topo_document_lookup (new_doc, o->group);

      if (old_group != NULL && new_group != NULL && new_group->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          dx = new_group->bounds.x - old_group->bounds.x;
          dy = new_group->bounds.y - old_group->bounds.y;
        }
      else if (old_group != NULL)
        lane_offset (old_doc, new_doc, old_group->region, &dx, &dy);
    }
  rect.x += dx;
  rect.y += dy;
  return rect;
}

static void
rect_union (TopoRect       *acc,
            gboolean       *empty,
            const TopoRect *r)
{
  double x1, y1;

  if (*empty)
    {
      *acc = *r;
      *empty = FALSE;
      return;
    }
  x1 = MAX (acc->x + acc->w, r->x + r->w);
  y1 = MAX (acc->y + acc->h, r->y + r->h);
  acc->x = MIN (acc->x, r->x);
  acc->y = MIN (acc->y, r->y);
  acc->w = x1 - acc->x;
  acc->h = y1 - acc->y;
}

/* An end of a removed link: a ghost, or the resource NEW still has under that id. */
static gboolean
link_end (TopoDiffOverlay *overlay,
          TopoDocument    *new_doc,
          const char      *id,
          TopoRect        *rect,
          TopoRect        *group)
{
  guint gi = GPOINTER_TO_UINT (g_hash_table_lookup (overlay->ghost_index, id));
  const TopoResource *r;

  if (gi > 0)
    {
      *rect = g_array_index (overlay->ghosts, Ghost, gi - 1).rect;
      *group = *rect;
      return TRUE;
    }
  r = topo_document_lookup (new_doc, id);
  if (r == NULL)
    return FALSE;
  *rect = r->bounds;
  *group = r->bounds;
  r = topo_document_get_group_of (new_doc, r);
  if (r != NULL)
    *group = r->bounds;
  return TRUE;
}

TopoDiffOverlay *
topo_diff_overlay_new (TopoDocument   *old_doc,
                       TopoDocument   *new_doc,
                       const TopoDiff *diff)
{
  TopoDiffOverlay *overlay;
  gboolean empty = TRUE;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (old_doc), NULL);
  g_return_val_if_fail (TOPO_IS_DOCUMENT (new_doc), NULL);
  g_return_val_if_fail (diff != NULL, NULL);

  topo_layout_update (old_doc);
  topo_layout_update (new_doc);

  overlay = g_new0 (TopoDiffOverlay, 1);
  overlay->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  overlay->link_states = g_hash_table_new (NULL, NULL);
  overlay->ghosts = g_array_new (FALSE, FALSE, sizeof (Ghost));
  g_array_set_clear_func (overlay->ghosts, ghost_clear);
  overlay->ghost_index = g_hash_table_new (g_str_hash, g_str_equal);
  overlay->ghost_links = g_array_new (FALSE, FALSE, sizeof (GhostLink));
  overlay->ghost_notes = g_array_new (FALSE, FALSE, sizeof (GhostNote));
  g_array_set_clear_func (overlay->ghost_notes, ghost_note_clear);

  /* Groups first, so ghost cards are drawn over ghost groups. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < diff->changes->len; i++)
      {
        const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);
        const TopoResource *o;
        Ghost g;

        if (c->kind != TOPO_DIFF_RESOURCE_REMOVED ||
            (pass == 0) != (c->resource_kind == TOPO_KIND_RESOURCE_GROUP))
          continue;
        o = topo_document_lookup (old_doc, c->id);
        if (o == NULL)
          continue;
        g.id = g_strdup (o->id);
        g.name = g_strdup (topo_resource_get_name (o));
        g.kind = o->kind;
        g.rect = ghost_rect (old_doc, new_doc, o);
        g_array_append_val (overlay->ghosts, g);
        rect_union (&overlay->ghost_extent, &empty, &g.rect);
        overlay->n_removed++;
      }
  /* The index after the array stopped growing: its keys point into the elements. */
  for (guint i = 0; i < overlay->ghosts->len; i++)
    g_hash_table_insert (overlay->ghost_index, g_array_index (overlay->ghosts, Ghost, i).id,
                         GUINT_TO_POINTER (i + 1));

  for (guint i = 0; i < diff->changes->len; i++)
    {
      const TopoDiffChange *c = g_ptr_array_index (diff->changes, i);

      switch (c->kind)
        {
        case TOPO_DIFF_RESOURCE_ADDED:
          g_hash_table_replace (overlay->states, g_strdup (c->id), GINT_TO_POINTER (TOPO_DIFF_STATE_ADDED));
          overlay->n_added++;
          break;
        case TOPO_DIFF_RESOURCE_RENAMED:
        case TOPO_DIFF_RESOURCE_MOVED:
        case TOPO_DIFF_RESOURCE_CHANGED:
        case TOPO_DIFF_ACCESS_GRANTED:
        case TOPO_DIFF_ACCESS_WIDENED:
        case TOPO_DIFF_ACCESS_NARROWED:
        case TOPO_DIFF_ACCESS_REVOKED:
        case TOPO_DIFF_LAYOUT_MOVED:
          if (c->id != NULL && !g_hash_table_contains (overlay->states, c->id))
            {
              g_hash_table_insert (overlay->states, g_strdup (c->id), GINT_TO_POINTER (TOPO_DIFF_STATE_CHANGED));
              overlay->n_changed++;
            }
          break;
        case TOPO_DIFF_NOTE_ADDED:
          g_hash_table_replace (overlay->states, g_strdup (c->id), GINT_TO_POINTER (TOPO_DIFF_STATE_ADDED));
          overlay->n_added++;
          break;
        case TOPO_DIFF_NOTE_CHANGED:
        case TOPO_DIFF_NOTE_MOVED:
          if (!g_hash_table_contains (overlay->states, c->id))
            {
              g_hash_table_insert (overlay->states, g_strdup (c->id), GINT_TO_POINTER (TOPO_DIFF_STATE_CHANGED));
              overlay->n_changed++;
            }
          break;
        case TOPO_DIFF_NOTE_REMOVED:
          {
            const TopoNote *o = topo_document_lookup_note (old_doc, c->id);
            int lane = o != NULL ? topo_layout_note_lane (old_doc, o) : -1;
            double dx = 0, dy = 0;
            double old_x, old_y, new_x, new_y;
            GhostNote g;

            overlay->n_removed++;
            if (o == NULL)
              break;
            /* Attached: at its old offset from its target, wherever NEW has the target; free
             * (or the target is gone): where it was on its lane, wherever that lane is now. */
            if ((o->attach != NULL || o->link_from != NULL) &&
                topo_layout_note_anchor (old_doc, o, &old_x, &old_y) &&
                topo_layout_note_anchor (new_doc, o, &new_x, &new_y))
              {
                dx = new_x - old_x;
                dy = new_y - old_y;
              }
            else if (lane >= 0)
              lane_offset (old_doc, new_doc, topo_layout_get_lane (old_doc, lane)->region, &dx, &dy);
            g.id = g_strdup (o->id);
            g.text = topo_note_text_to_plain (o->text);
            g.rect = o->bounds;
            g.rect.x += dx;
            g.rect.y += dy;
            g_array_append_val (overlay->ghost_notes, g);
            rect_union (&overlay->ghost_extent, &empty, &g.rect);
          }
          break;
        case TOPO_DIFF_LINK_ADDED:
          g_hash_table_insert (overlay->link_states, GUINT_TO_POINTER (c->link_index + 1),
                               GINT_TO_POINTER (TOPO_DIFF_STATE_ADDED));
          overlay->n_added++;
          break;
        case TOPO_DIFF_LINK_CHANGED:
          if (!g_hash_table_contains (overlay->link_states, GUINT_TO_POINTER (c->link_index + 1)))
            {
              g_hash_table_insert (overlay->link_states, GUINT_TO_POINTER (c->link_index + 1),
                                   GINT_TO_POINTER (TOPO_DIFF_STATE_CHANGED));
              overlay->n_changed++;
            }
          break;
        case TOPO_DIFF_LINK_REMOVED:
          {
            TopoRect from, from_group, to, to_group;
            GhostLink gl;

            overlay->n_removed++;
            if (!link_end (overlay, new_doc, c->from, &from, &from_group) ||
                !link_end (overlay, new_doc, c->to, &to, &to_group))
              break;
            gl.type = c->link_type;
            topo_link_route_compute (c->link_type, c->link_index, &from, &from_group, &to, &to_group,
                                     &gl.route);
            g_array_append_val (overlay->ghost_links, gl);
            rect_union (&overlay->ghost_extent, &empty, &gl.route.bounds);
          }
          break;
        default:
          break;
        }
    }
  return overlay;
}

TopoDiffState
topo_diff_overlay_state (const TopoDiffOverlay *overlay,
                         const char            *id)
{
  g_return_val_if_fail (overlay != NULL, TOPO_DIFF_STATE_NONE);
  return GPOINTER_TO_INT (g_hash_table_lookup (overlay->states, id));
}

gboolean
topo_diff_overlay_ghost_bounds (const TopoDiffOverlay *overlay,
                                const char            *old_id,
                                TopoRect              *bounds)
{
  guint gi;

  g_return_val_if_fail (overlay != NULL, FALSE);
  gi = GPOINTER_TO_UINT (g_hash_table_lookup (overlay->ghost_index, old_id));
  if (gi == 0)
    {
      /* a removed note (few: a plain search) */
      for (guint i = 0; i < overlay->ghost_notes->len; i++)
        if (g_strcmp0 (g_array_index (overlay->ghost_notes, GhostNote, i).id, old_id) == 0)
          {
            *bounds = g_array_index (overlay->ghost_notes, GhostNote, i).rect;
            return TRUE;
          }
      return FALSE;
    }
  *bounds = g_array_index (overlay->ghosts, Ghost, gi - 1).rect;
  return TRUE;
}

void
topo_diff_overlay_counts (const TopoDiffOverlay *overlay,
                          guint                 *added,
                          guint                 *changed,
                          guint                 *removed)
{
  g_return_if_fail (overlay != NULL);
  if (added != NULL)
    *added = overlay->n_added;
  if (changed != NULL)
    *changed = overlay->n_changed;
  if (removed != NULL)
    *removed = overlay->n_removed;
}

void
_topo_diff_extend_extent (const TopoDiffOverlay *overlay,
                          TopoRect              *extent)
{
  gboolean empty = FALSE;

  if (overlay == NULL || (overlay->ghosts->len == 0 && overlay->ghost_links->len == 0 &&
                          overlay->ghost_notes->len == 0))
    return;
  rect_union (extent, &empty, &overlay->ghost_extent);
}

/* Drawing --------------------------------------------------------------------------------------- */

/* Green, amber, red: distinct for the common colour-vision deficiencies by lightness too. */
static TopoColor
state_color (const Render  *r,
             TopoDiffState  state)
{
  static const TopoColor light[] = { { 0, 0, 0 }, { 0.13, 0.55, 0.20 }, { 0.93, 0.58, 0.0 }, { 0.80, 0.16, 0.16 } };
  static const TopoColor dark[] = { { 0, 0, 0 }, { 0.34, 0.83, 0.39 }, { 0.89, 0.70, 0.25 }, { 1.0, 0.48, 0.45 } };

  return r->options->theme == TOPO_THEME_DARK ? dark[state] : light[state];
}

static double
line_width (const Render *r,
            double        width)
{
  return MAX (width, 1.0 / r->scale);
}

static void
set_dash (Render *r)
{
  double dash[] = { 6.0, 4.0 };

  cairo_set_dash (r->cr, dash, 2, 0);
}

static void
trace_route (cairo_t             *cr,
             const TopoLinkRoute *rt)
{
  cairo_move_to (cr, rt->x[0], rt->y[0]);
  if (rt->curve)
    cairo_curve_to (cr, rt->x[1], rt->y[1], rt->x[2], rt->y[2], rt->x[3], rt->y[3]);
  else
    for (guint p = 1; p < rt->n_points; p++)
      cairo_line_to (cr, rt->x[p], rt->y[p]);
}

static void
draw_ghost_group (Render      *r,
                  const Ghost *g)
{
  cairo_t *cr = r->cr;
  TopoColor red = state_color (r, TOPO_DIFF_STATE_REMOVED);

  cairo_save (cr);
  _topo_rounded_rect (cr, g->rect.x, g->rect.y, g->rect.w, g->rect.h, GROUP_RADIUS);
  topo_color_set_source (cr, red, 0.07);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, red, 1.0);
  cairo_set_line_width (cr, line_width (r, 2.0));
  set_dash (r);
  cairo_stroke (cr);
  cairo_restore (cr);
  if (r->group_text)
    _topo_draw_text (r, g->name, FONT_GROUP_NAME, g->rect.x + 14, g->rect.y + 12, g->rect.w - 28, red);
}

static void
draw_ghost_card (Render      *r,
                 const Ghost *g)
{
  cairo_t *cr = r->cr;
  TopoColor red = state_color (r, TOPO_DIFF_STATE_REMOVED);
  const TopoRect *b = &g->rect;

  cairo_save (cr);
  _topo_rounded_rect (cr, b->x, b->y, b->w, b->h, CARD_RADIUS);
  topo_color_set_source (cr, topo_color_mix (r->palette->card_fill, red, 0.12), 0.8);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, red, 1.0);
  cairo_set_line_width (cr, line_width (r, 2.0));
  set_dash (r);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (r->details)
    {
      double gy = b->y + (b->h - GLYPH_SIZE) / 2;

      /* Faded by a veil, not a group: cairo 1.16's SVG surface leaks a group's snapshot. */
      topo_render_glyph (cr, g->kind, b->x + 9, gy, GLYPH_SIZE, r->options->theme);
      cairo_rectangle (cr, b->x + 8, gy - 1, GLYPH_SIZE + 2, GLYPH_SIZE + 2);
      topo_color_set_source (cr, topo_color_mix (r->palette->card_fill, red, 0.12), 0.55);
      cairo_fill (cr);
    }
  if (r->text)
    {
      double th, ty;

      _topo_layout_text (r, g->name, FONT_CARD_NAME, b->w - 56, 1, NULL, &th);
      ty = b->y + (b->h - th) / 2;
      _topo_show_layout (r, b->x + 46, ty, red);
      /* Struck through: it is gone. */
      cairo_move_to (cr, b->x + 44, ty + th / 2 + 0.5);
      cairo_line_to (cr, b->x + b->w - 10, ty + th / 2 + 0.5);
      topo_color_set_source (cr, red, 0.8);
      cairo_set_line_width (cr, line_width (r, 1.2));
      cairo_stroke (cr);
    }
  else if (!r->overview)
    /* zoomed out: the name at the size live cards keep theirs */
    _topo_draw_min_size_card_name (r, b, g->name, red);
}

void
_topo_draw_diff_under_links (Render       *r,
                             const GArray *links)
{
  const TopoDiffOverlay *overlay = r->options->diff;
  cairo_t *cr = r->cr;

  if (overlay == NULL)
    return;

  for (guint i = 0; i < overlay->ghosts->len; i++)
    {
      const Ghost *g = &g_array_index (overlay->ghosts, Ghost, i);

      if (g->kind == TOPO_KIND_RESOURCE_GROUP && topo_rect_intersects (&g->rect, &r->viewport))
        draw_ghost_group (r, g);
    }

  /* Halos under the links that were added or changed. */
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, line_width (r, 8.0));
  for (guint k = 0; k < links->len; k++)
    {
      guint i = g_array_index (links, guint, k);
      TopoDiffState state = GPOINTER_TO_INT (g_hash_table_lookup (overlay->link_states, GUINT_TO_POINTER (i + 1)));
      const TopoLinkRoute *rt;

      if (state == TOPO_DIFF_STATE_NONE || (rt = topo_spatial_index_link_route (r->index, i)) == NULL)
        continue;
      trace_route (cr, rt);
      topo_color_set_source (cr, state_color (r, state), 0.45);
      cairo_stroke (cr);
    }

  /* Removed links: dashed, where they ran. */
  cairo_set_line_width (cr, line_width (r, 2.0));
  set_dash (r);
  topo_color_set_source (cr, state_color (r, TOPO_DIFF_STATE_REMOVED), 0.9);
  for (guint i = 0; i < overlay->ghost_links->len; i++)
    {
      const GhostLink *gl = &g_array_index (overlay->ghost_links, GhostLink, i);

      if (topo_rect_intersects (&gl->route.bounds, &r->viewport))
        {
          trace_route (cr, &gl->route);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

void
_topo_draw_diff_over_cards (Render       *r,
                             const GArray *resources,
                             const GArray *links)
{
  const TopoDiffOverlay *overlay = r->options->diff;
  cairo_t *cr = r->cr;

  if (overlay == NULL)
    return;

  /* pills with no place off a ghost card: under it, so the ghost stays readable */
  if (r->text && r->details && overlay->ghosts->len > 0)
    for (guint k = 0; k < links->len; k++)
      {
        guint i = g_array_index (links, guint, k);
        const TopoLinkRoute *rt = topo_spatial_index_link_route (r->index, i);

        if (rt != NULL)
          _topo_draw_link_label_under_ghosts (r, topo_document_get_link (r->doc, i), rt);
      }

  for (guint i = 0; i < overlay->ghosts->len; i++)
    {
      const Ghost *g = &g_array_index (overlay->ghosts, Ghost, i);

      if (g->kind != TOPO_KIND_RESOURCE_GROUP && topo_rect_intersects (&g->rect, &r->viewport))
        draw_ghost_card (r, g);
    }

  cairo_save (cr);
  cairo_set_line_width (cr, line_width (r, 3.0));
  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));
      TopoDiffState state = GPOINTER_TO_INT (g_hash_table_lookup (overlay->states, res->id));
      double radius = res->kind == TOPO_KIND_RESOURCE_GROUP ? GROUP_RADIUS : CARD_RADIUS;
      const TopoRect *b = &res->bounds;

      if (state == TOPO_DIFF_STATE_NONE)
        continue;
      _topo_rounded_rect (cr, b->x - 4, b->y - 4, b->w + 8, b->h + 8, radius + 4);
      topo_color_set_source (cr, state_color (r, state), 1.0);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Whether a pill at rect would hide part of a ghost card, a card or an RG's title band. */
static gboolean
pill_covers_something (Render         *r,
                       const TopoRect *pill)
{
  const TopoDiffOverlay *overlay = r->options->diff;
  g_autoptr(GArray) resources = g_array_new (FALSE, FALSE, sizeof (guint));
  TopoRect grown = { pill->x - 3, pill->y - 3, pill->w + 6, pill->h + 6 };

  for (guint i = 0; i < overlay->ghosts->len; i++)
    {
      const Ghost *g = &g_array_index (overlay->ghosts, Ghost, i);

      if (g->kind != TOPO_KIND_RESOURCE_GROUP && topo_rect_intersects (&g->rect, &grown))
        return TRUE;
    }
  topo_spatial_index_query (r->index, &grown, resources, NULL);
  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));
      TopoRect b = res->bounds;

      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        b.h = MIN (b.h, TOPO_GROUP_HEADER);
      if (topo_rect_intersects (&b, pill))
        return TRUE;
    }
  return FALSE;
}

gboolean
_topo_diff_place_pill (Render              *r,
                       const TopoLinkRoute *rt,
                       double               pw,
                       double               ph,
                       double              *x,
                       double              *y)
{
  const TopoDiffOverlay *overlay = r->options->diff;
  TopoRect pill = { *x - pw / 2, *y - ph / 2, pw, ph };
  double start[TOPO_LINK_ROUTE_MAX_POINTS], total = 0, at = 0, best = G_MAXDOUBLE;
  gboolean hides_ghost = FALSE;

  if (overlay == NULL)
    return TRUE;
  for (guint i = 0; i < overlay->ghosts->len && !hides_ghost; i++)
    {
      const Ghost *g = &g_array_index (overlay->ghosts, Ghost, i);

      hides_ghost = g->kind != TOPO_KIND_RESOURCE_GROUP && topo_rect_intersects (&g->rect, &pill);
    }
  if (!hides_ghost)
    return TRUE;
  if (rt->curve || rt->n_points < 2)
    return FALSE;

  /* the router's place as a distance along the route (it lies on a run, or beside one) */
  for (guint i = 1; i < rt->n_points; i++)
    {
      double len = fabs (rt->x[i] - rt->x[i - 1]) + fabs (rt->y[i] - rt->y[i - 1]);
      double t = len > 0 ? CLAMP (((*x - rt->x[i - 1]) * (rt->x[i] - rt->x[i - 1]) +
                                   (*y - rt->y[i - 1]) * (rt->y[i] - rt->y[i - 1])) / (len * len), 0, 1) : 0;
      double px = rt->x[i - 1] + t * (rt->x[i] - rt->x[i - 1]);
      double py = rt->y[i - 1] + t * (rt->y[i] - rt->y[i - 1]);
      double d = hypot (px - *x, py - *y);

      start[i] = total;
      if (d < best)
        {
          best = d;
          at = total + t * len;
        }
      total += len;
    }

  /* outwards from there in steps of 6 units, both ways: the first place on a run, clear of
   * its corners, where the pill covers nothing */
  for (double step = 6; step < total; step += 6)
    for (int side = -1; side <= 1; side += 2)
      {
        double s = at + side * step;

        if (s < 0 || s > total)
          continue;
        for (guint i = 1; i < rt->n_points; i++)
          {
            double len = fabs (rt->x[i] - rt->x[i - 1]) + fabs (rt->y[i] - rt->y[i - 1]);
            gboolean horizontal = fabs (rt->y[i] - rt->y[i - 1]) < 0.01;
            double half = (horizontal ? pw : ph) / 2 + 6, px, py;

            if (s < start[i] || s > start[i] + len)
              continue;
            if (s - start[i] < half || start[i] + len - s < half)
              break;
            px = rt->x[i - 1] + (rt->x[i] - rt->x[i - 1]) * (s - start[i]) / len;
            py = rt->y[i - 1] + (rt->y[i] - rt->y[i - 1]) * (s - start[i]) / len;
            pill = (TopoRect) { px - pw / 2, py - ph / 2, pw, ph };
            if (!pill_covers_something (r, &pill))
              {
                *x = px;
                *y = py;
                return TRUE;
              }
            break;
          }
      }
  return FALSE;
}

void
_topo_draw_diff_notes (Render *r)
{
  const TopoDiffOverlay *overlay = r->options->diff;
  cairo_t *cr = r->cr;
  TopoColor red;
  guint n;

  if (overlay == NULL || r->options->hide_notes)
    return;
  red = state_color (r, TOPO_DIFF_STATE_REMOVED);
  for (guint i = 0; i < overlay->ghost_notes->len; i++)
    {
      const GhostNote *g = &g_array_index (overlay->ghost_notes, GhostNote, i);
      const TopoRect *b = &g->rect;

      if (!topo_rect_intersects (b, &r->viewport))
        continue;
      cairo_save (cr);
      cairo_rectangle (cr, b->x, b->y, b->w, b->h);
      topo_color_set_source (cr, topo_color_mix (r->palette->note_fill, red, 0.15), 0.75);
      cairo_fill_preserve (cr);
      topo_color_set_source (cr, red, 1.0);
      cairo_set_line_width (cr, line_width (r, 2.0));
      set_dash (r);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (r->text)
        {
          double th;

          _topo_layout_text (r, g->text, FONT_NOTE, b->w - 20, 3, NULL, &th);
          _topo_show_layout (r, b->x + 10, b->y + 10, red);
        }
    }

  cairo_save (cr);
  cairo_set_line_width (cr, line_width (r, 3.0));
  n = topo_document_get_n_notes (r->doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoNote *note = topo_document_get_note (r->doc, i);
      TopoDiffState state = GPOINTER_TO_INT (g_hash_table_lookup (overlay->states, note->id));
      TopoRect drawn;

      if (state == TOPO_DIFF_STATE_NONE)
        continue;
      /* zoomed out, the note's chip may reach past its card: around what is drawn */
      _topo_note_drawn_rect (r, note, &drawn);
      if (!topo_rect_intersects (&(TopoRect) { drawn.x - 6, drawn.y - 6, drawn.w + 12, drawn.h + 12 },
                                 &r->viewport))
        continue;
      _topo_rounded_rect (cr, drawn.x - 4, drawn.y - 4, drawn.w + 8, drawn.h + 8, 6);
      topo_color_set_source (cr, state_color (r, state), 1.0);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
_topo_draw_diff_legend (Render *r,
                        double  x,
                        double  y,
                        double  cell)
{
  const TopoDiffOverlay *overlay = r->options->diff;
  cairo_t *cr = r->cr;
  const TopoDiffState states[] = { TOPO_DIFF_STATE_ADDED, TOPO_DIFF_STATE_CHANGED, TOPO_DIFF_STATE_REMOVED };
  const guint counts[] = { overlay->n_added, overlay->n_changed, overlay->n_removed };
  const char *labels[] = { N_("Added (%u)"), N_("Changed (%u)"), N_("Removed (%u)") };

  for (guint k = 0; k < G_N_ELEMENTS (states); k++)
    {
      double cx = x + k * cell, cy = y + 11, th;
      TopoColor color = state_color (r, states[k]);
      g_autofree char *label = g_strdup_printf (_(labels[k]), counts[k]);

      cairo_save (cr);
      _topo_rounded_rect (cr, cx + 4, cy - 9, 44, 18, 5);
      if (states[k] == TOPO_DIFF_STATE_REMOVED)
        {
          topo_color_set_source (cr, topo_color_mix (r->palette->card_fill, color, 0.12), 1.0);
          cairo_fill_preserve (cr);
          set_dash (r);
          cairo_set_line_width (cr, line_width (r, 2.0));
        }
      else
        cairo_set_line_width (cr, line_width (r, 3.0));
      topo_color_set_source (cr, color, 1.0);
      cairo_stroke (cr);
      cairo_restore (cr);

      _topo_layout_text (r, label, FONT_LEGEND, cell - 66, 1, NULL, &th);
      _topo_show_layout (r, cx + 60, cy - th / 2, r->palette->legend_text);
    }
}

/* Exports --------------------------------------------------------------------------------------- */

GBytes *
topo_diff_image_export_to_bytes (TopoDocument     *old_doc,
                                 TopoDocument     *new_doc,
                                 TopoImageFormat   format,
                                 double            scale,
                                 TopoImageFlags    flags,
                                 TopoTheme         theme,
                                 GError          **error)
{
  g_autoptr(TopoDiff) diff = NULL;
  g_autoptr(TopoDiffOverlay) overlay = NULL;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (old_doc), NULL);
  g_return_val_if_fail (TOPO_IS_DOCUMENT (new_doc), NULL);

  /* Findings are not drawn as changes; the badges show NEW's. */
  diff = topo_diff_compute (old_doc, new_doc, TOPO_DIFF_NO_FINDINGS);
  overlay = topo_diff_overlay_new (old_doc, new_doc, diff);
  return _topo_image_export_with_diff (new_doc, format, scale, flags, theme, overlay, error);
}

gboolean
topo_diff_image_export (TopoDocument     *old_doc,
                        TopoDocument     *new_doc,
                        TopoImageFormat   format,
                        const char       *path,
                        double            scale,
                        TopoImageFlags    flags,
                        TopoTheme         theme,
                        GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = topo_diff_image_export_to_bytes (old_doc, new_doc, format, scale, flags, theme, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  /* through symbolic links, keeping the owner, mode and hard links (as every other export) */
  return topo_file_replace (path, data, size, error);
}
