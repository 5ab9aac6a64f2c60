/* fix-undo-property.h: the "fixes and undo restore" property, shared by test-fix-undo and the
 * fuzz-fix-undo harness.
 *
 * On a design: apply every fix the validator offers (round after round, as a user pressing each
 * fix button would, until no fix applies), one undo step each; then undo them one by one, each
 * undo giving back exactly the bytes before that fix, down to the original; then redo them all,
 * each redo giving back exactly the bytes after that fix. Then the same with all the fixes of a
 * round in one group ("Fix All"): one undo restores, one redo re-applies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "topo.h"
#include "topo-validator.h"

/* Bounds the rounds: a fix may reveal another finding with a fix, never endlessly. */
#define FIX_UNDO_MAX_ROUNDS 8

static char *
fix_undo_bytes (TopoDocument *doc)
{
  gsize length;

  return topo_format_to_data (doc, &length);
}

/* Applies each offered fix of one validation run; returns how many applied. */
static guint
fix_undo_apply_round (TopoDocument *doc,
                      GPtrArray    *states)
{
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);
  guint applied = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->fix == NULL)
        continue;
      /* Refused when an earlier fix of this round already changed what the finding was about. */
      if (!topo_diagnostic_apply_fix (d, doc, NULL))
        continue;
      applied++;
      if (states != NULL)
        g_ptr_array_add (states, fix_undo_bytes (doc));
    }
  return applied;
}

/* NULL when the property holds, else what failed. *n_fixes: how many fixes applied. */
static char *
fix_undo_check (TopoDocument *doc,
                guint        *n_fixes)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first = NULL;
  g_autofree char *fixed = NULL;
  guint n;

  g_ptr_array_add (states, fix_undo_bytes (doc));
  for (guint round = 0; round < FIX_UNDO_MAX_ROUNDS; round++)
    if (fix_undo_apply_round (doc, states) == 0)
      break;
  n = states->len - 1;
  if (n_fixes != NULL)
    *n_fixes = n;

  for (guint i = n; i > 0; i--)
    {
      g_autofree char *now = NULL;

      if (!topo_document_undo (doc))
        return g_strdup_printf ("undo %u of %u refused", n - i + 1, n);
      now = fix_undo_bytes (doc);
      if (strcmp (now, g_ptr_array_index (states, i - 1)) != 0)
        return g_strdup_printf ("undo of fix %u (“%s”) does not restore the bytes before it:\n"
                                "--- before\n%s\n--- after undo\n%s", i,
                                topo_document_get_redo_label (doc), (char *) g_ptr_array_index (states, i - 1), now);
    }
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *now = NULL;

      if (!topo_document_redo (doc))
        return g_strdup_printf ("redo %u of %u refused", i, n);
      now = fix_undo_bytes (doc);
      if (strcmp (now, g_ptr_array_index (states, i)) != 0)
        return g_strdup_printf ("redo of fix %u does not give the bytes after it:\n--- fixed\n%s\n"
                                "--- after redo\n%s", i, (char *) g_ptr_array_index (states, i), now);
    }

  /* Back to the start, then every fix of the first round as one step. */
  for (guint i = 0; i < n; i++)
    if (!topo_document_undo (doc))
      return g_strdup ("second undo pass refused");
  first = fix_undo_bytes (doc);
  if (strcmp (first, g_ptr_array_index (states, 0)) != 0)
    return g_strdup ("the second undo pass does not restore the original bytes");
  topo_document_begin_group (doc, "Fix All");
  n = fix_undo_apply_round (doc, NULL);
  topo_document_end_group (doc);
  if (n == 0)
    return NULL;
  fixed = fix_undo_bytes (doc);
  {
    g_autofree char *undone = NULL;
    g_autofree char *redone = NULL;

    if (!topo_document_undo (doc))
      return g_strdup ("undo of Fix All refused");
    undone = fix_undo_bytes (doc);
    if (strcmp (undone, first) != 0)
      return g_strdup_printf ("one undo of Fix All (%u fixes) does not restore the bytes", n);
    if (!topo_document_redo (doc))
      return g_strdup ("redo of Fix All refused");
    redone = fix_undo_bytes (doc);
    if (strcmp (redone, fixed) != 0)
      return g_strdup_printf ("redo of Fix All (%u fixes) does not give the fixed bytes", n);
  }
  return NULL;
}
