#pragma once

#include "labels.h"

namespace routemap {

struct Namespace {
    ObjectPtr object;
    const ObjectRef &ref() const { return object->ref; }
    const Labels &labels() const { return object->labels; }
};

struct Node {
    ObjectPtr object;
    bool ready = false;
    QStringList addresses;

    const ObjectRef &ref() const { return object->ref; }
    static Node fromObject(const ObjectPtr &object);
};

// Metadata only: the payload was dropped when the object was built.
struct Secret {
    ObjectPtr object;
    QString type;

    const ObjectRef &ref() const { return object->ref; }
};

} // namespace routemap
