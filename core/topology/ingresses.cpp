// Ingress controllers (IngressClass + the workload and Services that implement it) and Ingresses.
#include "model/controllers.h"
#include "topologybuilder.h"

namespace routemap {

namespace {

const QString kNetworkingGroup = QStringLiteral("networking.k8s.io");

QString controllerId(const QString &className)
{
    return QStringLiteral("controller:") + className;
}

QString hostDisplay(const QString &host)
{
    return host.isEmpty() ? QStringLiteral("*") : host;
}

QString pathDisplay(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("/") : path;
}

} // namespace

void TopologyBuilder::addIngressControllers()
{
    // The same recognition the diagnostics use, so a controller on the map is one the findings know.
    for (const IngressController &c : ingressControllers(m_snapshot)) {
        TopoNode node;
        node.id = controllerId(c.className);
        node.kind = NodeKind::IngressController;
        node.tier = Tier::Controller;
        node.title = c.className;
        if (const IngressClass *cls = c.ingressClass) {
            node.subtitle = cls->controller.isEmpty() ? QStringLiteral("no controller named") : cls->controller;
            node.ref = cls->ref();
            node.refs.append(cls->ref());
            node.details.append(QStringLiteral("IngressClass ") + cls->ref().name);
            node.details.append(
                QStringLiteral("controller: ") + (cls->controller.isEmpty() ? QStringLiteral("-") : cls->controller));
            if (cls->isDefault) {
                node.details.append(QStringLiteral("default class"));
            }
            if (cls->parameters.isValid()) {
                node.details.append(QStringLiteral("parameters: ") + cls->parameters.display());
            }
        } else {
            // A running controller whose IngressClass is not loaded: the node stands for the missing class
            // too (so its ingress-class-unknown findings land here), but only loaded objects are its refs.
            node.subtitle = QStringLiteral("IngressClass not loaded");
            node.ref = ObjectRef {kNetworkingGroup, QStringLiteral("IngressClass"), QString(), c.className};
            node.details.append(QStringLiteral("IngressClass ") + c.className
                + QStringLiteral(" is not loaded; implied by the ") + c.family + QStringLiteral(" controller"));
        }
        TopoNode &added = addNode(node);
        if (!c.ingressClass) {
            added.refs.removeAll(node.ref);
        }

        for (const Workload *w : c.workloads) {
            TopoNode *controller = findNode(node.id);
            absorbWorkload(*controller, w);
            controller->details.append(QStringLiteral("runs as ") + w->ref().display());
        }
        for (const Service *svc : c.services) {
            QStringList &owners = m_absorbedServices[svc->ref()];
            if (!owners.contains(node.id)) {
                owners.append(node.id);
            }
            TopoNode *controller = findNode(node.id);
            if (!controller->refs.contains(svc->ref())) {
                controller->refs.append(svc->ref());
                controller->details.append(
                    QStringLiteral("Service ") + svc->ref().qualifiedName() + QStringLiteral(" (") + svc->type + u')');
            }
        }
    }
}

QString TopologyBuilder::ingressBackendTarget(const ObjectRef &ingressRef, const IngressBackend &backend)
{
    if (backend.isService()) {
        return serviceTarget(ingressRef.ns, backend.serviceName);
    }
    if (backend.isResource()) {
        return resourceTarget(backend.resource);
    }
    return QString();
}

void TopologyBuilder::addIngresses()
{
    for (const Ingress &ing : m_snapshot.ingresses()) {
        const ObjectRef &ref = ing.ref();
        TopoNode node;
        node.id = QStringLiteral("ingress:") + ref.ns + u'/' + ref.name;
        node.kind = NodeKind::Ingress;
        node.tier = Tier::Route;
        node.title = ref.name;
        node.ref = ref;
        node.ns = ref.ns;

        QStringList hosts;
        for (const IngressRule &rule : ing.rules) {
            const QString h = hostDisplay(rule.host);
            if (!hosts.contains(h)) {
                hosts.append(h);
            }
        }
        QStringList secrets;
        for (const IngressTls &tls : ing.tls) {
            if (!tls.secretName.isEmpty() && !secrets.contains(tls.secretName)) {
                secrets.append(tls.secretName);
            }
        }
        QStringList subtitle;
        if (!hosts.isEmpty()) {
            subtitle.append(hosts.join(QStringLiteral(", ")));
        } else if (ing.defaultBackend) {
            subtitle.append(QStringLiteral("default backend only"));
        }
        if (!secrets.isEmpty()) {
            subtitle.append(QStringLiteral("TLS: ") + secrets.join(QStringLiteral(", ")));
        }
        node.subtitle = subtitle.join(QStringLiteral(" · "));

        const QString cls = m_snapshot.effectiveClass(ing);
        node.details.append(QStringLiteral("class: ") + (cls.isEmpty() ? QStringLiteral("none") : cls)
            + (ing.requestedClass().isEmpty() && !cls.isEmpty() ? QStringLiteral(" (default)") : QString()));
        for (const IngressRule &rule : ing.rules) {
            for (const IngressPath &p : rule.paths) {
                node.details.append(hostDisplay(rule.host) + pathDisplay(p.path) + QStringLiteral(" → ")
                    + (p.backend.isService() ? p.backend.serviceName : p.backend.resource.display())
                    + (p.backend.portDisplay().isEmpty() ? QString() : u':' + p.backend.portDisplay()));
            }
        }
        for (const IngressTls &tls : ing.tls) {
            node.details.append(QStringLiteral("TLS ")
                + (tls.secretName.isEmpty() ? QStringLiteral("-") : tls.secretName)
                + (tls.hosts.isEmpty() ? QString() : u' ' + tls.hosts.join(QStringLiteral(", "))));
        }
        if (!ing.loadBalancerAddresses.isEmpty()) {
            node.details.append(QStringLiteral("address: ") + ing.loadBalancerAddresses.join(QStringLiteral(", ")));
        }
        const QString id = addNode(node).id;

        // Who serves it: the class's controller, or a ghost for a class that is not loaded or not named.
        QString controller;
        // A controller node exists for every loaded class and for the implied class of a running controller.
        if (!cls.isEmpty() && findNode(controllerId(cls))) {
            controller = controllerId(cls);
        } else {
            const ObjectRef missing {kNetworkingGroup, QStringLiteral("IngressClass"), QString(), cls};
            const bool known = findNode(ghostId(missing)) != nullptr;
            controller = addGhost(missing, Tier::Controller,
                cls.isEmpty() ? QStringLiteral("no ingress class") : QStringLiteral("IngressClass not loaded"));
            if (!known) {
                if (cls.isEmpty()) {
                    findNode(controller)->title = QStringLiteral("no ingress class");
                }
                addEdge(QStringLiteral("client"), controller, QString(), true);
            }
        }
        addEdge(controller, id, QString());

        for (const IngressRule &rule : ing.rules) {
            for (const IngressPath &p : rule.paths) {
                addEdge(id, ingressBackendTarget(ref, p.backend), hostDisplay(rule.host) + pathDisplay(p.path));
            }
        }
        if (ing.defaultBackend) {
            addEdge(id, ingressBackendTarget(ref, *ing.defaultBackend), QStringLiteral("default backend"));
        }
        for (const QString &secret : std::as_const(secrets)) {
            if (!m_snapshot.secret(ref.ns, secret)) {
                const QString ghost = addGhost(ObjectRef {QString(), QStringLiteral("Secret"), ref.ns, secret},
                    Tier::Service, QStringLiteral("TLS Secret not loaded"));
                addEdge(id, ghost, QStringLiteral("tls"), true);
            }
        }
    }
}

} // namespace routemap
