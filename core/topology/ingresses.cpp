// Ingress controllers (IngressClass + the workload and Services that implement it) and Ingresses.
#include "model/jsonutil.h"
#include "topologybuilder.h"

namespace routemap {

namespace {

const QString kNetworkingGroup = QStringLiteral("networking.k8s.io");

QString controllerId(const QString &className)
{
    return QStringLiteral("controller:") + className;
}

// Every argument and command word of the workload's containers.
QStringList containerArgs(const Workload &workload)
{
    QStringList out;
    const QJsonObject podSpec = json::obj(json::obj(workload.object->spec(), "template"), "spec");
    for (const char *list : {"containers", "initContainers"}) {
        for (const QJsonValue &c : json::arr(podSpec, list)) {
            out += json::toStringList(c.toObject().value(QLatin1String("args")));
            out += json::toStringList(c.toObject().value(QLatin1String("command")));
        }
    }
    return out;
}

// "k8s.io/ingress-nginx" -> {"ingress-nginx"}, "traefik.io/ingress-controller" -> {"traefik"}: the words of
// a controller name that a project's workload labels are likely to carry.
QStringList controllerProjects(const QString &controller)
{
    static const QStringList noise = {QStringLiteral("io"), QStringLiteral("com"), QStringLiteral("org"),
        QStringLiteral("net"), QStringLiteral("k8s"), QStringLiteral("x-k8s"), QStringLiteral("ingress-controller"),
        QStringLiteral("controller"), QStringLiteral("ingress"), QStringLiteral("kubernetes")};
    QStringList out;
    const QStringList parts = controller.toLower().split(u'/', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QStringList words = i == 0 ? parts[i].split(u'.', Qt::SkipEmptyParts) : QStringList {parts[i]};
        for (QString w : words) {
            if (w.startsWith(QLatin1String("project")) && w.size() > 7) {
                w = w.mid(7); // projectcontour -> contour
            }
            if (w.size() >= 4 && !noise.contains(w) && !out.contains(w)) {
                out.append(w);
            }
        }
    }
    return out;
}

// How a workload says which class it serves, when it says so in its arguments.
struct ClassArgs {
    QStringList classes;
    QStringList controllers;
    bool any() const { return !classes.isEmpty() || !controllers.isEmpty(); }
};

ClassArgs classArgs(const Workload &workload)
{
    ClassArgs out;
    const QStringList args = containerArgs(workload);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString arg = args[i].trimmed();
        const qsizetype eq = arg.indexOf(u'=');
        const QString key = (eq > 0 ? arg.left(eq) : arg).toLower();
        QString value = eq > 0 ? arg.mid(eq + 1) : (i + 1 < args.size() ? args[i + 1] : QString());
        value = value.trimmed();
        if (value.isEmpty()) {
            continue;
        }
        if (key == QLatin1String("--ingress-class") || key == QLatin1String("--ingressclass")
            || key.endsWith(QLatin1String("kubernetesingress.ingressclass"))) {
            out.classes.append(value);
        } else if (key == QLatin1String("--controller-class") || key == QLatin1String("--controller-name")) {
            out.controllers.append(value);
        }
    }
    return out;
}

bool servesClass(const Workload &workload, const IngressClass &cls)
{
    const QString kind = workload.ref().kind;
    if (kind == QLatin1String("Job") || kind == QLatin1String("CronJob") || !workload.podTemplate.present) {
        return false;
    }
    const ClassArgs args = classArgs(workload);
    if (args.any()) {
        return args.classes.contains(cls.ref().name) || args.controllers.contains(cls.controller);
    }
    const Labels &labels = workload.podTemplate.labels;
    const QString component = labels.value(QStringLiteral("app.kubernetes.io/component"));
    if (!component.isEmpty() && component != QLatin1String("controller")) {
        return false; // an admission webhook or another part of the project
    }
    QString name = labels.value(QStringLiteral("app.kubernetes.io/name"));
    if (name.isEmpty()) {
        name = labels.value(QStringLiteral("app"));
    }
    name = name.toLower();
    if (name.size() < 4) {
        return false;
    }
    for (const QString &project : controllerProjects(cls.controller)) {
        if (project == name || name.startsWith(project + u'-') || name.endsWith(u'-' + project)) {
            return true;
        }
    }
    return false;
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
    for (const IngressClass &cls : m_snapshot.ingressClasses()) {
        TopoNode node;
        node.id = controllerId(cls.ref().name);
        node.kind = NodeKind::IngressController;
        node.tier = Tier::Controller;
        node.title = cls.ref().name;
        node.subtitle = cls.controller.isEmpty() ? QStringLiteral("no controller named") : cls.controller;
        node.ref = cls.ref();
        node.refs.append(cls.ref());
        node.details.append(QStringLiteral("IngressClass ") + cls.ref().name);
        node.details.append(
            QStringLiteral("controller: ") + (cls.controller.isEmpty() ? QStringLiteral("-") : cls.controller));
        if (cls.isDefault) {
            node.details.append(QStringLiteral("default class"));
        }
        if (cls.parameters.isValid()) {
            node.details.append(QStringLiteral("parameters: ") + cls.parameters.display());
        }
        addNode(node);

        for (const Workload &w : m_snapshot.workloads()) {
            const Workload *top = topWorkload(&w);
            if (top != &w || !servesClass(w, cls)) {
                continue;
            }
            TopoNode *controller = findNode(node.id);
            absorbWorkload(*controller, &w);
            controller->details.append(QStringLiteral("runs as ") + w.ref().display());
            for (const Service &svc : m_snapshot.services()) {
                if (svc.ref().ns != w.ref().ns || !svc.hasSelector
                    || !labelsContain(w.podTemplate.labels, svc.selector)) {
                    continue;
                }
                QStringList &owners = m_absorbedServices[svc.ref()];
                if (!owners.contains(node.id)) {
                    owners.append(node.id);
                }
                if (!controller->refs.contains(svc.ref())) {
                    controller->refs.append(svc.ref());
                    controller->details.append(QStringLiteral("Service ") + svc.ref().qualifiedName()
                        + QStringLiteral(" (") + svc.type + u')');
                }
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
        if (!cls.isEmpty() && m_snapshot.ingressClass(cls)) {
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
