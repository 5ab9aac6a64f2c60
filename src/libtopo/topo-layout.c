/* topo-layout.c: geometry of a design and automatic layout
 *
 * Lanes stack top to bottom in the document's "lanes" order (regions used by an RG but missing
 * from "lanes" follow as implicit lanes). A lane is as tall as its lowest RG plus padding. RG
 * layouts are relative to their lane's content origin (right of the label column), resource
 * layouts to their RG. Everything here is O(resources).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-layout"

#include "config.h"

#include <math.h>

#include "topo-layout.h"
#include "topo-document-private.h"

#define LANE_MIN_WIDTH 960.0

typedef struct
{
  guint64     serial;
  gboolean    valid;
  GArray     *lanes;        /* of TopoLane */
  GHashTable *lane_index;   /* region → index + 1 */
  TopoRect    extent;
  /* per resource, its RG's position + 1 at the last update (0: none): tried before a lookup */
  guint      *group_hint;
  guint       n_group_hint;
} Geometry;

static void
geometry_free (gpointer data)
{
  Geometry *geometry = data;

  g_array_unref (geometry->lanes);
  g_hash_table_unref (geometry->lane_index);
  g_free (geometry->group_hint);
  g_free (geometry);
}

static Geometry *
get_geometry (TopoDocument *doc)
{
  Geometry *geometry = g_object_get_data (G_OBJECT (doc), "topo-geometry");

  if (geometry == NULL)
    {
      geometry = g_new0 (Geometry, 1);
      geometry->lanes = g_array_new (FALSE, FALSE, sizeof (TopoLane));
      geometry->lane_index = g_hash_table_new (g_str_hash, g_str_equal);
      g_object_set_data_full (G_OBJECT (doc), "topo-geometry", geometry, geometry_free);
    }
  return geometry;
}

