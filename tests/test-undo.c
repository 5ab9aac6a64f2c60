/* test-undo.c: commands, groups and the undo history, with a randomised property test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"

static char *
snapshot (TopoDocument *doc)
{
  return topo_format_to_data (doc, NULL);
}

static char *
digest (TopoDocument *doc)
{
  g_autofree char *text = snapshot (doc);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static const char *
random_resource (TopoDocument *doc,
                 GRand        *rand,
                 int           kind)
{
  guint n = topo_document_get_n_resources (doc);

  if (n == 0)
    return NULL;
  for (guint tries = 0; tries < 40; tries++)
    {
      const TopoResource *r = topo_document_get_resource (doc, g_rand_int_range (rand, 0, n));

      if (kind < 0 || r->kind == (TopoKind) kind)
        return r->id;
    }
  return NULL;
}

/* One random edit through the public API; refusals are fine (they must change nothing). */
static void
random_edit (TopoDocument *doc,
             GRand        *rand)
{
  g_autoptr(GError) error = NULL;
  const char *a, *b;
  static const char *const keys[][2] = {
    { "name", "renamed" }, { "environment", "prod" }, { "environment", "dev" }, { "purpose", "exploration" },
    { "data", "production" }, { "sensitivity", "restricted" }, { "sku", "Premium_LRS" }, { "hns", "true" },
    { "public_network_access", "false" }, { "vm_size", "Standard_NC24" }, { "min_nodes", "2" },
    { "max_nodes", "1" }, { "node_count", "7" }, { "team", "x" }, { "project", "y" }, { "region", "eastus" },
    { "name", NULL }, { "purpose", NULL }, { "storage", NULL }, { "environment", NULL },
  };

  switch (g_rand_int_range (rand, 0, 19))
    {
    case 16:   /* a note, on a lane, a resource or a link */
      {
        TopoNote *note = topo_note_new (NULL, g_rand_boolean (rand) ? "**why**" : "- a\n- b");
        guint n_links = topo_document_get_n_links (doc);

        a = random_resource (doc, rand, -1);
        switch (g_rand_int_range (rand, 0, 3))
          {
          case 0:
            topo_note_set_free (note, g_rand_boolean (rand) ? "westeurope" : "eastus");
            break;
          case 1:
            topo_note_set_attach (note, a);
            break;
          default:
            if (n_links > 0)
              topo_note_set_link (note, topo_document_get_link (doc, g_rand_int_range (rand, 0, n_links)));
            else
              topo_note_set_attach (note, a);
          }
        if (g_rand_boolean (rand))
          {
            note->has_layout = TRUE;
            note->x = g_rand_int_range (rand, -300, 300);
            note->y = g_rand_int_range (rand, -300, 300);
          }
        topo_edit_add_note (doc, note, &error);
        break;
      }
    case 17:   /* a note's text, author, date, place */
      if (topo_document_get_n_notes (doc) > 0)
        {
          const char *id = topo_document_get_note (doc, g_rand_int_range (rand, 0, topo_document_get_n_notes (doc)))->id;
          const char *ids[] = { id, random_resource (doc, rand, -1), NULL };

          switch (g_rand_int_range (rand, 0, 6))
            {
            case 0: topo_edit_set_note_text (doc, id, "changed *text*", &error); break;
            case 1: topo_edit_set_note_author (doc, id, g_rand_boolean (rand) ? "Ada" : NULL, &error); break;
            case 2: topo_edit_set_note_date (doc, id, g_rand_boolean (rand) ? "2026-12-04" : "not a date", &error); break;
            case 3: topo_edit_attach_note (doc, id, random_resource (doc, rand, -1), -1, &error); break;
            case 4: topo_edit_attach_note (doc, id, NULL, -1, &error); break;
            default: topo_edit_move (doc, ids, g_rand_int_range (rand, -60, 60), g_rand_int_range (rand, -60, 60)); break;
            }
        }
      break;
    case 18:
      if (topo_document_get_n_notes (doc) > 0)
        {
          const char *ids[] = { topo_document_get_note (doc, g_rand_int_range (rand, 0, topo_document_get_n_notes (doc)))->id, NULL };

          topo_edit_remove (doc, ids);
        }
      break;
    case 0:
      {
        const char *group = random_resource (doc, rand, TOPO_KIND_RESOURCE_GROUP);
        TopoKind kind = g_rand_int_range (rand, 1, TOPO_N_KINDS);

        topo_edit_add_resource (doc, kind, group, NULL, g_rand_int_range (rand, 0, 300), 50, &error);
        break;
      }
    case 1:
      topo_edit_add_resource (doc, TOPO_KIND_RESOURCE_GROUP, NULL,
                              g_rand_boolean (rand) ? "westeurope" : "australiaeast",
                              g_rand_int_range (rand, 0, 2000), 24, &error);
      break;
    case 2:
      {
        const char *ids[] = { random_resource (doc, rand, -1), random_resource (doc, rand, -1), NULL };

        if (ids[0] != NULL && g_rand_int_range (rand, 0, 3) == 0)
          topo_edit_remove (doc, ids);
        break;
      }
    case 3:
      {
        const char *ids[] = { random_resource (doc, rand, -1), random_resource (doc, rand, -1), NULL };

        if (ids[0] != NULL)
          topo_edit_move (doc, ids, g_rand_int_range (rand, -40, 40), g_rand_int_range (rand, -40, 40));
        break;
      }
    case 4:
      {
        TopoRect rect = { g_rand_int_range (rand, 0, 900), 24, g_rand_int_range (rand, 150, 700), g_rand_int_range (rand, 100, 500) };

        a = random_resource (doc, rand, TOPO_KIND_RESOURCE_GROUP);
        if (a != NULL)
          topo_edit_resize_group (doc, a, &rect, &error);
        break;
      }
    case 5:
      a = random_resource (doc, rand, -1);
      b = random_resource (doc, rand, TOPO_KIND_RESOURCE_GROUP);
      if (a != NULL && b != NULL)
        topo_edit_reparent (doc, a, b, 16, 44, &error);
      break;
    case 6:
    case 7:
      {
        guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (keys));

        a = random_resource (doc, rand, -1);
        if (a != NULL)
          topo_edit_set_property (doc, a, keys[k][0], keys[k][1], &error);
        break;
      }
    case 8:
      a = random_resource (doc, rand, -1);
      if (a != NULL)
        topo_edit_set_tag (doc, a, g_rand_boolean (rand) ? "owner" : "cost-center",
                           g_rand_boolean (rand) ? "team-a" : NULL, &error);
      break;
    case 9:
      {
        guint n = topo_document_get_n_teams (doc);

        a = random_resource (doc, rand, TOPO_KIND_WORKSPACE);
        if (a != NULL && n > 0)
          topo_edit_set_access (doc, a, topo_document_get_team (doc, g_rand_int_range (rand, 0, n))->id,
                                g_rand_int_range (rand, 0, TOPO_N_ROLES), &error);
        break;
      }
    case 10:
      a = random_resource (doc, rand, g_rand_boolean (rand) ? TOPO_KIND_WORKSPACE : TOPO_KIND_STORAGE);
      b = random_resource (doc, rand, -1);
      if (a != NULL && b != NULL)
        topo_edit_connect (doc, a, b, g_rand_boolean (rand) ? TOPO_ACCESS_WRITE : TOPO_ACCESS_READ, &error);
      break;
    case 11:
      if (topo_document_get_n_links (doc) > 0)
        {
          guint i = g_rand_int_range (rand, 0, topo_document_get_n_links (doc));

          if (g_rand_boolean (rand))
            topo_edit_disconnect (doc, i, &error);
          else
            topo_edit_set_link_access (doc, i, g_rand_boolean (rand) ? TOPO_ACCESS_WRITE : TOPO_ACCESS_READ, &error);
        }
      break;
    case 12:
      {
        g_autofree char *id = topo_document_make_unique_id (doc, "team", TRUE);
        TopoTeam *team = topo_team_new (id);

        team->data_access = g_rand_int_range (rand, 1, TOPO_N_LEVELS);
        topo_edit_add_team (doc, team, &error);
        break;
      }
    case 13:
      if (topo_document_get_n_teams (doc) > 0)
        topo_edit_remove_team (doc, topo_document_get_team (doc, g_rand_int_range (rand, 0, topo_document_get_n_teams (doc)))->id);
      break;
    case 14:
      {
        TopoPolicy *policy = topo_policy_copy (topo_document_get_policy (doc));

        policy->naming = g_rand_int_range (rand, 0, TOPO_N_NAMING);
        policy->residency = g_rand_int_range (rand, 0, TOPO_N_RESIDENCY);
        topo_edit_set_policy (doc, policy);
        break;
      }
    default:
      {
        const char *lanes[] = { "westeurope", g_rand_boolean (rand) ? "eastus" : "japaneast", NULL };
        g_autofree char *name = g_strdup_printf ("Design %u", g_rand_int (rand) % 100);
        const char *ga = random_resource (doc, rand, TOPO_KIND_RESOURCE_GROUP);

        if (g_rand_boolean (rand))
          topo_edit_set_lanes (doc, lanes);
        else if (ga != NULL && g_rand_boolean (rand))
          topo_edit_move_group_to_region (doc, ga, lanes[1], 30, 30, &error);
        else
          topo_edit_set_name (doc, name);
      }
    }
}

