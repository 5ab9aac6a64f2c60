/* test-layout.c: geometry and automatic layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/layout/auto", test_auto_layout);
  g_test_add_func ("/topo/layout/hit-tests", test_hit_tests);
  g_test_add_func ("/topo/layout/follows-edits", test_geometry_follows_edits);
  g_test_add_func ("/topo/layout/free-spot", test_free_spot);
  return g_test_run ();
}
