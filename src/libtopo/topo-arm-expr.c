/* topo-arm-expr.c: parse and evaluate ARM template expressions (the subset real templates use)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-expr"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-expr.h"
#include "topo-json-reader.h"

/* Deep enough for every real template, shallow enough that hostile input cannot exhaust the stack. */
#define MAX_DEPTH 64
#define MAX_VARIABLE_DEPTH 32

G_DEFINE_QUARK (topo-arm-error-quark, topo_arm_error)

/* json_object_set_string_member with ownership transfer; local helper. */
#define json_object_set_string_member_take(obj, key, str) \
  G_STMT_START { char *_s = (str); json_object_set_string_member ((obj), (key), _s); g_free (_s); } G_STMT_END

typedef enum
{
  NODE_STRING,
  NODE_NUMBER,
  NODE_CALL,     /* str = function name, args */
  NODE_MEMBER,   /* target.str */
  NODE_INDEX,    /* target[args[0]] */
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind   kind;
  char      *str;
  gint64     num;
  Node      *target;
  GPtrArray *args;
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->str);
  node_free (node->target);
  if (node->args != NULL)
    g_ptr_array_unref (node->args);
  g_free (node);
}

static Node *
node_new (NodeKind kind)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  return node;
}

/* ---- parser ---- */

typedef struct
{
  const char *p;
  const char *end;
  const char *text;
} Parser;

static void
skip_space (Parser *ps)
{
  while (ps->p < ps->end && g_ascii_isspace (*ps->p))
    ps->p++;
}

static gboolean
parse_error (Parser *ps,
             GError **error,
             const char *what)
{
  g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_EXPRESSION,
               _("cannot parse expression at offset %d: %s"), (int) (ps->p - ps->text), what);
  return FALSE;
}

static Node *parse_expr (Parser *ps, guint depth, GError **error);

static Node *
parse_primary (Parser *ps,
               guint depth,
               GError **error)
{
  skip_space (ps);
  if (ps->p >= ps->end)
    {
      parse_error (ps, error, _("unexpected end"));
      return NULL;
    }

  if (*ps->p == '\'')
    {
      GString *s = g_string_new (NULL);
      Node *node;

      ps->p++;
      for (;;)
        {
          if (ps->p >= ps->end)
            {
              g_string_free (s, TRUE);
              parse_error (ps, error, _("unterminated string"));
              return NULL;
            }
          if (*ps->p == '\'')
            {
              if (ps->p + 1 < ps->end && ps->p[1] == '\'')
                {
                  g_string_append_c (s, '\'');
                  ps->p += 2;
                  continue;
                }
              ps->p++;
              break;
            }
          g_string_append_c (s, *ps->p++);
        }
      node = node_new (NODE_STRING);
      node->str = g_string_free (s, FALSE);
      return node;
    }

  if (g_ascii_isdigit (*ps->p) || (*ps->p == '-' && ps->p + 1 < ps->end && g_ascii_isdigit (ps->p[1])))
    {
      gboolean negative = *ps->p == '-';
      guint64 value = 0;
      Node *node;

      if (negative)
        ps->p++;
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        {
          if (value > G_MAXINT64 / 10)
            {
              parse_error (ps, error, _("number too large"));
              return NULL;
            }
          value = value * 10 + (guint64) (*ps->p - '0');
          ps->p++;
        }
      if (value > G_MAXINT64)
        {
          parse_error (ps, error, _("number too large"));
          return NULL;
        }
      node = node_new (NODE_NUMBER);
      node->num = negative ? -(gint64) value : (gint64) value;
      return node;
    }

  if (g_ascii_isalpha (*ps->p) || *ps->p == '_')
    {
      const char *start = ps->p;
      Node *node;

      while (ps->p < ps->end && (g_ascii_isalnum (*ps->p) || *ps->p == '_' || *ps->p == '.'))
        {
          /* Namespaced user functions ("ns.fn") are allowed; a dot is part of the name only
           * when an identifier character follows it. */
          if (*ps->p == '.' && !(ps->p + 1 < ps->end && g_ascii_isalpha (ps->p[1])))
            break;
          ps->p++;
        }
      node = node_new (NODE_CALL);
      node->str = g_strndup (start, ps->p - start);
      node->args = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
      skip_space (ps);
      if (ps->p < ps->end && *ps->p == '(')
        {
          ps->p++;
          skip_space (ps);
          if (ps->p < ps->end && *ps->p == ')')
            {
              ps->p++;
              return node;
            }
          for (;;)
            {
              Node *arg = parse_expr (ps, depth + 1, error);

              if (arg == NULL)
                {
                  node_free (node);
                  return NULL;
                }
              g_ptr_array_add (node->args, arg);
              skip_space (ps);
              if (ps->p < ps->end && *ps->p == ',')
                {
                  ps->p++;
                  continue;
                }
              if (ps->p < ps->end && *ps->p == ')')
                {
                  ps->p++;
                  return node;
                }
              node_free (node);
              parse_error (ps, error, _("expected ',' or ')'"));
              return NULL;
            }
        }
      /* Bare true / false / null are accepted as well as the function forms. */
      if (g_str_equal (node->str, "true") || g_str_equal (node->str, "false") ||
          g_str_equal (node->str, "null"))
        return node;
      node_free (node);
      parse_error (ps, error, _("expected '(' after a function name"));
      return NULL;
    }

  parse_error (ps, error, _("unexpected character"));
  return NULL;
}

