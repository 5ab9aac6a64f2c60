/* topo-compare-panel.c: "Compare with…" — the changes since another version of the design
 *
 * The panel keeps the other version (OLD) and diffs the canvas's design against it after every
 * undo step, so the list and the canvas's change colours follow the user's edits. It only reads
 * the design: closing the comparison leaves it as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-compare-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-compare-panel.h"
#include "topo-format.h"
#include "topo-layout.h"
#include "topo-render-diff.h"

/* A list of thousands of rows (two designs with regenerated ids) would take seconds to build;
 * past this many the last row says how many more there are. */
#define MAX_ROWS 400

struct _TopoComparePanel
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkWidget        *box;
  GtkWidget        *none_page;
  GtkWidget        *scroller;
  GtkLabel         *title_label;
  GtkLabel         *summary_label;
  GtkListBox       *list;

  /* Borrowed (weak pointer): the canvas lives in the same window */
  TopoCanvas       *canvas;
  gulong            canvas_doc_id;

  /* Owned references */
  TopoDocument     *old_doc;       /* NULL = not comparing */
  char             *old_label;
  TopoDocument     *doc;           /* the compared design (the canvas's) */
  gulong            committed_id;
  TopoDiff         *diff;
  TopoDiffOverlay  *overlay;       /* lent to the canvas */
  GtkNativeDialog  *chooser;
};

G_DEFINE_FINAL_TYPE (TopoComparePanel, topo_compare_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
change_icon (const TopoDiffChange *c)
{
  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
      return c->severity == TOPO_SEVERITY_ERROR ? "dialog-error-symbolic"
           : c->severity == TOPO_SEVERITY_WARNING ? "dialog-warning-symbolic"
           : "dialog-information-symbolic";
    case TOPO_DIFF_FINDING_REMOVED:
      return "emblem-ok-symbolic";
    case TOPO_DIFF_RESOURCE_ADDED:
    case TOPO_DIFF_ACCESS_GRANTED:
    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_TEAM_ADDED:
      return "list-add-symbolic";
    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_ACCESS_REVOKED:
    case TOPO_DIFF_LINK_REMOVED:
    case TOPO_DIFF_TEAM_REMOVED:
      return "list-remove-symbolic";
    case TOPO_DIFF_RESOURCE_MOVED:
    case TOPO_DIFF_LAYOUT_MOVED:
      return "go-next-symbolic";
    default:
      return "document-edit-symbolic";
    }
}

