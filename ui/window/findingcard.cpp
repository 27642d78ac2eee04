#include "findingcard.h"

#include "findings/severityicon.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace routemap {

namespace {

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

FindingCard::FindingCard(const Finding &finding, QWidget *parent)
    : QFrame(parent)
    , m_finding(finding)
{
    setObjectName(QStringLiteral("findingCard"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 8, 8);
    layout->setSpacing(4);

    const QColor colour = severityColor(finding.severity);
    auto *header = new QHBoxLayout;
    header->setSpacing(6);
    auto *icon = new QLabel(this);
    icon->setPixmap(severityIcon(finding.severity).pixmap(16, 16));
    header->addWidget(icon);
    auto *title = new QLabel(this);
    title->setTextFormat(Qt::RichText);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title->setText(
        QStringLiteral("<b style='color:%1'>%2</b> <span style='color:palette(placeholder-text)'>·</span> "
                       "<code>%3</code>")
            .arg(colour.name(), severityLabel(finding.severity).toHtmlEscaped(), finding.code.toHtmlEscaped()));
    header->addWidget(title, 1);
    layout->addLayout(header);

    layout->addWidget(wrappedLabel(finding.message, this));
    if (!finding.hint.isEmpty()) {
        auto *hint = wrappedLabel(tr("Fix: %1").arg(finding.hint), this);
        hint->setObjectName(QStringLiteral("findingHint"));
        QPalette muted = hint->palette();
        muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText).darker(130));
        hint->setPalette(muted);
        layout->addWidget(hint);
    }
    if (!finding.kubectl.isEmpty()) {
        auto *row = new QHBoxLayout;
        row->setSpacing(4);
        // A label, not an editor: it wraps long commands and can still be selected and copied.
        m_kubectl = wrappedLabel(finding.kubectl, this);
        m_kubectl->setObjectName(QStringLiteral("kubectlField"));
        m_kubectl->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_kubectl->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        m_kubectl->setFrameShape(QFrame::StyledPanel);
        m_kubectl->setAutoFillBackground(true);
        m_kubectl->setBackgroundRole(QPalette::Base);
        m_kubectl->setMargin(4);
        m_kubectl->setToolTip(tr("The command that shows this on a live cluster"));
        row->addWidget(m_kubectl, 1);
        m_copy = new QToolButton(this);
        m_copy->setObjectName(QStringLiteral("copyKubectl"));
        m_copy->setText(tr("Copy"));
        m_copy->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
        m_copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_copy->setToolTip(tr("Copy the kubectl command"));
        connect(m_copy, &QToolButton::clicked, this, &FindingCard::copyKubectl);
        row->addWidget(m_copy, 0, Qt::AlignTop);
        layout->addLayout(row);
    }
    updateStyle();
}

void FindingCard::setHighlighted(bool highlighted)
{
    if (m_highlighted != highlighted) {
        m_highlighted = highlighted;
        updateStyle();
    }
}

QString FindingCard::kubectlText() const
{
    return m_finding.kubectl;
}

QString FindingCard::plainText() const
{
    QStringList lines {severityLabel(m_finding.severity) + QStringLiteral(" · ") + m_finding.code, m_finding.message};
    if (!m_finding.hint.isEmpty()) {
        lines << tr("Fix: %1").arg(m_finding.hint);
    }
    if (!m_finding.kubectl.isEmpty()) {
        lines << m_finding.kubectl;
    }
    return lines.join(u'\n');
}

void FindingCard::copyKubectl()
{
    if (m_finding.kubectl.isEmpty()) {
        return;
    }
    QGuiApplication::clipboard()->setText(m_finding.kubectl);
    if (m_copy) {
        // Say it worked, briefly, where the user is looking.
        m_copy->setText(tr("Copied"));
        QTimer::singleShot(1500, m_copy, [button = m_copy]() { button->setText(tr("Copy")); });
    }
}

void FindingCard::updateStyle()
{
    // A severity-coloured bar on the left; the highlighted card is also tinted and framed in that colour.
    const QColor colour = severityColor(m_finding.severity);
    QColor tint = colour;
    tint.setAlpha(m_highlighted ? 38 : 0);
    setStyleSheet(QStringLiteral("#findingCard { border: %1px solid %2; border-left: 4px solid %3; border-radius: 3px;"
                                 " background: rgba(%4, %5, %6, %7); }")
                      .arg(m_highlighted ? 2 : 1)
                      .arg(m_highlighted ? colour.name() : QStringLiteral("palette(mid)"), colour.name())
                      .arg(tint.red())
                      .arg(tint.green())
                      .arg(tint.blue())
                      .arg(tint.alpha()));
}

} // namespace routemap
