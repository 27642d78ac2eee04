#pragma once

// A small, hand-laid-out traffic map for the scene and export tests: every node kind, a ghost, an
// internal node and labelled edges, positioned in tier columns the way the Graphviz layout would.

#include "diagnostics/finding.h"
#include "layout/layout.h"
#include "topology/topology.h"

#include <QList>

namespace routemap::fixture {

inline TopoNode makeNode(const QString &id, NodeKind kind, const QString &ns, const QString &title,
    const QString &subtitle, const ObjectRef &ref)
{
    TopoNode node;
    node.id = id;
    node.kind = kind;
    node.tier = tierOf(kind);
    node.ns = ns;
    node.title = title;
    node.subtitle = subtitle;
    node.ref = ref;
    if (ref.isValid()) {
        node.refs.append(ref);
    }
    return node;
}

inline ObjectRef ref(const QString &group, const QString &kind, const QString &ns, const QString &name)
{
    return ObjectRef {group, kind, ns, name};
}

inline Topology shopTopology()
{
    Topology t;
    t.nodes.append(makeNode(QStringLiteral("client"), NodeKind::Client, {}, QStringLiteral("Internet"),
        QStringLiteral("outside the cluster"), {}));
    t.nodes.append(makeNode(QStringLiteral("lb/ingress-nginx/ingress-nginx-controller"), NodeKind::LoadBalancer,
        QStringLiteral("ingress-nginx"), QStringLiteral("ingress-nginx-controller"),
        QStringLiteral("203.0.113.10 · 80, 443"),
        ref({}, QStringLiteral("Service"), QStringLiteral("ingress-nginx"),
            QStringLiteral("ingress-nginx-controller"))));
    t.nodes.append(makeNode(QStringLiteral("np/shop/legacy-api"), NodeKind::NodePort, QStringLiteral("shop"),
        QStringLiteral("legacy-api"), QStringLiteral("NodePort 30080 → 8080"),
        ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("legacy-api"))));
    TopoNode controller = makeNode(QStringLiteral("ctrl/nginx"), NodeKind::IngressController, {},
        QStringLiteral("nginx"), QStringLiteral("IngressClass nginx"),
        ref(QStringLiteral("networking.k8s.io"), QStringLiteral("IngressClass"), {}, QStringLiteral("nginx")));
    controller.ready = 2;
    controller.total = 2;
    t.nodes.append(controller);
    t.nodes.append(makeNode(QStringLiteral("gw/infra/public"), NodeKind::Gateway, QStringLiteral("infra"),
        QStringLiteral("public-gateway"), QStringLiteral("class istio · HTTP :80"),
        ref(QStringLiteral("gateway.networking.k8s.io"), QStringLiteral("Gateway"), QStringLiteral("infra"),
            QStringLiteral("public"))));
    t.nodes.append(makeNode(QStringLiteral("ing/shop/storefront"), NodeKind::Ingress, QStringLiteral("shop"),
        QStringLiteral("storefront"), QStringLiteral("3 rules · TLS"),
        ref(QStringLiteral("networking.k8s.io"), QStringLiteral("Ingress"), QStringLiteral("shop"),
            QStringLiteral("storefront"))));
    t.nodes.append(makeNode(QStringLiteral("route/shop/checkout"), NodeKind::Route, QStringLiteral("shop"),
        QStringLiteral("checkout-route"), QStringLiteral("HTTPRoute · 1 rule"),
        ref(QStringLiteral("gateway.networking.k8s.io"), QStringLiteral("HTTPRoute"), QStringLiteral("shop"),
            QStringLiteral("checkout-route"))));
    t.nodes.append(makeNode(QStringLiteral("svc/shop/web"), NodeKind::Service, QStringLiteral("shop"),
        QStringLiteral("web"), QStringLiteral("ClusterIP · 80 → 8080"),
        ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("web"))));
    t.nodes.append(makeNode(QStringLiteral("svc/shop/api"), NodeKind::Service, QStringLiteral("shop"),
        QStringLiteral("api"), QStringLiteral("ClusterIP · 8080 → http"),
        ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("api"))));
    t.nodes.append(makeNode(QStringLiteral("svc/shop/checkout"), NodeKind::Service, QStringLiteral("shop"),
        QStringLiteral("checkout-service-with-a-very-long-name-that-will-not-fit"), QStringLiteral("ClusterIP · 443"),
        ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("checkout"))));
    TopoNode ghost = makeNode(QStringLiteral("ghost/Service/shop/payments"), NodeKind::Ghost, QStringLiteral("shop"),
        QStringLiteral("payments"), QStringLiteral("Service"),
        ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("payments")));
    ghost.tier = Tier::Service;
    ghost.ghost = true;
    ghost.refs.clear();
    t.nodes.append(ghost);
    TopoNode metrics = makeNode(QStringLiteral("svc/monitoring/metrics"), NodeKind::Service,
        QStringLiteral("monitoring"), QStringLiteral("metrics"), QStringLiteral("ClusterIP · 9090"),
        ref({}, QStringLiteral("Service"), QStringLiteral("monitoring"), QStringLiteral("metrics")));
    metrics.internal = true;
    t.nodes.append(metrics);

    struct Pods {
        const char *id;
        const char *ns;
        const char *name;
        const char *kind;
        int ready;
        int total;
        bool internal;
    };
    const Pods pods[] = {
        {"pods/shop/web", "shop", "web", "Deployment", 3, 3, false},
        {"pods/shop/api", "shop", "api", "Deployment", 1, 3, false},
        {"pods/shop/checkout", "shop", "checkout", "StatefulSet", 0, 2, false},
        {"pods/shop/legacy", "shop", "legacy", "ReplicationController", -1, -1, false},
        {"pods/monitoring/prometheus", "monitoring", "prometheus", "StatefulSet", 1, 1, true},
    };
    for (const Pods &p : pods) {
        TopoNode node = makeNode(QString::fromLatin1(p.id), NodeKind::PodGroup, QString::fromLatin1(p.ns),
            QString::fromLatin1(p.name), QString::fromLatin1(p.kind),
            ref(QStringLiteral("apps"), QString::fromLatin1(p.kind), QString::fromLatin1(p.ns),
                QString::fromLatin1(p.name)));
        node.ready = p.ready;
        node.total = p.total;
        node.internal = p.internal;
        t.nodes.append(node);
    }
    TopoNode pod = makeNode(QStringLiteral("pod/shop/debug"), NodeKind::Pod, QStringLiteral("shop"),
        QStringLiteral("debug-shell"), QStringLiteral("Pod · Running"),
        ref({}, QStringLiteral("Pod"), QStringLiteral("shop"), QStringLiteral("debug-shell")));
    pod.internal = true;
    t.nodes.append(pod);

    auto edge = [&t](const QString &from, const QString &to, const QString &label, bool ghostEdge = false,
                    bool internal = false) {
        TopoEdge e;
        e.id = from + QStringLiteral("->") + to;
        e.from = from;
        e.to = to;
        e.label = label;
        e.ghost = ghostEdge;
        e.internal = internal;
        t.edges.append(e);
    };
    edge(QStringLiteral("client"), QStringLiteral("lb/ingress-nginx/ingress-nginx-controller"),
        QStringLiteral(":80, :443"));
    edge(QStringLiteral("client"), QStringLiteral("np/shop/legacy-api"), QStringLiteral(":30080"));
    edge(QStringLiteral("client"), QStringLiteral("gw/infra/public"), QStringLiteral(":80"));
    edge(QStringLiteral("lb/ingress-nginx/ingress-nginx-controller"), QStringLiteral("ctrl/nginx"), {});
    edge(QStringLiteral("ctrl/nginx"), QStringLiteral("ing/shop/storefront"), {});
    edge(QStringLiteral("gw/infra/public"), QStringLiteral("route/shop/checkout"), QStringLiteral("listener http"));
    edge(QStringLiteral("ing/shop/storefront"), QStringLiteral("svc/shop/web"), QStringLiteral("shop.example.com/"));
    edge(QStringLiteral("ing/shop/storefront"), QStringLiteral("svc/shop/api"), QStringLiteral("shop.example.com/api"));
    edge(QStringLiteral("ing/shop/storefront"), QStringLiteral("ghost/Service/shop/payments"),
        QStringLiteral("pay.example.com/"), true);
    edge(QStringLiteral("route/shop/checkout"), QStringLiteral("svc/shop/checkout"), QStringLiteral("/checkout"));
    edge(QStringLiteral("np/shop/legacy-api"), QStringLiteral("pods/shop/legacy"), QStringLiteral(":8080"));
    edge(QStringLiteral("svc/shop/web"), QStringLiteral("pods/shop/web"), QStringLiteral(":8080"));
    edge(QStringLiteral("svc/shop/api"), QStringLiteral("pods/shop/api"), QStringLiteral(":http"));
    edge(QStringLiteral("svc/shop/checkout"), QStringLiteral("pods/shop/checkout"), QStringLiteral(":8443"));
    edge(QStringLiteral("svc/monitoring/metrics"), QStringLiteral("pods/monitoring/prometheus"),
        QStringLiteral(":9090"), false, true);
    return t;
}