/* The same colours as the canvas: green added, amber changed, red removed. */
static const char *
change_class (const TopoDiffChange *c)
{
  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
      return c->severity == TOPO_SEVERITY_ERROR ? "error"
           : c->severity == TOPO_SEVERITY_WARNING ? "warning" : "accent";
    case TOPO_DIFF_FINDING_REMOVED:
    case TOPO_DIFF_RESOURCE_ADDED:
    case TOPO_DIFF_ACCESS_GRANTED:
    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_TEAM_ADDED:
      return "success";
    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_ACCESS_REVOKED:
    case TOPO_DIFF_LINK_REMOVED:
    case TOPO_DIFF_TEAM_REMOVED:
      return "error";
    default:
      return "warning";
    }
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  TopoComparePanel *self = user_data;
  const char *title, *previous = NULL;
  GtkWidget *label;
  guint index;

  if (self->diff == NULL || !g_object_get_data (G_OBJECT (row), "change"))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "change")) - 1;
  if (index >= self->diff->changes->len)
    return;
  title = topo_diff_section_title (((TopoDiffChange *) g_ptr_array_index (self->diff->changes, index))->kind);
  if (before != NULL && g_object_get_data (G_OBJECT (before), "change"))
    {
      guint prev = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (before), "change")) - 1;

      if (prev < self->diff->changes->len)
        previous = topo_diff_section_title (((TopoDiffChange *) g_ptr_array_index (self->diff->changes, prev))->kind);
    }
  if (g_strcmp0 (title, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, before != NULL ? 18 : 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_list_box_row_set_header (row, label);
}

/* Before the diff the rows point into goes away: removing a row updates its neighbour's header. */
static void
clear_list (TopoComparePanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
fill_list (TopoComparePanel *self)
{
  guint n;

  if (self->diff == NULL)
    return;

  n = MIN (self->diff->changes->len, MAX_ROWS);
  for (guint i = 0; i < n; i++)
    {
      const TopoDiffChange *c = g_ptr_array_index (self->diff->changes, i);
      gboolean finding = c->kind == TOPO_DIFF_FINDING_ADDED || c->kind == TOPO_DIFF_FINDING_REMOVED;
      /* A finding reads best as its message, with the rule and subjects below. */
      g_autofree char *text = finding ? g_strdup (c->message) : topo_diff_change_describe (c);
      g_autofree char *markup = g_markup_escape_text (text, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (change_icon (c));

      gtk_widget_add_css_class (icon, change_class (c));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      topo_diff_kind_to_string (c->kind), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), markup);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (finding)
        {
          g_autofree char *subjects = g_strjoinv (", ", c->subjects);
          g_autofree char *subtitle = g_markup_printf_escaped ("%s %s · %s", topo_severity_to_string (c->severity),
                                                               c->rule, subjects);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "change", GUINT_TO_POINTER (i + 1));
      gtk_list_box_append (self->list, row);
    }
  if (self->diff->changes->len > n)
    {
      guint more = self->diff->changes->len - n;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more change",
                                                            "… and %u more changes", more), more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->list, row);
    }
}

/* Diffs the canvas's design against OLD again and hands the canvas the new colours. */
static void
refresh (TopoComparePanel *self)
{
  TopoDiffOverlay *old_overlay = g_steal_pointer (&self->overlay);
  g_autofree char *summary = NULL;

  clear_list (self);
  g_clear_pointer (&self->diff, topo_diff_free);
  if (self->old_doc != NULL && self->doc != NULL)
    {
      self->diff = topo_diff_compute (self->old_doc, self->doc, TOPO_DIFF_FLAGS_NONE);
      self->overlay = topo_diff_overlay_new (self->old_doc, self->doc, self->diff);
    }
  if (self->canvas != NULL)
    topo_canvas_set_diff_overlay (self->canvas, self->overlay);
  g_clear_pointer (&old_overlay, topo_diff_overlay_free);

  fill_list (self);
  if (self->diff != NULL)
    {
      summary = topo_diff_summary (self->diff);
      gtk_label_set_text (self->summary_label, summary);
    }
  gtk_widget_set_visible (self->none_page, self->diff != NULL && topo_diff_is_empty (self->diff));
  gtk_widget_set_visible (self->scroller, self->diff == NULL || !topo_diff_is_empty (self->diff));
}

static void
step_committed_cb (TopoComparePanel *self)
{
  refresh (self);
}

static void
stop_watching (TopoComparePanel *self)
{
  if (self->doc != NULL && self->committed_id != 0)
    g_signal_handler_disconnect (self->doc, self->committed_id);
  self->committed_id = 0;
  g_clear_object (&self->doc);
}