static Node *
parse_expr (Parser *ps,
            guint depth,
            GError **error)
{
  Node *node;

  if (depth > MAX_DEPTH)
    {
      parse_error (ps, error, _("nested too deeply"));
      return NULL;
    }

  node = parse_primary (ps, depth, error);
  if (node == NULL)
    return NULL;

  for (;;)
    {
      skip_space (ps);
      if (ps->p < ps->end && *ps->p == '.')
        {
          const char *start;
          Node *member;

          ps->p++;
          skip_space (ps);
          start = ps->p;
          while (ps->p < ps->end && (g_ascii_isalnum (*ps->p) || *ps->p == '_' || *ps->p == '$'))
            ps->p++;
          if (ps->p == start)
            {
              node_free (node);
              parse_error (ps, error, _("expected a property name after '.'"));
              return NULL;
            }
          member = node_new (NODE_MEMBER);
          member->target = node;
          member->str = g_strndup (start, ps->p - start);
          node = member;
        }
      else if (ps->p < ps->end && *ps->p == '[')
        {
          Node *index, *sub;

          ps->p++;
          sub = parse_expr (ps, depth + 1, error);
          if (sub == NULL)
            {
              node_free (node);
              return NULL;
            }
          skip_space (ps);
          if (!(ps->p < ps->end && *ps->p == ']'))
            {
              node_free (sub);
              node_free (node);
              parse_error (ps, error, _("expected ']'"));
              return NULL;
            }
          ps->p++;
          index = node_new (NODE_INDEX);
          index->target = node;
          index->args = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
          g_ptr_array_add (index->args, sub);
          node = index;
        }
      else
        return node;
    }
}

/* ---- evaluation ---- */

static JsonNode *eval (TopoArmScope *scope, Node *node, guint depth, GError **error);

static JsonNode *
make_string (const char *str)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, str);
  return node;
}

static JsonNode *
make_string_take (char *str)
{
  JsonNode *node = make_string (str);

  g_free (str);
  return node;
}

static JsonNode *
make_int (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

static JsonNode *
make_bool (gboolean value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, value);
  return node;
}

static gpointer
eval_error (GError **error,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static gpointer
eval_error (GError **error,
            const char *format,
            ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_EXPRESSION, message);
  return NULL;
}

/* ---- evaluation state: work budget and remembered values ---- */

typedef struct
{
  JsonNode   *value;      /* NULL while being evaluated or after an error */
  GError     *error;
  gboolean    busy;       /* being evaluated: meeting it again is a cycle */
  JsonObject *pins[4];    /* the scope's objects, held so that their addresses in the key stay theirs */
  GPtrArray  *missing;
  guint       runtime;    /* deployment-time values its evaluation met: met again at each use */
} Memo;

struct _TopoArmEvalState
{
  guint64     work;
  GHashTable *memo;       /* key (see memo_key) → Memo */
  guint       runtime;    /* values only known at deployment time met so far (reference()) */
};

static void
memo_free (Memo *memo)
{
  g_clear_pointer (&memo->value, json_node_unref);
  g_clear_error (&memo->error);
  for (guint i = 0; i < G_N_ELEMENTS (memo->pins); i++)
    g_clear_pointer (&memo->pins[i], json_object_unref);
  g_clear_pointer (&memo->missing, g_ptr_array_unref);
  g_free (memo);
}

TopoArmEvalState *
topo_arm_eval_state_new (void)
{
  TopoArmEvalState *state = g_new0 (TopoArmEvalState, 1);

  state->memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) memo_free);
  return state;
}

void
topo_arm_eval_state_free (TopoArmEvalState *state)
{
  if (state == NULL)
    return;
  g_hash_table_unref (state->memo);
  g_free (state);
}

/* Counts units of work; fails once the import's budget is spent (and keeps failing). */
static gboolean
charge (TopoArmScope *scope,
        guint64       units,
        GError      **error)
{
  TopoArmEvalState *state = scope->state;

  if (state->work + units <= TOPO_ARM_MAX_WORK)
    {
      state->work += units;
      return TRUE;
    }
  state->work = (guint64) TOPO_ARM_MAX_WORK + 1;
  g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
               _("the template's expressions need more than %d evaluation steps (the limit)"),
               TOPO_ARM_MAX_WORK);
  return FALSE;
}

static gboolean
check_string_length (TopoArmScope *scope,
                     guint64       length,
                     GError      **error)
{
  if (length > TOPO_ARM_MAX_STRING)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                   _("an expression makes a string longer than %d bytes (the limit)"), TOPO_ARM_MAX_STRING);
      return FALSE;
    }
  return charge (scope, length, error);
}

static gboolean
check_array_length (TopoArmScope *scope,
                    guint64       length,
                    GError      **error)
{
  if (length > TOPO_ARM_MAX_ARRAY)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                   _("an expression makes an array of more than %d elements (the limit)"), TOPO_ARM_MAX_ARRAY);
      return FALSE;
    }
  return charge (scope, length, error);
}

/* Charges one unit per node of a value before something walks all of it (comparisons): values
 * built from remembered variables share subtrees, so their full size can be exponential. */
