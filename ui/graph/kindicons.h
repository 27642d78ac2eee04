#pragma once

#include "diagnostics/finding.h"
#include "topology/topology.h"

#include <QColor>
#include <QPainterPath>
#include <QRectF>

class QPainter;

namespace routemap {

// Small line icons for the node kinds, drawn as vector paths so they stay sharp in every export.
// The path is laid out in `box` and meant to be stroked (about 1.5 px).
QPainterPath kindIconPath(NodeKind kind, const QRectF &box);
// The kind whose icon best stands for a missing object of the given Kubernetes kind.
NodeKind iconKindForObjectKind(const QString &objectKind);
void paintKindIcon(QPainter *painter, NodeKind kind, const QRectF &box, const QColor &color);

// Finding badges: a red circle with "!", an amber triangle with "!", a blue rounded square with "i".
// Different shapes as well as colours, so they read without colour vision.
void paintSeverityBadge(QPainter *painter, Severity severity, const QPointF &center, double radius);
// The grey "?" badge of a node that stands for a missing object.
void paintGhostBadge(QPainter *painter, const QPointF &center, double radius);

} // namespace routemap