gboolean
topo_rect_contains (const TopoRect *r,
                    double          x,
                    double          y)
{
  return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

gboolean
topo_rect_intersects (const TopoRect *a,
                      const TopoRect *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

void
topo_layout_card_size (TopoKind  kind,
                       double   *w,
                       double   *h)
{
  *w = TOPO_CARD_WIDTH;
  *h = TOPO_CARD_HEIGHT;
}

static void
add_lane (Geometry   *geometry,
          const char *region,
          gboolean    implicit)
{
  TopoLane lane = { region, { 0, 0, 0, 0 }, implicit };

  if (region == NULL || g_hash_table_contains (geometry->lane_index, region))
    return;
  g_array_append_val (geometry->lanes, lane);
  g_hash_table_insert (geometry->lane_index, (gpointer) region,
                       GUINT_TO_POINTER (geometry->lanes->len));
}

static int
lane_of (Geometry   *geometry,
         const char *region)
{
  if (region == NULL)
    return -1;
  return GPOINTER_TO_UINT (g_hash_table_lookup (geometry->lane_index, region)) - 1;
}

/* Notes ------------------------------------------------------------------------------------ */

/* The default offset of a note from its target's anchor: right of the target, top-aligned. */
static void
note_offset (const TopoNote     *note,
             const TopoResource *target,
             double             *ox,
             double             *oy)
{
  if (note->has_layout)
    {
      *ox = note->x;
      *oy = note->y;
    }
  else if (target != NULL)
    {
      double w, h;

      if (target->kind == TOPO_KIND_RESOURCE_GROUP)
        w = target->layout.w;
      else
        topo_layout_card_size (target->kind, &w, &h);
      *ox = w + TOPO_NOTE_GAP;
      *oy = 0;
    }
  else
    {
      /* free note, or one on a link (below right of the link's middle) */
      *ox = note->attach == NULL && note->link_from == NULL ? TOPO_LANE_PADDING : TOPO_NOTE_GAP / 2;
      *oy = note->attach == NULL && note->link_from == NULL ? TOPO_LANE_PADDING : TOPO_NOTE_GAP / 2;
    }
}

/* The RG that places a note attached to a resource (the resource itself for an RG), or NULL. */
static const TopoResource *
note_group (TopoDocument   *doc,
            const TopoNote *note)
{
  const TopoResource *target;

  if (note->attach != NULL)
    target = topo_document_lookup (doc, note->attach);
  else if (note->link_from != NULL)
    target = topo_document_lookup (doc, note->link_from);
  else
    return NULL;
  return topo_document_get_group_of (doc, target);
}

/* Where a note is relative to its lane's content origin, when that does not depend on where the
 * lanes are (free notes, notes on a resource in an RG): lanes grow to hold these. */
static gboolean
note_lane_position (TopoDocument   *doc,
                    Geometry       *geometry,
                    const TopoNote *note,
                    int            *lane,
                    double         *rx,
                    double         *ry)
{
  const TopoResource *target, *rg;
  double ox, oy;

  if (topo_note_is_free (note))
    {
      note_offset (note, NULL, rx, ry);
      *lane = lane_of (geometry, note->region);
      return *lane >= 0;
    }
  if (note->attach == NULL)
    return FALSE;
  target = topo_document_lookup (doc, note->attach);
  rg = topo_document_get_group_of (doc, target);
  if (target == NULL || rg == NULL)
    return FALSE;
  note_offset (note, target, &ox, &oy);
  *lane = lane_of (geometry, rg->region);
  *rx = rg->layout.x + (target != rg ? target->layout.x : 0) + ox;
  *ry = rg->layout.y + (target != rg ? target->layout.y : 0) + oy;
  return *lane >= 0;
}

int
topo_layout_note_lane (TopoDocument   *doc,
                       const TopoNote *note)
{
  const TopoResource *rg;

  topo_layout_update (doc);
  if (topo_note_is_free (note))
    return lane_of (get_geometry (doc), note->region);
  rg = note_group (doc, note);
  return rg != NULL ? lane_of (get_geometry (doc), rg->region) : -1;
}

gboolean
topo_layout_note_anchor (TopoDocument   *doc,
                         const TopoNote *note,
                         double         *x,
                         double         *y)
{
  topo_layout_update (doc);
  if (note->attach != NULL)
    {
      const TopoResource *target = topo_document_lookup (doc, note->attach);

      if (target == NULL)
        return FALSE;
      *x = target->bounds.x;
      *y = target->bounds.y;
      return TRUE;
    }
  if (note->link_from != NULL)
    {
      const TopoResource *from = topo_document_lookup (doc, note->link_from);
      const TopoResource *to = topo_document_lookup (doc, note->link_to);

      if (from == NULL || to == NULL)
        return FALSE;
      *x = (from->bounds.x + from->bounds.w / 2 + to->bounds.x + to->bounds.w / 2) / 2;
      *y = (from->bounds.y + from->bounds.h / 2 + to->bounds.y + to->bounds.h / 2) / 2;
      return TRUE;
    }
  return FALSE;
}

const TopoNote *
topo_layout_note_at (TopoDocument *doc,
                     double        x,
                     double        y)
{
  guint n = topo_document_get_n_notes (doc);

  topo_layout_update (doc);
  /* Later notes are drawn on top, so they win. */
  for (guint i = n; i > 0; i--)
    {
      const TopoNote *note = topo_document_get_note (doc, i - 1);

      if (topo_rect_contains (&note->bounds, x, y))
        return note;
    }
  return NULL;
}

gboolean
topo_change_affects_layout (const TopoChange *change)
{
  g_return_val_if_fail (change != NULL, TRUE);

  switch (change->kind)
    {
    /* Neither the layout nor the spatial index reads teams, the policy or the name. */
    case TOPO_CHANGE_TEAM_ADDED:
    case TOPO_CHANGE_TEAM_REMOVED:
    case TOPO_CHANGE_TEAM_MODIFIED:
    case TOPO_CHANGE_POLICY:
    case TOPO_CHANGE_NAME:
      return FALSE;

    default:
      return TRUE;
    }
}

void
topo_layout_update (TopoDocument *doc)
{
  Geometry *geometry = get_geometry (doc);
  guint n = topo_document_get_n_resources (doc);
  const char *const *lanes = topo_document_get_lanes (doc);
  g_autofree double *lane_bottom = NULL;
  g_autofree double *lane_right = NULL;
  double y = 0, width = LANE_MIN_WIDTH, loose_bottom = 0, loose_right = 0;
  gboolean has_loose = FALSE;
  guint n_notes = topo_document_get_n_notes (doc);

  if (geometry->valid && geometry->serial == topo_document_get_layout_serial (doc))
    return;

  g_array_set_size (geometry->lanes, 0);
  g_hash_table_remove_all (geometry->lane_index);
  for (guint i = 0; lanes[i]; i++)
    add_lane (geometry, lanes[i], FALSE);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        add_lane (geometry, r->region, TRUE);
    }
  for (guint i = 0; i < n_notes; i++)
    {
      TopoNote *note = _topo_document_get_note_mut (doc, i);

      if (note->region != NULL)
        add_lane (geometry, note->region, TRUE);
      /* the height follows the text (measured as the renderer lays it out) */
      note->bounds.w = TOPO_NOTE_WIDTH;
      note->bounds.h = _topo_note_height (note);
    }

  /* Lane sizes from their RGs. */
  lane_bottom = g_new0 (double, geometry->lanes->len + 1);
  lane_right = g_new0 (double, geometry->lanes->len + 1);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      int lane;

      if (r->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      lane = lane_of (geometry, r->region);
      lane_bottom[lane] = MAX (lane_bottom[lane], r->layout.y + r->layout.h);
      lane_right[lane] = MAX (lane_right[lane], r->layout.x + r->layout.w);
    }
  for (guint i = 0; i < n_notes; i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      double rx, ry;
      int lane;

      if (!note_lane_position (doc, geometry, note, &lane, &rx, &ry))
        continue;
      lane_bottom[lane] = MAX (lane_bottom[lane], ry + note->bounds.h);
      lane_right[lane] = MAX (lane_right[lane], rx + note->bounds.w);
    }
  for (guint l = 0; l < geometry->lanes->len; l++)
    {
      TopoLane *lane = &g_array_index (geometry->lanes, TopoLane, l);

      lane->bounds.x = 0;
      lane->bounds.y = y;
      lane->bounds.h = MAX (TOPO_LANE_MIN_HEIGHT, lane_bottom[l] + TOPO_LANE_PADDING);
      y += lane->bounds.h + TOPO_LANE_GAP;
      width = MAX (width, TOPO_LANE_HEADER_WIDTH + lane_right[l] + TOPO_LANE_PADDING);
    }
  for (guint l = 0; l < geometry->lanes->len; l++)
    g_array_index (geometry->lanes, TopoLane, l).bounds.w = width;

  /* RGs first, so resources can read their RG's absolute bounds. */
  for (guint i = 0; i < n; i++)
    {
      TopoResource *r = _topo_document_get_resource_mut (doc, i);
      const TopoLane *lane;

      if (r->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      lane = &g_array_index (geometry->lanes, TopoLane, lane_of (geometry, r->region));
      r->bounds.x = lane->bounds.x + TOPO_LANE_HEADER_WIDTH + r->layout.x;
      r->bounds.y = lane->bounds.y + r->layout.y;
      r->bounds.w = r->layout.w;
      r->bounds.h = r->layout.h;
    }
  if (geometry->n_group_hint != n)
    {
      g_free (geometry->group_hint);
      geometry->group_hint = g_new0 (guint, MAX (n, 1));
      geometry->n_group_hint = n;
    }
  for (guint i = 0; i < n; i++)
    {
      TopoResource *r = _topo_document_get_resource_mut (doc, i);
      const TopoResource *group = NULL;
      guint hint = geometry->group_hint[i];

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        continue;
      topo_layout_card_size (r->kind, &r->bounds.w, &r->bounds.h);
      /* the RG found last time, when it is still there (same id at that position): the same
       * answer as a lookup by id, without hashing 10 000 ids per update */
      if (hint > 0 && hint <= n && r->group != NULL)
        {
          const TopoResource *g = topo_document_get_resource (doc, hint - 1);

          if (g->kind == TOPO_KIND_RESOURCE_GROUP && g_str_equal (g->id, r->group))
            group = g;
        }
      if (group == NULL)
        group = topo_document_get_group_of (doc, r);
      geometry->group_hint[i] = group != NULL ? group->position + 1 : 0;
      if (group != NULL)
        {
          r->bounds.x = group->bounds.x + r->layout.x;
          r->bounds.y = group->bounds.y + r->layout.y;
        }
      else
        {
          /* Resources without an RG (DEP001) sit below the lanes, relative to the design. */
          r->bounds.x = TOPO_LANE_HEADER_WIDTH + r->layout.x;
          r->bounds.y = y + r->layout.y;
          has_loose = TRUE;
          loose_bottom = MAX (loose_bottom, r->layout.y + r->bounds.h + TOPO_LANE_PADDING);
          loose_right = MAX (loose_right, r->bounds.x + r->bounds.w + TOPO_LANE_PADDING);
        }
    }

  geometry->extent.x = 0;
  geometry->extent.y = 0;
  geometry->extent.w = MAX (width, loose_right);
  geometry->extent.h = y + (has_loose ? loose_bottom : 0);

  /* Notes last: they follow what they are attached to. A note whose target is gone keeps its
   * bounds until the edit that removed the target makes it free (topo-edit.c). */
  for (guint i = 0; i < n_notes; i++)
    {
      TopoNote *note = _topo_document_get_note_mut (doc, i);
      double ax, ay, ox, oy;

      if (topo_note_is_free (note))
        {
          int lane = lane_of (geometry, note->region);
          const TopoLane *band = &g_array_index (geometry->lanes, TopoLane, lane);

          note_offset (note, NULL, &ox, &oy);
          note->bounds.x = band->bounds.x + TOPO_LANE_HEADER_WIDTH + ox;
          note->bounds.y = band->bounds.y + oy;
        }
      else
        {
          geometry->serial = topo_document_get_layout_serial (doc);
          geometry->valid = TRUE;   /* the anchors read the bounds computed above */
          if (!topo_layout_note_anchor (doc, note, &ax, &ay))
            continue;
          note_offset (note, topo_document_lookup (doc, note->attach), &ox, &oy);
          note->bounds.x = ax + ox;
          note->bounds.y = ay + oy;
        }
      geometry->extent.w = MAX (geometry->extent.w, note->bounds.x + note->bounds.w + TOPO_LANE_PADDING);
      geometry->extent.h = MAX (geometry->extent.h, note->bounds.y + note->bounds.h + TOPO_LANE_PADDING);
    }
  geometry->serial = topo_document_get_layout_serial (doc);
  geometry->valid = TRUE;
}

guint
topo_layout_get_n_lanes (TopoDocument *doc)
{
  topo_layout_update (doc);
  return get_geometry (doc)->lanes->len;
}

const TopoLane *
topo_layout_get_lane (TopoDocument *doc,
                      guint         index)
{
  Geometry *geometry;

  topo_layout_update (doc);
  geometry = get_geometry (doc);
  g_return_val_if_fail (index < geometry->lanes->len, NULL);
  return &g_array_index (geometry->lanes, TopoLane, index);
}

int
topo_layout_lane_index (TopoDocument *doc,
                        const char   *region)
{
  topo_layout_update (doc);
  return lane_of (get_geometry (doc), region);
}

TopoRect
topo_layout_get_extent (TopoDocument *doc)
{
  topo_layout_update (doc);
  return get_geometry (doc)->extent;
}

int
topo_layout_lane_at (TopoDocument *doc,
                     double        x,
                     double        y)
{
  Geometry *geometry;

  topo_layout_update (doc);
  geometry = get_geometry (doc);
  for (guint l = 0; l < geometry->lanes->len; l++)
    if (topo_rect_contains (&g_array_index (geometry->lanes, TopoLane, l).bounds, x, y))
      return l;
  return -1;
}

const TopoResource *
topo_layout_group_at (TopoDocument *doc,
                      double        x,
                      double        y)
{
  guint n = topo_document_get_n_resources (doc);

  topo_layout_update (doc);
  /* Later RGs are drawn on top, so they win. */
  for (guint i = n; i > 0; i--)
    {
      const TopoResource *r = topo_document_get_resource (doc, i - 1);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP && topo_rect_contains (&r->bounds, x, y))
        return r;
    }
  return NULL;
}

const TopoResource *
topo_layout_resource_at (TopoDocument *doc,
                         double        x,
                         double        y)
{
  guint n = topo_document_get_n_resources (doc);

  topo_layout_update (doc);
  for (guint i = n; i > 0; i--)
    {
      const TopoResource *r = topo_document_get_resource (doc, i - 1);

      if (r->kind != TOPO_KIND_RESOURCE_GROUP && topo_rect_contains (&r->bounds, x, y))
        return r;
    }
  return NULL;
}

/* Automatic layout
 *
 * Linear in the number of resources: every unplaced card takes the next grid slot of its RG
 * (a cursor that only moves forward), and the slots covered by cards that already have a layout
 * are marked once in a hash set, so finding a free slot never rescans the placed cards. */

#define CARD_PITCH_X (TOPO_CARD_WIDTH + TOPO_CARD_GAP_X)
#define CARD_PITCH_Y (TOPO_CARD_HEIGHT + TOPO_CARD_GAP_Y)

static guint
columns_for (guint count)
{
  /* Cards are three times wider than tall: two columns of up to four rows make a square RG. Big
   * groups grow in both directions instead of becoming one very tall strip. */
  if (count <= 1)
    return 1;
  if (count <= 8)
    return 2;
  if (count <= 18)
    return 3;
  return MAX (4, (guint) ceil (sqrt (count / 2.0)));
}

static guint
columns_for_width (double width)
{
  double columns = floor ((width - 2 * TOPO_GROUP_PADDING + TOPO_CARD_GAP_X) / CARD_PITCH_X);

  /* Also guards against absurd sizes in a file. */
  return (guint) CLAMP (columns, 1, 65536);
}

static double
cell_x (guint col)
{
  return TOPO_GROUP_PADDING + col * CARD_PITCH_X;
}

/* The first row keeps the RG padding below the title band: a corridor for links. */
static double
cell_y (guint row)
{
  return TOPO_GROUP_HEADER + TOPO_GROUP_PADDING + row * CARD_PITCH_Y;
}

/* The slots of a grid of `columns` columns that cards already placed make unusable: a slot is
 * taken when its card plus half the gap on each side would touch a placed card. */
typedef struct
{
  guint       columns;
  guint64     next;       /* the cursor: no free slot before it */
  GHashTable *taken;      /* slot index → itself (slot + 1, never 0) */
} SlotGrid;

static void
slot_grid_init (SlotGrid *grid,
                guint     columns)
{
  grid->columns = columns;
  grid->next = 0;
  grid->taken = g_hash_table_new (g_int64_hash, g_int64_equal);
}

static void
slot_grid_clear (SlotGrid *grid)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, grid->taken);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
  g_hash_table_unref (grid->taken);
}

