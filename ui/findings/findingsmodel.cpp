#include "findingsmodel.h"

#include "severityicon.h"

namespace routemap {

bool sameFinding(const Finding &a, const Finding &b)
{
    return a.code == b.code && a.object == b.object && a.related == b.related;
}

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void FindingsModel::setFindings(const QList<Finding> &findings)
{
    beginResetModel();
    m_findings = findings;
    endResetModel();
}

const Finding *FindingsModel::finding(int row) const
{
    return row >= 0 && row < m_findings.size() ? &m_findings.at(row) : nullptr;
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    const Finding *f = index.isValid() ? finding(index.row()) : nullptr;
    if (!f) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityLabel(f->severity);
        case CodeColumn:
            return f->code;
        case ObjectColumn:
            return f->object.display();
        case MessageColumn:
            return f->message;
        default:
            return {};
        }
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(severityIcon(f->severity)) : QVariant();
    case Qt::ToolTipRole:
        return QString(f->message + QStringLiteral("\n\nHint: ") + f->hint
            + (f->location.isValid() ? QStringLiteral("\nSource: ") + f->location.display() : QString()));
    case SeverityRole:
        return static_cast<int>(f->severity);
    case SortRole:
        // Severity sorts by weight, not by name; the rest alphabetically.
        return index.column() == SeverityColumn ? QVariant(static_cast<int>(f->severity))
                                                : data(index, Qt::DisplayRole);
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case SeverityColumn:
        return QStringLiteral("Severity");
    case CodeColumn:
        return QStringLiteral("Code");
    case ObjectColumn:
        return QStringLiteral("Object");
    case MessageColumn:
        return QStringLiteral("Message");
    default:
        return {};
    }
}

} // namespace routemap
