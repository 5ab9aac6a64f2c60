/* topo-outline.c: the design as a tree (lanes → groups → resources, and links), searchable
 *
 * The way keyboard and screen-reader users reach every object, and how anyone finds a resource
 * in a large design. Rows are GtkStringObjects holding a key ("lane:REGION", "res:ID", "links",
 * "link:INDEX", "note:ID": a note under what it is attached to, a free one under its lane); what a row shows is read from the document when it is bound. The tree is
 * rebuilt once per committed undo step (not per primitive change, so never in the middle of a
 * drag), and only while the outline is on screen. A search keeps the rows whose name, id, type
 * or findings' rule ids contain the text, with their lane and group.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-outline"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-layout.h"
#include "topo-outline.h"
#include "topo-regions.h"
#include "topo-validator.h"

struct _TopoOutline
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkWidget          *empty_label;

  /* Owned references */
  TopoDocument       *doc;
  GPtrArray          *diagnostics;
  GHashTable         *issue_counts; /* subject id → number of findings; NULL until needed */
  GtkSingleSelection *selection;
  GHashTable         *children;     /* key → GPtrArray of child keys, for the current tree */
  char               *query;        /* casefolded, NULL when not searching */
  char               *wanted;       /* the key the canvas has selected */

  gulong              committed_id;
  gulong              changed_id;
  gboolean            dirty;        /* rebuild when next shown */
  gboolean            step_shows;   /* the step being committed changes what the tree shows */
  gboolean            syncing;      /* we are selecting a row for the canvas: do not echo */
};

G_DEFINE_FINAL_TYPE (TopoOutline, topo_outline, GTK_TYPE_WIDGET)

enum {
  SELECT_RESOURCE,
  SELECT_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Matching */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

/* id → " RULE RULE …" of the findings that name it */
static GHashTable *
rules_by_subject (TopoOutline *self)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_free);

  for (guint i = 0; self->diagnostics != NULL && i < self->diagnostics->len; i++)
    {
      const TopoDiagnostic *diag = g_ptr_array_index (self->diagnostics, i);

      for (guint j = 0; diag->subjects != NULL && diag->subjects[j] != NULL; j++)
        {
          const char *old = g_hash_table_lookup (map, diag->subjects[j]);
          g_hash_table_insert (map, diag->subjects[j],
                               g_strconcat (old ? old : "", " ", diag->rule, NULL));
        }
    }
  return map;
}

static gboolean
resource_matches (TopoOutline        *self,
                  const TopoResource *res,
                  GHashTable         *rules)
{
  const char *q = self->query;

  return contains (topo_resource_get_name (res), q) || contains (res->id, q) ||
         contains (topo_kind_display_name (res->kind), q) ||
         contains (topo_kind_to_string (res->kind), q) ||
         contains (g_hash_table_lookup (rules, res->id), q);
}

static gboolean
link_matches (TopoOutline    *self,
              const TopoLink *link,
              GHashTable     *rules)
{
  const char *q = self->query;
  const TopoResource *from = topo_document_lookup (self->doc, link->from);
  const TopoResource *to = topo_document_lookup (self->doc, link->to);

  return contains (topo_link_type_display_name (link->type), q) ||
         (from != NULL && contains (topo_resource_get_name (from), q)) ||
         (to != NULL && contains (topo_resource_get_name (to), q));
}

static gboolean
note_matches (TopoOutline    *self,
              const TopoNote *note)
{
  g_autofree char *plain = topo_note_text_to_plain (note->text);

  return contains (plain, self->query) || contains (note->author, self->query) ||
         contains (note->id, self->query) || contains (_("Note"), self->query);
}

/* The tree */

static GPtrArray *
children_of (TopoOutline *self,
             const char  *key)
{
  GPtrArray *list = g_hash_table_lookup (self->children, key);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->children, g_strdup (key), list);
    }
  return list;
}

