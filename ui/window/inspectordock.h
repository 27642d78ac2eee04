#pragma once

#include "diagnostics/finding.h"
#include "model/snapshot.h"
#include "topology/topology.h"

#include <QDockWidget>

class QComboBox;
class QLabel;
class QScrollArea;
class QSplitter;
class QVBoxLayout;
class QPlainTextEdit;
class QStackedWidget;
class QTextBrowser;

namespace routemap {

class FindingCard;

// Shows the selected node: what it is, where it was loaded from, its readiness, what is wrong with it,
// and the YAML of every object it stands for (an ingress controller is an IngressClass, a Deployment
// and a Service at once). A node for a missing object says so and lists what refers to it.
class InspectorDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectorDock)

public:
    explicit InspectorDock(QWidget *parent = nullptr);

    // Shows `nodeId` of `topology`; an empty or unknown id shows the "nothing selected" hint. Each of the
    // node's findings gets a card with its hint and kubectl command; `highlight` (one of them, chosen in
    // the findings table) stands out and is scrolled into view.
    void showNode(const QString &nodeId, const Topology &topology, const Snapshot &snapshot,
        const QList<Finding> &findings, const Finding *highlight = nullptr);
    void clear();

    QString nodeId() const { return m_nodeId; }
    // The plain text of the summary (title, kind, fields), the objects listed, and the YAML shown.
    QString summaryText() const;
    QStringList objectNames() const;
    QString yamlText() const;
    // The cards of the node's findings, in the order shown.
    QList<FindingCard *> findingCards() const { return m_cards; }
    // The highlighted card, or null.
    FindingCard *highlightedCard() const;
    // Shows the YAML of the index-th object of the node.
    void setCurrentObject(int index);

private:
    void showObject(int index);
    void showFindings(const QList<Finding> &findings, const Finding *highlight);
    void balance();

    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QTextBrowser *m_summary;
    QWidget *m_objectsPane = nullptr;
    QComboBox *m_objects;
    QPlainTextEdit *m_yaml;
    QSplitter *m_details = nullptr;
    QScrollArea *m_findingsPane = nullptr;
    QLabel *m_findingsTitle = nullptr;
    QVBoxLayout *m_cardsLayout = nullptr;
    QList<FindingCard *> m_cards;
    QString m_nodeId;
    QStringList m_yamlTexts;
};

} // namespace routemap
