#pragma once

// Levels of detail for painting the map, as QStyleOptionGraphicsItem::levelOfDetailFromTransform gives them
// (1 = one scene point per pixel). Below `near` card text is too small to read and is left out; below `far`
// cards are plain boxes and edges plain lines, the severity colour kept.
namespace routemap::lod {

inline constexpr double near = 0.45;
inline constexpr double far = 0.2;

} // namespace routemap::lod
