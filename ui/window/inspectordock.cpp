#include "inspectordock.h"

#include "findingcard.h"
#include "findings/findingsmodel.h"
#include "graph/graphstyle.h"
#include "model/yamlwriter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace routemap {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style='color:#666; padding-right:8px'>%1</td><td>%2</td></tr>")
        .arg(escaped(label), value);
}

} // namespace

InspectorDock::InspectorDock(QWidget *parent)
    : QDockWidget(tr("Inspector"), parent)
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(tr("Select a box on the map to see its details."), this))
    , m_summary(new QTextBrowser(this))
    , m_objects(new QComboBox(this))
    , m_yaml(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("inspectorDock"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_summary->setOpenLinks(false);
    m_summary->setFrameShape(QFrame::NoFrame);
    m_summary->viewport()->setAutoFillBackground(false);
    m_summary->document()->setDocumentMargin(8);

    m_objects->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_objects->setToolTip(tr("The objects this box stands for"));

    m_yaml->setReadOnly(true);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setPlaceholderText(tr("Not loaded: there is no YAML to show."));

    // Summary above, YAML below; the user decides how to share the height.
    auto *objectsPane = new QWidget(this);
    m_objectsPane = objectsPane;
    auto *objectsLayout = new QVBoxLayout(objectsPane);
    objectsLayout->setContentsMargins(8, 0, 8, 8);
    objectsLayout->addWidget(m_objects);
    objectsLayout->addWidget(m_yaml, 1);
    // The node's findings between the summary and the YAML: what is wrong matters more than the source.
    auto *cards = new QWidget(this);
    m_cardsLayout = new QVBoxLayout(cards);
    m_cardsLayout->setContentsMargins(8, 0, 8, 4);
    m_cardsLayout->setSpacing(6);
    m_findingsTitle = new QLabel(cards);
    m_findingsTitle->setObjectName(QStringLiteral("findingsTitle"));
    m_cardsLayout->addWidget(m_findingsTitle);
    m_cardsLayout->addStretch(1);
    m_findingsPane = new QScrollArea(this);
    m_findingsPane->setObjectName(QStringLiteral("inspectorFindings"));
    m_findingsPane->setWidget(cards);
    m_findingsPane->setWidgetResizable(true);
    m_findingsPane->setFrameShape(QFrame::NoFrame);
    m_findingsPane->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *details = new QSplitter(Qt::Vertical, this);
    m_details = details;
    details->setChildrenCollapsible(false);
    details->addWidget(m_summary);
    details->addWidget(m_findingsPane);
    details->addWidget(objectsPane);
    details->setStretchFactor(0, 2);
    details->setStretchFactor(1, 3);
    details->setStretchFactor(2, 3);

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(details);
    setWidget(m_stack);

    connect(m_objects, &QComboBox::currentIndexChanged, this, &InspectorDock::showObject);
    clear();
}

void InspectorDock::clear()
{
    m_nodeId.clear();
    m_yamlTexts.clear();
    m_summary->clear();
    {
        const QSignalBlocker blocker(m_objects);
        m_objects->clear();
    }
    m_yaml->clear();
    showFindings({}, nullptr);
    m_stack->setCurrentWidget(m_placeholder);
}

void InspectorDock::showNode(const QString &nodeId, const Topology &topology, const Snapshot &snapshot,
    const QList<Finding> &findings, const Finding *highlight)
{
    const TopoNode *node = nodeId.isEmpty() ? nullptr : topology.node(nodeId);
    if (!node) {
        clear();
        return;
    }
    const bool sameNode = m_nodeId == nodeId;
    const int previousIndex = sameNode ? m_objects->currentIndex() : 0;
    m_nodeId = nodeId;

    // The objects behind the node: refs holds them all (the main one first); ghosts have none loaded.
    QList<ObjectRef> refs = node->refs;
    if (refs.isEmpty() && node->ref.isValid() && !node->ghost) {
        refs << node->ref;
    }
    QList<ObjectPtr> objects;
    for (const ObjectRef &ref : std::as_const(refs)) {
        if (ObjectPtr object = snapshot.object(ref)) {
            objects << object;
        }
    }

    QString html
        = QStringLiteral("<p style='margin:0'><b style='font-size:large'>%1</b></p>").arg(escaped(node->title));
    QString what = nodeKindName(node->kind);
    if (node->ghost) {
        what = node->ref.kind; // "Secret", not "Ghost": the box stands for the missing object
    } else if (node->ref.isValid() && node->ref.kind != what) {
        what = node->ref.kind + QStringLiteral(" · ") + what;
    }
    html += QStringLiteral("<p style='margin:0; color:#555'>%1</p>").arg(escaped(what));
    if (node->ghost) {
        html += QStringLiteral("<p style='color:#b00020'><b>%1</b></p>").arg(escaped(tr("Not loaded")));
    }

    html += QStringLiteral("<table style='margin-top:6px'>");
    if (node->ref.isValid()) {
        html += row(tr("Object"), escaped(node->ref.display()));
    }
    if (!node->ns.isEmpty()) {
        html += row(tr("Namespace"), escaped(node->ns));
    }
    if (!node->subtitle.isEmpty()) {
        html += row(tr("Summary"), escaped(node->subtitle));
    }
    if (node->total >= 0) {
        html += row(tr("Ready"), escaped(GraphStyle::readinessText(node->ready, node->total)));
    }
    for (const ObjectPtr &object : std::as_const(objects)) {
        if (object->location.isValid()) {
            html += row(objects.size() > 1 ? object->ref.kind + u' ' + tr("source") : tr("Source"),
                escaped(object->location.display()));
        }
    }
    html += QStringLiteral("</table>");

    if (!node->details.isEmpty()) {
        html += QStringLiteral("<ul style='margin-left:-24px'>");
        for (const QString &line : node->details) {
            html += QStringLiteral("<li>%1</li>").arg(escaped(line));
        }
        html += QStringLiteral("</ul>");
    }

    if (node->ghost) {
        QStringList referrers;
        for (const TopoEdge &edge : topology.edges) {
            if (edge.to != node->id) {
                continue;
            }
            const TopoNode *from = topology.node(edge.from);
            QString text = from ? (from->ref.isValid() ? from->ref.display() : from->title) : edge.from;
            if (!edge.label.isEmpty()) {
                text += QStringLiteral(" (") + edge.label + u')';
            }
            referrers << escaped(text);
        }
        referrers.removeDuplicates();
        html += QStringLiteral("<p style='margin-bottom:0'>%1</p>")
                    .arg(escaped(referrers.isEmpty() ? tr("Referenced, but not part of the loaded manifests.")
                                                     : tr("Referenced by:")));
        if (!referrers.isEmpty()) {
            html += QStringLiteral("<ul style='margin-left:-24px; margin-top:2px'><li>")
                + referrers.join(QStringLiteral("</li><li>")) + QStringLiteral("</li></ul>");
        }
    }

    // Findings that name any object of this node (or the missing object a ghost stands for).
    QList<ObjectRef> named = refs;
    if (node->ref.isValid()) {
        named << node->ref;
    }
    QList<Finding> mine;
    for (const Finding &finding : findings) {
        const bool related = node->ghost
            && std::any_of(
                finding.related.cbegin(), finding.related.cend(), [&](const ObjectRef &r) { return r == node->ref; });
        if (named.contains(finding.object) || related) {
            mine << finding;
        }
    }
    // The worst first, so the card on top is the one to fix first.
    std::stable_sort(
        mine.begin(), mine.end(), [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
    showFindings(mine, highlight);
    m_summary->setHtml(html);

    m_yamlTexts.clear();
    {
        const QSignalBlocker blocker(m_objects);
        m_objects->clear();
        for (const ObjectPtr &object : std::as_const(objects)) {
            m_objects->addItem(object->ref.display());
            m_yamlTexts << toYaml(object->body);
        }
    }
    m_objects->setVisible(objects.size() > 1);
    m_objectsPane->setVisible(!objects.isEmpty()); // a missing object has no YAML to show
    m_stack->setCurrentIndex(1);
    const int index = std::clamp(previousIndex, 0, std::max(0, static_cast<int>(objects.size()) - 1));
    {
        const QSignalBlocker blocker(m_objects);
        m_objects->setCurrentIndex(objects.isEmpty() ? -1 : index);
    }
    showObject(objects.isEmpty() ? -1 : index);
    if (!sameNode || highlight) {
        // A reload of the same node keeps the user's split. Queued: panes that just appeared are only
        // placed by the splitter once the events of this change have been handled.
        QMetaObject::invokeMethod(this, &InspectorDock::balance, Qt::QueuedConnection);
    }
}

void InspectorDock::balance()
{
    // Share the height by content: the summary and the findings as tall as they need (within limits),
    // the YAML the rest. Stretch factors alone would squeeze the findings to a sliver.
    const int total = m_details->height();
    if (total <= 0) {
        return;
    }
    const int width = m_summary->viewport()->width() > 0 ? m_summary->viewport()->width() : m_details->width();
    m_summary->document()->setTextWidth(width);
    const int summary = static_cast<int>(m_summary->document()->size().height()) + 4;
    int findings = 0;
    if (!m_cards.isEmpty()) {
        QWidget *cards = m_findingsPane->widget();
        const int cardsWidth = m_findingsPane->viewport()->width() > 0 ? m_findingsPane->viewport()->width() : width;
        findings = (cards->hasHeightForWidth() ? cards->heightForWidth(cardsWidth) : cards->sizeHint().height()) + 4;
    }
    const bool yaml = m_objectsPane->isVisibleTo(this);
    const int yamlMinimum = yaml ? std::min(160, total / 4) : 0;
    const int findingsHeight = std::min(findings, (total - yamlMinimum) * 3 / 5);
    const int summaryHeight = std::min(summary, total - yamlMinimum - findingsHeight);
    m_details->setSizes({summaryHeight, findingsHeight, std::max(0, total - summaryHeight - findingsHeight)});
}

void InspectorDock::showFindings(const QList<Finding> &findings, const Finding *highlight)
{
    qDeleteAll(m_cards);
    m_cards.clear();
    FindingCard *highlighted = nullptr;
    for (const Finding &finding : findings) {
        auto *card = new FindingCard(finding, m_cardsLayout->parentWidget());
        if (highlight && !highlighted && sameFinding(finding, *highlight)) {
            card->setHighlighted(true);
            highlighted = card;
        }
        // Before the stretch that keeps the cards at the top.
        m_cardsLayout->insertWidget(m_cardsLayout->count() - 1, card);
        m_cards << card;
    }
    m_findingsTitle->setText(QStringLiteral("<b>%1</b>").arg(tr("Findings (%1)").arg(findings.size()).toHtmlEscaped()));
    m_findingsPane->setVisible(!findings.isEmpty());
    if (highlighted) {
        // After the layout has placed the new cards.
        QMetaObject::invokeMethod(
            this,
            [this, highlighted]() {
                if (m_cards.contains(highlighted)) {
                    m_findingsPane->ensureWidgetVisible(highlighted, 0, 8);
                }
            },
            Qt::QueuedConnection);
    }
}

FindingCard *InspectorDock::highlightedCard() const
{
    for (FindingCard *card : m_cards) {
        if (card->isHighlighted()) {
            return card;
        }
    }
    return nullptr;
}

QString InspectorDock::summaryText() const
{
    return m_summary->toPlainText();
}

QStringList InspectorDock::objectNames() const
{
    QStringList names;
    for (int i = 0; i < m_objects->count(); ++i) {
        names << m_objects->itemText(i);
    }
    return names;
}

QString InspectorDock::yamlText() const
{
    return m_yaml->toPlainText();
}

void InspectorDock::setCurrentObject(int index)
{
    m_objects->setCurrentIndex(index);
}

void InspectorDock::showObject(int index)
{
    if (index < 0 || index >= m_yamlTexts.size()) {
        m_yaml->clear();
        return;
    }
    // Keep the scroll position when the same object is shown again after a reload.
    const int scroll = m_yaml->verticalScrollBar() ? m_yaml->verticalScrollBar()->value() : 0;
    m_yaml->setPlainText(m_yamlTexts.at(index));
    m_yaml->verticalScrollBar()->setValue(scroll);
}

} // namespace routemap
