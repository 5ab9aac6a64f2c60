/* topo-json-reader.h: a small strict JSON reader for loading designs fast
 *
 * json-glib 1.6 needs ~190 ms (GScanner tokenizer, a GHashTable per object) to parse a
 * 10 000-resource design and overflows its stack on deeply nested input; the product's target is
 * 100 ms for load + save. This reader parses RFC 8259 JSON into an arena-allocated tree in one
 * pass, with a depth limit, and hands unknown-key values to the rest of the program as json-glib
 * nodes. It is private to the core library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TOPO_JV_NULL,
  TOPO_JV_BOOL,
  TOPO_JV_INT,
  TOPO_JV_DOUBLE,
  TOPO_JV_STRING,
  TOPO_JV_ARRAY,
  TOPO_JV_OBJECT,
  TOPO_JV_BIG_INT,  /* an integer literal beyond 64 bits: u.s is its text, kept as written */
} TopoJsonType;

typedef struct _TopoJsonValue TopoJsonValue;

struct _TopoJsonValue
{
  TopoJsonType    type;
  guint           n;        /* number of items (array) or members (object) */
  const char     *key;      /* member name when this value is an object member */
  union {
    gboolean        b;
    gint64          i;
    double          d;
    const char     *s;
    TopoJsonValue  *items;  /* array elements / object members, in document order */
  } u;
};

typedef struct _TopoJsonDocument TopoJsonDocument;

typedef enum
{
  TOPO_JSON_READ_STRICT   = 0,
  TOPO_JSON_READ_COMMENTS = 1 << 0,  /* also skip line and block comments, as ARM templates allow */
} TopoJsonReadFlags;

/* Parses length bytes (valid UTF-8 is assumed: the caller checks it). On failure, error says
 * "LINE:COLUMN: what was expected". */
TopoJsonDocument *topo_json_document_parse   (const char *data, gsize length, guint max_depth,
                                              GError **error);
/* The same with flags; error_path, if not NULL, receives the JSON path of the failure
 * ("$.variables.x[0][0]", shortened with "…" when very long). */
TopoJsonDocument *topo_json_document_parse_full (const char *data, gsize length,
                                                 TopoJsonReadFlags flags, guint max_depth,
                                                 char **error_path, GError **error);
/* Whether the member named keys[n_keys - 1] is one the caller reads; keys are the member names
 * from the root down to it, NULL for array items. */
typedef gboolean (*TopoJsonKnownFunc) (const char *const *keys, guint n_keys);
/* Strict parsing that counts the values under members known() refuses (and their members) and
 * stops at the first value beyond max_unknown_values, instead of building them all: error is then
 * TOPO_FORMAT_ERROR_INVALID without a position, and error_path names that member. */
TopoJsonDocument *topo_json_document_parse_known (const char *data, gsize length, guint max_depth,
                                                  TopoJsonKnownFunc known,
                                                  guint64 max_unknown_values,
                                                  char **error_path, GError **error);
void              topo_json_document_free    (TopoJsonDocument *doc);
TopoJsonValue    *topo_json_document_root    (TopoJsonDocument *doc);

/* Last member named key (as json-glib, a later duplicate wins), or NULL. */
TopoJsonValue    *topo_json_value_member     (TopoJsonValue *object, const char *key);
/* A json-glib copy of a value (for keys the program does not know, kept and written back).
 * An integer beyond 64 bits becomes a string node holding TOPO_JSON_RAW_NUMBER_MARK and its
 * text, which topo_json_write_node writes back as the number it was; only the loader's
 * unknown keys hold such nodes (nothing else reads them). */
JsonNode         *topo_json_value_to_node    (const TopoJsonValue *value);
/* The same, but integers beyond 64 bits become doubles (as json-glib reads them). */
JsonNode         *topo_json_value_to_plain_node (const TopoJsonValue *value);

/* A byte that never starts valid UTF-8, so no loaded or typed string can begin with it. */
#define TOPO_JSON_RAW_NUMBER_MARK "\xff"


G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoJsonDocument, topo_json_document_free)

G_END_DECLS
