/* topo-spatial-index.c: uniform grid over the design, rebuilt per document serial
 *
 * The grid is stored compressed (one array of item ids, cell by cell, and each cell's start in
 * it): built in two linear passes, count then fill, with three allocations whatever the size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-spatial-index"

#include "config.h"

#include <math.h>
#include <string.h>

#include "topo-layout.h"
#include "topo-resource.h"
#include "topo-spatial-index.h"

#define CELL_SIZE   256.0
#define MAX_CELLS   (1 << 18)
#define ROUTE_PAD_X 64.0     /* arrowhead and the widest label pill ("staging → prod") */
#define ROUTE_PAD_Y 14.0

struct _TopoSpatialIndex
{
  guint64        serial;
  gboolean       valid;
  double         origin_x, origin_y, cell;
  guint          nx, ny;
  guint32       *cell_start;     /* nx*ny + 1 offsets into items */
  guint32       *items;          /* item ids, cell after cell */
  guint32       *res_start;      /* the same for the resources alone, which routing reads */
  guint32       *res_items;
  guint          n_resources;
  guint          n_links;
  TopoRect      *bounds;         /* per resource, copied at build time */
  guint8        *is_group;       /* per resource */
  TopoLinkRoute *routes;         /* per link */
  gboolean      *route_ok;       /* FALSE when an endpoint is missing */
  /* Kept for the next build, which reroutes only the links whose surroundings changed. */
  TopoLinkRoute *raw;            /* per link: the route before parallel runs were separated */
  TopoRect      *reach;          /* per link: everything its routing looked at lies inside */
  guint         *ends;           /* per link: card, card, RG + 1, RG + 1 (0 = none) */
  /* Identities across builds (compared, never dereferenced: a removed resource's address may
   * be reused, which is harmless because reuse is also checked against geometry). */
  const TopoResource **res_ptrs; /* per resource */
  gconstpointer *end_ptrs;       /* per link: card, card, RG, RG */
  guint32       *looks;          /* per link: what its stroke and pill show besides the route */
  TopoRect      *lanes;
  char         **lane_regions;   /* per lane, copied: a lane at the same place may be another */
  guint8        *lane_implicit;  /* per lane */
  guint          n_lanes;
  TopoRect      *note_reach;     /* per note: its card and what its leader reaches */
  guint          n_notes;
  /* Runs of the links' routes before separation, sorted (compare_runs_by_coord), for the next
   * build, which replaces only the runs of links whose route changed. */
  GArray        *runs_h, *runs_v;
  guint32       *stamps;         /* per item, for deduplication in queries */
  guint32        stamp;
  /* Damage log: where the drawing may differ from that of an earlier build. */
  guint64        generation;     /* builds so far */
  guint64        damage_floor;   /* what changed in builds up to this one is unknown */
  GArray        *damage;         /* of Damage, oldest first */
};

typedef struct
{
  guint64  generation;
  TopoRect rect;
} Damage;

#define MAX_DAMAGE 8192

static void
index_clear (TopoSpatialIndex *index)
{
  g_clear_pointer (&index->cell_start, g_free);
  g_clear_pointer (&index->items, g_free);
  g_clear_pointer (&index->res_start, g_free);
  g_clear_pointer (&index->res_items, g_free);
  g_clear_pointer (&index->bounds, g_free);
  g_clear_pointer (&index->is_group, g_free);
  g_clear_pointer (&index->routes, g_free);
  g_clear_pointer (&index->route_ok, g_free);
  g_clear_pointer (&index->stamps, g_free);
  g_clear_pointer (&index->raw, g_free);
  g_clear_pointer (&index->reach, g_free);
  g_clear_pointer (&index->ends, g_free);
  g_clear_pointer (&index->res_ptrs, g_free);
  g_clear_pointer (&index->end_ptrs, g_free);
  g_clear_pointer (&index->looks, g_free);
  g_clear_pointer (&index->lanes, g_free);
  g_clear_pointer (&index->lane_regions, g_strfreev);
  g_clear_pointer (&index->lane_implicit, g_free);
  g_clear_pointer (&index->note_reach, g_free);
  g_clear_pointer (&index->runs_h, g_array_unref);
  g_clear_pointer (&index->runs_v, g_array_unref);
  index->valid = FALSE;
}

static void
index_free (gpointer data)
{
  TopoSpatialIndex *index = data;

  index_clear (index);
  g_clear_pointer (&index->damage, g_array_unref);
  g_free (index);
}

static void
route_curve (const TopoRect *a,
             const TopoRect *b,
             TopoLinkRoute  *r)
{
  double acx = a->x + a->w / 2, acy = a->y + a->h / 2;
  double bcx = b->x + b->w / 2, bcy = b->y + b->h / 2;
  double gap_x = MAX (b->x - (a->x + a->w), a->x - (b->x + b->w));
  double gap_y = MAX (b->y - (a->y + a->h), a->y - (b->y + b->h));
  double *x = r->x, *y = r->y;
  double d;

  r->curve = TRUE;
  r->n_points = 4;

  if (gap_y > gap_x && gap_y >= 60.0 && fabs (acx - bcx) < MIN (a->w, b->w) / 2)
    {
      /* Same column with something in between: leave by the right sides and bow out, instead of
       * running straight through the cards between them. */
      double right = MAX (a->x + a->w, b->x + b->w);

      d = MIN (72.0, 24.0 + gap_y / 6);
      x[0] = a->x + a->w;  y[0] = acy;
      x[3] = b->x + b->w;  y[3] = bcy;
      x[1] = right + d;    y[1] = acy;
      x[2] = right + d;    y[2] = bcy;
    }
  else if (gap_x >= gap_y && gap_x >= 120.0 && fabs (acy - bcy) < MIN (a->h, b->h) / 2)
    {
      /* Same row with something in between: bow below the row. */
      double bottom = MAX (a->y + a->h, b->y + b->h);

      d = MIN (40.0, 16.0 + gap_x / 12);
      x[0] = acx;  y[0] = a->y + a->h;
      x[3] = bcx;  y[3] = b->y + b->h;
      x[1] = acx;  y[1] = bottom + d;
      x[2] = bcx;  y[2] = bottom + d;
    }
  else if (gap_x >= gap_y)
    {
      /* Side by side: right edge to left edge (or the mirror), horizontal tangents. */
      if (bcx >= acx)
        {
          x[0] = a->x + a->w;  x[3] = b->x;
        }
      else
        {
          x[0] = a->x;  x[3] = b->x + b->w;
        }
      y[0] = acy;
      y[3] = bcy;
      d = MAX (24.0, fabs (x[3] - x[0]) * 0.5);
      d = (x[3] >= x[0]) ? d : -d;
      x[1] = x[0] + d;  y[1] = y[0];
      x[2] = x[3] - d;  y[2] = y[3];
    }
  else
    {
      /* One above the other: bottom edge to top edge, vertical tangents. */
      if (bcy >= acy)
        {
          y[0] = a->y + a->h;  y[3] = b->y;
        }
      else
        {
          y[0] = a->y;  y[3] = b->y + b->h;
        }
      x[0] = acx;
      x[3] = bcx;
      d = MAX (24.0, fabs (y[3] - y[0]) * 0.5);
      d = (y[3] >= y[0]) ? d : -d;
      x[1] = x[0];  y[1] = y[0] + d;
      x[2] = x[3];  y[2] = y[3] - d;
    }
  r->label_x = (x[0] + 3 * x[1] + 3 * x[2] + x[3]) / 8;
  r->label_y = (y[0] + 3 * y[1] + 3 * y[2] + y[3]) / 8;
}

static void
add_point (TopoLinkRoute *r,
           double         x,
           double         y)
{
  guint n = r->n_points;

  /* Drop repeated points and merge collinear runs, so bends are real bends. */
  if (n >= 1 && fabs (r->x[n - 1] - x) < 0.01 && fabs (r->y[n - 1] - y) < 0.01)
    return;
  if (n >= 2)
    {
      gboolean vertical = fabs (r->x[n - 2] - r->x[n - 1]) < 0.01 && fabs (r->x[n - 1] - x) < 0.01;
      gboolean horizontal = fabs (r->y[n - 2] - r->y[n - 1]) < 0.01 && fabs (r->y[n - 1] - y) < 0.01;

      if (vertical || horizontal)
        {
          r->x[n - 1] = x;
          r->y[n - 1] = y;
          return;
        }
    }
  g_assert (n < TOPO_LINK_ROUTE_MAX_POINTS);
  r->x[n] = x;
  r->y[n] = y;
  r->n_points = n + 1;
}

