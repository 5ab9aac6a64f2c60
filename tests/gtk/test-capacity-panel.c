/* test-capacity-panel.c: the window's Capacity tab (a row selects its computes on the canvas, the
 * rows follow every committed edit) and the inspector's VM size chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include <glib/gstdio.h>

#include "topo-canvas.h"
#include "topo-capacity.h"
#include "topo-capacity-panel.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-image-export.h"
#include "topo-inspector.h"
#include "topo-quota-popover.h"
#include "topo-validator.h"
#include "topo-vm-size-chooser.h"
#include "topo-vm-sizes.h"
#include "topo-window-private.h"
#include "gtk-test-init.h"

typedef struct
{
  TopoWindow        *window;
  TopoCanvas        *canvas;
  TopoDocument      *doc;
  TopoCapacityPanel *panel;
} Fixture;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "regional-fine-tuning.topograph", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, &error);

  g_assert_no_error (error);
  f->window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  topo_window_set_document (f->window, doc, NULL);
  f->doc = topo_window_get_document (f->window);
  f->canvas = _topo_window_get_canvas (f->window);
  f->panel = TOPO_CAPACITY_PANEL (find_descendant (GTK_WIDGET (f->window), TOPO_TYPE_CAPACITY_PANEL));
  g_assert_nonnull (f->panel);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* The row whose accessible label starts with prefix (region, then the family or "Regional total"). */
static GtkListBoxRow *
find_row (Fixture    *f,
          const char *region,
          const char *title)
{
  GtkListBox *list = topo_capacity_panel_get_list (f->panel);
  g_autofree char *prefix = g_strdup_printf ("%s %s:", region, title);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = g_object_get_data (G_OBJECT (child), "test-label");

      if (label != NULL && g_str_has_prefix (label, prefix))
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

/* What a row says: its labels, in order. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
row_text (GtkListBoxRow *row)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (row), out);
  return g_string_free (out, FALSE);
}

static void
label_rows (Fixture *f)
{
  GtkListBox *list = topo_capacity_panel_get_list (f->panel);

  /* the rows carry their region and title in the key; tests read them back from the text */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *key = g_object_get_data (G_OBJECT (child), "key");
      g_auto(GStrv) parts = NULL;
      g_autofree char *text = NULL;

      if (key == NULL)
        continue;
      parts = g_strsplit (key, "\x1f", 3);
      text = row_text (GTK_LIST_BOX_ROW (child));
      g_object_set_data_full (G_OBJECT (child), "test-label",
                              g_strdup_printf ("%s %s: %s", parts[1],
                                               g_str_equal (parts[0], "2") ? "total"
                                               : parts[2][0] ? parts[2] : "unknown", text),
                              g_free);
    }
}

static void
test_rows_select_computes (Fixture       *f,
                           gconstpointer  data)
{
  GtkListBoxRow *row;
  g_auto(GStrv) selection = NULL;
  g_autofree char *text = NULL;

  label_rows (f);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "3 computes"));
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "every declared quota holds"));

  row = find_row (f, "westeurope", "standardNCSv3Family");
  g_assert_nonnull (row);
  text = row_text (row);
  g_assert_nonnull (strstr (text, "0–48 of 72 vCPUs"));
  g_assert_nonnull (strstr (text, "24 vCPUs free"));
  g_assert_nonnull (strstr (text, "0–8 GPUs (V100)"));

  /* activating the row selects its computes */
  g_signal_emit_by_name (topo_capacity_panel_get_list (f->panel), "row-activated", row);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (selection, ((const char *[]) { "gpu-base", NULL }));

  /* the regional total selects every compute of the region */
  row = find_row (f, "uksouth", "total");
  g_assert_nonnull (row);
  g_signal_emit_by_name (topo_capacity_panel_get_list (f->panel), "row-activated", row);
  g_clear_pointer (&selection, g_strfreev);
  selection = topo_canvas_get_selection (f->canvas);
  g_assert_cmpstrv (selection, ((const char *[]) { "gpu-ft-uks", NULL }));
}

