/* test-canvas-view.c: how a design opens and fits, and the zoom level button
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; prints a TAP skip when there is no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>


#include "topo-canvas-private.h"
#include "topo-format.h"
#include "topo-generator.h"
#include "topo-layout.h"
#include "topo-templates.h"
#include "topo-window-private.h"
#include "topo-zoom-button.h"
#include "gtk-test-init.h"

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static TopoWindow *
open_window (TopoDocument *doc)
{
  TopoWindow *window = topo_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  topo_window_set_document (window, doc, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (_topo_window_get_canvas (window)));
  run_for (200);
  return window;
}

static void
close_window (TopoWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The window's zoom button (in the header bar). */
static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

#define ZOOM_BUTTON(window) TOPO_ZOOM_BUTTON (find_of_type (GTK_WIDGET (window), TOPO_TYPE_ZOOM_BUTTON))

/* Where the design lies on the canvas, in widget pixels. */
static void
design_on_screen (TopoCanvas *canvas,
                  TopoRect   *out)
{
  TopoRect extent = topo_layout_get_extent (topo_canvas_get_document (canvas));
  double x0, y0, x1, y1;

  topo_canvas_design_to_widget (canvas, extent.x, extent.y, &x0, &y0);
  topo_canvas_design_to_widget (canvas, extent.x + extent.w, extent.y + extent.h, &x1, &y1);
  *out = (TopoRect) { x0, y0, x1 - x0, y1 - y0 };
}

/* Contoso opens whole inside the canvas (not under the side panel), at less than 100 %, and the
 * zoom button says what the zoom is. */
static void
test_opens_fitted (void)
{
  g_autoptr(TopoDocument) doc = topo_templates_load ("contoso", NULL);
  TopoWindow *window = open_window (doc);
  TopoCanvas *canvas = _topo_window_get_canvas (window);
  int width = gtk_widget_get_width (GTK_WIDGET (canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (canvas));
  TopoZoomButton *button = ZOOM_BUTTON (window);
  g_autofree char *expected = NULL;
  TopoRect shown;

  design_on_screen (canvas, &shown);
  g_assert_cmpfloat (topo_canvas_get_zoom (canvas), <, 1.0);
  g_assert_cmpfloat (shown.x, >=, 0);
  g_assert_cmpfloat (shown.y, >=, 0);
  g_assert_cmpfloat (shown.x + shown.w, <=, width);
  g_assert_cmpfloat (shown.y + shown.h, <=, height);
  /* It fills the canvas in one direction. */
  g_assert_true (shown.w >= width - 40 || shown.h >= height - 40);

  expected = g_strdup_printf ("%d %%", (int) (topo_canvas_get_zoom (canvas) * 100 + 0.5));
  g_assert_cmpstr (topo_zoom_button_get_label (button), ==, expected);

  /* The side panel shrinks the canvas: the view follows while the user has not moved it. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  run_for (300);
  width = gtk_widget_get_width (GTK_WIDGET (canvas));
  design_on_screen (canvas, &shown);
  g_assert_cmpfloat (shown.x + shown.w, <=, width + 0.5);
  /* The label follows within a few main loop iterations (it is set after the layout pass). */
  for (int i = 0; i < 100; i++)
    {
      g_free (expected);
      expected = g_strdup_printf ("%d %%", (int) (topo_canvas_get_zoom (canvas) * 100 + 0.5));
      if (g_strcmp0 (topo_zoom_button_get_label (button), expected) == 0)
        break;
      run_for (50);
    }
  g_test_message ("after the resize: %s", expected);
  g_assert_cmpstr (topo_zoom_button_get_label (button), ==, expected);
  close_window (window);
}

/* A small design opens at 100 % when it fits the canvas there, fitted otherwise; all of it in
 * view either way. */
static void
test_small_design_at_100 (void)
{
  static const char json[] =
    "{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],\n"
    " \"resources\": [\n"
    "  {\"id\": \"rg-a\", \"type\": \"resource-group\", \"region\": \"westeurope\"},\n"
    "  {\"id\": \"mlw-a\", \"type\": \"workspace\", \"group\": \"rg-a\"}\n"
    " ]}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (json, sizeof json - 1, "small.topograph", &error);
  TopoWindow *window;
  TopoCanvas *canvas;
  TopoRect shown, extent;
  int width, height;

  g_assert_no_error (error);
  window = open_window (doc);
  canvas = _topo_window_get_canvas (window);
  width = gtk_widget_get_width (GTK_WIDGET (canvas));
  height = gtk_widget_get_height (GTK_WIDGET (canvas));
  extent = topo_layout_get_extent (doc);
  g_assert_cmpfloat_with_epsilon (topo_canvas_get_zoom (canvas),
                                  MIN (1.0, MIN ((width - 32) / extent.w, (height - 32) / extent.h)), 1e-9);
  design_on_screen (canvas, &shown);
  g_assert_cmpfloat (shown.x, >=, 0);
  g_assert_cmpfloat (shown.x + shown.w, <=, gtk_widget_get_width (GTK_WIDGET (canvas)));
  close_window (window);
}

/* Ctrl+1 (canvas.fit) shows all of a 10 000-resource design; the menu's levels set the zoom. */
static void
test_fit_large_and_levels (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (10000, 1);
  TopoWindow *window = open_window (doc);
  TopoCanvas *canvas = _topo_window_get_canvas (window);
  TopoZoomButton *button = ZOOM_BUTTON (window);
  int width = gtk_widget_get_width (GTK_WIDGET (canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (canvas));
  TopoRect shown;

  topo_canvas_set_view (canvas, 1.0, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.fit", NULL);
  design_on_screen (canvas, &shown);
  g_assert_cmpfloat (shown.x, >=, -0.5);
  g_assert_cmpfloat (shown.y, >=, -0.5);
  g_assert_cmpfloat (shown.x + shown.w, <=, width + 0.5);
  g_assert_cmpfloat (shown.y + shown.h, <=, height + 0.5);

  gtk_widget_activate_action (GTK_WIDGET (button), "zoom.set", "d", 2.0);
  g_assert_cmpfloat_with_epsilon (topo_canvas_get_zoom (canvas), 2.0, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (button), "zoom.set", "d", 0.5);
  g_assert_cmpfloat_with_epsilon (topo_canvas_get_zoom (canvas), 0.5, 1e-9);
  for (int i = 0; i < 100 && g_strcmp0 (topo_zoom_button_get_label (button), "50 %") != 0; i++)
    run_for (50);
  g_assert_cmpstr (topo_zoom_button_get_label (button), ==, "50 %");
  gtk_widget_activate_action (GTK_WIDGET (button), "zoom.zoom-in", NULL);
  g_assert_cmpfloat (topo_canvas_get_zoom (canvas), >, 0.5);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status = topo_gtk_test_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_test_add_func ("/topo/gui/view/opens-fitted", test_opens_fitted);
  g_test_add_func ("/topo/gui/view/small-design-at-100", test_small_design_at_100);
  g_test_add_func ("/topo/gui/view/fit-large-and-levels", test_fit_large_and_levels);
  return g_test_run ();
}
