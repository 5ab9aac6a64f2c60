/* topo-vm-sizes.c: the Azure VM size names and the nearest known name for a misspelt one
 *
 * Data: data/azure-vm-size-families.tsv (copied from shared/data with its source note),
 * compiled in as a GResource and parsed once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-vm-sizes"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "topo-vm-sizes.h"

#define DATA_PATH "/io/github/topograph/Topograph/data/azure-vm-size-families.tsv"
#define PREFIX "Standard_"

typedef struct
{
  GPtrArray  *names;     /* sorted, NULL-terminated; strings owned by the table */
  GHashTable *family;    /* name → quota family */
  GHashTable *folded;    /* lower-case name → name */
} SizeTable;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static const SizeTable *
table (void)
{
  static gsize once;
  static SizeTable t;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resources_lookup_data (DATA_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                         &error);
      g_auto(GStrv) lines = NULL;
      g_autofree char *text = NULL;
      gboolean header = FALSE;
      gsize size = 0;
      const char *data;

      /* compiled into the program: a missing file is a build error, not a user error */
      if (bytes == NULL)
        g_error ("embedded data %s missing: %s", DATA_PATH, error->message);
      data = g_bytes_get_data (bytes, &size);
      text = g_strndup (data, size);
      lines = g_strsplit (text, "\n", -1);
      t.names = g_ptr_array_new ();
      t.family = g_hash_table_new (g_str_hash, g_str_equal);
      t.folded = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *tab;
          char *name;

          g_strchomp (lines[i]);
          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          if (!header)
            {
              header = TRUE;
              continue;
            }
          if ((tab = strchr (lines[i], '\t')) == NULL)
            g_error ("azure-vm-size-families.tsv: no tab in line %u", i + 1);
          *tab = '\0';
          name = g_strdup (lines[i]);
          g_ptr_array_add (t.names, name);
          g_hash_table_insert (t.family, name, g_strdup (tab + 1));
          g_hash_table_insert (t.folded, g_ascii_strdown (name, -1), name);
        }
      g_ptr_array_sort (t.names, compare_names);
      g_ptr_array_add (t.names, NULL);
      g_once_init_leave (&once, 1);
    }
  return &t;
}

const char *const *
topo_vm_sizes_get_all (guint *n_sizes)
{
  const SizeTable *t = table ();

  if (n_sizes != NULL)
    *n_sizes = t->names->len - 1;
  return (const char *const *) t->names->pdata;
}

gboolean
topo_vm_size_is_known (const char *name)
{
  return name != NULL && g_hash_table_contains (table ()->family, name);
}

const char *
topo_vm_size_quota_family (const char *name)
{
  return name != NULL ? g_hash_table_lookup (table ()->family, name) : NULL;
}

/* Levenshtein distance of two ASCII strings, case-insensitive, giving up above limit. */
static guint
distance (const char *a,
          const char *b,
          guint       limit)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;

  if ((la > lb ? la - lb : lb - la) > limit)
    return limit + 1;
  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0], best = row[0] = i;

      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
          best = MIN (best, row[j]);
        }
      if (best > limit)
        return limit + 1;
    }
  return row[lb];
}

char *
topo_vm_size_suggest (const char *name)
{
  const SizeTable *t = table ();
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *prefixed = NULL;
  const char *hit;
  const char *best = NULL;
  guint best_d, limit;

  if (name == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    return NULL;
  /* a case slip, or the prefix left out ("ds3_v2") */
  folded = g_ascii_strdown (stripped, -1);
  if ((hit = g_hash_table_lookup (t->folded, folded)) != NULL)
    return g_strdup (hit);
  prefixed = g_strconcat ("standard_", folded, NULL);
  if ((hit = g_hash_table_lookup (t->folded, prefixed)) != NULL)
    return g_strdup (hit);

  /* a typo: the closest name, when it is close (a quarter of the name, at least 1, at most 3) */
  limit = CLAMP (strlen (stripped) / 4, 1, 3);
  best_d = limit + 1;
  for (guint i = 0; i + 1 < t->names->len; i++)
    {
      const char *candidate = g_ptr_array_index (t->names, i);
      guint d = distance (stripped, candidate, MIN (limit, best_d));

      /* also without the prefix, for a name typed without it */
      if (g_str_has_prefix (candidate, PREFIX))
        d = MIN (d, distance (stripped, candidate + strlen (PREFIX), MIN (limit, best_d)));
      if (d < best_d)
        {
          best_d = d;
          best = candidate;
        }
    }
  return best != NULL ? g_strdup (best) : NULL;
}

gboolean
topo_vm_size_check (const char  *name,
                    char       **reason)
{
  g_autofree char *suggestion = NULL;

  if (topo_vm_size_is_known (name))
    return TRUE;
  suggestion = topo_vm_size_suggest (name);
  if (reason != NULL)
    {
      if (suggestion != NULL)
        *reason = g_strdup_printf (_("“%s” is not an Azure VM size. Did you mean “%s”?"),
                                   name, suggestion);
      else
        *reason = g_strdup_printf (_("“%s” is not an Azure VM size (for example Standard_DS3_v2, "
                                     "Standard_NC6s_v3)"), name);
    }
  return FALSE;
}
