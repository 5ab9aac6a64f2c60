/* topo-regions.h: Azure regions and naming rules, compiled into the program
 *
 * Data: data/azure-regions.tsv and data/naming-rules.tsv (copied from shared/data with their source
 * lines), embedded as a GResource and parsed once on first use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-types.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;           /* "westeurope" */
  const char *display_name;   /* "West Europe" */
  const char *geography;      /* "Europe" */
  const char *geography_group;
  const char *paired_region;  /* NULL when none */
  gboolean    customer;       /* FALSE for canary / stage regions (not for customers) */
} TopoRegion;

/* NULL when the name is not a region of azure-regions.tsv (exact, lower case). */
const TopoRegion *topo_region_lookup  (const char *name);
/* All regions in file order. */
const TopoRegion *topo_regions_get_all (guint *n_regions);

typedef struct
{
  TopoKind    kind;
  guint       min_length;       /* code points */
  guint       max_length;
  const char *caf_prefix;       /* "rg", "mlw", …; NULL for computes */
  const char *scope;            /* "global", "subscription", "resource group", "region" */
} TopoNamingRule;

const TopoNamingRule *topo_naming_rule   (TopoKind kind);
/* TRUE when name satisfies the kind's length and character rule; otherwise FALSE and, if reason is
 * not NULL, a translated one-sentence reason. */
gboolean              topo_naming_check  (TopoKind kind, const char *name, char **reason);

/* The character rule alone: a hand-written matcher exactly equivalent to the kind's regex of
 * naming-rules.tsv (ASCII semantics; the regex's own length bounds included). Fast; the
 * validator uses it. */
gboolean              topo_naming_chars_match (TopoKind kind, const char *name);
/* The regex of naming-rules.tsv after the \w → [A-Za-z0-9_] rewrite, and a GRegex match of it
 * against the whole name (reference implementation for tests; slower). */
const char           *topo_naming_pattern     (TopoKind kind);
gboolean              topo_naming_regex_match (TopoKind kind, const char *name);
/* A valid name close to name (transliterated, invalid characters replaced, padded or cut), or
 * NULL when none can be derived. */
char                 *topo_naming_suggest     (TopoKind kind, const char *name);

G_END_DECLS