/* Thousands of random edits (some grouped, some cancelled); undo all → the start byte for byte,
 * redo all → the end byte for byte, and every step in between matches on the way back. */
static void
test_property_random_edits (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (60, 11);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = snapshot (doc);
  g_autofree char *end = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *after_redo = NULL;
  guint steps;

  g_ptr_array_add (digests, digest (doc));
  for (guint i = 0; i < 3000; i++)
    {
      guint before = topo_document_get_n_undo_steps (doc);
      guint choice = g_rand_int_range (rand, 0, 10);

      if (choice == 0)
        {
          /* A gesture: several edits, one step. */
          topo_document_begin_group (doc, "Gesture");
          for (guint k = g_rand_int_range (rand, 2, 6); k > 0; k--)
            random_edit (doc, rand);
          topo_document_end_group (doc);
        }
      else if (choice == 1)
        {
          /* A cancelled gesture (Escape during a drag) leaves no trace. */
          g_autofree char *d = digest (doc);
          g_autofree char *d2 = NULL;

          topo_document_begin_group (doc, "Cancelled");
          for (guint k = g_rand_int_range (rand, 1, 5); k > 0; k--)
            random_edit (doc, rand);
          topo_document_cancel_group (doc);
          d2 = digest (doc);
          g_assert_cmpstr (d, ==, d2);
          g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, before);
        }
      else
        random_edit (doc, rand);

      g_assert_cmpuint (topo_document_get_n_undo_steps (doc), <=, before + 1);
      if (topo_document_get_n_undo_steps (doc) == before + 1)
        g_ptr_array_add (digests, digest (doc));
      else
        {
          /* No step recorded: nothing changed. */
          g_autofree char *d = digest (doc);

          g_assert_cmpstr (d, ==, g_ptr_array_index (digests, digests->len - 1));
        }
    }
  steps = topo_document_get_n_undo_steps (doc);
  g_assert_cmpuint (steps, ==, digests->len - 1);
  g_assert_cmpuint (steps, >, 1500);
  end = snapshot (doc);

  for (guint i = steps; i > 0; i--)
    {
      g_autofree char *d = NULL;

      g_assert_true (topo_document_undo (doc));
      d = digest (doc);
      g_assert_cmpstr (d, ==, g_ptr_array_index (digests, i - 1));
    }
  g_assert_false (topo_document_can_undo (doc));
  after_undo = snapshot (doc);
  g_assert_cmpstr (after_undo, ==, start);

  while (topo_document_redo (doc))
    ;
  after_redo = snapshot (doc);
  g_assert_cmpstr (after_redo, ==, end);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_history_state (void)
{
  g_autoptr(TopoDocument) doc = topo_templates_load ("contoso", NULL);
  g_autoptr(GError) error = NULL;
  guint modified_notes = 0, undo_notes = 0;
  const char *rg;
  const char *id;

  g_assert_nonnull (doc);
  g_signal_connect (doc, "notify::modified", G_CALLBACK (count_cb), &modified_notes);
  g_signal_connect (doc, "notify::can-undo", G_CALLBACK (count_cb), &undo_notes);
  g_assert_false (topo_document_get_modified (doc));
  rg = topo_document_get_resource (doc, 0)->id;
  g_assert_cmpint (topo_document_get_resource (doc, 0)->kind, ==, TOPO_KIND_RESOURCE_GROUP);

  id = topo_edit_add_resource (doc, TOPO_KIND_STORAGE, rg, NULL, 16, 44, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_true (topo_document_get_modified (doc));
  g_assert_true (topo_document_can_undo (doc));
  g_assert_cmpuint (modified_notes, ==, 1);
  g_assert_cmpuint (undo_notes, ==, 1);
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Add Storage account");

  topo_document_mark_clean (doc);
  g_assert_false (topo_document_get_modified (doc));
  g_assert_true (topo_document_undo (doc));
  g_assert_true (topo_document_get_modified (doc));
  g_assert_true (topo_document_redo (doc));
  g_assert_false (topo_document_get_modified (doc));
  g_assert_true (topo_document_undo (doc));
  /* A new edit after undo drops the redo branch, and the clean point on it. */
  topo_edit_set_name (doc, "Other");
  g_assert_false (topo_document_can_redo (doc));
  g_assert_true (topo_document_get_modified (doc));
  g_assert_true (topo_document_undo (doc));
  g_assert_true (topo_document_get_modified (doc));

  /* Nested groups make one step; an empty group makes none. */
  {
    guint steps = topo_document_get_n_undo_steps (doc);

    topo_document_begin_group (doc, "Outer");
    topo_document_begin_group (doc, "Inner");
    topo_edit_set_name (doc, "A");
    topo_document_end_group (doc);
    topo_edit_set_name (doc, "B");
    g_assert_false (topo_document_can_undo (doc));   /* not while a group is open */
    topo_document_end_group (doc);
    g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps + 1);
    g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Outer");
    topo_document_begin_group (doc, "Empty");
    topo_document_end_group (doc);
    g_assert_cmpuint (topo_document_get_n_undo_steps (doc), ==, steps + 1);
  }
}

