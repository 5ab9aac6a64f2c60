/* topo-source-map.h: where the parts of a .topograph file are, by line
 *
 * SARIF results point at lines. The loader builds the model, not positions, so reports that need
 * lines scan the text once more: a tokenizer that only follows nesting, strings and line breaks
 * (about a tenth of the cost of loading). The canonical format writes one member per line, so
 * the lines of an element are exactly the lines of its object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TOPO_SOURCE_TEAMS,          /* elements of the top-level arrays */
  TOPO_SOURCE_RESOURCES,
  TOPO_SOURCE_LINKS,
  TOPO_SOURCE_SUPPRESSIONS,
  TOPO_SOURCE_POLICY,         /* the policy object (index 0) */
  TOPO_SOURCE_POLICY_RULES,   /* policy.rules (index 0) */
  TOPO_N_SOURCE_SECTIONS
} TopoSourceSection;

typedef struct
{
  guint start_line;   /* 1-based, inclusive */
  guint end_line;
} TopoLineRange;

typedef struct _TopoSourceMap TopoSourceMap;

/* Never fails: text that is not JSON simply yields fewer ranges. */
TopoSourceMap *topo_source_map_new    (const char *data, gsize length);
void           topo_source_map_free   (TopoSourceMap *map);
/* The lines of element index of section (a later duplicate key wins, as in the loader). */
gboolean       topo_source_map_lookup (const TopoSourceMap *map, TopoSourceSection section,
                                       guint index, TopoLineRange *range);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoSourceMap, topo_source_map_free)

G_END_DECLS
