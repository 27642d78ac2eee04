#include "model/controllers.h"

#include "model/jsonutil.h"

#include <QSet>
#include <algorithm>

namespace routemap {

namespace {

const QString kIngressNginx = QStringLiteral("ingress-nginx");
const QString kTraefik = QStringLiteral("traefik");
const QString kNginxInc = QStringLiteral("nginx-inc");
const QString kHaproxy = QStringLiteral("haproxy");

const QString kGatewayNameLabel = QStringLiteral("gateway.networking.k8s.io/gateway-name");
const QString kIstioGatewayNameLabel = QStringLiteral("istio.io/gateway-name");
const QString kEnvoyGatewayNameLabel = QStringLiteral("gateway.envoyproxy.io/owning-gateway-name");
const QString kEnvoyGatewayNamespaceLabel = QStringLiteral("gateway.envoyproxy.io/owning-gateway-namespace");

// "registry.k8s.io/ingress-nginx/controller:v1@sha256:..." -> "registry.k8s.io/ingress-nginx/controller"
QString imageRepository(QString image)
{
    const qsizetype at = image.indexOf(u'@');
    if (at >= 0) {
        image.truncate(at);
    }
    const qsizetype colon = image.lastIndexOf(u':');
    if (colon > image.lastIndexOf(u'/')) {
        image.truncate(colon);
    }
    return image;
}

QString familyOfImage(const QString &image)
{
    const QString repo = imageRepository(image);
    const QString name = repo.mid(repo.lastIndexOf(u'/') + 1);
    if (repo.endsWith(QLatin1String("ingress-nginx/controller")) || name == QLatin1String("nginx-ingress-controller")
        || repo.endsWith(QLatin1String("ingress-nginx/controller-chroot"))) {
        return kIngressNginx;
    }
    if (name == QLatin1String("traefik")) {
        return kTraefik; // "traefik/whoami" is a demo app, not the proxy
    }
    if (repo.endsWith(QLatin1String("nginx/nginx-ingress")) || repo.endsWith(QLatin1String("nginx-plus-ingress"))) {
        return kNginxInc;
    }
    if (repo.endsWith(QLatin1String("haproxytech/kubernetes-ingress")) || name == QLatin1String("haproxy-ingress")) {
        return kHaproxy;
    }
    return {};
}

// Jobs and CronJobs run once (admission webhook certificate jobs share the controller's labels).
bool canServeTraffic(const Workload &workload)
{
    const QString &kind = workload.ref().kind;
    return workload.podTemplate.present && kind != QLatin1String("Job") && kind != QLatin1String("CronJob");
}

QJsonObject podSpecOf(const Workload &workload)
{
    return json::obj(json::obj(workload.object->spec(), "template"), "spec");
}

// Every argument and command word of the workload's containers.
QStringList containerArgs(const Workload &workload)
{
    QStringList out;
    const QJsonObject podSpec = podSpecOf(workload);
    for (const char *list : {"containers", "initContainers"}) {
        for (const QJsonValue &c : json::arr(podSpec, list)) {
            out += json::toStringList(c.toObject().value(QLatin1String("args")));
            out += json::toStringList(c.toObject().value(QLatin1String("command")));
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

// A workload whose name label names the project of the class's controller (any project, known or not).
bool labelsNameProject(const Workload &workload, const IngressClass &cls)
{
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
    const QStringList projects = controllerProjects(cls.controller);
    return std::any_of(projects.begin(), projects.end(), [&name](const QString &project) {
        return project == name || name.startsWith(project + u'-') || name.endsWith(u'-' + project);
    });
}

bool selectsTemplateOrPods(const Snapshot &snapshot, const Service &service, const Workload &workload)
{
    if (service.isExternalName() || !service.hasSelector || service.ref().ns != workload.ref().ns) {
        return false;
    }
    if (labelsContain(workload.podTemplate.labels, service.selector)) {
        return true;
    }
    const QList<const Pod *> pods = snapshot.podsOf(&workload);
    return std::any_of(
        pods.begin(), pods.end(), [&](const Pod *p) { return labelsContain(p->labels, service.selector); });
}

// The top-level workloads whose Pods (loaded) or pod templates the Service selects.
QList<const Workload *> workloadsBehind(const Snapshot &snapshot, const Service &service)
{
    QList<const Workload *> out;
    if (service.isExternalName() || !service.hasSelector) {
        return out;
    }
    const auto add = [&](const Workload *w) {
        const Workload *top = snapshot.topLevel(w);
        if (top && !out.contains(top)) {
            out.append(top);
        }
    };
    for (const Pod *p : snapshot.podsMatching(service.ref().ns, service.selector)) {
        add(snapshot.ownerOf(*p));
    }
    for (const Workload *w : snapshot.workloadsMatching(service.ref().ns, service.selector)) {
        add(w);
    }
    return out;
}

bool hasGatewayLabel(const Labels &labels)
{
    return labels.contains(kGatewayNameLabel) || labels.contains(kIstioGatewayNameLabel)
        || labels.contains(kEnvoyGatewayNameLabel);
}

// True when labels of an object in `ns` mark it as part of `gateway`.
bool carriesGatewayName(const Labels &labels, const QString &ns, const Gateway &gateway)
{
    const QString &name = gateway.ref().name;
    if (ns == gateway.ref().ns
        && (labels.value(kGatewayNameLabel) == name || labels.value(kIstioGatewayNameLabel) == name)) {
        return true;
    }
    // Envoy Gateway runs the proxy in its own namespace and names the Gateway's namespace in a label.
    return labels.value(kEnvoyGatewayNameLabel) == name
        && labels.value(kEnvoyGatewayNamespaceLabel, ns) == gateway.ref().ns;
}

} // namespace

QString ingressControllerFamily(const Workload &workload)
{
    if (!canServeTraffic(workload)) {
        return {};
    }
    for (const QJsonValue &c : json::arr(podSpecOf(workload), "containers")) {
        const QString family = familyOfImage(json::str(c.toObject(), "image"));
        if (!family.isEmpty()) {
            return family;
        }
    }
    const Labels &labels = workload.podTemplate.labels;
    const QString name = labels.value(QStringLiteral("app.kubernetes.io/name"));
    const QString component = labels.value(QStringLiteral("app.kubernetes.io/component"));
    // The ingress-nginx examples label their plain nginx backends app.kubernetes.io/name=ingress-nginx too:
    // without a controller image, only the chart's component label tells the controller apart.
    if (name == kIngressNginx && component == QLatin1String("controller")) {
        return kIngressNginx;
    }
    if (name == kTraefik && (component.isEmpty() || component == QLatin1String("controller"))) {
        return kTraefik;
    }
    return {};
}

QString familyOfControllerName(const QString &controllerName)
{
    if (controllerName.contains(kIngressNginx)) {
        return kIngressNginx;
    }
    if (controllerName.startsWith(QLatin1String("traefik.io/"))) {
        return kTraefik;
    }
    if (controllerName.startsWith(QLatin1String("nginx.org/"))) {
        return kNginxInc;
    }
    if (controllerName.contains(kHaproxy)) {
        return kHaproxy;
    }
    return {};
}

QString impliedClassName(const QString &family)
{
    if (family == kIngressNginx || family == kNginxInc) {
        return QStringLiteral("nginx");
    }
    if (family == kTraefik) {
        return kTraefik;
    }
    if (family == kHaproxy) {
        return kHaproxy;
    }
    return {};
}

bool servesIngressClass(const Workload &workload, const IngressClass &cls)
{
    if (!canServeTraffic(workload)) {
        return false;
    }
    const ClassArgs args = classArgs(workload);
    if (args.any()) {
        return args.classes.contains(cls.ref().name) || args.controllers.contains(cls.controller);
    }
    // A project Routemap knows is recognised by its images and labels; any other by its name label.
    const QString classFamily = familyOfControllerName(cls.controller);
    if (!classFamily.isEmpty()) {
        return ingressControllerFamily(workload) == classFamily;
    }
    return labelsNameProject(workload, cls);
}

QList<IngressController> ingressControllers(const Snapshot &snapshot)
{
    return snapshot.ingressControllers();
}

QList<IngressController> recogniseIngressControllers(const Snapshot &snapshot)
{
    QList<const Workload *> candidates;
    for (const Workload &w : snapshot.workloads()) {
        if (canServeTraffic(w) && snapshot.topLevel(&w) == &w) {
            candidates.append(&w);
        }
    }

    QList<IngressController> out;
    QSet<const Workload *> serving;
    for (const IngressClass &cls : snapshot.ingressClasses()) {
        IngressController c;
        c.ingressClass = &cls;
        c.className = cls.ref().name;
        c.family = familyOfControllerName(cls.controller);
        for (const Workload *w : std::as_const(candidates)) {
            if (servesIngressClass(*w, cls)) {
                c.workloads.append(w);
                serving.insert(w);
                if (c.family.isEmpty()) {
                    c.family = ingressControllerFamily(*w);
                }
            }
        }
        out.append(c);
    }

    // A recognised controller that serves no loaded class still serves Ingresses of the class it implies.
    QMap<QString, IngressController> implied;
    for (const Workload *w : std::as_const(candidates)) {
        const QString family = ingressControllerFamily(*w);
        if (family.isEmpty() || serving.contains(w)) {
            continue;
        }
        const ClassArgs args = classArgs(*w);
        const QStringList names = args.classes.isEmpty() ? QStringList {impliedClassName(family)} : args.classes;
        for (const QString &name : names) {
            if (name.isEmpty() || snapshot.ingressClass(name)) {
                continue;
            }
            IngressController &c = implied[name];
            c.className = name;
            if (c.family.isEmpty()) {
                c.family = family;
            }
            if (!c.workloads.contains(w)) {
                c.workloads.append(w);
            }
        }
    }
    for (const IngressController &c : std::as_const(implied)) {
        out.append(c);
    }

    for (IngressController &c : out) {
        for (const Service &s : snapshot.services()) {
            const bool selects = std::any_of(c.workloads.begin(), c.workloads.end(),
                [&](const Workload *w) { return selectsTemplateOrPods(snapshot, s, *w); });
            if (selects) {
                c.services.append(&s);
            }
        }
    }
    return out;
}

const IngressController *controllerForClass(const QList<IngressController> &controllers, const QString &className)
{
    if (className.isEmpty()) {
        return nullptr;
    }
    const auto it = std::find_if(controllers.begin(), controllers.end(),
        [&className](const IngressController &c) { return c.className == className; });
    return it == controllers.end() ? nullptr : &*it;
}

const IngressController *controllerForIngress(
    const Snapshot &snapshot, const QList<IngressController> &controllers, const Ingress &ingress)
{
    return controllerForClass(controllers, snapshot.effectiveClass(ingress));
}

bool frontsIngressController(
    const Snapshot &snapshot, const QList<IngressController> &controllers, const Service &service)
{
    for (const IngressController &c : controllers) {
        if (c.services.contains(&service)) {
            return true;
        }
    }
    // The controller's Deployment may live in another set of manifests: its well-known labels suffice.
    static const QStringList names = {kIngressNginx, kTraefik, QStringLiteral("nginx-ingress"),
        QStringLiteral("haproxy-ingress"), QStringLiteral("kubernetes-ingress")};
    for (const char *key : {"app.kubernetes.io/name", "app"}) {
        if (names.contains(service.selector.value(QLatin1String(key)))) {
            return true;
        }
    }
    const QList<const Workload *> behind = workloadsBehind(snapshot, service);
    return std::any_of(
        behind.begin(), behind.end(), [](const Workload *w) { return !ingressControllerFamily(*w).isEmpty(); });
}

bool frontsIngressController(const Snapshot &snapshot, const Service &service)
{
    return frontsIngressController(snapshot, ingressControllers(snapshot), service);
}

QList<const Service *> gatewayServices(const Snapshot &snapshot, const Gateway &gateway)
{
    QList<const Service *> out;
    for (const Service &s : snapshot.services()) {
        if (carriesGatewayName(s.object->labels, s.ref().ns, gateway)) {
            out.append(&s);
        }
    }
    return out;
}

QList<const Workload *> gatewayWorkloads(const Snapshot &snapshot, const Gateway &gateway)
{
    QList<const Workload *> out;
    for (const Workload &w : snapshot.workloads()) {
        if (canServeTraffic(w) && snapshot.topLevel(&w) == &w
            && carriesGatewayName(w.podTemplate.labels, w.ref().ns, gateway)) {
            out.append(&w);
        }
    }
    return out;
}

bool frontsGateway(const Snapshot &snapshot, const Service &service)
{
    if (hasGatewayLabel(service.object->labels) || hasGatewayLabel(service.selector)) {
        return true;
    }
    const QString istio = service.selector.value(QStringLiteral("istio"));
    if (istio == QLatin1String("ingressgateway") || istio == QLatin1String("egressgateway")) {
        return true;
    }
    if (service.isExternalName() || !service.hasSelector) {
        return false;
    }
    const QList<const Pod *> pods = snapshot.podsMatching(service.ref().ns, service.selector);
    if (std::any_of(pods.begin(), pods.end(), [](const Pod *p) { return hasGatewayLabel(p->labels); })) {
        return true;
    }
    const QList<const Workload *> behind = workloadsBehind(snapshot, service);
    return std::any_of(
        behind.begin(), behind.end(), [](const Workload *w) { return hasGatewayLabel(w->podTemplate.labels); });
}

} // namespace routemap