typedef struct
{
  guint           count;
  TopoChangeKind  last_kind;
  char           *last_id;
  gboolean        name_changed;
} ChangeLog;

static void
changed_cb (TopoDocument     *doc,
            const TopoChange *change,
            ChangeLog        *log)
{
  log->count++;
  log->last_kind = change->kind;
  g_free (log->last_id);
  log->last_id = g_strdup (change->id);
  if (change->kind == TOPO_CHANGE_RESOURCE_MODIFIED)
    log->name_changed = g_strcmp0 (((const TopoResource *) change->old_value)->name,
                                   ((const TopoResource *) change->new_value)->name) != 0;
}

typedef struct
{
  guint can_undo, can_redo, modified, steps;
  /* can-undo's value when its last notification arrived: listeners read it then */
  gboolean can_undo_value;
} HistoryLog;

static void
history_notify_cb (TopoDocument *doc,
                   GParamSpec   *pspec,
                   HistoryLog   *log)
{
  if (g_str_equal (pspec->name, "can-undo"))
    {
      log->can_undo++;
      log->can_undo_value = topo_document_can_undo (doc);
    }
  else if (g_str_equal (pspec->name, "can-redo"))
    log->can_redo++;
  else if (g_str_equal (pspec->name, "modified"))
    log->modified++;
}

