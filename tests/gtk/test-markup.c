/* test-markup.c: user text ("R&D <core>", "<b>", "&amp;", "%s") shows as typed in every panel
 *
 * libadwaita 1.2 parses row titles and subtitles, group titles and descriptions and toast titles
 * as Pango markup. A name with "&" or "<" then gives a GTK warning and an empty label, and one
 * with valid markup ("<b>x</b>", "&amp;") a wrong one. g_test_init() makes every warning and
 * critical fatal, so a markup error anywhere fails this test; each panel is then searched for a
 * label whose displayed text holds the name exactly as typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include <glib/gstdio.h>

#include "topo-canvas.h"
#include "topo-compare-panel.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-inspector.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"

#define TEAM     "R&D <core>"
#define DESIGN   "Q&A <review> %s"
#define GROUP    "rg <b>bold</b> & %s"
#define WS       "mlw & <ws> %s"
#define GPU      "gpu <&> %s"
#define STORAGE  "st<b>&amp;</b>"
#define PROJECT  "P&L <b>x</b>"
#define ENV      "dev & <test>"
#define TAG_KEY  "cost&center<i>"
#define AUTHOR   "Ann & <Bob>"
#define RENAMED  "mlw <renamed> & %d"

static const char design[] =
  "{\n"
  "  \"format\": \"topograph\", \"version\": 1,\n"
  "  \"name\": \"" DESIGN "\",\n"
  "  \"policy\": {\n"
  "    \"environments\": [\"" ENV "\", \"prod\"],\n"
  "    \"required_tags\": [\"" TAG_KEY "\"],\n"
  "    \"quotas\": [{\"region\": \"westeurope\", \"family\": \"standardNCSv3Family\", \"vcpus\": 12}]\n"
  "  },\n"
  "  \"lanes\": [\"westeurope\"],\n"
  "  \"teams\": [{\"id\": \"rnd\", \"name\": \"" TEAM "\", \"data_access\": \"internal\"}],\n"
  "  \"resources\": [\n"
  "    {\"id\": \"rg\", \"type\": \"resource-group\", \"name\": \"" GROUP "\", \"region\": \"westeurope\",\n"
  "     \"environment\": \"" ENV "\", \"project\": \"" PROJECT "\"},\n"
  "    {\"id\": \"ws\", \"type\": \"workspace\", \"name\": \"" WS "\", \"group\": \"rg\",\n"
  "     \"access\": [{\"team\": \"rnd\", \"role\": \"data-scientist\"}],\n"
  "     \"tags\": {\"" TAG_KEY "\": \"<b>cc</b> & %s\"}},\n"
  "    {\"id\": \"gpu\", \"type\": \"compute-cluster\", \"name\": \"" GPU "\", \"group\": \"rg\",\n"
  "     \"workspace\": \"ws\", \"vm_size\": \"Standard_NC6s_v3\", \"min_nodes\": 0, \"max_nodes\": 4},\n"
  "    {\"id\": \"st\", \"type\": \"storage\", \"name\": \"" STORAGE "\", \"group\": \"rg\"}\n"
  "  ],\n"
  "  \"notes\": [{\"id\": \"n1\", \"text\": \"Decide: " TEAM " keeps **st** %s\", \"author\": \"" AUTHOR "\",\n"
  "              \"attach\": \"st\"}]\n"
  "}\n";

typedef struct
{
  TopoWindow   *window;
  TopoCanvas   *canvas;
  TopoDocument *doc;
} Fixture;

static void
settle (Fixture *f)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (design, sizeof design - 1, "markup.topograph", &error);

  g_assert_no_error (error);
  f->window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  topo_window_set_document (f->window, doc, NULL);
  f->doc = topo_window_get_document (f->window);
  f->canvas = _topo_window_get_canvas (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  settle (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, needle))
      return TRUE;
  return FALSE;
}

#define assert_label(widget, needle) \
  G_STMT_START { \
    if (!has_label (GTK_WIDGET (widget), needle)) \
      g_error ("no label shows “%s” in %s", needle, G_OBJECT_TYPE_NAME (widget)); \
  } G_STMT_END

static GtkWidget *
show_tab (Fixture    *f,
          const char *name)
{
  AdwViewStack *stack = f->window->side_stack;

  adw_view_stack_set_visible_child_name (stack, name);
  settle (f);
  return adw_view_stack_get_child_by_name (stack, name);
}

static void
select_id (Fixture    *f,
           const char *id)
{
  const char *ids[] = { id, NULL };

  topo_canvas_set_selection (f->canvas, id != NULL ? ids : NULL);
  settle (f);
}

static void
test_inspector (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *inspector = show_tab (f, "inspector");

  /* the design page: the team's expander */
  select_id (f, NULL);
  assert_label (inspector, TEAM);
  /* a workspace: its access row is titled with the team's name, a tag row with its key */
  select_id (f, "ws");
  assert_label (inspector, TEAM);
  assert_label (inspector, TAG_KEY);
  /* a note: the group says what it is on */
  select_id (f, "n1");
  assert_label (inspector, STORAGE);
  /* a resource group, a compute and a storage account build without a warning too */
  select_id (f, "rg");
  assert_label (inspector, ENV);
  select_id (f, "gpu");
  select_id (f, "st");
}

static void
test_panels (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *outline = show_tab (f, "outline");
  GtkWidget *issues, *capacity;

  assert_label (outline, GROUP);
  assert_label (outline, WS);
  assert_label (outline, GPU);
  assert_label (outline, STORAGE);

  /* findings name resources: CAP002 (4 × 6 vCPUs of NCSv3 against 12) names the compute */
  issues = show_tab (f, "issues");
  assert_label (issues, GPU);

  capacity = show_tab (f, "capacity");
  assert_label (capacity, PROJECT);
  assert_label (capacity, ENV);
  assert_label (capacity, WS);

  /* the window's title */
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), DESIGN));
  assert_label (f->window, DESIGN);
}

static void
test_compare_and_toast (Fixture       *f,
                        gconstpointer  data)
{
  TopoComparePanel *compare = _topo_window_get_compare (f->window);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int fd = g_file_open_tmp ("markup-XXXXXX.topograph", &path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, design, -1, &error));
  g_assert_no_error (error);
  close (fd);
  file = g_file_new_for_path (path);

  /* a rename: the change row quotes both names */
  g_assert_true (topo_edit_set_property (f->doc, "ws", "name", RENAMED, &error));
  g_assert_no_error (error);
  g_assert_true (topo_compare_panel_compare_file (compare, file, NULL, &error));
  g_assert_no_error (error);
  settle (f);
  assert_label (compare, WS);
  assert_label (compare, RENAMED);

  /* a toast that names things */
  message = g_strdup_printf ("Team “%s” cannot see “%s”", TEAM, STORAGE);
  topo_window_show_message (f->window, message);
  settle (f);
  assert_label (f->window, message);

  topo_compare_panel_close (compare);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status = topo_gtk_test_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_test_add ("/gtk/markup/inspector", Fixture, NULL, fixture_setup, test_inspector, fixture_teardown);
  g_test_add ("/gtk/markup/panels", Fixture, NULL, fixture_setup, test_panels, fixture_teardown);
  g_test_add ("/gtk/markup/compare-and-toast", Fixture, NULL, fixture_setup, test_compare_and_toast,
              fixture_teardown);
  return g_test_run ();
}