static gboolean
charge_value (TopoArmScope *scope,
              JsonNode     *node,
              GError      **error)
{
  if (!charge (scope, 1, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!charge_value (scope, json_array_get_element (array, i), error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        if (!charge_value (scope, member, error))
          return FALSE;
    }
  return TRUE;
}

/* Everything a variable's or parameter default's value can depend on. */
static char *
memo_key (TopoArmScope *scope,
          char          kind,
          const char   *name)
{
  return g_strdup_printf ("%c%p:%p:%p:%p:%u:%p:%d\x1f%s\x1f%s\x1f%s\x1f%s", kind,
                          (gpointer) scope->parameters, (gpointer) scope->values,
                          (gpointer) scope->variables, (gpointer) scope->references,
                          scope->references != NULL ? json_object_get_size (scope->references) : 0,
                          (gpointer) scope->missing, scope->placeholder_parameters,
                          scope->rg_name != NULL ? scope->rg_name : "",
                          scope->rg_location != NULL ? scope->rg_location : "",
                          scope->deployment != NULL ? scope->deployment : "", name);
}

static Memo *
memo_begin (TopoArmScope *scope,
            char          kind,
            const char   *name)
{
  g_autofree char *key = memo_key (scope, kind, name);
  Memo *memo = g_hash_table_lookup (scope->state->memo, key);
  JsonObject *objects[4] = { scope->parameters, scope->values, scope->variables, scope->references };

  if (memo != NULL)
    return memo;
  memo = g_new0 (Memo, 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    memo->pins[i] = objects[i] != NULL ? json_object_ref (objects[i]) : NULL;
  memo->missing = scope->missing != NULL ? g_ptr_array_ref (scope->missing) : NULL;
  g_hash_table_insert (scope->state->memo, g_steal_pointer (&key), memo);
  return memo;
}

/* The remembered result: a new reference, or NULL with error set. */
static JsonNode *
memo_result (Memo    *memo,
             GError **error)
{
  if (memo->value != NULL)
    return json_node_copy (memo->value);
  g_propagate_error (error, g_error_copy (memo->error));
  return NULL;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_reference_marker (JsonNode *node)
{
  return is_string (node) && g_str_has_prefix (json_node_get_string (node), TOPO_ARM_REFERENCE_PREFIX);
}

/* String form of a scalar for concat/format; NULL for objects and arrays. */
static char *
to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "True" : "False");
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static gboolean
truthy (JsonNode *node,
        gboolean *out,
        GError **error)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }
  if (is_string (node))
    {
      const char *s = json_node_get_string (node);
      if (g_ascii_strcasecmp (s, "true") == 0 || g_ascii_strcasecmp (s, "false") == 0)
        {
          *out = g_ascii_strcasecmp (s, "true") == 0;
          return TRUE;
        }
    }
  eval_error (error, _("expected a boolean"));
  return FALSE;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  /* Callers charge both values first (charge_value). */
  if (is_string (a) && is_string (b))
    return g_ascii_strcasecmp (json_node_get_string (a), json_node_get_string (b)) == 0;
  return json_node_equal (a, b);
}

static gboolean
is_empty (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) == 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  if (is_string (node))
    return *json_node_get_string (node) == '\0';
  return FALSE;
}

static char *
hash_args (GPtrArray *values)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *text = to_text (g_ptr_array_index (values, i));

      g_string_append (all, text != NULL ? text : "?");
      g_string_append_c (all, '\x1f');
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, all->str, all->len);
}

static JsonNode *
resource_group_object (TopoArmScope *scope)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *name = scope->rg_name != NULL ? scope->rg_name : "resourceGroup";

  json_object_set_string_member (obj, "name", name);
  json_object_set_string_member (obj, "location", scope->rg_location != NULL ? scope->rg_location : "westeurope");
  json_object_set_string_member (obj, "type", "Microsoft.Resources/resourceGroups");
  json_object_set_string_member_take (obj, "id",
                                      g_strdup_printf ("/subscriptions/%s/resourceGroups/%s",
                                                       TOPO_ARM_PLACEHOLDER_SUBSCRIPTION, name));
  json_node_take_object (node, obj);
  return node;
}


static JsonNode *
subscription_object (void)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, "subscriptionId", TOPO_ARM_PLACEHOLDER_SUBSCRIPTION);
  json_object_set_string_member (obj, "tenantId", TOPO_ARM_PLACEHOLDER_TENANT);
  json_object_set_string_member (obj, "id", "/subscriptions/" TOPO_ARM_PLACEHOLDER_SUBSCRIPTION);
  json_object_set_string_member (obj, "displayName", "subscription");
  json_node_take_object (node, obj);
  return node;
}

static gboolean
looks_like_type (const char *s)
{
  const char *slash = strchr (s, '/');
  const char *dot = strchr (s, '.');

  return slash != NULL && dot != NULL && dot < slash;
}

/* resourceId([subscriptionId], [resourceGroupName], type, name1, name2, …) */
static JsonNode *
fn_resource_id (TopoArmScope *scope,
                GPtrArray *values,
                gboolean subscription_level,
                GError **error)
{
  g_autoptr(GString) id = g_string_new (NULL);
  int type_index = -1;
  const char *sub = TOPO_ARM_PLACEHOLDER_SUBSCRIPTION;
  const char *rg = scope->rg_name != NULL ? scope->rg_name : "resourceGroup";
  g_auto(GStrv) segments = NULL;
  guint n_names, n_segments;

  for (guint i = 0; i < values->len; i++)
    {
      if (!is_string (g_ptr_array_index (values, i)))
        return eval_error (error, _("resourceId() arguments must be strings"));
      if (type_index < 0 && looks_like_type (json_node_get_string (g_ptr_array_index (values, i))))
        type_index = (int) i;
    }
  if (type_index < 0 || type_index > 2)
    return eval_error (error, _("resourceId() needs a resource type"));
  if (type_index == 2)
    {
      sub = json_node_get_string (g_ptr_array_index (values, 0));
      rg = json_node_get_string (g_ptr_array_index (values, 1));
    }
  else if (type_index == 1)
    {
      const char *first = json_node_get_string (g_ptr_array_index (values, 0));
      /* One leading argument: a resource group name (or a subscription id for
       * subscriptionResourceId). */
      if (subscription_level)
        sub = first;
      else
        rg = first;
    }

  segments = g_strsplit (json_node_get_string (g_ptr_array_index (values, type_index)), "/", -1);
  n_segments = g_strv_length (segments);
  n_names = values->len - (guint) type_index - 1;
  /* A single name argument may hold all names separated by '/'. */
  if (n_names + 1 != n_segments)
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      g_auto(GStrv) names = NULL;

      for (guint i = (guint) type_index + 1; i < values->len; i++)
        {
          if (joined->len > 0)
            g_string_append_c (joined, '/');
          g_string_append (joined, json_node_get_string (g_ptr_array_index (values, i)));
        }
      names = g_strsplit (joined->str, "/", -1);
      if (g_strv_length (names) + 1 != n_segments)
        return eval_error (error, g_dngettext (GETTEXT_PACKAGE, "resourceId(): %u name for the type %s",
                                               "resourceId(): %u names for the type %s", n_names),
                           n_names,
                           json_node_get_string (g_ptr_array_index (values, type_index)));
    }

  g_string_append_printf (id, "/subscriptions/%s", sub);
  if (!subscription_level)
    g_string_append_printf (id, "/resourceGroups/%s", rg);
  g_string_append_printf (id, "/providers/%s", segments[0]);
  {
    g_autoptr(GString) joined = g_string_new (NULL);
    g_auto(GStrv) names = NULL;

    for (guint i = (guint) type_index + 1; i < values->len; i++)
      {
        if (joined->len > 0)
          g_string_append_c (joined, '/');
        g_string_append (joined, json_node_get_string (g_ptr_array_index (values, i)));
      }
    names = g_strsplit (joined->str, "/", -1);
    for (guint i = 1; i < n_segments && names[i - 1] != NULL; i++)
      g_string_append_printf (id, "/%s/%s", segments[i], names[i - 1]);
  }
  return make_string (id->str);
}