static void
step_committed_cb (TopoDocument *doc,
                   HistoryLog   *log)
{
  log->steps++;
}

/* D1: after a grouped edit (a resize drag) closes, listeners learn that Undo is possible again,
 * and "step-committed" fires exactly once per undo step, never per primitive. */
static void
test_group_notifications (void)
{
  g_autoptr(TopoDocument) doc = topo_templates_load ("contoso", NULL);
  g_autoptr(GError) error = NULL;
  HistoryLog log = { 0 };
  const TopoResource *rg = NULL;

  g_assert_nonnull (doc);
  for (guint i = 0; i < topo_document_get_n_resources (doc) && rg == NULL; i++)
    if (topo_document_get_resource (doc, i)->kind == TOPO_KIND_RESOURCE_GROUP)
      rg = topo_document_get_resource (doc, i);
  g_assert_nonnull (rg);
  g_signal_connect (doc, "notify", G_CALLBACK (history_notify_cb), &log);
  g_signal_connect (doc, "step-committed", G_CALLBACK (step_committed_cb), &log);

  /* A lone primitive is its own step. */
  topo_edit_set_name (doc, "First");
  g_assert_cmpuint (log.steps, ==, 1);
  g_assert_cmpuint (log.can_undo, ==, 1);
  g_assert_true (log.can_undo_value);
  g_assert_cmpuint (log.modified, ==, 1);

  /* A drag: a group open over many primitive changes. Undo is off while it is open and back on,
   * with a notification, once it closes. */
  {
    g_autofree char *id = g_strdup (rg->id);
    double w = rg->layout.w;

    log = (HistoryLog) { 0 };
    topo_document_begin_group (doc, "Resize");
    g_assert_cmpuint (log.can_undo, ==, 1);
    g_assert_false (log.can_undo_value);
    for (int i = 1; i <= 5; i++)
      {
        const TopoResource *group = topo_document_lookup (doc, id);

        TopoRect rect = { group->layout.x, group->layout.y, w + 10 * i, group->layout.h };

        g_assert_true (topo_edit_resize_group (doc, id, &rect, &error));
        g_assert_no_error (error);
      }
    g_assert_cmpuint (log.steps, ==, 0);
    topo_document_end_group (doc);
    g_assert_cmpuint (log.steps, ==, 1);
    g_assert_cmpuint (log.can_undo, ==, 2);
    g_assert_true (log.can_undo_value);
    g_assert_true (topo_document_can_undo (doc));
    g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Resize");
  }

  /* Undo and redo are one step each; can-redo follows. */
  log = (HistoryLog) { 0 };
  g_assert_true (topo_document_undo (doc));
  g_assert_cmpuint (log.steps, ==, 1);
  g_assert_cmpuint (log.can_redo, ==, 1);
  g_assert_true (topo_document_redo (doc));
  g_assert_cmpuint (log.steps, ==, 2);
  g_assert_cmpuint (log.can_redo, ==, 2);

  /* Nested groups make one step; cancelled and empty groups none, and they restore can-undo. */
  log = (HistoryLog) { 0 };
  topo_document_begin_group (doc, "Outer");
  topo_document_begin_group (doc, "Inner");
  topo_edit_set_name (doc, "A");
  topo_document_end_group (doc);
  topo_edit_set_name (doc, "B");
  g_assert_cmpuint (log.steps, ==, 0);
  topo_document_end_group (doc);
  g_assert_cmpuint (log.steps, ==, 1);

  log = (HistoryLog) { 0 };
  topo_document_begin_group (doc, "Cancelled");
  topo_edit_set_name (doc, "C");
  topo_document_cancel_group (doc);
  topo_document_begin_group (doc, "Empty");
  topo_document_end_group (doc);
  g_assert_cmpuint (log.steps, ==, 0);
  g_assert_cmpuint (log.can_undo, ==, 4);
  g_assert_true (log.can_undo_value);
  g_assert_true (topo_document_can_undo (doc));
  g_assert_cmpstr (topo_document_get_name (doc), ==, "B");

  /* Saving marks clean: "modified" notifies without a step. */
  log = (HistoryLog) { 0 };
  topo_document_mark_clean (doc);
  g_assert_cmpuint (log.modified, ==, 1);
  g_assert_cmpuint (log.steps, ==, 0);
}

