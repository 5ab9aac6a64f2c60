/* topo-edit.c: user-level edits, each one undo step
 *
 * Each edit checks what the loader would check, so an edited document always saves into a file
 * that loads again; a refused edit changes nothing and says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-edit"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-edit.h"
#include "topo-document-private.h"
#include "topo-layout.h"
#include "topo-vm-sizes.h"

G_DEFINE_QUARK (topo-edit-error-quark, topo_edit_error)

#define NEW_GROUP_WIDTH  (2 * TOPO_GROUP_PADDING + 2 * TOPO_CARD_WIDTH + TOPO_GRID_GAP)
#define NEW_GROUP_HEIGHT (TOPO_GROUP_HEADER + 2 * TOPO_CARD_HEIGHT + TOPO_GRID_GAP + TOPO_GROUP_PADDING)

static const char *const id_prefixes[TOPO_N_KINDS] = {
  "rg", "mlw", "ci", "cpu", "st", "kv", "appi", "cr", "aks",
};

static gboolean
refuse (GError     **error,
        int          code,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);
static void card_size (const TopoResource *r, double *w, double *h);
static void detach_notes (TopoDocument *doc, GHashTable *doomed, const TopoLink *link);
static void move_note (TopoDocument *doc, const char *id, GHashTable *moving, double dx, double dy);

static gboolean
refuse (GError     **error,
        int          code,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, TOPO_EDIT_ERROR, code, message);
  return FALSE;
}

/* Ids and names that already satisfy Azure's rules for the kind (storage and registries allow
 * no hyphens; registries need five characters). */
static char *
fresh_id (TopoDocument *doc,
          TopoKind      kind)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s%03u", id_prefixes[kind], n);

      if (topo_document_lookup (doc, candidate) == NULL &&
          topo_document_lookup_note (doc, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }
}

static const TopoResource *
lookup_kind (TopoDocument  *doc,
             const char    *id,
             int            kind,
             GError       **error)
{
  const TopoResource *r = topo_document_lookup (doc, id);

  if (r == NULL)
    {
      refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No resource has the id “%s”."), id ? id : "");
      return NULL;
    }
  if (kind >= 0 && r->kind != (TopoKind) kind)
    {
      refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("“%s” is %s, not %s."),
              topo_resource_get_name (r), topo_kind_indefinite_name (r->kind),
              topo_kind_indefinite_name (kind));
      return NULL;
    }
  return r;
}

/* Puts an edited copy in place as one undo step, unless the edit changed nothing. */
static gboolean
commit_copy (TopoDocument       *doc,
             const TopoResource *old,
             TopoResource       *copy,
             const char         *label)
{
  if (topo_resource_equal (copy, old))
    {
      topo_resource_free (copy);
      return TRUE;
    }
  topo_document_begin_group (doc, label);
  topo_document_replace_resource (doc, copy);
  topo_document_end_group (doc);
  return TRUE;
}

const char *
topo_edit_add_resource (TopoDocument  *doc,
                        TopoKind       kind,
                        const char    *group,
                        const char    *region,
                        double         x,
                        double         y,
                        GError       **error)
{
  g_autoptr(TopoResource) r = NULL;
  const TopoResource *rg = NULL;
  g_autofree char *label = NULL;
  const char *id;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (kind < TOPO_N_KINDS, NULL);

  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      if (region == NULL || *region == '\0')
        {
          refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED,
                  _("A resource group needs a region: drop it on a region lane."));
          return NULL;
        }
    }
  else
    {
      if (group == NULL)
        {
          refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED,
                  _("Put %s inside a resource group: every Azure resource lives in one."),
                  topo_kind_indefinite_name (kind));
          return NULL;
        }
      rg = lookup_kind (doc, group, TOPO_KIND_RESOURCE_GROUP, error);
      if (rg == NULL)
        return NULL;
    }

  r = topo_resource_new (kind, NULL);
  r->id = fresh_id (doc, kind);
  r->has_layout = TRUE;
  r->layout.x = x;
  r->layout.y = y;

  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      const char *const *environments = topo_policy_environments (topo_document_get_policy (doc));

      r->region = g_strdup (region);
      r->environment = g_strdup (environments[0]);
      r->layout.w = NEW_GROUP_WIDTH;
      r->layout.h = NEW_GROUP_HEIGHT;
    }
  else
    {
      r->group = g_strdup (group);
      if (topo_kind_is_compute (kind))
        {
          guint n = topo_document_get_n_resources (doc);

          for (guint i = 0; i < n && r->workspace == NULL; i++)
            {
              const TopoResource *ws = topo_document_get_resource (doc, i);

              if (ws->kind == TOPO_KIND_WORKSPACE && g_strcmp0 (ws->group, group) == 0)
                r->workspace = g_strdup (ws->id);
            }
          if (r->workspace == NULL)
            {
              refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED,
                      _("Add a workspace to “%s” first: a compute belongs to a workspace in its resource group."),
                      topo_resource_get_name (rg));
              return NULL;
            }
        }
    }

  id = r->id;
  label = g_strdup_printf (_("Add %s"), topo_kind_display_name (kind));
  topo_document_begin_group (doc, label);
  topo_document_insert_resource (doc, topo_document_get_n_resources (doc), g_steal_pointer (&r));
  topo_document_end_group (doc);
  return topo_document_lookup (doc, id)->id;
}

/* Removal: the resources, their children, their links and references to them. */
void
topo_edit_remove (TopoDocument      *doc,
                  const char *const *ids)
{
  g_autoptr(GHashTable) doomed = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = topo_document_get_n_resources (doc);

  g_return_if_fail (TOPO_IS_DOCUMENT (doc));

  g_autoptr(GPtrArray) doomed_notes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ids != NULL && ids[i]; i++)
    {
      const TopoResource *r = topo_document_lookup (doc, ids[i]);

      if (r != NULL)
        g_hash_table_add (doomed, r->id);
      else if (topo_document_lookup_note (doc, ids[i]) != NULL)
        g_ptr_array_add (doomed_notes, g_strdup (ids[i]));
    }
  if (g_hash_table_size (doomed) == 0 && doomed_notes->len == 0)
    return;
  /* RG → its resources; workspace → its computes (two passes: RG → workspace → compute). */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const TopoResource *r = topo_document_get_resource (doc, i);

        if ((r->group != NULL && g_hash_table_contains (doomed, r->group)) ||
            (r->workspace != NULL && g_hash_table_contains (doomed, r->workspace)))
          g_hash_table_add (doomed, r->id);
      }

  topo_document_begin_group (doc, _("Delete"));
  for (guint i = 0; i < doomed_notes->len; i++)
    topo_document_remove_note (doc, g_ptr_array_index (doomed_notes, i));
  /* Notes on what goes stay where they are, free on their lane: a note records a decision or a
   * question, which outlives the resource it was about (undo attaches them again). */
  detach_notes (doc, doomed, NULL);
  for (guint i = topo_document_get_n_links (doc); i > 0; i--)
    {
      const TopoLink *link = topo_document_get_link (doc, i - 1);

      if (g_hash_table_contains (doomed, link->from) || g_hash_table_contains (doomed, link->to))
        topo_document_remove_link (doc, i - 1);
    }
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      TopoResource *copy = NULL;

      if (r->kind != TOPO_KIND_WORKSPACE || g_hash_table_contains (doomed, r->id))
        continue;
      for (guint a = 0; a < 4; a++)
        {
          const char *target = topo_resource_associated (r, a);

          if (target != NULL && g_hash_table_contains (doomed, target))
            {
              if (copy == NULL)
                copy = topo_resource_copy (r);
              g_clear_pointer (topo_resource_associated_slot (copy, a), g_free);
            }
        }
      if (copy != NULL)
        topo_document_replace_resource (doc, copy);
    }
  for (guint i = topo_document_get_n_resources (doc); i > 0; i--)
    {
      const TopoResource *r = topo_document_get_resource (doc, i - 1);

      if (g_hash_table_contains (doomed, r->id))
        topo_document_remove_resource (doc, r->id);
    }
  topo_document_end_group (doc);
}

