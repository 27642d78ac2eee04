#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace routemap {

// The most recently opened sources, newest first, kept in QSettings. An entry is the list of paths
// opened together. Entries whose paths have all vanished are dropped when the list is read.
class RecentFiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecentFiles)

public:
    static constexpr int maxEntries = 10;

    explicit RecentFiles(QObject *parent = nullptr);

    QList<QStringList> entries() const;
    void add(const QStringList &paths);
    void clear();

    // Fills `menu` with the entries each time it is about to show, plus "Clear".
    void attachMenu(QMenu *menu);

    // "deploy.yaml", "manifests/" or "deploy.yaml + 2 more"
    static QString label(const QStringList &paths);

signals:
    void openRequested(const QStringList &paths);

private:
    void store(const QList<QStringList> &entries);
    void fillMenu(QMenu *menu);
};

} // namespace routemap
