/* topo-quota-add-popover.c: "Add Quota…" on the Capacity tab
 *
 * A quota can be declared before the design uses the family or the region (GPU families start
 * at 0: the quota is requested before anything is deployed). The regions are the design's
 * first (lanes, then the regions of resource groups and of declared quotas), then every other
 * Azure region; the families are those of the compiled size tables, found by any part of the
 * family's or of one of its sizes' names ("dsv2", "nc24ads", "a100" finds no family: GPU models
 * are not in the names, so "GPU" and the model are searched too). What is declared for the
 * chosen pair is shown and becomes the starting value; otherwise the design's planned maximum.
 * The core judges the value (topo_edit_set_quota); its refusal is shown in the popover.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "topo-capacity.h"
#include "topo-edit.h"
#include "topo-quota-add-popover.h"
#include "topo-regions.h"
#include "topo-vm-sizes.h"

struct _TopoQuotaAddPopover
{
  GtkPopover      parent_instance;

  GtkDropDown    *region_dropdown;
  GtkSearchEntry *search;
  GtkListBox     *families;
  GtkSpinButton  *spin;
  GtkLabel       *message;
  GtkButton      *remove_button;
  GtkButton      *add_button;

  TopoDocument   *doc;
  GPtrArray      *regions;     /* names, parallel to the drop-down's strings; NULL-terminated */
  char          **words;       /* the search, in lower case */
  GtkWidget      *chosen;      /* the chosen family row, or NULL */
  gboolean        error;       /* the message is a refusal */
};

G_DEFINE_FINAL_TYPE (TopoQuotaAddPopover, topo_quota_add_popover, GTK_TYPE_POPOVER)

/* Regions */

static void
add_region (GPtrArray  *regions,
            GHashTable *seen,
            const char *name)
{
  if (name == NULL || *name == '\0' || g_hash_table_contains (seen, name))
    return;
  g_hash_table_add (seen, (gpointer) name);
  g_ptr_array_add (regions, g_strdup (name));
}

/* The design's regions first (lanes in order, resource groups, declared quotas), then the
 * other Azure regions for customers in the table's order. */
static GPtrArray *
offered_regions (TopoDocument *doc,
                 guint        *n_design)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *const *lanes = topo_document_get_lanes (doc);
  const TopoPolicy *policy = topo_document_get_policy (doc);
  const TopoRegion *all;
  guint n_all = 0;

  for (guint i = 0; lanes != NULL && lanes[i] != NULL; i++)
    add_region (regions, seen, lanes[i]);
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *res = topo_document_get_resource (doc, i);

      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        add_region (regions, seen, res->region);
    }
  for (guint i = 0; policy->quotas != NULL && i < policy->quotas->len; i++)
    add_region (regions, seen, g_array_index (policy->quotas, TopoQuota, i).region);
  *n_design = regions->len;
  all = topo_regions_get_all (&n_all);
  for (guint i = 0; i < n_all; i++)
    if (all[i].customer)
      add_region (regions, seen, all[i].name);
  g_ptr_array_add (regions, NULL);
  return regions;
}

static const char *
current_region (TopoQuotaAddPopover *self)
{
  guint i = gtk_drop_down_get_selected (self->region_dropdown);

  return i < self->regions->len - 1 ? g_ptr_array_index (self->regions, i) : NULL;
}

/* Families */

/* The row's family (NULL: the regional total). */
static const char *
row_family (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "family");
}

static char *
short_size (const char *name)
{
  return g_strdup (g_str_has_prefix (name, "Standard_") ? name + strlen ("Standard_") : name);
}

static GtkWidget *
family_row_new (const char *family,
                const char *title,
                const char *subtitle,
                const char *search_text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *sub = gtk_label_new (subtitle);
  g_autofree char *accessible = g_strdup_printf ("%s, %s", title, subtitle);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "family", g_strdup (family), g_free);
  g_object_set_data_full (G_OBJECT (row), "search", g_utf8_strdown (search_text, -1), g_free);
  return row;
}

/* One row per quota family of the size tables, with the sizes it holds (the specified ones
 * first: their figures say what the family is) and, for a GPU family, its GPU models. */
