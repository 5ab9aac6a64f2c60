/* topo-issues-panel.c: the validator's diagnostics as a list
 *
 * One row per diagnostic: severity icon, message, rule id and, when the rule has one, a fix
 * button, and "Suppress…" (asks for the reason; one undo step). Activating a row emits
 * "activate-subjects" with the diagnostic's subject ids; the window selects and centres them.
 * Findings a suppression of the design accepts are listed apart, below, with its reason.
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
  GtkWidget    *suppressed_heading;
  GtkWidget    *suppressed_list;
  GtkWidget    *dialog;        /* the "Suppress…" dialog while it is shown */
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
suppress_response_cb (TopoIssuesPanel  *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "index"));
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (self->dialog == GTK_WIDGET (dialog))
    self->dialog = NULL;
  if (!g_str_equal (response, "suppress") || self->diagnostics == NULL ||
      index >= self->diagnostics->len || self->doc == NULL)
    return;
  if (!topo_diagnostic_suppress (g_ptr_array_index (self->diagnostics, index), self->doc,
                                 gtk_editable_get_text (entry), NULL, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
suppress_reason_changed_cb (AdwMessageDialog *dialog,
                            GtkEditable      *entry)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "suppress", reason[0] != '\0');
}

static void
topo_issues_panel_suppress_clicked_cb (TopoIssuesPanel *self,
                                       GtkButton       *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  const TopoDiagnostic *diag;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *entry;

  if (self->diagnostics == NULL || index >= self->diagnostics->len)
    return;
  diag = g_ptr_array_index (self->diagnostics, index);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Suppress This Finding?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will be listed as suppressed and no longer count. Say why it is accepted; the reason is saved with the design."),
                                  diag->rule);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Justification"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "suppress", _("_Suppress"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "suppress",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "suppress", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "suppress");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (suppress_reason_changed_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (suppress_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
topo_issues_panel_get_suppress_dialog (TopoIssuesPanel *self)
{
  g_return_val_if_fail (TOPO_IS_ISSUES_PANEL (self), NULL);
  return self->dialog;
}

GtkListBox *
topo_issues_panel_get_suppressed_list (TopoIssuesPanel *self)
{
  g_return_val_if_fail (TOPO_IS_ISSUES_PANEL (self), NULL);
  return GTK_LIST_BOX (self->suppressed_list);
}

static void
topo_issues_panel_row_activated_cb (TopoIssuesPanel *self,
                                    GtkListBoxRow   *row,
                                    GtkListBox      *list)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));
  const TopoDiagnostic *diag;

  if (self->diagnostics == NULL || index >= self->diagnostics->len)
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
  guint n_suppressed = 0;

  g_return_if_fail (TOPO_IS_ISSUES_PANEL (self));

  g_set_object (&self->doc, doc);
  if (diagnostics != NULL)
    g_ptr_array_ref (diagnostics);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = diagnostics;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  while ((child = gtk_widget_get_first_child (self->suppressed_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->suppressed_list), child);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const TopoDiagnostic *diag = g_ptr_array_index (diagnostics, i);
      const TopoRuleInfo *info = topo_rules_lookup (diag->rule);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (diag->severity));
      g_autofree char *markup = g_markup_escape_text (diag->message, -1);
      g_autofree char *subtitle = NULL;

      if (diag->suppressed)
        subtitle = g_markup_printf_escaped (_("%s · suppressed: %s"), diag->rule,
                                            diag->justification != NULL ? diag->justification : "");
      else if (info != NULL && info->short_description != NULL)
        subtitle = g_markup_printf_escaped ("%s · %s", diag->rule, info->short_description);
      else
        subtitle = g_markup_escape_text (diag->rule, -1);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));

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

      if (diag->suppressed)
        {
          gtk_widget_add_css_class (row, "dim-label");
          gtk_list_box_append (GTK_LIST_BOX (self->suppressed_list), row);
          n_suppressed++;
          continue;
        }
      if (!g_str_has_prefix (diag->rule, "SUP"))
        {
          GtkWidget *button = gtk_button_new_with_label (_("Suppress…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Accept this finding, with a reason"));
          g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
          g_signal_connect_object (button, "clicked",
                                   G_CALLBACK (topo_issues_panel_suppress_clicked_cb),
                                   self, G_CONNECT_SWAPPED);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
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

  {
    g_autofree char *heading = g_strdup_printf (_("Suppressed (%u)"), n_suppressed);

    gtk_label_set_text (GTK_LABEL (self->suppressed_heading), heading);
    gtk_widget_set_visible (self->suppressed_heading, n_suppressed > 0);
    gtk_widget_set_visible (self->suppressed_list, n_suppressed > 0);
    gtk_widget_set_visible (self->list, diagnostics != NULL && diagnostics->len > n_suppressed);
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

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->dialog)));
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
  /* The suppressed findings follow, in a list of their own. */
  self->suppressed_heading = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->suppressed_heading), 0);
  gtk_widget_add_css_class (self->suppressed_heading, "heading");
  gtk_widget_set_margin_start (self->suppressed_heading, 12);
  gtk_widget_set_margin_top (self->suppressed_heading, 6);
  self->suppressed_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->suppressed_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->suppressed_list, "boxed-list");
  gtk_widget_set_margin_start (self->suppressed_list, 12);
  gtk_widget_set_margin_end (self->suppressed_list, 12);
  gtk_widget_set_margin_top (self->suppressed_list, 6);
  gtk_widget_set_margin_bottom (self->suppressed_list, 12);
  g_signal_connect_object (self->suppressed_list, "row-activated",
                           G_CALLBACK (topo_issues_panel_row_activated_cb), self, G_CONNECT_SWAPPED);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_set_valign (box, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (box), self->list);
    gtk_box_append (GTK_BOX (box), self->suppressed_heading);
    gtk_box_append (GTK_BOX (box), self->suppressed_list);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  }

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
