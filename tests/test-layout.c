/* test-layout.c: geometry and automatic layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"
#include "topo-spatial-index.h"

static const char *unplaced =
  "{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\", \"eastus\"],\n"
  " \"resources\": [\n"
  "  {\"id\": \"rg-a\", \"type\": \"resource-group\", \"region\": \"westeurope\"},\n"
  "  {\"id\": \"rg-b\", \"type\": \"resource-group\", \"region\": \"westeurope\"},\n"
  "  {\"id\": \"rg-c\", \"type\": \"resource-group\", \"region\": \"eastus\"},\n"
  "  {\"id\": \"rg-d\", \"type\": \"resource-group\", \"region\": \"japaneast\"},\n"
  "  {\"id\": \"ws\", \"type\": \"workspace\", \"group\": \"rg-a\"},\n"
  "  {\"id\": \"st1\", \"type\": \"storage\", \"group\": \"rg-a\"},\n"
  "  {\"id\": \"st2\", \"type\": \"storage\", \"group\": \"rg-a\"},\n"
  "  {\"id\": \"st3\", \"type\": \"storage\", \"group\": \"rg-a\"},\n"
  "  {\"id\": \"st4\", \"type\": \"storage\", \"group\": \"rg-a\"},\n"
  "  {\"id\": \"kv\", \"type\": \"key-vault\", \"group\": \"rg-b\"},\n"
  "  {\"id\": \"aks\", \"type\": \"aks\", \"group\": \"rg-c\"},\n"
  "  {\"id\": \"cr\", \"type\": \"container-registry\", \"group\": \"rg-b\", \"layout\": {\"x\": 16, \"y\": 44}},\n"
  "  {\"id\": \"loose\", \"type\": \"app-insights\"}\n"
  " ]}\n";

static TopoDocument *
load (void)
{
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_format_load_data (unplaced, strlen (unplaced), "layout.topograph", &error);

  g_assert_no_error (error);
  return doc;
}

static void
test_auto_layout (void)
{
  g_autoptr(TopoDocument) doc = load ();
  g_autoptr(TopoDocument) again = load ();
  g_autofree char *first = topo_format_to_data (doc, NULL);
  g_autofree char *second = topo_format_to_data (again, NULL);
  guint n = topo_document_get_n_resources (doc);
  const TopoResource *a = topo_document_lookup (doc, "rg-a");
  const TopoResource *b = topo_document_lookup (doc, "rg-b");
  const TopoResource *kv = topo_document_lookup (doc, "kv");

  g_assert_cmpstr (first, ==, second);   /* deterministic */
  topo_layout_update (doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      g_assert_true (r->has_layout);
      for (guint j = i + 1; j < n; j++)
        {
          const TopoResource *o = topo_document_get_resource (doc, j);

          /* No two cards overlap, no two RGs overlap. */
          if ((r->kind == TOPO_KIND_RESOURCE_GROUP) == (o->kind == TOPO_KIND_RESOURCE_GROUP))
            g_assert_false (topo_rect_intersects (&r->bounds, &o->bounds));
        }
      /* Cards sit inside their RG. */
      if (r->kind != TOPO_KIND_RESOURCE_GROUP && r->group != NULL)
        {
          const TopoResource *g = topo_document_lookup (doc, r->group);

          g_assert_cmpfloat (r->bounds.x, >=, g->bounds.x);
          g_assert_cmpfloat (r->bounds.y, >=, g->bounds.y + TOPO_GROUP_HEADER - 1);
          g_assert_cmpfloat (r->bounds.x + r->bounds.w, <=, g->bounds.x + g->bounds.w);
          g_assert_cmpfloat (r->bounds.y + r->bounds.h, <=, g->bounds.y + g->bounds.h);
        }
    }
  /* RGs left to right in their lane; the free card avoids the laid-out one. */
  g_assert_cmpfloat (b->bounds.x, >, a->bounds.x + a->bounds.w);
  g_assert_cmpfloat (a->bounds.y, ==, b->bounds.y);
  g_assert_false (kv->layout.x == 16 && kv->layout.y == 44);
  /* Lanes top to bottom in document order; an RG's region missing from "lanes" gets its own. */
  g_assert_cmpuint (topo_layout_get_n_lanes (doc), ==, 3);
  g_assert_cmpstr (topo_layout_get_lane (doc, 0)->region, ==, "westeurope");
  g_assert_cmpstr (topo_layout_get_lane (doc, 2)->region, ==, "japaneast");
  g_assert_true (topo_layout_get_lane (doc, 2)->implicit);
  g_assert_cmpfloat (topo_layout_get_lane (doc, 1)->bounds.y, >=,
                     topo_layout_get_lane (doc, 0)->bounds.y + topo_layout_get_lane (doc, 0)->bounds.h);
  g_assert_cmpfloat (topo_document_lookup (doc, "rg-c")->bounds.y, >=, topo_layout_get_lane (doc, 1)->bounds.y);
}

