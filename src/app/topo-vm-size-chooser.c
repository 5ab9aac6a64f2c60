/* topo-vm-size-chooser.c: the searchable list of Azure VM sizes behind the inspector's VM size
 *
 * The list holds the sizes with figures (data/azure-vm-sizes.tsv) first, then the names only the
 * 1 502-name list knows. A string filter on an expression (name, GPU model and quota family)
 * narrows it as the user types: "a100", "nc24" or "dsv2" all find something.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <glib/gi18n.h>

#include "topo-menu-button-tooltip.h"
#include "topo-vm-size-chooser.h"
#include "topo-vm-sizes.h"

struct _TopoVmSizeChooser
{
  GtkWidget        parent_instance;

  GtkWidget       *button;
  GtkWidget       *popover;
  GtkWidget       *search;
  GtkWidget       *use_button;     /* "Use “typed text”" when it is no known size */
  GtkWidget       *list_view;
  GtkFilterListModel *filtered;
  GtkStringFilter *filter;
};

enum
{
  SIZE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TopoVmSizeChooser, topo_vm_size_chooser, GTK_TYPE_WIDGET)

char *
topo_vm_size_describe (const char *name)
{
  const TopoVmSize *size = topo_vm_size_lookup (name);
  g_autofree char *vcpus = NULL;
  g_autofree char *memory = NULL;
  const char *family;

  if (size == NULL)
    {
      family = topo_vm_size_quota_family (name);
      /* Translators: a VM size known by name only, with its quota family */
      return family != NULL ? g_strdup_printf (_("%s (no figures)"), family) : NULL;
    }
  vcpus = g_strdup_printf (ngettext ("%u vCPU", "%u vCPUs", size->vcpus), size->vcpus);
  memory = g_strdup_printf (_("%g GiB"), size->memory_gib);
  if (size->gpus == 0)
    return g_strdup_printf ("%s · %s", vcpus, memory);
  /* Translators: vCPUs · memory · number × GPU model, e.g. "6 vCPUs · 112 GiB · 1× V100" */
  return g_strdup_printf (_("%s · %s · %u× %s"), vcpus, memory, size->gpus, size->gpu_model);
}

/* What the filter searches: the name, the GPU model and the quota family. */
static char *
search_text (GtkStringObject *item,
             gpointer         user_data)
{
  const char *name = gtk_string_object_get_string (item);
  const TopoVmSize *size = topo_vm_size_lookup (name);
  const char *family = topo_vm_size_quota_family (name);

  return g_strdup_printf ("%s %s %s", name, size != NULL && size->gpu_model ? size->gpu_model : "",
                          family != NULL ? family : "");
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  const char *name = gtk_string_object_get_string (gtk_list_item_get_item (item));
  g_autofree char *detail = topo_vm_size_describe (name);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), name);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), detail != NULL ? detail : "");
}

static void
emit_size (TopoVmSizeChooser *self,
           const char        *name)
{
  g_autofree char *chosen = g_strstrip (g_strdup (name));

  if (chosen[0] == '\0')
    return;
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_signal_emit (self, signals[SIZE_ACTIVATED], 0, chosen);
}

static void
search_changed_cb (TopoVmSizeChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean free_text = stripped[0] != '\0' && !topo_vm_size_is_known (stripped);

  gtk_string_filter_set_search (self->filter, stripped);
  gtk_widget_set_visible (self->use_button, free_text);
  if (free_text)
    {
      /* Translators: use text that is no known VM size as the size */
      g_autofree char *label = g_strdup_printf (_("Use “%s”"), stripped);

      gtk_button_set_label (GTK_BUTTON (self->use_button), label);
    }
}

/* Enter: the one match, else the text as typed. */
static void
search_activate_cb (TopoVmSizeChooser *self)
{
  topo_vm_size_chooser_choose (self, G_MAXUINT);
}