void
topo_edit_move (TopoDocument      *doc,
                const char *const *ids,
                double             dx,
                double             dy)
{
  g_autoptr(GHashTable) moving = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (TOPO_IS_DOCUMENT (doc));
  if (ids == NULL || (dx == 0 && dy == 0))
    return;
  for (guint i = 0; ids[i]; i++)
    g_hash_table_add (moving, (gpointer) ids[i]);

  topo_document_begin_group (doc, _("Move"));
  for (guint i = 0; ids[i]; i++)
    {
      const TopoResource *r = topo_document_lookup (doc, ids[i]);
      TopoResource *copy;

      if (r == NULL)
        {
          move_note (doc, ids[i], moving, dx, dy);
          continue;
        }
      /* A card whose RG moves too moves with it already. */
      if (r->group != NULL && g_hash_table_contains (moving, r->group))
        continue;
      copy = topo_resource_copy (r);
      copy->has_layout = TRUE;
      copy->layout.x += dx;
      copy->layout.y += dy;
      if (copy->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          /* An RG stays inside its lane's content area. */
          copy->layout.x = MAX (0, copy->layout.x);
          copy->layout.y = MAX (0, copy->layout.y);
        }
      if (topo_resource_equal (copy, r))
        topo_resource_free (copy);   /* against an edge: no change, no step */
      else
        topo_document_replace_resource (doc, copy);
    }
  topo_document_end_group (doc);
}

gboolean
topo_edit_resize_group (TopoDocument    *doc,
                        const char      *id,
                        const TopoRect  *rect,
                        GError         **error)
{
  const TopoResource *r = lookup_kind (doc, id, TOPO_KIND_RESOURCE_GROUP, error);
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = 0, max_y = 0;
  guint n = topo_document_get_n_resources (doc);
  TopoResource *copy;
  double dx, dy;

  if (r == NULL)
    return FALSE;
  if (rect->w < TOPO_GROUP_MIN_WIDTH || rect->h < TOPO_GROUP_MIN_HEIGHT)
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("A resource group is at least %.0f × %.0f."), TOPO_GROUP_MIN_WIDTH,
                   TOPO_GROUP_MIN_HEIGHT);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *card = topo_document_get_resource (doc, i);
      double w, h;

      if (card->kind == TOPO_KIND_RESOURCE_GROUP || g_strcmp0 (card->group, id) != 0)
        continue;
      card_size (card, &w, &h);
      g_ptr_array_add (children, g_strdup (card->id));
      min_x = MIN (min_x, card->layout.x);
      min_y = MIN (min_y, card->layout.y);
      max_x = MAX (max_x, card->layout.x + w);
      max_y = MAX (max_y, card->layout.y + h);
    }

  /* The cards stay where they are on the canvas, and the group cannot shrink below them: a
   * left or top edge moved past a card stops at it. */
  copy = topo_resource_copy (r);
  copy->has_layout = TRUE;
  copy->layout = *rect;
  copy->layout.x = MAX (0, copy->layout.x);
  copy->layout.y = MAX (0, copy->layout.y);
  if (children->len > 0)
    {
      double right = copy->layout.x + copy->layout.w, bottom = copy->layout.y + copy->layout.h;

      copy->layout.x = MIN (copy->layout.x, r->layout.x + min_x - TOPO_GROUP_PADDING);
      copy->layout.y = MIN (copy->layout.y, r->layout.y + min_y - TOPO_GROUP_HEADER);
      right = MAX (right, r->layout.x + max_x + TOPO_GROUP_PADDING);
      bottom = MAX (bottom, r->layout.y + max_y + TOPO_GROUP_PADDING);
      copy->layout.w = right - copy->layout.x;
      copy->layout.h = bottom - copy->layout.y;
    }
  dx = copy->layout.x - r->layout.x;
  dy = copy->layout.y - r->layout.y;
  if (topo_resource_equal (copy, r))
    {
      topo_resource_free (copy);
      return TRUE;
    }
  topo_document_begin_group (doc, _("Resize"));
  topo_document_replace_resource (doc, copy);
  for (guint i = 0; (dx != 0 || dy != 0) && i < children->len; i++)
    {
      TopoResource *card = topo_resource_copy (topo_document_lookup (doc, g_ptr_array_index (children, i)));

      card->layout.x -= dx;
      card->layout.y -= dy;
      topo_document_replace_resource (doc, card);
    }
  topo_document_end_group (doc);
  return TRUE;
}

gboolean
topo_edit_move_group_to_region (TopoDocument  *doc,
                                const char    *id,
                                const char    *region,
                                double         x,
                                double         y,
                                GError       **error)
{
  const TopoResource *r = lookup_kind (doc, id, TOPO_KIND_RESOURCE_GROUP, error);
  TopoResource *copy;

  if (r == NULL)
    return FALSE;
  if (region == NULL || *region == '\0')
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A resource group needs a region."));
  copy = topo_resource_copy (r);
  g_free (copy->region);
  copy->region = g_strdup (region);
  copy->has_layout = TRUE;
  copy->layout.x = MAX (0, x);
  copy->layout.y = MAX (0, y);
  return commit_copy (doc, r, copy, _("Move to Region"));
}

gboolean
topo_edit_reparent (TopoDocument  *doc,
                    const char    *id,
                    const char    *group,
                    double         x,
                    double         y,
                    GError       **error)
{
  const TopoResource *r = lookup_kind (doc, id, -1, error);
  TopoResource *copy;

  if (r == NULL)
    return FALSE;
  if (r->kind == TOPO_KIND_RESOURCE_GROUP)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED,
                   _("Resource groups cannot be nested."));
  if (lookup_kind (doc, group, TOPO_KIND_RESOURCE_GROUP, error) == NULL)
    return FALSE;
  copy = topo_resource_copy (r);
  g_free (copy->group);
  copy->group = g_strdup (group);
  copy->has_layout = TRUE;
  copy->layout.x = x;
  copy->layout.y = y;
  return commit_copy (doc, r, copy, _("Move to Resource Group"));
}

/* Property edits */

static gboolean
parse_enum (const char  *key,
            const char  *value,
            int        (*from_string) (const char *),
            int         *out,
            GError     **error)
{
  int e = from_string (value);

  if (e <= 0)
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("“%s” is not a valid %s."), value, key);
  *out = e;
  return TRUE;
}