void
topo_compare_panel_close (TopoComparePanel *self)
{
  g_return_if_fail (TOPO_IS_COMPARE_PANEL (self));

  if (self->old_doc == NULL)
    return;
  stop_watching (self);
  g_clear_object (&self->old_doc);
  g_clear_pointer (&self->old_label, g_free);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
topo_compare_panel_close_clicked_cb (TopoComparePanel *self)
{
  topo_compare_panel_close (self);
}

/* The window shows it as a toast. */
static void
show_error (TopoComparePanel *self,
            const char       *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static gboolean
compare_with (TopoComparePanel *self,
              TopoDocument     *old_doc,
              const char       *label)
{
  g_autofree char *title = NULL;
  TopoDocument *doc = self->canvas != NULL ? topo_canvas_get_document (self->canvas) : NULL;
  gboolean was_active = self->old_doc != NULL;

  stop_watching (self);
  g_set_object (&self->old_doc, old_doc);
  g_free (self->old_label);
  self->old_label = g_strdup (label);
  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                    G_CALLBACK (step_committed_cb), self,
                                                    G_CONNECT_SWAPPED);
    }
  refresh (self);

  /* Translators: the name of the other version, a file name or "the saved version". */
  title = g_strdup_printf (_("Changes since %s"), label);
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  if (!was_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  return TRUE;
}

gboolean
topo_compare_panel_compare_file (TopoComparePanel  *self,
                                 GFile             *file,
                                 const char        *label,
                                 GError           **error)
{
  g_autoptr(TopoDocument) old_doc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  old_doc = topo_format_load_file (file, &local_error);
  if (old_doc == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  basename = g_file_get_basename (file);
  return compare_with (self, old_doc, label != NULL ? label : basename);
}

gboolean
topo_compare_panel_compare_saved (TopoComparePanel  *self,
                                  GFile             *file,
                                  GError           **error)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), FALSE);

  if (file == NULL)
    {
      const char *message = _("This design has not been saved yet: there is no saved version to compare with");

      show_error (self, message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, message);
      return FALSE;
    }
  return topo_compare_panel_compare_file (self, file, _("the saved version"), error);
}

static void
chooser_response_cb (TopoComparePanel     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* A failure is shown in the panel. */
      if (file != NULL)
        topo_compare_panel_compare_file (self, file, NULL, NULL);
    }
  g_clear_object (&self->chooser);
}

void
topo_compare_panel_choose_file (TopoComparePanel *self,
                                GtkWindow        *parent)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  g_return_if_fail (TOPO_IS_COMPARE_PANEL (self));

  chooser = gtk_file_chooser_native_new (_("Compare with Design"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Compare"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Topograph Designs"));
  gtk_file_filter_add_suffix (filter, "topograph");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Activating a change ------------------------------------------------------------------------ */

static void
center_on_rect (TopoComparePanel *self,
                const TopoRect   *rect)
{
  double scale = topo_canvas_get_zoom (self->canvas);
  double w = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  double h = gtk_widget_get_height (GTK_WIDGET (self->canvas));

  topo_canvas_set_view (self->canvas, scale, rect->x + rect->w / 2 - w / 2 / scale,
                        rect->y + rect->h / 2 - h / 2 / scale);
}

static void
topo_compare_panel_row_activated_cb (TopoComparePanel *self,
                                     GtkListBoxRow    *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "change"));
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const TopoDiffChange *c;
  TopoRect ghost;

  if (index == 0 || self->diff == NULL || self->canvas == NULL || self->doc == NULL)
    return;
  c = g_ptr_array_index (self->diff->changes, index - 1);

  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
    case TOPO_DIFF_FINDING_REMOVED:
      for (guint i = 0; c->subjects[i] != NULL; i++)
        if (topo_document_lookup (self->doc, c->subjects[i]) != NULL)
          g_ptr_array_add (ids, c->subjects[i]);
      break;

    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_NOTE_REMOVED:
      /* Nothing to select: show the ghost. */
      topo_canvas_set_selection (self->canvas, NULL);
      if (self->overlay != NULL && topo_diff_overlay_ghost_bounds (self->overlay, c->id, &ghost))
        center_on_rect (self, &ghost);
      return;

    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_LINK_CHANGED:
    case TOPO_DIFF_LINK_REMOVED:
      {
        const char *ends[] = { c->from, c->to, NULL };

        if (c->kind != TOPO_DIFF_LINK_REMOVED && c->link_index < topo_document_get_n_links (self->doc))
          topo_canvas_select_link (self->canvas, c->link_index);
        else
          topo_canvas_set_selection (self->canvas, NULL);
        topo_canvas_center_on (self->canvas, ends);
        return;
      }

    case TOPO_DIFF_NOTE_ADDED:
    case TOPO_DIFF_NOTE_CHANGED:
    case TOPO_DIFF_NOTE_MOVED:
      if (topo_document_lookup_note (self->doc, c->id) != NULL)
        g_ptr_array_add (ids, c->id);
      break;

    default:
      if (c->id != NULL && c->resource_kind >= 0 && topo_document_lookup (self->doc, c->id) != NULL)
        g_ptr_array_add (ids, c->id);
      break;
    }

  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  topo_canvas_set_selection (self->canvas, (const char *const *) ids->pdata);
  topo_canvas_center_on (self->canvas, (const char *const *) ids->pdata);
}