static void
fill_families (TopoQuotaAddPopover *self)
{
  g_autoptr(GHashTable) sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  guint n_names = 0, n_specs = 0, n_families = 0;
  const char *const *names = topo_vm_sizes_get_all (&n_names);
  const TopoVmSize *specs = topo_vm_sizes_get_specs (&n_specs);
  const char *const *families = topo_vm_families_get_all (&n_families);

  gtk_list_box_append (self->families,
                       family_row_new (NULL, _("Regional total"),
                                       _("All dedicated vCPUs of the region"),
                                       /* Translators: searched words of the regional total's row */
                                       _("regional total all families")));
  /* the specified sizes first, then the others of the 1 502 names */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < (pass == 0 ? n_specs : n_names); i++)
      {
        const char *name = pass == 0 ? specs[i].name : names[i];
        const char *family = pass == 0 ? specs[i].quota_family : topo_vm_size_quota_family (name);
        char *key;
        GPtrArray *list;

        if (family == NULL || (pass == 1 && topo_vm_size_lookup (name) != NULL))
          continue;
        key = topo_vm_family_key (family);
        list = g_hash_table_lookup (sizes, key);
        if (list == NULL)
          {
            list = g_ptr_array_new_with_free_func (g_free);
            g_hash_table_insert (sizes, g_strdup (key), list);
          }
        g_ptr_array_add (list, short_size (name));
        if (pass == 0 && specs[i].gpu_model != NULL)
          {
            GPtrArray *m = g_hash_table_lookup (models, key);

            if (m == NULL)
              {
                m = g_ptr_array_new_with_free_func (g_free);
                g_hash_table_insert (models, g_strdup (key), m);
              }
            if (!g_ptr_array_find_with_equal_func (m, specs[i].gpu_model, g_str_equal, NULL))
              g_ptr_array_add (m, g_strdup (specs[i].gpu_model));
          }
        g_free (key);
      }

  for (guint i = 0; i < n_families; i++)
    {
      g_autofree char *key = topo_vm_family_key (families[i]);
      GPtrArray *list = g_hash_table_lookup (sizes, key);
      GPtrArray *gpu = g_hash_table_lookup (models, key);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autoptr(GString) search = g_string_new (families[i]);
      g_autofree char *gpus = NULL;

      if (gpu != NULL)
        {
          g_ptr_array_add (gpu, NULL);
          gpus = g_strjoinv (", ", (char **) gpu->pdata);
          /* Translators: a GPU quota family's models, e.g. "GPU: V100" */
          g_string_append_printf (subtitle, _("GPU: %s"), gpus);
          g_string_append_printf (search, " %s gpu", gpus);
        }
      for (guint k = 0; list != NULL && k < list->len; k++)
        {
          const char *size = g_ptr_array_index (list, k);

          if (k < 3)
            g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? (k == 0 ? " · " : ", ") : "", size);
          else if (k == 3)
            g_string_append (subtitle, ", …");
          g_string_append_printf (search, " %s", size);
        }
      gtk_list_box_append (self->families, family_row_new (families[i], families[i], subtitle->str,
                                                           search->str));
    }
}

static gboolean
filter_family (GtkListBoxRow *row,
               gpointer       data)
{
  TopoQuotaAddPopover *self = data;
  const char *text = g_object_get_data (G_OBJECT (row), "search");

  for (guint i = 0; self->words != NULL && self->words[i] != NULL; i++)
    if (strstr (text, self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static GtkWidget *
nth_match (TopoQuotaAddPopover *self,
           guint                n)
{
  guint k = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->families)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
        filter_family (GTK_LIST_BOX_ROW (child), self) && k++ == n)
      return child;
  return NULL;
}

/* What is chosen */

static void
show_message (TopoQuotaAddPopover *self,
              const char          *text,
              gboolean             error)
{
  self->error = error;
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
    }
}

/* The planned maximum of the pair (0 when the design plans nothing there). */
static gint64
planned_max (TopoQuotaAddPopover *self,
             const char          *region,
             const char          *family)
{
  g_autoptr(TopoCapacity) plan = topo_capacity_compute (self->doc);
  g_autofree char *key = family != NULL ? topo_vm_family_key (family) : NULL;
  GPtrArray *rows = family != NULL ? plan->rows : plan->regions;

  for (guint i = 0; i < rows->len; i++)
    {
      const TopoCapacityRow *row = g_ptr_array_index (rows, i);
      g_autofree char *row_key = row->family != NULL ? topo_vm_family_key (row->family) : NULL;

      if (g_str_equal (row->region, region) && g_strcmp0 (row_key, key) == 0)
        return row->vcpus_max;
    }
  return 0;
}