static gboolean
parse_count (const char  *value,
             gint64      *out,
             GError     **error)
{
  gint64 number;

  /* As the loader: negative counts are the validator's to report (DEP006). */
  if (!g_ascii_string_to_signed (value, 10, G_MININT32, G_MAXINT32, &number, NULL))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("“%s” is not a whole number from %d to %d."), value, G_MININT32, G_MAXINT32);
  *out = number;
  return TRUE;
}

static gboolean
parse_bool (const char  *value,
            TopoTri     *out,
            GError     **error)
{
  if (g_strcmp0 (value, "true") == 0)
    *out = TOPO_TRI_TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *out = TOPO_TRI_FALSE;
  else
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("Expected true or false, not “%s”."),
                   value);
  return TRUE;
}

static gboolean
set_reference (TopoDocument  *doc,
               char         **slot,
               const char    *value,
               TopoKind       kind,
               GError       **error)
{
  if (value != NULL && lookup_kind (doc, value, kind, error) == NULL)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static gboolean
apply_property (TopoDocument  *doc,
                TopoResource  *r,
                const char    *key,
                const char    *value,
                GError       **error)
{
  int e = 0;
  char **string_slot = NULL;

  if (!_topo_format_key_applies (key, r->kind) || g_str_equal (key, "tags") ||
      g_str_equal (key, "layout") || g_str_equal (key, "access"))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("%s has no property “%s”."),
                   topo_kind_display_name (r->kind), key);

  if (g_str_equal (key, "name"))
    {
      if (value != NULL && *value == '\0')
        return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A name cannot be empty."));
      string_slot = &r->name;
    }
  else if (g_str_equal (key, "region"))
    {
      if (value == NULL || *value == '\0')
        return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                       _("A resource group needs a region."));
      string_slot = &r->region;
    }
  else if (g_str_equal (key, "environment"))
    string_slot = &r->environment;
  else if (g_str_equal (key, "team"))
    string_slot = &r->team;
  else if (g_str_equal (key, "project"))
    string_slot = &r->project;
  else if (g_str_equal (key, "vm_size"))
    string_slot = &r->vm_size;
  else if (g_str_equal (key, "sku"))
    string_slot = &r->sku;
  else if (g_str_equal (key, "group"))
    {
      if (value == NULL)
        {
          g_clear_pointer (&r->group, g_free);
          return TRUE;
        }
      return set_reference (doc, &r->group, value, TOPO_KIND_RESOURCE_GROUP, error);
    }
  else if (g_str_equal (key, "workspace"))
    {
      if (value == NULL)
        return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                       _("A compute always belongs to a workspace."));
      return set_reference (doc, &r->workspace, value, TOPO_KIND_WORKSPACE, error);
    }
  else if (g_str_equal (key, "purpose"))
    {
      if (value != NULL && !parse_enum (key, value, topo_purpose_from_string, &e, error))
        return FALSE;
      r->purpose = e;
      return TRUE;
    }
  else if (g_str_equal (key, "data"))
    {
      if (value != NULL && !parse_enum (key, value, topo_data_from_string, &e, error))
        return FALSE;
      r->data = e;
      return TRUE;
    }
  else if (g_str_equal (key, "sensitivity"))
    {
      if (value != NULL && !parse_enum (key, value, topo_level_from_string, &e, error))
        return FALSE;
      r->sensitivity = e;
      return TRUE;
    }
  else if (g_str_equal (key, "min_nodes") || g_str_equal (key, "max_nodes") ||
           g_str_equal (key, "node_count"))
    {
      gint64 *slot = g_str_equal (key, "min_nodes") ? &r->min_nodes
                   : g_str_equal (key, "max_nodes") ? &r->max_nodes : &r->node_count;
      gint64 number = TOPO_COUNT_UNSET;

      if (value != NULL && !parse_count (value, &number, error))
        return FALSE;
      *slot = number;
      return TRUE;
    }
  else if (g_str_equal (key, "existing"))
    {
      TopoTri tri = TOPO_TRI_UNSET;

      if (value != NULL && !parse_bool (value, &tri, error))
        return FALSE;
      r->existing = tri == TOPO_TRI_TRUE;
      return TRUE;
    }
  else if (g_str_equal (key, "hns") || g_str_equal (key, "public_network_access"))
    {
      TopoTri *slot = g_str_equal (key, "hns") ? &r->hns : &r->public_network_access;
      TopoTri tri = TOPO_TRI_UNSET;

      if (value != NULL && !parse_bool (value, &tri, error))
        return FALSE;
      *slot = tri;
      return TRUE;
    }
  else
    {
      for (guint a = 0; a < 4; a++)
        if (g_str_equal (key, topo_associated_keys[a]))
          {
            if (value != NULL && g_strcmp0 (value, r->id) == 0)
              return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A resource cannot refer to itself."));
            return set_reference (doc, topo_resource_associated_slot (r, a), value,
                                  topo_associated_kinds[a], error);
          }
      g_assert_not_reached ();
    }

  g_free (*string_slot);
  *string_slot = g_strdup (value);
  return TRUE;
}

gboolean
topo_edit_set_property (TopoDocument  *doc,
                        const char    *id,
                        const char    *key,
                        const char    *value,
                        GError       **error)
{
  const TopoResource *r = lookup_kind (doc, id, -1, error);
  g_autoptr(TopoResource) copy = NULL;
  g_autofree char *label = NULL;

  if (r == NULL)
    return FALSE;
  /* Whatever an edit accepts must save to a file that loads. */
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("The value is not valid UTF-8 text."));
  copy = topo_resource_copy (r);
  if (!apply_property (doc, copy, key, value, error))
    return FALSE;
  label = g_strdup_printf (_("Change %s"), key);
  return commit_copy (doc, r, g_steal_pointer (&copy), label);
}

gboolean
topo_edit_set_tag (TopoDocument  *doc,
                   const char    *id,
                   const char    *key,
                   const char    *value,
                   GError       **error)
{
  const TopoResource *r = lookup_kind (doc, id, -1, error);
  g_autoptr(TopoResource) copy = NULL;

  if (r == NULL)
    return FALSE;
  if (key == NULL || *key == '\0')
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A tag needs a name."));
  if (!g_utf8_validate (key, -1, NULL) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("The tag is not valid UTF-8 text."));
  copy = topo_resource_copy (r);
  if (value == NULL)
    topo_resource_remove_tag (copy, key);
  else
    topo_resource_set_tag (copy, key, value);
  return commit_copy (doc, r, g_steal_pointer (&copy), value ? _("Set Tag") : _("Remove Tag"));
}

