#include "diagnostics/controllers.h"

#include "model/jsonutil.h"

#include <QSet>
#include <algorithm>
#include <functional>

namespace routemap::rules {

namespace {

const QString kIngressNginx = QStringLiteral("ingress-nginx");
const QString kTraefik = QStringLiteral("traefik");
const QString kNginxInc = QStringLiteral("nginx-inc");
const QString kHaproxy = QStringLiteral("haproxy");

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
        return kTraefik;
    }
    if (repo.endsWith(QLatin1String("nginx/nginx-ingress")) || repo.endsWith(QLatin1String("nginx-plus-ingress"))) {
        return kNginxInc;
    }
    if (repo.endsWith(QLatin1String("haproxytech/kubernetes-ingress")) || name == QLatin1String("haproxy-ingress")) {
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
    return QStringLiteral("haproxy");
}

bool selectsAny(const QList<SelectedWorkload> &selection, const std::function<bool(const Workload &)> &pred)
{
    return std::any_of(
        selection.begin(), selection.end(), [&](const SelectedWorkload &s) { return s.workload && pred(*s.workload); });
}

} // namespace

QString ingressControllerFamily(const Workload &workload)
{
    const QString &kind = workload.ref().kind;
    if (kind != QLatin1String("Deployment") && kind != QLatin1String("DaemonSet")
        && kind != QLatin1String("StatefulSet") && kind != QLatin1String("ReplicaSet")) {
        return {}; // admission Jobs share the controller's name label
    }
    const QJsonObject podSpec = json::obj(json::obj(workload.object->spec(), "template"), "spec");
    for (const QJsonValue &c : json::arr(podSpec, "containers")) {
        const QString family = familyOfImage(json::str(c.toObject(), "image"));
        if (!family.isEmpty()) {
            return family;
        }
    }
    const Labels &labels = workload.podTemplate.labels;
    const QString name = labels.value(QStringLiteral("app.kubernetes.io/name"));
    const QString component = labels.value(QStringLiteral("app.kubernetes.io/component"));
    if (name == kIngressNginx && (component.isEmpty() || component == QLatin1String("controller"))) {
        return kIngressNginx;
    }
    if (name == kTraefik) {
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

QList<ControllerInfo> ingressControllers(const Snapshot &snapshot)
{
    QMap<QString, QList<const Workload *>> byFamily;
    for (const Workload &w : snapshot.workloads()) {
        const QString family = ingressControllerFamily(w);
        if (!family.isEmpty() && topOwner(snapshot, &w) == &w) {
            byFamily[family].append(&w);
        }
    }
    QList<ControllerInfo> out;
    QSet<QString> familiesWithClass;
    for (const IngressClass &c : snapshot.ingressClasses()) {
        const QString family = familyOfControllerName(c.controller);
        if (family.isEmpty() || !byFamily.contains(family)) {
            continue;
        }
        familiesWithClass.insert(family);
        out.append({&c, c.ref().name, family, byFamily.value(family), {}});
    }
    for (auto it = byFamily.begin(); it != byFamily.end(); ++it) {
        const QString implied = impliedClassName(it.key());
        if (familiesWithClass.contains(it.key()) || snapshot.ingressClass(implied)) {
            continue;
        }
        out.append({nullptr, implied, it.key(), it.value(), {}});
    }
    for (ControllerInfo &info : out) {
        for (const Service &s : snapshot.services()) {
            const QList<SelectedWorkload> selection = selectedBy(snapshot, s);
            if (selectsAny(selection, [&](const Workload &w) { return info.workloads.contains(&w); })) {
                info.services.append(&s);
            }
        }
    }
    return out;
}

const ControllerInfo *controllerFor(
    const Snapshot &snapshot, const QList<ControllerInfo> &controllers, const Ingress &ingress)
{
    const QString cls = snapshot.effectiveClass(ingress);
    if (cls.isEmpty()) {
        return nullptr;
    }
    for (const ControllerInfo &c : controllers) {
        if (c.className == cls) {
            return &c;
        }
    }
    return nullptr;
}

bool frontsIngressController(const Snapshot &snapshot, const Service &service)
{
    // The controller's Deployment may live in another set of manifests: its well-known labels suffice.
    static const QStringList names = {kIngressNginx, kTraefik, QStringLiteral("nginx-ingress"),
        QStringLiteral("haproxy-ingress"), QStringLiteral("kubernetes-ingress")};
    for (const char *key : {"app.kubernetes.io/name", "app"}) {
        if (names.contains(service.selector.value(QLatin1String(key)))) {
            return true;
        }
    }
    return selectsAny(
        selectedBy(snapshot, service), [](const Workload &w) { return !ingressControllerFamily(w).isEmpty(); });
}

bool frontsGateway(const Snapshot &snapshot, const Service &service)
{
    static const QStringList gatewayLabels = {QStringLiteral("gateway.networking.k8s.io/gateway-name"),
        QStringLiteral("istio.io/gateway-name"), QStringLiteral("gateway.envoyproxy.io/owning-gateway-name")};
    const auto hasGatewayLabel = [&](const Labels &labels) {
        return std::any_of(
            gatewayLabels.begin(), gatewayLabels.end(), [&](const QString &key) { return labels.contains(key); });
    };
    if (hasGatewayLabel(service.object->labels) || hasGatewayLabel(service.selector)) {
        return true;
    }
    const QString istio = service.selector.value(QStringLiteral("istio"));
    if (istio == QLatin1String("ingressgateway") || istio == QLatin1String("egressgateway")) {
        return true;
    }
    return selectsAny(
        selectedBy(snapshot, service), [&](const Workload &w) { return hasGatewayLabel(w.podTemplate.labels); });
}

} // namespace routemap::rules
