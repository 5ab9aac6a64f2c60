/* topo-diff-private.h: what the computation and the reports of topo-diff share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-diff.h"

G_BEGIN_DECLS

#define TOPO_DIFF_PROP_BUF 32

/* One modelled key of a resource, read in its effective text form (NULL = absent or not
 * applicable to the kind); buf (TOPO_DIFF_PROP_BUF bytes) holds formatted numbers. */
typedef struct
{
  const char   *key;
  const char *(*get) (const TopoResource *resource, char *buf);
  gboolean      ref;       /* the value is a resource id */
  TopoDiffKind  kind;      /* RESOURCE_MOVED or RESOURCE_CHANGED */
} TopoDiffProp;

extern const TopoDiffProp _topo_diff_props[];
extern const guint        _topo_diff_n_props;

/* Text forms of values: a JSON string as is, other JSON compact; lists joined with ", ";
 * the layout as "x, y" (RGs "x, y, w × h"). NULL in, NULL out. */
char *_topo_diff_json_value   (JsonNode *node);
char *_topo_diff_strv_value   (const char *const *strv);
/* policy.quotas as one value: "westeurope standardDSv2Family 96, westeurope total 200". */
char       *_topo_diff_quotas_value       (const GArray *quotas);
char *_topo_diff_layout_value (const TopoResource *resource);

G_END_DECLS