gboolean
topo_edit_set_access (TopoDocument  *doc,
                      const char    *workspace,
                      const char    *team,
                      TopoRole       role,
                      GError       **error)
{
  const TopoResource *r = lookup_kind (doc, workspace, TOPO_KIND_WORKSPACE, error);
  g_autoptr(TopoResource) copy = NULL;

  if (r == NULL)
    return FALSE;
  if (role != TOPO_ROLE_UNSET && topo_document_lookup_team (doc, team) == NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No team has the id “%s”."), team);
  copy = topo_resource_copy (r);
  topo_resource_set_access (copy, team, role);
  return commit_copy (doc, r, g_steal_pointer (&copy), _("Change Access"));
}

/* What the loader's reference pass checks, for one edited resource. */
static gboolean
check_resource (TopoDocument        *doc,
                const TopoResource  *r,
                GError             **error)
{
  if (r->kind == TOPO_KIND_RESOURCE_GROUP && (r->region == NULL || *r->region == '\0'))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A resource group needs a region."));
  if (topo_kind_is_compute (r->kind) && r->workspace == NULL)
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A compute always belongs to a workspace."));
  if (r->group != NULL && lookup_kind (doc, r->group, TOPO_KIND_RESOURCE_GROUP, error) == NULL)
    return FALSE;
  if (r->workspace != NULL && lookup_kind (doc, r->workspace, TOPO_KIND_WORKSPACE, error) == NULL)
    return FALSE;
  for (guint a = 0; a < 4; a++)
    {
      const char *target = topo_resource_associated (r, a);

      if (target != NULL && lookup_kind (doc, target, topo_associated_kinds[a], error) == NULL)
        return FALSE;
    }
  for (guint i = 0; r->access != NULL && i < r->access->len; i++)
    {
      const char *team = g_array_index (r->access, TopoAccessEntry, i).team;

      if (topo_document_lookup_team (doc, team) == NULL)
        return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No team has the id “%s”."), team);
      if (g_array_index (r->access, TopoAccessEntry, i).role == TOPO_ROLE_UNSET)
        return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("Every access entry needs a role."));
    }
  return TRUE;
}

gboolean
topo_edit_replace (TopoDocument  *doc,
                   TopoResource  *resource,
                   GError       **error)
{
  g_autoptr(TopoResource) owned = resource;
  const TopoResource *old = lookup_kind (doc, resource->id, -1, error);

  if (old == NULL)
    return FALSE;
  if (old->kind != resource->kind)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, _("The type of a resource cannot change."));
  if (!check_resource (doc, resource, error))
    return FALSE;
  return commit_copy (doc, old, g_steal_pointer (&owned), _("Edit"));
}

/* Links */

gboolean
topo_edit_connect (TopoDocument  *doc,
                   const char    *from,
                   const char    *to,
                   TopoAccess     access,
                   GError       **error)
{
  const TopoResource *a = lookup_kind (doc, from, -1, error);
  const TopoResource *b = a ? lookup_kind (doc, to, -1, error) : NULL;
  TopoLink *link;
  int type;

  if (a == NULL || b == NULL)
    return FALSE;
  if (a == b)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, _("A resource cannot link to itself."));
  type = topo_link_type_for_kinds (a->kind, b->kind);
  if (type < 0)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED,
                   _("Cannot link %s to %s: links start at a workspace or a storage account."),
                   topo_kind_indefinite_name (a->kind), topo_kind_indefinite_name (b->kind));
  if (topo_document_find_link (doc, type, from, to) >= 0)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, _("“%s” and “%s” are already linked."),
                   topo_resource_get_name (a), topo_resource_get_name (b));
  link = topo_link_new (type, from, to);
  if (type == TOPO_LINK_DATASTORE)
    link->access = access == TOPO_ACCESS_UNSET ? TOPO_ACCESS_READ : access;
  topo_document_begin_group (doc, _("Connect"));
  topo_document_insert_link (doc, topo_document_get_n_links (doc), link);
  topo_document_end_group (doc);
  return TRUE;
}

gboolean
topo_edit_disconnect (TopoDocument  *doc,
                      guint          link_index,
                      GError       **error)
{
  if (link_index >= topo_document_get_n_links (doc))
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("That link no longer exists."));
  topo_document_begin_group (doc, _("Disconnect"));
  detach_notes (doc, NULL, topo_document_get_link (doc, link_index));
  topo_document_remove_link (doc, link_index);
  topo_document_end_group (doc);
  return TRUE;
}

/* The link at link_index if it has the type, or NULL with the error (refusal says why not). */
static const TopoLink *
link_of_type (TopoDocument  *doc,
              guint          link_index,
              TopoLinkType   type,
              const char    *refusal,
              GError       **error)
{
  const TopoLink *link;

  if (link_index >= topo_document_get_n_links (doc))
    {
      refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("That link no longer exists."));
      return NULL;
    }
  link = topo_document_get_link (doc, link_index);
  if (link->type != type)
    {
      refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, "%s", refusal);
      return NULL;
    }
  return link;
}

/* Puts the edited copy in the link's place as one undo step. */
static void
commit_link (TopoDocument *doc,
             guint         link_index,
             TopoLink     *copy,
             const char   *label)
{
  topo_document_begin_group (doc, label);
  topo_document_replace_link (doc, link_index, copy);
  topo_document_end_group (doc);
}

gboolean
topo_edit_set_link_access (TopoDocument  *doc,
                           guint          link_index,
                           TopoAccess     access,
                           GError       **error)
{
  const TopoLink *link = link_of_type (doc, link_index, TOPO_LINK_DATASTORE,
                                       _("Only datastore links have read or write access."), error);
  TopoLink *copy;

  if (link == NULL)
    return FALSE;
  if (link->access == access)
    return TRUE;
  copy = topo_link_copy (link);
  copy->access = access;
  commit_link (doc, link_index, copy, _("Change Link Access"));
  return TRUE;
}

gboolean
topo_edit_set_link_compute (TopoDocument  *doc,
                            guint          link_index,
                            const char    *compute,
                            GError       **error)
{
  const TopoLink *link = link_of_type (doc, link_index, TOPO_LINK_INFERENCE,
                                       _("Only inference links attach a compute under a name of its own."),
                                       error);
  TopoLink *copy;

  if (link == NULL)
    return FALSE;
  if (compute != NULL && !g_utf8_validate (compute, -1, NULL))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("The value is not valid UTF-8 text."));
  if (g_strcmp0 (link->compute, compute) == 0)
    return TRUE;
  copy = topo_link_copy (link);
  g_free (copy->compute);
  copy->compute = g_strdup (compute);
  commit_link (doc, link_index, copy, _("Name Attached Compute"));
  return TRUE;
}

/* Teams, policy and the document */

gboolean
topo_edit_add_team (TopoDocument  *doc,
                    TopoTeam      *team,
                    GError       **error)
{
  g_autoptr(TopoTeam) owned = team;

  if (!topo_id_is_valid (team->id))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("“%s” is not a valid id: use letters, digits, “.”, “_” or “-”."),
                   team->id ? team->id : "");
  if (topo_document_lookup_team (doc, team->id) != NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, _("A team with the id “%s” exists already."),
                   team->id);
  topo_document_begin_group (doc, _("Add Team"));
  topo_document_insert_team (doc, topo_document_get_n_teams (doc), g_steal_pointer (&owned));
  topo_document_end_group (doc);
  return TRUE;
}

