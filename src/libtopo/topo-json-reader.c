/* topo-json-reader.c: a small strict JSON reader for loading designs fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-json-reader"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-json-reader.h"
#include "topo-format.h"

#define BLOCK_SIZE (256 * 1024)

struct _TopoJsonDocument
{
  GSList        *blocks;      /* arena blocks, newest first */
  char          *cursor;      /* free space in the newest block */
  gsize          left;
  TopoJsonValue  root;
};

typedef struct
{
  TopoJsonDocument *doc;
  const char       *start;
  const char       *p;
  const char       *end;
  guint             max_depth;
  GArray           *stack;    /* scratch TopoJsonValues of the containers being read */
  GString          *scratch;  /* unescaped string being read */
  GError          **error;
  TopoJsonReadFlags flags;
  GString          *fail_path; /* built while unwinding from a failure, innermost first */
  TopoJsonKnownFunc known;    /* NULL: every member is read as usual */
  GPtrArray        *keys;     /* member names (NULL for array items) from the root, while known */
  gboolean          in_unknown;
  gboolean          limit_hit;
  guint64           unknown_values;
  guint64           max_unknown_values;
} Reader;

static gpointer
arena_alloc (TopoJsonDocument *doc,
             gsize             size)
{
  gpointer result;

  size = (size + 7) & ~(gsize) 7;
  if (size > doc->left)
    {
      gsize block = MAX (BLOCK_SIZE, size);

      doc->cursor = g_malloc (block);
      doc->blocks = g_slist_prepend (doc->blocks, doc->cursor);
      doc->left = block;
    }
  result = doc->cursor;
  doc->cursor += size;
  doc->left -= size;
  return result;
}

void
topo_json_document_free (TopoJsonDocument *doc)
{
  if (doc == NULL)
    return;
  g_slist_free_full (doc->blocks, g_free);
  g_free (doc);
}

TopoJsonValue *
topo_json_document_root (TopoJsonDocument *doc)
{
  return &doc->root;
}

static gboolean
fail (Reader     *reader,
      const char *what)
{
  guint line = 1, column = 1;

  for (const char *q = reader->start; q < reader->p && q < reader->end; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *q & 0xc0) != 0x80)
        column++;
    }
  if (reader->error != NULL && *reader->error == NULL)
    g_set_error (reader->error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_SYNTAX,
                 "%u:%u: %s", line, column, what);
  return FALSE;
}

static void
skip_space (Reader *reader)
{
  for (;;)
    {
      while (reader->p < reader->end &&
             (*reader->p == ' ' || *reader->p == '\n' || *reader->p == '\r' || *reader->p == '\t'))
        reader->p++;
      if (!(reader->flags & TOPO_JSON_READ_COMMENTS) || reader->end - reader->p < 2 || *reader->p != '/')
        return;
      if (reader->p[1] == '/')
        {
          const char *nl = memchr (reader->p, '\n', reader->end - reader->p);

          reader->p = nl != NULL ? nl + 1 : reader->end;
        }
      else if (reader->p[1] == '*')
        {
          const char *q;

          for (q = reader->p + 2; q + 1 < reader->end && !(q[0] == '*' && q[1] == '/'); q++)
            ;
          if (q + 1 >= reader->end)
            return;  /* unterminated: the caller fails at the '/' */
          reader->p = q + 2;
        }
      else
        return;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *reader,
           gunichar *out)
{
  gunichar value = 0;

  if (reader->end - reader->p < 4)
    return fail (reader, _("not valid JSON: incomplete \\u escape"));
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (reader->p[i]);

      if (h < 0)
        return fail (reader, _("not valid JSON: bad \\u escape"));
      value = value * 16 + h;
    }
  reader->p += 4;
  *out = value;
  return TRUE;
}

