#include "emptystate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace routemap {

EmptyState::EmptyState(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("emptyState"));
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);

    auto *title = new QLabel(tr("No manifests open"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);

    auto *hint = new QLabel(tr("Open manifests (Ctrl+O), drop files here, or open the demo."), this);
    hint->setObjectName(QStringLiteral("emptyHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    QPalette muted = hint->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    hint->setPalette(muted);
    layout->addWidget(hint);
    layout->addSpacing(16);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    auto *open = new QPushButton(tr("Open Files…"), this);
    connect(open, &QPushButton::clicked, this, &EmptyState::openFilesRequested);
    auto *folder = new QPushButton(tr("Open Folder…"), this);
    connect(folder, &QPushButton::clicked, this, &EmptyState::openFolderRequested);
    auto *demo = new QPushButton(tr("Open Demo"), this);
    connect(demo, &QPushButton::clicked, this, &EmptyState::openDemoRequested);
    buttons->addWidget(open);
    buttons->addWidget(folder);
    buttons->addWidget(demo);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch(3);
}

} // namespace routemap