gboolean
topo_edit_rename_team (TopoDocument  *doc,
                       const char    *old_id,
                       const char    *new_id,
                       GError       **error)
{
  const TopoTeam *team = topo_document_lookup_team (doc, old_id);
  g_autofree char *old_copy = g_strdup (old_id);
  guint n = topo_document_get_n_resources (doc);
  TopoTeam *copy;
  int index;

  if (team == NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No team has the id “%s”."), old_id ? old_id : "");
  if (g_strcmp0 (old_id, new_id) == 0)
    return TRUE;
  if (!topo_id_is_valid (new_id))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("“%s” is not a valid id: use letters, digits, “.”, “_” or “-”."),
                   new_id ? new_id : "");
  if (topo_document_lookup_team (doc, new_id) != NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, _("A team with the id “%s” exists already."),
                   new_id);

  /* The id is the team's key: the team is re-created under the new id at the same place, and
   * every access entry follows it, in place. */
  index = topo_document_team_index (doc, old_id);
  copy = topo_team_copy (team);
  g_free (copy->id);
  copy->id = g_strdup (new_id);
  topo_document_begin_group (doc, _("Rename Team"));
  topo_document_insert_team (doc, index, copy);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      TopoResource *edited = NULL;

      for (guint j = 0; r->access != NULL && j < r->access->len; j++)
        {
          TopoAccessEntry *entry;

          if (g_strcmp0 (g_array_index (r->access, TopoAccessEntry, j).team, old_copy) != 0)
            continue;
          if (edited == NULL)
            edited = topo_resource_copy (r);
          entry = &g_array_index (edited->access, TopoAccessEntry, j);
          g_free (entry->team);
          entry->team = g_strdup (new_id);
        }
      if (edited != NULL)
        topo_document_replace_resource (doc, edited);
    }
  topo_document_remove_team (doc, old_copy);
  topo_document_end_group (doc);
  return TRUE;
}

gboolean
topo_edit_replace_team (TopoDocument  *doc,
                        TopoTeam      *team,
                        GError       **error)
{
  g_autoptr(TopoTeam) owned = team;
  const TopoTeam *old = topo_document_lookup_team (doc, team->id);

  if (old == NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No team has the id “%s”."), team->id);
  if (topo_team_equal (old, team))
    return TRUE;
  topo_document_begin_group (doc, _("Edit Team"));
  topo_document_replace_team (doc, g_steal_pointer (&owned));
  topo_document_end_group (doc);
  return TRUE;
}

void
topo_edit_remove_team (TopoDocument *doc,
                       const char   *id)
{
  guint n = topo_document_get_n_resources (doc);

  if (topo_document_lookup_team (doc, id) == NULL)
    return;
  topo_document_begin_group (doc, _("Remove Team"));
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_WORKSPACE && topo_resource_get_access (r, id) != TOPO_ROLE_UNSET)
        {
          TopoResource *copy = topo_resource_copy (r);

          topo_resource_set_access (copy, id, TOPO_ROLE_UNSET);
          topo_document_replace_resource (doc, copy);
        }
    }
  topo_document_remove_team (doc, id);
  topo_document_end_group (doc);
}

void
topo_edit_set_policy (TopoDocument *doc,
                      TopoPolicy   *policy)
{
  if (topo_policy_equal (topo_document_get_policy (doc), policy))
    {
      topo_policy_free (policy);
      return;
    }
  topo_document_begin_group (doc, _("Change Policy"));
  topo_document_set_policy (doc, policy);
  topo_document_end_group (doc);
}

gboolean
topo_edit_set_quota (TopoDocument *doc,
                     const char   *region,
                     const char   *family,
                     gint64        vcpus,
                     GError      **error)
{
  const TopoPolicy *policy = topo_document_get_policy (doc);
  g_autoptr(TopoPolicy) copy = NULL;
  g_autofree char *key = NULL;
  int found = -1;

  if (region == NULL || *region == '\0' || !g_utf8_validate (region, -1, NULL))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A quota needs a region"));
  if (family != NULL && (*family == '\0' || !g_utf8_validate (family, -1, NULL)))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A family quota needs a VM family"));
  /* the loader's range for counts */
  if (vcpus != TOPO_QUOTA_UNSET && (vcpus < 0 || vcpus > G_MAXINT32))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("A quota is a number of vCPUs from 0 to %d"), G_MAXINT32);

  /* one entry per region and family (any spelling of it), as the loader requires */
  key = family != NULL ? topo_vm_family_key (family) : NULL;
  for (guint i = 0; policy->quotas != NULL && i < policy->quotas->len; i++)
    {
      const TopoQuota *q = &g_array_index (policy->quotas, TopoQuota, i);
      g_autofree char *qkey = q->family != NULL ? topo_vm_family_key (q->family) : NULL;

      if (g_str_equal (q->region, region) && g_strcmp0 (qkey, key) == 0)
        found = (int) i;
    }
  if (found < 0 && vcpus == TOPO_QUOTA_UNSET)
    return TRUE;
  if (found >= 0 && g_array_index (policy->quotas, TopoQuota, found).vcpus == vcpus)
    return TRUE;

  copy = topo_policy_copy (policy);
  if (vcpus == TOPO_QUOTA_UNSET)
    {
      g_array_remove_index (copy->quotas, (guint) found);
      /* the last one gone: no "quotas": [] in the file */
      if (copy->quotas->len == 0)
        g_clear_pointer (&copy->quotas, g_array_unref);
    }
  else if (found >= 0)
    g_array_index (copy->quotas, TopoQuota, found).vcpus = vcpus;
  else
    {
      TopoQuota q = { g_strdup (region), g_strdup (family), vcpus, NULL };

      if (copy->quotas == NULL)
        copy->quotas = topo_quotas_array_new ();
      g_array_append_val (copy->quotas, q);
    }
  topo_document_begin_group (doc, vcpus == TOPO_QUOTA_UNSET ? _("Remove Quota") : _("Set Quota"));
  topo_document_set_policy (doc, g_steal_pointer (&copy));
  topo_document_end_group (doc);
  return TRUE;
}

void
topo_edit_set_lanes (TopoDocument      *doc,
                     const char *const *lanes)
{
  static const char *const none[] = { NULL };

  if (g_strv_equal (topo_document_get_lanes (doc), lanes ? lanes : none))
    return;
  topo_document_begin_group (doc, _("Change Lanes"));
  topo_document_set_lanes (doc, lanes);
  topo_document_end_group (doc);
}

void
topo_edit_set_name (TopoDocument *doc,
                    const char   *name)
{
  g_return_if_fail (name == NULL || g_utf8_validate (name, -1, NULL));

  if (g_strcmp0 (topo_document_get_name (doc), name) == 0)
    return;
  topo_document_begin_group (doc, _("Rename Design"));
  topo_document_set_name (doc, name);
  topo_document_end_group (doc);
}

/* Notes ------------------------------------------------------------------------------------------ */

/* Where a note is now, as the offset its place is measured from (relative to its lane for a
 * free note, to its target's anchor otherwise): a note without a layout gets its default one. */
static void
note_current_offset (TopoDocument   *doc,
                     const TopoNote *note,
                     double         *x,
                     double         *y)
{
  double ax, ay;

  topo_layout_update (doc);
  if (note->has_layout)
    {
      *x = note->x;
      *y = note->y;
    }
  else if (topo_layout_note_anchor (doc, note, &ax, &ay))
    {
      *x = note->bounds.x - ax;
      *y = note->bounds.y - ay;
    }
  else
    {
      int lane = topo_layout_note_lane (doc, note);
      const TopoRect *lb = lane >= 0 ? &topo_layout_get_lane (doc, lane)->bounds : NULL;

      *x = lb != NULL ? note->bounds.x - lb->x - TOPO_LANE_HEADER_WIDTH : 0;
      *y = lb != NULL ? note->bounds.y - lb->y : 0;
    }
}

