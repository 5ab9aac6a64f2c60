/* topo-text.c: showing user text safely on a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo-text.h"

static gboolean
is_unsafe (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

gboolean
topo_text_needs_escape (const char *text)
{
  const char *end = NULL;

  if (!g_utf8_validate (text, -1, &end))
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      /* ASCII printables are the common case: no decoding. */
      if ((guchar) *p >= 0x20 && (guchar) *p < 0x7f)
        continue;
      if (is_unsafe (g_utf8_get_char (p)))
        return TRUE;
    }
  return FALSE;
}

char *
topo_text_escape_controls (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      switch (c)
        {
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else if (is_unsafe (c))
            g_string_append_printf (out, "\\u{%04x}", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}