static void
slot_grid_mark (SlotGrid *grid,
                double    x,
                double    y)
{
  TopoRect card = { x, y, TOPO_CARD_WIDTH, TOPO_CARD_HEIGHT };
  /* At most two columns and two rows can touch a card; the range is widened by one and each
   * candidate checked exactly. */
  double c0 = floor ((x - TOPO_GROUP_PADDING - TOPO_CARD_WIDTH - TOPO_CARD_GAP_X) / CARD_PITCH_X);
  double r0 = floor ((y - TOPO_GROUP_HEADER - TOPO_GROUP_PADDING - TOPO_CARD_HEIGHT - TOPO_CARD_GAP_Y) /
                     CARD_PITCH_Y);

  if (!(r0 < G_MAXUINT32 && c0 < grid->columns))   /* far away (or NaN): touches no slot */
    return;
  for (double r = MAX (0, r0); r <= r0 + 3; r++)
    for (double c = MAX (0, c0); c <= c0 + 3 && c < grid->columns; c++)
      {
        TopoRect cell = { cell_x ((guint) c) - TOPO_CARD_GAP_X / 2, cell_y ((guint) r) - TOPO_CARD_GAP_Y / 2,
                          TOPO_CARD_WIDTH + TOPO_CARD_GAP_X, TOPO_CARD_HEIGHT + TOPO_CARD_GAP_Y };
        gint64 slot;

        if (!topo_rect_intersects (&cell, &card))
          continue;
        slot = (gint64) r * grid->columns + (gint64) c;
        if (!g_hash_table_contains (grid->taken, &slot))
          {
            gint64 *key = g_new (gint64, 1);

            *key = slot;
            g_hash_table_add (grid->taken, key);
          }
      }
}

