/* topo-document.c: a design, its id lookups, change notification and undo history
 *
 * Undo is structural (Dia's lesson): every primitive mutation records one operation that holds
 * the value not currently in the document. Undoing an insert removes the value and keeps it,
 * undoing a remove puts the kept value back at its index, and a replace swaps. Replaying the
 * same operations forwards redoes them, so undo all → the exact start, redo all → the exact end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-document"

#include "config.h"

#include <string.h>

#include "topo-document-private.h"
#include "topo-layout.h"

typedef enum { TARGET_RESOURCE, TARGET_LINK, TARGET_TEAM, TARGET_POLICY, TARGET_LANES, TARGET_NAME, TARGET_NOTE } Target;
typedef enum { OP_INSERT, OP_REMOVE, OP_REPLACE } OpKind;

typedef struct
{
  Target   target;
  OpKind   kind;
  guint    index;
  gpointer stored;     /* the value that is not in the document right now (may be NULL) */
} Op;

typedef struct
{
  char      *label;
  GArray    *ops;      /* of Op */
} Step;

struct _TopoDocument
{
  GObject      parent_instance;

  char        *name;
  GPtrArray   *resources;     /* of TopoResource, document order */
  GHashTable  *resource_ids;  /* id → TopoResource (borrowed) */
  GPtrArray   *links;         /* of TopoLink */
  GPtrArray   *teams;         /* of TopoTeam */
  GHashTable  *team_ids;      /* id → TopoTeam (borrowed) */
  GPtrArray   *notes;         /* of TopoNote */
  GHashTable  *note_ids;      /* id → TopoNote (borrowed) */
  gboolean     notes_key;
  TopoPolicy  *policy;
  GPtrArray   *lanes;         /* of char*, NULL-terminated */
  JsonObject  *extra;

  GPtrArray   *undo_steps;    /* of Step */
  GPtrArray   *redo_steps;
  Step        *open_step;
  GArray      *group_marks;   /* ops->len at each nested begin_group */
  int          clean_index;   /* undo_steps->len when clean; -1 = unreachable */
  gboolean     recording;
  guint64      serial;
  guint64      layout_serial;   /* bumped by the changes topo_change_affects_layout says may move things */
  /* can-undo, can-redo, modified as last notified: every history change compares against it */
  gboolean     notified_can_undo, notified_can_redo, notified_modified;
  /* ids of resources inserted or replaced in the open group: the layout invariants are checked
   * for them (and what they touch) before the outermost group closes */
  GHashTable  *dirty;
  gboolean     cancelling;
  /* the open group changed a note or removed a resource or link: notes are checked at its end */
  gboolean     notes_dirty;
};

G_DEFINE_FINAL_TYPE (TopoDocument, topo_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_MODIFIED,
  PROP_NAME,
  N_PROPS
};

enum {
  CHANGED,
  STEP_COMMITTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void op_clear (gpointer data);

static void
free_stored (Target   target,
             gpointer value)
{
  if (value == NULL)
    return;
  switch (target)
    {
    case TARGET_RESOURCE: topo_resource_free (value); break;
    case TARGET_LINK: topo_link_free (value); break;
    case TARGET_TEAM: topo_team_free (value); break;
    case TARGET_POLICY: topo_policy_free (value); break;
    case TARGET_LANES: g_ptr_array_unref (value); break;
    case TARGET_NAME: g_free (value); break;
    case TARGET_NOTE: topo_note_free (value); break;
    default: break;
    }
}

static void
op_clear (gpointer data)
{
  Op *op = data;

  free_stored (op->target, op->stored);
}

static Step *
step_new (const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->ops = g_array_new (FALSE, FALSE, sizeof (Op));
  g_array_set_clear_func (step->ops, op_clear);
  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->label);
  g_array_unref (step->ops);
  g_free (step);
}

static GPtrArray *
lanes_new (void)
{
  GPtrArray *lanes = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  return lanes;
}