/* The chosen pair: what is declared for it (the starting value, and Remove), or what the design
 * plans there. */
static void
update_choice (TopoQuotaAddPopover *self,
               gboolean             reset_value)
{
  const char *region = current_region (self);
  const char *family = self->chosen != NULL ? row_family (self->chosen) : NULL;
  gint64 declared;
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), region != NULL && self->chosen != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), FALSE);
  if (region == NULL || self->chosen == NULL)
    {
      show_message (self, _("Choose a VM family, or the regional total"), FALSE);
      return;
    }
  declared = topo_policy_quota (topo_document_get_policy (self->doc), region, family);
  if (declared >= 0)
    {
      /* Translators: a quota already in the design, e.g. "Declared: 72 vCPUs; Add changes it" */
      text = g_strdup_printf (_("Declared: %lld vCPUs; Add changes it"), (long long) declared);
      gtk_widget_set_visible (GTK_WIDGET (self->remove_button), TRUE);
      if (reset_value)
        gtk_spin_button_set_value (self->spin, (double) declared);
    }
  else
    {
      gint64 planned = planned_max (self, region, family);

      /* Translators: no quota for the pair yet; the design's planned maximum there */
      text = g_strdup_printf (_("No quota declared; the design plans up to %lld vCPUs here"),
                              (long long) planned);
      if (reset_value)
        gtk_spin_button_set_value (self->spin, (double) planned);
    }
  show_message (self, text, FALSE);
}

static void
row_selected_cb (TopoQuotaAddPopover *self,
                 GtkListBoxRow       *row)
{
  self->chosen = row != NULL ? GTK_WIDGET (row) : NULL;
  update_choice (self, TRUE);
}

static void
region_changed_cb (TopoQuotaAddPopover *self)
{
  if (self->regions != NULL)
    update_choice (self, TRUE);
}

static void
search_changed_cb (TopoQuotaAddPopover *self)
{
  g_autofree char *text = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->search)), -1);

  g_strfreev (self->words);
  self->words = g_strsplit_set (g_strstrip (text), " \t", -1);
  /* empty words from runs of spaces match everything */
  gtk_list_box_invalidate_filter (self->families);
  /* a chosen family the search hides is no longer chosen */
  if (self->chosen != NULL && !filter_family (GTK_LIST_BOX_ROW (self->chosen), self))
    gtk_list_box_unselect_all (self->families);
}

/* Enter in the search: the first family it leaves, then on to the vCPUs. */
static void
search_activate_cb (TopoQuotaAddPopover *self)
{
  /* the search reports its text after a delay: Enter right after typing uses it already */
  search_changed_cb (self);
  if (topo_quota_add_popover_choose (self, G_MAXUINT))
    gtk_widget_grab_focus (GTK_WIDGET (self->spin));
}

/* Escape in the search clears it, and closes the popover when there is nothing to clear (the
 * search entry would otherwise keep Escape from the popover). */
static void
search_stop_cb (TopoQuotaAddPopover *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  else
    gtk_popover_popdown (GTK_POPOVER (self));
}

/* Down in the search goes to the list. */
static gboolean
search_key_cb (TopoQuotaAddPopover   *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  GtkWidget *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  search_changed_cb (self);
  first = nth_match (self, 0);
  if (first != NULL)
    gtk_widget_grab_focus (first);
  return first != NULL;
}

/* Enter in the vCPUs: Add (GTK 4.8's spin button has no "activate" signal). */
static gboolean
spin_key_cb (TopoQuotaAddPopover   *self,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  topo_quota_add_popover_apply (self);
  return TRUE;
}

static void
add_clicked_cb (TopoQuotaAddPopover *self)
{
  topo_quota_add_popover_apply (self);
}

static void
remove_clicked_cb (TopoQuotaAddPopover *self)
{
  topo_quota_add_popover_remove (self);
}

/* API */

const char *const *
topo_quota_add_popover_get_regions (TopoQuotaAddPopover *self,
                                    guint               *n_regions)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), NULL);
  if (n_regions != NULL)
    *n_regions = self->regions->len - 1;
  return (const char *const *) self->regions->pdata;
}