/* Subscribers learn what changed, not just that something did. */
static void
test_change_notification (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (60, 2);
  g_autoptr(GError) error = NULL;
  ChangeLog log = { 0 };
  const char *ids[] = { "rg-p0000-dev", NULL };
  guint links = topo_document_get_n_links (doc);
  guint in_group = 0;

  g_signal_connect (doc, "changed", G_CALLBACK (changed_cb), &log);
  g_assert_true (topo_edit_set_property (doc, "st-p0000-dev", "name", "stnew", &error));
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpint (log.last_kind, ==, TOPO_CHANGE_RESOURCE_MODIFIED);
  g_assert_cmpstr (log.last_id, ==, "st-p0000-dev");
  g_assert_true (log.name_changed);

  log.count = 0;
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    in_group += g_strcmp0 (topo_document_get_resource (doc, i)->group, "rg-p0000-dev") == 0;
  topo_edit_remove (doc, ids);
  /* The RG, its resources, and links touching them (datastore, promotion dev→qa). */
  g_assert_null (topo_document_lookup (doc, "mlw-p0000-dev"));
  g_assert_null (topo_document_lookup (doc, "ci-p0000-dev"));
  g_assert_cmpuint (topo_document_get_n_links (doc), ==, links - 2);
  g_assert_cmpuint (in_group, >=, 7);
  g_assert_cmpuint (log.count, ==, 1 + in_group + 2);
  g_assert_true (topo_document_undo (doc));
  g_assert_nonnull (topo_document_lookup (doc, "ci-p0000-dev"));
  g_assert_cmpuint (topo_document_get_n_links (doc), ==, links);
  g_free (log.last_id);
}

