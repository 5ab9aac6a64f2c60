/* topo-resource-private.h: helpers shared by the value structs of a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deep copy of an unknown-keys object; NULL stays NULL. */
JsonObject *_topo_json_object_copy   (JsonObject *extra);
/* Equality where NULL equals only NULL. */
gboolean    _topo_json_object_equal0 (JsonObject *a, JsonObject *b);
/* An empty policy.rules array (of TopoRuleOverride) with its clear function. */
GArray     *_topo_rule_overrides_new (void);

G_END_DECLS