/* Makes the note free on the lane under its current bounds (the nearest lane, the first one). */
static gboolean
make_free_here (TopoDocument *doc,
                TopoNote     *note)
{
  guint n_lanes = topo_layout_get_n_lanes (doc);
  const TopoLane *lane = NULL;
  double cy = note->bounds.y + note->bounds.h / 2, best = G_MAXDOUBLE;

  for (guint l = 0; l < n_lanes; l++)
    {
      const TopoLane *candidate = topo_layout_get_lane (doc, l);
      double d = cy < candidate->bounds.y ? candidate->bounds.y - cy
               : cy > candidate->bounds.y + candidate->bounds.h ? cy - candidate->bounds.y - candidate->bounds.h
               : 0;

      if (d < best)
        {
          best = d;
          lane = candidate;
        }
    }
  if (lane == NULL)
    return FALSE;
  {
    g_autofree char *region = g_strdup (lane->region);
    double x = note->bounds.x - lane->bounds.x - TOPO_LANE_HEADER_WIDTH;
    double y = note->bounds.y - lane->bounds.y;

    topo_note_set_free (note, region);
    note->has_layout = TRUE;
    note->x = MAX (0, x);
    note->y = MAX (0, y);
  }
  return TRUE;
}

/* Detaches the notes on doomed resources (ids, may be NULL) or on link (may be NULL), keeping
 * them where they are. */
static void
detach_notes (TopoDocument   *doc,
              GHashTable     *doomed,
              const TopoLink *link)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint n = topo_document_get_n_notes (doc);

  for (guint i = 0; i < n; i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      gboolean on_doomed = doomed != NULL &&
        ((note->attach != NULL && g_hash_table_contains (doomed, note->attach)) ||
         (note->link_from != NULL && (g_hash_table_contains (doomed, note->link_from) ||
                                      g_hash_table_contains (doomed, note->link_to))));

      if (on_doomed || (link != NULL && topo_note_is_on (note, link)))
        g_ptr_array_add (ids, g_strdup (note->id));
    }
  if (ids->len == 0)
    return;
  topo_layout_update (doc);
  for (guint i = 0; i < ids->len; i++)
    {
      TopoNote *copy = topo_note_copy (topo_document_lookup_note (doc, g_ptr_array_index (ids, i)));

      if (make_free_here (doc, copy))
        topo_document_replace_note (doc, copy);
      else
        {
          topo_note_free (copy);
          topo_document_remove_note (doc, g_ptr_array_index (ids, i));
        }
    }
}

/* Moves a note by dx, dy unless what it is attached to moves too (it follows that). */
static void
move_note (TopoDocument *doc,
           const char   *id,
           GHashTable   *moving,
           double        dx,
           double        dy)
{
  const TopoNote *note = topo_document_lookup_note (doc, id);
  TopoNote *copy;
  double x, y;

  if (note == NULL)
    return;
  if (note->attach != NULL)
    {
      const TopoResource *target = topo_document_lookup (doc, note->attach);
      const TopoResource *rg = topo_document_get_group_of (doc, target);

      if (g_hash_table_contains (moving, note->attach) || (rg != NULL && g_hash_table_contains (moving, rg->id)))
        return;
    }
  if (note->link_from != NULL)
    {
      const TopoResource *from = topo_document_lookup (doc, note->link_from);
      const TopoResource *to = topo_document_lookup (doc, note->link_to);
      const TopoResource *rf = topo_document_get_group_of (doc, from);
      const TopoResource *rt = topo_document_get_group_of (doc, to);

      if ((g_hash_table_contains (moving, note->link_from) || (rf != NULL && g_hash_table_contains (moving, rf->id))) &&
          (g_hash_table_contains (moving, note->link_to) || (rt != NULL && g_hash_table_contains (moving, rt->id))))
        return;
    }
  note_current_offset (doc, note, &x, &y);
  copy = topo_note_copy (note);
  copy->has_layout = TRUE;
  copy->x = x + dx;
  copy->y = y + dy;
  if (topo_note_is_free (copy))
    {
      /* a free note stays inside its lane's content area, as an RG */
      copy->x = MAX (0, copy->x);
      copy->y = MAX (0, copy->y);
    }
  if (topo_note_equal (copy, note))
    topo_note_free (copy);
  else
    topo_document_replace_note (doc, copy);
}

static gboolean
check_note (TopoDocument   *doc,
            const TopoNote *note,
            GError        **error)
{
  if (note->id == NULL || !topo_id_is_valid (note->id))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("“%s” is not a valid id."),
                   note->id != NULL ? note->id : "");
  if (topo_document_lookup (doc, note->id) != NULL)
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("“%s” is already the id of a resource."), note->id);
  if (note->text == NULL)
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A note needs a text."));
  if (note->date != NULL && !topo_note_date_is_valid (note->date))
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("“%s” is not a date: write it as YYYY-MM-DD (or an ISO 8601 date and time)."),
                   note->date);
  if ((note->region != NULL) + (note->attach != NULL) + (note->link_from != NULL) != 1)
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE,
                   _("A note is either on a region lane or attached to one thing."));
  if (note->region != NULL && *note->region == '\0')
    return refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("A note on a lane needs its region."));
  if (note->attach != NULL && topo_document_lookup (doc, note->attach) == NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No resource has the id “%s”."), note->attach);
  if (note->link_from != NULL &&
      topo_document_find_link (doc, note->link_type, note->link_from, note->link_to) < 0)
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("That link no longer exists."));
  return TRUE;
}

const char *
topo_edit_add_note (TopoDocument  *doc,
                    TopoNote      *note,
                    GError       **error)
{
  g_autoptr(TopoNote) owned = note;
  const char *id;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (note != NULL, NULL);

  if (owned->id == NULL)
    owned->id = topo_document_make_unique_id (doc, "note", FALSE);
  else if (topo_document_lookup_note (doc, owned->id) != NULL)
    {
      refuse (error, TOPO_EDIT_ERROR_INVALID_VALUE, _("“%s” is already the id of a note."), owned->id);
      return NULL;
    }
  if (!check_note (doc, owned, error))
    return NULL;
  id = owned->id;
  topo_document_begin_group (doc, _("Add Note"));
  topo_document_insert_note (doc, topo_document_get_n_notes (doc), g_steal_pointer (&owned));
  topo_document_end_group (doc);
  return topo_document_lookup_note (doc, id) != NULL ? topo_document_lookup_note (doc, id)->id : NULL;
}

gboolean
topo_edit_replace_note (TopoDocument  *doc,
                        TopoNote      *note,
                        GError       **error)
{
  g_autoptr(TopoNote) owned = note;
  const TopoNote *old;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);
  old = topo_document_lookup_note (doc, note->id);
  if (old == NULL)
    return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No note has the id “%s”."), note->id);
  if (!check_note (doc, owned, error))
    return FALSE;
  if (topo_note_equal (old, owned))
    return TRUE;
  topo_document_begin_group (doc, _("Edit Note"));
  topo_document_replace_note (doc, g_steal_pointer (&owned));
  topo_document_end_group (doc);
  return TRUE;
}