static void
topo_document_finalize (GObject *object)
{
  TopoDocument *self = (TopoDocument *) object;

  g_clear_pointer (&self->undo_steps, g_ptr_array_unref);
  g_clear_pointer (&self->redo_steps, g_ptr_array_unref);
  g_clear_pointer (&self->open_step, step_free);
  g_clear_pointer (&self->group_marks, g_array_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->resource_ids, g_hash_table_unref);
  g_clear_pointer (&self->team_ids, g_hash_table_unref);
  g_clear_pointer (&self->note_ids, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->resources, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->policy, topo_policy_free);
  g_clear_pointer (&self->lanes, g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_free (self->name);

  G_OBJECT_CLASS (topo_document_parent_class)->finalize (object);
}

static void
topo_document_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TopoDocument *self = TOPO_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, topo_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, topo_document_can_redo (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, topo_document_get_modified (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_document_class_init (TopoDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = topo_document_finalize;
  object_class->get_property = topo_document_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TopoDocument::changed:
   * @change: (type gpointer): a TopoChange, valid during the emission
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__POINTER, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * TopoDocument::step-committed:
   *
   * Emitted once per undo step that reaches the history: after the outermost group closes with
   * changes, after an undo and after a redo (never for a cancelled or empty group, nor per
   * primitive change). Listeners that are too costly for every "changed" (validation, panels,
   * autosave) react to this.
   */
  signals[STEP_COMMITTED] =
    g_signal_new ("step-committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
topo_document_init (TopoDocument *self)
{
  self->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_resource_free);
  self->resource_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_link_free);
  self->teams = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_team_free);
  self->team_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_note_free);
  self->note_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->policy = topo_policy_new ();
  self->lanes = lanes_new ();
  self->undo_steps = g_ptr_array_new_with_free_func (step_free);
  self->redo_steps = g_ptr_array_new_with_free_func (step_free);
  self->group_marks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->recording = TRUE;
}

TopoDocument *
topo_document_new (void)
{
  return g_object_new (TOPO_TYPE_DOCUMENT, NULL);
}

/* Read access */

const char *
topo_document_get_name (TopoDocument *self)
{
  g_return_val_if_fail (TOPO_IS_DOCUMENT (self), NULL);
  return self->name;
}

guint
topo_document_get_n_resources (TopoDocument *self)
{
  return self->resources->len;
}

const TopoResource *
topo_document_get_resource (TopoDocument *self,
                            guint         index)
{
  g_return_val_if_fail (index < self->resources->len, NULL);
  return g_ptr_array_index (self->resources, index);
}

TopoResource *
_topo_document_get_resource_mut (TopoDocument *self,
                                 guint         index)
{
  return g_ptr_array_index (self->resources, index);
}

const TopoResource *
topo_document_lookup (TopoDocument *self,
                      const char   *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->resource_ids, id);
}

int
topo_document_resource_index (TopoDocument *self,
                              const char   *id)
{
  const TopoResource *r = topo_document_lookup (self, id);

  return r != NULL ? (int) r->position : -1;
}

guint
topo_document_get_n_links (TopoDocument *self)
{
  return self->links->len;
}

const TopoLink *
topo_document_get_link (TopoDocument *self,
                        guint         index)
{
  g_return_val_if_fail (index < self->links->len, NULL);
  return g_ptr_array_index (self->links, index);
}

int
topo_document_find_link (TopoDocument *self,
                         TopoLinkType  type,
                         const char   *from,
                         const char   *to)
{
  for (guint i = 0; i < self->links->len; i++)
    {
      const TopoLink *link = g_ptr_array_index (self->links, i);

      if (link->type == type && g_strcmp0 (link->from, from) == 0 && g_strcmp0 (link->to, to) == 0)
        return i;
    }
  return -1;
}

guint
topo_document_get_n_teams (TopoDocument *self)
{
  return self->teams->len;
}