static JsonNode *eval_node_in (TopoArmScope *scope, JsonNode *node, guint depth, GError **error);

/* Evaluates a variable's or a parameter default's template value once per scope. */
static JsonNode *
remembered_value (TopoArmScope *scope,
                  char          kind,
                  const char   *name,
                  JsonNode     *template_value,
                  guint         depth,
                  GError      **error)
{
  Memo *memo = memo_begin (scope, kind, name);
  TopoArmScope inner = *scope;
  g_autoptr(GError) local_error = NULL;
  guint runtime_before;

  if (memo->value != NULL || memo->error != NULL)
    {
      scope->state->runtime += memo->runtime;
      return memo_result (memo, error);
    }
  if (memo->busy)
    return eval_error (error, kind == 'v' ? _("variable '%s' refers to itself")
                                          : _("parameter '%s' refers to itself"), name);
  if (depth > MAX_VARIABLE_DEPTH)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT,
                   _("variables and parameters refer to each other more than %d deep (the limit)"),
                   MAX_VARIABLE_DEPTH);
      return NULL;
    }
  memo->busy = TRUE;
  inner.depth = depth + 1;
  runtime_before = scope->state->runtime;
  memo->value = eval_node_in (&inner, template_value, 0, &local_error);
  /* The table may have grown meanwhile, but entries are never removed: memo is still valid. */
  memo->busy = FALSE;
  memo->runtime = scope->state->runtime - runtime_before;
  if (memo->value == NULL)
    memo->error = g_steal_pointer (&local_error);
  return memo_result (memo, error);
}

static JsonNode *
parameter_value (TopoArmScope *scope,
                 const char *name,
                 guint depth,
                 GError **error)
{
  JsonNode *decl;
  JsonObject *decl_obj;

  if (scope->values != NULL && json_object_has_member (scope->values, name))
    return json_node_copy (json_object_get_member (scope->values, name));

  if (scope->parameters == NULL || !json_object_has_member (scope->parameters, name))
    return eval_error (error, _("unknown parameter '%s'"), name);
  decl = json_object_get_member (scope->parameters, name);
  if (!JSON_NODE_HOLDS_OBJECT (decl))
    return eval_error (error, _("parameter '%s' is not an object"), name);
  decl_obj = json_node_get_object (decl);
  if (json_object_has_member (decl_obj, "defaultValue"))
    return remembered_value (scope, 'p', name, json_object_get_member (decl_obj, "defaultValue"), depth, error);
  if (scope->placeholder_parameters)
    {
      const char *type = NULL;
      JsonNode *type_node = json_object_get_member (decl_obj, "type");

      if (type_node != NULL && is_string (type_node))
        type = json_node_get_string (type_node);
      if (type == NULL || g_ascii_strcasecmp (type, "string") == 0 ||
          g_ascii_strcasecmp (type, "securestring") == 0)
        {
          if (scope->missing != NULL)
            {
              gboolean seen = FALSE;
              for (guint i = 0; i < scope->missing->len; i++)
                if (g_str_equal (g_ptr_array_index (scope->missing, i), name))
                  seen = TRUE;
              if (!seen)
                g_ptr_array_add (scope->missing, g_strdup (name));
            }
          return make_string (name);
        }
    }
  return eval_error (error, _("parameter '%s' has no value and no defaultValue"), name);
}

static JsonNode *
variable_value (TopoArmScope *scope,
                const char *name,
                guint depth,
                GError **error)
{
  if (scope->variables == NULL || !json_object_has_member (scope->variables, name))
    return eval_error (error, _("unknown variable '%s'"), name);
  return remembered_value (scope, 'v', name, json_object_get_member (scope->variables, name), depth, error);
}

static JsonNode *
fn_format (TopoArmScope *scope,
           GPtrArray *values,
           GError **error)
{
  const char *fmt;
  g_autoptr(GString) out = g_string_new (NULL);

  if (values->len < 1 || !is_string (g_ptr_array_index (values, 0)))
    return eval_error (error, _("format() needs a format string"));
  fmt = json_node_get_string (g_ptr_array_index (values, 0));
  for (const char *p = fmt; *p != '\0'; p++)
    {
      if (*p == '{' && p[1] == '{')
        {
          g_string_append_c (out, '{');
          p++;
        }
      else if (*p == '}' && p[1] == '}')
        {
          g_string_append_c (out, '}');
          p++;
        }
      else if (*p == '{')
        {
          char *endp = NULL;
          guint64 index = g_ascii_strtoull (p + 1, &endp, 10);
          const char *close;
          g_autofree char *text = NULL;

          if (endp == p + 1 || (close = strchr (endp, '}')) == NULL)
            return eval_error (error, _("format(): bad placeholder"));
          if (index + 1 >= values->len)
            return eval_error (error, _("format(): placeholder {%u} has no argument"), (guint) index);
          text = to_text (g_ptr_array_index (values, index + 1));
          if (text == NULL)
            return eval_error (error, _("format(): argument is not a scalar"));
          if (!check_string_length (scope, (guint64) out->len + strlen (text), error))
            return NULL;
          g_string_append (out, text);
          p = close;
        }
      else
        g_string_append_c (out, *p);
    }
  return make_string (out->str);
}

