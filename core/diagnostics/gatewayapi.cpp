#include "diagnostics/rules.h"

namespace routemap::rules {

void checkGatewayApi(FindingSink &sink)
{
    Q_UNUSED(sink);
}

} // namespace routemap::rules