static void
test_hit_tests (void)
{
  g_autoptr(TopoDocument) doc = load ();
  const TopoResource *ws = topo_document_lookup (doc, "ws");
  const TopoResource *rg = topo_document_lookup (doc, "rg-c");
  double cx, cy;

  topo_layout_update (doc);
  cx = ws->bounds.x + 5;
  cy = ws->bounds.y + 5;
  g_assert_true (topo_layout_resource_at (doc, cx, cy) == ws);
  g_assert_cmpstr (topo_layout_group_at (doc, cx, cy)->id, ==, "rg-a");
  g_assert_cmpint (topo_layout_lane_at (doc, cx, cy), ==, 0);
  g_assert_cmpint (topo_layout_lane_at (doc, rg->bounds.x + 2, rg->bounds.y + 2), ==, 1);
  g_assert_null (topo_layout_resource_at (doc, -50, -50));
}

/* Edits move geometry: moving an RG moves its cards; a new lane region shifts it down. */
static void
test_geometry_follows_edits (void)
{
  g_autoptr(TopoDocument) doc = load ();
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "rg-a", NULL };
  double ws_x, ws_y;

  topo_layout_update (doc);
  ws_x = topo_document_lookup (doc, "ws")->bounds.x;
  ws_y = topo_document_lookup (doc, "ws")->bounds.y;
  topo_edit_move (doc, ids, 40, 8);
  topo_layout_update (doc);
  g_assert_cmpfloat (topo_document_lookup (doc, "ws")->bounds.x, ==, ws_x + 40);
  g_assert_cmpfloat (topo_document_lookup (doc, "ws")->bounds.y, ==, ws_y + 8);
  g_assert_true (topo_edit_move_group_to_region (doc, "rg-a", "eastus", 24, 24, &error));
  topo_layout_update (doc);
  g_assert_cmpint (topo_layout_lane_at (doc, topo_document_lookup (doc, "ws")->bounds.x,
                                        topo_document_lookup (doc, "ws")->bounds.y), ==, 1);
}

static void
test_free_spot (void)
{
  g_autoptr(TopoDocument) doc = load ();
  double x, y;
  TopoRect spot;

  topo_layout_free_spot (doc, "rg-a", NULL, &x, &y);
  spot = (TopoRect) { x, y, TOPO_CARD_WIDTH, TOPO_CARD_HEIGHT };
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      TopoRect rect = { r->layout.x, r->layout.y, TOPO_CARD_WIDTH, TOPO_CARD_HEIGHT };

      if (g_strcmp0 (r->group, "rg-a") == 0)
        g_assert_false (topo_rect_intersects (&spot, &rect));
    }
  topo_layout_free_spot (doc, NULL, "westeurope", &x, &y);
  g_assert_cmpfloat (x, >=, topo_document_lookup (doc, "rg-b")->layout.x + topo_document_lookup (doc, "rg-b")->layout.w);
}