/* Fills self->children: "" → lanes (and "links"), "lane:R" → RGs, "res:RG" → resources,
 * "links" → links. When searching, only what matches and what leads to it. */
static void
index_document (TopoOutline *self)
{
  g_autoptr(GHashTable) rules = rules_by_subject (self);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);   /* ids */
  guint n = topo_document_get_n_resources (self->doc);
  guint n_links = topo_document_get_n_links (self->doc);
  guint n_lanes;
  GPtrArray *links = NULL;

  g_hash_table_remove_all (self->children);
  topo_layout_update (self->doc);
  n_lanes = topo_layout_get_n_lanes (self->doc);

  if (self->query != NULL)
    for (guint i = 0; i < n; i++)
      {
        const TopoResource *res = topo_document_get_resource (self->doc, i);

        if (!resource_matches (self, res, rules))
          continue;
        g_hash_table_add (keep, res->id);
        if (res->kind != TOPO_KIND_RESOURCE_GROUP && res->group != NULL)
          g_hash_table_add (keep, res->group);
      }

  for (guint l = 0; l < n_lanes; l++)
    {
      const TopoLane *lane = topo_layout_get_lane (self->doc, l);
      g_autofree char *key = g_strconcat ("lane:", lane->region, NULL);
      gboolean any = FALSE;

      for (guint i = 0; i < n; i++)
        {
          const TopoResource *rg = topo_document_get_resource (self->doc, i);

          if (rg->kind != TOPO_KIND_RESOURCE_GROUP || g_strcmp0 (rg->region, lane->region) != 0)
            continue;
          if (self->query != NULL && !g_hash_table_contains (keep, rg->id))
            continue;
          g_ptr_array_add (children_of (self, key), g_strconcat ("res:", rg->id, NULL));
          any = TRUE;
        }
      if (any || self->query == NULL || contains (lane->region, self->query))
        g_ptr_array_add (children_of (self, ""), g_steal_pointer (&key));
    }

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *res = topo_document_get_resource (self->doc, i);
      g_autofree char *parent = NULL;

      if (res->kind == TOPO_KIND_RESOURCE_GROUP || res->group == NULL)
        continue;
      if (self->query != NULL && !g_hash_table_contains (keep, res->id))
        continue;
      parent = g_strconcat ("res:", res->group, NULL);
      g_ptr_array_add (children_of (self, parent), g_strconcat ("res:", res->id, NULL));
    }

  for (guint i = 0; i < n_links; i++)
    {
      if (self->query != NULL && !link_matches (self, topo_document_get_link (self->doc, i), rules))
        continue;
      if (links == NULL)
        links = children_of (self, "links");
      g_ptr_array_add (links, g_strdup_printf ("link:%u", i));
    }
  if (links != NULL)
    g_ptr_array_add (children_of (self, ""), g_strdup ("links"));

  /* Notes under what they are on; a search keeps them with the rows that lead to them. */
  for (guint i = 0; i < topo_document_get_n_notes (self->doc); i++)
    {
      const TopoNote *note = topo_document_get_note (self->doc, i);
      g_autofree char *parent = NULL;

      if (self->query != NULL && !note_matches (self, note))
        continue;
      if (note->region != NULL)
        parent = g_strconcat ("lane:", note->region, NULL);
      else if (note->attach != NULL && topo_document_lookup (self->doc, note->attach) != NULL)
        {
          const TopoResource *target = topo_document_lookup (self->doc, note->attach);
          const TopoResource *rg = topo_document_get_group_of (self->doc, target);

          parent = g_strconcat ("res:", note->attach, NULL);
          /* while searching, the path down to it stays */
          if (self->query != NULL && rg != NULL)
            {
              g_autofree char *lane_key = g_strconcat ("lane:", rg->region, NULL);
              g_autofree char *rg_key = g_strconcat ("res:", rg->id, NULL);

              if (!g_ptr_array_find_with_equal_func (children_of (self, ""), lane_key, g_str_equal, NULL))
                g_ptr_array_add (children_of (self, ""), g_strdup (lane_key));
              if (!g_ptr_array_find_with_equal_func (children_of (self, lane_key), rg_key, g_str_equal, NULL))
                g_ptr_array_add (children_of (self, lane_key), g_strdup (rg_key));
              if (target != rg && !g_ptr_array_find_with_equal_func (children_of (self, rg_key), parent, g_str_equal, NULL))
                g_ptr_array_add (children_of (self, rg_key), g_strdup (parent));
            }
        }
      else if (note->link_from != NULL)
        {
          int li = topo_document_find_link (self->doc, note->link_type, note->link_from, note->link_to);

          if (li < 0)
            continue;
          parent = g_strdup_printf ("link:%d", li);
          if (!g_hash_table_contains (self->children, "links"))
            g_ptr_array_add (children_of (self, ""), g_strdup ("links"));
          if (!g_ptr_array_find_with_equal_func (children_of (self, "links"), parent, g_str_equal, NULL))
            g_ptr_array_add (children_of (self, "links"), g_strdup (parent));
        }
      else
        continue;
      if (note->region != NULL && self->query != NULL &&
          !g_ptr_array_find_with_equal_func (children_of (self, ""), parent, g_str_equal, NULL))
        g_ptr_array_add (children_of (self, ""), g_strdup (parent));
      g_ptr_array_add (children_of (self, parent), g_strconcat ("note:", note->id, NULL));
    }
}