const TopoTeam *
topo_document_get_team (TopoDocument *self,
                        guint         index)
{
  g_return_val_if_fail (index < self->teams->len, NULL);
  return g_ptr_array_index (self->teams, index);
}

const TopoTeam *
topo_document_lookup_team (TopoDocument *self,
                           const char   *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->team_ids, id);
}

int
topo_document_team_index (TopoDocument *self,
                          const char   *id)
{
  const TopoTeam *team = topo_document_lookup_team (self, id);

  return team != NULL ? (int) team->position : -1;
}

guint
topo_document_get_n_notes (TopoDocument *self)
{
  return self->notes->len;
}

const TopoNote *
topo_document_get_note (TopoDocument *self,
                        guint         index)
{
  g_return_val_if_fail (index < self->notes->len, NULL);
  return g_ptr_array_index (self->notes, index);
}

TopoNote *
_topo_document_get_note_mut (TopoDocument *self,
                             guint         index)
{
  return g_ptr_array_index (self->notes, index);
}

const TopoNote *
topo_document_lookup_note (TopoDocument *self,
                           const char   *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->note_ids, id);
}

int
topo_document_note_index (TopoDocument *self,
                          const char   *id)
{
  const TopoNote *note = topo_document_lookup_note (self, id);

  return note != NULL ? (int) note->position : -1;
}

gboolean
topo_document_has_notes_key (TopoDocument *self)
{
  return self->notes_key || self->notes->len > 0;
}

void
_topo_document_set_notes_key (TopoDocument *self,
                              gboolean      has_key)
{
  self->notes_key = has_key;
}

const TopoPolicy *
topo_document_get_policy (TopoDocument *self)
{
  return self->policy;
}

const char *const *
topo_document_get_lanes (TopoDocument *self)
{
  return (const char *const *) self->lanes->pdata;
}

guint
topo_document_get_n_lanes (TopoDocument *self)
{
  return self->lanes->len;
}

GPtrArray *
_topo_document_get_lanes_array (TopoDocument *self)
{
  return self->lanes;
}

JsonObject *
topo_document_get_extra (TopoDocument *self)
{
  return self->extra;
}

void
_topo_document_set_extra (TopoDocument *self,
                          JsonObject   *extra)
{
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}

const TopoResource *
topo_document_get_group_of (TopoDocument       *self,
                            const TopoResource *resource)
{
  const TopoResource *group;

  if (resource == NULL)
    return NULL;
  if (resource->kind == TOPO_KIND_RESOURCE_GROUP)
    return resource;
  group = topo_document_lookup (self, resource->group);
  if (group == NULL || group->kind != TOPO_KIND_RESOURCE_GROUP)
    return NULL;
  return group;
}

char *
topo_document_make_unique_id (TopoDocument *self,
                              const char   *prefix,
                              gboolean      for_team)
{
  GHashTable *ids = for_team ? self->team_ids : self->resource_ids;
  /* notes and resources share one id space: selections and edits take either */
  GHashTable *more = for_team ? self->team_ids : self->note_ids;

  if (!g_hash_table_contains (ids, prefix) && !g_hash_table_contains (more, prefix))
    return g_strdup (prefix);
  for (guint n = 2;; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s-%u", prefix, n);

      if (!g_hash_table_contains (ids, candidate) && !g_hash_table_contains (more, candidate))
        return g_steal_pointer (&candidate);
    }
}

guint64
topo_document_get_serial (TopoDocument *self)
{
  return self->serial;
}

guint64
topo_document_get_layout_serial (TopoDocument *self)
{
  return self->layout_serial;
}

void
_topo_document_set_recording (TopoDocument *self,
                              gboolean      recording)
{
  self->recording = recording;
  self->serial++;
  self->layout_serial++;
}

void
_topo_document_touch (TopoDocument *self)
{
  self->serial++;
  self->layout_serial++;
}

/* Change emission */