gboolean
topo_quota_add_popover_set_region (TopoQuotaAddPopover *self,
                                   const char          *region)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), FALSE);
  for (guint i = 0; i + 1 < self->regions->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->regions, i), region) == 0)
      {
        gtk_drop_down_set_selected (self->region_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

void
topo_quota_add_popover_set_search (TopoQuotaAddPopover *self,
                                   const char          *text)
{
  g_return_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  /* GtkSearchEntry reports a change after a delay; tests need it now */
  search_changed_cb (self);
}

guint
topo_quota_add_popover_get_n_matches (TopoQuotaAddPopover *self)
{
  guint n = 0;

  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), 0);
  while (nth_match (self, n) != NULL)
    n++;
  return n;
}

const char *
topo_quota_add_popover_get_match (TopoQuotaAddPopover *self,
                                  guint                n)
{
  GtkWidget *row;

  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), NULL);
  row = nth_match (self, n);
  return row != NULL ? row_family (row) : NULL;
}

gboolean
topo_quota_add_popover_choose (TopoQuotaAddPopover *self,
                               guint                n)
{
  GtkWidget *row;

  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), FALSE);
  row = nth_match (self, n == G_MAXUINT ? 0 : n);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->families, GTK_LIST_BOX_ROW (row));
  return TRUE;
}

void
topo_quota_add_popover_set_vcpus (TopoQuotaAddPopover *self,
                                  gint64               vcpus)
{
  g_return_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self));
  gtk_spin_button_set_value (self->spin, (double) vcpus);
}

gint64
topo_quota_add_popover_get_vcpus (TopoQuotaAddPopover *self)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), -1);
  return (gint64) gtk_spin_button_get_value (self->spin);
}

gboolean
topo_quota_add_popover_apply (TopoQuotaAddPopover *self)
{
  g_autoptr(GError) error = NULL;
  const char *region;

  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), FALSE);
  region = current_region (self);
  if (region == NULL || self->chosen == NULL)
    {
      show_message (self, _("Choose a VM family, or the regional total"), TRUE);
      return FALSE;
    }
  /* the text as typed, even if the spin button has not taken it yet */
  gtk_spin_button_update (self->spin);
  if (!topo_edit_set_quota (self->doc, region, row_family (self->chosen),
                            (gint64) gtk_spin_button_get_value (self->spin), &error))
    {
      show_message (self, error->message, TRUE);
      return FALSE;
    }
  gtk_popover_popdown (GTK_POPOVER (self));
  return TRUE;
}

gboolean
topo_quota_add_popover_remove (TopoQuotaAddPopover *self)
{
  g_autoptr(GError) error = NULL;
  const char *region;

  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), FALSE);
  region = current_region (self);
  if (region == NULL || self->chosen == NULL ||
      topo_policy_quota (topo_document_get_policy (self->doc), region, row_family (self->chosen)) < 0)
    return FALSE;
  if (!topo_edit_set_quota (self->doc, region, row_family (self->chosen), TOPO_QUOTA_UNSET, &error))
    {
      show_message (self, error->message, TRUE);
      return FALSE;
    }
  gtk_popover_popdown (GTK_POPOVER (self));
  return TRUE;
}

const char *
topo_quota_add_popover_get_message (TopoQuotaAddPopover *self)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message)) ? gtk_label_get_text (self->message) : NULL;
}

gboolean
topo_quota_add_popover_can_apply (TopoQuotaAddPopover *self)
{
  g_return_val_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->add_button));
}

/* Building */

static GtkWidget *
caption (const char *text,
         GtkWidget  *mnemonic_widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), mnemonic_widget);
  return label;
}

static void
show_cb (TopoQuotaAddPopover *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

/* Each opening starts afresh from the design as it is now: its regions first, no search, no
 * family chosen. */
void
topo_quota_add_popover_reload (TopoQuotaAddPopover *self,
                               TopoDocument        *doc)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;
  guint n_design = 0;

  g_return_if_fail (TOPO_IS_QUOTA_ADD_POPOVER (self));
  g_return_if_fail (TOPO_IS_DOCUMENT (doc));

  g_set_object (&self->doc, doc);
  gtk_list_box_unselect_all (self->families);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  search_changed_cb (self);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  self->regions = offered_regions (doc, &n_design);
  for (guint i = 0; i + 1 < self->regions->len; i++)
    {
      const char *name = g_ptr_array_index (self->regions, i);
      const TopoRegion *info = topo_region_lookup (name);
      g_autofree char *label = NULL;

      if (info != NULL)
        /* Translators: a region in the drop-down, e.g. "West Europe (westeurope)" */
        label = g_strdup_printf (_("%s (%s)"), info->display_name, name);
      else
        label = g_strdup (name);
      if (i < n_design)
        {
          /* Translators: a region the design uses, first in the list */
          char *in_design = g_strdup_printf (_("%s — in the design"), label);

          g_free (label);
          label = in_design;
        }
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (labels));
  g_object_unref (labels);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->region_dropdown, expression);
  gtk_drop_down_set_selected (self->region_dropdown, 0);
  update_choice (self, TRUE);
}

