#include "diagnostics/rules.h"

namespace routemap::rules {

void checkEntryPoints(FindingSink &sink)
{
    Q_UNUSED(sink);
}

} // namespace routemap::rules
