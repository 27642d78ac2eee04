#include "diagnostics/rules.h"

namespace routemap::rules {

void checkNetworkPolicies(FindingSink &sink)
{
    Q_UNUSED(sink);
}

} // namespace routemap::rules
