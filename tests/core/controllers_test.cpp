// Ingress controller and Gateway Service recognition (core/model/controllers.h), shared by the topology and
// the diagnostics: by image, labels and class arguments; implied classes; Services in front of them.
#include "model/controllers.h"
#include "sources/manifestloader.h"

#include <QTest>

using namespace routemap;

namespace {

Snapshot load(const char *name)
{
    return ManifestLoader::loadPaths({QStringLiteral(ROUTEMAP_TEST_DATA "/controllers/") + QLatin1String(name)})
        .toSnapshot();
}

QString names(const QList<const Workload *> &workloads)
{
    QStringList out;
    for (const Workload *w : workloads) {
        out.append(w->ref().qualifiedName());
    }
    return out.join(u',');
}

QString names(const QList<const Service *> &services)
{
    QStringList out;
    for (const Service *s : services) {
        out.append(s->ref().qualifiedName());
    }
    return out.join(u',');
}

// "class(family, implied): workloads | services" per controller, in order.
QString summary(const QList<IngressController> &controllers)
{
    QStringList out;
    for (const IngressController &c : controllers) {
        out.append(c.className + u'(' + c.family + (c.isImplied() ? QStringLiteral(", implied") : QString())
            + QStringLiteral("): ") + names(c.workloads) + QStringLiteral(" | ") + names(c.services));
    }
    return out.join(QStringLiteral("; "));
}

} // namespace

class ControllersTest : public QObject
{
    Q_OBJECT

private slots:
    void recognisesByImageAndClass();
    void classArgumentsAndImpliedClasses();
    void controllerForIngress();
    void family_data();
    void family();
    void gatewayServices();
    void frontsGateway_data();
    void frontsGateway();
};

void ControllersTest::recognisesByImageAndClass()
{
    const Snapshot snapshot = load("controllers.yaml");
    const QList<IngressController> controllers = ingressControllers(snapshot);
    QCOMPARE(controllers.size(), 2);
    QCOMPARE(controllers.at(0).className, QStringLiteral("nginx"));
    QVERIFY(controllers.at(0).ingressClass);
    QCOMPARE(controllers.at(0).family, QStringLiteral("ingress-nginx"));
    // The admission Job shares the controller's name label but is not the controller.
    QCOMPARE(names(controllers.at(0).workloads), QStringLiteral("ingress-nginx/ingress-nginx-controller"));
    QCOMPARE(names(controllers.at(0).services), QStringLiteral("ingress-nginx/ingress-nginx-controller"));
    QCOMPARE(controllers.at(1).className, QStringLiteral("traefik")); // implied: no IngressClass loaded
    QVERIFY(controllers.at(1).isImplied());
    QCOMPARE(controllers.at(1).family, QStringLiteral("traefik"));
    // traefik/whoami is a demo app, not the proxy.
    QCOMPARE(names(controllers.at(1).workloads), QStringLiteral("traefik/traefik"));
    const Service *lb = snapshot.service(QStringLiteral("ingress-nginx"), QStringLiteral("ingress-nginx-controller"));
    QVERIFY(lb);
    QVERIFY(frontsIngressController(snapshot, *lb));
    QVERIFY(!routemap::frontsGateway(snapshot, *lb));
}

void ControllersTest::classArgumentsAndImpliedClasses()
{
    const Snapshot snapshot = load("args.yaml");
    const QList<IngressController> controllers = ingressControllers(snapshot);
    QCOMPARE(summary(controllers),
        QStringLiteral("nginx(ingress-nginx): edge/public | ; "
                       "contour(): projectcontour/envoy | projectcontour/envoy; "
                       "orphan():  | ; "
                       "internal(ingress-nginx, implied): edge/internal | edge/internal; "
                       "traefik-edge(traefik, implied): kube-system/traefik | "));
    const Service *envoy = snapshot.service(QStringLiteral("projectcontour"), QStringLiteral("envoy"));
    QVERIFY(envoy);
    // Recognised through the class's controller name, not a known image: still a controller's Service.
    QVERIFY(frontsIngressController(snapshot, *envoy));
    QCOMPARE(controllers.at(1).displayName(), QStringLiteral("contour"));
}

void ControllersTest::controllerForIngress()
{
    const Snapshot snapshot = load("controllers.yaml");
    const QList<IngressController> controllers = ingressControllers(snapshot);
    QVERIFY(controllerForClass(controllers, QStringLiteral("traefik")));
    QCOMPARE(controllerForClass(controllers, QStringLiteral("traefik"))->family, QStringLiteral("traefik"));
    QVERIFY(!controllerForClass(controllers, QStringLiteral("haproxy")));
    QVERIFY(!controllerForClass(controllers, QString()));
}

