#include "cluster.h"

#include "jsonutil.h"

namespace routemap {

Node Node::fromObject(const ObjectPtr &object)
{
    Node n;
    n.object = object;
    const QJsonObject status = object->status();
    const QJsonArray conditions = json::arr(status, "conditions");
    for (const QJsonValue &cv : conditions) {
        const QJsonObject c = cv.toObject();
        if (json::str(c, "type") == QLatin1String("Ready")) {
            n.ready = json::str(c, "status") == QLatin1String("True");
        }
    }
    const QJsonArray addresses = json::arr(status, "addresses");
    for (const QJsonValue &av : addresses) {
        n.addresses.append(json::str(av.toObject(), "address"));
    }
    return n;
}

} // namespace routemap