static JsonNode *
eval_call (TopoArmScope *scope,
           Node *node,
           guint depth,
           GError **error)
{
  const char *fn = node->str;
  g_autoptr(GPtrArray) values = NULL;
  guint n = node->args->len;

  /* Lazy functions first: only the taken branch is evaluated. */
  if (g_ascii_strcasecmp (fn, "if") == 0)
    {
      g_autoptr(JsonNode) cond = NULL;
      gboolean b;

      if (n != 3)
        return eval_error (error, _("if() takes 3 arguments"));
      cond = eval (scope, g_ptr_array_index (node->args, 0), depth + 1, error);
      if (cond == NULL || !truthy (cond, &b, error))
        return NULL;
      return eval (scope, g_ptr_array_index (node->args, b ? 1 : 2), depth + 1, error);
    }
  if (g_ascii_strcasecmp (fn, "and") == 0 || g_ascii_strcasecmp (fn, "or") == 0)
    {
      gboolean is_and = g_ascii_strcasecmp (fn, "and") == 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(JsonNode) v = eval (scope, g_ptr_array_index (node->args, i), depth + 1, error);
          gboolean b;

          if (v == NULL || !truthy (v, &b, error))
            return NULL;
          if (b != is_and)
            return make_bool (b);
        }
      return make_bool (is_and);
    }
  if (g_ascii_strcasecmp (fn, "true") == 0 && n == 0)
    return make_bool (TRUE);
  if (g_ascii_strcasecmp (fn, "false") == 0 && n == 0)
    return make_bool (FALSE);
  if (g_ascii_strcasecmp (fn, "null") == 0 && n == 0)
    return json_node_new (JSON_NODE_NULL);

  values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *v = eval (scope, g_ptr_array_index (node->args, i), depth + 1, error);

      if (v == NULL)
        return NULL;
      g_ptr_array_add (values, v);
    }

#define ARG(i) ((JsonNode *) g_ptr_array_index (values, (i)))
#define NEED(count) \
  G_STMT_START { if (n != (count)) return eval_error (error, g_dngettext (GETTEXT_PACKAGE, "%s() takes %d argument", "%s() takes %d arguments", (count)), fn, (count)); } G_STMT_END