static void
test_live_update (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  g_autofree char *text = NULL;

  /* 20 nodes × 6 vCPUs = 120, over the family quota of 72 and the regional total of 100 */
  g_assert_true (topo_edit_set_property (f->doc, "gpu-base", "max_nodes", "20", &error));
  g_assert_no_error (error);
  label_rows (f);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "2 quotas exceeded"));
  row = find_row (f, "westeurope", "standardNCSv3Family");
  text = row_text (row);
  g_assert_nonnull (strstr (text, "0–120 of 72 vCPUs"));
  g_assert_nonnull (strstr (text, "over quota by 48 vCPUs"));

  /* undo is a committed step too */
  g_assert_true (topo_document_undo (f->doc));
  label_rows (f);
  g_clear_pointer (&text, g_free);
  text = row_text (find_row (f, "westeurope", "standardNCSv3Family"));
  g_assert_nonnull (strstr (text, "0–48 of 72 vCPUs"));
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "every declared quota holds"));
}

static guint
count_rule (Fixture    *f,
            const char *rule)
{
  guint n = 0;

  /* the window revalidates in an idle after each step, as the Issues tab shows it */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < f->window->diagnostics->len; i++)
    n += g_str_equal (((TopoDiagnostic *) g_ptr_array_index (f->window->diagnostics, i))->rule, rule);
  return n;
}