/* The first free slot at or after the cursor; the cursor moves past it. */
static void
slot_grid_take (SlotGrid *grid,
                double   *x,
                double   *y)
{
  gint64 slot = (gint64) grid->next;

  while (g_hash_table_contains (grid->taken, &slot))
    slot++;
  grid->next = (guint64) slot + 1;
  *x = cell_x ((guint) (slot % grid->columns));
  *y = cell_y ((guint) (slot / grid->columns));
}

static void
fit_group_to (TopoResource *group,
              GPtrArray    *children)
{
  double right = TOPO_GROUP_MIN_WIDTH, bottom = TOPO_GROUP_MIN_HEIGHT;

  for (guint i = 0; children != NULL && i < children->len; i++)
    {
      const TopoResource *child = g_ptr_array_index (children, i);

      right = MAX (right, child->layout.x + TOPO_CARD_WIDTH + TOPO_GROUP_PADDING);
      bottom = MAX (bottom, child->layout.y + TOPO_CARD_HEIGHT + TOPO_GROUP_PADDING);
    }
  group->layout.w = MAX (group->layout.w, right);
  group->layout.h = MAX (group->layout.h, bottom);
}

/* Where the next RG of a lane goes: to the right of what is there, on a new row below everything
 * once the row would pass TOPO_LANE_MAX_WIDTH. */