static GListModel *
model_for (TopoOutline *self,
           const char  *key)
{
  GPtrArray *list = g_hash_table_lookup (self->children, key);
  GtkStringList *model;

  if (list == NULL || list->len == 0)
    return NULL;
  model = gtk_string_list_new (NULL);
  for (guint i = 0; i < list->len; i++)
    gtk_string_list_append (model, g_ptr_array_index (list, i));
  return G_LIST_MODEL (model);
}

static GListModel *
create_child_model (gpointer item,
                    gpointer data)
{
  TopoOutline *self = data;

  return model_for (self, gtk_string_object_get_string (item));
}

static void select_wanted (TopoOutline *self);

static void
rebuild (TopoOutline *self)
{
  GtkTreeListModel *tree;
  GListModel *root = NULL;

  self->dirty = FALSE;
  if (self->doc != NULL)
    {
      index_document (self);
      root = model_for (self, "");
    }
  if (root == NULL)
    root = G_LIST_MODEL (gtk_string_list_new (NULL));
  tree = gtk_tree_list_model_new (root, FALSE, TRUE, create_child_model, self, NULL);
  self->syncing = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
  g_object_unref (tree);
  gtk_widget_set_visible (self->empty_label,
                          self->query != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0);
  select_wanted (self);
}

static void
queue_rebuild (TopoOutline *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
  else
    self->dirty = TRUE;
}

/* Rows */

