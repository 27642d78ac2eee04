#pragma once

#include <QWidget>

namespace routemap {

// What the window shows until something is opened: a title, a hint and the ways to open manifests.
class EmptyState final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyState)

public:
    explicit EmptyState(QWidget *parent = nullptr);

signals:
    void openFilesRequested();
    void openFolderRequested();
    void openDemoRequested();
};

} // namespace routemap