/* A design of n unplaced cards in one RG (and nothing else), as JSON text. */
static char *
one_big_group (guint n)
{
  GString *json = g_string_new ("{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],\n"
                                " \"resources\": [\n"
                                "  {\"id\": \"rg-big\", \"type\": \"resource-group\", \"region\": \"westeurope\"}");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, ",\n  {\"id\": \"st%u\", \"type\": \"storage\", \"group\": \"rg-big\"}", i);
  g_string_append (json, "\n ]}\n");
  return g_string_free (json, FALSE);
}

/* No two cards of doc overlap: each card is checked against what the spatial index finds around
 * it, so this is linear too. */
static void
assert_no_card_overlaps (TopoDocument *doc)
{
  TopoSpatialIndex *index = topo_spatial_index_get (doc);
  g_autoptr(GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = topo_document_get_n_resources (doc);

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        continue;
      g_array_set_size (near, 0);
      topo_spatial_index_query (index, &r->bounds, near, NULL);
      for (guint k = 0; k < near->len; k++)
        {
          guint j = g_array_index (near, guint, k);
          const TopoResource *o = topo_document_get_resource (doc, j);

          if (j != i && o->kind != TOPO_KIND_RESOURCE_GROUP)
            g_assert_false (topo_rect_intersects (&r->bounds, &o->bounds));
        }
    }
}

/* Automatic layout is linear: 50 000 unplaced cards in one RG load in well under a second (the
 * bound asserted here is loose so a loaded CI machine does not fail it; the old quadratic
 * search took minutes at 8 000), without overlaps, inside their RG. */
static void
test_auto_layout_large (void)
{
  g_autofree char *json = one_big_group (50000);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  const TopoResource *rg;
  gint64 t0 = g_get_monotonic_time ();

  doc = topo_format_load_data (json, strlen (json), "big.topograph", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
  topo_layout_update (doc);
  assert_no_card_overlaps (doc);
  rg = topo_document_lookup (doc, "rg-big");
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        continue;
      g_assert_true (r->has_layout);
      g_assert_cmpfloat (r->bounds.x, >=, rg->bounds.x + TOPO_GROUP_PADDING);
      g_assert_cmpfloat (r->bounds.y, >=, rg->bounds.y + TOPO_GROUP_HEADER);
      g_assert_cmpfloat (r->bounds.x + r->bounds.w, <=, rg->bounds.x + rg->bounds.w);
      g_assert_cmpfloat (r->bounds.y + r->bounds.h, <=, rg->bounds.y + rg->bounds.h);
    }
  /* Roughly as wide as tall in cards, not one long strip. */
  g_assert_cmpfloat (rg->bounds.w, >, 20 * TOPO_CARD_WIDTH);
}

/* Placed cards scattered off the grid: unplaced ones fill the free slots around them and keep
 * the gap from every placed card. */
static void
test_auto_layout_around_placed (void)
{
  GString *json = g_string_new ("{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],\n"
                                " \"resources\": [\n"
                                "  {\"id\": \"rg\", \"type\": \"resource-group\", \"region\": \"westeurope\","
                                " \"layout\": {\"x\": 24, \"y\": 24, \"w\": 1000, \"h\": 600}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  guint n;

  for (guint i = 0; i < 40; i++)
    {
      if (i % 3 == 0)
        g_string_append_printf (json, ",\n  {\"id\": \"p%u\", \"type\": \"key-vault\", \"group\": \"rg\","
                                " \"layout\": {\"x\": %u, \"y\": %u}}", i, 16 + (i * 37) % 700, 50 + (i * 53) % 400);
      else
        g_string_append_printf (json, ",\n  {\"id\": \"u%u\", \"type\": \"storage\", \"group\": \"rg\"}", i);
    }
  g_string_append (json, "\n ]}\n");
  doc = topo_format_load_data (json->str, json->len, "scattered.topograph", &error);
  g_string_free (json, TRUE);
  g_assert_no_error (error);
  topo_layout_update (doc);
  n = topo_document_get_n_resources (doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP || r->id[0] != 'u')
        continue;
      for (guint j = 0; j < n; j++)
        {
          const TopoResource *o = topo_document_get_resource (doc, j);
          TopoRect grown = { r->bounds.x - TOPO_CARD_GAP_X / 2, r->bounds.y - TOPO_CARD_GAP_Y / 2,
                             r->bounds.w + TOPO_CARD_GAP_X, r->bounds.h + TOPO_CARD_GAP_Y };

          if (j == i || o->kind == TOPO_KIND_RESOURCE_GROUP)
            continue;
          /* Placed cards may be close to each other; a new card keeps at least half a gap from
           * each of them. */
          g_assert_false (topo_rect_intersects (&grown, &o->bounds));
        }
    }
}