static void
use_clicked_cb (TopoVmSizeChooser *self)
{
  emit_size (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

static void
list_activate_cb (TopoVmSizeChooser *self,
                  guint              position)
{
  topo_vm_size_chooser_choose (self, position);
}

static void
popover_shown_cb (TopoVmSizeChooser *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  gtk_widget_grab_focus (self->search);
}

void
topo_vm_size_chooser_set_search (TopoVmSizeChooser *self,
                                 const char        *text)
{
  g_return_if_fail (TOPO_IS_VM_SIZE_CHOOSER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  search_changed_cb (self);   /* GtkSearchEntry delays "search-changed" */
}

guint
topo_vm_size_chooser_get_n_matches (TopoVmSizeChooser *self)
{
  g_return_val_if_fail (TOPO_IS_VM_SIZE_CHOOSER (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

const char *
topo_vm_size_chooser_get_match (TopoVmSizeChooser *self,
                                guint              position)
{
  g_autoptr(GtkStringObject) item = NULL;

  g_return_val_if_fail (TOPO_IS_VM_SIZE_CHOOSER (self), NULL);
  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  /* the strings belong to the list, which lives as long as the chooser */
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

void
topo_vm_size_chooser_choose (TopoVmSizeChooser *self,
                             guint              position)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_return_if_fail (TOPO_IS_VM_SIZE_CHOOSER (self));

  if (position == G_MAXUINT)
    {
      /* a known size as typed (any case), the only match, else the text itself */
      g_autofree char *known = topo_vm_size_suggest (stripped);

      if (known != NULL && g_ascii_strcasecmp (known, stripped) == 0)
        emit_size (self, known);
      else if (topo_vm_size_chooser_get_n_matches (self) == 1)
        emit_size (self, topo_vm_size_chooser_get_match (self, 0));
      else
        emit_size (self, stripped);
      return;
    }
  if (position < topo_vm_size_chooser_get_n_matches (self))
    emit_size (self, topo_vm_size_chooser_get_match (self, position));
}

GtkWidget *
topo_vm_size_chooser_new (void)
{
  return g_object_new (TOPO_TYPE_VM_SIZE_CHOOSER, NULL);
}

static GListModel *
sizes_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  guint n_specs = 0, n_names = 0;
  const TopoVmSize *specs = topo_vm_sizes_get_specs (&n_specs);
  const char *const *names = topo_vm_sizes_get_all (&n_names);

  for (guint i = 0; i < n_specs; i++)
    gtk_string_list_append (list, specs[i].name);
  for (guint i = 0; i < n_names; i++)
    if (topo_vm_size_lookup (names[i]) == NULL)
      gtk_string_list_append (list, names[i]);
  return G_LIST_MODEL (list);
}

static void
topo_vm_size_chooser_dispose (GObject *object)
{
  TopoVmSizeChooser *self = TOPO_VM_SIZE_CHOOSER (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_object (&self->filtered);
  G_OBJECT_CLASS (topo_vm_size_chooser_parent_class)->dispose (object);
}

static void
topo_vm_size_chooser_class_init (TopoVmSizeChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_vm_size_chooser_dispose;

  signals[SIZE_ACTIVATED] = g_signal_new ("size-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topovmsizechooser");
}

static void
topo_vm_size_chooser_init (TopoVmSizeChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression;
  GtkNoSelection *selection;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (search_text), NULL, NULL);
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filtered = gtk_filter_list_model_new (sizes_model (), GTK_FILTER (self->filter));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), TRUE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Azure VM sizes"), -1);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Size, GPU or family"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the VM sizes"), -1);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "activate", G_CALLBACK (search_activate_cb), self,
                           G_CONNECT_SWAPPED);

  self->use_button = gtk_button_new ();
  gtk_widget_set_visible (self->use_button, FALSE);
  gtk_widget_add_css_class (self->use_button, "flat");
  gtk_widget_set_tooltip_text (self->use_button,
                               _("Not a size Azure lists: the validator reports it (CAP001)"));
  g_signal_connect_object (self->use_button, "clicked", G_CALLBACK (use_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list_view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_box_append (GTK_BOX (box), self->search);
  gtk_box_append (GTK_BOX (box), self->use_button);
  gtk_box_append (GTK_BOX (box), scroller);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_shown_cb), self,
                           G_CONNECT_SWAPPED);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "view-list-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("Choose a VM size"));
  topo_menu_button_quiet_tooltip (GTK_MENU_BUTTON (self->button));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a VM size"), -1);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}