static void
test_edit_refusals (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (60, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (doc);
  g_autofree char *after = NULL;

  g_assert_null (topo_edit_add_resource (doc, TOPO_KIND_STORAGE, NULL, "westeurope", 0, 0, &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (topo_edit_connect (doc, "kv-p0000-dev", "st-p0000-dev", TOPO_ACCESS_READ, &error));
  g_assert_nonnull (strstr (error->message, "Cannot link"));
  g_clear_error (&error);
  g_assert_false (topo_edit_connect (doc, "mlw-p0000-dev", "st-p0000-dev", TOPO_ACCESS_READ, &error));
  g_assert_nonnull (strstr (error->message, "already linked"));
  g_clear_error (&error);
  g_assert_false (topo_edit_set_property (doc, "st-p0000-dev", "data", "prod", &error));
  g_clear_error (&error);
  g_assert_false (topo_edit_set_property (doc, "st-p0000-dev", "purpose", "team", &error));
  g_clear_error (&error);
  g_assert_false (topo_edit_set_property (doc, "cpu-p0000-dev", "workspace", "st-p0000-dev", &error));
  g_clear_error (&error);
  g_assert_false (topo_edit_set_property (doc, "cpu-p0000-dev", "max_nodes", "three", &error));
  g_clear_error (&error);
  g_assert_false (topo_edit_reparent (doc, "st-p0000-dev", "mlw-p0000-dev", 0, 0, &error));
  g_clear_error (&error);
  after = snapshot (doc);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (topo_document_can_undo (doc));

  /* Inferred link types. */
  g_assert_true (topo_edit_connect (doc, "mlw-p0000-qa", "aks-p0000-prod", TOPO_ACCESS_UNSET, &error));
  g_assert_cmpint (topo_document_get_link (doc, topo_document_get_n_links (doc) - 1)->type, ==, TOPO_LINK_INFERENCE);
  g_assert_true (topo_edit_connect (doc, "st-p0000-dev", "st-p0000-qa", TOPO_ACCESS_UNSET, &error));
  g_assert_cmpint (topo_document_get_link (doc, topo_document_get_n_links (doc) - 1)->type, ==, TOPO_LINK_REPLICATION);
}

/* Notes: add, edit, attach, move, remove as undo steps; notes follow what they are attached to;
 * deleting that leaves them where they were, free on their lane; they stay in their lane. */
static void
test_notes (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (12, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *start = snapshot (doc);
  const TopoResource *card = NULL, *rg;
  g_autofree char *card_id = NULL;
  const TopoNote *note;
  TopoNote *fresh;
  const char *id;
  double before_x;

  for (guint i = 0; i < topo_document_get_n_resources (doc) && card == NULL; i++)
    if (topo_document_get_resource (doc, i)->kind == TOPO_KIND_STORAGE)
      card = topo_document_get_resource (doc, i);
  g_assert_nonnull (card);
  card_id = g_strdup (card->id);

  /* Added on a card: one step, a fresh id, right of the card by default. */
  fresh = topo_note_new (NULL, "Why **this** SKU?");
  topo_note_set_attach (fresh, card_id);
  id = topo_edit_add_note (doc, fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "note");
  g_assert_cmpstr (topo_document_get_undo_label (doc), ==, "Add Note");
  topo_layout_update (doc);
  note = topo_document_lookup_note (doc, "note");
  card = topo_document_lookup (doc, card_id);
  g_assert_cmpfloat (note->bounds.x, ==, card->bounds.x + card->bounds.w + TOPO_NOTE_GAP);
  g_assert_cmpfloat (note->bounds.y, ==, card->bounds.y);
  g_assert_cmpfloat (note->bounds.w, ==, TOPO_NOTE_WIDTH);
  g_assert_cmpfloat (note->bounds.h, >=, 36);
  g_assert_true (topo_layout_note_at (doc, note->bounds.x + 5, note->bounds.y + 5) == note);

  /* Refusals change nothing. */
  g_assert_false (topo_edit_set_note_date (doc, "note", "4 December", &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (topo_edit_attach_note (doc, "note", "ghost", -1, &error));
  g_clear_error (&error);
  fresh = topo_note_new (card_id, "a note may not take a resource's id");
  topo_note_set_free (fresh, "westeurope");
  g_assert_null (topo_edit_add_note (doc, fresh, &error));
  g_clear_error (&error);

  /* Text, author and date are each one step. */
  g_assert_true (topo_edit_set_note_text (doc, "note", "Decided: *Standard_ZRS*", &error));
  g_assert_true (topo_edit_set_note_author (doc, "note", "Ada", &error));
  g_assert_true (topo_edit_set_note_date (doc, "note", "2026-12-04T09:00:00Z", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (topo_document_lookup_note (doc, "note")->date, ==, "2026-12-04T09:00:00Z");

  /* The card moves: the note follows, its offset unchanged. */
  {
    const char *ids[] = { card_id, NULL };
    double card_x, dx;

    topo_layout_update (doc);
    before_x = topo_document_lookup_note (doc, "note")->bounds.x;
    card_x = topo_document_lookup (doc, card_id)->bounds.x;
    topo_edit_move (doc, ids, 48, 32);
    topo_layout_update (doc);
    dx = topo_document_lookup_note (doc, "note")->bounds.x - before_x;
    g_assert_cmpfloat (dx, ==, topo_document_lookup (doc, card_id)->bounds.x - card_x);
    g_assert_cmpfloat (dx, >, 0);
    g_assert_false (topo_document_lookup_note (doc, "note")->has_layout);
  }
  /* The note and its card move together: the note is not moved twice. */
  {
    const char *ids[] = { card_id, "note", NULL };

    topo_layout_update (doc);
    before_x = topo_document_lookup_note (doc, "note")->bounds.x;
    topo_edit_move (doc, ids, 16, 0);
    topo_layout_update (doc);
    g_assert_cmpfloat (topo_document_lookup_note (doc, "note")->bounds.x, ==, before_x + 16);
  }
  /* The note alone moves: its offset changes. */
  {
    const char *ids[] = { "note", NULL };

    topo_edit_move (doc, ids, 10, 200);
    topo_layout_update (doc);
    g_assert_true (topo_document_lookup_note (doc, "note")->has_layout);
    g_assert_cmpfloat (topo_document_lookup_note (doc, "note")->bounds.x, ==, before_x + 16 + 10);
  }

  /* The card is deleted: the note stays where it was, free on the lane; undo attaches it again. */
  {
    const char *ids[] = { card_id, NULL };
    TopoRect was;
    const TopoLane *lane;

    topo_layout_update (doc);
    was = topo_document_lookup_note (doc, "note")->bounds;
    topo_edit_remove (doc, ids);
    topo_layout_update (doc);
    note = topo_document_lookup_note (doc, "note");
    g_assert_nonnull (note);
    g_assert_true (topo_note_is_free (note));
    lane = topo_layout_get_lane (doc, topo_layout_note_lane (doc, note));
    g_assert_cmpstr (note->region, ==, lane->region);
    g_assert_cmpfloat (note->bounds.x, ==, was.x);
    g_assert_cmpfloat (note->bounds.y, ==, was.y);
    g_assert_true (topo_document_undo (doc));
    g_assert_cmpstr (topo_document_lookup_note (doc, "note")->attach, ==, card_id);
  }

  /* A free note stays inside its lane: moved far up and left, it stops at the lane's corner. */
  {
    const char *ids[] = { "note", NULL };

    g_assert_true (topo_edit_attach_note (doc, "note", NULL, -1, &error));
    g_assert_no_error (error);
    topo_edit_move (doc, ids, -100000, -100000);
    note = topo_document_lookup_note (doc, "note");
    g_assert_cmpfloat (note->x, ==, 0);
    g_assert_cmpfloat (note->y, ==, 0);
  }
  /* An attached note too: its offset is clamped so it stays below the lane's top edge. */
  {
    const char *ids[] = { "note", NULL };

    rg = NULL;
    for (guint i = 0; i < topo_document_get_n_resources (doc) && rg == NULL; i++)
      if (topo_document_get_resource (doc, i)->kind == TOPO_KIND_RESOURCE_GROUP)
        rg = topo_document_get_resource (doc, i);
    g_assert_true (topo_edit_attach_note (doc, "note", rg->id, -1, &error));
    topo_edit_move (doc, ids, 0, -100000);
    topo_layout_update (doc);
    note = topo_document_lookup_note (doc, "note");
    g_assert_cmpfloat (note->bounds.y, ==, topo_layout_get_lane (doc, topo_layout_note_lane (doc, note))->bounds.y);
  }

  /* On a link: deleting the link (any path) leaves the note free where it was. */
  {
    TopoNote *on_link = topo_note_new ("on-link", "Read only");
    TopoRect was;

    g_assert_cmpuint (topo_document_get_n_links (doc), >, 0);
    topo_note_set_link (on_link, topo_document_get_link (doc, 0));
    g_assert_nonnull (topo_edit_add_note (doc, on_link, &error));
    topo_layout_update (doc);
    was = topo_document_lookup_note (doc, "on-link")->bounds;
    topo_document_remove_link (doc, 0);   /* a primitive: the invariants detach it */
    topo_layout_update (doc);
    note = topo_document_lookup_note (doc, "on-link");
    g_assert_true (topo_note_is_free (note));
    g_assert_cmpfloat (note->bounds.x, ==, MAX (was.x, note->bounds.x));
    g_assert_cmpfloat (note->bounds.y, ==, was.y);
  }

  /* Removal is one step; undo everything → the start, byte for byte; redo → the end. */
  {
    const char *ids[] = { "note", "on-link", NULL };
    g_autofree char *end = NULL;
    g_autofree char *again = NULL;
    g_autofree char *back = NULL;

    topo_edit_remove (doc, ids);
    g_assert_cmpuint (topo_document_get_n_notes (doc), ==, 0);
    end = snapshot (doc);
    while (topo_document_undo (doc))
      ;
    back = snapshot (doc);
    g_assert_cmpstr (back, ==, start);
    while (topo_document_redo (doc))
      ;
    again = snapshot (doc);
    g_assert_cmpstr (again, ==, end);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/undo/property-random-edits", test_property_random_edits);
  g_test_add_func ("/topo/undo/history-state", test_history_state);
  g_test_add_func ("/topo/undo/group-notifications", test_group_notifications);
  g_test_add_func ("/topo/undo/change-notification", test_change_notification);
  g_test_add_func ("/topo/undo/edit-refusals", test_edit_refusals);
  g_test_add_func ("/topo/undo/notes", test_notes);
  return g_test_run ();
}
