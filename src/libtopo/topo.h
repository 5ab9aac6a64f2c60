/* topo.h: umbrella header of the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-types.h"
#include "topo-resource.h"
#include "topo-document.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-layout.h"
#include "topo-interaction.h"
#include "topo-generator.h"
#include "topo-templates.h"
