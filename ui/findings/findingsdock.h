#pragma once

#include "diagnostics/finding.h"

#include <QDockWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace routemap {

class FindingsModel;
class FindingsFilterModel;

// A sortable, filterable table of findings. Selecting a row emits findingSelected so the window can
// select and centre the node it belongs to.
class FindingsDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingsDock)

public:
    explicit FindingsDock(QWidget *parent = nullptr);

    void setFindings(const QList<Finding> &findings);
    FindingsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    // Filters: minimum severity shown, and text matched against code, object and message.
    void setMinimumSeverity(Severity severity);
    void setFilterText(const QString &text);
    int visibleCount() const;
    // Selects (and scrolls to) the row showing `finding` (see sameFinding).
    // False when it is not listed or filtered out.
    bool selectFinding(const Finding &finding);
    // Leaves no row selected or current (nothing is reported).
    void clearSelection();

signals:
    void findingSelected(const routemap::Finding &finding);

private:
    void updateSummary();

    FindingsModel *m_model;
    FindingsFilterModel *m_filter;
    QTableView *m_view;
    QLineEdit *m_search;
    QComboBox *m_severity;
    QLabel *m_summary;
};

} // namespace routemap
