/* topo-generator.h: large, realistic, valid designs for benchmarks and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

/* About n_resources resources (RGs included, exact when n_resources >= 40) spread over several
 * regions, environments and teams, using every resource and link type; the same seed gives the
 * same document. Laid out, no history. */
TopoDocument *topo_generate (guint n_resources, guint32 seed);

G_END_DECLS