static void
route_orthogonal (TopoLinkType    type,
                  guint           salt,
                  const TopoRect *a,
                  const TopoRect *ga,
                  const TopoRect *b,
                  const TopoRect *gb,
                  TopoLinkRoute  *r)
{
  /* Parallel links of different types keep apart in the shared corridors. */
  double off = type == TOPO_LINK_PROMOTION ? -4.0 : type == TOPO_LINK_REPLICATION ? 4.0 : 0.0;
  double acx = a->x + a->w / 2, acy = a->y + a->h / 2;
  double bcx = b->x + b->w / 2, bcy = b->y + b->h / 2;
  gboolean a_right = bcx >= acx;
  double xa = a_right ? a->x + a->w + 8 + off : a->x - 8 + off;
  double ya = ga->y + TOPO_GROUP_HEADER + 8 + off;
  double yb = gb->y + TOPO_GROUP_HEADER + 8 + off;
  double x_out, xb;
  gboolean same_row = ga->y < gb->y + gb->h && gb->y < ga->y + ga->h;

  /* Out of the source RG: into the gap between the two RGs when they are side by side, just
   * beside the RG otherwise. */
  if (a_right)
    x_out = gb->x >= ga->x + ga->w ? ga->x + ga->w + MIN (16.0, (gb->x - (ga->x + ga->w)) / 2)
                                   : ga->x + ga->w + 12;
  else
    x_out = gb->x + gb->w <= ga->x ? ga->x - MIN (16.0, (ga->x - (gb->x + gb->w)) / 2)
                                   : ga->x - 12;
  /* Links leaving through the same gap fan out over it instead of sharing one line. */
  x_out += off + ((int) (salt % 3) - 1) * 6.0;
  xb = x_out <= bcx ? b->x - 8 + off : b->x + b->w + 8 - off;

  r->curve = FALSE;
  r->n_points = 0;
  add_point (r, a_right ? a->x + a->w : a->x, acy);
  add_point (r, xa, acy);
  add_point (r, xa, ya);
  add_point (r, x_out, ya);
  add_point (r, x_out, yb);
  add_point (r, xb, yb);
  add_point (r, xb, bcy);
  add_point (r, x_out <= bcx ? b->x : b->x + b->w, bcy);

  /* The label goes into free space: the gap between side-by-side RGs, or just outside the
   * target RG (distinct targets, distinct places) when the link crosses lanes. */
  r->label_x = x_out;
  if (same_row)
    r->label_y = ya;
  else if (gb->y >= ga->y)
    r->label_y = gb->y - 12;
  else
    r->label_y = gb->y + gb->h + 12;
}

static void route_bounds (TopoLinkRoute *r);

/* Without the index (no obstacles known): the plain shapes, for drawings of links that are not in
 * the document (the diff overlay's removed links). */
void
topo_link_route_compute (TopoLinkType    type,
                         guint           salt,
                         const TopoRect *a,
                         const TopoRect *ga,
                         const TopoRect *b,
                         const TopoRect *gb,
                         TopoLinkRoute  *r)
{
  memset (r, 0, sizeof *r);
  if (ga == NULL || gb == NULL || ga == gb ||
      (ga->x == gb->x && ga->y == gb->y && ga->w == gb->w && ga->h == gb->h))
    route_curve (a, b, r);
  else
    route_orthogonal (type, salt, a, ga, b, gb, r);
  route_bounds (r);
}

static void
cell_range (TopoSpatialIndex *index,
            const TopoRect   *rect,
            guint *cx0, guint *cy0, guint *cx1, guint *cy1)
{
  double fx0 = floor ((rect->x - index->origin_x) / index->cell);
  double fy0 = floor ((rect->y - index->origin_y) / index->cell);
  double fx1 = floor ((rect->x + rect->w - index->origin_x) / index->cell);
  double fy1 = floor ((rect->y + rect->h - index->origin_y) / index->cell);

  *cx0 = (guint) CLAMP (fx0, 0, index->nx - 1);
  *cy0 = (guint) CLAMP (fy0, 0, index->ny - 1);
  *cx1 = (guint) CLAMP (fx1, 0, index->nx - 1);
  *cy1 = (guint) CLAMP (fy1, 0, index->ny - 1);
}

/* Pass 1 (items NULL): counts the item in each cell it touches, in start[cell + 1].
 * Pass 2: writes it at its cell's next free place (start[cell] moves on). */
static void
file_item (TopoSpatialIndex *index,
           guint32          *start,
           guint32          *items,
           const TopoRect   *rect,
           guint32           item)
{
  guint cx0, cy0, cx1, cy1;

  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * index->nx + cx;

        if (items != NULL)
          items[start[cell]++] = item;
        else
          start[cell + 1]++;
      }
}

static const TopoRect *
item_rect (TopoSpatialIndex *index,
           guint32           item)
{
  if (item < index->n_resources)
    return &index->bounds[item];
  return index->route_ok[item - index->n_resources] ? &index->routes[item - index->n_resources].bounds
                                                    : NULL;
}

/* Builds one compressed grid of items first…first+count-1: count, turn the counts into starts,
 * fill (which moves each start to the next cell's), then shift the starts back. Items stay in
 * ascending order within a cell. */
static void
build_grid (TopoSpatialIndex *index,
            guint32           first,
            guint32           count,
            guint32         **start_out,
            guint32         **items_out)
{
  guint n_cells = index->nx * index->ny;
  guint32 *start = g_new0 (guint32, n_cells + 1);
  guint32 *items;

  for (guint32 item = first; item < first + count; item++)
    {
      const TopoRect *rect = item_rect (index, item);

      if (rect != NULL)
        file_item (index, start, NULL, rect, item);
    }
  for (guint c = 0; c < n_cells; c++)
    start[c + 1] += start[c];
  items = g_new (guint32, MAX (start[n_cells], 1));
  for (guint32 item = first; item < first + count; item++)
    {
      const TopoRect *rect = item_rect (index, item);

      if (rect != NULL)
        file_item (index, start, items, rect, item);
    }
  for (guint c = n_cells; c > 0; c--)
    start[c] = start[c - 1];
  start[0] = 0;
  *start_out = start;
  *items_out = items;
}

/* A grid of the previous build brought up to date: the items whose cells changed leave their old
 * cells and join their new ones. Unchanged stretches of cells are copied as they are; a changed
 * cell is merged so its items stay ascending, as build_grid leaves them: the result equals
 * build_grid's over the same items. */
typedef struct
{
  guint32 cell;
  guint32 item;
} CellItem;

static int
compare_cell_items (const void *pa,
                    const void *pb)
{
  const CellItem *a = pa, *b = pb;

  if (a->cell != b->cell)
    return a->cell < b->cell ? -1 : 1;
  return a->item < b->item ? -1 : a->item > b->item;
}

/* Notes the cells item leaves (old rect) and joins (now); either rect may be NULL (not filed). */
static void
note_item_cells (TopoSpatialIndex *index,
                 guint32           item,
                 const TopoRect   *old,
                 const TopoRect   *now,
                 GArray           *removed,
                 GArray           *added)
{
  guint o[4] = { 1, 1, 0, 0 }, n[4] = { 1, 1, 0, 0 };   /* empty ranges */

  if (old != NULL)
    cell_range (index, old, &o[0], &o[1], &o[2], &o[3]);
  if (now != NULL)
    cell_range (index, now, &n[0], &n[1], &n[2], &n[3]);
  if (memcmp (o, n, sizeof o) == 0)
    return;
  for (guint cy = o[1]; cy <= o[3]; cy++)
    for (guint cx = o[0]; cx <= o[2]; cx++)
      if (!(cx >= n[0] && cx <= n[2] && cy >= n[1] && cy <= n[3]))
        g_array_append_val (removed, ((CellItem) { cy * index->nx + cx, item }));
  for (guint cy = n[1]; cy <= n[3]; cy++)
    for (guint cx = n[0]; cx <= n[2]; cx++)
      if (!(cx >= o[0] && cx <= o[2] && cy >= o[1] && cy <= o[3]))
        g_array_append_val (added, ((CellItem) { cy * index->nx + cx, item }));
}

/* Takes the old grid (*old_start, *old_items, stolen) and returns the patched one. */
static void
patch_grid (TopoSpatialIndex *index,
            guint32         **old_start,
            guint32         **old_items,
            GArray           *removed,
            GArray           *added,
            guint32         **start_out,
            guint32         **items_out)
{
  guint n_cells = index->nx * index->ny;
  const guint32 *os, *oi;
  guint32 *start, *items;
  guint32 w = 0;
  guint r = 0, a = 0, c = 0;

  if (removed->len == 0 && added->len == 0)
    {
      *start_out = g_steal_pointer (old_start);
      *items_out = g_steal_pointer (old_items);
      return;
    }
  os = *old_start;
  oi = *old_items;
  /* an empty GArray's data may be NULL, which qsort must not get (UBSan) */
  if (removed->len > 1)
    qsort (removed->data, removed->len, sizeof (CellItem), compare_cell_items);
  if (added->len > 1)
    qsort (added->data, added->len, sizeof (CellItem), compare_cell_items);
  g_assert (os[n_cells] >= removed->len);
  start = g_new (guint32, n_cells + 1);
  items = g_new (guint32, MAX (os[n_cells] - removed->len + added->len, 1));
  while (c < n_cells)
    {
      guint next = n_cells;
      guint32 lo, hi, k, end;

      if (r < removed->len)
        next = MIN (next, g_array_index (removed, CellItem, r).cell);
      if (a < added->len)
        next = MIN (next, g_array_index (added, CellItem, a).cell);
      /* cells c … next - 1 are unchanged: one stretch of items */
      lo = os[c];
      hi = os[next];
      memcpy (items + w, oi + lo, (hi - lo) * sizeof (guint32));
      for (guint cc = c; cc < next; cc++)
        start[cc] = os[cc] - lo + w;
      w += hi - lo;
      if (next == n_cells)
        break;
      /* cell next: its items minus the removed, plus the added, ascending */
      start[next] = w;
      k = os[next];
      end = os[next + 1];
      for (;;)
        {
          gboolean more_old = k < end;
          gboolean more_added = a < added->len && g_array_index (added, CellItem, a).cell == next;

          if (more_old && r < removed->len && g_array_index (removed, CellItem, r).cell == next &&
              g_array_index (removed, CellItem, r).item == oi[k])
            {
              k++;
              r++;
            }
          else if (more_old && (!more_added || oi[k] < g_array_index (added, CellItem, a).item))
            items[w++] = oi[k++];
          else if (more_added)
            items[w++] = g_array_index (added, CellItem, a++).item;
          else
            break;
        }
      /* every removal of this cell was an item of it */
      g_assert (r >= removed->len || g_array_index (removed, CellItem, r).cell != next);
      c = next + 1;
    }
  start[n_cells] = w;
  g_assert (w == os[n_cells] - removed->len + added->len);
  g_clear_pointer (old_start, g_free);
  g_clear_pointer (old_items, g_free);
  *start_out = start;
  *items_out = items;
}