static const char *
key_at (TopoOutline *self,
        guint        position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  GObject *item;
  const char *key;

  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  /* the string lives as long as the model holds the item */
  key = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  g_object_unref (item);
  return key;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              TopoOutline              *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (detail, TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
describe (TopoOutline *self,
          const char  *key,
          char       **name,
          char       **detail)
{
  if (g_str_has_prefix (key, "lane:"))
    {
      const TopoRegion *region = topo_region_lookup (key + 5);

      *name = g_strdup (region ? region->display_name : key + 5);
      *detail = g_strdup_printf (_("Region lane · %s"), key + 5);
    }
  else if (g_str_has_prefix (key, "res:"))
    {
      const TopoResource *res = topo_document_lookup (self->doc, key + 4);

      *name = g_strdup (res ? topo_resource_get_name (res) : key + 4);
      if (res != NULL && res->kind == TOPO_KIND_RESOURCE_GROUP && res->environment != NULL)
        *detail = g_strdup_printf ("%s · %s", topo_kind_display_name (res->kind), res->environment);
      else
        *detail = g_strdup (res ? topo_kind_display_name (res->kind) : "");
    }
  else if (g_str_has_prefix (key, "note:"))
    {
      const TopoNote *note = topo_document_lookup_note (self->doc, key + 5);
      g_autofree char *plain = note != NULL ? topo_note_text_to_plain (note->text) : NULL;
      char *nl = plain != NULL ? strchr (plain, '\n') : NULL;

      /* the first line of the text; the rest is in the inspector */
      if (nl != NULL)
        *nl = '\0';
      *name = g_strdup (plain != NULL && *plain != '\0' ? plain : _("Empty note"));
      if (note != NULL && note->author != NULL)
        *detail = g_strdup_printf (_("Note · %s"), note->author);
      else
        *detail = g_strdup (_("Note"));
    }
  else if (g_str_equal (key, "links"))
    {
      GPtrArray *list = g_hash_table_lookup (self->children, "links");
      guint n = list ? list->len : 0;

      *name = g_strdup (_("Links"));
      *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", n), n);
    }
  else
    {
      guint index = (guint) g_ascii_strtoull (key + 5, NULL, 10);
      const TopoLink *link = index < topo_document_get_n_links (self->doc)
                             ? topo_document_get_link (self->doc, index) : NULL;
      const TopoResource *from = link ? topo_document_lookup (self->doc, link->from) : NULL;
      const TopoResource *to = link ? topo_document_lookup (self->doc, link->to) : NULL;

      /* TRANSLATORS: a link in the outline, "source → target" */
      *name = g_strdup_printf (_("%s → %s"), from ? topo_resource_get_name (from) : "?",
                               to ? topo_resource_get_name (to) : "?");
      *detail = g_strdup (link ? topo_link_type_display_name (link->type) : "");
    }
}

static guint
issue_count (TopoOutline *self,
             const char  *id)
{
  if (self->issue_counts == NULL)
    {
      self->issue_counts = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; self->diagnostics != NULL && i < self->diagnostics->len; i++)
        {
          const TopoDiagnostic *diag = g_ptr_array_index (self->diagnostics, i);

          for (guint j = 0; diag->subjects != NULL && diag->subjects[j] != NULL; j++)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->issue_counts, diag->subjects[j]));
              g_hash_table_insert (self->issue_counts, diag->subjects[j], GUINT_TO_POINTER (n + 1));
            }
        }
    }
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->issue_counts, id));
}

/* GTK 4.8 has no accessible API for list items: a screen reader reads the row's child, so it
 * gets the row's whole description (name, what it is and, for resources, its findings). */
static void
label_row (TopoOutline *self,
           GtkWidget   *expander,
           const char  *key,
           const char  *name,
           const char  *detail)
{
  g_autofree char *label = NULL;

  if (g_str_has_prefix (key, "res:"))
    {
      guint n = issue_count (self, key + 4);

      if (n == 0)
        /* TRANSLATORS: an outline row read by a screen reader: name, type */
        label = g_strdup_printf (_("%s, %s, no issues"), name, detail);
      else
        /* TRANSLATORS: an outline row read by a screen reader: name, type, number of findings */
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s, %u issue", "%s, %s, %u issues", n),
                                 name, detail, n);
    }
  else
    label = g_strdup_printf ("%s, %s", name, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (expander), "topo-outline-key", g_strdup (key), g_free);
}

/* New findings: the rows on screen say their new counts. */
static void
relabel_rows (TopoOutline *self)
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *expander = gtk_widget_get_first_child (item);
      const char *key;
      g_autofree char *name = NULL;
      g_autofree char *detail = NULL;

      if (!GTK_IS_TREE_EXPANDER (expander) ||
          (key = g_object_get_data (G_OBJECT (expander), "topo-outline-key")) == NULL)
        continue;
      describe (self, key, &name, &detail);
      label_row (self, expander, key, name, detail);
    }
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             TopoOutline              *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *name_label = gtk_widget_get_first_child (box);
  GtkWidget *detail_label = gtk_widget_get_next_sibling (name_label);
  GObject *item = gtk_tree_list_row_get_item (row);
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;

  describe (self, gtk_string_object_get_string (GTK_STRING_OBJECT (item)), &name, &detail);
  label_row (self, expander, gtk_string_object_get_string (GTK_STRING_OBJECT (item)), name, detail);
  g_object_unref (item);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (name_label), name);
  gtk_label_set_text (GTK_LABEL (detail_label), detail);
  gtk_widget_set_tooltip_text (expander, name);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               TopoOutline              *self)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* Selection, both ways */

