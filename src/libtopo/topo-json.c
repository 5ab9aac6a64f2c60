/* topo-json.c: the project's canonical JSON text
 *
 * json-glib 1.6 parses well, but its generator writes `"key" : value`, `{  }`, `inf.0` and
 * 17-digit doubles (0.1 → 0.10000000000000001), none of which is canonical or diff-friendly.
 * So every file this project writes goes through this small writer: 2-space indentation,
 * `"key": value`, one member per line, integers as integers, doubles in their shortest
 * round-trip form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-json"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo-format.h"
#include "topo-json-reader.h"

void
topo_json_write_string (GString    *out,
                        const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *run = (const unsigned char *) str;
  const unsigned char *p;

  g_string_append_c (out, '"');
  /* Copy runs of characters that need no escape in one go: this is the hot path of saving. */
  for (p = run; *p; p++)
    {
      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;
      g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

/* Shortest text that parses back to the same double; keeps a ".0" so it stays a double. */
void
topo_json_write_double (GString *out,
                        double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* The loader rejects non-finite numbers, so this only guards programming errors. */
      g_string_append (out, "null");
      return;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
  if (strpbrk (buf, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
indent_to (GString *out,
           guint    indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

void
topo_json_write_node (GString  *out,
                      JsonNode *node,
                      guint     indent)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          {
            const char *str = json_node_get_string (node);

            /* An integer beyond 64 bits kept as written by the loader (topo-json-reader.h). */
            if (g_str_has_prefix (str, TOPO_JSON_RAW_NUMBER_MARK))
              g_string_append (out, str + strlen (TOPO_JSON_RAW_NUMBER_MARK));
            else
              topo_json_write_string (out, str);
          }
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          topo_json_write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_INT64:
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            indent_to (out, indent + 1);
            topo_json_write_node (out, json_array_get_element (array, i), indent + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        indent_to (out, indent);
        g_string_append_c (out, ']');
        break;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        for (GList *l = members; l; l = l->next)
          {
            indent_to (out, indent + 1);
            topo_json_write_string (out, l->data);
            g_string_append (out, ": ");
            topo_json_write_node (out, json_object_get_member (object, l->data), indent + 1);
            g_string_append (out, l->next ? ",\n" : "\n");
          }
        indent_to (out, indent);
        g_string_append_c (out, '}');
        break;
      }

    default:
      g_assert_not_reached ();
    }
}

char *
topo_json_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (4096);

  topo_json_write_node (out, node, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