/* Routing --------------------------------------------------------------------------------------

 * A link is routed among a bounded set of candidate paths built from the free channels around
 * its two cards and their RGs (beside, above and below each, and half way between them): the
 * cheapest one (length, bends) that crosses no other card and no RG title band wins. Each
 * candidate is checked against the cards near its segments through the grid, so the work per
 * link is bounded whatever the size of the design. */

#define CLEARANCE        3.0    /* half a line plus a little air */
#define CHANNEL_REACH   80.0    /* how far beside a card a free channel is looked for */
#define MAX_CANDIDATES 160
#define MAX_CHECKED     24      /* candidates checked for collisions before taking the best seen */
#define HIT_CARD     10000.0
#define HIT_BAND       600.0
#define BEND_COST       24.0
#define PARALLEL_STEP    7.0    /* between parallel links sharing a channel */

typedef struct
{
  TopoSpatialIndex *index;
  guint             ia, ib;     /* the link's cards: not obstacles */
  const TopoRect   *a, *b;
} Router;

static TopoRect
band_of (const TopoRect *rg)
{
  return (TopoRect) { rg->x, rg->y, rg->w, MIN (rg->h, TOPO_GROUP_HEADER) };
}

/* What a rectangle costs a route: cards it crosses and RG title bands it runs over. */
static double
rect_cost (Router         *router,
           const TopoRect *rect)
{
  TopoSpatialIndex *index = router->index;
  guint cx0, cy0, cx1, cy1;
  double cost = 0;

  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * index->nx + cx;

        for (guint32 k = index->res_start[cell]; k < index->res_start[cell + 1]; k++)
          {
            guint32 item = index->res_items[k];

            if (item == router->ia || item == router->ib)
              continue;
            if (index->is_group[item])
              {
                TopoRect band = band_of (&index->bounds[item]);

                if (topo_rect_intersects (&band, rect))
                  cost += HIT_BAND;
              }
            else if (topo_rect_intersects (&index->bounds[item], rect))
              cost += HIT_CARD;
          }
      }
  return cost;
}

static double
segment_cost (Router *router,
              double  x0,
              double  y0,
              double  x1,
              double  y1)
{
  TopoRect rect = { MIN (x0, x1) - CLEARANCE, MIN (y0, y1) - CLEARANCE,
                    fabs (x1 - x0) + 2 * CLEARANCE, fabs (y1 - y0) + 2 * CLEARANCE };

  return rect_cost (router, &rect);
}

static double
route_collisions (Router              *router,
                  const TopoLinkRoute *r)
{
  double cost = 0;

  if (r->curve)
    {
      /* The curve as eight chords; each chord's box is a little generous for diagonals. */
      double lx = r->x[0], ly = r->y[0];

      for (int i = 1; i <= 8; i++)
        {
          double t = i / 8.0, u = 1 - t;
          double x = u * u * u * r->x[0] + 3 * u * u * t * r->x[1] + 3 * u * t * t * r->x[2] + t * t * t * r->x[3];
          double y = u * u * u * r->y[0] + 3 * u * u * t * r->y[1] + 3 * u * t * t * r->y[2] + t * t * t * r->y[3];

          cost += segment_cost (router, lx, ly, x, y);
          lx = x;
          ly = y;
        }
      return cost;
    }
  for (guint i = 1; i < r->n_points; i++)
    cost += segment_cost (router, r->x[i - 1], r->y[i - 1], r->x[i], r->y[i]);
  return cost;
}

/* The free distance beside rect on one side (0 right, 1 left, 2 below, 3 above), up to
 * CHANNEL_REACH: cards and title bands count. */
static double
free_beside (Router         *router,
             const TopoRect *rect,
             int             side)
{
  TopoSpatialIndex *index = router->index;
  TopoRect strip;
  double gap = CHANNEL_REACH;
  guint cx0, cy0, cx1, cy1;

  switch (side)
    {
    case 0: strip = (TopoRect) { rect->x + rect->w, rect->y, CHANNEL_REACH, rect->h }; break;
    case 1: strip = (TopoRect) { rect->x - CHANNEL_REACH, rect->y, CHANNEL_REACH, rect->h }; break;
    case 2: strip = (TopoRect) { rect->x, rect->y + rect->h, rect->w, CHANNEL_REACH }; break;
    default: strip = (TopoRect) { rect->x, rect->y - CHANNEL_REACH, rect->w, CHANNEL_REACH }; break;
    }
  cell_range (index, &strip, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * index->nx + cx;

        for (guint32 k = index->res_start[cell]; k < index->res_start[cell + 1]; k++)
          {
            guint32 item = index->res_items[k];
            TopoRect o = index->is_group[item] ? band_of (&index->bounds[item]) : index->bounds[item];

            if (item == router->ia || item == router->ib || !topo_rect_intersects (&o, &strip))
              continue;
            switch (side)
              {
              case 0: gap = MIN (gap, o.x - (rect->x + rect->w)); break;
              case 1: gap = MIN (gap, rect->x - (o.x + o.w)); break;
              case 2: gap = MIN (gap, o.y - (rect->y + rect->h)); break;
              default: gap = MIN (gap, rect->y - (o.y + o.h)); break;
              }
          }
      }
  return MAX (gap, 0);
}

/* The channel beside rect: the middle of the free gap, at most 28 units out; NAN when the gap
 * is too narrow for a line. */
static double
channel_beside (Router         *router,
                const TopoRect *rect,
                int             side)
{
  double gap = free_beside (router, rect, side), d = MIN (gap / 2, 28.0);

  if (gap < 2 * CLEARANCE + 2)
    return NAN;
  switch (side)
    {
    case 0: return rect->x + rect->w + d;
    case 1: return rect->x - d;
    case 2: return rect->y + rect->h + d;
    default: return rect->y - d;
    }
}

typedef struct
{
  TopoLinkRoute route;
  double        cost;     /* length and bends; collisions are added when checked */
} Candidate;

static double
route_length (const TopoLinkRoute *r)
{
  double length = 0;

  for (guint i = 1; i < r->n_points; i++)
    length += fabs (r->x[i] - r->x[i - 1]) + fabs (r->y[i] - r->y[i - 1]);
  return length;
}

#define ARROW_ROOM 10.0   /* straight run before a card, for the arrowhead */

/* Adds the orthogonal path through pts (n points, first on a's edge, last on b's edge) when its
 * first and last runs leave and enter the cards outward with room for the arrowhead. */
static void
add_candidate (GArray       *out,
               const double *px,
               const double *py,
               guint         n)
{
  Candidate c = { 0 };
  TopoLinkRoute *r = &c.route;

  if (out->len >= MAX_CANDIDATES)
    return;
  for (guint i = 0; i < n; i++)
    add_point (r, px[i], py[i]);
  if (r->n_points < 2)
    return;
  /* A run shorter than the arrowhead before the target looks like a dent. */
  if (fabs (r->x[r->n_points - 1] - r->x[r->n_points - 2]) + fabs (r->y[r->n_points - 1] - r->y[r->n_points - 2]) < ARROW_ROOM)
    return;
  c.cost = route_length (r) + BEND_COST * (r->n_points - 2);
  g_array_append_val (out, c);
}

/* Exit point of a on the side facing x (horizontal exit) — right when x lies right of a. */
static gboolean
h_port (const TopoRect *a,
        double          x,
        double         *px)
{
  if (x >= a->x + a->w + 4)
    *px = a->x + a->w;
  else if (x <= a->x - 4)
    *px = a->x;
  else
    return FALSE;
  return TRUE;
}

static gboolean
v_port (const TopoRect *a,
        double          y,
        double         *py)
{
  if (y >= a->y + a->h + 4)
    *py = a->y + a->h;
  else if (y <= a->y - 4)
    *py = a->y;
  else
    return FALSE;
  return TRUE;
}