/* Opens the row's "Set Quota…" popover as a click on its button does. */
static TopoQuotaPopover *
open_quota (Fixture    *f,
            const char *region,
            const char *title)
{
  GtkListBoxRow *row;
  GtkMenuButton *button;
  GtkPopover *popover;

  label_rows (f);
  row = find_row (f, region, title);
  g_assert_nonnull (row);
  button = g_object_get_data (G_OBJECT (row), "quota-button");
  g_assert_nonnull (button);
  gtk_widget_grab_focus (GTK_WIDGET (button));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (TOPO_IS_QUOTA_POPOVER (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  return TOPO_QUOTA_POPOVER (popover);
}

/* Issue 14: quotas are edited on their row. Refused text stays in the popover with the reason
 * and changes nothing; a set quota is one undo step, the row, the summary and CAP002/CAP003
 * follow; a removed one goes. */
static void
test_edit_quota (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = topo_format_to_data (f->doc, NULL);
  g_autofree char *text = NULL;
  guint steps = topo_document_get_n_undo_steps (f->doc);
  TopoQuotaPopover *popover;

  adw_view_stack_set_visible_child_name (f->window->side_stack, "capacity");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->panel));
  /* 48 planned against 72: raise the plan to 20 nodes (120 vCPUs), over the family quota and
   * the regional total of 100 */
  g_assert_true (topo_edit_set_property (f->doc, "gpu-base", "max_nodes", "20", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 1);
  g_assert_cmpuint (count_rule (f, "CAP003"), ==, 1);
  steps = topo_document_get_n_undo_steps (f->doc);
  g_clear_pointer (&before, g_free);
  before = topo_format_to_data (f->doc, NULL);

  popover = open_quota (f, "westeurope", "standardNCSv3Family");
  /* what is declared, ready to be typed over */
  g_assert_true (topo_quota_popover_can_apply (popover));
  g_assert_null (topo_quota_popover_get_error (popover));

  /* not a number: said at once, Set is off, Enter keeps the popover open */
  topo_quota_popover_set_text (popover, "lots");
  g_assert_false (topo_quota_popover_can_apply (popover));
  g_assert_cmpstr (topo_quota_popover_get_error (popover), ==, "Enter a whole number of vCPUs, 0 or more");
  g_assert_false (topo_quota_popover_apply (popover));
  topo_quota_popover_set_text (popover, "-8");
  g_assert_false (topo_quota_popover_apply (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  /* a number the core refuses: its reason */
  topo_quota_popover_set_text (popover, "99999999999");
  g_assert_true (topo_quota_popover_can_apply (popover));
  g_assert_false (topo_quota_popover_apply (popover));
  g_assert_cmpstr (topo_quota_popover_get_error (popover), ==, "A quota is a number of vCPUs from 0 to 2147483647");
  {
    g_autofree char *unchanged = topo_format_to_data (f->doc, NULL);
    g_assert_cmpstr (unchanged, ==, before);
  }
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps);

  /* digits grouped with a space are fine: one step; the row and the findings follow */
  topo_quota_popover_set_text (popover, "1 20");
  g_assert_null (topo_quota_popover_get_error (popover));
  g_assert_true (topo_quota_popover_apply (popover));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "westeurope", "standardNCSv3Family"), ==, 120);
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 0);
  g_assert_cmpuint (count_rule (f, "CAP003"), ==, 1);
  label_rows (f);
  text = row_text (find_row (f, "westeurope", "standardNCSv3Family"));
  g_assert_nonnull (strstr (text, "0–120 of 120 vCPUs"));
  g_clear_pointer (&text, g_free);
  /* the rows were rebuilt: the focus is on the new row's button, not lost */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
    GtkWidget *button = g_object_get_data (G_OBJECT (find_row (f, "westeurope", "standardNCSv3Family")),
                                           "quota-button");

    g_assert_nonnull (focus);
    g_assert_true (focus == button || gtk_widget_is_ancestor (focus, button));
  }

  /* the regional total, from its own row */
  popover = open_quota (f, "westeurope", "total");
  topo_quota_popover_set_text (popover, "150");
  g_assert_true (topo_quota_popover_apply (popover));
  g_assert_cmpuint (count_rule (f, "CAP003"), ==, 0);
  g_assert_nonnull (strstr (topo_capacity_panel_get_summary (f->panel), "every declared quota holds"));

  /* removed: the family row says no quota is declared (a GPU family starts at 0: CAP004) */
  popover = open_quota (f, "westeurope", "standardNCSv3Family");
  g_assert_true (topo_quota_popover_remove (popover));
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "westeurope", "standardNCSv3Family"), ==, -1);
  g_assert_cmpuint (count_rule (f, "CAP004"), ==, 1);
  label_rows (f);
  text = row_text (find_row (f, "westeurope", "standardNCSv3Family"));
  g_assert_nonnull (strstr (text, "no quota declared; GPU families start at 0"));

  /* three steps, undone one by one to the bytes before */
  for (guint i = 0; i < 3; i++)
    g_assert_true (topo_document_undo (f->doc));
  {
    g_autofree char *after = topo_format_to_data (f->doc, NULL);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_cmpuint (count_rule (f, "CAP002"), ==, 1);
}

