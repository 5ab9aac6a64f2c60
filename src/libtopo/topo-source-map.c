/* topo-source-map.c: line ranges of the teams, resources, links, suppressions and policy of a
 * .topograph text (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-source-map"

#include "config.h"

#include <string.h>

#include "topo-source-map.h"

struct _TopoSourceMap
{
  GArray *ranges[TOPO_N_SOURCE_SECTIONS];   /* of TopoLineRange */
};

static int
section_of_key (const char *key,
                gboolean in_policy)
{
  static const char *const top[] = { "teams", "resources", "links", "suppressions", "policy" };

  if (in_policy)
    return g_str_equal (key, "rules") ? TOPO_SOURCE_POLICY_RULES : -1;
  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    if (g_str_equal (key, top[i]))
      return i;
  return -1;
}

TopoSourceMap *
topo_source_map_new (const char *data,
                     gsize length)
{
  TopoSourceMap *map = g_new0 (TopoSourceMap, 1);
  guint line = 1, depth = 0;
  char key[32] = "";
  gboolean key_fits = FALSE;
  int section = -1;            /* the top-level array being read (depth 2) */
  int policy_state = 0;        /* 1: inside the policy object */
  int rules_open = 0;          /* depth at which policy.rules was opened, 0 = none */
  guint elem_start = 0, policy_start = 0, rules_start = 0;
  GArray *fresh[TOPO_N_SOURCE_SECTIONS] = { NULL };

  for (guint s = 0; s < TOPO_N_SOURCE_SECTIONS; s++)
    fresh[s] = g_array_new (FALSE, FALSE, sizeof (TopoLineRange));

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      switch (c)
        {
        case '\n':
          line++;
          break;

        case '"':
          {
            gsize start = ++i;

            while (i < length && data[i] != '"')
              {
                if (data[i] == '\\' && i + 1 < length)
                  i++;
                else if (data[i] == '\n')
                  line++;
                i++;
              }
            /* Keys of the root object, and of the policy object. */
            if (depth == 1 || (depth == 2 && policy_state == 1))
              {
                key_fits = i - start < sizeof key;
                if (key_fits)
                  {
                    memcpy (key, data + start, i - start);
                    key[i - start] = '\0';
                  }
              }
            if (depth == 2 && section >= 0)
              elem_start = line;   /* a string element: one line */
            break;
          }

        case '{':
        case '[':
          depth++;
          if (depth == 2 && key_fits)
            {
              int s = section_of_key (key, FALSE);

              if (s == TOPO_SOURCE_POLICY && c == '{')
                {
                  policy_state = 1;
                  policy_start = line;
                }
              else if (s >= 0 && s < TOPO_SOURCE_POLICY && c == '[')
                {
                  section = s;
                  g_array_set_size (fresh[s], 0);   /* a later duplicate key wins */
                }
            }
          else if (depth == 3 && section >= 0)
            elem_start = line;
          else if (depth == 3 && policy_state == 1 && key_fits && c == '{' &&
                   section_of_key (key, TRUE) == TOPO_SOURCE_POLICY_RULES)
            {
              rules_open = 3;
              rules_start = line;
            }
          key_fits = FALSE;
          break;

        case '}':
        case ']':
          if (depth == 0)
            break;
          if (depth == 3 && section >= 0)
            {
              TopoLineRange r = { elem_start, line };
              g_array_append_val (fresh[section], r);
            }
          else if (depth == 3 && rules_open == 3)
            {
              TopoLineRange r = { rules_start, line };

              g_array_set_size (fresh[TOPO_SOURCE_POLICY_RULES], 0);
              g_array_append_val (fresh[TOPO_SOURCE_POLICY_RULES], r);
              rules_open = 0;
            }
          else if (depth == 2 && section >= 0)
            section = -1;
          else if (depth == 2 && policy_state == 1)
            {
              TopoLineRange r = { policy_start, line };

              g_array_set_size (fresh[TOPO_SOURCE_POLICY], 0);
              g_array_append_val (fresh[TOPO_SOURCE_POLICY], r);
              policy_state = 0;
            }
          depth--;
          key_fits = FALSE;
          break;

        default:
          /* Scalars (numbers, true, false, null) as array elements: one line. */
          if (depth == 2 && section >= 0 && c != ',' && c != ' ' && c != '\t' && c != '\r' && c != ':')
            {
              TopoLineRange r = { line, line };

              g_array_append_val (fresh[section], r);
              while (i + 1 < length && strchr (",]} \t\r\n", data[i + 1]) == NULL)
                i++;
            }
          break;
        }
      /* A string element at depth 2 ends where it ends. */
      if (c == '"' && depth == 2 && section >= 0)
        {
          TopoLineRange r = { elem_start, line };
          g_array_append_val (fresh[section], r);
        }
    }
  for (guint s = 0; s < TOPO_N_SOURCE_SECTIONS; s++)
    map->ranges[s] = fresh[s];
  return map;
}

void
topo_source_map_free (TopoSourceMap *map)
{
  if (map == NULL)
    return;
  for (guint s = 0; s < TOPO_N_SOURCE_SECTIONS; s++)
    g_array_unref (map->ranges[s]);
  g_free (map);
}

gboolean
topo_source_map_lookup (const TopoSourceMap *map,
                        TopoSourceSection section,
                        guint index,
                        TopoLineRange *range)
{
  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (section < TOPO_N_SOURCE_SECTIONS, FALSE);

  if (index >= map->ranges[section]->len)
    return FALSE;
  if (range != NULL)
    *range = g_array_index (map->ranges[section], TopoLineRange, index);
  return TRUE;
}