/* Reads a string (reader->p at the opening quote) into the arena. */
static gboolean
read_string (Reader      *reader,
             const char **out)
{
  const char *run;
  gboolean escaped = FALSE;
  char *copy;

  reader->p++;
  g_string_truncate (reader->scratch, 0);
  run = reader->p;
  for (;;)
    {
      char c;

      if (reader->p >= reader->end)
        return fail (reader, _("not valid JSON: unterminated string"));
      c = *reader->p;
      if (c == '"')
        break;
      if ((guchar) c < 0x20)
        return fail (reader, _("not valid JSON: control character in a string"));
      if (c != '\\')
        {
          reader->p++;
          continue;
        }
      g_string_append_len (reader->scratch, run, reader->p - run);
      escaped = TRUE;
      reader->p++;
      if (reader->p >= reader->end)
        return fail (reader, _("not valid JSON: unterminated string"));
      c = *reader->p++;
      switch (c)
        {
        case '"': g_string_append_c (reader->scratch, '"'); break;
        case '\\': g_string_append_c (reader->scratch, '\\'); break;
        case '/': g_string_append_c (reader->scratch, '/'); break;
        case 'b': g_string_append_c (reader->scratch, '\b'); break;
        case 'f': g_string_append_c (reader->scratch, '\f'); break;
        case 'n': g_string_append_c (reader->scratch, '\n'); break;
        case 'r': g_string_append_c (reader->scratch, '\r'); break;
        case 't': g_string_append_c (reader->scratch, '\t'); break;
        case 'u':
          {
            gunichar ch;

            if (!read_hex4 (reader, &ch))
              return FALSE;
            if (ch >= 0xd800 && ch <= 0xdbff)
              {
                gunichar low;

                if (reader->end - reader->p < 6 || reader->p[0] != '\\' || reader->p[1] != 'u')
                  return fail (reader, _("not valid JSON: unpaired surrogate in \\u escape"));
                reader->p += 2;
                if (!read_hex4 (reader, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  return fail (reader, _("not valid JSON: unpaired surrogate in \\u escape"));
                ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (ch >= 0xdc00 && ch <= 0xdfff)
              return fail (reader, _("not valid JSON: unpaired surrogate in \\u escape"));
            if (ch == 0)
              return fail (reader, _("not valid JSON: \\u0000 is not allowed in this format"));
            g_string_append_unichar (reader->scratch, ch);
            break;
          }
        default:
          reader->p--;
          return fail (reader, _("not valid JSON: unknown escape in a string"));
        }
      run = reader->p;
    }
  if (!escaped)
    {
      /* The common case: copy straight from the input. */
      gsize length = reader->p - run;

      copy = arena_alloc (reader->doc, length + 1);
      memcpy (copy, run, length);
      copy[length] = '\0';
      reader->p++;
      *out = copy;
      return TRUE;
    }
  g_string_append_len (reader->scratch, run, reader->p - run);
  reader->p++;
  copy = arena_alloc (reader->doc, reader->scratch->len + 1);
  memcpy (copy, reader->scratch->str, reader->scratch->len + 1);
  *out = copy;
  return TRUE;
}

static gboolean
fits_int64 (const char *text,
            gsize       length)
{
  char buf[32];
  gint64 number;

  memcpy (buf, text, length);
  buf[length] = '\0';
  return g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &number, NULL);
}

static gboolean
read_number (Reader        *reader,
             TopoJsonValue *value)
{
  const char *start = reader->p;
  gboolean is_double = FALSE;
  char buf[64];
  gsize length;

  if (reader->p < reader->end && *reader->p == '-')
    reader->p++;
  if (reader->p >= reader->end || !g_ascii_isdigit (*reader->p))
    return fail (reader, _("not valid JSON: expected a value"));
  if (*reader->p == '0')
    reader->p++;
  else
    while (reader->p < reader->end && g_ascii_isdigit (*reader->p))
      reader->p++;
  if (reader->p < reader->end && *reader->p == '.')
    {
      is_double = TRUE;
      reader->p++;
      if (reader->p >= reader->end || !g_ascii_isdigit (*reader->p))
        return fail (reader, _("not valid JSON: expected digits after the decimal point"));
      while (reader->p < reader->end && g_ascii_isdigit (*reader->p))
        reader->p++;
    }
  if (reader->p < reader->end && (*reader->p == 'e' || *reader->p == 'E'))
    {
      is_double = TRUE;
      reader->p++;
      if (reader->p < reader->end && (*reader->p == '+' || *reader->p == '-'))
        reader->p++;
      if (reader->p >= reader->end || !g_ascii_isdigit (*reader->p))
        return fail (reader, _("not valid JSON: expected digits in the exponent"));
      while (reader->p < reader->end && g_ascii_isdigit (*reader->p))
        reader->p++;
    }
  length = reader->p - start;
  if (!is_double && (length > 20 || (length >= 19 && !fits_int64 (start, length))))
    {
      /* An integer beyond 64 bits: keep its text so that it is written back as it was. */
      char *copy = arena_alloc (reader->doc, length + 1);

      memcpy (copy, start, length);
      copy[length] = '\0';
      value->type = TOPO_JV_BIG_INT;
      value->u.s = copy;
      return TRUE;
    }
  if (length >= sizeof buf)
    {
      /* Longer than any int64 or useful double: keep it as a (possibly infinite) double. */
      g_autofree char *copy = g_strndup (start, length);

      value->type = TOPO_JV_DOUBLE;
      value->u.d = g_ascii_strtod (copy, NULL);
      return isfinite (value->u.d) || fail (reader, _("number out of range"));
    }
  memcpy (buf, start, length);
  buf[length] = '\0';
  if (!is_double)
    {
      char *end = NULL;
      gint64 number;

      errno = 0;
      number = g_ascii_strtoll (buf, &end, 10);
      if (errno == 0)
        {
          value->type = TOPO_JV_INT;
          value->u.i = number;
          return TRUE;
        }
    }
  value->type = TOPO_JV_DOUBLE;
  value->u.d = g_ascii_strtod (buf, NULL);
  if (!isfinite (value->u.d))
    {
      reader->p = start;
      return fail (reader, _("number out of range"));
    }
  return TRUE;
}

static gboolean
read_literal (Reader     *reader,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (reader->end - reader->p) < length || memcmp (reader->p, word, length) != 0)
    return fail (reader, _("not valid JSON: expected a value"));
  reader->p += length;
  return TRUE;
}

static gboolean read_value (Reader *reader, TopoJsonValue *value, guint depth);

/* Prepends the member or index being read to the failure path (frames unwind innermost first). */
static void
note_failure_segment (Reader     *reader,
                      const char *key,
                      guint       index)
{
  char segment[32];

  if (reader->fail_path == NULL)
    return;
  /* Keep the outermost levels; a hostile depth would make a path of megabytes. */
  if (reader->fail_path->len > 160)
    {
      g_string_truncate (reader->fail_path, 0);
      g_string_append (reader->fail_path, "…");
    }
  if (key != NULL)
    {
      gboolean plain = *key != '\0';

      for (const char *k = key; *k != '\0'; k++)
        if (!g_ascii_isalnum (*k) && *k != '_' && *k != '$' && *k != '-')
          plain = FALSE;
      if (plain && strlen (key) < 64)
        {
          g_string_prepend (reader->fail_path, key);
          g_string_prepend_c (reader->fail_path, '.');
        }
      else
        g_string_prepend (reader->fail_path, "[…]");
      return;
    }
  g_snprintf (segment, sizeof segment, "[%u]", index);
  g_string_prepend (reader->fail_path, segment);
}

/* Arrays and objects collect their items on the scratch stack, then move them to the arena. */
static gboolean
read_container (Reader        *reader,
                TopoJsonValue *value,
                guint          depth)
{
  gboolean is_object = *reader->p == '{';
  char close = is_object ? '}' : ']';
  guint base = reader->stack->len;

  if (depth >= reader->max_depth)
    {
      g_autofree char *message = g_strdup_printf (_("JSON nested deeper than %u levels"),
                                                  reader->max_depth);

      return fail (reader, message);
    }
  reader->p++;
  skip_space (reader);
  if (reader->p < reader->end && *reader->p == close)
    reader->p++;
  else
    for (;;)
      {
        TopoJsonValue item = { 0 };

        skip_space (reader);
        if (is_object)
          {
            if (reader->p >= reader->end || *reader->p != '"')
              return fail (reader, _("not valid JSON: expected a member name in double quotes"));
            if (!read_string (reader, &item.key))
              return FALSE;
            skip_space (reader);
            if (reader->p >= reader->end || *reader->p != ':')
              return fail (reader, _("not valid JSON: expected ':' after a member name"));
            reader->p++;
          }
        gboolean unknown_root = FALSE;

        if (reader->known != NULL && !reader->in_unknown)
          {
            g_ptr_array_add (reader->keys, (gpointer) item.key);
            if (is_object && !reader->known ((const char *const *) reader->keys->pdata,
                                             reader->keys->len))
              unknown_root = reader->in_unknown = TRUE;
          }
        if (!read_value (reader, &item, depth + 1))
          {
            /* A limit failure names the unknown member, not the value where it stopped. */
            if (unknown_root && reader->limit_hit && reader->fail_path != NULL)
              g_string_truncate (reader->fail_path, 0);
            note_failure_segment (reader, item.key, reader->stack->len - base);
            /* So that the enclosing container's index is right too. */
            g_array_set_size (reader->stack, base);
            return FALSE;
          }
        if (unknown_root)
          reader->in_unknown = FALSE;
        if (reader->known != NULL && !reader->in_unknown)
          g_ptr_array_set_size (reader->keys, reader->keys->len - 1);
        g_array_append_val (reader->stack, item);
        skip_space (reader);
        if (reader->p < reader->end && *reader->p == ',')
          {
            reader->p++;
            continue;
          }
        if (reader->p < reader->end && *reader->p == close)
          {
            reader->p++;
            break;
          }
        return fail (reader, is_object ? _("not valid JSON: expected ',' or '}'")
                                       : _("not valid JSON: expected ',' or ']'"));
      }

  value->type = is_object ? TOPO_JV_OBJECT : TOPO_JV_ARRAY;
  value->n = reader->stack->len - base;
  value->u.items = arena_alloc (reader->doc, MAX (1, value->n) * sizeof (TopoJsonValue));
  memcpy (value->u.items, &g_array_index (reader->stack, TopoJsonValue, base),
          value->n * sizeof (TopoJsonValue));
  g_array_set_size (reader->stack, base);
  return TRUE;
}

static gboolean
read_value (Reader        *reader,
            TopoJsonValue *value,
            guint          depth)
{
  skip_space (reader);
  if (reader->p >= reader->end)
    return fail (reader, _("not valid JSON: the text ends where a value was expected"));
  if (reader->in_unknown && ++reader->unknown_values > reader->max_unknown_values)
    {
      /* Stop here rather than build a value that the caller would refuse anyway. */
      reader->limit_hit = TRUE;
      if (reader->error != NULL && *reader->error == NULL)
        g_set_error (reader->error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_INVALID,
                     _("keys this program does not know hold more than %llu JSON values (the limit)"),
                     (unsigned long long) reader->max_unknown_values);
      return FALSE;
    }
  switch (*reader->p)
    {
    case '{':
    case '[':
      return read_container (reader, value, depth);
    case '"':
      value->type = TOPO_JV_STRING;
      return read_string (reader, &value->u.s);
    case 't':
      value->type = TOPO_JV_BOOL;
      value->u.b = TRUE;
      return read_literal (reader, "true");
    case 'f':
      value->type = TOPO_JV_BOOL;
      value->u.b = FALSE;
      return read_literal (reader, "false");
    case 'n':
      value->type = TOPO_JV_NULL;
      return read_literal (reader, "null");
    default:
      return read_number (reader, value);
    }
}

static TopoJsonDocument *
parse (const char         *data,
       gsize               length,
       TopoJsonReadFlags   flags,
       guint               max_depth,
       TopoJsonKnownFunc   known,
       guint64             max_unknown_values,
       char              **error_path,
       GError            **error)
{
  g_autoptr(TopoJsonDocument) doc = g_new0 (TopoJsonDocument, 1);
  g_autoptr(GArray) stack = g_array_sized_new (FALSE, FALSE, sizeof (TopoJsonValue), 256);
  g_autoptr(GString) scratch = g_string_sized_new (256);
  g_autoptr(GString) fail_path = error_path != NULL ? g_string_new (NULL) : NULL;
  g_autoptr(GPtrArray) keys = known != NULL ? g_ptr_array_new () : NULL;
  Reader reader = { doc, data, data, data + length, max_depth, stack, scratch, error, flags, fail_path,
                    known, keys, FALSE, FALSE, 0, max_unknown_values };
  gboolean ok;

  skip_space (&reader);
  if (reader.p >= reader.end)
    {
      fail (&reader, _("the file is empty (expected a JSON object)"));
      ok = FALSE;
    }
  else
    ok = read_value (&reader, &doc->root, 0);
  if (ok)
    {
      skip_space (&reader);
      if (reader.p < reader.end)
        ok = fail (&reader, _("not valid JSON: unexpected text after the end of the document"));
    }
  if (!ok)
    {
      if (error_path != NULL)
        {
          g_string_prepend_c (fail_path, '$');
          *error_path = g_string_free (g_steal_pointer (&fail_path), FALSE);
        }
      return NULL;
    }
  return g_steal_pointer (&doc);
}

TopoJsonDocument *
topo_json_document_parse_full (const char         *data,
                               gsize               length,
                               TopoJsonReadFlags   flags,
                               guint               max_depth,
                               char              **error_path,
                               GError            **error)
{
  return parse (data, length, flags, max_depth, NULL, 0, error_path, error);
}

TopoJsonDocument *
topo_json_document_parse_known (const char         *data,
                                gsize               length,
                                guint               max_depth,
                                TopoJsonKnownFunc   known,
                                guint64             max_unknown_values,
                                char              **error_path,
                                GError            **error)
{
  return parse (data, length, TOPO_JSON_READ_STRICT, max_depth, known, max_unknown_values,
                error_path, error);
}

TopoJsonDocument *
topo_json_document_parse (const char  *data,
                          gsize        length,
                          guint        max_depth,
                          GError     **error)
{
  return topo_json_document_parse_full (data, length, TOPO_JSON_READ_STRICT, max_depth, NULL, error);
}

TopoJsonValue *
topo_json_value_member (TopoJsonValue *object,
                        const char    *key)
{
  if (object == NULL || object->type != TOPO_JV_OBJECT)
    return NULL;
  for (guint i = object->n; i > 0; i--)
    if (strcmp (object->u.items[i - 1].key, key) == 0)
      return &object->u.items[i - 1];
  return NULL;
}

static JsonNode *
value_to_node (const TopoJsonValue *value,
               gboolean             raw_numbers)
{
  switch (value->type)
    {
    case TOPO_JV_NULL:
      return json_node_init_null (json_node_alloc ());
    case TOPO_JV_BOOL:
      return json_node_init_boolean (json_node_alloc (), value->u.b);
    case TOPO_JV_INT:
      return json_node_init_int (json_node_alloc (), value->u.i);
    case TOPO_JV_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->u.d);
    case TOPO_JV_BIG_INT:
      if (raw_numbers)
        {
          g_autofree char *marked = g_strconcat (TOPO_JSON_RAW_NUMBER_MARK, value->u.s, NULL);

          return json_node_init_string (json_node_alloc (), marked);
        }
      return json_node_init_double (json_node_alloc (), g_ascii_strtod (value->u.s, NULL));
    case TOPO_JV_STRING:
      return json_node_init_string (json_node_alloc (), value->u.s);
    case TOPO_JV_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->n);
        JsonNode *node;

        for (guint i = 0; i < value->n; i++)
          json_array_add_element (array, value_to_node (&value->u.items[i], raw_numbers));
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    case TOPO_JV_OBJECT:
    default:
      {
        JsonObject *object = json_object_new ();
        JsonNode *node;

        for (guint i = 0; i < value->n; i++)
          json_object_set_member (object, value->u.items[i].key,
                                  value_to_node (&value->u.items[i], raw_numbers));
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    }
}

JsonNode *
topo_json_value_to_node (const TopoJsonValue *value)
{
  return value_to_node (value, TRUE);
}

JsonNode *
topo_json_value_to_plain_node (const TopoJsonValue *value)
{
  return value_to_node (value, FALSE);
}