static void
candidates (Router         *router,
            const TopoRect *ga,
            const TopoRect *gb,
            GArray         *out)
{
  const TopoRect *a = router->a, *b = router->b;
  double acx = a->x + a->w / 2, acy = a->y + a->h / 2, bcx = b->x + b->w / 2, bcy = b->y + b->h / 2;
  double xs[12], ys[12], ax[2], ay[2], bx[2], by[2];
  guint nx = 0, ny = 0;
  double px, py, qx, qy;

  ax[0] = channel_beside (router, a, 0);
  ax[1] = channel_beside (router, a, 1);
  ay[0] = channel_beside (router, a, 2);
  ay[1] = channel_beside (router, a, 3);
  bx[0] = channel_beside (router, b, 0);
  bx[1] = channel_beside (router, b, 1);
  by[0] = channel_beside (router, b, 2);
  by[1] = channel_beside (router, b, 3);
  for (guint i = 0; i < 2; i++)
    {
      if (!isnan (ax[i])) xs[nx++] = ax[i];
      if (!isnan (bx[i])) xs[nx++] = bx[i];
      if (!isnan (ay[i])) ys[ny++] = ay[i];
      if (!isnan (by[i])) ys[ny++] = by[i];
    }
  if (b->x > a->x + a->w)
    xs[nx++] = (a->x + a->w + b->x) / 2;
  else if (a->x > b->x + b->w)
    xs[nx++] = (b->x + b->w + a->x) / 2;
  if (b->y > a->y + a->h)
    ys[ny++] = (a->y + a->h + b->y) / 2;
  else if (a->y > b->y + b->h)
    ys[ny++] = (b->y + b->h + a->y) / 2;
  /* Around the RGs: in the lane padding beside, above and below them. */
  if (ga != NULL && gb != NULL && ga != gb)
    {
      double pad = TOPO_LANE_PADDING / 2;

      xs[nx++] = ga->x - pad; xs[nx++] = ga->x + ga->w + pad;
      xs[nx++] = gb->x - pad; xs[nx++] = gb->x + gb->w + pad;
      ys[ny++] = ga->y - pad; ys[ny++] = ga->y + ga->h + pad;
      ys[ny++] = gb->y - pad; ys[ny++] = gb->y + gb->h + pad;
    }

  /* Straight across when the cards face each other. */
  if (MAX (a->y, b->y) + 8 < MIN (a->y + a->h, b->y + b->h))
    {
      double y = (MAX (a->y, b->y) + MIN (a->y + a->h, b->y + b->h)) / 2;

      if (h_port (a, bcx, &px) && h_port (b, acx, &qx))
        add_candidate (out, (double[]) { px, qx }, (double[]) { y, y }, 2);
    }
  if (MAX (a->x, b->x) + 8 < MIN (a->x + a->w, b->x + b->w))
    {
      double x = (MAX (a->x, b->x) + MIN (a->x + a->w, b->x + b->w)) / 2;

      if (v_port (a, bcy, &py) && v_port (b, acy, &qy))
        add_candidate (out, (double[]) { x, x }, (double[]) { py, qy }, 2);
    }
  /* One vertical run in a channel (out sideways, in sideways). */
  for (guint i = 0; i < nx; i++)
    if (h_port (a, xs[i], &px) && h_port (b, xs[i], &qx))
      add_candidate (out, (double[]) { px, xs[i], xs[i], qx }, (double[]) { acy, acy, bcy, bcy }, 4);
  /* One horizontal run in a channel (out and in through top or bottom). */
  for (guint i = 0; i < ny; i++)
    if (v_port (a, ys[i], &py) && v_port (b, ys[i], &qy))
      add_candidate (out, (double[]) { acx, acx, bcx, bcx }, (double[]) { py, ys[i], ys[i], qy }, 4);
  /* L shapes. */
  if (h_port (a, bcx, &px) && v_port (b, acy, &qy))
    add_candidate (out, (double[]) { px, bcx, bcx }, (double[]) { acy, acy, qy }, 3);
  if (v_port (a, bcy, &py) && h_port (b, acx, &qx))
    add_candidate (out, (double[]) { acx, acx, qx }, (double[]) { py, bcy, bcy }, 3);
  /* Out sideways into a's channel, along a horizontal channel, down b's channel, in sideways. */
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < ny; j++)
      for (guint k = 0; k < 2; k++)
        if (h_port (a, ax[i], &px) && h_port (b, bx[k], &qx))
          add_candidate (out, (double[]) { px, ax[i], ax[i], bx[k], bx[k], qx },
                         (double[]) { acy, acy, ys[j], ys[j], bcy, bcy }, 6);
  /* Out through top or bottom, along a vertical channel, in through top or bottom. */
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < nx; j++)
      for (guint k = 0; k < 2; k++)
        if (v_port (a, ay[i], &py) && v_port (b, by[k], &qy))
          add_candidate (out, (double[]) { acx, acx, xs[j], xs[j], bcx, bcx },
                         (double[]) { py, ay[i], ay[i], by[k], by[k], qy }, 6);
}

static int
compare_candidates (gconstpointer pa,
                    gconstpointer pb)
{
  const Candidate *a = pa, *b = pb;

  return a->cost < b->cost ? -1 : a->cost > b->cost;
}

/* Where the pill goes: on a run long enough to show the line on both sides of it, at the first
 * of a few places along the longest runs that covers no card and no title band; beside the
 * middle of the longest run when no run is long enough. pw, ph: the pill's size (0: no pill). */
static void
place_label (Router        *router,
             TopoLinkRoute *r,
             double         pw,
             double         ph)
{
  static const double places[] = { 0.5, 0.35, 0.65, 0.2, 0.8 };
  guint order[TOPO_LINK_ROUTE_MAX_POINTS], n_runs = 0, longest = 1;
  double best_len = -1;

  if (r->curve)
    {
      r->label_x = (r->x[0] + 3 * r->x[1] + 3 * r->x[2] + r->x[3]) / 8;
      r->label_y = (r->y[0] + 3 * r->y[1] + 3 * r->y[2] + r->y[3]) / 8;
      /* A short link would vanish under its pill: set the pill beside it. */
      if (pw > 0 && hypot (r->x[3] - r->x[0], r->y[3] - r->y[0]) < 2 * ph + 8)
        {
          if (fabs (r->x[3] - r->x[0]) < fabs (r->y[3] - r->y[0]))
            r->label_x += pw / 2 + 6;
          else
            r->label_y -= ph / 2 + 6;
        }
      return;
    }
  /* Runs, longest first (insertion sort: at most seven). */
  for (guint i = 1; i < r->n_points; i++)
    {
      double len = fabs (r->x[i] - r->x[i - 1]) + fabs (r->y[i] - r->y[i - 1]);
      guint k = n_runs++;

      while (k > 0)
        {
          guint j = order[k - 1];
          double other = fabs (r->x[j] - r->x[j - 1]) + fabs (r->y[j] - r->y[j - 1]);

          if (other >= len)
            break;
          order[k] = j;
          k--;
        }
      order[k] = i;
      if (len > best_len)
        {
          best_len = len;
          longest = i;
        }
    }
  r->label_x = (r->x[longest] + r->x[longest - 1]) / 2;
  r->label_y = (r->y[longest] + r->y[longest - 1]) / 2;
  if (pw <= 0)
    return;
  for (guint k = 0; k < n_runs && k < 3; k++)
    {
      guint i = order[k];
      gboolean horizontal = fabs (r->y[i] - r->y[i - 1]) < 0.01;
      double len = fabs (r->x[i] - r->x[i - 1]) + fabs (r->y[i] - r->y[i - 1]);

      if (len < (horizontal ? pw : ph) + 2 * 10)
        continue;
      for (guint p = 0; p < G_N_ELEMENTS (places); p++)
        {
          double x = r->x[i - 1] + (r->x[i] - r->x[i - 1]) * places[p];
          double y = r->y[i - 1] + (r->y[i] - r->y[i - 1]) * places[p];
          TopoRect pill = { x - pw / 2, y - ph / 2, pw, ph };

          if (rect_cost (router, &pill) == 0)
            {
              r->label_x = x;
              r->label_y = y;
              return;
            }
        }
    }
  /* No run long enough or clear: beside the longest one. */
  if (best_len < 2 * ph + 8)
    {
      if (fabs (r->y[longest] - r->y[longest - 1]) < 0.01)
        r->label_y -= ph / 2 + 6;
      else
        r->label_x += pw / 2 + 6;
    }
}

static void
route_bounds (TopoLinkRoute *r)
{
  double x_min = G_MAXDOUBLE, x_max = -G_MAXDOUBLE, y_min = G_MAXDOUBLE, y_max = -G_MAXDOUBLE;

  /* A Bézier lies inside the hull of its control points. */
  for (guint i = 0; i < r->n_points; i++)
    {
      x_min = MIN (x_min, r->x[i]);
      x_max = MAX (x_max, r->x[i]);
      y_min = MIN (y_min, r->y[i]);
      y_max = MAX (y_max, r->y[i]);
    }
  x_min = MIN (x_min, r->label_x - ROUTE_PAD_X);
  x_max = MAX (x_max, r->label_x + ROUTE_PAD_X);
  r->bounds.x = x_min - ROUTE_PAD_Y;
  r->bounds.y = y_min - ROUTE_PAD_Y;
  r->bounds.w = x_max - x_min + 2 * ROUTE_PAD_Y;
  r->bounds.h = y_max - y_min + 2 * ROUTE_PAD_Y;
}

/* Routes link from card ia to card ib (indices into the index's resources). */
static void
route_link (TopoSpatialIndex *index,
            guint             ia,
            guint             ib,
            const TopoRect   *ga,
            const TopoRect   *gb,
            GArray           *list,      /* of Candidate, scratch space */
            TopoLinkRoute    *r)
{
  Router router = { index, ia, ib, &index->bounds[ia], &index->bounds[ib] };
  Candidate best = { .cost = G_MAXDOUBLE };
  gboolean same_group = ga != NULL && gb != NULL && ga == gb;

  memset (r, 0, sizeof *r);
  g_array_set_size (list, 0);
  /* Inside one RG a gentle curve between facing edges reads best, when nothing is in its way. */
  if (same_group || ga == NULL || gb == NULL)
    {
      Candidate curve = { 0 };

      route_curve (router.a, router.b, &curve.route);
      curve.cost = hypot (curve.route.x[3] - curve.route.x[0], curve.route.y[3] - curve.route.y[0]) + 1;
      g_array_append_val (list, curve);
    }
  candidates (&router, ga, gb, list);
  g_array_sort (list, compare_candidates);
  for (guint i = 0; i < list->len && i < MAX_CHECKED; i++)
    {
      Candidate *c = &g_array_index (list, Candidate, i);
      double cost;

      if (c->cost >= best.cost)
        break;   /* sorted: nothing later can beat a clear one */
      cost = c->cost + route_collisions (&router, &c->route);
      if (cost < best.cost)
        {
          best = *c;
          best.cost = cost;
        }
    }
  if (best.cost == G_MAXDOUBLE)
    {
      route_curve (router.a, router.b, r);   /* nothing fits (cards overlap): the plain curve */
      return;
    }
  *r = best.route;
}

typedef struct
{
  guint  link;
  guint  seg;          /* run from point seg to seg + 1 */
  double coord;        /* y of a horizontal run, x of a vertical one */
  double lo, hi;       /* extent along the run */
} Run;