static void
emit_change (TopoDocument   *self,
             TopoChangeKind  kind,
             guint           index,
             const char     *id,
             gconstpointer   old_value,
             gconstpointer   new_value)
{
  TopoChange change = { kind, index, id, old_value, new_value };

  self->serial++;
  if (topo_change_affects_layout (&change))
    self->layout_serial++;
  if (self->recording && self->open_step != NULL && new_value != NULL &&
      (kind == TOPO_CHANGE_RESOURCE_ADDED || kind == TOPO_CHANGE_RESOURCE_MODIFIED))
    g_hash_table_add (self->dirty, g_strdup (id));
  if (self->recording && self->open_step != NULL && self->notes->len > 0 &&
      kind != TOPO_CHANGE_TEAM_ADDED && kind != TOPO_CHANGE_TEAM_REMOVED &&
      kind != TOPO_CHANGE_TEAM_MODIFIED && kind != TOPO_CHANGE_POLICY && kind != TOPO_CHANGE_NAME)
    self->notes_dirty = TRUE;
  if (!self->recording)
    return;
  g_signal_emit (self, signals[CHANGED], 0, &change);
}

/* Positions after index changed: only inserts and removes in the middle pay for it. */
static void
renumber_resources (TopoDocument *self,
                    guint         from)
{
  for (guint i = from; i < self->resources->len; i++)
    ((TopoResource *) self->resources->pdata[i])->position = i;
}

static void
renumber_notes (TopoDocument *self,
                guint         from)
{
  for (guint i = from; i < self->notes->len; i++)
    ((TopoNote *) self->notes->pdata[i])->position = i;
}

static void
renumber_teams (TopoDocument *self,
                guint         from)
{
  for (guint i = from; i < self->teams->len; i++)
    ((TopoTeam *) self->teams->pdata[i])->position = i;
}

/* The raw edits, shared by first application, undo and redo. */

