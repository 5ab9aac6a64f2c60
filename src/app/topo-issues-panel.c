/* topo-issues-panel.c: the validator's diagnostics as a list
 *
 * One row per diagnostic: severity icon, message, rule id and, when the rule has one, a fix
 * button. Activating a row emits "activate-subjects" with the diagnostic's subject ids; the
 * window selects and centres them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-issues-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-issues-panel.h"
#include "topo-validator.h"

struct _TopoIssuesPanel
{
  GtkWidget     parent_instance;

  GtkWidget    *stack;
  GtkWidget    *list;
  TopoDocument *doc;           /* owned */
  GPtrArray    *diagnostics;   /* owned ref */
};

G_DEFINE_FINAL_TYPE (TopoIssuesPanel, topo_issues_panel, GTK_TYPE_WIDGET)

enum {
  ACTIVATE_SUBJECTS,
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
severity_icon (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case TOPO_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case TOPO_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_class (TopoSeverity severity)
{
  switch (severity)
    {
    case TOPO_SEVERITY_ERROR:
      return "error";
    case TOPO_SEVERITY_WARNING:
      return "warning";
    case TOPO_SEVERITY_INFO:
    default:
      return "accent";
    }
}

static void
topo_issues_panel_fix_clicked_cb (TopoIssuesPanel *self,
                                  GtkButton       *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  g_autoptr(GError) error = NULL;

  if (self->diagnostics == NULL || index >= self->diagnostics->len || self->doc == NULL)
    return;
  if (!topo_diagnostic_apply_fix (g_ptr_array_index (self->diagnostics, index), self->doc, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
topo_issues_panel_row_activated_cb (TopoIssuesPanel *self,
                                    GtkListBoxRow   *row,
                                    GtkListBox      *list)
{
  int index = gtk_list_box_row_get_index (row);
  const TopoDiagnostic *diag;

  if (self->diagnostics == NULL || index < 0 || (guint) index >= self->diagnostics->len)
    return;
  diag = g_ptr_array_index (self->diagnostics, index);
  g_signal_emit (self, signals[ACTIVATE_SUBJECTS], 0, diag->subjects);
}

void
topo_issues_panel_set_diagnostics (TopoIssuesPanel *self,
                                   TopoDocument    *doc,
                                   GPtrArray       *diagnostics)
{
  GtkWidget *child;

  g_return_if_fail (TOPO_IS_ISSUES_PANEL (self));

  g_set_object (&self->doc, doc);
  if (diagnostics != NULL)
    g_ptr_array_ref (diagnostics);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = diagnostics;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const TopoDiagnostic *diag = g_ptr_array_index (diagnostics, i);
      const TopoRuleInfo *info = topo_rules_lookup (diag->rule);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (diag->severity));
      g_autofree char *markup = g_markup_escape_text (diag->message, -1);
      g_autofree char *subtitle = NULL;

      if (info != NULL && info->short_description != NULL)
        subtitle = g_markup_printf_escaped ("%s · %s", diag->rule, info->short_description);
      else
        subtitle = g_markup_escape_text (diag->rule, -1);

      gtk_widget_add_css_class (icon, severity_class (diag->severity));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      topo_severity_to_string (diag->severity), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), markup);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      if (info != NULL && info->help != NULL)
        gtk_widget_set_tooltip_text (row, info->help);

      if (diag->fix != NULL)
        {
          GtkWidget *button = gtk_button_new_with_label (diag->fix);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 14);
          g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
          g_signal_connect_object (button, "clicked",
                                   G_CALLBACK (topo_issues_panel_fix_clicked_cb),
                                   self, G_CONNECT_SWAPPED);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    diagnostics != NULL && diagnostics->len > 0 ? "list" : "empty");
}

GtkListBox *
topo_issues_panel_get_list (TopoIssuesPanel *self)
{
  return GTK_LIST_BOX (self->list);
}

static void
topo_issues_panel_dispose (GObject *object)
{
  TopoIssuesPanel *self = TOPO_ISSUES_PANEL (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_object (&self->doc);

  G_OBJECT_CLASS (topo_issues_panel_parent_class)->dispose (object);
}

static void
topo_issues_panel_class_init (TopoIssuesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_issues_panel_dispose;

  signals[ACTIVATE_SUBJECTS] =
    g_signal_new ("activate-subjects", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topoissues");
}

static void
topo_issues_panel_init (TopoIssuesPanel *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_margin_start (self->list, 12);
  gtk_widget_set_margin_end (self->list, 12);
  gtk_widget_set_margin_top (self->list, 12);
  gtk_widget_set_margin_bottom (self->list, 12);
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  g_signal_connect_object (self->list, "row-activated",
                           G_CALLBACK (topo_issues_panel_row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Issues"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("The design passes every validation rule"));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "list");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
}

GtkWidget *
topo_issues_panel_new (void)
{
  return g_object_new (TOPO_TYPE_ISSUES_PANEL, NULL);
}