/* Wiring -------------------------------------------------------------------------------------- */

static void
canvas_document_cb (TopoComparePanel *self)
{
  /* Another design: OLD belongs to the previous one. */
  if (self->old_doc != NULL && self->doc != topo_canvas_get_document (self->canvas))
    topo_compare_panel_close (self);
}

void
topo_compare_panel_set_canvas (TopoComparePanel *self,
                               TopoCanvas       *canvas)
{
  g_return_if_fail (TOPO_IS_COMPARE_PANEL (self));

  if (self->canvas != NULL)
    {
      topo_compare_panel_close (self);
      g_clear_signal_handler (&self->canvas_doc_id, self->canvas);
      g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
    }
  self->canvas = canvas;
  if (canvas != NULL)
    {
      /* The window may finalize the canvas before this panel. */
      g_object_add_weak_pointer (G_OBJECT (canvas), (gpointer *) &self->canvas);
      self->canvas_doc_id = g_signal_connect_object (canvas, "notify::document",
                                                     G_CALLBACK (canvas_document_cb), self,
                                                     G_CONNECT_SWAPPED);
    }
}

gboolean
topo_compare_panel_is_active (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), FALSE);
  return self->old_doc != NULL;
}

const TopoDiff *
topo_compare_panel_get_diff (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), NULL);
  return self->diff;
}

GtkListBox *
topo_compare_panel_get_list (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), NULL);
  return self->list;
}

GtkNativeDialog *
topo_compare_panel_get_chooser (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), NULL);
  return self->chooser;
}

static void
topo_compare_panel_dispose (GObject *object)
{
  TopoComparePanel *self = TOPO_COMPARE_PANEL (object);

  stop_watching (self);
  if (self->canvas != NULL)
    {
      topo_canvas_set_diff_overlay (self->canvas, NULL);
      g_clear_signal_handler (&self->canvas_doc_id, self->canvas);
      g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
      self->canvas = NULL;
    }
  g_clear_pointer (&self->overlay, topo_diff_overlay_free);
  g_clear_pointer (&self->diff, topo_diff_free);
  g_clear_object (&self->old_doc);
  g_clear_pointer (&self->old_label, g_free);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_COMPARE_PANEL);

  G_OBJECT_CLASS (topo_compare_panel_parent_class)->dispose (object);
}

static void
topo_compare_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TopoComparePanel *self = TOPO_COMPARE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->old_doc != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_compare_panel_class_init (TopoComparePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_compare_panel_dispose;
  object_class->get_property = topo_compare_panel_get_property;

  /* TRUE while comparing: the window shows the panel's page only then. */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-compare-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, box);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, none_page);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, list);
  gtk_widget_class_bind_template_callback (widget_class, topo_compare_panel_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, topo_compare_panel_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topocompare");
}

static void
topo_compare_panel_init (TopoComparePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, update_header, self, NULL);
}

GtkWidget *
topo_compare_panel_new (void)
{
  return g_object_new (TOPO_TYPE_COMPARE_PANEL, NULL);
}