static int
compare_runs_by_coord (gconstpointer pa,
                       gconstpointer pb)
{
  const Run *a = pa, *b = pb;

  if (a->coord != b->coord)
    return a->coord < b->coord ? -1 : 1;
  if (a->link != b->link)
    return a->link < b->link ? -1 : 1;
  return a->seg < b->seg ? -1 : a->seg > b->seg;
}

static int
compare_runs_by_start (gconstpointer pa,
                       gconstpointer pb)
{
  const Run *a = pa, *b = pb;

  if (a->lo != b->lo)
    return a->lo < b->lo ? -1 : 1;
  return compare_runs_by_coord (pa, pb);
}

static void
shift_run (TopoLinkRoute *r,
           guint          seg,
           gboolean       horizontal,
           double         d)
{
  if (horizontal)
    {
      r->y[seg] += d;
      r->y[seg + 1] += d;
    }
  else
    {
      r->x[seg] += d;
      r->x[seg + 1] += d;
    }
}

/* Moves a run sideways by d, or by less when the full step would bring it onto a card or a
 * title band it was clear of. */
static void
shift_run_safely (TopoSpatialIndex *index,
                  guint             link,
                  guint             seg,
                  gboolean          horizontal,
                  double            d)
{
  TopoLinkRoute *r = &index->routes[link];
  Router router = { index, index->ends[4 * link], index->ends[4 * link + 1], NULL, NULL };
  double before = segment_cost (&router, r->x[seg], r->y[seg], r->x[seg + 1], r->y[seg + 1]);

  for (int attempt = 0; attempt < 3 && fabs (d) >= 1.0; attempt++, d /= 2)
    {
      double dx = horizontal ? 0 : d, dy = horizontal ? d : 0;

      if (segment_cost (&router, r->x[seg] + dx, r->y[seg] + dy, r->x[seg + 1] + dx,
                        r->y[seg + 1] + dy) <= before)
        {
          shift_run (r, seg, horizontal, d);
          return;
        }
    }
}

/* Runs of one orientation, sorted by coordinate: runs closer than a line's width apart form a
 * bundle; inside a bundle, runs that overlap along their length spread around the bundle's
 * middle, PARALLEL_STEP apart. */
static void
separate_runs (TopoSpatialIndex *index,
               GArray           *runs,       /* sorted by compare_runs_by_coord */
               gboolean          horizontal)
{
  for (guint i = 0; i < runs->len;)
    {
      guint j = i + 1;
      Run *bundle;
      guint n;

      while (j < runs->len && g_array_index (runs, Run, j).coord - g_array_index (runs, Run, j - 1).coord < 3.0)
        j++;
      bundle = &g_array_index (runs, Run, i);
      n = j - i;
      i = j;
      if (n < 2)
        continue;
      qsort (bundle, n, sizeof (Run), (int (*) (const void *, const void *)) compare_runs_by_start);
      for (guint k = 0; k < n;)
        {
          double hi = bundle[k].hi, mid = 0;
          guint e = k + 1, m;

          while (e < n && bundle[e].lo < hi - 0.5)
            {
              hi = MAX (hi, bundle[e].hi);
              e++;
            }
          m = e - k;
          if (m > 1)
            {
              g_autofree Run *cluster = g_memdup2 (bundle + k, m * sizeof (Run));

              /* Keep their order across the bundle: fewer crossings. */
              qsort (cluster, m, sizeof (Run), (int (*) (const void *, const void *)) compare_runs_by_coord);
              for (guint c = 0; c < m; c++)
                mid += cluster[c].coord / m;
              for (guint c = 0; c < m; c++)
                {
                  /* At most five lanes: a card side has room for that many. */
                  double target = mid + ((double) (c % 5) - (MIN (m, 5) - 1) / 2.0) * PARALLEL_STEP;

                  if (fabs (target - cluster[c].coord) >= 0.5)
                    shift_run_safely (index, cluster[c].link, cluster[c].seg, horizontal,
                                      target - cluster[c].coord);
                }
            }
          k = e;
        }
    }
}

/* Parallel runs --------------------------------------------------------------------------------

 * Links that run along the same line over a common stretch (leaving one card side together,
 * sharing a channel) are moved apart, so each stays visible and clickable. */
static void
add_runs (TopoSpatialIndex *index,
          guint             l,
          GArray           *horizontal,
          GArray           *vertical)
{
  TopoLinkRoute *r = &index->routes[l];

  if (!index->route_ok[l] || r->curve)
    return;
  for (guint s = 0; s + 1 < r->n_points; s++)
    {
      gboolean h = fabs (r->y[s] - r->y[s + 1]) < 0.01;
      Run run = { l, s, h ? r->y[s] : r->x[s],
                  h ? MIN (r->x[s], r->x[s + 1]) : MIN (r->y[s], r->y[s + 1]),
                  h ? MAX (r->x[s], r->x[s + 1]) : MAX (r->y[s], r->y[s + 1]) };

      g_array_append_val (h ? horizontal : vertical, run);
    }
}

/* The old sorted runs without those of the changed links, merged with the changed links' new
 * runs (sorted): the same array a full sort gives, compare_runs_by_coord being a total order. */
static GArray *
merge_runs (GArray       *old,
            const guint8 *changed,
            GArray       *fresh)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Run), old->len + fresh->len);
  const Run *o = (const Run *) old->data, *f = (const Run *) fresh->data;
  Run *w;
  guint i = 0, j = 0, n = 0;

  g_array_sort (fresh, compare_runs_by_coord);
  g_array_set_size (out, old->len + fresh->len);
  w = (Run *) out->data;
  for (;;)
    {
      while (i < old->len && changed[o[i].link])
        i++;
      if (i < old->len && (j >= fresh->len || compare_runs_by_coord (&o[i], &f[j]) < 0))
        w[n++] = o[i++];
      else if (j < fresh->len)
        w[n++] = f[j++];
      else
        break;
    }
  g_array_set_size (out, n);
  return out;
}

/* index->routes hold the raw routes. changed (per link, NULL: all): the links whose raw route
 * may differ from that of link of the same index in the previous build, whose sorted runs
 * (old_h, old_v, taken) are then reused for the others. */
static void
separate_parallel_runs (TopoSpatialIndex *index,
                        const guint8     *changed,
                        GArray           *old_h,
                        GArray           *old_v)
{
  g_autoptr(GArray) horizontal = NULL;
  g_autoptr(GArray) vertical = NULL;

  if (changed != NULL && old_h != NULL && old_v != NULL)
    {
      g_autoptr(GArray) fresh_h = g_array_new (FALSE, FALSE, sizeof (Run));
      g_autoptr(GArray) fresh_v = g_array_new (FALSE, FALSE, sizeof (Run));

      for (guint l = 0; l < index->n_links; l++)
        if (changed[l])
          add_runs (index, l, fresh_h, fresh_v);
      index->runs_h = merge_runs (old_h, changed, fresh_h);
      index->runs_v = merge_runs (old_v, changed, fresh_v);
    }
  else
    {
      index->runs_h = g_array_new (FALSE, FALSE, sizeof (Run));
      index->runs_v = g_array_new (FALSE, FALSE, sizeof (Run));
      for (guint l = 0; l < index->n_links; l++)
        add_runs (index, l, index->runs_h, index->runs_v);
      g_array_sort (index->runs_h, compare_runs_by_coord);
      g_array_sort (index->runs_v, compare_runs_by_coord);
    }
  /* separation reorders bundles: it works on copies */
  horizontal = g_array_copy (index->runs_h);
  vertical = g_array_copy (index->runs_v);
  separate_runs (index, horizontal, TRUE);
  separate_runs (index, vertical, FALSE);
}

/* The resources whose bounds differ between the previous build and this one (both places),
 * matched by identity: added ones (new place), removed ones (old place). NULL when too much
 * changed to track it rect by rect. */
#define MAX_CHANGED 512

static GArray *
changed_rects (const TopoResource *const *old_ptrs,
               const TopoRect            *old_bounds,
               const guint8              *old_is_group,
               guint                      old_n,
               const TopoResource *const *ptrs,
               const TopoRect            *bounds,
               const guint8              *is_group,
               guint                      n)
{
  g_autoptr(GHashTable) old_pos = NULL;
  g_autofree guint8 *matched = NULL;
  GArray *changed;

  if (old_bounds == NULL)
    return NULL;
  changed = g_array_new (FALSE, FALSE, sizeof (TopoRect));
#define CHANGED(rect) G_STMT_START {                                           \
    if (changed->len >= 2 * MAX_CHANGED)                                       \
      {                                                                        \
        g_array_unref (changed);                                               \
        return NULL;                                                           \
      }                                                                        \
    g_array_append_val (changed, rect);                                        \
  } G_STMT_END

  /* Edits that keep the count (moves, resizes, property changes, which put a new struct in the
   * old one's place) compare place by place: a resource now at another place, or another
   * resource at a place, counts as changed at both. */
  if (old_n == n)
    {
      for (guint i = 0; i < n; i++)
        if (old_ptrs[i] != ptrs[i] || memcmp (&old_bounds[i], &bounds[i], sizeof (TopoRect)) != 0 ||
            old_is_group[i] != is_group[i])
          {
            CHANGED (old_bounds[i]);
            CHANGED (bounds[i]);
          }
      return changed;
    }

  old_pos = g_hash_table_new (g_direct_hash, g_direct_equal);
  matched = g_new0 (guint8, MAX (old_n, 1));
  for (guint i = 0; i < old_n; i++)
    g_hash_table_insert (old_pos, (gpointer) old_ptrs[i], GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < n; i++)
    {
      guint j = GPOINTER_TO_UINT (g_hash_table_lookup (old_pos, ptrs[i]));

      if (j == 0)
        CHANGED (bounds[i]);
      else
        {
          matched[j - 1] = TRUE;
          if (memcmp (&old_bounds[j - 1], &bounds[i], sizeof (TopoRect)) != 0 ||
              old_is_group[j - 1] != is_group[i])
            {
              CHANGED (old_bounds[j - 1]);
              CHANGED (bounds[i]);
            }
        }
    }
  for (guint j = 0; j < old_n; j++)
    if (!matched[j])
      CHANGED (old_bounds[j]);
