/* placeholder until the validator lands */
#include "topo-cli.h"
int topo_cli_validate (int argc, char **argv) { return topo_cli_usage_error ("validate", "not built yet"); }