/* Many RGs in one lane wrap into rows no wider than TOPO_LANE_MAX_WIDTH. */
static void
test_lane_wraps (void)
{
  GString *json = g_string_new ("{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],\n"
                                " \"resources\": [\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  const TopoLane *lane;
  double first_y, last_y;

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (json, "%s  {\"id\": \"rg-%u\", \"type\": \"resource-group\", \"region\": \"westeurope\"},\n"
                            "  {\"id\": \"ws%u\", \"type\": \"workspace\", \"group\": \"rg-%u\"},\n"
                            "  {\"id\": \"st%u\", \"type\": \"storage\", \"group\": \"rg-%u\"}",
                            i ? ",\n" : "", i, i, i, i, i);
  g_string_append (json, "\n ]}\n");
  doc = topo_format_load_data (json->str, json->len, "wide.topograph", &error);
  g_string_free (json, TRUE);
  g_assert_no_error (error);
  lane = topo_layout_get_lane (doc, 0);
  g_assert_cmpfloat (lane->bounds.w, <=, TOPO_LANE_HEADER_WIDTH + TOPO_LANE_MAX_WIDTH + TOPO_LANE_PADDING);
  first_y = topo_document_lookup (doc, "rg-0")->bounds.y;
  last_y = topo_document_lookup (doc, "rg-11")->bounds.y;
  g_assert_cmpfloat (last_y, >, first_y);
  for (guint i = 0; i < 12; i++)
    for (guint j = i + 1; j < 12; j++)
      {
        g_autofree char *a = g_strdup_printf ("rg-%u", i);
        g_autofree char *b = g_strdup_printf ("rg-%u", j);

        g_assert_false (topo_rect_intersects (&topo_document_lookup (doc, a)->bounds,
                                              &topo_document_lookup (doc, b)->bounds));
      }
}

/* A file whose resources all have a layout is not touched by the automatic layout. */
static void
test_explicit_layout_kept (void)
{
  g_autoptr(GBytes) bytes = topo_templates_get_bytes ("contoso");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autofree char *saved = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  doc = topo_format_load_data (data, length, "contoso.topograph", &error);
  g_assert_no_error (error);
  saved = topo_format_to_data (doc, NULL);
  g_assert_cmpuint (strlen (saved), ==, length);
  g_assert_true (memcmp (saved, data, length) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/layout/auto", test_auto_layout);
  g_test_add_func ("/topo/layout/hit-tests", test_hit_tests);
  g_test_add_func ("/topo/layout/follows-edits", test_geometry_follows_edits);
  g_test_add_func ("/topo/layout/free-spot", test_free_spot);
  g_test_add_func ("/topo/layout/auto-large", test_auto_layout_large);
  g_test_add_func ("/topo/layout/auto-around-placed", test_auto_layout_around_placed);
  g_test_add_func ("/topo/layout/lane-wraps", test_lane_wraps);
  g_test_add_func ("/topo/layout/explicit-layout-kept", test_explicit_layout_kept);
  return g_test_run ();
}