/* A popover without a declared quota offers no Remove and shows the plan as a guide. */
static void
test_quota_new (Fixture       *f,
                gconstpointer  data)
{
  TopoQuotaPopover *popover = open_quota (f, "uksouth", "total");

  g_assert_false (topo_quota_popover_can_apply (popover));   /* empty */
  g_assert_null (topo_quota_popover_get_error (popover));
  g_assert_false (topo_quota_popover_apply (popover));
  g_assert_cmpstr (topo_quota_popover_get_error (popover), ==, "Enter the quota in vCPUs");
  topo_quota_popover_set_text (popover, "36");
  g_assert_true (topo_quota_popover_apply (popover));
  g_assert_cmpint (topo_policy_quota (topo_document_get_policy (f->doc), "uksouth", NULL), ==, 36);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Roll-up rows select their computes too. */
static void
test_rollups_select (Fixture       *f,
                     gconstpointer  data)
{
  GtkListBox *rollups = NULL;
  g_auto(GStrv) selection = NULL;
  guint n_activated = 0;

  topo_capacity_panel_get_list (f->panel);
  rollups = GTK_LIST_BOX (gtk_widget_get_next_sibling (GTK_WIDGET (topo_capacity_panel_get_list (f->panel))));
  g_assert_nonnull (rollups);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (rollups)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *key = g_object_get_data (G_OBJECT (child), "key");
      g_autoptr(TopoCapacity) plan = NULL;
      g_auto(GStrv) expected = NULL;
      GPtrArray *list;

      if (key == NULL)
        continue;
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (child)));
      g_signal_emit_by_name (rollups, "row-activated", child);
      g_clear_pointer (&selection, g_strfreev);
      selection = topo_canvas_get_selection (f->canvas);
      g_assert_nonnull (selection);
      /* the same computes as the plan's roll-up of that key */
      plan = topo_capacity_compute (f->doc);
      list = g_str_has_prefix (key, "environments") ? plan->environments
           : g_str_has_prefix (key, "projects") ? plan->projects : plan->workspaces;
      for (guint i = 0; i < list->len && expected == NULL; i++)
        {
          const TopoCapacityRollup *r = g_ptr_array_index (list, i);
          const char *id = strchr (key, '\x1f') + 1;

          if (*id == '=' ? g_strcmp0 (r->id, id + 1) == 0 : r->id == NULL)
            expected = topo_capacity_rollup_ids (r, f->doc);
        }
      g_assert_nonnull (expected);
      /* the canvas keeps its selection in its own order */
      qsort (selection, g_strv_length (selection), sizeof (char *), compare_strings);
      qsort (expected, g_strv_length (expected), sizeof (char *), compare_strings);
      g_assert_cmpstrv (selection, expected);
      n_activated++;
    }
  /* dev and prod, one project, three workspaces at least */
  g_assert_cmpuint (n_activated, >=, 5);

  /* the fine-tuning sample: "prod" has the two regional clusters */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (rollups)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "key"), "environments\x1f=prod") == 0)
      {
        g_signal_emit_by_name (rollups, "row-activated", child);
        g_clear_pointer (&selection, g_strfreev);
        selection = topo_canvas_get_selection (f->canvas);
        g_assert_cmpuint (g_strv_length (selection), ==, 2);
      }
}

/* The inspector's VM size: the list filters as the user types, a chosen size applies in one
 * step, text that is no size applies too and CAP001 then offers the nearest size. */
