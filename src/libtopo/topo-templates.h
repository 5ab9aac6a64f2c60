/* topo-templates.h: the bundled sample designs ("New from template", `topograph-cli new`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;          /* "contoso", "workspace-per-team", … */
  const char *title;         /* translated title for the gallery */
  const char *description;   /* translated one-liner: which pattern of the article */
} TopoTemplateInfo;

const TopoTemplateInfo *topo_templates_get_all (guint *n_templates);
const TopoTemplateInfo *topo_templates_lookup  (const char *name);
/* The canonical file text of a template, or NULL. */
GBytes                 *topo_templates_get_bytes (const char *name);
/* A loaded copy of the template, without history and marked unmodified. */
TopoDocument           *topo_templates_load    (const char *name, GError **error);

G_END_DECLS
