/* topo-regions.c: Azure regions and naming rules from the embedded data files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-regions"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "topo-regions.h"

#define DATA_PREFIX "/io/github/topograph/Topograph/data/"

typedef struct
{
  TopoRegion *regions;
  guint       n_regions;
  GHashTable *by_name;    /* name → TopoRegion* */
} RegionTable;

typedef struct
{
  TopoNamingRule rules[TOPO_N_KINDS];
  gboolean       present[TOPO_N_KINDS];
  GRegex        *regex[TOPO_N_KINDS];
  char          *pattern[TOPO_N_KINDS];
} NamingTable;

static GBytes *
load_data (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strconcat (DATA_PREFIX, file, NULL);
  GBytes *bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  /* The data is compiled into the program: a missing file is a build error, not a user error. */
  if (bytes == NULL)
    g_error ("embedded data %s missing: %s", path, error->message);
  return bytes;
}

/* Data rows of a TSV file: comment lines (#) and the header line are skipped. The returned
 * vector of lines is owned by the caller; the strings stay alive for the program's life. */
static char **
data_lines (const char *file)
{
  g_autoptr(GBytes) bytes = load_data (file);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);
  char **lines = g_strsplit (text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new ();
  gboolean header_seen = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (line[0] == '\0' || line[0] == '#')
        {
          g_free (line);
          continue;
        }
      if (!header_seen)
        {
          header_seen = TRUE;
          g_free (line);
          continue;
        }
      g_ptr_array_add (rows, line);
    }
  g_free (lines);   /* the strings moved into rows (or were freed) */
  g_ptr_array_add (rows, NULL);
  return (char **) g_ptr_array_free (rows, FALSE);
}

static const char *
intern_or_null (const char *str)
{
  if (str == NULL || str[0] == '\0' || g_str_equal (str, "-"))
    return NULL;
  return g_intern_string (str);
}

static RegionTable *
region_table (void)
{
  static RegionTable *table;

  if (g_once_init_enter (&table))
    {
      RegionTable *t = g_new0 (RegionTable, 1);
      g_auto(GStrv) rows = data_lines ("azure-regions.tsv");
      guint n = g_strv_length (rows);

      t->regions = g_new0 (TopoRegion, n);
      t->by_name = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < n; i++)
        {
          g_auto(GStrv) cols = g_strsplit (rows[i], "\t", -1);
          TopoRegion *region;

          if (g_strv_length (cols) < 7)
            continue;
          region = &t->regions[t->n_regions++];
          region->name = g_intern_string (cols[0]);
          region->display_name = g_intern_string (cols[1]);
          region->geography = g_intern_string (cols[2]);
          region->geography_group = g_intern_string (cols[3]);
          region->paired_region = intern_or_null (cols[4]);
          /* Canary and stage regions ("Canary (US)", "Stage (US)") are Microsoft's own. */
          region->customer = !(strstr (cols[2], "Canary") || strstr (cols[2], "Stage") ||
                               strstr (cols[6], "Canary") || strstr (cols[6], "Stage"));
          g_hash_table_insert (t->by_name, (gpointer) region->name, region);
        }
      g_once_init_leave (&table, t);
    }
  return table;
}

const TopoRegion *
topo_region_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (region_table ()->by_name, name);
}

const TopoRegion *
topo_regions_get_all (guint *n_regions)
{
  RegionTable *t = region_table ();

  if (n_regions != NULL)
    *n_regions = t->n_regions;
  return t->regions;
}

/* naming-rules.tsv rows by the start of their resource_type column. */
static int
kind_for_resource_type (const char *type)
{
  static const struct { const char *prefix; TopoKind kind; } map[] = {
    { "Microsoft.Resources/resourceGroups", TOPO_KIND_RESOURCE_GROUP },
    { "Microsoft.MachineLearningServices/workspaces/computes (ComputeInstance)", TOPO_KIND_COMPUTE_INSTANCE },
    { "Microsoft.MachineLearningServices/workspaces/computes (AmlCompute", TOPO_KIND_COMPUTE_CLUSTER },
    { "Microsoft.Storage/storageAccounts", TOPO_KIND_STORAGE },
    { "Microsoft.KeyVault/vaults", TOPO_KIND_KEY_VAULT },
    { "Microsoft.ContainerRegistry/registries", TOPO_KIND_CONTAINER_REGISTRY },
    { "Microsoft.Insights/components", TOPO_KIND_APP_INSIGHTS },
    { "Microsoft.ContainerService/managedClusters", TOPO_KIND_AKS },
  };

  if (g_str_equal (type, "Microsoft.MachineLearningServices/workspaces"))
    return TOPO_KIND_WORKSPACE;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_has_prefix (type, map[i].prefix))
      return map[i].kind;
  return -1;
}

