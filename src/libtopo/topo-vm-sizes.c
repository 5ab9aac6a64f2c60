/* topo-vm-sizes.c: the Azure VM size names and the nearest known name for a misspelt one
 *
 * Data: data/azure-vm-size-families.tsv (every name and its quota family) and
 * data/azure-vm-sizes.tsv (vCPUs, memory and GPUs of the sizes ML compute uses), copied from
 * shared/data with their source note (data/azure-vm-sizes-SOURCES.md), compiled in as a
 * GResource and parsed once.
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
#define SPECS_PATH "/io/github/topograph/Topograph/data/azure-vm-sizes.tsv"
#define PREFIX "Standard_"

typedef struct
{
  GPtrArray  *names;     /* sorted, NULL-terminated; strings owned by the table */
  GHashTable *family;    /* name → quota family */
  GHashTable *folded;    /* lower-case name → name */
  GArray     *specs;     /* of TopoVmSize, sorted by name */
  GHashTable *spec_of;   /* name → TopoVmSize* */
  GHashTable *families;  /* family key → canonical spelling */
  GPtrArray  *family_list; /* the canonical spellings, sorted by key, NULL-terminated */
  GHashTable *gpu;       /* family keys with GPUs */
  GHashTable *strings;   /* every string of the tables once, so equal strings are equal
                          * pointers (GLib's quark table is not used: growing it past its
                          * first blocks leaves blocks that leak checkers report) */
} SizeTable;

static const char *
intern (SizeTable  *t,
        const char *text)
{
  char *found = g_hash_table_lookup (t->strings, text);

  if (found == NULL)
    {
      found = g_strdup (text);
      g_hash_table_add (t->strings, found);
    }
  return found;
}

/* The lines of an embedded table after its comment and header lines (which it checks). */
static GStrv
read_table (const char *path,
            const char *header)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autofree char *text = NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  gboolean seen_header = FALSE;
  gsize size = 0;
  const char *data;

  /* compiled into the program: a missing file is a build error, not a user error */
  if (bytes == NULL)
    g_error ("embedded data %s missing: %s", path, error->message);
  data = g_bytes_get_data (bytes, &size);
  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      if (!seen_header)
        {
          if (!g_str_has_prefix (lines[i], header))
            g_error ("%s: unexpected header", path);
          seen_header = TRUE;
          continue;
        }
      g_strv_builder_add (builder, lines[i]);
    }
  {
    GStrv result = g_strv_builder_end (builder);

    g_strv_builder_unref (builder);
    return result;
  }
}

static void
add_family (SizeTable  *t,
            const char *family)
{
  char *key = topo_vm_family_key (family);

  if (g_hash_table_contains (t->families, key))
    g_free (key);
  else
    g_hash_table_insert (t->families, key, (gpointer) family);
}

static int
compare_specs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const TopoVmSize *) a)->name, ((const TopoVmSize *) b)->name);
}