typedef struct
{
  double x;           /* right edge of the current row */
  double row_y;       /* top of the current row */
  double bottom;      /* lowest RG bottom in the lane */
  gboolean empty;     /* no RG in the lane yet */
} LaneCursor;

static void
lane_cursor_add (LaneCursor       *cursor,
                 const TopoResource *rg)
{
  cursor->x = MAX (cursor->x, rg->layout.x + rg->layout.w);
  cursor->bottom = MAX (cursor->bottom, rg->layout.y + rg->layout.h);
  cursor->empty = FALSE;
}

static void
lane_cursor_place (LaneCursor *cursor,
                   double      w,
                   double      h,
                   double     *x,
                   double     *y)
{
  if (!cursor->empty && cursor->x + TOPO_LANE_PADDING + w > TOPO_LANE_MAX_WIDTH)
    {
      cursor->x = 0;
      cursor->row_y = cursor->bottom + TOPO_LANE_PADDING;
    }
  *x = cursor->x + TOPO_LANE_PADDING;
  *y = cursor->row_y;
  cursor->x = *x + w;
  cursor->bottom = MAX (cursor->bottom, *y + h);
  cursor->empty = FALSE;
}

static LaneCursor *
lane_cursor_for (GHashTable *cursors,
                 const char *region)
{
  LaneCursor *cursor = g_hash_table_lookup (cursors, region);

  if (cursor == NULL)
    {
      cursor = g_new0 (LaneCursor, 1);
      cursor->row_y = TOPO_LANE_PADDING;
      cursor->empty = TRUE;
      g_hash_table_insert (cursors, (gpointer) region, cursor);
    }
  return cursor;
}

