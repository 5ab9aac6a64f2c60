/* placeholder until the renderer lands */
#include "topo-cli.h"
int topo_cli_export_image (int argc, char **argv) { return topo_cli_usage_error ("export", "not built yet"); }
