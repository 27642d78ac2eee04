#include "diagnostics/rules.h"

namespace routemap::rules {

void checkIngresses(FindingSink &sink)
{
    Q_UNUSED(sink);
}

} // namespace routemap::rules