static TopoNote *
note_copy_of (TopoDocument  *doc,
              const char    *id,
              GError       **error)
{
  const TopoNote *note = topo_document_lookup_note (doc, id);

  if (note == NULL)
    {
      refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No note has the id “%s”."), id ? id : "");
      return NULL;
    }
  return topo_note_copy (note);
}

gboolean
topo_edit_set_note_text (TopoDocument  *doc,
                         const char    *id,
                         const char    *text,
                         GError       **error)
{
  TopoNote *copy = note_copy_of (doc, id, error);

  if (copy == NULL)
    return FALSE;
  g_free (copy->text);
  copy->text = g_strdup (text != NULL ? text : "");
  return topo_edit_replace_note (doc, copy, error);
}

gboolean
topo_edit_set_note_author (TopoDocument  *doc,
                           const char    *id,
                           const char    *author,
                           GError       **error)
{
  TopoNote *copy = note_copy_of (doc, id, error);

  if (copy == NULL)
    return FALSE;
  g_free (copy->author);
  copy->author = author != NULL && *author != '\0' ? g_strdup (author) : NULL;
  return topo_edit_replace_note (doc, copy, error);
}

gboolean
topo_edit_set_note_date (TopoDocument  *doc,
                         const char    *id,
                         const char    *date,
                         GError       **error)
{
  TopoNote *copy = note_copy_of (doc, id, error);

  if (copy == NULL)
    return FALSE;
  g_free (copy->date);
  copy->date = date != NULL && *date != '\0' ? g_strdup (date) : NULL;
  return topo_edit_replace_note (doc, copy, error);
}

gboolean
topo_edit_attach_note (TopoDocument  *doc,
                       const char    *id,
                       const char    *target,
                       int            link_index,
                       GError       **error)
{
  TopoNote *copy = note_copy_of (doc, id, error);
  double ax, ay;

  if (copy == NULL)
    return FALSE;
  topo_layout_update (doc);
  copy->bounds = topo_document_lookup_note (doc, id)->bounds;
  if (target != NULL)
    {
      if (topo_document_lookup (doc, target) == NULL)
        {
          topo_note_free (copy);
          return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("No resource has the id “%s”."), target);
        }
      topo_note_set_attach (copy, target);
    }
  else if (link_index >= 0)
    {
      if (link_index >= (int) topo_document_get_n_links (doc))
        {
          topo_note_free (copy);
          return refuse (error, TOPO_EDIT_ERROR_NOT_FOUND, _("That link no longer exists."));
        }
      topo_note_set_link (copy, topo_document_get_link (doc, link_index));
    }
  else if (!make_free_here (doc, copy))
    {
      topo_note_free (copy);
      return refuse (error, TOPO_EDIT_ERROR_NOT_ALLOWED, _("A free note needs a region lane."));
    }
  /* It stays where it is on the canvas: its offset is measured from its new anchor. */
  if (!topo_note_is_free (copy) && topo_layout_note_anchor (doc, copy, &ax, &ay))
    {
      copy->has_layout = TRUE;
      copy->x = copy->bounds.x - ax;
      copy->y = copy->bounds.y - ay;
    }
  return topo_edit_replace_note (doc, copy, error);
}

void
_topo_edit_enforce_note_invariants (TopoDocument *doc)
{
  guint n = topo_document_get_n_notes (doc);

  topo_layout_update (doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);
      gboolean gone = (note->attach != NULL && topo_document_lookup (doc, note->attach) == NULL) ||
                      (note->link_from != NULL &&
                       topo_document_find_link (doc, note->link_type, note->link_from, note->link_to) < 0);
      TopoNote *copy;
      int lane;

      if (gone)
        {
          /* a path that removed the target without detaching: keep the note where it was */
          copy = topo_note_copy (note);
          if (make_free_here (doc, copy))
            topo_document_replace_note (doc, copy);
          else
            {
              g_autofree char *id = g_strdup (note->id);

              topo_note_free (copy);
              topo_document_remove_note (doc, id);
              n--;
              i--;
            }
          topo_layout_update (doc);
          continue;
        }
      lane = topo_layout_note_lane (doc, note);
      if (lane >= 0)
        {
          const TopoRect *lb = &topo_layout_get_lane (doc, lane)->bounds;
          double dx = MAX (0, lb->x + TOPO_LANE_HEADER_WIDTH - note->bounds.x);
          double dy = MAX (0, lb->y - note->bounds.y);

          if (dx > 0 || dy > 0)
            {
              double x, y;

              note_current_offset (doc, note, &x, &y);
              copy = topo_note_copy (note);
              copy->has_layout = TRUE;
              copy->x = x + dx;
              copy->y = y + dy;
              topo_document_replace_note (doc, copy);
              topo_layout_update (doc);
            }
        }
    }
}

/* Layout invariants
 *
 * After every edit, by any path: a card lies inside its group's content area (below the title
 * band, right of the padding), a group is big enough for its cards, and groups in one lane do not
 * overlap. The document calls _topo_edit_enforce_invariants before an undo step closes, with the
 * ids the step added or changed; the fixes join that step, so undo takes them back with it. The
 * groups that changed keep their place and the others move aside (right or down, whichever is
 * shorter), which may push further groups; the lane grows to fit. */

#define GROUP_GAP TOPO_LANE_PADDING


static void
card_size (const TopoResource *r,
           double             *w,
           double             *h)
{
  topo_layout_card_size (r->kind, w, h);
}

/* Cards of gid in the content area, gid grown to hold them. */
static void
fit_group (TopoDocument *doc,
           const char   *gid,
           GPtrArray    *cards)
{
  const TopoResource *rg = topo_document_lookup (doc, gid);
  double right = TOPO_GROUP_MIN_WIDTH, bottom = TOPO_GROUP_MIN_HEIGHT;

  for (guint i = 0; cards != NULL && i < cards->len; i++)
    {
      const TopoResource *card = topo_document_lookup (doc, g_ptr_array_index (cards, i));
      double w, h, x, y;

      card_size (card, &w, &h);
      x = MAX (card->layout.x, TOPO_GROUP_PADDING);
      y = MAX (card->layout.y, TOPO_GROUP_HEADER);
      if (x != card->layout.x || y != card->layout.y || !card->has_layout)
        {
          TopoResource *copy = topo_resource_copy (card);

          copy->has_layout = TRUE;
          copy->layout.x = x;
          copy->layout.y = y;
          topo_document_replace_resource (doc, copy);
        }
      right = MAX (right, x + w + TOPO_GROUP_PADDING);
      bottom = MAX (bottom, y + h + TOPO_GROUP_PADDING);
    }
  if (rg->layout.w < right || rg->layout.h < bottom || rg->layout.x < 0 || rg->layout.y < 0)
    {
      TopoResource *copy = topo_resource_copy (rg);

      copy->has_layout = TRUE;
      copy->layout.x = MAX (0, copy->layout.x);
      copy->layout.y = MAX (0, copy->layout.y);
      copy->layout.w = MAX (copy->layout.w, right);
      copy->layout.h = MAX (copy->layout.h, bottom);
      topo_document_replace_resource (doc, copy);
    }
}