void ControllersTest::family_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<QString>("expected");
    QTest::addRow("ingress-nginx image with digest") << "Deployment"
                                                     << "registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:59"
                                                     << ""
                                                     << "ingress-nginx";
    QTest::addRow("old ingress-nginx image") << "DaemonSet"
                                             << "quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.9"
                                             << ""
                                             << "ingress-nginx";
    QTest::addRow("traefik with registry port") << "Deployment"
                                                << "localhost:5000/traefik:v3"
                                                << ""
                                                << "traefik";
    QTest::addRow("traefik/whoami is an app") << "Deployment"
                                              << "traefik/whoami:v1"
                                              << ""
                                              << "";
    QTest::addRow("NGINX Inc controller") << "Deployment"
                                          << "nginx/nginx-ingress:3.5"
                                          << ""
                                          << "nginx-inc";
    QTest::addRow("HAProxy") << "Deployment"
                             << "haproxytech/kubernetes-ingress:1.11"
                             << ""
                             << "haproxy";
    QTest::addRow("traefik labels only") << "DaemonSet"
                                         << "mirror.example/proxy:3"
                                         << "app.kubernetes.io/name=traefik"
                                         << "traefik";
    QTest::addRow("controller labels only") << "StatefulSet"
                                            << "example/custom:1"
                                            << "app.kubernetes.io/name=ingress-nginx,"
                                               "app.kubernetes.io/component=controller"
                                            << "ingress-nginx";
    QTest::addRow("backend labelled ingress-nginx") << "ReplicationController"
                                                    << "gcr.io/google_containers/nginx"
                                                    << "app.kubernetes.io/name=ingress-nginx"
                                                    << "";
    QTest::addRow("admission webhook labels") << "Deployment"
                                              << "example/certgen:1"
                                              << "app.kubernetes.io/name=ingress-nginx,"
                                                 "app.kubernetes.io/component=admission-webhook"
                                              << "";
    QTest::addRow("admission Job with the controller image") << "Job"
                                                             << "registry.k8s.io/ingress-nginx/controller:v1"
                                                             << ""
                                                             << "";
    QTest::addRow("plain nginx") << "Deployment"
                                 << "nginx:1.27"
                                 << "app=nginx"
                                 << "";
}

void ControllersTest::family()
{
    QFETCH(QString, kind);
    QFETCH(QString, image);
    QFETCH(QString, labels);
    QFETCH(QString, expected);
    QString labelYaml;
    for (const QString &pair : labels.split(u',', Qt::SkipEmptyParts)) {
        const QStringList kv = pair.split(u'=');
        labelYaml += kv.at(0) + QStringLiteral(": ") + kv.at(1) + QStringLiteral(", ");
    }
    const QString apiVersion = kind == QLatin1String("Job") ? QStringLiteral("batch/v1")
        : kind == QLatin1String("ReplicationController")    ? QStringLiteral("v1")
                                                            : QStringLiteral("apps/v1");
    const QString yaml = QStringLiteral("apiVersion: %4\nkind: %1\nmetadata: {name: w, namespace: n}\n"
                                        "spec:\n  template:\n    metadata: {labels: {%2}}\n"
                                        "    spec: {containers: [{name: c, image: \"%3\"}]}\n")
                             .arg(kind, labelYaml, image, apiVersion);
    const Snapshot snapshot = ManifestLoader::loadData(yaml.toUtf8(), QStringLiteral("w.yaml")).toSnapshot();
    QCOMPARE(snapshot.workloads().size(), 1);
    QCOMPARE(ingressControllerFamily(snapshot.workloads().first()), expected);
}

void ControllersTest::gatewayServices()
{
    const Snapshot snapshot = load("gateways.yaml");
    const Gateway *gw = snapshot.gateway(QStringLiteral("infra"), QStringLiteral("web"));
    QVERIFY(gw);
    QCOMPARE(names(routemap::gatewayServices(snapshot, *gw)),
        QStringLiteral("infra/web-istio,envoy-gateway-system/envoy-infra-web-1a2b"));
    QCOMPARE(names(gatewayWorkloads(snapshot, *gw)), QStringLiteral("infra/web-istio"));
}

void ControllersTest::frontsGateway_data()
{
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("expected");
    QTest::addRow("gateway-name label") << "infra"
                                        << "web-istio" << true;
    QTest::addRow("gateway of another namespace") << "other"
                                                  << "web-istio" << true;
    QTest::addRow("envoy owning-gateway label") << "envoy-gateway-system"
                                                << "envoy-infra-web-1a2b" << true;
    QTest::addRow("istio ingressgateway selector") << "istio-system"
                                                   << "istio-ingressgateway" << true;
    QTest::addRow("plain LoadBalancer") << "infra"
                                        << "plain" << false;
}

void ControllersTest::frontsGateway()
{
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(bool, expected);
    const Snapshot snapshot = load("gateways.yaml");
    const Service *s = snapshot.service(ns, name);
    QVERIFY(s);
    QCOMPARE(routemap::frontsGateway(snapshot, *s), expected);
    QVERIFY(!frontsIngressController(snapshot, *s));
}

QTEST_GUILESS_MAIN(ControllersTest)
#include "controllers_test.moc"
