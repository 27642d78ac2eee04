#include "diagnostics/rules.h"

namespace routemap::rules {

void checkServices(FindingSink &sink)
{
    Q_UNUSED(sink);
}

} // namespace routemap::rules