/* The TSV's regexes use \w, which GRegex (PCRE2 with UCP) would read as Unicode; the rules are
 * ASCII (RULES.md), so \w becomes [A-Za-z0-9_] (inside a class: A-Za-z0-9_). */
static char *
ascii_pattern (const char *pattern)
{
  GString *out = g_string_new (NULL);
  gboolean in_class = FALSE;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] != '\0')
        {
          if (p[1] == 'w')
            g_string_append (out, in_class ? "A-Za-z0-9_" : "[A-Za-z0-9_]");
          else
            g_string_append_len (out, p, 2);
          p++;
          continue;
        }
      if (*p == '[' && !in_class)
        in_class = TRUE;
      else if (*p == ']' && in_class)
        in_class = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static const char *
normalise_scope (const char *scope)
{
  if (g_str_has_prefix (scope, "global"))
    return "global";
  if (g_str_has_prefix (scope, "subscription"))
    return "subscription";
  if (g_str_has_prefix (scope, "resource group"))
    return "resource group";
  if (strstr (scope, "region") != NULL)
    return "region";
  return g_intern_string (scope);
}

static NamingTable *
naming_table (void)
{
  static NamingTable *table;

  if (g_once_init_enter (&table))
    {
      NamingTable *t = g_new0 (NamingTable, 1);
      g_auto(GStrv) rows = data_lines ("naming-rules.tsv");

      for (guint i = 0; rows[i] != NULL; i++)
        {
          g_auto(GStrv) cols = g_strsplit (rows[i], "\t", -1);
          g_autoptr(GError) error = NULL;
          g_autofree char *caf = NULL;
          int kind;

          if (g_strv_length (cols) < 6)
            continue;
          kind = kind_for_resource_type (cols[0]);
          if (kind < 0 || t->present[kind])
            continue;
          t->present[kind] = TRUE;
          t->rules[kind].kind = kind;
          t->rules[kind].min_length = (guint) g_ascii_strtoull (cols[1], NULL, 10);
          t->rules[kind].max_length = (guint) g_ascii_strtoull (cols[2], NULL, 10);
          t->rules[kind].scope = normalise_scope (cols[4]);
          /* "mlw (kind Hub: hub; …)" → "mlw"; "none in CAF table" → no prefix */
          caf = g_strndup (cols[5], strcspn (cols[5], " ("));
          t->rules[kind].caf_prefix = (caf[0] == '\0' || g_str_equal (caf, "none"))
                                      ? NULL : g_intern_string (caf);
          t->pattern[kind] = ascii_pattern (cols[3]);
          /* RAW: byte semantics, so no Unicode case folding or classes sneak in; DOLLAR_ENDONLY:
           * "$" must not accept a trailing newline (the regex must match the whole name). */
          t->regex[kind] = g_regex_new (t->pattern[kind],
                                        G_REGEX_RAW | G_REGEX_DOLLAR_ENDONLY | G_REGEX_OPTIMIZE,
                                        0, &error);
          if (t->regex[kind] == NULL)
            g_error ("naming-rules.tsv: bad regex for %s: %s", cols[0], error->message);
        }
      for (guint k = 0; k < TOPO_N_KINDS; k++)
        if (!t->present[k])
          g_error ("naming-rules.tsv has no row for %s", topo_kind_to_string (k));
      g_once_init_leave (&table, t);
    }
  return table;
}

const TopoNamingRule *
topo_naming_rule (TopoKind kind)
{
  g_return_val_if_fail (kind < TOPO_N_KINDS, NULL);
  return &naming_table ()->rules[kind];
}

const char *
topo_naming_pattern (TopoKind kind)
{
  g_return_val_if_fail (kind < TOPO_N_KINDS, NULL);
  return naming_table ()->pattern[kind];
}

gboolean
topo_naming_regex_match (TopoKind kind,
                         const char *name)
{
  g_return_val_if_fail (kind < TOPO_N_KINDS, FALSE);
  return g_regex_match (naming_table ()->regex[kind], name, 0, NULL);
}