#undef CHANGED
  return changed;
}

static TopoRect
reach_of (const TopoRect *a,
          const TopoRect *b,
          const TopoRect *ga,
          const TopoRect *gb)
{
  double x0 = MIN (a->x, b->x), y0 = MIN (a->y, b->y);
  double x1 = MAX (a->x + a->w, b->x + b->w), y1 = MAX (a->y + a->h, b->y + b->h);
  double m = CHANNEL_REACH + 72.0 + CLEARANCE + 1;   /* channels, free gaps, curves' bows */

  for (int k = 0; k < 2; k++)
    {
      const TopoRect *g = k ? gb : ga;

      if (g == NULL)
        continue;
      x0 = MIN (x0, g->x);
      y0 = MIN (y0, g->y);
      x1 = MAX (x1, g->x + g->w);
      y1 = MAX (y1, g->y + g->h);
    }
  return (TopoRect) { x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m };
}

/* What a link's drawing shows besides its route: colour (type), R/W pill (access) and the
 * "dev → prod" pill (its RGs' environments). */
static guint32
link_look (const TopoLink     *link,
           const TopoResource *gf,
           const TopoResource *gt)
{
  guint32 h = link->type * 31u + link->access;

  h = h * 16777619u ^ (gf != NULL && gf->environment != NULL ? g_str_hash (gf->environment) : 1);
  h = h * 16777619u ^ (gt != NULL && gt->environment != NULL ? g_str_hash (gt->environment) : 2);
  return h;
}

static void
rect_union (TopoRect       *a,
            const TopoRect *b)
{
  double x0 = MIN (a->x, b->x), y0 = MIN (a->y, b->y);
  double x1 = MAX (a->x + a->w, b->x + b->w), y1 = MAX (a->y + a->h, b->y + b->h);

  *a = (TopoRect) { x0, y0, x1 - x0, y1 - y0 };
}

static void
add_damage (TopoSpatialIndex *index,
            const TopoRect   *rect)
{
  Damage d = { index->generation, *rect };

  if (index->damage_floor == index->generation)
    return;   /* everything is damaged in this build anyway */
  if (index->damage->len >= MAX_DAMAGE)
    {
      g_array_set_size (index->damage, 0);
      index->damage_floor = index->generation;
      return;
    }
  g_array_append_val (index->damage, d);
}

/* Where a route draws, piece by piece: each straight run with its arrowhead's and line's room,
 * and the pill; the damage of a long L-shaped route is then not the whole box it spans. A curve
 * (short, inside one RG) is its bounds. */
static void
add_route_damage (TopoSpatialIndex    *index,
                  const TopoLinkRoute *r)
{
  if (r->curve || r->n_points < 2)
    {
      add_damage (index, &r->bounds);
      return;
    }
  for (guint p = 0; p + 1 < r->n_points; p++)
    {
      double x0 = MIN (r->x[p], r->x[p + 1]), x1 = MAX (r->x[p], r->x[p + 1]);
      double y0 = MIN (r->y[p], r->y[p + 1]), y1 = MAX (r->y[p], r->y[p + 1]);

      add_damage (index, &(TopoRect) { x0 - ROUTE_PAD_Y, y0 - ROUTE_PAD_Y,
                                       x1 - x0 + 2 * ROUTE_PAD_Y, y1 - y0 + 2 * ROUTE_PAD_Y });
    }
  add_damage (index, &(TopoRect) { r->label_x - ROUTE_PAD_X, r->label_y - ROUTE_PAD_Y,
                                   2 * ROUTE_PAD_X, 2 * ROUTE_PAD_Y });
}

static gboolean
routes_equal (const TopoLinkRoute *a,
              const TopoLinkRoute *b)
{
  if (a->curve != b->curve || a->n_points != b->n_points || a->label_x != b->label_x ||
      a->label_y != b->label_y)
    return FALSE;
  for (guint p = 0; p < a->n_points; p++)
    if (a->x[p] != b->x[p] || a->y[p] != b->y[p])
      return FALSE;
  return TRUE;
}

/* The key that finds a link's previous build: its two cards. */
typedef struct
{
  gconstpointer from, to;
} LinkKey;

static guint
link_key_hash (gconstpointer p)
{
  const LinkKey *k = p;

  return g_direct_hash (k->from) * 31u + g_direct_hash (k->to);
}

static gboolean
link_key_equal (gconstpointer a,
                gconstpointer b)
{
  const LinkKey *x = a, *y = b;

  return x->from == y->from && x->to == y->to;
}

/* topo_document_lookup (doc, id), trying position hint - 1 first (0: no hint). */
static const TopoResource *
resolve_card (TopoDocument *doc,
              const char   *id,
              guint         hint,
              guint         n_res)
{
  if (id != NULL && hint > 0 && hint <= n_res)
    {
      const TopoResource *r = topo_document_get_resource (doc, hint - 1);

      if (g_str_equal (r->id, id))
        return r;
    }
  return topo_document_lookup (doc, id);
}

/* topo_document_get_group_of (doc, res), trying position hint - 1 first (0: no hint). */
static const TopoResource *
resolve_group (TopoDocument       *doc,
               const TopoResource *res,
               guint               hint,
               guint               n_res)
{
  if (res->kind != TOPO_KIND_RESOURCE_GROUP && res->group != NULL && hint > 0 && hint <= n_res)
    {
      const TopoResource *g = topo_document_get_resource (doc, hint - 1);

      if (g->kind == TOPO_KIND_RESOURCE_GROUP && g_str_equal (g->id, res->group))
        return g;
    }
  return topo_document_get_group_of (doc, res);
}