#define NEED_STRING(i) \
  G_STMT_START { if (!is_string (ARG (i))) return eval_error (error, _("%s(): argument %d must be a string"), fn, (i) + 1); } G_STMT_END

  if (g_ascii_strcasecmp (fn, "parameters") == 0)
    {
      NEED (1);
      NEED_STRING (0);
      return parameter_value (scope, json_node_get_string (ARG (0)), scope->depth, error);
    }
  if (g_ascii_strcasecmp (fn, "variables") == 0)
    {
      NEED (1);
      NEED_STRING (0);
      return variable_value (scope, json_node_get_string (ARG (0)), scope->depth, error);
    }
  if (g_ascii_strcasecmp (fn, "concat") == 0)
    {
      if (n > 0 && JSON_NODE_HOLDS_ARRAY (ARG (0)))
        {
          JsonArray *out;
          JsonNode *result;
          guint64 total = 0;

          for (guint i = 0; i < n; i++)
            {
              if (!JSON_NODE_HOLDS_ARRAY (ARG (i)))
                return eval_error (error, _("concat(): mixed arrays and strings"));
              total += json_array_get_length (json_node_get_array (ARG (i)));
            }
          if (!check_array_length (scope, total, error))
            return NULL;
          out = json_array_sized_new ((guint) total);
          result = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (result, out);
          for (guint i = 0; i < n; i++)
            {
              JsonArray *a = json_node_get_array (ARG (i));

              for (guint j = 0; j < json_array_get_length (a); j++)
                json_array_add_element (out, json_node_copy (json_array_get_element (a, j)));
            }
          return result;
        }
      else
        {
          g_autoptr(GString) s = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            {
              g_autofree char *text = to_text (ARG (i));

              if (text == NULL)
                return eval_error (error, _("concat(): argument %u is not a string"), i + 1);
              if (!check_string_length (scope, (guint64) s->len + strlen (text), error))
                return NULL;
              g_string_append (s, text);
            }
          return make_string (s->str);
        }
    }
  if (g_ascii_strcasecmp (fn, "format") == 0)
    return fn_format (scope, values, error);
  if (g_ascii_strcasecmp (fn, "toLower") == 0 || g_ascii_strcasecmp (fn, "toUpper") == 0)
    {
      NEED (1);
      NEED_STRING (0);
      if (g_ascii_strcasecmp (fn, "toLower") == 0)
        return make_string_take (g_utf8_strdown (json_node_get_string (ARG (0)), -1));
      return make_string_take (g_utf8_strup (json_node_get_string (ARG (0)), -1));
    }
  if (g_ascii_strcasecmp (fn, "trim") == 0)
    {
      NEED (1);
      NEED_STRING (0);
      return make_string_take (g_strstrip (g_strdup (json_node_get_string (ARG (0)))));
    }
  if (g_ascii_strcasecmp (fn, "replace") == 0)
    {
      g_auto(GStrv) parts = NULL;

      NEED (3);
      NEED_STRING (0);
      NEED_STRING (1);
      NEED_STRING (2);
      if (*json_node_get_string (ARG (1)) == '\0')
        return json_node_copy (ARG (0));
      parts = g_strsplit (json_node_get_string (ARG (0)), json_node_get_string (ARG (1)), -1);
      {
        guint64 count = g_strv_length (parts) - 1;
        guint64 length = strlen (json_node_get_string (ARG (0))) +
                         count * strlen (json_node_get_string (ARG (2)));

        /* Sized before joining: one short string replaced by a long one multiplies. */
        if (!check_string_length (scope, length, error))
          return NULL;
      }
      return make_string_take (g_strjoinv (json_node_get_string (ARG (2)), parts));
    }
  if (g_ascii_strcasecmp (fn, "substring") == 0)
    {
      const char *s;
      gint64 start, length, slen;

      if (n < 2 || n > 3)
        return eval_error (error, _("substring() takes 2 or 3 arguments"));
      NEED_STRING (0);
      s = json_node_get_string (ARG (0));
      slen = (gint64) strlen (s);
      if (!JSON_NODE_HOLDS_VALUE (ARG (1)) || json_node_get_value_type (ARG (1)) != G_TYPE_INT64 ||
          (n == 3 && (!JSON_NODE_HOLDS_VALUE (ARG (2)) || json_node_get_value_type (ARG (2)) != G_TYPE_INT64)))
        return eval_error (error, _("substring(): index and length must be integers"));
      start = json_node_get_int (ARG (1));
      length = n == 3 ? json_node_get_int (ARG (2)) : slen - start;
      if (start < 0 || length < 0 || start > slen || length > slen - start)
        return eval_error (error, _("substring(): out of range"));
      return make_string_take (g_strndup (s + start, (gsize) length));
    }
  if (g_ascii_strcasecmp (fn, "length") == 0)
    {
      NEED (1);
      if (is_string (ARG (0)))
        return make_int ((gint64) g_utf8_strlen (json_node_get_string (ARG (0)), -1));
      if (JSON_NODE_HOLDS_ARRAY (ARG (0)))
        return make_int (json_array_get_length (json_node_get_array (ARG (0))));
      if (JSON_NODE_HOLDS_OBJECT (ARG (0)))
        return make_int (json_object_get_size (json_node_get_object (ARG (0))));
      return eval_error (error, _("length(): unsupported argument"));
    }
  if (g_ascii_strcasecmp (fn, "equals") == 0)
    {
      NEED (2);
      if (!charge_value (scope, ARG (0), error) || !charge_value (scope, ARG (1), error))
        return NULL;
      return make_bool (nodes_equal (ARG (0), ARG (1)));
    }
  if (g_ascii_strcasecmp (fn, "not") == 0)
    {
      gboolean b;

      NEED (1);
      if (!truthy (ARG (0), &b, error))
        return NULL;
      return make_bool (!b);
    }
  if (g_ascii_strcasecmp (fn, "empty") == 0)
    {
      NEED (1);
      return make_bool (is_empty (ARG (0)));
    }
  if (g_ascii_strcasecmp (fn, "coalesce") == 0)
    {
      for (guint i = 0; i < n; i++)
        if (!JSON_NODE_HOLDS_NULL (ARG (i)))
          return json_node_copy (ARG (i));
      return json_node_new (JSON_NODE_NULL);
    }
  if (g_ascii_strcasecmp (fn, "json") == 0)
    {
      g_autoptr(TopoJsonDocument) json = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *text;

      NEED (1);
      NEED_STRING (0);
      /* Not json-glib's parser: it recurses without a limit on hostile nesting. */
      text = json_node_get_string (ARG (0));
      if (!charge (scope, strlen (text), error))
        return NULL;
      json = topo_json_document_parse (text, strlen (text), MAX_DEPTH, &local_error);
      if (json == NULL)
        return eval_error (error, _("json(): not JSON: %s"), local_error->message);
      return topo_json_value_to_plain_node (topo_json_document_root (json));
    }
  if (g_ascii_strcasecmp (fn, "string") == 0)
    {
      g_autofree char *text = NULL;

      NEED (1);
      text = to_text (ARG (0));
      if (text == NULL)
        return eval_error (error, _("string(): unsupported argument"));
      return make_string (text);
    }
  if (g_ascii_strcasecmp (fn, "int") == 0)
    {
      NEED (1);
      if (JSON_NODE_HOLDS_VALUE (ARG (0)) && json_node_get_value_type (ARG (0)) == G_TYPE_INT64)
        return json_node_copy (ARG (0));
      if (is_string (ARG (0)))
        {
          gint64 v;
          if (g_ascii_string_to_signed (json_node_get_string (ARG (0)), 10, G_MININT64, G_MAXINT64, &v, NULL))
            return make_int (v);
        }
      return eval_error (error, _("int(): not an integer"));
    }
  if (g_ascii_strcasecmp (fn, "bool") == 0)
    {
      gboolean b;

      NEED (1);
      if (!truthy (ARG (0), &b, error))
        return NULL;
      return make_bool (b);
    }
  if (g_ascii_strcasecmp (fn, "startsWith") == 0 || g_ascii_strcasecmp (fn, "endsWith") == 0 ||
      g_ascii_strcasecmp (fn, "contains") == 0)
    {
      g_autofree char *a = NULL, *b = NULL;

      NEED (2);
      if (g_ascii_strcasecmp (fn, "contains") == 0 && !is_string (ARG (0)))
        {
          if (JSON_NODE_HOLDS_OBJECT (ARG (0)) && is_string (ARG (1)))
            return make_bool (json_object_has_member (json_node_get_object (ARG (0)),
                                                      json_node_get_string (ARG (1))));
          if (JSON_NODE_HOLDS_ARRAY (ARG (0)))
            {
              JsonArray *arr = json_node_get_array (ARG (0));

              if (!charge_value (scope, ARG (0), error) || !charge_value (scope, ARG (1), error))
                return NULL;
              for (guint i = 0; i < json_array_get_length (arr); i++)
                if (nodes_equal (json_array_get_element (arr, i), ARG (1)))
                  return make_bool (TRUE);
              return make_bool (FALSE);
            }
          return eval_error (error, _("contains(): unsupported arguments"));
        }
      NEED_STRING (0);
      NEED_STRING (1);
      a = g_ascii_strdown (json_node_get_string (ARG (0)), -1);
      b = g_ascii_strdown (json_node_get_string (ARG (1)), -1);
      if (g_ascii_strcasecmp (fn, "startsWith") == 0)
        return make_bool (g_str_has_prefix (a, b));
      if (g_ascii_strcasecmp (fn, "endsWith") == 0)
        return make_bool (g_str_has_suffix (a, b));
      return make_bool (strstr (a, b) != NULL);
    }
  if (g_ascii_strcasecmp (fn, "split") == 0)
    {
      g_auto(GStrv) parts = NULL;
      JsonArray *arr;
      JsonNode *result;

      NEED (2);
      NEED_STRING (0);
      NEED_STRING (1);
      if (*json_node_get_string (ARG (1)) == '\0')
        return eval_error (error, _("split(): empty delimiter"));
      parts = g_strsplit (json_node_get_string (ARG (0)), json_node_get_string (ARG (1)), -1);
      if (!check_array_length (scope, g_strv_length (parts), error))
        return NULL;
      arr = json_array_new ();
      for (guint i = 0; parts[i] != NULL; i++)
        json_array_add_string_element (arr, parts[i]);
      result = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (result, arr);
      return result;
    }
  if (g_ascii_strcasecmp (fn, "createArray") == 0)
    {
      JsonArray *arr = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        json_array_add_element (arr, json_node_copy (ARG (i)));
      json_node_take_array (result, arr);
      return result;
    }
  if (g_ascii_strcasecmp (fn, "first") == 0 || g_ascii_strcasecmp (fn, "last") == 0)
    {
      gboolean first = g_ascii_strcasecmp (fn, "first") == 0;

      NEED (1);
      if (JSON_NODE_HOLDS_ARRAY (ARG (0)))
        {
          JsonArray *arr = json_node_get_array (ARG (0));
          guint len = json_array_get_length (arr);
          if (len == 0)
            return eval_error (error, _("%s(): empty array"), fn);
          return json_node_copy (json_array_get_element (arr, first ? 0 : len - 1));
        }
      NEED_STRING (0);
      {
        const char *s = json_node_get_string (ARG (0));
        gsize len = strlen (s);
        if (len == 0)
          return make_string ("");
        return make_string_take (g_strndup (first ? s : s + len - 1, 1));
      }
    }
  if (g_ascii_strcasecmp (fn, "uniqueString") == 0)
    {
      g_autofree char *hash = NULL;

      if (n < 1)
        return eval_error (error, _("uniqueString() needs an argument"));
      /* Real values depend on the subscription; a stable 13-character stand-in keeps names valid
       * (lowercase alphanumerics) and imports deterministic. */
      hash = hash_args (values);
      hash[13] = '\0';
      return make_string (hash);
    }
  if (g_ascii_strcasecmp (fn, "guid") == 0)
    {
      g_autofree char *hash = NULL;

      if (n < 1)
        return eval_error (error, _("guid() needs an argument"));
      hash = hash_args (values);
      return make_string_take (g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hash, hash + 8, hash + 12,
                                                hash + 16, hash + 20));
    }
  if (g_ascii_strcasecmp (fn, "resourceGroup") == 0)
    return resource_group_object (scope);
  if (g_ascii_strcasecmp (fn, "subscription") == 0)
    return subscription_object ();
  if (g_ascii_strcasecmp (fn, "deployment") == 0)
    {
      JsonObject *obj = json_object_new ();
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (obj, "name", scope->deployment != NULL ? scope->deployment : "deployment");
      json_node_take_object (result, obj);
      return result;
    }
  if (g_ascii_strcasecmp (fn, "resourceId") == 0)
    return fn_resource_id (scope, values, FALSE, error);
  if (g_ascii_strcasecmp (fn, "subscriptionResourceId") == 0)
    return fn_resource_id (scope, values, TRUE, error);
  if (g_ascii_strcasecmp (fn, "reference") == 0)
    {
      if (n < 1 || !is_string (ARG (0)))
        return eval_error (error, _("reference() needs a resource id or name"));
      if (scope->references != NULL)
        {
          g_autofree char *key = g_ascii_strdown (json_node_get_string (ARG (0)), -1);
          if (json_object_has_member (scope->references, key))
            return json_node_copy (json_object_get_member (scope->references, key));
        }
      /* A runtime value: return a marker that property access extends. */
      if (scope->state != NULL)
        scope->state->runtime++;
      return make_string_take (g_strdup_printf (TOPO_ARM_REFERENCE_PREFIX "%s)", json_node_get_string (ARG (0))));
    }