static void
test_vm_size_chooser (Fixture       *f,
                      gconstpointer  data)
{
  const char *ids[] = { "gpu-base", NULL };
  TopoInspector *inspector = _topo_window_get_inspector (f->window);
  TopoVmSizeChooser *chooser;
  GtkWidget *row;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  guint steps = topo_document_get_n_undo_steps (f->doc);
  const char *first;

  topo_canvas_set_selection (f->canvas, ids);
  row = topo_inspector_get_row (inspector, "vm_size");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "VM Size · 6 vCPUs · 112 GiB · 1× V100"));
  chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
  g_assert_nonnull (chooser);

  /* a GPU model finds its sizes, and only those */
  topo_vm_size_chooser_set_search (chooser, "a100");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), >=, 5);
  for (guint i = 0; i < topo_vm_size_chooser_get_n_matches (chooser); i++)
    {
      const TopoVmSize *s = topo_vm_size_lookup (topo_vm_size_chooser_get_match (chooser, i));

      /* sizes with figures come first */
      if (s != NULL)
        g_assert_cmpstr (s->gpu_model, ==, "A100");
    }
  first = topo_vm_size_chooser_get_match (chooser, 0);
  g_assert_nonnull (first);
  {
    g_autofree char *chosen = g_strdup (first);

    topo_vm_size_chooser_choose (chooser, 0);
    g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, chosen);
    g_assert_cmpuint (topo_document_get_n_undo_steps (f->doc), ==, steps + 1);
  }

  /* Enter with one match: that size */
  row = topo_inspector_get_row (inspector, "vm_size");
  chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
  topo_vm_size_chooser_set_search (chooser, "nc4as_t4");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), ==, 1);
  topo_vm_size_chooser_choose (chooser, G_MAXUINT);
  g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "Standard_NC4as_T4_v3");

  /* free text applies; the validator judges it, and its fix gives the nearest size */
  row = topo_inspector_get_row (inspector, "vm_size");
  chooser = TOPO_VM_SIZE_CHOOSER (find_descendant (row, TOPO_TYPE_VM_SIZE_CHOOSER));
  topo_vm_size_chooser_set_search (chooser, "nc6s_v3");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), ==, 1);
  topo_vm_size_chooser_set_search (chooser, "NC6sv3");
  g_assert_cmpuint (topo_vm_size_chooser_get_n_matches (chooser), ==, 0);
  topo_vm_size_chooser_choose (chooser, G_MAXUINT);
  g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "NC6sv3");
  diagnostics = topo_validate (f->doc);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (d->rule, "CAP001"))
        {
          g_assert_true (topo_diagnostic_apply_fix (d, f->doc, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_cmpstr (topo_document_lookup (f->doc, "gpu-base")->vm_size, ==, "Standard_NC6s_v3");
}

/* The picture export dialog offers the capacity plan in the legend, off by default (what the
 * flag draws is tested in tests/test-capacity.c), and the PNG scale the setting holds. */
static void
test_export_choice (Fixture       *f,
                    gconstpointer  data)
{
  GtkNativeDialog *chooser;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "png");
  chooser = _topo_window_get_chooser (f->window);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "capacity"), ==, "false");
  /* the PNG scale: the setting as it is (2 by default) */
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scale"), ==, "2");
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "theme"), ==, "light");
  gtk_native_dialog_hide (chooser);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (_topo_window_get_chooser (f->window));

  /* a scale from Preferences between the usual factors, and the command line's largest (16),
   * are offered as they are: exporting no longer rounds the setting to 1×–4× */
  for (guint i = 0; i < 2; i++)
    {
      const char *value = i == 0 ? "2.75" : "16";

      g_settings_set_double (f->window->settings, "export-scale", g_ascii_strtod (value, NULL));
      g_settings_set_string (f->window->settings, "export-theme", i == 0 ? "dark" : "light");
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "png");
      chooser = _topo_window_get_chooser (f->window);
      g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scale"), ==, value);
      g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "theme"), ==,
                       i == 0 ? "dark" : "light");
      gtk_native_dialog_hide (chooser);
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
    }
  g_assert_cmpfloat (g_settings_get_double (f->window->settings, "export-scale"), ==, 16);
  g_settings_reset (f->window->settings, "export-scale");
  g_settings_reset (f->window->settings, "export-theme");
}

int
main (int   argc,
      char *argv[])
{
  int status = topo_gtk_test_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_test_add ("/gtk/capacity/rows-select-computes", Fixture, NULL, fixture_setup, test_rows_select_computes, fixture_teardown);
  g_test_add ("/gtk/capacity/live-update", Fixture, NULL, fixture_setup, test_live_update, fixture_teardown);
  g_test_add ("/gtk/capacity/edit-quota", Fixture, NULL, fixture_setup, test_edit_quota, fixture_teardown);
  g_test_add ("/gtk/capacity/quota-new", Fixture, NULL, fixture_setup, test_quota_new, fixture_teardown);
  g_test_add ("/gtk/capacity/rollups-select", Fixture, NULL, fixture_setup, test_rollups_select, fixture_teardown);
  g_test_add ("/gtk/capacity/export-choice", Fixture, NULL, fixture_setup, test_export_choice, fixture_teardown);
  g_test_add ("/gtk/capacity/vm-size-chooser", Fixture, NULL, fixture_setup, test_vm_size_chooser, fixture_teardown);
  return g_test_run ();
}