static void
emit_for_key (TopoOutline *self,
              const char  *key)
{
  if (key == NULL)
    return;
  if (g_str_has_prefix (key, "res:"))
    g_signal_emit (self, signals[SELECT_RESOURCE], 0, key + 4);
  else if (g_str_has_prefix (key, "note:"))
    g_signal_emit (self, signals[SELECT_RESOURCE], 0, key + 5);   /* notes share the ids */
  else if (g_str_has_prefix (key, "link:"))
    g_signal_emit (self, signals[SELECT_LINK], 0, (int) g_ascii_strtoull (key + 5, NULL, 10));
}

static void
selected_cb (TopoOutline        *self,
             GParamSpec         *pspec,
             GtkSingleSelection *selection)
{
  guint position = gtk_single_selection_get_selected (selection);
  const char *key;

  if (self->syncing || position == GTK_INVALID_LIST_POSITION)
    return;
  key = key_at (self, position);
  g_free (self->wanted);
  self->wanted = g_strdup (key);
  emit_for_key (self, key);
}

static void
row_activated_cb (TopoOutline *self,
                  guint        position,
                  GtkListView *view)
{
  /* Enter on the selected row: select (and centre) it again, e.g. after panning away */
  emit_for_key (self, key_at (self, position));
}

static void
select_wanted (TopoOutline *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint found = GTK_INVALID_LIST_POSITION;

  if (self->wanted != NULL)
    for (guint i = 0; i < n && found == GTK_INVALID_LIST_POSITION; i++)
      if (g_strcmp0 (key_at (self, i), self->wanted) == 0)
        found = i;
  if (found == gtk_single_selection_get_selected (self->selection))
    return;
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, found);
  self->syncing = FALSE;
  if (found != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", found);
}

void
topo_outline_set_selection (TopoOutline       *self,
                            const char *const *ids,
                            int                link_index)
{
  g_return_if_fail (TOPO_IS_OUTLINE (self));

  g_free (self->wanted);
  if (link_index >= 0)
    self->wanted = g_strdup_printf ("link:%d", link_index);
  else if (ids != NULL && ids[0] != NULL)
    self->wanted = g_strconcat (self->doc != NULL && topo_document_lookup_note (self->doc, ids[0]) != NULL
                                ? "note:" : "res:", ids[0], NULL);
  else
    self->wanted = NULL;
  if (!self->dirty)
    select_wanted (self);
}

/* Search */

static void
search_changed_cb (TopoOutline    *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->query, g_free);
  if (*stripped != '\0')
    self->query = g_utf8_casefold (stripped, -1);
  rebuild (self);
}