static void
raw_insert (TopoDocument *self,
            Target        target,
            guint         index,
            gpointer      value)
{
  switch (target)
    {
    case TARGET_RESOURCE:
      {
        TopoResource *r = value;

        g_ptr_array_insert (self->resources, index, r);
        renumber_resources (self, index);
        g_hash_table_insert (self->resource_ids, r->id, r);
        emit_change (self, TOPO_CHANGE_RESOURCE_ADDED, index, r->id, NULL, r);
        break;
      }
    case TARGET_LINK:
      g_ptr_array_insert (self->links, index, value);
      emit_change (self, TOPO_CHANGE_LINK_ADDED, index, NULL, NULL, value);
      break;
    case TARGET_TEAM:
      {
        TopoTeam *team = value;

        g_ptr_array_insert (self->teams, index, team);
        renumber_teams (self, index);
        g_hash_table_insert (self->team_ids, team->id, team);
        emit_change (self, TOPO_CHANGE_TEAM_ADDED, index, team->id, NULL, team);
        break;
      }
    case TARGET_NOTE:
      {
        TopoNote *note = value;

        g_ptr_array_insert (self->notes, index, note);
        renumber_notes (self, index);
        g_hash_table_insert (self->note_ids, note->id, note);
        emit_change (self, TOPO_CHANGE_NOTE_ADDED, index, note->id, NULL, note);
        break;
      }
    case TARGET_POLICY:
    case TARGET_LANES:
    case TARGET_NAME:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
raw_remove (TopoDocument *self,
            Target        target,
            guint         index)
{
  gpointer value;

  switch (target)
    {
    case TARGET_RESOURCE:
      {
        TopoResource *r = g_ptr_array_steal_index (self->resources, index);

        renumber_resources (self, index);
        g_hash_table_remove (self->resource_ids, r->id);
        emit_change (self, TOPO_CHANGE_RESOURCE_REMOVED, index, r->id, r, NULL);
        return r;
      }
    case TARGET_LINK:
      value = g_ptr_array_steal_index (self->links, index);
      emit_change (self, TOPO_CHANGE_LINK_REMOVED, index, NULL, value, NULL);
      return value;
    case TARGET_TEAM:
      {
        TopoTeam *team = g_ptr_array_steal_index (self->teams, index);

        renumber_teams (self, index);
        g_hash_table_remove (self->team_ids, team->id);
        emit_change (self, TOPO_CHANGE_TEAM_REMOVED, index, team->id, team, NULL);
        return team;
      }
    case TARGET_NOTE:
      {
        TopoNote *note = g_ptr_array_steal_index (self->notes, index);

        renumber_notes (self, index);
        g_hash_table_remove (self->note_ids, note->id);
        emit_change (self, TOPO_CHANGE_NOTE_REMOVED, index, note->id, note, NULL);
        return note;
      }
    case TARGET_POLICY:
    case TARGET_LANES:
    case TARGET_NAME:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* Puts value in place of the current one and returns the current one. */
static gpointer
raw_swap (TopoDocument *self,
          Target        target,
          guint         index,
          gpointer      value)
{
  gpointer old;

  switch (target)
    {
    case TARGET_RESOURCE:
      {
        TopoResource *r = value;

        old = self->resources->pdata[index];
        self->resources->pdata[index] = r;
        r->position = index;
        /* replace, not insert: the key must be the new struct's string, the old one goes away. */
        g_hash_table_replace (self->resource_ids, r->id, r);
        emit_change (self, TOPO_CHANGE_RESOURCE_MODIFIED, index, r->id, old, r);
        return old;
      }
    case TARGET_LINK:
      old = self->links->pdata[index];
      self->links->pdata[index] = value;
      emit_change (self, TOPO_CHANGE_LINK_MODIFIED, index, NULL, old, value);
      return old;
    case TARGET_TEAM:
      {
        TopoTeam *team = value;

        old = self->teams->pdata[index];
        self->teams->pdata[index] = team;
        team->position = index;
        g_hash_table_replace (self->team_ids, team->id, team);
        emit_change (self, TOPO_CHANGE_TEAM_MODIFIED, index, team->id, old, team);
        return old;
      }
    case TARGET_NOTE:
      {
        TopoNote *note = value;

        old = self->notes->pdata[index];
        self->notes->pdata[index] = note;
        note->position = index;
        g_hash_table_replace (self->note_ids, note->id, note);
        emit_change (self, TOPO_CHANGE_NOTE_MODIFIED, index, note->id, old, note);
        return old;
      }
    case TARGET_POLICY:
      old = self->policy;
      self->policy = value;
      emit_change (self, TOPO_CHANGE_POLICY, 0, NULL, old, value);
      return old;
    case TARGET_LANES:
      old = self->lanes;
      self->lanes = value;
      emit_change (self, TOPO_CHANGE_LANES, 0, NULL, old, value);
      return old;
    case TARGET_NAME:
      old = self->name;
      self->name = value;
      emit_change (self, TOPO_CHANGE_NAME, 0, NULL, old, value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
      return old;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
op_undo (TopoDocument *self,
         Op           *op)
{
  switch (op->kind)
    {
    case OP_INSERT:
      op->stored = raw_remove (self, op->target, op->index);
      break;
    case OP_REMOVE:
      raw_insert (self, op->target, op->index, op->stored);
      op->stored = NULL;
      break;
    case OP_REPLACE:
      op->stored = raw_swap (self, op->target, op->index, op->stored);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
op_redo (TopoDocument *self,
         Op           *op)
{
  switch (op->kind)
    {
    case OP_INSERT:
      raw_insert (self, op->target, op->index, op->stored);
      op->stored = NULL;
      break;
    case OP_REMOVE:
      op->stored = raw_remove (self, op->target, op->index);
      break;
    case OP_REPLACE:
      op->stored = raw_swap (self, op->target, op->index, op->stored);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* History bookkeeping */

/* Notifies whichever of can-undo, can-redo, modified differ from what listeners last heard.
 * Called after every change of the history or of the open group, so no path is missed. */
static void
sync_history (TopoDocument *self)
{
  gboolean can_undo = topo_document_can_undo (self);
  gboolean can_redo = topo_document_can_redo (self);
  gboolean modified = topo_document_get_modified (self);
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (can_undo != self->notified_can_undo)
    {
      self->notified_can_undo = can_undo;
      g_object_notify_by_pspec (object, properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->notified_can_redo)
    {
      self->notified_can_redo = can_redo;
      g_object_notify_by_pspec (object, properties[PROP_CAN_REDO]);
    }
  if (modified != self->notified_modified)
    {
      self->notified_modified = modified;
      g_object_notify_by_pspec (object, properties[PROP_MODIFIED]);
    }
  g_object_thaw_notify (object);
}

void
topo_document_begin_group (TopoDocument *self,
                           const char   *label)
{
  guint mark;

  g_return_if_fail (TOPO_IS_DOCUMENT (self));

  if (self->open_step == NULL)
    self->open_step = step_new (label);
  else if (self->open_step->label == NULL && label != NULL)
    self->open_step->label = g_strdup (label);
  mark = self->open_step->ops->len;
  g_array_append_val (self->group_marks, mark);
  /* undo and redo are off while a group is open */
  if (self->group_marks->len == 1)
    sync_history (self);
}

void
topo_document_end_group (TopoDocument *self)
{
  Step *step;

  g_return_if_fail (TOPO_IS_DOCUMENT (self));
  g_return_if_fail (self->group_marks->len > 0);

  /* Before the outermost group closes, the edit layer restores the layout invariants (groups
   * apart, cards inside their group) inside the same step, whatever path made the change. */
  if (self->group_marks->len == 1 && !self->cancelling && g_hash_table_size (self->dirty) > 0)
    {
      g_autoptr(GHashTable) dirty = g_steal_pointer (&self->dirty);

      self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      _topo_edit_enforce_invariants (self, dirty);
    }
  /* After the cards settled: notes follow them, so they are checked last. */
  if (self->group_marks->len == 1 && !self->cancelling && self->notes_dirty)
    {
      _topo_edit_enforce_note_invariants (self);
      self->notes_dirty = FALSE;
    }

  g_array_set_size (self->group_marks, self->group_marks->len - 1);
  if (self->group_marks->len > 0)
    return;

  g_hash_table_remove_all (self->dirty);
  self->notes_dirty = FALSE;
  step = g_steal_pointer (&self->open_step);
  if (step->ops->len == 0)
    {
      step_free (step);
      sync_history (self);
      return;
    }

  /* A new step makes the redo branch unreachable, and with it a clean point on it. */
  if (self->clean_index > (int) self->undo_steps->len)
    self->clean_index = -1;
  g_ptr_array_set_size (self->redo_steps, 0);
  g_ptr_array_add (self->undo_steps, step);
  sync_history (self);
  g_signal_emit (self, signals[STEP_COMMITTED], 0);
}

void
topo_document_cancel_group (TopoDocument *self)
{
  guint mark;

  g_return_if_fail (TOPO_IS_DOCUMENT (self));
  g_return_if_fail (self->group_marks->len > 0);

  mark = g_array_index (self->group_marks, guint, self->group_marks->len - 1);
  while (self->open_step->ops->len > mark)
    {
      Op *op = &g_array_index (self->open_step->ops, Op, self->open_step->ops->len - 1);

      op_undo (self, op);
      g_array_set_size (self->open_step->ops, self->open_step->ops->len - 1);
    }
  self->cancelling = TRUE;
  topo_document_end_group (self);
  self->cancelling = FALSE;
}

static void
record (TopoDocument *self,
        Target        target,
        OpKind        kind,
        guint         index,
        gpointer      stored)
{
  Op op = { target, kind, index, stored };

  if (!self->recording)
    {
      free_stored (target, stored);
      return;
    }
  g_array_append_val (self->open_step->ops, op);
}

/* Each primitive runs inside a group, its own when none is open, and records its inverse. */
static void
apply_op (TopoDocument *self,
          Target        target,
          OpKind        kind,
          guint         index,
          gpointer      value)
{
  gboolean auto_group = self->recording && self->open_step == NULL;
  gpointer stored = NULL;

  if (auto_group)
    topo_document_begin_group (self, NULL);
  switch (kind)
    {
    case OP_INSERT:
      raw_insert (self, target, index, value);
      break;
    case OP_REMOVE:
      stored = raw_remove (self, target, index);
      break;
    case OP_REPLACE:
    default:
      stored = raw_swap (self, target, index, value);
      break;
    }
  record (self, target, kind, index, stored);
  if (auto_group)
    topo_document_end_group (self);
}

void
topo_document_insert_resource (TopoDocument *self,
                               guint         index,
                               TopoResource *resource)
{
  g_return_if_fail (TOPO_IS_DOCUMENT (self));
  g_return_if_fail (resource != NULL && resource->id != NULL);
  g_return_if_fail (!g_hash_table_contains (self->resource_ids, resource->id));

  apply_op (self, TARGET_RESOURCE, OP_INSERT, MIN (index, self->resources->len), resource);
}

void
topo_document_remove_resource (TopoDocument *self,
                               const char   *id)
{
  int index = topo_document_resource_index (self, id);

  g_return_if_fail (index >= 0);
  apply_op (self, TARGET_RESOURCE, OP_REMOVE, index, NULL);
}

void
topo_document_replace_resource (TopoDocument *self,
                                TopoResource *resource)
{
  int index = topo_document_resource_index (self, resource->id);

  g_return_if_fail (index >= 0);
  apply_op (self, TARGET_RESOURCE, OP_REPLACE, index, resource);
}

void
topo_document_insert_link (TopoDocument *self,
                           guint         index,
                           TopoLink     *link)
{
  g_return_if_fail (link != NULL);
  apply_op (self, TARGET_LINK, OP_INSERT, MIN (index, self->links->len), link);
}

void
topo_document_remove_link (TopoDocument *self,
                           guint         index)
{
  g_return_if_fail (index < self->links->len);
  apply_op (self, TARGET_LINK, OP_REMOVE, index, NULL);
}

void
topo_document_replace_link (TopoDocument *self,
                            guint         index,
                            TopoLink     *link)
{
  g_return_if_fail (index < self->links->len);
  apply_op (self, TARGET_LINK, OP_REPLACE, index, link);
}

void
topo_document_insert_team (TopoDocument *self,
                           guint         index,
                           TopoTeam     *team)
{
  g_return_if_fail (team != NULL && team->id != NULL);
  g_return_if_fail (!g_hash_table_contains (self->team_ids, team->id));
  apply_op (self, TARGET_TEAM, OP_INSERT, MIN (index, self->teams->len), team);
}

void
topo_document_remove_team (TopoDocument *self,
                           const char   *id)
{
  int index = topo_document_team_index (self, id);

  g_return_if_fail (index >= 0);
  apply_op (self, TARGET_TEAM, OP_REMOVE, index, NULL);
}

void
topo_document_replace_team (TopoDocument *self,
                            TopoTeam     *team)
{
  int index = topo_document_team_index (self, team->id);

  g_return_if_fail (index >= 0);
  apply_op (self, TARGET_TEAM, OP_REPLACE, index, team);
}

void
topo_document_insert_note (TopoDocument *self,
                           guint         index,
                           TopoNote     *note)
{
  g_return_if_fail (TOPO_IS_DOCUMENT (self));
  g_return_if_fail (note != NULL && note->id != NULL);
  g_return_if_fail (!g_hash_table_contains (self->note_ids, note->id));
  apply_op (self, TARGET_NOTE, OP_INSERT, MIN (index, self->notes->len), note);
}

void
topo_document_remove_note (TopoDocument *self,
                           const char   *id)
{
  int index = topo_document_note_index (self, id);

  g_return_if_fail (index >= 0);
  apply_op (self, TARGET_NOTE, OP_REMOVE, index, NULL);
}

void
topo_document_replace_note (TopoDocument *self,
                            TopoNote     *note)
{
  int index = topo_document_note_index (self, note->id);

  g_return_if_fail (index >= 0);
  apply_op (self, TARGET_NOTE, OP_REPLACE, index, note);
}

void
topo_document_set_policy (TopoDocument *self,
                          TopoPolicy   *policy)
{
  g_return_if_fail (policy != NULL);
  apply_op (self, TARGET_POLICY, OP_REPLACE, 0, policy);
}

void
topo_document_set_lanes (TopoDocument      *self,
                         const char *const *lanes)
{
  GPtrArray *array = lanes_new ();

  for (guint i = 0; lanes != NULL && lanes[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (lanes[i]));
  apply_op (self, TARGET_LANES, OP_REPLACE, 0, array);
}

void
topo_document_set_name (TopoDocument *self,
                        const char   *name)
{
  apply_op (self, TARGET_NAME, OP_REPLACE, 0, g_strdup (name));
}

/* Undo and redo */

gboolean
topo_document_can_undo (TopoDocument *self)
{
  return self->undo_steps->len > 0 && self->open_step == NULL;
}

gboolean
topo_document_can_redo (TopoDocument *self)
{
  return self->redo_steps->len > 0 && self->open_step == NULL;
}

const char *
topo_document_get_undo_label (TopoDocument *self)
{
  Step *step;

  if (self->undo_steps->len == 0)
    return NULL;
  step = g_ptr_array_index (self->undo_steps, self->undo_steps->len - 1);
  return step->label;
}

const char *
topo_document_get_redo_label (TopoDocument *self)
{
  Step *step;

  if (self->redo_steps->len == 0)
    return NULL;
  step = g_ptr_array_index (self->redo_steps, self->redo_steps->len - 1);
  return step->label;
}

guint
topo_document_get_n_undo_steps (TopoDocument *self)
{
  return self->undo_steps->len;
}

gboolean
topo_document_undo (TopoDocument *self)
{
  Step *step;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (self), FALSE);

  if (!topo_document_can_undo (self))
    return FALSE;

  step = g_ptr_array_steal_index (self->undo_steps, self->undo_steps->len - 1);
  for (guint i = step->ops->len; i > 0; i--)
    op_undo (self, &g_array_index (step->ops, Op, i - 1));
  g_ptr_array_add (self->redo_steps, step);
  sync_history (self);
  g_signal_emit (self, signals[STEP_COMMITTED], 0);
  return TRUE;
}

gboolean
topo_document_redo (TopoDocument *self)
{
  Step *step;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (self), FALSE);

  if (!topo_document_can_redo (self))
    return FALSE;

  step = g_ptr_array_steal_index (self->redo_steps, self->redo_steps->len - 1);
  for (guint i = 0; i < step->ops->len; i++)
    op_redo (self, &g_array_index (step->ops, Op, i));
  g_ptr_array_add (self->undo_steps, step);
  sync_history (self);
  g_signal_emit (self, signals[STEP_COMMITTED], 0);
  return TRUE;
}

void
topo_document_clear_history (TopoDocument *self)
{
  g_ptr_array_set_size (self->undo_steps, 0);
  g_ptr_array_set_size (self->redo_steps, 0);
  self->clean_index = 0;
  sync_history (self);
}

gboolean
topo_document_get_modified (TopoDocument *self)
{
  return self->clean_index != (int) self->undo_steps->len;
}

void
topo_document_mark_clean (TopoDocument *self)
{
  self->clean_index = self->undo_steps->len;
  sync_history (self);
}
