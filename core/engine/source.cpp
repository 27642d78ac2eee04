#include "source.h"

namespace routemap {

QString sourceStateName(SourceStatus::State state)
{
    switch (state) {
    case SourceStatus::State::Idle:
        return QStringLiteral("idle");
    case SourceStatus::State::Loading:
        return QStringLiteral("loading");
    case SourceStatus::State::Live:
        return QStringLiteral("live");
    case SourceStatus::State::Reconnecting:
        return QStringLiteral("reconnecting");
    case SourceStatus::State::Stale:
        return QStringLiteral("stale");
    case SourceStatus::State::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

} // namespace routemap