static void
stop_search_cb (TopoOutline    *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

void
topo_outline_focus_search (TopoOutline *self)
{
  g_return_if_fail (TOPO_IS_OUTLINE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Document */

/* A move or resize: only the resource's layout differs, which the tree does not show (its
 * order is the document's). */
static gboolean
layout_only (const TopoChange *change)
{
  const TopoResource *old = change->old_value, *now = change->new_value;
  TopoResource moved;

  if (change->kind != TOPO_CHANGE_RESOURCE_MODIFIED || old == NULL || now == NULL)
    return FALSE;
  moved = *old;
  moved.has_layout = now->has_layout;
  moved.layout = now->layout;
  moved.layout_extra = now->layout_extra;
  return topo_resource_equal (&moved, now);
}

static void
step_committed_cb (TopoOutline  *self,
                   TopoDocument *doc)
{
  /* rebuilding 10 000 rows after every drag of a card took 100 ms and more */
  if (self->step_shows)
    queue_rebuild (self);
  self->step_shows = FALSE;
}

static void
changed_cb (TopoOutline      *self,
            const TopoChange *change,
            TopoDocument     *doc)
{
  /* a reload is no undo step */
  if (change->kind == TOPO_CHANGE_RELOADED)
    queue_rebuild (self);
  else if (!layout_only (change))
    self->step_shows = TRUE;
}

void
topo_outline_set_document (TopoOutline  *self,
                           TopoDocument *doc)
{
  g_return_if_fail (TOPO_IS_OUTLINE (self));

  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  g_clear_pointer (&self->issue_counts, g_hash_table_unref);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->wanted, g_free);
  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                    G_CALLBACK (step_committed_cb), self,
                                                    G_CONNECT_SWAPPED);
      self->changed_id = g_signal_connect_object (doc, "changed", G_CALLBACK (changed_cb), self,
                                                  G_CONNECT_SWAPPED);
    }
  queue_rebuild (self);
}

void
topo_outline_set_diagnostics (TopoOutline *self,
                              GPtrArray   *diagnostics)
{
  g_return_if_fail (TOPO_IS_OUTLINE (self));

  if (diagnostics != NULL)
    g_ptr_array_ref (diagnostics);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->issue_counts, g_hash_table_unref);
  self->diagnostics = diagnostics;
  relabel_rows (self);
  /* findings only matter to a search by rule id */
  if (self->query != NULL)
    queue_rebuild (self);
}

/* Tests */

GStrv
topo_outline_get_rows (TopoOutline *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n;

  if (self->dirty)
    rebuild (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (b, key_at (self, i));
  return g_strv_builder_end (b);
}

char *
topo_outline_get_selected (TopoOutline *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  return position == GTK_INVALID_LIST_POSITION ? NULL : g_strdup (key_at (self, position));
}

GtkWidget *
topo_outline_get_search_entry (TopoOutline *self)
{
  return GTK_WIDGET (self->search_entry);
}

void
topo_outline_select_row (TopoOutline *self,
                         guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

/* GObject */

static void
topo_outline_map (GtkWidget *widget)
{
  TopoOutline *self = TOPO_OUTLINE (widget);

  GTK_WIDGET_CLASS (topo_outline_parent_class)->map (widget);
  if (self->dirty)
    rebuild (self);
}

static void
topo_outline_dispose (GObject *object)
{
  TopoOutline *self = TOPO_OUTLINE (object);

  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_OUTLINE);
  /* the template's box has no id, so dispose_template leaves it */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (topo_outline_parent_class)->dispose (object);
}

static void
topo_outline_finalize (GObject *object)
{
  TopoOutline *self = TOPO_OUTLINE (object);

  g_clear_pointer (&self->issue_counts, g_hash_table_unref);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->wanted, g_free);

  G_OBJECT_CLASS (topo_outline_parent_class)->finalize (object);
}

static void
topo_outline_class_init (TopoOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_outline_dispose;
  object_class->finalize = topo_outline_finalize;
  widget_class->map = topo_outline_map;

  /* A row was chosen: the window selects (and shows) the resource or link on the canvas. */
  signals[SELECT_RESOURCE] =
    g_signal_new ("select-resource", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SELECT_LINK] =
    g_signal_new ("select-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-outline.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoOutline, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TopoOutline, list_view);
  gtk_widget_class_bind_template_child (widget_class, TopoOutline, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topooutline");
}

static void
topo_outline_init (TopoOutline *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* the search entry also takes what is typed while the list has the focus */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  rebuild (self);
}

GtkWidget *
topo_outline_new (void)
{
  return g_object_new (TOPO_TYPE_OUTLINE, NULL);
}