static void
index_build (TopoSpatialIndex *index,
             TopoDocument     *doc)
{
  TopoRect extent = topo_layout_get_extent (doc);
  double x_min = extent.x, y_min = extent.y, x_max = extent.x + extent.w, y_max = extent.y + extent.h;
  guint n_res = topo_document_get_n_resources (doc);
  guint n_links = topo_document_get_n_links (doc);
  guint n_lanes = topo_layout_get_n_lanes (doc);
  g_autoptr(GArray) scratch = g_array_sized_new (FALSE, FALSE, sizeof (Candidate), MAX_CANDIDATES + 1);
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GHashTable) old_links = NULL;   /* LinkKey → old index + 1 */
  g_autofree LinkKey *old_keys = NULL;
  g_autofree guint8 *old_matched = NULL;
  /* The previous build's routing, reused where nothing near a link changed. */
  g_autofree TopoRect *old_bounds = g_steal_pointer (&index->bounds);
  g_autofree guint8 *old_is_group = g_steal_pointer (&index->is_group);
  g_autofree TopoLinkRoute *old_raw = g_steal_pointer (&index->raw);
  g_autofree TopoLinkRoute *old_routes = g_steal_pointer (&index->routes);
  g_autofree TopoRect *old_reach = g_steal_pointer (&index->reach);
  g_autofree gboolean *old_ok = g_steal_pointer (&index->route_ok);
  g_autofree const TopoResource **old_ptrs = g_steal_pointer (&index->res_ptrs);
  g_autofree gconstpointer *old_end_ptrs = g_steal_pointer (&index->end_ptrs);
  g_autofree guint32 *old_looks = g_steal_pointer (&index->looks);
  g_autofree TopoRect *old_lanes = g_steal_pointer (&index->lanes);
  g_auto(GStrv) old_lane_regions = g_steal_pointer (&index->lane_regions);
  g_autofree guint8 *old_lane_implicit = g_steal_pointer (&index->lane_implicit);
  g_autofree TopoRect *old_note_reach = g_steal_pointer (&index->note_reach);
  g_autofree guint *old_ends = g_steal_pointer (&index->ends);
  g_autofree guint32 *old_res_start = g_steal_pointer (&index->res_start);
  g_autofree guint32 *old_res_items = g_steal_pointer (&index->res_items);
  g_autofree guint32 *old_cell_start = g_steal_pointer (&index->cell_start);
  g_autofree guint32 *old_items = g_steal_pointer (&index->items);
  g_autoptr(GArray) old_runs_h = g_steal_pointer (&index->runs_h);
  g_autoptr(GArray) old_runs_v = g_steal_pointer (&index->runs_v);
  g_autofree guint8 *runs_changed = NULL;
  guint old_nx = index->nx, old_ny = index->ny;
  guint old_n_res = index->n_resources, old_n_links = index->n_links, old_n_lanes = index->n_lanes;
  guint old_n_notes = index->n_notes, n_notes = topo_document_get_n_notes (doc);
  double old_origin_x = index->origin_x, old_origin_y = index->origin_y, old_cell = index->cell;
  g_autofree guint *old_of = g_new (guint, MAX (n_links, 1));   /* G_MAXUINT: a new link */
  gboolean same_links, same_grid, patch_grids;

  index_clear (index);
  index->generation++;
  if (index->damage == NULL)
    index->damage = g_array_new (FALSE, FALSE, sizeof (Damage));

  /* Resources may stick out of the lanes while being dragged; cover them all. */
  for (guint i = 0; i < n_res; i++)
    {
      const TopoRect *b = &topo_document_get_resource (doc, i)->bounds;

      x_min = MIN (x_min, b->x);
      y_min = MIN (y_min, b->y);
      x_max = MAX (x_max, b->x + b->w);
      y_max = MAX (y_max, b->y + b->h);
    }

  index->cell = CELL_SIZE;
  index->origin_x = x_min - ROUTE_PAD_X - CHANNEL_REACH;
  index->origin_y = y_min - ROUTE_PAD_Y - CHANNEL_REACH;
  for (;;)
    {
      index->nx = (guint) MAX (1.0, ceil ((x_max - x_min + 2 * (ROUTE_PAD_X + CHANNEL_REACH)) / index->cell));
      index->ny = (guint) MAX (1.0, ceil ((y_max - y_min + 2 * (ROUTE_PAD_Y + CHANNEL_REACH)) / index->cell));
      if ((guint64) index->nx * index->ny <= MAX_CELLS)
        break;
      index->cell *= 2;
    }
  index->n_resources = n_res;
  index->n_links = n_links;
  index->n_lanes = n_lanes;
  index->bounds = g_new0 (TopoRect, MAX (n_res, 1));
  index->is_group = g_new0 (guint8, MAX (n_res, 1));
  index->res_ptrs = g_new0 (const TopoResource *, MAX (n_res, 1));
  index->routes = g_new0 (TopoLinkRoute, MAX (n_links, 1));
  index->route_ok = g_new0 (gboolean, MAX (n_links, 1));
  index->raw = g_new0 (TopoLinkRoute, MAX (n_links, 1));
  index->reach = g_new0 (TopoRect, MAX (n_links, 1));
  index->ends = g_new0 (guint, 4 * MAX (n_links, 1));
  index->end_ptrs = g_new0 (gconstpointer, 4 * MAX (n_links, 1));
  index->looks = g_new0 (guint32, MAX (n_links, 1));
  index->lanes = g_new0 (TopoRect, MAX (n_lanes, 1));
  index->lane_regions = g_new0 (char *, n_lanes + 1);
  index->lane_implicit = g_new0 (guint8, MAX (n_lanes, 1));
  index->stamps = g_new0 (guint32, n_res + n_links + 1);
  index->stamp = 0;

  for (guint i = 0; i < n_lanes; i++)
    {
      const TopoLane *lane = topo_layout_get_lane (doc, i);

      index->lanes[i] = lane->bounds;
      index->lane_regions[i] = g_strdup (lane->region);
      index->lane_implicit[i] = lane->implicit;
    }
  for (guint i = 0; i < n_res; i++)
    {
      const TopoResource *res = topo_document_get_resource (doc, i);

      index->bounds[i] = res->bounds;
      index->is_group[i] = res->kind == TOPO_KIND_RESOURCE_GROUP;
      index->res_ptrs[i] = res;
    }
  /* Costs count an item once per grid cell they meet it in: routes from another grid differ. */
  same_grid = old_origin_x == index->origin_x && old_origin_y == index->origin_y &&
              old_cell == index->cell;
  /* The grids of the previous build serve again when the cells are the same and the items too
   * (only their places may differ): a move patches the cells its cards and links left and joined. */
  patch_grids = same_grid && old_nx == index->nx && old_ny == index->ny && old_bounds != NULL &&
                old_res_start != NULL && old_cell_start != NULL && old_n_res == n_res &&
                old_n_links == n_links;
  if (patch_grids)
    {
      g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (CellItem));
      g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (CellItem));

      for (guint i = 0; i < n_res; i++)
        if (memcmp (&old_bounds[i], &index->bounds[i], sizeof (TopoRect)) != 0)
          note_item_cells (index, i, &old_bounds[i], &index->bounds[i], removed, added);
      patch_grid (index, &old_res_start, &old_res_items, removed, added,
                  &index->res_start, &index->res_items);
    }
  else
    build_grid (index, 0, n_res, &index->res_start, &index->res_items);
  changed = changed_rects (old_ptrs, old_bounds, old_is_group, old_n_res, index->res_ptrs,
                           index->bounds, index->is_group, n_res);

  /* Each link's cards and RGs (NULL card: not drawn), found where the previous build found
   * them when they are still there (the same id at that position), else by id. */
  for (guint i = 0; i < n_links; i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      const guint *hint = old_ends != NULL && i < old_n_links ? &old_ends[4 * i] : NULL;
      const TopoResource *from = resolve_card (doc, link->from, hint != NULL ? hint[0] + 1 : 0, n_res);
      const TopoResource *to = resolve_card (doc, link->to, hint != NULL ? hint[1] + 1 : 0, n_res);
      gconstpointer *end_ptrs = &index->end_ptrs[4 * i];
      const TopoResource *gf, *gt;
      guint *ends = &index->ends[4 * i];

      if (from == NULL || to == NULL || from == to)
        continue;
      gf = resolve_group (doc, from, hint != NULL ? hint[2] : 0, n_res);
      gt = resolve_group (doc, to, hint != NULL ? hint[3] : 0, n_res);
      end_ptrs[0] = from;
      end_ptrs[1] = to;
      end_ptrs[2] = gf;
      end_ptrs[3] = gt;
      ends[0] = from->position;
      ends[1] = to->position;
      ends[2] = gf != NULL ? gf->position + 1 : 0;
      ends[3] = gt != NULL ? gt->position + 1 : 0;
    }
  /* Link i is old link i when the links join the cards at the same positions (a moved card is a
   * new struct at its old position). Any one-to-one pairing keeps the damage right (an old route
   * not drawn again the same is damaged); reuse needs the very same cards and RGs besides. */
  same_links = old_n_links == n_links && old_end_ptrs != NULL && old_ends != NULL &&
               old_n_res == n_res;
  for (guint i = 0; i < n_links && same_links; i++)
    same_links = old_ends[4 * i] == index->ends[4 * i] &&
                 old_ends[4 * i + 1] == index->ends[4 * i + 1] &&
                 (old_end_ptrs[4 * i] == NULL) == (index->end_ptrs[4 * i] == NULL);
  if (!same_links && old_end_ptrs != NULL)
    {
      old_links = g_hash_table_new (link_key_hash, link_key_equal);
      old_keys = g_new0 (LinkKey, MAX (old_n_links, 1));
      for (guint j = 0; j < old_n_links; j++)
        {
          old_keys[j] = (LinkKey) { old_end_ptrs[4 * j], old_end_ptrs[4 * j + 1] };
          if (old_ok[j])
            g_hash_table_insert (old_links, &old_keys[j], GUINT_TO_POINTER (j + 1));
        }
    }
  old_matched = g_new0 (guint8, MAX (old_n_links, 1));

  for (guint i = 0; i < n_links; i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      gconstpointer *end_ptrs = &index->end_ptrs[4 * i];
      const TopoResource *from = end_ptrs[0], *to = end_ptrs[1], *gf = end_ptrs[2], *gt = end_ptrs[3];
      guint *ends = &index->ends[4 * i];
      gboolean reuse;
      guint old = G_MAXUINT;

      old_of[i] = G_MAXUINT;
      if (from == NULL)
        continue;
      index->looks[i] = link_look (link, gf, gt);
      index->reach[i] = reach_of (&from->bounds, &to->bounds, gf != NULL ? &gf->bounds : NULL,
                                  gt != NULL ? &gt->bounds : NULL);
      if (same_links)
        old = i;
      else if (old_links != NULL)
        {
          LinkKey key = { from, to };

          old = GPOINTER_TO_UINT (g_hash_table_lookup (old_links, &key)) - 1;
        }
      if (old != G_MAXUINT && old_ok[old] && !old_matched[old])
        old_matched[old] = TRUE;
      else
        old = G_MAXUINT;
      /* The same inputs give the same route: same cards and RGs, and no resource changed
       * inside what the routing looks at (then the old reach is the new one). */
      reuse = changed != NULL && same_grid && old != G_MAXUINT &&
              memcmp (&old_end_ptrs[4 * old], end_ptrs, 4 * sizeof (gconstpointer)) == 0;
      for (guint k = 0; reuse && k < changed->len; k++)
        reuse = !topo_rect_intersects (&g_array_index (changed, TopoRect, k), &old_reach[old]);
      if (reuse)
        index->raw[i] = old_raw[old];
      else
        route_link (index, ends[0], ends[1], gf != NULL ? &gf->bounds : NULL,
                    gt != NULL ? &gt->bounds : NULL, scratch, &index->raw[i]);
      index->routes[i] = index->raw[i];
      index->route_ok[i] = TRUE;
      old_of[i] = old;
    }
  /* The runs of the links whose raw route is the one of the same link before are reused. */
  if (same_links && old_runs_h != NULL)
    {
      runs_changed = g_new0 (guint8, MAX (n_links, 1));
      for (guint i = 0; i < n_links; i++)
        runs_changed[i] = old_ok[i] != index->route_ok[i] ||
                          (index->route_ok[i] && !routes_equal (&old_raw[i], &index->raw[i]));
    }
  separate_parallel_runs (index, runs_changed, old_runs_h, old_runs_v);
  for (guint i = 0; i < n_links; i++)
    if (index->route_ok[i])
      {
        const TopoLink *link = topo_document_get_link (doc, i);
        /* Pills cover no card at all, their own link's included. */
        Router router = { index, G_MAXUINT, G_MAXUINT, NULL, NULL };
        double pw = link->type == TOPO_LINK_PROMOTION ? 72 : link->type == TOPO_LINK_DATASTORE ? 19 : 0;

        place_label (&router, &index->routes[i], pw, 19);
        route_bounds (&index->routes[i]);
      }

  if (patch_grids)
    {
      g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (CellItem));
      g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (CellItem));

      for (guint i = 0; i < n_res; i++)
        if (memcmp (&old_bounds[i], &index->bounds[i], sizeof (TopoRect)) != 0)
          note_item_cells (index, i, &old_bounds[i], &index->bounds[i], removed, added);
      for (guint l = 0; l < n_links; l++)
        if (old_ok[l] != index->route_ok[l] ||
            (index->route_ok[l] && memcmp (&old_routes[l].bounds, &index->routes[l].bounds, sizeof (TopoRect)) != 0))
          note_item_cells (index, n_res + l, old_ok[l] ? &old_routes[l].bounds : NULL,
                           index->route_ok[l] ? &index->routes[l].bounds : NULL, removed, added);
      patch_grid (index, &old_cell_start, &old_items, removed, added,
                  &index->cell_start, &index->items);
    }
  else
    build_grid (index, 0, n_res + n_links, &index->cell_start, &index->items);
  index->valid = TRUE;

  /* Notes follow what they are attached to: their card and leader line lie in this. */
  index->n_notes = n_notes;
  index->note_reach = g_new0 (TopoRect, MAX (n_notes, 1));
  for (guint i = 0; i < n_notes; i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      TopoRect *reach = &index->note_reach[i];
      const TopoResource *target = note->attach != NULL ? topo_document_lookup (doc, note->attach) : NULL;
      double ax, ay;

      _topo_note_extent (note, reach);
      if (target != NULL)
        rect_union (reach, &target->bounds);
      if (note->link_from != NULL)
        {
          int l = topo_document_find_link (doc, note->link_type, note->link_from, note->link_to);

          if (l >= 0 && index->route_ok[l])
            rect_union (reach, &index->routes[l].bounds);
        }
      if (topo_layout_note_anchor (doc, note, &ax, &ay))
        rect_union (reach, &(TopoRect) { ax, ay, 0, 0 });
    }

  /* Damage: what moved (both places), lanes that changed, notes, and links whose drawing
   * differs. A lane is drawn by its place, its region and its position (the tint alternates):
   * one whose place or region at a position differs is damaged where it was and where it is,
   * and so are the lanes past the end of the shorter list. Notes are few: when their number
   * changed, every note is damaged where it was and where it is. */
  if (changed == NULL || old_lanes == NULL || old_note_reach == NULL)
    {
      g_array_set_size (index->damage, 0);
      index->damage_floor = index->generation;
      return;
    }
  for (guint k = 0; k < changed->len; k++)
    add_damage (index, &g_array_index (changed, TopoRect, k));
  for (guint i = 0; i < MAX (n_lanes, old_n_lanes); i++)
    if (i >= n_lanes || i >= old_n_lanes ||
        memcmp (&old_lanes[i], &index->lanes[i], sizeof (TopoRect)) != 0 ||
        g_strcmp0 (old_lane_regions[i], index->lane_regions[i]) != 0 ||
        old_lane_implicit[i] != index->lane_implicit[i])
      {
        if (i < old_n_lanes)
          add_damage (index, &old_lanes[i]);
        if (i < n_lanes)
          add_damage (index, &index->lanes[i]);
      }
  for (guint i = 0; i < MAX (n_notes, old_n_notes); i++)
    if (old_n_notes != n_notes ||
        memcmp (&old_note_reach[i], &index->note_reach[i], sizeof (TopoRect)) != 0)
      {
        if (i < old_n_notes)
          add_damage (index, &old_note_reach[i]);
        if (i < n_notes)
          add_damage (index, &index->note_reach[i]);
      }
  for (guint i = 0; i < n_links; i++)
    {
      guint old = old_of[i];

      if (!index->route_ok[i])
        continue;
      if (old == G_MAXUINT)
        add_route_damage (index, &index->routes[i]);
      else if (old_looks[old] != index->looks[i] || !routes_equal (&old_routes[old], &index->routes[i]))
        {
          add_route_damage (index, &old_routes[old]);
          add_route_damage (index, &index->routes[i]);
        }
    }
  for (guint j = 0; j < old_n_links; j++)
    if (old_ok[j] && !old_matched[j])
      add_route_damage (index, &old_routes[j]);
}

