#pragma once

// Set-up shared by the window tests: settings kept away from the user's, and the demo opened and drawn.

#include "graph/graphscene.h"
#include "window/mainwindow.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace routemap::testing {

inline constexpr int loadTimeoutMs = 20000;

// Keeps recent files, window geometry and toggles in `dir` under `applicationName`.
inline void isolateSettings(const QTemporaryDir &dir, const QString &applicationName)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("RoutemapTest"));
    QCoreApplication::setApplicationName(applicationName);
}

// Opens the built-in demo and waits until its map is in the scene. False on time-out.
inline bool openDemoAndWait(MainWindow &window)
{
    window.openDemo();
    return QTest::qWaitFor([&window] { return !window.scene()->nodeItems().isEmpty(); }, loadTimeoutMs);
}

} // namespace routemap::testing
