/* topo-template-chooser.h: "New from Template", each bundled design with a rendered preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TOPO_TYPE_TEMPLATE_CHOOSER (topo_template_chooser_get_type ())
G_DECLARE_FINAL_TYPE (TopoTemplateChooser, topo_template_chooser, TOPO, TEMPLATE_CHOOSER, AdwWindow)

/* Emits "template-chosen" (const char *name, topo-templates.h) when a row is activated. */
TopoTemplateChooser *topo_template_chooser_new (GtkWindow *parent);

/* Tests: the rows, in order; each carries its template name as "template" data and its
 * preview picture as "preview" data. */
GtkListBox *_topo_template_chooser_get_list (TopoTemplateChooser *self);

G_END_DECLS