#undef ARG
#undef NEED
#undef NEED_STRING

  return eval_error (error, _("unsupported function '%s'"), fn);
}

static JsonNode *
eval (TopoArmScope *scope,
      Node *node,
      guint depth,
      GError **error)
{
  if (depth > MAX_DEPTH)
    return eval_error (error, _("expression nested too deeply"));
  if (!charge (scope, 1, error))
    return NULL;

  switch (node->kind)
    {
    case NODE_STRING:
      return make_string (node->str);
    case NODE_NUMBER:
      return make_int (node->num);
    case NODE_CALL:
      return eval_call (scope, node, depth, error);
    case NODE_MEMBER:
      {
        g_autoptr(JsonNode) target = eval (scope, node->target, depth + 1, error);
        JsonObject *obj;

        if (target == NULL)
          return NULL;
        if (is_reference_marker (target))
          {
            if (!check_string_length (scope, strlen (json_node_get_string (target)) + strlen (node->str) + 1, error))
              return NULL;
            return make_string_take (g_strdup_printf ("%s.%s", json_node_get_string (target), node->str));
          }
        if (!JSON_NODE_HOLDS_OBJECT (target))
          return eval_error (error, _("property '%s' of a value that is not an object"), node->str);
        obj = json_node_get_object (target);
        /* ARM property names compare case-insensitively. */
        if (json_object_has_member (obj, node->str))
          return json_node_copy (json_object_get_member (obj, node->str));
        {
          g_autoptr(GList) members = json_object_get_members (obj);
          for (GList *l = members; l != NULL; l = l->next)
            if (g_ascii_strcasecmp (l->data, node->str) == 0)
              return json_node_copy (json_object_get_member (obj, l->data));
        }
        return eval_error (error, _("no property '%s'"), node->str);
      }
    case NODE_INDEX:
      {
        g_autoptr(JsonNode) target = eval (scope, node->target, depth + 1, error);
        g_autoptr(JsonNode) index = NULL;

        if (target == NULL)
          return NULL;
        index = eval (scope, g_ptr_array_index (node->args, 0), depth + 1, error);
        if (index == NULL)
          return NULL;
        if (is_reference_marker (target))
          {
            g_autofree char *text = to_text (index);

            if (!check_string_length (scope, strlen (json_node_get_string (target)) +
                                      (text != NULL ? strlen (text) : 1) + 2, error))
              return NULL;
            return make_string_take (g_strdup_printf ("%s[%s]", json_node_get_string (target),
                                                      text != NULL ? text : "?"));
          }
        if (JSON_NODE_HOLDS_ARRAY (target) && JSON_NODE_HOLDS_VALUE (index) &&
            json_node_get_value_type (index) == G_TYPE_INT64)
          {
            JsonArray *arr = json_node_get_array (target);
            gint64 i = json_node_get_int (index);
            if (i < 0 || i >= json_array_get_length (arr))
              return eval_error (error, _("index %lld out of range"), (long long) i);
            return json_node_copy (json_array_get_element (arr, (guint) i));
          }
        if (JSON_NODE_HOLDS_OBJECT (target) && is_string (index))
          {
            JsonObject *obj = json_node_get_object (target);
            const char *key = json_node_get_string (index);
            if (json_object_has_member (obj, key))
              return json_node_copy (json_object_get_member (obj, key));
            return eval_error (error, _("no property '%s'"), key);
          }
        return eval_error (error, _("cannot index this value"));
      }
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

gboolean
topo_arm_is_expression (const char *text)
{
  gsize len;

  if (text == NULL || text[0] != '[' || text[1] == '[')
    return FALSE;
  len = strlen (text);
  return len >= 2 && text[len - 1] == ']';
}

static JsonNode *
eval_string_in (TopoArmScope *scope,
                const char *text,
                GError **error)
{
  Parser ps;
  Node *tree;
  JsonNode *result;
  gsize len;

  if (text[0] == '[' && text[1] == '[')
    return make_string (text + 1);
  if (!topo_arm_is_expression (text))
    return make_string (text);

  len = strlen (text);
  ps.text = text + 1;
  ps.p = text + 1;
  ps.end = text + len - 1;
  tree = parse_expr (&ps, 0, error);
  if (tree == NULL)
    return NULL;
  skip_space (&ps);
  if (ps.p != ps.end)
    {
      node_free (tree);
      parse_error (&ps, error, _("unexpected text after the expression"));
      return NULL;
    }
  result = eval (scope, tree, 0, error);
  node_free (tree);
  return result;
}

static JsonNode *
eval_node_in (TopoArmScope *scope,
              JsonNode *node,
              guint depth,
              GError **error)
{
  if (depth > MAX_DEPTH)
    return eval_error (error, _("value nested too deeply"));
  if (!charge (scope, 1, error))
    return NULL;

  if (node == NULL)
    return json_node_new (JSON_NODE_NULL);
  if (is_string (node))
    return eval_string_in (scope, json_node_get_string (node), error);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GList) members = json_object_get_members (in);

      json_node_take_object (result, out);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *v = eval_node_in (scope, json_object_get_member (in, l->data), depth + 1, error);
          if (v == NULL)
            {
              json_node_unref (result);
              return NULL;
            }
          json_object_set_member (out, l->data, v);
        }
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (result, out);
      for (guint i = 0; i < json_array_get_length (in); i++)
        {
          JsonNode *v = eval_node_in (scope, json_array_get_element (in, i), depth + 1, error);
          if (v == NULL)
            {
              json_node_unref (result);
              return NULL;
            }
          json_array_add_element (out, v);
        }
      return result;
    }
  return json_node_copy (node);
}

JsonNode *
topo_arm_eval_string (TopoArmScope *scope,
                      const char *text,
                      GError **error)
{
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (scope->state == NULL)
    {
      g_autoptr(TopoArmEvalState) state = topo_arm_eval_state_new ();
      TopoArmScope own = *scope;

      own.state = state;
      return eval_string_in (&own, text, error);
    }
  return eval_string_in (scope, text, error);
}

JsonNode *
topo_arm_eval_node (TopoArmScope *scope,
                    JsonNode *node,
                    GError **error)
{
  g_return_val_if_fail (scope != NULL, NULL);

  if (scope->state == NULL)
    {
      g_autoptr(TopoArmEvalState) state = topo_arm_eval_state_new ();
      TopoArmScope own = *scope;

      own.state = state;
      return eval_node_in (&own, node, 0, error);
    }
  return eval_node_in (scope, node, 0, error);
}

guint
topo_arm_eval_state_runtime (TopoArmEvalState *state)
{
  g_return_val_if_fail (state != NULL, 0);
  return state->runtime;
}

char *
topo_arm_quote (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 2);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
topo_arm_escape_literal (const char *text)
{
  if (text != NULL && text[0] == '[')
    return g_strconcat ("[", text, NULL);
  return g_strdup (text);
}
