#include "diagnostics/rules.h"

namespace routemap::rules {

void checkLoadIssues(FindingSink &sink)
{
    Q_UNUSED(sink);
}

} // namespace routemap::rules