void
topo_layout_auto (TopoDocument *doc)
{
  guint n = topo_document_get_n_resources (doc);
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) lanes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) loose = g_ptr_array_new ();
  gboolean any = FALSE;

  for (guint i = 0; i < n && !any; i++)
    any = !topo_document_get_resource (doc, i)->has_layout;
  if (!any)
    return;

  /* Children per RG, in document order. */
  for (guint i = 0; i < n; i++)
    {
      TopoResource *r = _topo_document_get_resource_mut (doc, i);
      const TopoResource *group = topo_document_get_group_of (doc, r);
      GPtrArray *list;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        continue;
      if (group == NULL)
        {
          g_ptr_array_add (loose, r);
          continue;
        }
      list = g_hash_table_lookup (children, group->id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (children, group->id, list);
        }
      g_ptr_array_add (list, r);
    }

  /* Cards inside each RG, then the RG's own size. */
  for (guint i = 0; i < n; i++)
    {
      TopoResource *group = _topo_document_get_resource_mut (doc, i);
      GPtrArray *list;
      SlotGrid grid;

      if (group->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      list = g_hash_table_lookup (children, group->id);
      slot_grid_init (&grid, group->has_layout ? columns_for_width (group->layout.w)
                                               : columns_for (list ? list->len : 0));
      for (guint c = 0; list && c < list->len; c++)
        {
          TopoResource *child = g_ptr_array_index (list, c);

          if (child->has_layout)
            slot_grid_mark (&grid, child->layout.x, child->layout.y);
        }
      for (guint c = 0; list && c < list->len; c++)
        {
          TopoResource *child = g_ptr_array_index (list, c);

          if (child->has_layout)
            continue;
          slot_grid_take (&grid, &child->layout.x, &child->layout.y);
          child->has_layout = TRUE;
        }
      slot_grid_clear (&grid);
      if (!group->has_layout)
        {
          group->layout.w = 0;
          group->layout.h = 0;
        }
      if (list != NULL || !group->has_layout)
        fit_group_to (group, list);
    }

  /* RGs without layout go right of the laid-out ones in their lane, wrapping into rows. */
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP && r->has_layout && r->region != NULL)
        lane_cursor_add (lane_cursor_for (lanes, r->region), r);
    }
  for (guint i = 0; i < n; i++)
    {
      TopoResource *r = _topo_document_get_resource_mut (doc, i);

      if (r->kind != TOPO_KIND_RESOURCE_GROUP || r->has_layout)
        continue;
      lane_cursor_place (lane_cursor_for (lanes, r->region != NULL ? r->region : ""),
                         r->layout.w, r->layout.h, &r->layout.x, &r->layout.y);
      r->has_layout = TRUE;
    }

  /* Resources without RG: rows below the lanes, as wide as a lane at most. */
  {
    guint columns = columns_for_width (TOPO_LANE_MAX_WIDTH), slot = 0;

    for (guint i = 0; i < loose->len; i++)
      {
        TopoResource *r = g_ptr_array_index (loose, i);

        if (r->has_layout)
          continue;
        r->layout.x = TOPO_LANE_PADDING + (slot % columns) * CARD_PITCH_X;
        r->layout.y = TOPO_LANE_PADDING + (slot / columns) * CARD_PITCH_Y;
        r->has_layout = TRUE;
        slot++;
      }
  }
  _topo_document_touch (doc);  /* the geometry cache is stale */
}