TopoSpatialIndex *
topo_spatial_index_get (TopoDocument *doc)
{
  TopoSpatialIndex *index;
  guint64 serial;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  topo_layout_update (doc);
  serial = topo_document_get_layout_serial (doc);
  index = g_object_get_data (G_OBJECT (doc), "topo-spatial-index");
  if (index == NULL)
    {
      index = g_new0 (TopoSpatialIndex, 1);
      g_object_set_data_full (G_OBJECT (doc), "topo-spatial-index", index, index_free);
    }
  if (!index->valid || index->serial != serial)
    {
      index_build (index, doc);
      index->serial = serial;
    }
  return index;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

void
topo_spatial_index_query (TopoSpatialIndex *index,
                          const TopoRect   *rect,
                          GArray           *resources,
                          GArray           *links)
{
  guint cx0, cy0, cx1, cy1;

  g_return_if_fail (index != NULL && index->valid);

  if (++index->stamp == 0)
    {
      memset (index->stamps, 0, sizeof (guint32) * (index->n_resources + index->n_links + 1));
      index->stamp = 1;
    }

  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * index->nx + cx;

        for (guint32 k = index->cell_start[cell]; k < index->cell_start[cell + 1]; k++)
          {
            guint32 item = index->items[k];

            if (index->stamps[item] == index->stamp)
              continue;
            index->stamps[item] = index->stamp;
            if (item < index->n_resources)
              {
                if (resources != NULL && topo_rect_intersects (&index->bounds[item], rect))
                  g_array_append_val (resources, item);
              }
            else if (links != NULL)
              {
                guint l = item - index->n_resources;

                if (topo_rect_intersects (&index->routes[l].bounds, rect))
                  g_array_append_val (links, l);
              }
          }
      }

  /* Draw in document order, whatever the cell order was. */
  if (resources != NULL)
    g_array_sort (resources, compare_guint);
  if (links != NULL)
    g_array_sort (links, compare_guint);
}

const TopoLinkRoute *
topo_spatial_index_link_route (TopoSpatialIndex *index,
                               guint             i)
{
  g_return_val_if_fail (index != NULL && i < index->n_links, NULL);

  return index->route_ok[i] ? &index->routes[i] : NULL;
}

guint64
topo_spatial_index_get_generation (TopoSpatialIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->generation;
}

gboolean
topo_spatial_index_get_damage (TopoSpatialIndex *index,
                               guint64           since,
                               GArray           *rects)
{
  g_return_val_if_fail (index != NULL && rects != NULL, FALSE);

  if (since < index->damage_floor)
    return FALSE;
  /* newest last: walk back to the first build after since */
  for (guint k = index->damage->len; k > 0; k--)
    {
      const Damage *d = &g_array_index (index->damage, Damage, k - 1);

      if (d->generation <= since)
        break;
      g_array_append_val (rects, d->rect);
    }
  return TRUE;
}

gboolean
topo_spatial_index_note_reach (TopoSpatialIndex *index,
                               TopoDocument     *doc,
                               const char       *id,
                               TopoRect         *reach)
{
  g_return_val_if_fail (index != NULL && TOPO_IS_DOCUMENT (doc) && reach != NULL, FALSE);

  for (guint i = 0; id != NULL && i < index->n_notes && i < topo_document_get_n_notes (doc); i++)
    if (g_strcmp0 (topo_document_get_note (doc, i)->id, id) == 0)
      {
        *reach = index->note_reach[i];
        return TRUE;
      }
  return FALSE;
}

/* Tests: two indexes hold the same grids, geometry and routes (an index updated from earlier
 * builds against one built from scratch). */
gboolean
_topo_spatial_index_equal (TopoSpatialIndex *a,
                           TopoSpatialIndex *b)
{
  guint n_cells;

  g_return_val_if_fail (a != NULL && a->valid && b != NULL && b->valid, FALSE);

  if (a->nx != b->nx || a->ny != b->ny || a->origin_x != b->origin_x ||
      a->origin_y != b->origin_y || a->cell != b->cell || a->n_resources != b->n_resources ||
      a->n_links != b->n_links || a->n_lanes != b->n_lanes || a->n_notes != b->n_notes)
    return FALSE;
  n_cells = a->nx * a->ny;
  if (memcmp (a->res_start, b->res_start, (n_cells + 1) * sizeof (guint32)) != 0 ||
      memcmp (a->cell_start, b->cell_start, (n_cells + 1) * sizeof (guint32)) != 0 ||
      memcmp (a->res_items, b->res_items, a->res_start[n_cells] * sizeof (guint32)) != 0 ||
      memcmp (a->items, b->items, a->cell_start[n_cells] * sizeof (guint32)) != 0)
    return FALSE;
  if (memcmp (a->bounds, b->bounds, a->n_resources * sizeof (TopoRect)) != 0 ||
      memcmp (a->is_group, b->is_group, a->n_resources) != 0 ||
      memcmp (a->ends, b->ends, 4 * a->n_links * sizeof (guint)) != 0 ||
      memcmp (a->lanes, b->lanes, a->n_lanes * sizeof (TopoRect)) != 0 ||
      memcmp (a->note_reach, b->note_reach, a->n_notes * sizeof (TopoRect)) != 0)
    return FALSE;
  for (guint l = 0; l < a->n_links; l++)
    {
      if (a->route_ok[l] != b->route_ok[l])
        return FALSE;
      if (a->route_ok[l] &&
          (!routes_equal (&a->routes[l], &b->routes[l]) || !routes_equal (&a->raw[l], &b->raw[l]) ||
           memcmp (&a->routes[l].bounds, &b->routes[l].bounds, sizeof (TopoRect)) != 0 ||
           memcmp (&a->reach[l], &b->reach[l], sizeof (TopoRect)) != 0 || a->looks[l] != b->looks[l]))
        return FALSE;
    }
  return a->runs_h->len == b->runs_h->len && a->runs_v->len == b->runs_v->len &&
         memcmp (a->runs_h->data, b->runs_h->data, a->runs_h->len * sizeof (Run)) == 0 &&
         memcmp (a->runs_v->data, b->runs_v->data, a->runs_v->len * sizeof (Run)) == 0;
}