GtkWidget *
topo_quota_add_popover_new (TopoDocument *doc)
{
  TopoQuotaAddPopover *self;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  self = g_object_new (TOPO_TYPE_QUOTA_ADD_POPOVER, NULL);
  fill_families (self);
  topo_quota_add_popover_reload (self, doc);
  return GTK_WIDGET (self);
}

static void
topo_quota_add_popover_finalize (GObject *object)
{
  TopoQuotaAddPopover *self = TOPO_QUOTA_ADD_POPOVER (object);

  g_clear_object (&self->doc);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_strfreev (self->words);
  G_OBJECT_CLASS (topo_quota_add_popover_parent_class)->finalize (object);
}

static void
topo_quota_add_popover_dispose (GObject *object)
{
  TopoQuotaAddPopover *self = TOPO_QUOTA_ADD_POPOVER (object);

  /* the list unselects its rows as it goes: nothing to update then */
  if (self->families != NULL)
    g_signal_handlers_disconnect_by_data (self->families, self);
  if (self->region_dropdown != NULL)
    g_signal_handlers_disconnect_by_data (self->region_dropdown, self);
  self->families = NULL;
  self->region_dropdown = NULL;
  self->chosen = NULL;
  G_OBJECT_CLASS (topo_quota_add_popover_parent_class)->dispose (object);
}

static void
topo_quota_add_popover_class_init (TopoQuotaAddPopoverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = topo_quota_add_popover_dispose;
  G_OBJECT_CLASS (klass)->finalize = topo_quota_add_popover_finalize;
}

static void
topo_quota_add_popover_init (TopoQuotaAddPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Add Quota"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *vcpus_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *unit = gtk_label_new (_("vCPUs"));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_box_append (GTK_BOX (box), heading);

  self->region_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_drop_down_set_enable_search (self->region_dropdown, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->region_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Region"), -1);
  g_signal_connect_swapped (self->region_dropdown, "notify::selected", G_CALLBACK (region_changed_cb), self);
  gtk_box_append (GTK_BOX (box), caption (_("_Region"), GTK_WIDGET (self->region_dropdown)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->region_dropdown));

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Family, size or GPU (e.g. dsv2, nc24, a100)"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search VM families"), -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->search, "stop-search", G_CALLBACK (search_stop_cb), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (search_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search), keys);
  }
  gtk_box_append (GTK_BOX (box), caption (_("VM _family"), GTK_WIDGET (self->search)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  self->families = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->families, GTK_SELECTION_SINGLE);
  gtk_list_box_set_filter_func (self->families, filter_family, self, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->families), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->families), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("VM families"), -1);
  g_signal_connect_swapped (self->families, "row-selected", G_CALLBACK (row_selected_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->families));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 220);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  self->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, G_MAXINT32, 1));
  gtk_spin_button_set_numeric (self->spin, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quota in vCPUs"), -1);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (spin_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->spin), keys);
  }
  gtk_box_append (GTK_BOX (box), caption (_("_Quota"), GTK_WIDGET (self->spin)));
  gtk_box_append (GTK_BOX (vcpus_box), GTK_WIDGET (self->spin));
  gtk_box_append (GTK_BOX (vcpus_box), unit);
  gtk_box_append (GTK_BOX (box), vcpus_box);

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_max_width_chars (self->message, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  self->remove_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Re_move Quota")));
  gtk_widget_add_css_class (GTK_WIDGET (self->remove_button), "destructive-action");
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  self->add_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add")));
  gtk_widget_add_css_class (GTK_WIDGET (self->add_button), "suggested-action");
  gtk_widget_set_hexpand (GTK_WIDGET (self->add_button), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->add_button), GTK_ALIGN_END);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->remove_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->add_button));
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_popover_set_child (GTK_POPOVER (self), box);
  g_signal_connect (self, "show", G_CALLBACK (show_cb), NULL);
}