void
topo_layout_free_spot (TopoDocument *doc,
                       const char   *group_or_null,
                       const char   *region,
                       double       *x,
                       double       *y)
{
  guint n = topo_document_get_n_resources (doc);

  if (group_or_null != NULL)
    {
      const TopoResource *group = topo_document_lookup (doc, group_or_null);
      SlotGrid grid;

      slot_grid_init (&grid, group != NULL ? columns_for_width (group->layout.w) : 2);
      for (guint i = 0; i < n; i++)
        {
          const TopoResource *r = topo_document_get_resource (doc, i);

          if (r->kind != TOPO_KIND_RESOURCE_GROUP && g_strcmp0 (r->group, group_or_null) == 0)
            slot_grid_mark (&grid, r->layout.x, r->layout.y);
        }
      slot_grid_take (&grid, x, y);
      slot_grid_clear (&grid);
      return;
    }

  {
    LaneCursor cursor = { 0, TOPO_LANE_PADDING, TOPO_LANE_PADDING, TRUE };

    for (guint i = 0; i < n; i++)
      {
        const TopoResource *r = topo_document_get_resource (doc, i);

        if (r->kind == TOPO_KIND_RESOURCE_GROUP && g_strcmp0 (r->region, region) == 0)
          lane_cursor_add (&cursor, r);
      }
    lane_cursor_place (&cursor, TOPO_GROUP_MIN_WIDTH, TOPO_GROUP_MIN_HEIGHT, x, y);
  }
}
