#pragma once

#include "diagnostics/finding.h"

#include <QFrame>

class QTextEdit;
class QToolButton;

namespace routemap {

// One finding in the inspector: severity (mark and colour), code, message, how to fix it, and the
// kubectl command that confirms it on a live cluster, selectable and with a Copy button.
class FindingCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingCard)

public:
    explicit FindingCard(const Finding &finding, QWidget *parent = nullptr);

    const Finding &finding() const { return m_finding; }
    // The finding chosen in the findings table stands out from the node's other findings.
    void setHighlighted(bool highlighted);
    bool isHighlighted() const { return m_highlighted; }

    QString kubectlText() const;
    QToolButton *copyButton() const { return m_copy; }
    // Everything the card says, as plain text.
    QString plainText() const;

    void copyKubectl();

private:
    void updateStyle();

    Finding m_finding;
    QTextEdit *m_kubectl = nullptr; // wraps at spaces only, so the command reads as typed
    QToolButton *m_copy = nullptr;
    bool m_highlighted = false;
};

} // namespace routemap