// Tier columns, nodes stacked in topology order, edges as single cubic curves (as dot draws them).
inline Layout columnLayout(const Topology &topology, const LayoutOptions &options)
{
    Layout layout;
    QHash<int, double> nextY;
    QHash<int, double> columnWidth;
    for (const TopoNode &node : topology.nodes) {
        if (options.hideInternal && node.internal) {
            continue;
        }
        const QSizeF size = options.nodeSizes.value(node.id, options.defaultNodeSize);
        const int tier = static_cast<int>(node.tier);
        columnWidth[tier] = std::max(columnWidth.value(tier), size.width());
    }
    double x = 0;
    QHash<int, double> columnX;
    for (int tier = 0; tier <= 5; ++tier) {
        columnX[tier] = x;
        x += columnWidth.value(tier, 0) + options.rankSeparation + 40;
    }
    for (const TopoNode &node : topology.nodes) {
        if (options.hideInternal && node.internal) {
            continue;
        }
        const QSizeF size = options.nodeSizes.value(node.id, options.defaultNodeSize);
        const int tier = static_cast<int>(node.tier);
        const double y = nextY.value(tier, 0);
        const double left = columnX[tier] + (columnWidth[tier] - size.width()) / 2;
        layout.nodes.insert(node.id, NodeGeometry {QRectF(QPointF(left, y), size)});
        nextY[tier] = y + size.height() + options.nodeSeparation + 14;
    }
    for (const TopoEdge &edge : topology.edges) {
        if (!layout.nodes.contains(edge.from) || !layout.nodes.contains(edge.to)) {
            continue;
        }
        const QRectF a = layout.nodes.value(edge.from).rect;
        const QRectF b = layout.nodes.value(edge.to).rect;
        const QPointF p0(a.right(), a.center().y());
        const QPointF tip(b.left(), b.center().y());
        const QPointF p3 = tip - QPointF(10, 0);
        const double dx = (p3.x() - p0.x()) / 2;
        const QPointF c1 = p0 + QPointF(dx, 0);
        const QPointF c2 = p3 - QPointF(dx, 0);
        EdgeGeometry g;
        g.points = {p0, c1, c2, p3};
        g.arrowTip = tip;
        g.hasArrow = true;
        if (!edge.label.isEmpty()) {
            g.labelCenter = (p0 + 3 * c1 + 3 * c2 + p3) / 8;
            g.hasLabel = true;
        }
        layout.edges.insert(edge.id, g);
    }
    for (const NodeGeometry &g : std::as_const(layout.nodes)) {
        layout.bounds = layout.bounds.isNull() ? g.rect : layout.bounds.united(g.rect);
    }
    return layout;
}

inline QList<Finding> shopFindings()
{
    Finding missing;
    missing.code = QStringLiteral("RM-ING-002");
    missing.severity = Severity::Error;
    missing.object = ref(QStringLiteral("networking.k8s.io"), QStringLiteral("Ingress"), QStringLiteral("shop"),
        QStringLiteral("storefront"));
    missing.related = {ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("payments"))};
    missing.message = QStringLiteral("Ingress shop/storefront sends pay.example.com/ to Service shop/payments, "
                                     "which is not loaded");
    Finding partial;
    partial.code = QStringLiteral("RM-SVC-004");
    partial.severity = Severity::Warning;
    partial.object = ref({}, QStringLiteral("Service"), QStringLiteral("shop"), QStringLiteral("api"));
    partial.message = QStringLiteral("Service shop/api: only 1 of 3 pods ready");
    Finding info;
    info.code = QStringLiteral("RM-GW-010");
    info.severity = Severity::Info;
    info.object = ref(QStringLiteral("gateway.networking.k8s.io"), QStringLiteral("Gateway"), QStringLiteral("infra"),
        QStringLiteral("public"));
    info.message = QStringLiteral("Gateway infra/public has no address yet");
    return {missing, partial, info};
}

} // namespace routemap::fixture
