#include "findingsdock.h"

#include "diagnostics/diagnostics.h"
#include "findingsmodel.h"
#include "severityicon.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace routemap {

class FindingsFilterModel final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMinimumSeverity(Severity severity)
    {
        m_minimum = severity;
        invalidateFilter();
    }
    void setText(const QString &text)
    {
        m_text = text.trimmed();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const auto *model = static_cast<const FindingsModel *>(sourceModel());
        const Finding *f = model->finding(row);
        if (!f || parent.isValid() || f->severity < m_minimum) {
            return false;
        }
        if (m_text.isEmpty()) {
            return true;
        }
        for (const QString &field : {f->code, f->object.display(), f->message}) {
            if (field.contains(m_text, Qt::CaseInsensitive)) {
                return true;
            }
        }
        return false;
    }

private:
    Severity m_minimum = Severity::Info;
    QString m_text;
};

FindingsDock::FindingsDock(QWidget *parent)
    : QDockWidget(QStringLiteral("Findings"), parent)
    , m_model(new FindingsModel(this))
    , m_filter(new FindingsFilterModel(this))
    , m_view(new QTableView)
    , m_search(new QLineEdit)
    , m_severity(new QComboBox)
    , m_summary(new QLabel)
{
    setObjectName(QStringLiteral("findingsDock"));
    m_filter->setSourceModel(m_model);
    m_filter->setSortRole(FindingsModel::SortRole);
    m_filter->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_search->setPlaceholderText(QStringLiteral("Filter by code, object or message"));
    m_search->setClearButtonEnabled(true);
    m_severity->addItem(
        severityIcon(Severity::Info), QStringLiteral("All severities"), static_cast<int>(Severity::Info));
    m_severity->addItem(
        severityIcon(Severity::Warning), QStringLiteral("Warnings and errors"), static_cast<int>(Severity::Warning));
    m_severity->addItem(
        severityIcon(Severity::Error), QStringLiteral("Errors only"), static_cast<int>(Severity::Error));

    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(FindingsModel::SeverityColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::SeverityColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::CodeColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::ObjectColumn, QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(FindingsModel::ObjectColumn, 260);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_severity);
    bar->addWidget(m_summary);
    auto *layout = new QVBoxLayout;
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view);
    auto *content = new QWidget;
    content->setLayout(layout);
    setWidget(content);

    connect(m_search, &QLineEdit::textChanged, this, &FindingsDock::setFilterText);
    connect(m_severity, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setMinimumSeverity(static_cast<Severity>(m_severity->itemData(index).toInt()));
        updateSummary();
    });
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
            const QModelIndex source = m_filter->mapToSource(current);
            if (const Finding *f = m_model->finding(source.row())) {
                emit findingSelected(*f);
            }
        });
    updateSummary();
}

void FindingsDock::setFindings(const QList<Finding> &findings)
{
    m_model->setFindings(findings);
    updateSummary();
}

void FindingsDock::setMinimumSeverity(Severity severity)
{
    const int index = m_severity->findData(static_cast<int>(severity));
    if (index >= 0) {
        m_severity->setCurrentIndex(index);
    }
}

void FindingsDock::setFilterText(const QString &text)
{
    if (m_search->text() != text) {
        m_search->setText(text);
    }
    m_filter->setText(text);
    updateSummary();
}

int FindingsDock::visibleCount() const
{
    return m_filter->rowCount();
}

bool FindingsDock::selectFinding(const Finding &finding)
{
    const QList<Finding> &all = m_model->findings();
    for (int row = 0; row < all.size(); ++row) {
        const Finding &f = all.at(row);
        if (sameFinding(f, finding)) {
            const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
            if (!index.isValid()) {
                return false;
            }
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            return true;
        }
    }
    return false;
}

void FindingsDock::clearSelection()
{
    // An invalid current row maps to no finding, so this emits no findingSelected.
    m_view->selectionModel()->clear();
}

void FindingsDock::updateSummary()
{
    const FindingCounts c = countFindings(m_model->findings());
    m_summary->setText(QStringLiteral("%1 shown · %2 %3 · %4 %5 · %6 info")
                           .arg(visibleCount())
                           .arg(c.error)
                           .arg(c.error == 1 ? QStringLiteral("error") : QStringLiteral("errors"))
                           .arg(c.warning)
                           .arg(c.warning == 1 ? QStringLiteral("warning") : QStringLiteral("warnings"))
                           .arg(c.info));
    setWindowTitle(c.error + c.warning + c.info == 0
            ? QStringLiteral("Findings")
            : QStringLiteral("Findings (%1)").arg(c.error + c.warning + c.info));
}

} // namespace routemap
