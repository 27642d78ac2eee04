#pragma once

#include "diagnostics/finding.h"

#include <QAbstractTableModel>

namespace routemap {

// The same problem, whatever its severity and wording (both change with the whole-cluster mode):
// same code, object and related objects.
bool sameFinding(const Finding &a, const Finding &b);

// The findings of one snapshot as a table: severity, code, object, message. Reset whole by setFindings().
class FindingsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingsModel)

public:
    enum Column { SeverityColumn, CodeColumn, ObjectColumn, MessageColumn, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1, SortRole };

    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(const QList<Finding> &findings);
    const QList<Finding> &findings() const { return m_findings; }
    const Finding *finding(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Finding> m_findings;
};

} // namespace routemap