static inline gboolean
is_alpha (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_alnum (char c)
{
  return is_alpha (c) || (c >= '0' && c <= '9');
}

/* Hand-written equivalents of the TSV regexes (after the \w → ASCII rewrite), used on the hot
 * path; tests/test-validator.c checks them against the GRegex of every row. */
gboolean
topo_naming_chars_match (TopoKind kind,
                         const char *name)
{
  gsize len = strlen (name);

  switch (kind)
    {
    case TOPO_KIND_RESOURCE_GROUP:
      /* ^[-\w\._\(\)]*[-\w_\(\)]$ */
      if (len == 0 || name[len - 1] == '.')
        return FALSE;
      for (gsize i = 0; i < len; i++)
        {
          char c = name[i];
          if (!(is_alnum (c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')'))
            return FALSE;
        }
      return TRUE;

    case TOPO_KIND_WORKSPACE:
      /* ^[a-zA-Z0-9][a-zA-Z0-9-]{2,32}$ */
      if (len < 3 || len > 33 || !is_alnum (name[0]))
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!(is_alnum (name[i]) || name[i] == '-'))
          return FALSE;
      return TRUE;

    case TOPO_KIND_COMPUTE_INSTANCE:
    case TOPO_KIND_COMPUTE_CLUSTER:
      {
        /* ^(?!.*-[^A-Za-z]*$)[A-Za-z][A-Za-z0-9-]{2,23}$ : a letter must follow the last '-' */
        gboolean letter_after_dash = TRUE;

        if (len < 3 || len > 24 || !is_alpha (name[0]))
          return FALSE;
        for (gsize i = 1; i < len; i++)
          {
            char c = name[i];
            if (c == '-')
              letter_after_dash = FALSE;
            else if (is_alpha (c))
              letter_after_dash = TRUE;
            else if (!(c >= '0' && c <= '9'))
              return FALSE;
          }
        return letter_after_dash;
      }

    case TOPO_KIND_STORAGE:
      /* ^[a-z0-9]{3,24}$ */
      if (len < 3 || len > 24)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9')))
          return FALSE;
      return TRUE;

    case TOPO_KIND_KEY_VAULT:
      /* ^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$ */
      if (len < 3 || len > 24 || !is_alpha (name[0]) || !is_alnum (name[len - 1]))
        return FALSE;
      for (gsize i = 1; i < len - 1; i++)
        {
          if (!(is_alnum (name[i]) || name[i] == '-'))
            return FALSE;
          if (name[i] == '-' && name[i + 1] == '-')
            return FALSE;
        }
      return TRUE;

    case TOPO_KIND_CONTAINER_REGISTRY:
      /* ^[a-zA-Z0-9]{5,50}$ */
      if (len < 5 || len > 50)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!is_alnum (name[i]))
          return FALSE;
      return TRUE;

    case TOPO_KIND_APP_INSIGHTS:
      /* (?i)^[a-z0-9.\-_()]{0,254}[a-z0-9\-_()]$ */
      if (len < 1 || len > 255 || name[len - 1] == '.')
        return FALSE;
      for (gsize i = 0; i < len; i++)
        {
          char c = name[i];
          if (!(is_alnum (c) || c == '.' || c == '-' || c == '_' || c == '(' || c == ')'))
            return FALSE;
        }
      return TRUE;

    case TOPO_KIND_AKS:
      /* ^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$ */
      if (len < 1 || len > 63 || !is_alnum (name[0]) || !is_alnum (name[len - 1]))
        return FALSE;
      for (gsize i = 1; i < len; i++)
        if (!(is_alnum (name[i]) || name[i] == '_' || name[i] == '-'))
          return FALSE;
      return TRUE;

    case TOPO_N_KINDS:
    default:
      return FALSE;
    }
}

/* One sentence on the characters a kind allows. */
static const char *
chars_rule_text (TopoKind kind)
{
  switch (kind)
    {
    case TOPO_KIND_RESOURCE_GROUP:
      return _("resource group names may contain only ASCII letters, digits, '-', '_', '.', '(' and ')', and may not end with a period");
    case TOPO_KIND_WORKSPACE:
      return _("workspace names start with a letter or digit and contain only ASCII letters, digits and hyphens");
    case TOPO_KIND_COMPUTE_INSTANCE:
    case TOPO_KIND_COMPUTE_CLUSTER:
      return _("compute names start with a letter, contain only letters, digits and hyphens, and need a letter after the last hyphen");
    case TOPO_KIND_STORAGE:
      return _("storage account names may contain only lower-case letters and digits");
    case TOPO_KIND_KEY_VAULT:
      return _("key vault names start with a letter, end with a letter or digit, and contain only letters, digits and single hyphens");
    case TOPO_KIND_CONTAINER_REGISTRY:
      return _("container registry names may contain only letters and digits");
    case TOPO_KIND_APP_INSIGHTS:
      return _("Application Insights names may contain only letters, digits, '.', '-', '_', '(' and ')', and may not end with a period");
    case TOPO_KIND_AKS:
      return _("AKS cluster names start and end with a letter or digit and contain only letters, digits, '_' and '-'");
    case TOPO_N_KINDS:
    default:
      return "";
    }
}

