#include "findingcard.h"

#include "findings/severityicon.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QScrollBar>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

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

// A kubectl command, selectable, broken into lines at spaces only. Word wrap would also break at
// hyphens and slashes ("service-" / "name=api"), which misreads as two arguments; so the lines are
// laid out here and the breaks turn back into spaces when the selection is copied.
class KubectlField final : public QTextEdit
{
public:
    KubectlField(const QString &command, QWidget *parent)
        : QTextEdit(parent)
        , m_command(command)
    {
        setObjectName(QStringLiteral("kubectlField"));
        setReadOnly(true);
        setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        setLineWrapMode(QTextEdit::NoWrap);
        setWordWrapMode(QTextOption::NoWrap);
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
        setAcceptRichText(false);
        document()->setDocumentMargin(margin);
        QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        policy.setHeightForWidth(true);
        setSizePolicy(policy);
        setPlainText(m_command);
    }

    bool hasHeightForWidth() const override { return true; }

    int heightForWidth(int width) const override
    {
        const QStringList lines = wrap(width - 2 * frameWidth());
        int height = static_cast<int>(lines.size()) * fontMetrics().lineSpacing() + 2 * (margin + frameWidth()) + 2;
        if (overflows(lines, width - 2 * frameWidth())) {
            height += horizontalScrollBar()->sizeHint().height(); // a word longer than the field scrolls
        }
        return height;
    }

    QSize sizeHint() const override
    {
        // Asks for no more than a short command's width: longer ones take more lines, not a wider dock.
        const int width = std::min(fontMetrics().horizontalAdvance(m_command), 40 * fontMetrics().averageCharWidth())
            + 2 * (margin + frameWidth()) + 4;
        return QSize(width, heightForWidth(this->width() > 0 ? this->width() : width));
    }

    QSize minimumSizeHint() const override
    {
        const int width = fontMetrics().horizontalAdvance(QStringLiteral("kubectl ")) + 2 * (margin + frameWidth());
        return QSize(width, heightForWidth(std::max(width, this->width())));
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QTextEdit::resizeEvent(event);
        const QString text = wrap(width() - 2 * frameWidth()).join(u'\n');
        if (text != toPlainText()) {
            setPlainText(text);
            updateGeometry();
        }
    }

    QMimeData *createMimeDataFromSelection() const override
    {
        auto *mime = new QMimeData;
        // The field holds the command with some spaces turned into line breaks, nothing else.
        QString text = textCursor().selection().toPlainText();
        text.replace(QChar::ParagraphSeparator, u' ').replace(QChar::LineSeparator, u' ').replace(u'\n', u' ');
        mime->setText(text);
        return mime;
    }

private:
    static constexpr int margin = 4;

    bool overflows(const QStringList &lines, int width) const
    {
        const QFontMetrics metrics(font());
        return std::any_of(lines.cbegin(), lines.cend(),
            [&](const QString &line) { return metrics.horizontalAdvance(line) > width - 2 * margin - 2; });
    }

    // Greedy lines of whole space-separated words; a word wider than the field gets a line of its own.
    QStringList wrap(int width) const
    {
        const int room = width - 2 * margin - 2;
        if (m_command.contains(u'\n') || room <= 0) {
            return {m_command};
        }
        const QFontMetrics metrics(font());
        QStringList lines;
        const QStringList words = m_command.split(u' ');
        for (const QString &word : words) {
            if (!lines.isEmpty() && metrics.horizontalAdvance(lines.last() + u' ' + word) <= room) {
                lines.last() += u' ' + word;
            } else {
                lines.append(word);
            }
        }
        return lines;
    }

    QString m_command;
};

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
        m_kubectl = new KubectlField(finding.kubectl, this);
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
