#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <algorithm>

namespace routemap {

namespace {

const QString settingsKey = QStringLiteral("recentFiles");

} // namespace

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
{ }

QList<QStringList> RecentFiles::entries() const
{
    const QSettings settings;
    const QVariantList stored = settings.value(settingsKey).toList();
    QList<QStringList> result;
    for (const QVariant &value : stored) {
        QStringList paths = value.toStringList();
        paths.erase(std::remove_if(paths.begin(), paths.end(), [](const QString &p) { return !QFileInfo::exists(p); }),
            paths.end());
        if (!paths.isEmpty() && !result.contains(paths)) {
            result << paths;
        }
    }
    return result;
}

void RecentFiles::add(const QStringList &paths)
{
    QStringList absolute;
    for (const QString &path : paths) {
        if (path != QLatin1String("-")) {
            absolute << QFileInfo(path).absoluteFilePath();
        }
    }
    if (absolute.isEmpty()) {
        return;
    }
    QList<QStringList> list = entries();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > maxEntries) {
        list.removeLast();
    }
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::attachMenu(QMenu *menu)
{
    connect(menu, &QMenu::aboutToShow, this, [this, menu]() { fillMenu(menu); });
    fillMenu(menu);
}

QString RecentFiles::label(const QStringList &paths)
{
    if (paths.isEmpty()) {
        return {};
    }
    const QFileInfo first(paths.first());
    QString name = first.fileName();
    if (first.isDir()) {
        name += u'/';
    }
    if (paths.size() > 1) {
        name = tr("%1 + %2 more").arg(name).arg(paths.size() - 1);
    }
    return name;
}

void RecentFiles::store(const QList<QStringList> &list)
{
    QVariantList values;
    for (const QStringList &paths : list) {
        values << QVariant(paths);
    }
    QSettings settings;
    settings.setValue(settingsKey, values);
}

void RecentFiles::fillMenu(QMenu *menu)
{
    menu->clear();
    const QList<QStringList> list = entries();
    store(list); // forget entries whose files have vanished
    int number = 1;
    for (const QStringList &paths : list) {
        // &1 .. &9 give keyboard access; the tenth has none.
        const QString prefix = number < 10 ? QStringLiteral("&%1  ").arg(number) : QStringLiteral("10  ");
        QAction *action = menu->addAction(prefix + label(paths));
        action->setToolTip(QDir::toNativeSeparators(paths.join(QStringLiteral("\n"))));
        action->setStatusTip(QDir::toNativeSeparators(paths.join(QStringLiteral(", "))));
        connect(action, &QAction::triggered, this, [this, paths]() { emit openRequested(paths); });
        ++number;
    }
    if (list.isEmpty()) {
        menu->addAction(tr("No recent files"))->setEnabled(false);
    } else {
        menu->addSeparator();
        connect(menu->addAction(tr("Clear Recent Files")), &QAction::triggered, this, &RecentFiles::clear);
    }
    menu->setToolTipsVisible(true);
}

} // namespace routemap