typedef struct
{
  const char *id;
  TopoRect    rect;     /* layout, relative to the lane */
  guint       rank;     /* lower wins an overlap; G_MAXUINT until it moved or was edited */
  gboolean    moved;
} LaneGroup;

static gboolean
rects_overlap (const TopoRect *a,
               const TopoRect *b)
{
  return topo_rect_intersects (a, b);
}

/* Moves the loser off the winner: right of it or below it, the shorter way. */
static void
move_off (LaneGroup       *loser,
          const LaneGroup *winner)
{
  double dx = winner->rect.x + winner->rect.w + GROUP_GAP - loser->rect.x;
  double dy = winner->rect.y + winner->rect.h + GROUP_GAP - loser->rect.y;

  if (dy < dx)
    loser->rect.y += dy;
  else
    loser->rect.x += dx;
  loser->moved = TRUE;
}

static void
separate_lane (TopoDocument *doc,
               GArray       *groups,   /* of LaneGroup */
               guint         n_movers)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  guint next_rank = n_movers, budget = 64 * (groups->len + 4);

  for (guint i = 0; i < groups->len; i++)
    if (g_array_index (groups, LaneGroup, i).rank != G_MAXUINT)
      g_queue_push_tail (queue, GUINT_TO_POINTER (i));

  while (!g_queue_is_empty (queue) && budget > 0)
    {
      guint pi = GPOINTER_TO_UINT (g_queue_pop_head (queue));
      LaneGroup *p = &g_array_index (groups, LaneGroup, pi);
      gboolean again = TRUE;

      while (again && budget > 0)
        {
          again = FALSE;
          for (guint qi = 0; qi < groups->len; qi++)
            {
              LaneGroup *q = &g_array_index (groups, LaneGroup, qi);

              if (qi == pi || !rects_overlap (&p->rect, &q->rect))
                continue;
              budget--;
              if (q->rank == G_MAXUINT)
                q->rank = next_rank++;
              if (q->rank > p->rank)
                {
                  move_off (q, p);
                  g_queue_push_tail (queue, GUINT_TO_POINTER (qi));
                }
              else
                {
                  /* p was pushed onto a group that ranks higher: p moves on */
                  move_off (p, q);
                  again = TRUE;
                  break;
                }
            }
        }
    }

  /* A pathological pile-up the budget did not resolve: the losers go right of everything. */
  if (budget == 0)
    {
      double right = 0;

      for (guint i = 0; i < groups->len; i++)
        {
          LaneGroup *g = &g_array_index (groups, LaneGroup, i);

          if (g->rank < n_movers)
            right = MAX (right, g->rect.x + g->rect.w);
        }
      for (guint i = 0; i < groups->len; i++)
        {
          LaneGroup *g = &g_array_index (groups, LaneGroup, i);

          for (guint j = 0; j < i && g->rank >= n_movers; j++)
            if (rects_overlap (&g->rect, &g_array_index (groups, LaneGroup, j).rect))
              {
                g->rect.x = right + GROUP_GAP;
                g->moved = TRUE;
                right = g->rect.x + g->rect.w;
                break;
              }
        }
    }

  for (guint i = 0; i < groups->len; i++)
    {
      LaneGroup *g = &g_array_index (groups, LaneGroup, i);
      const TopoResource *rg;
      TopoResource *copy;

      if (!g->moved)
        continue;
      rg = topo_document_lookup (doc, g->id);
      copy = topo_resource_copy (rg);
      copy->has_layout = TRUE;
      copy->layout.x = g->rect.x;
      copy->layout.y = g->rect.y;
      topo_document_replace_resource (doc, copy);
    }
}

void
_topo_edit_enforce_invariants (TopoDocument *doc,
                               GHashTable   *dirty)
{
  guint n = topo_document_get_n_resources (doc);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const TopoResource *r = topo_document_lookup (doc, key);
      const TopoResource *rg = topo_document_get_group_of (doc, r);

      if (rg != NULL && !g_hash_table_contains (groups, rg->id))
        g_hash_table_add (groups, g_strdup (rg->id));
    }
  if (g_hash_table_size (groups) == 0)
    return;

  /* Ids are copied: every replace below frees the struct that owned the previous string. */
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      GPtrArray *list;

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          if (g_hash_table_contains (groups, r->id))
            g_ptr_array_add (order, g_strdup (r->id));
          continue;
        }
      if (r->group == NULL || !g_hash_table_contains (groups, r->group))
        continue;
      list = g_hash_table_lookup (cards, r->group);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (cards, g_strdup (r->group), list);
        }
      g_ptr_array_add (list, g_strdup (r->id));
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *gid = g_ptr_array_index (order, i);

      fit_group (doc, gid, g_hash_table_lookup (cards, gid));
    }

  /* Lanes that hold a changed group: changed groups keep their place, in document order. The
   * region names are copied: a replace frees the struct that owned them. */
  for (guint i = 0; i < order->len; i++)
    {
      const TopoResource *rg = topo_document_lookup (doc, g_ptr_array_index (order, i));

      if (rg->region != NULL && !g_hash_table_contains (regions, rg->region))
        g_hash_table_add (regions, g_strdup (rg->region));
    }
  g_hash_table_iter_init (&iter, regions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *region = key;
      g_autoptr(GArray) lane = g_array_new (FALSE, FALSE, sizeof (LaneGroup));
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      guint rank = 0;
      gboolean overlap = FALSE;

      n = topo_document_get_n_resources (doc);
      for (guint i = 0; i < n; i++)
        {
          const TopoResource *r = topo_document_get_resource (doc, i);

          if (r->kind == TOPO_KIND_RESOURCE_GROUP && g_strcmp0 (r->region, region) == 0)
            g_ptr_array_add (ids, g_strdup (r->id));
        }
      for (guint i = 0; i < ids->len; i++)
        {
          const TopoResource *r = topo_document_lookup (doc, g_ptr_array_index (ids, i));
          LaneGroup g = { g_ptr_array_index (ids, i), r->layout, G_MAXUINT, FALSE };

          if (g_hash_table_contains (groups, r->id))
            g.rank = rank++;
          g_array_append_val (lane, g);
        }
      /* the common case, nothing overlaps a changed group, costs one pass */
      for (guint i = 0; i < lane->len && !overlap; i++)
        {
          const LaneGroup *a = &g_array_index (lane, LaneGroup, i);

          for (guint j = 0; a->rank != G_MAXUINT && j < lane->len && !overlap; j++)
            overlap = j != i && rects_overlap (&a->rect, &g_array_index (lane, LaneGroup, j).rect);
        }
      if (overlap)
        separate_lane (doc, lane, rank);
    }
}

void
topo_edit_enforce_all (TopoDocument *doc)
{
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = topo_document_get_n_resources (doc);

  g_return_if_fail (TOPO_IS_DOCUMENT (doc));

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        g_hash_table_add (all, g_strdup (r->id));
    }
  topo_document_begin_group (doc, _("Tidy Layout"));
  _topo_edit_enforce_invariants (doc, all);
  if (topo_document_get_n_notes (doc) > 0)
    _topo_edit_enforce_note_invariants (doc);
  topo_document_end_group (doc);
}
