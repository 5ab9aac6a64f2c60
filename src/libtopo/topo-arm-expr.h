/* topo-arm-expr.h: the subset of ARM template expressions the importer evaluates
 *
 * A recursive-descent parser (depth-limited) builds a small syntax tree that is then evaluated
 * against a template scope. Values are JsonNodes. Functions that need a deployment
 * (uniqueString, subscription ids) give stable placeholders so imports are deterministic;
 * reference() gives a marker string "$reference(<id>)…" that callers may inspect but never treat
 * as a real value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TOPO_ARM_ERROR (topo_arm_error_quark ())
GQuark topo_arm_error_quark (void);

typedef enum
{
  TOPO_ARM_ERROR_IO,           /* cannot read the file */
  TOPO_ARM_ERROR_SYNTAX,       /* not JSON */
  TOPO_ARM_ERROR_INVALID,      /* JSON, but not an ARM template */
  TOPO_ARM_ERROR_EXPRESSION,   /* an expression that cannot be parsed or evaluated */
  TOPO_ARM_ERROR_LIMIT,        /* input or evaluation beyond a limit named in the message */
} TopoArmError;

/* Bounds of evaluation, so that a small hostile template cannot take exponential time or memory
 * (a chain of variables each doubling the previous one). Every variable and parameter default is
 * evaluated once per scope and remembered; beyond these, evaluation fails with
 * TOPO_ARM_ERROR_LIMIT. */
#define TOPO_ARM_MAX_STRING   (1024 * 1024)       /* bytes in one string value */
#define TOPO_ARM_MAX_ARRAY    100000              /* elements in one array value */
#define TOPO_ARM_MAX_WORK     (32 * 1024 * 1024)  /* steps (nodes evaluated or compared, bytes
                                                   * and elements produced) in one import */

/* What evaluations in one import share: the work done so far and the remembered values of
 * variables and parameters. */
typedef struct _TopoArmEvalState TopoArmEvalState;

TopoArmEvalState *topo_arm_eval_state_new  (void);
void              topo_arm_eval_state_free (TopoArmEvalState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoArmEvalState, topo_arm_eval_state_free)
/* How many values only known at deployment time (reference() of a resource the template does not
 * give outputs for) the evaluations with this state have met, remembered variables included. A
 * value computed from one (a condition comparing it) is a guess. */
guint             topo_arm_eval_state_runtime (TopoArmEvalState *state);

/* Placeholders used for values only known at deployment time. */
#define TOPO_ARM_PLACEHOLDER_SUBSCRIPTION "00000000-0000-0000-0000-000000000000"
#define TOPO_ARM_PLACEHOLDER_TENANT       "00000000-0000-0000-0000-000000000001"
#define TOPO_ARM_REFERENCE_PREFIX         "$reference("

typedef struct _TopoArmScope TopoArmScope;

struct _TopoArmScope
{
  JsonObject    *parameters;    /* the template's "parameters" declarations, may be NULL */
  JsonObject    *values;        /* values passed for them (name → evaluated node), may be NULL */
  JsonObject    *variables;     /* the template's "variables", may be NULL */
  const char    *rg_name;       /* resourceGroup().name */
  const char    *rg_location;   /* resourceGroup().location */
  const char    *deployment;    /* deployment().name */
  /* When TRUE, a parameter with neither value nor defaultValue evaluates to its own name (string
   * parameters) and its name is added to missing (if not NULL), so the caller can warn once. */
  gboolean       placeholder_parameters;
  GPtrArray     *missing;
  /* What reference() returns for known resources: lower-cased resource id or name → object
   * (the importer puts nested deployments' evaluated "outputs" here). May be NULL. */
  JsonObject    *references;
  /* Shared work budget and remembered values; NULL: each topo_arm_eval_* call gets its own. */
  TopoArmEvalState *state;
  /* Internal: how deep variables refer to other variables. */
  guint          depth;
};

/* Evaluates a JSON string value as ARM does: "[[…" is the literal "[…", "[…]" an expression,
 * anything else a literal. Returns a new node or NULL with error set. */
JsonNode *topo_arm_eval_string (TopoArmScope *scope, const char *text, GError **error);
/* Evaluates every string inside node (objects and arrays recursively). */
JsonNode *topo_arm_eval_node   (TopoArmScope *scope, JsonNode *node, GError **error);
/* TRUE when text is an expression ("[…]" but not "[[…"). */
gboolean  topo_arm_is_expression (const char *text);
/* Escapes a literal for an expression string: 'it''s' (without the quotes around). */
char     *topo_arm_quote       (const char *text);
/* The text as a JSON string value that ARM does not evaluate ("[x" → "[[x"). */
char     *topo_arm_escape_literal (const char *text);

G_END_DECLS
