/* topo-note.c: notes left on the diagram, and their Markdown-light text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-note"

#include "config.h"

#include <string.h>

#include "topo-resource.h"
#include "topo-resource-private.h"

TopoNote *
topo_note_new (const char *id,
               const char *text)
{
  TopoNote *self = g_new0 (TopoNote, 1);

  self->id = g_strdup (id);
  self->text = g_strdup (text != NULL ? text : "");
  return self;
}

TopoNote *
topo_note_copy (const TopoNote *note)
{
  TopoNote *c = g_memdup2 (note, sizeof *note);

  c->id = g_strdup (note->id);
  c->text = g_strdup (note->text);
  c->author = g_strdup (note->author);
  c->date = g_strdup (note->date);
  c->region = g_strdup (note->region);
  c->attach = g_strdup (note->attach);
  c->link_from = g_strdup (note->link_from);
  c->link_to = g_strdup (note->link_to);
  c->layout_extra = _topo_json_object_copy (note->layout_extra);
  c->extra = _topo_json_object_copy (note->extra);
  return c;
}

void
topo_note_free (TopoNote *note)
{
  if (note == NULL)
    return;
  g_free (note->id);
  g_free (note->text);
  g_free (note->author);
  g_free (note->date);
  g_free (note->region);
  g_free (note->attach);
  g_free (note->link_from);
  g_free (note->link_to);
  g_clear_pointer (&note->layout_extra, json_object_unref);
  g_clear_pointer (&note->extra, json_object_unref);
  g_free (note);
}

gboolean
topo_note_equal (const TopoNote *a,
                 const TopoNote *b)
{
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->text, b->text) == 0 &&
         g_strcmp0 (a->author, b->author) == 0 && g_strcmp0 (a->date, b->date) == 0 &&
         g_strcmp0 (a->region, b->region) == 0 && g_strcmp0 (a->attach, b->attach) == 0 &&
         (a->link_from == NULL || a->link_type == b->link_type) &&
         g_strcmp0 (a->link_from, b->link_from) == 0 && g_strcmp0 (a->link_to, b->link_to) == 0 &&
         a->has_layout == b->has_layout && (!a->has_layout || (a->x == b->x && a->y == b->y)) &&
         _topo_json_object_equal0 (a->layout_extra, b->layout_extra) &&
         _topo_json_object_equal0 (a->extra, b->extra);
}

gboolean
topo_note_is_free (const TopoNote *note)
{
  return note->attach == NULL && note->link_from == NULL;
}

gboolean
topo_note_on_link (const TopoNote *note)
{
  return note->link_from != NULL;
}

static void
clear_place (TopoNote *note)
{
  g_clear_pointer (&note->region, g_free);
  g_clear_pointer (&note->attach, g_free);
  g_clear_pointer (&note->link_from, g_free);
  g_clear_pointer (&note->link_to, g_free);
  note->link_type = 0;
}

void
topo_note_set_free (TopoNote   *note,
                    const char *region)
{
  g_autofree char *copy = g_strdup (region);

  clear_place (note);
  note->region = g_steal_pointer (&copy);
}

void
topo_note_set_attach (TopoNote   *note,
                      const char *resource_id)
{
  g_autofree char *copy = g_strdup (resource_id);

  clear_place (note);
  note->attach = g_steal_pointer (&copy);
}

void
topo_note_set_link (TopoNote       *note,
                    const TopoLink *link)
{
  g_autofree char *from = g_strdup (link->from);
  g_autofree char *to = g_strdup (link->to);

  clear_place (note);
  note->link_type = link->type;
  note->link_from = g_steal_pointer (&from);
  note->link_to = g_steal_pointer (&to);
}

gboolean
topo_note_is_on (const TopoNote *note,
                 const TopoLink *link)
{
  return note->link_from != NULL && note->link_type == link->type &&
         g_strcmp0 (note->link_from, link->from) == 0 && g_strcmp0 (note->link_to, link->to) == 0;
}

gboolean
topo_note_date_is_valid (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *day = NULL;

  if (text == NULL)
    return FALSE;
  if (strlen (text) == 10)
    return topo_date_is_valid (text);
  day = g_strndup (text, 10);
  if (strlen (text) < 16 || text[10] != 'T' || !topo_date_is_valid (day))
    return FALSE;
  /* A date-time without a zone is local time (ISO 8601): parse it as UTC just to check it. */
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  return dt != NULL;
}

/* Markdown-light ------------------------------------------------------------------------------ */

static void
append_plain (GString    *out,
              const char *s,
              gssize      len,
              gboolean    markup)
{
  if (markup)
    {
      g_autofree char *escaped = g_markup_escape_text (s, len);

      g_string_append (out, escaped);
    }
  else
    g_string_append_len (out, s, len);
}

/* The closing mark of an emphasis that opens at s (after the mark), or NULL: a closing mark must
 * follow a non-space and the emphasis must not be empty. */
static const char *
find_close (const char *s,
            const char *end,
            const char *mark)
{
  gsize n = strlen (mark);

  if (s >= end || *s == ' ')
    return NULL;
  for (const char *p = s + 1; p + n <= end; p++)
    {
      if (strncmp (p, mark, n) != 0 || p[-1] == ' ')
        continue;
      /* a single '*' is not half of a '**' */
      if (n == 1 && ((p + 1 < end && p[1] == '*') || p[-1] == '*'))
        continue;
      return p;
    }
  return NULL;
}

static void
append_inline (GString    *out,
               const char *s,
               const char *end,
               gboolean    markup)
{
  const char *run = s;
  const char *p = s;

  while (p < end)
    {
      const char *close;

      if (p[0] == '*' && p + 1 < end && p[1] == '*' && (close = find_close (p + 2, end, "**")) != NULL)
        {
          append_plain (out, run, p - run, markup);
          if (markup)
            g_string_append (out, "<b>");
          append_inline (out, p + 2, close, markup);
          if (markup)
            g_string_append (out, "</b>");
          p = run = close + 2;
          continue;
        }
      if (p[0] == '*' && (p + 1 >= end || p[1] != '*') && (close = find_close (p + 1, end, "*")) != NULL)
        {
          append_plain (out, run, p - run, markup);
          if (markup)
            g_string_append (out, "<i>");
          append_inline (out, p + 1, close, markup);
          if (markup)
            g_string_append (out, "</i>");
          p = run = close + 1;
          continue;
        }
      p++;
    }
  append_plain (out, run, end - run, markup);
}

static char *
convert (const char *text,
         gboolean    markup)
{
  GString *out = g_string_new (NULL);
  const char *line = text != NULL ? text : "";

  for (;;)
    {
      const char *nl = strchr (line, '\n');
      const char *end = nl != NULL ? nl : line + strlen (line);
      const char *p = line;

      while (p < end && *p == ' ')
        p++;
      if (p + 1 < end && (p[0] == '-' || p[0] == '*') && p[1] == ' ')
        {
          /* a list item: indented by its leading spaces, bullet instead of the mark */
          g_string_append_len (out, line, p - line);
          g_string_append (out, "• ");
          line = p + 2;
        }
      append_inline (out, line, end, markup);
      if (nl == NULL)
        break;
      g_string_append_c (out, '\n');
      line = nl + 1;
    }
  return g_string_free (out, FALSE);
}

char *
topo_note_text_to_markup (const char *text)
{
  return convert (text, TRUE);
}

char *
topo_note_text_to_plain (const char *text)
{
  return convert (text, FALSE);
}