gboolean
topo_naming_check (TopoKind kind,
                   const char *name,
                   char **reason)
{
  const TopoNamingRule *rule;
  glong length;

  g_return_val_if_fail (kind < TOPO_N_KINDS, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  rule = topo_naming_rule (kind);
  /* Fast path: a name the character rule accepts is ASCII, so its length in code points is
   * its length in bytes. */
  if (topo_naming_chars_match (kind, name))
    {
      gsize bytes = strlen (name);
      if (bytes >= rule->min_length && bytes <= rule->max_length)
        return TRUE;
    }
  length = g_utf8_validate (name, -1, NULL) ? g_utf8_strlen (name, -1) : (glong) strlen (name);
  if (length < (glong) rule->min_length || length > (glong) rule->max_length)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "it has %ld character, but %s names have %u to %u",
                                                "it has %ld characters, but %s names have %u to %u",
                                                length),
                                   length, topo_kind_to_string (kind),
                                   rule->min_length, rule->max_length);
      return FALSE;
    }
  if (!topo_naming_chars_match (kind, name))
    {
      if (reason != NULL)
        *reason = g_strdup (chars_rule_text (kind));
      return FALSE;
    }
  return TRUE;
}

static gboolean
allowed_char (TopoKind kind,
              char c)
{
  switch (kind)
    {
    case TOPO_KIND_RESOURCE_GROUP:
    case TOPO_KIND_APP_INSIGHTS:
      return is_alnum (c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')';
    case TOPO_KIND_STORAGE:
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    case TOPO_KIND_CONTAINER_REGISTRY:
      return is_alnum (c);
    case TOPO_KIND_AKS:
      return is_alnum (c) || c == '_' || c == '-';
    case TOPO_KIND_WORKSPACE:
    case TOPO_KIND_COMPUTE_INSTANCE:
    case TOPO_KIND_COMPUTE_CLUSTER:
    case TOPO_KIND_KEY_VAULT:
    case TOPO_N_KINDS:
    default:
      return is_alnum (c) || c == '-';
    }
}

char *
topo_naming_suggest (TopoKind kind,
                     const char *name)
{
  const TopoNamingRule *rule = topo_naming_rule (kind);
  gboolean hyphen = allowed_char (kind, '-');
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", "C");
  GString *out = g_string_new (NULL);

  /* Map to the allowed alphabet: transliterated letters kept, other characters become '-'
   * where allowed and are dropped where not. */
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = kind == TOPO_KIND_STORAGE ? g_ascii_tolower (*p) : *p;

      if (allowed_char (kind, c))
        g_string_append_c (out, c);
      else if (hyphen && out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }

  if (kind == TOPO_KIND_KEY_VAULT)
    {
      char *dd;
      while ((dd = strstr (out->str, "--")) != NULL)
        g_string_erase (out, dd - out->str, 1);
    }

  /* Kinds that must start with a letter get their CAF prefix (or "c" for computes). */
  if ((kind == TOPO_KIND_KEY_VAULT || kind == TOPO_KIND_COMPUTE_INSTANCE ||
       kind == TOPO_KIND_COMPUTE_CLUSTER) && (out->len == 0 || !is_alpha (out->str[0])))
    g_string_prepend (out, rule->caf_prefix != NULL ? rule->caf_prefix : "c");
  if (kind == TOPO_KIND_AKS || kind == TOPO_KIND_WORKSPACE)
    while (out->len > 0 && !is_alnum (out->str[0]))
      g_string_erase (out, 0, 1);

  while (out->len < rule->min_length)
    g_string_append_c (out, kind == TOPO_KIND_STORAGE ? '0' : 'x');
  if (out->len > rule->max_length)
    g_string_truncate (out, rule->max_length);

  /* Endings: no trailing period (RG, App Insights), alphanumeric end (KV, AKS), a letter after
   * the last hyphen (computes: drop the trailing hyphens that have no letter after them). */
  for (;;)
    {
      gsize len = out->len;
      char last = len > 0 ? out->str[len - 1] : 'x';

      if (len > 0 && (last == '.' || ((kind == TOPO_KIND_KEY_VAULT || kind == TOPO_KIND_AKS ||
                                        kind == TOPO_KIND_WORKSPACE) && !is_alnum (last))))
        g_string_truncate (out, len - 1);
      else
        break;
    }
  if (kind == TOPO_KIND_COMPUTE_INSTANCE || kind == TOPO_KIND_COMPUTE_CLUSTER)
    {
      char *dash;
      while ((dash = strrchr (out->str, '-')) != NULL)
        {
          gboolean letter = FALSE;
          for (const char *q = dash + 1; *q != '\0'; q++)
            letter |= is_alpha (*q);
          if (letter)
            break;
          g_string_erase (out, dash - out->str, 1);
        }
    }
  while (out->len < rule->min_length)
    g_string_append_c (out, kind == TOPO_KIND_STORAGE ? '0' : 'x');

  if (!topo_naming_check (kind, out->str, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