/* azure-vm-sizes.tsv: name series quota_family vcpus memory_gib gpus gpu_model source */
static void
load_specs (SizeTable *t)
{
  g_auto(GStrv) lines = read_table (SPECS_PATH, "name\tseries\tquota_family\tvcpus");

  t->specs = g_array_new (FALSE, TRUE, sizeof (TopoVmSize));
  t->spec_of = g_hash_table_new (g_str_hash, g_str_equal);
  t->gpu = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      TopoVmSize s;

      if (g_strv_length (f) < 7)
        g_error ("azure-vm-sizes.tsv: short row %s", lines[i]);
      s.name = intern (t, f[0]);
      s.series = intern (t, f[1]);
      s.quota_family = intern (t, f[2]);
      s.vcpus = (guint) g_ascii_strtoull (f[3], NULL, 10);
      s.memory_gib = g_ascii_strtod (f[4], NULL);
      s.gpus = (guint) g_ascii_strtoull (f[5], NULL, 10);
      s.gpu_model = f[6][0] != '\0' ? intern (t, f[6]) : NULL;
      g_array_append_val (t->specs, s);
    }
  g_array_sort (t->specs, compare_specs);
  for (guint i = 0; i < t->specs->len; i++)
    {
      TopoVmSize *s = &g_array_index (t->specs, TopoVmSize, i);

      g_hash_table_insert (t->spec_of, (gpointer) s->name, s);
      add_family (t, s->quota_family);
      if (s->gpus > 0)
        {
          char *key = topo_vm_family_key (s->quota_family);

          if (g_hash_table_contains (t->gpu, key))
            g_free (key);
          else
            g_hash_table_add (t->gpu, key);
        }
    }
}

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
      g_auto(GStrv) lines = read_table (DATA_PATH, "name\tquota_family");

      t.names = g_ptr_array_new ();
      t.family = g_hash_table_new (g_str_hash, g_str_equal);
      t.folded = g_hash_table_new (g_str_hash, g_str_equal);
      t.families = g_hash_table_new (g_str_hash, g_str_equal);
      t.strings = g_hash_table_new (g_str_hash, g_str_equal);
      load_specs (&t);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *tab;
          const char *name;

          if ((tab = strchr (lines[i], '\t')) == NULL)
            g_error ("azure-vm-size-families.tsv: no tab in %s", lines[i]);
          *tab = '\0';
          name = intern (&t, lines[i]);
          g_ptr_array_add (t.names, (gpointer) name);
          g_hash_table_insert (t.family, (gpointer) name, (gpointer) intern (&t, tab + 1));
          g_hash_table_insert (t.folded, g_ascii_strdown (name, -1), (gpointer) name);
          add_family (&t, g_hash_table_lookup (t.family, name));
        }
      /* the specified sizes the name list lacks (two isolated Ev3 sizes: caveat 7) */
      for (guint i = 0; i < t.specs->len; i++)
        {
          const TopoVmSize *s = &g_array_index (t.specs, TopoVmSize, i);

          if (g_hash_table_contains (t.family, s->name))
            continue;
          g_ptr_array_add (t.names, (gpointer) s->name);
          g_hash_table_insert (t.family, (gpointer) s->name, (gpointer) s->quota_family);
          g_hash_table_insert (t.folded, g_ascii_strdown (s->name, -1), (gpointer) s->name);
        }
      g_ptr_array_sort (t.names, compare_names);
      g_ptr_array_add (t.names, NULL);
      {
        g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (t.families), (GCompareFunc) strcmp);

        t.family_list = g_ptr_array_new ();
        for (GList *l = keys; l != NULL; l = l->next)
          g_ptr_array_add (t.family_list, g_hash_table_lookup (t.families, l->data));
        g_ptr_array_add (t.family_list, NULL);
      }
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

const TopoVmSize *
topo_vm_size_lookup (const char *name)
{
  return name != NULL ? g_hash_table_lookup (table ()->spec_of, name) : NULL;
}

const TopoVmSize *
topo_vm_sizes_get_specs (guint *n_sizes)
{
  const SizeTable *t = table ();

  if (n_sizes != NULL)
    *n_sizes = t->specs->len;
  return (const TopoVmSize *) t->specs->data;
}

char *
topo_vm_family_key (const char *family)
{
  GString *key = g_string_sized_new (32);

  for (const char *p = family; p != NULL && *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (key, g_ascii_tolower (*p));
  return g_string_free (key, FALSE);
}

gboolean
topo_vm_family_is_gpu (const char *family)
{
  g_autofree char *key = topo_vm_family_key (family);

  return g_hash_table_contains (table ()->gpu, key);
}

const char *
topo_vm_family_canonical (const char *family)
{
  g_autofree char *key = topo_vm_family_key (family);

  return g_hash_table_lookup (table ()->families, key);
}

const char *const *
topo_vm_families_get_all (guint *n_families)
{
  const SizeTable *t = table ();

  if (n_families != NULL)
    *n_families = t->family_list->len - 1;
  return (const char *const *) t->family_list->pdata;
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
