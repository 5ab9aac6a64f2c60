/* placeholder until the ARM exporter lands */
#include "topo-cli.h"
int topo_cli_export_arm (int argc, char **argv) { return topo_cli_usage_error ("export", "not built yet"); }
int topo_cli_import_arm (int argc, char **argv) { return topo_cli_usage_error ("import", "not built yet"); }
