#pragma once

#include "diagnostics/finding.h"
#include "topology/topology.h"

#include <QColor>
#include <QFont>
#include <QPen>
#include <QString>

namespace routemap {

// The look of the traffic map in one place, so the window, the legend and every export agree.
namespace GraphStyle {

// Canvas
QColor background();
QColor bandFill();
QColor bandHeader();

// Cards
QColor cardFill();
QColor cardBorder();
QColor cardBorderHover();
QColor titleColor();
QColor subtitleColor();
QColor selectionRing();
QColor kindAccent(NodeKind kind);

// Edges
QColor edgeColor();
QColor edgeLabelBorder();
QColor edgeLabelText();

// Findings: colour-blind safe hues, always paired with a distinct badge shape and dash pattern.
QColor severityColor(Severity severity);
Qt::PenStyle severityEdgeStyle(Severity severity);

// Pod readiness pill
QColor readinessColor(int ready, int total);
QString readinessText(int ready, int total);

// Fonts, derived from the application font so the map follows the platform's size.
QFont titleFont();
QFont subtitleFont();
QFont namespaceFont();
QFont edgeLabelFont();
QFont bandHeaderFont();
QFont pillFont();

// Card geometry
constexpr double cornerRadius = 6.0;
constexpr double accentWidth = 4.0;
constexpr double iconSize = 18.0;
constexpr double iconLeft = 12.0;
constexpr double textLeft = 40.0;
constexpr double textRight = 12.0;
constexpr double verticalPadding = 9.0;
constexpr double lineGap = 2.0;
constexpr double minNodeWidth = 150.0;
constexpr double maxNodeWidth = 280.0;
constexpr double minNodeHeight = 50.0;
constexpr double pillGap = 8.0;
constexpr double badgeRadius = 9.0;
constexpr double edgeWidth = 1.4;
constexpr double dimmedOpacity = 0.45;
constexpr double edgeLabelPaddingX = 6.0;
constexpr double edgeLabelPaddingY = 2.5;

// Tier headers
QString tierTitle(Tier tier);

} // namespace GraphStyle

} // namespace routemap
